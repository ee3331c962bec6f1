/** The look-up form of the survey page, built once; the case pages are rendered by the API. */
import { lookupPage } from '#functions/pages/case.ts';

export const GET = () =>
  new Response(lookupPage('survey').text, {
    headers: { 'content-type': 'text/html; charset=utf-8' },
  });
