/** POST /api/staff/cases/{caseNumber}/actions — one step of the mechanism on a case. */
import { staffDeps } from '#adapters/staff-deps.ts';
import { CASE_NUMBER_PATTERN } from '#contracts/cases.ts';
import { fieldErrors } from '#contracts/problem.ts';
import { ActionSchema } from '#contracts/staff.ts';
import { performAction } from '#core/staff.ts';
import { principalOf } from '#platform/auth.ts';
import { NotFoundError, ValidationError } from '#platform/errors.ts';
import { httpHandler, json, jsonBody } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';

const logger = functionLogger();
const deps = staffDeps();

export const handler = httpHandler(logger, async (event) => {
  const principal = await principalOf(event);
  const caseNumber = event.pathParameters?.caseNumber ?? '';
  if (!CASE_NUMBER_PATTERN.test(caseNumber)) throw new NotFoundError('没有找到这个案件。');
  const parsed = ActionSchema.safeParse(jsonBody(event));
  if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error.issues));
  const view = await performAction(caseNumber, parsed.data, principal, deps);
  logger.info('action', {
    caseNumber,
    action: parsed.data.type,
    unit: principal.unit,
    status: view.status,
  });
  return json(200, view);
});
