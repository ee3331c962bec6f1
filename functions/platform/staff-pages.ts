/**
 * The middy chain of every staff page (issue 11): the session from its sealed cookie (none: off to
 * sign-in, and back afterwards), the CSRF and Origin check of every form post, the renewed cookie,
 * and errors as whole staff pages. Handlers get the principal and the posted form, nothing else.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Problem } from '#contracts/problem.ts';
import type { Principal } from '#core/principal.ts';
import { staffMessagePage, type Viewer } from '#functions/pages/staff/layout.ts';
import { formBody, seeOther } from './forms.ts';
import { type HttpEvent, type HttpResult, httpHandler } from './http.ts';
import {
  checkFormPost,
  csrfToken,
  readSession,
  renewal,
  type StaffSession,
  sessionCookieName,
} from './staff-session.ts';

export interface StaffRequest {
  event: HttpEvent;
  principal: Principal;
  session: StaffSession;
  /** Who is looking and their forms' CSRF token, for the page frame. */
  viewer: Viewer;
  /** The posted fields of a POST (already checked for origin and CSRF token); empty for a GET. */
  form: URLSearchParams;
}

/** The path and query of the request, as the browser asked for it. */
export function requestPath(event: HttpEvent): string {
  return event.rawPath + (event.rawQueryString ? `?${event.rawQueryString}` : '');
}

/** The sign-in address that comes back to `next` afterwards. */
export function signInPath(next: string): string {
  return `/staff/sign-in?next=${encodeURIComponent(next)}`;
}

/** A staff page's error as a page: the problem's own Chinese title and detail, and the inbox. */
export function staffErrorPage(p: Problem): string {
  const detail =
    p.status === 400 && p.errors?.length
      ? p.errors.map((e) => e.detail).join('；')
      : (p.detail ?? '');
  return staffMessagePage(p.title, detail, { href: '/staff/inbox', label: '返回待办' }).text;
}

/** Wraps a staff page handler: GET renders, POST changes something and answers 303. */
export function staffPageHandler(
  logger: Logger,
  fn: (request: StaffRequest) => Promise<HttpResult>,
) {
  return httpHandler(
    logger,
    async (event) => {
      const post = event.requestContext.http.method === 'POST';
      const session = await readSession(event);
      if (!session) {
        // A post with no session cannot be replayed after sign-in (its token is gone): the page
        // it came from is shown again instead, signed in.
        const back = post ? sameOriginReferer(event) : requestPath(event);
        return seeOther(signInPath(back));
      }
      const form = post ? formBody(event) : new URLSearchParams();
      if (post) await checkFormPost(event, session, form);
      const viewer = {
        principal: session.principal,
        name: session.name,
        csrf: await csrfToken(session),
      };
      const result = await fn({ event, principal: session.principal, session, viewer, form });
      // Not when the page sets the session cookie itself (sign-out clears it): a renewal after it
      // would take its place, and the browser would stay signed in.
      const name = `${sessionCookieName(event)}=`;
      const renewed = (result.cookies ?? []).some((c) => c.startsWith(name))
        ? undefined
        : await renewal(event, session);
      if (renewed) result.cookies = [...(result.cookies ?? []), renewed];
      return result;
    },
    { errorPage: staffErrorPage },
  );
}

/** The staff page a post came from, when the Referer says so; the inbox otherwise. */
function sameOriginReferer(event: HttpEvent): string {
  try {
    const url = new URL(event.headers.referer ?? '');
    if (url.pathname.startsWith('/staff/')) return url.pathname + url.search;
  } catch {
    // No referer (the page's policy is same-origin, so one is normally there).
  }
  return '/staff/inbox';
}
