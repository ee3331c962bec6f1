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

/**
 * A page in a fresh browser context: each person has their own cookies. `javaScript: false` is how
 * an office browser with scripts restricted sees the staff pages (issue 11): every step must work.
 */
export async function personIn(browser: Browser, o: { javaScript?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    acceptDownloads: true,
    javaScriptEnabled: o.javaScript ?? true,
  });
  return context.newPage();
}

/** The trimmed text of an element once it is visible. */
export async function textOf(locator: Locator): Promise<string> {
  await locator.waitFor({ state: 'visible' });
  return ((await locator.textContent()) ?? '').trim();
}

/**
 * Signs in as a person does, through the OpenID Connect flow: from the staff entrance (/staff/,
 * their bookmark) and its 「登录」 link, or on the provider's login form that a staff page sent the
 * browser to; then the provider sends the browser back to the page asked for (the inbox from the
 * entrance).
 */
export async function signIn(page: Page, rt: TestRuntime, username: string): Promise<void> {
  if (!new URL(page.url(), rt.url).pathname.startsWith('/identity/interaction/')) {
    await page.goto(`${rt.url}/staff/`);
    await page.getByTestId('sign-in').click();
  }
  await page.getByTestId('sign-in-form').waitFor();
  await page.fill('#f-username', username);
  await page.fill('#f-password', DEMO_PASSWORD);
  await Promise.all([
    page.waitForURL((url) => url.pathname.startsWith('/staff/')),
    page.getByTestId('sign-in').click(),
  ]);
}

/** Opens the case page and waits until the case is shown. */
export async function openCase(page: Page, rt: TestRuntime, caseNumber: string): Promise<void> {
  await page.goto(`${rt.url}/staff/cases/${encodeURIComponent(caseNumber)}`);
  await caseShown(page, caseNumber);
}

/** Opens a case from the inbox the page shows, by its link, as a person does. */
export async function openFromInbox(page: Page, caseNumber: string): Promise<void> {
  const row = page.locator('#inbox-rows tr', { hasText: caseNumber });
  await row.getByRole('link', { name: caseNumber }).click();
  await caseShown(page, caseNumber);
}

/**
 * Finds a case by its number with the inbox's 「按案件编号查找」 form (a case the unit was asked
 * about, or one no longer in the inbox). Goes to the inbox by the header's link first.
 */
export async function findCase(page: Page, caseNumber: string): Promise<void> {
  if (new URL(page.url()).pathname !== '/staff/inbox') {
    await page.getByRole('link', { name: '收件箱' }).click();
  }
  await page.fill('#f-case', caseNumber);
  await page.getByTestId('find-case-submit').click();
  await caseShown(page, caseNumber);
}

/** Waits for the case page to show `caseNumber` (after a load, a reload or a sign-in). */
export async function caseShown(page: Page, caseNumber: string): Promise<void> {
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
 * Fills and submits the form of one action (`fill` sets its fields), as a person does with or
 * without JavaScript: the form posts, the server answers 303 back to the case page, which says it
 * is done. Fails with the page's error summary when the form comes back instead.
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
      (r) => r.request().method() === 'POST' && /\/staff\/cases\/[^/]+\/actions$/.test(r.url()),
    ),
    page.click(`[data-testid="do-${type}"]`),
  ]);
  if (response.status() !== 303) {
    const errors = page.locator('[data-testid=error-summary]');
    await errors.waitFor({ state: 'visible' });
    throw new Error(`${type}: ${response.status()} ${await errors.textContent()}`);
  }
  await page.waitForURL((url) => url.searchParams.get('done') === type);
  await page.locator('#action-done').waitFor({ state: 'visible' });
}
