/**
 * The deadline a case page shows is named after what it is for, and its dates are written as
 * people write them (2026年11月2日), on the page and in the units' e-mails alike.
 */
import { describe, expect, it } from 'vitest';
import { renderNotification } from '#core/notifications.ts';
import { performAction, staffCase } from '#core/staff.ts';
import { caseInInbox, jointCaseInOffice, memoryDeps } from '#test/fixtures/ports.ts';

const tax = { user: 'tax.staff', unit: 'tax', role: 'staff' } as const;
const ISO_DATE = /\d{4}-\d{2}-\d{2}/;

describe('the running deadline of a case, as the case page names it', () => {
  it('is the sign-for, then the answer, then the follow-up visit, each dated in words', async () => {
    // Prepare: a case in the tax bureau's inbox (Monday 2 November 2026, Beijing time)
    const d = memoryDeps('2026-11-02T02:00:00Z');
    const caseNumber = await caseInInbox(d);

    // Act and assess: the three deadlines one after another
    const filed = await staffCase(caseNumber, tax, d);
    expect(filed.deadlines.map((x) => [x.kind, x.label])).toEqual([['sign-for', '签收期限']]);

    const signed = await performAction(caseNumber, { type: 'sign-for' }, tax, d);
    expect(signed.deadlines.map((x) => [x.kind, x.label])).toEqual([['answer', '答复期限']]);
    expect(signed.deadlines[0]?.basis).toMatch(/^自 2026年11月2日 起算 \d+ 个工作日/);

    const answered = await performAction(
      caseNumber,
      { type: 'respond', answer: '经核实，基数无误。' },
      tax,
      d,
    );
    expect(answered.deadlines.map((x) => [x.kind, x.label])).toEqual([['follow-up', '回访期限']]);
    expect(answered.deadlines[0]?.basis).toMatch(/^自 2026年11月2日 起算 5 个工作日/);
    for (const view of [signed, answered]) {
      expect(view.deadlines[0]?.basis).not.toMatch(ISO_DATE);
    }
    expect(answered.deadlines[0]?.basis).toContain('（节假日和调休按国务院安排）');
  });

  it('says how a date in a year without its holiday schedule was counted, and that it will be again', async () => {
    // Prepare: signed for on Monday 28 December 2026: 15 working days run into 2027
    const d = memoryDeps('2026-12-28T02:00:00Z');
    const caseNumber = await caseInInbox(d);

    // Act
    const signed = await performAction(caseNumber, { type: 'sign-for' }, tax, d);

    // Assess
    expect(signed.deadlines[0]).toMatchObject({ due: '2027-01-19', covered: false });
    expect(signed.deadlines[0]?.basis).toBe(
      '自 2026年12月28日 起算 15 个工作日（国务院节假日安排未公布的年份暂按法定节假日计算，安排录入后自动重新计算）',
    );
  });

  it('is the 分办 while a joint case waits in the office, before anyone signs for it', async () => {
    // Prepare: matters of tax and of si-center, so the office triages
    const d = memoryDeps('2026-11-02T02:00:00Z');
    const caseNumber = await jointCaseInOffice(d);

    // Act
    const view = await staffCase(
      caseNumber,
      { user: 'office.staff', unit: 'office', role: 'staff' },
      d,
    );

    // Assess
    expect(view.status).toBe('triage');
    expect(view.deadlines.map((x) => [x.kind, x.label])).toEqual([['sign-for', '分办期限']]);
  });
});

describe('the work e-mail', () => {
  it('writes its date as people do, not as a machine does', () => {
    const mail = renderNotification({
      kind: 'work',
      unit: 'tax',
      work: 'answer',
      caseNumber: '2026-000001',
      due: '2026-11-23',
    });

    expect(mail.body).toContain('请在 2026年11月23日 前办理');
    expect(mail.body.replace('2026-000001', '')).not.toMatch(ISO_DATE);
    expect(mail.body).not.toContain('节假日安排');
  });

  it('says a date in a year without its holiday schedule may still move', () => {
    const mail = renderNotification({
      kind: 'work',
      unit: 'tax',
      work: 'answer',
      caseNumber: '2026-000001',
      due: '2027-01-19',
      provisional: true,
    });

    expect(mail.body).toContain(
      '请在 2027年1月19日 前办理。该日期所在年份的节假日安排尚未公布，到期日可能调整，以系统中显示的为准。请登录系统',
    );
  });

  it('dates the chase, and names the month of the returns flag, the same way', () => {
    const chase = renderNotification({
      kind: 'chase',
      unit: 'tax',
      caseNumber: '2026-000001',
      dueDate: '2026-10-08',
    });
    const flag = renderNotification({
      kind: 'returns-flag',
      unit: 'medical',
      month: '2026-10',
      returns: 4,
    });

    expect(chase.body).toContain('办理期限为 2026年10月8日');
    expect(flag.subject).toContain('2026年10月');
    expect(flag.body).toContain('在 2026年10月 退回');
    for (const text of [chase.body.replace('2026-000001', ''), flag.subject, flag.body]) {
      expect(text).not.toMatch(/\d{4}-\d{2}/);
    }
  });
});
