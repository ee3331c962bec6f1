/**
 * Scheduled daily: deletes the cases whose retention period has run, with their timelines, files
 * and payer counters (docs/decisions.md, "Retention"). Logs case numbers and counts only.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { caseFiles } from '#adapters/attachment-store.ts';
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { systemClock } from '#adapters/clock.ts';
import { ids } from '#adapters/ids.ts';
import { dynamoRetentionStore } from '#adapters/retention-store.ts';
import { parseRetentionYears, RETENTION_YEARS_ENV, retentionSweep } from '#core/retention.ts';
import { functionLogger } from '#platform/logger.ts';

const logger = functionLogger();
// Read once, at start-up: a malformed period fails every run loudly instead of deleting early.
const years = parseRetentionYears(process.env[RETENTION_YEARS_ENV]);
const deps = {
  store: dynamoCaseStore(),
  retention: dynamoRetentionStore(),
  files: caseFiles(),
  clock: systemClock,
  ids,
  years,
};

/** Time kept in hand to finish the batch under way and log before Lambda stops the run. */
const RESERVE_MS = 60_000;

export const handler = middy(async (_input: unknown, context: Context) => {
  const out = await retentionSweep({
    ...deps,
    shouldStop: () => context.getRemainingTimeInMillis() < RESERVE_MS,
  });
  const summary = {
    years,
    cutoff: out.cutoff,
    deleted: out.deleted.length,
    caseNumbers: out.deleted.map((d) => d.caseNumber),
    files: out.deleted.reduce((n, d) => n + d.files, 0),
    items: out.deleted.reduce((n, d) => n + d.items, 0),
    kept: out.kept,
    failed: out.failed,
    more: out.more,
  };
  logger.info('retention sweep', summary);
  // A failed case fails the run, so that the function's error alarm tells the operators; the
  // others are done, and the next run takes the failed ones up again.
  if (out.failed.length > 0) {
    throw new Error(`retention sweep could not finish case(s) ${out.failed.join(', ')}`);
  }
  return summary;
}).use(injectLambdaContext(logger, { resetKeys: true }));
