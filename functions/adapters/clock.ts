import type { Clock } from '#core/ports.ts';

let now: () => Date = () => new Date();

/**
 * The wall clock. Use cases take "now" from this port only, so that a test can drive time: the
 * local runtime, which loads the handlers into its own process, may replace the reading with
 * `setLocalClock` (infra/local/clock.ts). Nothing in a Lambda bundle calls it.
 */
export const systemClock: Clock = { now: () => now() };

/**
 * Replaces what `systemClock` reads, for every handler loaded in this process. For the local
 * runtime only (infra/local/clock.ts), before it serves a request.
 */
export function setLocalClock(clock: Clock): void {
  now = () => clock.now();
}
