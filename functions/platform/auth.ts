/**
 * The caller of a staff route. The token was verified before the handler runs (the HTTP API's
 * JWT authorizer in AWS, the local gateway's identical check); the handler reads its claims, and
 * asks whether the account's sessions were ended since.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { type SessionsEnded, sessionsEnded } from '#adapters/account-sessions.ts';
import { claimMapping } from '#adapters/claims.ts';
import { type Principal, principalFromClaims, signedInBeforeEnd } from '#core/principal.ts';
import { HttpError } from './errors.ts';
import type { HttpEvent } from './http.ts';

// Checked at start-up (STYLE 3): a malformed OIDC_CLAIMS fails the function's start with its
// reason, not every request after it.
claimMapping();

export class UnauthorizedError extends HttpError {
  constructor() {
    super(
      401,
      'unauthorized',
      '请先登录',
      '登录已过期或账号没有分配单位和角色，请重新登录或联系管理员。',
    );
  }
}

/**
 * The caller, unless an administrator ended the account's sessions after the token's sign-in
 * (adapters/account-sessions.ts): a bearer token carries no generation of ours, so its
 * `auth_time` (or, without one, `iat`; without either, now) is compared with the end's time.
 * Cognito's tokens last 8 hours; this ends them at once, as the staff pages' sessions are.
 *
 * `ifUnreadable: 'allow'`: when the mark cannot be read (the table down), the caller passes on the
 * token alone. Only for the administrator's read-only views of the system's health and dead
 * letters, which must work while the table does not; everything else refuses.
 */
export async function principalOf(
  event: HttpEvent,
  o: {
    ended?: (username: string) => Promise<SessionsEnded>;
    ifUnreadable?: 'refuse' | 'allow';
  } = {},
): Promise<Principal> {
  const claims = (event as unknown as APIGatewayProxyEventV2WithJWTAuthorizer).requestContext
    .authorizer?.jwt?.claims;
  // By the names the staff pages read them (OIDC_CLAIMS): the provider is the same one.
  const principal = claims ? principalFromClaims(claims, claimMapping()) : undefined;
  if (!claims || !principal) throw new UnauthorizedError();
  let endedAt: number | undefined;
  try {
    ({ endedAt } = await (o.ended ?? sessionsEnded)(principal.user));
  } catch (error) {
    if (o.ifUnreadable !== 'allow') throw error;
    return principal;
  }
  if (signedInBeforeEnd(claims, endedAt, Math.floor(Date.now() / 1000))) {
    throw new UnauthorizedError();
  }
  return principal;
}
