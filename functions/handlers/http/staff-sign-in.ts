/**
 * GET /staff/sign-in[?next=…] — starts the OpenID Connect sign-in (code flow with PKCE): the
 * checks go into a short-lived sealed cookie, the browser to the provider's login. Someone already
 * signed in goes straight on. `reauth=1` asks the provider for the password whatever its session.
 */
import { startSignIn } from '#adapters/oidc.ts';
import { seeOther } from '#platform/forms.ts';
import { httpHandler } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';
import { staffErrorPage } from '#platform/staff-pages.ts';
import {
  landingOf,
  readSession,
  SIGN_IN_SECONDS,
  safeNext,
  seal,
  signInCookie,
} from '#platform/staff-session.ts';

const logger = functionLogger();

export const handler = httpHandler(
  logger,
  async (event) => {
    // The page asked for is checked where it is used: without one, where to land depends on who
    // signs in.
    const next = event.queryStringParameters?.next ?? '';
    const session = await readSession(event);
    if (session) return seeOther(safeNext(next, landingOf(session.principal)));
    // `reauth=1`: the signed-out page's link after the site refused a sign-in from an old
    // provider session that it could not end (staff-callback.ts).
    const reauthenticate = event.queryStringParameters?.reauth === '1';
    const { url, checks } = await startSignIn({ reauthenticate });
    const sealed = await seal({ ...checks, next }, SIGN_IN_SECONDS);
    return seeOther(url, [signInCookie(event, sealed)]);
  },
  { errorPage: staffErrorPage },
);
