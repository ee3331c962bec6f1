/**
 * The unit whose clerk registers a case at a window sees the payer in full, though another unit
 * handles it: the clerk prints, signs and files the registration form (seed 三(一)3, annex 2),
 * which a masked name and ID number would make useless. Any other unit still sees them masked.
 */
import { describe, expect, it } from 'vitest';
import { RegisterCaseSchema } from '#contracts/staff.ts';
import { DEFAULT_DEADLINES } from '#core/deadlines.ts';
import { deliverToInbox } from '#core/intake.ts';
import { renderNotification } from '#core/notifications.ts';
import { performAction, registerCase, staffCase } from '#core/staff.ts';
import type { UnitId } from '#core/units.ts';
import { casePage } from '#functions/pages/staff/case.ts';
import { caseRequest } from '#test/fixtures/cases.ts';
import { memoryDeps } from '#test/fixtures/ports.ts';

const clerk = { user: 'hrss.staff', unit: 'hrss', role: 'staff' } as const;
const tax = { user: 'tax.staff', unit: 'tax', role: 'staff' } as const;
const office = { user: 'office.staff', unit: 'office', role: 'staff' } as const;

describe('a case registered at another unit’s window', () => {
  it('shows the payer in full to the registering unit and the holder, masked to the rest', async () => {
    // Prepare: the human resources bureau's window registers a tax matter
    const d = memoryDeps('2026-11-02T02:00:00Z');
    const { payer, matters, description } = caseRequest();
    const input = RegisterCaseSchema.parse({
      channel: 'walk-in',
      registeredOn: '2026-11-02',
      visitedAt: '2026-11-02T09:30',
      payer: { ...payer, address: '翁牛特旗乌丹镇全宁街 12 号' },
      matters,
      description,
    });
    const { caseNumber } = await registerCase(input, clerk, d);
    await deliverToInbox(caseNumber, 'tax', d);

    // Act
    const [byClerk, byHolder] = [
      await staffCase(caseNumber, clerk, d),
      await staffCase(caseNumber, tax, d),
    ];

    // Assess
    expect(byClerk.holder).toBe('tax');
    for (const view of [byClerk, byHolder]) {
      expect(view.masked).toBe(false);
      expect(view.payer.name).toBe(payer.name);
      expect(view.payer.idNumber).toBe(payer.idNumber);
      expect(view.payer.address).toBe('翁牛特旗乌丹镇全宁街 12 号');
    }
    const byOffice = await staffCase(caseNumber, office, d);
    expect(byOffice.masked).toBe(true);
    expect(byOffice.payer.idNumber).not.toBe(payer.idNumber);
    expect(byOffice.payer.address).toBeUndefined();
  });
});

describe('a paper form entered days after its date', () => {
  it('counts the deadlines from the entry, and the case page says when it was entered', async () => {
    // Prepare: a form dated Tuesday 20 October entered on Monday 2 November
    const d = memoryDeps('2026-11-02T02:00:00Z');
    const { payer, matters, description } = caseRequest();
    const input = RegisterCaseSchema.parse({
      channel: 'walk-in',
      registeredOn: '2026-10-20',
      visitedAt: '2026-10-20T09:30',
      payer,
      matters,
      description,
    });
    const { caseNumber } = await registerCase(input, tax, d);
    await deliverToInbox(caseNumber, 'tax', d);

    // Act
    const view = await staffCase(caseNumber, tax, d);
    const page = casePage(
      view,
      { principal: tax, name: '税务局窗口', csrf: 'c'.repeat(32) },
      { today: '2026-11-02', policy: DEFAULT_DEADLINES },
    ).text;

    // Assess
    expect(view.registeredOn).toBe('2026-10-20');
    expect(view.deadlines[0]?.basis).toMatch(/^自 2026年11月2日 起算/);
    expect(page).toContain(
      '<time datetime="2026-10-20">2026年10月20日</time><span data-testid="entered-late">（<time datetime="2026-11-02">2026年11月2日</time>补录进系统，办理期限从补录之日起计算）</span>',
    );
  });
});

describe('a dispute passed on from the 12345 hotline or a petition', () => {
  it('tells the registering unit when it is answered, and not a window’s own registration', async () => {
    // Prepare: the data bureau enters a 12345 call, the petition bureau a petition, tax's own
    // window a walk-in; tax answers all three
    const d = memoryDeps('2026-11-02T02:00:00Z');
    const { payer, matters, description } = caseRequest();
    const registered = async (channel: string, by: { user: string; unit: UnitId }) => {
      const input = RegisterCaseSchema.parse({
        channel,
        registeredOn: '2026-11-02',
        visitedAt: '2026-11-02T09:30',
        payer,
        matters,
        description,
      });
      const { caseNumber } = await registerCase(input, { ...by, role: 'staff' as const }, d);
      await deliverToInbox(caseNumber, 'tax', d);
      await performAction(caseNumber, { type: 'sign-for' }, tax, d);
      await performAction(caseNumber, { type: 'respond', answer: '经核实，基数无误。' }, tax, d);
      return caseNumber;
    };
    const hotline = await registered('hotline-12345', {
      user: 'data-bureau.staff',
      unit: 'data-bureau',
    });
    const petition = await registered('petition', { user: 'petition.staff', unit: 'petition' });
    const walkIn = await registered('walk-in', clerk);

    // Act
    const news = d.notifier.sent.filter((m) => m.kind === 'case-news');

    // Assess
    expect(news).toEqual([
      { kind: 'case-news', unit: 'data-bureau', caseNumber: hotline, news: 'passed-on-answered' },
      { kind: 'case-news', unit: 'petition', caseNumber: petition, news: 'passed-on-answered' },
    ]);
    expect(news.map((m) => m.caseNumber)).not.toContain(walkIn);
    expect(renderNotification(news[0] as (typeof news)[number])).toMatchObject({
      channel: 'email',
      to: 'data-bureau',
      subject: `办理情况：${hotline} 转来的争议已书面答复缴费人，可据此回复来电人或信访人，做好回访`,
      link: `/staff/cases/${hotline}`,
    });
  });
});
