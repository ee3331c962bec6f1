/**
 * POST /staff/reports/{id}/opinion — the report's 分析意见和应对措施 (seed 四(三)), written by the
 * office, the leading-group office's director or a leader; then the report's page (303). An empty
 * or too long text: the page again with the error and the text kept (400); another version saved
 * since the page was read: the page with the latest, the text kept, and a notice (409).
 */
import { systemClock } from '#adapters/clock.ts';
import { dynamoReportStore } from '#adapters/report-store.ts';
import { ReportNotFoundError, reportForReader, writeReportOpinion } from '#core/analysis.ts';
import { NotAllowedError } from '#core/lifecycle.ts';
import { ActionInputError, ConcurrentChangeError } from '#core/transitions.ts';
import { PageErrors } from '#functions/pages/components.ts';
import { staffMessagePage, type Viewer } from '#functions/pages/staff/layout.ts';
import { reportNotFoundPage, reportPage, reportPath } from '#functions/pages/staff/reports.ts';
import { htmlPage, seeOther } from '#platform/forms.ts';
import { functionLogger } from '#platform/logger.ts';
import { staffPageHandler } from '#platform/staff-pages.ts';

const logger = functionLogger();
const reports = dynamoReportStore();

export const handler = staffPageHandler(logger, async ({ event, principal, viewer, form }) => {
  const id = event.pathParameters?.id ?? '';
  const text = form.get('opinion') ?? '';
  const previousAt = form.get('previousAt') || null;
  try {
    await writeReportOpinion(
      id,
      { text, previousAt },
      { principal, name: viewer.name },
      {
        reports,
        clock: systemClock,
      },
    );
  } catch (error) {
    if (error instanceof ReportNotFoundError) return htmlPage(404, reportNotFoundPage(viewer));
    // The core's rule (`mayWriteReportOpinion`): the office, the director and leaders write it.
    if (error instanceof NotAllowedError) return htmlPage(403, opinionRefusedPage(viewer, id));
    const stored = await reports.get(id);
    if (!stored) return htmlPage(404, reportNotFoundPage(viewer));
    const report = reportForReader(stored, principal);
    if (error instanceof ActionInputError) {
      const errors = new PageErrors(
        [{ pointer: error.pointer, detail: error.reason }],
        ['/opinion'],
      );
      return htmlPage(400, reportPage({ viewer, report, attempt: { text, errors } }));
    }
    if (error instanceof ConcurrentChangeError) {
      const problem =
        '保存前，别人已经修改了分析意见：上面是现在的内容，下面的框里还是您刚才写的。请核对后再保存。';
      return htmlPage(409, reportPage({ viewer, report, attempt: { text, problem } }));
    }
    throw error;
  }
  logger.info('report opinion', { id });
  return seeOther(`${reportPath(id)}?opinion=saved#opinion-title`);
});

/** For whoever may not write the opinion (a unit's head, an administrator). */
const opinionRefusedPage = (viewer: Viewer, id: string) =>
  staffMessagePage(
    '您不能填写分析意见',
    '报告的分析意见和应对措施由争议处理工作室、领导小组办公室或领导小组填写。',
    { href: reportPath(id), label: '返回报告' },
    viewer,
  );
