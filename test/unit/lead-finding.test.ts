/**
 * A lead (线索: an online post, a petition lead, an anonymous call) is handed to the responsible
 * unit to look into (seed 二(二)11–12), not a payer's dispute: nobody holds its access code. A
 * staff review found one treated as a payer all the way: an SMS telling an anonymous caller to look
 * the answer up with a code they never had, a follow-up visit owed to nobody, an archive waiting 15
 * working days for a stance nobody could take, and a notice of remedies addressed to a screen name.
 */
import { describe, expect, it } from 'vitest';
import { RegisterCaseSchema } from '#contracts/staff.ts';
import { DEFAULT_DEADLINES } from '#core/deadlines.ts';
import { deliverToInbox } from '#core/intake.ts';
import { renderNotification } from '#core/notifications.ts';
import { payerDecision } from '#core/payer-view.ts';
import { performAction, registerCase, staffCase } from '#core/staff.ts';
import { ActionRefusedError } from '#core/transitions.ts';
import { casePage } from '#functions/pages/staff/case.ts';
import { printPage } from '#functions/pages/staff/print.ts';
import { caseRequest } from '#test/fixtures/cases.ts';
import { memoryDeps, memoryLimiter } from '#test/fixtures/ports.ts';

const clerk = { user: 'cyberspace.staff', unit: 'cyberspace', role: 'staff' } as const;
const tax = { user: 'tax.staff', unit: 'tax', role: 'staff' } as const;

/** An anonymous caller's lead, with a mobile, naming an employer; in tax's inbox. */
async function leadInInbox() {
  const d = memoryDeps('2026-11-02T02:00:00Z');
  const { matters, description } = caseRequest();
  const input = RegisterCaseSchema.parse({
    channel: 'online-opinion',
    registeredOn: '2026-11-02',
    visitedAt: '2026-11-02T09:30',
    payer: {
      kind: 'lead',
      name: '草原小李',
      phone: '13812345678',
      source: { kind: 'online-post', reference: 'https://bbs.example.cn/t/8841' },
    },
    counterparty: { kind: 'organization', name: '赤峰某某建材有限公司', phone: '13900001111' },
    matters,
    description,
  });
  const { caseNumber, accessCode } = await registerCase(input, clerk, d);
  await deliverToInbox(caseNumber, 'tax', d);
  await performAction(caseNumber, { type: 'sign-for' }, tax, d);
  d.notifier.sent.length = 0;
  return { d, caseNumber, accessCode };
}

const viewer = { principal: tax, name: '税务局窗口', csrf: 'c'.repeat(32) };

describe('a lead answered by the unit that looked into it', () => {
  it('texts only the named other party, owes no visit and no stance, and is archived at once', async () => {
    const { d, caseNumber, accessCode } = await leadInInbox();

    // Act
    const answered = await performAction(
      caseNumber,
      { type: 'respond', answer: '经核查，该公司已为全部职工补缴 2024 年养老保险费。' },
      tax,
      d,
    );

    // Assess: no SMS to the lead's phone; the other party hears of it, and the cyberspace office
    // that registered the lead hears of the finding by e-mail
    expect(
      d.notifier.sent.map((m) =>
        'phone' in m ? [m.kind, m.phone] : 'unit' in m ? [m.kind, m.unit] : [m.kind],
      ),
    ).toEqual([
      ['counterparty-answered', '13900001111'],
      ['case-news', 'cyberspace'],
    ]);
    const news = d.notifier.sent.find((m) => m.kind === 'case-news');
    expect(news && renderNotification(news).body).toBe(
      `旗委网信办：争议案件 ${caseNumber} 登记的线索已有核查处理结果，可据此做好舆情应对或信访答复，请登录系统查看。`,
    );
    const stored = await d.store.get(caseNumber);
    expect(stored?.followUp).toBeUndefined();
    expect(stored?.toldObjectBy).toBeUndefined();
    expect(answered.objectionWindow).toBeUndefined();
    // The notice is served on the other party before the file closes (a staff review, 2026-12-05)
    expect(answered.work.filter((w) => w.state === 'open').map((w) => [w.kind, w.unit])).toEqual([
      ['serve', 'tax'],
      ['archive', 'tax'],
    ]);
    expect(answered.allowedActions).toContain('record-service');
    expect(answered.allowedActions).not.toContain('archive');
    expect(answered.allowedActions).not.toContain('record-decision');
    expect(answered.allowedActions).not.toContain('record-follow-up');
    expect(answered.reissuesAccessCode).toBeUndefined();
    await expect(
      performAction(
        caseNumber,
        { type: 'record-decision', decision: 'accept', channel: 'phone', on: '2026-11-02' },
        tax,
        d,
      ),
    ).rejects.toThrow();

    // Counted for timeliness, not among the answered cases of the acceptance rate (a review: a
    // lead never accepted would only lower it)
    const counts = await d.aggregates.sum('2026-11-02', '2026-11-02');
    expect(counts.get('answer-ontime#tax')?.n).toBe(1);
    expect([...counts.keys()].filter((k) => /responded/.test(k))).toEqual([]);
    // The page says what is left, and waits for no one's stance
    const page = casePage(answered, viewer, {
      today: '2026-11-02',
      policy: DEFAULT_DEADLINES,
    }).text;
    expect(page).toContain('data-testid="case-next">核查处理结果已提交，待整理案卷归档</span>');
    // Whoever holds the code (the JSON API still returns it) cannot record a stance either
    await expect(
      payerDecision(
        caseNumber,
        accessCode,
        { decision: 'accept' },
        { ...d, limiter: memoryLimiter(d.clock), client: 'c', warn: () => undefined },
      ),
    ).rejects.toBeInstanceOf(ActionRefusedError);

    await expect(performAction(caseNumber, { type: 'archive' }, tax, d)).rejects.toThrow(
      '书面答复告知书还没有送达争议另一方：请先记录送达情况，再归档。',
    );
    await performAction(
      caseNumber,
      { type: 'record-service', method: 'post', on: '2026-11-02', note: 'EMS 1234567890' },
      tax,
      d,
    );
    const archived = await performAction(caseNumber, { type: 'archive' }, tax, d);
    expect(archived.status).toBe('archived');
    expect(archived.counterpartyServed).toMatchObject({ method: 'post', on: '2026-11-02' });
  });

  it('prints as a finding for the file, with its source, and the other party’s notice beside it', async () => {
    const { d, caseNumber } = await leadInInbox();
    await performAction(
      caseNumber,
      { type: 'respond', answer: '经核查，该公司已为全部职工补缴 2024 年养老保险费。' },
      tax,
      d,
    );
    const view = await staffCase(caseNumber, tax, d);

    // Act
    const { status, page: html } = printPage('answer', viewer, caseNumber, view, {
      answerUrl: 'https://example.cn/answer/',
      policy: DEFAULT_DEADLINES,
    });
    expect(status).toBe(200);
    const page = html.text;

    // Assess
    const [finding, other] = page.split('<article').slice(1);
    expect(finding).toContain('线索核查处理情况');
    expect(finding).toContain(
      '2026年11月2日登记的线索，来源：网络发帖（https://bbs.example.cn/t/8841）；反映人：草原小李。经核查，处理情况如下：',
    );
    expect(finding).not.toContain('行政复议');
    expect(finding).not.toContain('查询码');
    expect(finding).not.toContain('视为没有异议');
    expect(other).toContain('书面答复告知书');
    expect(other).toContain('赤峰某某建材有限公司：');
    expect(other).toContain('有关方面于2026年11月2日反映');
  });
});

describe('a lead’s forms and case page', () => {
  it('say when it came, not 来访; send its notice to the other party alone; and name the source’s phone as theirs', async () => {
    // Prepare: the lead answered
    const { d, caseNumber } = await leadInInbox();
    await performAction(caseNumber, { type: 'respond', answer: '经核查，已补缴。' }, tax, d);
    const view = await staffCase(caseNumber, tax, d);
    const words = (s: string) => s.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    const print = (form: 'registration' | 'catalogue') =>
      words(printPage(form, viewer, caseNumber, view, { policy: DEFAULT_DEADLINES }).page.text);

    // Act
    const [registration, catalogue] = [print('registration'), print('catalogue')];
    const page = casePage(view, viewer, { today: '2026-11-02', policy: DEFAULT_DEADLINES }).text;

    // Assess
    expect(registration).toContain('收到时间：2026年11月2日 09:30');
    expect(registration).not.toContain('来访时间');
    expect(catalogue).toContain('争议另一方一份');
    expect(catalogue).not.toContain('缴费人、争议另一方各一份');
    expect(page).toContain('更正线索提供人的联系电话');
    expect(page).not.toContain('更正缴费人的联系电话');
  });
});
