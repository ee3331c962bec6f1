// Its own runtime: it reads whole inboxes (a filter's empty state, the pages of 「下一页」).
/**
 * The inbox and the case page with its action forms (issues 11, 12), over HTTP with a sealed
 * session cookie, as a browser with JavaScript off uses them: the inbox filtered and paged, a
 * single-unit case signed for and answered through the forms (303, stored state, the page after),
 * a joint case classified and consulted on, a leader's 督办 and 交办 and the units' answers, a
 * decision the payer gave at the window recorded and the case archived, a form with errors, a
 * stale form, another unit's case, a post without the CSRF token or from another site, and the
 * case files' links.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { chineseDay } from '#core/time.ts';
import { caseRequest, matter, postJson } from '#test/fixtures/cases.ts';
import { fileCase, ownRuntime } from '#test/fixtures/integration.ts';
import { eventually } from '#test/fixtures/runtime.ts';
import { act } from '#test/fixtures/staff.ts';
import { csrfOf, getPage, postPage, sessionCookieFor } from '#test/fixtures/staff-session.ts';

const rt = ownRuntime({ demoAccounts: true });
/** A medical-insurance case of 2023: the medical insurance bureau's alone. */
let medicalCase = '';

/** Files a case and waits for it in `unit`'s inbox. */
const file = async (body: Record<string, unknown>, unit: string) =>
  (await fileCase(rt, body, unit)).caseNumber;

/** A pension-base case of the second half of 2024: tax's alone (routing rule 1). */
const taxCase = () => file(caseRequest(), 'tax');

beforeAll(async () => {
  medicalCase = await file(
    caseRequest({
      matters: [matter({ insurance: ['medical'], period: { from: '2023-01', to: '2023-06' } })],
    }),
    'medical',
  );
}, 60_000);

const cookieOf = (username: string) => sessionCookieFor(rt, username);
const casePath = (n: string) => `/staff/cases/${n}`;

/** The form of one action on a case page. */
function formOf(page: string, type: string): string {
  const m = new RegExp(`<form[^>]*data-action="${type}"[\\s\\S]*?</form>`).exec(page);
  if (!m) throw new Error(`no ${type} form on the page`);
  return m[0];
}

/** Today in Asia/Shanghai, as the pages and the core count it. */
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** A part of the case page (`data-part`), or the work section. */
function partOf(page: string, name: string): string {
  const m = new RegExp(`<section[^>]*(?:data-part|id)="${name}"[\\s\\S]*?</section>`).exec(page);
  if (!m) throw new Error(`no ${name} part on the page`);
  return m[0];
}

const versionOf = (form: string) => /name="version" value="(\d+)"/.exec(form)?.[1] ?? '';
const titleOf = (page: string) => /<title>([^<]*)<\/title>/.exec(page)?.[1] ?? '';
const stored = async (n: string) => {
  const record = await rt.store.get(n);
  if (!record) throw new Error(`${n} is not stored`);
  return record;
};

/** Opens the case page and posts one of its action forms, as a browser does. */
async function submit(
  username: string,
  caseNumber: string,
  type: string,
  fields: Record<string, string | string[]> = {},
) {
  const cookie = await cookieOf(username);
  const page = await getPage(rt, casePath(caseNumber), cookie);
  expect(page.status).toBe(200);
  const form = formOf(page.text, type);
  return postPage(
    rt,
    `${casePath(caseNumber)}/actions`,
    cookie,
    { type, version: versionOf(form), ...fields },
    csrfOf(form),
  );
}

describe('the inbox page', () => {
  it('lists the unit’s open cases, masked, each linking to its case page, and filters them', async () => {
    // Prepare
    const caseNumber = await taxCase();
    const cookie = await cookieOf('tax.staff');

    // Act
    const inbox = await getPage(rt, '/staff/inbox', cookie);

    // Assess
    expect(inbox.status).toBe(200);
    expect(inbox.text).toContain('<h1 id="inbox-title">旗税务局 待办事项</h1>');
    expect(inbox.text).toContain(`<a class="case-link" href="/staff/cases/${caseNumber}">`);
    const row = new RegExp(`<tr[^>]*>\\s*<th[^>]*><a[^>]*>${caseNumber}</a>[\\s\\S]*?</tr>`).exec(
      inbox.text,
    )?.[0];
    expect(row).toContain('<strong class="tag tag--assigned">已派单</strong>');
    expect(row).toContain('王**');
    expect(row).not.toContain('王小明');
    expect(row).toContain('签收');
    expect(inbox.text).not.toContain(medicalCase);
    expect(inbox.text).toContain('href="/staff/register"');
    // Tax staff see their own unit's inbox only: no unit to choose.
    expect(inbox.text).not.toContain('name="unit"');

    // The GET form's empty choices mean 「全部」; a chosen status filters.
    const accepted = await getPage(rt, '/staff/inbox?unit=&status=accepted&matter=', cookie);
    expect(accepted.status).toBe(200);
    expect(accepted.text).not.toContain(caseNumber);
    expect(accepted.text).toContain('没有符合筛选条件的待办事项');
    expect(accepted.text).toContain('<option value="accepted" selected>');
    expect(accepted.text).toContain('筛选（已选 1 项）');
    const assigned = await getPage(rt, '/staff/inbox?status=assigned&matter=base', cookie);
    expect(assigned.text).toContain(caseNumber);

    const bad = await getPage(rt, '/staff/inbox?status=nonsense', cookie);
    expect(bad.status).toBe(400);
    expect(titleOf(bad.text)).toMatch(/^错误：/);
    expect(bad.text).toContain('筛选条件有误');
  });

  it('pages with 「下一页」 and lets a leader choose the unit', async () => {
    // Prepare: 26 unemployment-insurance cases of 2023, the employment centre's.
    const numbers: string[] = [];
    for (let i = 0; i < 26; i++) {
      const res = await postJson(
        `${rt.url}/api/cases`,
        caseRequest({
          matters: [
            matter({ insurance: ['unemployment'], period: { from: '2023-01', to: '2023-03' } }),
          ],
        }),
      );
      expect(res.status).toBe(201);
      numbers.push(String(res.json.caseNumber));
    }
    await eventually(async () => {
      const page = await rt.store.inbox('employment', { limit: 100, role: 'staff' });
      return page.items.length >= numbers.length ? true : undefined;
    }, 30_000);
    const cookie = await cookieOf('employment.staff');

    // Act
    const first = await getPage(rt, '/staff/inbox', cookie);
    const next = /<a class="pagination__next" href="([^"]+)"/.exec(first.text)?.[1] ?? '';
    const second = await getPage(rt, next.replaceAll('&amp;', '&'), cookie);

    // Assess: 25 on the first page, the rest on the second, each case once.
    const shown = (page: string) =>
      [...page.matchAll(/class="case-link" href="\/staff\/cases\/([^"]+)"/g)].map((m) => m[1]);
    expect(shown(first.text)).toHaveLength(25);
    expect(next).toMatch(/^\/staff\/inbox\?cursor=/);
    expect(second.status).toBe(200);
    expect(second.text).toContain('回到第一页');
    expect(new Set([...shown(first.text), ...shown(second.text)])).toEqual(new Set(numbers));
    expect(second.text).not.toContain('data-testid="next-page"');
    const broken = await getPage(rt, '/staff/inbox?cursor=not-a-cursor', cookie);
    expect(broken.status).toBe(400);
    expect(broken.text).toContain('翻页参数无效');

    // A leader belongs to no unit: the office's inbox first, any unit's on asking.
    const leader = await cookieOf('leader');
    const office = await getPage(rt, '/staff/inbox', leader);
    expect(office.text).toContain('查看各单位待办事项：社会保险费征缴争议处理工作室');
    expect(office.text).toContain('<select class="select" id="f-unit" name="unit">');
    expect(office.text).not.toContain('href="/staff/register"');
    const employment = await getPage(rt, '/staff/inbox?unit=employment', leader);
    expect(employment.text).toContain('查看各单位待办事项：旗就业服务中心');
    expect(shown(employment.text)).toHaveLength(25);
  });
});

describe('the case page of a single-unit case', () => {
  it('is signed for and answered through its forms, each answered 303 and said done', async () => {
    // Prepare
    const caseNumber = await taxCase();
    const cookie = await cookieOf('tax.staff');
    const page = await getPage(rt, casePath(caseNumber), cookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<span data-testid="case-number">${caseNumber}</span>`);
    expect(page.text).toContain('data-testid="case-status">已派单</strong>');
    expect(page.text).toContain('王小明');
    expect(page.text).not.toContain('id="payer-masked"');
    expect(page.text).toContain(`href="/staff/cases/${caseNumber}/print/registration"`);
    for (const type of ['sign-for', 'return', 'note']) {
      expect(page.text).toContain(`data-testid="do-${type}"`);
    }
    expect(page.text).not.toContain('data-action="respond"');
    const version = versionOf(formOf(page.text, 'sign-for'));
    expect(version).toBe(String((await stored(caseNumber)).version));

    // Act: sign for it
    const signed = await postPage(
      rt,
      `${casePath(caseNumber)}/actions`,
      cookie,
      { type: 'sign-for', version },
      csrfOf(page.text),
    );

    // Assess
    expect(signed.status).toBe(303);
    expect(signed.location).toBe(`/staff/cases/${caseNumber}?done=sign-for`);
    expect(await stored(caseNumber)).toMatchObject({ status: 'accepted', holder: 'tax' });
    expect((await rt.store.timeline(caseNumber)).at(-1)).toMatchObject({
      transition: 'signFor',
      from: 'assigned',
      to: 'accepted',
      actor: { kind: 'staff', unit: 'tax', user: 'tax.staff' },
    });
    const after = await getPage(rt, signed.location ?? '', cookie);
    expect(after.text).toMatch(/role="status"[^>]*>\s*<p class="notification__text">已签收/);
    expect(after.text).toContain('data-testid="case-status">办理中</strong>');
    expect(after.text).toContain('承办单位已签收，正在调查处理');
    expect(after.text).toContain('data-action="respond"');

    // Act: answer in writing
    const answer = '经核实，单位申报的缴费基数符合规定，不予调整。';
    const answered = await submit('tax.staff', caseNumber, 'respond', { answer });

    // Assess
    expect(answered.status).toBe(303);
    expect(answered.location).toBe(`/staff/cases/${caseNumber}?done=respond`);
    expect(await stored(caseNumber)).toMatchObject({
      status: 'responded',
      answer: { text: answer, unit: 'tax' },
    });
    const final = await getPage(rt, answered.location ?? '', cookie);
    expect(final.text).toContain('已提交书面答复');
    expect(final.text).toContain(answer);
    expect(final.text).toContain(`href="/staff/cases/${caseNumber}/print/answer"`);
    expect(final.text).toContain('data-testid="case-status">已答复</strong>');
  });

  it('masks the payer for a unit that sees the case but does not hold it', async () => {
    const caseNumber = await taxCase();
    const page = await getPage(rt, casePath(caseNumber), await cookieOf('office.staff'));
    expect(page.status).toBe(200);
    expect(page.text).toContain('非本单位承办，个人信息已隐去');
    expect(page.text).toContain('王**');
    expect(page.text).not.toContain('王小明');
    expect(page.text).not.toContain('13812345678');
  });

  it('says to a leader, who reads every case masked, why the payer is masked', async () => {
    const caseNumber = await taxCase();
    const page = await getPage(rt, casePath(caseNumber), await cookieOf('leader'));
    expect(page.status).toBe(200);
    expect(page.text).toContain('领导小组和管理员查看案件时，缴费人的个人信息已隐去');
    expect(page.text).not.toContain('非本单位承办');
    expect(page.text).not.toContain('王小明');
  });

  it('shows a form with errors again with the error summary and the answers, and stores nothing', async () => {
    // Prepare
    const caseNumber = await taxCase();
    expect((await act(rt, 'tax.staff', caseNumber, { type: 'sign-for' })).status).toBe(200);
    const before = await stored(caseNumber);

    // Act
    const failed = await submit('tax.staff', caseNumber, 'request-extension', {
      days: '四十',
      reason: '需要调取单位的工资档案。',
    });

    // Assess
    expect(failed.status).toBe(400);
    expect(titleOf(failed.text)).toMatch(/^错误：/);
    expect(failed.text).toContain('<a href="#f-request-extension-days">');
    const form = formOf(failed.text, 'request-extension');
    expect(form).toContain('aria-invalid="true"');
    expect(form).toContain('value="四十"');
    expect(form).toContain('>需要调取单位的工资档案。</textarea>');
    expect(await stored(caseNumber)).toEqual(before);

    const empty = await submit('tax.staff', caseNumber, 'respond', { answer: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('<a href="#f-respond-answer">请填写书面答复内容</a>');
    expect(await stored(caseNumber)).toEqual(before);
  });

  it('refuses a stale form with the 409 page, the answers kept and nothing stored', async () => {
    // Prepare: the page is opened, then someone else writes a note.
    const caseNumber = await taxCase();
    const cookie = await cookieOf('tax.staff');
    const page = await getPage(rt, casePath(caseNumber), cookie);
    const form = formOf(page.text, 'note');
    expect(
      (await act(rt, 'tax.head', caseNumber, { type: 'note', note: '负责人先记一笔' })).status,
    ).toBe(200);
    const before = await rt.store.timeline(caseNumber);

    // Act
    const stale = await postPage(
      rt,
      `${casePath(caseNumber)}/actions`,
      cookie,
      { type: 'note', version: versionOf(form), note: '已电话联系缴费人。' },
      csrfOf(form),
    );

    // Assess
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('这个案件刚刚被其他人更新了');
    expect(stale.text).toContain('负责人先记一笔');
    const again = formOf(stale.text, 'note');
    expect(again).toContain('>已电话联系缴费人。</textarea>');
    expect(versionOf(again)).toBe(String((await stored(caseNumber)).version));
    expect(await rt.store.timeline(caseNumber)).toEqual(before);
  });

  it('says a stale form’s step was done by someone else when its form is gone, not that the answers are kept', async () => {
    // Prepare: the page is opened; the head signs for the case meanwhile
    const caseNumber = await taxCase();
    const cookie = await cookieOf('tax.staff');
    const page = await getPage(rt, casePath(caseNumber), cookie);
    const form = formOf(page.text, 'sign-for');
    expect((await act(rt, 'tax.head', caseNumber, { type: 'sign-for' })).status).toBe(200);
    const before = await rt.store.timeline(caseNumber);

    // Act
    const stale = await postPage(
      rt,
      `${casePath(caseNumber)}/actions`,
      cookie,
      { type: 'sign-for', version: versionOf(form) },
      csrfOf(form),
    );

    // Assess
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('这一步已经有人办过，或者现在不能再办理');
    expect(stale.text).not.toContain('您填写的内容还在表单里');
    expect(stale.text).not.toContain('data-action="sign-for"');
    expect(await rt.store.timeline(caseNumber)).toEqual(before);
  });
});

describe('a joint case on the case page', () => {
  it('is classified and its consultation recorded, each unit’s position in its own box', async () => {
    // Prepare: arrears across the 2024-04 cut-off: the SI centre and tax, through the office.
    const caseNumber = await file(
      caseRequest({
        matters: [matter({ type: 'arrears', period: { from: '2023-10', to: '2024-05' } })],
      }),
      'office',
    );

    // Act: classify
    const classified = await submit('office.staff', caseNumber, 'classify', {
      as: 'general',
      lead: 'si-center',
    });

    // Assess
    expect(classified.status).toBe(303);
    expect(await stored(caseNumber)).toMatchObject({
      status: 'consultation',
      classification: 'general',
      lead: 'si-center',
    });

    // The consultation form starts with the units routing named ticked.
    const cookie = await cookieOf('office.staff');
    const page = await getPage(rt, casePath(caseNumber), cookie);
    const form = formOf(page.text, 'record-consultation');
    expect(form).toMatch(/name="units" value="tax" checked/);
    expect(form).toMatch(/name="units" value="si-center" checked/);
    expect(form).not.toMatch(/name="units" value="hrss" checked/);
    const date = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const fields = {
      date,
      units: ['tax', 'si-center'],
      'position-tax': '2024年4月起的欠费由税务局追缴。',
      // A position typed for a unit then unticked is not the consultation's.
      'position-hrss': '不相关',
      conclusion: '分段处理，由社保中心牵头答复。',
      minutes: '会商纪要：两单位分别核定欠费金额。',
      lead: 'si-center',
    };

    // Act: a position missing
    const missing = await submit('office.staff', caseNumber, 'record-consultation', fields);

    // Assess: the error is on the SI centre's box; what was typed stays
    expect(missing.status).toBe(400);
    expect(missing.text).toContain(
      '<a href="#f-record-consultation-position-si-center">请填写旗社会保险事业服务中心的意见</a>',
    );
    expect(formOf(missing.text, 'record-consultation')).toContain(
      '>2024年4月起的欠费由税务局追缴。</textarea>',
    );
    expect((await stored(caseNumber)).consultations ?? []).toEqual([]);

    // Act: complete, but dated tomorrow (the case may not refuse it before the schema does)
    const complete = { ...fields, 'position-si-center': '2024年3月以前的欠费由社保中心核定。' };
    const tomorrow = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000)
      .toISOString()
      .slice(0, 10);
    const ahead = await submit('office.staff', caseNumber, 'record-consultation', {
      ...complete,
      date: tomorrow,
    });

    // Assess: a field's error at the date, as the schema's are, with what was typed kept
    expect(ahead.status).toBe(400);
    expect(ahead.text).toContain(
      '<a href="#f-record-consultation-date">会商日期不能晚于今天：会商开过以后再记录。</a>',
    );
    expect(formOf(ahead.text, 'record-consultation')).toContain('>分段处理，由社保中心牵头答复。<');
    expect((await stored(caseNumber)).consultations ?? []).toEqual([]);

    // Act: complete
    const recorded = await submit('office.staff', caseNumber, 'record-consultation', complete);

    // Assess
    expect(recorded.status).toBe(303);
    expect((await stored(caseNumber)).consultations).toEqual([
      {
        date,
        units: ['tax', 'si-center'],
        positions: [
          { unit: 'tax', position: '2024年4月起的欠费由税务局追缴。' },
          { unit: 'si-center', position: '2024年3月以前的欠费由社保中心核定。' },
        ],
        conclusion: '分段处理，由社保中心牵头答复。',
        minutes: '会商纪要：两单位分别核定欠费金额。',
        lead: 'si-center',
        recordedBy: 'office.staff',
      },
    ]);
    const shown = await getPage(rt, recorded.location ?? '', cookie);
    expect(shown.text).toContain('已保存会商记录');
    expect(shown.text).toContain('2024年3月以前的欠费由社保中心核定。');
  });
});

describe('督办 and 交办 on the case page', () => {
  it('lets a leader supervise an open item, which the unit then sees and answers', async () => {
    // Prepare: a tax case signed for: tax owes the answer.
    const caseNumber = await taxCase();
    expect((await act(rt, 'tax.staff', caseNumber, { type: 'sign-for' })).status).toBe(200);
    const answerItem = (await stored(caseNumber)).work?.find(
      (w) => w.kind === 'answer' && w.state === 'open',
    );
    expect(answerItem).toBeDefined();
    const leader = await cookieOf('leader');
    const page = await getPage(rt, casePath(caseNumber), leader);
    expect(page.status).toBe(200);
    expect(partOf(page.text, 'work')).toContain('调查处理并书面答复');
    const form = formOf(page.text, 'supervise');
    expect(form).toContain(`value="${answerItem?.id}"`);
    expect(form).toContain('调查处理并书面答复（旗税务局）');
    expect(page.text).toContain('data-action="assign-task"');
    expect(page.text).not.toContain('data-action="respond"');
    const note = '请于三个工作日内书面答复缴费人，并报告办理情况。';

    // Act
    const supervised = await submit('leader', caseNumber, 'supervise', {
      item: answerItem?.id ?? '',
      note,
    });

    // Assess: stored, with the item marked
    expect(supervised.status).toBe(303);
    expect(supervised.location).toBe(`/staff/cases/${caseNumber}?done=supervise`);
    const after = await stored(caseNumber);
    expect(after.supervisions).toEqual([
      expect.objectContaining({
        id: 'S1',
        unit: 'tax',
        about: answerItem?.id,
        reason: 'leader',
        note,
        by: 'leader',
      }),
    ]);
    expect(after.work?.find((w) => w.id === answerItem?.id)?.supervisedOn).toBe(today());
    expect(after.work).toContainEqual(
      expect.objectContaining({ kind: 'supervision', unit: 'tax', ref: 'S1', state: 'open' }),
    );

    // The unit's page: the supervision, the item marked, and the form to answer it.
    const staff = await cookieOf('tax.staff');
    const unitPage = await getPage(rt, casePath(caseNumber), staff);
    const part = partOf(unitPage.text, 'supervisions');
    expect(part).toContain('对旗税务局的督办');
    expect(part).toContain(note);
    expect(part).toContain('待答复');
    expect(partOf(unitPage.text, 'work')).toContain('答复领导小组督办');
    // A leader's order reads as one (「已报领导小组督办」 is the sweep's report)
    expect(partOf(unitPage.text, 'work')).toContain('已督办');
    expect(partOf(unitPage.text, 'work')).not.toContain('已报领导小组督办');
    const answerForm = formOf(unitPage.text, 'answer-supervision');
    expect(answerForm).toContain(note);

    // Act: the unit answers
    const answer = '已电话联系缴费人核实情况，将于本周内书面答复。';
    const answered = await submit('tax.staff', caseNumber, 'answer-supervision', { answer });

    // Assess
    expect(answered.status).toBe(303);
    expect((await stored(caseNumber)).supervisions?.[0]).toMatchObject({ id: 'S1', answer });
    const done = await getPage(rt, answered.location ?? '', staff);
    expect(done.text).toContain('已答复督办');
    expect(partOf(done.text, 'supervisions')).toContain(answer);
    expect(done.text).not.toContain('data-action="answer-supervision"');
    expect(partOf(done.text, 'work')).toContain('已办结的事项');
  });

  it('lets a leader assign a task to any unit, which reports its result on the case page', async () => {
    // Prepare
    const caseNumber = await taxCase();
    const due = today();
    const task = '请社保中心核对该单位 2024 年 3 月以前的缴费记录并报告。';

    // Act
    const assigned = await submit('leader', caseNumber, 'assign-task', {
      unit: 'si-center',
      task,
      due,
    });

    // Assess: stored, and the unit asked may open the case and report
    expect(assigned.status).toBe(303);
    expect((await stored(caseNumber)).assignments).toEqual([
      expect.objectContaining({ id: 'A1', unit: 'si-center', task, due, by: 'leader' }),
    ]);
    const center = await cookieOf('si-center.staff');
    const page = await getPage(rt, casePath(caseNumber), center);
    expect(page.status).toBe(200);
    expect(partOf(page.text, 'assignments')).toContain('交旗社会保险事业服务中心办理');
    expect(partOf(page.text, 'work')).toContain('办理领导小组交办事项');
    expect(formOf(page.text, 'report-assignment')).toContain(task);

    const reply = '已核对，2024 年 3 月以前的缴费记录无误。';
    const reported = await submit('si-center.staff', caseNumber, 'report-assignment', { reply });
    expect(reported.status).toBe(303);
    expect((await stored(caseNumber)).assignments?.[0]).toMatchObject({ reply });
    const after = await getPage(rt, reported.location ?? '', center);
    expect(partOf(after.text, 'assignments')).toContain(reply);
    expect(after.text).not.toContain('data-action="report-assignment"');
  });
});

describe('a phone registered wrong', () => {
  it('is corrected through the folded form, tidied as typed, and later texts go to it', async () => {
    // Prepare: a tax case signed for
    const caseNumber = await taxCase();
    expect((await act(rt, 'tax.staff', caseNumber, { type: 'sign-for' })).status).toBe(200);

    // Act: the number typed with spaces, as a clerk copies it from paper
    const sent = await submit('tax.staff', caseNumber, 'correct-phone', {
      phone: '137 0000 1111',
      note: '登记时号码填错，缴费人来电更正',
    });

    // Assess: stored tidy, said on the page, and not in the timeline
    expect(sent.status).toBe(303);
    expect((await stored(caseNumber)).payer.phone).toBe('13700001111');
    const page = await getPage(rt, sent.location ?? '', await cookieOf('tax.staff'));
    expect(page.text).toContain('已更正缴费人的联系电话。以后的短信发到新号码。');
    const timeline = /<ol class="timeline[^"]*" id="case-timeline">[\s\S]*?<\/ol>/.exec(
      page.text,
    )?.[0];
    expect(timeline).toContain('登记时号码填错，缴费人来电更正');
    expect(timeline).toContain('承办人员更正了缴费人的联系电话');
    expect(timeline).not.toContain('13700001111');
  });
});

describe('a decision the payer gave at the window', () => {
  it('is recorded by the unit, which then files the case: answered, then archived', async () => {
    // Prepare: a tax case answered in writing
    const caseNumber = await taxCase();
    expect((await act(rt, 'tax.staff', caseNumber, { type: 'sign-for' })).status).toBe(200);
    const answer = '经核实，单位申报的缴费基数符合规定。';
    const answered = await act(rt, 'tax.staff', caseNumber, { type: 'respond', answer });
    expect(answered.status).toBe(200);
    const cookie = await cookieOf('tax.staff');
    const page = await getPage(rt, casePath(caseNumber), cookie);
    // Staff read the last day the payer was told (the SMS's), and what the silence means.
    const told = (await stored(caseNumber)).toldObjectBy ?? '';
    expect(told).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(answered.json.objectionWindow).toEqual({
      lastDay: told,
      silence: 'accepts',
      covered: true,
    });
    expect(page.text).toContain(
      `等待缴费人回复是否有异议：缴费人${chineseDay(told)}前（含当天）未提出异议的，视为无异议`,
    );
    expect(formOf(page.text, 'record-decision')).toContain('司法调解');
    expect(page.text).not.toContain('data-action="archive"');

    // Act: 「有异议」 without a route
    const missing = await submit('tax.staff', caseNumber, 'record-decision', {
      decision: 'object',
      channel: 'window',
      on: today(),
    });

    // Assess: the route is named, nothing stored
    expect(missing.status).toBe(400);
    expect(missing.text).toContain(
      '<a href="#f-record-decision-route">请选择缴费人选择的救济途径</a>',
    );
    expect((await stored(caseNumber)).decision).toBeUndefined();

    // Act: 「无异议」 at the window
    const recorded = await submit('tax.staff', caseNumber, 'record-decision', {
      decision: 'accept',
      channel: 'window',
      on: today(),
    });

    // Assess: still answered, with the decision; the archive is owed
    expect(recorded.status).toBe(303);
    const after = await stored(caseNumber);
    expect(after.status).toBe('responded');
    expect(after.decision).toMatchObject({
      kind: 'accept',
      channel: 'window',
      on: today(),
      recordedBy: 'tax.staff',
    });
    const shown = await getPage(rt, recorded.location ?? '', cookie);
    expect(shown.text).toMatch(
      /data-testid="case-status">已答复<\/strong> · <span data-testid="case-next">缴费人无异议，待归档<\/span>/,
    );
    const decision = partOf(shown.text, 'decision');
    expect(decision).toContain('缴费人接受处理结果，没有异议。');
    expect(decision).toContain('<dt>表态方式</dt>');
    expect(decision).toContain('<dd>窗口</dd>');
    expect(partOf(shown.text, 'work')).toContain('整理案卷并归档');
    expect(shown.text).not.toContain('data-action="record-decision"');

    // Act: archive
    const archived = await submit('tax.staff', caseNumber, 'archive');

    // Assess
    expect(archived.status).toBe(303);
    expect((await stored(caseNumber)).status).toBe('archived');
    const final = await getPage(rt, archived.location ?? '', cookie);
    expect(final.text).toContain('data-testid="case-status">已归档</strong>');
    // Filed: what is still owed is the visit after the answer (回访), not the archive.
    const work = partOf(final.text, 'work');
    const open = /<table[^>]*id="work-open"[\s\S]*?<\/table>/.exec(work)?.[0] ?? '';
    expect(open).toContain('跟踪回访');
    expect(open).not.toContain('整理案卷并归档');
    expect(work).toMatch(/整理案卷并归档[\s\S]*?<td data-label="怎样办结">归档<\/td>/);
    expect(final.text).not.toContain('data-action="archive"');
  });
});

describe('who may see and act on a case through the pages', () => {
  it('answers another unit’s case with the same not-found page as an unknown one', async () => {
    const cookie = await cookieOf('tax.staff');
    const foreign = await getPage(rt, casePath(medicalCase), cookie);
    const unknown = await getPage(rt, casePath('2020-999999'), cookie);
    expect(foreign.status).toBe(404);
    expect(unknown.status).toBe(404);
    const words = (page: string) =>
      /data-testid="message-detail">([^<]*)</.exec(page)?.[1]?.replace(/\d{4}-\d{6}/, 'N');
    expect(words(foreign.text)).toBe(words(unknown.text));
    expect(foreign.text).toContain('没有找到这个案件');
    expect(foreign.text).not.toContain('王小明');
  });

  it('lets no head of unit A act on unit B’s case with a hand-made form post', async () => {
    // Prepare: a token of hrss.head's own session, and the medical case's current version. (Not
    // tax.head: as the leading-group office's director it sees every case, and is refused 403.)
    const cookie = await cookieOf('hrss.head');
    const csrf = csrfOf((await getPage(rt, '/staff/inbox', cookie)).text);
    const before = await stored(medicalCase);
    const timeline = await rt.store.timeline(medicalCase);

    // Act
    const posted = await postPage(
      rt,
      `${casePath(medicalCase)}/actions`,
      cookie,
      { type: 'sign-for', version: String(before.version) },
      csrf,
    );
    const returned = await postPage(
      rt,
      `${casePath(medicalCase)}/actions`,
      cookie,
      { type: 'return', reason: 'not-our-duty', note: '不是我们的', to: 'office' },
      csrf,
    );

    // Assess
    expect(posted.status).toBe(404);
    expect(returned.status).toBe(404);
    expect(await stored(medicalCase)).toEqual(before);
    expect(await rt.store.timeline(medicalCase)).toEqual(timeline);
  });

  it('refuses a post without the CSRF token or from another site, and changes nothing', async () => {
    // Prepare
    const caseNumber = await taxCase();
    const cookie = await cookieOf('tax.staff');
    const page = await getPage(rt, casePath(caseNumber), cookie);
    const fields = { type: 'sign-for', version: versionOf(formOf(page.text, 'sign-for')) };
    const before = await stored(caseNumber);

    // Act
    const noToken = await postPage(
      rt,
      `${casePath(caseNumber)}/actions`,
      cookie,
      {
        ...fields,
        csrf: '',
      },
      '',
    );
    const foreign = await postPage(
      rt,
      `${casePath(caseNumber)}/actions`,
      cookie,
      fields,
      csrfOf(page.text),
      { origin: 'https://attacker.example' },
    );

    // Assess
    expect(noToken.status).toBe(403);
    expect(foreign.status).toBe(403);
    expect(await stored(caseNumber)).toEqual(before);
  });
});

describe('案卷材料 on the case page', () => {
  it('records a file for the upload script, lists it and links it for download without a script', async () => {
    // Prepare
    const caseNumber = await taxCase();
    const cookie = await cookieOf('tax.staff');
    const page = await getPage(rt, casePath(caseNumber), cookie);
    expect(page.text).toContain('还没有案卷材料。');
    expect(page.text).toContain('<script type="module" src="/assets/staff-upload.js"></script>');
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const body = Buffer.from('%PDF-1.4\n%%EOF\n');

    // Act: what the script does
    const asked = await postPage(
      rt,
      `${casePath(caseNumber)}/attachments`,
      cookie,
      { name: '缴费记录.pdf', contentType: 'application/pdf', size: String(body.length) },
      csrfOf(page.text),
    );
    const upload = JSON.parse(asked.text) as {
      attachment: { id: string };
      upload: { url: string; headers: Record<string, string> };
    };
    const put = await fetch(`${rt.url}${upload.upload.url}`, {
      method: 'PUT',
      headers: upload.upload.headers,
      body,
    });

    // Assess
    expect(asked.status).toBe(201);
    expect(put.status).toBe(200);
    expect((await stored(caseNumber)).attachments).toEqual([
      expect.objectContaining({ name: '缴费记录.pdf', size: body.length, uploadedBy: 'tax.staff' }),
    ]);
    const listed = await getPage(rt, `${casePath(caseNumber)}?done=attach`, cookie);
    expect(listed.text).toContain('已上传「缴费记录.pdf」');
    const link = `${casePath(caseNumber)}/attachments/${upload.attachment.id}`;
    expect(listed.text).toContain(`href="${link}"`);
    const download = await getPage(rt, link, cookie);
    expect(download.status).toBe(303);
    const file = await fetch(`${rt.url}${download.location}`);
    expect(Buffer.from(await file.arrayBuffer()).equals(body)).toBe(true);

    // A file type that may not be attached is named, and nothing recorded.
    const refused = await postPage(
      rt,
      `${casePath(caseNumber)}/attachments`,
      cookie,
      { name: 'setup.exe', contentType: 'application/x-msdownload', size: '2' },
      csrfOf(page.text),
    );
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('只能上传 PDF');
    expect((await stored(caseNumber)).attachments).toHaveLength(1);

    // Another unit learns nothing of the file.
    const foreign = await getPage(rt, link, await cookieOf('medical.staff'));
    expect(foreign.status).toBe(404);
  });
});

describe('a head’s 不同意', () => {
  it('is asked its reason on the page, while the JSON API keeps the published optional note', async () => {
    // Prepare: two tax cases signed for, each with an extension asked
    const [onPage, byApi] = [await taxCase(), await taxCase()];
    for (const n of [onPage, byApi]) {
      await eventually(
        async () => (await rt.store.get(n))?.status === 'assigned' || undefined,
        5000,
      );
      expect((await act(rt, 'tax.staff', n, { type: 'sign-for' })).status).toBe(200);
      const asked = await act(rt, 'tax.staff', n, {
        type: 'request-extension',
        days: 5,
        reason: '需调取档案。',
      });
      expect(asked.status).toBe(200);
    }

    // Act
    const page = await submit('tax.head', onPage, 'decide-extension', { approve: 'false' });
    const api = await act(rt, 'tax.head', byApi, { type: 'decide-extension', approve: false });

    // Assess: the form back with the error at its reason, nothing decided; the API decides
    expect(page.status).toBe(400);
    expect(page.text).toContain('不同意延期的，请写明理由：经办人要据此按原期限办理。');
    expect(page.text).toContain('id="f-decide-extension-note-error"');
    expect((await stored(onPage)).extension?.status).toBe('pending');
    expect(api.status).toBe(200);
    expect((await stored(byApi)).extension?.status).toBe('refused');
  });
});
