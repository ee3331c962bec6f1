/**
 * Limits against abuse (issue 7): guessing access codes, and flooding intake. Fixed windows
 * counted in the table; a request over the limit is refused with the time to wait, in words a
 * payer understands.
 */
import type { RateLimiter } from './ports.ts';

/** A limit: at most `limit` requests per fixed window of `windowSeconds`. */
export interface LimitRule {
  limit: number;
  windowSeconds: number;
}

/**
 * Raised when a limit is reached; `retryAfter` is in seconds. `intake` is the intake rule that
 * refused, so the answer can say what happened (a payer filing many cases is not a code guesser).
 */
export class TooManyRequestsError extends Error {
  constructor(
    readonly retryAfter: number,
    readonly intake?: LimitRule,
  ) {
    super('too many requests');
    this.name = 'TooManyRequestsError';
  }
}

/** Wrong access codes: per case (a guesser aiming at one case) and per client (at many). */
export const WRONG_CODE_PER_CASE = { limit: 5, windowSeconds: 15 * 60 };
export const WRONG_CODE_PER_CLIENT = { limit: 20, windowSeconds: 15 * 60 };
/** New cases per client: generous for a family or a window PC, tight for a script. */
export const INTAKE_PER_CLIENT = { limit: 20, windowSeconds: 60 * 60 };

/**
 * Refuses a payer request when the case or the client has used up its wrong-code attempts, even
 * with a right code this time: otherwise a guesser would simply keep going.
 */
export async function checkCodeAttempts(
  limiter: RateLimiter,
  caseNumber: string,
  client: string,
): Promise<void> {
  const [perCase, perClient] = await Promise.all([
    limiter.peek(`code-case#${caseNumber}`, WRONG_CODE_PER_CASE),
    limiter.peek(`code-client#${client}`, WRONG_CODE_PER_CLIENT),
  ]);
  const blocked = [perCase, perClient].filter((w) => !w.allowed);
  if (blocked.length > 0)
    throw new TooManyRequestsError(Math.max(...blocked.map((w) => w.retryAfter)));
}

/** Counts a wrong code against the case and the client. */
export async function countWrongCode(
  limiter: RateLimiter,
  caseNumber: string,
  client: string,
): Promise<void> {
  await Promise.all([
    limiter.hit(`code-case#${caseNumber}`, WRONG_CODE_PER_CASE),
    limiter.hit(`code-client#${client}`, WRONG_CODE_PER_CLIENT),
  ]);
}

/** Counts one new case for the client; refuses it past the limit. */
export async function checkIntake(
  limiter: RateLimiter,
  client: string,
  rule: LimitRule = INTAKE_PER_CLIENT,
): Promise<void> {
  const window = await limiter.hit(`intake#${client}`, rule);
  if (!window.allowed) throw new TooManyRequestsError(window.retryAfter, rule);
}
