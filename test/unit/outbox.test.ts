/**
 * Who reads which sent message (core/outbox.ts): a security review found every unit's payers'
 * SMS, with full phone numbers, shown to any staff member on the outbox page.
 */
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '#core/case.ts';
import { maskPhone, type SentMessage, sentMessagesFor } from '#core/outbox.ts';
import type { Principal } from '#core/principal.ts';
import { outboxPage } from '#functions/pages/staff/outbox.ts';

const messages: SentMessage[] = [
  {
    id: '3',
    at: '2026-11-03T02:00:00Z',
    channel: 'sms',
    to: '13812345678',
    subject: '',
    body: '已答复',
    caseNumber: '2026-000001',
  },
  {
    id: '2',
    at: '2026-11-02T02:00:00Z',
    channel: 'email',
    to: 'tax',
    subject: '新案件 2026-000001',
    body: '…',
    caseNumber: '2026-000001',
  },
  {
    id: '1',
    at: '2026-11-01T02:00:00Z',
    channel: 'email',
    to: 'medical',
    subject: '新案件 2026-000002',
    body: '…',
    caseNumber: '2026-000002',
  },
  {
    id: '0',
    at: '2026-11-01T01:00:00Z',
    channel: 'email',
    to: 'leading-group',
    subject: '周报',
    body: '…',
  },
];
const cases = new Map([
  [
    '2026-000001',
    {
      caseNumber: '2026-000001',
      heldBy: ['tax'],
      holder: 'tax',
      routing: { mode: 'single', units: ['tax'], assisting: [], rules: [] },
    } as unknown as CaseRecord,
  ],
]);
const deps = {
  outbox: { list: async (limit: number) => messages.slice(0, limit) },
  store: { get: async (n: string) => cases.get(n) },
};
const who = (unit: Principal['unit'], role: Principal['role'] = 'staff'): Principal => ({
  user: 'u',
  unit,
  role,
});

describe('the outbox', () => {
  it('masks a phone number to its first three and last four digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('123')).toBe('****');
  });

  it('shows a unit the e-mail sent to it and the SMS of the cases it may see, masked', async () => {
    const tax = await sentMessagesFor(who('tax'), deps);
    expect(tax.map((m) => m.id)).toEqual(['3', '2']);
    expect(tax[0]?.to).toBe('138****5678');
    const medical = await sentMessagesFor(who('medical', 'head'), deps);
    expect(medical.map((m) => m.id)).toEqual(['1']);
  });

  it('shows no payer’s SMS to a unit that sees the case masked: one asked for an opinion, or the leading-group office’s director on another unit’s case', async () => {
    // Prepare: tax's case, on which justice was asked an opinion
    const asked = new Map([
      [
        '2026-000001',
        {
          ...(cases.get('2026-000001') as CaseRecord),
          opinions: [{ unit: 'justice', question: '？', requestedAt: '2026-11-02T02:00:00Z' }],
        } as CaseRecord,
      ],
    ]);
    const withOpinion = { ...deps, store: { get: async (n: string) => asked.get(n) } };
    const medicalCase = {
      ...deps,
      store: {
        get: async (n: string) =>
          n === '2026-000001'
            ? ({
                caseNumber: n,
                heldBy: ['medical'],
                holder: 'medical',
                routing: { mode: 'single', units: ['medical'], assisting: [], rules: [] },
              } as unknown as CaseRecord)
            : undefined,
      },
    };

    // Act
    const justice = await sentMessagesFor(who('justice'), withOpinion);
    const director = await sentMessagesFor(who('tax', 'head'), medicalCase);

    // Assess
    expect(justice.map((m) => m.id)).toEqual([]);
    expect(director.map((m) => m.id)).toEqual(['2']);
  });

  it('shows the office, leaders and administrators every message, still masked', async () => {
    for (const p of [who('office'), who(null, 'leader'), who(null, 'admin')]) {
      const all = await sentMessagesFor(p, deps);
      expect(all.map((m) => m.id)).toEqual(['3', '2', '1', '0']);
      expect(JSON.stringify(all)).not.toContain('13812345678');
    }
  });

  it('hides an access code sent by SMS from every reader, the administrator included (issue 13)', async () => {
    // Prepare
    const body =
      '【翁牛特旗社保费争议】您的争议（受理编号 2026-000001）新的查询码是 K7M2P9QRXW4A，原查询码已停止使用。';
    const withCode = {
      outbox: { list: async () => [{ ...(messages[0] as SentMessage), body }] },
      store: deps.store,
    };

    // Act
    const [admin] = await sentMessagesFor(who(null, 'admin'), withCode);
    const [tax] = await sentMessagesFor(who('tax'), withCode);

    // Assess: the code gone, the case number kept
    for (const m of [admin, tax]) {
      expect(m?.body).not.toContain('K7M2P9QRXW4A');
      expect(m?.body).toContain('新的查询码是 ************，');
      expect(m?.body).toContain('2026-000001');
    }
  });
});

describe('the outbox’s links to cases', () => {
  const viewer = { principal: who('tax'), name: 'u', csrf: 'token' };

  it('keeps a message’s link, gives a unit’s e-mail kept without one its case page, and SMS none', async () => {
    const linked: SentMessage = {
      ...messages[1],
      id: '4',
      link: '/staff/cases/2026-000001',
    } as SentMessage;
    const shown = await sentMessagesFor(who('tax'), {
      ...deps,
      outbox: { list: async () => [linked, ...messages] },
    });
    expect(shown.map((m) => [m.id, m.link])).toEqual([
      ['4', '/staff/cases/2026-000001'],
      ['3', undefined],
      ['2', '/staff/cases/2026-000001'],
    ]);
    const all = await sentMessagesFor(who(null, 'leader'), deps);
    expect(all.find((m) => m.id === '0')?.link).toBeUndefined();
  });

  it('renders a link 「打开案件」 to the case, and no link that leaves the site', () => {
    const base = messages[1] as SentMessage;
    const page = outboxPage({
      viewer,
      messages: [
        { ...base, id: 'a', link: '/staff/cases/2026-000001' },
        { ...base, id: 'b', caseNumber: '2026-000009', link: '//evil.example/x' },
        { ...base, id: 'c', caseNumber: '2026-000008', link: '/\\evil.example/x' },
        { ...base, id: 'd', caseNumber: '2026-000007', link: 'javascript:alert(1)' },
      ],
    }).text;
    expect(page).toContain(
      '<a href="/staff/cases/2026-000001" data-testid="message-link">打开案件<span class="visually-hidden"> 2026-000001</span></a>',
    );
    expect(page.match(/data-testid="message-link"/g)).toHaveLength(1);
    expect(page).not.toContain('evil.example/x"');
    expect(page).not.toContain('javascript:');
  });
});
