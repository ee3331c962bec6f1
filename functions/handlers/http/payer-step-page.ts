/**
 * GET /api/payer/apply-payer, /apply-matters, /apply-description — an intake question, from the
 * draft, so that the form works without JavaScript (issue 6); with `?check=1` (where a post with
 * errors leads), the errors of the answers kept. One module for the three routes.
 */
import { systemClock } from '#adapters/clock.ts';
import { dynamoDraftStore } from '#adapters/draft-store.ts';
import { shanghaiMonth } from '#core/time.ts';
import { applyStepPage } from '#functions/pages/apply.ts';
import { emptyDraft, QUESTION_STEPS, stepErrors } from '#functions/pages/draft.ts';
import { DRAFT_COOKIE } from '#functions/pages/paths.ts';
import { htmlPage, readPayerCookie } from '#platform/forms.ts';
import { httpHandler } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';
import { filedCaseOf } from '#platform/payer.ts';
import { pageErrors } from '#platform/payer-pages.ts';
import { questionPageOf } from '#platform/payer-routes.ts';

const logger = functionLogger();
const drafts = dynamoDraftStore();

export const handler = httpHandler(
  logger,
  async (event) => {
    const step = QUESTION_STEPS[questionPageOf(event)];
    const draftId = readPayerCookie(event, DRAFT_COOKIE);
    const draft = (await drafts.get(draftId)) ?? emptyDraft();
    // Back past the confirmation: the case just filed is named, so an empty form does not read as
    // if it were lost (not a case only looked up: filedCaseOf).
    const held = draftId ? undefined : filedCaseOf(event);
    // That page asks nothing: an address of the steps' history (`?check=1`, `?removed=2`) adds
    // no error or notice of fields it does not show (a code review, 2026-12-05).
    if (held) return htmlPage(200, applyStepPage(step, draft, { filed: held }));
    const fromCheck = event.queryStringParameters?.from === 'check';
    // After 「删除这一项」: which matter went, said once on the page (a number, nothing else).
    const removed = Number(event.queryStringParameters?.removed ?? '');
    const notice = Number.isInteger(removed) && removed >= 1 && removed <= 10 ? { removed } : {};
    const expired = event.queryStringParameters?.expired === '1' ? { expired: true } : {};
    // Read again, not carried in the address: answers corrected since show no error.
    const errors =
      event.queryStringParameters?.check === '1'
        ? { errors: stepErrors(step, draft, true, shanghaiMonth(systemClock.now())) }
        : {};
    return htmlPage(
      200,
      applyStepPage(step, draft, { fromCheck, ...notice, ...expired, ...errors }),
    );
  },
  { errorPage: pageErrors },
);
