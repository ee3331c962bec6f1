/**
 * Faults the local runtime injects on request (issue 14, point 7): DynamoDB Local serializes
 * concurrent transactions where real DynamoDB cancels them with `TransactionConflict`, so without
 * this no local run ever sees a conflict. `LOCAL_FAULTS=transaction-conflict:0.2` cancels that share
 * of the functions' `TransactWriteItems` calls as AWS does, before they reach DynamoDB Local: a
 * `TransactionCanceledException` with one reason per item, one of them `TransactionConflict` and
 * the others `None`. Off unless set; nothing sets it in AWS, where this module is not bundled.
 *
 * It rides on the hook the functions' SDK clients already pass through
 * (functions/adapters/local-grants.ts `guarded`): the hook's `guard` adds this middleware too, so
 * only the functions' clients are affected, never the runtime's or the tests' own.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { StartupError } from './errors.ts';

export const FAULTS_ENV = 'LOCAL_FAULTS';

/** The hook's name on globalThis, as functions/adapters/local-grants.ts reads it. */
const HOOK = Symbol.for('si-disputes.local-grants');

export interface Faults {
  /** The share of `TransactWriteItems` calls cancelled with `TransactionConflict`, 0..1. */
  transactionConflict: number;
}

/** Reads `LOCAL_FAULTS` (`transaction-conflict:<share>`, comma-separated); undefined when unset. */
export function faultsFrom(
  env: Record<string, string | undefined> = process.env,
): Faults | undefined {
  const raw = env[FAULTS_ENV]?.trim();
  if (!raw) return undefined;
  const faults: Faults = { transactionConflict: 0 };
  for (const part of raw.split(',')) {
    const [name, value] = part.trim().split(':');
    const share = Number(value);
    if (name !== 'transaction-conflict' || value === undefined || !(share >= 0 && share <= 1)) {
      throw new StartupError(
        `${FAULTS_ENV} must look like "transaction-conflict:0.2" (a share from 0 to 1), not "${raw}".`,
      );
    }
    faults.transactionConflict = share;
  }
  return faults;
}

/** The error AWS answers a transaction cancelled by a conflict on item `conflicting` of `items`. */
export function conflictCancellation(items: number, conflicting: number) {
  const reasons = Array.from({ length: items }, (_, i) =>
    i === conflicting
      ? { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }
      : { Code: 'None' },
  );
  return new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: reasons,
  });
}

interface Hook {
  guard(client: { middlewareStack: unknown }): void;
  check(clientName: string, commandName: string, input: Record<string, unknown>): void;
  /** On a hook of this module: the one it wraps, so that installing again replaces, not stacks. */
  wrapped?: Hook | undefined;
}

interface Stack {
  add(middleware: unknown, options: object): void;
}

type Next = (args: { input: Record<string, unknown> }) => Promise<unknown>;

/**
 * Installs the faults on the functions' clients. Call it after the grant check is installed (or
 * not) and before any handler is loaded, since handlers build their clients as they load.
 */
export function installFaults(faults: Faults, random: () => number = Math.random): void {
  const global = globalThis as Record<symbol, Hook | undefined>;
  const installed = global[HOOK];
  const previous = installed && 'wrapped' in installed ? installed.wrapped : installed;
  global[HOOK] = {
    wrapped: previous,
    guard(client) {
      previous?.guard(client);
      (client.middlewareStack as Stack).add(
        (next: Next, context: { commandName?: string }) =>
          async (args: { input: Record<string, unknown> }) => {
            // The document client's TransactWriteCommand and the low-level one alike.
            if (/^TransactWrite(Items)?Command$/.test(context.commandName ?? '')) {
              const items = Array.isArray(args.input.TransactItems)
                ? args.input.TransactItems.length
                : 1;
              if (random() < faults.transactionConflict) {
                throw conflictCancellation(items, Math.floor(random() * items));
              }
            }
            return next(args);
          },
        // Before the SDK's retries, as AWS's answer would reach the caller (the SDK does not
        // retry a cancelled transaction); after the grant check, which refuses first.
        { step: 'initialize', name: 'localFaultsMiddleware', priority: 'low' },
      );
    },
    // With the grant check off there is none to make.
    check: previous?.check ?? (() => {}),
  };
}
