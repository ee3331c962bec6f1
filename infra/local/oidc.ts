/**
 * The local runtime's OpenID Connect provider (issue 11): panva's `oidc-provider`, mounted by the
 * gateway at `<gateway>/identity`, so that the staff sign-in runs the same protocol locally as
 * against Cognito's managed login in AWS: authorization code with PKCE, one confidential client
 * (the site), RP-initiated logout. Sign-in and sign-out pages are our own, in Chinese and without
 * script (infra/local/identity-pages.ts); the provider's development pages accept any password
 * and are off.
 *
 * Only the local runtime loads this module: no Lambda bundle carries `oidc-provider`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JWK } from 'jose';
import Provider, {
  type Configuration,
  errors,
  type Grant,
  interactionPolicy,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import { createMemoryAdapter } from 'oidc-provider/lib/adapters/memory_adapter.js';
import type { User, UserStore } from '#adapters/user-store.ts';
import { PageErrors } from '#functions/pages/components.ts';
import type { Html } from '#functions/pages/html.ts';
import { PAGE_HEADERS } from '#platform/http.ts';
import {
  finishSignOutPage,
  identityMessagePage,
  SIGN_IN_FAILED,
  signInPage,
} from './identity-pages.ts';

/** Where the gateway mounts the provider; the issuer's path. */
export const IDENTITY_PATH = '/identity';
/** A working day: the provider's own session, after which a staff member signs in again. */
const SESSION_SECONDS = 8 * 60 * 60;
/** The sign-in form may stay open this long before it must be started again. */
const INTERACTION_SECONDS = 15 * 60;
/** The sign-in form's fields are short; anything longer is not a sign-in. */
const MAX_FORM_BYTES = 16 * 1024;

/** The provider's cookies, named so that they are not mistaken for the site's own (`si-staff…`). */
export const PROVIDER_COOKIES = {
  session: 'si-idp-session',
  interaction: 'si-idp-interaction',
  resume: 'si-idp-resume',
} as const;

export interface OidcProviderOptions {
  /** `<gateway>/identity`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The private ES256 JWK the runtime keeps in DATA_DIR: the key `verify` trusts. */
  signingKey: JWK;
  cookieKeys: string[];
  users: UserStore;
  /** The user for valid credentials of an enabled account; undefined for every failure alike. */
  authenticate: (username: string, password: string) => Promise<User | undefined>;
  /** The claims of a user's ID token (Cognito's shape), the same as `/api/session` issues. */
  claimsOf: (user: User) => Record<string, unknown>;
  log: (message: string) => void;
}

/** A browser's post from this very site: the provider's forms only take those. */
function sameOrigin(req: IncomingMessage, origin: string): boolean {
  return req.headers.origin === origin || req.headers['sec-fetch-site'] === 'same-origin';
}

function sendPage(res: ServerResponse, status: number, page: Html): void {
  res.writeHead(status, PAGE_HEADERS);
  res.end(page.text);
}

/** The url-encoded fields of a form post, or undefined when it is not one or too big. */
async function formFields(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '')) {
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/**
 * Our client is the site itself (first party): the office, not each user, agreed to what it
 * reads, so the consent prompt is answered here and never shown. The grant takes whatever the
 * request asks of the scopes and claims this provider has.
 */
async function firstPartyGrant(ctx: KoaContextWithOIDC): Promise<Grant | undefined> {
  const { oidc } = ctx;
  const clientId = oidc.client?.clientId;
  const accountId = oidc.session?.accountId;
  if (!clientId || !accountId) return undefined;
  const grantId = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(clientId);
  const grant =
    (grantId ? await oidc.provider.Grant.find(grantId) : undefined) ??
    new oidc.provider.Grant({ clientId, accountId });
  grant.addOIDCScope([...oidc.requestParamOIDCScopes].join(' '));
  grant.addOIDCClaims([...oidc.requestParamClaims]);
  await grant.save();
  return grant;
}

/**
 * The provider, and the gateway's hook that serves `/identity` and below: the sign-in form at
 * `/identity/interaction/<uid>`, everything else by the provider itself.
 */
export function createOidcProvider(o: OidcProviderOptions) {
  const siteOrigin = new URL(o.issuer).origin;
  const { Check } = interactionPolicy;
  const policy = interactionPolicy.base();
  // A session whose account was disabled (or removed) since must not go on issuing codes: the
  // provider asks for a sign-in again, which that account cannot pass.
  policy
    .get('login')
    ?.checks.add(
      new Check('account_unavailable', 'the account is disabled or gone', (ctx) =>
        ctx.oidc.session?.accountId && !ctx.oidc.account
          ? Check.REQUEST_PROMPT
          : Check.NO_NEED_TO_PROMPT,
      ),
    );

  const configuration: Configuration = {
    // The provider's state (sessions, codes, grants) lives in this process by choice: after a
    // restart staff sign in at the provider again, while the site's own sessions and the ID
    // tokens already issued stay valid (SESSION_KEY and the signing key are kept in DATA_DIR).
    // Passed explicitly: the same adapter as the default, without its start-up warning.
    adapter: createMemoryAdapter(),
    clients: [
      {
        client_id: o.clientId,
        client_secret: o.clientSecret,
        redirect_uris: [`${siteOrigin}/staff/callback`],
        post_logout_redirect_uris: [`${siteOrigin}/staff/signed-out`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: 'ES256',
        // Cognito's ID tokens always carry auth_time; the site's callback reads it.
        require_auth_time: true,
      },
    ],
    jwks: { keys: [o.signingKey as Record<string, unknown>] },
    async findAccount(_ctx, sub) {
      const user = await o.users.get(sub);
      // A disabled account gets no code and no token, whatever session it had.
      if (!user || user.disabled) return undefined;
      return { accountId: user.username, claims: () => o.claimsOf(user) };
    },
    // Cognito puts these in the ID token for the `openid` scope alone (every attribute the app
    // client may read: name and phone_number, issue 13); `profile` asks for the name too. The
    // relying party reads the ID token only, hence no conformance to the rule that
    // scope-requested claims go to the UserInfo endpoint.
    claims: {
      openid: ['sub', 'cognito:username', 'cognito:groups', 'name', 'phone_number'],
      profile: ['name'],
    },
    conformIdTokenClaims: false,
    scopes: ['openid', 'profile'],
    // What Cognito's managed login offers the site: the code flow, nothing implicit or pushed.
    responseTypes: ['code'],
    enabledJWA: { idTokenSigningAlgValues: ['ES256'] },
    features: {
      devInteractions: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        // The session ends on the first request, as at Cognito's /logout, with no page asking
        // to confirm: a clerk who left that page open at a shared counter left the next person
        // signed in as them (a staff review, 2026-12-04). The provider has checked the client and
        // its post-logout address before it comes here; a destroyed session is not saved again.
        async logoutSource(ctx: KoaContextWithOIDC) {
          const back = ctx.oidc.session?.state?.postLogoutRedirectUri as string | undefined;
          // The model has `destroy` (end_session's own confirm calls it); its typings omit it.
          await (
            ctx.oidc.session as unknown as { destroy(): Promise<void> } | undefined
          )?.destroy();
          ctx.set(
            'set-cookie',
            `${PROVIDER_COOKIES.session}=; path=${IDENTITY_PATH}; expires=Thu, 01 Jan 1970 00:00:00 GMT; samesite=lax; httponly`,
          );
          ctx.status = 303;
          ctx.set('location', back ?? ctx.oidc.urlFor('end_session_success'));
          ctx.body = '';
        },
        async postLogoutSuccessSource(ctx: KoaContextWithOIDC) {
          ctx.type = 'html';
          ctx.body = identityMessagePage('已退出登录', '您已经退出了工作人员账号。').text;
        },
      },
    },
    interactions: {
      url: (_ctx, interaction) => `${IDENTITY_PATH}/interaction/${interaction.uid}`,
      policy,
    },
    loadExistingGrant: firstPartyGrant,
    // The default asks PKCE of public clients only; the site is a confidential client and must
    // use it all the same (issue 11: code flow with PKCE).
    pkce: { required: () => true },
    ttl: {
      AuthorizationCode: 60,
      AccessToken: 60 * 60,
      IdToken: 60 * 60,
      Interaction: INTERACTION_SECONDS,
      Session: SESSION_SECONDS,
      Grant: SESSION_SECONDS,
    },
    cookies: {
      keys: o.cookieKeys,
      names: PROVIDER_COOKIES,
      // The session cookie goes to the provider's paths only, not with every page of the site.
      long: { httpOnly: true, sameSite: 'lax', path: IDENTITY_PATH },
      // Short cookies: the provider scopes each to its own path (interaction, resume).
      short: { httpOnly: true, sameSite: 'lax' },
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      // The error code is the protocol's own word (`invalid_request`, …): no personal data.
      ctx.body = identityMessagePage(
        '无法完成登录',
        `登录请求无效或已经过期，请重新登录。（${out.error ?? 'error'}）`,
      ).text;
    },
  };

  const provider = new Provider(o.issuer, configuration);
  // Koa logs a failed request's whole error by default; ours says what failed, never who.
  provider.on('error', (error) => o.log(`identity: ${(error as Error).message}`));
  provider.on('server_error', (_ctx, error) => o.log(`identity: ${(error as Error).message}`));

  provider.use(async (ctx, next) => {
    // Before the provider answers: its one inline script (the self-posting form of a sign-out
    // whose session is gone) adds its own hash to this policy; nothing else runs inline.
    for (const [name, value] of Object.entries(PAGE_HEADERS)) {
      if (name !== 'content-type' && name !== 'cache-control') ctx.set(name, value);
    }
    await next();
    // That self-posting form says "Continue" in English and needs script; a button does it here.
    // It comes when a sign-out finds no session, and when another account signs in over a
    // session (its account was disabled meanwhile): the old session is ended first.
    const route = ctx.oidc?.route;
    const switching =
      route === 'resume' && typeof ctx.body === 'string' && ctx.body.includes('<form');
    const ended = route === 'end_session' && !ctx.oidc.session?.accountId;
    if ((switching || ended) && ctx.status === 200 && ctx.oidc.session?.state?.secret) {
      ctx.type = 'html';
      ctx.body = finishSignOutPage({
        action: ctx.oidc.urlFor('end_session_confirm'),
        xsrf: ctx.oidc.session.state.secret,
        switching,
      }).text;
    }
  });

  const callback = provider.callback();

  async function interaction(req: IncomingMessage, res: ServerResponse, uid: string) {
    if (req.method === 'POST' && !sameOrigin(req, siteOrigin)) {
      return sendPage(
        res,
        403,
        identityMessagePage('无法提交', '只能从本系统的登录页面提交用户名和密码。'),
      );
    }
    const expired = () =>
      sendPage(
        res,
        400,
        identityMessagePage('登录页面已过期', '登录页面打开太久或已经用过，请重新登录。'),
      );
    let details: Awaited<ReturnType<typeof provider.interactionDetails>>;
    try {
      details = await provider.interactionDetails(req, res);
    } catch (error) {
      if (error instanceof errors.SessionNotFound) return expired();
      throw error;
    }
    // The cookie names the interaction; the address must name the same one.
    if (details.uid !== uid) return expired();
    const action = `${IDENTITY_PATH}/interaction/${uid}`;

    if (details.prompt.name === 'consent') {
      // Only when the relying party asks for `prompt=consent`: granted as first party, too.
      const asked = details.prompt.details as {
        missingOIDCScope?: string[];
        missingOIDCClaims?: string[];
      };
      const grant =
        (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ??
        new provider.Grant({
          accountId: details.session?.accountId ?? '',
          clientId: String(details.params.client_id ?? ''),
        });
      if (asked.missingOIDCScope) grant.addOIDCScope(asked.missingOIDCScope.join(' '));
      if (asked.missingOIDCClaims) grant.addOIDCClaims(asked.missingOIDCClaims);
      const grantId = await grant.save();
      return provider.interactionFinished(
        req,
        res,
        { consent: details.grantId ? {} : { grantId } },
        { mergeWithLastSubmission: true },
      );
    }
    if (details.prompt.name !== 'login') return expired();

    if (req.method === 'GET' || req.method === 'HEAD') {
      const hint = details.params.login_hint;
      return sendPage(
        res,
        200,
        signInPage({
          action,
          username: typeof hint === 'string' ? hint : '',
          errors: new PageErrors([], []),
        }),
      );
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'GET, POST' });
      res.end();
      return;
    }
    const fields = await formFields(req);
    if (!fields) {
      return sendPage(res, 400, identityMessagePage('无法提交', '提交的内容不是登录表单。'));
    }
    const username = (fields.get('username') ?? '').trim();
    const password = fields.get('password') ?? '';
    const shown = ['/username', '/password'];
    const missing = [
      ...(username ? [] : [{ pointer: '/username', detail: '请输入用户名。' }]),
      ...(password ? [] : [{ pointer: '/password', detail: '请输入密码。' }]),
    ];
    const user = missing.length === 0 ? await o.authenticate(username, password) : undefined;
    if (!user) {
      const errorList =
        missing.length > 0 ? missing : [{ pointer: '/username', detail: SIGN_IN_FAILED }];
      return sendPage(
        res,
        400,
        signInPage({ action, username, errors: new PageErrors(errorList, shown) }),
      );
    }
    return provider.interactionFinished(
      req,
      res,
      // `remember: false`: a browser-session cookie, gone when a shared office browser closes.
      { login: { accountId: user.username, remember: false, amr: ['pwd'] } },
      { mergeWithLastSubmission: false },
    );
  }

  /** The gateway's hook: true when the request was the provider's to answer. */
  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const path = url.pathname;
    if (path !== IDENTITY_PATH && !path.startsWith(`${IDENTITY_PATH}/`)) return false;
    const uid = /^\/identity\/interaction\/([A-Za-z0-9_-]{1,64})$/.exec(path)?.[1];
    if (uid) {
      await interaction(req, res, uid);
      return true;
    }
    if (req.method === 'POST' && path === `${IDENTITY_PATH}/session/end/confirm`) {
      if (!sameOrigin(req, siteOrigin)) {
        sendPage(res, 403, identityMessagePage('无法提交', '只能从本系统的页面退出登录。'));
        return true;
      }
    }
    // Mounted under a prefix as the package's docs do it for express and nest: the provider sees
    // its own paths, and `originalUrl` tells it where it is mounted.
    Object.assign(req, { originalUrl: `${path}${url.search}` });
    req.url = `${path.slice(IDENTITY_PATH.length) || '/'}${url.search}`;
    await callback(req, res);
    return true;
  }

  return { provider, handle };
}
