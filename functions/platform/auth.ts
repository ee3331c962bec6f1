/**
 * The caller of a staff route. The token was verified before the handler runs (the HTTP API's
 * JWT authorizer in AWS, the local gateway's identical check); the handler reads its claims.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
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

export function principalOf(event: HttpEvent): Principal {
  const claims = (event as unknown as APIGatewayProxyEventV2WithJWTAuthorizer).requestContext
    .authorizer?.jwt?.claims;
  const principal = claims ? principalFromClaims(claims) : undefined;
  if (!principal) throw new UnauthorizedError();
  return principal;
}
