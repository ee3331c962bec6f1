/**
 * A returned case's history says what happened and no more: the reason the unit chose and where
 * the case went are the step's own words, so the note presumes neither (a staff review found
 * 「认为不属于本单位职责」 beside the reason 「还涉及其他单位职责」).
 */
import { describe, expect, it } from 'vitest';
import { performAction } from '#core/staff.ts';
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
