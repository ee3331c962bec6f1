/**
 * Work items: every act that someone owes on a case (seed 一: 审核转办、调查处理、结果反馈、跟踪回访),
 * with who owes it, since when and by when. They are not kept by hand: `owedWork` says what the
 * case owes in its present state, and `settleWork` compares that with the items already open, so
 * a transition closes what it finished and opens what it started in the same write as the case.
 * One rule per kind, in one place; the inbox, the sweep and the notifications all read the items.
 */
import type { WorkingCalendar } from './calendar.ts';
import type { CaseRecord } from './case.ts';
import type { DeadlinePolicy } from './deadlines.ts';
import type { CaseStatus } from './lifecycle.ts';
import { jointUnits } from './routing.ts';
import { OFFICE, type UnitId } from './units.ts';

export const WORK_KINDS = [
  'sign-for',
  'triage',
  'consult',
  'answer',
  'proposal',
  'approve-proposal',
  'written-opinion',
  'convene',
  'opinion',
  'extension',
  'approve-return',
  'follow-up',
  'serve',
  'archive',
  'supervision',
  'assignment',
] as const;
export type WorkKind = (typeof WORK_KINDS)[number];

/** What the item asks for, as the inbox and the e-mail say it. */
export const WORK_LABELS: Record<WorkKind, string> = {
  'sign-for': '签收',
  // No colon: the e-mail reads 「需要您分办，确定…」, where 「需要您分办：确定…」 read as a typo.
  triage: '分办，确定办理方式和牵头单位',
  consult: '组织会商并记录会商意见',
  answer: '调查处理并书面答复',
  proposal: '填写拟办意见报送单',
  'approve-proposal': '审批拟办意见',
  'written-opinion': '形成专案书面意见',
  convene: '召集会商会议',
  opinion: '提出协办意见',
  extension: '审批延期申请',
  'approve-return': '审批退回申请',
  'follow-up': '跟踪回访',
  serve: '向争议另一方送达书面答复告知书',
  archive: '整理案卷并归档',
  supervision: '答复领导小组督办',
  assignment: '办理领导小组交办事项',
};

/** The leading-group office (annex 1 (一)): it approves the proposals of major cases. */
export const LEADING_GROUP_OFFICE: UnitId = 'tax';
/** The unit that convenes consultation meetings when the office asks (seed 二(二)2). */
export const CONVENER: UnitId = 'gov-office';

/** A stored work item. Closed items stay on the case: they are its record of who did what when. */
export interface WorkItem {
  /** Unique within the case: `<key>@<case version that opened it>`. */
  id: string;
  /** The item's identity across transitions: kind, unit and what it is about. */
  key: string;
  kind: WorkKind;
  unit: UnitId;
  /** Set when only the unit's head may act (an extension, a proposal's approval). */
  role?: 'head';
  /** The supervision or assignment it answers (its id on the case). */
  ref?: string;
  openedAt: string;
  /** The transition that opened it. */
  openedBy: string;
  due: string;
  /** False when the due date lies in a year the working-day calendar does not cover. */
  covered: boolean;
  /**
   * The count behind `due` when the item's time ran from the day it opened: `days` working days
   * from `from`. Kept so that a provisional date is counted again once its year's holidays are
   * entered (redate.ts). Absent on items whose date is the case's or a person's.
   */
  from?: string;
  days?: number;
  state: 'open' | 'closed';
  closedAt?: string;
  /** The transition that closed it. */
  closedBy?: string;
  /**
   * 催办 and 督办 marks (seed 四(四)), for this item's due date: `supervisedOn` the day the sweep
   * reported it to the leading group (or a leader ordered first), `orderedOn` the day a leader
   * ordered its 督办 (a leaders' review read the report as an order).
   */
  chasedOn?: string;
  supervisedOn?: string;
  orderedOn?: string;
}

/** A leader's 督办 of one overdue item, which its unit must answer (seed 四(四)). */
export interface SupervisionOrder {
  id: string;
  unit: UnitId;
  /** The work item supervised, or none for a dissatisfied payer's case. */
  about?: string;
  reason: 'leader' | 'dissatisfied';
  note?: string;
  by: string;
  at: string;
  answer?: string;
  answeredAt?: string;
  /**
   * The unit's further answer to a payer who said 不满意 (再次答复): the 督办's answer goes to the
   * leading group, this to the payer, who reads it online and may then object to it.
   */
  toPayer?: string;
}

/** A leader's 交办 (seed 二(二): 承办领导小组交办的其他事宜), with its own due date. */
export interface Assignment {
  id: string;
  unit: UnitId;
  task: string;
  due: string;
  by: string;
  at: string;
  reply?: string;
  doneAt?: string;
}

/** The consultation meeting the office asked 旗政府办 to convene. */
export interface Convening {
  requestedAt: string;
  note: string;
  date?: string;
  place?: string;
  doneAt?: string;
}

/** An item the case owes now; `due` fixed by the case, or `days` from the day it opens. */
interface Owed {
  key: string;
  kind: WorkKind;
  unit: UnitId;
  role?: 'head';
  ref?: string;
  due?: { date: string; covered: boolean };
  days?: number;
}

/** States in which a unit is working the case. */
const IN_HAND: readonly CaseStatus[] = ['accepted', 'consultation', 'special-handling'];

/**
 * True while the leading group's supervision opened by a payer's 不满意 at the follow-up is not
 * yet answered: the payer's silence is not taken as acceptance meanwhile, nor is the case
 * archived (supervision.ts, actions.ts).
 */
export function dissatisfactionUnanswered(record: CaseRecord): boolean {
  return (record.supervisions ?? []).some((s) => s.reason === 'dissatisfied' && !s.answer);
}

/**
 * True when the payer's stance on the answer is settled: a decision, or the window closed on a
 * payer who had said 不满意 (lapseDissatisfied), or a lead answered: a lead has no payer to take
 * one (isLead). The case may then be archived.
 */
export function stanceSettled(record: CaseRecord): boolean {
  return Boolean(record.decision || record.lapsed || (isLead(record) && record.answer));
}

/**
 * A lead (线索: an online post, a petition lead, an anonymous call) is handed to the responsible
 * unit to look into (seed 二(二)11–12), not a payer's dispute: nobody holds its access code, so
 * nobody is texted, visited or asked to accept the answer; the unit's finding goes to the file.
 */
export function isLead(record: { payer: { kind: string } }): boolean {
  return record.payer.kind === 'lead';
}

/** True when the payer said 不满意 at the follow-up: their silence is then never acceptance. */
export function saidDissatisfied(record: CaseRecord): boolean {
  return (record.supervisions ?? []).some((s) => s.reason === 'dissatisfied');
}

/** The unit that answers the payer: the lead the office named, or the unit that holds the case. */
export function answeringUnit(record: CaseRecord): UnitId {
  return record.lead ?? record.holder ?? record.answer?.unit ?? OFFICE;
}

/** The work the case owes in its present state: one rule per kind (see WORK_LABELS). */
export function owedWork(record: CaseRecord, policy: DeadlinePolicy): Owed[] {
  const owed: Owed[] = [];
  const add = (o: Omit<Owed, 'key'>) =>
    owed.push({ ...o, key: [o.kind, o.unit, o.ref].filter(Boolean).join(':') });
  const caseDue = record.due ? { date: record.due.date, covered: record.due.covered } : undefined;
  const inHand = IN_HAND.includes(record.status);

  if (record.status === 'assigned' && record.holder) {
    add({ kind: 'sign-for', unit: record.holder, ...(caseDue ? { due: caseDue } : {}) });
  }
  if ((record.status === 'assigned' || record.status === 'accepted') && record.returnRequest) {
    const unit = record.holder ?? record.lead;
    // A head decides within the days an extension's decision takes: both are the head's approval.
    if (unit) add({ kind: 'approve-return', unit, role: 'head', days: policy.decideExtension });
  }
  if (record.status === 'triage') {
    add({
      kind: 'triage',
      unit: OFFICE,
      ...(caseDue ? { due: caseDue } : { days: policy.signFor }),
    });
  }
  if (inHand) {
    add({
      kind: 'answer',
      unit: answeringUnit(record),
      ...(record.due?.kind === 'answer' ? { due: caseDue } : { days: policy.answerSingle }),
    });
    if (record.extension?.status === 'pending') {
      add({
        kind: 'extension',
        unit: answeringUnit(record),
        role: 'head',
        days: policy.decideExtension,
      });
    }
    (record.opinions ?? []).forEach((o, i) => {
      if (o.opinion === undefined && !o.withdrawnAt) {
        add({ kind: 'opinion', unit: o.unit, ref: String(i + 1), days: policy.opinion });
      }
    });
  }
  if (record.status === 'special-handling') {
    const p = record.proposal;
    if (!p || p.status === 'refused')
      add({ kind: 'proposal', unit: OFFICE, days: policy.proposal });
    else if (p.status === 'submitted') {
      add({
        kind: 'approve-proposal',
        unit: LEADING_GROUP_OFFICE,
        role: 'head',
        days: policy.approveProposal,
      });
    } else if (!record.writtenOpinion) {
      add({ kind: 'written-opinion', unit: OFFICE, days: policy.writtenOpinion });
    }
  }
  // A general joint case is handled by consultation (seed 三(一)2(1)): until one is recorded the
  // office owes it, and the lead may not answer (actions.ts, respond).
  if (record.status === 'consultation' && !record.consultations?.length) {
    add({ kind: 'consult', unit: OFFICE, days: policy.consult });
  }
  if (record.status === 'consultation' && record.convening && !record.convening.doneAt) {
    add({ kind: 'convene', unit: CONVENER, days: policy.convene });
  }
  if (record.followUp && record.followUp.status !== 'done') {
    // The visit's date is the case's follow-up deadline's copy (actions.ts, respond): so is its
    // coverage.
    // Visits opened before they kept their own coverage read it from that deadline.
    const deadline = record.due?.kind === 'follow-up' ? record.due : undefined;
    const covered =
      record.followUp.covered ?? (deadline?.date === record.followUp.due ? deadline.covered : true);
    add({
      kind: 'follow-up',
      unit: record.followUp.unit,
      due: { date: record.followUp.due, covered },
      days: policy.followUp,
    });
  }
  // The other party has no access code: the answering unit serves it the written notice (seed
  // 三(二): 向争议双方进行反馈), within the visit's days, and the file records how (a staff review,
  // 2026-12-05: nothing tracked it for a party without a mobile).
  const unserved = record.answer && record.counterparty && !record.counterpartyServed;
  if (unserved && record.answer && record.status !== 'archived') {
    add({ kind: 'serve', unit: record.answer.unit, days: policy.followUp });
  }
  if (stanceSettled(record) && record.status !== 'archived') {
    add({
      kind: 'archive',
      unit: record.answer?.unit ?? answeringUnit(record),
      days: policy.archive,
    });
  }
  for (const s of record.supervisions ?? []) {
    if (s.answer === undefined) {
      add({ kind: 'supervision', unit: s.unit, ref: s.id, days: policy.answerSupervision });
    }
  }
  for (const a of record.assignments ?? []) {
    if (a.reply === undefined) {
      add({ kind: 'assignment', unit: a.unit, ref: a.id, due: { date: a.due, covered: true } });
    }
  }
  return owed;
}

export interface WorkContext {
  /** The transition being fired, recorded as what opened or closed an item. */
  transition: string;
  /** The case version the change produces: it makes new item ids unique. */
  version: number;
  at: string;
  today: string;
  calendar: WorkingCalendar;
  policy: DeadlinePolicy;
}

export interface SettledWork {
  work: WorkItem[];
  opened: WorkItem[];
  closed: WorkItem[];
}

/**
 * The case's items after a change: open items the case no longer owes are closed by this
 * transition, newly owed ones are opened with their due date, and an open item whose fixed due
 * date moved (an approved extension) takes the new date and loses the marks of the old one.
 */
export function settleWork(
  before: readonly WorkItem[],
  record: CaseRecord,
  ctx: WorkContext,
): SettledWork {
  const owed = new Map(owedWork(record, ctx.policy).map((o) => [o.key, o]));
  const opened: WorkItem[] = [];
  const closed: WorkItem[] = [];
  const work = before.map((item) => {
    if (item.state !== 'open') return item;
    const still = owed.get(item.key);
    if (!still) {
      const done: WorkItem = {
        ...item,
        state: 'closed',
        closedAt: ctx.at,
        closedBy: ctx.transition,
      };
      closed.push(done);
      return done;
    }
    owed.delete(item.key);
    return still.due ? dueMoved(item, still.due) : item;
  });
  for (const o of owed.values()) {
    const counted = o.due ? undefined : { from: ctx.today, days: o.days ?? 1 };
    const due = o.due ?? ctx.calendar.addWorkingDays(ctx.today, o.days ?? 1);
    const item: WorkItem = {
      id: `${o.key}@${ctx.version}`,
      key: o.key,
      kind: o.kind,
      unit: o.unit,
      ...(o.role ? { role: o.role } : {}),
      ...(o.ref ? { ref: o.ref } : {}),
      openedAt: ctx.at,
      openedBy: ctx.transition,
      due: due.date,
      covered: due.covered,
      ...counted,
      state: 'open',
    };
    opened.push(item);
    work.push(item);
  }
  return { work, opened, closed };
}

/**
 * The item with its due date set to `due`: a date that moved drops the 催办 and the sweep's 督办
 * marks of the old one (an approved extension, a date counted again, redate.ts), which the sweep
 * sets again if the new date passes; the same date only takes the new coverage. A leader's order
 * (`orderedOn`) stays: it is no mark of the date, and a unit's own head approving an extension
 * made it vanish from the case and the inbox (a review, 2026-12-05). The item itself when nothing
 * changes.
 */
export function dueMoved(item: WorkItem, due: { date: string; covered: boolean }): WorkItem {
  if (due.date !== item.due) {
    const { chasedOn: _c, supervisedOn: _s, ...rest } = item;
    return { ...rest, due: due.date, covered: due.covered };
  }
  return due.covered === item.covered ? item : { ...item, covered: due.covered };
}

/** The open items of a case. */
/** A work item as the lists show it (the inbox, the leaders' overdue list), with its case's number. */
export function workLine(item: WorkItem, caseNumber: string) {
  return {
    caseNumber,
    workId: item.id,
    kind: item.kind,
    kindLabel: WORK_LABELS[item.kind],
    role: item.role ?? null,
    openedAt: item.openedAt,
    chasedOn: item.chasedOn ?? null,
    supervisedOn: item.supervisedOn ?? null,
    orderedOn: item.orderedOn ?? null,
  };
}

export function openWork(record: Pick<CaseRecord, 'work'>): WorkItem[] {
  return (record.work ?? []).filter((w) => w.state === 'open');
}

/** True when `unit` (with `role`) is who an open item waits for. */
export function owes(item: WorkItem, unit: UnitId | null, role: string): boolean {
  return item.unit === unit && (item.role === undefined || item.role === role);
}

/** How a unit is involved in a case, for its list of cases beside the inbox. */
export const RELATIONS = [
  'registered',
  'coordinated',
  'held',
  'led',
  'joint',
  'assisting',
  'asked',
  'visited',
  'major',
] as const;
export type Relation = (typeof RELATIONS)[number];

export const RELATION_LABELS: Record<Relation, string> = {
  registered: '受理登记',
  coordinated: '分办、协调',
  held: '承办',
  led: '牵头',
  joint: '联合办理',
  assisting: '协办',
  asked: '被要求办理',
  visited: '回访',
  major: '重大疑难（领导小组办公室）',
};

/**
 * Every unit involved in the case and how: the window that registered it (受理登记, seed 三(一)3),
 * the office while it triages and coordinates, every unit that held it, the lead, the other
 * responsible units of a joint case (seed 三(一)2(2): the office 组织相关单位进行专案处理), units
 * asked for an opinion, the visiting unit, the leading-group office for a major case, and every
 * unit that was ever owed an act. Each may open the case (DESIGN.md §1: a unit sees what was
 * assigned to it; a unit asked to act was assigned that act).
 */
export function involvement(record: CaseRecord): Map<UnitId, Relation[]> {
  const out = new Map<UnitId, Set<Relation>>();
  const add = (unit: UnitId | null | undefined, r: Relation) => {
    if (!unit) return;
    const set = out.get(unit) ?? new Set<Relation>();
    set.add(r);
    out.set(unit, set);
  };
  // The registering window is in heldBy from the start; it held the case only if it also handles it.
  const registrar = record.receivedBy?.unit;
  add(registrar, 'registered');
  const handles = new Set<UnitId | null | undefined>([
    record.holder,
    record.lead,
    ...record.routing.units,
    ...(record.returns ?? []).map((r) => r.unit),
  ]);
  for (const u of record.heldBy) {
    if (u === OFFICE) add(u, 'coordinated');
    else if (u !== registrar || handles.has(u)) add(u, 'held');
  }
  add(record.lead, 'led');
  for (const u of jointUnits(record.routing)) if (u !== record.lead) add(u, 'joint');
  for (const o of record.opinions ?? []) add(o.unit, 'assisting');
  // A unit the table names as assisting (finance on refunds and arrears, seed 二(二)5: 协助办理)
  // follows the case from its routing, before anyone asks it (a seed review, 2026-12-05).
  for (const u of record.routing.assisting ?? []) add(u, 'assisting');
  add(record.followUp?.unit, 'visited');
  if (record.classification === 'major') add(LEADING_GROUP_OFFICE, 'major');
  for (const w of record.work ?? []) add(w.unit, w.unit === OFFICE ? 'coordinated' : 'asked');
  return new Map([...out].map(([u, rs]) => [u, [...rs]]));
}
