/** Scheduled weekly and monthly: the leaders' report for the period just ended, stored and sent. */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { dynamoAggregates } from '#adapters/aggregate-store.ts';
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { systemClock } from '#adapters/clock.ts';
import { notifier } from '#adapters/notify-queue.ts';
import { dynamoReportStore } from '#adapters/report-store.ts';
import { scheduledReport } from '#core/analysis.ts';
import { functionLogger } from '#platform/logger.ts';

const logger = functionLogger();
const deps = {
  aggregates: dynamoAggregates(),
  store: dynamoCaseStore(),
  clock: systemClock,
  reports: dynamoReportStore(),
  notifier: notifier(),
};

export const handler = middy(async (input: { schedule?: string } = {}) => {
  const kind = input.schedule === 'monthly-report' ? 'monthly' : 'weekly';
  const { report, stored } = await scheduledReport(kind, deps);
  logger.info('report', { id: report.id, stored });
  return { id: report.id, stored };
}).use(injectLambdaContext(logger, { resetKeys: true }));
