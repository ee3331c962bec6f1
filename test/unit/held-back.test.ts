/**
 * An item a unit owes but may not do yet says why on the case page (`heldBack`): a major case's
 * answer waits for the special handling's written opinion (seed 三(一)2(2)), a general one's for
 * the consultation the office owes (seed 三(一)2(1)).
 */
import { describe, expect, it } from 'vitest';
import { InboxQuerySchema } from '#contracts/staff.ts';
import { DEFAULT_DEADLINES } from '#core/deadlines.ts';
import { renderNotification } from '#core/notifications.ts';
import { inbox, performAction, staffCase } from '#core/staff.ts';
import { openWork } from '#core/work.ts';
import { casePage } from '#functions/pages/staff/case.ts';
import { inboxPage } from '#functions/pages/staff/inbox.ts';
import { CONSULTATION, classifiedJointCase, memoryDeps } from '#test/fixtures/ports.ts';

const office = { user: 'office.staff', unit: 'office', role: 'staff' } as const;
const lead = { user: 'si-center.staff', unit: 'si-center', role: 'staff' } as const;
const leadingGroupOffice = { user: 'tax.head', unit: 'tax', role: 'head' } as const;

describe('an owed answer held back by a rule', () => {
  it('says why on the lead unit’s case, until the written opinion lets the answer through', async () => {
    // Prepare: a joint case the office classifies as major, with si-center leading
    const d = memoryDeps('2026-11-26T02:00:00Z');
    const caseNumber = await classifiedJointCase(d, 'major');
    const owed = openWork((await d.store.get(caseNumber)) ?? {}).filter(
      (w) => w.unit === 'si-center',
    );

    // Act
    const before = await staffCase(caseNumber, lead, d);

    // Assess: while nothing lets it answer, the lead is told why
    expect(owed.map((w) => w.kind)).toContain('answer');
    expect(before.allowedActions).not.toContain('respond');
    expect(before.heldBack).toEqual([
      {
        action: 'respond',
        reason:
          '重大疑难争议须先由领导小组办公室审批拟办意见，并形成专案书面意见，才能答复缴费人。',
      },
    ]);
    const page = casePage(
      before,
      { principal: lead, name: '社保中心窗口', csrf: 'c'.repeat(32) },
      { today: '2026-11-26', policy: DEFAULT_DEADLINES },
    ).text;
    expect(page).toContain(
      'data-testid="held-back">「书面答复缴费人」暂时还不能办理：重大疑难争议须先由领导小组办公室审批拟办意见',
    );
    // …and nobody who owes nothing is told anything.
    expect((await staffCase(caseNumber, office, d)).heldBack).toBeUndefined();

    // Act: the proposal, its approval and the written opinion
    await performAction(
      caseNumber,
      {
        type: 'record-proposal',
        contactName: '李四',
        contactPhone: '0476-1234567',
        summary: '摘要',
        proposedOpinion: '拟办意见',
      },
      office,
      d,
    );
    await performAction(
      caseNumber,
      { type: 'approve-proposal', approve: true },
      leadingGroupOffice,
      d,
    );
    // The written opinion waits for the 专题会议 (seed 三(四)), and says so where it is owed.
    expect((await staffCase(caseNumber, office, d)).heldBack).toEqual([
      {
        action: 'record-written-opinion',
        reason: '重大疑难争议须先召开专题会议会商研究，记录会议纪要后，才能形成书面意见。',
      },
    ]);
    await performAction(
      caseNumber,
      {
        type: 'record-special-meeting',
        date: '2026-11-26',
        units: ['tax', 'si-center', 'medical'],
        positions: [
          { unit: 'tax', position: '2024 年 4 月起的部分由税务局核实。' },
          { unit: 'si-center', position: '此前的部分由社保中心核实。' },
          { unit: 'medical', position: '医保部分无争议。' },
        ],
        conclusion: '分段核实，由社保中心牵头答复。',
        minutes: '会议纪要。',
      },
      office,
      d,
    );
    const meeting = (await d.store.get(caseNumber))?.consultations?.at(-1);
    expect(meeting).toMatchObject({
      kind: 'special-meeting',
      lead: 'si-center',
      recordedBy: 'office.staff',
    });
    expect((await d.store.get(caseNumber))?.lead).toBe('si-center');
    await performAction(
      caseNumber,
      { type: 'record-written-opinion', opinion: '书面意见' },
      office,
      d,
    );
    const after = await staffCase(caseNumber, lead, d);

    // Assess
    expect(after.allowedActions).toContain('respond');
    expect(after.heldBack).toBeUndefined();
    // The lead hears that its answer no longer waits, once.
    expect(d.notifier.sent.filter((m) => m.kind === 'case-news')).toEqual([
      { kind: 'case-news', unit: 'si-center', caseNumber, news: 'written-opinion' },
    ]);
    expect(
      renderNotification({
        kind: 'case-news',
        unit: 'si-center',
        caseNumber,
        news: 'written-opinion',
      }),
    ).toMatchObject({
      to: 'si-center',
      subject: `办理情况：${caseNumber} 专案书面意见已形成，请牵头单位据此书面答复缴费人`,
    });
    // The office holds the case but does not answer it: the lead unit does (seed 三(一)2).
    expect((await staffCase(caseNumber, office, d)).allowedActions).not.toContain('respond');
    await expect(
      performAction(caseNumber, { type: 'respond', answer: '答复' }, office, d),
    ).rejects.toThrow('这件争议由牵头单位旗社会保险事业服务中心书面答复缴费人。');
    expect((await d.store.get(caseNumber))?.answer).toBeUndefined();
  });
});

describe('a general joint case before its consultation', () => {
  it('puts 组织会商 in the office’s work and holds the lead’s answer back until it is recorded', async () => {
    // Prepare: a joint case the office classifies as general, with si-center leading
    const d = memoryDeps('2026-11-26T02:00:00Z');
    const caseNumber = await classifiedJointCase(d, 'general');

    // Act
    const before = await staffCase(caseNumber, lead, d);

    // Assess: the office owes the consultation, ten working days on (policy `consult`), within
    // the case's twenty; the lead owes the answer but is told why it must wait
    const open = openWork((await d.store.get(caseNumber)) ?? {});
    expect(open.map((w) => [w.kind, w.unit, w.due])).toEqual([
      ['answer', 'si-center', '2026-12-24'],
      ['consult', 'office', '2026-12-10'],
    ]);
    expect(before.allowedActions).not.toContain('respond');
    // The lead's inbox says so on the item too, and the office's (or a leader's) look at it.
    const leadInbox = await inbox(lead, InboxQuerySchema.parse({}), d);
    const reason = '一般争议须先由工作室组织会商，记录会商意见后，才能答复缴费人。';
    expect(leadInbox.items.map((i) => [i.kind, i.heldBack])).toEqual([['answer', reason]]);
    const asked = await inbox(office, InboxQuerySchema.parse({ unit: 'si-center' }), d);
    expect(asked.items.map((i) => i.heldBack)).toEqual([reason]);
    expect(
      inboxPage(
        { principal: lead, name: '社保中心窗口', csrf: 'c'.repeat(32) },
        {
          unit: 'si-center',
          view: 'work',
          query: new URLSearchParams(),
          today: '2026-11-26',
          result: leadInbox,
        },
      ).text,
    ).toContain(`data-testid="held-back">暂时还不能办理：${reason}</span>`);
    // The office's own consultation item is not held back: nothing is said on it.
    const officeInbox = await inbox(office, InboxQuerySchema.parse({}), d);
    expect(officeInbox.items.map((i) => [i.kind, i.heldBack])).toEqual([['consult', undefined]]);
    // The office's page opens on the step it owes, before 「记录办理情况」 and the rest.
    const officeView = await staffCase(caseNumber, office, d);
    expect(officeView.allowedActions.slice(0, 2)).toEqual(['record-consultation', 'note']);
    const officePage = casePage(
      officeView,
      { principal: office, name: '工作室窗口', csrf: 'c'.repeat(32) },
      { today: '2026-11-26', policy: DEFAULT_DEADLINES },
    ).text;
    expect(officePage.match(/data-action="([a-z-]+)"/)?.[1]).toBe('record-consultation');
    expect(before.heldBack).toEqual([
      {
        action: 'respond',
        reason: '一般争议须先由工作室组织会商，记录会商意见后，才能答复缴费人。',
      },
    ]);
    await expect(
      performAction(caseNumber, { type: 'respond', answer: '答复' }, lead, d),
    ).rejects.toThrow('一般争议须先由工作室组织会商');
    expect((await d.store.get(caseNumber))?.answer).toBeUndefined();

    // Act: the office records the consultation
    await performAction(caseNumber, CONSULTATION, office, d);

    // Assess: the office's item is closed by the consultation, and the lead may answer
    const work = (await d.store.get(caseNumber))?.work ?? [];
    expect(work.find((w) => w.kind === 'consult')).toMatchObject({
      state: 'closed',
      closedBy: 'recordConsultation',
    });
    const after = await staffCase(caseNumber, lead, d);
    expect(after.allowedActions[0]).toBe('respond');
    expect(after.heldBack).toBeUndefined();
    const inboxAfter = await inbox(lead, InboxQuerySchema.parse({}), d);
    expect(inboxAfter.items.map((i) => [i.kind, i.heldBack])).toEqual([['answer', undefined]]);
  });
});
