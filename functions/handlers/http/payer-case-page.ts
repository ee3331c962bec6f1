/**
 * GET /api/payer/status, /answer, /survey — the pages of the case the browser looked up (issue
 * 6): its progress, the written answer to accept or object to, the follow-up survey. One module
 * for the three routes.
 */
import { payerDeps } from '#adapters/payer-deps.ts';
import { siteAddress } from '#adapters/site.ts';
import { answerPage, statusPage, surveyPage } from '#functions/pages/case.ts';
import { LOOKUP_PATHS } from '#functions/pages/paths.ts';
import { htmlPage } from '#platform/forms.ts';
import { httpHandler } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';
import { newCaseCookie, renewedCaseCookie } from '#platform/payer.ts';
import { pageErrors } from '#platform/payer-pages.ts';
import { casePageOf, lookedUpCase } from '#platform/payer-routes.ts';

const logger = functionLogger();
const deps = payerDeps(logger);
const RENDER = { status: statusPage, answer: answerPage, survey: surveyPage };

export const handler = httpHandler(
  logger,
  async (event) => {
    const page = casePageOf(event);
    const found = await lookedUpCase(event, page, deps);
    if (!('view' in found)) return found;
    const { credentials, view } = found;
    // The printed answer page names where to look the case up again (paper cannot be clicked).
    const policy = { policy: found.policy, answerUrl: siteAddress(LOOKUP_PATHS.answer) };
    const render = RENDER[page];
    // The page's forms carry the cookie's token (issue 16), and the page renews the cookie's 30
    // minutes; a cookie from before the token had none gets one now, so that the form works.
    const { token } = credentials;
    if (token) {
      const cookie = renewedCaseCookie(event, { ...credentials, token });
      return htmlPage(200, render(view, { csrf: token, ...policy }), [cookie]);
    }
    const renewed = newCaseCookie(event, credentials.caseNumber, credentials.accessCode);
    return htmlPage(200, render(view, { csrf: renewed.token, ...policy }), [renewed.cookie]);
  },
  { errorPage: pageErrors },
);
