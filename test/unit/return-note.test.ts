/**
 * A returned case's history says what happened and no more: the reason the unit chose and where
 * the case went are the step's own words, so the note presumes neither (a staff review found
 * 「认为不属于本单位职责」 beside the reason 「还涉及其他单位职责」).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEADLINES } from '#core/deadlines.ts';
import { deliverToInbox } from '#core/intake.ts';
import { renderNotification } from '#core/notifications.ts';
import { performAction, staffCase } from '#core/staff.ts';
import { openWork } from '#core/work.ts';
import { casePage } from '#functions/pages/staff/case.ts';
import {
  caseInInbox,
  memoryDeps,
  RETURN_TO_OFFICE,
  RETURN_TO_ROUTING,
} from '#test/fixtures/ports.ts';

const tax = { user: 'tax.staff', unit: 'tax', role: 'staff' } as const;
const taxHead = { user: 'tax.head', unit: 'tax', role: 'head' } as const;

describe('a return, in the case history', () => {
  it('keeps the reason chosen and where it went, under a note that claims neither', async () => {
    // Prepare
    const d = memoryDeps('2026-11-02T02:00:00Z');
    const caseNumber = await caseInInbox(d);

    // Act: the clerk asks, the head approves
    await performAction(caseNumber, RETURN_TO_OFFICE, tax, d);
    const view = await performAction(
      caseNumber,
      { type: 'decide-return', approve: true },
      taxHead,
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
    // Prepare: tax signs for the case, asks for 10 more days, and its head returns it before a
    // decision.
    const d = memoryDeps('2026-11-02T02:00:00Z');
    const caseNumber = await caseInInbox(d);
    await performAction(caseNumber, { type: 'sign-for' }, tax, d);
    await performAction(
      caseNumber,
      { type: 'request-extension', days: 10, reason: '需调取历年缴费记录。' },
      tax,
      d,
    );
    await performAction(
      caseNumber,
      { type: 'return', reason: 'needs-other-unit', note: '属社保中心职责。', to: 'office' },
      taxHead,
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

describe('a clerk’s return, for the unit head (DESIGN.md §1)', () => {
  it('waits for the head: the case stays, the head owes the decision, and then it goes', async () => {
    // Prepare
    const d = memoryDeps('2026-11-02T02:00:00Z');
    const caseNumber = await caseInInbox(d);

    // Act: the clerk asks
    const asked = await performAction(caseNumber, RETURN_TO_ROUTING, tax, d);

    // Assess: still tax's, the request on the case, the head's item beside the sign-for
    expect(asked.status).toBe('assigned');
    expect(asked.holder).toBe('tax');
    expect(asked.returnRequest).toMatchObject({
      reason: 'not-our-duty',
      to: 'routing',
      requestedBy: 'tax.staff',
    });
    expect(await owed(d, caseNumber)).toEqual(['sign-for:tax', 'approve-return:tax']);
    expect((await d.store.get(caseNumber))?.returns ?? []).toEqual([]);
    await expect(
      performAction(
        caseNumber,
        { type: 'return', reason: 'other', note: '再申请一次。', to: 'routing' },
        tax,
        d,
      ),
    ).rejects.toThrow('已有一项退回申请，等待单位负责人审批。');
    // …nor signs for it meanwhile: 「ours」 and 「not ours」 at once (a staff review, 2026-12-05);
    // its page says why where the form would be
    await expect(performAction(caseNumber, { type: 'sign-for' }, tax, d)).rejects.toThrow(
      '已申请退回，正在等待单位负责人审批。负责人不同意退回的，再签收。',
    );
    expect((await staffCase(caseNumber, tax, d)).heldBack).toContainEqual({
      action: 'sign-for',
      reason: '已申请退回，正在等待单位负责人审批。负责人不同意退回的，再签收。',
    });
    await expect(
      performAction(caseNumber, { type: 'decide-return', approve: true }, tax, d),
    ).rejects.toThrow();

    // Act: the head approves
    const done = await performAction(
      caseNumber,
      { type: 'decide-return', approve: true },
      taxHead,
      d,
    );

    // Assess: returned as the clerk asked, counted once, the request gone
    expect(done.status).toBe('received');
    expect(done.returnRequest).toBeNull();
    const stored = await d.store.get(caseNumber);
    expect(stored?.returns).toEqual([
      expect.objectContaining({ unit: 'tax', reason: 'not-our-duty' }),
    ]);
    expect(await owed(d, caseNumber)).toEqual([]);
    expect(
      d.store.events.filter((e) => e.caseNumber === caseNumber).map((e) => e.transition),
    ).toEqual(expect.arrayContaining(['requestReturn', 'return']));
  });

  it('stays with the unit when the head refuses, and the clerk may ask again', async () => {
    // Prepare
    const d = memoryDeps('2026-11-02T02:00:00Z');
    const caseNumber = await caseInInbox(d);
    const ask = {
      type: 'return',
      reason: 'not-our-duty',
      note: '应由社保中心办理。',
      to: 'routing',
    } as const;
    await performAction(caseNumber, ask, tax, d);

    // Act
    const refused = await performAction(
      caseNumber,
      { type: 'decide-return', approve: false, note: '基数核定属本单位职责，请继续办理。' },
      taxHead,
      d,
    );

    // Assess
    expect(refused.status).toBe('assigned');
    expect(refused.holder).toBe('tax');
    expect(refused.returnRequest).toBeNull();
    expect(refused.timeline.at(-1)).toMatchObject({
      transition: 'refuseReturn',
      note: '单位负责人不同意退回，由本单位继续办理',
    });
    expect(await owed(d, caseNumber)).toEqual(['sign-for:tax']);
    expect(d.notifier.sent.filter((m) => m.kind === 'case-news')).toEqual([
      { kind: 'case-news', unit: 'tax', caseNumber, news: 'return-refused' },
    ]);
    expect((await performAction(caseNumber, ask, tax, d)).returnRequest).not.toBeNull();
  });
});

describe('a clerk’s return, as the head sees it before deciding', () => {
  it('names where the rules would send the case, and the approval sends it there', async () => {
    // Prepare: the clerk asks to return a tax case to routing
    const d = memoryDeps('2026-11-02T02:00:00Z');
    const caseNumber = await caseInInbox(d);
    await performAction(caseNumber, RETURN_TO_ROUTING, tax, d);

    // Act
    const view = await staffCase(caseNumber, taxHead, d);
    const page = casePage(
      view,
      { principal: taxHead, name: '税务局负责人', csrf: 'c'.repeat(32) },
      { today: '2026-11-02', policy: DEFAULT_DEADLINES },
    ).text;

    // Assess: no other unit owns a tax matter after April 2024, so the office places it
    expect(view.returnRequest?.wouldGoTo).toEqual(['office']);
    expect(page).toMatch(/同意后将派给<\/dt>\s*<dd[^>]*>社会保险费征缴争议处理工作室/);
    await performAction(caseNumber, { type: 'decide-return', approve: true }, taxHead, d);
    expect((await d.store.get(caseNumber))?.routing.units).toEqual(view.returnRequest?.wouldGoTo);
  });
});

describe('a clerk’s return the head refuses', () => {
  it('leaves the sign-for to do, and the clerk signs for it then', async () => {
    // Prepare: the clerk asks to return; the head says no
    const d = memoryDeps('2026-11-02T02:00:00Z');
    const caseNumber = await caseInInbox(d);
    await performAction(caseNumber, RETURN_TO_ROUTING, tax, d);
    await performAction(
      caseNumber,
      { type: 'decide-return', approve: false, note: '属本单位职责。' },
      taxHead,
      d,
    );

    // Act
    const signed = await performAction(caseNumber, { type: 'sign-for' }, tax, d);

    // Assess
    expect(signed.status).toBe('accepted');
    expect(signed.returnRequest ?? null).toBeNull();
  });
});

describe('a returned case the office classifies', () => {
  it('texts the payer the unit now leading it', async () => {
    // Prepare: returned to the office, delivered there
    const d = memoryDeps('2026-11-02T02:00:00Z');
    const caseNumber = await caseInInbox(d);
    await performAction(caseNumber, RETURN_TO_OFFICE, taxHead, d);
    await deliverToInbox(caseNumber, 'office', d);
    const office = { user: 'office.staff', unit: 'office', role: 'staff' } as const;

    // Act
    await performAction(
      caseNumber,
      { type: 'classify', as: 'general', lead: 'si-center' },
      office,
      d,
    );

    // Assess
    expect(d.notifier.sent.flatMap((m) => (m.kind === 'rerouted' ? [m.unit] : []))).toEqual([
      'office',
      'si-center',
    ]);
  });
});

describe('a returned case, for the payer', () => {
  it('texts the payer who has it now at each delivery after the return, once each', async () => {
    // Prepare: delivered to tax first, which tells the payer nothing of units
    const d = memoryDeps('2026-11-02T02:00:00Z');
    const caseNumber = await caseInInbox(d);
    const rerouted = () => d.notifier.sent.filter((m) => m.kind === 'rerouted');
    expect(rerouted()).toEqual([]);

    // Act: tax's head returns it to the office; the office gives it to si-center; a stray
    // delivery for si-center comes after
    await performAction(caseNumber, RETURN_TO_OFFICE, taxHead, d);
    await deliverToInbox(caseNumber, 'office', d);
    const office = { user: 'office.staff', unit: 'office', role: 'staff' } as const;
    await performAction(caseNumber, { type: 'assign', unit: 'si-center' }, office, d);
    await deliverToInbox(caseNumber, 'si-center', d);
    await deliverToInbox(caseNumber, 'si-center', d);

    // Assess
    const phone = (await d.store.get(caseNumber))?.payer.phone;
    expect(rerouted()).toEqual([
      { kind: 'rerouted', phone, caseNumber, unit: 'office' },
      { kind: 'rerouted', phone, caseNumber, unit: 'si-center', by: 'office' },
    ]);
    const [toOffice, toUnit] = rerouted().map((m) => renderNotification(m).body);
    // Neutral on why it was returned; the office's placing said as the office's
    expect(toOffice).toContain(
      '经原办理部门核实后退回，已转交社会保险费征缴争议处理工作室，由工作室确定办理部门',
    );
    expect(toUnit).toBe(
      `【翁牛特旗社保费争议】您的争议（受理编号 ${caseNumber}）社会保险费征缴争议处理工作室已确定由旗社会保险事业服务中心办理。办理部门和答复期限可凭查询码在“查看办理进度”中查看。如有疑问，请拨打 12345。`,
    );
  });
});
