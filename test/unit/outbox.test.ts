/**
 * Who reads which sent message (core/outbox.ts): a security review found every unit's payers'
 * SMS, with full phone numbers, shown to any staff member on the outbox page.
 */
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '#core/case.ts';
import { maskPhone, type SentMessage, sentMessagesFor } from '#core/outbox.ts';
import type { Principal } from '#core/principal.ts';

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
    { caseNumber: '2026-000001', heldBy: ['tax'], holder: 'tax' } as unknown as CaseRecord,
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

  it('shows the office, leaders and administrators every message, still masked', async () => {
    for (const p of [who('office'), who(null, 'leader'), who(null, 'admin')]) {
      const all = await sentMessagesFor(p, deps);
      expect(all.map((m) => m.id)).toEqual(['3', '2', '1', '0']);
      expect(JSON.stringify(all)).not.toContain('13812345678');
    }
  });
});
