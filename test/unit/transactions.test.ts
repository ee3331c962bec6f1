/**
 * Writes refused for a concurrent transaction (issue 14, point 7): which refusals are sent again,
 * how long between attempts, and what the caller gets when they run out. No I/O.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  CONFLICT_ATTEMPTS,
  isTransactionConflict,
  retryConflicts,
  StoreBusyError,
} from '#adapters/transactions.ts';
import { conflictCancellation } from '#local/faults.ts';

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

/** A write that fails with `errors` in turn, then resolves; and how often it was sent. */
function scripted(errors: unknown[]) {
  let calls = 0;
  return {
    write: async () => {
      const error = errors[calls++];
      if (error) throw error;
      return 'written';
    },
    calls: () => calls,
  };
}

const noPause = { sleep: async () => {} };

describe('which refusals are conflicts', () => {
  it('takes a cancellation whose reasons are TransactionConflict and None as a conflict', () => {
    expect(isTransactionConflict(cancelled('None', 'TransactionConflict', 'None'))).toBe(true);
    expect(isTransactionConflict(conflictCancellation(12, 4))).toBe(true);
  });

  it('takes a single write refused for a transaction in progress as a conflict', () => {
    const error = Object.assign(new Error('conflict'), { name: 'TransactionConflictException' });
    expect(isTransactionConflict(error)).toBe(true);
  });

  it('leaves a failed condition to the caller, even beside a conflict', () => {
    expect(isTransactionConflict(cancelled('ConditionalCheckFailed', 'None'))).toBe(false);
    expect(isTransactionConflict(cancelled('ConditionalCheckFailed', 'TransactionConflict'))).toBe(
      false,
    );
  });

  it('does not take other errors, or a cancellation without reasons, as conflicts', () => {
    expect(isTransactionConflict(new Error('boom'))).toBe(false);
    expect(isTransactionConflict(cancelled())).toBe(false);
    expect(isTransactionConflict(cancelled('ValidationError'))).toBe(false);
    expect(isTransactionConflict(undefined)).toBe(false);
  });
});

describe('retrying conflicts', () => {
  it('sends the write again after conflicts and answers its result', async () => {
    const w = scripted([conflictCancellation(3, 0), conflictCancellation(3, 2)]);
    await expect(retryConflicts(w.write, noPause)).resolves.toBe('written');
    expect(w.calls()).toBe(3);
  });

  it('throws StoreBusyError after the last attempt, having sent it that many times', async () => {
    const w = scripted(Array.from({ length: 20 }, () => conflictCancellation(2, 1)));
    const error = await retryConflicts(w.write, noPause).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreBusyError);
    expect((error as StoreBusyError).retryAfter).toBeGreaterThan(0);
    expect(w.calls()).toBe(CONFLICT_ATTEMPTS);
  });

  it('throws a failed condition at once, unchanged, without sending again', async () => {
    const refusal = cancelled('ConditionalCheckFailed', 'None');
    const w = scripted([refusal]);
    await expect(retryConflicts(w.write, noPause)).rejects.toBe(refusal);
    expect(w.calls()).toBe(1);
  });

  it('pauses with full jitter: random within a ceiling that doubles up to a cap', async () => {
    const pauses: number[] = [];
    const w = scripted(Array.from({ length: 7 }, () => conflictCancellation(1, 0)));
    await retryConflicts(w.write, {
      random: () => 1,
      sleep: async (ms) => {
        pauses.push(ms);
      },
    });
    expect(pauses).toEqual([10, 20, 40, 80, 160, 200, 200]);
    expect(backoffMs(3, () => 0)).toBe(0);
    expect(backoffMs(0, () => 0.5)).toBe(5);
  });
});
