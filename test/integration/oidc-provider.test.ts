/**
 * The local runtime's OpenID Connect provider (issue 11), driven over plain HTTP as a browser
 * with JavaScript off would drive it, with `openid-client` as the relying party: authorization
 * code with PKCE, our own sign-in form, RP-initiated logout.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import * as oidc from 'openid-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoUserStore } from '#adapters/user-store.ts';
import { TABLE_NAME } from '#functions/manifest.ts';
import { DEMO_PASSWORD } from '#local/demo.ts';
import { postJson } from '#test/fixtures/cases.ts';
import { HttpBrowser } from '#test/fixtures/http-browser.ts';
import { sharedRuntime } from '#test/fixtures/runtime.ts';
import { addDemoAccounts, staffGet } from '#test/fixtures/staff.ts';

const CLIENT_ID = 'si-disputes-local';
const FAILED = '用户名或密码不正确，或账号已停用。';

const rt = sharedRuntime();
let config: oidc.Configuration;

beforeAll(async () => {
  await addDemoAccounts(rt);
  const secret = readFileSync(join(rt.dataDir, 'identity', 'client.secret'), 'utf8');
  // As the site's relying party does (functions/adapters/oidc.ts): client_secret_basic.
  config = await oidc.discovery(
    new URL(`${rt.url}/identity`),
    CLIENT_ID,
    undefined,
    oidc.ClientSecretBasic(secret),
    { execute: [oidc.allowInsecureRequests] },
  );
});

/** A browser with JavaScript off that stops at the redirect to the site's callback. */
class Browser extends HttpBrowser {
  constructor() {
    super(rt.url, { stopAt: '/staff/callback' });
  }
}

/** A new authorization request of the relying party, with its PKCE, state and nonce. */
async function authorization(extra: Record<string, string> = {}) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: `${rt.url}/staff/callback`,
    scope: 'openid profile',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...extra,
  });
  return {
    url: url.href,
    checks: { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce },
  };
}

const formAction = (page: string) => /<form method="post" action="([^"]+)"/.exec(page)?.[1] ?? '';
const hidden = (page: string, name: string) =>
  new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1] ?? '';
const callbackOf = (res: { status: number; headers: Headers }) => {
  const location = res.headers.get('location');
  return res.status === 303 && location && new URL(location, rt.url).pathname === '/staff/callback'
    ? new URL(location, rt.url)
    : undefined;
};

/** The whole sign-in: authorization request, the form, the code, the token exchange. */
async function signIn(browser: Browser, username: string, password = DEMO_PASSWORD) {
  const { url, checks } = await authorization();
  const form = await browser.follow(url);
  expect(form.status).toBe(200);
  const answer = await browser.submit(formAction(form.text), { username, password });
  const callback = callbackOf(answer);
  if (!callback) throw new Error(`no code for ${username}: ${answer.status}`);
  return oidc.authorizationCodeGrant(config, callback, { ...checks, idTokenExpected: true });
}

describe('the local OpenID Connect provider', () => {
  it('publishes its metadata at the issuer, with the key the gateway trusts and PKCE S256 only', async () => {
    const meta = config.serverMetadata();
    expect(meta.issuer).toBe(`${rt.url}/identity`);
    expect(meta.end_session_endpoint).toBe(`${rt.url}/identity/session/end`);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect(meta.id_token_signing_alg_values_supported).toEqual(['ES256']);
    const jwks = (await (await fetch(String(meta.jwks_uri))).json()) as {
      keys: { kid: string; d?: string }[];
    };
    const kept = JSON.parse(
      readFileSync(join(rt.dataDir, 'identity', 'signing-key.jwk.json'), 'utf8'),
    );
    expect(jwks.keys.map((k) => k.kid)).toEqual([kept.publicJwk.kid]);
    expect(jwks.keys[0]?.d).toBeUndefined();
  });

  it('signs tax.staff in through the code flow with PKCE; the ID token carries Cognito-shaped claims', async () => {
    const browser = new Browser();
    const { url } = await authorization();

    const form = await browser.follow(url);
    expect(form.status).toBe(200);
    expect(form.url).toMatch(new RegExp(`^${rt.url}/identity/interaction/[\\w-]+$`));
    expect(form.text).toContain('<title>工作人员登录');
    expect(form.text).toContain('>用户名</label>');
    expect(form.text).toContain('>密码</label>');
    expect(form.text).toContain('type="password"');
    expect(form.text).toContain('>登录</button>');
    expect(form.text).toContain('href="/assets/site.css"');
    expect(form.text).not.toContain('<script');
    const csp = form.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');

    const tokens = await signIn(browser, 'tax.staff');
    const claims = tokens.claims();
    expect(claims?.iss).toBe(`${rt.url}/identity`);
    expect(claims?.aud).toBe(CLIENT_ID);
    expect(claims?.sub).toBe('tax.staff');
    expect(claims?.['cognito:username']).toBe('tax.staff');
    expect(claims?.['cognito:groups']).toEqual(expect.arrayContaining(['unit:tax', 'role:staff']));
    // The account's display name and work phone, as Cognito's standard attributes (issue 13).
    expect(claims?.name).toBe('税务局窗口（演示）');
    expect(claims?.phone_number).toBe('+864768801001');
    expect(decodeProtectedHeader(tokens.id_token ?? '').alg).toBe('ES256');
    // The provider's own ID token passes the gateway's authorizer, as one from /api/session does.
    const inbox = await staffGet(rt, '/api/staff/inbox', tokens.id_token);
    expect(inbox.status).toBe(200);
  });

  it('keeps the provider session: a second authorization gets a code without the form', async () => {
    const browser = new Browser();
    await signIn(browser, 'tax.head');
    const { url, checks } = await authorization();
    const again = await browser.follow(url);
    const callback = callbackOf(again);
    expect(callback?.searchParams.get('code')).toBeTruthy();
    const tokens = await oidc.authorizationCodeGrant(config, callback as URL, {
      ...checks,
      idTokenExpected: true,
    });
    expect(tokens.claims()?.['cognito:groups']).toEqual(
      expect.arrayContaining(['unit:tax', 'role:head']),
    );
  });

  it('never shows a consent page to the site, a first party, even when asked for one', async () => {
    const browser = new Browser();
    await signIn(browser, 'tax.staff');
    const { url, checks } = await authorization({ prompt: 'consent' });
    const answer = await browser.follow(url);
    const callback = callbackOf(answer);
    expect(callback?.searchParams.get('code')).toBeTruthy();
    const tokens = await oidc.authorizationCodeGrant(config, callback as URL, {
      ...checks,
      idTokenExpected: true,
    });
    expect(tokens.claims()?.sub).toBe('tax.staff');
  });

  it('refuses a wrong password and an unknown user alike, in Chinese, keeping the user name and issuing no code', async () => {
    const browser = new Browser();
    const { url } = await authorization();
    const form = await browser.follow(url);
    const action = formAction(form.text);

    for (const username of ['tax.staff', 'nobody.staff']) {
      const refused = await browser.request(action, {
        method: 'POST',
        form: { username, password: 'wrong-password' },
      });
      expect(refused.status).toBe(400);
      expect(refused.headers.get('location')).toBeNull();
      expect(refused.text).toContain('<title>错误：工作人员登录');
      expect(refused.text).toContain('data-testid="error-summary"');
      expect(refused.text).toContain(FAILED);
      expect(refused.text).toContain(`value="${username}"`);
      expect(refused.text).not.toContain('wrong-password');
    }

    // The same interaction still signs in with the right password afterwards.
    const answer = await browser.submit(action, { username: 'tax.staff', password: DEMO_PASSWORD });
    expect(callbackOf(answer)?.searchParams.get('code')).toBeTruthy();
  });

  it('asks for both fields when they are empty', async () => {
    const browser = new Browser();
    const form = await browser.follow((await authorization()).url);
    const refused = await browser.request(formAction(form.text), {
      method: 'POST',
      form: { username: '', password: '' },
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('请输入用户名。');
    expect(refused.text).toContain('请输入密码。');
  });

  it('refuses a sign-in posted from another site', async () => {
    const browser = new Browser();
    const form = await browser.follow((await authorization()).url);
    const target = new URL(formAction(form.text), rt.url);
    // Even with the interaction's cookie (a browser that ignores SameSite), the origin decides.
    const cookie = browser.cookieHeader(target);
    expect(cookie).toContain('si-idp-interaction=');
    const res = await fetch(target, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie,
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
      },
      body: new URLSearchParams({ username: 'tax.staff', password: DEMO_PASSWORD }).toString(),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('location')).toBeNull();
    // The refusal used nothing up: the same form, posted from the site, still signs in.
    const answer = await browser.submit(target.href, {
      username: 'tax.staff',
      password: DEMO_PASSWORD,
    });
    expect(callbackOf(answer)?.searchParams.get('code')).toBeTruthy();
  });

  it('refuses a sign-out confirmation posted from another site', async () => {
    const res = await fetch(`${rt.url}/identity/session/end/confirm`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://evil.example',
      },
      body: 'xsrf=x&logout=yes',
    });
    expect(res.status).toBe(403);
  });

  it('does not sign in a disabled account, nor keep one signed in', async () => {
    const users = dynamoUserStore(rt.db, TABLE_NAME);
    await users.add({ username: 'leaving.staff', unit: 'tax', role: 'staff' }, 'pw-123456');
    const browser = new Browser();
    await signIn(browser, 'leaving.staff', 'pw-123456');
    await users.setDisabled('leaving.staff', true);

    // The provider's session still exists, but its account no longer does: the form again.
    const form = await browser.follow((await authorization()).url);
    expect(form.status).toBe(200);
    expect(form.text).toContain('<title>工作人员登录');
    const refused = await browser.request(formAction(form.text), {
      method: 'POST',
      form: { username: 'leaving.staff', password: 'pw-123456' },
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain(FAILED);

    // Someone else signs in at the same browser: the old session is ended first, by a button.
    const switching = await browser.submit(formAction(form.text), {
      username: 'tax.staff',
      password: DEMO_PASSWORD,
    });
    expect(switching.status).toBe(200);
    expect(switching.text).toContain('<title>切换账号');
    expect(switching.text).not.toContain('<script');
    const answer = await browser.submit(formAction(switching.text), {
      xsrf: hidden(switching.text, 'xsrf'),
      logout: 'yes',
    });
    expect(callbackOf(answer)?.searchParams.get('code')).toBeTruthy();
  });

  it('requires PKCE of the site, a confidential client', async () => {
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: `${rt.url}/staff/callback`,
      scope: 'openid',
      state: oidc.randomState(),
    });
    const res = await new Browser().follow(url.href);
    const callback = callbackOf(res);
    expect(callback?.searchParams.get('error')).toBe('invalid_request');
    expect(callback?.searchParams.get('code')).toBeNull();
  });

  it('ends the provider session on RP-initiated logout: the next authorization shows the form', async () => {
    const browser = new Browser();
    await signIn(browser, 'tax.staff');
    expect(browser.names()).toContain('si-idp-session /identity');

    // As the site signs out: client_id and post_logout_redirect_uri, no id_token_hint.
    const logout = oidc.buildEndSessionUrl(config, {
      client_id: CLIENT_ID,
      post_logout_redirect_uri: `${rt.url}/staff/signed-out`,
    });
    // Ended on this first request, as at Cognito's /logout: no page to confirm on, which a clerk
    // could leave open at a shared counter with the session still alive.
    const done = await browser.request(logout.href);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`${rt.url}/staff/signed-out`);
    expect(browser.names()).not.toContain('si-idp-session /identity');

    const again = await browser.follow((await authorization()).url);
    expect(again.status).toBe(200);
    expect(again.text).toContain('<title>工作人员登录');
  });

  it('renders its errors in Chinese, without script', async () => {
    const res = await fetch(`${rt.url}/identity/auth?client_id=unknown&response_type=code`);
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain('无法完成登录');
    expect(text).not.toContain('<script');
  });
});

describe('POST /api/session', () => {
  it('still gives scripts a token of the same issuer, key and audience, accepted on the staff API', async () => {
    const res = await postJson(`${rt.url}/api/session`, {
      username: 'tax.staff',
      password: DEMO_PASSWORD,
    });
    expect(res.status).toBe(200);
    const token = String(res.json.token);
    const claims = decodeJwt(token);
    expect(claims.iss).toBe(`${rt.url}/identity`);
    expect(claims.aud).toBe(CLIENT_ID);
    expect(claims['cognito:groups']).toEqual(['role:staff', 'unit:tax']);
    const kept = JSON.parse(
      readFileSync(join(rt.dataDir, 'identity', 'signing-key.jwk.json'), 'utf8'),
    );
    expect(decodeProtectedHeader(token).kid).toBe(kept.publicJwk.kid);
    const inbox = await staffGet(rt, '/api/staff/inbox', token);
    expect(inbox.status).toBe(200);
  });
});
