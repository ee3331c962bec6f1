/**
 * The pages run under their Content-Security-Policy (issue 16, finding 9): Chromium reports no
 * violation on the start page, the intake form and its steps, the answer page with its decision
 * form, or the staff entrance, sign-in, inbox and case page; their own scripts still run (the
 * conditional reveal of the answer page). A control shows the listener does hear a violation:
 * an inline script and an inline style put on a page are blocked and reported.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '#platform/security-headers.ts';
import { answeredCase, filedCase, useBrowserRuntime } from '#test/fixtures/e2e.ts';
import { fillMatterStep, fillPayerStep, lookUp, submit } from '#test/fixtures/payer.ts';
import { openFromInbox, signIn } from './staff-pages.ts';

// A runtime of its own: staff open the cases from their inbox's first page (25 rows, oldest
// first), which the shared runtime's other files would fill.
const e2e = useBrowserRuntime({ own: {} });

interface Watched {
  page: Page;
  /** Every violation the pages reported, as `<directive> <blocked> at <path>`. */
  violations: string[];
  /** The path and CSP header of every page the browser loaded. */
  documents: { path: string; csp: string | undefined }[];
}

/**
 * A page that records CSP violations two ways: the `securitypolicyviolation` event (through a
 * binding and an init script, which the devtools protocol adds outside the page's policy) and
 * Chromium's console errors about the policy.
 */
async function watched(): Promise<Watched> {
  const context = await e2e.browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  const violations: string[] = [];
  const documents: Watched['documents'] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.request().resourceType() === 'document' && r.status() < 300) {
      documents.push({
        path: new URL(r.url()).pathname,
        csp: r.headers()['content-security-policy'],
      });
    }
  });
  await context.exposeBinding('reportCspViolation', (_source, line: string) => {
    violations.push(line);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { reportCspViolation: (line: string) => void })
        .reportCspViolation;
      report(`${e.violatedDirective} ${e.blockedURI} at ${location.pathname}`);
    });
  });
  return { page, violations, documents };
}

/**
 * Lets a late report arrive (the event fires asynchronously after the load), where the test
 * asserts that none came: absence has no condition to wait for.
 */
const settle = (page: Page) => page.waitForTimeout(300);

describe('the pages under their Content-Security-Policy', () => {
  it('report what an inline script or style would break: the listener hears violations', async () => {
    const { page, violations } = await watched();
    await page.goto(`${e2e.rt.url}/`);

    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.body.append(script);
      const styled = document.createElement('p');
      styled.setAttribute('style', 'color: red');
      document.body.append(styled);
      return (window as unknown as { inlineRan?: boolean }).inlineRan === true;
    });
    // The reports arrive a moment after the load: wait for them rather than a fixed time.
    await expect.poll(() => violations.some((v) => v.startsWith('script-src'))).toBe(true);
    await expect.poll(() => violations.some((v) => v.startsWith('style-src'))).toBe(true);

    expect(ran).toBe(false);
    await page.context().close();
  });

  it('run the start page, the intake form and every step to the confirmation without a violation', async () => {
    const { page, violations, documents } = await watched();

    // The start page, then the intake form by its link, then the steps the API renders
    await page.goto(`${e2e.rt.url}/`);
    await Promise.all([page.waitForURL('**/apply/'), page.getByTestId('start').click()]);
    await fillPayerStep(page);
    await submit(page, '[data-testid=continue]');
    await fillMatterStep(page);
    await submit(page, '[data-testid=continue]');
    await page.fill('#f-description', '单位申报的缴费基数比我的实际工资高，想请核实。');
    await submit(page, '[data-testid=continue]');
    await page.check('#f-consent');
    await submit(page, '[data-testid=submit]');
    await settle(page);

    // The case was filed, every page carried the policy, and none of them broke it
    const caseNumber = ((await page.getByTestId('case-number').textContent()) ?? '').trim();
    expect(await e2e.rt.store.get(caseNumber)).toMatchObject({ caseNumber });
    expect(documents.map((d) => d.path)).toEqual([
      '/',
      '/apply/',
      '/api/payer/apply-matters',
      '/api/payer/apply-description',
      '/api/payer/apply-check',
      '/api/payer/done',
    ]);
    for (const d of documents) expect(d.csp, d.path).toBe(CONTENT_SECURITY_POLICY);
    expect(violations).toEqual([]);
    await page.context().close();
  });

  it('run the answer page’s script and its decision form without a violation', async () => {
    // Prepare: a case answered by tax
    const { caseNumber, accessCode } = await answeredCase(e2e.rt, { answer: '经核实，不予调整。' });
    const { page, violations } = await watched();

    // Act: the look-up, then the decision form
    await lookUp(page, e2e.rt.url, '/answer/', caseNumber, accessCode);
    // The page's own script ran: the routes of an objection wait for 「有异议」.
    await expect.poll(() => page.locator('#object-details').isHidden()).toBe(true);
    await page.getByLabel('接受', { exact: true }).check();
    await submit(page, '[data-testid=submit-decision]');
    await settle(page);

    // Assess: recorded through the page's own form (its token), and no violation
    expect(await page.getByTestId('decision-done').textContent()).toContain('您已接受处理结果');
    expect(await e2e.rt.store.get(caseNumber)).toMatchObject({
      decision: { kind: 'accept', channel: 'online' },
    });
    expect(violations).toEqual([]);
    await page.context().close();
  });

  it('run the staff entrance, the sign-in, the inbox and a case page without a violation', async () => {
    // Prepare: a case in the tax inbox
    const { caseNumber } = await filedCase(e2e.rt);
    const { page, violations, documents } = await watched();

    // Act: from the static entrance through the sign-in to the inbox, then the case by its link
    await signIn(page, e2e.rt, 'tax.staff');
    await openFromInbox(page, caseNumber);
    await settle(page);

    // Assess: the static entrance and the rendered pages all carried a policy; none was broken
    const paths = documents.map((d) => d.path);
    expect(paths[0]).toBe('/staff/');
    expect(paths).toContain('/staff/inbox');
    expect(paths).toContain(`/staff/cases/${caseNumber}`);
    for (const d of documents) expect(d.csp, d.path).toContain("frame-ancestors 'none'");
    expect(documents[0]?.csp).toBe(CONTENT_SECURITY_POLICY);
    expect(violations).toEqual([]);
    await page.context().close();
  });
});
