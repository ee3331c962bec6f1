/**
 * GET /api/payer/done — the confirmation of the case just filed, by the cookie the filing set;
 * the case is filed, so its draft goes.
 */
import { dynamoDraftStore } from '#adapters/draft-store.ts';
import { payerDeps } from '#adapters/payer-deps.ts';
import { confirmationPage } from '#functions/pages/apply.ts';
import { DRAFT_COOKIE } from '#functions/pages/paths.ts';
import { clearCookie, htmlPage, readPayerCookie } from '#platform/forms.ts';
import { httpHandler } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';
import { pageErrors } from '#platform/payer-pages.ts';
import { lookedUpCase } from '#platform/payer-routes.ts';

const logger = functionLogger();
const drafts = dynamoDraftStore();
const deps = payerDeps(logger);

export const handler = httpHandler(
  logger,
  async (event) => {
    const found = await lookedUpCase(event, 'status', deps);
    if (!('view' in found)) return found;
    const { credentials, view, policy, texted } = found;
    const draftId = readPayerCookie(event, DRAFT_COOKIE);
    if (draftId) await drafts.delete(draftId);
    const cookies = draftId ? [clearCookie(event, DRAFT_COOKIE)] : [];
    // A payer texts cannot reach (a landline) is warned to keep the code.
    const page = confirmationPage(view, credentials.accessCode, policy, { texted });
    return htmlPage(200, page, cookies);
  },
  { errorPage: pageErrors },
);
