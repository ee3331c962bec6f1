/**
 * POST /api/payer/{page} — the payer's forms without JavaScript (issue 6): each intake step saves
 * its answers in the draft and redirects (303) to the next page, or shows the page again with
 * the errors; the look-up checks the case number and access code and opens the case pages.
 */
import { systemClock } from '#adapters/clock.ts';
import { intakeLimitPerHour } from '#adapters/config.ts';
import { DRAFT_SECONDS, dynamoDraftStore } from '#adapters/draft-store.ts';
import { payerDeps } from '#adapters/payer-deps.ts';
import { DRAFTS_PER_CLIENT, TooManyRequestsError } from '#core/limits.ts';
import { payerView } from '#core/payer-view.ts';
import { shanghaiMonth } from '#core/time.ts';
import { applyStepPage } from '#functions/pages/apply.ts';
import { lookupPage, readLookup } from '#functions/pages/case.ts';
import { emptyDraft, isQuestionPage, postStep, QUESTION_STEPS } from '#functions/pages/draft.ts';
import { CASE_COOKIE, type CasePage, DRAFT_COOKIE, stepPath } from '#functions/pages/paths.ts';
import { DraftLimitHttpError, TooManyRequestsHttpError } from '#platform/errors.ts';
import {
  clearCookie,
  formBody,
  htmlPage,
  readPayerCookie,
  seeOther,
  setCookie,
} from '#platform/forms.ts';
import { httpHandler } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';
import { caseCookieFor, clientOf } from '#platform/payer.ts';
import { notFoundPage, pageErrors } from '#platform/payer-pages.ts';

const logger = functionLogger();
const drafts = dynamoDraftStore();
// Never below the intake limit: the local load tests and the bench raise that one (all their
// requests come from one address), and every case filed through the pages begins a draft.
const draftRule = {
  ...DRAFTS_PER_CLIENT,
  limit: Math.max(DRAFTS_PER_CLIENT.limit, intakeLimitPerHour()),
};
const deps = payerDeps(logger);

export const handler = httpHandler(
  logger,
  async (event) => {
    const page = event.pathParameters?.page ?? '';
    const form = formBody(event);

    if (isQuestionPage(page)) {
      const step = QUESTION_STEPS[page];
      const cookie = readPayerCookie(event, DRAFT_COOKIE);
      // From the static first page a new application begins; the old draft goes.
      const fresh = form.get('start') === 'new';
      if (fresh && cookie) await drafts.delete(cookie);
      const known = fresh ? undefined : cookie;
      const stored = await drafts.get(known);
      // A new draft counts against the client's allowance; one that goes on is free (issue 16).
      if (!(stored && known)) {
        const taken = await deps.limiter.take(`draft-client#${clientOf(event)}`, draftRule);
        if (!taken.allowed) throw new DraftLimitHttpError(taken.retryAfter, draftRule);
      }
      const draftId = stored && known ? known : drafts.newId();
      const cookies = [setCookie(event, DRAFT_COOKIE, draftId, DRAFT_SECONDS)];

      const month = shanghaiMonth(systemClock.now());
      const outcome = postStep(step, form, stored ?? emptyDraft(), month);
      // Kept even when wrong: the answers stay as typed for the page that shows the errors.
      await drafts.put(draftId, outcome.draft);
      const fromCheck = form.get('from') === 'check';
      if (outcome.kind === 'errors') {
        const page = applyStepPage(step, outcome.draft, { errors: outcome.errors, fromCheck });
        return htmlPage(400, page, cookies);
      }
      if (outcome.kind === 'again') {
        const here = `${stepPath(step)}${fromCheck ? '?from=check' : ''}`;
        return seeOther(`${here}${outcome.focus ? `#${outcome.focus}` : ''}`, cookies);
      }
      return seeOther(stepPath(outcome.next), cookies);
    }

    if (page === 'status' || page === 'answer' || page === 'survey') {
      return lookUp(page, form);
    }

    if (page === 'sign-out') {
      return seeOther('/status/', [
        clearCookie(event, CASE_COOKIE),
        clearCookie(event, DRAFT_COOKIE),
      ]);
    }
    return htmlPage(404, notFoundPage());

    async function lookUp(next: CasePage, form: URLSearchParams) {
      const { caseNumber, accessCode, errors } = readLookup(form);
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
        return htmlPage(
          404,
          lookupPage(next, {
            values,
            problem: {
              title: '没有找到这个案件，或查询码不正确',
              detail: '请核对受理编号和查询码后再试。',
            },
          }),
        );
      }
      logger.info('payer looked up case', { caseNumber, page: next });
      return seeOther(`/api/payer/${next}`, [caseCookieFor(event, caseNumber, accessCode)]);
    }
  },
  { errorPage: pageErrors },
);
