/**
 * 分析意见和应对措施 on a stored report (seed 四(三): 总结本地区征缴争议的特点与风险隐患，制定科学合理的
 * 应对措施): a seed review (2026-12-05) found the reports stopping at figures, with nowhere to
 * record what the people reading them concluded.
 */
import { describe, expect, it } from 'vitest';
import { buildReport, reportForReader, writeReportOpinion } from '#core/analysis.ts';
import { NotAllowedError } from '#core/lifecycle.ts';
import type { Principal } from '#core/principal.ts';
import { ActionInputError, ConcurrentChangeError } from '#core/transitions.ts';
import { reportPage } from '#functions/pages/staff/reports.ts';
import { mapReportStore, memoryDeps } from '#test/fixtures/ports.ts';

const office: Principal = { user: 'office.staff', unit: 'office', role: 'staff' };
const director: Principal = { user: 'tax.head', unit: 'tax', role: 'head' };
const medicalHead: Principal = { user: 'medical.head', unit: 'medical', role: 'head' };
const admin: Principal = { user: 'admin', unit: null, role: 'admin' };

async function stored() {
  const d = { ...memoryDeps('2026-10-12T01:00:00Z'), reports: mapReportStore() };
  const report = await buildReport('weekly', { from: '2026-10-05', to: '2026-10-11' }, d);
  await d.reports.putOnce(report);
  return { d, id: report.id };
}

describe('a report’s opinion', () => {
  it('is written by the office, revised by the director from the version read, and refused a stale writer', async () => {
    // Prepare
    const { d, id } = await stored();

    // Act: the office writes; the director revises it; a stale page writes over nothing
    const first = await writeReportOpinion(
      id,
      { text: '本周基数争议明显增加。\n建议税务局加强申报辅导。', previousAt: null },
      { principal: office, name: '工作室张三' },
      d,
    );
    const second = await writeReportOpinion(
      id,
      { text: '同意。由税务局本月内开展申报辅导。', previousAt: first.opinion?.at ?? null },
      { principal: director, name: '邢局长' },
      d,
    );
    const stale = writeReportOpinion(
      id,
      { text: '旧页面。', previousAt: null },
      { principal: office },
      d,
    );

    // Assess
    await expect(stale).rejects.toBeInstanceOf(ConcurrentChangeError);
    expect((await d.reports.get(id))?.opinion).toEqual({
      text: '同意。由税务局本月内开展申报辅导。',
      by: 'tax.head',
      name: '邢局长',
      at: second.opinion?.at,
    });
  });

  it('is refused empty, too long, or by a unit head or the administrator; a unit’s part leaves it out', async () => {
    // Prepare
    const { d, id } = await stored();
    await writeReportOpinion(id, { text: '要点。', previousAt: null }, { principal: office }, d);
    const report = await d.reports.get(id);
    if (!report) throw new Error('not stored');

    // Act and assess
    await expect(
      writeReportOpinion(id, { text: '  ', previousAt: null }, { principal: office }, d),
    ).rejects.toMatchObject({ pointer: '/opinion', message: '请填写分析意见和应对措施' });
    await expect(
      writeReportOpinion(
        id,
        { text: '长'.repeat(5001), previousAt: null },
        { principal: office },
        d,
      ),
    ).rejects.toBeInstanceOf(ActionInputError);
    for (const p of [medicalHead, admin]) {
      await expect(
        writeReportOpinion(id, { text: '意见。', previousAt: null }, { principal: p }, d),
      ).rejects.toBeInstanceOf(NotAllowedError);
    }
    expect(reportForReader(report, medicalHead).opinion).toBeUndefined();
    expect(reportForReader(report, director).opinion?.text).toBe('要点。');
    // The page: shown to all who read the whole report, the form to its writers only
    const viewer = (principal: Principal) => ({ principal, name: 'x', csrf: 'c'.repeat(32) });
    const asAdmin = reportPage({ viewer: viewer(admin), report }).text;
    const asOffice = reportPage({ viewer: viewer(office), report }).text;
    expect(asAdmin).toContain('<p>要点。</p>');
    expect(asAdmin).not.toContain('data-testid="opinion-form"');
    expect(asOffice).toContain(`action="/staff/reports/${id}/opinion"`);
    expect(asOffice).toContain(`name="previousAt" value="${report.opinion?.at}"`);
  });
});
