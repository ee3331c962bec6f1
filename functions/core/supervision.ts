/**
 * The hourly supervision sweep (seed 四(四): 监督考核; DESIGN.md §6): over the open workload only
 * (the byDue index), it opens follow-up tasks that are due to appear, chases overdue steps the next
 * working day, escalates them to the leading group after the policy's days, re-sends cases stuck
 * in routing, and names units whose returns this month pass the threshold. Every step is a
 * conditional write of its own: a second run at the same moment changes nothing.
 */
import { type CaseRecord, shanghaiDate } from './case.ts';
import { reconcileDispatch } from './intake.ts';
import type {
  Aggregates,
  CaseStore,
  Clock,
  Dispatcher,
  Notification,
  Notifier,
  Settings,
} from './ports.ts';
import { applyTransition, ConcurrentChangeError } from './transitions.ts';
import { OFFICE, UNIT_IDS, type UnitId } from './units.ts';

export interface SweepDeps {
  store: CaseStore;
  clock: Clock;
  settings: Settings;
  notifier: Notifier;
  dispatcher: Dispatcher;
  aggregates: Aggregates;
}

export interface SweepOutcome {
  followUpsOpened: string[];
  chased: string[];
  supervised: string[];
  resent: string[];
  flagged: UnitId[];
}

/** Returns a unit may make in a month before the leading group hears of it. */
export const RETURNS_FLAG_THRESHOLD = 3;

/** The open workload the sweep reads at most per run; the rest waits an hour. */
const SWEEP_LIMIT = 5000;

async function notify(deps: Pick<SweepDeps, 'notifier'>, message: Notification) {
  try {
    await deps.notifier.notify(message);
  } catch {
    // A courtesy: the timeline and the inbox marks are the record.
  }
}

/** One step on one case; a concurrent change means another run or person got there first. */
async function step(run: () => Promise<unknown>): Promise<boolean> {
  try {
    await run();
    return true;
  } catch (error) {
    if (error instanceof ConcurrentChangeError) return false;
    throw error;
  }
}

export async function supervisionSweep(deps: SweepDeps): Promise<SweepOutcome> {
  const now = deps.clock.now();
  const today = shanghaiDate(now);
  const [calendar, policy] = await Promise.all([
    deps.settings.calendar(),
    deps.settings.deadlines(),
  ]);
  const out: SweepOutcome = {
    followUpsOpened: [],
    chased: [],
    supervised: [],
    resent: [],
    flagged: [],
  };
  const system = { kind: 'system' } as const;

  for (const c of await deps.store.withDue(SWEEP_LIMIT)) {
    const due = c.due;
    if (!due) continue;
    const unit: UnitId = c.followUp?.status === 'open' ? c.followUp.unit : (c.holder ?? OFFICE);

    if (c.followUp?.status === 'scheduled' && today >= c.followUp.visibleFrom) {
      const opened = await step(() =>
        applyTransition(
          {
            caseNumber: c.caseNumber,
            name: 'openFollowUp',
            actor: system,
            expectedVersion: c.version,
            change: (cur) => ({
              followUp: cur.followUp ? { ...cur.followUp, status: 'open' } : null,
            }),
          },
          deps,
        ),
      );
      if (opened) out.followUpsOpened.push(c.caseNumber);
      continue;
    }
    if (c.followUp?.status === 'scheduled') continue;

    // 催办 the working day after the deadline; 督办 the policy's days after the chase.
    const chaseOn = calendar.addWorkingDays(due.date, policy.chaseAfter).date;
    const current: CaseRecord['supervision'] =
      c.supervision?.dueDate === due.date ? c.supervision : null;
    if (!current && today >= chaseOn) {
      const chased = await step(() =>
        applyTransition(
          {
            caseNumber: c.caseNumber,
            name: 'chase',
            actor: system,
            expectedVersion: c.version,
            change: () => ({
              supervision: {
                level: 'chase',
                reason: 'overdue',
                dueDate: due.date,
                chasedOn: today,
              },
            }),
            detail: { dueDate: due.date, kind: due.kind },
          },
          deps,
        ),
      );
      if (chased) {
        out.chased.push(c.caseNumber);
        await notify(deps, { kind: 'chase', unit, caseNumber: c.caseNumber, dueDate: due.date });
      }
    } else if (current?.level === 'chase' && current.chasedOn) {
      const superviseOn = calendar.addWorkingDays(current.chasedOn, policy.superviseAfter).date;
      if (today < superviseOn) continue;
      const supervised = await step(() =>
        applyTransition(
          {
            caseNumber: c.caseNumber,
            name: 'supervise',
            actor: system,
            expectedVersion: c.version,
            change: () => ({
              supervision: { ...current, level: 'supervision', supervisedOn: today },
            }),
            detail: { dueDate: due.date, kind: due.kind },
          },
          deps,
        ),
      );
      if (supervised) {
        out.supervised.push(c.caseNumber);
        await notify(deps, {
          kind: 'supervision',
          unit,
          caseNumber: c.caseNumber,
          reason: 'overdue',
        });
      }
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
