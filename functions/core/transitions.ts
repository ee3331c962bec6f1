/**
 * Firing a lifecycle transition on a stored case: check the state and the actor, then change the
 * case and append its timeline event in one conditional write. A concurrent change is a conflict
 * for the caller to see (409), never a silent overwrite.
 */
import type { CaseRecord } from './case.ts';
import {
  type Actor,
  mayFire,
  NotAllowedError,
  TRANSITIONS,
  type TransitionName,
  target,
  transition,
} from './lifecycle.ts';
import { transitionMetrics } from './metrics.ts';
import type { CaseChange, CaseStore, Clock, Count, Notifier, Settings } from './ports.ts';
import { shanghaiDate } from './time.ts';
import type { UnitId } from './units.ts';
import { openWork, settleWork, type WorkItem } from './work.ts';

/** Units that were asked for an opinion and have not given it: they may record it. */
export function pendingOpinionUnits(record: CaseRecord): UnitId[] {
  return (record.opinions ?? [])
    .filter((o) => o.opinion === undefined && !o.withdrawnAt)
    .map((o) => o.unit);
}

/** The parties of a case for an authorization check (lifecycle.ts `mayFire`). */
export function partiesOf(record: CaseRecord) {
  return { holder: record.holder, lead: record.lead ?? null, owes: openWork(record) };
}

/** Raised when an action's own precondition fails (no pending extension, return window over…). */
export class ActionRefusedError extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(reason);
    this.reason = reason;
    this.name = 'ActionRefusedError';
  }
}

/** A refusal of one field's value (a date, a unit): bad input, named by the field's pointer. */
export class ActionInputError extends ActionRefusedError {
  readonly pointer: string;
  constructor(pointer: string, reason: string) {
    super(reason);
    this.pointer = pointer;
    this.name = 'ActionInputError';
  }
}

export class CaseNotFoundError extends Error {
  readonly caseNumber: string;
  constructor(caseNumber: string) {
    super(`case ${caseNumber} not found`);
    this.caseNumber = caseNumber;
    this.name = 'CaseNotFoundError';
  }
}

/** Raised when the case changed since the caller read it (another update won). */
export class ConcurrentChangeError extends Error {
  readonly caseNumber: string;
  constructor(caseNumber: string) {
    super(`case ${caseNumber} was changed by someone else`);
    this.caseNumber = caseNumber;
    this.name = 'ConcurrentChangeError';
  }
}

export interface TransitionRequest {
  caseNumber: string;
  name: TransitionName;
  actor: Actor;
  /** The version the caller acted on; when the case is at another one, the request conflicts. */
  expectedVersion?: number;
  /**
   * The case as the caller has just read it (a consistent read), to start from instead of reading
   * it again: one request fewer a step. The write is conditional on its version, so passing it
   * pins the step to that version, as `expectedVersion` does; a caller who would rather act on
   * whatever the case is by then leaves it out.
   */
  current?: CaseRecord;
  /** Fields the step sets besides the state (an answer, a lead unit, a decision…). */
  change?: (current: CaseRecord, at: string) => CaseChange;
  /** Codes and ids for the timeline; never free text or personal data. */
  detail?: Record<string, string>;
  /** Staff-entered text of the step (a note, a return's explanation), shown to staff only. */
  text?: string;
  /** Counters that move with the step, in the same transaction (returns per unit…). */
  counts?: Count[];
}

export interface TransitionDeps {
  store: CaseStore;
  clock: Clock;
  settings: Pick<Settings, 'calendar' | 'deadlines'>;
  /** Tells the units of the work items a transition opens; none in tests that do not look. */
  notifier?: Notifier;
}

/**
 * Fires a transition and resolves to the case after it. The work items the change finishes are
 * closed and those it starts are opened in the same write (functions/core/work.ts); each new item
 * is then told to its unit.
 */
export async function applyTransition(
  request: TransitionRequest,
  deps: TransitionDeps,
): Promise<CaseRecord> {
  const current = request.current ?? (await deps.store.get(request.caseNumber));
  if (!current) throw new CaseNotFoundError(request.caseNumber);
  if (request.expectedVersion !== undefined && request.expectedVersion !== current.version) {
    throw new ConcurrentChangeError(request.caseNumber);
  }
  const step = transition(request.name, current.status);
  if (!mayFire(step, request.actor, partiesOf(current))) throw new NotAllowedError(step.name);

  const now = deps.clock.now();
  const at = now.toISOString();
  const [calendar, policy] = await Promise.all([
    deps.settings.calendar(),
    deps.settings.deadlines(),
  ]);
  const status = target(step, current.status);
  const change: CaseChange = { ...request.change?.(current, at), status, updatedAt: at };
  // A change may mark items itself (a chase, a 督办): those marks are the items' starting point.
  const settled = settleWork(
    change.work ?? current.work ?? [],
    { ...current, ...change },
    {
      transition: step.name,
      version: current.version + 1,
      at,
      today: shanghaiDate(now),
      calendar,
      policy,
    },
  );
  change.work = settled.work;
  const next: CaseRecord = { ...current, ...change, version: current.version + 1 };
  const counts = [
    ...(request.counts ?? []),
    ...transitionMetrics(request.name, current, next, shanghaiDate(now)),
  ];
  const actor = request.actor;
  const written = await deps.store.update(
    current,
    change,
    {
      caseNumber: current.caseNumber,
      seq: current.version + 1,
      at,
      transition: step.name,
      from: current.status,
      to: status,
      actor:
        actor.kind === 'staff'
          ? {
              kind: 'staff',
              ...(actor.unit ? { unit: actor.unit } : {}),
              user: actor.user,
              ...(actor.name ? { name: actor.name } : {}),
            }
          : { kind: actor.kind },
      note: TRANSITIONS[request.name].note,
      ...(request.detail ? { detail: request.detail } : {}),
      ...(request.text ? { text: request.text } : {}),
    },
    counts,
  );
  if (!written) throw new ConcurrentChangeError(request.caseNumber);
  await tellWork(next, settled.opened, request.actor, deps.notifier);
  return next;
}

/**
 * Tells each new item's unit (its head, for a head's item) that the case waits for it; not the
 * unit whose own staff just opened it (a sign-for opens the answer for the same unit), which
 * would only be mail to oneself. A 督办 is the leading group's order, whoever's step opened it
 * (a payer's 不满意 recorded by the unit's own clerk at the visit): the unit is always told.
 */
async function tellWork(
  record: CaseRecord,
  opened: WorkItem[],
  actor: Actor,
  notifier: Notifier | undefined,
) {
  for (const item of opened) {
    const own = actor.kind === 'staff' && actor.unit === item.unit && item.role === undefined;
    if (own && item.kind !== 'supervision') continue;
    try {
      await notifier?.notify({
        kind: 'work',
        unit: item.unit,
        work: item.kind,
        ...(item.role ? { role: item.role } : {}),
        caseNumber: record.caseNumber,
        due: item.due,
        ...(item.covered ? {} : { provisional: true }),
      });
    } catch {
      // A courtesy: the inbox is the record, and a failed message must not undo the change.
    }
  }
}
