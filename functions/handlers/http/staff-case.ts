/** GET /api/staff/cases/{caseNumber} — the case page; 404 when the caller's unit never held it. */
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { systemClock } from '#adapters/clock.ts';
import { dynamoSettings } from '#adapters/settings.ts';
import { CASE_NUMBER_PATTERN } from '#contracts/cases.ts';
import { staffCase } from '#core/staff.ts';
import { principalOf } from '#platform/auth.ts';
import { NotFoundError } from '#platform/errors.ts';
import { httpHandler, json } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';

const logger = functionLogger();
const deps = { store: dynamoCaseStore(), clock: systemClock, settings: dynamoSettings() };

export const handler = httpHandler(logger, async (event) => {
  const principal = await principalOf(event);
  const caseNumber = event.pathParameters?.caseNumber ?? '';
  if (!CASE_NUMBER_PATTERN.test(caseNumber)) throw new NotFoundError('没有找到这个案件。');
  return json(200, await staffCase(caseNumber, principal, deps));
});
