/**
 * POST /api/payer/status, /answer, /survey — the look-up (issue 6): checks the case number and
 * access code and opens the case page it was asked from. One module for the three routes.
 */
import { payerDeps } from '#adapters/payer-deps.ts';
import { TooManyRequestsError } from '#core/limits.ts';
import { payerView } from '#core/payer-view.ts';
import { lookupPage, readLookup } from '#functions/pages/case.ts';
import { TooManyRequestsHttpError } from '#platform/errors.ts';
import { formBody, htmlPage, seeOther } from '#platform/forms.ts';
import { httpHandler } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';
import { caseCookieFor, clientOf } from '#platform/payer.ts';
import { pageErrors } from '#platform/payer-pages.ts';
import { casePageOf } from '#platform/payer-routes.ts';

const logger = functionLogger();
const deps = payerDeps(logger);

export const handler = httpHandler(
  logger,
  async (event) => {
    const next = casePageOf(event);
    const { caseNumber, accessCode, errors } = readLookup(formBody(event));
    const values = { caseNumber, accessCode };
    if (errors.length > 0) return htmlPage(400, lookupPage(next, { values, errors }));

    let view: Awaited<ReturnType<typeof payerView>>;
    try {
      view = await payerView(caseNumber, accessCode, { ...deps, client: clientOf(event) });
    } catch (error) {
      if (!(error instanceof TooManyRequestsError)) throw error;
      const tooMany = new TooManyRequestsHttpError(error.retryAfter);
      const problem = { title: tooMany.title, detail: tooMany.detail ?? '' };
      return htmlPage(429, lookupPage(next, { values, problem }), [], tooMany.headers);
    }
    if (!view) {
      // The same words for an unknown case and a wrong code: a guesser learns nothing.
      const problem = {
        title: '没有找到这个案件，或查询码不正确',
        detail: '请核对受理编号和查询码后再试。',
      };
      return htmlPage(404, lookupPage(next, { values, problem }));
    }
    logger.info('payer looked up case', { caseNumber, page: next });
    return seeOther(`/api/payer/${next}`, [caseCookieFor(event, caseNumber, accessCode)]);
  },
  { errorPage: pageErrors },
);
