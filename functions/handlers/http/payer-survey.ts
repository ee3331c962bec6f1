/** POST /api/cases/{caseNumber}/survey — the payer's follow-up answer, with the access code. */
import { systemClock } from '#adapters/clock.ts';
import { notifier } from '#adapters/notify-queue.ts';
import { payerDeps } from '#adapters/payer-deps.ts';
import { SurveyRequestSchema } from '#contracts/cases.ts';
import { payerSurvey, payerView } from '#core/payer-view.ts';
import { REOPENED, surveyPage } from '#functions/pages/case.ts';
import { pagePath } from '#functions/pages/paths.ts';
import { NotFoundError } from '#platform/errors.ts';
import { htmlPage, seeOther } from '#platform/forms.ts';
import { httpHandler, json } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';
import { pageErrors } from '#platform/payer-pages.ts';
import { casePost } from '#platform/payer-routes.ts';

const logger = functionLogger();
const deps = { ...payerDeps(logger), clock: systemClock, notifier: notifier() };

export const handler = httpHandler(
  logger,
  async (event) => {
    const {
      caseNumber,
      accessCode,
      body,
      csrf,
      client,
      cookies,
      view: reopened,
    } = await casePost(event, SurveyRequestSchema, ['result', 'comment'], deps);
    // As the decision's (payer-decision.ts): a code typed after expiry reopens the filled-in form.
    if (body.kind === 'form' && reopened) {
      const page = surveyPage(reopened, { values: body.fields, csrf, notice: REOPENED });
      return htmlPage(200, page, cookies);
    }
    if (body.kind === 'form' && body.errors) {
      const view = await payerView(caseNumber, accessCode, { ...deps, client });
      if (!view) throw new NotFoundError();
      return htmlPage(400, surveyPage(view, { errors: body.errors, values: body.fields, csrf }));
    }
    const view = await payerSurvey(caseNumber, accessCode, body.value, { ...deps, client });
    logger.info('payer survey', { caseNumber, result: body.value.result });
    return body.kind === 'form' ? seeOther(pagePath('survey')) : json(200, view);
  },
  { errorPage: pageErrors },
);
