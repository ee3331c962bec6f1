/** Scheduled hourly: chases and supervision of overdue work, silence, stuck cases, returns flags. */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { dynamoAggregates } from '#adapters/aggregate-store.ts';
import { caseDeps } from '#adapters/case-deps.ts';
import { sqsDispatcher } from '#adapters/dispatcher.ts';
import { HOLIDAY_SCHEDULE_MISSING, holidayWarning } from '#core/calendar.ts';
import { supervisionSweep } from '#core/supervision.ts';
import { functionLogger } from '#platform/logger.ts';

const logger = functionLogger();
const deps = { ...caseDeps(), dispatcher: sqsDispatcher(), aggregates: dynamoAggregates() };

export const handler = middy(async () => {
  // DESIGN.md §6: a year the calendar does not cover is flagged loudly. The line is an alarm
  // (infra/aws/disputes-stack.ts); the administrator's inbox says it too.
  const year = holidayWarning(await deps.settings.calendar(), deps.clock.now());
  if (year !== undefined) logger.warn(HOLIDAY_SCHEDULE_MISSING, { year });
  const out = await supervisionSweep(deps);
  const summary = {
    redated: out.redated.length,
    chased: out.chased.length,
    supervised: out.supervised.length,
    deemedAccepted: out.deemedAccepted.length,
    lapsed: out.lapsed.length,
    resent: out.resent.length,
    flagged: out.flagged,
  };
  logger.info('supervision sweep', summary);
  if (out.failed.length > 0) {
    // The rest of the sweep is done; failing the run makes the schedule retry it and, if the case
    // keeps failing, puts the run in the schedule's dead-letter queue, where an operator sees it.
    logger.error('supervision sweep: steps failed', { failed: out.failed });
    throw new Error(`supervision sweep: ${out.failed.length} case step(s) failed`);
  }
  return summary;
}).use(injectLambdaContext(logger, { resetKeys: true }));
