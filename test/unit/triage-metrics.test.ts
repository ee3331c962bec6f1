/**
 * The office's triage (分办) is counted as its sign-for, on time or late by the triage deadline,
 * beside what classification counted before (a major case for the reports' 「本期新增重大疑难案件」).
 */
import { describe, expect, it } from 'vitest';
import { buildReport } from '#core/analysis.ts';
import { performAction } from '#core/staff.ts';
import { CONSULTATION, jointCaseInOffice, memoryDeps } from '#test/fixtures/ports.ts';

const office = { user: 'office.staff', unit: 'office', role: 'staff' } as const;

/** The counters of one day, `stat#key` → n. */
async function countsOn(d: ReturnType<typeof memoryDeps>, day: string) {
  const sums = await d.store.aggregates.sum(day, day);
  return Object.fromEntries([...sums].map(([k, v]) => [k, v.n]));
}

describe('the office’s triage in the counters', () => {
  it('counts a major classification on time, and the major case', async () => {
    // Prepare: in the office's inbox on Thursday 26 November, to triage by the 27th
    const d = memoryDeps('2026-11-26T02:00:00Z');
    const caseNumber = await jointCaseInOffice(d);

    // Act
    await performAction(caseNumber, { type: 'classify', as: 'major', lead: 'tax' }, office, d);

    // Assess
    const counts = await countsOn(d, '2026-11-26');
    expect(counts['signfor-ontime#office']).toBe(1);
    expect(counts['signfor-late#office']).toBeUndefined();
    expect(counts['major#all']).toBe(1);
  });

  it('counts a late assignment to one unit as a late triage, and no major case', async () => {
    // Prepare
    const d = memoryDeps('2026-11-26T02:00:00Z');
    const caseNumber = await jointCaseInOffice(d);
    d.clock.set('2026-12-01T02:00:00Z');

    // Act
    await performAction(
      caseNumber,
      { type: 'assign', unit: 'tax', note: '经核实，只涉及 2024 年 4 月以后的基数' },
      office,
      d,
    );

    // Assess
    const counts = await countsOn(d, '2026-12-01');
    expect(counts['signfor-late#office']).toBe(1);
    expect(counts['signfor-ontime#office']).toBeUndefined();
    expect(counts['major#all']).toBeUndefined();
  });
});

describe('the joint path in the report', () => {
  it('says how many cases the office took, its triage on time, and the meetings held', async () => {
    // Prepare: two joint cases in the office on 26 November; one classified that day and
    // consulted on, the other given to one unit on 1 December, late
    const d = memoryDeps('2026-11-26T02:00:00Z');
    const first = await jointCaseInOffice(d);
    const second = await jointCaseInOffice(d);
    await performAction(first, { type: 'classify', as: 'general', lead: 'si-center' }, office, d);
    await performAction(first, CONSULTATION, office, d);
    d.clock.set('2026-12-01T02:00:00Z');
    await performAction(
      second,
      { type: 'assign', unit: 'tax', note: '经核实，只涉及 2024 年 4 月以后的基数' },
      office,
      d,
    );

    // Act
    const report = await buildReport('on-demand', { from: '2026-11-26', to: '2026-12-01' }, d);

    // Assess
    expect(report.highlights).toContain(
      '本期有 2 件争议涉及几个单位、0 件事项不明确，交争议处理工作室分办；工作室分办 2 件，其中按时 1 件；召开会商 1 次、专题会议 0 次。',
    );
  });
});
