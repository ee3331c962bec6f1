/**
 * The case lifecycle (DESIGN.md §5) in one place: the states, and each transition with the states
 * it leaves from, the state it enters and who may fire it. A transition not listed here is
 * illegal and the API answers 409; nothing is ever a silent no-op.
 */
import type { UnitId } from './units.ts';

export const CASE_STATUSES = [
  'received',
  'assigned',
  'accepted',
  'triage',
  'consultation',
  'special-handling',
  'responded',
  'objected',
  'archived',
] as const;

export type CaseStatus = (typeof CASE_STATUSES)[number];

export const STATUS_LABELS: Record<CaseStatus, string> = {
  received: '已登记',
  assigned: '已派单',
  accepted: '已受理',
  triage: '工作室分办中',
  consultation: '会商中',
  'special-handling': '专案处理中',
  responded: '已答复',
  objected: '有异议',
  archived: '已归档',
};

/** Who fires a transition: the system (queues, schedules), the payer, or a staff role. */
export type Actor =
  | { kind: 'system' }
  | { kind: 'payer' }
  | { kind: 'staff'; unit: UnitId; role: 'staff' | 'head' | 'leader' | 'admin'; user: string };

export interface Transition {
  name: string;
  from: readonly CaseStatus[];
  to: CaseStatus;
  actors: readonly Actor['kind'][];
  /** The timeline note, in Chinese, for the payer and staff. Never personal data. */
  note: string;
}

/**
 * Issue 2 ships intake and dispatch; issue 3 completes the table. `dispatch` enters the office's
 * triage instead of `assigned` when the routing target is the office (seed 三(一)2).
 */
export const TRANSITIONS = {
  receive: {
    name: 'receive',
    from: [],
    to: 'received',
    actors: ['payer', 'staff'],
    note: '已收到争议申请，正在按职责分派',
  },
  dispatch: {
    name: 'dispatch',
    from: ['received'],
    to: 'assigned',
    actors: ['system'],
    note: '已派送至承办单位',
  },
  dispatchToOffice: {
    name: 'dispatchToOffice',
    from: ['received'],
    to: 'triage',
    actors: ['system'],
    note: '已转至社会保险费征缴争议处理工作室，协调相关单位办理',
  },
} as const satisfies Record<string, Transition>;

export type TransitionName = keyof typeof TRANSITIONS;

/** Raised when a transition is fired from a state it does not leave from. */
export class IllegalTransitionError extends Error {
  constructor(
    readonly transition: string,
    readonly status: CaseStatus,
  ) {
    super(`transition ${transition} is not allowed from status ${status}`);
    this.name = 'IllegalTransitionError';
  }
}

/** Checks that `name` may leave `status`, and gives the transition. */
export function transition(name: TransitionName, status: CaseStatus): Transition {
  const t: Transition = TRANSITIONS[name];
  if (!t.from.includes(status)) throw new IllegalTransitionError(name, status);
  return t;
}
