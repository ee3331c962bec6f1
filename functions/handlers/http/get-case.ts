/** GET /api/cases/{caseNumber} — the payer follows their case with its access code. */
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { ids } from '#adapters/ids.ts';
import { dynamoRateLimiter } from '#adapters/rate-limiter.ts';
import { dynamoSettings } from '#adapters/settings.ts';
import { payerView } from '#core/payer-view.ts';
import { NotFoundError } from '#platform/errors.ts';
import { httpHandler, json } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';
import { clientOf, payerCredentials } from '#platform/payer.ts';

const logger = functionLogger();
const deps = {
  store: dynamoCaseStore(),
  settings: dynamoSettings(),
  ids,
  limiter: dynamoRateLimiter(),
  // Someone guessing at one case: for the operators (the case number only).
  warn: (message: string, fields: Record<string, string>) => logger.warn(message, fields),
};

export const handler = httpHandler(logger, async (event) => {
  const { caseNumber, accessCode } = payerCredentials(event);
  const view = await payerView(caseNumber, accessCode, { ...deps, client: clientOf(event) });
  if (!view) throw new NotFoundError();
  return json(200, view);
});
