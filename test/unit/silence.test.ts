/**
 * A payer's silence (DESIGN.md §6: silent for 15 working days after the answer means no
 * objection), with the clock driven day by day through the 2026 National Day holiday: the hourly
 * sweep takes the silence as acceptance on the right working day and not one day before.
 */
import { describe, expect, it } from 'vitest';
import { CreateCaseRequestSchema } from '#contracts/cases.ts';
import { DEFAULT_DEADLINES } from '#core/deadlines.ts';
import { deliverToInbox, submitCase } from '#core/intake.ts';
import { payerView } from '#core/payer-view.ts';
import { performAction } from '#core/staff.ts';
import { supervisionSweep } from '#core/supervision.ts';
import { openWork } from '#core/work.ts';
import { caseRequest } from '#test/fixtures/cases.ts';
import { defaultSettings, memoryDeps, memoryLimiter } from '#test/fixtures/ports.ts';

const tax = { user: 'tax.staff', unit: 'tax', role: 'staff' } as const;

/** A case tax answered on Thursday 24 September 2026, the day before the Mid-Autumn holiday. */
async function answeredCase() {
  const deps = memoryDeps('2026-09-21T02:00:00Z');
  const { caseNumber, accessCode } = await submitCase(
    CreateCaseRequestSchema.parse(caseRequest()),
    { channel: 'online' },
    deps,
  );
  await deliverToInbox(caseNumber, 'tax', deps);
  await performAction(caseNumber, { type: 'sign-for' }, tax, deps);
  deps.clock.set('2026-09-24T02:00:00Z');
  await performAction(
    caseNumber,
    { type: 'respond', answer: '经核实，基数按规定核定。' },
    tax,
    deps,
  );
  return { deps, caseNumber, accessCode };
}

/** The days, from 09-25 to 10-26, on which the hourly sweep took the payer's silence as acceptance. */
async function deemedOn(deps: ReturnType<typeof memoryDeps>, caseNumber: string) {
  const days: string[] = [];
  for (let day = new Date('2026-09-25T02:00:00Z'); day <= new Date('2026-10-26T02:00:00Z'); ) {
    deps.clock.set(day.toISOString());
    const out = await supervisionSweep(deps);
    if (out.deemedAccepted.includes(caseNumber)) days.push(day.toISOString().slice(0, 10));
    day = new Date(day.getTime() + 86_400_000);
  }
  return days;
}

describe('silence after the answer', () => {
  it('is taken as acceptance on the 16th working day, counting National Day and its make-up Saturday', async () => {
    const { deps, caseNumber } = await answeredCase();

    // Working days after the answer: 28, 29, 30 Sept; 8, 9 Oct; Saturday 10 Oct (make-up);
    // 12–16 Oct; 19–22 Oct. The 15th is Thursday 22 October: the payer may still object that day.
    expect(await deemedOn(deps, caseNumber)).toEqual(['2026-10-23']);
    const record = await deps.store.get(caseNumber);
    expect(record?.status).toBe('responded');
    expect(record?.decision).toMatchObject({ kind: 'accept', channel: 'silence' });
    expect(record?.decision?.at.slice(0, 10)).toBe('2026-10-23');
    // The unit now owes the archive (five working days: due Friday 30 October).
    expect(openWork(record ?? ({} as never)).map((w) => [w.kind, w.unit, w.due])).toContainEqual([
      'archive',
      'tax',
      '2026-10-30',
    ]);
    const events = (await deps.store.timeline(caseNumber)).filter(
      (e) => e.transition === 'deemAccepted',
    );
    expect(events).toHaveLength(1);
    expect(events[0]?.detail).toEqual({ lastDay: '2026-10-22' });
    expect(deps.notifier.sent).toContainEqual({
      kind: 'deemed-accepted',
      phone: '13812345678',
      caseNumber,
    });
  });
});

describe('the last day to object the payer was told', () => {
  it('holds when the policy is shortened afterwards: the status page and the sweep keep it', async () => {
    // Arrange: told with the answer (SMS) that the last day is Thursday 22 October
    const { deps, caseNumber, accessCode } = await answeredCase();
    expect(deps.notifier.sent).toContainEqual(
      expect.objectContaining({ kind: 'answered', caseNumber, objectBy: '2026-10-22' }),
    );

    // Act: an administrator shortens the window to 5 working days (it would end 10-08)
    deps.settings = {
      ...defaultSettings,
      deadlines: async () => ({ ...DEFAULT_DEADLINES, silenceMeansAccept: 5 }),
    };

    // Assess: the payer still reads 22 October, and silence counts only after it
    const asPayer = { ...deps, limiter: memoryLimiter(deps.clock), client: 'client-a' };
    const view = await payerView(caseNumber, accessCode, asPayer);
    expect(view?.deadlines.objectBy).toEqual({ due: '2026-10-22', covered: true, told: true });
    expect(await deemedOn(deps, caseNumber)).toEqual(['2026-10-23']);
  });
});
