/** GET /api/cases/{caseNumber} — the payer follows their case with its access code. */
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { ids } from '#adapters/ids.ts';
import { ACCESS_CODE_PATTERN, CASE_NUMBER_PATTERN } from '#contracts/cases.ts';
import { payerView } from '#core/payer-view.ts';
import { NotFoundError } from '#platform/errors.ts';
import { httpHandler, json } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';

const deps = { store: dynamoCaseStore(), ids };

const logger = functionLogger();

export const handler = httpHandler(logger, async (event) => {
  const caseNumber = event.pathParameters?.caseNumber ?? '';
  const code = (event.headers['x-access-code'] ?? '').trim().toUpperCase();
  // A malformed number or code is answered like a wrong one: nothing to learn by probing.
  if (!CASE_NUMBER_PATTERN.test(caseNumber) || !ACCESS_CODE_PATTERN.test(code)) {
    throw new NotFoundError();
  }
  const view = await payerView(caseNumber, code, deps);
  if (!view) throw new NotFoundError();
  return json(200, view);
});
