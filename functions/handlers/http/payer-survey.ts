/** POST /api/cases/{caseNumber}/survey — the payer's follow-up answer, with the access code. */
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { systemClock } from '#adapters/clock.ts';
import { ids } from '#adapters/ids.ts';
import { notifier } from '#adapters/notifier.ts';
import { dynamoRateLimiter } from '#adapters/rate-limiter.ts';
import { SurveyRequestSchema } from '#contracts/cases.ts';
import { fieldErrors } from '#contracts/problem.ts';
import { payerSurvey } from '#core/payer-view.ts';
import { ValidationError } from '#platform/errors.ts';
import { httpHandler, json, jsonBody } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';
import { clientOf, payerCredentials } from '#platform/payer.ts';

const logger = functionLogger();
const deps = {
  store: dynamoCaseStore(),
  clock: systemClock,
  ids,
  notifier: notifier(),
  limiter: dynamoRateLimiter(),
};

export const handler = httpHandler(logger, async (event) => {
  const { caseNumber, accessCode } = payerCredentials(event);
  const parsed = SurveyRequestSchema.safeParse(jsonBody(event));
  if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error.issues));
  const view = await payerSurvey(caseNumber, accessCode, parsed.data, {
    ...deps,
    client: clientOf(event),
  });
  logger.info('payer survey', { caseNumber, result: parsed.data.result });
  return json(200, view);
});
