/**
 * A payer's phone or name registered wrong is corrected on the case (a staff review: nothing could
 * be corrected, so every SMS, the answer's too, would have gone to a stranger, and every sealed
 * form would have carried the wrong name). The new value goes on the case only, never into the
 * timeline; later messages and printed forms use it.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEADLINES } from '#core/deadlines.ts';
import { performAction, staffCase } from '#core/staff.ts';
import { ActionInputError } from '#core/transitions.ts';
import { casePage } from '#functions/pages/staff/case.ts';
import { printPage } from '#functions/pages/staff/print.ts';
import { caseRequest } from '#test/fixtures/cases.ts';
import { caseInInbox, memoryDeps } from '#test/fixtures/ports.ts';

const tax = { user: 'tax.staff', unit: 'tax', role: 'staff' } as const;
const finance = { user: 'finance.staff', unit: 'finance', role: 'staff' } as const;

describe('correcting the payer’s phone', () => {
  it('puts the new number on the case, not in the timeline, and texts the answer to it', async () => {
    // Prepare: a case signed for by tax, its payer registered with a wrong mobile
    const d = memoryDeps('2026-11-02T02:00:00Z');
    const caseNumber = await caseInInbox(d, {
      request: { payer: { ...caseRequest().payer, phone: '13912345678' } },
    });
    await performAction(caseNumber, { type: 'sign-for' }, tax, d);

    // Act
    const view = await performAction(
      caseNumber,
      { type: 'correct-phone', phone: '13700001111', note: '登记时号码填错，缴费人来电更正' },
      tax,
      d,
    );
    await performAction(caseNumber, { type: 'respond', answer: '经核实，基数无误。' }, tax, d);

    // Assess
    expect((await d.store.get(caseNumber))?.payer.phone).toBe('13700001111');
    const step = view.timeline.at(-1);
    expect(step).toMatchObject({
      transition: 'correctPhone',
      text: '登记时号码填错，缴费人来电更正',
    });
    expect(JSON.stringify(view.timeline)).not.toContain('13700001111');
    expect(d.notifier.sent.filter((m) => m.kind === 'answered')).toEqual([
      expect.objectContaining({ phone: '13700001111' }),
    ]);
  });

  it('refuses the number already registered at the field, and is not the business of a unit only asked for an opinion', async () => {
    const d = memoryDeps('2026-11-02T02:00:00Z');
    const caseNumber = await caseInInbox(d, {
      request: { payer: { ...caseRequest().payer, phone: '13912345678' } },
    });
    await performAction(caseNumber, { type: 'sign-for' }, tax, d);

    const same = performAction(caseNumber, { type: 'correct-phone', phone: '13912345678' }, tax, d);

    await expect(same).rejects.toBeInstanceOf(ActionInputError);
    await expect(same).rejects.toMatchObject({ pointer: '/phone' });
    expect((await staffCase(caseNumber, tax, d)).allowedActions).toContain('correct-phone');
    await performAction(
      caseNumber,
      { type: 'request-opinion', unit: 'finance', question: '退费是否合规？' },
      tax,
      d,
    );
    expect((await staffCase(caseNumber, finance, d)).allowedActions).not.toContain('correct-phone');
  });

  it('is not offered to who sees the phone masked, and keeps numbers out of the note', async () => {
    const d = memoryDeps('2026-11-02T02:00:00Z');
    const caseNumber = await caseInInbox(d);
    await performAction(caseNumber, { type: 'sign-for' }, tax, d);
    const office = { user: 'office.staff', unit: 'office', role: 'staff' } as const;

    // The office sees a single-unit case's phone masked: it may not overwrite it
    const seen = await staffCase(caseNumber, office, d);
    expect(seen.masked).toBe(true);
    expect(seen.allowedActions).not.toContain('correct-phone');
    await expect(
      performAction(caseNumber, { type: 'correct-phone', phone: '13700001111' }, office, d),
    ).rejects.toThrow();
    // A number written in the note would reach the timeline, which masked viewers read
    const noted = performAction(
      caseNumber,
      { type: 'correct-phone', phone: '13700001111', note: '正确号码是 137 0000 1111' },
      tax,
      d,
    );
    await expect(noted).rejects.toMatchObject({ pointer: '/note' });
    expect((await d.store.get(caseNumber))?.payer.phone).toBe(caseRequest().payer.phone);
  });

  it('is folded under its title on the case page, and open when it came back with an error', async () => {
    const d = memoryDeps('2026-11-02T02:00:00Z');
    const caseNumber = await caseInInbox(d);
    await performAction(caseNumber, { type: 'sign-for' }, tax, d);
    const view = await staffCase(caseNumber, tax, d);
    const viewer = { principal: tax, name: '税务局窗口', csrf: 'c'.repeat(32) };
    const page = (failed?: boolean) =>
      casePage(view, viewer, {
        today: '2026-11-02',
        policy: DEFAULT_DEADLINES,
        ...(failed
          ? {
              failed: {
                type: 'correct-phone' as const,
                form: new URLSearchParams({ phone: '123' }),
                errors: [{ pointer: '/phone', detail: '请填写 11 位手机号码' }],
              },
            }
          : {}),
      }).text;

    expect(page()).toMatch(
      /<details class="action-fold" data-fold="correct-phone">\s*<summary>更正缴费人的联系电话<\/summary>/,
    );
    expect(page(true)).toContain('<details class="action-fold" data-fold="correct-phone" open>');
  });
});

describe('correcting the payer’s name', () => {
  it('puts the new name on the case and the forms printed after, not in the timeline', async () => {
    // Prepare: a case signed for by tax, its payer's name registered with a wrong character
    const d = memoryDeps('2026-11-02T02:00:00Z');
    const caseNumber = await caseInInbox(d, {
      request: { payer: { ...caseRequest().payer, name: '张晓明' } },
    });
    await performAction(caseNumber, { type: 'sign-for' }, tax, d);

    // Act
    const view = await performAction(caseNumber, { type: 'correct-name', name: '张小明' }, tax, d);
    const answered = await performAction(
      caseNumber,
      { type: 'respond', answer: '经核实，基数无误。' },
      tax,
      d,
    );

    // Assess
    expect((await d.store.get(caseNumber))?.payer.name).toBe('张小明');
    // The step, without a note: masked viewers read the timeline, and a note would name names
    expect(view.timeline.at(-1)?.transition).toBe('correctName');
    expect(view.timeline.at(-1)?.text).toBeUndefined();
    expect(JSON.stringify(view.timeline)).not.toContain('张小明');
    expect(JSON.stringify(view.timeline)).not.toContain('张晓明');
    const viewer = { principal: tax, name: '税务局窗口', csrf: 'c'.repeat(32) };
    for (const form of ['registration', 'answer']) {
      const printed = printPage(form, viewer, caseNumber, answered, { policy: DEFAULT_DEADLINES });
      expect(printed.page.text, form).toContain('张小明');
      expect(printed.page.text, form).not.toContain('张晓明');
    }
  });

  it('refuses the name already registered at the field, and who sees the name masked', async () => {
    const d = memoryDeps('2026-11-02T02:00:00Z');
    const caseNumber = await caseInInbox(d, {
      request: { payer: { ...caseRequest().payer, name: '张晓明' } },
    });
    await performAction(caseNumber, { type: 'sign-for' }, tax, d);
    const office = { user: 'office.staff', unit: 'office', role: 'staff' } as const;

    const same = performAction(caseNumber, { type: 'correct-name', name: '张晓明' }, tax, d);

    await expect(same).rejects.toMatchObject({ name: 'ActionInputError', pointer: '/name' });
    expect((await staffCase(caseNumber, tax, d)).allowedActions).toContain('correct-name');
    expect((await staffCase(caseNumber, office, d)).allowedActions).not.toContain('correct-name');
    await expect(
      performAction(caseNumber, { type: 'correct-name', name: '张小明' }, office, d),
    ).rejects.toThrow();
    expect((await d.store.get(caseNumber))?.payer.name).toBe('张晓明');
  });
});
