/**
 * The hourly supervision sweep and the leaders' overdue list (functions/core/supervision.ts) on
 * the ports' in-memory doubles: 催办 the working day after a missed date, 督办 the policy's working
 * days after the chase, each mark written once however often the sweep runs; a payer's silence
 * taken as acceptance; cases stuck in routing re-sent; a unit that returns too often named once a
 * month. Dates are Beijing time around the 2026 National Day holiday (10-01 to 10-07, with
 * Saturday 10-10 a make-up working day).
 */
import { describe, expect, it } from 'vitest';
import { CreateCaseRequestSchema } from '#contracts/cases.ts';
import { addAttachment, attachmentUrl } from '#core/attachments.ts';
import { CALENDAR_DATA, mergeCalendarData, WorkingCalendar } from '#core/calendar.ts';
import type { CaseRecord } from '#core/case.ts';
import { RecordTooLargeError } from '#core/case.ts';
import { DEFAULT_DEADLINES } from '#core/deadlines.ts';
import { maskName } from '#core/identifiers.ts';
import { deliverToInbox, submitCase } from '#core/intake.ts';
import { NotAllowedError } from '#core/lifecycle.ts';
import { renderNotification } from '#core/notifications.ts';
import { payerView } from '#core/payer-view.ts';
import type { Settings } from '#core/ports.ts';
import type { Principal } from '#core/principal.ts';
import { performAction, staffCase } from '#core/staff.ts';
import {
  answeredOrders,
  maySupervise,
  openOrders,
  overdueWork,
  RETURNS_FLAG_THRESHOLD,
  supervisionSweep,
} from '#core/supervision.ts';
import { openWork, type WorkKind } from '#core/work.ts';
import { supervisionPage } from '#functions/pages/staff/supervision.ts';
import { casePageOf } from '#test/fixtures/case-page.ts';
import { caseRequest, matter } from '#test/fixtures/cases.ts';
import {
  caseInInbox,
  defaultSettings,
  financeAsked,
  memoryDeps,
  memoryLimiter,
  testIds,
} from '#test/fixtures/ports.ts';

/** An instant given in Beijing time, as the clock's ISO string. */
const beijing = (local: string) => new Date(`${local}+08:00`).toISOString();

function world(startsAt: string, settings: Settings = defaultSettings) {
  return { ...memoryDeps(beijing(startsAt)), settings };
}
type World = ReturnType<typeof world>;

/** Files a single-unit case for tax at the clock's time and puts it in tax's inbox. */
async function assignedCase(deps: World, request = caseRequest()): Promise<string> {
  const { caseNumber } = await submitCase(
    CreateCaseRequestSchema.parse(request),
    { channel: 'online' },
    deps,
  );
  await deliverToInbox(caseNumber, 'tax', deps);
  return caseNumber;
}

/** A 督办 of tax's sign-for and a 交办 to finance due 10-20, the leader's on Thursday 10-08. */
async function ordersGiven() {
  const deps = world('2026-10-08T10:00:00');
  const leader: Principal = { user: 'leader', unit: null, role: 'leader' };
  const supervised = await assignedCase(deps);
  const assigned = await assignedCase(deps);
  const item = openItem(deps, supervised, 'sign-for')?.id ?? '';
  await performAction(supervised, { type: 'supervise', item, note: '请尽快签收。' }, leader, deps);
  await performAction(
    assigned,
    { type: 'assign-task', unit: 'finance', task: '核对退费记录。', due: '2026-10-20' },
    leader,
    deps,
  );
  return { deps, supervised, assigned };
}

/** A medical-insurance case of `type` for 2023 (before the cut-off: the medical bureau's), in its inbox. */
const medicalCase = (deps: World, type = 'benefits') =>
  caseInInbox(deps, {
    unit: 'medical',
    request: {
      matters: [
        matter({ type, insurance: ['medical'], period: { from: '2023-01', to: '2023-06' } }),
      ],
    },
  });

/** A case tax signed for and answered at the clock's time. */
async function answeredCase(deps: World) {
  const caseNumber = await assignedCase(deps);
  await performAction(caseNumber, { type: 'sign-for' }, taxStaff, deps);
  await performAction(
    caseNumber,
    { type: 'respond', answer: '经核实，基数按规定核定。' },
    taxStaff,
    deps,
  );
  return caseNumber;
}

async function sweepAt(deps: World, local: string) {
  deps.clock.set(beijing(local));
  return supervisionSweep(deps);
}

const openItem = (deps: World, caseNumber: string, kind: WorkKind) =>
  deps.store.cases.get(caseNumber)?.work?.find((w) => w.kind === kind && w.state === 'open');

const transitions = (deps: World, caseNumber: string, name: string) =>
  deps.store.events.filter((e) => e.caseNumber === caseNumber && e.transition === name);

const sent = (deps: World, kind: string) => deps.notifier.sent.filter((m) => m.kind === kind);

/** The daily counter `counter` summed from `from` to `to`, as the reports read it. */
const countOf = async (deps: World, counter: string, from: string, to = from) =>
  (await deps.aggregates.sum(from, to)).get(counter)?.n;

const taxStaff = { user: 'tax.staff', unit: 'tax', role: 'staff' } as const;

describe('the sweep chases an overdue item (催办)', () => {
  it('leaves an item alone on its due date, even late in the evening', async () => {
    // Prepare: filed Wednesday 09-30; after the holiday the sign-for is due Thursday 10-08.
    const deps = world('2026-09-30T10:00:00');
    const caseNumber = await assignedCase(deps);
    expect(openItem(deps, caseNumber, 'sign-for')?.due).toBe('2026-10-08');

    // Act
    const out = await sweepAt(deps, '2026-10-08T23:59:00');

    // Assess
    expect(out.chased).toEqual([]);
    expect(openItem(deps, caseNumber, 'sign-for')?.chasedOn).toBeUndefined();
    expect(transitions(deps, caseNumber, 'chase')).toEqual([]);
    expect(sent(deps, 'chase')).toEqual([]);
  });

  it('chases it the next working day: marks the item, writes the timeline, tells the unit and counts it', async () => {
    // Prepare
    const deps = world('2026-09-30T10:00:00');
    const caseNumber = await assignedCase(deps);
    const version = deps.store.cases.get(caseNumber)?.version ?? 0;

    // Act: Friday 10-09, shortly after midnight in Beijing (still 10-08 in UTC)
    const out = await sweepAt(deps, '2026-10-09T00:30:00');

    // Assess
    expect(out.chased).toEqual([caseNumber]);
    expect(out.supervised).toEqual([]);
    const stored = deps.store.cases.get(caseNumber);
    expect(stored?.version).toBe(version + 1);
    expect(stored?.status).toBe('assigned');
    expect(openItem(deps, caseNumber, 'sign-for')).toMatchObject({
      due: '2026-10-08',
      chasedOn: '2026-10-09',
    });
    const events = transitions(deps, caseNumber, 'chase');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: { kind: 'system' },
      from: 'assigned',
      to: 'assigned',
      detail: { dueDate: '2026-10-08', kind: 'sign-for', unit: 'tax' },
    });
    expect(sent(deps, 'chase')).toEqual([
      { kind: 'chase', unit: 'tax', caseNumber, dueDate: '2026-10-08', work: 'sign-for' },
    ]);
    // The e-mail names the late step, so two chases of one case read apart.
    const [mail] = sent(deps, 'chase').map((m) => renderNotification(m));
    expect(mail?.subject).toBe(`催办：${caseNumber}「签收」已超过规定时限`);
    expect(mail?.body).toContain(`争议案件 ${caseNumber} “签收”的办理期限为 2026年10月8日`);
    expect(await countOf(deps, 'chase#tax', '2026-10-09')).toBe(1);
  });

  it('chases once: later runs the same day and the days after change nothing', async () => {
    // Prepare
    const deps = world('2026-09-30T10:00:00');
    const caseNumber = await assignedCase(deps);
    await sweepAt(deps, '2026-10-09T09:00:00');
    const after = structuredClone(deps.store.cases.get(caseNumber));

    // Act
    const again = [
      await sweepAt(deps, '2026-10-09T09:00:00'),
      await sweepAt(deps, '2026-10-09T10:00:00'),
      await sweepAt(deps, '2026-10-12T10:00:00'),
    ];

    // Assess
    expect(again.map((o) => o.chased)).toEqual([[], [], []]);
    expect(deps.store.cases.get(caseNumber)).toEqual(after);
    expect(transitions(deps, caseNumber, 'chase')).toHaveLength(1);
    expect(sent(deps, 'chase')).toHaveLength(1);
    expect(await countOf(deps, 'chase#tax', '2026-10-01', '2026-10-31')).toBe(1);
  });

  it('waits out a holiday: an item due the day before National Day is chased on 10-08', async () => {
    // Prepare: filed Tuesday 09-29, so the sign-for is due Wednesday 09-30.
    const deps = world('2026-09-29T10:00:00');
    const caseNumber = await assignedCase(deps);
    expect(openItem(deps, caseNumber, 'sign-for')?.due).toBe('2026-09-30');

    // Act: one run each day from 10-01 to 10-08
    const chasedOn: string[] = [];
    for (let d = 1; d <= 8; d++) {
      const day = `2026-10-0${d}`;
      if ((await sweepAt(deps, `${day}T09:00:00`)).chased.includes(caseNumber)) chasedOn.push(day);
    }

    // Assess
    expect(chasedOn).toEqual(['2026-10-08']);
    expect(openItem(deps, caseNumber, 'sign-for')?.chasedOn).toBe('2026-10-08');
  });

  it('never chases an item done in time', async () => {
    // Prepare: signed for on its due date
    const deps = world('2026-09-30T10:00:00');
    const caseNumber = await assignedCase(deps);
    deps.clock.set(beijing('2026-10-08T16:00:00'));
    await performAction(caseNumber, { type: 'sign-for' }, taxStaff, deps);

    // Act
    const out = await sweepAt(deps, '2026-10-09T09:00:00');

    // Assess: the sign-for is closed unmarked; the answer is not due for weeks
    expect(out.chased).toEqual([]);
    const signFor = deps.store.cases.get(caseNumber)?.work?.find((w) => w.kind === 'sign-for');
    expect(signFor?.state).toBe('closed');
    expect(signFor?.chasedOn).toBeUndefined();
    expect(openItem(deps, caseNumber, 'answer')?.due).toBe('2026-10-28');
    expect(sent(deps, 'chase')).toEqual([]);
  });

  it('reads the chase delay from the administrator’s policy', async () => {
    // Prepare: chase three working days after the due date, not one
    const policy = { ...DEFAULT_DEADLINES, chaseAfter: 3 };
    const deps = world('2026-09-30T10:00:00', {
      ...defaultSettings,
      deadlines: async () => policy,
    });
    const caseNumber = await assignedCase(deps);

    // Act: due 10-08; working days after it are 10-09, Saturday 10-10 and Monday 10-12
    const friday = await sweepAt(deps, '2026-10-09T09:00:00');
    const saturday = await sweepAt(deps, '2026-10-10T09:00:00');
    const monday = await sweepAt(deps, '2026-10-12T09:00:00');

    // Assess
    expect([friday.chased, saturday.chased, monday.chased]).toEqual([[], [], [caseNumber]]);
    expect(openItem(deps, caseNumber, 'sign-for')?.chasedOn).toBe('2026-10-12');
  });

  it('keeps the mark when the message to the unit cannot be sent', async () => {
    // Prepare
    const deps = world('2026-09-30T10:00:00');
    const caseNumber = await assignedCase(deps);
    deps.notifier.notify = () => Promise.reject(new Error('mail down'));

    // Act
    const out = await sweepAt(deps, '2026-10-09T09:00:00');

    // Assess
    expect(out.chased).toEqual([caseNumber]);
    expect(openItem(deps, caseNumber, 'sign-for')?.chasedOn).toBe('2026-10-09');
  });

  it('skips a case someone changed meanwhile, and chases it on the next run', async () => {
    // Prepare: a person acts on the case between the sweep's read and its write
    const deps = world('2026-09-30T10:00:00');
    const caseNumber = await assignedCase(deps);
    const read = deps.store.openWork.bind(deps.store);
    let raced = false;
    deps.store.openWork = async (limit) => {
      const rows = await read(limit);
      const current = deps.store.cases.get(caseNumber);
      if (!raced && current) {
        raced = true;
        deps.store.cases.set(caseNumber, { ...current, version: current.version + 1 });
      }
      return rows;
    };

    // Act
    const first = await sweepAt(deps, '2026-10-09T09:00:00');
    const second = await sweepAt(deps, '2026-10-09T10:00:00');

    // Assess
    expect(first.chased).toEqual([]);
    expect(second.chased).toEqual([caseNumber]);
    expect(transitions(deps, caseNumber, 'chase')).toHaveLength(1);
    expect(sent(deps, 'chase')).toHaveLength(1);
  });

  it('goes on past a case whose write fails, and names it', async () => {
    // Prepare: two late cases and an answered one past its silence; the first case's writes fail
    // (say, grown past the size limit) every time.
    const deps = world('2026-09-30T10:00:00');
    const failing = await assignedCase(deps);
    const other = await assignedCase(deps);
    const answered = await answeredCase(deps);
    const update = deps.store.update.bind(deps.store);
    deps.store.update = (current, ...rest) =>
      current.caseNumber === failing
        ? Promise.reject(new RecordTooLargeError('case'))
        : update(current, ...rest);

    // Act (a case changed in a run is looked at for silence from the next run on)
    const first = await sweepAt(deps, '2026-10-09T09:00:00');
    const later = await sweepAt(deps, '2026-10-28T08:00:00');
    const last = await sweepAt(deps, '2026-10-28T09:00:00');

    // Assess: the others are chased and the silence taken; the failing case is named each run.
    for (const out of [first, later, last]) {
      expect(out.failed).toEqual([{ caseNumber: failing, error: 'RecordTooLargeError' }]);
    }
    expect(first.chased).toEqual([other]);
    expect(openItem(deps, other, 'sign-for')?.chasedOn).toBe('2026-10-09');
    expect(later.supervised).toContain(other);
    expect(last.deemedAccepted).toEqual([answered]);
    expect(openItem(deps, failing, 'sign-for')?.chasedOn).toBeUndefined();
  });

  it('chases only the items already late, whatever their number', async () => {
    // Prepare: one case filed 09-29 (due 09-30), one 09-30 (due 10-08), one 10-08 (due 10-09)
    const deps = world('2026-09-29T10:00:00');
    const early = await assignedCase(deps);
    deps.clock.set(beijing('2026-09-30T10:00:00'));
    const middle = await assignedCase(deps);
    deps.clock.set(beijing('2026-10-08T10:00:00'));
    const late = await assignedCase(deps);

    // Act: on 10-09 the first two are past the day after their due date, the last is due today
    const out = await sweepAt(deps, '2026-10-09T09:00:00');

    // Assess: earliest due first
    expect(out.chased).toEqual([early, middle]);
    expect(openItem(deps, late, 'sign-for')?.chasedOn).toBeUndefined();
  });
});

describe('the sweep supervises an item still overdue after the chase (督办)', () => {
  it('reports it to the leading group five working days after the chase, counting the make-up Saturday', async () => {
    // Prepare: chased Friday 10-09; working days after: 10-10, 10-12, 10-13, 10-14, 10-15
    const deps = world('2026-09-30T10:00:00');
    const caseNumber = await assignedCase(deps);
    await sweepAt(deps, '2026-10-09T09:00:00');

    // Act
    const before = await sweepAt(deps, '2026-10-14T23:00:00');
    const on = await sweepAt(deps, '2026-10-15T08:00:00');

    // Assess
    expect(before.supervised).toEqual([]);
    expect(on.supervised).toEqual([caseNumber]);
    expect(on.chased).toEqual([]);
    expect(openItem(deps, caseNumber, 'sign-for')).toMatchObject({
      chasedOn: '2026-10-09',
      supervisedOn: '2026-10-15',
    });
    expect(transitions(deps, caseNumber, 'supervise')).toEqual([
      expect.objectContaining({
        actor: { kind: 'system' },
        detail: { dueDate: '2026-10-08', kind: 'sign-for', unit: 'tax' },
      }),
    ]);
    expect(sent(deps, 'supervision')).toEqual([
      { kind: 'supervision', unit: 'tax', caseNumber, reason: 'overdue' },
    ]);
    expect(await countOf(deps, 'supervise#tax', '2026-10-15')).toBe(1);
  });

  it('supervises once, however often the sweep runs afterwards', async () => {
    // Prepare
    const deps = world('2026-09-30T10:00:00');
    const caseNumber = await assignedCase(deps);
    await sweepAt(deps, '2026-10-09T09:00:00');
    await sweepAt(deps, '2026-10-15T09:00:00');
    const after = structuredClone(deps.store.cases.get(caseNumber));

    // Act
    const runs = [
      await sweepAt(deps, '2026-10-15T10:00:00'),
      await sweepAt(deps, '2026-10-16T10:00:00'),
      await sweepAt(deps, '2026-11-30T10:00:00'),
    ];

    // Assess
    expect(runs.map((r) => [...r.chased, ...r.supervised])).toEqual([[], [], []]);
    expect(deps.store.cases.get(caseNumber)).toEqual(after);
    expect(transitions(deps, caseNumber, 'supervise')).toHaveLength(1);
    expect(sent(deps, 'supervision')).toHaveLength(1);
  });

  it('chases first an item found long overdue, and supervises it only five working days later', async () => {
    // Prepare: the sweep did not run for weeks after the due date
    const deps = world('2026-09-30T10:00:00');
    const caseNumber = await assignedCase(deps);

    // Act: Monday 11-02, then the next four working days, then the fifth
    const first = await sweepAt(deps, '2026-11-02T09:00:00');
    const waiting = [];
    for (const day of ['03', '04', '05', '06']) {
      waiting.push((await sweepAt(deps, `2026-11-${day}T09:00:00`)).supervised);
    }
    const fifth = await sweepAt(deps, '2026-11-09T09:00:00');

    // Assess
    expect(first).toMatchObject({ chased: [caseNumber], supervised: [] });
    expect(waiting).toEqual([[], [], [], []]);
    expect(fifth.supervised).toEqual([caseNumber]);
    expect(openItem(deps, caseNumber, 'sign-for')).toMatchObject({
      chasedOn: '2026-11-02',
      supervisedOn: '2026-11-09',
    });
  });

  it('reads the supervision delay from the administrator’s policy', async () => {
    // Prepare: supervise two working days after the chase
    const policy = { ...DEFAULT_DEADLINES, superviseAfter: 2 };
    const deps = world('2026-09-30T10:00:00', {
      ...defaultSettings,
      deadlines: async () => policy,
    });
    const caseNumber = await assignedCase(deps);
    await sweepAt(deps, '2026-10-09T09:00:00');

    // Act: chased Friday 10-09; Saturday 10-10 is the first working day after, Monday the second
    const saturday = await sweepAt(deps, '2026-10-10T09:00:00');
    const monday = await sweepAt(deps, '2026-10-12T09:00:00');

    // Assess
    expect(saturday.supervised).toEqual([]);
    expect(monday.supervised).toEqual([caseNumber]);
  });
});

describe('the sweep and a payer’s silence', () => {
  /** A case tax answered on Wednesday 09-30. */
  it('takes silence past the 15th working day after the answer as acceptance, once, and tells the payer', async () => {
    // Prepare: 15 working days after 09-30 end on Tuesday 10-27 (10-10 is a working Saturday)
    const deps = world('2026-09-30T10:00:00');
    const caseNumber = await answeredCase(deps);

    // Act: an earlier run that day chases the late follow-up; a case changed in a run is looked
    // at for silence from the next run on (store.inStatus takes cases changed before now)
    await sweepAt(deps, '2026-10-27T22:00:00');
    const lastDay = await sweepAt(deps, '2026-10-27T23:00:00');
    const after = await sweepAt(deps, '2026-10-28T08:00:00');
    const again = await sweepAt(deps, '2026-10-28T09:00:00');

    // Assess
    expect(lastDay.deemedAccepted).toEqual([]);
    expect(after.deemedAccepted).toEqual([caseNumber]);
    expect(again.deemedAccepted).toEqual([]);
    const stored = deps.store.cases.get(caseNumber);
    expect(stored?.status).toBe('responded');
    expect(stored?.decision).toEqual({
      kind: 'accept',
      at: beijing('2026-10-28T08:00:00'),
      channel: 'silence',
    });
    expect(transitions(deps, caseNumber, 'deemAccepted')).toEqual([
      expect.objectContaining({ detail: { lastDay: '2026-10-27' } }),
    ]);
    expect(sent(deps, 'deemed-accepted')).toEqual([
      { kind: 'deemed-accepted', phone: '13812345678', caseNumber },
    ]);
    expect(await countOf(deps, 'deemed#other', '2026-10-28')).toBe(1);
    expect(await countOf(deps, 'accepted#other', '2026-10-28')).toBe(1);
  });

  /** A case answered on 09-30 whose payer said 不满意 at the visit on 10-09, tax's clerk recording. */
  async function dissatisfiedAtVisit() {
    const deps = world('2026-09-30T10:00:00');
    const caseNumber = await answeredCase(deps);
    deps.clock.set(beijing('2026-10-09T10:00:00'));
    await performAction(
      caseNumber,
      { type: 'record-follow-up', result: 'dissatisfied', note: '认为基数仍然偏高。' },
      taxStaff,
      deps,
    );
    return { deps, caseNumber };
  }

  it('refuses a 不满意 recorded at the visit without what the payer is dissatisfied with', async () => {
    // Prepare
    const deps = world('2026-09-30T10:00:00');
    const caseNumber = await answeredCase(deps);
    deps.clock.set(beijing('2026-10-09T10:00:00'));
    const before = deps.store.cases.get(caseNumber)?.version;

    // Act
    const bare = performAction(
      caseNumber,
      { type: 'record-follow-up', result: 'dissatisfied' },
      taxStaff,
      deps,
    );

    // Assess: 400 on the note, nothing stored, no 督办 opened
    await expect(bare).rejects.toMatchObject({
      pointer: '/note',
      message: '缴费人不满意的，请在回访记录中写明对哪些地方不满意：督办要据此重新核实。',
    });
    expect(deps.store.cases.get(caseNumber)?.version).toBe(before);
    expect(deps.store.cases.get(caseNumber)?.supervisions ?? []).toEqual([]);
  });

  /** Tax's clerk answers the 不满意 supervision, and the payer again, at a Beijing time. */
  async function answerSupervisionAt(deps: World, caseNumber: string, local: string) {
    deps.clock.set(beijing(local));
    await performAction(
      caseNumber,
      {
        type: 'answer-supervision',
        answer: '已再次向缴费人解释核定依据。',
        toPayer: '经重新核对，2025 年的缴费基数按您当年的工资总额核定，没有错误。',
      },
      taxStaff,
      deps,
    );
  }

  /** The payer's view with the test's access code. */
  const viewOf = (deps: World, caseNumber: string) =>
    payerView(caseNumber, testIds.accessCode(), {
      ...deps,
      limiter: memoryLimiter(deps.clock),
      client: 'client-a',
    });

  it('waits while the supervision a payer’s 不满意 opened is unanswered', async () => {
    // Prepare: answered on 09-30; at the visit on 10-09 the payer says 不满意.
    const { deps, caseNumber } = await dissatisfiedAtVisit();
    // The unit is told of the order, though its own clerk recorded the visit.
    expect(deps.notifier.sent.filter((m) => m.kind === 'work' && m.work === 'supervision')).toEqual(
      [expect.objectContaining({ unit: 'tax', caseNumber })],
    );

    // Act: past the first answer's last day to object (10-27), before and after tax answers the
    // supervision and the payer (10-28), and past the further answer's last day (11-18)
    await sweepAt(deps, '2026-10-28T08:00:00');
    const waiting = await sweepAt(deps, '2026-10-28T09:00:00');
    const whileWaiting = await viewOf(deps, caseNumber);
    await answerSupervisionAt(deps, caseNumber, '2026-10-28T10:00:00');
    const answered = await sweepAt(deps, '2026-10-28T11:00:00');
    const afterFurther = await viewOf(deps, caseNumber);
    const lastDay = await sweepAt(deps, '2026-11-18T09:00:00');
    const after = await sweepAt(deps, '2026-11-19T08:00:00');

    // Assess: no 「视为您接受」 while the leading group looked into it, nor after: the payer said
    // 不满意, so the case goes to the archive as it stands, counted as neither accepted nor objected.
    expect(waiting.deemedAccepted).toEqual([]);
    expect(waiting.lapsed).toEqual([]);
    // No day to object while the further answer is owed: the window waits for it.
    expect(whileWaiting?.deadlines.objectBy).toBeUndefined();
    expect(whileWaiting?.furtherAnswer).toBeUndefined();
    // The further answer gives the payer the window's 15 working days again, and says so by SMS.
    expect(answered.lapsed).toEqual([]);
    expect(afterFurther?.furtherAnswer).toEqual({
      text: '经重新核对，2025 年的缴费基数按您当年的工资总额核定，没有错误。',
      unit: 'tax',
      at: beijing('2026-10-28T10:00:00'),
    });
    expect(afterFurther?.deadlines.objectBy).toEqual({
      due: '2026-11-18',
      covered: true,
      told: true,
    });
    expect(afterFurther?.timeline.at(-1)?.note).toBe('办理部门已再次答复您，请看“再次答复”');
    expect(sent(deps, 'reanswered')).toEqual([
      { kind: 'reanswered', phone: '13812345678', caseNumber, objectBy: '2026-11-18' },
    ]);
    expect(lastDay.lapsed).toEqual([]);
    expect(after.deemedAccepted).toEqual([]);
    expect(after.lapsed).toEqual([caseNumber]);
    expect(sent(deps, 'deemed-accepted')).toEqual([]);
    const stored = deps.store.cases.get(caseNumber);
    expect(stored?.decision).toBeUndefined();
    expect(stored?.lapsed).toEqual({ at: expect.any(String), lastDay: '2026-11-18' });
    expect(transitions(deps, caseNumber, 'deemAccepted')).toEqual([]);
    expect((await countOf(deps, 'accepted#other', '2026-11-19')) ?? 0).toBe(0);
    expect((await countOf(deps, 'deemed#other', '2026-11-19')) ?? 0).toBe(0);
    // The payer reads that their silence was not taken as acceptance, and no window to object.
    const view = await viewOf(deps, caseNumber);
    expect(view?.timeline.at(-1)?.note).toContain('我们没有把您的沉默当作接受');
    expect(view?.deadlines.objectBy).toBeUndefined();
    // The unit now owes the archive, and may file it; a second sweep changes nothing.
    expect(openWork(stored as CaseRecord).map((w) => w.kind)).toContain('archive');
    await performAction(caseNumber, { type: 'archive' }, taxStaff, deps);
    expect(deps.store.cases.get(caseNumber)?.status).toBe('archived');
    expect((await sweepAt(deps, '2026-11-19T12:00:00')).lapsed).toEqual([]);
  });

  it('refuses a 督办 answer without the further answer the payer’s 不满意 is owed', async () => {
    // Prepare
    const { deps, caseNumber } = await dissatisfiedAtVisit();
    const before = deps.store.cases.get(caseNumber);

    // Act
    const refused = performAction(
      caseNumber,
      { type: 'answer-supervision', answer: '已再次向缴费人解释核定依据。' },
      taxStaff,
      deps,
    );

    // Assess: the field is named, and nothing changed
    await expect(refused).rejects.toMatchObject({
      name: 'ActionInputError',
      pointer: '/toPayer',
      reason: '缴费人在回访中表示不满意，请填写给缴费人的再次答复，缴费人会在网上看到。',
    });
    expect(deps.store.cases.get(caseNumber)).toEqual(before);
    expect(sent(deps, 'reanswered')).toEqual([]);
  });

  it('does not archive a dissatisfied payer’s case before the window closes', async () => {
    // Prepare: 不满意 on 10-09, the supervision answered on 10-12, the window open to 10-27.
    const { deps, caseNumber } = await dissatisfiedAtVisit();
    await answerSupervisionAt(deps, caseNumber, '2026-10-12T10:00:00');

    // Act
    const out = await sweepAt(deps, '2026-10-27T09:00:00');
    const refused = performAction(caseNumber, { type: 'archive' }, taxStaff, deps);

    // Assess: the payer may still say what they choose; nobody owes the archive yet.
    expect(out.lapsed).toEqual([]);
    await expect(refused).rejects.toThrow();
    const stored = deps.store.cases.get(caseNumber);
    expect(stored?.status).toBe('responded');
    expect(stored?.lapsed).toBeUndefined();
    expect(openWork(stored as CaseRecord).map((w) => w.kind)).not.toContain('archive');
  });

  it('refuses the archive of an accepted case while the 不满意 supervision is unanswered', async () => {
    // Prepare: the payer said 不满意 at the visit, then accepted the answer at the window.
    const { deps, caseNumber } = await dissatisfiedAtVisit();
    await performAction(
      caseNumber,
      { type: 'record-decision', decision: 'accept', channel: 'window', on: '2026-10-09' },
      taxStaff,
      deps,
    );

    // Act
    const refused = performAction(caseNumber, { type: 'archive' }, taxStaff, deps);

    // Assess
    await expect(refused).rejects.toThrow(
      '缴费人回访时对处理结果不满意，领导小组的督办尚未答复：请先答复督办，再归档。',
    );
    expect(deps.store.cases.get(caseNumber)?.status).toBe('responded');
    // The order is the rule's, not the clerk's who recorded the visit.
    const page = await casePageOf(deps, caseNumber, taxStaff);
    expect(page).toContain('领导小组（回访不满意，自动督办）');
    // …and the case's mark says an order, as the item's does
    expect(page).toContain('已督办</strong> 回访时缴费人不满意');
  });

  it('leaves alone a payer who already accepted', async () => {
    // Prepare
    const deps = world('2026-09-30T10:00:00');
    const caseNumber = await answeredCase(deps);
    const stored = deps.store.cases.get(caseNumber);
    if (!stored) throw new Error('not stored');
    deps.store.cases.set(caseNumber, {
      ...stored,
      decision: { kind: 'accept', at: beijing('2026-10-02T10:00:00'), channel: 'online' },
    });

    // Act
    const out = await sweepAt(deps, '2026-11-30T09:00:00');

    // Assess
    expect(out.deemedAccepted).toEqual([]);
    expect(deps.store.cases.get(caseNumber)?.decision?.channel).toBe('online');
    expect(transitions(deps, caseNumber, 'deemAccepted')).toEqual([]);
  });
});

describe('the sweep re-sends a case stuck in routing', () => {
  it('re-sends a case still received after a minute, not one filed just now', async () => {
    // Prepare: filed, but its message to tax's queue never arrived
    const deps = world('2026-10-12T10:00:00');
    const { caseNumber } = await submitCase(
      CreateCaseRequestSchema.parse(caseRequest()),
      { channel: 'online' },
      deps,
    );
    deps.dispatcher.sent.length = 0;

    // Act
    const soon = await sweepAt(deps, '2026-10-12T10:00:30');
    const later = await sweepAt(deps, '2026-10-12T10:01:30');

    // Assess
    expect(soon.resent).toEqual([]);
    expect(later.resent).toEqual([caseNumber]);
    expect(deps.dispatcher.sent).toEqual([['tax', caseNumber]]);
  });
});

describe('the sweep names a unit that returns too often (推诿)', () => {
  it(`names a unit past ${RETURNS_FLAG_THRESHOLD} returns this month, once a month`, async () => {
    // Prepare
    const deps = world('2026-10-20T10:00:00');
    deps.aggregates.add({ stat: 'returns', key: 'medical', day: '2026-10-05' }, 2);
    deps.aggregates.add({ stat: 'returns', key: 'medical', day: '2026-10-19' }, 2);

    // Act
    const first = await sweepAt(deps, '2026-10-20T10:00:00');
    const second = await sweepAt(deps, '2026-10-21T10:00:00');

    // Assess
    expect(first.flagged).toEqual(['medical']);
    expect(second.flagged).toEqual([]);
    expect(sent(deps, 'returns-flag')).toEqual([
      { kind: 'returns-flag', unit: 'medical', month: '2026-10', returns: 4 },
    ]);
  });

  it(`does not name a unit with exactly ${RETURNS_FLAG_THRESHOLD} returns`, async () => {
    // Prepare
    const deps = world('2026-10-20T10:00:00');
    deps.aggregates.add(
      { stat: 'returns', key: 'medical', day: '2026-10-05' },
      RETURNS_FLAG_THRESHOLD,
    );

    // Act
    const out = await sweepAt(deps, '2026-10-20T10:00:00');

    // Assess
    expect(out.flagged).toEqual([]);
    expect(sent(deps, 'returns-flag')).toEqual([]);
  });

  it('counts this month only, from its first day in Beijing time', async () => {
    // Prepare: nine returns in September; one on 10-01 and three on 10-02
    const deps = world('2026-10-02T10:00:00');
    deps.aggregates.add({ stat: 'returns', key: 'hrss', day: '2026-09-30' }, 9);
    deps.aggregates.add({ stat: 'returns', key: 'hrss', day: '2026-10-01' }, 1);

    // Act: on 10-01 at 07:00 in Beijing (still September in UTC), and on 10-02 with three more
    const early = await sweepAt(deps, '2026-10-01T07:00:00');
    deps.aggregates.add({ stat: 'returns', key: 'hrss', day: '2026-10-02' }, 3);
    const next = await sweepAt(deps, '2026-10-02T10:00:00');

    // Assess
    expect(early.flagged).toEqual([]);
    expect(next.flagged).toEqual(['hrss']);
    expect(sent(deps, 'returns-flag')).toEqual([
      { kind: 'returns-flag', unit: 'hrss', month: '2026-10', returns: 4 },
    ]);
  });

  it('names the unit again in a new month', async () => {
    // Prepare
    const deps = world('2026-10-20T10:00:00');
    deps.aggregates.add({ stat: 'returns', key: 'tax', day: '2026-10-05' }, 4);
    deps.aggregates.add({ stat: 'returns', key: 'tax', day: '2026-11-03' }, 5);

    // Act
    const october = await sweepAt(deps, '2026-10-20T10:00:00');
    const november = await sweepAt(deps, '2026-11-04T10:00:00');

    // Assess
    expect([october.flagged, november.flagged]).toEqual([['tax'], ['tax']]);
    expect(sent(deps, 'returns-flag').map((m) => m.kind === 'returns-flag' && m.month)).toEqual([
      '2026-10',
      '2026-11',
    ]);
  });
});

describe('the leaders’ overdue list', () => {
  const leader: Principal = { user: 'leader', unit: null, role: 'leader' };

  it('is for leaders, administrators, the joint office and the leading-group office’s director, not for a unit’s staff or head', async () => {
    // Prepare
    const deps = world('2026-10-12T10:00:00');
    const head: Principal = { user: 'medical.head', unit: 'medical', role: 'head' };

    // Act and assess
    expect(maySupervise(leader)).toBe(true);
    expect(maySupervise({ user: 'admin', unit: null, role: 'admin' })).toBe(true);
    expect(maySupervise({ user: 'office.staff', unit: 'office', role: 'staff' })).toBe(true);
    // The tax bureau's head directs the leading-group office (附件1) and is sent its 督办.
    expect(maySupervise({ user: 'tax.head', unit: 'tax', role: 'head' })).toBe(true);
    expect(maySupervise(taxStaff)).toBe(false);
    expect(maySupervise(head)).toBe(false);
    await expect(overdueWork(head, deps)).rejects.toBeInstanceOf(NotAllowedError);
    await expect(overdueWork(taxStaff, deps)).rejects.toBeInstanceOf(NotAllowedError);
  });

  it('opens the case of a 督办 to the leading-group office’s director, the payer masked', async () => {
    // Prepare: a medical case the leader supervised; its e-mail goes to the tax bureau's post
    const deps = world('2026-10-12T10:00:00');
    const caseNumber = await medicalCase(deps);
    const item = openItem(deps, caseNumber, 'sign-for')?.id ?? '';
    await performAction(caseNumber, { type: 'supervise', item, note: '请签收。' }, leader, deps);
    const director: Principal = { user: 'tax.head', unit: 'tax', role: 'head' };

    // Act
    const view = await staffCase(caseNumber, director, deps);
    const refused = staffCase(caseNumber, { ...director, role: 'staff' }, deps);

    // Assess: the director reads it as leaders do; tax's staff do not
    expect(view.supervisions.map((o) => o.note)).toEqual(['请签收。']);
    // Ordered before its date: the case's mark does not call it late
    const page = await casePageOf(deps, caseNumber, director, { today: '2026-10-12' });
    expect(page).toMatch(/已督办<\/strong> 领导小组督办（期限 2026年10月1[3-9]日）/);
    expect(page).not.toContain('超过办理期限');
    expect(view.payer.name).toBe(maskName(caseRequest().payer.name, 'person'));
    await expect(refused).rejects.toThrow();
  });

  it('is empty when nothing is late', async () => {
    // Prepare: due 10-08, looked at on the day
    const deps = world('2026-09-30T10:00:00');
    await assignedCase(deps);
    deps.clock.set(beijing('2026-10-08T20:00:00'));

    // Act and assess
    expect(await overdueWork(leader, deps)).toEqual([]);
  });

  it('lists every late item by unit, in the units’ order, oldest first, with its working days late', async () => {
    // Prepare: a late medical case (benefits before the cut-off) filed first, two late tax cases,
    // and one tax case not yet due
    const deps = world('2026-09-29T10:00:00');
    const medical = { caseNumber: await medicalCase(deps) };
    deps.clock.set(beijing('2026-09-30T10:00:00'));
    const older = await assignedCase(deps);
    deps.clock.set(beijing('2026-10-08T10:00:00'));
    const newer = await assignedCase(deps);
    deps.clock.set(beijing('2026-10-12T10:00:00'));
    const notDue = await assignedCase(deps);
    await sweepAt(deps, '2026-10-12T10:00:00');

    // Act
    const list = await overdueWork(leader, deps);

    // Assess: working days after the due date up to 10-12, Saturday 10-10 among them
    expect(list.map((g) => g.unit)).toEqual(['tax', 'medical']);
    expect(
      list.map((g) => g.items.map((r) => [r.case.caseNumber, r.item.due, r.lateDays])),
    ).toEqual([
      [
        [older, '2026-10-08', 3],
        [newer, '2026-10-09', 2],
      ],
      [[medical.caseNumber, '2026-09-30', 4]],
    ]);
    expect(list.flatMap((g) => g.items.map((r) => r.case.caseNumber))).not.toContain(notDue);
    // The marks the sweep made show on the list.
    expect(list[1]?.items[0]?.item.chasedOn).toBe('2026-10-12');
  });
});

describe('the leading group’s open orders', () => {
  const leader: Principal = { user: 'leader', unit: null, role: 'leader' };
  const medicalHead: Principal = { user: 'medical.head', unit: 'medical', role: 'head' };

  it('lists every 督办 and 交办 not yet answered, late or not, the earliest due first', async () => {
    // Prepare: one case whose answer the leader supervises, one with a task assigned to
    // finance, and one whose supervision tax has already answered
    const deps = world('2026-10-08T10:00:00');
    const supervised = await assignedCase(deps);
    const assigned = await assignedCase(deps);
    const answered = await assignedCase(deps);
    for (const c of [supervised, answered]) {
      const item = openItem(deps, c, 'sign-for')?.id ?? '';
      await performAction(c, { type: 'supervise', item, note: '请于两日内签收。' }, leader, deps);
    }
    await performAction(
      assigned,
      { type: 'assign-task', unit: 'finance', task: '核对该单位退费记录。', due: '2026-10-20' },
      leader,
      deps,
    );
    await performAction(
      answered,
      { type: 'answer-supervision', answer: '已签收并开始核实。' },
      taxStaff,
      deps,
    );
    deps.clock.set(beijing('2026-10-14T10:00:00'));

    // Act
    const orders = await openOrders(leader, deps);

    // Assess: the supervision, due by the policy's days and now late, then the task, in time
    expect(
      orders.map((r) => [r.case.caseNumber, r.item.kind, r.item.unit, r.item.due, r.lateDays]),
    ).toEqual([
      [supervised, 'supervision', 'tax', openItem(deps, supervised, 'supervision')?.due, 2],
      [assigned, 'assignment', 'finance', '2026-10-20', 0],
    ]);
    // …while the overdue list names only what is late, the task not among it
    const late = (await overdueWork(leader, deps)).flatMap((g) => g.items);
    expect(late.map((r) => r.item.kind)).not.toContain('assignment');
    await expect(openOrders(medicalHead, deps)).rejects.toBeInstanceOf(NotAllowedError);
  });

  it('tells the leading group when a unit answers a 督办 or reports a 交办’s result', async () => {
    // Prepare: a 督办 to tax and a 交办 to finance
    const { deps, supervised, assigned } = await ordersGiven();
    const finance: Principal = { user: 'finance.staff', unit: 'finance', role: 'staff' };

    // Act
    await performAction(
      supervised,
      { type: 'answer-supervision', answer: '已签收。' },
      taxStaff,
      deps,
    );
    await performAction(assigned, { type: 'report-assignment', reply: '已核对。' }, finance, deps);

    // Assess: one message each, to the office and the leadership, with a link to the case
    const told = deps.notifier.sent.filter((m) => m.kind === 'order-answered');
    expect(told).toEqual([
      { kind: 'order-answered', unit: 'tax', caseNumber: supervised, order: 'supervision' },
      { kind: 'order-answered', unit: 'finance', caseNumber: assigned, order: 'assignment' },
    ]);
    const [mail] = told.map((m) => renderNotification(m));
    expect(mail).toMatchObject({
      to: 'leading-group',
      subject: `督办已答复：${supervised}（旗税务局）`,
      link: `/staff/cases/${supervised}`,
    });
    // The office's director (the tax bureau's post) and the leader and deputies, as for the 督办.
    const [, assignmentMail] = told.map((m) => renderNotification(m));
    // The office's director (the tax bureau's post) and the leadership; not finance's own post,
    // which a 督办 to finance would also reach: finance itself answered.
    expect(assignmentMail?.posts).toEqual(['leader', 'deputy-1', 'deputy-2', 'tax']);
    expect(mail?.posts).toEqual(assignmentMail?.posts);
  });
});

describe('the leaders’ list of answered orders', () => {
  const leader: Principal = { user: 'leader', unit: null, role: 'leader' };
  const medicalHead: Principal = { user: 'medical.head', unit: 'medical', role: 'head' };

  it('lists what units answered, the latest first, with the order, the answer and whether in time', async () => {
    // Prepare: a 督办 to tax and a 交办 to finance due 10-20, ordered on 10-08
    const { deps, supervised, assigned } = await ordersGiven();
    const finance: Principal = { user: 'finance.staff', unit: 'finance', role: 'staff' };
    const none = await answeredOrders(leader, deps);

    // Act: tax answers the next day; finance reports two working days after its date
    deps.clock.set(beijing('2026-10-09T10:00:00'));
    await performAction(
      supervised,
      { type: 'answer-supervision', answer: '已签收。' },
      taxStaff,
      deps,
    );
    deps.clock.set(beijing('2026-10-22T10:00:00'));
    await performAction(assigned, { type: 'report-assignment', reply: '已核对。' }, finance, deps);
    const answered = await answeredOrders(leader, deps);

    // Assess
    expect(none).toEqual([]);
    expect(
      answered.map((r) => [
        r.case.caseNumber,
        r.item.kind,
        r.item.unit,
        r.order,
        r.answer,
        r.closedOn,
        r.lateDays,
      ]),
    ).toEqual([
      [assigned, 'assignment', 'finance', '核对退费记录。', '已核对。', '2026-10-22', 2],
      [supervised, 'supervision', 'tax', '请尽快签收。', '已签收。', '2026-10-09', 0],
    ]);
    await expect(answeredOrders(medicalHead, deps)).rejects.toBeInstanceOf(NotAllowedError);
    const page = supervisionPage({
      viewer: { principal: leader, name: '领导', csrf: 'c'.repeat(32) },
      by: 'answered',
      answered,
    }).text.replace(/<[^>]+>/g, ' ');
    const words = page.replace(/\s+/g, ' ');
    expect(words).toContain('最近 2 项，其中 1 项超期答复。');
    expect(words).toContain('交办事项：核对退费记录。 办理结果：已核对。');
    expect(words).toContain('督办要求：请尽快签收。 答复：已签收。');
    expect(words).toContain('2026年10月22日 ! 超期 2 个工作日');
    expect(words).toContain('2026年10月9日 按期');
  });
});

describe('provisional dates, once their year’s holidays are entered', () => {
  // A notice for the test, not the State Council's: New Year's Day and Monday 2027-01-04 off,
  // no weekend worked instead, so every count that crosses 01-04 ends a working day later.
  const notice2027 = new WorkingCalendar(
    mergeCalendarData(CALENDAR_DATA, {
      years: { '2027': { holidays: ['2027-01-01', '2027-01-04'], workdays: [] } },
    }),
  );

  /** Filed, signed for and an opinion asked of finance on Monday 2026-12-28: dates in 2027. */
  async function caseInto2027() {
    let calendar: WorkingCalendar = new WorkingCalendar(CALENDAR_DATA);
    const deps = world('2026-12-28T10:00:00', {
      ...defaultSettings,
      calendar: async () => calendar,
    });
    const caseNumber = await assignedCase(deps);
    await financeAsked(deps, caseNumber);
    return { deps, caseNumber, enterNotice: () => (calendar = notice2027) };
  }

  it('are counted again on the year’s schedule by the next sweep, once', async () => {
    // Arrange: 15 working days to answer, 5 for the opinion, counted Monday to Friday less
    // 2027-01-01 (the statutory day off): provisional
    const { deps, caseNumber, enterNotice } = await caseInto2027();
    const before = deps.store.cases.get(caseNumber);
    expect(before?.due).toMatchObject({ kind: 'answer', date: '2027-01-19', covered: false });
    expect(openItem(deps, caseNumber, 'answer')).toMatchObject({
      due: '2027-01-19',
      covered: false,
    });
    expect(openItem(deps, caseNumber, 'opinion')).toMatchObject({
      due: '2027-01-05',
      covered: false,
      from: '2026-12-28',
      days: 5,
    });
    // finance's e-mail says so too
    expect(sent(deps, 'work')).toContainEqual(
      expect.objectContaining({ unit: 'finance', due: '2027-01-05', provisional: true }),
    );
    // Without the notice the sweep changes nothing
    expect((await sweepAt(deps, '2026-12-28T11:07:00')).redated).toEqual([]);
    expect(deps.store.cases.get(caseNumber)?.version).toBe(before?.version);

    // Act: the notice is entered; the next hourly sweep
    enterNotice();
    const out = await sweepAt(deps, '2026-12-28T12:07:00');

    // Assess: the same working days on the real schedule, one day later past 01-04, and final
    expect(out.redated).toEqual([caseNumber]);
    const after = deps.store.cases.get(caseNumber);
    expect(after?.due).toEqual({
      kind: 'answer',
      date: '2027-01-20',
      covered: true,
      from: '2026-12-28',
      days: 15,
    });
    expect(openItem(deps, caseNumber, 'answer')).toMatchObject({
      due: '2027-01-20',
      covered: true,
    });
    expect(openItem(deps, caseNumber, 'opinion')).toMatchObject({
      due: '2027-01-06',
      covered: true,
    });
    const events = transitions(deps, caseNumber, 'redate');
    expect(events).toMatchObject([
      {
        from: 'accepted',
        to: 'accepted',
        actor: { kind: 'system' },
        note: '节假日安排已公布，办理期限已按实际工作日重新计算',
      },
    ]);
    // A second run finds nothing provisional
    expect((await sweepAt(deps, '2026-12-28T13:07:00')).redated).toEqual([]);
    expect(transitions(deps, caseNumber, 'redate')).toHaveLength(1);
    expect(deps.store.cases.get(caseNumber)?.version).toBe(after?.version);
  });

  it('move the follow-up visit with the deadline it copies', async () => {
    // Arrange: answered on 2026-12-28; the visit is due 5 working days later, in 2027
    const { deps, caseNumber, enterNotice } = await answeredInto2027();
    const answered = deps.store.cases.get(caseNumber);
    expect(answered?.due).toMatchObject({ kind: 'follow-up', date: '2027-01-05', covered: false });
    expectVisit(deps, caseNumber, { due: '2027-01-05', covered: false });

    // Act
    enterNotice();
    await sweepAt(deps, '2026-12-28T12:07:00');

    // Assess: the deadline, the visit and its item agree, final
    const after = deps.store.cases.get(caseNumber);
    expect(after?.due).toMatchObject({ kind: 'follow-up', date: '2027-01-06', covered: true });
    expectVisit(deps, caseNumber, { due: '2027-01-06', covered: true });
  });

  it('keep the visit provisional after the archive, and move it when the year is entered', async () => {
    // Arrange: answered on 2026-12-28, accepted at the window and archived the same day; the
    // visit (due 2027-01-05, provisional) stays open after the archive cleared the deadline.
    const { deps, caseNumber, enterNotice } = await answeredInto2027();
    await performAction(
      caseNumber,
      { type: 'record-decision', decision: 'accept', channel: 'window', on: '2026-12-28' },
      taxStaff,
      deps,
    );
    await performAction(caseNumber, { type: 'archive' }, taxStaff, deps);
    const archived = deps.store.cases.get(caseNumber);
    expect(archived?.status).toBe('archived');
    expect(archived?.due).toBeNull();
    expectVisit(deps, caseNumber, { due: '2027-01-05', covered: false });

    // Act
    enterNotice();
    await sweepAt(deps, '2026-12-28T12:07:00');

    // Assess: the visit and its item counted again on the year's schedule, final
    expectVisit(deps, caseNumber, { due: '2027-01-06', covered: true });
  });

  /** The case of `caseInto2027`, answered on 2026-12-28: its visit falls in 2027. */
  async function answeredInto2027() {
    const into = await caseInto2027();
    await performAction(
      into.caseNumber,
      { type: 'respond', answer: '经核实，基数按规定核定。' },
      taxStaff,
      into.deps,
    );
    return into;
  }

  /** The visit's date and coverage, on the case and on its open item alike. */
  function expectVisit(deps: World, caseNumber: string, visit: { due: string; covered: boolean }) {
    expect(deps.store.cases.get(caseNumber)?.followUp).toMatchObject(visit);
    expect(openItem(deps, caseNumber, 'follow-up')).toMatchObject(visit);
  }
});

describe('a case’s files', () => {
  it('open to the units that see the payer or owe an act, not to the director, an unasked assisting unit or a reader by role', async () => {
    // Prepare: an arrears case of the medical bureau (finance assists by the routing table), one
    // file, a 督办 the director is e-mailed
    const deps = world('2026-10-12T10:00:00');
    const caseNumber = await medicalCase(deps, 'arrears');
    const medical: Principal = { user: 'medical.staff', unit: 'medical', role: 'staff' };
    const finance: Principal = { user: 'finance.staff', unit: 'finance', role: 'staff' };
    const director: Principal = { user: 'tax.head', unit: 'tax', role: 'head' };
    const files = {
      uploadUrl: async () => ({ url: 'u', headers: {} }),
      downloadUrl: async (key: string) => `https://files/${key}`,
    };
    const { attachment } = await addAttachment(
      caseNumber,
      { name: '王小明身份证.jpg', contentType: 'image/jpeg', size: 1000 },
      medical,
      { ...deps, files, newId: () => 'f1' },
    );
    const url = (p: Principal) =>
      attachmentUrl(caseNumber, attachment.id, p, { store: deps.store, files });

    // Act and assess: the holder and an office reader open it; the director, unasked finance,
    // leaders and administrators (a privacy review) do not, and their view lists no file
    expect(await url(medical)).toBe(`https://files/cases/${caseNumber}/f1`);
    expect(await url({ user: 'office.staff', unit: 'office', role: 'staff' })).toContain('f1');
    for (const byRole of [
      { user: 'leader', unit: null, role: 'leader' },
      { user: 'admin', unit: null, role: 'admin' },
    ] as const) {
      await expect(url(byRole)).rejects.toBeInstanceOf(NotAllowedError);
    }
    await expect(url(director)).rejects.toBeInstanceOf(NotAllowedError);
    await expect(url(finance)).rejects.toBeInstanceOf(NotAllowedError);
    const directorView = await staffCase(caseNumber, director, deps);
    expect(directorView.attachments).toEqual([]);
    expect(directorView.filesWithheld).toBe(1);
    // Asked for an opinion, finance needs the evidence: it opens the file while it owes one
    await financeAsked(deps, caseNumber, 'medical');
    expect(await url(finance)).toContain('f1');
  });
});
