/** GET /api/cases/{caseNumber} — the payer follows their case with its access code. */

import { payerDeps } from '#adapters/payer-deps.ts';
import { payerView } from '#core/payer-view.ts';
import { NotFoundError } from '#platform/errors.ts';
import { httpHandler, json } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';
import { clientOf, payerCredentials } from '#platform/payer.ts';

const logger = functionLogger();
const deps = payerDeps(logger);

export const handler = httpHandler(logger, async (event) => {
  const { caseNumber, accessCode } = payerCredentials(event);
  const view = await payerView(caseNumber, accessCode, { ...deps, client: clientOf(event) });
  if (!view) throw new NotFoundError();
  return json(200, view);
});
