/**
 * Whole cases through the real runtime in Chromium, one browser context per person: the payer on
 * the public pages, each staff member signed in through the OpenID Connect flow on the staff
 * pages. Each journey runs twice: with JavaScript switched off for staff (an office browser with
 * scripts restricted: every step must work), and with it on, where every staff page visited is
 * checked with axe. Staff reach each step by links and forms only: the inbox, a case's link, the
 * 「按案件编号查找」 form, the case page's own links. Each step checks what the page shows and
 * what the table holds.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserRuntime } from '#test/fixtures/e2e.ts';
import { fileDispute, lookUp, submit } from '#test/fixtures/payer.ts';
import { eventually, inInbox } from '#test/fixtures/runtime.ts';
import {
  axeViolations,
  caseShown,
  caseStatus,
  doAction,
  lastTimelineNote,
  openFromInbox,
  openWork,
  personIn,
  signIn,
  textOf,
} from './staff-pages.ts';

// A runtime of its own: staff open the cases from their inbox's first page (25 rows, oldest
// first), which the shared runtime's other files would fill.
const e2e = useBrowserRuntime({ own: {} });

interface Filing {
  name: string;
  type: string;
  from: string;
  to: string;
  description: string;
}

/** The payer files online through the intake steps and reads the case number and access code. */
async function fileOnline(page: Page, f: Filing) {
  const filed = await fileDispute(page, e2e.rt.url, f);
  expect(filed.caseNumber).toMatch(/^\d{4}-\d{6}$/);
  return filed;
}

/** The payer looks the case up on /answer/ and reads the answer. */
async function lookUpAnswer(page: Page, caseNumber: string, accessCode: string): Promise<string> {
  await lookUp(page, e2e.rt.url, '/answer/', caseNumber, accessCode);
  return textOf(page.getByTestId('answer-text'));
}

async function stored(caseNumber: string) {
  const record = await e2e.rt.store.get(caseNumber);
  if (!record) throw new Error(`${caseNumber} is not stored`);
  return record;
}

async function lastEvent(caseNumber: string) {
  return (await e2e.rt.store.timeline(caseNumber)).at(-1);
}

/** axe needs scripts: the pages are checked in the runs with JavaScript on. */
async function accessible(page: Page, javaScript: boolean): Promise<void> {
  if (javaScript) expect(await axeViolations(page)).toEqual([]);
}

describe.each([
  { javaScript: false, mode: 'JavaScript off' },
  { javaScript: true, mode: 'JavaScript on' },
])('a single-unit case in the browser, staff with $mode', ({ javaScript }) => {
  it('goes from the payer to tax, finance, the tax head, back to the payer and into the archive', async () => {
    const payer = await personIn(e2e.browser);
    const taxStaff = await personIn(e2e.browser, { javaScript });
    const finance = await personIn(e2e.browser, { javaScript });
    const taxHead = await personIn(e2e.browser, { javaScript });

    // The payer disputes the pension base of the second half of 2024: tax alone (rule 1).
    const { caseNumber, accessCode } = await fileOnline(payer, {
      name: '李秀兰',
      type: 'base',
      from: '2024-06',
      to: '2024-12',
      description: '单位申报的缴费基数比我的实际工资高，想请核实。',
    });
    const inboxed = await eventually(() => inInbox(e2e.rt.store, 'tax', caseNumber), 5000);
    expect(inboxed).toMatchObject({ status: 'assigned', holder: 'tax' });

    // tax.staff signs in at the staff entrance and finds it in the inbox.
    await taxStaff.goto(`${e2e.rt.url}/staff/`);
    await accessible(taxStaff, javaScript);
    await signIn(taxStaff, e2e.rt, 'tax.staff');
    expect(new URL(taxStaff.url()).pathname).toBe('/staff/inbox');
    expect(await textOf(taxStaff.getByTestId('staff-user'))).toContain('旗税务局');
    const row = taxStaff.locator('#inbox-rows tr', { hasText: caseNumber });
    expect(await textOf(row.locator('.tag'))).toBe('已派单');
    expect(await row.textContent()).toContain('李**');
    await accessible(taxStaff, javaScript);
    await openFromInbox(taxStaff, caseNumber);
    expect(await caseStatus(taxStaff)).toBe('已派单');
    expect(await textOf(taxStaff.locator('#case-payer'))).toContain('李秀兰');
    await accessible(taxStaff, javaScript);

    // Signs for it.
    await doAction(taxStaff, 'sign-for');
    expect(await caseStatus(taxStaff)).toBe('办理中');
    expect(await lastTimelineNote(taxStaff)).toBe('承办单位已签收，正在调查处理');
    expect(await stored(caseNumber)).toMatchObject({ status: 'accepted', holder: 'tax' });
    expect(await lastEvent(caseNumber)).toMatchObject({
      transition: 'signFor',
      from: 'assigned',
      to: 'accepted',
      actor: { kind: 'staff', unit: 'tax', user: 'tax.staff' },
    });

    // Asks finance for an opinion.
    await doAction(taxStaff, 'request-opinion', async (form) => {
      await form.locator('input[name="unit"][value="finance"]').check();
      await taxStaff.fill('#f-request-opinion-question', '请核对该缴费人 2024 年的缴费基数数据。');
    });
    expect(await lastTimelineNote(taxStaff)).toBe('已商请有关单位提出意见');
    expect(await textOf(taxStaff.locator('[data-part="opinions"]'))).toContain('尚未回复');
    expect((await stored(caseNumber)).opinions).toEqual([
      expect.objectContaining({
        unit: 'finance',
        question: '请核对该缴费人 2024 年的缴费基数数据。',
      }),
    ]);
    expect(await lastEvent(caseNumber)).toMatchObject({
      transition: 'requestOpinion',
      detail: { unit: 'finance' },
    });
    await accessible(taxStaff, javaScript);

    // finance.staff signs in, finds the opinion asked of it in its inbox, and records it.
    await signIn(finance, e2e.rt, 'finance.staff');
    await openFromInbox(finance, caseNumber);
    expect(await caseStatus(finance)).toBe('办理中');
    // It sees the payer in full while it owes the opinion, to look them up in its own records…
    expect(await finance.locator('#payer-masked').count()).toBe(0);
    expect(await textOf(finance.locator('#case-payer'))).not.toContain('李**');
    expect(await finance.locator('form[data-action="respond"]').count()).toBe(0);
    await accessible(finance, javaScript);
    await doAction(finance, 'record-opinion', async () => {
      await finance.fill('#f-record-opinion-opinion', '经核对，财政数据与申报数据一致。');
    });
    expect(await lastTimelineNote(finance)).toBe('协办单位已提出意见');
    // …and masked again once it is given.
    expect(await finance.locator('#payer-masked').isVisible()).toBe(true);
    expect(await textOf(finance.locator('#case-payer'))).toContain('李**');
    expect((await stored(caseNumber)).opinions?.[0]).toMatchObject({
      unit: 'finance',
      opinion: '经核对，财政数据与申报数据一致。',
    });
    expect(await lastEvent(caseNumber)).toMatchObject({
      transition: 'recordOpinion',
      actor: { unit: 'finance', user: 'finance.staff' },
    });

    // tax.staff asks for an extension, which only the head may approve.
    await taxStaff.reload();
    await caseShown(taxStaff, caseNumber);
    expect(await textOf(taxStaff.locator('[data-part="opinions"]'))).toContain(
      '经核对，财政数据与申报数据一致。',
    );
    await doAction(taxStaff, 'request-extension', async () => {
      await taxStaff.fill('#f-request-extension-days', '3');
      await taxStaff.fill('#f-request-extension-reason', '需要调取单位的工资档案。');
    });
    expect(await lastTimelineNote(taxStaff)).toBe('承办单位申请延期办理');
    expect(await textOf(taxStaff.locator('[data-part="extension"]'))).toContain(
      '等待单位负责人审批',
    );
    expect(await taxStaff.locator('form[data-action="decide-extension"]').count()).toBe(0);
    expect((await stored(caseNumber)).extension).toMatchObject({
      days: 3,
      status: 'pending',
      requestedBy: 'tax.staff',
    });

    // tax.head approves it from the unit's inbox: the answer is due 15 + 3 working days after
    // sign-for.
    await signIn(taxHead, e2e.rt, 'tax.head');
    await openFromInbox(taxHead, caseNumber);
    await accessible(taxHead, javaScript);
    await doAction(taxHead, 'decide-extension', async (form) => {
      await form.locator('input[name="approve"][value="true"]').check();
    });
    expect(await lastTimelineNote(taxHead)).toBe('单位负责人已审批延期申请');
    expect(await textOf(taxHead.locator('#case-deadlines'))).toContain('18 个工作日');
    const extended = await stored(caseNumber);
    expect(extended.extension?.status).toBe('approved');
    expect(extended.due).toMatchObject({ kind: 'answer', days: 18 });
    expect(await lastEvent(caseNumber)).toMatchObject({
      transition: 'decideExtension',
      actor: { unit: 'tax', user: 'tax.head' },
    });

    // tax.staff answers in writing and opens the printable notice.
    const answer = '经核实，单位申报的缴费基数符合规定，不予调整。';
    await taxStaff.reload();
    await caseShown(taxStaff, caseNumber);
    await doAction(taxStaff, 'respond', async () => {
      await taxStaff.fill('#f-respond-answer', answer);
    });
    expect(await caseStatus(taxStaff)).toBe('已答复');
    expect(await lastTimelineNote(taxStaff)).toBe('已作出书面答复，请查看答复内容');
    expect(await stored(caseNumber)).toMatchObject({
      status: 'responded',
      answer: { text: answer, unit: 'tax' },
    });
    await accessible(taxStaff, javaScript);
    await taxStaff.getByTestId('print-answer').click();
    await taxStaff.waitForURL(/\/staff\/cases\/[^/]+\/print\/answer$/);
    const sheet = await textOf(taxStaff.getByTestId('sheet'));
    expect(sheet).toContain('书面答复告知书');
    expect(sheet).toContain('李秀兰');
    expect(sheet).toContain(answer);
    expect(sheet).toContain('旗税务局');
    await accessible(taxStaff, javaScript);

    // The payer reads the answer and accepts it: the unit now owes the archive.
    expect(await lookUpAnswer(payer, caseNumber, accessCode)).toBe(answer);
    await payer.check('#f-decision');
    await submit(payer, '[data-testid=submit-decision]');
    expect(await textOf(payer.getByTestId('decision-done'))).toBe('您已接受处理结果');
    expect(await stored(caseNumber)).toMatchObject({
      status: 'responded',
      decision: { kind: 'accept', channel: 'online' },
    });

    // tax.staff finds 「整理案卷并归档」 in its inbox and archives the case.
    await taxStaff.locator('.staff-nav').getByRole('link', { name: '待办', exact: true }).click();
    const archiveRow = taxStaff.locator('#inbox-rows tr', { hasText: '整理案卷并归档' });
    expect(await archiveRow.filter({ hasText: caseNumber }).count()).toBe(1);
    await openFromInbox(taxStaff, caseNumber);
    await doAction(taxStaff, 'archive');
    expect(await caseStatus(taxStaff)).toBe('已归档');
    expect(await lastTimelineNote(taxStaff)).toBe('案卷已归档');
    const archived = await stored(caseNumber);
    expect(archived).toMatchObject({ status: 'archived', decision: { kind: 'accept' } });
    expect((await e2e.rt.store.timeline(caseNumber)).map((e) => e.transition)).toEqual([
      'receive',
      'dispatch',
      'signFor',
      'requestOpinion',
      'recordOpinion',
      'requestExtension',
      'decideExtension',
      'respond',
      'payerAccept',
      'archive',
    ]);
    // What is left is the follow-up visit, still open after the archive.
    expect((archived.work ?? []).filter((w) => w.state === 'open').map((w) => w.kind)).toEqual([
      'follow-up',
    ]);

    for (const page of [payer, taxStaff, finance, taxHead]) await page.context().close();
  });
});

describe.each([
  { javaScript: false, mode: 'JavaScript off' },
  { javaScript: true, mode: 'JavaScript on' },
])('a joint case with a consultation in the browser, staff with $mode', ({ javaScript }) => {
  it('is classified and consulted on by the office, answered by the lead unit, objected to and archived', async () => {
    const payer = await personIn(e2e.browser);
    const office = await personIn(e2e.browser, { javaScript });
    const lead = await personIn(e2e.browser, { javaScript });

    // Arrears from 2023-10 to 2024-05 straddle the cut-off: SI centre and tax → the office.
    const { caseNumber, accessCode } = await fileOnline(payer, {
      name: '赵志强',
      type: 'arrears',
      from: '2023-10',
      to: '2024-05',
      description: '税务和社保都通知我补缴欠费，金额对不上。',
    });
    const triaged = await eventually(() => inInbox(e2e.rt.store, 'office', caseNumber), 5000);
    expect(triaged).toMatchObject({ status: 'triage', holder: 'office' });
    expect(triaged).toMatchObject({ mode: 'joint', item: { kind: 'triage', unit: 'office' } });

    // office.staff classifies it as general, with the SI centre leading.
    await signIn(office, e2e.rt, 'office.staff');
    const row = office.locator('#inbox-rows tr', { hasText: caseNumber });
    expect(await textOf(row.locator('.tag'))).toBe('工作室分办中');
    await accessible(office, javaScript);
    await openFromInbox(office, caseNumber);
    expect(await caseStatus(office)).toBe('工作室分办中');
    await accessible(office, javaScript);
    await doAction(office, 'classify', async (form) => {
      await form.locator('input[name="as"][value="general"]').check();
      await office.selectOption('#f-classify-lead', 'si-center');
    });
    expect(await caseStatus(office)).toBe('会商中');
    expect(await lastTimelineNote(office)).toBe('工作室已确定为一般争议，组织相关单位会商处理');
    expect(await stored(caseNumber)).toMatchObject({
      status: 'consultation',
      classification: 'general',
      lead: 'si-center',
    });
    expect(await lastEvent(caseNumber)).toMatchObject({
      transition: 'classifyGeneral',
      from: 'triage',
      to: 'consultation',
      actor: { unit: 'office', user: 'office.staff' },
    });
    // Until the consultation is recorded, the office owes it (seed 三(一)2(1)) and the lead's
    // answer waits: the office finds it in its 待办.
    await openWork(office, caseNumber, '组织会商并记录会商意见');
    expect(await caseStatus(office)).toBe('会商中');

    // The office records the consultation: tax and the SI centre, a position each.
    const date = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const positions = {
      tax: '2024年4月起的欠费由税务局追缴。',
      'si-center': '2024年3月以前的欠费由社保中心核定。',
    };
    await doAction(office, 'record-consultation', async (form) => {
      await office.fill('#f-record-consultation-date', date);
      for (const box of await form.locator('input[name="units"]').all()) {
        const unit = await box.getAttribute('value');
        if (unit === 'tax' || unit === 'si-center') await box.check();
        else await box.uncheck();
      }
      await office.fill('textarea[data-unit="tax"]', positions.tax);
      await office.fill('textarea[data-unit="si-center"]', positions['si-center']);
      await office.fill('#f-record-consultation-conclusion', '分段处理，由社保中心牵头答复。');
      await office.fill('#f-record-consultation-minutes', '会商纪要：两单位分别核定欠费金额。');
      await office.selectOption('#f-record-consultation-lead', 'si-center');
    });
    expect(await lastTimelineNote(office)).toBe('已召开会商并形成会商意见');
    const record = await textOf(office.locator('[data-part="consultations"]'));
    expect(record).toContain(positions.tax);
    expect(record).toContain('分段处理，由社保中心牵头答复。');
    await accessible(office, javaScript);
    expect((await stored(caseNumber)).consultations).toEqual([
      {
        date,
        units: ['tax', 'si-center'],
        positions: [
          { unit: 'tax', position: positions.tax },
          { unit: 'si-center', position: positions['si-center'] },
        ],
        conclusion: '分段处理，由社保中心牵头答复。',
        minutes: '会商纪要：两单位分别核定欠费金额。',
        lead: 'si-center',
        recordedBy: 'office.staff',
      },
    ]);
    expect(await lastEvent(caseNumber)).toMatchObject({
      transition: 'recordConsultation',
      actor: { unit: 'office', user: 'office.staff' },
    });

    // The lead unit finds the answer it owes in its inbox, sees the payer in full and answers.
    await signIn(lead, e2e.rt, 'si-center.staff');
    await openFromInbox(lead, caseNumber);
    expect(await caseStatus(lead)).toBe('会商中');
    expect(await lead.locator('#payer-masked').count()).toBe(0);
    expect(await textOf(lead.locator('#case-payer'))).toContain('赵志强');
    await accessible(lead, javaScript);
    const answer = '经会商，2024年3月以前的欠费由社保中心重新核定，此后的由税务局核定。';
    await doAction(lead, 'respond', async () => {
      await lead.fill('#f-respond-answer', answer);
    });
    expect(await caseStatus(lead)).toBe('已答复');
    expect(await lastTimelineNote(lead)).toBe('已作出书面答复，请查看答复内容');
    expect(await stored(caseNumber)).toMatchObject({
      status: 'responded',
      answer: { text: answer, unit: 'si-center' },
    });
    expect(await lastEvent(caseNumber)).toMatchObject({
      transition: 'respond',
      from: 'consultation',
      to: 'responded',
      actor: { unit: 'si-center', user: 'si-center.staff' },
    });

    // The payer objects and chooses administrative reconsideration.
    expect(await lookUpAnswer(payer, caseNumber, accessCode)).toBe(answer);
    await payer.check('#f-decision-object');
    await payer.locator('#object-details').waitFor({ state: 'visible' });
    await payer.check('input[name="route"][value="reconsideration"]');
    await submit(payer, '[data-testid=submit-decision]');
    expect(await textOf(payer.getByTestId('decision-done'))).toBe('已记录您的异议');
    const next = await textOf(payer.locator('main'));
    expect(next).toContain('您选择了行政复议');
    // The social insurance centre answered for both units (the tax bureau collects the arrears
    // from April 2024): each unit's acts have their own place of reconsideration, both named.
    expect(next).toContain(
      '对旗税务局的决定不服的，向赤峰市税务局申请；对旗社会保险事业服务中心的决定不服的，向旗人民政府',
    );
    expect(next).toContain('60 日');
    expect(await stored(caseNumber)).toMatchObject({
      status: 'objected',
      decision: { kind: 'object', route: 'reconsideration' },
    });

    // The lead unit archives it.
    await lead.reload();
    await caseShown(lead, caseNumber);
    expect(await caseStatus(lead)).toBe('有异议');
    expect(await lastTimelineNote(lead)).toBe('缴费人对处理结果有异议，已记录其选择的救济途径');
    expect(await textOf(lead.locator('[data-part="decision"]'))).toContain('行政复议');
    await doAction(lead, 'archive');
    expect(await caseStatus(lead)).toBe('已归档');
    expect(await lastTimelineNote(lead)).toBe('案卷已归档');
    await accessible(lead, javaScript);
    expect(await stored(caseNumber)).toMatchObject({
      status: 'archived',
      decision: { route: 'reconsideration' },
    });
    const timeline = await e2e.rt.store.timeline(caseNumber);
    expect(timeline.map((e) => e.transition)).toEqual([
      'receive',
      'dispatchToOffice',
      'classifyGeneral',
      'recordConsultation',
      'respond',
      'payerObject',
      'archive',
    ]);
    expect(timeline.find((e) => e.transition === 'payerObject')?.detail).toMatchObject({
      route: 'reconsideration',
    });

    for (const page of [payer, office, lead]) await page.context().close();
  });
});

describe('signing out in the browser', () => {
  it('ends the session here and at the provider: the back button then shows no case data', async () => {
    const payer = await personIn(e2e.browser);
    const taxStaff = await personIn(e2e.browser, { javaScript: false });
    const { caseNumber } = await fileOnline(payer, {
      name: '孙丽华',
      type: 'declaration',
      from: '2024-07',
      to: '2024-09',
      description: '单位少报了我三个月的缴费。',
    });
    await eventually(() => inInbox(e2e.rt.store, 'tax', caseNumber), 5000);

    await signIn(taxStaff, e2e.rt, 'tax.staff');
    await openFromInbox(taxStaff, caseNumber);
    expect(await textOf(taxStaff.locator('#case-payer'))).toContain('孙丽华');

    // 「退出」 in the header: one click ends the site's session and the provider's.
    await taxStaff.getByTestId('sign-out').click();
    await taxStaff.waitForURL((url) => url.pathname === '/staff/signed-out');
    expect(await textOf(taxStaff.getByTestId('message-title'))).toBe('您已退出');
    const cookies = await taxStaff.context().cookies();
    expect(cookies.map((c) => c.name)).not.toContain('si-staff');

    // Back to the case page: it is asked for again (never cached), and the browser lands on the
    // provider's login form instead, with nothing of the case on it.
    for (let i = 0; i < 5 && !(await taxStaff.getByTestId('sign-in-form').count()); i++) {
      await taxStaff.goBack();
    }
    await taxStaff.getByTestId('sign-in-form').waitFor();
    const shown = (await taxStaff.locator('body').textContent()) ?? '';
    expect(shown).not.toContain('孙丽华');
    expect(shown).not.toContain(caseNumber);
    await taxStaff.context().close();
    await payer.context().close();
  });
});
