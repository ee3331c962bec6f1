/**
 * A joint case's other responsible units take part (seed 三(一)2(2): the office 组织相关单位进行专案
 * 处理): they may open the case, see the payer in full for their own part, and be asked for their
 * opinion; a staff review found a responsible unit told the case did not exist.
 */
import { describe, expect, it } from 'vitest';
import { CreateCaseRequestSchema } from '#contracts/cases.ts';
import { majorOf, opinionUnits } from '#core/actions.ts';
import { deliverToInbox, submitCase } from '#core/intake.ts';
import { performAction, staffCase } from '#core/staff.ts';
import { ActionRefusedError } from '#core/transitions.ts';
import { involvement } from '#core/work.ts';
import { casePageOf } from '#test/fixtures/case-page.ts';
import { caseRequest } from '#test/fixtures/cases.ts';
import { jointCaseInOffice, memoryDeps } from '#test/fixtures/ports.ts';

const office = { user: 'office.staff', unit: 'office', role: 'staff' } as const;
const lead = { user: 'si-center.staff', unit: 'si-center', role: 'staff' } as const;
const tax = { user: 'tax.staff', unit: 'tax', role: 'staff' } as const;

/** Base from 2024-06 (tax) and registration of 2020 (si-center): a joint case in the office. */
async function jointCase() {
  const d = memoryDeps('2026-12-04T02:00:00Z');
  const caseNumber = await jointCaseInOffice(d);
  return { d, caseNumber };
}

describe('the other responsible units of a joint case', () => {
  it('may open it from the start, see the payer in full, and are listed as 联合办理', async () => {
    // Prepare
    const { d, caseNumber } = await jointCase();

    // Act: before and after the office names si-center the lead
    const before = await staffCase(caseNumber, tax, d);
    await performAction(
      caseNumber,
      { type: 'classify', as: 'major', lead: 'si-center' },
      office,
      d,
    );
    const after = await staffCase(caseNumber, tax, d);

    // Assess
    expect(before.routing).toMatchObject({ mode: 'joint', units: ['tax', 'si-center'] });
    expect(before.masked).toBe(false);
    expect(after.masked).toBe(false);
    const record = await d.store.get(caseNumber);
    if (!record) throw new Error('not stored');
    // tax is also the leading-group office, which a major case involves
    expect(Object.fromEntries(involvement(record))).toEqual({
      tax: ['joint', 'major'],
      'si-center': ['held', 'led', 'asked'],
      office: ['coordinated'],
    });
    // A unit with no part in it still may not open it.
    await expect(
      staffCase(caseNumber, { user: 'medical.staff', unit: 'medical', role: 'staff' }, d),
    ).rejects.toThrow();
  });

  it('are asked for their opinion by the lead, before finance, justice and police', async () => {
    // Prepare
    const { d, caseNumber } = await jointCase();
    await performAction(
      caseNumber,
      { type: 'classify', as: 'general', lead: 'si-center' },
      office,
      d,
    );
    const record = await d.store.get(caseNumber);
    if (!record) throw new Error('not stored');

    // Act
    const choices = opinionUnits(record.routing, 'si-center');
    await performAction(
      caseNumber,
      { type: 'request-opinion', unit: 'tax', question: '请核实 2024 年 6 月起的缴费基数。' },
      lead,
      d,
    );
    const refused = performAction(
      caseNumber,
      { type: 'request-opinion', unit: 'petition', question: '请提出意见。' },
      lead,
      d,
    );

    // Assess: tax owes its opinion; the case's units lead the list, then the assisting units and
    // the other units that handle disputes; one that handles none (旗信访局) may not be asked
    expect(choices).toEqual([
      'tax',
      'finance',
      'justice',
      'police',
      'court',
      'hrss',
      'employment',
      'medical',
    ]);
    const view = await staffCase(caseNumber, tax, d);
    expect(view.opinions.map((o) => [o.unit, o.opinion])).toEqual([['tax', undefined]]);
    expect(view.allowedActions).toContain('record-opinion');
    await expect(refused).rejects.toBeInstanceOf(ActionRefusedError);
    await expect(refused).rejects.toThrow(
      '可以商请其他承办争议的单位，或财政局、司法局、公安局提出意见。',
    );
  });

  it('in a major case, are joined by every other member unit, and the lead is not asked', async () => {
    // Prepare: the office classifies the joint case as major, tax leading
    const { d, caseNumber } = await jointCase();
    await performAction(caseNumber, { type: 'classify', as: 'major', lead: 'tax' }, office, d);
    const record = await d.store.get(caseNumber);
    if (!record) throw new Error('not stored');

    // Act
    const choices = opinionUnits(record.routing, 'office', majorOf(record));
    await performAction(
      caseNumber,
      { type: 'request-opinion', unit: 'medical', question: '请核对医保缴费记录。' },
      office,
      d,
    );
    const lead = performAction(
      caseNumber,
      { type: 'request-opinion', unit: 'tax', question: '请提出意见。' },
      office,
      d,
    );

    // Assess: the case's own units, the assisting ones, then the rest; never the lead or the office
    expect(choices.slice(0, 4)).toEqual(['si-center', 'finance', 'justice', 'police']);
    expect(choices).toContain('medical');
    expect(choices).toContain('hrss');
    expect(choices).toContain('gov-office');
    expect(choices).not.toContain('tax');
    expect(choices).not.toContain('office');
    expect((await staffCase(caseNumber, office, d)).opinions.map((o) => o.unit)).toEqual([
      'medical',
    ]);
    await expect(lead).rejects.toThrow('重大疑难争议可以商请牵头单位以外的任何成员单位提出意见。');
  });

  it('leave the answer’s extension to the lead: the office that holds the case is not offered it', async () => {
    // Prepare: a general joint case led by si-center, in consultation in the office
    const { d, caseNumber } = await jointCase();
    await performAction(
      caseNumber,
      { type: 'classify', as: 'general', lead: 'si-center' },
      office,
      d,
    );

    // Act
    const byOffice = performAction(
      caseNumber,
      { type: 'request-extension', days: 5, reason: '需调取档案。' },
      office,
      d,
    );

    // Assess
    await expect(byOffice).rejects.toThrow('答复期限由牵头单位旗社会保险事业服务中心申请延期。');
    const officeView = await staffCase(caseNumber, office, d);
    expect(officeView.allowedActions).not.toContain('request-extension');
    // …nor told on every view that it may not: the step was never the office's.
    expect(officeView.closed?.map((c) => c.action) ?? []).not.toContain('request-extension');
    expect((await staffCase(caseNumber, lead, d)).allowedActions).toContain('request-extension');
    await performAction(
      caseNumber,
      { type: 'request-extension', days: 5, reason: '需调取档案。' },
      lead,
      d,
    );
    expect((await d.store.get(caseNumber))?.extension?.status).toBe('pending');
  });

  it('on a single-unit case are the assisting units, then every other unit that handles disputes', () => {
    expect(opinionUnits({ mode: 'single', units: ['tax'] }, 'tax')).toEqual([
      'finance',
      'justice',
      'police',
      'court',
      'hrss',
      'si-center',
      'employment',
      'medical',
    ]);
  });
});

describe('the window that registered a case', () => {
  it('is listed as 受理登记, not as 承办, when another unit handles it', async () => {
    // Prepare: data-bureau registers a tax case at its window
    const d = memoryDeps('2026-12-04T02:00:00Z');
    const { caseNumber } = await submitCase(
      CreateCaseRequestSchema.parse(caseRequest()),
      { channel: 'walk-in', registeredBy: { unit: 'data-bureau', user: 'data-bureau.staff' } },
      d,
    );
    await deliverToInbox(caseNumber, 'tax', d);

    // Act
    const record = await d.store.get(caseNumber);
    if (!record) throw new Error('not stored');

    // Assess
    expect(involvement(record).get('data-bureau')).toEqual(['registered']);
    expect(involvement(record).get('tax')).toContain('held');
  });
});

describe('the office gives a joint case to one unit', () => {
  it('offers only the units that handle disputes, and asks why when the case concerns several', async () => {
    // Prepare
    const { d, caseNumber } = await jointCase();

    // Act
    const police = performAction(
      caseNumber,
      { type: 'assign', unit: 'police', note: '涉嫌伪造材料' },
      office,
      d,
    );
    const noReason = performAction(caseNumber, { type: 'assign', unit: 'tax' }, office, d);

    // Assess: each refusal names its field, and nothing changed
    await expect(police).rejects.toMatchObject({ name: 'ActionInputError', pointer: '/unit' });
    await expect(police).rejects.toThrow('旗公安局不负责办理争议案件');
    await expect(noReason).rejects.toMatchObject({ name: 'ActionInputError', pointer: '/note' });
    // …nor lead it, by the same rule
    await expect(
      performAction(caseNumber, { type: 'classify', as: 'general', lead: 'police' }, office, d),
    ).rejects.toMatchObject({ name: 'ActionInputError', pointer: '/lead' });
    expect((await d.store.get(caseNumber))?.holder).toBe('office');
    const page = await casePageOf(d, caseNumber, office);
    const form = page.slice(page.indexOf('data-action="assign"'));
    const options = [
      ...form.slice(0, form.indexOf('</select>')).matchAll(/<option value="([^"]+)"/g),
    ].map((m) => m[1]);
    expect(options).toEqual(['tax', 'court', 'hrss', 'si-center', 'employment', 'medical']);
    expect(form.slice(0, form.indexOf('</form>'))).toContain(
      '按职责，这件争议涉及旗税务局、旗社会保险事业服务中心',
    );

    // …and with a reason it goes, the reason in the timeline
    const given = await performAction(
      caseNumber,
      { type: 'assign', unit: 'tax', note: '经核实，争议的是 2024 年 4 月以后的基数' },
      office,
      d,
    );
    expect((await d.store.get(caseNumber))?.holder).toBe('tax');
    expect(given.timeline.at(-1)).toMatchObject({
      transition: 'assignFromTriage',
      text: '经核实，争议的是 2024 年 4 月以后的基数',
    });
  });
});
