/** POST /api/cases/{caseNumber}/decision — the payer accepts the answer or objects to it. */
import { systemClock } from '#adapters/clock.ts';
import { notifier } from '#adapters/notify-queue.ts';
import { payerDeps } from '#adapters/payer-deps.ts';
import { DecisionRequestSchema } from '#contracts/cases.ts';
import { type PayerView, payerDecision, payerView } from '#core/payer-view.ts';
import { ActionRefusedError, ConcurrentChangeError } from '#core/transitions.ts';
import { answerPage, REOPENED } from '#functions/pages/case.ts';
import { pagePath } from '#functions/pages/paths.ts';
import { NotFoundError } from '#platform/errors.ts';
import { htmlPage, seeOther } from '#platform/forms.ts';
import { httpHandler, json } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';
import { pageErrors } from '#platform/payer-pages.ts';
import { casePost } from '#platform/payer-routes.ts';

const logger = functionLogger();
const deps = { ...payerDeps(logger), clock: systemClock, notifier: notifier() };

/** Why a decision was not recorded, in the payer's words: a second decision, or a double click. */
function refusal(error: unknown): string | undefined {
  if (error instanceof ActionRefusedError) return error.reason;
  if (error instanceof ConcurrentChangeError) return '这个案件刚刚有了变化，请看下面的最新情况。';
  return undefined;
}

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
    } = await casePost(event, DecisionRequestSchema, ['decision', 'route', 'comment'], deps);
    /** The case as it stands, for the answer page shown again. */
    const current = async () => {
      const view = await payerView(caseNumber, accessCode, { ...deps, client });
      if (!view) throw new NotFoundError();
      return view;
    };
    // The answer page shown again states the days of the policy in force.
    const policy = () => deps.settings.deadlines();
    // The code typed after the page expired opens the case again, with the answers filled in for
    // the payer to check and send: never recorded from that page, which another site could forge.
    if (body.kind === 'form' && reopened) {
      const page = answerPage(reopened, {
        values: body.fields,
        csrf,
        policy: await policy(),
        notice: REOPENED,
      });
      return htmlPage(200, page, cookies);
    }
    if (body.kind === 'form' && body.errors) {
      const view = await current();
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
      const now = await current();
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
