/**
 * The caller of a staff route. The token was verified before the handler runs (the HTTP API's
 * JWT authorizer in AWS, the local gateway's identical check); the handler reads its claims, and
 * asks whether the account's sessions were ended since.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { type SessionsEnded, sessionsEnded } from '#adapters/account-sessions.ts';
import { type Principal, principalFromClaims } from '#core/principal.ts';
import { HttpError } from './errors.ts';
import type { HttpEvent } from './http.ts';

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
 * `auth_time` (or, without one, `iat`) is compared with the end's time. Cognito's tokens last 8
 * hours; this ends them at once, as the staff pages' sessions are.
 */
export async function principalOf(
  event: HttpEvent,
  ended: (username: string) => Promise<SessionsEnded> = sessionsEnded,
): Promise<Principal> {
  const claims = (event as unknown as APIGatewayProxyEventV2WithJWTAuthorizer).requestContext
    .authorizer?.jwt?.claims;
  const principal = claims ? principalFromClaims(claims) : undefined;
  if (!claims || !principal) throw new UnauthorizedError();
  const { endedAt } = await ended(principal.user);
  // API Gateway passes every claim as a string.
  const signedIn = Number(claims.auth_time ?? claims.iat);
  if (endedAt !== undefined && !(signedIn > endedAt)) throw new UnauthorizedError();
  return principal;
}
