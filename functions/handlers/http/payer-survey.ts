/** POST /api/cases/{caseNumber}/survey — the payer's follow-up answer, with the access code. */
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { systemClock } from '#adapters/clock.ts';
import { ids } from '#adapters/ids.ts';
import { notifier } from '#adapters/notifier.ts';
import { dynamoRateLimiter } from '#adapters/rate-limiter.ts';
import { dynamoSettings } from '#adapters/settings.ts';
import { SurveyRequestSchema } from '#contracts/cases.ts';
import { fieldErrors } from '#contracts/problem.ts';
import { payerSurvey, payerView } from '#core/payer-view.ts';
import { surveyPage } from '#functions/pages/case.ts';
import { pagePath } from '#functions/pages/paths.ts';
import { NotFoundError, ValidationError } from '#platform/errors.ts';
import { formBody, formFields, htmlPage, isFormPost, seeOther } from '#platform/forms.ts';
import { httpHandler, json, jsonBody } from '#platform/http.ts';
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
    const form = isFormPost(event);
    const posted = form ? formBody(event) : undefined;
    // The page's own form only, before anything is read or stored (issue 16).
    checkCaseForm(event, posted);
    const body = posted ? formFields(posted, ['result', 'comment']) : jsonBody(event);
    // The page shown again carries the same token: the cookie has not changed.
    const csrf = caseCookie(event)?.token;
    const parsed = SurveyRequestSchema.safeParse(body);
    const client = clientOf(event);
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error.issues);
      if (!form) throw new ValidationError(errors);
      const view = await payerView(caseNumber, accessCode, { ...deps, client });
      if (!view) throw new NotFoundError();
      return htmlPage(
        400,
        surveyPage(view, { errors, values: body as Record<string, string>, csrf }),
      );
    }
    const view = await payerSurvey(caseNumber, accessCode, parsed.data, { ...deps, client });
    logger.info('payer survey', { caseNumber, result: parsed.data.result });
    return form ? seeOther(pagePath('survey')) : json(200, view);
  },
  { errorPage: pageErrors },
);
