/**
 * POST /api/payer/{page} — the payer's forms without JavaScript (issue 6): each intake step saves
 * its answers in the draft and redirects (303) to the next page, or shows the page again with
 * the errors; the look-up checks the case number and access code and opens the case pages.
 */
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { DRAFT_SECONDS, dynamoDraftStore } from '#adapters/draft-store.ts';
import { ids } from '#adapters/ids.ts';
import { dynamoRateLimiter } from '#adapters/rate-limiter.ts';
import { ACCESS_CODE_PATTERN, CASE_NUMBER_PATTERN, LIMITS } from '#contracts/cases.ts';
import type { FieldError } from '#contracts/problem.ts';
import { TooManyRequestsError } from '#core/limits.ts';
import { payerView } from '#core/payer-view.ts';
import { applyStepPage } from '#functions/pages/apply.ts';
import { lookupPage } from '#functions/pages/case.ts';
import {
  compact,
  emptyDraft,
  emptyMatter,
  halfWidth,
  readMatters,
  readStep,
  STEPS,
  stepErrors,
} from '#functions/pages/draft.ts';
import { CASE_COOKIE, type CasePage, DRAFT_COOKIE, stepPath } from '#functions/pages/paths.ts';
import { TooManyRequestsHttpError } from '#platform/errors.ts';
import {
  clearCookie,
  formBody,
  htmlPage,
  readCookie,
  seeOther,
  setCookie,
} from '#platform/forms.ts';
import { httpHandler } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';
import { caseCookieFor, clientOf } from '#platform/payer.ts';
import { notFoundPage, pageErrors } from '#platform/payer-pages.ts';

const logger = functionLogger();
const drafts = dynamoDraftStore();
const deps = { store: dynamoCaseStore(), ids, limiter: dynamoRateLimiter() };

export const handler = httpHandler(
  logger,
  async (event) => {
    const page = event.pathParameters?.page ?? '';
    const form = formBody(event);

    if (page === 'apply-payer' || page === 'apply-matters' || page === 'apply-description') {
      const step = page.slice(6) as 'payer' | 'matters' | 'description';
      const cookie = readCookie(event, DRAFT_COOKIE);
      // From the static first page a new application begins; the old draft goes.
      const fresh = form.get('start') === 'new';
      if (fresh && cookie) await drafts.delete(cookie);
      const known = fresh ? undefined : cookie;
      const stored = await drafts.get(known);
      const draftId = stored && known ? known : drafts.newId();
      let draft = readStep(step, form, stored ?? emptyDraft());
      const cookies = [setCookie(event, DRAFT_COOKIE, draftId, DRAFT_SECONDS)];
      const fromCheck = form.get('from') === 'check';
      const here = `${stepPath(step)}${fromCheck ? '?from=check' : ''}`;

      // Adding or removing a matter is a round trip of its own: the page again, one block more or less.
      const action = form.get('action') ?? 'continue';
      if (step === 'matters' && action === 'add-matter' && draft.matters.length < LIMITS.matters) {
        draft = { ...draft, matters: [...readMatters(form), emptyMatter()] };
        await drafts.put(draftId, draft);
        return seeOther(`${here}#f-matters-${draft.matters.length - 1}-type`, cookies);
      }
      const removed = /^remove-(\d+)$/.exec(action);
      if (step === 'matters' && removed && draft.matters.length > 1) {
        draft = { ...draft, matters: draft.matters.filter((_, i) => i !== Number(removed[1])) };
        await drafts.put(draftId, draft);
        return seeOther(here, cookies);
      }

      await drafts.put(draftId, draft);
      const errors = stepErrors(step, draft);
      if (errors.length > 0) {
        return htmlPage(400, applyStepPage(step, draft, { errors, fromCheck }), cookies);
      }
      const next = fromCheck ? 'check' : (STEPS[STEPS.indexOf(step) + 1] ?? 'check');
      return seeOther(stepPath(next), cookies);
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
      const caseNumber = halfWidth(form.get('caseNumber') ?? '').replace(/\s+/g, '');
      const accessCode = compact(form.get('accessCode') ?? '').toUpperCase();
      const values = { caseNumber, accessCode };
      const errors: FieldError[] = [];
      if (caseNumber === '') errors.push({ pointer: '/caseNumber', detail: '请填写受理编号' });
      else if (!CASE_NUMBER_PATTERN.test(caseNumber))
        errors.push({
          pointer: '/caseNumber',
          detail: '受理编号的格式是“年份-6位数字”，例如 2026-000123',
        });
      if (accessCode === '') errors.push({ pointer: '/accessCode', detail: '请填写查询码' });
      else if (!ACCESS_CODE_PATTERN.test(accessCode))
        errors.push({ pointer: '/accessCode', detail: '查询码是 12 位大写字母和数字，请核对' });
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
