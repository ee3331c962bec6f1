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
  readonly retryAfter: number;
  readonly intake?: LimitRule;
  constructor(retryAfter: number, intake?: LimitRule) {
    super('too many requests');
    this.retryAfter = retryAfter;
    this.intake = intake;
    this.name = 'TooManyRequestsError';
  }
}

/** Wrong access codes: per case (a guesser aiming at one case) and per client (at many). */
export const WRONG_CODE_PER_CASE = { limit: 5, windowSeconds: 15 * 60 };
export const WRONG_CODE_PER_CLIENT = { limit: 20, windowSeconds: 15 * 60 };
/**
 * The backoff past the short window (issue 16): a client that used up three short windows in a
 * day waits for the day's window to turn (00:00 UTC, 08:00 in Beijing). A payer who mistypes a
 * code a few times never comes near it; a script guessing round the clock gets 60 tries a day.
 */
export const WRONG_CODE_PER_CLIENT_DAY = { limit: 60, windowSeconds: 24 * 60 * 60 };
/** New cases per client: generous for a family or a window PC, tight for a script. */
export const INTAKE_PER_CLIENT = { limit: 20, windowSeconds: 60 * 60 };
/**
 * New drafts per client (issue 16): each is up to 64 KB and lives two hours, so a client can hold
 * at most about 4 MB of them. An application is one draft; starting over makes another, hence
 * more than the cases a client may file.
 */
export const DRAFTS_PER_CLIENT = { limit: 30, windowSeconds: 60 * 60 };

/**
 * Takes one of the client's code attempts before the code is checked, in one conditional update
 * per window, so that concurrent guesses never get past either limit; past one, the client waits
 * for that window (issue 16). The short window first: a client past it, the usual refusal, costs
 * one update, as before the day's window; a try the day's window refuses gives the short one's
 * back, so a refused try counts nowhere. Only the client is limited: a limit per case let any
 * stranger lock a payer out of their own case with five wrong codes.
 */
export async function takeCodeAttempt(limiter: RateLimiter, client: string): Promise<void> {
  const short = await limiter.take(`code-client#${client}`, WRONG_CODE_PER_CLIENT);
  if (!short.allowed) throw new TooManyRequestsError(short.retryAfter);
  const day = await limiter.take(`code-client-day#${client}`, WRONG_CODE_PER_CLIENT_DAY);
  if (!day.allowed) {
    await limiter.release(`code-client#${client}`, WRONG_CODE_PER_CLIENT);
    throw new TooManyRequestsError(day.retryAfter);
  }
}

/** A right code gives its attempts back: only wrong codes use the client's allowance up. */
export async function returnCodeAttempt(limiter: RateLimiter, client: string): Promise<void> {
  await Promise.all([
    limiter.release(`code-client#${client}`, WRONG_CODE_PER_CLIENT),
    limiter.release(`code-client-day#${client}`, WRONG_CODE_PER_CLIENT_DAY),
  ]);
}

/**
 * Counts a wrong code against the case, for the operators: true once the case has had more than
 * its share in the window (someone is guessing at it). It never refuses the payer.
 */
export async function countWrongCodeOnCase(
  limiter: RateLimiter,
  caseNumber: string,
): Promise<boolean> {
  return !(await limiter.hit(`code-case#${caseNumber}`, WRONG_CODE_PER_CASE)).allowed;
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
