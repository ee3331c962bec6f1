/**
 * GET /staff/reports/{id}[?format=csv|xlsx] — one stored report, its tables and charts rendered
 * here; with `format`, the report as a CSV or Excel file (the page's download links, which need
 * no script), the same bytes as the JSON API's.
 */
import { dynamoReportStore } from '#adapters/report-store.ts';
import { mayReadReports, reportForReader } from '#core/analysis.ts';
import {
  reportNotFoundPage,
  reportPage,
  reportsRefusedPage,
} from '#functions/pages/staff/reports.ts';
import { htmlPage } from '#platform/forms.ts';
import { functionLogger } from '#platform/logger.ts';
import { isReportFormat, reportDownload } from '#platform/report-download.ts';
import { staffPageHandler } from '#platform/staff-pages.ts';

const logger = functionLogger();
const reports = dynamoReportStore();

export const handler = staffPageHandler(logger, async ({ event, principal, viewer }) => {
  if (!mayReadReports(principal)) return htmlPage(403, reportsRefusedPage(viewer));
  const format = event.queryStringParameters?.format;
  const stored = await reports.get(event.pathParameters?.id ?? '');
  const report = stored && reportForReader(stored, principal);
  if (!report || (format !== undefined && !isReportFormat(format))) {
    return htmlPage(404, reportNotFoundPage(viewer));
  }
  if (format !== undefined && isReportFormat(format)) return reportDownload(report, format);
  const created = event.queryStringParameters?.new === '1';
  const saved = event.queryStringParameters?.opinion === 'saved';
  return htmlPage(200, reportPage({ viewer, report, created, saved }));
});
