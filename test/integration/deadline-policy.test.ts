// Its own runtime: it changes the deadline policy, which every other file reads.
/**
 * The deadlines people read come from the configured policy, everywhere they are shown or printed
 * (issue 15): an administrator changes it with `npm run admin -- deadlines set` against the
 * running local runtime, and the payer's confirmation and receipt, the time limits page the start
 * page links to, the payer's answer page, the staff case page and the printed answer notice all
 * state the new days, and none the compiled-in ones.
 */
import { describe, expect, it } from 'vitest';
import { chineseDay } from '#core/time.ts';
import { HttpBrowser } from '#test/fixtures/http-browser.ts';
import { adminCli, checkPageAnswers, ownRuntime, payerStep } from '#test/fixtures/integration.ts';
import { eventually, inInbox } from '#test/fixtures/runtime.ts';
import { act } from '#test/fixtures/staff.ts';
import { getPage, sessionCookieFor } from '#test/fixtures/staff-session.ts';

// Settings read afresh on every request, so that the change shows at once.
const rt = ownRuntime({ env: { SETTINGS_CACHE_SECONDS: '0' }, demoAccounts: true });
const admin = adminCli(rt);

/** A page's words: tags dropped, as a reader sees them. */
const words = (page: string) => page.replace(/<[^>]+>/g, '');

/** Files a dispute of the tax bureau's through the payer's form pages, JavaScript off. */
async function fileByForm(browser: HttpBrowser): Promise<string> {
  const form = await checkPageAnswers(browser, [
    payerStep(),
    [
      '/api/payer/apply-matters',
      {
        'matters[0].type': 'base',
        'matters[0].insurance': 'pension',
        'matters[0].period.from': '2024-06',
        'matters[0].period.to': '2024-12',
        action: 'continue',
      },
    ],
    [
      '/api/payer/apply-description',
      { description: '单位按最高档核定了我的缴费基数。', action: 'continue' },
    ],
  ]);
  const sent = await browser.request('/api/cases', {
    method: 'POST',
    form,
  });
  expect(sent.status).toBe(303);
  const done = await browser.follow('/api/payer/done');
  const caseNumber = /data-testid="case-number">([^<]+)</.exec(done.text)?.[1] ?? '';
  expect(caseNumber).toMatch(/^\d{4}-\d{6}$/);
  await eventually(() => inInbox(rt.store, 'tax', caseNumber));
  return caseNumber;
}

/** The pages a new filing shows the payer: the confirmation and the printable receipt. */
async function filingPages(browser: HttpBrowser) {
  const done = await browser.follow('/api/payer/done');
  const receipt = await browser.follow('/api/payer/receipt');
  expect(done.status).toBe(200);
  expect(receipt.status).toBe(200);
  return { done: words(done.text), receipt: words(receipt.text) };
}

async function timeLimits() {
  const page = await fetch(`${rt.url}/api/payer/time-limits`, { headers: { accept: 'text/html' } });
  expect(page.status).toBe(200);
  return words(await page.text());
}

async function staffPage(path: string) {
  const page = await getPage(rt, path, await sessionCookieFor(rt, 'tax.staff'));
  expect(page.status, path).toBe(200);
  return page.text;
}

/** The day `days` working days after the answer, by the runtime's own calendar. */
async function daysAfterAnswer(caseNumber: string, days: number): Promise<string> {
  const at = (await rt.store.get(caseNumber))?.answer?.at ?? '';
  const from = new Date(at).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  const res = await fetch(`${rt.url}/api/calendar/add-working-days?from=${from}&days=${days}`);
  return ((await res.json()) as { date: string }).date;
}

/** The paragraph of the answer page that says by when to object. */
const objectBy = (page: string) => /<p data-testid="object-by">[\s\S]*?<\/p>/.exec(page)?.[0] ?? '';

describe('the static start page, built once', () => {
  it('states no figure of its own and links to the time limits in force', async () => {
    const start = await fetch(`${rt.url}/`).then((r) => r.text());
    expect(start).toContain('<a href="/api/payer/time-limits"');
    expect(words(start)).toContain('多长时间能办好');
    expect(words(start)).not.toMatch(/\d+ ?个工作日/);
  });
});

describe('an administrator changes the deadline policy', () => {
  it('changes the days every page and the printed answer notice state, and no page keeps the old ones', async () => {
    // Prepare: a case filed and answered under the committed policy, and what its pages said then
    const before = new HttpBrowser(rt.url);
    const answered = await fileByForm(before);
    const filedBefore = await filingPages(before);
    expect(filedBefore.done).toContain('一般在 15 个工作日内答复您');
    expect(filedBefore.receipt).toMatch(
      /1 个工作日内（最晚在\d{4}年\d{1,2}月\d{1,2}日前，含当天），办理部门签收您的申请。/,
    );
    expect(await timeLimits()).toContain('一般在 15 个工作日内答复您');
    expect(await staffPage(`/staff/cases/${answered}`)).toContain(
      '请在派单后 1 个工作日内退回并说明原因',
    );
    expect((await act(rt, 'tax.staff', answered, { type: 'sign-for' })).status).toBe(200);
    const respond = { type: 'respond', answer: '经核实，缴费基数已按实际工资重新核定。' };
    expect((await act(rt, 'tax.staff', answered, respond)).status).toBe(200);
    const [in15, in12] = await Promise.all([
      daysAfterAnswer(answered, 15),
      daysAfterAnswer(answered, 12),
    ]);
    expect(in12).not.toBe(in15);
    const answerBefore = objectBy((await before.follow('/api/payer/answer')).text);
    expect(answerBefore).toContain('答复后 15 个工作日内');
    expect(answerBefore).toContain(`datetime="${in15}"`);
    expect(words(await staffPage(`/staff/cases/${answered}/print/answer`))).toContain(
      `答复后 15 个工作日内（最晚在${chineseDay(in15)}前，含当天）没有提出异议的，视为没有异议。`,
    );

    // Act: every figure a page states, changed, as the administrator's CLI does it
    const changed = await admin(
      'deadlines',
      'set',
      'signFor=2',
      'returnWindow=3',
      'answerSingle=10',
      'answerJointGeneral=25',
      'answerMajor=40',
      'silenceMeansAccept=12',
    );
    expect(JSON.parse(changed.stdout)).toMatchObject({ answerSingle: 10, silenceMeansAccept: 12 });

    // Assess: a new filing's confirmation and receipt
    const after = new HttpBrowser(rt.url);
    const filed = await fileByForm(after);
    const filing = await filingPages(after);
    for (const text of [filing.done, filing.receipt]) {
      expect(text).toMatch(
        /2 个工作日内（最晚在\d{4}年\d{1,2}月\d{1,2}日前，含当天），办理部门签收您的申请。/,
      );
      expect(text).toContain('签收后一般在 10 个工作日内答复您，最晚不超过');
      expect(text).not.toContain('1 个工作日内，办理部门签收');
      expect(text).not.toMatch(/\b(15|20|30) 个工作日/);
    }

    // Assess: the time limits page the start page links to
    const limits = await timeLimits();
    expect(limits).toContain('办理部门在 2 个工作日内签收您的申请');
    expect(limits).toContain('一般在 10 个工作日内答复您');
    expect(limits).toContain('需要多个部门联合办理的，一般在 25 个工作日内答复');
    expect(limits).toContain('重大、复杂、疑难的，一般在 40 个工作日内答复');
    expect(limits).toContain('收到答复后 12 个工作日内没有告诉我们有异议的，视为您没有异议');
    expect(limits).not.toMatch(/\b(1|15|20|30) 个工作日/);

    // Assess: the staff case page's return form
    const casePage = await staffPage(`/staff/cases/${filed}`);
    expect(casePage).toContain('请在派单后 3 个工作日内退回并说明原因');
    expect(casePage).not.toContain('请在派单后 1 个工作日内');

    // Assess: the case answered before keeps the day its payer was told, which the shorter
    // policy would bring forward, and names no days that would contradict it
    const answerAfter = objectBy((await before.follow('/api/payer/answer')).text);
    expect(answerAfter).toContain(`datetime="${in15}"`);
    expect(answerAfter).toContain('这是答复时告诉您的日期，不会再提前');
    expect(answerAfter).not.toContain(in12);
    expect(answerAfter).not.toMatch(/\b(12|15) 个工作日/);

    // Assess: a case answered now is counted by the new policy, days and date alike
    expect((await act(rt, 'tax.staff', filed, { type: 'sign-for' })).status).toBe(200);
    expect((await act(rt, 'tax.staff', filed, respond)).status).toBe(200);
    const answeredNow = objectBy((await after.follow('/api/payer/answer')).text);
    expect(answeredNow).toContain('答复后 12 个工作日内');
    expect(answeredNow).toContain(`datetime="${await daysAfterAnswer(filed, 12)}"`);
    expect(answeredNow).not.toContain('答复时告诉您的日期');

    // Assess: the printed answer notice of the case answered before keeps the day its payer was
    // told, without days that no longer match it (a code review, 2026-12-05); one answered now
    // states the new days
    const notice = words(await staffPage(`/staff/cases/${answered}/print/answer`));
    expect(notice).toContain(`${chineseDay(in15)}前（含当天）没有提出异议的，视为没有异议。`);
    expect(notice).not.toContain('答复后 15 个工作日');
    expect(notice).not.toContain('答复后 12 个工作日');
    const newer = words(await staffPage(`/staff/cases/${filed}/print/answer`));
    expect(newer).toContain(
      `答复后 12 个工作日内（最晚在${chineseDay(await daysAfterAnswer(filed, 12))}前，含当天）`,
    );
  }, 120_000);
});
