/**
 * GET /api/staff/reports/{id}[?format=json|csv|xlsx] — a stored report: JSON with its charts as
 * SVG rendered here (no chart framework in the browser), or a CSV or XLSX download.
 */
import { dynamoReportStore } from '#adapters/report-store.ts';
import { mayReadReports, reportForReader } from '#core/analysis.ts';
import { barChartSvg } from '#formats/svg.ts';
import { principalOf } from '#platform/auth.ts';
import { ForbiddenError, NotFoundError } from '#platform/errors.ts';
import { httpHandler, json } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';
import { isReportFormat, reportDownload } from '#platform/report-download.ts';

const logger = functionLogger();
const reports = dynamoReportStore();

export const handler = httpHandler(logger, async (event) => {
  const principal = await principalOf(event);
  if (!mayReadReports(principal))
    throw new ForbiddenError('统计报告供领导小组、工作室和单位负责人查看。');
  const stored = await reports.get(event.pathParameters?.id ?? '');
  if (!stored) throw new NotFoundError('没有找到这份报告。');
  const report = reportForReader(stored, principal);
  const format = event.queryStringParameters?.format ?? 'json';
  if (isReportFormat(format)) return reportDownload(report, format);
  const charts = Object.fromEntries(
    report.tables.flatMap((t) => {
      const svg = barChartSvg(t);
      return svg ? [[t.id, svg]] : [];
    }),
  );
  return json(200, { report, charts });
});
