/**
 * The payer's credentials on a public case route: the case number in the path, the code in the
 * `X-Access-Code` header or, for a browser's form, in the cookie the look-up set.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type * as z from 'zod';
import { ACCESS_CODE_PATTERN, CASE_NUMBER_PATTERN } from '#contracts/cases.ts';
import { compact } from '#functions/pages/draft.ts';
import { CASE_COOKIE, FILED_COOKIE } from '#functions/pages/paths.ts';
import { postedForm, readBody } from './body.ts';
import { HttpError, NotFoundError } from './errors.ts';
import { formFields, readPayerCookie, setCookie } from './forms.ts';
import { clientNetwork, type HttpEvent } from './http.ts';

/**
 * The case number and access code of the request. A malformed number or code is answered like a
 * wrong one (404), so that probing teaches nothing about which cases exist.
 */
export function payerCredentials(event: HttpEvent): { caseNumber: string; accessCode: string } {
  const caseNumber = event.pathParameters?.caseNumber ?? '';
  // A browser's form carries no header: the code is in the cookie the look-up set (issue 6).
  const fromCookie = caseCookie(event);
  const accessCode = (
    event.headers['x-access-code'] ??
    (fromCookie?.caseNumber === caseNumber ? fromCookie.accessCode : '')
  )
    .trim()
    .toUpperCase();
  if (!CASE_NUMBER_PATTERN.test(caseNumber) || !ACCESS_CODE_PATTERN.test(accessCode)) {
    throw new NotFoundError();
  }
  return { caseNumber, accessCode };
}

/**
 * The client, for the limits against abuse: its address as only CloudFront or the connection
 * can give it (`clientAddress`, never X-Forwarded-For: issue 14), an IPv6 one by its /64
 * (`clientNetwork`), as a hash so that no address is
 * stored.
 */
export function clientOf(event: HttpEvent): string {
  return createHash('sha256')
    .update(`client:${clientNetwork(event)}`)
    .digest('hex')
    .slice(0, 32);
}

/** How long a browser stays "signed in" to a case after the look-up: short, for shared PCs. */
const CASE_COOKIE_SECONDS = 30 * 60;

/** The form token a case cookie carries: 16 random bytes, base64url. */
const TOKEN_PATTERN = /^[\w-]{22}$/;

/**
 * The case the browser looked up (cookie `si_case=<case number>.<access code>.<form token>`).
 * A cookie without a token (set before issue 16) still opens the case pages; their forms are
 * refused until a page hands out a token again (a case page renews the cookie).
 */
export function caseCookie(
  event: HttpEvent,
): { caseNumber: string; accessCode: string; token?: string } | undefined {
  const [caseNumber = '', accessCode = '', token = ''] = (
    readPayerCookie(event, CASE_COOKIE) ?? ''
  ).split('.');
  if (!CASE_NUMBER_PATTERN.test(caseNumber) || !ACCESS_CODE_PATTERN.test(accessCode)) {
    return undefined;
  }
  return TOKEN_PATTERN.test(token) ? { caseNumber, accessCode, token } : { caseNumber, accessCode };
}

/** A case cookie with a new form token: the Set-Cookie line, and the token for the page's forms. */
export function newCaseCookie(
  event: HttpEvent,
  caseNumber: string,
  accessCode: string,
): { cookie: string; token: string } {
  const token = randomBytes(16).toString('base64url');
  const value = `${caseNumber}.${accessCode}.${token}`;
  return { cookie: setCookie(event, CASE_COOKIE, value, CASE_COOKIE_SECONDS), token };
}

/**
 * The same case cookie for another 30 minutes: every case page renews it, so the time runs from
 * the last page the payer opened, not from the look-up (a payer review lost an objection written
 * over half an hour after looking the case up).
 */
export function renewedCaseCookie(
  event: HttpEvent,
  c: { caseNumber: string; accessCode: string; token: string },
): string {
  return setCookie(
    event,
    CASE_COOKIE,
    `${c.caseNumber}.${c.accessCode}.${c.token}`,
    CASE_COOKIE_SECONDS,
  );
}

/**
 * The case this browser filed within the case cookie's half hour: the filing's own mark, matched
 * with the case cookie. A look-up sets the case cookie alone, so its case is never shown as
 * 「刚提交」 (a code review, 2026-12-05).
 */
export function filedCaseOf(event: HttpEvent): string | undefined {
  const filed = readPayerCookie(event, FILED_COOKIE);
  return filed && filed === caseCookie(event)?.caseNumber ? filed : undefined;
}

/** The filing's mark (`filedCaseOf`), for as long as its case cookie lasts. */
export const filedCookie = (event: HttpEvent, caseNumber: string) =>
  setCookie(event, FILED_COOKIE, caseNumber, CASE_COOKIE_SECONDS);

/** The case cookie after a look-up or a filing, with a new form token. */
export function caseCookieFor(event: HttpEvent, caseNumber: string, accessCode: string): string {
  return newCaseCookie(event, caseNumber, accessCode).cookie;
}

/** A form of a case page that did not carry the token of the browser's case cookie. */
export class StaleFormError extends HttpError {
  constructor() {
    super(
      403,
      'stale-form',
      '页面已过期',
      '页面已过期，请重新打开后再提交。如果一直这样，请重新查询您的案件。',
    );
  }
}

/**
 * A post that acts on a case (decision, survey) must show that it comes from the site's own page
 * (issue 16). The code in `X-Access-Code` is proof enough: a browser's form cannot send a header,
 * and another site's script would need CORS, which the API never grants. The code in the cookie
 * is not: a browser sends the cookie with a form of any page that reaches it, so that page must
 * also carry the form token the cookie holds (double submit: another page cannot read an
 * HttpOnly cookie, and with `__Host-` no other subdomain can write one). Another case's token,
 * an old page's token after a new look-up, or none at all: 403, before anything is read or
 * stored. `form` is undefined for a JSON body, which no page of the site sends with the cookie.
 */
export function checkCaseForm(event: HttpEvent, form: URLSearchParams | undefined): void {
  if (event.headers['x-access-code'] !== undefined) return;
  const expected = Buffer.from(caseCookie(event)?.token ?? '');
  const given = Buffer.from(form?.get('csrf') ?? '');
  const ok = expected.length > 0 && given.length === expected.length;
  if (!ok || !timingSafeEqual(given, expected)) throw new StaleFormError();
}

/**
 * A browser's form to a case whose cookie is gone (30 minutes after the last case page, or signed
 * out elsewhere): the fields the payer filled in, to be posted again with the code typed anew.
 * A payer review found the answer thrown away and the page saying the code was wrong.
 */
export class CaseFormExpiredError extends HttpError {
  readonly caseNumber: string;
  /** The form's address, to post it again. */
  readonly action: string;
  readonly fields: URLSearchParams;
  constructor(event: HttpEvent, fields: URLSearchParams) {
    const wrong = fields.has('accessCode');
    super(
      403,
      'case-expired',
      wrong ? '查询码不对' : '页面已超时',
      wrong
        ? '请核对查询码后重新提交，您填写的内容还在。'
        : '为保护您的信息，查看案件后 30 分钟没有打开新的页面会自动退出。请重新输入查询码后提交，您填写的内容还在。',
    );
    this.caseNumber = event.pathParameters?.caseNumber ?? '';
    // The form's own route, rebuilt from the case number the pattern let through (not rawPath).
    const post = event.rawPath.endsWith('/survey') ? 'survey' : 'decision';
    this.action = `/api/cases/${encodeURIComponent(this.caseNumber)}/${post}`;
    this.fields = fields;
  }
}

/**
 * A payer's post to their case (decision, survey): its credentials, and the body against `schema`,
 * as JSON or as the page's own form (checked first, {@link checkCaseForm}) with the fields `names`;
 * with the form token a page shown again carries (the cookie has not changed) and the client.
 * A form whose cookie has expired throws {@link CaseFormExpiredError} with its fields; the form
 * posted again from that page carries the code in `accessCode` (`typedCode`), which proves as
 * much as the header: the response then sets the case cookie anew (`cookies`).
 */
export function readCasePost<T>(event: HttpEvent, schema: z.ZodType<T>, names: readonly string[]) {
  const form = postedForm(event);
  const typed = typedCode(event, form);
  // Only for a well-formed number: a malformed one stays a 404, as everywhere (nothing to probe).
  const wellFormed = CASE_NUMBER_PATTERN.test(event.pathParameters?.caseNumber ?? '');
  const header = event.headers['x-access-code'] !== undefined;
  if (form && wellFormed && !typed && !header && !ownCaseCookie(event)) {
    throw new CaseFormExpiredError(event, form);
  }
  const { caseNumber, accessCode } = typed ?? payerCredentials(event);
  // The page's own form only, before anything is read or stored (issue 16).
  if (!typed) checkCaseForm(event, form);
  // A browser's form (issue 6) sends the same fields as the JSON body, as text.
  const body = readBody(event, form, schema, (f) => formFields(f, names));
  const renewed = typed ? newCaseCookie(event, caseNumber, accessCode) : undefined;
  return {
    caseNumber,
    accessCode,
    body,
    csrf: renewed?.token ?? caseCookie(event)?.token,
    client: clientOf(event),
    typedCode: Boolean(typed),
    cookies: renewed ? [renewed.cookie] : [],
  };
}

/** The case cookie, when it is for the case of the path (another look-up replaces it). */
const ownCaseCookie = (event: HttpEvent) => {
  const cookie = caseCookie(event);
  return cookie?.caseNumber === event.pathParameters?.caseNumber ? cookie : undefined;
};

/**
 * The code typed on the expired form's page (`accessCode`), tidied as the look-up tidies it. A
 * malformed case number is a 404, as everywhere; a malformed code shows that page again with
 * 「查询码不对」, as a wrong one does (payer-routes.ts, casePost).
 */
function typedCode(
  event: HttpEvent,
  form: URLSearchParams | undefined,
): { caseNumber: string; accessCode: string } | undefined {
  const code = form?.get('accessCode');
  // The expired page's form has the code and no token. A case cookie set meanwhile (the payer
  // looked the case up again in another tab) does not take its place: that form has no token
  // for it, and the answers would be lost to 「页面已过期」.
  if (code == null || form?.has('csrf') || event.headers['x-access-code'] !== undefined) {
    return undefined;
  }
  const caseNumber = event.pathParameters?.caseNumber ?? '';
  if (!CASE_NUMBER_PATTERN.test(caseNumber)) throw new NotFoundError();
  const accessCode = compact(code).toUpperCase();
  if (!ACCESS_CODE_PATTERN.test(accessCode)) {
    throw new CaseFormExpiredError(event, form as URLSearchParams);
  }
  return { caseNumber, accessCode };
}
