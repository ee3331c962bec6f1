/**
 * The unit whose clerk registers a case at a window sees the payer in full, though another unit
 * handles it: the clerk prints, signs and files the registration form (seed 三(一)3, annex 2),
 * which a masked name and ID number would make useless. Any other unit still sees them masked.
 */
import { describe, expect, it } from 'vitest';
import { RegisterCaseSchema } from '#contracts/staff.ts';
import { deliverToInbox } from '#core/intake.ts';
import { registerCase, staffCase } from '#core/staff.ts';
import { caseRequest } from '#test/fixtures/cases.ts';
import { memoryDeps } from '#test/fixtures/ports.ts';

const clerk = { user: 'hrss.staff', unit: 'hrss', role: 'staff' } as const;
const tax = { user: 'tax.staff', unit: 'tax', role: 'staff' } as const;
const office = { user: 'office.staff', unit: 'office', role: 'staff' } as const;

describe('a case registered at another unit’s window', () => {
  it('shows the payer in full to the registering unit and the holder, masked to the rest', async () => {
    // Prepare: the human resources bureau's window registers a tax matter
    const d = memoryDeps('2026-11-02T02:00:00Z');
    const { payer, matters, description } = caseRequest();
    const input = RegisterCaseSchema.parse({
      channel: 'walk-in',
      registeredOn: '2026-11-02',
      visitedAt: '2026-11-02T09:30',
      payer,
      matters,
      description,
    });
    const { caseNumber } = await registerCase(input, clerk, d);
    await deliverToInbox(caseNumber, 'tax', d);

    // Act
    const [byClerk, byHolder] = [
      await staffCase(caseNumber, clerk, d),
      await staffCase(caseNumber, tax, d),
    ];

    // Assess
    expect(byClerk.holder).toBe('tax');
    for (const view of [byClerk, byHolder]) {
      expect(view.masked).toBe(false);
      expect(view.payer.name).toBe(payer.name);
      expect(view.payer.idNumber).toBe(payer.idNumber);
    }
    const byOffice = await staffCase(caseNumber, office, d);
    expect(byOffice.masked).toBe(true);
    expect(byOffice.payer.idNumber).not.toBe(payer.idNumber);
  });
});
