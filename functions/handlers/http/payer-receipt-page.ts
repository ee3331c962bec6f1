/**
 * GET /api/payer/receipt — the printable receipt (issue 13), by the same cookie as the
 * confirmation it is linked from: the number and code the filing set, never a number in the
 * address.
 */
import { payerDeps } from '#adapters/payer-deps.ts';
import { siteAddress } from '#adapters/site.ts';
import { payerReceipt } from '#core/receipt.ts';
import { lookupPath } from '#functions/pages/case.ts';
import { LOOKUP_PATHS } from '#functions/pages/paths.ts';
import { receiptPage } from '#functions/pages/receipt.ts';
import { htmlPage, seeOther } from '#platform/forms.ts';
import { httpHandler } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';
import { caseCookie, clientOf } from '#platform/payer.ts';
import { pageErrors } from '#platform/payer-pages.ts';

const logger = functionLogger();
const deps = payerDeps(logger);

export const handler = httpHandler(
  logger,
  async (event) => {
    const credentials = caseCookie(event);
    const receipt =
      credentials &&
      (await payerReceipt(credentials.caseNumber, credentials.accessCode, {
        ...deps,
        client: clientOf(event),
      }));
    if (!credentials || !receipt) return seeOther(lookupPath('status'));
    const policy = await deps.settings.deadlines();
    return htmlPage(
      200,
      receiptPage(
        receipt,
        credentials.accessCode,
        policy,
        siteAddress(LOOKUP_PATHS.status),
        // A review (2026-12-05) went back from it to the confirmation of a long-archived case.
        event.queryStringParameters?.from === 'status' ? 'status' : undefined,
      ),
    );
  },
  { errorPage: pageErrors },
);
