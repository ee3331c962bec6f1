/**
 * The payer's credentials on a public case route: the case number in the path, the code in the
 * `X-Access-Code` header or, for a browser's form, in the cookie the look-up set.
 */
import { createHash } from 'node:crypto';
import { ACCESS_CODE_PATTERN, CASE_NUMBER_PATTERN } from '#contracts/cases.ts';
import { CASE_COOKIE } from '#functions/pages/paths.ts';
import { NotFoundError } from './errors.ts';
import { readCookie, setCookie } from './forms.ts';
import { clientAddress, type HttpEvent } from './http.ts';

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
 * can give it (`clientAddress`, never X-Forwarded-For: issue 14), as a hash so that no address is
 * stored.
 */
export function clientOf(event: HttpEvent): string {
  return createHash('sha256')
    .update(`client:${clientAddress(event)}`)
    .digest('hex')
    .slice(0, 32);
}

/** How long a browser stays "signed in" to a case after the look-up: short, for shared PCs. */
const CASE_COOKIE_SECONDS = 30 * 60;

/** The case the browser looked up (cookie `si_case=<case number>.<access code>`). */
export function caseCookie(
  event: HttpEvent,
): { caseNumber: string; accessCode: string } | undefined {
  const [caseNumber = '', accessCode = ''] = (readCookie(event, CASE_COOKIE) ?? '').split('.');
  return CASE_NUMBER_PATTERN.test(caseNumber) && ACCESS_CODE_PATTERN.test(accessCode)
    ? { caseNumber, accessCode }
    : undefined;
}

export function caseCookieFor(event: HttpEvent, caseNumber: string, accessCode: string): string {
  return setCookie(event, CASE_COOKIE, `${caseNumber}.${accessCode}`, CASE_COOKIE_SECONDS);
}
