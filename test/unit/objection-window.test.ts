/**
 * While the payer may still object, the staff case page says until when, and what the payer's
 * silence then means: the day the payer was told in the answer's SMS, acceptance for most, and for
 * a payer who said 不满意 at the follow-up an archive without acceptance (a staff review found the
 * page saying only 「等待缴费人回复是否有异议」, and staff learning the date from the payer).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEADLINES } from '#core/deadlines.ts';
import { performAction, type staffCase } from '#core/staff.ts';
import { casePage } from '#functions/pages/staff/case.ts';
import { caseInInbox, memoryDeps } from '#test/fixtures/ports.ts';

const tax = { user: 'tax.staff', unit: 'tax', role: 'staff' } as const;
const viewer = { principal: tax, name: '税务局窗口', csrf: 'c'.repeat(32) };

/** A tax case signed for and answered on Monday 2 November 2026 (Beijing time). */
async function answeredCase() {
  const d = memoryDeps('2026-11-02T02:00:00Z');
  const caseNumber = await caseInInbox(d);
  await performAction(caseNumber, { type: 'sign-for' }, tax, d);
  const view = await performAction(
    caseNumber,
    { type: 'respond', answer: '经核实，基数无误。' },
    tax,
    d,
  );
  return { d, caseNumber, view };
}

const pageText = (view: Awaited<ReturnType<typeof staffCase>>) =>
  casePage(view, viewer, { today: '2026-11-02', policy: DEFAULT_DEADLINES }).text;

describe('the payer’s window to object, on the staff case page', () => {
  it('is the day the payer was told, after which silence is acceptance', async () => {
    const { d, caseNumber, view } = await answeredCase();

    // 15 working days after Monday 2 November: Monday 23 November, as the SMS said.
    expect(view.objectionWindow).toEqual({
      lastDay: '2026-11-23',
      silence: 'accepts',
      covered: true,
    });
    expect((await d.store.get(caseNumber))?.toldObjectBy).toBe('2026-11-23');
    expect(pageText(view)).toContain(
      '等待缴费人回复是否有异议：缴费人2026年11月23日前（含当天）未提出异议的，视为无异议，由答复单位整理案卷后归档',
    );
  });

  it('closes without acceptance for a payer who said 不满意, and not before the 督办 is answered', async () => {
    const { d, caseNumber } = await answeredCase();

    // Act: 不满意 at the follow-up, which puts the case under the leading group's supervision
    const dissatisfied = await performAction(
      caseNumber,
      { type: 'record-follow-up', result: 'dissatisfied', note: '认为基数仍然偏高。' },
      tax,
      d,
    );

    // Assess
    expect(dissatisfied.objectionWindow).toEqual({
      lastDay: '2026-11-23',
      silence: 'lapses',
      waitsForSupervision: true,
      covered: true,
    });
    expect(pageText(dissatisfied)).toContain(
      '缴费人回访时表示不满意，答复督办并再次答复缴费人后才开始计算表态期限；期满未表态的，不视为无异议，整理案卷归档',
    );
    expect(pageText(dissatisfied)).not.toContain('2026年11月23日前（含当天）未表态');
    // The 督办 and the payer answered a week later, on Monday 9 November: the payer has 15
    // working days from the further answer, to Monday 30 November.
    d.clock.set('2026-11-09T02:00:00Z');
    const answered = await performAction(
      caseNumber,
      {
        type: 'answer-supervision',
        answer: '已重新核实，基数无误，已电话告知缴费人。',
        toPayer: '经重新核实，您 2025 年的缴费基数核定无误。',
      },
      tax,
      d,
    );
    // The day told with the further answer, later than the first answer's days would count
    expect(answered.objectionWindow).toEqual({
      lastDay: '2026-11-30',
      silence: 'lapses',
      told: true,
      covered: true,
    });
    expect(pageText(answered)).toContain('经重新核实，您 2025 年的缴费基数核定无误。');
    expect(pageText(answered)).toContain(
      '缴费人回访时表示不满意，2026年11月30日前（含当天）未表态的，不视为无异议，期满后整理案卷归档',
    );
  });

  it('is gone once the payer’s stance is recorded', async () => {
    const { d, caseNumber } = await answeredCase();

    const accepted = await performAction(
      caseNumber,
      { type: 'record-decision', decision: 'accept', channel: 'phone', on: '2026-11-02' },
      tax,
      d,
    );

    expect(accepted.objectionWindow).toBeUndefined();
    expect(pageText(accepted)).toContain('缴费人无异议，待归档');
    expect(pageText(accepted)).not.toContain('前（含当天）未提出异议');
  });
});
