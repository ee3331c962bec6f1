import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate } from '#core/time.ts';
import { caseRequest, matter, postJson } from '#test/fixtures/cases.ts';
import { notificationsDelivered } from '#test/fixtures/outbox.ts';
import { eventually, inInbox, sharedRuntime } from '#test/fixtures/runtime.ts';
import { act, addDemoAccounts, staffGet, tokenFor } from '#test/fixtures/staff.ts';

const rt = sharedRuntime();

beforeAll(async () => {
  await addDemoAccounts(rt);
});

async function filed(overrides: Record<string, unknown> = {}) {
  const res = await postJson(`${rt.url}/api/cases`, caseRequest(overrides));
  expect(res.status).toBe(201);
  const caseNumber = String(res.json.caseNumber);
  await eventually(async () =>
    (await rt.store.get(caseNumber))?.status !== 'received' ? true : undefined,
  );
  return { caseNumber, accessCode: String(res.json.accessCode) };
}

async function outbox(): Promise<{ channel: string; to: string; subject: string; body: string }[]> {
  // Delivery is asynchronous (issue 14): read once the notifications queue is drained.
  await notificationsDelivered(rt);
  const dir = join(rt.dataDir, 'outbox');
  return readdirSync(dir).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
}

describe('a returned case never vanishes', () => {
  it('goes to the next responsible unit or the office, and the returning unit is counted', async () => {
    // Prepare: a work-injury declaration after the cut-off belongs to tax alone.
    const { caseNumber } = await filed({
      matters: [matter({ type: 'declaration', insurance: ['work-injury'] })],
    });
    const before = await rt.store.count('returns', 'tax');

    // Act: the clerk asks, and the case stays until the head approves (DESIGN.md §1)
    const asked = await act(rt, 'tax.staff', caseNumber, {
      type: 'return',
      reason: 'not-our-duty',
      note: '不属于本单位',
    });
    const waiting = await rt.store.get(caseNumber);
    const res = await act(rt, 'tax.head', caseNumber, { type: 'decide-return', approve: true });

    // Assess: no other unit has the matter, so the office triages it; tax counted once more.
    expect(asked.status).toBe(200);
    expect(asked.json).toMatchObject({
      status: 'assigned',
      holder: 'tax',
      returnRequest: { reason: 'not-our-duty', to: 'routing', requestedBy: 'tax.staff' },
    });
    expect(waiting?.returns ?? []).toEqual([]);
    expect(res.status).toBe(200);
    const found = await eventually(() => inInbox(rt.store, 'office', caseNumber));
    expect(found).toMatchObject({ status: 'triage', holder: 'office' });
    expect(await inInbox(rt.store, 'tax', caseNumber)).toBeUndefined();
    expect(await rt.store.count('returns', 'tax')).toBe(before + 1);
    const view = await staffGet(
      rt,
      `/api/staff/cases/${caseNumber}`,
      await tokenFor(rt, 'tax.staff'),
    );
    expect(view.status).toBe(200);
    expect(view.json.masked).toBe(true);
    expect(view.json.routing).toMatchObject({ mode: 'triage', rules: ['returned-to-office'] });
    // The payer is texted that the office has it now (seed 三(一)1: 告知缴费人具体受理部门).
    const phone = caseRequest().payer.phone;
    const texts = (await outbox()).filter(
      (m) => m.channel === 'sms' && m.to === phone && m.body.includes(caseNumber),
    );
    expect(texts.map((m) => /经原办理部门核实后退回，([^，]+)/.exec(m.body)?.[1])).toEqual([
      undefined, // the filing's text
      '已转交社会保险费征缴争议处理工作室',
    ]);
  });

  it('goes back to the office when a unit the office assigned returns a case that still has its part', async () => {
    // A pension base straddling the cut-off: SI centre and tax → the office, which assigns it to tax.
    const { caseNumber } = await filed({
      matters: [matter({ type: 'base', period: { from: '2024-01', to: '2024-06' } })],
    });
    expect(
      (
        await act(rt, 'office.staff', caseNumber, {
          type: 'assign',
          unit: 'tax',
          note: '经核实，争议的是 2024 年 4 月以后的基数',
        })
      ).status,
    ).toBe(200);

    const res = await act(rt, 'tax.head', caseNumber, {
      type: 'return',
      reason: 'needs-other-unit',
      note: '前段属社保中心',
      to: 'routing',
    });

    // The part from 2024-04 has no owner but tax, so the office decides again (routing works per
    // part: dropping it would lose tax's share of the dispute).
    expect(res.status).toBe(200);
    const back = await eventually(() => inInbox(rt.store, 'office', caseNumber));
    expect(back.status).toBe('triage');
    expect(
      (await act(rt, 'office.staff', caseNumber, { type: 'assign', unit: 'si-center' })).status,
    ).toBe(200);
    const found = await eventually(() => inInbox(rt.store, 'si-center', caseNumber));
    expect(found.status).toBe('assigned');
  });
});

describe('a single-unit case from the payer to the archive', () => {
  it('is signed for, answered in writing, accepted by the payer and archived by the unit, with notices sent', async () => {
    const { caseNumber, accessCode } = await filed();
    expect((await outbox()).some((m) => m.to === 'tax' && m.subject.includes(caseNumber))).toBe(
      true,
    );

    expect((await act(rt, 'tax.staff', caseNumber, { type: 'sign-for' })).status).toBe(200);
    expect(
      (
        await act(rt, 'tax.staff', caseNumber, {
          type: 'request-opinion',
          unit: 'finance',
          question: '请核对退费数据',
        })
      ).status,
    ).toBe(200);
    const opinion = await act(rt, 'finance.staff', caseNumber, {
      type: 'record-opinion',
      opinion: '数据无误',
    });
    expect(opinion.status).toBe(200);
    expect(
      (
        await act(rt, 'tax.staff', caseNumber, {
          type: 'request-extension',
          days: 3,
          reason: '需要调取档案',
        })
      ).status,
    ).toBe(200);
    expect(
      (await act(rt, 'tax.staff', caseNumber, { type: 'decide-extension', approve: true })).status,
    ).toBe(403);
    // The decision is the head's work: in the head's inbox, not in the staff's.
    const kindsFor = async (user: string) =>
      (
        (await staffGet(rt, '/api/staff/inbox?limit=100', await tokenFor(rt, user))).json.items as {
          caseNumber: string;
          kind: string;
        }[]
      )
        .filter((i) => i.caseNumber === caseNumber)
        .map((i) => i.kind)
        .sort();
    expect(await kindsFor('tax.head')).toEqual(['answer', 'extension']);
    expect(await kindsFor('tax.staff')).toEqual(['answer']);
    const approved = await act(rt, 'tax.head', caseNumber, {
      type: 'decide-extension',
      approve: true,
    });
    expect(approved.status).toBe(200);
    const deadline = (approved.json.deadlines as { days: number; basis: string }[])[0];
    expect(deadline?.basis).toContain('18 个工作日');
    const answered = await act(rt, 'tax.staff', caseNumber, {
      type: 'respond',
      answer: '经核实，缴费基数按规定核定。',
    });
    expect(answered.status).toBe(200);
    expect(answered.json.status).toBe('responded');
    const sms = (await outbox()).find(
      (m) => m.channel === 'sms' && m.body.includes(caseNumber) && m.body.includes('书面答复'),
    );
    expect(sms?.to).toBe('13812345678');
    expect(sms?.body).not.toContain('缴费基数');

    const decided = await postJson(
      `${rt.url}/api/cases/${caseNumber}/decision`,
      { decision: 'accept' },
      { 'x-access-code': accessCode },
    );
    // Accepted, the case waits for the unit to file its documents and archive it.
    expect(decided.json.status).toBe('responded');
    expect(await kindsFor('tax.staff')).toEqual(['archive', 'follow-up']);
    const archived = await act(rt, 'tax.staff', caseNumber, { type: 'archive' });
    expect(archived.json.status).toBe('archived');
    expect(await kindsFor('tax.staff')).toEqual(['follow-up']);
    const timeline = (await rt.store.timeline(caseNumber)).map((e) => e.transition);
    expect(timeline).toEqual([
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
  });
});

describe('a joint case with a consultation', () => {
  it('is classified by the office, consulted on, answered by the lead unit and archived after an objection', async () => {
    const { caseNumber, accessCode } = await filed({
      matters: [matter({ type: 'arrears', period: { from: '2023-10', to: '2024-05' } })],
    });
    expect((await rt.store.get(caseNumber))?.status).toBe('triage');
    // tax, one of its responsible units, may open it but only the office classifies it; a unit
    // with no part in it is told it does not exist.
    expect(
      (await act(rt, 'tax.staff', caseNumber, { type: 'classify', as: 'general', lead: 'tax' }))
        .status,
    ).toBe(403);
    expect(
      (
        await act(rt, 'employment.staff', caseNumber, {
          type: 'classify',
          as: 'general',
          lead: 'tax',
        })
      ).status,
    ).toBe(404);

    const classified = await act(rt, 'office.staff', caseNumber, {
      type: 'classify',
      as: 'general',
      lead: 'si-center',
    });
    expect(classified.json).toMatchObject({
      status: 'consultation',
      lead: 'si-center',
      classification: 'general',
    });
    // The office owes the consultation (seed 三(一)2(1)); until it is recorded the lead may not
    // answer, and is told why.
    const officeKinds = async () =>
      (
        (await staffGet(rt, '/api/staff/inbox?limit=100', await tokenFor(rt, 'office.staff'))).json
          .items as { caseNumber: string; kind: string }[]
      )
        .filter((i) => i.caseNumber === caseNumber)
        .map((i) => i.kind);
    expect(await officeKinds()).toEqual(['consult']);
    const early = await act(rt, 'si-center.staff', caseNumber, {
      type: 'respond',
      answer: '先答复。',
    });
    expect(early.status).toBe(409);
    expect(early.json).toMatchObject({
      status: 409,
      detail: '一般争议须先由工作室组织会商，记录会商意见后，才能答复缴费人。',
    });
    expect((await rt.store.get(caseNumber))?.answer).toBeUndefined();
    // Held today: a consultation is recorded once held, never before the case came in.
    const today = shanghaiDate(new Date());
    const consultation = {
      type: 'record-consultation',
      date: today,
      units: ['tax', 'si-center', 'finance'],
      positions: [
        { unit: 'tax', position: '2024年4月后的欠费由税务局追缴' },
        { unit: 'si-center', position: '此前欠费由社保中心核定' },
      ],
      conclusion: '分段处理，社保中心牵头答复',
      minutes: '会议纪要……',
      lead: 'si-center',
    };
    // A date to come is bad input: 400 naming the field, nothing recorded.
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000);
    const ahead = await act(rt, 'office.staff', caseNumber, {
      ...consultation,
      date: tomorrow.toISOString().slice(0, 10),
    });
    expect(ahead.status).toBe(400);
    expect(ahead.json).toMatchObject({
      status: 400,
      errors: [{ pointer: '/date', detail: '会商日期不能晚于今天：会商开过以后再记录。' }],
    });
    expect((await rt.store.get(caseNumber))?.consultations ?? []).toEqual([]);
    const consulted = await act(rt, 'office.staff', caseNumber, consultation);
    expect(consulted.status).toBe(200);
    expect((consulted.json.consultations as unknown[]).length).toBe(1);
    expect(await officeKinds()).toEqual([]);

    // The lead unit sees the payer in full and answers.
    const leadView = await staffGet(
      rt,
      `/api/staff/cases/${caseNumber}`,
      await tokenFor(rt, 'si-center.staff'),
    );
    expect(leadView.json.masked).toBe(false);
    expect(leadView.json.allowedActions).toContain('respond');
    const answered = await act(rt, 'si-center.staff', caseNumber, {
      type: 'respond',
      answer: '经会商，分段处理。',
    });
    expect(answered.json.status).toBe('responded');

    const objected = await postJson(
      `${rt.url}/api/cases/${caseNumber}/decision`,
      { decision: 'object', route: 'reconsideration' },
      { 'x-access-code': accessCode },
    );
    expect(objected.json.status).toBe('objected');
    const archived = await act(rt, 'si-center.staff', caseNumber, { type: 'archive' });
    expect(archived.json).toMatchObject({
      status: 'archived',
      decision: { route: 'reconsideration' },
    });
  });

  it('runs a major case through a numbered proposal approved by the tax bureau head', async () => {
    const { caseNumber } = await filed({
      matters: [matter({ type: 'penalty', period: { from: '2022-01', to: '2022-12' } })],
    });
    await act(rt, 'office.staff', caseNumber, { type: 'classify', as: 'major', lead: 'tax' });
    const proposed = await act(rt, 'office.staff', caseNumber, {
      type: 'record-proposal',
      contactName: '联系人',
      contactPhone: '0476-1234567',
      summary: '摘要',
      proposedOpinion: '拟办意见',
    });
    expect((proposed.json.proposal as { serial: string }).serial).toMatch(/^\[2026\]第\(\d+\)号$/);
    expect(
      (await act(rt, 'office.head', caseNumber, { type: 'approve-proposal', approve: true }))
        .status,
    ).toBe(403);
    expect(
      (await act(rt, 'tax.head', caseNumber, { type: 'approve-proposal', approve: true })).status,
    ).toBe(200);
    const opinion = { type: 'record-written-opinion', opinion: '书面意见' } as const;
    // Not before the 专题会议 (seed 三(四)): 409 with the reason, and nothing changed.
    const early = await act(rt, 'office.staff', caseNumber, opinion);
    expect(early.status).toBe(409);
    expect(String(early.json.detail)).toContain('须先召开专题会议会商研究');
    const met = await act(rt, 'office.staff', caseNumber, {
      type: 'record-special-meeting',
      date: shanghaiDate(new Date()),
      units: ['tax', 'finance'],
      positions: [{ unit: 'finance', position: '无退费争议。' }],
      conclusion: '由税务局答复。',
      minutes: '会议纪要。',
    });
    expect(met.status).toBe(200);
    expect(met.json.consultations).toMatchObject([
      { kind: 'special-meeting', lead: 'tax', units: ['tax', 'finance'] },
    ]);
    expect((await rt.store.get(caseNumber))?.writtenOpinion).toBeUndefined();
    expect((await act(rt, 'office.staff', caseNumber, opinion)).status).toBe(200);
    const answered = await act(rt, 'tax.staff', caseNumber, {
      type: 'respond',
      answer: '书面答复',
    });
    expect(answered.json.status).toBe('responded');
  });
});

describe('stale and illegal actions', () => {
  it('answers 409 to an action carrying an old version, and to one the state does not allow', async () => {
    const { caseNumber } = await filed();
    const view = await staffGet(
      rt,
      `/api/staff/cases/${caseNumber}`,
      await tokenFor(rt, 'tax.staff'),
    );
    const version = Number(view.json.version);
    await act(rt, 'tax.staff', caseNumber, { type: 'note', note: '先记一笔', version });

    const stale = await act(rt, 'tax.staff', caseNumber, { type: 'sign-for', version });
    const illegal = await act(rt, 'tax.staff', caseNumber, { type: 'archive' });

    expect(stale.status).toBe(409);
    expect(illegal.status).toBe(409);
    expect(String(illegal.json.detail)).toContain('已派单');
  });
});
