/**
 * The meetings of a joint case reach those who hold or attend them (a leaders' review, 2026-12-05):
 * the consultation meeting 旗政府办 convenes (seed 二(二)2) had its day and place recorded on the
 * case and sent to no one, and the leading group never heard of a major case whose 专题会议 it is
 * to organize (seed 三(四)).
 */
import { describe, expect, it } from 'vitest';
import { renderNotification } from '#core/notifications.ts';
import { payerView } from '#core/payer-view.ts';
import { performAction } from '#core/staff.ts';
import {
  CONSULTATION,
  classifiedJointCase,
  memoryDeps,
  memoryLimiter,
  proposedMajorCase,
  testIds,
} from '#test/fixtures/ports.ts';

const office = { user: 'office.staff', unit: 'office', role: 'staff' } as const;
const govOffice = { user: 'gov-office.staff', unit: 'gov-office', role: 'staff' } as const;

describe('a convened consultation meeting', () => {
  it('tells the office, the lead and the case’s units its day and place, and not 旗政府办', async () => {
    // Prepare: a joint case of tax and si-center, general, si-center leading; the office asks
    // 旗政府办 to convene the meeting
    const d = memoryDeps('2026-12-01T02:00:00Z');
    const caseNumber = await classifiedJointCase(d, 'general');
    await performAction(
      caseNumber,
      { type: 'request-convening', note: '两单位对欠费分段意见不一。' },
      office,
      d,
    );
    d.notifier.sent.length = 0;

    // Act
    await performAction(
      caseNumber,
      { type: 'record-convening', date: '2026-12-08', place: '旗政府三楼会议室' },
      govOffice,
      d,
    );

    // Assess
    const called = d.notifier.sent.filter((m) => m.kind === 'meeting-called');
    expect(called.map((m) => m.unit).sort()).toEqual(['office', 'si-center', 'tax']);
    expect(called[0]).toEqual({
      kind: 'meeting-called',
      unit: 'office',
      caseNumber,
      date: '2026-12-08',
      place: '旗政府三楼会议室',
    });
    const mail = renderNotification(called[0] as (typeof called)[number]);
    expect(mail).toMatchObject({
      channel: 'email',
      to: 'office',
      link: `/staff/cases/${caseNumber}`,
    });
    expect(mail.subject).toBe(`会商会议：${caseNumber} 2026年12月8日，旗政府三楼会议室`);
    expect(mail.body).toContain('时间 2026年12月8日，地点 旗政府三楼会议室');
    expect((await d.store.get(caseNumber))?.convening).toMatchObject({
      date: '2026-12-08',
      place: '旗政府三楼会议室',
    });
  });
});

describe('an approved proposal of a major case', () => {
  const taxHead = { user: 'tax.head', unit: 'tax', role: 'head' } as const;

  it('asks the leading group to hold the 专题会议, and a refused one does not', async () => {
    // Prepare: a major case, hrss leading, its proposal sent to the leading-group office
    const d = memoryDeps('2026-12-01T02:00:00Z');
    const refused = await proposedMajorCase(d, { lead: 'hrss' });
    const approved = await proposedMajorCase(d, { lead: 'hrss' });
    d.notifier.sent.length = 0;

    // Act
    await performAction(refused, { type: 'approve-proposal', approve: false }, taxHead, d);
    await performAction(approved, { type: 'approve-proposal', approve: true }, taxHead, d);

    // Assess
    const asked = d.notifier.sent.filter((m) => m.kind === 'special-meeting-requested');
    expect(asked).toEqual([
      {
        kind: 'special-meeting-requested',
        caseNumber: approved,
        serial: '[2026]第(1)号',
        lead: 'hrss',
      },
    ]);
    const mail = renderNotification(asked[0] as (typeof asked)[number]);
    expect(mail).toMatchObject({
      channel: 'email',
      to: 'leading-group',
      posts: ['leader', 'deputy-1', 'deputy-2', 'tax', 'hrss'],
      link: `/staff/cases/${approved}`,
    });
    expect(mail.subject).toBe(
      `提请召开专题会议：重大疑难争议 ${approved}（报送编号[2026]第(1)号）`,
    );
    expect(mail.body).toContain('牵头单位为旗人力资源和社会保障局');
    expect(mail.body).toContain('现提请领导小组组织相关部门召开专题会议研究');
  });
});

describe('a consultation, as the payer reads it', () => {
  it('names the meeting’s own day, not the day it was recorded', async () => {
    // Prepare: classified on Thursday 26 November; the meeting that day, recorded the next
    const d = memoryDeps('2026-11-26T02:00:00Z');
    const caseNumber = await classifiedJointCase(d, 'general');
    d.clock.set('2026-11-27T02:00:00Z');

    // Act
    await performAction(caseNumber, CONSULTATION, office, d);
    const view = await payerView(caseNumber, testIds.accessCode(), {
      ...d,
      limiter: memoryLimiter(d.clock),
      client: 'client-a',
    });

    // Assess
    expect(view?.timeline.at(-1)?.note).toBe('相关部门已于2026年11月26日开会商量，形成了处理意见');
  });
});
