/**
 * POST /api/staff/cases/{caseNumber}/access-code — a new access code at a window (issue 13):
 * 200 { accessCode }, the old code stops working; 404 when the caller may not see the case.
 * No body is read: DESIGN.md §9 lists none, and the clerk's check of the ID card is theirs.
 */

import { caseDeps } from '#adapters/case-deps.ts';
import { ids } from '#adapters/ids.ts';
import { CASE_NUMBER_PATTERN } from '#contracts/cases.ts';
import { reissueAtWindow } from '#core/access-code.ts';
import { principalOf } from '#platform/auth.ts';
import { NotFoundError } from '#platform/errors.ts';
import { httpHandler, json } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';

const logger = functionLogger();
const deps = { ...caseDeps(), ids };

export const handler = httpHandler(logger, async (event) => {
  const principal = await principalOf(event);
  const caseNumber = event.pathParameters?.caseNumber ?? '';
  if (!CASE_NUMBER_PATTERN.test(caseNumber)) throw new NotFoundError('没有找到这个案件。');
  const { accessCode } = await reissueAtWindow(caseNumber, principal, deps);
  // Who did it, never the code.
  logger.info('access code reissued', { caseNumber, unit: principal.unit, via: 'api' });
  return json(200, { accessCode });
});
