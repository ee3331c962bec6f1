// Its own runtime: its clock moves through LOCAL_CLOCK_FILE.
/**
 * The inbox as a list of open work items (issue 12), the leaders' supervision page and the
 * outbox's links, over HTTP with a sealed session cookie against the real local runtime, its clock
 * driven through LOCAL_CLOCK_FILE: a new case waits to be signed for, then to be answered; an
 * opinion asked of finance is finance's work and finance may open the case; an item past its due
 * date is on the leaders' list, chased; a notification leads to its case.
 *
 * The tests share one runtime and run in order: the clock only moves forward.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '#core/case.ts';
import { openWork } from '#core/work.ts';
import { caseRequest, matter } from '#test/fixtures/cases.ts';
import { fileCase, ownRuntime, shanghaiClock } from '#test/fixtures/integration.ts';
import { notificationsDelivered } from '#test/fixtures/outbox.ts';
import { act, runSchedule, staffGet, tokenFor } from '#test/fixtures/staff.ts';
import { getPage, sessionCookieFor } from '#test/fixtures/staff-session.ts';

const clock = shanghaiClock('2026-11-02T10:00:00'); // a Monday
const rt = ownRuntime({ env: clock.env, demoAccounts: true });

/** Where to keep the rendered pages, to read them as a person would (unset: not kept). */
const KEEP = process.env.KEEP_PAGES_DIR;
function keep(name: string, text: string) {
  if (KEEP) writeFileSync(join(KEEP, name), text);
}

const cookieOf = (username: string) => sessionCookieFor(rt, username);

/** Files a case and waits for it in `unit`'s inbox. */
const file = async (body: Record<string, unknown>, unit: string) =>
  (await fileCase(rt, body, unit)).caseNumber;

/** A pension-base case of the second half of 2024: tax's alone (routing rule 1). */
const taxCase = () => file(caseRequest(), 'tax');

async function stored(n: string): Promise<CaseRecord> {
  const record = await rt.store.get(n);
  if (!record) throw new Error(`${n} is not stored`);
  return record;
}

/** The open items of a stored case, as kind@unit. */
const openItems = async (n: string) => openWork(await stored(n)).map((w) => `${w.kind}@${w.unit}`);

/** The inbox row of a case (the first one, when the case owes two acts). */
function rowOf(page: string, caseNumber: string): string {
  const row = new RegExp(
    `<tr[^>]*>\\s*<th[^>]*><a class="case-link" href="/staff/cases/${caseNumber}">${caseNumber}</a>[\\s\\S]*?</tr>`,
  ).exec(page)?.[0];
  if (!row) throw new Error(`no row of ${caseNumber}`);
  return row;
}

/** The kind filter's links, as their text. */
function kindLinks(page: string): string[] {
  const nav = /<nav class="kind-filter"[\s\S]*?<\/nav>/.exec(page)?.[0] ?? '';
  return [...nav.matchAll(/<a [^>]*>(?:<strong>)?([^<]+)/g)].map((m) => m[1] ?? '');
}

let signedCase = '';
let opinionCase = '';

describe('the inbox: the unit’s open work', () => {
  it('shows a new case as 「签收」 with its count, then after signing for as 「调查处理并书面答复」', async () => {
    // Prepare
    const caseNumber = await taxCase();
    signedCase = caseNumber;
    expect(await openItems(caseNumber)).toEqual(['sign-for@tax']);
    const cookie = await cookieOf('tax.staff');

    // Act
    const before = await getPage(rt, '/staff/inbox', cookie);

    // Assess: the item, its words, its due date (one working day), the case masked
    expect(before.status).toBe(200);
    keep('inbox-sign-for.html', before.text);
    expect(before.text).toContain('<h1 id="inbox-title">旗税务局 待办事项</h1>');
    expect(before.text).toContain(
      '<a class="staff-nav__link" href="/staff/inbox" aria-current="page">待办</a>',
    );
    expect(before.text).not.toContain('href="/staff/supervision"');
    expect(kindLinks(before.text)).toEqual(['全部（1）', '签收（1）']);
    expect(before.text).toContain('href="/staff/inbox?kind=sign-for"');
    const row = rowOf(before.text, caseNumber);
    expect(row).toContain('<strong data-testid="work-kind">签收</strong>');
    expect(row).toContain('<time datetime="2026-11-03">2026年11月3日</time>');
    expect(row).not.toContain('已超期');
    expect(row).toContain('<strong class="tag tag--assigned">已派单</strong>');
    expect(row).toContain('王**');
    expect(row).not.toContain('王小明');

    // The JSON inbox keeps `caseNumber` and adds the counts.
    const api = await staffGet(rt, '/api/staff/inbox', await tokenFor(rt, 'tax.staff'));
    expect(api.status).toBe(200);
    const items = api.json.items as { caseNumber: string; kind: string }[];
    expect(items.map((i) => i.caseNumber)).toEqual([caseNumber]);
    expect(items[0]?.kind).toBe('sign-for');
    expect(api.json.counts).toEqual({ 'sign-for': 1 });

    // A kind with nothing in it filters to nothing; the other filters still work.
    const answers = await getPage(rt, '/staff/inbox?kind=answer', cookie);
    expect(answers.status).toBe(200);
    expect(answers.text).not.toContain(`>${caseNumber}</a>`);
    expect(answers.text).toContain('没有符合筛选条件的待办事项');
    expect(kindLinks(answers.text)).toEqual(['全部（1）', '签收（1）', '调查处理并书面答复（0）']);
    expect(answers.text).toContain('<input type="hidden" name="kind" value="answer">');
    const filtered = await getPage(rt, '/staff/inbox?status=assigned&matter=base&kind=', cookie);
    expect(rowOf(filtered.text, caseNumber)).toContain('签收');
    const none = await getPage(rt, '/staff/inbox?status=accepted', cookie);
    expect(none.text).not.toContain(`>${caseNumber}</a>`);
    // The counts stay the unit's, and the page says so under another filter (not under none).
    expect(kindLinks(none.text)).toEqual(['全部（1）', '签收（1）']);
    expect(none.text).toContain('括号里是本单位全部待办的件数，不受其他筛选条件影响。');
    expect(answers.text).not.toContain('data-testid="counts-unfiltered"');
    // This year's serial alone finds the case (a review: 「14」 was refused).
    const serial = Number(caseNumber.slice(5));
    const found = await getPage(rt, `/staff/inbox?case=${serial}`, cookie);
    expect(found.status).toBe(303);
    expect(found.location).toBe(`/staff/cases/${caseNumber}`);
    const bad = await getPage(rt, '/staff/inbox?kind=nonsense', cookie);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('筛选条件有误');

    // Act: sign for it
    const signed = await act(rt, 'tax.staff', caseNumber, { type: 'sign-for' });
    expect(signed.status).toBe(200);

    // Assess: the sign-for item closed, the answer opened, and the inbox says so
    expect(await openItems(caseNumber)).toEqual(['answer@tax']);
    const after = await getPage(rt, '/staff/inbox', cookie);
    keep('inbox-answer.html', after.text);
    expect(kindLinks(after.text)).toEqual(['全部（1）', '调查处理并书面答复（1）']);
    const answerRow = rowOf(after.text, caseNumber);
    expect(answerRow).toContain('<strong data-testid="work-kind">调查处理并书面答复</strong>');
    expect(answerRow).toContain('<strong class="tag tag--accepted">办理中</strong>');
  });

  it('makes an opinion asked of finance finance’s work, which finance may open', async () => {
    // Prepare
    const caseNumber = await taxCase();
    opinionCase = caseNumber;
    expect((await act(rt, 'tax.staff', caseNumber, { type: 'sign-for' })).status).toBe(200);

    // Act
    const asked = await act(rt, 'tax.staff', caseNumber, {
      type: 'request-opinion',
      unit: 'finance',
      question: '本案缴费人申请退费，请财政局就退费资金的拨付提出意见。',
    });

    // Assess: stored, listed to finance, and finance's to open
    expect(asked.status).toBe(200);
    expect(await openItems(caseNumber)).toEqual(['answer@tax', 'opinion@finance']);
    const cookie = await cookieOf('finance.staff');
    const inbox = await getPage(rt, '/staff/inbox', cookie);
    keep('inbox-finance.html', inbox.text);
    expect(inbox.text).toContain('<h1 id="inbox-title">旗财政局 待办事项</h1>');
    expect(kindLinks(inbox.text)).toEqual(['全部（1）', '提出协办意见（1）']);
    expect(rowOf(inbox.text, caseNumber)).toContain(
      '<strong data-testid="work-kind">提出协办意见</strong>',
    );
    expect(inbox.text).not.toContain(`>${signedCase}</a>`);

    const page = await getPage(rt, `/staff/cases/${caseNumber}`, cookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<span data-testid="case-number">${caseNumber}</span>`);
    const other = await getPage(rt, `/staff/cases/${signedCase}`, cookie);
    expect(other.status).toBe(404);

    // Beside the inbox: the cases finance is involved in, and how.
    const cases = await getPage(rt, '/staff/inbox?view=cases', cookie);
    expect(cases.status).toBe(200);
    keep('inbox-cases.html', cases.text);
    expect(cases.text).toContain('<h1 id="inbox-title">旗财政局 参与的案件</h1>');
    const involved = rowOf(cases.text, caseNumber);
    expect(involved).toMatch(/<td data-label="角色" data-testid="relations">[^<]*协办[^<]*<\/td>/);
    expect(cases.text).not.toContain(`>${signedCase}</a>`);
    const taxCases = await getPage(rt, '/staff/inbox?view=cases', await cookieOf('tax.staff'));
    expect(rowOf(taxCases.text, signedCase)).toContain('承办');
    expect(rowOf(taxCases.text, caseNumber)).toContain('承办');
  });
});

describe('the outbox', () => {
  it('links each unit’s notification to its case, and shows a unit the ones sent to it', async () => {
    // Prepare: the new-work e-mails of the cases above, once delivered (issue 14)
    await notificationsDelivered(rt);
    const tax = await cookieOf('tax.staff');
    const finance = await cookieOf('finance.staff');

    // Act
    const taxOutbox = await getPage(rt, '/staff/outbox', tax);
    const financeOutbox = await getPage(rt, '/staff/outbox', finance);

    // Assess
    expect(taxOutbox.status).toBe(200);
    const link = `<a href="/staff/cases/${signedCase}" data-testid="message-link">打开案件`;
    expect(taxOutbox.text).toContain(link);
    expect(financeOutbox.text).toContain(
      `<a href="/staff/cases/${opinionCase}" data-testid="message-link">打开案件`,
    );
    expect(financeOutbox.text).toContain('待办：提出协办意见');
    expect(financeOutbox.text).not.toContain(link);

    // Following the link as a browser would opens the case.
    const hrefs = [...taxOutbox.text.matchAll(/<a href="([^"]+)" data-testid="message-link">/g)];
    const href = hrefs.map((m) => m[1] ?? '').find((h) => h.endsWith(signedCase)) ?? '';
    expect(href).toBe(`/staff/cases/${signedCase}`);
    const opened = await getPage(rt, href, tax);
    expect(opened.status).toBe(200);
    expect(opened.text).toContain(`<span data-testid="case-number">${signedCase}</span>`);
  });
});

describe('the leaders’ supervision page', () => {
  it('lists an overdue item by unit and by age, chased, with the way to 督办 and 交办', async () => {
    // Prepare: a medical-insurance case of 2023 (the medical insurance bureau's), due to be
    // signed for on Tuesday 11-03; chased on Wednesday 11-04; looked at on Thursday 11-05.
    const caseNumber = await file(
      caseRequest({
        matters: [matter({ insurance: ['medical'], period: { from: '2023-01', to: '2023-06' } })],
      }),
      'medical',
    );
    expect(openWork(await stored(caseNumber)).map((w) => [w.kind, w.unit, w.due])).toEqual([
      ['sign-for', 'medical', '2026-11-03'],
    ]);
    clock.set('2026-11-04T09:07:00');
    const sweep = await runSchedule(rt, 'supervision-sweep');
    expect(sweep.status).toBe(200);
    expect(openWork(await stored(caseNumber))[0]?.chasedOn).toBe('2026-11-04');
    clock.set('2026-11-05T10:00:00');
    const leader = await cookieOf('leader');

    // Act
    const byUnit = await getPage(rt, '/staff/supervision', leader);
    const byAge = await getPage(rt, '/staff/supervision?by=age', leader);

    // Assess: one section, the medical bureau's, with its one item two working days late
    expect(byUnit.status).toBe(200);
    keep('supervision.html', byUnit.text);
    keep('supervision-by-age.html', byAge.text);
    expect(byUnit.text).toContain(
      '<a class="staff-nav__link" href="/staff/supervision" aria-current="page">督办</a>',
    );
    expect(byUnit.text).toContain('督办，是领导小组要求承办单位');
    expect(byUnit.text).toContain('共 1 项超期，涉及 1 个单位。');
    const sections = [...byUnit.text.matchAll(/<section aria-labelledby="unit-([a-z-]+)"/g)].map(
      (m) => m[1],
    );
    expect(sections).toEqual(['medical']);
    expect(byUnit.text).toContain('<h2 id="unit-medical">旗医疗保障局：超期 1 项</h2>');
    const row = rowOf(byUnit.text, caseNumber);
    expect(row).toContain('签收');
    expect(row).toContain('<time datetime="2026-11-03">2026年11月3日</time>');
    expect(row).toContain('超期 2 个工作日');
    expect(row).toContain('2026年11月4日已催办');
    expect(row).toContain(`href="/staff/cases/${caseNumber}#t-supervise"`);
    expect(row).toContain('督办或交办');
    expect(row).not.toContain(`>${signedCase}<`);
    expect(rowOf(byAge.text, caseNumber)).toContain('<td data-label="承办单位">旗医疗保障局</td>');

    // The JSON list says the same.
    const api = await staffGet(rt, '/api/staff/supervision', await tokenFor(rt, 'leader'));
    expect(api.status).toBe(200);
    expect(api.json.units).toMatchObject([
      {
        unit: 'medical',
        count: 1,
        items: [
          {
            caseNumber,
            kind: 'sign-for',
            kindLabel: '签收',
            due: '2026-11-03',
            lateDays: 2,
            chasedOn: '2026-11-04',
            payerName: '王**',
          },
        ],
      },
    ]);

    // The leader has no inbox of their own: it says so and leads here.
    const inbox = await getPage(rt, '/staff/inbox', leader);
    expect(inbox.text).toContain('data-testid="no-own-inbox"');
    expect(inbox.text).toContain(
      '<h1 id="inbox-title">查看各单位待办事项：社会保险费征缴争议处理工作室</h1>',
    );
    expect(inbox.text).toContain('<a href="/staff/supervision">督办</a>');
    expect(inbox.text).toContain('<select class="select" id="f-unit" name="unit">');

    // The office reads the list but does not supervise: its rows only open the case.
    const office = await getPage(rt, '/staff/supervision', await cookieOf('office.staff'));
    expect(office.status).toBe(200);
    expect(rowOf(office.text, caseNumber)).toContain(`href="/staff/cases/${caseNumber}"`);
    expect(rowOf(office.text, caseNumber)).toContain('打开案件');

    // A unit's staff and heads may not read it.
    for (const who of ['tax.staff', 'medical.head']) {
      const refused = await getPage(rt, '/staff/supervision', await cookieOf(who));
      expect(refused.status).toBe(403);
      expect(refused.text).toContain('您没有权限查看督办事项');
      expect(refused.text).not.toContain(caseNumber);
    }
    const apiRefused = await staffGet(
      rt,
      '/api/staff/supervision',
      await tokenFor(rt, 'tax.staff'),
    );
    expect(apiRefused.status).toBe(403);
  });

  it('follows the leading group’s orders until the unit answers them', async () => {
    // Prepare: the leader supervises tax's signing for a new case, in time
    const caseNumber = await taxCase();
    const item = openWork(await stored(caseNumber))[0]?.id ?? '';
    const supervised = await act(rt, 'leader', caseNumber, {
      type: 'supervise',
      item,
      note: '请当天签收。',
    });
    expect(supervised.status).toBe(200);
    const leader = await cookieOf('leader');

    // Act: from the overdue list, the link to the orders
    const overdue = await getPage(rt, '/staff/supervision', leader);
    expect(overdue.text).toContain('<a href="/staff/supervision?by=orders">督办、交办的落实</a>');
    const orders = await getPage(rt, '/staff/supervision?by=orders', leader);

    // Assess: the order, not late, opening its case
    expect(orders.status).toBe(200);
    keep('supervision-orders.html', orders.text);
    const row = rowOf(orders.text, caseNumber);
    expect(row).toContain('答复领导小组督办');
    // …with what was ordered (a leaders' review: the list said only the step)
    expect(row).toContain(
      '<span class="cell-note" data-testid="order">督办要求：请当天签收。</span>',
    );
    // …and what the dispute is about beside the masked payer
    expect(row).toMatch(/缴费人 [^<]*；缴费基数<\/span>/);
    expect(row).toContain('<td data-label="承办单位">旗税务局</td>');
    expect(row).toContain('未到期');
    expect(row).toContain(`href="/staff/cases/${caseNumber}"`);
    expect(await openItems(caseNumber)).toContain('supervision@tax');

    // Act: tax answers it
    const answered = await act(rt, 'tax.staff', caseNumber, {
      type: 'answer-supervision',
      answer: '已签收，正在核实。',
    });

    // Assess: gone from the orders, kept on the case, listed with its answer, a link away
    expect(answered.status).toBe(200);
    expect(await openItems(caseNumber)).not.toContain('supervision@tax');
    const after = await getPage(rt, '/staff/supervision?by=orders', leader);
    expect(after.text).not.toContain(`>${caseNumber}<`);
    expect((await stored(caseNumber)).supervisions?.[0]?.answer).toBe('已签收，正在核实。');
    expect(after.text).toContain('<a href="/staff/supervision?by=answered">单位的答复</a>');
    const answers = await getPage(rt, '/staff/supervision?by=answered', leader);
    expect(answers.status).toBe(200);
    keep('supervision-answered.html', answers.text);
    const done = rowOf(answers.text, caseNumber);
    for (const part of [
      '督办要求：请当天签收。',
      '<span class="cell-note" data-testid="answer">答复：已签收，正在核实。</span>',
      '<td data-label="承办单位">旗税务局</td>',
      '按期',
    ]) {
      expect(done).toContain(part);
    }
    const refused = await getPage(
      rt,
      '/staff/supervision?by=answered',
      await cookieOf('medical.head'),
    );
    expect(refused.status).toBe(403);
    expect(refused.text).not.toContain(caseNumber);
  });
});

describe('the holiday schedule still to be entered', () => {
  it('is asked of the administrator on the inbox page, and of no one else', async () => {
    // The runtime's clock is 2 November 2026; the committed calendar ends with 2026.
    const admin = await getPage(rt, '/staff/inbox', await sessionCookieFor(rt, 'admin'));
    const staff = await getPage(rt, '/staff/inbox', await sessionCookieFor(rt, 'tax.staff'));

    expect(admin.status).toBe(200);
    expect(admin.text).toContain('2027 年的节假日安排还没有录入系统。');
    expect(admin.text).toContain('<code>npm run admin -- calendar put 2027.json</code>');
    expect(staff.text).not.toContain('data-testid="calendar-notice"');
  });
});
