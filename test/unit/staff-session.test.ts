/**
 * The staff session (functions/platform/staff-session.ts): the sealed cookie, its idle and
 * absolute ends, the CSRF token and Origin check, and the sign-in's `next` that cannot leave the
 * site. The key comes from SESSION_KEY, as in the local runtime; nothing here does I/O.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError } from '#platform/errors.ts';
import type { HttpEvent } from '#platform/http.ts';
import {
  checkFormPost,
  csrfToken,
  landingOf,
  newSession,
  readSession,
  renewal,
  SESSION_MAX_SECONDS,
  type StaffSession,
  safeNext,
  seal,
  sessionCookie,
  sessionCookieName,
  unseal,
} from '#platform/staff-session.ts';

const SITE = 'https://disputes.example.gov.cn';

beforeAll(() => {
  process.env.SESSION_KEY = 'unit-test-session-key';
  process.env.SITE_URL = SITE;
});

function event(o: { host?: string; cookie?: string; headers?: Record<string, string> } = {}) {
  return {
    headers: { ...(o.cookie ? { cookie: o.cookie } : {}), ...o.headers },
    requestContext: { domainName: o.host ?? 'disputes.example.gov.cn', http: { method: 'GET' } },
  } as unknown as HttpEvent;
}

/** No account's sessions ever ended: the table's answer, without the table. */
const neverEnded = async () => ({ generation: 0 });

/** The `name=value` part of a Set-Cookie line, as the browser sends it back. */
const sent = (setCookie: string) => setCookie.split(';')[0] ?? '';

const taxStaff = { user: 'tax.staff', unit: 'tax' as const, role: 'staff' as const };

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Lax, Secure with the __Host- prefix over HTTPS, plain on loopback', async () => {
    const s = newSession(taxStaff, '王芳');
    const https = await sessionCookie(event(), s);
    expect(https).toMatch(
      /^__Host-si-staff=[^;]+; Path=\/; Max-Age=1800; HttpOnly; SameSite=Lax; Secure$/,
    );
    const local = await sessionCookie(event({ host: '127.0.0.1:8080' }), s);
    expect(local).toMatch(/^si-staff=[^;]+; Path=\/; Max-Age=1800; HttpOnly; SameSite=Lax$/);
    expect(sessionCookieName(event({ host: 'localhost:3000' }))).toBe('si-staff');
  });

  it('reads back the principal and name it was sealed with', async () => {
    const s = newSession(taxStaff, '王芳');
    const back = await readSession(
      event({ cookie: sent(await sessionCookie(event(), s)) }),
      neverEnded,
    );
    expect(back?.principal).toEqual(taxStaff);
    expect(back?.name).toBe('王芳');
    expect(back?.sid).toBe(s.sid);
  });

  it('carries the account’s display name and work phone, for annex 2 of a case registered on the pages', async () => {
    const clerk = { ...taxStaff, name: '李明', phone: '0476-8888888' };
    const back = await readSession(
      event({ cookie: sent(await sessionCookie(event(), newSession(clerk, '李明'))) }),
      neverEnded,
    );
    expect(back?.principal).toEqual(clerk);
    expect(back?.name).toBe('李明');
  });

  it('has ended when an administrator ended the account’s sessions since it began', async () => {
    const asked: string[] = [];
    const ended = (generation: number) => async (user: string) => {
      asked.push(user);
      return { generation, endedAt: 1 };
    };
    const read = async (s: StaffSession, generation: number) =>
      readSession(event({ cookie: sent(await sessionCookie(event(), s)) }), ended(generation));

    // Begun before any end (or before this check existed: no generation in the cookie).
    const first = newSession(taxStaff, '王芳');
    expect(await read(first, 0)).toMatchObject({ generation: 0 });
    expect(await read(first, 1)).toBeUndefined();
    // Begun after the first end: over at the second, whatever the clocks say.
    const second = newSession(taxStaff, '王芳', 1);
    expect(await read(second, 1)).toMatchObject({ generation: 1, sid: second.sid });
    expect(await read(second, 2)).toBeUndefined();
    expect(asked).toEqual(Array(4).fill('tax.staff'));
  });

  it('refuses a cookie sealed with another key, a tampered one and an expired one', async () => {
    const s = newSession(taxStaff, '王芳');
    const good = sent(await sessionCookie(event(), s));
    process.env.SESSION_KEY = 'another-key';
    const forged = sent(await sessionCookie(event(), s));
    process.env.SESSION_KEY = 'unit-test-session-key';
    expect(await readSession(event({ cookie: forged }), neverEnded)).toBeUndefined();
    const tampered = `${good.slice(0, -4)}AAAA`;
    expect(await readSession(event({ cookie: tampered }), neverEnded)).toBeUndefined();
    const expired = await seal({ u: 'tax.staff', sid: 'x', since: 1 }, -10);
    expect(await unseal(expired)).toBeUndefined();
  });

  it('ends a working day after sign-in however busy, and is renewed while in use', async () => {
    const old = { ...newSession(taxStaff, '王芳') };
    old.since -= SESSION_MAX_SECONDS + 5;
    old.issued = Math.floor(Date.now() / 1000) - 5;
    const claims = { u: 'tax.staff', unit: 'tax', role: 'staff', sid: old.sid };
    // The same seal, a minute old against a day-old sign-in: only the absolute end refuses it.
    const within = `__Host-si-staff=${await seal({ ...claims, since: old.since + 10 }, 60)}`;
    expect(await readSession(event({ cookie: within }), neverEnded)).toBeDefined();
    const cookie = `__Host-si-staff=${await seal({ ...claims, since: old.since }, 60)}`;
    expect(await readSession(event({ cookie }), neverEnded)).toBeUndefined();

    const fresh = newSession(taxStaff, '王芳');
    expect(await renewal(event(), fresh)).toBeUndefined();
    const renewed = await renewal(event(), { ...fresh, issued: fresh.issued - 120 });
    expect(renewed).toMatch(/^__Host-si-staff=/);
  });
});

describe('a staff form post', () => {
  const form = (csrf: string) => new URLSearchParams({ csrf, type: 'sign-for' });

  it('passes with the session CSRF token from the site origin', async () => {
    const s = newSession(taxStaff, '王芳');
    const token = await csrfToken(s);
    await expect(
      checkFormPost(event({ headers: { origin: SITE } }), s, form(token)),
    ).resolves.toBeUndefined();
    // An old browser that sends no Origin but Fetch Metadata.
    await expect(
      checkFormPost(event({ headers: { 'sec-fetch-site': 'same-origin' } }), s, form(token)),
    ).resolves.toBeUndefined();
  });

  it('is refused without the token, with another session token, or from another origin', async () => {
    const s = newSession(taxStaff, '王芳');
    const other = await csrfToken(newSession(taxStaff, '王芳'));
    const token = await csrfToken(s);
    const site = { origin: SITE };
    await expect(checkFormPost(event({ headers: site }), s, form(''))).rejects.toThrow(
      ForbiddenError,
    );
    await expect(checkFormPost(event({ headers: site }), s, form(other))).rejects.toThrow(
      ForbiddenError,
    );
    await expect(
      checkFormPost(event({ headers: { origin: 'https://evil.example.gov.cn' } }), s, form(token)),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      checkFormPost(event({ headers: { 'sec-fetch-site': 'same-site' } }), s, form(token)),
    ).rejects.toThrow(ForbiddenError);
    await expect(checkFormPost(event(), s, form(token))).rejects.toThrow(ForbiddenError);
  });
});

describe('the page to return to after sign-in', () => {
  it.each([
    ['/staff/cases/2026-000001', '/staff/cases/2026-000001'],
    ['/staff/inbox?status=assigned', '/staff/inbox?status=assigned'],
    ['//evil.example/staff/', '/staff/inbox'],
    ['https://evil.example/staff/', '/staff/inbox'],
    ['/staff/\\evil', '/staff/inbox'],
    ['/api/staff/inbox', '/staff/inbox'],
    ['', '/staff/inbox'],
  ])('%s → %s', (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });

  it('is, when none was asked for, the inbox for a unit and the overdue work for a leader', () => {
    expect(landingOf({ role: 'staff' })).toBe('/staff/inbox');
    expect(landingOf({ role: 'head' })).toBe('/staff/inbox');
    expect(landingOf({ role: 'admin' })).toBe('/staff/inbox');
    expect(landingOf({ role: 'leader' })).toBe('/staff/supervision');
  });
});
