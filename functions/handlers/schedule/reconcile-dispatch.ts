/** Scheduled: re-send cases stuck in `received` to their unit's queue (nothing lost). */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { systemClock } from '#adapters/clock.ts';
import { sqsDispatcher } from '#adapters/dispatcher.ts';
import { reconcileDispatch } from '#core/intake.ts';
import { functionLogger } from '#platform/logger.ts';

const logger = functionLogger();
const deps = { store: dynamoCaseStore(), dispatcher: sqsDispatcher(), clock: systemClock };

/** A case younger than this may still have its message in flight. */
const DEFAULT_GRACE_SECONDS = 60;

export interface ReconcileInput {
  schedule?: string;
  /** The local runtime passes 0 at start-up: the queues are new, so every such case is stuck. */
  olderThanSeconds?: number;
}

export const handler = middy(async (input: ReconcileInput = {}) => {
  const grace = input.olderThanSeconds ?? DEFAULT_GRACE_SECONDS;
  const { resent } = await reconcileDispatch(grace, deps);
  logger.info('reconciled', { resent: resent.length, caseNumbers: resent });
  return { resent: resent.length };
}).use(injectLambdaContext(logger, { resetKeys: true }));
