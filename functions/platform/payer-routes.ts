/**
 * What the payer pages' functions share (issue 15): each route of `/api/payer/` is a manifest
 * entry of its own, with its own grants; a family of routes that is one concept (the intake
 * questions, the case pages) shares a handler module, which reads its page from the route.
 */

import type * as z from 'zod';
import type { DeadlinePolicy } from '#core/deadlines.ts';
import { lookUpCase, type PayerDeps, type PayerView, payerView } from '#core/payer-view.ts';
import { lookupPath } from '#functions/pages/case.ts';
import { isQuestionPage, type QuestionPage } from '#functions/pages/draft.ts';
import { type CasePage, LOOKUP_PATHS } from '#functions/pages/paths.ts';
import { postedForm } from './body.ts';
import { seeOther } from './forms.ts';
import type { HttpEvent, HttpResult } from './http.ts';
import { CaseFormExpiredError, caseCookie, clientOf, readCasePost } from './payer.ts';

/**
 * The page a literal route serves: the last segment of its route key (`GET /api/payer/status` →
 * `status`). The route, not the raw path, so that a stage prefix in the address changes nothing.
 */
export function routePage(event: HttpEvent): string {
  return event.routeKey.slice(event.routeKey.lastIndexOf('/') + 1);
}

/** The intake question of the route; a route of another page here is a wiring mistake. */
export function questionPageOf(event: HttpEvent): QuestionPage {
  const page = routePage(event);
  if (!isQuestionPage(page)) throw new Error(`Not an intake question route: ${event.routeKey}`);
  return page;
}

/** The case page of the route (status, answer, survey). */
export function casePageOf(event: HttpEvent): CasePage {
  const page = routePage(event);
  if (!Object.hasOwn(LOOKUP_PATHS, page))
    throw new Error(`Not a case page route: ${event.routeKey}`);
  return page as CasePage;
}

export interface LookedUpCase {
  credentials: { caseNumber: string; accessCode: string; token?: string };
  view: PayerView;
  /** Whether texts reach the payer (a mobile): the confirmation warns the others. */
  texted: boolean;
  /** The days the pages state are the policy in force, as the view's dates are. */
  policy: DeadlinePolicy;
}

/**
 * The case the browser's cookie names, as its payer sees it; without a cookie, or with a wrong
 * one, the answer is the redirect to the look-up form of `back`.
 */
export async function lookedUpCase(
  event: HttpEvent,
  back: CasePage,
  deps: Omit<PayerDeps, 'client'>,
): Promise<LookedUpCase | HttpResult> {
  const credentials = caseCookie(event);
  if (!credentials) return seeOther(lookupPath(back));
  const found = await lookUpCase(credentials.caseNumber, credentials.accessCode, {
    ...deps,
    client: clientOf(event),
  });
  if (!found) return seeOther(lookupPath(back));
  return { credentials, ...found, policy: await deps.settings.deadlines() };
}

/**
 * A payer's post to their case ({@link readCasePost}), with a code typed on the expired form's
 * page checked before anything else: a wrong one shows that page again with the answers kept, not
 * the look-up's 「没有找到」 (it counts as a failed look-up against the client's limit); a right
 * one comes with the case's view (`view`), which the reopened form shows.
 */
export async function casePost<T>(
  event: HttpEvent,
  schema: z.ZodType<T>,
  names: readonly string[],
  deps: Omit<PayerDeps, 'client'>,
) {
  const post = readCasePost(event, schema, names);
  if (!post.typedCode) return { ...post, view: undefined };
  const view = await payerView(post.caseNumber, post.accessCode, { ...deps, client: post.client });
  if (!view) throw new CaseFormExpiredError(event, postedForm(event) ?? new URLSearchParams());
  return { ...post, view };
}
