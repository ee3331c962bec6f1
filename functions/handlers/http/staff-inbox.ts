/** GET /api/staff/inbox — the caller's unit's open cases, overdue first, a page at a time. */
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { systemClock } from '#adapters/clock.ts';
import { dynamoSettings } from '#adapters/settings.ts';
import { fieldErrors } from '#contracts/problem.ts';
import { InboxQuerySchema } from '#contracts/staff.ts';
import { inbox } from '#core/staff.ts';
import { principalOf } from '#platform/auth.ts';
import { ValidationError } from '#platform/errors.ts';
import { httpHandler, json } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';

const logger = functionLogger();
const deps = { store: dynamoCaseStore(), clock: systemClock, settings: dynamoSettings() };

export const handler = httpHandler(logger, async (event) => {
  const principal = await principalOf(event);
  const parsed = InboxQuerySchema.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error.issues));
  if (principal.unit === null && !parsed.data.unit) {
    throw new ValidationError([{ pointer: '/unit', detail: '请选择要查看哪个单位的收件箱' }]);
  }
  return json(200, await inbox(principal, parsed.data, deps));
});
