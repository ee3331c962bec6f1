/** POST /api/staff/cases — window staff register a walk-in, hotline, petition, court or online-opinion case. */
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { systemClock } from '#adapters/clock.ts';
import { sqsDispatcher } from '#adapters/dispatcher.ts';
import { ids } from '#adapters/ids.ts';
import { notifier } from '#adapters/notify-queue.ts';
import { fieldErrors } from '#contracts/problem.ts';
import { RegisterCaseSchema } from '#contracts/staff.ts';
import { sendFilingReceipt } from '#core/receipt.ts';
import { registerCase } from '#core/staff.ts';
import { principalOf } from '#platform/auth.ts';
import { ValidationError } from '#platform/errors.ts';
import { httpHandler, json, jsonBody } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';

const logger = functionLogger();
const deps = { store: dynamoCaseStore(), dispatcher: sqsDispatcher(), clock: systemClock, ids };
const receiptDeps = { notifier: notifier() };

export const handler = httpHandler(logger, async (event) => {
  const principal = await principalOf(event);
  const parsed = RegisterCaseSchema.safeParse(jsonBody(event));
  if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error.issues));
  const registered = await registerCase(parsed.data, principal, deps);
  const { caseNumber, accessCode, status, routing } = registered;
  const sms = await sendFilingReceipt(registered, parsed.data.payer, receiptDeps);
  logger.info('case registered', {
    caseNumber,
    channel: parsed.data.channel,
    unit: principal.unit,
    sms,
  });
  const { target: _target, ...publicRouting } = routing;
  return json(201, { caseNumber, accessCode, status, routing: publicRouting });
});
