/**
 * GET /staff/cases/{caseNumber}/print/{form} — a printed form of the case, ready for A4: annex 2
 * 受理登记表 (`registration`), annex 3 拟办意见报送单 (`proposal`), the 会商纪要 (`consultation`), the
 * written answer notice 书面答复告知书 (`answer`), or the case file's 卷内目录 (`catalogue`). One
 * function for all: they read the same case the same way.
 */
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { systemClock } from '#adapters/clock.ts';
import { dynamoSettings } from '#adapters/settings.ts';
import { siteAddress } from '#adapters/site.ts';
import { CASE_NUMBER_PATTERN } from '#contracts/cases.ts';
import { findStaffCase } from '#core/staff.ts';
import { LOOKUP_PATHS } from '#functions/pages/paths.ts';
import { isPrintForm, printPage } from '#functions/pages/staff/print.ts';
import { htmlPage } from '#platform/forms.ts';
import { functionLogger } from '#platform/logger.ts';
import { staffPageHandler } from '#platform/staff-pages.ts';

const logger = functionLogger();
const deps = { store: dynamoCaseStore(), clock: systemClock, settings: dynamoSettings() };

export const handler = staffPageHandler(logger, async ({ event, principal, viewer }) => {
  const caseNumber = event.pathParameters?.caseNumber ?? '';
  const form = event.pathParameters?.form ?? '';
  const view =
    CASE_NUMBER_PATTERN.test(caseNumber) && isPrintForm(form)
      ? await findStaffCase(caseNumber, principal, deps)
      : undefined;
  // Where the answer notice sends the payer to accept or object: the site's own answer page.
  const answerUrl = siteAddress(LOOKUP_PATHS.answer);
  // The forms sign with the units' full official names as the administrator keeps them (issue 13).
  // And the answer notice prints the days of the deadline policy in force.
  const [officialNames, policy] = await Promise.all([
    deps.settings.officialNames(),
    deps.settings.deadlines(),
  ]);
  const { status, page } = printPage(form, viewer, caseNumber, view, {
    answerUrl,
    officialNames,
    policy,
  });
  return htmlPage(status, page);
});
