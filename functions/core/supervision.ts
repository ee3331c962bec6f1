/**
 * The hourly supervision sweep (seed 四(四): 监督考核; DESIGN.md §6): over the open work items only
 * (never the archive), it first counts again the provisional dates whose year's holidays are now
 * entered (redate.ts), then chases each overdue item the next working day and escalates it to the
 * leading group after the policy's days; it takes a payer's silence past the objection window as
 * acceptance; it re-sends cases stuck in routing, and names units whose returns this month pass
 * the threshold. Every step is a conditional write of its own: a second run changes nothing.
 */
import type { WorkingCalendar } from './calendar.ts';
import { type CaseRecord, summaryOf } from './case.ts';
import { reconcileDispatch } from './intake.ts';
import { NotAllowedError } from './lifecycle.ts';
import { notifySafely, payerSms } from './notifications.ts';
import type {
  Aggregates,
  CaseStore,
  Clock,
  Dispatcher,
  Notification,
  Notifier,
  Settings,
  WorkRow,
} from './ports.ts';
import { directsLeadingGroupOffice, type Principal, seesAll } from './principal.ts';
import { redated } from './redate.ts';
import { shanghaiDate } from './time.ts';
import { applyTransition, ConcurrentChangeError } from './transitions.ts';
import { UNIT_IDS, type UnitId } from './units.ts';
import {
  dissatisfactionUnanswered,
  saidDissatisfied,
  stanceSettled,
  type WorkItem,
} from './work.ts';

export interface SweepDeps {
  store: CaseStore;
  clock: Clock;
  settings: Settings;
  notifier: Notifier;
  dispatcher: Dispatcher;
  aggregates: Aggregates;
}

export interface SweepOutcome {
  redated: string[];
  chased: string[];
  supervised: string[];
  deemedAccepted: string[];
  /** Cases of a payer who said 不满意 whose window closed with no decision (lapseDissatisfied). */
  lapsed: string[];
  resent: string[];
  flagged: UnitId[];
  /** Steps that failed for another reason than a concurrent change: the case and the error's name. */
  failed: { caseNumber: string; error: string }[];
}

/** Returns a unit may make in a month before the leading group hears of it. */
export const RETURNS_FLAG_THRESHOLD = 3;

/** The open work items the sweep reads at most per run; the rest waits an hour. */
const SWEEP_LIMIT = 5000;
/** Answered cases the sweep looks at per run for the payer's silence. */
const SILENCE_LIMIT = 2000;

/** A courtesy: the timeline and the inbox marks are the record (notifications.ts). */
const notify = (deps: Pick<SweepDeps, 'notifier'>, message: Notification) =>
  notifySafely(deps.notifier, message);

/**
 * One step on one case; a concurrent change means another run or person got there first. Any other
 * failure (a case grown past the size limit, the store's retries run out) is recorded in `failed`
 * and the sweep goes on: items are read earliest-due first, so one case that fails every hour
 * would otherwise stop every chase, silence and flag after it, every hour.
 */
async function step(
  caseNumber: string,
  failed: SweepOutcome['failed'],
  run: () => Promise<unknown>,
): Promise<boolean> {
  try {
    await run();
    return true;
  } catch (error) {
    if (error instanceof ConcurrentChangeError) return false;
    failed.push({ caseNumber, error: error instanceof Error ? error.name : 'unknown' });
    return false;
  }
}

/**
 * The last day the payer may still object: the policy's working days after the answer, and never
 * before the day the payer was told (a later policy or holiday schedule may only lengthen it).
 * `told` when it is that day, because the count in force now would end earlier.
 */
export function objectionWindow(
  record: CaseRecord,
  calendar: WorkingCalendar,
  days: number,
): { last: string; told: boolean } | undefined {
  if (!record.answer) return undefined;
  const counted = calendar.addWorkingDays(shanghaiDate(new Date(record.answer.at)), days).date;
  return record.toldObjectBy && record.toldObjectBy > counted
    ? { last: record.toldObjectBy, told: true }
    : { last: counted, told: false };
}

export async function supervisionSweep(deps: SweepDeps): Promise<SweepOutcome> {
  const now = deps.clock.now();
  const today = shanghaiDate(now);
  const [calendar, policy] = await Promise.all([
    deps.settings.calendar(),
    deps.settings.deadlines(),
  ]);
  const out: SweepOutcome = {
    redated: [],
    chased: [],
    supervised: [],
    deemedAccepted: [],
    lapsed: [],
    resent: [],
    flagged: [],
    failed: [],
  };
  const system = { kind: 'system' } as const;

  // Provisional dates whose year is now in the calendar, counted again before anything is chased
  // on them. A case whose count changes nothing (a year in between still missing) is only read.
  let open = await deps.store.openWork(SWEEP_LIMIT);
  const provisional = new Set(
    open
      .filter(({ item }) => !item.covered && calendar.covers(item.due))
      .map((r) => r.case.caseNumber),
  );
  for (const caseNumber of provisional) {
    const current = await deps.store.get(caseNumber);
    const change = current && redated(current, calendar);
    if (!current || !change) continue;
    const done = await step(caseNumber, out.failed, () =>
      applyTransition(
        {
          caseNumber,
          current,
          name: 'redate',
          actor: system,
          expectedVersion: current.version,
          change: () => change,
        },
        deps,
      ),
    );
    if (done) out.redated.push(caseNumber);
  }
  if (out.redated.length > 0) open = await deps.store.openWork(SWEEP_LIMIT);

  // 催办 the working day after an item's due date; 督办 the policy's days after the chase. Each
  // item is marked on the case, with a timeline event, in one conditional write.
  for (const { item, case: c } of open) {
    const chaseOn = calendar.addWorkingDays(item.due, policy.chaseAfter).date;
    if (today < chaseOn) break; // the rest are due later still
    // The step, its count and the unit's notice are the same for 催办 and 督办.
    const escalate = async (
      name: 'chase' | 'supervise',
      field: 'chasedOn' | 'supervisedOn',
      notice: Notification,
    ) => {
      const done = await step(c.caseNumber, out.failed, () =>
        applyTransition(
          {
            caseNumber: c.caseNumber,
            name,
            actor: system,
            expectedVersion: c.version,
            change: (cur: CaseRecord) => ({
              work: (cur.work ?? []).map((w) => (w.id === item.id ? { ...w, [field]: today } : w)),
            }),
            detail: { dueDate: item.due, kind: item.kind, unit: item.unit },
            counts: [{ stat: name, key: item.unit, day: today }],
          },
          deps,
        ),
      );
      if (done) await notify(deps, notice);
      return done;
    };
    if (!item.chasedOn) {
      const notice: Notification = {
        kind: 'chase',
        unit: item.unit,
        caseNumber: c.caseNumber,
        dueDate: item.due,
        work: item.kind,
      };
      if (await escalate('chase', 'chasedOn', notice)) out.chased.push(c.caseNumber);
    } else if (!item.supervisedOn) {
      const superviseOn = calendar.addWorkingDays(item.chasedOn, policy.superviseAfter).date;
      if (today < superviseOn) continue;
      const notice: Notification = {
        kind: 'supervision',
        unit: item.unit,
        caseNumber: c.caseNumber,
        reason: 'overdue',
      };
      if (await escalate('supervise', 'supervisedOn', notice)) out.supervised.push(c.caseNumber);
    }
  }

  // The payer's silence (DESIGN.md §6): past the last day to object, the answer is accepted.
  for (const c of await deps.store.inStatus('responded', now.toISOString(), SILENCE_LIMIT)) {
    // A payer who said 不满意 at the follow-up is never told they accepted: once the leading
    // group's supervision is answered and the window is past, the case goes to the archive as it
    // stands (lapseDissatisfied), counted as neither accepted nor objected.
    if (stanceSettled(c) || dissatisfactionUnanswered(c)) continue;
    const last = objectionWindow(c, calendar, policy.silenceMeansAccept)?.last;
    if (!last || today <= last) continue;
    if (saidDissatisfied(c)) {
      const lapsed = await step(c.caseNumber, out.failed, () =>
        applyTransition(
          {
            caseNumber: c.caseNumber,
            name: 'lapseDissatisfied',
            actor: system,
            expectedVersion: c.version,
            change: (_cur, at) => ({ lapsed: { at, lastDay: last } }),
            detail: { lastDay: last },
          },
          deps,
        ),
      );
      if (lapsed) out.lapsed.push(c.caseNumber);
      continue;
    }
    const deemed = await step(c.caseNumber, out.failed, () =>
      applyTransition(
        {
          caseNumber: c.caseNumber,
          name: 'deemAccepted',
          actor: system,
          expectedVersion: c.version,
          change: (_cur, at) => ({ decision: { kind: 'accept', at, channel: 'silence' } }),
          detail: { lastDay: last },
        },
        deps,
      ),
    );
    if (deemed) {
      out.deemedAccepted.push(c.caseNumber);
      for (const message of payerSms(c, 'deemed-accepted')) await notify(deps, message);
    }
  }

  out.resent = (await reconcileDispatch(60, deps)).resent;

  // Units that return too often this month (seed 四(四): 推诿), named once a month.
  const month = today.slice(0, 7);
  const sums = await deps.aggregates.sum(`${month}-01`, today);
  for (const unit of UNIT_IDS) {
    const returns = sums.get(`returns#${unit}`)?.n ?? 0;
    if (returns > RETURNS_FLAG_THRESHOLD && (await deps.store.flagOnce(`returns#${month}`, unit))) {
      out.flagged.push(unit);
      await notify(deps, { kind: 'returns-flag', unit, month, returns });
    }
  }
  return out;
}

/** An overdue work item on the leaders' list, with how many working days it is late. */
export interface OverdueRow extends WorkRow {
  lateDays: number;
  /**
   * On the list of open orders: what was ordered, as the leader wrote it (the 督办's 要求, the
   * 交办's task; 「回访时缴费人不满意」 for the 督办 a 不满意 opened).
   */
  order?: string;
}

/**
 * Who may read the list of overdue work: leaders, the joint office, administrators, and the
 * leading-group office's director, who is sent its 督办 (principal.ts `directsLeadingGroupOffice`).
 */
export function maySupervise(p: Principal): boolean {
  return seesAll(p) || directsLeadingGroupOffice(p);
}

/**
 * Every open work item past its due date, across units (seed 四(四): 督查督办), by unit and then
 * the oldest first: the leaders' supervision list. At most `SWEEP_LIMIT` open items are read.
 */
export async function overdueWork(
  p: Principal,
  deps: Pick<SweepDeps, 'store' | 'clock' | 'settings'>,
): Promise<{ unit: UnitId; items: OverdueRow[] }[]> {
  if (!maySupervise(p)) throw new NotAllowedError('overdueWork');
  const today = shanghaiDate(deps.clock.now());
  const calendar = await deps.settings.calendar();
  const byUnit = new Map<UnitId, OverdueRow[]>();
  for (const row of await deps.store.openWork(SWEEP_LIMIT)) {
    if (row.item.due >= today) break; // the rest are not late yet
    const rows = byUnit.get(row.item.unit) ?? [];
    rows.push({ ...row, lateDays: calendar.workingDaysBetween(row.item.due, today) });
    byUnit.set(row.item.unit, rows);
  }
  return UNIT_IDS.filter((u) => byUnit.has(u)).map((unit) => ({
    unit,
    items: byUnit.get(unit) ?? [],
  }));
}

/**
 * What the leading group ordered and the units have not yet done: every open 答复督办 and
 * 办理交办 item, the earliest due first, each with its working days late (0 while in time). The
 * overdue list shows only what is late; a leader also follows an order before its date.
 */
export async function openOrders(
  p: Principal,
  deps: Pick<SweepDeps, 'store' | 'clock' | 'settings'>,
): Promise<OverdueRow[]> {
  if (!maySupervise(p)) throw new NotAllowedError('openOrders');
  const today = shanghaiDate(deps.clock.now());
  const calendar = await deps.settings.calendar();
  const rows = (await deps.store.openWork(SWEEP_LIMIT)).filter(
    (row) => row.item.kind === 'supervision' || row.item.kind === 'assignment',
  );
  const cases = await casesOf(rows, deps.store);
  return rows.map((row) => {
    const order = orderText(row.item, cases.get(row.case.caseNumber));
    return {
      ...row,
      lateDays: row.item.due < today ? calendar.workingDaysBetween(row.item.due, today) : 0,
      ...(order ? { order } : {}),
    };
  });
}

/** An order a unit answered, on the leaders' list of answers. */
export interface AnsweredOrderRow extends OverdueRow {
  /** The unit's answer to the 督办, or its report of the 交办's result (only answers close one). */
  answer?: string;
  /** The day it closed, in Beijing. */
  closedOn: string;
}

/** How many answered orders the leaders' list shows: the latest, a few months' worth. */
export const ANSWERED_ORDERS_LIMIT = 100;

/**
 * The leading group's orders the units have answered, the latest first: what was ordered, the
 * answer, and how many working days after its date it came (0 in time). The open orders show what
 * is still owed; this shows what came back, so that a leader can read it and order again.
 */
export async function answeredOrders(
  p: Principal,
  deps: Pick<SweepDeps, 'store' | 'settings'>,
): Promise<AnsweredOrderRow[]> {
  if (!maySupervise(p)) throw new NotAllowedError('answeredOrders');
  const calendar = await deps.settings.calendar();
  const rows = await deps.store.closedOrders(ANSWERED_ORDERS_LIMIT);
  const cases = await casesOf(rows, deps.store);
  return rows.map((row) => {
    const record = cases.get(row.case.caseNumber);
    const closedOn = shanghaiDate(new Date(row.item.closedAt ?? row.item.openedAt));
    const order = orderText(row.item, record);
    const answer = answerText(row.item, record);
    return {
      ...row,
      // The case as it is now: the row's summary is as of the order's closing.
      case: record ? summaryOf(record) : row.case,
      closedOn,
      lateDays: row.item.due < closedOn ? calendar.workingDaysBetween(row.item.due, closedOn) : 0,
      ...(order ? { order } : {}),
      ...(answer ? { answer } : {}),
    };
  });
}

/**
 * The cases of some rows, by number. What was ordered is on the case, not in the index: one read
 * a case, eight at a time, so that a long list does not send the table hundreds of reads at once.
 */
async function casesOf(
  rows: readonly WorkRow[],
  store: Pick<CaseStore, 'get'>,
): Promise<Map<string, CaseRecord | undefined>> {
  const cases = new Map<string, CaseRecord | undefined>();
  const numbers = [...new Set(rows.map((r) => r.case.caseNumber))];
  for (let i = 0; i < numbers.length; i += 8) {
    const batch = numbers.slice(i, i + 8);
    const read = await Promise.all(batch.map((n) => store.get(n)));
    for (const [k, n] of batch.entries()) cases.set(n, read[k]);
  }
  return cases;
}

/** The unit's answer to a 督办 item, or its report of a 交办's result, from its case. */
function answerText(item: WorkItem, record: CaseRecord | undefined): string | undefined {
  if (item.kind === 'assignment') {
    return record?.assignments?.find((a) => a.id === item.ref)?.reply;
  }
  return record?.supervisions?.find((o) => o.id === item.ref)?.answer;
}

/** What a 答复督办 or 办理交办 item was ordered to do, from its case. */
function orderText(item: WorkItem, record: CaseRecord | undefined): string | undefined {
  if (item.kind === 'assignment') {
    return record?.assignments?.find((a) => a.id === item.ref)?.task;
  }
  const s = record?.supervisions?.find((o) => o.id === item.ref);
  return s?.reason === 'dissatisfied'
    ? '回访时缴费人不满意，重新核实处理并再次答复缴费人'
    : s?.note;
}
