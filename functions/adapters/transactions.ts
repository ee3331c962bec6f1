/**
 * Writes that DynamoDB refuses because another request touched one of their items at the same
 * moment (issue 14, point 7). Real DynamoDB cancels a transaction whose item is in another
 * in-flight transaction with the reason `TransactionConflict`, and refuses a single write to such
 * an item with `TransactionConflictException`; DynamoDB Local serializes them instead, so only the
 * local fault switch (infra/local/faults.ts) shows it. A cancelled transaction is all-or-nothing:
 * it changed nothing, so sending the same write again is safe. A `ConditionalCheckFailed` is not a
 * conflict: it keeps its meaning (a concurrent change won, a key was used before) for the caller.
 */

/** Attempts in all, the first included: 0.2⁸ ≈ 3·10⁻⁶ of writes give up at 20 % conflicts. */
export const CONFLICT_ATTEMPTS = 8;
/** The first backoff ceiling and the largest: AWS's full-jitter backoff, kept well under 1 s. */
const BASE_MS = 10;
const CAP_MS = 200;
/** What a client is told to wait when the attempts ran out (the HTTP 503's `Retry-After`). */
export const BUSY_RETRY_AFTER_SECONDS = 1;

/**
 * A write that kept conflicting with others until its attempts ran out. Nothing was written; the
 * HTTP layer answers 503 with `Retry-After`, a queue consumer fails the record so it comes again.
 */
export class StoreBusyError extends Error {
  readonly retryAfter = BUSY_RETRY_AFTER_SECONDS;
  readonly attempts: number;
  constructor(attempts: number) {
    super(`write conflicted with concurrent transactions ${attempts} times`);
    this.attempts = attempts;
    this.name = 'StoreBusyError';
  }
}

interface CancellationLike {
  name?: unknown;
  CancellationReasons?: { Code?: string | undefined }[] | undefined;
}

/**
 * Whether a failed write was refused only because of concurrent transactions, so that it changed
 * nothing and may be sent again. By name, not class: the error may come from another copy of the
 * SDK (a bundle, the local fault switch).
 */
export function isTransactionConflict(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, CancellationReasons: reasons } = error as CancellationLike;
  if (name === 'TransactionConflictException') return true;
  if (name !== 'TransactionCanceledException' || !reasons) return false;
  const codes = reasons.map((r) => r.Code ?? 'None');
  // AWS gives one reason per item: the conflicting ones `TransactionConflict`, the others `None`.
  // Any other reason (a failed condition, a validation error) is the caller's to read.
  return (
    codes.includes('TransactionConflict') &&
    codes.every((c) => c === 'TransactionConflict' || c === 'None')
  );
}

/** The pause before attempt `attempt + 1` (0-based): full jitter, uniform in [0, min(cap, base·2ⁿ)). */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  return random() * Math.min(CAP_MS, BASE_MS * 2 ** attempt);
}

export interface RetryOptions {
  attempts?: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends `write` until it is not refused for a conflict, at most `attempts` times; then throws
 * `StoreBusyError`. Any other error is thrown at once. `write` builds its request afresh each time,
 * so a sharded counter (aggregate-store.ts) draws a new shard on every attempt.
 */
export async function retryConflicts<T>(
  write: () => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? CONFLICT_ATTEMPTS;
  const sleep = options.sleep ?? pause;
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!isTransactionConflict(error)) throw error;
      if (attempt + 1 >= attempts) throw new StoreBusyError(attempts);
      await sleep(backoffMs(attempt, options.random));
    }
  }
}
