/**
 * POST /api/payer/apply-payer, /apply-matters, /apply-description — an intake question's form
 * without JavaScript (issue 6): saves its answers in the draft and redirects (303) to the next
 * page, or to the same page with `?check=1`, which shows the errors of the answers kept. One module
 * for the three routes.
 */
import { systemClock } from '#adapters/clock.ts';
import { intakeLimitPerHour } from '#adapters/config.ts';
import { DRAFT_SECONDS, dynamoDraftStore } from '#adapters/draft-store.ts';
import { dynamoRateLimiter } from '#adapters/rate-limiter.ts';
import { DRAFTS_PER_CLIENT } from '#core/limits.ts';
import { shanghaiMonth } from '#core/time.ts';
import { EXPIRED_NOTICE, REMOVED_NOTICE } from '#functions/pages/apply.ts';
import { emptyDraft, firstLostBefore, postStep, QUESTION_STEPS } from '#functions/pages/draft.ts';
import { DRAFT_COOKIE, stepPath } from '#functions/pages/paths.ts';
import { DraftLimitHttpError } from '#platform/errors.ts';
import { formBody, readPayerCookie, seeOther, setCookie } from '#platform/forms.ts';
import { httpHandler } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';
import { clientOf } from '#platform/payer.ts';
import { pageErrors } from '#platform/payer-pages.ts';
import { questionPageOf } from '#platform/payer-routes.ts';

const logger = functionLogger();
const drafts = dynamoDraftStore();
const limiter = dynamoRateLimiter();
// Never below the intake limit: the local load tests and the bench raise that one (all their
// requests come from one address), and every case filed through the pages begins a draft.
const draftRule = {
  ...DRAFTS_PER_CLIENT,
  limit: Math.max(DRAFTS_PER_CLIENT.limit, intakeLimitPerHour()),
};

export const handler = httpHandler(
  logger,
  async (event) => {
    const step = QUESTION_STEPS[questionPageOf(event)];
    const form = formBody(event);
    const cookie = readPayerCookie(event, DRAFT_COOKIE);
    // From the static first page a new application begins; the old draft goes.
    const fresh = form.get('start') === 'new';
    if (fresh && cookie) await drafts.delete(cookie);
    const known = fresh ? undefined : cookie;
    const stored = await drafts.get(known);
    // A new draft counts against the client's allowance; one that goes on is free (issue 16).
    if (!(stored && known)) {
      const taken = await limiter.take(`draft-client#${clientOf(event)}`, draftRule);
      if (!taken.allowed) throw new DraftLimitHttpError(taken.retryAfter, draftRule);
    }
    // The browser named a draft that is gone (deleted after two hours): its earlier answers too.
    const lost = Boolean(known) && !stored;
    const draftId = stored && known ? known : drafts.newId();
    const cookies = [setCookie(event, DRAFT_COOKIE, draftId, DRAFT_SECONDS)];

    const month = shanghaiMonth(systemClock.now());
    const outcome = postStep(step, form, stored ?? emptyDraft(), month);
    // Kept even when wrong: the answers stay as typed for the page that shows the errors.
    await drafts.put(draftId, outcome.draft);
    const fromCheck = form.get('from') === 'check';
    // Post/redirect/get for errors too: the page answering a POST could not be shown again by the
    // browser's Back (「确认重新提交表单」, a blank page in a phone's browser: a payer review,
    // 2026-12-05). The answers are in the draft; the page reads its errors from them.
    if (outcome.kind === 'errors') {
      const query = new URLSearchParams({ ...(fromCheck ? { from: 'check' } : {}), check: '1' });
      return seeOther(`${stepPath(step)}?${query}`, cookies);
    }
    if (outcome.kind === 'again') {
      const query = new URLSearchParams({
        ...(fromCheck ? { from: 'check' } : {}),
        ...(outcome.removed ? { removed: String(outcome.removed) } : {}),
      }).toString();
      const focus = outcome.removed ? REMOVED_NOTICE : outcome.focus;
      return seeOther(
        `${stepPath(step)}${query ? `?${query}` : ''}${focus ? `#${focus}` : ''}`,
        cookies,
      );
    }
    // Back to the first step whose answers went with the old draft, saying why, rather than on
    // to a check page that would send the payer to an empty first step without a word.
    const missing = lost ? firstLostBefore(step, outcome.draft) : undefined;
    if (missing) {
      return seeOther(`${stepPath(missing)}?expired=1#${EXPIRED_NOTICE}`, cookies);
    }
    return seeOther(stepPath(outcome.next), cookies);
  },
  { errorPage: pageErrors },
);
