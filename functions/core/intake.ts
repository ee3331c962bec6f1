/**
 * The intake use cases (一站受理、审核转办, seed 一 and 三(一)): take a payer's dispute in, route
 * it by the rule table, hand it to the responsible unit's queue, and put it in that unit's inbox.
 */
import type { FieldError } from '#contracts/problem.ts';
import type { CaseRecord, Channel, Counterparty, Payer, Receiver, TimelineEvent } from './case.ts';
import { TRANSITIONS } from './lifecycle.ts';
import { intakeMetrics } from './metrics.ts';
import { notifySafely, reroutedSms } from './notifications.ts';
import type {
  CaseStore,
  Clock,
  Dispatcher,
  IdempotentOutcome,
  Ids,
  Notifier,
  Settings,
} from './ports.ts';
import { type RoutingDecision, route } from './routing.ts';
import { chineseDay, chineseMonth, shanghaiDate, shanghaiYear } from './time.ts';
import { applyTransition, ConcurrentChangeError } from './transitions.ts';
import { OFFICE, type UnitId } from './units.ts';

export interface IntakeDeps {
  store: CaseStore;
  dispatcher: Dispatcher;
  clock: Clock;
  ids: Ids;
  settings: Settings;
  notifier: Notifier;
}

export interface SubmittedCase {
  caseNumber: string;
  accessCode: string;
  status: CaseRecord['status'];
  routing: RoutingDecision;
  /** False when the queue message could not be sent; reconciliation will send it. */
  dispatched: boolean;
  /** True when this answers a retry of an earlier request with the same idempotency key. */
  replayed: boolean;
}

/** A dispute to register: the online request, or a window's registration (which may name a lead). */
export interface NewDispute {
  payer: Payer;
  matters: CaseRecord['matters'];
  description: string;
  counterparty?: Counterparty | undefined;
}

/** Raised when an idempotency key is reused with a different request body. */
export class IdempotencyKeyReuseError extends Error {
  constructor() {
    super('idempotency key reused with a different request');
    this.name = 'IdempotencyKeyReuseError';
  }
}

/**
 * Raised when a matter's period reaches past the current month: a fee not yet due cannot be in
 * dispute (issue 13: 2024-06 to 2031-05 was taken); also for a registration dated after today.
 * Each error has its field's pointer.
 */
export class FuturePeriodError extends Error {
  readonly errors: FieldError[];
  constructor(errors: FieldError[]) {
    super('a dispute period lies in the future');
    this.errors = errors;
    this.name = 'FuturePeriodError';
  }
}

/**
 * The period ends later than `month` (`YYYY-MM`, the current month in Asia/Shanghai), one error
 * per end. The contract checks the format without a clock; this check needs one, so it is here
 * and in the intake form's matters step, which both take the month from the clock.
 */
export function futurePeriodErrors(
  matters: readonly { period: { from?: string | undefined; to?: string | undefined } }[],
  month: string,
): FieldError[] {
  const shown = chineseMonth(month);
  return matters.flatMap((matter, i) =>
    (['from', 'to'] as const)
      .filter(
        (end) =>
          /^\d{4}-\d{2}$/.test(matter.period[end] ?? '') && (matter.period[end] ?? '') > month,
      )
      .map((end) => ({
        pointer: `/matters/${i}/period/${end}`,
        detail: `${end === 'from' ? '起始年月' : '截止年月'}不能晚于本月（${shown}）：还没到期的费用不会有争议`,
      })),
  );
}

/**
 * What a filing may not date after `today` (Asia/Shanghai): a period past the current month, and a
 * paper form's date (issue 16: the day of the visit or later, never after today). `submitCase`
 * refuses these; the forms ask them beside the contract's own errors, so that a person hears of
 * every fault at once.
 */
export function afterTodayErrors(
  matters: readonly { period: { from?: string | undefined; to?: string | undefined } }[],
  today: string,
  registeredOn?: string,
): FieldError[] {
  const errors = futurePeriodErrors(matters, today.slice(0, 7));
  if (registeredOn && /^\d{4}-\d{2}-\d{2}$/.test(registeredOn) && registeredOn > today) {
    errors.unshift({
      pointer: '/registeredOn',
      detail: `登记日期不能晚于今天（${chineseDay(today)}）`,
    });
  }
  return errors;
}

/** The first answer again, for a retry of the request stored under `key`. */
async function replay(
  earlier: IdempotentOutcome,
  requestHash: string,
  key: string,
  { store, ids }: Pick<IntakeDeps, 'store' | 'ids'>,
): Promise<SubmittedCase> {
  if (earlier.requestHash !== requestHash) throw new IdempotencyKeyReuseError();
  const stored = await store.get(earlier.caseNumber);
  if (!stored) throw new Error('idempotency record without its case');
  return {
    caseNumber: stored.caseNumber,
    accessCode: accessCodeOf(key, requestHash, stored.caseNumber, ids),
    status: 'received',
    routing: stored.routing,
    dispatched: true,
    replayed: true,
  };
}

/**
 * The answer to a retry of a request already stored under `key`, read before the request is
 * counted against any limit: a payer whose connection dropped after the case was stored is told
 * its number, not that they filed too often. Undefined for a key not seen before (the request is
 * new); IdempotencyKeyReuseError for the key of another request.
 */
export async function earlierSubmission(
  request: NewDispute,
  key: string,
  deps: Pick<IntakeDeps, 'store' | 'ids'>,
): Promise<SubmittedCase | undefined> {
  const earlier = await deps.store.earlier(idempotencyKeyHash(key, deps.ids));
  return earlier && replay(earlier, deps.ids.hash(JSON.stringify(request)), key, deps);
}

const idempotencyKeyHash = (key: string, ids: Ids) => ids.hash(`idempotency:${key}`);

/**
 * The access code of a keyed filing: derived, so that a retry gets it back while the table keeps
 * only its hash, from the key and the hash of the whole request. From the key alone, a client
 * that numbered its keys (a counter, a time) gave the code of every case it filed to anyone who
 * guessed the key and read the case number off an SMS (a privacy review, 2026-12-05); the request
 * (the payer's name, ID number, phone and account) is not guessable, and a retry carries it.
 */
const accessCodeOf = (key: string, requestHash: string, caseNumber: string, ids: Ids) =>
  ids.accessCodeFor(`${key}\n${requestHash}`, caseNumber);

/** How long an idempotency key is remembered. */
const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/**
 * Registers a dispute: numbers it, routes it, stores it with its first timeline event, and sends
 * it to the target unit's queue. The access code is returned once; only its hash is stored.
 */
export async function submitCase(
  request: NewDispute,
  options: {
    channel: Channel;
    idempotencyKey?: string | undefined;
    /** Window staff who registered a paper form, and the form's date (seed 三(一)3). */
    registeredBy?: Receiver;
    registeredOn?: string;
    /** 来访时间 of a registered case (annex 2), Beijing time `YYYY-MM-DDTHH:mm`. */
    visitedAt?: string | undefined;
  },
  deps: Omit<IntakeDeps, 'settings' | 'notifier'>,
): Promise<SubmittedCase> {
  const { store, dispatcher, clock, ids } = deps;
  const now = clock.now();
  // Refused before a number is drawn or anything written: nothing of the case is half-stored.
  const future = afterTodayErrors(request.matters, shanghaiDate(now), options.registeredOn);
  if (future.length > 0) throw new FuturePeriodError(future);
  const at = now.toISOString();
  const routing = route(request.matters);
  const requestHash = ids.hash(JSON.stringify(request));
  const caseNumber = await store.nextCaseNumber(shanghaiYear(now));
  const key = options.idempotencyKey;
  const accessCode = key ? accessCodeOf(key, requestHash, caseNumber, ids) : ids.accessCode();
  // A case begins here: `receive` leaves no earlier state.
  const receive = TRANSITIONS.receive;

  const record: CaseRecord = {
    caseNumber,
    version: 1,
    status: 'received',
    channel: options.channel,
    payer: request.payer,
    matters: request.matters,
    description: request.description,
    routing,
    holder: null,
    // The unit that registered a paper form may see the case (to print annex 2, to answer the
    // payer at the window), even when routing sends it elsewhere.
    heldBy: options.registeredBy ? [options.registeredBy.unit] : [],
    due: null,
    accessCodeHash: ids.hash(accessCode),
    ...(options.registeredOn ? { registeredOn: options.registeredOn } : {}),
    ...(options.visitedAt ? { visitedAt: options.visitedAt } : {}),
    ...(options.registeredBy ? { receivedBy: options.registeredBy } : {}),
    ...(request.counterparty ? { counterparty: request.counterparty } : {}),
    receivedAt: at,
    updatedAt: at,
  };
  const first: TimelineEvent = {
    caseNumber,
    seq: 1,
    at,
    transition: receive.name,
    from: null,
    to: 'received',
    actor: options.registeredBy
      ? {
          kind: 'staff',
          unit: options.registeredBy.unit,
          user: options.registeredBy.user,
          ...(options.registeredBy.name ? { name: options.registeredBy.name } : {}),
        }
      : { kind: 'payer' },
    note: receive.note,
    detail: { channel: options.channel },
  };
  const idempotency = key
    ? {
        keyHash: idempotencyKeyHash(key, ids),
        requestHash,
        expiresAt: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_TTL_SECONDS,
      }
    : undefined;

  const outcome = await store.create(record, first, idempotency, intakeMetrics(record, ids));
  if (!outcome.created) {
    // A retry that raced its first request past `earlierSubmission`: answer as the first time.
    // The number drawn above is left unused, which is fine for case numbers (unique, not
    // gapless); proposal serials are gapless by other means.
    if (!key) throw new IdempotencyKeyReuseError();
    return replay(outcome.earlier, requestHash, key, deps);
  }

  let dispatched = true;
  try {
    await dispatcher.send(routing.target, caseNumber);
  } catch {
    // The case is safe in the table; the reconciliation job re-sends what stays in `received`.
    dispatched = false;
  }
  return { caseNumber, accessCode, status: 'received', routing, dispatched, replayed: false };
}

export type DeliveryOutcome = 'delivered' | 'already-delivered' | 'stale';

/**
 * Puts a routed case in the unit's inbox: `assigned` for a member unit, `triage` for the office,
 * with its sign-for deadline. Idempotent: a second delivery of the same message changes nothing.
 */
export async function deliverToInbox(
  caseNumber: string,
  unit: UnitId,
  deps: Pick<IntakeDeps, 'store' | 'clock' | 'settings' | 'notifier'>,
): Promise<DeliveryOutcome> {
  const { store, clock } = deps;
  const policy = await deps.settings.deadlines();
  const calendar = await deps.settings.calendar();
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = await store.get(caseNumber);
    if (!current) throw new Error(`case ${caseNumber} not found`);
    if (current.status !== 'received') return 'already-delivered';
    // A message for a unit the case is no longer routed to (it was re-routed meanwhile).
    if (current.routing.target !== unit) return 'stale';
    const today = shanghaiDate(clock.now());
    const due = calendar.addWorkingDays(today, policy.signFor);
    try {
      // The sign-for (or the office's triage) is opened as a work item and told to the unit.
      await applyTransition(
        {
          caseNumber,
          name: unit === OFFICE ? 'dispatchToOffice' : 'dispatch',
          actor: { kind: 'system' },
          current,
          change: (c, at) => ({
            holder: unit,
            heldBy: c.heldBy.includes(unit) ? c.heldBy : [...c.heldBy, unit],
            assignedAt: at,
            due: {
              kind: 'sign-for',
              date: due.date,
              covered: due.covered,
              from: today,
              days: policy.signFor,
            },
          }),
        },
        deps,
      );
      // After a return, the payer learns who has the case now: by the delivery that wrote it (a
      // redelivered message finds it delivered and tells no one).
      if (current.returns?.length) {
        for (const sms of reroutedSms(current, unit)) await notifySafely(deps.notifier, sms);
      }
      return 'delivered';
    } catch (error) {
      // Lost a race with another delivery of the same message: look again.
      if (!(error instanceof ConcurrentChangeError)) throw error;
    }
  }
  throw new Error(`case ${caseNumber}: delivery kept losing races`);
}

/**
 * Re-sends cases stuck in `received` (a crash between the write and the send, or a queue that
 * lost its messages). Sending twice is harmless: delivery is idempotent.
 */
/** At most this many cases a run; the next run takes the rest. */
const RECONCILE_BATCH = 1000;

export async function reconcileDispatch(
  olderThanSeconds: number,
  deps: Pick<IntakeDeps, 'store' | 'clock' | 'dispatcher'>,
): Promise<{ resent: string[] }> {
  const before = new Date(deps.clock.now().getTime() - olderThanSeconds * 1000).toISOString();
  const stuck = await deps.store.inStatus('received', before, RECONCILE_BATCH);
  const resent: string[] = [];
  for (const c of stuck) {
    await deps.dispatcher.send(c.routing.target, c.caseNumber);
    resent.push(c.caseNumber);
  }
  return { resent };
}
