/**
 * Where the answer page and the printed notice send a payer who objects: the bodies the law names
 * today, not the ones it named before (行政复议法 as revised in 2023, in force 2024-01-01).
 */
import { describe, expect, it } from 'vitest';
import { REMEDIES, remediesFor, remedy } from '#core/remedies.ts';
import { performAction } from '#core/staff.ts';
import { casePageOf } from '#test/fixtures/case-page.ts';
import { matter } from '#test/fixtures/cases.ts';
import { caseInInbox, memoryDeps } from '#test/fixtures/ports.ts';

describe('the routes of objection', () => {
  it('sends reconsideration of a tax decision one level up, and of other county departments to the county government', () => {
    const where = remedy('reconsideration')?.where ?? '';

    expect(where).toContain('对旗税务局的决定不服的，向赤峰市税务局申请');
    expect(where).toContain('向旗人民政府申请');
    // 第二十七条 leaves no choice of the department's own superior for a county department.
    expect(where).not.toContain('也可向');
  });

  it('names the one place for the unit that answered', () => {
    expect(remedy('reconsideration', 'tax')?.where).toBe(
      '赤峰市税务局（对旗税务局的决定不服，向上一级税务机关申请）',
    );
    expect(remedy('reconsideration', 'medical')?.where).toBe(
      '旗人民政府（行政复议机构设在旗司法局）',
    );
    // The other routes do not depend on the unit.
    expect(remedy('arbitration', 'tax')).toEqual(remedy('arbitration'));
  });

  it('names each place in a joint answer of the tax bureau and other units, and one when they share it', () => {
    expect(remedy('reconsideration', ['tax', 'si-center', 'medical'])?.where).toBe(
      '对旗税务局的决定不服的，向赤峰市税务局申请；对旗社会保险事业服务中心、旗医疗保障局的决定不服的，' +
        '向旗人民政府（行政复议机构设在旗司法局）申请',
    );
    // The answering unit is usually one of the case's units too: each is named once.
    expect(remedy('reconsideration', ['si-center', 'si-center', 'medical'])?.where).toBe(
      '旗人民政府（行政复议机构设在旗司法局）',
    );
    expect(remedy('reconsideration', ['tax', 'tax'])?.where).toContain('赤峰市税务局');
    // The office coordinates and decides nothing: it adds no place, and alone it names no unit.
    expect(remedy('reconsideration', ['tax', 'office'])?.where).toBe(
      remedy('reconsideration', 'tax')?.where,
    );
    expect(remedy('reconsideration', ['office'])).toEqual(remedy('reconsideration'));
  });

  it('leaves out units whose acts reconsideration does not review: the office, the court, 信访', () => {
    expect(remedy('reconsideration', ['tax', 'court'])?.where).toBe(
      remedy('reconsideration', 'tax')?.where,
    );
    expect(remedy('reconsideration', ['si-center', 'petition'])?.where).toBe(
      '旗人民政府（行政复议机构设在旗司法局）',
    );
    // None left: the general text, which names both places.
    expect(remedy('reconsideration', ['office'])).toEqual(remedy('reconsideration'));
  });

  it('after the court’s answer alone, offer no 行政复议: arbitration first, then the court, then appeal', () => {
    // Act
    const routes = remediesFor('court');

    // Assess: two reviews (2026-12-05) found the court's notice sending the payer to the county
    expect(routes.map((r) => [r.route, r.label])).toEqual([
      ['mediation', '司法调解'],
      ['arbitration', '劳动人事争议仲裁'],
      ['litigation', '起诉或上诉'],
    ]);
    const appeal = remedy('litigation', 'court');
    expect(appeal?.where).toBe(
      '对劳动人事争议仲裁裁决不服的，向旗人民法院起诉；对旗人民法院的判决、裁定不服的，向赤峰市中级人民法院上诉',
    );
    expect(appeal?.limit).toContain('自判决书送达之日起 15 日内上诉');
    // 行政复议 recorded on such a case before (or through the API) reads as the general text,
    // never as nothing
    expect(remedy('reconsideration', 'court')).toEqual(remedy('reconsideration'));
    // With an administrative unit beside it, that unit's acts keep their routes.
    expect(remediesFor(['court', 'tax']).map((r) => r.route)).toContain('reconsideration');
  });

  it('does not offer arbitration for contributions owed, which are the collecting authority’s to decide', () => {
    const fits = remedy('arbitration')?.fits ?? '';

    expect(fits).toContain('劳动关系');
    expect(fits).not.toContain('未按规定为您缴纳');
  });

  it('names a place, a time limit and when it fits for every route, each citing its law but mediation', () => {
    expect(REMEDIES.map((r) => r.route)).toEqual([
      'mediation',
      'reconsideration',
      'arbitration',
      'litigation',
    ]);
    for (const r of REMEDIES) {
      expect(r.where, r.route).not.toBe('');
      expect(r.fits, r.route).not.toBe('');
      if (r.route !== 'mediation') expect(r.limit, r.route).toMatch(/《中华人民共和国.+法》第.+条/);
    }
  });
});

describe('a case the court answered, on the staff page', () => {
  it('offers the court’s routes when staff record the payer’s objection', async () => {
    // Prepare: a labour dispute in court, answered by the court
    const d = memoryDeps('2026-11-02T02:00:00Z');
    const caseNumber = await caseInInbox(d, {
      unit: 'court',
      request: { matters: [matter({ type: 'labour-litigation', insurance: [] })] },
    });
    const court = { user: 'court.staff', unit: 'court', role: 'staff' } as const;
    await performAction(caseNumber, { type: 'sign-for' }, court, d);
    await performAction(caseNumber, { type: 'respond', answer: '已依法立案。' }, court, d);

    // Act
    const page = await casePageOf(d, caseNumber, court);

    // Assess
    const form = page.slice(page.indexOf('data-action="record-decision"'));
    const routes = [
      ...form.slice(0, form.indexOf('</form>')).matchAll(/name="route" value="([^"]+)"/g),
    ];
    expect(routes.map((m) => m[1])).toEqual(['mediation', 'arbitration', 'litigation']);
    expect(form).toContain('起诉或上诉');
    expect(form).not.toContain('行政复议');
  });
});
