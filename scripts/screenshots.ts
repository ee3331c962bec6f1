/**
 * `node --import tsx scripts/screenshots.ts [--no-build]`: screenshots of every page, payer and
 * staff, desktop (1366 × 768) and phone (375 × 812), into docs/screenshots/, with a README that
 * names each, so a reader sees the product without running it (issue: "seen, not described").
 *
 * It builds the site (as `npm start` does; `--no-build` uses site/dist as it is), starts the local
 * runtime with `--demo` in a temporary DATA_DIR, and reaches each page as a person would: the
 * payer's forms filled in and sent, staff signed in as the demo user whose page it is.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Browser, Page } from 'playwright-core';
import { openCase, signIn } from '#test/e2e/staff-pages.ts';
import { launchChromium } from '#test/fixtures/browser.ts';
import { fillMatterStep, fillPayerStep, lookUp, submit } from '#test/fixtures/payer.ts';
import {
  eventually,
  ROOT,
  removeDataDir,
  startTestRuntime,
  type TestRuntime,
} from '#test/fixtures/runtime.ts';

const OUT = join(ROOT, 'docs/screenshots');
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

/** Waits until the network is quiet and the page has laid itself out. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
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
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const cut = height > PHONE.height * PHONE_SCREENS;
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

/** A staff member's tab, signed in through the sign-in page. */
async function staffPage(browser: Browser, rt: TestRuntime, username: string): Promise<Page> {
  const page = await newPage(browser);
  await signIn(page, rt, username);
  return page;
}

async function inbox(page: Page, rt: TestRuntime): Promise<void> {
  await page.goto(`${rt.url}/staff/inbox/`);
  await page.locator('#inbox-result').waitFor({ state: 'visible' });
}

async function printed(page: Page, rt: TestRuntime, form: string, caseNumber: string) {
  await page.goto(`${rt.url}/staff/cases/${caseNumber}/print/${form}`);
  await page.getByTestId('sheet').waitFor({ state: 'visible' });
}

async function staffPages(browser: Browser, rt: TestRuntime, cases: DemoCase[]): Promise<void> {
  const inHand = demoCase(cases, '办理中（税务局已签收）');
  const triage = demoCase(cases, '工作室分办中（涉及两个单位）');
  const major = demoCase(cases, '专案处理中');
  const answered = demoCase(cases, '已答复');

  const anonymous = await newPage(browser);
  await anonymous.goto(`${rt.url}/staff/`);
  await anonymous.locator('#signin-form').waitFor({ state: 'visible' });
  await capture(anonymous, 'staff-sign-in', '工作人员登录', 'Staff sign-in');
  await anonymous.context().close();

  const tax = await staffPage(browser, rt, 'tax.staff');
  await inbox(tax, rt);
  await capture(
    tax,
    'staff-inbox-tax',
    '收件箱（旗税务局）',
    'Inbox of the tax bureau, as tax.staff',
  );
  await openCase(tax, rt, inHand.caseNumber);
  await capture(
    tax,
    'staff-case-tax',
    '案件（旗税务局办理中）',
    `Case page of ${inHand.caseNumber}, signed for by the tax bureau, with its actions, as tax.staff`,
  );
  await printed(tax, rt, 'registration', inHand.caseNumber);
  await capture(
    tax,
    'staff-print-registration',
    '打印受理登记表（附件2）',
    `Printable registration form (annex 2) of ${inHand.caseNumber}, as tax.staff`,
  );
  await tax.context().close();

  const office = await staffPage(browser, rt, 'office.staff');
  await inbox(office, rt);
  await capture(
    office,
    'staff-inbox-office',
    '收件箱（工作室）',
    'Inbox of the disputes office (工作室), as office.staff',
  );
  await openCase(office, rt, triage.caseNumber);
  await capture(
    office,
    'staff-case-triage',
    '案件（工作室分办）',
    `Case page of ${triage.caseNumber} awaiting triage by the office (two units involved), as office.staff`,
  );
  await office.goto(`${rt.url}/staff/register`);
  await office.getByTestId('register-form').waitFor({ state: 'visible' });
  await capture(
    office,
    'staff-register',
    '窗口登记',
    'Registering a dispute received at the window, by phone or by letter, as office.staff',
  );
  await office.goto(`${rt.url}/staff/outbox/`);
  await office.locator('#loading').waitFor({ state: 'hidden' });
  await capture(
    office,
    'staff-outbox',
    '发件箱',
    'Outbox: the e-mails and text messages the local runtime sent instead of delivering them',
  );
  await printed(office, rt, 'proposal', major.caseNumber);
  await capture(
    office,
    'staff-print-proposal',
    '打印拟办意见表（附件3）',
    `Printable proposal form (annex 3) of the major demo case ${major.caseNumber}, as office.staff`,
  );
  await office.context().close();

  const siCenter = await staffPage(browser, rt, 'si-center.staff');
  await printed(siCenter, rt, 'answer', answered.caseNumber);
  await capture(
    siCenter,
    'staff-print-answer',
    '打印答复书',
    `Printable written answer of ${answered.caseNumber}, as si-center.staff`,
  );
  await siCenter.context().close();

  await reportPages(browser, rt);
}

/** The reports list and one report, as the leader, if this build of the site has them. */
async function reportPages(browser: Browser, rt: TestRuntime): Promise<void> {
  const list = await fetch(`${rt.url}/staff/reports/`);
  if (list.status === 404) {
    for (const [file, zh, en] of [
      ['staff-reports', '统计报告', 'Reports list'],
      ['staff-report', '统计报告（一份）', 'One report'],
    ] as const) {
      shots.push({ file, zh, en, skipped: '/staff/reports/ answers 404 in this build' });
    }
    console.log('  staff-reports, staff-report: skipped, /staff/reports/ answers 404');
    return;
  }
  const leader = await staffPage(browser, rt, 'leader');
  await leader.goto(`${rt.url}/staff/reports/`);
  await leader.locator('#request').waitFor({ state: 'visible' });
  // An on-demand report of this week so far (the form's default dates), as the leader asks for it.
  await Promise.all([leader.waitForURL(/\/staff\/report\/\?id=/), leader.click('#request-submit')]);
  await leader.locator('#report').waitFor({ state: 'visible' });
  await capture(
    leader,
    'staff-report',
    '统计报告（专题统计）',
    'An on-demand report of this week: highlights, tables and charts, as leader',
  );
  await leader.goto(`${rt.url}/staff/reports/`);
  await leader.locator('#reports-table').waitFor({ state: 'visible' });
  await capture(
    leader,
    'staff-reports',
    '统计报告',
    'Reports list with the form that asks for an on-demand report, as leader',
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
    '`--demo` data. Regenerate them with `node --import tsx scripts/screenshots.ts`; do not edit',
    'them by hand. Case numbers and dates differ at each run.',
    '',
    '| Page | What it shows | Desktop | Phone |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

/** The administrator's dead-letter page, with one message that cannot succeed in it. */
async function deadLetterPage(browser: Browser, rt: TestRuntime): Promise<void> {
  const runtime = JSON.parse(readFileSync(join(rt.dataDir, 'runtime.json'), 'utf8')) as {
    queueUrls: Record<string, string>;
  };
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
    const health = (await (await fetch(`${rt.url}/api/health`)).json()) as {
      deadLetterDepth: Record<string, number>;
    };
    return health.deadLetterDepth.tax ? true : undefined;
  }, 30_000);
  const admin = await staffPage(browser, rt, 'admin');
  await admin.goto(`${rt.url}/staff/dead-letters/`);
  await admin.locator('[data-testid=dead-letters]').waitFor({ state: 'visible' });
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
    mkdirSync(OUT, { recursive: true });
    for (const f of readdirSync(OUT).filter((f) => f.endsWith('.png'))) rmSync(join(OUT, f));
    console.log(`Screenshots into ${OUT}:`);
    await payerPages(browser, rt, cases);
    await staffPages(browser, rt, cases);
    await deadLetterPage(browser, rt);
    writeFileSync(join(OUT, 'README.md'), readme());
    const bytes = readdirSync(OUT)
      .filter((f) => f.endsWith('.png'))
      .reduce((sum, f) => sum + statSync(join(OUT, f)).size, 0);
    console.log(`${shots.length} pages, ${(bytes / 1e6).toFixed(1)} MB of PNG.`);
  } finally {
    await browser.close();
    await rt.stop();
    removeDataDir(rt.dataDir);
  }
}

await main();
