/**
 * GET /api/payer/{page} — the payer pages the API renders, so that every form works without
 * JavaScript (issue 6): the intake steps from the draft, the confirmation, the case pages of
 * the case the browser looked up, and the time limits in force, which the static start page
 * links to (its figures would be fixed at build time).
 */
import { createHash } from 'node:crypto';
import { dynamoDraftStore } from '#adapters/draft-store.ts';
import { payerDeps } from '#adapters/payer-deps.ts';
import { payerView } from '#core/payer-view.ts';
import { payerReceipt } from '#core/receipt.ts';
import { applyStepPage, checkPage, confirmationPage } from '#functions/pages/apply.ts';
import { answerPage, lookupPath, statusPage, surveyPage } from '#functions/pages/case.ts';
import {
  emptyDraft,
  firstIncompleteStep,
  isQuestionPage,
  QUESTION_STEPS,
} from '#functions/pages/draft.ts';
import { DRAFT_COOKIE, stepPath } from '#functions/pages/paths.ts';
import { receiptPage } from '#functions/pages/receipt.ts';
import { timeLimitsPage } from '#functions/pages/time-limits.ts';
import { clearCookie, htmlPage, readPayerCookie, seeOther } from '#platform/forms.ts';
import { httpHandler } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';
import { caseCookie, clientOf, newCaseCookie } from '#platform/payer.ts';
import { notFoundPage, pageErrors } from '#platform/payer-pages.ts';

const logger = functionLogger();
const drafts = dynamoDraftStore();
const deps = payerDeps(logger);

/** The check page's Idempotency-Key: one per draft, so sending it twice files one case. */
const keyOf = (draftId: string) => createHash('sha256').update(draftId).digest('hex').slice(0, 32);

export const handler = httpHandler(
  logger,
  async (event) => {
    const page = event.pathParameters?.page ?? '';
    const draftId = readPayerCookie(event, DRAFT_COOKIE);
    const fromCheck = event.queryStringParameters?.from === 'check';

    if (isQuestionPage(page)) {
      const draft = (await drafts.get(draftId)) ?? emptyDraft();
      return htmlPage(200, applyStepPage(QUESTION_STEPS[page], draft, { fromCheck }));
    }
    if (page === 'time-limits') {
      return htmlPage(200, timeLimitsPage(await deps.settings.deadlines()));
    }
    if (page === 'apply-check') {
      const draft = draftId ? await drafts.get(draftId) : undefined;
      if (!draft || !draftId) return seeOther('/apply/');
      const missing = firstIncompleteStep(draft);
      if (missing) return seeOther(stepPath(missing));
      return htmlPage(200, checkPage(draft, { key: keyOf(draftId) }));
    }
    if (page === 'receipt') {
      // The printable receipt (issue 13), by the same cookie as the confirmation it is linked
      // from: the number and code the filing set, never a number in the address.
      const credentials = caseCookie(event);
      const receipt =
        credentials &&
        (await payerReceipt(credentials.caseNumber, credentials.accessCode, {
          ...deps,
          client: clientOf(event),
        }));
      if (!credentials || !receipt) return seeOther(lookupPath('status'));
      const policy = await deps.settings.deadlines();
      return htmlPage(200, receiptPage(receipt, credentials.accessCode, policy));
    }
    if (page === 'done' || page === 'status' || page === 'answer' || page === 'survey') {
      const credentials = caseCookie(event);
      const back = page === 'done' ? 'status' : page;
      if (!credentials) return seeOther(lookupPath(back));
      const view = await payerView(credentials.caseNumber, credentials.accessCode, {
        ...deps,
        client: clientOf(event),
      });
      if (!view) return seeOther(lookupPath(back));
      // The days the pages state are the policy in force, as the view's dates are.
      const policy = await deps.settings.deadlines();
      if (page === 'done') {
        // The case is filed: its draft is no longer needed.
        if (draftId) await drafts.delete(draftId);
        const cookies = draftId ? [clearCookie(event, DRAFT_COOKIE)] : [];
        return htmlPage(200, confirmationPage(view, credentials.accessCode, policy), cookies);
      }
      const render = { status: statusPage, answer: answerPage, survey: surveyPage }[page];
      // The page's forms carry the cookie's token (issue 16); a cookie from before it had none
      // gets one now, so that the form on this page works.
      if (credentials.token) {
        return htmlPage(200, render(view, { csrf: credentials.token, policy }));
      }
      const renewed = newCaseCookie(event, credentials.caseNumber, credentials.accessCode);
      return htmlPage(200, render(view, { csrf: renewed.token, policy }), [renewed.cookie]);
    }
    return htmlPage(404, notFoundPage());
  },
  { errorPage: pageErrors },
);
