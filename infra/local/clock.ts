/**
 * The runtime's test clock: with `LOCAL_CLOCK_FILE` set, "now" for every handler is the ISO
 * instant written in that file, read at each call, so a test moves time by rewriting it (an
 * empty, missing or unreadable file means the real time). The handlers run in this process
 * (./lambda.ts imports them), so installing the reading into their clock adapter reaches them;
 * the Lambda bundles carry neither the variable nor the file read.
 */
import { readFileSync } from 'node:fs';
import { setLocalClock } from '#adapters/clock.ts';

export const CLOCK_FILE_ENV = 'LOCAL_CLOCK_FILE';

/** Installs the file clock when `LOCAL_CLOCK_FILE` asks for it; returns the file, if any. */
export function installClockFile(
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  const file = env[CLOCK_FILE_ENV]?.trim();
  if (!file) return undefined;
  setLocalClock({ now: () => fileTime(file) });
  return file;
}

function fileTime(file: string): Date {
  try {
    const text = readFileSync(file, 'utf8').trim();
    return text ? new Date(text) : new Date();
  } catch {
    return new Date();
  }
}
