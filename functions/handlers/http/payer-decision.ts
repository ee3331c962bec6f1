/** POST /api/cases/{caseNumber}/decision — the payer accepts the answer or objects to it. */
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { systemClock } from '#adapters/clock.ts';
import { ids } from '#adapters/ids.ts';
import { dynamoRateLimiter } from '#adapters/rate-limiter.ts';
import { DecisionRequestSchema } from '#contracts/cases.ts';
import { fieldErrors } from '#contracts/problem.ts';
import { payerDecision } from '#core/payer-view.ts';
import { ValidationError } from '#platform/errors.ts';
import { httpHandler, json, jsonBody } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';
import { clientOf, payerCredentials } from '#platform/payer.ts';

const logger = functionLogger();
const deps = { store: dynamoCaseStore(), clock: systemClock, ids, limiter: dynamoRateLimiter() };

export const handler = httpHandler(logger, async (event) => {
  const { caseNumber, accessCode } = payerCredentials(event);
  const parsed = DecisionRequestSchema.safeParse(jsonBody(event));
  if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error.issues));
  const view = await payerDecision(caseNumber, accessCode, parsed.data, {
    ...deps,
    client: clientOf(event),
  });
  logger.info('payer decision', {
    caseNumber,
    decision: parsed.data.decision,
    status: view.status,
  });
  return json(200, view);
});
