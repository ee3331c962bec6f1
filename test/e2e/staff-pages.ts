/**
 * What the browser tests do on the site's pages, as a person does it: open a context per person,
 * sign in, open a case, submit an action form, check the page with axe. Every wait is on the
 * page's own state (a locator, a URL, a response), never a fixed sleep.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '#local/demo.ts';
import type { TestRuntime } from '#test/fixtures/runtime.ts';
import { sessionCookieFor } from '#test/fixtures/staff-session.ts';

/** axe-core's minified build, read once: the same rules as its full build, half the bytes to send. */
const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * WCAG 2.2 AA, as STYLE.md rule 11 asks: one line per violation, so a failure names the nodes.
 * axe-core is put into the page once and run once, as `@axe-core/playwright`'s legacy mode ran
 * it, but that wrapper sent axe's 1.3 MB full build twice an analysis, and Chromium compiled it
 * twice: 0.65 s of Chromium's CPU an analysis against 0.33 s here (docs/decisions.md, Tests). No
 * page of the product has a frame, which only the wrapper's default mode would reach.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  // Once a document: a page read again (at another size) keeps the axe it was given.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const { axe } = window as unknown as { axe: typeof import('axe-core') };
    // Only violations are read: axe then describes one node of each passed or inapplicable rule,
    // not every node (its documented `resultTypes`): a run on the look-up page 98–106 ms of
    // Chromium's CPU to 52–64 ms. Whole e2e runs did not tell (docs/decisions.md, Tests).
    const { violations } = await axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }, WCAG_22_AA);
}

/**
 * A page in a fresh browser context: each person has their own cookies. `javaScript: false` is how
 * an office browser with scripts restricted sees the staff pages (issue 11): every step must work.
 * `timeout`: the context's default for every wait, where a test wants a missing step to fail fast.
 */
export async function personIn(
  browser: Browser,
  o: { javaScript?: boolean; timeout?: number } = {},
): Promise<Page> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    acceptDownloads: true,
    javaScriptEnabled: o.javaScript ?? true,
  });
  // A step that does not come names itself in the failure, long before the test's time is up.
  if (o.timeout) context.setDefaultTimeout(o.timeout);
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
 * entrance; a leader's overdue list).
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

/**
 * A person already signed in as `username` (a demo account), on their inbox: the session cookie
 * sealed with the runtime's key as the sign-in callback seals one (test/fixtures/staff-session.ts).
 * For tests whose subject is a later page; where the sign-in is part of the subject (the journeys,
 * the CSP of its pages), `signIn` drives it.
 */
export async function signedIn(
  browser: Browser,
  rt: TestRuntime,
  username: string,
  o: { javaScript?: boolean } = {},
): Promise<Page> {
  const page = await personIn(browser, o);
  const [name = '', ...value] = (await sessionCookieFor(rt, username)).split('=');
  await page.context().addCookies([{ name, value: value.join('='), url: rt.url }]);
  await page.goto(`${rt.url}/staff/inbox`);
  await page.getByTestId('staff-user').waitFor();
  return page;
}

/** Opens the case page and waits until the case is shown. */
export async function openCase(page: Page, rt: TestRuntime, caseNumber: string): Promise<void> {
  await page.goto(`${rt.url}/staff/cases/${encodeURIComponent(caseNumber)}`);
  await caseShown(page, caseNumber);
}

/**
 * The inbox rows of a case on the page shown: one row per open work item (issue 12). With `kind`
 * (the item's label, as functions/core/work.ts WORK_LABELS words it), only that item's rows.
 */
export function inboxRows(page: Page, caseNumber: string, kind?: string): Locator {
  const rows = page.locator('#inbox-rows tr', { hasText: caseNumber });
  return kind
    ? rows.filter({ has: page.getByTestId('work-kind').filter({ hasText: kind }) })
    : rows;
}

/**
 * Opens a case from the inbox the page shows, by its link, as a person does: from the row of the
 * item of `kind` when given, else from the case's first row.
 */
export async function openFromInbox(page: Page, caseNumber: string, kind?: string): Promise<void> {
  const row = inboxRows(page, caseNumber, kind).first();
  await row.getByRole('link', { name: caseNumber }).click();
  await caseShown(page, caseNumber);
}

/** A link of the header's staff navigation (「待办」, 「督办」, 「发件箱」…), followed. */
export async function followNav(page: Page, label: string, path: string): Promise<void> {
  const link = page
    .getByRole('navigation', { name: '工作人员' })
    .getByRole('link', { name: label, exact: true });
  await Promise.all([page.waitForURL((url) => url.pathname === path), link.click()]);
}

/**
 * Goes to the unit's 待办 by the header's link (a fresh list: what the unit owes now) and opens the
 * case from the row of its item of `kind`.
 */
export async function openWork(page: Page, caseNumber: string, kind: string): Promise<void> {
  await followNav(page, '待办', '/staff/inbox');
  await openFromInbox(page, caseNumber, kind);
}

/**
 * The messages in the outbox page shown whose subject contains `subject` (for instance
 * 「待办：签收（2026-000001）」), newest first.
 */
export function outboxMessages(page: Page, subject: string): Locator {
  return page
    .getByTestId('outbox')
    .locator(':scope > li')
    .filter({ has: page.locator('.messages__subject', { hasText: subject }) });
}

/**
 * Opens a case as the reader of its e-mail does: 「发件箱」 in the header (the local runtime's
 * stand-in for the mailbox), the newest message whose subject contains `subject`, its
 * 「打开案件」 link.
 */
export async function openFromOutbox(
  page: Page,
  caseNumber: string,
  subject: string,
): Promise<void> {
  await followNav(page, '发件箱', '/staff/outbox');
  // Messages are delivered from a queue (issue 14), a moment after the step that sent them: look
  // again, as a reader waiting for the e-mail would, until it is there.
  for (let tries = 0; (await outboxMessages(page, subject).count()) === 0 && tries < 40; tries++) {
    await page.waitForTimeout(250);
    await page.reload();
  }
  await outboxMessages(page, subject).first().getByTestId('message-link').click();
  await caseShown(page, caseNumber);
}

/**
 * Uploads a file to the case file through the case page's 「上传材料」 (its script puts the file
 * to a signed URL; JavaScript must be on) and waits for the page to say it is done.
 */
export async function uploadAttachment(
  page: Page,
  file: { name: string; mimeType: string; buffer: Buffer },
): Promise<void> {
  await page.setInputFiles('#upload-file', file);
  await page.click('[data-testid=upload]');
  await page.waitForURL((url) => url.searchParams.get('done') === 'attach');
  await page.locator('#attachment-done').waitFor({ state: 'visible' });
}

/**
 * Finds a case by its number with the inbox's 「按案件编号查找」 form (a case the unit was asked
 * about, or one no longer in the inbox). Goes to the inbox by the header's link first.
 */
export async function findCase(page: Page, caseNumber: string): Promise<void> {
  if (new URL(page.url()).pathname !== '/staff/inbox') {
    await page.locator('.staff-nav').getByRole('link', { name: '待办', exact: true }).click();
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
