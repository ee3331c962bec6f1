/**
 * The case lifecycle (DESIGN.md §5) in one place: the states, and each transition with the states
 * it leaves from, the state it enters, who may fire it and the timeline note it writes. A
 * transition not allowed here is an error (409 at the API), never a silent no-op.
 */
import { chineseDay } from './time.ts';
import type { UnitId } from './units.ts';
import type { WorkKind } from './work.ts';

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
  // Not 「已受理」: the payer's receipt and SMS already say 受理 on the day they filed.
  accepted: '办理中',
  triage: '工作室分办中',
  consultation: '会商中',
  'special-handling': '专案处理中',
  responded: '已答复',
  objected: '有异议',
  archived: '已归档',
};

export type Role = 'staff' | 'head' | 'leader' | 'admin';

/** Who fires a transition: the system (queues, schedules), the payer, or a signed-in person. */
export type Actor =
  | { kind: 'system' }
  | { kind: 'payer' }
  | {
      kind: 'staff';
      unit: UnitId | null;
      role: Role;
      user: string;
      /** The account's display name, when it has one: kept on the step for the history. */
      name?: string;
    };

/**
 * Who may fire a transition. `holder`: the unit whose inbox holds the case, or the lead unit the
 * office named; `office`: the joint office; `any`: any unit (window registration); `owner`: a unit
 * that owes an open work item of `work` on the case (functions/core/work.ts); `leading-group`:
 * leaders, who belong to no unit.
 */
export type Grant =
  | { kind: 'system' }
  | { kind: 'payer' }
  | {
      kind: 'staff';
      /** `holder` includes the lead unit; a unit id names one unit (the leading-group office). */
      unit: 'holder' | 'office' | 'any' | 'leading-group' | UnitId;
      roles: readonly Role[];
    }
  | { kind: 'staff'; unit: 'owner'; work: WorkKind; roles: readonly Role[] };

export interface Transition {
  name: string;
  from: readonly CaseStatus[];
  /** The state entered; `same` for a recorded step that does not change the state. */
  to: CaseStatus | 'same';
  by: readonly Grant[];
  /** The timeline note, in Chinese, for the payer and staff. Never personal data. */
  note: string;
  /**
   * The note as the payer reads it on their own case, where `note` would not do: addressed to
   * them (您, not 缴费人) and without the offices' form names; from the step's detail where the
   * payer needs what was decided (an extension's new date). `null`: a step the payer's own
   * timeline leaves out (a reminder about an internal step, which would read as their case late).
   */
  toPayer?: string | ((detail: Readonly<Record<string, string>>) => string | null);
}

/**
 * The overdue steps a payer is told were chased or supervised: the ones their case waits on in
 * their sight (签收, 分办, the answer, the visit). A late extension approval or consultation is the
 * units' own, and the answer's date, which the payer reads, has not passed for it. Steps stored
 * before the detail named the kind are shown, as they were.
 */
const PAYER_STEPS: ReadonlySet<string> = new Set(['sign-for', 'triage', 'answer', 'follow-up']);
const concernsPayer = (d: Readonly<Record<string, string>>) => !d.kind || PAYER_STEPS.has(d.kind);

const SYSTEM: Grant = { kind: 'system' };
const PAYER: Grant = { kind: 'payer' };
const HOLDER: Grant = { kind: 'staff', unit: 'holder', roles: ['staff', 'head'] };
const OFFICE_STAFF: Grant = { kind: 'staff', unit: 'office', roles: ['staff', 'head'] };
const owner = (work: WorkKind, roles: readonly Role[] = ['staff', 'head']): Grant => ({
  kind: 'staff',
  unit: 'owner',
  work,
  roles,
});
const LEADERS: Grant = { kind: 'staff', unit: 'leading-group', roles: ['leader'] };

/** States in which a unit is working the case. */
const IN_HAND = ['accepted', 'consultation', 'special-handling'] as const;
/** States after the answer, when a follow-up visit is made. */
const ANSWERED = ['responded', 'objected', 'archived'] as const;
/** Every state a case can be in. */
const ANY = CASE_STATUSES;
/** States before the archive. */
const OPEN = CASE_STATUSES.filter((s) => s !== 'archived');

export const TRANSITIONS = {
  /** 一站受理: online by the payer, or registered at a window by any unit's staff (seed 三(一)3). */
  receive: {
    name: 'receive',
    from: [],
    to: 'received',
    by: [PAYER, { kind: 'staff', unit: 'any', roles: ['staff', 'head'] }],
    note: '已收到争议申请，正在按职责分派',
  },
  /** 审核转办: the unit queue's consumer puts the case in a member unit's inbox. */
  dispatch: {
    name: 'dispatch',
    from: ['received'],
    to: 'assigned',
    by: [SYSTEM],
    note: '已派送至承办单位',
    toPayer: '已交给办理部门，等待签收',
  },
  /** Joint and unclear cases go to the joint office (seed 三(一)2). */
  dispatchToOffice: {
    name: 'dispatchToOffice',
    from: ['received'],
    to: 'triage',
    by: [SYSTEM],
    note: '已转至社会保险费征缴争议处理工作室，协调相关单位办理',
    toPayer: '已转到社会保险费征缴争议处理工作室，由工作室确定哪些部门办理',
  },
  /** 签收/受理 (seed 三(一)1: 及时受理). */
  signFor: {
    name: 'signFor',
    from: ['assigned'],
    to: 'accepted',
    by: [HOLDER],
    note: '承办单位已签收，正在调查处理',
    toPayer: '办理部门已签收，正在调查处理',
  },
  /**
   * 退回/转办 with a reason: back to routing without this unit, or to the office. Counted per unit,
   * since the seed names units that shirk (四(四): 推诿).
   */
  return: {
    name: 'return',
    from: ['assigned', 'accepted'],
    to: 'received',
    // DESIGN.md §1: the unit head approves returns. A clerk's return is a request (below) that
    // the head's approval carries out; the head's own return needs none.
    by: [{ kind: 'staff', unit: 'holder', roles: ['head'] }],
    // The reason and where it went are the step's detail: the note must not presume either.
    note: '承办单位已退回，正在重新确定办理单位',
    toPayer: '原办理部门认为应由其他部门办理，正在重新确定办理部门',
  },
  /** A clerk asks to return the case; the unit head decides (DESIGN.md §1). */
  requestReturn: {
    name: 'requestReturn',
    from: ['assigned', 'accepted'],
    to: 'same',
    by: [{ kind: 'staff', unit: 'holder', roles: ['staff'] }],
    note: '承办人申请退回，等待单位负责人审批',
    toPayer: '办理部门正在核对这件争议是否由本部门办理',
  },
  refuseReturn: {
    name: 'refuseReturn',
    from: ['assigned', 'accepted'],
    to: 'same',
    by: [owner('approve-return', ['head'])],
    note: '单位负责人不同意退回，由本单位继续办理',
    toPayer: '办理部门已确认由本部门继续办理',
  },
  /** The office classifies a joint case as general: handled by consultation (seed 三(一)2(1)). */
  classifyGeneral: {
    name: 'classifyGeneral',
    from: ['triage'],
    to: 'consultation',
    by: [OFFICE_STAFF],
    note: '工作室已确定为一般争议，组织相关单位会商处理',
    toPayer: '工作室确定由相关部门一起商量处理（会商）',
  },
  /** The office classifies a case as major: proposal and special handling (seed 三(一)2(2)). */
  classifyMajor: {
    name: 'classifyMajor',
    from: ['triage'],
    to: 'special-handling',
    by: [OFFICE_STAFF],
    note: '工作室已确定为重大疑难争议，提出拟办意见并组织专案处理',
    toPayer: '工作室认定为重大疑难争议，将组织有关部门专门处理',
  },
  /** The office assigns a triage case it can place to one member unit. */
  assignFromTriage: {
    name: 'assignFromTriage',
    from: ['triage'],
    to: 'assigned',
    by: [OFFICE_STAFF],
    note: '工作室已明确承办单位并派单',
    toPayer: '工作室已确定办理部门，等待签收',
  },
  /** A consultation (会商) is recorded: date, units, positions, conclusion, minutes, lead unit. */
  recordConsultation: {
    name: 'recordConsultation',
    from: ['consultation'],
    to: 'same',
    by: [OFFICE_STAFF],
    note: '已召开会商并形成会商意见',
    // The meeting's own day: the step is recorded later (a review read the record's day as the
    // meeting's); steps recorded before the day was kept say no day.
    toPayer: (d) => `相关部门已${d.date ? `于${chineseDay(d.date)}` : ''}开会商量，形成了处理意见`,
  },
  /** 拟办意见报送单 (annex 3) with its serial number, approved by the leading-group office. */
  recordProposal: {
    name: 'recordProposal',
    from: ['special-handling'],
    to: 'same',
    by: [OFFICE_STAFF],
    note: '已形成拟办意见报送单',
    toPayer: '工作室已提出处理意见，报请审批',
  },
  /** 催办: the unit is reminded of an overdue step (DESIGN.md §6). */
  chase: {
    name: 'chase',
    from: [...OPEN, 'archived'],
    to: 'same',
    by: [SYSTEM],
    note: '已超过规定时限，已向承办单位催办',
    toPayer: (d) => (concernsPayer(d) ? '已超过规定时限，已催促办理部门办理' : null),
  },
  /** 督办: the leading group supervises a step still overdue after the chase, or a dissatisfied payer. */
  supervise: {
    name: 'supervise',
    from: [...OPEN, 'archived'],
    to: 'same',
    by: [SYSTEM],
    note: '已报领导小组督办',
    toPayer: (d) => (concernsPayer(d) ? '已报领导小组督办' : null),
  },
  /**
   * Provisional dates counted again once their year's holiday notice is entered (redate.ts): the
   * pages said they might move, and this is when they do.
   */
  redate: {
    name: 'redate',
    from: [...OPEN, 'archived'],
    to: 'same',
    by: [SYSTEM],
    note: '节假日安排已公布，办理期限已按实际工作日重新计算',
    toPayer: '国家公布了节假日安排，办理期限已按实际工作日重新计算',
  },
  /** 跟踪回访: the unit that answered visits or phones the payer (seed 一). */
  recordFollowUp: {
    name: 'recordFollowUp',
    from: ANSWERED,
    to: 'same',
    by: [owner('follow-up')],
    note: '承办单位已完成回访',
    toPayer: (d) =>
      d.result === 'dissatisfied'
        ? '回访时您表示不满意，已报领导小组督办，办理部门要重新核实并再次答复您'
        : '办理部门已完成回访',
  },
  /** 送达: the written answer notice served on the other party (seed 三(二)). */
  serveCounterparty: {
    name: 'serveCounterparty',
    from: ['responded', 'objected'],
    to: 'same',
    // The holder too: a case answered before the item existed owes it only once a later step
    // settles its work, and its archive waits for the service (a code review, 2026-12-05).
    by: [owner('serve'), HOLDER],
    note: '已向争议另一方送达书面答复告知书',
    // The payer's page is about the payer's answer; the other party's service is the file's.
    toPayer: () => null,
  },
  /** The payer answers the follow-up survey online instead of a visit. */
  payerSurvey: {
    name: 'payerSurvey',
    from: ANSWERED,
    to: 'same',
    by: [PAYER],
    note: '缴费人已在网上评价处理结果',
    toPayer: (d) =>
      d.result === 'dissatisfied'
        ? '您在网上回访中表示不满意，已报领导小组督办，办理部门要重新核实并再次答复您'
        : '您已在网上回答回访',
  },
  /** 案卷归档 needs the documents and recordings (seed 三(三)): attaching is a recorded step. */
  attach: {
    name: 'attach',
    from: OPEN,
    to: 'same',
    by: [HOLDER, OFFICE_STAFF],
    note: '已上传案卷材料',
  },
  note: {
    name: 'note',
    from: OPEN,
    to: 'same',
    by: [HOLDER, OFFICE_STAFF],
    note: '承办人员记录了办理情况',
    toPayer: '工作人员记录了办理情况',
  },
  /** The number of a payer registered 「待核实」, recorded once the document has been seen. */
  verifyPayer: {
    name: 'verifyPayer',
    from: OPEN,
    to: 'same',
    by: [HOLDER, OFFICE_STAFF],
    note: '承办人员核实了缴费人的身份证件',
    toPayer: '工作人员核实了您的身份证件',
  },
  /** A phone registered wrong, corrected (the number on the case only, never in the timeline). */
  correctPhone: {
    name: 'correctPhone',
    from: OPEN,
    to: 'same',
    by: [HOLDER, OFFICE_STAFF],
    note: '承办人员更正了缴费人的联系电话',
    toPayer: '工作人员更正了您的联系电话',
  },
  correctName: {
    name: 'correctName',
    from: OPEN,
    to: 'same',
    by: [HOLDER, OFFICE_STAFF],
    note: '承办人员更正了缴费人的姓名或单位名称',
    toPayer: '工作人员更正了您的姓名或单位名称',
  },
  requestExtension: {
    name: 'requestExtension',
    from: IN_HAND,
    to: 'same',
    by: [HOLDER],
    note: '承办单位申请延期办理',
    toPayer: '办理部门因情况较复杂，申请延长办理期限，正在等待负责人审批',
  },
  decideExtension: {
    name: 'decideExtension',
    from: IN_HAND,
    to: 'same',
    by: [owner('extension', ['head'])],
    note: '单位负责人已审批延期申请',
    // Steps stored before the detail named the date say only that it was decided.
    toPayer: (d) =>
      d.approved === 'false'
        ? '延期申请未获批准，仍按原定期限答复您'
        : d.due
          ? `负责人批准延期，办理期限延长 ${d.days} 个工作日，最迟于${chineseDay(d.due)}前（含当天）答复您`
          : '负责人已审批延期申请，请以本页显示的答复期限为准',
  },
  /** The lead asks an assisting unit for an opinion (finance, justice: seed 二(二)4, 5; police: 二(一)). */
  requestOpinion: {
    name: 'requestOpinion',
    from: IN_HAND,
    to: 'same',
    by: [HOLDER],
    note: '已商请有关单位提出意见',
    toPayer: '已请协助办理的部门提出意见',
  },
  recordOpinion: {
    name: 'recordOpinion',
    from: IN_HAND,
    to: 'same',
    by: [owner('opinion'), HOLDER],
    note: '协办单位已提出意见',
    toPayer: '协助办理的部门已提出意见',
  },
  /** The office asks 旗政府办 to convene a consultation meeting (seed 二(二)2: 根据需要召集会商会议). */
  requestConvening: {
    name: 'requestConvening',
    from: ['consultation'],
    to: 'same',
    by: [OFFICE_STAFF],
    note: '工作室已商请旗政府办召集会商会议',
    toPayer: '工作室已请旗政府办召集有关部门开会商量',
  },
  recordConvening: {
    name: 'recordConvening',
    from: ['consultation'],
    to: 'same',
    by: [owner('convene')],
    note: '旗政府办已安排会商会议',
    toPayer: '旗政府办已安排有关部门开会商量',
  },
  /**
   * The leading-group office (the tax bureau, annex 1 (一)) approves a major case's proposal before
   * special handling goes on (seed 三(四): 由领导小组办公室负责梳理).
   */
  decideProposal: {
    name: 'decideProposal',
    from: ['special-handling'],
    to: 'same',
    by: [{ kind: 'staff', unit: 'tax', roles: ['head'] }],
    note: '领导小组办公室已审批拟办意见',
    // The same words whether approved or not: a refused proposal is the office's to redo, and the
    // payer is not told a decision that did not happen (a staff review, 2026-12-05).
    toPayer: '领导小组办公室已审阅处理意见',
  },
  /**
   * The 专题会议 of a major case (seed 三(四): 对于重大事项，由领导小组办公室负责梳理，提请领导小组
   * 组织相关部门召开专题会议会商研究): recorded by the office, after the proposal's approval.
   */
  recordSpecialMeeting: {
    name: 'recordSpecialMeeting',
    from: ['special-handling'],
    to: 'same',
    by: [OFFICE_STAFF],
    note: '领导小组组织相关部门召开专题会议会商研究',
    toPayer: (d) =>
      `有关部门已${d.date ? `于${chineseDay(d.date)}` : ''}召开专题会议研究您反映的问题`,
  },
  /** The written opinion of the special handling (seed 三(一)2(2): 形成书面意见). */
  recordWrittenOpinion: {
    name: 'recordWrittenOpinion',
    from: ['special-handling'],
    to: 'same',
    by: [OFFICE_STAFF],
    note: '专案处理已形成书面意见',
    toPayer: '已形成处理意见，办理部门将据此书面答复您',
  },
  /** 结果反馈: the written answer to the payer (seed 三(二)). */
  respond: {
    name: 'respond',
    from: IN_HAND,
    to: 'responded',
    by: [HOLDER],
    note: '已作出书面答复，请查看答复内容',
  },
  /**
   * The payer accepts the answer, online or at the window or on the phone (staff record it). The
   * case stays answered until the unit has filed its documents and archives it (seed 三(二):
   * 无异议的…做好案卷归档; 三(三)).
   */
  payerAccept: {
    name: 'payerAccept',
    from: ['responded'],
    to: 'same',
    by: [PAYER, HOLDER],
    note: '缴费人对处理结果无异议，承办单位整理案卷后归档',
    toPayer: '您对处理结果没有异议，办理部门整理案卷后归档',
  },
  /** The payer objects and names the route they take (seed 三(二): 司法调解、行政复议、仲裁、行政诉讼). */
  payerObject: {
    name: 'payerObject',
    from: ['responded'],
    to: 'objected',
    by: [PAYER, HOLDER],
    note: '缴费人对处理结果有异议，已记录其选择的救济途径',
    toPayer: '您对处理结果有异议，已记下您准备通过哪种途径继续解决',
  },
  /** A payer silent for the policy's days after the answer is taken as accepting (DESIGN.md §6). */
  deemAccepted: {
    name: 'deemAccepted',
    from: ['responded'],
    to: 'same',
    by: [SYSTEM],
    note: '答复后缴费人在规定期限内未提出异议，视为无异议，承办单位整理案卷后归档',
    toPayer: '答复后您在规定期限内没有提出异议，视为没有异议，办理部门整理案卷后归档',
  },
  /**
   * A payer who said 不满意 at the follow-up and then chose nothing is not deemed to accept: past
   * the last day to object, once the supervision their 不满意 opened is answered, the case is
   * archived as it stands (seed 三(二): only a payer 无异议 is archived as resolved).
   */
  lapseDissatisfied: {
    name: 'lapseDissatisfied',
    from: ['responded'],
    to: 'same',
    by: [SYSTEM],
    note: '缴费人回访时表示不满意，督办已答复；答复后规定期限内缴费人未表态，不视为无异议，承办单位整理案卷后归档',
    toPayer:
      '您在回访时表示不满意，领导小组已督办，办理部门已重新核实。表态期限已过，我们没有把您的沉默当作接受；案卷将归档。您仍可依法申请行政复议或提起行政诉讼，有疑问请拨打 12345',
  },
  /**
   * The remedy after an objection goes on after the archive, for months (seed 四(二): 受理、联调、
   * 司法确认、调裁对接): the answering unit records each step and the outcome.
   */
  recordRemedy: {
    name: 'recordRemedy',
    from: ['objected', 'archived'],
    to: 'same',
    by: [HOLDER],
    note: '承办单位已记录救济途径的进展',
    toPayer: '办理部门已记下您继续解决的进展',
  },
  /** 案卷归档 (seed 三(三)): documents and recordings filed, by the unit owed the archive. */
  archive: {
    name: 'archive',
    from: ['responded', 'objected'],
    to: 'archived',
    by: [owner('archive')],
    note: '案卷已归档',
  },
  /** 督办 by a leader: the unit owing an item must answer (seed 四(四)). */
  leaderSupervise: {
    name: 'leaderSupervise',
    from: ANY,
    to: 'same',
    by: [LEADERS],
    note: '领导小组已督办',
  },
  answerSupervision: {
    name: 'answerSupervision',
    from: ANY,
    to: 'same',
    by: [owner('supervision')],
    note: '承办单位已答复督办',
    toPayer: (d) =>
      d.furtherAnswer ? '办理部门已再次答复您，请看“再次答复”' : '办理部门已答复领导小组的督办',
  },
  /** 交办 by a leader (seed 二(二): 承办领导小组交办的其他事宜), with its own due date. */
  assignTask: {
    name: 'assignTask',
    from: ANY,
    to: 'same',
    by: [LEADERS],
    note: '领导小组已交办事项',
  },
  reportAssignment: {
    name: 'reportAssignment',
    from: ANY,
    to: 'same',
    by: [owner('assignment')],
    note: '承办单位已报告交办事项办理结果',
    toPayer: '有关部门已向领导小组报告交办事项的办理结果',
  },
  /**
   * A new access code for a payer who lost theirs (issue 13): at a window by staff of a unit that
   * may see the case (functions/core/access-code.ts checks `canSee` first: 404 otherwise), or
   * online by the payer whose ID number and phone match. Any state, archived included: the payer
   * still reads the answer and the remedy's progress after the archive, until retention ends.
   * The note tells the payer's own timeline that the old code was replaced.
   */
  reissueAccessCode: {
    name: 'reissueAccessCode',
    from: ANY,
    to: 'same',
    by: [PAYER, { kind: 'staff', unit: 'any', roles: ['staff', 'head'] }],
    note: '已重新发放查询码，原查询码已停止使用',
  },
} as const satisfies Record<string, Transition>;

export type TransitionName = keyof typeof TRANSITIONS;

/** Raised when a transition is fired from a state it does not leave from. */
export class IllegalTransitionError extends Error {
  readonly transition: string;
  readonly status: CaseStatus;
  constructor(transition: string, status: CaseStatus) {
    super(`transition ${transition} is not allowed from status ${status}`);
    this.transition = transition;
    this.status = status;
    this.name = 'IllegalTransitionError';
  }
}

/** Raised when the actor may not fire the transition on this case. */
export class NotAllowedError extends Error {
  readonly transition: string;
  constructor(transition: string) {
    super(`not allowed to fire ${transition}`);
    this.transition = transition;
    this.name = 'NotAllowedError';
  }
}

/** Checks that `name` may leave `status`, and gives the transition. */
export function transition(name: TransitionName, status: CaseStatus): Transition {
  const t: Transition = TRANSITIONS[name];
  if (!t.from.includes(status)) throw new IllegalTransitionError(name, status);
  return t;
}

/** The state a transition enters from `status`. */
export function target(t: Transition, status: CaseStatus): CaseStatus {
  return t.to === 'same' ? status : t.to;
}

/** What an authorization check needs to know of the case. */
export interface CaseParties {
  holder: UnitId | null;
  lead?: UnitId | null;
  /** The open work items: who owes what (functions/core/work.ts). */
  owes: readonly { unit: UnitId; kind: WorkKind; role?: 'head' }[];
}

/** True when `actor` holds one of the transition's grants for this case. */
export function mayFire(t: Transition, actor: Actor, parties: CaseParties): boolean {
  return t.by.some((grant) => {
    if (grant.kind !== actor.kind) return false;
    if (grant.kind !== 'staff' || actor.kind !== 'staff') return true;
    if (!grant.roles.includes(actor.role)) return false;
    switch (grant.unit) {
      case 'any':
        return actor.unit !== null;
      case 'office':
        return actor.unit === 'office';
      case 'holder':
        return actor.unit === parties.holder || (!!parties.lead && actor.unit === parties.lead);
      case 'owner':
        return parties.owes.some(
          (w) =>
            'work' in grant &&
            w.kind === grant.work &&
            w.unit === actor.unit &&
            (w.role === undefined || w.role === actor.role),
        );
      case 'leading-group':
        return true;
      default:
        return actor.unit === grant.unit;
    }
  });
}

/** The transitions that lead out of `status`, for the state diagram in the docs and tests. */
export function transitionsFrom(status: CaseStatus): TransitionName[] {
  return (Object.keys(TRANSITIONS) as TransitionName[]).filter((name) =>
    (TRANSITIONS[name].from as readonly CaseStatus[]).includes(status),
  );
}
