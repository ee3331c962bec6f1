/** POST /api/cases/{caseNumber}/decision — the payer accepts the answer or objects to it. */
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { systemClock } from '#adapters/clock.ts';
import { ids } from '#adapters/ids.ts';
import { notifier } from '#adapters/notify-queue.ts';
import { dynamoRateLimiter } from '#adapters/rate-limiter.ts';
import { dynamoSettings } from '#adapters/settings.ts';
import { DecisionRequestSchema } from '#contracts/cases.ts';
import { type PayerView, payerDecision, payerView } from '#core/payer-view.ts';
import { ActionRefusedError, ConcurrentChangeError } from '#core/transitions.ts';
import { answerPage } from '#functions/pages/case.ts';
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
    const form = postedForm(event);
    // The page's own form only, before anything is read or stored (issue 16).
    checkCaseForm(event, form);
    // A browser's form (issue 6) sends the same fields as the JSON body, as text.
    const body = readBody(event, form, DecisionRequestSchema, (f) =>
      formFields(f, ['decision', 'route', 'comment']),
    );
    // The page shown again carries the same token: the cookie has not changed.
    const csrf = caseCookie(event)?.token;
    const client = clientOf(event);
    // The answer page shown again states the days of the policy in force.
    const policy = () => deps.settings.deadlines();
    if (body.kind === 'form' && body.errors) {
      const view = await payerView(caseNumber, accessCode, { ...deps, client });
      if (!view) throw new NotFoundError();
      return htmlPage(
        400,
        answerPage(view, {
          errors: body.errors,
          values: body.fields,
          csrf,
          policy: await policy(),
        }),
      );
    }
    const decision = body.value;
    let view: PayerView;
    try {
      view = await payerDecision(caseNumber, accessCode, decision, { ...deps, client });
    } catch (error) {
      // A browser gets the answer page as it stands now, saying why nothing was recorded; a JSON
      // client gets the 409 problem.
      const reason = body.kind === 'form' ? refusal(error) : undefined;
      if (!reason) throw error;
      const now = await payerView(caseNumber, accessCode, { ...deps, client });
      if (!now) throw new NotFoundError();
      const problem = { title: '这次提交没有记录', detail: reason };
      return htmlPage(409, answerPage(now, { problem, csrf, policy: await policy() }));
    }
    logger.info('payer decision', {
      caseNumber,
      decision: decision.decision,
      status: view.status,
    });
    return body.kind === 'form' ? seeOther(pagePath('answer')) : json(200, view);
  },
  { errorPage: pageErrors },
);
