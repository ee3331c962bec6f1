/** The request for a new access code (issue 13), built once; the API shows it again with errors. */
import { accessCodeRequestPage } from '#functions/pages/access-code.ts';

export const GET = () =>
  new Response(accessCodeRequestPage().text, {
    headers: { 'content-type': 'text/html; charset=utf-8' },
  });
