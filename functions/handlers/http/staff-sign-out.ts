/**
 * POST /staff/sign-out — ends the session here and then at the provider, which sends the browser
 * back to /staff/signed-out. A form post (with its CSRF token), so no link can sign anyone out.
 */
import { signOutUrl } from '#adapters/oidc.ts';
import { seeOther } from '#platform/forms.ts';
import { functionLogger } from '#platform/logger.ts';
import { staffPageHandler } from '#platform/staff-pages.ts';
import { clearSessionCookie } from '#platform/staff-session.ts';

const logger = functionLogger();

export const handler = staffPageHandler(logger, async ({ event }) => {
  logger.info('signed out');
  return seeOther(await signOutUrl(), [clearSessionCookie(event)]);
});
