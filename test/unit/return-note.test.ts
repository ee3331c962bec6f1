/**
 * A returned case's history says what happened and no more: the reason the unit chose and where
 * the case went are the step's own words, so the note presumes neither (a staff review found
 * 「认为不属于本单位职责」 beside the reason 「还涉及其他单位职责」).
 */
import { describe, expect, it } from 'vitest';
import { deliverToInbox } from '#core/intake.ts';
import { performAction } from '#core/staff.ts';
import { openWork } from '#core/work.ts';
import { caseInInbox, memoryDeps } from '#test/fixtures/ports.ts';

const tax = { user: 'tax.staff', unit: 'tax', role: 'staff' } as const;

describe('a return, in the case history', () => {
  it('keeps the reason chosen and where it went, under a note that claims neither', async () => {
    // Prepare
    const d = memoryDeps('2026-11-02T02:00:00Z');
    const caseNumber = await caseInInbox(d);

    // Act
    const view = await performAction(
      caseNumber,
      { type: 'return', reason: 'needs-other-unit', note: '还涉及医保局的职责。', to: 'office' },
      tax,
      d,
    );

    // Assess
    const step = view.timeline.find((e) => e.transition === 'return');
    expect(step?.note).toBe('承办单位已退回，正在重新确定办理单位');
    expect(step?.note).not.toContain('不属于本单位职责');
    expect(step?.detail).toMatchObject({ reason: 'needs-other-unit', to: 'office' });
  });
});

/** The case's open work, `kind:unit`. */
async function owed(d: ReturnType<typeof memoryDeps>, caseNumber: string): Promise<string[]> {
  const record = await d.store.get(caseNumber);
  return record ? openWork(record).map((w) => `${w.kind}:${w.unit}`) : [];
}

describe('a return, for the unit that takes the case next', () => {
  it('withdraws the returning unit’s pending extension, so the next unit asks its own', async () => {
    // Prepare: tax signs for the case, asks for 20 more days, and returns it before a decision.
    const d = memoryDeps('2026-11-02T02:00:00Z');
    const caseNumber = await caseInInbox(d);
    await performAction(caseNumber, { type: 'sign-for' }, tax, d);
    await performAction(
      caseNumber,
      { type: 'request-extension', days: 20, reason: '需调取历年缴费记录。' },
      tax,
      d,
    );
    await performAction(
      caseNumber,
      { type: 'return', reason: 'needs-other-unit', note: '属社保中心职责。', to: 'office' },
      tax,
      d,
    );

    // Act: the office gives it to si-center, which signs for it.
    await deliverToInbox(caseNumber, 'office', d);
    const office = { user: 'office.staff', unit: 'office', role: 'staff' } as const;
    await performAction(caseNumber, { type: 'assign', unit: 'si-center' }, office, d);
    await deliverToInbox(caseNumber, 'si-center', d);
    const siCenter = { user: 'si-center.staff', unit: 'si-center', role: 'staff' } as const;
    const signed = await performAction(caseNumber, { type: 'sign-for' }, siCenter, d);

    // Assess: no head owes a decision on tax's request; si-center's own request is taken.
    const stored = await d.store.get(caseNumber);
    expect(stored?.extension ?? null).toBeNull();
    expect(await owed(d, caseNumber)).toEqual(['answer:si-center']);
    expect(signed.extension ?? null).toBeNull();
    const asked = await performAction(
      caseNumber,
      { type: 'request-extension', days: 10, reason: '需要核对单位参保登记。' },
      siCenter,
      d,
    );
    expect(asked.extension).toMatchObject({
      days: 10,
      status: 'pending',
      requestedBy: 'si-center.staff',
    });
    expect(await owed(d, caseNumber)).toEqual(['answer:si-center', 'extension:si-center']);
  });
});
