/**
 * POST /staff/cases/{caseNumber}/access-code — 重新发放查询码 from the case page (issue 13): the
 * same core function as the JSON route, then 303 to the page that shows the new code once (in a
 * sealed cookie); the form again (400) when the ID card check was not confirmed.
 */

import { caseDeps } from '#adapters/case-deps.ts';
import { ids } from '#adapters/ids.ts';
import { CASE_NUMBER_PATTERN } from '#contracts/cases.ts';
import { reissueAtWindow } from '#core/access-code.ts';
import { findStaffCase } from '#core/staff.ts';
import { CaseNotFoundError } from '#core/transitions.ts';
import {
  accessCodeFormPage,
  accessCodePath,
  ID_CHECKED,
  ID_NOT_CHECKED,
  NEW_CODE_COOKIE,
  NEW_CODE_SECONDS,
  newCodeClaims,
} from '#functions/pages/staff/access-code.ts';
import { caseNotFoundPage } from '#functions/pages/staff/case.ts';
import { htmlPage, seeOther } from '#platform/forms.ts';
import { functionLogger } from '#platform/logger.ts';
import { staffPageHandler } from '#platform/staff-pages.ts';
import { pageCookie, seal } from '#platform/staff-session.ts';

const logger = functionLogger();
const deps = { ...caseDeps(), ids };

export const handler = staffPageHandler(
  logger,
  async ({ event, principal, session, viewer, form }) => {
    const caseNumber = event.pathParameters?.caseNumber ?? '';
    const notFound = () => htmlPage(404, caseNotFoundPage(viewer, caseNumber));
    if (!CASE_NUMBER_PATTERN.test(caseNumber)) return notFound();
    if (form.get(ID_CHECKED.name) !== ID_CHECKED.value) {
      // The same 404 as everywhere for a case the caller may not see, even before the check.
      if (!(await findStaffCase(caseNumber, principal, deps))) return notFound();
      return htmlPage(400, accessCodeFormPage(viewer, caseNumber, [ID_NOT_CHECKED]));
    }
    let accessCode: string;
    try {
      ({ accessCode } = await reissueAtWindow(caseNumber, principal, deps, { idChecked: true }));
    } catch (error) {
      if (error instanceof CaseNotFoundError) return notFound();
      throw error;
    }
    logger.info('access code reissued', { caseNumber, unit: principal.unit, via: 'page' });
    const path = accessCodePath(caseNumber);
    const sealed = await seal(newCodeClaims(caseNumber, accessCode, session.sid), NEW_CODE_SECONDS);
    return seeOther(path, [pageCookie(event, NEW_CODE_COOKIE, sealed, NEW_CODE_SECONDS, path)]);
  },
);
