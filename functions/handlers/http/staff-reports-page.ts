/** GET /staff/reports — the stored reports, and the on-demand form for those who may ask for one. */
import { systemClock } from '#adapters/clock.ts';
import { dynamoReportStore } from '#adapters/report-store.ts';
import { mayReadReports, mayRequestReports } from '#core/analysis.ts';
import { PageErrors } from '#functions/pages/components.ts';
import { reportsPage, reportsRefusedPage, thisWeek } from '#functions/pages/staff/reports.ts';
import { htmlPage } from '#platform/forms.ts';
import { functionLogger } from '#platform/logger.ts';
import { staffPageHandler } from '#platform/staff-pages.ts';

const logger = functionLogger();
const reports = dynamoReportStore();

export const handler = staffPageHandler(logger, async ({ principal, viewer }) => {
  if (!mayReadReports(principal)) return htmlPage(403, reportsRefusedPage(viewer));
  const request = mayRequestReports(principal)
    ? { ...thisWeek(systemClock.now()), errors: new PageErrors([], []) }
    : undefined;
  const page = reportsPage({
    viewer,
    reports: await reports.list(50),
    ...(request ? { request } : {}),
  });
  return htmlPage(200, page);
});
