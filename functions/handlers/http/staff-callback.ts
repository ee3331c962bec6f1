/**
 * GET /staff/callback?code=…&state=… — the provider sends the browser back here: the code is
 * exchanged for the ID token (PKCE, state and nonce checked by openid-client), its claims become
 * the session's principal, and the browser goes on to the page it first asked for.
 */
import { sessionsEnded } from '#adapters/account-sessions.ts';
import { finishSignIn, oidcSettings, SignInFailedError, signOutUrl } from '#adapters/oidc.ts';
import { siteOrigin } from '#adapters/site.ts';
import { principalFromClaims, signedInBeforeEnd } from '#core/principal.ts';
import { staffMessagePage } from '#functions/pages/staff/layout.ts';
import { htmlPage, readCookie, seeOther } from '#platform/forms.ts';
import { httpHandler } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';
import { requestPath, staffErrorPage } from '#platform/staff-pages.ts';
import {
  ENDED_COOKIE,
  ENDED_PATH,
  landingOf,
  newSession,
  pageCookie,
  SIGN_IN_COOKIE,
  safeNext,
  sessionCookie,
  signInCookie,
  unseal,
} from '#platform/staff-session.ts';

const logger = functionLogger();
const AGAIN = { href: '/staff/sign-in', label: '重新登录' };

export const handler = httpHandler(
  logger,
  async (event) => {
    const cleared = signInCookie(event, '', 0);
    const checks = await unseal(readCookie(event, SIGN_IN_COOKIE));
    const query = event.queryStringParameters ?? {};
    if (query.error || !checks) {
      // The user cancelled at the provider, or came back too late or in another browser.
      logger.info('sign-in not completed', { reason: query.error ?? 'no sign-in in progress' });
      const page = staffMessagePage(
        '没有登录成功',
        '登录没有完成，或者等待时间太长。请重新登录。',
        AGAIN,
      );
      return htmlPage(400, page, [cleared]);
    }
    let claims: Record<string, unknown>;
    try {
      claims = await finishSignIn(new URL(requestPath(event), siteOrigin()), {
        verifier: String(checks.verifier),
        state: String(checks.state),
        nonce: String(checks.nonce),
      });
    } catch (error) {
      if (!(error instanceof SignInFailedError)) throw error;
      logger.warn('sign-in refused', { reason: error.reason });
      const page = staffMessagePage('没有登录成功', '登录信息核对不上，请重新登录。', AGAIN);
      return htmlPage(400, page, [cleared]);
    }
    const principal = principalFromClaims(claims, oidcSettings().claims);
    if (!principal) {
      const page = staffMessagePage(
        '账号还不能使用',
        '您的账号还没有分配单位和角色，请联系系统管理员。',
        AGAIN,
      );
      return htmlPage(403, page, [cleared]);
    }
    // The provider's own session may be older than the moment an administrator ended the
    // account's sessions (a new password, or signed out everywhere): Cognito's lasts an hour and
    // signs in again without a password. Such a sign-in starts no site session; the browser goes
    // through the provider's sign-out, and the next sign-in asks for the password (`reauth`).
    // Without `auth_time` (a provider that leaves it out) the token's `iat` counts, or now.
    const { generation, endedAt } = await sessionsEnded(principal.user);
    // The display name the claim mapping read (OIDC `name` by default), else the account.
    const session = newSession(principal, principal.name ?? principal.user, generation);
    if (signedInBeforeEnd(claims, endedAt, session.since)) {
      logger.info('sign-in from a provider session begun before the account’s sessions ended');
      // A provider with no sign-out to send the browser to keeps its session: the next sign-in
      // must then ask it for the password (the signed-out page's link says `reauth=1`).
      const signOut = await signOutUrl();
      const ends = signOut !== oidcSettings().postLogoutUri;
      return seeOther(signOut, [
        cleared,
        pageCookie(event, ENDED_COOKIE, ends ? 'ended' : 'reauth', 10 * 60, ENDED_PATH),
      ]);
    }
    logger.info('signed in', { unit: principal.unit, role: principal.role });
    return seeOther(safeNext(String(checks.next ?? ''), landingOf(principal)), [
      cleared,
      await sessionCookie(event, session),
    ]);
  },
  { errorPage: staffErrorPage },
);
