/**
 * The client's allowance of wrong access codes (issue 16): a short window, and a day's window as
 * backoff. The in-memory limiter of test/fixtures on a clock of its own stands in for the table,
 * as core's ports allow.
 */
import { describe, expect, it } from 'vitest';
import {
  returnCodeAttempt,
  TooManyRequestsError,
  takeCodeAttempt,
  WRONG_CODE_PER_CLIENT,
  WRONG_CODE_PER_CLIENT_DAY,
} from '#core/limits.ts';
import type { RateLimiter } from '#core/ports.ts';
import { TooManyRequestsHttpError, waitInWords } from '#platform/errors.ts';
import { fixedClock, memoryLimiter } from '#test/fixtures/ports.ts';

/** The in-memory limiter on a clock set to `ms` since the epoch; `at` moves the clock. */
function limiterAt(ms: number) {
  const clock = fixedClock(new Date(ms).toISOString());
  const limiter = memoryLimiter(clock);
  const at = (next: number) => clock.set(new Date(next).toISOString());
  return { limiter, counts: limiter.counts, at };
}

/** Tries until refused; returns the tries allowed and the refusal. */
async function guessUntilRefused(limiter: RateLimiter, client: string) {
  for (let allowed = 0; ; allowed++) {
    try {
      await takeCodeAttempt(limiter, client);
    } catch (error) {
      if (!(error instanceof TooManyRequestsError)) throw error;
      return { allowed, retryAfter: error.retryAfter };
    }
  }
}

// 2026-12-02 01:00 UTC: the short windows of this test all fall in one UTC day.
const START = Date.UTC(2026, 11, 2, 1, 0, 0);

describe('wrong access codes per client', () => {
  it('allows 20 in a short window, then says when that window ends', async () => {
    const { limiter } = limiterAt(START + 60_000);
    const first = await guessUntilRefused(limiter, 'a');
    expect(first.allowed).toBe(WRONG_CODE_PER_CLIENT.limit);
    expect(first.retryAfter).toBe(14 * 60);
  });

  it('backs off for the rest of the day after three short windows used up', async () => {
    const { limiter, at } = limiterAt(START);
    const allowed: number[] = [];
    for (let window = 0; window < 4; window++) {
      at(START + window * WRONG_CODE_PER_CLIENT.windowSeconds * 1000);
      allowed.push((await guessUntilRefused(limiter, 'b')).allowed);
    }
    expect(allowed).toEqual([20, 20, 20, 0]);
    expect(allowed.reduce((a, b) => a + b)).toBe(WRONG_CODE_PER_CLIENT_DAY.limit);
    // Refused by the day's window: until 00:00 UTC, 22 h 15 min after the fourth window began (01:45).
    const refused = await guessUntilRefused(limiter, 'b');
    expect(refused.retryAfter).toBe((22 * 60 + 15) * 60);
    // The next day the client may try again; another client was never held up.
    at(Date.UTC(2026, 11, 3, 0, 0, 1));
    expect((await guessUntilRefused(limiter, 'b')).allowed).toBe(20);
    expect((await guessUntilRefused(limiter, 'c')).allowed).toBe(20);
  });

  it('counts nothing in a window that did not refuse when the other one did', async () => {
    const { limiter, counts, at } = limiterAt(START);
    for (let window = 0; window < 3; window++) {
      at(START + window * WRONG_CODE_PER_CLIENT.windowSeconds * 1000);
      await guessUntilRefused(limiter, 'd');
    }
    at(START + 3 * WRONG_CODE_PER_CLIENT.windowSeconds * 1000);
    await guessUntilRefused(limiter, 'd');
    const shortNow = [...counts].filter(([k]) => k.startsWith('code-client#d/'));
    // The fourth short window was taken and given back on every refused try.
    expect(shortNow.at(-1)?.[1]).toBe(0);
  });

  it('gives both attempts back for a right code', async () => {
    const { limiter, counts } = limiterAt(START);
    for (let i = 0; i < 100; i++) {
      await takeCodeAttempt(limiter, 'e');
      await returnCodeAttempt(limiter, 'e');
    }
    expect([...counts.values()]).toEqual([0, 0]);
  });
});

describe('the wait, in words a payer reads', () => {
  it('says minutes under an hour and hours past it', () => {
    expect(waitInWords(14 * 60)).toBe('14 分钟');
    expect(waitInWords(59 * 60 + 1)).toBe('1 小时');
    expect(waitInWords((22 * 60 + 15) * 60)).toBe('23 小时');
    expect(new TooManyRequestsHttpError(80_100).detail).toContain('请在 23 小时后再试');
  });
});
