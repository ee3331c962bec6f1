/**
 * A payer's silence (DESIGN.md §6: silent for 15 working days after the answer means no
 * objection), with the clock driven day by day through the 2026 National Day holiday: the hourly
 * sweep takes the silence as acceptance on the right working day and not one day before.
 */
import { describe, expect, it } from 'vitest';
import { CreateCaseRequestSchema } from '#contracts/cases.ts';
import { deliverToInbox, submitCase } from '#core/intake.ts';
import { performAction } from '#core/staff.ts';
import { supervisionSweep } from '#core/supervision.ts';
import { openWork } from '#core/work.ts';
import { caseRequest } from '#test/fixtures/cases.ts';
import { memoryDeps } from '#test/fixtures/ports.ts';

describe('silence after the answer', () => {
  it('is taken as acceptance on the 16th working day, counting National Day and its make-up Saturday', async () => {
    const deps = memoryDeps('2026-09-21T02:00:00Z');
    const { clock } = deps;
    const tax = { user: 'tax.staff', unit: 'tax', role: 'staff' } as const;
    const { caseNumber } = await submitCase(
      CreateCaseRequestSchema.parse(caseRequest()),
      { channel: 'online' },
      deps,
    );
    await deliverToInbox(caseNumber, 'tax', deps);
    await performAction(caseNumber, { type: 'sign-for' }, tax, deps);
    // Answered on Thursday 24 September 2026, the day before the Mid-Autumn holiday.
    clock.set('2026-09-24T02:00:00Z');
    await performAction(
      caseNumber,
      { type: 'respond', answer: '经核实，基数按规定核定。' },
      tax,
      deps,
    );

    // Working days after the answer: 28, 29, 30 Sept; 8, 9 Oct; Saturday 10 Oct (make-up);
    // 12–16 Oct; 19–22 Oct. The 15th is Thursday 22 October: the payer may still object that day.
    const deemedOn: string[] = [];
    for (let day = new Date('2026-09-25T02:00:00Z'); day <= new Date('2026-10-26T02:00:00Z'); ) {
      clock.set(day.toISOString());
      const out = await supervisionSweep(deps);
      if (out.deemedAccepted.includes(caseNumber)) deemedOn.push(day.toISOString().slice(0, 10));
      day = new Date(day.getTime() + 86_400_000);
    }

    expect(deemedOn).toEqual(['2026-10-23']);
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
