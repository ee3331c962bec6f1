/** The look-up form of the status page, built once; the case pages are rendered by the API. */
import { lookupPage } from '#functions/pages/case.ts';

export const GET = () =>
  new Response(lookupPage('status').text, {
    headers: { 'content-type': 'text/html; charset=utf-8' },
  });
