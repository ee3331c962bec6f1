/** POST /api/payer/sign-out — forgets the looked-up case and the draft: both cookies go. */
import { SIGNED_OUT_PATH } from '#functions/pages/case.ts';
import { CASE_COOKIE, DRAFT_COOKIE, FILED_COOKIE } from '#functions/pages/paths.ts';
import { clearCookie, formBody, seeOther } from '#platform/forms.ts';
import { httpHandler } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';
import { pageErrors } from '#platform/payer-pages.ts';

const logger = functionLogger();

export const handler = httpHandler(
  logger,
  async (event) => {
    // A form post like any other: refused from another site (no signing a payer out from there).
    formBody(event);
    return seeOther(SIGNED_OUT_PATH, [
      clearCookie(event, CASE_COOKIE),
      clearCookie(event, DRAFT_COOKIE),
      clearCookie(event, FILED_COOKIE),
    ]);
  },
  { errorPage: pageErrors },
);
