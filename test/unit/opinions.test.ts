/**
 * A unit asked for an opinion gives its own on its case page; the unit that asked may enter one that
 * came on paper, and the record says who entered it (a staff review found the asker's form titled
 * as if it were the other unit's own).
 */
import { describe, expect, it } from 'vitest';
import { renderNotification } from '#core/notifications.ts';
import type { Notification } from '#core/ports.ts';
import type { Principal } from '#core/principal.ts';
import { performAction, staffCase } from '#core/staff.ts';
import { casePageOf } from '#test/fixtures/case-page.ts';
import { matter } from '#test/fixtures/cases.ts';
import { caseInInbox, financeAsked, memoryDeps } from '#test/fixtures/ports.ts';

const tax: Principal = { user: 'tax.staff', unit: 'tax', role: 'staff' };
const finance: Principal = { user: 'finance.staff', unit: 'finance', role: 'staff' };

async function askFinance() {
  const d = memoryDeps('2026-12-04T02:00:00Z');
  const caseNumber = await caseInInbox(d, { unit: 'tax' });
  await financeAsked(d, caseNumber);
  return { d, caseNumber };
}

const pageFor = async (p: Principal, caseNumber: string, d: ReturnType<typeof memoryDeps>) =>
  await casePageOf(d, caseNumber, p);

describe('an opinion asked of another unit', () => {
  it('is the asked unit’s own form on its page, and a paper opinion’s entry on the asker’s', async () => {
    // Prepare
    const { d, caseNumber } = await askFinance();

    // Act
    const financePage = await pageFor(finance, caseNumber, d);
    const taxPage = await pageFor(tax, caseNumber, d);

    // Assess
    expect(financePage).toContain('<h3 id="t-record-opinion">提出本单位意见</h3>');
    expect(financePage).not.toContain('data-testid="paper-opinion"');
    expect(taxPage).toContain('<h3 id="t-record-opinion">录入协办单位的书面意见</h3>');
    expect(taxPage).toContain('在这里照录旗财政局的意见；录入的单位和人员记入办理过程。');
  });

  it('records who entered a paper opinion, and nothing of the kind when the unit gives its own', async () => {
    // Prepare: two cases, each asking finance
    const { d, caseNumber } = await askFinance();
    const own = await askFinance();

    // Act
    await performAction(caseNumber, { type: 'record-opinion', opinion: '退费记录无误。' }, tax, d);
    await performAction(
      own.caseNumber,
      { type: 'record-opinion', opinion: '退费记录无误。' },
      finance,
      own.d,
    );

    // Assess
    expect((await d.store.get(caseNumber))?.opinions?.[0]).toMatchObject({
      unit: 'finance',
      opinion: '退费记录无误。',
      enteredBy: 'tax',
    });
    expect((await own.d.store.get(own.caseNumber))?.opinions?.[0]?.enteredBy).toBeUndefined();
    expect(await pageFor(tax, caseNumber, d)).toContain('（书面意见，由旗税务局录入）');
    expect(await pageFor(tax, own.caseNumber, own.d)).not.toContain('书面意见，由');
  });
});

describe('the payer, on the asked unit’s page', () => {
  it('is shown in full while the opinion is owed, and masked again once it is given', async () => {
    // Prepare
    const { d, caseNumber } = await askFinance();
    const stored = await d.store.get(caseNumber);
    const { name, idNumber } = stored?.payer ?? { name: '', idNumber: '' };

    // Act
    const owed = await staffCase(caseNumber, finance, d);
    await performAction(
      caseNumber,
      { type: 'record-opinion', opinion: '退费已入库。' },
      finance,
      d,
    );
    const given = await staffCase(caseNumber, finance, d);

    // Assess: the name and number to look up, then the mask the other involved units see.
    expect(owed.payer).toMatchObject({ name, idNumber });
    expect(given.payer.name).not.toBe(name);
    expect(given.payer.idNumber).toMatch(/^\d{6}\*+\w{4}$/);
  });

  it('tells the unit that asked when the opinion comes, not when it entered a paper one itself', async () => {
    // Prepare: two cases, each asking finance
    const own = await askFinance();
    const paper = await askFinance();

    // Act
    await performAction(
      own.caseNumber,
      { type: 'record-opinion', opinion: '已入库。' },
      finance,
      own.d,
    );
    await performAction(
      paper.caseNumber,
      { type: 'record-opinion', opinion: '已入库。' },
      tax,
      paper.d,
    );

    // Assess
    const news = (d: ReturnType<typeof memoryDeps>) =>
      d.notifier.sent.filter((m) => m.kind === 'case-news');
    expect(news(own.d)).toEqual([
      {
        kind: 'case-news',
        unit: 'tax',
        caseNumber: own.caseNumber,
        news: 'opinion',
        from: 'finance',
      },
    ]);
    expect(renderNotification(news(own.d)[0] as Notification)).toMatchObject({
      to: 'tax',
      subject: `办理情况：${own.caseNumber} 旗财政局已提出协办意见`,
      link: `/staff/cases/${own.caseNumber}`,
    });
    expect(news(paper.d)).toEqual([]);
  });
});

describe('a unit the routing table names as assisting', () => {
  it('may open the case from its delivery, the payer masked, before anyone asks it', async () => {
    // Prepare: arrears after the cut-off: tax answers, finance assists (seed 二(二)5)
    const d = memoryDeps('2026-12-04T02:00:00Z');
    const caseNumber = await caseInInbox(d, {
      unit: 'tax',
      request: {
        matters: [matter({ type: 'arrears', period: { from: '2025-01', to: '2025-06' } })],
      },
    });
    const medical: Principal = { user: 'medical.staff', unit: 'medical', role: 'staff' };

    // Act
    const view = await staffCase(caseNumber, finance, d);
    const listed = await d.store.involved('finance', { limit: 20 });

    // Assess
    expect(view.routing.assisting).toEqual(['finance']);
    expect(view.masked).toBe(true);
    expect(listed.items.map((i) => [i.case.caseNumber, i.relations])).toEqual([
      [caseNumber, ['assisting']],
    ]);
    await expect(staffCase(caseNumber, medical, d)).rejects.toThrow();
  });
});

describe('an opinion still unanswered when the case is answered', () => {
  it('is withdrawn: the answer form warns, the asked unit is told, and its page says so', async () => {
    // Prepare: tax asked finance and has not heard back
    const { d, caseNumber } = await askFinance();
    const form = await pageFor(tax, caseNumber, d);

    // Act
    await performAction(caseNumber, { type: 'respond', answer: '经核实，基数无误。' }, tax, d);

    // Assess: warned first; then the request lapsed, finance told and no longer owing it
    expect(form).toContain('旗财政局的协办意见还没有回复。现在提交答复，这项商请就撤回');
    const stored = await d.store.get(caseNumber);
    expect(stored?.opinions?.[0]?.withdrawnAt).toEqual(expect.any(String));
    expect(stored?.opinions?.[0]?.opinion).toBeUndefined();
    expect(stored?.work?.filter((w) => w.kind === 'opinion').map((w) => [w.unit, w.state])).toEqual(
      [['finance', 'closed']],
    );
    const told = d.notifier.sent.filter(
      (m): m is Extract<Notification, { kind: 'case-news' }> => m.kind === 'case-news',
    );
    expect(told.map((m) => [m.unit, m.news])).toEqual([['finance', 'opinion-withdrawn']]);
    expect(renderNotification(told[0] as Notification).subject).toBe(
      `办理情况：${caseNumber} 已答复缴费人，原来商请的协办意见不再需要，这项待办已撤销`,
    );
    expect(d.store.events.findLast((e) => e.transition === 'respond')?.detail).toEqual({
      withdrawnOpinions: 'finance',
    });
    const financePage = await pageFor(finance, caseNumber, d);
    expect(financePage).toContain('<strong>未回复，已撤回</strong>');
    expect(financePage).not.toContain('尚未回复');
  });
});
