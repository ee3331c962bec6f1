import { readFileSync } from 'node:fs';
import type { Clock } from '#core/ports.ts';

/**
 * The wall clock. Jobs take "now" from this port so that tests can drive time: when
 * LOCAL_CLOCK_FILE is set (the local runtime's tests only, never in AWS), "now" is the ISO instant
 * written in that file, read at each call.
 */
export const systemClock: Clock = process.env.LOCAL_CLOCK_FILE
  ? {
      now: () => {
        try {
          const text = readFileSync(process.env.LOCAL_CLOCK_FILE ?? '', 'utf8').trim();
          return text ? new Date(text) : new Date();
        } catch {
          return new Date();
        }
      },
    }
  : { now: () => new Date() };
