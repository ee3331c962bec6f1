/**
 * The staff session: the token in sessionStorage (gone when the tab closes), who it names, the
 * header that shows them, and `api`, which sends the token and returns to sign-in on a 401.
 */

export const TOKEN_KEY = 'staff-token';
/** Registrations made in this tab, kept so annex 2 can be printed before the case is routed. */
export const REGISTERED_PREFIX = 'staff-registered:';

export interface Claims {
  username: string;
  unit: string | null;
  roles: string[];
  exp?: number;
}

interface Labels {
  units: Record<string, string>;
  roles: Record<string, string>;
}

/** The token's payload (base64url JSON, UTF-8), or null when it is not a JWT. */
export function decodeClaims(token: string): Claims | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (c) =>
      c.charCodeAt(0),
    );
    const raw = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    const groups = Array.isArray(raw['cognito:groups']) ? (raw['cognito:groups'] as unknown[]) : [];
    const tagged = (prefix: string) =>
      groups
        .filter((g): g is string => typeof g === 'string' && g.startsWith(prefix))
        .map((g) => g.slice(prefix.length));
    const name = raw['cognito:username'] ?? raw.username ?? raw.sub;
    return {
      username: typeof name === 'string' ? name : '',
      unit: tagged('unit:')[0] ?? null,
      roles: tagged('role:'),
      ...(typeof raw.exp === 'number' ? { exp: raw.exp } : {}),
    };
  } catch {
    return null;
  }
}

export function storeToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}

function isExpired(claims: Claims): boolean {
  return claims.exp !== undefined && claims.exp * 1000 <= Date.now();
}

/** The stored token and its claims, when there is one that has not expired. */
export function currentSession(): { token: string; claims: Claims } | null {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const claims = token ? decodeClaims(token) : null;
  if (!token || !claims || isExpired(claims)) return null;
  return { token, claims };
}

function clearSession(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  for (let i = sessionStorage.length - 1; i >= 0; i--) {
    const key = sessionStorage.key(i);
    if (key?.startsWith(REGISTERED_PREFIX)) sessionStorage.removeItem(key);
  }
}

/**
 * Back to sign-in; `why` picks the message shown there. The page asked for comes back after.
 * Nothing else of the page should happen meanwhile: API calls then never settle (see `api`).
 */
export function toSignIn(why: 'expired' | 'signin' | 'signedout'): void {
  clearSession();
  const here = `${location.pathname}${location.search}`;
  const query = new URLSearchParams({ [why]: '1' });
  if (why !== 'signedout') query.set('next', here);
  location.replace(`/staff/?${query}`);
}

/** A promise that never settles: the page is leaving for sign-in. */
const leaving = () => new Promise<never>(() => undefined);

/** True when the user may look at other units' inboxes (the office, leaders, administrators). */
export function seesAllUnits(claims: Claims): boolean {
  return (
    claims.unit === 'office' || claims.roles.includes('leader') || claims.roles.includes('admin')
  );
}

/**
 * True when the user may read the reports: leaders, administrators, units' heads and the office
 * (functions/core/analysis.ts, mayReadReports).
 */
export function readsReports(claims: Claims): boolean {
  return (
    claims.unit === 'office' ||
    claims.roles.includes('leader') ||
    claims.roles.includes('admin') ||
    claims.roles.includes('head')
  );
}

/** True when the user may ask for an on-demand report: leaders, administrators and the office. */
export function requestsReports(claims: Claims): boolean {
  return seesAllUnits(claims);
}

/**
 * The session of a staff page, or a redirect to sign-in (with an empty session, so the page's
 * script runs on harmlessly while the browser leaves). Fills the header with who is signed in
 * and wires 「退出」.
 */
export function requireSession(labels: Labels): { token: string; claims: Claims } {
  const stored = sessionStorage.getItem(TOKEN_KEY);
  const session = currentSession();
  if (!session) {
    toSignIn(stored ? 'expired' : 'signin');
    return { token: '', claims: { username: '', unit: null, roles: [] } };
  }
  const { claims } = session;
  const user = document.getElementById('staff-user');
  if (user) {
    const unit = claims.unit ? (labels.units[claims.unit] ?? claims.unit) : null;
    const roles = claims.roles.map((r) => labels.roles[r] ?? r).join('、');
    user.textContent = [claims.username, unit, roles].filter(Boolean).join(' · ');
  }
  // Registering takes a unit's staff or head (lifecycle: receive by any unit's staff).
  if (!claims.unit) {
    for (const el of document.querySelectorAll<HTMLElement>('[data-needs-unit]')) el.hidden = true;
  }
  // 「统计报告」 only for those the API lets read them.
  if (!readsReports(claims)) {
    for (const el of document.querySelectorAll<HTMLElement>('[data-needs-reports]'))
      el.hidden = true;
  }
  // 「未送达消息」 only for administrators (functions/core/principal.ts, managesDeadLetters).
  if (!claims.roles.includes('admin')) {
    for (const el of document.querySelectorAll<HTMLElement>('[data-needs-admin]')) el.hidden = true;
  }
  const account = document.getElementById('staff-account');
  if (account) account.hidden = false;
  document.getElementById('sign-out')?.addEventListener('click', () => toSignIn('signedout'));
  return session;
}

/** A staff API call with the token; a 401 ends the session and goes back to sign-in. */
export async function api(path: string, init: RequestInit = {}): Promise<Response> {
  const session = currentSession();
  if (!session) {
    toSignIn('expired');
    return leaving();
  }
  const headers = new Headers(init.headers);
  headers.set('Authorization', `Bearer ${session.token}`);
  headers.set('Accept', 'application/json, application/problem+json');
  if (init.body !== undefined) headers.set('Content-Type', 'application/json');
  const response = await fetch(path, {
    cache: 'no-store',
    signal: typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(30_000) : null,
    ...init,
    headers,
  });
  if (response.status === 401) {
    toSignIn('expired');
    return leaving();
  }
  return response;
}

/** The page's JSON data island. */
export function pageData<T>(): T {
  return JSON.parse(document.getElementById('page-data')?.textContent ?? '{}') as T;
}
