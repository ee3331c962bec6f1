/**
 * The banner after a step says what happened to the case: where a return went, and whether a
 * decision agreed (a staff review found 「已退回，案件将重新分派。」 for a case sent to the office,
 * and 「已审批延期申请。」 alike for yes and no).
 */
import { describe, expect, it } from 'vitest';
import { deliverToInbox } from '#core/intake.ts';
import type { Principal } from '#core/principal.ts';
import { performAction, staffCase } from '#core/staff.ts';
import { pageErrors } from '#functions/pages/staff/case-actions.ts';
import { casePageOf } from '#test/fixtures/case-page.ts';
import {
  caseInInbox,
  memoryDeps,
  RETURN_TO_OFFICE,
  RETURN_TO_ROUTING,
} from '#test/fixtures/ports.ts';

const tax: Principal = { user: 'tax.staff', unit: 'tax', role: 'staff' };
const head: Principal = { user: 'tax.head', unit: 'tax', role: 'head' };

async function banner(
  p: Principal,
  caseNumber: string,
  d: ReturnType<typeof memoryDeps>,
  done: string,
) {
  const page = await casePageOf(d, caseNumber, p, { today: '2026-11-02', done });
  return /data-testid="done">\s*<p class="notification__text">([^<]*)</.exec(page)?.[1];
}

describe('the banner after a step', () => {
  it('says where a returned case went: re-routing, then the office', async () => {
    // Prepare
    const d = memoryDeps('2026-11-02T02:00:00Z');
    const caseNumber = await caseInInbox(d);
    await performAction(caseNumber, RETURN_TO_OFFICE, tax, d);

    // Act and assess: asked, then approved and on its way, then in the office's inbox
    expect(await banner(tax, caseNumber, d, 'return')).toBe(
      '已提交退回申请，等待单位负责人审批；同意后案件才离开本单位。',
    );
    await performAction(caseNumber, { type: 'decide-return', approve: true }, head, d);
    expect(await banner(head, caseNumber, d, 'decide-return')).toBe(
      '已退回，系统正在按职责重新分派。',
    );
    await deliverToInbox(caseNumber, 'office', d);
    expect(await banner(tax, caseNumber, d, 'decide-return')).toBe(
      '已退回，案件已转争议处理工作室分办。',
    );
  });

  it('is asked for a refusal without its reason on the page, a return’s or an extension’s', () => {
    expect(pageErrors({ type: 'decide-return', approve: false })).toEqual([
      { pointer: '/note', detail: '不同意退回的，请写明理由：经办人要据此继续办理。' },
    ]);
    expect(pageErrors({ type: 'decide-extension', approve: false, note: '' })).toEqual([
      { pointer: '/note', detail: '不同意延期的，请写明理由：经办人要据此按原期限办理。' },
    ]);
    expect(pageErrors({ type: 'decide-extension', approve: true })).toEqual([]);
    expect(pageErrors({ type: 'note' })).toEqual([]);
  });

  it('says a refused return leaves the case with the unit', async () => {
    // Prepare
    const d = memoryDeps('2026-11-02T02:00:00Z');
    const caseNumber = await caseInInbox(d);
    await performAction(caseNumber, RETURN_TO_ROUTING, tax, d);

    // Act
    await performAction(
      caseNumber,
      { type: 'decide-return', approve: false, note: '属于本单位职责。' },
      head,
      d,
    );

    // Assess
    expect(await banner(head, caseNumber, d, 'decide-return')).toBe(
      '已不同意退回，案件由本单位继续办理。',
    );
  });

  it('says whether the head agreed to the extension', async () => {
    // Prepare: two cases with an extension asked
    const d = memoryDeps('2026-11-02T02:00:00Z');
    const cases = [await caseInInbox(d), await caseInInbox(d)];
    for (const c of cases) {
      await performAction(c, { type: 'sign-for' }, tax, d);
      await performAction(c, { type: 'request-extension', days: 5, reason: '需调取档案' }, tax, d);
    }
    const [yes = '', no = ''] = cases;

    // Act
    await performAction(yes, { type: 'decide-extension', approve: true }, head, d);
    await performAction(
      no,
      { type: 'decide-extension', approve: false, note: '期限内可以办完。' },
      head,
      d,
    );

    // Assess
    expect(await banner(head, yes, d, 'decide-extension')).toBe('已同意延期申请。');
    expect(await banner(head, no, d, 'decide-extension')).toBe('已不同意延期申请。');
  });
});

describe('a step a rule has closed', () => {
  it('is said with its reason where its form was: 退回 past its window, 申请延期 past the deadline', async () => {
    // Prepare: a tax case assigned on 2 November, signed for; a month later
    const d = memoryDeps('2026-11-02T02:00:00Z');
    const caseNumber = await caseInInbox(d);
    await performAction(caseNumber, { type: 'sign-for' }, tax, d);
    const early = await staffCase(caseNumber, tax, d);
    d.clock.set('2026-12-04T02:00:00Z');

    // Act
    const late = await staffCase(caseNumber, tax, d);

    // Assess: nothing closed at first; later both, each with the rule's own words
    expect(early.closed).toBeUndefined();
    expect(late.allowedActions).not.toContain('return');
    expect(late.allowedActions).not.toContain('request-extension');
    expect(late.closed?.map((c) => c.action)).toEqual(['return', 'request-extension']);
    // Dates as people read them (a leaders' review saw 「（2026-12-07 前）」)
    expect(late.closed?.[0]?.reason).toContain(
      '退回须在派单后 1 个工作日内（2026年11月3日前）提出',
    );
    expect(late.closed?.[1]?.reason).toMatch(
      /^答复期限（2026年11月\d{1,2}日）已过，不能再申请延期/,
    );
    const page = await casePageOf(d, caseNumber, tax);
    expect(page).toContain('data-testid="closed-action">「申请延期」现在不能办理：答复期限');
    expect(page).toContain('data-testid="closed-action">「申请退回」现在不能办理：退回须在派单后');
  });
});
