/**
 * Where the payer's 「退出」 lands: the status look-up, saying the case is no longer open in this
 * browser (a payer review found the look-up form alone, with no word that signing out had worked).
 */
import { lookupPage } from '#functions/pages/case.ts';

export const GET = () =>
  new Response(lookupPage('status', { signedOut: true }).text, {
    headers: { 'content-type': 'text/html; charset=utf-8' },
  });
