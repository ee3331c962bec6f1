/**
 * The staff pages of registration and the printed forms (issue 11), over HTTP with a sealed
 * session cookie, as a browser with JavaScript off uses them: the registration form (a matter
 * added and removed by its buttons, errors with every answer kept and nothing stored, a case
 * stored and its access code shown once), who may register, and the three print forms rendered
 * from the stored case, 404 where the caller may not see the case or the form does not apply.
 */
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { caseRequest, matter, postJson, residentId } from '#test/fixtures/cases.ts';
import {
  caseMark,
  casesStoredSince,
  sharedRuntimeWithAccounts,
} from '#test/fixtures/integration.ts';
import { eventually, inInbox } from '#test/fixtures/runtime.ts';
import { act } from '#test/fixtures/staff.ts';
import {
  csrfOf,
  getPage,
  type PageAnswer,
  postPage,
  sessionCookieFor,
} from '#test/fixtures/staff-session.ts';

const rt = sharedRuntimeWithAccounts();

const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const cookieOf = (username: string) => sessionCookieFor(rt, username);

/** The value of the input named `name` on a page. */
function fieldValue(page: string, name: string): string | undefined {
  const input = new RegExp(`<input[^>]*name="${name.replace(/[[\].]/g, '\\$&')}"[^>]*>`).exec(
    page,
  )?.[0];
  return input ? /value="([^"]*)"/.exec(input)?.[1] : undefined;
}

/** The form's hidden idempotency key. */
const keyOf = (page: string) => fieldValue(page, 'key') ?? '';

/** The answers of a walk-in of two matters, as the form posts them. */
function walkIn(overrides: Record<string, string | string[]> = {}) {
  return {
    channel: 'walk-in',
    registeredOn: '2026-01-20',
    'payer.kind': 'person',
    'payer.name': '巴特尔',
    'payer.idNumber': residentId(),
    'payer.phone': '139 1234 5678',
    'matters[0].type': 'base',
    'matters[0].insurance': 'pension',
    'matters[0].period.from': '2024-07',
    'matters[0].period.to': '2024-12',
    'matters[1].type': 'arrears',
    'matters[1].insurance': ['pension', 'medical'],
    'matters[1].period.from': '2024年8月',
    'matters[1].period.to': '2024-09',
    description: '来访人称单位少报了2024年下半年的养老保险缴费基数，要求核实补缴。',
    action: 'register',
    ...overrides,
  };
}

/** Opens the form as `username` and posts the answers with its CSRF token and key. */
async function register(
  username: string,
  fields: Record<string, string | string[]>,
): Promise<{ answer: PageAnswer; cookie: string }> {
  const cookie = await cookieOf(username);
  const form = await getPage(rt, '/staff/register', cookie);
  expect(form.status).toBe(200);
  const answer = await postPage(
    rt,
    '/staff/register',
    cookie,
    { key: keyOf(form.text), ...fields },
    csrfOf(form.text),
  );
  return { answer, cookie };
}

/** The `name=value` of a Set-Cookie of the answer, for the next request's Cookie header. */
function setCookie(answer: PageAnswer, name: string): string {
  const line = answer.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  if (!line) throw new Error(`no ${name} cookie`);
  return line;
}

const cookiePair = (line: string) => line.split(';')[0] ?? '';

describe('the registration form', () => {
  it('shows the six window channels, today’s date and one matter block, in the 登记 section', async () => {
    // Act
    const page = await getPage(rt, '/staff/register', await cookieOf('data-bureau.staff'));

    // Assess
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>登记争议</h1>');
    for (const label of [
      '窗口来访',
      '本单位电话来电',
      '12345 热线',
      '信访',
      '法院转来',
      '网络舆情',
    ])
      expect(page.text).toContain(label);
    expect(page.text).not.toContain('value="online"');
    expect(fieldValue(page.text, 'registeredOn')).toBe(today);
    expect(page.text).toContain('name="matters[0].type"');
    expect(page.text).not.toContain('name="matters[1].type"');
    expect(page.text).toMatch(/href="\/staff\/register" aria-current="page"/);
    expect(page.text).not.toMatch(/<script/);
    expect(gzipSync(page.text).length).toBeLessThan(30_000);
  });

  it('adds a matter block with 「再添加一项」 and removes one with 「删除这一项」, keeping the answers and storing nothing', async () => {
    // Prepare
    const before = await caseMark(rt);
    const one: Record<string, string | string[]> = walkIn({ action: 'add-matter' });
    for (const k of Object.keys(one)) if (k.startsWith('matters[1]')) delete one[k];

    // Act: add
    const added = await register('data-bureau.staff', one);

    // Assess
    expect(added.answer.status).toBe(200);
    expect(added.answer.text).toContain('name="matters[1].type"');
    expect(fieldValue(added.answer.text, 'payer.name')).toBe('巴特尔');
    expect(fieldValue(added.answer.text, 'matters[0].period.from')).toBe('2024-07');
    expect(added.answer.text).toContain('来访人称单位少报了');
    // The new block is where the page opens again.
    expect(added.answer.text).toContain('formaction="/staff/register#f-matters-2-type"');

    // Act: remove the first of two
    const removed = await postPage(
      rt,
      '/staff/register',
      added.cookie,
      { key: keyOf(added.answer.text), ...walkIn({ action: 'remove-0' }) },
      csrfOf(added.answer.text),
    );

    // Assess: the second is now the only one, as typed
    expect(removed.status).toBe(200);
    expect(removed.text).not.toContain('name="matters[1].type"');
    expect(removed.text).toMatch(/<option value="arrears"[^>]* selected/);
    expect(fieldValue(removed.text, 'matters[0].period.from')).toBe('2024-08');
    expect(await casesStoredSince(rt, before)).toEqual([]);
  });

  it('puts a registering button first in the form, so that Enter never removes or adds a matter', async () => {
    const page = await getPage(rt, '/staff/register', await cookieOf('tax.staff'));
    const form = /<form[^>]*data-testid="register-form"[\s\S]*?<\/form>/.exec(page.text)?.[0] ?? '';
    const firstButton = /<button[^>]*>/.exec(form)?.[0] ?? '';
    expect(firstButton).toContain('value="register"');
  });

  it('registers a walk-in: the case stored with its channel, date, matters and the window’s unit; the access code shown once', async () => {
    // Prepare
    const before = await caseMark(rt);
    const fields = walkIn();

    // Act: with the addresses a written answer is posted to (a staff review found none)
    const { answer, cookie } = await register('data-bureau.staff', {
      ...fields,
      'payer.address': '翁牛特旗乌丹镇全宁街 12 号',
      'counterparty.name': '赤峰某某建材有限公司',
      'counterparty.address': ' 翁牛特旗工业园区 3 号 ',
    });

    // Assess: 303 to the confirmation; the code travels in a sealed cookie, never the address
    expect(answer.status).toBe(303);
    const location = answer.location ?? '';
    const caseNumber = /^\/staff\/register\/done\?case=(\d{4}-\d{6})$/.exec(location)?.[1] ?? '';
    expect(caseNumber).not.toBe('');
    const sealed = setCookie(answer, 'si-staff-registered');
    expect(sealed).toMatch(/Path=\/staff\/register\/done/);
    expect(sealed).toMatch(/HttpOnly/);
    expect(await casesStoredSince(rt, before)).toEqual([caseNumber]);
    const stored = await rt.store.get(caseNumber);
    expect(stored?.channel).toBe('walk-in');
    expect(stored?.registeredOn).toBe('2026-01-20');
    expect(stored?.payer.name).toBe('巴特尔');
    expect(stored?.payer.phone).toBe('13912345678');
    expect(stored?.payer.address).toBe('翁牛特旗乌丹镇全宁街 12 号');
    expect(stored?.counterparty).toEqual({
      kind: 'organization',
      name: '赤峰某某建材有限公司',
      address: '翁牛特旗工业园区 3 号',
    });
    expect(stored?.matters.map((m) => m.type)).toEqual(['base', 'arrears']);
    expect(stored?.matters[1]?.insurance).toEqual(['pension', 'medical']);
    expect(stored?.matters[1]?.period).toEqual({ from: '2024-08', to: '2024-09' });
    expect(stored?.heldBy).toContain('data-bureau');
    const [first] = await rt.store.timeline(caseNumber);
    expect(first?.actor).toMatchObject({
      kind: 'staff',
      unit: 'data-bureau',
      user: 'data-bureau.staff',
    });

    // Act: the confirmation
    const done = await getPage(rt, location, `${cookie}; ${cookiePair(sealed)}`);

    // Assess: the number and the code, which the payer's own look-up accepts
    expect(done.status).toBe(200);
    const accessCode = />([A-Z2-9]{12})<\/strong>/.exec(done.text)?.[1] ?? '';
    expect(done.text).toContain(`data-testid="case-number">${caseNumber}<`);
    expect(accessCode).not.toBe('');
    // The form opens beside the code, which this address would not show again.
    expect(done.text).toContain(
      `href="/staff/cases/${caseNumber}/print/registration" target="_blank" rel="noopener"`,
    );
    expect(done.text).toContain(`href="/staff/cases/${caseNumber}"`);
    expect(setCookie(done, 'si-staff-registered')).toMatch(/Max-Age=0/);
    const lookUp = await fetch(`${rt.url}/api/cases/${caseNumber}`, {
      headers: { 'x-access-code': accessCode },
    });
    expect(lookUp.status).toBe(200);

    // Act and assess: again (the cookie gone), and with another session's cookie: no code
    const again = await getPage(rt, location, cookie);
    expect(again.status).toBe(200);
    expect(again.text).toContain('查询码已经显示过');
    expect(again.text).not.toContain(accessCode);
    expect(again.text).not.toContain('交给缴费人');
    const other = await sessionCookieFor(rt, 'data-bureau.staff', { sid: 'another-session' });
    const stolen = await getPage(rt, location, `${other}; ${cookiePair(sealed)}`);
    expect(stolen.text).not.toContain(accessCode);
  });

  it('files one case when the same form is posted twice (a double click)', async () => {
    // Prepare
    const cookie = await cookieOf('petition.staff');
    const form = await getPage(rt, '/staff/register', cookie);
    const fields = { key: keyOf(form.text), ...walkIn({ channel: 'petition' }) };
    const before = await caseMark(rt);

    // Act
    const first = await postPage(rt, '/staff/register', cookie, fields, csrfOf(form.text));
    const second = await postPage(rt, '/staff/register', cookie, fields, csrfOf(form.text));

    // Assess
    expect(first.status).toBe(303);
    expect(second.location).toBe(first.location);
    expect(await casesStoredSince(rt, before)).toHaveLength(1);
  });

  it('shows the form again with the errors in an error summary, every answer kept, nothing stored', async () => {
    // Prepare
    const before = await caseMark(rt);

    // Act: no channel, a wrong ID number, the second matter without its type
    const { answer } = await register(
      'data-bureau.staff',
      walkIn({ channel: '', 'payer.idNumber': '1504261985060700', 'matters[1].type': '' }),
    );

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/<title>错误：登记争议/);
    expect(answer.text).toContain('登记的信息有问题');
    expect(answer.text).toContain('请选择受理渠道');
    expect(answer.text).toContain('href="#f-channel"');
    expect(answer.text).toContain('href="#f-payer-idNumber"');
    expect(answer.text).toContain('href="#f-matters-1-type"');
    // …naming which of the two matters (a leaders' review: 「请选择争议的是什么问题」 alone)
    expect(answer.text).toMatch(/href="#f-matters-1-type">争议事项 2：请选择/);
    expect(fieldValue(answer.text, 'payer.name')).toBe('巴特尔');
    expect(fieldValue(answer.text, 'payer.idNumber')).toBe('1504261985060700');
    expect(fieldValue(answer.text, 'registeredOn')).toBe('2026-01-20');
    expect(fieldValue(answer.text, 'matters[1].period.from')).toBe('2024-08');
    expect(answer.text).toMatch(/<option value="base"[^>]* selected/);
    expect(answer.text).toMatch(/name="matters\[1\]\.insurance" value="medical" checked/);
    expect(answer.text).toContain('来访人称单位少报了');
    expect(answer.text).toMatch(/name="payer\.kind" value="person" checked/);
    expect(await casesStoredSince(rt, before)).toEqual([]);
  });

  it('is not for a leader, who belongs to no unit: 403 for the page and the post, nothing stored', async () => {
    // Prepare
    const before = await caseMark(rt);
    const cookie = await cookieOf('leader');

    // Act
    const page = await getPage(rt, '/staff/register', cookie);
    const post = await postPage(rt, '/staff/register', cookie, walkIn(), csrfOf(page.text));

    // Assess
    expect(page.status).toBe(403);
    expect(page.text).toContain('您不能登记案件');
    expect(page.text).not.toContain('href="/staff/register"');
    expect(post.status).toBe(403);
    expect(await casesStoredSince(rt, before)).toEqual([]);
  });

  it('refuses a post without the CSRF token, or from another site, and stores nothing', async () => {
    // Prepare
    const before = await caseMark(rt);
    const cookie = await cookieOf('tax.staff');
    const page = await getPage(rt, '/staff/register', cookie);

    // Act
    const noToken = await postPage(rt, '/staff/register', cookie, { ...walkIn(), csrf: '' }, '');
    const crossSite = await postPage(rt, '/staff/register', cookie, walkIn(), csrfOf(page.text), {
      origin: 'https://evil.example',
    });

    // Assess
    expect(noToken.status).toBe(403);
    expect(crossSite.status).toBe(403);
    expect(await casesStoredSince(rt, before)).toEqual([]);
  });

  it('sends a browser without a session to sign in, and back to the form afterwards', async () => {
    const page = await getPage(rt, '/staff/register', '');
    expect(page.status).toBe(303);
    expect(page.location).toBe(`/staff/sign-in?next=${encodeURIComponent('/staff/register')}`);
  });
});

describe('the printed forms', () => {
  let walkInCase = '';
  let majorCase = '';
  let serial = { year: '', n: '' };
  const answerText = '经核实，单位少报缴费基数属实。\n已责令单位补报并补缴差额。';
  const proposal = {
    contactName: '乌云',
    contactPhone: '0476-4321234',
    summary: '缴费人对2022年少缴社会保险费的处罚决定有异议。',
    proposedOpinion: '建议由旗税务局牵头，会同社保中心核实后依法处理。',
  };

  beforeAll(async () => {
    // A walk-in registered at the data bureau's window, routed to tax, signed for and answered.
    const { answer } = await register(
      'data-bureau.staff',
      walkIn({ 'matters[1].type': 'base', 'matters[1].insurance': 'pension' }),
    );
    expect(answer.status).toBe(303);
    walkInCase = /case=(\d{4}-\d{6})/.exec(answer.location ?? '')?.[1] ?? '';
    await eventually(() => inInbox(rt.store, 'tax', walkInCase), 10_000);
    expect((await act(rt, 'tax.staff', walkInCase, { type: 'sign-for' })).status).toBe(200);

    // A penalty before the cut-off has no owner: office triage, classified major, a proposal.
    const filed = await postJson(
      `${rt.url}/api/cases`,
      caseRequest({
        matters: [matter({ type: 'penalty', period: { from: '2022-01', to: '2022-12' } })],
      }),
    );
    majorCase = String(filed.json.caseNumber);
    await eventually(async () => {
      const c = await rt.store.get(majorCase);
      return c?.status === 'triage' ? c : undefined;
    }, 10_000);
    const classified = await act(rt, 'office.staff', majorCase, {
      type: 'classify',
      as: 'major',
      lead: 'tax',
    });
    expect(classified.status).toBe(200);
    const recorded = await act(rt, 'office.staff', majorCase, {
      type: 'record-proposal',
      ...proposal,
    });
    expect(recorded.status).toBe(200);
    const s = String((recorded.json.proposal as { serial: string }).serial);
    const [, year = '', n = ''] = /^\[(\d{4})\]第\((\d+)\)号$/.exec(s) ?? [];
    serial = { year, n };
  }, 60_000);

  it('prints annex 2 from the stored case: payer, matters, channel, the window clerk and their unit’s full name', async () => {
    // Act
    const page = await getPage(
      rt,
      `/staff/cases/${walkInCase}/print/registration`,
      await cookieOf('tax.staff'),
    );

    // Assess
    expect(page.status).toBe(200);
    const text = page.text.replace(/<[^>]+>/g, '');
    expect(text).toContain('翁牛特旗社会保险费征缴争议受理登记表');
    expect(text).toContain('登记日期：2026年1月20日');
    expect(text).toContain('巴特尔');
    expect(text).toContain('缴费基数（养老保险），所属期 2024年7月至2024年12月');
    expect(text).toContain('受理渠道：窗口来访');
    expect(text).toContain(`受理编号：${walkInCase}`);
    // Who received the payer at the window (seed 三(一)3), not tax, who signed for it later.
    expect(text).toMatch(/受理人\s*data-bureau\.staff/);
    expect(text).toMatch(/受理单位\s*翁牛特旗行政审批政务服务与数据管理局/);
    expect(text).not.toMatch(/受理人\s*tax\.staff/);
    expect(text).toContain('请使用浏览器的打印功能（Ctrl+P）');
    expect(page.text).toContain(`href="/staff/cases/${walkInCase}"`);
    expect(page.text).toContain('class="staff staff--print"');
    expect(page.text).not.toContain('print-masked');
  });

  it('prints annex 2 in full for the registering window, which files it, though another unit holds the case; masked for others', async () => {
    const page = await getPage(
      rt,
      `/staff/cases/${walkInCase}/print/registration`,
      await cookieOf('data-bureau.staff'),
    );
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('data-testid="print-masked"');
    expect(page.text).toContain('巴特尔');

    // The joint office sees every case, but neither holds nor registered this one.
    const office = await getPage(
      rt,
      `/staff/cases/${walkInCase}/print/registration`,
      await cookieOf('office.staff'),
    );
    expect(office.status).toBe(200);
    expect(office.text).toContain('data-testid="print-masked"');
    expect(office.text).toContain('data-testid="sheets-masked"');
    expect(office.text).not.toContain('巴特尔');
  });

  it('prints annex 3 with the serial the proposal drew, its contact, summary and opinion', async () => {
    const page = await getPage(
      rt,
      `/staff/cases/${majorCase}/print/proposal`,
      await cookieOf('office.staff'),
    );
    expect(page.status).toBe(200);
    const text = page.text.replace(/<[^>]+>/g, '');
    expect(serial.year).toMatch(/^\d{4}$/);
    expect(text).toContain(`报送编号[${serial.year}]第（${serial.n}）号`);
    expect(text).toContain('翁牛特旗社会保险费征缴争议事项处理拟办意见报送单');
    for (const value of Object.values(proposal)) expect(text).toContain(value);
    expect(text).toContain(`受理编号：${majorCase}`);
    expect(text).toContain('社会保险费征缴争议处理工作室');
  });

  it('prints the answer notice once the unit has answered: a paragraph per line, the routes of objection', async () => {
    // Prepare: not answered yet → 404 with the reason
    const cookie = await cookieOf('tax.staff');
    const early = await getPage(rt, `/staff/cases/${walkInCase}/print/answer`, cookie);
    expect(early.status).toBe(404);
    expect(early.text).toContain('这个案件还没有书面答复');
    const answered = await act(rt, 'tax.staff', walkInCase, {
      type: 'respond',
      answer: answerText,
    });
    expect(answered.status).toBe(200);

    // Act
    const page = await getPage(rt, `/staff/cases/${walkInCase}/print/answer`, cookie);

    // Assess
    expect(page.status).toBe(200);
    const text = page.text.replace(/<[^>]+>/g, '');
    expect(text).toContain('书面答复告知书');
    expect(text).toContain('巴特尔：');
    expect(text).toContain('您于2026年1月20日反映');
    expect(page.text).toContain('<p class="indent">经核实，单位少报缴费基数属实。</p>');
    expect(page.text).toContain('<p class="indent">已责令单位补报并补缴差额。</p>');
    expect(text).toContain('行政复议');
    expect(text).toContain(`${rt.url}/answer/`);
    expect(text).toContain('旗税务局');
  });

  it('knows no other form (404)', async () => {
    const page = await getPage(
      rt,
      `/staff/cases/${walkInCase}/print/receipt`,
      await cookieOf('tax.staff'),
    );
    expect(page.status).toBe(404);
    expect(page.text).toContain('没有这种打印表');
    expect(page.text).not.toContain('巴特尔');
  });

  it('says there is no proposal yet for a case without one (404)', async () => {
    const page = await getPage(
      rt,
      `/staff/cases/${walkInCase}/print/proposal`,
      await cookieOf('tax.staff'),
    );
    expect(page.status).toBe(404);
    expect(page.text).toContain('这个案件还没有拟办意见');
    expect(page.text).toContain(`href="/staff/cases/${walkInCase}"`);
  });

  it('shows no form of another unit’s case: 404 with a plain message, nothing of the case', async () => {
    const cookie = await cookieOf('medical.staff');
    for (const form of ['registration', 'proposal', 'answer', 'consultation', 'catalogue']) {
      const page = await getPage(rt, `/staff/cases/${walkInCase}/print/${form}`, cookie);
      expect(page.status).toBe(404);
      expect(page.text).toContain('没有找到这个案件');
      expect(page.text).not.toContain('巴特尔');
      expect(page.text).not.toContain('data-testid="sheet"');
    }
    const major = await getPage(rt, `/staff/cases/${majorCase}/print/proposal`, cookie);
    expect(major.status).toBe(404);
    expect(major.text).not.toContain(proposal.summary);
  });
});
