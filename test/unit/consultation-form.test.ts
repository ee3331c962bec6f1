/**
 * The consultation form offers as lead only the case's responsible units, the one named at
 * classification chosen, and says when a consultation is already on record (a staff review found
 * all 13 units offered, 旗信访局 among them, and an identical second record saved unwarned).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEADLINES } from '#core/deadlines.ts';
import { performAction, staffCase } from '#core/staff.ts';
import { printPage } from '#functions/pages/staff/print.ts';
import { casePageOf } from '#test/fixtures/case-page.ts';
import { CONSULTATION, classifiedJointCase, memoryDeps } from '#test/fixtures/ports.ts';

const office = { user: 'office.staff', unit: 'office', role: 'staff' } as const;

async function officePage(d: ReturnType<typeof memoryDeps>, caseNumber: string) {
  const page = await casePageOf(d, caseNumber, office);
  const form = page.slice(page.indexOf('data-action="record-consultation"'));
  return form.slice(0, form.indexOf('</form>'));
}

/** A joint case the office classified general, si-center leading. */
async function classifiedGeneral() {
  const d = memoryDeps('2026-11-26T02:00:00Z');
  const caseNumber = await classifiedJointCase(d, 'general');
  return { d, caseNumber };
}

describe('the consultation form of a general joint case', () => {
  it('offers the responsible units as lead, the named one chosen, and warns of a second record', async () => {
    // Prepare: tax and si-center matters, classified general with si-center leading
    const { d, caseNumber } = await classifiedGeneral();

    // Act
    const first = await officePage(d, caseNumber);

    // Assess
    const lead = first.slice(first.indexOf('name="lead"'));
    const options = [
      ...lead.slice(0, lead.indexOf('</select>')).matchAll(/<option value="([^"]+)"/g),
    ];
    expect(options.map((m) => m[1])).toEqual(['tax', 'si-center']);
    expect(lead).toMatch(/<option value="si-center" selected>/);
    expect(first).not.toContain('data-testid="consulted-before"');

    // Act: one consultation recorded
    await performAction(caseNumber, CONSULTATION, office, d);

    // Assess
    expect(await officePage(d, caseNumber)).toContain('本案已有 1 次会商记录');
  });

  it('prints the consultation as 会商纪要 for the case file, once there is one', async () => {
    // Prepare
    const { d, caseNumber } = await classifiedGeneral();
    const viewer = { principal: office, name: '工作室', csrf: 'c'.repeat(32) };
    const print = async () =>
      printPage('consultation', viewer, caseNumber, await staffCase(caseNumber, office, d), {
        policy: DEFAULT_DEADLINES,
      });
    const before = await print();

    // Act
    await performAction(caseNumber, CONSULTATION, office, d);
    const after = await print();

    // Assess: not yet, then the sheet, linked from the case page
    expect(before.status).toBe(404);
    expect(before.page.text).toContain('这个案件还没有会商记录');
    expect(after.status).toBe(200);
    const text = after.page.text.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
    expect(text).toContain('翁牛特旗社会保险费征缴争议会商纪要');
    expect(text).toContain('会商日期2026年11月26日');
    // What was consulted on, as the registration form lists it (a staff review found none)
    expect(text).toContain('争议事项缴费基数（养老保险），所属期2024年6月至2024年12月');
    expect(text).toContain('参保登记信息（养老保险），所属期2020年1月至2020年6月');
    expect(text).toContain('参加单位旗税务局、旗社会保险事业服务中心');
    expect(text).toContain('旗税务局意见基数无误。');
    expect(text).toContain('会商结论由社保中心补登并答复。');
    expect(text).toContain('牵头单位旗社会保险事业服务中心');
    expect(await casePageOf(d, caseNumber, office)).toContain(
      `href="/staff/cases/${caseNumber}/print/consultation" data-testid="print-consultation">打印会商纪要`,
    );
  });
});

describe('a consultation’s lead', () => {
  it('is a member unit: the office, which does not answer payers, is refused as at classification', async () => {
    // Prepare
    const { d, caseNumber } = await classifiedGeneral();

    // Act
    const refused = performAction(caseNumber, { ...CONSULTATION, lead: 'office' }, office, d);

    // Assess
    await expect(refused).rejects.toThrow('请选择一个成员单位作为牵头单位。');
    const stored = await d.store.get(caseNumber);
    expect(stored?.consultations ?? []).toEqual([]);
    expect(stored?.lead).toBe('si-center');
  });
});

describe('a consultation’s date', () => {
  it('is a day it could have been held: not after today, nor before the case came in', async () => {
    // Prepare: the case came in on 11-26, which is today
    const { d, caseNumber } = await classifiedGeneral();

    // Act
    const future = performAction(caseNumber, { ...CONSULTATION, date: '2026-11-27' }, office, d);
    const early = performAction(caseNumber, { ...CONSULTATION, date: '2026-11-25' }, office, d);

    // Assess
    await expect(future).rejects.toThrow('会商日期不能晚于今天：会商开过以后再记录。');
    await expect(early).rejects.toThrow('会商日期不能早于收到申请的日期。');
    expect((await d.store.get(caseNumber))?.consultations ?? []).toEqual([]);
    await performAction(caseNumber, CONSULTATION, office, d);
    expect((await d.store.get(caseNumber))?.consultations).toHaveLength(1);
  });
});

describe('a consultation’s place and chair', () => {
  it('start from the meeting 旗政府办 called, are kept, shown on the case and printed in the minutes', async () => {
    // Prepare: 旗政府办 called the meeting for today, in its third-floor room
    const d = memoryDeps('2026-12-01T02:00:00Z');
    const caseNumber = await classifiedJointCase(d, 'general');
    const govOffice = { user: 'gov-office.staff', unit: 'gov-office', role: 'staff' } as const;
    await performAction(caseNumber, { type: 'request-convening', note: '意见不一。' }, office, d);
    await performAction(
      caseNumber,
      { type: 'record-convening', date: '2026-12-01', place: '旗政府三楼会议室' },
      govOffice,
      d,
    );

    // Act
    const form = await officePage(d, caseNumber);
    await performAction(
      caseNumber,
      {
        ...CONSULTATION,
        date: '2026-12-01',
        place: '旗政府三楼会议室',
        chair: '王五（旗政府办副主任）',
      },
      office,
      d,
    );

    // Assess: the form, the record, the case page and the printed minutes
    expect(form).toMatch(/name="date"[^>]*value="2026-12-01"/);
    expect(form).toMatch(/name="place"[^>]*value="旗政府三楼会议室"/);
    expect(form).toContain('<label class="label" for="f-record-consultation-chair">主持人（选填）');
    expect(form).not.toMatch(/name="chair"[^>]*value="[^"]/);
    expect((await d.store.get(caseNumber))?.consultations?.[0]).toMatchObject({
      place: '旗政府三楼会议室',
      chair: '王五（旗政府办副主任）',
    });
    const page = (await casePageOf(d, caseNumber, office)).replace(/<[^>]+>/g, '');
    expect(page.replace(/\s+/g, '')).toContain(
      '会议地点旗政府三楼会议室主持人王五（旗政府办副主任）参加单位',
    );
    const viewer = { principal: office, name: '工作室', csrf: 'c'.repeat(32) };
    const printed = await printPage(
      'consultation',
      viewer,
      caseNumber,
      await staffCase(caseNumber, office, d),
      { policy: DEFAULT_DEADLINES },
    );
    expect(printed.page.text.replace(/<[^>]+>/g, '').replace(/\s+/g, '')).toContain(
      '会商日期2026年12月1日会议地点旗政府三楼会议室主持人王五（旗政府办副主任）争议事项',
    );
  });
});
