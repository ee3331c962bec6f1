/**
 * The action table (functions/core/actions.ts) against the server: for every action, in every
 * state a case reaches, for every role and every relation a unit can have to the case, the page
 * offers the action exactly when the server accepts it. And each action opens and closes only the
 * kinds of work items its entry declares. No I/O: the core over map-backed ports.
 */
import { describe, expect, it } from 'vitest';
import { CreateCaseRequestSchema } from '#contracts/cases.ts';
import type { Action, ActionType } from '#contracts/staff.ts';
import { ACTION_TYPES, ACTIONS, allowedActions } from '#core/actions.ts';
import { defaultCalendar } from '#core/calendar.ts';
import type { CaseRecord } from '#core/case.ts';
import { DEFAULT_DEADLINES } from '#core/deadlines.ts';
import { makeResidentId } from '#core/identifiers.ts';
import { deliverToInbox, submitCase } from '#core/intake.ts';
import type { Role } from '#core/lifecycle.ts';
import type { Principal } from '#core/principal.ts';
import { performAction, type StaffDeps } from '#core/staff.ts';
import type { UnitId } from '#core/units.ts';
import { openWork, owes } from '#core/work.ts';
import { caseRequest, matter } from '#test/fixtures/cases.ts';
import { memoryDeps } from '#test/fixtures/ports.ts';

const NOW = '2026-11-26T02:00:00Z';
const TODAY = '2026-11-26';

function depsOver(records: CaseRecord[] = []) {
  const deps = memoryDeps(NOW) satisfies StaffDeps;
  for (const r of records) deps.store.cases.set(r.caseNumber, structuredClone(r));
  return deps;
}

const who = (unit: UnitId | null, role: Role = 'staff'): Principal => ({
  user: unit ? `${unit}.${role}` : role,
  unit,
  role,
});

/** A valid body for each action on `record`, so that only the table's own rules can refuse it. */
/** A meeting's record: the consultation's with its lead, the 专题会议's without. */
const MEETING = {
  date: TODAY,
  units: ['tax', 'si-center'],
  positions: [{ unit: 'tax', position: '同意' }],
  conclusion: '由社保中心牵头答复',
  minutes: '会议纪要',
};

/** `p`: who acts, where the body depends on it (the 督办 they owe). */
function sample(type: ActionType, record: CaseRecord, p: Principal = who('tax')): Action {
  const pendingFinance = (record.opinions ?? []).some(
    (o) => o.unit === 'finance' && o.opinion === undefined,
  );
  const bodies: Record<ActionType, Action> = {
    'sign-for': { type: 'sign-for' },
    return: { type: 'return', reason: 'not-our-duty', note: '不属于本单位', to: 'routing' },
    note: { type: 'note', note: '已电话联系缴费人' },
    'verify-payer': { type: 'verify-payer', idNumber: makeResidentId('150426', '19850607', '123') },
    'correct-phone': { type: 'correct-phone', phone: '13700001111', note: '登记时号码填错' },
    'correct-name': { type: 'correct-name', name: '赤峰市示例建材有限公司' },
    'decide-return': { type: 'decide-return', approve: true },
    'request-extension': { type: 'request-extension', days: 5, reason: '需调取档案' },
    'decide-extension': { type: 'decide-extension', approve: true },
    'request-opinion': {
      type: 'request-opinion',
      unit: pendingFinance ? 'justice' : 'finance',
      question: '退费是否合规？',
    },
    'record-opinion': { type: 'record-opinion', opinion: '合规' },
    respond: { type: 'respond', answer: '经核实，基数按规定核定。' },
    'record-decision': {
      type: 'record-decision',
      decision: 'accept',
      channel: 'window',
      on: TODAY,
    },
    archive: { type: 'archive' },
    'record-remedy': { type: 'record-remedy', outcome: 'in-progress', on: TODAY },
    classify: { type: 'classify', as: 'general', lead: 'si-center' },
    assign: { type: 'assign', unit: 'tax', note: '所属期都在 2024 年 4 月以后' },
    'record-consultation': { type: 'record-consultation', ...MEETING, lead: 'si-center' },
    // The same meeting, without a lead: a major case's lead was named when it was classified.
    'record-special-meeting': { type: 'record-special-meeting', ...MEETING },
    'request-convening': { type: 'request-convening', note: '涉及多个单位' },
    'record-convening': { type: 'record-convening', date: TODAY, place: '旗政府三楼会议室' },
    'record-proposal': {
      type: 'record-proposal',
      contactName: '李四',
      contactPhone: '0476-1234567',
      summary: '摘要',
      proposedOpinion: '拟办意见',
    },
    'approve-proposal': { type: 'approve-proposal', approve: true },
    'record-written-opinion': { type: 'record-written-opinion', opinion: '书面意见' },
    'record-follow-up': { type: 'record-follow-up', result: 'satisfied' },
    'record-service': { type: 'record-service', method: 'post', on: TODAY },
    supervise: { type: 'supervise', item: openWork(record)[0]?.id ?? 'none', note: '请尽快办理' },
    'answer-supervision': {
      type: 'answer-supervision',
      answer: '已于今日办结',
      // A 督办 opened by the payer's 不满意 owes the payer a further answer too (and only it).
      ...(record.supervisions?.find(
        (s) =>
          s.id ===
          openWork(record).find((w) => w.kind === 'supervision' && owes(w, p.unit, p.role))?.ref,
      )?.reason === 'dissatisfied'
        ? { toPayer: '经重新核实，核定无误。' }
        : {}),
    },
    'assign-task': { type: 'assign-task', unit: 'hrss', task: '核实劳动关系', due: '2026-12-10' },
    'report-assignment': { type: 'report-assignment', reply: '已核实' },
  };
  return bodies[type];
}

/** Performs actions in order as the given people, and gives the case after each named step. */
async function scenarios(): Promise<Map<string, CaseRecord>> {
  const states = new Map<string, CaseRecord>();
  const deps = depsOver();
  const file = async (
    matters: unknown[],
    o: { idPending?: boolean; counterparty?: Record<string, unknown> } = {},
  ) => {
    const request = CreateCaseRequestSchema.parse(
      caseRequest({ matters, ...(o.counterparty ? { counterparty: o.counterparty } : {}) }),
    );
    // A window's payer whose number is to be verified (issue 13): `verify-payer` applies to it.
    const payer = o.idPending ? { ...request.payer, idNumber: '', idPending: true } : request.payer;
    const channel = o.idPending ? 'walk-in' : 'online';
    return (await submitCase({ ...request, payer }, { channel }, deps)).caseNumber;
  };
  const get = async (n: string) => (await deps.store.get(n)) as CaseRecord;
  const doAs = (n: string, p: Principal, a: Action) => performAction(n, a, p, deps);
  const snap = async (name: string, n: string) => states.set(name, await get(n));

  // A single-unit case of the tax bureau, registered with the payer's number to be verified.
  const single = await file([matter()], { idPending: true });
  await snap('received', single);
  await deliverToInbox(single, 'tax', deps);
  await snap('assigned', single);
  await doAs(single, who('tax'), { type: 'sign-for' });
  await snap('accepted', single);
  await doAs(single, who('tax'), sample('request-extension', await get(single)));
  await snap('accepted, extension pending', single);
  await doAs(single, who('tax', 'head'), {
    type: 'decide-extension',
    approve: false,
    note: '期限内可以办完。',
  });
  await doAs(single, who('tax'), sample('request-opinion', await get(single)));
  await snap('accepted, opinion asked of finance', single);
  await doAs(single, who(null, 'leader'), sample('assign-task', await get(single)));
  await snap('accepted, task assigned to hrss', single);
  await doAs(single, who('tax'), sample('respond', await get(single)));
  await snap('responded', single);
  await doAs(single, who(null, 'leader'), sample('supervise', await get(single)));
  await snap('responded, supervised', single);
  await doAs(single, who('tax'), {
    type: 'record-follow-up',
    result: 'dissatisfied',
    note: '认为基数仍然偏高。',
  });
  await snap('responded, dissatisfied', single);
  await doAs(single, who('tax'), sample('record-decision', await get(single)));
  await snap('responded, accepted at the window', single);
  // The order the payer's 不满意 opened is tax's to answer before the archive.
  await doAs(single, who('tax'), sample('answer-supervision', await get(single)));
  await snap('responded, accepted, dissatisfaction answered', single);
  await doAs(single, who('tax'), { type: 'archive' });
  await snap('archived', single);

  // A clerk's return waiting for the head (DESIGN.md §1).
  const asked = await file([matter()]);
  await deliverToInbox(asked, 'tax', deps);
  await doAs(asked, who('tax'), sample('return', await get(asked)));
  await snap('assigned, return asked', asked);

  // With the other party named: its notice is to be served (送达) before the archive.
  const objected = await file([matter()], {
    counterparty: { kind: 'organization', name: '赤峰某某建材有限公司' },
  });
  await deliverToInbox(objected, 'tax', deps);
  await doAs(objected, who('tax'), { type: 'sign-for' });
  await doAs(objected, who('tax'), sample('respond', await get(objected)));
  await doAs(objected, who('tax'), {
    type: 'record-decision',
    decision: 'object',
    route: 'arbitration',
    channel: 'phone',
    on: TODAY,
  });
  await snap('objected', objected);

  // Joint cases: tax and si-center, through the office.
  const joint = [
    matter(),
    matter({ type: 'registration', period: { from: '2020-01', to: '2020-06' } }),
  ];
  const general = await file(joint);
  await deliverToInbox(general, 'office', deps);
  await snap('triage', general);
  await doAs(general, who('office'), { type: 'classify', as: 'general', lead: 'si-center' });
  await snap('consultation', general);
  await doAs(general, who('office'), sample('request-convening', await get(general)));
  await snap('consultation, convening asked', general);
  await doAs(general, who('office'), sample('record-consultation', await get(general)));
  await snap('consultation, consulted', general);

  const major = await file(joint);
  await deliverToInbox(major, 'office', deps);
  await doAs(major, who('office'), { type: 'classify', as: 'major', lead: 'si-center' });
  await snap('special handling', major);
  await doAs(major, who('office'), sample('record-proposal', await get(major)));
  await snap('special handling, proposal submitted', major);
  await doAs(major, who('tax', 'head'), { type: 'approve-proposal', approve: true });
  await snap('special handling, proposal approved', major);
  await doAs(major, who('office'), sample('record-special-meeting', await get(major)));
  await snap('special handling, special meeting held', major);
  await doAs(major, who('office'), sample('record-written-opinion', await get(major)));
  await snap('special handling, written opinion', major);
  return states;
}

const UNITS_TRIED: UnitId[] = [
  'tax',
  'si-center',
  'office',
  'finance',
  'justice',
  'gov-office',
  'hrss',
  'medical',
];
const PEOPLE: Principal[] = [
  ...UNITS_TRIED.flatMap((u) => [who(u, 'staff'), who(u, 'head')]),
  who(null, 'leader'),
  who(null, 'admin'),
];

describe('the action table', () => {
  it('offers an action exactly when the server accepts it: every action × state × role × unit', async () => {
    const states = await scenarios();
    expect(states.size).toBe(23);
    let offered = 0;
    let tried = 0;
    const mismatches: string[] = [];
    for (const [name, record] of states) {
      for (const p of PEOPLE) {
        const ctx = {
          record,
          p,
          today: TODAY,
          calendar: defaultCalendar,
          policy: DEFAULT_DEADLINES,
        };
        const offers = allowedActions(ctx);
        for (const type of ACTION_TYPES) {
          const deps = depsOver([record]);
          let accepted = true;
          try {
            await performAction(record.caseNumber, sample(type, record, p), p, deps);
          } catch {
            accepted = false;
          }
          tried++;
          if (offers.includes(type)) offered++;
          if (offers.includes(type) !== accepted) {
            mismatches.push(
              `${name} · ${p.user} · ${type}: offered ${offers.includes(type)}, accepted ${accepted}`,
            );
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    // The grid is real: many combinations are offered, most are not.
    expect(tried).toBe(states.size * PEOPLE.length * ACTION_TYPES.length);
    expect(offered).toBeGreaterThan(100);
    expect(offered).toBeLessThan(tried / 4);
  }, 60_000);

  it('opens and closes only the kinds of work items each entry declares', async () => {
    const states = await scenarios();
    const seen = new Map<ActionType, { opened: Set<string>; closed: Set<string> }>();
    for (const record of states.values()) {
      for (const p of PEOPLE) {
        for (const type of ACTION_TYPES) {
          const deps = depsOver([record]);
          try {
            await performAction(record.caseNumber, sample(type, record, p), p, deps);
          } catch {
            continue;
          }
          const after = deps.store.cases.get(record.caseNumber) as CaseRecord;
          const before = new Map((record.work ?? []).map((w) => [w.id, w]));
          const entry = seen.get(type) ?? { opened: new Set(), closed: new Set() };
          for (const w of after.work ?? []) {
            const was = before.get(w.id);
            if (!was && w.state === 'open') entry.opened.add(w.kind);
            if (was?.state === 'open' && w.state === 'closed') entry.closed.add(w.kind);
          }
          seen.set(type, entry);
        }
      }
    }
    for (const [type, { opened, closed }] of seen) {
      expect(
        [...opened].filter((k) => !ACTIONS[type].opens.includes(k as never)),
        type,
      ).toEqual([]);
      expect(
        [...closed].filter((k) => !ACTIONS[type].closes.includes(k as never)),
        type,
      ).toEqual([]);
    }
    // Every action was accepted at least once somewhere in the grid.
    expect([...seen.keys()].sort()).toEqual([...ACTION_TYPES].sort());
  }, 60_000);
});
