/**
 * `npm run screenshots [-- --no-build]`: screenshots of every page, payer and
 * staff, desktop (1366 × 768) and phone (375 × 812), into docs/screenshots/, with a README that
 * names each, so a reader sees the product without running it (issue: "seen, not described").
 *
 * It builds the site (as `npm start` does; `--no-build` uses site/dist as it is), starts the local
 * runtime with `--demo` in a temporary DATA_DIR, and reaches each page as a person would: the
 * payer's forms filled in and sent; staff signed in through the local OpenID Connect provider's
 * login form as the demo user whose page it is, moving by the pages' links and forms, with
 * JavaScript off in the browser, as government offices run the staff pages (issue 11).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { readRuntimeInfo } from '#local/runtime-info.ts';
import { findCase, openFromInbox, signIn } from '#test/e2e/staff-pages.ts';
import { launchChromium } from '#test/fixtures/browser.ts';
import { healthDetail } from '#test/fixtures/health.ts';
import { fillMatterStep, fillPayerStep, lookUp, submit } from '#test/fixtures/payer.ts';
import {
  eventually,
  ROOT,
  removeDataDir,
  startTestRuntime,
  type TestRuntime,
} from '#test/fixtures/runtime.ts';

const DOCS = join(ROOT, 'docs/screenshots');
/** Shot into a folder beside it, which replaces it only when every page was shot. */
const OUT = `${DOCS}.new`;
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 375, height: 812 };
/**
 * Phone screenshots longer than this many screens are cut there: the long staff pages would
 * otherwise make tall images that add megabytes to the repository and little for the reader.
 */
const PHONE_SCREENS = Number(process.env.PHONE_SCREENS ?? 2);

interface Shot {
  file: string;
  zh: string;
  en: string;
  /** Set when a page could not be shot, with the reason. */
  skipped?: string;
}

const shots: Shot[] = [];

/** A demo case as `--demo` prints it: `  2026-000003  WTBCM45X6754  已答复（社保中心）`. */
interface DemoCase {
  caseNumber: string;
  accessCode: string;
  title: string;
}

function demoCases(output: string): DemoCase[] {
  return [...output.matchAll(/^\s+(\d{4}-\d{6})\s+([A-Z0-9]{12})\s+(\S.*)$/gm)].map((m) => ({
    caseNumber: m[1] ?? '',
    accessCode: m[2] ?? '',
    title: (m[3] ?? '').trim(),
  }));
}

function demoCase(cases: DemoCase[], title: string): DemoCase {
  const found = cases.find((c) => c.title.startsWith(title));
  if (!found) throw new Error(`the demo has no case 「${title}」: ${JSON.stringify(cases)}`);
  return found;
}

/** Browser contexts with JavaScript off: no animation frame ever runs in their pages. */
const scriptless = new WeakSet<BrowserContext>();

/**
 * Waits until the network is quiet, the fonts are in and (where scripts run) the page has laid
 * itself out; with scripts off, the screenshot itself lays the page out.
 */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  if (scriptless.has(page.context())) return;
  await page.evaluate(
    () =>
      new Promise<void>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => resolve())),
      ),
  );
}

/** The page as it is now, full length at desktop size, then at phone size (cut if very long). */
async function capture(page: Page, name: string, zh: string, en: string): Promise<void> {
  // The pointer off the page: a button just clicked would otherwise be drawn in its hover colour.
  await page.mouse.move(0, 0);
  await page.setViewportSize(DESKTOP);
  await settle(page);
  await page.screenshot({
    path: join(OUT, `${name}-desktop.png`),
    fullPage: true,
    animations: 'disabled',
  });
  await page.setViewportSize(PHONE);
  await settle(page);
  const [width, height] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.scrollHeight,
  ]);
  // A page wider than the phone scrolls sideways there: the cut screenshot would hide it.
  if ((width ?? 0) > PHONE.width) {
    console.warn(`  ${name}: ${width} px wide at phone size, wider than the screen`);
  }
  const cut = (height ?? 0) > PHONE.height * PHONE_SCREENS;
  await page.screenshot({
    path: join(OUT, `${name}-phone.png`),
    fullPage: true,
    animations: 'disabled',
    ...(cut
      ? { clip: { x: 0, y: 0, width: PHONE.width, height: PHONE.height * PHONE_SCREENS } }
      : {}),
  });
  await page.setViewportSize(DESKTOP);
  shots.push({ file: name, zh, en: cut ? `${en} (phone: first ${PHONE_SCREENS} screens)` : en });
  console.log(`  ${name}`);
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: DESKTOP });
  return context.newPage();
}

async function payerPages(browser: Browser, rt: TestRuntime, cases: DemoCase[]): Promise<void> {
  const page = await newPage(browser);
  await page.goto(`${rt.url}/`);
  await capture(page, 'start', '首页', 'Start page: what can be raised, who handles it, how long');
  await submit(page, '[data-testid=time-limits-link]');
  await capture(
    page,
    'time-limits',
    '办理时限',
    'The time limits in force (working days), from the configured deadline policy',
  );

  await page.goto(`${rt.url}/apply/`);
  await capture(page, 'apply', '填写争议申请 第 1 步：您的信息', 'Intake step 1 of 4: who you are');

  await submit(page, '[data-testid=continue]');
  await capture(
    page,
    'apply-errors',
    '您的信息（错误提示）',
    'Intake step 1 sent empty: the error summary and a message at each field',
  );

  await fillPayerStep(page);
  await submit(page, '[data-testid=continue]');
  await fillMatterStep(page);
  await submit(page, '[data-testid=add-matter]');
  await capture(
    page,
    'apply-matters',
    '第 2 步：争议的是什么',
    'Intake step 2 of 4: the matters, a second one added (each with type, insurance and months)',
  );
  await submit(page, 'button[value="remove-1"]');
  await submit(page, '[data-testid=continue]');
  await page.fill('#f-description', '单位申报的缴费基数比我的实际工资高，想请核实。');
  await capture(
    page,
    'apply-description',
    '第 3 步：具体情况',
    'Intake step 3 of 4: what happened',
  );
  await submit(page, '[data-testid=continue]');
  await capture(
    page,
    'apply-check',
    '第 4 步：请核对您填写的信息',
    'Intake step 4 of 4: check your answers, with change links, the consent and the send button',
  );
  await page.check('#f-consent');
  await submit(page, '[data-testid=submit]');
  await capture(
    page,
    'apply-confirmation',
    '已收到您的争议申请',
    'Confirmation: case number, access code, the unit that will handle it, what happens next',
  );

  const inHand = demoCase(cases, '办理中（税务局已签收）');
  await page.goto(`${rt.url}/status/`);
  await capture(
    page,
    'status-lookup',
    '查看办理进度',
    'Status look-up: case number and access code',
  );
  await lookUp(page, rt.url, '/status/', inHand.caseNumber, inHand.accessCode);
  await capture(
    page,
    'status',
    '办理情况',
    `Status of demo case ${inHand.caseNumber} (being handled by the tax bureau): state, unit and timeline`,
  );

  const answered = demoCase(cases, '已答复');
  await lookUp(page, rt.url, '/answer/', answered.caseNumber, answered.accessCode);
  await page.check('#f-decision-object');
  await capture(
    page,
    'answer',
    '答复内容',
    `Answer of demo case ${answered.caseNumber} (已答复): the written answer and the accept / object form, objection routes open`,
  );

  await lookUp(page, rt.url, '/survey/', answered.caseNumber, answered.accessCode);
  await capture(
    page,
    'survey',
    '回访：您对处理结果满意吗',
    `Follow-up survey of demo case ${answered.caseNumber}, answered online`,
  );

  await page.goto(`${rt.url}/no-such-page/`);
  await capture(page, 'not-found', '找不到这个页面', 'Not found (404) page');
  await page.context().close();
}

/**
 * A staff member's browser: JavaScript off, as government offices run the staff pages (issue 11),
 * unless `javaScript` says otherwise.
 */
async function staffBrowser(browser: Browser, o: { javaScript?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    viewport: DESKTOP,
    javaScriptEnabled: o.javaScript ?? false,
  });
  if (!(o.javaScript ?? false)) scriptless.add(context);
  return context.newPage();
}

/**
 * A staff member's tab, signed in through the provider's login form; it lands on the person's
 * start page (the inbox; a leader's, the supervision lists).
 */
async function staffPage(browser: Browser, rt: TestRuntime, username: string): Promise<Page> {
  const page = await staffBrowser(browser);
  await signIn(page, rt, username);
  await page.locator('.staff-nav').waitFor();
  return page;
}

/** Follows a link of the header's staff navigation (「发件箱」, 「统计报告」…) to its page. */
async function viaNav(page: Page, label: string, path: string): Promise<void> {
  await Promise.all([
    page.waitForURL((url) => url.pathname === path),
    page.locator('.staff-nav').getByRole('link', { name: label, exact: true }).click(),
  ]);
}

/** From the case page shown, its link to a print form (`print-registration` …). */
async function printed(page: Page, form: 'registration' | 'proposal' | 'answer'): Promise<void> {
  await Promise.all([
    page.waitForURL((url) => url.pathname.endsWith(`/print/${form}`)),
    page.getByTestId(`print-${form}`).click(),
  ]);
  await page.getByTestId('sheet').waitFor();
}

async function staffPages(browser: Browser, rt: TestRuntime, cases: DemoCase[]): Promise<void> {
  const inHand = demoCase(cases, '办理中（税务局已签收）');
  const triage = demoCase(cases, '工作室分办中（涉及两个单位）');
  const major = demoCase(cases, '专案处理中');
  const answered = demoCase(cases, '已答复');

  // The entrance staff bookmark, its 「登录」 to the provider's login form, and in through it.
  const tax = await staffBrowser(browser);
  await tax.goto(`${rt.url}/staff/`);
  await capture(
    tax,
    'staff-entrance',
    '工作人员入口',
    'The staff entrance (/staff/): what the workspace is for and the way to sign in',
  );
  await tax.getByTestId('sign-in').click();
  await tax.getByTestId('sign-in-form').waitFor();
  await capture(
    tax,
    'staff-sign-in',
    '工作人员登录',
    'Staff sign-in: the login form of the local OpenID Connect provider, reached from the entrance',
  );
  await signIn(tax, rt, 'tax.staff');
  await tax.locator('#inbox-title').waitFor();
  await capture(
    tax,
    'staff-inbox-tax',
    '待办事项（旗税务局）',
    'Inbox of the tax bureau, as tax.staff',
  );
  await openFromInbox(tax, inHand.caseNumber);
  await capture(
    tax,
    'staff-case-tax',
    '案件（旗税务局办理中）',
    `Case page of ${inHand.caseNumber}, signed for by the tax bureau, with its actions, as tax.staff`,
  );
  // 「提交答复」 with no answer: the case page again, with the error summary and the field's error.
  await Promise.all([tax.waitForEvent('load'), tax.getByTestId('do-respond').click()]);
  await tax.getByTestId('error-summary').waitFor();
  await capture(
    tax,
    'staff-case-errors',
    '案件（答复未填写的错误提示）',
    `Case page of ${inHand.caseNumber} after 「提交答复」 was sent empty: the error summary and the message at the answer`,
  );
  await printed(tax, 'registration');
  await capture(
    tax,
    'staff-print-registration',
    '打印受理登记表（附件2）',
    `Printable registration form (annex 2) of ${inHand.caseNumber}, from the case page, as tax.staff`,
  );
  // 「退出」 in the header: the provider ends its own session with nothing to confirm and sends the
  // browser back to the page that says so.
  await Promise.all([
    tax.waitForURL((url) => url.pathname === '/staff/signed-out'),
    tax.getByTestId('sign-out').click(),
  ]);
  await capture(
    tax,
    'staff-signed-out',
    '您已退出',
    'Signed out (/staff/signed-out), after 「退出」; the provider’s session ended too',
  );
  await tax.context().close();

  const office = await staffPage(browser, rt, 'office.staff');
  await capture(
    office,
    'staff-inbox-office',
    '待办事项（工作室）',
    'Inbox of the disputes office (工作室), as office.staff',
  );
  await openFromInbox(office, triage.caseNumber);
  await capture(
    office,
    'staff-case-triage',
    '案件（工作室分办）',
    `Case page of ${triage.caseNumber} awaiting triage by the office (two units involved), as office.staff`,
  );
  await viaNav(office, '登记', '/staff/register');
  await office.getByTestId('register-form').waitFor();
  await capture(
    office,
    'staff-register',
    '登记争议',
    'Registering a dispute received at the window, by phone or by letter, as office.staff',
  );
  await findCase(office, major.caseNumber);
  await printed(office, 'proposal');
  await capture(
    office,
    'staff-print-proposal',
    '打印拟办意见报送单（附件3）',
    `Printable proposal form (annex 3) of the major demo case ${major.caseNumber}, from the case page, as office.staff`,
  );
  await viaNav(office, '发件箱', '/staff/outbox');
  await capture(
    office,
    'staff-outbox',
    '发件箱',
    'Outbox: the e-mails and text messages the local runtime sent instead of delivering them',
  );
  await office.context().close();

  const siCenter = await staffPage(browser, rt, 'si-center.staff');
  await findCase(siCenter, answered.caseNumber);
  await printed(siCenter, 'answer');
  await capture(
    siCenter,
    'staff-print-answer',
    '打印书面答复告知书',
    `Printable written answer notice of ${answered.caseNumber}, found by its number and opened from the case page, as si-center.staff`,
  );
  await siCenter.context().close();

  await reportPages(browser, rt);
}

/** The reports list and one report, asked for through the list's form, as the leader. */
async function reportPages(browser: Browser, rt: TestRuntime): Promise<void> {
  const leader = await staffPage(browser, rt, 'leader');
  await viaNav(leader, '统计报告', '/staff/reports');
  // An on-demand report of this week so far: the form's first dates, as the leader asks for it.
  await leader.getByTestId('request-form').waitFor();
  await Promise.all([
    leader.waitForURL((url) => /^\/staff\/reports\/on-demand-/.test(url.pathname)),
    leader.getByTestId('request-report').click(),
  ]);
  await leader.getByTestId('report').waitFor();
  await capture(
    leader,
    'staff-report',
    '统计报告（专题统计）',
    'An on-demand report of this week, just asked for: highlights, tables and charts, downloads, as leader',
  );
  await Promise.all([
    leader.waitForURL((url) => url.pathname === '/staff/reports'),
    leader.getByRole('link', { name: '返回报告列表' }).click(),
  ]);
  await leader.getByTestId('reports').waitFor();
  await capture(
    leader,
    'staff-reports',
    '统计报告',
    'Reports list, with the report just made and the form that asks for an on-demand report, as leader',
  );
  await viaNav(leader, '督办', '/staff/supervision');
  await capture(
    leader,
    'staff-supervision',
    '督办（超期事项）',
    'The leaders’ supervision list: every overdue work item across units, by unit (the demo cases are new, so none may be overdue yet), as leader',
  );
  await leader.context().close();
}

function readme(): string {
  const rows = shots.map((s) =>
    s.skipped
      ? `| ${s.zh} | ${s.en} | not taken: ${s.skipped} | |`
      : `| ${s.zh} | ${s.en} | [desktop](${s.file}-desktop.png) | [phone](${s.file}-phone.png) |`,
  );
  return [
    '# Screenshots',
    '',
    'Every page of the site, payer and staff, at desktop size (1366 × 768, full page) and phone',
    `size (375 × 812, full page, or its first ${PHONE_SCREENS} screens where it is longer), from the`,
    '`--demo` data. The staff pages are taken with JavaScript off in the browser, as government',
    'offices run them. Regenerate them with `npm run screenshots`; do not',
    'edit them by hand. Case numbers and dates differ at each run.',
    '',
    '| Page | What it shows | Desktop | Phone |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

/** The administrator's dead-letter page, with one message that cannot succeed in it. */
async function deadLetterPage(browser: Browser, rt: TestRuntime): Promise<void> {
  const runtime = readRuntimeInfo(rt.dataDir);
  await rt.sqs.send(
    new SendMessageCommand({
      QueueUrl: runtime.queueUrls.tax,
      MessageBody: JSON.stringify({
        v: 1,
        type: 'case.routed',
        caseNumber: '2026-999999',
        unit: 'tax',
      }),
    }),
  );
  await eventually(async () => {
    // The administrator's detail: the public health shows no dead-letter depths (issue 14).
    const health = await healthDetail(rt);
    return health.deadLetterDepth.tax ? true : undefined;
  }, 30_000);
  const admin = await staffPage(browser, rt, 'admin');
  await viaNav(admin, '未送达消息', '/staff/dead-letters');
  await admin.getByTestId('dead-letters').waitFor();
  await capture(
    admin,
    'staff-dead-letters',
    '未送达的消息',
    'Dead letters, as admin: a message for a case that does not exist, failed five times, with its re-drive button',
  );
  await admin.context().close();
}

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build')) {
    console.log('Building the site…');
    execFileSync('npm', ['run', 'build:site', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  }
  console.log('Starting the runtime with --demo…');
  const [rt, browser] = await Promise.all([
    // Retries a second apart, so that the dead-letter page's example fails its five tries quickly.
    startTestRuntime({ args: ['--demo'], env: { LOCAL_VISIBILITY_SECONDS: '1' } }),
    launchChromium(),
  ]);
  try {
    const cases = demoCases(rt.output());
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    console.log(`Screenshots into ${OUT}:`);
    await payerPages(browser, rt, cases);
    await staffPages(browser, rt, cases);
    await deadLetterPage(browser, rt);
    writeFileSync(join(OUT, 'README.md'), readme());
    // A run that failed half-way left the old set whole (a newcomer's review found it emptied).
    rmSync(DOCS, { recursive: true, force: true });
    renameSync(OUT, DOCS);
    const bytes = readdirSync(DOCS)
      .filter((f) => f.endsWith('.png'))
      .reduce((sum, f) => sum + statSync(join(DOCS, f)).size, 0);
    console.log(`${shots.length} pages into ${DOCS}, ${(bytes / 1e6).toFixed(1)} MB of PNG.`);
  } finally {
    await browser.close();
    await rt.stop();
    removeDataDir(rt.dataDir);
  }
}

await main();
