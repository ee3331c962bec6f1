/**
 * POST /staff/reports — an on-demand report over the posted dates, built and stored as the JSON
 * API does (POST /api/staff/reports), then its page (303). Bad dates: the list again, with the
 * error summary and the answers kept.
 */
import { dynamoAggregates } from '#adapters/aggregate-store.ts';
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { systemClock } from '#adapters/clock.ts';
import { dynamoReportStore } from '#adapters/report-store.ts';
import { type FieldError, fieldErrors } from '#contracts/problem.ts';
import { ReportRequestSchema } from '#contracts/staff.ts';
import { buildReport, mayRequestReports } from '#core/analysis.ts';
import { ActionInputError } from '#core/transitions.ts';
import { PageErrors } from '#functions/pages/components.ts';
import { staffMessagePage } from '#functions/pages/staff/layout.ts';
import { reportPath, reportsPage } from '#functions/pages/staff/reports.ts';
import { formFields, htmlPage, seeOther } from '#platform/forms.ts';
import { functionLogger } from '#platform/logger.ts';
import { staffPageHandler } from '#platform/staff-pages.ts';

const logger = functionLogger();
const reports = dynamoReportStore();
const deps = { aggregates: dynamoAggregates(), store: dynamoCaseStore(), clock: systemClock };

export const handler = staffPageHandler(logger, async ({ principal, viewer, form }) => {
  if (!mayRequestReports(principal)) {
    const page = staffMessagePage(
      '您没有权限生成专题统计',
      '专题统计由领导小组、管理员或工作室发起。',
      { href: '/staff/inbox', label: '返回收件箱' },
      viewer,
    );
    return htmlPage(403, page);
  }
  const fields = formFields(form, ['from', 'to']);
  const parsed = ReportRequestSchema.safeParse(fields);
  /** The list again with the dates' errors and the answers kept (400). */
  const again = async (wrong: FieldError[]) => {
    const errors = new PageErrors(wrong, ['/from', '/to']);
    const request = { from: form.get('from') ?? '', to: form.get('to') ?? '', errors };
    return htmlPage(400, reportsPage({ viewer, reports: await reports.list(50), request }));
  };
  if (!parsed.success) return again(fieldErrors(parsed.error.issues));
  let report: Awaited<ReturnType<typeof buildReport>>;
  try {
    report = await buildReport('on-demand', parsed.data, deps);
  } catch (error) {
    // The core's rule on the dates (an end after today).
    if (!(error instanceof ActionInputError)) throw error;
    return again([{ pointer: error.pointer, detail: error.reason }]);
  }
  await reports.putOnce(report);
  logger.info('report on demand', { id: report.id });
  return seeOther(`${reportPath(report.id)}?new=1`);
});
