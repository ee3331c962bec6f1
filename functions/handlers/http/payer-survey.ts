/** POST /api/cases/{caseNumber}/survey — the payer's follow-up answer, with the access code. */
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { systemClock } from '#adapters/clock.ts';
import { ids } from '#adapters/ids.ts';
import { notifier } from '#adapters/notify-queue.ts';
import { dynamoRateLimiter } from '#adapters/rate-limiter.ts';
import { dynamoSettings } from '#adapters/settings.ts';
import { SurveyRequestSchema } from '#contracts/cases.ts';
import { payerSurvey, payerView } from '#core/payer-view.ts';
import { surveyPage } from '#functions/pages/case.ts';
import { pagePath } from '#functions/pages/paths.ts';
import { postedForm, readBody } from '#platform/body.ts';
import { NotFoundError } from '#platform/errors.ts';
import { formFields, htmlPage, seeOther } from '#platform/forms.ts';
import { httpHandler, json } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';
import { caseCookie, checkCaseForm, clientOf, payerCredentials } from '#platform/payer.ts';
import { pageErrors } from '#platform/payer-pages.ts';

const logger = functionLogger();
const deps = {
  store: dynamoCaseStore(),
  settings: dynamoSettings(),
  clock: systemClock,
  ids,
  notifier: notifier(),
  limiter: dynamoRateLimiter(),
  // Someone guessing at one case: for the operators (the case number only).
  warn: (message: string, fields: Record<string, string>) => logger.warn(message, fields),
};

export const handler = httpHandler(
  logger,
  async (event) => {
    const { caseNumber, accessCode } = payerCredentials(event);
    const form = postedForm(event);
    // The page's own form only, before anything is read or stored (issue 16).
    checkCaseForm(event, form);
    const body = readBody(event, form, SurveyRequestSchema, (f) =>
      formFields(f, ['result', 'comment']),
    );
    // The page shown again carries the same token: the cookie has not changed.
    const csrf = caseCookie(event)?.token;
    const client = clientOf(event);
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
