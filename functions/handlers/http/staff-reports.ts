/** GET /api/staff/reports (the list) and POST /api/staff/reports (one on demand, `{from, to}`). */
import { dynamoAggregates } from '#adapters/aggregate-store.ts';
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { systemClock } from '#adapters/clock.ts';
import { dynamoReportStore } from '#adapters/report-store.ts';
import { fieldErrors } from '#contracts/problem.ts';
import { ReportRequestSchema } from '#contracts/staff.ts';
import { buildReport, mayReadReports, mayRequestReports } from '#core/analysis.ts';
import { principalOf } from '#platform/auth.ts';
import { ForbiddenError, ValidationError } from '#platform/errors.ts';
import { httpHandler, json, jsonBody } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';

const logger = functionLogger();
const reports = dynamoReportStore();
const deps = { aggregates: dynamoAggregates(), store: dynamoCaseStore(), clock: systemClock };

export const handler = httpHandler(logger, async (event) => {
  const principal = await principalOf(event);
  if (event.requestContext.http.method === 'GET') {
    if (!mayReadReports(principal))
      throw new ForbiddenError('统计报告供领导小组、工作室和单位负责人查看。');
    return json(200, { items: await reports.list(50) });
  }
  if (!mayRequestReports(principal))
    throw new ForbiddenError('专题统计由领导小组、管理员或工作室发起。');
  const parsed = ReportRequestSchema.safeParse(jsonBody(event));
  if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error.issues));
  const report = await buildReport('on-demand', parsed.data, deps);
  await reports.putOnce(report);
  logger.info('report on demand', { id: report.id });
  return json(201, report);
});
