/**
 * A proposal the leading-group office refused comes back to the office filled in as it was, under
 * the reason given (a staff review found the form blank and the reason only in the history).
 */
import { describe, expect, it } from 'vitest';
import { performAction } from '#core/staff.ts';
import { pageErrors } from '#functions/pages/staff/case-actions.ts';
import { casePageOf } from '#test/fixtures/case-page.ts';
import { memoryDeps, proposedMajorCase } from '#test/fixtures/ports.ts';

const office = { user: 'office.staff', unit: 'office', role: 'staff' } as const;
const leadingGroupOffice = { user: 'tax.head', unit: 'tax', role: 'head' } as const;

describe('a refused proposal, on the office’s case page', () => {
  it('is filled in as it was, under the reason, to be changed and sent again', async () => {
    // Prepare: a major joint case, its proposal recorded and refused with a reason
    const d = memoryDeps('2026-12-04T02:00:00Z');
    const caseNumber = await proposedMajorCase(d, {
      proposal: {
        summary: '缴费人反映 2020 年参保登记遗漏。',
        proposedOpinion: '由社保中心核实补登。',
      },
    });
    await performAction(
      caseNumber,
      { type: 'approve-proposal', approve: false, note: '请补充税务部分的核查意见。' },
      leadingGroupOffice,
      d,
    );

    // Act
    const page = await casePageOf(d, caseNumber, office);

    // Assess
    const form = page.slice(page.indexOf('data-action="record-proposal"'));
    expect(form).toContain('审批意见：请补充税务部分的核查意见。');
    expect(form).toContain('报送编号不变');
    expect(form).toMatch(/name="contactName" value="李四"/);
    expect(form).toContain('>由社保中心核实补登。</textarea>');
    expect(form).toContain('>缴费人反映 2020 年参保登记遗漏。</textarea>');
    // …and the case says who does the work: the lead, with the office coordinating
    expect(page).toMatch(
      /现在由哪个单位办理<\/dt>\s*<dd[^>]*>旗社会保险事业服务中心（牵头），社会保险费征缴争议处理工作室协调<\/dd>/,
    );
  });

  it('asks its reason on the page; the published action still takes a bare refusal', async () => {
    // Prepare: a major joint case whose proposal awaits the leading-group office
    const d = memoryDeps('2026-12-04T02:00:00Z');
    const caseNumber = await proposedMajorCase(d);

    // Act and assess: the form's own check, at the reason's field
    expect(pageErrors({ type: 'approve-proposal', approve: false, note: '  ' })).toEqual([
      { pointer: '/note', detail: '不同意的，请写明理由：工作室要据此修改拟办意见。' },
    ]);
    expect(pageErrors({ type: 'approve-proposal', approve: false, note: '请补充。' })).toEqual([]);
    expect(pageErrors({ type: 'approve-proposal', approve: true })).toEqual([]);
    // …while a JSON client's refusal without a note is what the published contract allows
    await performAction(
      caseNumber,
      { type: 'approve-proposal', approve: false },
      leadingGroupOffice,
      d,
    );
    expect(d.store.cases.get(caseNumber)?.proposal?.status).toBe('refused');
  });
});
