import type { Clock } from '#core/ports.ts';

/** The wall clock. Jobs take "now" from this port so that tests can drive time. */
export const systemClock: Clock = { now: () => new Date() };
