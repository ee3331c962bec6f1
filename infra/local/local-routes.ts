/**
 * Routes only the local runtime has, standing in for what AWS provides by other means:
 * a script's sign-in (Cognito; browsers sign in through the OpenID Connect provider at
 * `/identity`, infra/local/oidc.ts) and the notification outbox (e-mail and SMS in AWS).
 */
import type { SessionsEnded } from '#adapters/account-sessions.ts';
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { folderOutbox } from '#adapters/outbox.ts';
import { fieldErrors } from '#contracts/problem.ts';
import { SessionRequestSchema } from '#contracts/staff.ts';
import { sentMessagesFor } from '#core/outbox.ts';
import { principalFromClaims, signedInBeforeEnd } from '#core/principal.ts';
import type { IdentityProvider } from './identity.ts';
import type { HttpResponse } from './lambda.ts';

const json = (status: number, body: unknown, type = 'application/json'): HttpResponse => ({
  status,
  headers: { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' },
  body: Buffer.from(JSON.stringify(body)),
});

const problem = (status: number, title: string, detail: string, extra: object = {}) =>
  json(
    status,
    { type: `https://si-disputes.invalid/problems/${status}`, title, status, detail, ...extra },
    'application/problem+json',
  );

export interface LocalRequest {
  method: string;
  url: URL;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export function localRoutes(options: {
  identity: IdentityProvider;
  outboxDir: string;
  /** Runs a scheduled function now, as its schedule would (tests and operators, loopback only). */
  runSchedule: (name: string) => Promise<unknown | undefined>;
  /** When an account's sessions were last ended (adapters/account-sessions.ts), on this table. */
  sessionsEnded: (username: string) => Promise<SessionsEnded>;
}) {
  const { identity } = options;
  /**
   * The caller of a bearer token the local provider signed, or undefined: as the staff API's
   * `principalOf` (platform/auth.ts), a token signed in before its account's sessions ended is
   * refused.
   */
  const principalOf = async (req: LocalRequest) => {
    const auth = String(req.headers.authorization ?? '');
    const claims = auth.startsWith('Bearer ') ? await identity.verify(auth.slice(7)) : undefined;
    const principal = claims ? principalFromClaims(claims) : undefined;
    if (!claims || !principal) return undefined;
    const { endedAt } = await options.sessionsEnded(principal.user);
    const now = Math.floor(Date.now() / 1000);
    return signedInBeforeEnd(claims, endedAt, now) ? undefined : principal;
  };
  return async (req: LocalRequest): Promise<HttpResponse | undefined> => {
    const path = req.url.pathname;
    const run = /^\/local\/schedules\/([a-z-]+)$/.exec(path);
    if (req.method === 'POST' && run?.[1]) {
      // Reports, sweeps and retention run with the administrator's token only, and never from a
      // browser page (issue 16: a cross-site form could run the retention sweep). A page's form
      // cannot set Authorization; Sec-Fetch-Site is refused as a second line.
      const site = String(req.headers['sec-fetch-site'] ?? 'none');
      if (site !== 'none' && site !== 'same-origin') {
        return problem(403, '不能从网页调用', '定时任务只能由管理员的脚本在本机调用。');
      }
      const principal = await principalOf(req);
      if (!principal) return problem(401, '需要登录', '请先登录管理员账号。');
      if (principal.role !== 'admin') {
        return problem(403, '没有权限', '只有管理员可以立即运行定时任务。');
      }
      const result = await options.runSchedule(run[1]);
      return result === undefined ? json(404, { message: 'no such schedule' }) : json(200, result);
    }
    if (req.method === 'POST' && path === '/api/session') {
      let body: unknown;
      try {
        body = JSON.parse(req.body.toString('utf8'));
      } catch {
        return problem(400, '请求格式不正确', '请求正文不是有效的 JSON。');
      }
      const parsed = SessionRequestSchema.safeParse(body);
      if (!parsed.success) {
        return problem(400, '提交的信息有问题', '请填写用户名和密码。', {
          errors: fieldErrors(parsed.error.issues),
        });
      }
      const token = await identity.signIn(parsed.data.username, parsed.data.password);
      if (!token) return problem(401, '无法登录', '用户名或密码不正确，或账号已停用。');
      return json(200, { token });
    }
    if (req.method === 'GET' && path === '/api/staff/outbox') {
      const principal = await principalOf(req);
      if (!principal) return problem(401, '需要登录', '请先登录工作人员账号。');
      // The same rule as the outbox page (/staff/outbox): a unit reads its own messages only,
      // and every phone number is masked.
      const deps = { outbox: folderOutbox(options.outboxDir), store: dynamoCaseStore() };
      return json(200, { items: await sentMessagesFor(principal, deps) });
    }
    return undefined;
  };
}
