/**
 * Browser forms without JavaScript (issue 6): `application/x-www-form-urlencoded` bodies, HTML
 * answers, 303 redirects and the payer's two cookies. JSON clients never reach this module.
 */
import { siteOrigin } from '#adapters/site.ts';
import type { Html } from '#functions/pages/html.ts';
import { ForbiddenError, PayloadTooLargeError } from './errors.ts';
import { type HttpEvent, type HttpResult, MAX_BODY_BYTES, PAGE_HEADERS } from './http.ts';

const FORM_TYPE = /^application\/x-www-form-urlencoded\b/i;

/** A browser's form post, as opposed to a JSON client's request. */
export function isFormPost(event: HttpEvent): boolean {
  return FORM_TYPE.test(event.headers['content-type'] ?? '');
}

/**
 * The posted fields of a post from the site itself (issue 16). Refused (403) when the browser
 * names another origin: an `Origin` header other than the site's (`null` included), or Fetch
 * Metadata's `cross-site` or `same-site` — SameSite=Lax cookies go along with a post from another
 * port of the same host or a sibling subdomain. A browser that sends neither (an old one, or a
 * typed or bookmarked request, `none`) passes: the payer forms must work without a script in any
 * browser, and what they can do to a case is also bound to the case cookie's form token.
 */
export function formBody(event: HttpEvent): URLSearchParams {
  const site = event.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') throw new ForbiddenError();
  const origin = event.headers.origin;
  if (origin !== undefined && origin !== siteOrigin()) throw new ForbiddenError();
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) throw new PayloadTooLargeError();
  return new URLSearchParams(text);
}

/** A page the API renders. Never cached: it may show the payer's own data. */
export function htmlPage(
  status: number,
  page: Html,
  cookies: string[] = [],
  headers: Record<string, string> = {},
): HttpResult {
  return {
    statusCode: status,
    headers: {
      ...PAGE_HEADERS,
      ...headers,
    },
    body: page.text,
    ...(cookies.length ? { cookies } : {}),
  };
}

/** POST, then redirect, then GET (303): a reload never posts twice. */
export function seeOther(location: string, cookies: string[] = []): HttpResult {
  return {
    statusCode: 303,
    headers: { location, 'cache-control': 'no-store' },
    ...(cookies.length ? { cookies } : {}),
  };
}

/** Cookies only over HTTPS, except on the local runtime's loopback address. */
function secure(event: HttpEvent): boolean {
  return !/^(127\.\d+\.\d+\.\d+|localhost)(:\d+)?$/.test(event.requestContext.domainName ?? '');
}

/**
 * The name a payer cookie goes by: `__Host-` over HTTPS (issue 16), the staff session's rule
 * (staff-session.ts `sessionCookieName`), so that no sibling subdomain or plain-HTTP page can set
 * or shadow it: the browser keeps a `__Host-` cookie only with Secure, Path=/ and no Domain.
 * The old name is not read during a transition: the case cookie lives 30 minutes and a draft's
 * 2 hours, and a browser that still holds one is only asked to look its case up again, or to
 * start its application again.
 */
export function payerCookieName(event: HttpEvent, name: string): string {
  return secure(event) ? `__Host-${name}` : name;
}

/**
 * A payer cookie, unreadable by scripts. On the local runtime's loopback it is limited to the
 * API's pages and the payer routes (`/api/`); over HTTPS the `__Host-` prefix requires Path=/.
 */
export function setCookie(
  event: HttpEvent,
  name: string,
  value: string,
  maxAgeSeconds: number,
): string {
  const https = secure(event);
  return `${payerCookieName(event, name)}=${value}; Path=${https ? '/' : '/api/'}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${https ? '; Secure' : ''}`;
}

export function clearCookie(event: HttpEvent, name: string): string {
  return setCookie(event, name, '', 0);
}

/** A payer cookie that `setCookie` set, by its name without the prefix. */
export function readPayerCookie(event: HttpEvent, name: string): string | undefined {
  return readCookie(event, payerCookieName(event, name));
}

/** A cookie of the request (payload 2.0 hands them over in `cookies`). */
export function readCookie(event: HttpEvent, name: string): string | undefined {
  const all = [...(event.cookies ?? []), ...(event.headers.cookie?.split(/;\s*/) ?? [])];
  for (const c of all) {
    const at = c.indexOf('=');
    if (at > 0 && c.slice(0, at).trim() === name) return c.slice(at + 1).trim();
  }
  return undefined;
}

/**
 * The named fields as a JSON-like object for the API's schema: an empty answer is left out, as a
 * script would leave it out, so the schema says 「请选择」 rather than "not one of".
 */
export function formFields(
  form: URLSearchParams,
  names: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = form.get(name)?.trim();
    if (value) out[name] = value;
  }
  return out;
}
