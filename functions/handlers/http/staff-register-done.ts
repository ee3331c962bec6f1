/**
 * GET /staff/register/done?case=… — the case number and access code of the case just registered,
 * from the sealed cookie the post set, shown once: the cookie goes with this answer.
 */
import { siteAddress } from '#adapters/site.ts';
import { CASE_NUMBER_PATTERN } from '#contracts/cases.ts';
import { LOOKUP_PATHS } from '#functions/pages/paths.ts';
import { staffMessagePage } from '#functions/pages/staff/layout.ts';
import {
  REGISTERED_COOKIE,
  REGISTERED_PATH,
  registeredAgainPage,
  registeredFrom,
  registeredPage,
} from '#functions/pages/staff/register.ts';
import { htmlPage } from '#platform/forms.ts';
import { functionLogger } from '#platform/logger.ts';
import { staffPageHandler } from '#platform/staff-pages.ts';
import { pageCookie, unsealFor } from '#platform/staff-session.ts';

const logger = functionLogger();

export const handler = staffPageHandler(logger, async ({ event, session, viewer }) => {
  const caseNumber = event.queryStringParameters?.case ?? '';
  if (!CASE_NUMBER_PATTERN.test(caseNumber)) {
    const back = { href: '/staff/register', label: '登记争议' };
    return htmlPage(
      404,
      staffMessagePage('没有找到这个案件', '地址中的受理编号不正确。', back, viewer),
    );
  }
  const claims = await unsealFor(event, REGISTERED_COOKIE, session.sid, caseNumber);
  const shown = registeredFrom(claims, caseNumber);
  const gone = pageCookie(event, REGISTERED_COOKIE, '', 0, REGISTERED_PATH);
  return htmlPage(
    200,
    shown
      ? registeredPage(viewer, shown, siteAddress(LOOKUP_PATHS.status))
      : registeredAgainPage(viewer, caseNumber),
    [gone],
  );
});
