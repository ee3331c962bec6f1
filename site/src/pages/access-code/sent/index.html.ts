/**
 * The one answer to a request for a new access code, static: the same page whether or not the
 * details matched (issue 13).
 */
import { accessCodeSentPage } from '#functions/pages/access-code.ts';

export const GET = () =>
  new Response(accessCodeSentPage().text, {
    headers: { 'content-type': 'text/html; charset=utf-8' },
  });
