/**
 * POST /staff/sign-out — ends the session here and then at the provider, which sends the browser
 * back to /staff/signed-out. A form post (with its CSRF token), so no link can sign anyone out.
 */
import { signOutSession } from '#adapters/account-sessions.ts';
import { signOutUrl } from '#adapters/oidc.ts';
import { seeOther } from '#platform/forms.ts';
import { functionLogger } from '#platform/logger.ts';
import { staffPageHandler } from '#platform/staff-pages.ts';
import { clearSessionCookie, SESSION_MAX_SECONDS } from '#platform/staff-session.ts';

const logger = functionLogger();

export const handler = staffPageHandler(logger, async ({ event, session }) => {
  // Ended here for good, not only in this browser: a copy of the cookie no longer opens a page.
  await signOutSession(
    session.principal.user,
    session.sid,
    session.since + SESSION_MAX_SECONDS,
    Math.floor(Date.now() / 1000),
  );
  logger.info('signed out');
  return seeOther(await signOutUrl(), [clearSessionCookie(event)]);
});
