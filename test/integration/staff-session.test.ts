/**
 * Staff sign-in and sessions through the site's own pages (issue 11), over plain HTTP as a browser
 * with JavaScript off: /staff/sign-in → the local OpenID Connect provider's login → /staff/callback
 * → the page first asked for, with a sealed HttpOnly cookie. Forged, expired and missing sessions
 * are sent to sign in; sign-out ends the provider's session too.
 */
import { randomBytes } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_NAME } from '#functions/manifest.ts';
import { DEMO_PASSWORD } from '#local/demo.ts';
import { postJson } from '#test/fixtures/cases.ts';
import { formAction, HttpBrowser, hiddenField } from '#test/fixtures/http-browser.ts';
import { adminCli, caseMark, casesStoredSince } from '#test/fixtures/integration.ts';
import { sharedRuntime } from '#test/fixtures/runtime.ts';
import { addAccount, addDemoAccounts, staffGet } from '#test/fixtures/staff.ts';
import { csrfOf, getPage, postPage, sessionCookieFor } from '#test/fixtures/staff-session.ts';

const rt = sharedRuntime();

beforeAll(async () => {
  await addDemoAccounts(rt);
});

/** Signs in from a staff page's address as a browser does; returns the browser and the page. */
async function signInFrom(path: string, username: string, password = DEMO_PASSWORD) {
  const browser = new HttpBrowser(rt.url);
  const login = await browser.follow(path);
  expect(login.text).toContain('工作人员登录');
  const page = await browser.submit(formAction(login.text), { username, password });
  return { browser, page };
}

const signInLocation = (next: string) => `/staff/sign-in?next=${encodeURIComponent(next)}`;

const admin = adminCli(rt);

/** A new clerk of tax, with the demo password (how accounts are added is not the subject here). */
async function newClerk(username: string): Promise<string> {
  await addAccount(rt, { username, unit: 'tax', role: 'staff' });
  return DEMO_PASSWORD;
}

/**
 * Waits for the next whole second: sessions, sign-ins and their end are counted in seconds, and a
 * session begun in the second its account's sessions ended counts as ended.
 */
async function nextSecond(): Promise<void> {
  await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 20));
}

describe('signing in', () => {
  it('goes through the provider and back to the page first asked for, with a sealed HttpOnly cookie', async () => {
    const { browser, page } = await signInFrom('/staff/inbox?status=assigned', 'tax.staff');
    expect(page.status).toBe(200);
    expect(new URL(page.url).pathname + new URL(page.url).search).toBe(
      '/staff/inbox?status=assigned',
    );
    expect(page.text).toContain('旗税务局 待办事项');
    // The account's display name from the token's `name` claim (issue 13).
    expect(page.text).toContain('税务局窗口（演示） · 旗税务局 · 承办人');
    const session = browser.cookie('si-staff');
    expect(session).toMatch(/^[\w-]+\.\.[\w-]+\.[\w-]+\.[\w-]+$/); // a JWE, compact, dir
    // Nothing a script or the payer could read: no name, unit or role in clear.
    expect(session).not.toContain('tax');
  });

  it('sends someone already signed in straight on to the page asked for', async () => {
    const { browser } = await signInFrom('/staff/inbox', 'office.staff');
    const res = await browser.request('/staff/sign-in?next=%2Fstaff%2Freports');
    // Signed in already: straight on.
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/staff/reports');
  });

  it('matches the account name without regard to case, as the stack’s user pool does', async () => {
    const { page } = await signInFrom('/staff/inbox', 'Tax.Staff');
    expect(page.text).toContain('旗税务局 待办事项');
    expect(page.text).toContain('税务局窗口（演示） · 旗税务局 · 承办人');
  });

  it('refuses a wrong password at the provider and gives the site no session', async () => {
    const { browser, page } = await signInFrom('/staff/inbox', 'tax.staff', 'wrong-password');
    expect(page.status).toBe(400);
    expect(page.text).toContain('用户名或密码不正确，或账号已停用。');
    expect(browser.cookie('si-staff')).toBeUndefined();
  });

  it('refuses a callback that does not belong to a sign-in in progress', async () => {
    const browser = new HttpBrowser(rt.url);
    const res = await browser.request('/staff/callback?code=forged&state=forged');
    expect(res.status).toBe(400);
    expect(res.text).toContain('没有登录成功');
    expect(browser.cookie('si-staff')).toBeUndefined();
  });

  it('never sends the browser off the site after sign-in', async () => {
    const { page } = await signInFrom(
      '/staff/sign-in?next=%2F%2Fevil.example%2Fstaff%2F',
      'tax.staff',
    );
    expect(new URL(page.url).href).toBe(`${rt.url}/staff/inbox`);
  });
});

describe('a session', () => {
  it('is needed for every staff page: without one the browser is sent to sign in and back', async () => {
    for (const path of ['/staff/inbox', '/staff/cases/2026-000001', '/staff/reports']) {
      const res = await getPage(rt, path, '');
      expect(res.status).toBe(303);
      expect(res.location).toBe(signInLocation(path));
      expect(res.text).toBe('');
    }
  });

  it('sealed with another key (forged) or past its idle time (expired) is refused', async () => {
    const forged = await sessionCookieFor(rt, 'tax.head', { key: randomBytes(32) });
    const expired = await sessionCookieFor(rt, 'tax.head', { ageSeconds: 31 * 60 });
    const valid = await sessionCookieFor(rt, 'tax.head');
    for (const cookie of [forged, expired, 'si-staff=not-a-session']) {
      const res = await getPage(rt, '/staff/inbox', cookie);
      expect(res.status).toBe(303);
      expect(res.location).toBe(signInLocation('/staff/inbox'));
    }
    const ok = await getPage(rt, '/staff/inbox', valid);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('tax.head · 旗税务局 · 单位负责人');
  });

  it('is renewed while in use: a page answered after a minute seals a new cookie', async () => {
    const fresh = await getPage(rt, '/staff/inbox', await sessionCookieFor(rt, 'tax.staff'));
    expect(fresh.headers.getSetCookie()).toEqual([]);
    const older = await getPage(
      rt,
      '/staff/inbox',
      await sessionCookieFor(rt, 'tax.staff', { ageSeconds: 5 * 60 }),
    );
    expect(older.status).toBe(200);
    const [renewed] = older.headers.getSetCookie();
    expect(renewed).toMatch(/^si-staff=[^;]+; Path=\/; Max-Age=1800; HttpOnly; SameSite=Lax$/);
  });

  it('pages are never cached, so the back button after sign-out shows nothing', async () => {
    const res = await getPage(rt, '/staff/inbox', await sessionCookieFor(rt, 'tax.staff'));
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});

describe('where a sign-in from the staff start page lands', () => {
  it('is a leader’s overdue list, and a clerk’s inbox', async () => {
    const leader = await signInFrom('/staff/sign-in', 'leader');
    const clerk = await signInFrom('/staff/sign-in', 'tax.staff');

    expect(new URL(leader.page.url).pathname).toBe('/staff/supervision');
    expect(new URL(clerk.page.url).pathname).toBe('/staff/inbox');
    expect(clerk.page.text).toContain('旗税务局 待办事项');
  });
});

describe('an administrator ending a user’s sessions', () => {
  it('by disabling the account: its open session’s next page and post go to a sign-in it cannot pass', async () => {
    const password = await newClerk('ended.disabled');
    const { browser, page } = await signInFrom('/staff/register', 'ended.disabled', password);
    expect(page.text).toContain('登记争议');
    const csrf = hiddenField(page.text, 'csrf');
    await nextSecond();

    const { stdout } = await admin('users', 'disable', 'ended.disabled');
    expect(stdout).toContain('their sessions have ended');
    const mark = await rt.db.send(
      new GetCommand({
        TableName: TABLE_NAME,
        Key: { PK: 'ACCOUNT#ended.disabled', SK: 'SESSIONS' },
        ConsistentRead: true,
      }),
    );
    expect(mark.Item).toMatchObject({ generation: 1, entity: 'account-sessions' });
    expect(Math.abs(Number(mark.Item?.endedAt) - Date.now() / 1000)).toBeLessThan(30);

    // The page that was open posts its form: refused before it is read, nothing stored.
    const cases = await caseMark(rt);
    const post = await browser.request('/staff/register', {
      method: 'POST',
      form: { csrf, key: hiddenField(page.text, 'key'), channel: 'walk-in', name: '测试' },
    });
    expect(post.status).toBe(303);
    // Sent to sign in and then to the inbox: this client sends no Referer to come back to.
    expect(post.headers.get('location')).toBe(signInLocation('/staff/inbox'));
    expect(await casesStoredSince(rt, cases)).toEqual([]);

    // Its next page is the provider's sign-in, which refuses the password now.
    const next = await browser.follow('/staff/inbox');
    expect(next.text).toContain('工作人员登录');
    expect(next.text).not.toContain('待办事项');
    const refused = await browser.submit(formAction(next.text), {
      username: 'ended.disabled',
      password,
    });
    expect(refused.text).toContain('工作人员登录');
    expect(refused.text).not.toContain('待办事项');
  });

  it('by signing them out everywhere: the provider’s session signs nobody in again without the password', async () => {
    const password = await newClerk('ended.everywhere');
    const { browser, page } = await signInFrom('/staff/inbox', 'ended.everywhere', password);
    expect(page.text).toContain('旗税务局 待办事项');
    await nextSecond();

    // Typed as the administrator remembers it: the mark is kept under the lowercase name, as
    // Cognito's pool matches names without regard to case.
    await admin('users', 'sign-out', 'Ended.Everywhere');

    // The site's session has ended; the provider's has not, and would sign in without a password:
    // the callback sends the browser through the provider's sign-out instead.
    const next = await browser.follow('/staff/inbox');
    expect(new URL(next.url).pathname).toBe('/staff/signed-out');
    expect(next.text).toContain('系统管理员已结束您的登录');
    expect(browser.cookie('si-staff')).toBeUndefined();
    expect(browser.cookie('si-staff-ended')).toBeUndefined();

    // The next sign-in asks for the password, and the account works as before.
    const login = await browser.follow('/staff/inbox');
    expect(login.text).toContain('工作人员登录');
    await nextSecond();
    const back = await browser.submit(formAction(login.text), {
      username: 'ended.everywhere',
      password,
    });
    expect(back.text).toContain('旗税务局 待办事项');
  });

  it('by a new password: the open session ends, and only the new password signs in again', async () => {
    const first = await newClerk('ended.reset');
    const { browser } = await signInFrom('/staff/inbox', 'ended.reset', first);
    await nextSecond();

    const { stdout } = await admin('users', 'reset', 'ended.reset');
    const second = /New password for ended\.reset: (\S+)/.exec(stdout)?.[1] ?? '';
    expect(second).not.toBe('');

    const next = await browser.follow('/staff/inbox');
    expect(new URL(next.url).pathname).toBe('/staff/signed-out');
    const login = await browser.follow('/staff/inbox');
    await nextSecond();
    const old = await browser.submit(formAction(login.text), {
      username: 'ended.reset',
      password: first,
    });
    expect(old.text).not.toContain('待办事项');
    const back = await browser.submit(formAction(old.text), {
      username: 'ended.reset',
      password: second,
    });
    expect(back.text).toContain('旗税务局 待办事项');
  });
});

describe('an administrator ending a user’s bearer tokens of the JSON API', () => {
  it('refuses a token issued before the end with 401, and takes one issued after it', async () => {
    await newClerk('ended.api');
    const token = async () => {
      const res = await postJson(`${rt.url}/api/session`, {
        username: 'ended.api',
        password: DEMO_PASSWORD,
      });
      expect(res.status).toBe(200);
      return String(res.json.token);
    };
    const before = await token();
    expect((await staffGet(rt, '/api/staff/inbox', before)).status).toBe(200);
    await nextSecond();

    await admin('users', 'sign-out', 'ended.api');

    const refused = await staffGet(rt, '/api/staff/inbox', before);
    expect(refused.status).toBe(401);
    expect(refused.json).toMatchObject({ status: 401, title: '请先登录' });
    // The local runtime's own staff route asks the same.
    expect((await staffGet(rt, '/api/staff/outbox', before)).status).toBe(401);
    await nextSecond();
    const fresh = await token();
    const after = await staffGet(rt, '/api/staff/inbox', fresh);
    expect(after.status).toBe(200);
    expect(after.json).toHaveProperty('items');
    expect((await staffGet(rt, '/api/staff/outbox', fresh)).status).toBe(200);
  });
});

describe('a sign-in that must ask for the password again (`reauth=1`)', () => {
  it('asks the provider to, whatever session it has', async () => {
    const plain = await getPage(rt, '/staff/sign-in', '');
    const again = await getPage(rt, '/staff/sign-in?reauth=1', '');
    expect(new URL(plain.location ?? '', rt.url).searchParams.get('prompt')).toBeNull();
    expect(new URL(again.location ?? '', rt.url).searchParams.get('prompt')).toBe('login');

    // The local provider honours it: a browser signed in there is shown the password form.
    const { browser } = await signInFrom('/staff/inbox', 'tax.staff');
    const provider = await browser.request(again.location ?? '');
    const page = await browser.follow(provider.headers.get('location') ?? '');
    expect(page.text).toContain('工作人员登录');
  });
});

describe('signing out', () => {
  it('ends the session here and at the provider', async () => {
    const { browser, page } = await signInFrom('/staff/inbox', 'tax.staff');
    const csrf = hiddenField(page.text, 'csrf');
    // A copy of the cookie, as a shared computer's other browser or a proxy might keep
    const copy = `si-staff=${browser.cookie('si-staff')}`;
    const out = await browser.request('/staff/sign-out', { method: 'POST', form: { csrf } });
    expect(out.status).toBe(303);
    // …opens nothing once signed out (a privacy review, 2026-12-05), while another session of the
    // same account goes on
    expect((await getPage(rt, '/staff/inbox', copy)).status).toBe(303);
    const other = await sessionCookieFor(rt, 'tax.staff', { sid: 'another-browser' });
    expect((await getPage(rt, '/staff/inbox', other)).status).toBe(200);
    const location = new URL(out.headers.get('location') ?? '', rt.url);
    expect(location.pathname).toBe('/identity/session/end');
    expect(location.searchParams.get('post_logout_redirect_uri')).toBe(
      `${rt.url}/staff/signed-out`,
    );
    expect(browser.cookie('si-staff')).toBeUndefined();

    // The provider ends its session at once, with nothing to confirm, and sends the browser back.
    const done = await browser.follow(location.href);
    expect(new URL(done.url).pathname).toBe('/staff/signed-out');
    expect(done.text).toContain('您已退出');

    // The inbox now needs the password again: the provider's session has ended too.
    const again = await browser.follow('/staff/inbox');
    expect(again.text).toContain('工作人员登录');
    expect(again.text).not.toContain('待办事项');
  });

  it('clears the cookie and seals no new one, however long the session was in use', async () => {
    // A session last sealed five minutes ago is due for renewal on any page, but not on this one.
    // A session of its own: signed out, its id opens nothing for ten hours.
    const cookie = await sessionCookieFor(rt, 'tax.staff', {
      ageSeconds: 5 * 60,
      sid: 'renewal-at-sign-out',
    });
    const inbox = await getPage(rt, '/staff/inbox', cookie);

    const out = await postPage(rt, '/staff/sign-out', cookie, {}, csrfOf(inbox.text));

    expect(out.status).toBe(303);
    expect(out.headers.getSetCookie()).toEqual([
      'si-staff=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax',
    ]);
  });

  it('is a form post with the CSRF token: a cross-site post signs nobody out', async () => {
    const cookie = await sessionCookieFor(rt, 'tax.staff');
    const res = await fetch(`${rt.url}/staff/sign-out`, {
      method: 'POST',
      headers: {
        cookie,
        origin: 'https://evil.example',
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'text/html',
      },
      body: 'csrf=guess',
      redirect: 'manual',
    });
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie()).toEqual([]);
  });
});
