/**
 * The case page's answer, from whichever function renders it (the page itself, or the action post
 * that shows it again with errors): the page headers, with the one origin its upload script may
 * send a file to (functions/adapters/attachment-store.ts, uploadOrigins).
 */
import { uploadOrigins } from '#adapters/attachment-store.ts';
import type { Html } from '#functions/pages/html.ts';
import { htmlPage } from './forms.ts';
import { type HttpResult, PAGE_HEADERS } from './http.ts';

const CONNECT = uploadOrigins();

/** The case page, with its status. */
export function casePageAnswer(status: number, page: Html): HttpResult {
  const csp = `${PAGE_HEADERS['content-security-policy']}; connect-src ${CONNECT}`;
  return htmlPage(status, page, [], { 'content-security-policy': csp });
}
