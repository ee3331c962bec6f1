/** POST /api/cases/{caseNumber}/decision — the payer accepts the answer or objects to it. */
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { systemClock } from '#adapters/clock.ts';
import { ids } from '#adapters/ids.ts';
import { notifier } from '#adapters/notifier.ts';
import { dynamoRateLimiter } from '#adapters/rate-limiter.ts';
import { dynamoSettings } from '#adapters/settings.ts';
import { DecisionRequestSchema } from '#contracts/cases.ts';
import { fieldErrors } from '#contracts/problem.ts';
import { type PayerView, payerDecision, payerView } from '#core/payer-view.ts';
import { ActionRefusedError, ConcurrentChangeError } from '#core/transitions.ts';
import { answerPage } from '#functions/pages/case.ts';
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
  clock: systemClock,
  settings: dynamoSettings(),
  notifier: notifier(),
  ids,
  limiter: dynamoRateLimiter(),
  // Someone guessing at one case: for the operators (the case number only).
  warn: (message: string, fields: Record<string, string>) => logger.warn(message, fields),
};

/** Why a decision was not recorded, in the payer's words: a second decision, or a double click. */
function refusal(error: unknown): string | undefined {
  if (error instanceof ActionRefusedError) return error.reason;
  if (error instanceof ConcurrentChangeError) return '这个案件刚刚有了变化，请看下面的最新情况。';
  return undefined;
}

export const handler = httpHandler(
  logger,
  async (event) => {
    const { caseNumber, accessCode } = payerCredentials(event);
    const form = isFormPost(event);
    const posted = form ? formBody(event) : undefined;
    // The page's own form only, before anything is read or stored (issue 16).
    checkCaseForm(event, posted);
    // A browser's form (issue 6) sends the same fields as the JSON body, as text.
    const body = posted ? formFields(posted, ['decision', 'route', 'comment']) : jsonBody(event);
    // The page shown again carries the same token: the cookie has not changed.
    const csrf = caseCookie(event)?.token;
    const parsed = DecisionRequestSchema.safeParse(body);
    const client = clientOf(event);
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error.issues);
      if (!form) throw new ValidationError(errors);
      const view = await payerView(caseNumber, accessCode, { ...deps, client });
      if (!view) throw new NotFoundError();
      return htmlPage(
        400,
        answerPage(view, { errors, values: body as Record<string, string>, csrf }),
      );
    }
    let view: PayerView;
    try {
      view = await payerDecision(caseNumber, accessCode, parsed.data, { ...deps, client });
    } catch (error) {
      // A browser gets the answer page as it stands now, saying why nothing was recorded; a JSON
      // client gets the 409 problem.
      const reason = form ? refusal(error) : undefined;
      if (!reason) throw error;
      const now = await payerView(caseNumber, accessCode, { ...deps, client });
      if (!now) throw new NotFoundError();
      const problem = { title: '这次提交没有记录', detail: reason };
      return htmlPage(409, answerPage(now, { problem, csrf }));
    }
    logger.info('payer decision', {
      caseNumber,
      decision: parsed.data.decision,
      status: view.status,
    });
    return form ? seeOther(pagePath('answer')) : json(200, view);
  },
  { errorPage: pageErrors },
);
