/**
 * A major case's 专题会议 (seed 三(四): 提请领导小组组织相关部门召开专题会议会商研究), between the
 * proposal's approval and the written opinion: when it may be recorded, what it holds, and who it
 * brings into the case.
 */
import { describe, expect, it } from 'vitest';
import type { Action } from '#contracts/staff.ts';
import { performAction, staffCase } from '#core/staff.ts';
import { ActionInputError, ActionRefusedError, CaseNotFoundError } from '#core/transitions.ts';
import { memoryDeps, proposedMajorCase } from '#test/fixtures/ports.ts';

const office = { user: 'office.staff', unit: 'office', role: 'staff' } as const;
const taxHead = { user: 'tax.head', unit: 'tax', role: 'head' } as const;
const court = { user: 'court.staff', unit: 'court', role: 'staff' } as const;

type Meeting = Extract<Action, { type: 'record-special-meeting' }>;
const meeting = (o: Partial<Meeting> = {}): Meeting => ({
  type: 'record-special-meeting',
  date: '2026-12-03',
  units: ['tax', 'si-center', 'court'],
  positions: [{ unit: 'court', position: '建议先行调解。' }],
  conclusion: '分段核实，由社保中心牵头答复。',
  minutes: '纪要。',
  ...o,
});

/** A major case led by si-center, its proposal filed on 1 December and approved on 3 December. */
async function approvedMajorCase() {
  const d = memoryDeps('2026-12-01T02:00:00Z');
  const caseNumber = await proposedMajorCase(d);
  d.clock.set('2026-12-03T02:00:00Z');
  await performAction(caseNumber, { type: 'approve-proposal', approve: true }, taxHead, d);
  return { d, caseNumber };
}

describe('a 专题会议', () => {
  it('brings the units that met into the case: court may open it afterwards', async () => {
    const { d, caseNumber } = await approvedMajorCase();
    await expect(staffCase(caseNumber, court, d)).rejects.toBeInstanceOf(CaseNotFoundError);

    await performAction(caseNumber, meeting(), office, d);

    const stored = await d.store.get(caseNumber);
    expect(stored?.heldBy).toEqual(expect.arrayContaining(['tax', 'si-center', 'court']));
    expect(stored?.lead).toBe('si-center');
    expect((await staffCase(caseNumber, court, d)).caseNumber).toBe(caseNumber);
  });

  it('is refused before the approval’s day, with the office ticked, or with a position of a unit absent', async () => {
    const { d, caseNumber } = await approvedMajorCase();
    const before = await d.store.get(caseNumber);
    const tries: [Action, string][] = [
      [meeting({ date: '2026-12-02' }), '会议日期不能早于拟办意见经同意的日期。'],
      [
        meeting({ units: ['office', 'tax'] }),
        '请勾选参加会议的成员单位（工作室负责记录，不必勾选）。',
      ],
      [
        meeting({ units: ['tax', 'si-center'], positions: [{ unit: 'court', position: '无。' }] }),
        '只能记录参加会议的单位的意见。',
      ],
    ];
    for (const [action, reason] of tries) {
      const refused = performAction(caseNumber, action, office, d);
      await expect(refused).rejects.toBeInstanceOf(ActionInputError);
      await expect(refused).rejects.toThrow(reason);
    }
    expect(await d.store.get(caseNumber)).toEqual(before);
  });

  it('may be held twice before the written opinion, and not after it', async () => {
    const { d, caseNumber } = await approvedMajorCase();
    await performAction(caseNumber, meeting(), office, d);
    await performAction(caseNumber, meeting({ conclusion: '补充核实后再议。' }), office, d);
    await performAction(
      caseNumber,
      { type: 'record-written-opinion', opinion: '意见。' },
      office,
      d,
    );

    const late = performAction(caseNumber, meeting(), office, d);

    await expect(late).rejects.toBeInstanceOf(ActionRefusedError);
    await expect(late).rejects.toThrow('已形成专案书面意见，不再记录专题会议。');
    expect((await d.store.get(caseNumber))?.consultations).toHaveLength(2);
    expect((await staffCase(caseNumber, office, d)).allowedActions).not.toContain(
      'record-special-meeting',
    );
  });
});
