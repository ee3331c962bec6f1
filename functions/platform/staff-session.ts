/**
 * The staff session (issue 11): a sealed cookie (JWE, AES-256-GCM, key from configuration), never
 * readable by a script, short-lived and renewed while in use; and the CSRF token and Origin check
 * every staff form post must pass.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';
import { type SessionsEnded, sessionsEnded } from '#adapters/account-sessions.ts';
import { sessionKey } from '#adapters/secrets.ts';
import { siteOrigin } from '#adapters/site.ts';
import type { Role } from '#core/lifecycle.ts';
import type { Principal } from '#core/principal.ts';
import type { UnitId } from '#core/units.ts';
import { ForbiddenError } from './errors.ts';
import { readCookie } from './forms.ts';
import type { HttpEvent } from './http.ts';

/** Idle time after which a session ends: an unattended office screen signs itself out. */
export const SESSION_IDLE_SECONDS = 30 * 60;
/** A session never outlives a working day, however busy. */
export const SESSION_MAX_SECONDS = 10 * 60 * 60;
/** A session is resealed (its idle time restarted) at most this often. */
const RENEW_AFTER_SECONDS = 60;

export interface StaffSession {
  principal: Principal;
  /** The name the provider gives, shown in the header. */
  name: string;
  /** Random per sign-in: binds the CSRF token to this session. */
  sid: string;
  /** Sign-in time, epoch seconds: the session's absolute end is counted from it. */
  since: number;
  /**
   * The account's generation of sessions at sign-in (adapters/account-sessions.ts): when an
   * administrator has ended its sessions since, the generation has moved on and this one is over.
   */
  generation: number;
  /** When this seal was made, epoch seconds. */
  issued: number;
}

/** Loopback is the local runtime over plain HTTP; everywhere else the site is HTTPS only. */
function isLoopback(event: HttpEvent): boolean {
  return /^(127\.\d+\.\d+\.\d+|localhost)(:\d+)?$/.test(event.requestContext.domainName ?? '');
}

/**
 * The cookie's name: `__Host-` over HTTPS, so that no sibling subdomain can set or shadow it
 * (the prefix needs Secure, Path=/ and no Domain).
 */
export function sessionCookieName(event: HttpEvent): string {
  return isLoopback(event) ? 'si-staff' : '__Host-si-staff';
}

function cookie(event: HttpEvent, name: string, value: string, maxAge: number, path = '/'): string {
  const secure = isLoopback(event) ? '' : '; Secure';
  return `${name}=${value}; Path=${path}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure}`;
}

const now = () => Math.floor(Date.now() / 1000);

/** Seals any small JSON value for a cookie, readable only with the session key. */
export async function seal(value: Record<string, unknown>, seconds: number): Promise<string> {
  return new EncryptJWT(value)
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt()
    .setExpirationTime(`${seconds}s`)
    .encrypt(await sessionKey());
}

/**
 * What a post sealed in cookie `name` to be shown once (a new access code, a registration), when
 * it was sealed for this session and this case; else undefined, as for a forged or expired one.
 */
export async function unsealFor(
  event: HttpEvent,
  name: string,
  sid: string,
  caseNumber: string,
): Promise<Record<string, unknown> | undefined> {
  const claims = await unseal(readCookie(event, name));
  return claims?.sid === sid && claims.caseNumber === caseNumber ? claims : undefined;
}

/** The sealed value, or undefined when it is forged, tampered with or expired. */
export async function unseal(
  token: string | undefined,
): Promise<Record<string, unknown> | undefined> {
  if (!token) return undefined;
  try {
    const { payload } = await jwtDecrypt(token, await sessionKey(), {
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
    });
    return payload;
  } catch {
    return undefined;
  }
}

/** A new session for a principal who has just signed in. */
export function newSession(principal: Principal, name: string, generation = 0): StaffSession {
  const t = now();
  const sid = randomBytes(16).toString('base64url');
  return { principal, name, sid, since: t, issued: t, generation };
}

/** The Set-Cookie of a session, sealed for the idle time (never past the absolute end). */
export async function sessionCookie(event: HttpEvent, s: StaffSession): Promise<string> {
  const left = Math.min(SESSION_IDLE_SECONDS, s.since + SESSION_MAX_SECONDS - s.issued);
  const token = await seal(
    {
      u: s.principal.user,
      unit: s.principal.unit,
      role: s.principal.role,
      name: s.name,
      // The account's own display name and work phone, each only when it has one: annex 2
      // prints them for a case registered through the pages (short keys: the cookie stays small).
      ...(s.principal.name ? { dn: s.principal.name } : {}),
      ...(s.principal.phone ? { ph: s.principal.phone } : {}),
      sid: s.sid,
      since: s.since,
      ...(s.generation ? { g: s.generation } : {}),
    },
    left,
  );
  return cookie(event, sessionCookieName(event), token, left);
}

export function clearSessionCookie(event: HttpEvent): string {
  return cookie(event, sessionCookieName(event), '', 0);
}

/**
 * The request's session, or undefined when there is none or it has ended: past its idle or
 * absolute end, signed out by its person (a copy of the cookie is worth nothing after 「退出」), or
 * of an older generation than the account's, because an administrator ended its sessions since
 * (disabled, a new password, or signed out everywhere: adapters/account-sessions.ts). The last two
 * are asked on every request (one read), so an ended session's next page is the sign-in.
 */
export async function readSession(
  event: HttpEvent,
  ended: (username: string, sid: string) => Promise<SessionsEnded> = (username, sid) =>
    sessionsEnded(username, undefined, undefined, sid),
): Promise<StaffSession | undefined> {
  const p = await unseal(readCookie(event, sessionCookieName(event)));
  if (!p || typeof p.u !== 'string' || typeof p.sid !== 'string' || typeof p.since !== 'number')
    return undefined;
  if (p.since + SESSION_MAX_SECONDS <= now()) return undefined;
  const generation = typeof p.g === 'number' ? p.g : 0;
  const account = await ended(p.u, p.sid);
  if (generation < account.generation || account.signedOut) return undefined;
  return {
    principal: {
      user: p.u,
      unit: (p.unit ?? null) as UnitId | null,
      role: p.role as Role,
      ...(typeof p.dn === 'string' && p.dn ? { name: p.dn } : {}),
      ...(typeof p.ph === 'string' && p.ph ? { phone: p.ph } : {}),
    },
    name: String(p.name ?? p.u),
    sid: p.sid,
    since: p.since,
    issued: Number(p.iat ?? 0),
    generation,
  };
}

/** The renewed cookie when the seal is old enough to be worth remaking, else undefined. */
export async function renewal(event: HttpEvent, s: StaffSession): Promise<string | undefined> {
  const t = now();
  if (t - s.issued < RENEW_AFTER_SECONDS) return undefined;
  return sessionCookie(event, { ...s, issued: t });
}

/** The CSRF token of a session: a MAC of its id, so it needs no storage and dies with it. */
export async function csrfToken(s: StaffSession): Promise<string> {
  return createHmac('sha256', await sessionKey())
    .update(`csrf:${s.sid}`)
    .digest('base64url');
}

/**
 * A staff form post must come from the site itself: its `Origin` (or, where a browser leaves
 * that out, Fetch Metadata's `same-origin`) and the session's CSRF token. Anything else is 403.
 */
export async function checkFormPost(
  event: HttpEvent,
  s: StaffSession,
  form: URLSearchParams,
): Promise<void> {
  const origin = event.headers.origin;
  const sameOrigin = origin
    ? origin === siteOrigin()
    : event.headers['sec-fetch-site'] === 'same-origin';
  const expected = Buffer.from(await csrfToken(s));
  const given = Buffer.from(form.get('csrf') ?? '');
  const tokenOk = given.length === expected.length && timingSafeEqual(given, expected);
  if (!sameOrigin || !tokenOk) throw new ForbiddenError();
}

/**
 * A short-lived cookie of one staff page, sent back to its path only: HttpOnly, SameSite and
 * Secure as the session's (the registration's access code, shown once, travels in one).
 */
export function pageCookie(
  event: HttpEvent,
  name: string,
  value: string,
  maxAge: number,
  path: string,
): string {
  return cookie(event, name, value, maxAge, path);
}

/**
 * Set by the callback when it refuses a sign-in from a provider session older than the account's
 * end mark, read by /staff/signed-out: the page then says why the person must sign in again.
 */
export const ENDED_COOKIE = 'si-staff-ended';
export const ENDED_PATH = '/staff/signed-out';

/** The short-lived cookie that carries the sign-in's checks from the redirect to the callback. */
export const SIGN_IN_COOKIE = 'si-staff-signin';
export const SIGN_IN_SECONDS = 10 * 60;

export function signInCookie(event: HttpEvent, value: string, maxAge = SIGN_IN_SECONDS): string {
  return cookie(event, SIGN_IN_COOKIE, value, maxAge, '/staff/');
}

/**
 * A page to come back to after signing in: only a path of the staff pages, so the sign-in can
 * never be turned into a redirect to another site (`//host`, `/\host`, a full URL); else
 * `fallback` (the person's landing page, `landingOf`, once they are known).
 */
export function safeNext(next: string | null | undefined, fallback = '/staff/inbox'): string {
  return next?.startsWith('/staff/') && !/[\\\s]/.test(next) ? next : fallback;
}

/**
 * Where a sign-in with no page to come back to lands: a unit's staff on its inbox, a leader on the
 * overdue work of every unit (a leader owes no items, and the inbox showed the office's; a staff
 * review, 2026-12-04).
 */
export function landingOf(p: Pick<Principal, 'role'>): string {
  return p.role === 'leader' ? '/staff/supervision' : '/staff/inbox';
}
