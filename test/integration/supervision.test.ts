// Its own runtime: its clock moves through LOCAL_CLOCK_FILE, and its last test enters 2027's
// holidays.
import { describe, expect, it } from 'vitest';
import type { PayerView } from '#core/payer-view.ts';
import { caseRequest, postJson } from '#test/fixtures/cases.ts';
import { adminCli, calendarFile, ownRuntime, shanghaiClock } from '#test/fixtures/integration.ts';
import { notificationsDelivered } from '#test/fixtures/outbox.ts';
import { eventually, inInbox } from '#test/fixtures/runtime.ts';
import { act, runSchedule, staffGet, tokenFor } from '#test/fixtures/staff.ts';

const clock = shanghaiClock('2026-09-30T10:00:00');
// Settings read afresh: the calendar an administrator enters counts at the next sweep.
const rt = ownRuntime({ env: { ...clock.env, SETTINGS_CACHE_SECONDS: '0' }, demoAccounts: true });

async function sweep() {
  const res = await runSchedule(rt, 'supervision-sweep');
  expect(res.status).toBe(200);
  return (await res.json()) as {
    redated: number;
    chased: number;
    supervised: number;
    deemedAccepted: number;
    resent: number;
    flagged: string[];
  };
}

describe('the supervision sweep with a controlled clock', () => {
  it('chases an unsigned case the working day after its deadline and supervises it 5 working days later, across National Day', async () => {
    // Prepare: filed Wednesday 2026-09-30; 10-01..10-07 are the National Day holidays, so the
    // sign-for deadline is Thursday 10-08.
    clock.set('2026-09-30T10:00:00');
    const created = await postJson(`${rt.url}/api/cases`, caseRequest());
    const caseNumber = String(created.json.caseNumber);
    const assigned = await eventually(() => inInbox(rt.store, 'tax', caseNumber));
    expect(assigned.due).toMatchObject({ kind: 'sign-for', date: '2026-10-08' });

    // Act and assess, day by day
    clock.set('2026-10-08T18:00:00');
    expect((await sweep()).chased).toBe(0);

    clock.set('2026-10-09T09:07:00');
    expect((await sweep()).chased).toBe(1);
    expect((await sweep()).chased).toBe(0); // the same moment again changes nothing
    const signFor = async () =>
      (await rt.store.get(caseNumber))?.work?.find((w) => w.kind === 'sign-for');
    expect(await signFor()).toMatchObject({
      state: 'open',
      due: '2026-10-08',
      chasedOn: '2026-10-09',
    });

    // 5 working days after Friday 10-09: Sat 10-10 is a make-up working day, so Thursday 10-15.
    clock.set('2026-10-14T23:00:00');
    expect((await sweep()).supervised).toBe(0);
    clock.set('2026-10-15T08:07:00');
    expect((await sweep()).supervised).toBe(1);
    expect((await sweep()).supervised).toBe(0);

    expect(await signFor()).toMatchObject({ chasedOn: '2026-10-09', supervisedOn: '2026-10-15' });
    const steps = (await rt.store.timeline(caseNumber)).map((e) => e.transition);
    expect(steps.filter((t) => t === 'chase')).toHaveLength(1);
    expect(steps.filter((t) => t === 'supervise')).toHaveLength(1);
    const inbox = await staffGet(rt, '/api/staff/inbox?limit=100', await tokenFor(rt, 'tax.staff'));
    const item = (
      inbox.json.items as { caseNumber: string; overdue: boolean; supervision: string }[]
    ).find((i) => i.caseNumber === caseNumber);
    expect(item).toMatchObject({
      kind: 'sign-for',
      overdue: true,
      supervision: 'supervision',
      chasedOn: '2026-10-09',
      supervisedOn: '2026-10-15',
    });
    // The leading group was told, and the unit was chased, each once (once delivered: issue 14).
    await notificationsDelivered(rt);
    const outbox = await staffGet(rt, '/api/staff/outbox', await tokenFor(rt, 'office.staff'));
    const about = JSON.stringify(outbox.json).split(caseNumber).length - 1;
    expect(about).toBeGreaterThanOrEqual(3); // new work, chase, supervision
    // The 督办 went to the annex 1 posts that answer for it (core/roster.ts `postsFor`): the
    // office, 组长 and 副组长, and the unit's own post (the tax bureau's is the office's).
    const escalation = (
      outbox.json.items as { subject: string; to: string; posts?: string[] }[]
    ).find((m) => m.subject === `督办：${caseNumber}（旗税务局）`);
    expect(escalation).toMatchObject({
      to: 'leading-group',
      posts: ['leader', 'deputy-1', 'deputy-2', 'tax'],
    });
  });

  it('opens the visit with the answer, keeps it after the payer accepts, and a dissatisfied visit is supervised until the unit answers', async () => {
    clock.set('2026-10-16T10:00:00'); // Friday
    const created = await postJson(`${rt.url}/api/cases`, caseRequest());
    const caseNumber = String(created.json.caseNumber);
    const accessCode = String(created.json.accessCode);
    await eventually(() => inInbox(rt.store, 'tax', caseNumber));
    await act(rt, 'tax.staff', caseNumber, { type: 'sign-for' });
    await act(rt, 'tax.staff', caseNumber, { type: 'respond', answer: '已核实。' });
    await postJson(
      `${rt.url}/api/cases/${caseNumber}/decision`,
      { decision: 'accept' },
      { 'x-access-code': accessCode },
    );
    // Five working days after Friday 10-16: Friday 10-23.
    expect((await rt.store.get(caseNumber))?.followUp).toMatchObject({
      status: 'open',
      due: '2026-10-23',
    });
    const kinds = async () =>
      ((await rt.store.get(caseNumber))?.work ?? [])
        .filter((w) => w.state === 'open')
        .map((w) => `${w.kind}:${w.unit}`)
        .sort();
    expect(await kinds()).toEqual(['archive:tax', 'follow-up:tax']);

    const visit = await act(rt, 'tax.staff', caseNumber, {
      type: 'record-follow-up',
      result: 'dissatisfied',
      note: '认为处理太慢',
    });
    expect(visit.status).toBe(200);
    const after = await rt.store.get(caseNumber);
    expect(after?.followUp).toMatchObject({ status: 'done', result: 'dissatisfied', by: 'staff' });
    expect(after?.supervisions).toMatchObject([{ id: 'S1', unit: 'tax', reason: 'dissatisfied' }]);
    expect(visit.json.supervision).toMatchObject({ level: 'supervision', reason: 'dissatisfied' });
    expect(await kinds()).toEqual(['archive:tax', 'supervision:tax']);

    // A 督办 the payer's 不满意 opened owes the payer a further answer: refused without one.
    const bare = await act(rt, 'tax.staff', caseNumber, {
      type: 'answer-supervision',
      answer: '已再次电话沟通并解释政策',
    });
    expect(bare.status).toBe(400);
    expect(bare.json.errors).toEqual([
      {
        pointer: '/toPayer',
        detail: '缴费人在回访中表示不满意，请填写给缴费人的再次答复，缴费人会在网上看到。',
      },
    ]);
    expect((await rt.store.get(caseNumber))?.supervisions?.[0]?.answer).toBeUndefined();

    const toPayer = '经重新核实，您的缴费基数核定无误，办理时间较长是因为需要调取历年工资表。';
    const answered = await act(rt, 'tax.staff', caseNumber, {
      type: 'answer-supervision',
      answer: '已再次电话沟通并解释政策',
      toPayer,
    });
    expect(answered.status).toBe(200);
    expect((await rt.store.get(caseNumber))?.supervisions?.[0]).toMatchObject({
      answer: '已再次电话沟通并解释政策',
      toPayer,
    });
    expect(await kinds()).toEqual(['archive:tax']);
    expect(answered.json.supervision).toBeNull();
    // The payer reads it with the code, and is texted; having accepted, with no day to object.
    const seen = await fetch(`${rt.url}/api/cases/${caseNumber}`, {
      headers: { 'x-access-code': accessCode, accept: 'application/json' },
    });
    expect(((await seen.json()) as PayerView).furtherAnswer).toMatchObject({
      text: toPayer,
      unit: 'tax',
    });
    await notificationsDelivered(rt);
    const outbox = await staffGet(rt, '/api/staff/outbox', await tokenFor(rt, 'office.staff'));
    const texts = (outbox.json.items as { body: string }[])
      .map((m) => m.body)
      .filter((b) => b.includes(caseNumber) && b.includes('再次答复'));
    expect(texts).toHaveLength(1);
    expect(texts[0]).not.toContain('前（含当天）');
  });

  it('takes the payer’s online survey instead of a visit', async () => {
    clock.set('2026-10-20T10:00:00');
    const created = await postJson(`${rt.url}/api/cases`, caseRequest());
    const caseNumber = String(created.json.caseNumber);
    const accessCode = String(created.json.accessCode);
    await eventually(() => inInbox(rt.store, 'tax', caseNumber));
    await act(rt, 'tax.staff', caseNumber, { type: 'sign-for' });
    await act(rt, 'tax.staff', caseNumber, { type: 'respond', answer: '已核实。' });

    const survey = await postJson(
      `${rt.url}/api/cases/${caseNumber}/survey`,
      { result: 'satisfied' },
      { 'x-access-code': accessCode },
    );
    const again = await postJson(
      `${rt.url}/api/cases/${caseNumber}/survey`,
      { result: 'dissatisfied' },
      { 'x-access-code': accessCode },
    );

    expect(survey.status).toBe(200);
    expect(again.status).toBe(409);
    expect((await rt.store.get(caseNumber))?.followUp).toMatchObject({
      status: 'done',
      result: 'satisfied',
      by: 'payer',
    });
  });

  it('re-sends a case stuck in routing', async () => {
    clock.set('2026-10-21T10:00:00');
    const created = await postJson(`${rt.url}/api/cases`, caseRequest());
    const caseNumber = String(created.json.caseNumber);
    await eventually(() => inInbox(rt.store, 'tax', caseNumber));
    // Put the case back to `received` as if its message had been lost (no change of version: a
    // crash between the write and the send leaves exactly this).
    const stored = await rt.store.get(caseNumber);
    if (!stored) throw new Error('no case');
    await rt.store.update(
      stored,
      { status: 'received', holder: null, due: null },
      {
        caseNumber,
        seq: stored.version + 1,
        at: stored.updatedAt,
        transition: 'test-reset',
        from: 'assigned',
        to: 'received',
        actor: { kind: 'system' },
        note: '测试：模拟消息丢失',
      },
    );

    clock.set('2026-10-21T10:05:00');
    const out = await sweep();

    expect(out.resent).toBeGreaterThanOrEqual(1);
    await eventually(async () =>
      (await rt.store.get(caseNumber))?.status === 'assigned' ? true : undefined,
    );
    const back = await inInbox(rt.store, 'tax', caseNumber);
    expect(back).toMatchObject({ status: 'assigned', item: { kind: 'sign-for', state: 'open' } });
  });
});

describe('dates counted into a year whose holidays are not yet published', () => {
  /** The payer's view, as a JSON client with the access code reads it. */
  async function payerView(caseNumber: string, accessCode: string): Promise<PayerView> {
    const res = await fetch(`${rt.url}/api/cases/${caseNumber}`, {
      headers: { 'x-access-code': accessCode, accept: 'application/json' },
    });
    expect(res.status).toBe(200);
    return (await res.json()) as PayerView;
  }

  it('are counted again by the next sweep once an administrator enters the year: the payer and the unit read the final date', async () => {
    // Prepare: filed and signed for on Monday 2026-12-28. Its 15 working days run into 2027,
    // counted Monday to Friday less New Year's Day until 2027 is entered: 2027-01-19, provisional.
    clock.set('2026-12-28T10:00:00');
    const created = await postJson(`${rt.url}/api/cases`, caseRequest());
    const caseNumber = String(created.json.caseNumber);
    const accessCode = String(created.json.accessCode);
    await eventually(() => inInbox(rt.store, 'tax', caseNumber));
    expect((await act(rt, 'tax.staff', caseNumber, { type: 'sign-for' })).status).toBe(200);
    expect((await payerView(caseNumber, accessCode)).deadlines.answer).toEqual({
      due: '2027-01-19',
      covered: false,
    });
    expect((await sweep()).redated).toBe(0);

    // Act: a schedule for 2027 (the test's, not the State Council's: Monday 01-04 off too, with
    // no weekend worked instead), then the hourly sweep.
    const file = calendarFile({
      year: 2027,
      holidays: ['2027-01-01', '2027-01-04'],
      workdays: [],
    });
    await adminCli(rt)('calendar', 'put', file);
    clock.set('2026-12-28T11:07:00');
    // This case, and the earlier tests' cases with items the sweep at 10:00 opened into 2027.
    expect((await sweep()).redated).toBeGreaterThanOrEqual(1);

    // Assess: one working day later, final, wherever the date is read
    expect((await rt.store.get(caseNumber))?.due).toMatchObject({
      kind: 'answer',
      date: '2027-01-20',
      covered: true,
    });
    const view = await payerView(caseNumber, accessCode);
    expect(view.deadlines.answer).toEqual({ due: '2027-01-20', covered: true });
    expect(view.timeline.at(-1)?.note).toBe('国家公布了节假日安排，办理期限已按实际工作日重新计算');
    expect(await inInbox(rt.store, 'tax', caseNumber)).toMatchObject({
      item: { kind: 'answer', due: '2027-01-20', covered: true },
    });
    expect((await sweep()).redated).toBe(0);
    const steps = (await rt.store.timeline(caseNumber)).map((e) => e.transition);
    expect(steps.filter((t) => t === 'redate')).toHaveLength(1);
  });
});
