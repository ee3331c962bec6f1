/**
 * 旗公安局 (`police`), a member unit of the leading group (seed 二(一)) with no duty of its own in
 * 二(二): no routing rule names it, but a holder may ask it for an opinion, a consultation may
 * include it and a leader may assign it a task (DESIGN.md §2). No I/O: the core over map-backed
 * ports.
 */
import { describe, expect, it } from 'vitest';
import { CreateCaseRequestSchema } from '#contracts/cases.ts';
import { ActionSchema, InboxQuerySchema } from '#contracts/staff.ts';
import { deliverToInbox, submitCase } from '#core/intake.ts';
import { INSURANCE_TYPES, MATTER_TYPES } from '#core/matters.ts';
import { LEADING_GROUP_ROSTER } from '#core/roster.ts';
import { route } from '#core/routing.ts';
import { findStaffCase, inbox, performAction } from '#core/staff.ts';
import { UNIT_IDS, unitLabel } from '#core/units.ts';
import { openWork } from '#core/work.ts';
import { caseRequest, matter } from '#test/fixtures/cases.ts';
import { memoryDeps } from '#test/fixtures/ports.ts';

const tax = { user: 'tax.staff', unit: 'tax', role: 'staff' } as const;
const police = { user: 'police.staff', unit: 'police', role: 'staff' } as const;

const deps = () => memoryDeps('2026-11-26T02:00:00Z');

/** A single-unit case of the tax bureau, signed for. */
async function taxCase(d: ReturnType<typeof deps>): Promise<string> {
  const { caseNumber } = await submitCase(
    CreateCaseRequestSchema.parse(caseRequest({ matters: [matter()] })),
    { channel: 'online' },
    d,
  );
  await deliverToInbox(caseNumber, 'tax', d);
  await performAction(caseNumber, { type: 'sign-for' }, tax, d);
  return caseNumber;
}

describe('旗公安局 (police)', () => {
  it('is a unit with its label, between 网信办 and the joint office, and holds a post in the roster', () => {
    expect(UNIT_IDS.slice(-3)).toEqual(['cyberspace', 'police', 'office']);
    expect(unitLabel('police')).toBe('旗公安局');
    expect(LEADING_GROUP_ROSTER.filter((p) => p.unit === 'police')).toEqual([
      expect.objectContaining({ role: '成员' }),
    ]);
  });

  it('can be asked for an opinion, finds it in its inbox, and records it on the case', async () => {
    const d = deps();
    const caseNumber = await taxCase(d);
    // Before it is asked, the case is not police's to see.
    expect(await findStaffCase(caseNumber, police, d)).toBeUndefined();

    const asked = ActionSchema.parse({
      type: 'request-opinion',
      unit: 'police',
      question: '请核实该用人单位是否涉嫌骗取社会保险待遇。',
    });
    await performAction(caseNumber, asked, tax, d);

    const items = (await inbox(police, InboxQuerySchema.parse({}), d)).items;
    expect(items.map((i) => [i.caseNumber, i.kind])).toEqual([[caseNumber, 'opinion']]);
    const view = await findStaffCase(caseNumber, police, d);
    expect(view?.allowedActions).toContain('record-opinion');

    await performAction(
      caseNumber,
      { type: 'record-opinion', opinion: '经核查，未发现涉嫌犯罪线索。' },
      police,
      d,
    );

    const record = await d.store.get(caseNumber);
    expect(record?.opinions).toEqual([
      expect.objectContaining({
        unit: 'police',
        question: '请核实该用人单位是否涉嫌骗取社会保险待遇。',
        opinion: '经核查，未发现涉嫌犯罪线索。',
      }),
    ]);
    expect(openWork(record ?? ({} as never)).filter((w) => w.kind === 'opinion')).toEqual([]);
    const recorded = (await d.store.timeline(caseNumber)).filter(
      (e) => e.transition === 'recordOpinion',
    );
    expect(recorded.map((e) => [e.actor, e.detail])).toEqual([
      [expect.objectContaining({ unit: 'police' }), { unit: 'police' }],
    ]);
    // The case stays with the tax bureau, which answers the payer.
    expect(record?.holder).toBe('tax');
  });

  it('can take a leader’s assignment (交办) and report it done', async () => {
    const d = deps();
    const caseNumber = await taxCase(d);
    const leader = { user: 'leader', unit: null, role: 'leader' } as const;
    await performAction(
      caseNumber,
      { type: 'assign-task', unit: 'police', task: '协助核查用人单位情况', due: '2026-12-10' },
      leader,
      d,
    );
    await performAction(caseNumber, { type: 'report-assignment', reply: '已核查' }, police, d);

    const record = await d.store.get(caseNumber);
    expect(record?.assignments).toEqual([
      expect.objectContaining({ unit: 'police', task: '协助核查用人单位情况', reply: '已核查' }),
    ]);
  });

  it('is named by no routing rule, whatever the matter, insurance or period', () => {
    const periods = [
      { from: '2023-01', to: '2023-12' },
      { from: '2024-01', to: '2024-06' },
      { from: '2024-06', to: '2024-12' },
    ];
    for (const type of MATTER_TYPES)
      for (const insurance of INSURANCE_TYPES)
        for (const period of periods) {
          const request = CreateCaseRequestSchema.parse(
            caseRequest({ matters: [{ type, insurance: [insurance], period }] }),
          );
          const decision = route(request.matters);
          expect([...decision.units, ...decision.assisting], type).not.toContain('police');
        }
  });
});
