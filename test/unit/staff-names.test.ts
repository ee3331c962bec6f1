/**
 * The case's history and records name members of staff by their display name, kept on each step
 * (the actor's `name`), not by their account id; an account without a name is shown by its id.
 */
import { describe, expect, it } from 'vitest';
import type { StaffCaseView } from '#contracts/staff.ts';
import { DEFAULT_DEADLINES } from '#core/deadlines.ts';
import type { Principal } from '#core/principal.ts';
import { performAction, staffCase } from '#core/staff.ts';
import { casePage } from '#functions/pages/staff/case.ts';
import { casePageOf } from '#test/fixtures/case-page.ts';
import { caseInInbox, memoryDeps } from '#test/fixtures/ports.ts';
import { staffCaseView } from '#test/fixtures/staff-view.ts';

const staff: Principal = { user: 'tax.staff', unit: 'tax', role: 'staff', name: '王晓丽' };
const head: Principal = { user: 'tax.head', unit: 'tax', role: 'head' };

/** The case page as the tax head reads it on 2026-12-04. */
const headsPage = (view: StaffCaseView) =>
  casePage(
    view,
    { principal: head, name: '税务负责人', csrf: 'c'.repeat(32) },
    { today: '2026-12-04', policy: DEFAULT_DEADLINES },
  ).text;

describe('staff names in the case history', () => {
  it('keeps the display name on the step and shows it in the history and the extension request', async () => {
    // Prepare: a case in tax's inbox
    const d = memoryDeps('2026-12-04T02:00:00Z');
    const caseNumber = await caseInInbox(d, { unit: 'tax' });

    // Act: a named member of staff signs for it and asks for more time
    await performAction(caseNumber, { type: 'sign-for' }, staff, d);
    await performAction(
      caseNumber,
      { type: 'request-extension', days: 5, reason: '需调取档案' },
      staff,
      d,
    );

    // Assess: the stored steps carry the name beside the account
    const steps = (await d.store.timeline(caseNumber)).filter((e) => e.actor.kind === 'staff');
    expect(steps.map((e) => e.actor)).toEqual([
      { kind: 'staff', unit: 'tax', user: 'tax.staff', name: '王晓丽' },
      { kind: 'staff', unit: 'tax', user: 'tax.staff', name: '王晓丽' },
    ]);
    // …and the head reads the name, in the history and beside the request to decide
    const view = await staffCase(caseNumber, head, d);
    expect(view.timeline.at(-1)?.actor.name).toBe('王晓丽');
    const page = headsPage(view);
    expect(page).toContain('· 旗税务局 王晓丽</span>');
    expect(page).toMatch(/<dt[^>]*>申请人<\/dt>\s*<dd[^>]*>王晓丽<\/dd>/);
    // …with what the decision changes: signed for on Friday 12-04, answer due 12-25; five more
    // working days run past New Year's Day into 2027, whose schedule is not yet entered.
    expect(view.extension?.wouldBe).toEqual({ due: '2027-01-04', covered: false });
    expect(page).toMatch(/<dt[^>]*>现在的期限<\/dt>\s*<dd[^>]*><time datetime="2026-12-25">/);
    expect(page).toMatch(
      /<dt[^>]*>同意后延至<\/dt>\s*<dd[^>]*><time datetime="2027-01-04">2027年1月4日<\/time>（该年节假日安排未公布，可能调整）/,
    );
    expect(page).not.toContain('tax.staff');
  });

  it('shows the account id for an account without a display name', async () => {
    // Prepare
    const d = memoryDeps('2026-12-04T02:00:00Z');
    const caseNumber = await caseInInbox(d, { unit: 'tax' });

    // Act: the head, who has no name in this directory, signs for it
    await performAction(caseNumber, { type: 'sign-for' }, head, d);

    // Assess
    const last = (await d.store.timeline(caseNumber)).at(-1);
    expect(last?.actor).toEqual({ kind: 'staff', unit: 'tax', user: 'tax.head' });
    const page = await casePageOf(d, caseNumber, head);
    expect(page).toContain('· 旗税务局 tax.head</span>');
  });

  it('names who uploaded a file by the name of their upload step', () => {
    // Prepare: 王晓丽 attached a scanned form
    const view = staffCaseView({
      attachments: [
        {
          id: 'a1',
          name: '工资表.pdf',
          contentType: 'application/pdf',
          size: 2048,
          uploadedBy: 'tax.staff',
          at: '2026-12-04T02:00:00Z',
        },
      ],
      timeline: [
        {
          seq: 2,
          at: '2026-12-04T02:00:00Z',
          transition: 'attach',
          from: 'accepted',
          to: 'accepted',
          note: '已上传案卷材料',
          actor: { kind: 'staff', unit: 'tax', user: 'tax.staff', name: '王晓丽' },
        },
      ],
    });

    // Act
    const page = headsPage(view);

    // Assess
    expect(page).toContain('<td data-label="上传人">王晓丽</td>');
    expect(page).not.toContain('tax.staff');
  });
});
