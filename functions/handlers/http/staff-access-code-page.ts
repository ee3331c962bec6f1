/**
 * GET /staff/cases/{caseNumber}/access-code — the new access code just issued, from the sealed
 * cookie the post set, shown once: the cookie goes with this answer (issue 13).
 */
import { siteAddress } from '#adapters/site.ts';
import { CASE_NUMBER_PATTERN } from '#contracts/cases.ts';
import { LOOKUP_PATHS } from '#functions/pages/paths.ts';
import {
  accessCodePath,
  NEW_CODE_COOKIE,
  newCodeAgainPage,
  newCodeFrom,
  newCodePage,
} from '#functions/pages/staff/access-code.ts';
import { caseNotFoundPage } from '#functions/pages/staff/case.ts';
import { htmlPage } from '#platform/forms.ts';
import { functionLogger } from '#platform/logger.ts';
import { staffPageHandler } from '#platform/staff-pages.ts';
import { pageCookie, unsealFor } from '#platform/staff-session.ts';

const logger = functionLogger();

export const handler = staffPageHandler(logger, async ({ event, session, viewer }) => {
  const caseNumber = event.pathParameters?.caseNumber ?? '';
  if (!CASE_NUMBER_PATTERN.test(caseNumber)) {
    return htmlPage(404, caseNotFoundPage(viewer, caseNumber));
  }
  const code = newCodeFrom(await unsealFor(event, NEW_CODE_COOKIE, session.sid, caseNumber));
  const gone = pageCookie(event, NEW_CODE_COOKIE, '', 0, accessCodePath(caseNumber));
  return htmlPage(
    200,
    code
      ? newCodePage(viewer, caseNumber, code, siteAddress(LOOKUP_PATHS.status))
      : newCodeAgainPage(viewer, caseNumber),
    [gone],
  );
});
