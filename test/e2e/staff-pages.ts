/**
 * What the browser tests do on the site's pages, as a person does it: open a context per person,
 * sign in, open a case, submit an action form, check the page with axe. Every wait is on the
 * page's own state (a locator, a URL, a response), never a fixed sleep.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '#local/demo.ts';
import type { TestRuntime } from '#test/fixtures/runtime.ts';

/** WCAG 2.2 AA, as STYLE.md rule 11 asks: one line per violation, so a failure names the nodes. */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return results.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

/** A page in a fresh browser context: each person has their own session storage. */
export async function personIn(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', acceptDownloads: true });
  return context.newPage();
}

/** The trimmed text of an element once it is visible. */
export async function textOf(locator: Locator): Promise<string> {
  await locator.waitFor({ state: 'visible' });
  return ((await locator.textContent()) ?? '').trim();
}

/**
 * Signs in through the sign-in page: at /staff/ (then the inbox), or, when the page is already
 * on the sign-in form a staff page sent it to, back to that page.
 */
export async function signIn(page: Page, rt: TestRuntime, username: string): Promise<void> {
  if (!page.url().includes('/staff/?') && !page.url().endsWith('/staff/')) {
    await page.goto(`${rt.url}/staff/`);
  }
  await page.locator('#signin-form').waitFor();
  await page.fill('#f-username', username);
  await page.fill('#f-password', DEMO_PASSWORD);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/staff/'), page.click('#sign-in')]);
}

/** Opens the case page and waits until the case is shown. */
export async function openCase(page: Page, rt: TestRuntime, caseNumber: string): Promise<void> {
  await page.goto(`${rt.url}/staff/case/?n=${encodeURIComponent(caseNumber)}`);
  await caseShown(page, caseNumber);
}

/** Waits for the case page to show `caseNumber` (after a load, a reload or a sign-in). */
export async function caseShown(page: Page, caseNumber: string): Promise<void> {
  await page.locator('#case').waitFor({ state: 'visible' });
  await page.locator('[data-testid=case-number]', { hasText: caseNumber }).waitFor();
}

/** The status label in the case page's heading. */
export function caseStatus(page: Page): Promise<string> {
  return textOf(page.locator('[data-testid=case-status]'));
}

/** The note of the newest timeline entry on the case page. */
export async function lastTimelineNote(page: Page): Promise<string> {
  return textOf(page.locator('#case-timeline > li').last().locator('.timeline__status'));
}

/**
 * Fills and submits the form of one action (`fill` sets its fields), waits for the API's answer
 * and for the page to say it is done. Fails with the page's error summary when it shows one.
 */
export async function doAction(
  page: Page,
  type: string,
  fill: (form: Locator) => Promise<void> = async () => undefined,
): Promise<void> {
  const form = page.locator(`form[data-action="${type}"]`);
  await form.waitFor({ state: 'visible' });
  await fill(form);
  const [response] = await Promise.all([
    page.waitForResponse(
      (r) =>
        r.request().method() === 'POST' && /\/api\/staff\/cases\/[^/]+\/actions$/.test(r.url()),
    ),
    page.click(`[data-testid="do-${type}"]`),
  ]);
  if (response.status() !== 200) {
    const errors = page.locator('#action-errors');
    await errors.waitFor({ state: 'visible' });
    throw new Error(`${type}: ${response.status()} ${await errors.textContent()}`);
  }
  await page.locator('#action-done').waitFor({ state: 'visible' });
}
