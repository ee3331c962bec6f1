/**
 * What a payer sees and does with their case number and access code (functions/core/payer-view.ts,
 * DESIGN.md §9) on the ports' in-memory doubles: the same neutral "not found" for an unknown case
 * and a wrong code, the client's allowance of wrong codes with its day-long backoff, no stranger
 * able to lock a payer out, the operators warned of guessing at one case; the payer's view holding
 * no personal data and no staff notes; the decision on the answer and the follow-up survey.
 */
import { describe, expect, it } from 'vitest';
import { CreateCaseRequestSchema } from '#contracts/cases.ts';
import { DEFAULT_DEADLINES } from '#core/deadlines.ts';
import { deliverToInbox, submitCase } from '#core/intake.ts';
import { IllegalTransitionError } from '#core/lifecycle.ts';
import {
  TooManyRequestsError,
  WRONG_CODE_PER_CASE,
  WRONG_CODE_PER_CLIENT,
  WRONG_CODE_PER_CLIENT_DAY,
} from '#core/limits.ts';
import { renderNotification } from '#core/notifications.ts';
import {
  type PayerView,
  payerDecision,
  payerSurvey,
  payerView,
  WRONG_CODES_ON_ONE_CASE,
} from '#core/payer-view.ts';
import type { Notification } from '#core/ports.ts';
import { performAction } from '#core/staff.ts';
import { supervisionSweep } from '#core/supervision.ts';
import { chineseDay } from '#core/time.ts';
import { ActionRefusedError, CaseNotFoundError } from '#core/transitions.ts';
import { answerPage, statusPage, surveyPage } from '#functions/pages/case.ts';
import { caseRequest } from '#test/fixtures/cases.ts';
import { jointCaseInOffice, memoryDeps, memoryLimiter, testIds } from '#test/fixtures/ports.ts';

/** An instant given in Beijing time, as the clock's ISO string. */
const beijing = (local: string) => new Date(`${local}+08:00`).toISOString();

const WRONG = 'ZZZZZZZZZZZZ';
const taxStaff = { user: 'tax.staff', unit: 'tax', role: 'staff' } as const;
const office = { user: 'office.staff', unit: 'office', role: 'staff' } as const;

function world(at = '2026-09-30T10:00:00') {
  const deps = memoryDeps(beijing(at));
  const warnings: [string, Record<string, string>][] = [];
  return {
    ...deps,
    limiter: memoryLimiter(deps.clock),
    client: 'client-a',
    warn: (message: string, fields: Record<string, string>) => warnings.push([message, fields]),
    warnings,
  };
}
type World = ReturnType<typeof world>;

const asClient = (deps: World, client: string): World => ({ ...deps, client });

/** Files a case for tax; `until` takes it on: into the inbox, signed for, answered. */
async function filed(deps: World, until: 'received' | 'assigned' | 'accepted' | 'responded') {
  const request = caseRequest();
  const { caseNumber, accessCode } = await submitCase(
    CreateCaseRequestSchema.parse(request),
    { channel: 'online' },
    deps,
  );
  if (until !== 'received') await deliverToInbox(caseNumber, 'tax', deps);
  if (until === 'accepted' || until === 'responded') {
    await performAction(caseNumber, { type: 'sign-for' }, taxStaff, deps);
  }
  if (until === 'responded') {
    await performAction(
      caseNumber,
      { type: 'respond', answer: '经核实，基数按规定核定。' },
      taxStaff,
      deps,
    );
  }
  return { caseNumber, accessCode, request };
}

/** Wrong codes from `client` until one is refused; the number let through and the refusal. */
async function guessUntilRefused(deps: World, caseNumber: string, client: string) {
  for (let tried = 0; tried < 1000; tried++) {
    try {
      expect(await payerView(caseNumber, WRONG, asClient(deps, client))).toBeUndefined();
    } catch (error) {
      if (!(error instanceof TooManyRequestsError)) throw error;
      return { tried, retryAfter: error.retryAfter };
    }
  }
  throw new Error('never refused');
}

describe('the payer’s view with the right code', () => {
  it('shows a case in a unit’s inbox: its status, unit, timeline and the sign-for date', async () => {
    // Prepare: filed Wednesday 09-30; the sign-for is due after National Day, Thursday 10-08
    const deps = world();
    const { caseNumber, accessCode } = await filed(deps, 'assigned');

    // Act
    const view = await payerView(caseNumber, accessCode, deps);

    // Assess
    expect(view).toEqual({
      caseNumber,
      status: 'assigned',
      units: ['tax'],
      mode: 'single',
      handledBy: 'tax',
      timeline: [
        { at: beijing('2026-09-30T10:00:00'), status: 'received', note: expect.any(String) },
        { at: beijing('2026-09-30T10:00:00'), status: 'assigned', note: expect.any(String) },
      ],
      // The answer's last day if tax signs on its last day: 15 working days after Thursday
      // 8 October, Saturday 10 October a working day (the 2026 schedule).
      deadlines: {
        signFor: { due: '2026-10-08', covered: true },
        answerLatest: { due: '2026-10-28', covered: true },
      },
    });
    // The payer's words, not the stored staff note (「已派送至承办单位」): payers read 办理部门.
    expect(view?.timeline.map((e) => e.note)).toEqual([
      '已收到争议申请，正在按职责分派',
      '已交给办理部门，等待签收',
    ]);
    expect(deps.store.events.map((e) => e.note)).toContain('已派送至承办单位');
  });

  it('names no unit while the case is still being routed', async () => {
    // Prepare
    const deps = world();
    const { caseNumber, accessCode } = await filed(deps, 'received');

    // Act
    const view = await payerView(caseNumber, accessCode, deps);

    // Assess
    expect(view).toMatchObject({ status: 'received', handledBy: null, deadlines: {} });
  });

  it('holds no personal data, no staff note and no staff name, only the fields the contract names', async () => {
    // Prepare: a staff note on the case, which is for staff only
    const deps = world();
    const { caseNumber, accessCode, request } = await filed(deps, 'accepted');
    const note = '内部记录：已电话联系单位财务核实工资表';
    await performAction(caseNumber, { type: 'note', note }, taxStaff, deps);
    expect(deps.store.events.some((e) => e.text === note)).toBe(true);

    // Act
    const view = await payerView(caseNumber, accessCode, deps);

    // Assess
    expect(Object.keys(view ?? {}).sort()).toEqual(
      ['caseNumber', 'deadlines', 'handledBy', 'mode', 'status', 'timeline', 'units'].sort(),
    );
    for (const entry of view?.timeline ?? []) {
      expect(Object.keys(entry).sort()).toEqual(['at', 'note', 'status']);
    }
    const text = JSON.stringify(view);
    for (const secret of [
      request.payer.name,
      request.payer.idNumber,
      request.payer.phone,
      request.description,
      note,
      taxStaff.user,
      testIds.hash(accessCode),
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('names no staff account in a decision a clerk recorded at the window', async () => {
    // Prepare
    const deps = world();
    const { caseNumber, accessCode } = await filed(deps, 'responded');
    await performAction(
      caseNumber,
      { type: 'record-decision', decision: 'accept', channel: 'window', on: '2026-09-30' },
      taxStaff,
      deps,
    );

    // Act
    const view = await payerView(caseNumber, accessCode, deps);

    // Assess: the stored decision keeps who recorded it; the payer's view does not.
    expect(deps.store.cases.get(caseNumber)?.decision?.recordedBy).toBe(taxStaff.user);
    expect(view?.decision).toEqual({
      kind: 'accept',
      at: expect.any(String),
      channel: 'window',
      on: '2026-09-30',
    });
    expect(JSON.stringify(view)).not.toContain(taxStaff.user);
  });

  it('shows the answer, the last day to object and the open follow-up once the unit answered', async () => {
    // Prepare: answered Wednesday 09-30; 15 working days later is Tuesday 10-27
    const deps = world();
    const { caseNumber, accessCode } = await filed(deps, 'responded');

    // Act
    const view = await payerView(caseNumber, accessCode, deps);

    // Assess
    expect(view).toMatchObject({
      status: 'responded',
      handledBy: 'tax',
      answer: { text: '经核实，基数按规定核定。', unit: 'tax', at: beijing('2026-09-30T10:00:00') },
      deadlines: { objectBy: { due: '2026-10-27', covered: true } },
      followUp: { status: 'open' },
    });
    expect(view?.deadlines).not.toHaveProperty('signFor');
    expect(view?.deadlines).not.toHaveProperty('answer');
    expect(view).not.toHaveProperty('decision');
  });

  it('drops the last day to object once the payer decided', async () => {
    // Prepare
    const deps = world();
    const { caseNumber, accessCode } = await filed(deps, 'responded');
    await payerDecision(caseNumber, accessCode, { decision: 'accept' }, deps);

    // Act
    const view = await payerView(caseNumber, accessCode, deps);

    // Assess
    expect(view?.deadlines).toEqual({});
    expect(view?.decision).toMatchObject({ kind: 'accept', channel: 'online' });
  });

  it('tells the payer their own steps as 您, while the stored history keeps the staff’s words', async () => {
    // Prepare
    const deps = world();
    const { caseNumber, accessCode } = await filed(deps, 'responded');

    // Act
    const view = await payerDecision(
      caseNumber,
      accessCode,
      { decision: 'object', route: 'arbitration' },
      deps,
    );

    // Assess
    expect(view.timeline.at(-1)?.note).toBe('您对处理结果有异议，已记下您准备通过哪种途径继续解决');
    for (const entry of view.timeline) expect(entry.note).not.toContain('缴费人');
    expect(deps.store.events.at(-1)?.note).toBe('缴费人对处理结果有异议，已记录其选择的救济途径');
  });

  it('gives the client’s attempt back, so that a payer who knows the code is never held up', async () => {
    // Prepare
    const deps = world();
    const { caseNumber, accessCode } = await filed(deps, 'assigned');

    // Act: more looks than the client's allowance of wrong codes
    const views = [];
    for (let i = 0; i < WRONG_CODE_PER_CLIENT.limit + 10; i++) {
      views.push(await payerView(caseNumber, accessCode, deps));
    }

    // Assess
    expect(views.every((v) => v?.caseNumber === caseNumber)).toBe(true);
    expect(deps.limiter.log.slice(0, 4)).toEqual([
      'take code-client#client-a',
      'take code-client-day#client-a',
      'release code-client#client-a',
      'release code-client-day#client-a',
    ]);
    expect(deps.limiter.log.filter((l) => l.startsWith('hit'))).toEqual([]);
  });
});

describe('a wrong code or an unknown case', () => {
  it('is the same neutral nothing, after the same limiter work, for both', async () => {
    // Prepare
    const deps = world();
    const { caseNumber } = await filed(deps, 'assigned');
    const unknown = '2026-999999';

    // Act
    const wrong = await payerView(caseNumber, WRONG, asClient(deps, 'c1'));
    const wrongLog = deps.limiter.log.splice(0);
    const missing = await payerView(unknown, WRONG, asClient(deps, 'c1'));
    const missingLog = deps.limiter.log.splice(0);

    // Assess: one attempt taken from each window, one wrong code counted on the case
    expect(wrong).toBeUndefined();
    expect(missing).toBeUndefined();
    expect(wrongLog).toEqual([
      'take code-client#c1',
      'take code-client-day#c1',
      `hit code-case#${caseNumber}`,
    ]);
    expect(missingLog).toEqual(wrongLog.map((l) => l.replace(caseNumber, unknown)));
  });

  it('is refused for the decision and the survey as for an unknown case, and changes nothing', async () => {
    // Prepare
    const deps = world();
    const { caseNumber } = await filed(deps, 'responded');
    const before = structuredClone(deps.store.cases.get(caseNumber));
    const events = deps.store.events.length;

    // Act and assess
    await expect(
      payerDecision(caseNumber, WRONG, { decision: 'accept' }, deps),
    ).rejects.toBeInstanceOf(CaseNotFoundError);
    await expect(
      payerDecision('2026-999999', WRONG, { decision: 'accept' }, deps),
    ).rejects.toBeInstanceOf(CaseNotFoundError);
    await expect(
      payerSurvey(caseNumber, WRONG, { result: 'dissatisfied' }, deps),
    ).rejects.toBeInstanceOf(CaseNotFoundError);
    expect(deps.store.cases.get(caseNumber)).toEqual(before);
    expect(deps.store.events).toHaveLength(events);
    expect(deps.notifier.sent.filter((m) => m.kind === 'supervision')).toEqual([]);
  });

  it('does not match a code that differs only in letter case or has spaces around it', async () => {
    // Prepare
    const deps = world();
    const { caseNumber, accessCode } = await filed(deps, 'assigned');

    // Act and assess
    expect(await payerView(caseNumber, accessCode.toLowerCase(), deps)).toBeUndefined();
    expect(await payerView(caseNumber, ` ${accessCode}`, deps)).toBeUndefined();
    expect(await payerView(caseNumber, accessCode.slice(0, -1), deps)).toBeUndefined();
  });
});

describe('the client’s allowance of wrong codes', () => {
  it(`refuses the client after ${WRONG_CODE_PER_CLIENT.limit} wrong codes, even with the right one, but not another client`, async () => {
    // Prepare
    const deps = world();
    const { caseNumber, accessCode } = await filed(deps, 'assigned');

    // Act
    const refused = await guessUntilRefused(deps, caseNumber, 'guesser');
    const rightCodeSameClient = payerView(caseNumber, accessCode, asClient(deps, 'guesser'));
    const payer = await payerView(caseNumber, accessCode, asClient(deps, 'payer'));

    // Assess: the refusal says when to come back (the end of the 15-minute window)
    expect(refused.tried).toBe(WRONG_CODE_PER_CLIENT.limit);
    expect(refused.retryAfter).toBeGreaterThan(0);
    expect(refused.retryAfter).toBeLessThanOrEqual(WRONG_CODE_PER_CLIENT.windowSeconds);
    await expect(rightCodeSameClient).rejects.toBeInstanceOf(TooManyRequestsError);
    expect(payer?.caseNumber).toBe(caseNumber);
  });

  it('lets the client try again when the 15-minute window turns', async () => {
    // Prepare: windows start on the quarter hour
    const deps = world('2026-10-12T10:00:00');
    const { caseNumber, accessCode } = await filed(deps, 'assigned');
    const refused = await guessUntilRefused(deps, caseNumber, 'payer');
    expect(refused.retryAfter).toBe(15 * 60);

    // Act
    deps.clock.set(beijing('2026-10-12T10:14:59'));
    const stillRefused = await payerView(caseNumber, accessCode, asClient(deps, 'payer')).catch(
      (error: unknown) => error,
    );
    deps.clock.set(beijing('2026-10-12T10:15:00'));
    const view = await payerView(caseNumber, accessCode, asClient(deps, 'payer'));

    // Assess
    expect(stillRefused).toBeInstanceOf(TooManyRequestsError);
    expect(view?.caseNumber).toBe(caseNumber);
  });

  it(`backs off until the day turns (08:00 in Beijing) after ${WRONG_CODE_PER_CLIENT_DAY.limit} wrong codes in a day`, async () => {
    // Prepare: start as the day's window opens, 00:00 UTC
    const deps = world('2026-10-12T08:00:00');
    const { caseNumber, accessCode } = await filed(deps, 'assigned');

    // Act: three short windows used up, then a fourth try 45 minutes in
    const windows = [];
    for (const minute of ['00', '15', '30']) {
      deps.clock.set(beijing(`2026-10-12T08:${minute}:00`));
      windows.push((await guessUntilRefused(deps, caseNumber, 'script')).tried);
    }
    deps.clock.set(beijing('2026-10-12T08:45:00'));
    const backoff = await guessUntilRefused(deps, caseNumber, 'script');
    deps.clock.set(beijing('2026-10-13T07:59:59'));
    const lastSecond = await payerView(caseNumber, accessCode, asClient(deps, 'script')).catch(
      (error: unknown) => error,
    );
    deps.clock.set(beijing('2026-10-13T08:00:00'));
    const nextDay = await payerView(caseNumber, accessCode, asClient(deps, 'script'));

    // Assess
    expect(windows).toEqual([20, 20, 20]);
    expect(backoff).toEqual({ tried: 0, retryAfter: 24 * 3600 - 45 * 60 });
    expect(lastSecond).toBeInstanceOf(TooManyRequestsError);
    expect(nextDay?.caseNumber).toBe(caseNumber);
  });

  it('does not count a try the day’s window refused against the short window', async () => {
    // Prepare: the day's allowance used up
    const deps = world('2026-10-12T08:00:00');
    const { caseNumber } = await filed(deps, 'assigned');
    for (const minute of ['00', '15', '30']) {
      deps.clock.set(beijing(`2026-10-12T08:${minute}:00`));
      await guessUntilRefused(deps, caseNumber, 'script');
    }
    deps.clock.set(beijing('2026-10-12T08:45:00'));
    deps.limiter.log.length = 0;

    // Act
    await expect(payerView(caseNumber, WRONG, asClient(deps, 'script'))).rejects.toBeInstanceOf(
      TooManyRequestsError,
    );

    // Assess: the short window's attempt is given back, and the case is not counted
    expect(deps.limiter.log).toEqual([
      'take code-client#script',
      'take code-client-day#script',
      'release code-client#script',
    ]);
  });
});

describe('wrong codes aimed at one case', () => {
  it(`warn the operators past ${WRONG_CODE_PER_CASE.limit} in the window, with the case number only`, async () => {
    // Prepare: guesses from many clients, so that no client limit stops them
    const deps = world();
    const { caseNumber } = await filed(deps, 'assigned');

    // Act
    for (let i = 0; i < WRONG_CODE_PER_CASE.limit; i++) {
      await payerView(caseNumber, WRONG, asClient(deps, `c${i}`));
    }
    const beforeLimit = deps.warnings.length;
    await payerView(caseNumber, WRONG, asClient(deps, 'c-last'));

    // Assess
    expect(beforeLimit).toBe(0);
    expect(deps.warnings).toEqual([[WRONG_CODES_ON_ONE_CASE, { caseNumber }]]);
  });

  it('never lock the payer out of their own case', async () => {
    // Prepare: far more wrong codes on the case than its share
    const deps = world();
    const { caseNumber, accessCode } = await filed(deps, 'assigned');
    for (let i = 0; i < 3 * WRONG_CODE_PER_CASE.limit; i++) {
      await payerView(caseNumber, WRONG, asClient(deps, `stranger-${i}`));
    }

    // Act
    const view = await payerView(caseNumber, accessCode, asClient(deps, 'payer'));

    // Assess
    expect(view?.caseNumber).toBe(caseNumber);
    expect(deps.warnings.length).toBe(2 * WRONG_CODE_PER_CASE.limit);
  });
});

describe('the payer’s decision on the answer', () => {
  it('accepts: records it online, keeps the case answered and asks the unit to archive it', async () => {
    // Prepare
    const deps = world();
    const { caseNumber, accessCode } = await filed(deps, 'responded');
    deps.clock.set(beijing('2026-10-09T15:00:00'));

    // Act
    const view = await payerDecision(caseNumber, accessCode, { decision: 'accept' }, deps);

    // Assess
    const decision = { kind: 'accept', at: beijing('2026-10-09T15:00:00'), channel: 'online' };
    expect(view.decision).toEqual(decision);
    const stored = deps.store.cases.get(caseNumber);
    expect(stored?.decision).toEqual(decision);
    expect(stored?.status).toBe('responded');
    expect(stored?.work?.find((w) => w.kind === 'archive' && w.state === 'open')?.unit).toBe('tax');
    expect(deps.store.events.at(-1)).toMatchObject({
      transition: 'payerAccept',
      actor: { kind: 'payer' },
    });
  });

  it('objects: records the route and the comment, and the case is objected', async () => {
    // Prepare
    const deps = world();
    const { caseNumber, accessCode } = await filed(deps, 'responded');

    // Act
    const view = await payerDecision(
      caseNumber,
      accessCode,
      { decision: 'object', route: 'arbitration', comment: '工资表未计入加班费' },
      deps,
    );

    // Assess
    expect(view.status).toBe('objected');
    expect(view.decision).toEqual({
      kind: 'object',
      route: 'arbitration',
      comment: '工资表未计入加班费',
      at: beijing('2026-09-30T10:00:00'),
      channel: 'online',
    });
    expect(deps.store.events.at(-1)).toMatchObject({
      transition: 'payerObject',
      detail: { route: 'arbitration' },
    });
  });

  it('stores no empty comment with an objection', async () => {
    // Prepare
    const deps = world();
    const { caseNumber, accessCode } = await filed(deps, 'responded');

    // Act
    await payerDecision(caseNumber, accessCode, { decision: 'object', route: 'mediation' }, deps);

    // Assess
    expect(deps.store.cases.get(caseNumber)?.decision).not.toHaveProperty('comment');
  });

  it('is taken once: a second decision is refused and the first stands', async () => {
    // Prepare
    const deps = world();
    const { caseNumber, accessCode } = await filed(deps, 'responded');
    await payerDecision(caseNumber, accessCode, { decision: 'accept' }, deps);
    const events = deps.store.events.length;

    // Act
    const second = payerDecision(
      caseNumber,
      accessCode,
      { decision: 'object', route: 'litigation' },
      deps,
    );

    // Assess
    await expect(second).rejects.toThrow(ActionRefusedError);
    await expect(second).rejects.toMatchObject({ reason: '您已经告诉过我们是否接受处理结果。' });
    expect(deps.store.cases.get(caseNumber)?.decision?.kind).toBe('accept');
    expect(deps.store.events).toHaveLength(events);
  });

  it('after silence was taken as acceptance, says so in words the payer understands', async () => {
    // Prepare
    const deps = world();
    const { caseNumber, accessCode } = await filed(deps, 'responded');
    const stored = deps.store.cases.get(caseNumber);
    if (!stored) throw new Error('not stored');
    deps.store.cases.set(caseNumber, {
      ...stored,
      decision: { kind: 'accept', at: beijing('2026-10-28T08:00:00'), channel: 'silence' },
    });

    // Act
    const late = payerDecision(caseNumber, accessCode, { decision: 'accept' }, deps);

    // Assess
    await expect(late).rejects.toMatchObject({ reason: expect.stringContaining('已视为您接受') });
  });

  it('cannot be made before the unit answered', async () => {
    // Prepare
    const deps = world();
    const { caseNumber, accessCode } = await filed(deps, 'accepted');
    const before = structuredClone(deps.store.cases.get(caseNumber));

    // Act
    const early = payerDecision(caseNumber, accessCode, { decision: 'accept' }, deps);

    // Assess
    await expect(early).rejects.toBeInstanceOf(IllegalTransitionError);
    expect(deps.store.cases.get(caseNumber)).toEqual(before);
  });
});

describe('the payer’s follow-up survey', () => {
  it('is refused before the answer', async () => {
    // Prepare
    const deps = world();
    const { caseNumber, accessCode } = await filed(deps, 'accepted');

    // Act
    const early = payerSurvey(caseNumber, accessCode, { result: 'satisfied' }, deps);

    // Assess
    await expect(early).rejects.toMatchObject({
      reason: '这个案件还没有答复，或已经完成回访。',
    });
    expect(deps.store.cases.get(caseNumber)?.followUp).toBeUndefined();
  });

  it('closes the follow-up with the payer’s result and comment, and counts it', async () => {
    // Prepare
    const deps = world();
    const { caseNumber, accessCode } = await filed(deps, 'responded');
    deps.clock.set(beijing('2026-10-09T10:00:00'));

    // Act
    const view = await payerSurvey(
      caseNumber,
      accessCode,
      { result: 'basically-satisfied', comment: '答复清楚' },
      deps,
    );

    // Assess
    expect(view.followUp).toEqual({ status: 'done' });
    const stored = deps.store.cases.get(caseNumber);
    expect(stored?.followUp).toMatchObject({
      unit: 'tax',
      status: 'done',
      result: 'basically-satisfied',
      by: 'payer',
      note: '答复清楚',
    });
    expect(stored?.due).toBeNull();
    expect(stored?.work?.some((w) => w.kind === 'follow-up' && w.state === 'open')).toBe(false);
    expect(stored?.supervisions ?? []).toEqual([]);
    expect(deps.notifier.sent.filter((m) => m.kind === 'supervision')).toEqual([]);
    const day = await deps.store.aggregates.sum('2026-10-09', '2026-10-09');
    expect(day.get('followup-basically-satisfied#other')?.n).toBe(1);
    // …counted apart as the payer's own answer, beside the unit's records of its visits
    expect(day.get('unit-followup-online#tax:other')?.n).toBe(1);
  });

  it('puts the case under supervision when the payer is dissatisfied, and tells the leading group', async () => {
    // Prepare
    const deps = world();
    const { caseNumber, accessCode } = await filed(deps, 'responded');

    // Act
    const view = await payerSurvey(caseNumber, accessCode, { result: 'dissatisfied' }, deps);

    // Assess: the payer is told where the case went and by when the further answer comes, on
    // the survey's answer and the progress page (its state, its hint, its history)
    const stored = deps.store.cases.get(caseNumber);
    const order = stored?.work?.find((w) => w.kind === 'supervision' && w.state === 'open');
    expect(order?.due).toMatch(/^2026-10-\d\d$/);
    expect(view.followUp).toEqual({
      status: 'done',
      dissatisfied: true,
      furtherAnswerPending: true,
      furtherAnswerBy: order?.due,
    });
    const told = `您在回访中表示不满意，这件事已报领导小组督办，办理部门要重新核实处理，并会在${chineseDay(order?.due ?? '')}前（含当天）再次答复您。`;
    expect(surveyPage(view).text).toContain(`<p data-testid="survey-next">${told}`);
    const progress = statusPage(view, { policy: DEFAULT_DEADLINES }).text;
    expect(progress).toContain(`data-testid="status-hint">${told}</p>`);
    expect(progress).toContain('data-testid="status">督办中，等待再次答复</strong>');
    expect(progress).toContain(
      '<span class="timeline__status">您在网上回访中表示不满意，已报领导小组督办，办理部门要重新核实并再次答复您</span>',
    );
    expect(progress).not.toContain('您不需要再做什么');
    // …the unit owes an answer to the supervision
    expect(stored?.supervisions).toEqual([
      expect.objectContaining({ unit: 'tax', reason: 'dissatisfied', by: 'payer' }),
    ]);
    expect(
      stored?.work
        ?.filter((w) => w.kind === 'supervision' && w.state === 'open')
        .map((w) => w.unit),
    ).toEqual(['tax']);
    expect(deps.notifier.sent).toContainEqual({
      kind: 'supervision',
      caseNumber,
      unit: 'tax',
      reason: 'dissatisfied',
    });
  });

  it('shows the further answer the 督办 gave, and gives the days to object again from it', async () => {
    // Prepare: answered on Wednesday 30 September; 不满意 in the survey on Friday 9 October
    const deps = world();
    const { caseNumber, accessCode } = await filed(deps, 'responded');
    deps.clock.set(beijing('2026-10-09T10:00:00'));
    await payerSurvey(caseNumber, accessCode, { result: 'dissatisfied' }, deps);
    const waiting = await payerView(caseNumber, accessCode, deps);

    // Act: on Wednesday 28 October, past the first answer's window, tax answers the 督办 and the payer
    deps.clock.set(beijing('2026-10-28T10:00:00'));
    await performAction(
      caseNumber,
      {
        type: 'answer-supervision',
        answer: '已重新核实，并电话告知缴费人。',
        toPayer: '经重新核实，您 2025 年的缴费基数按当年工资总额核定，没有错误。',
      },
      taxStaff,
      deps,
    );
    const view = await payerView(caseNumber, accessCode, deps);

    // Assess: while the 督办 was open, no day to object, and the page says the answer is to come
    expect(waiting?.deadlines.objectBy).toBeUndefined();
    const before = statusPage(waiting as PayerView, { policy: DEFAULT_DEADLINES }).text;
    expect(before).toContain('办理部门再次答复您以后，您还有 15 个工作日考虑是否接受');
    expect(before).not.toContain('视为您没有异议');
    // …then the further answer, and 15 working days from it: Wednesday 18 November
    expect(view?.furtherAnswer).toEqual({
      text: '经重新核实，您 2025 年的缴费基数按当年工资总额核定，没有错误。',
      unit: 'tax',
      at: beijing('2026-10-28T10:00:00'),
    });
    expect(waiting?.followUp?.furtherAnswerPending).toBe(true);
    expect(view?.followUp?.furtherAnswerPending).toBeUndefined();
    expect(view?.deadlines.objectBy).toEqual({ due: '2026-11-18', covered: true, told: true });
    const progress = statusPage(view as PayerView, { policy: DEFAULT_DEADLINES }).text;
    expect(progress).toContain('领导小组督办后，办理部门已经再次答复您');
    expect(progress).toContain(
      '<div class="inset answer" data-testid="further-answer">经重新核实，您 2025 年的缴费基数按当年工资总额核定，没有错误。</div>',
    );
    expect(progress).toContain('如仍不接受，请在再次答复后 15 个工作日内');
    expect(progress).toContain('逾期没有告诉我们的，案卷归档，但不视为您接受了处理结果');
    expect(progress).not.toContain('视为您没有异议');
    const answer = answerPage(view as PayerView, { policy: DEFAULT_DEADLINES }).text;
    expect(answer).toContain('data-testid="further-answer"');
    expect(answer).toContain('给您的答复和2026年10月28日的再次答复');
    expect(answer).toContain('data-testid="decision-form"');
    expect(surveyPage(view as PayerView).text).toContain('办理部门已经再次答复您');
    // …and by SMS, with the new last day
    expect(deps.notifier.sent.filter((m) => m.kind === 'reanswered')).toEqual([
      { kind: 'reanswered', phone: '13812345678', caseNumber, objectBy: '2026-11-18' },
    ]);
    const sms = renderNotification({
      kind: 'reanswered',
      phone: '13812345678',
      caseNumber,
      objectBy: '2026-11-18',
    });
    expect(sms.body).toContain('办理部门已再次答复您');
    expect(sms.body).toContain('请在2026年11月18日前（含当天）告诉我们');
    expect(sms.body).toContain('不视为您接受处理结果');
  });

  it('is answered once', async () => {
    // Prepare
    const deps = world();
    const { caseNumber, accessCode } = await filed(deps, 'responded');
    await payerSurvey(caseNumber, accessCode, { result: 'satisfied' }, deps);

    // Act
    const again = payerSurvey(caseNumber, accessCode, { result: 'dissatisfied' }, deps);

    // Assess
    await expect(again).rejects.toBeInstanceOf(ActionRefusedError);
    expect(deps.store.cases.get(caseNumber)?.followUp?.result).toBe('satisfied');
    expect(deps.store.cases.get(caseNumber)?.supervisions ?? []).toEqual([]);
  });
});

describe('an extension, as the payer reads it', () => {
  const taxHead = { user: 'tax.head', unit: 'tax', role: 'head' } as const;
  const askForTen = (deps: World, caseNumber: string) =>
    performAction(
      caseNumber,
      { type: 'request-extension', days: 10, reason: '需调取历年缴费记录。' },
      taxStaff,
      deps,
    );

  it('names the new last day on the status page and in an SMS once approved', async () => {
    // Prepare: signed for on Wednesday 09-30, answer due 10-27 (15 working days past National Day)
    const deps = world();
    const { caseNumber, accessCode } = await filed(deps, 'accepted');
    const before = await payerView(caseNumber, accessCode, deps);

    // Act
    await askForTen(deps, caseNumber);
    const asked = await payerView(caseNumber, accessCode, deps);
    await performAction(caseNumber, { type: 'decide-extension', approve: true }, taxHead, deps);
    const after = await payerView(caseNumber, accessCode, deps);

    // Assess: 25 working days from 09-30 end on 11-10, on the page and in the SMS alike.
    expect(before?.deadlines.answer).toEqual({ due: '2026-10-27', covered: true });
    expect(asked?.timeline.at(-1)?.note).toBe(
      '办理部门因情况较复杂，申请延长办理期限，正在等待负责人审批',
    );
    expect(after?.deadlines.answer).toEqual({ due: '2026-11-10', covered: true });
    expect(after?.timeline.at(-1)?.note).toBe(
      '负责人批准延期，办理期限延长 10 个工作日，最迟于2026年11月10日前（含当天）答复您',
    );
    const sms = deps.notifier.sent.filter((m) => m.kind === 'extended');
    expect(sms).toEqual([
      { kind: 'extended', phone: '13812345678', caseNumber, due: '2026-11-10' },
    ]);
    // …and the unit's clerk who asked hears the decision
    expect(deps.notifier.sent.filter((m) => m.kind === 'case-news')).toEqual([
      { kind: 'case-news', unit: 'tax', caseNumber, news: 'extension-approved' },
    ]);
    expect(renderNotification(sms[0] as Notification).body).toContain(
      `您的争议（受理编号 ${caseNumber}）情况较复杂，经办理部门负责人批准，办理期限延长，最迟于2026年11月10日前（含当天）书面答复您。`,
    );
  });

  it('says a refused extension keeps the date, and texts nothing', async () => {
    // Prepare
    const deps = world();
    const { caseNumber, accessCode } = await filed(deps, 'accepted');
    await askForTen(deps, caseNumber);

    // Act
    await performAction(
      caseNumber,
      { type: 'decide-extension', approve: false, note: '期限内可以办完。' },
      taxHead,
      deps,
    );
    const after = await payerView(caseNumber, accessCode, deps);

    // Assess
    expect(after?.deadlines.answer).toEqual({ due: '2026-10-27', covered: true });
    expect(after?.timeline.at(-1)?.note).toBe('延期申请未获批准，仍按原定期限答复您');
    expect(deps.notifier.sent.filter((m) => m.kind === 'extended')).toEqual([]);
  });
});

describe('reminders in the payer’s timeline', () => {
  it('names a late sign-for’s chase, and leaves out a late internal step’s', async () => {
    // Prepare: filed on Wednesday 09-30; the sign-for is due 10-08. The other case was signed
    // for the same day, and its clerk asked for an extension its head should decide by 10-08;
    // its answer is due weeks later.
    const deps = world();
    const late = await filed(deps, 'assigned');
    const internal = await filed(deps, 'accepted');
    await performAction(
      internal.caseNumber,
      { type: 'request-extension', days: 5, reason: '需调取档案。' },
      taxStaff,
      deps,
    );

    // Act: the hourly sweep on Tuesday 10-13
    deps.clock.set(beijing('2026-10-13T09:00:00'));
    await supervisionSweep(deps);

    // Assess: both were chased in the record; the payer reads only the step they wait on.
    const chased = async (caseNumber: string) =>
      (await deps.store.timeline(caseNumber))
        .filter((e) => e.transition === 'chase')
        .map((e) => e.detail?.kind);
    expect(await chased(late.caseNumber)).toEqual(['sign-for']);
    expect(await chased(internal.caseNumber)).toEqual(['extension']);
    const notes = async (f: { caseNumber: string; accessCode: string }) =>
      (await payerView(f.caseNumber, f.accessCode, deps))?.timeline.map((t) => t.note) ?? [];
    expect(await notes(late)).toContain('已超过规定时限，已催促办理部门办理');
    const internalNotes = await notes(internal);
    expect(internalNotes.length).toBeGreaterThan(2);
    expect(internalNotes.join('\n')).not.toMatch(/催办|督办|超过规定时限/);
  });
});

describe('the answer’s date after a late sign-for', () => {
  it('counts from the sign-for’s last day, so the late unit gains nothing', async () => {
    // Prepare: filed Wednesday 09-30, assigned to tax: sign for by Thursday 10-08
    const deps = world();
    const late = await filed(deps, 'assigned');
    const signForBy = (await deps.store.get(late.caseNumber))?.due;
    expect(signForBy).toMatchObject({ kind: 'sign-for', date: '2026-10-08' });

    // Act: tax signs for on Tuesday 10-13, three working days late
    deps.clock.set(beijing('2026-10-13T09:00:00'));
    await performAction(late.caseNumber, { type: 'sign-for' }, taxStaff, deps);

    // Assess: 15 working days from 10-08, not from 10-13; the payer reads that date
    const calendar = await deps.settings.calendar();
    const expected = calendar.addWorkingDays('2026-10-08', DEFAULT_DEADLINES.answerSingle).date;
    expect(expected).not.toBe(
      calendar.addWorkingDays('2026-10-13', DEFAULT_DEADLINES.answerSingle).date,
    );
    expect((await deps.store.get(late.caseNumber))?.due).toMatchObject({
      kind: 'answer',
      date: expected,
      from: '2026-10-08',
    });
    const view = await payerView(late.caseNumber, late.accessCode, deps);
    expect(view?.deadlines.answer?.due).toBe(expected);
  });

  it('counts a joint case’s from the classification, and the office’s late triage as its own', async () => {
    // Prepare: a joint case in the office's inbox on Thursday 26 November, to classify by the 27th
    const deps = memoryDeps('2026-11-26T02:00:00Z');
    const caseNumber = await jointCaseInOffice(deps);
    expect((await deps.store.get(caseNumber))?.due).toMatchObject({
      kind: 'sign-for',
      date: '2026-11-27',
    });

    // Act: the office classifies it on Monday 7 December, six working days late
    deps.clock.set('2026-12-07T02:00:00Z');
    await performAction(caseNumber, { type: 'classify', as: 'general', lead: 'tax' }, office, deps);

    // Assess: the lead, which never held the case, has its 20 working days from 12-07 (2027-01-05
    // counted with 2027 not yet entered); the office's lateness is counted against the office
    expect((await deps.store.get(caseNumber))?.due).toMatchObject({
      kind: 'answer',
      from: '2026-12-07',
      days: 20,
    });
    const day = await deps.store.aggregates.sum('2026-12-07', '2026-12-07');
    expect(day.get('signfor-late#office')?.n).toBe(1);
    expect(day.get('signfor-ontime#office')).toBeUndefined();
  });
});
