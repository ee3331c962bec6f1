/**
 * Security headers on every kind of page the local runtime serves (issue 16, finding 9): the
 * built site's static pages (the staff entrance included) and their 404, the pages the functions
 * render, and the middleware's error pages, payer and staff; and on the API's JSON and problem
 * answers, to which CloudFront's response-headers policy adds them in AWS. All carry the one
 * definition of functions/platform/security-headers.ts; none carries HSTS, since loopback is
 * plain HTTP.
 */
import { describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '#platform/security-headers.ts';
import { sharedRuntime } from '#test/fixtures/runtime.ts';
import { sessionCookieFor } from '#test/fixtures/staff-session.ts';

const rt = sharedRuntime();

const html = { accept: 'text/html' };

/** Every security header as the shared definition has it, and no HSTS over plain HTTP. */
function expectSecurityHeaders(res: Response, what: string) {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    expect(res.headers.get(name), `${what}: ${name}`).toBe(value);
  }
  expect(res.headers.get('strict-transport-security'), what).toBeNull();
}

describe('security headers on every page type', () => {
  it('the policy forbids inline script, framing and foreign form targets', () => {
    const csp = SECURITY_HEADERS['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("default-src 'none'");
  });

  it.each([
    ['the start page', '/'],
    ['the staff entrance', '/staff/'],
    ['the intake form', '/apply/'],
    ['the look-up', '/status/'],
  ])('static: %s', async (what, path) => {
    const res = await fetch(`${rt.url}${path}`, { headers: html });
    expect(res.status, what).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('<html lang="zh-CN">');
    expectSecurityHeaders(res, what);
  });

  it('static: the site’s 404 page, a stylesheet and a directory redirect', async () => {
    const missing = await fetch(`${rt.url}/no-such-page/`, { headers: html });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('<html lang="zh-CN">');
    expectSecurityHeaders(missing, '404');

    const css = await fetch(`${rt.url}/assets/site.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expectSecurityHeaders(css, 'stylesheet');

    const redirect = await fetch(`${rt.url}/apply`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/apply/');
    expectSecurityHeaders(redirect, 'redirect');
  });

  it('server-rendered: an intake step and the payer pages’ own 404', async () => {
    const step = await fetch(`${rt.url}/api/payer/apply-payer`, { headers: html });
    expect(step.status).toBe(200);
    expect(await step.text()).toContain('data-testid="step-payer"');
    expectSecurityHeaders(step, 'intake step');
    expect(step.headers.get('cache-control')).toBe('no-store');

    const unknown = await fetch(`${rt.url}/api/payer/no-such-page`, { headers: html });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('找不到这个页面');
    expectSecurityHeaders(unknown, 'payer 404');
  });

  it('error pages of the middleware: a refused payer form and a staff form without its token', async () => {
    // A form from another site: the middleware's error page (formBody refuses it).
    const refused = await fetch(`${rt.url}/api/payer/status`, {
      method: 'POST',
      headers: {
        ...html,
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'cross-site',
      },
      body: 'caseNumber=2026-000001&accessCode=ABCDEFGHJKMN',
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await refused.text()).toContain('没有权限');
    expectSecurityHeaders(refused, 'payer error page');

    // A staff form without the session's CSRF token: the staff pages' error page.
    const cookie = await sessionCookieFor(rt, 'tax.staff');
    const staff = await fetch(`${rt.url}/staff/reports`, {
      method: 'POST',
      headers: {
        ...html,
        cookie,
        origin: rt.url,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'from=2026-01-01&to=2026-01-31',
    });
    expect(staff.status).toBe(403);
    expect(staff.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await staff.text()).toContain('返回待办');
    expectSecurityHeaders(staff, 'staff error page');
  });

  it('server-rendered: a staff page of a signed-in session', async () => {
    const cookie = await sessionCookieFor(rt, 'tax.staff');
    const inbox = await fetch(`${rt.url}/staff/inbox`, { headers: { ...html, cookie } });
    expect(inbox.status).toBe(200);
    expect(await inbox.text()).toContain('<html lang="zh-CN">');
    expectSecurityHeaders(inbox, 'staff inbox');
  });
  it('the API: JSON, the problem of a wrong code, and the gateway’s own problem', async () => {
    const limits = await fetch(`${rt.url}/api/openapi.json`);
    expect(limits.status).toBe(200);
    expect(limits.headers.get('content-type')).toMatch(/^application\/json/);
    expectSecurityHeaders(limits, 'JSON');

    const wrong = await fetch(`${rt.url}/api/cases/2026-000001`, {
      headers: { 'x-access-code': 'ABCDEFGHJKMN' },
    });
    expect(wrong.status).toBe(404);
    expect(wrong.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expectSecurityHeaders(wrong, 'problem');

    // Over 1 MB to an address no function serves: the gateway answers itself.
    const tooLarge = await fetch(`${rt.url}/api/no-such-route`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(2 * 1024 * 1024),
    });
    expect(tooLarge.status).toBe(413);
    expectSecurityHeaders(tooLarge, 'gateway problem');
  });
});
