/**
 * Version 1 of the staff API (DESIGN.md §9, under /api/staff/, Bearer JWT). The site imports the
 * choices and limits; the handlers validate with the schemas.
 */
import * as z from 'zod';
import { isValidDate } from '#core/calendar.ts';
import {
  type Attachment,
  CHANNEL_LABELS,
  type Channel,
  FOLLOW_UP_RESULTS,
  type LeadSource,
  OBJECTION_ROUTES,
  REMEDY_OUTCOMES,
  SERVICE_METHODS,
} from '#core/case.ts';
import { CASE_STATUSES } from '#core/lifecycle.ts';
import { INSURANCE_TYPES, MATTER_TYPES } from '#core/matters.ts';
import { UNIT_IDS } from '#core/units.ts';
import {
  type Assignment,
  type Convening,
  type SupervisionOrder,
  WORK_KINDS,
  type WorkKind,
} from '#core/work.ts';
import {
  CounterpartySchema,
  counterpartyFits,
  identifierSchema,
  LIMITS,
  MatterSchema,
  payerName,
  phone,
  phoneField,
  RegisteredPayerSchema,
} from './cases.ts';

export const TEXT_LIMIT = 2000;

const text = (what: string, max = TEXT_LIMIT) =>
  z
    .string({ error: `请填写${what}` })
    .trim()
    .min(1, `请填写${what}`)
    .max(max, `${what}不能超过 ${max} 个字`);

const unitOf = (error: string) => z.enum(UNIT_IDS as [string, ...string[]], { error });
const unit = unitOf('请选择单位');
// Where a page has more than one choice of unit, the error names which.
const leadUnit = unitOf('请选择牵头单位');
/** A date field, its errors naming it as its form labels it (a leaders' review: 「日期应为…」 alone). */
const isoDate = (what: string) =>
  z
    .string({ error: `请填写${what}` })
    .refine(isValidDate, `${what}应为“年-月-日”，例如 2026-11-26`);

/**
 * A meeting's record: a general case's 会商 or a major case's 专题会议, named in the messages
 * (`name` for who met, `short` for its conclusion).
 */
const meetingFields = (name: string, short: string) => ({
  date: isoDate(`${short}日期`),
  // Where and under whom it met, as minutes give them; optional, as before they were asked.
  place: z.string().trim().max(200, '会议地点不能超过 200 个字').optional(),
  chair: z.string().trim().max(50, '主持人不能超过 50 个字').optional(),
  units: z.array(unit).min(2, `${name}至少有两个单位参加`),
  positions: z
    .array(z.object({ unit, position: text('该单位意见', 1000) }))
    .min(1, '请记录各单位意见'),
  conclusion: text(`${short}结论`),
  minutes: text('会议纪要', 5000),
});

/** Why a unit returns a case (退回原因). Counted per unit: the seed names units that shirk. */
export const RETURN_REASONS = [
  { id: 'not-our-duty', label: '不属于本单位职责' },
  { id: 'needs-other-unit', label: '还涉及其他单位职责' },
  { id: 'wrong-period', label: '所属期判断有误' },
  { id: 'wrong-insurance', label: '险种判断有误' },
  { id: 'other', label: '其他原因' },
] as const;

/** The channels with their labels, as the pages list them: the core's one table. */
export const CHANNELS = (Object.entries(CHANNEL_LABELS) as [Channel, string][]).map(
  ([id, label]) => ({ id, label }),
);

/** The channels window staff register (everything but the payer's own online filing). */
export const REGISTERED_CHANNELS = [
  'walk-in',
  'phone-call',
  'hotline-12345',
  'petition',
  'court',
  'online-opinion',
] as const;

/**
 * Units a holder may always ask for an opinion (协办意见): finance on refunds and arrears, justice
 * on the law (seed 二(二)), police as a leading-group member that gives opinions when asked (seed
 * 二(一)). A joint case adds its other responsible units (core/actions.ts `opinionUnits`).
 */
export const ASSISTING_UNITS = ['finance', 'justice', 'police'] as const;

const version = z.int().positive().optional();

export const ActionSchema = z
  .discriminatedUnion(
    'type',
    [
      z.object({ type: z.literal('sign-for'), version }),
      z.object({
        type: z.literal('return'),
        reason: z.enum(RETURN_REASONS.map((r) => r.id) as [string, ...string[]], {
          error: '请选择退回原因',
        }),
        note: text('退回说明'),
        /** Back through routing without this unit (default), or straight to the joint office. */
        to: z.enum(['routing', 'office']).default('routing'),
        version,
      }),
      // The head's decision on a clerk's return (DESIGN.md §1): approved, the case is returned
      // as the clerk asked; refused, the unit keeps it.
      z.object({
        type: z.literal('decide-return'),
        approve: z.boolean({ error: '请选择同意或不同意' }),
        note: z.string().trim().max(TEXT_LIMIT).optional(),
        version,
      }),
      z.object({ type: z.literal('note'), note: text('办理情况'), version }),
      z.object({
        type: z.literal('verify-payer'),
        idNumber: identifierSchema('请填写核实后的身份证号码或统一社会信用代码'),
        version,
      }),
      // A phone registered wrong (a staff review: every SMS would go to a stranger); the number
      // goes on the case only, the note (why) to the timeline.
      z.object({
        type: z.literal('correct-phone'),
        phone,
        note: z.string().trim().max(TEXT_LIMIT).optional(),
        version,
      }),
      // A name registered wrong (it heads the sealed registration form and answer notice). No
      // note: it would reach the timeline that masked viewers read, with the names in it.
      z.object({ type: z.literal('correct-name'), name: payerName, version }),
      z.object({
        type: z.literal('request-extension'),
        days: z
          // Left empty, the form asks for it rather than for a whole number (a review, 2026-12-05).
          .int({
            error: (issue) =>
              issue.input === undefined ? '请填写延期多少个工作日' : '延期天数应为整数',
          })
          .min(1, '至少延期 1 个工作日')
          .max(30, '一次最多延期 30 个工作日')
          .describe(
            'Working days. Also at most the days the answer was first given (400 naming /days); a case whose extension was approved once is refused another (409).',
          ),
        reason: text('延期理由'),
        version,
      }),
      z.object({
        type: z.literal('decide-extension'),
        approve: z.boolean({ error: '请选择同意或不同意' }),
        note: z.string().trim().max(TEXT_LIMIT).optional(),
        version,
      }),
      z.object({
        type: z.literal('request-opinion'),
        // Which units a case allows is the core's check (actions.ts `opinionUnits`).
        unit: z.enum(UNIT_IDS as [string, ...string[]], { error: '请选择要商请提出意见的单位' }),
        question: text('需要对方回答的问题'),
        version,
      }),
      z.object({ type: z.literal('record-opinion'), opinion: text('协办意见'), version }),
      z.object({ type: z.literal('respond'), answer: text('书面答复内容', 5000), version }),
      z.object({ type: z.literal('archive'), version }),
      z.object({
        type: z.literal('classify'),
        as: z.enum(['general', 'major'], { error: '请选择一般争议或重大疑难争议' }),
        lead: leadUnit,
        version,
      }),
      /** `note`: why one unit, required for a joint case, whose other units' matters it drops. */
      z.object({
        type: z.literal('assign'),
        unit: unitOf('请选择派给哪个单位'),
        note: z
          .string()
          .trim()
          .max(TEXT_LIMIT, `派单理由不能超过 ${TEXT_LIMIT} 个字`)
          .optional()
          .describe(
            'Why one unit: required when the case concerns several units (400 naming /note without it). `unit` must be one a routing rule makes responsible.',
          ),
        version,
      }),
      z.object({
        type: z.literal('record-consultation'),
        ...meetingFields('会商', '会商'),
        lead: leadUnit,
        version,
      }),
      /**
       * A major case's 专题会议 (seed 三(四): 提请领导小组组织相关部门召开专题会议会商研究): a
       * consultation's record without a lead, which the classification named.
       */
      z.object({
        type: z.literal('record-special-meeting'),
        ...meetingFields('专题会议', '会议'),
        version,
      }),
      z.object({
        type: z.literal('record-proposal'),
        contactName: text('联系人姓名', 50),
        // Checked as every phone is: it is printed on the form the leading group calls back on.
        contactPhone: phoneField('请填写联系人联系方式'),
        summary: text('反映内容摘要'),
        proposedOpinion: text('拟办意见'),
        version,
      }),
      z.object({
        type: z.literal('approve-proposal'),
        approve: z.boolean({ error: '请选择同意或不同意' }),
        note: z.string().trim().max(TEXT_LIMIT).optional(),
        version,
      }),
      z.object({
        type: z.literal('record-written-opinion'),
        opinion: text('书面意见', 5000),
        version,
      }),
      z.object({
        type: z.literal('record-follow-up'),
        result: z.enum(FOLLOW_UP_RESULTS, { error: '请选择回访结果' }),
        note: z
          .string()
          .trim()
          .max(TEXT_LIMIT, `回访记录不能超过 ${TEXT_LIMIT} 个字`)
          .optional()
          .describe(
            'Required with `result: dissatisfied` (400 naming /note): the 督办 it opens reads it.',
          ),
        version,
      }),
      /** The written answer notice served on the other party (送达, seed 三(二)). */
      z.object({
        type: z.literal('record-service'),
        method: z.enum(SERVICE_METHODS, { error: '请选择送达方式' }),
        on: isoDate('送达日期'),
        note: z
          .string()
          .trim()
          .max(TEXT_LIMIT, `说明不能超过 ${TEXT_LIMIT} 个字`)
          .optional()
          .describe('Required with `method: other` (400 naming /note): the file says how.'),
        version,
      }),
      /** A decision the payer gave at the window or on the phone (seed 三(二)). */
      z.object({
        type: z.literal('record-decision'),
        decision: z.enum(['accept', 'object'], { error: '请选择缴费人是否接受处理结果' }),
        route: z.enum(OBJECTION_ROUTES, { error: '请选择缴费人选择的救济途径' }).optional(),
        channel: z.enum(['window', 'phone'], { error: '请选择缴费人是在窗口还是通过电话表态' }),
        on: isoDate('表态日期'),
        comment: z.string().trim().max(TEXT_LIMIT, `说明不能超过 ${TEXT_LIMIT} 个字`).optional(),
        version,
      }),
      /** A step or the outcome of the payer's remedy after an objection (seed 四(二)). */
      z.object({
        type: z.literal('record-remedy'),
        outcome: z.enum(REMEDY_OUTCOMES, { error: '请选择救济途径的进展或结果' }),
        on: isoDate('日期'),
        note: z.string().trim().max(TEXT_LIMIT, `说明不能超过 ${TEXT_LIMIT} 个字`).optional(),
        version,
      }),
      z.object({ type: z.literal('request-convening'), note: text('会商事由'), version }),
      z.object({
        type: z.literal('record-convening'),
        date: isoDate('会议日期'),
        place: text('会议地点', 200),
        version,
      }),
      /** A leader's 督办 of one open work item, with what the unit must do. */
      z.object({
        type: z.literal('supervise'),
        item: z
          .string({ error: '请选择要督办的待办事项' })
          .min(1, '请选择要督办的待办事项')
          .max(200),
        note: text('督办要求'),
        version,
      }),
      /**
       * `toPayer`: the further answer (再次答复) a 督办 opened by the payer's 不满意 owes the payer,
       * and only such a 督办.
       */
      z.object({
        type: z.literal('answer-supervision'),
        answer: text('督办答复'),
        toPayer: text('给缴费人的再次答复')
          .optional()
          .describe(
            'Required when the 督办 answered is the one the payer’s 不满意 opened (400 naming /toPayer without it), refused on any other: the further answer the payer reads online.',
          ),
        version,
      }),
      /** A leader's 交办 to any unit, with its due date. */
      z.object({
        type: z.literal('assign-task'),
        unit: unitOf('请选择交办给哪个单位'),
        task: text('交办事项'),
        due: isoDate('完成期限'),
        version,
      }),
      z.object({ type: z.literal('report-assignment'), reply: text('办理结果'), version }),
    ],
    { error: '请选择要进行的操作' },
  )
  .superRefine((a, ctx) => {
    if (a.type === 'record-decision' && a.decision === 'object' && !a.route) {
      ctx.addIssue({ code: 'custom', path: ['route'], message: '请选择缴费人选择的救济途径' });
    }
  });

export type Action = z.infer<typeof ActionSchema>;
export type ActionType = Action['type'];

/** A case registered at a window (seed 三(一)3: 受理登记表). */
export const RegisterCaseSchema = z
  .object(
    {
      channel: z.enum(REGISTERED_CHANNELS, { error: '请选择受理渠道' }),
      // Not before the mechanism (2024); not after today is checked with the clock (intake.ts).
      registeredOn: isoDate('登记日期').refine(
        (s) => !isValidDate(s) || s >= '2024-01-01',
        '登记日期不能早于 2024 年（联合处置机制建立之前）',
      ),
      /** 来访时间 (annex 2): when the payer came or called, Beijing time. */
      visitedAt: z
        .string({ error: '请填写来访（来电）时间' })
        .refine(isLocalDateTime, '来访时间应为“年-月-日 时:分”，例如 2026-11-26 09:30')
        .optional(),
      payer: RegisteredPayerSchema,
      matters: z.array(MatterSchema).min(1, '请至少填写一项争议事项').max(LIMITS.matters),
      description: text('缴费人反映的主要内容', LIMITS.description),
      counterparty: CounterpartySchema.optional(),
    },
    { error: '请求正文应为一个 JSON 对象' },
  )
  .superRefine((r, ctx) => {
    counterpartyFits(r.payer.kind, r.counterparty, ctx);
    // The visit comes before the form is filled in: 来访 on the day of the form or earlier.
    if (r.visitedAt && isLocalDateTime(r.visitedAt) && r.visitedAt.slice(0, 10) > r.registeredOn) {
      ctx.addIssue({
        code: 'custom',
        path: ['visitedAt'],
        message: '来访时间不能晚于登记日期',
      });
    }
  });

/** `YYYY-MM-DDTHH:mm`, as a datetime-local field posts it: a real day and a real time. */
export function isLocalDateTime(s: string): boolean {
  const m = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d$/.exec(s);
  return m !== null && isValidDate(m[1] ?? '');
}

export type RegisterCase = z.infer<typeof RegisterCaseSchema>;

export const InboxQuerySchema = z.object({
  /** One kind of work item (functions/core/work.ts). */
  kind: z.enum(WORK_KINDS).optional(),
  status: z.enum(CASE_STATUSES).optional(),
  matter: z.enum(MATTER_TYPES).optional(),
  insurance: z.enum(INSURANCE_TYPES).optional(),
  channel: z.enum(CHANNELS.map((c) => c.id) as [string, ...string[]]).optional(),
  /** Office and leaders may look at another unit's inbox. */
  unit: unit.optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const SessionRequestSchema = z.object({
  username: z.string({ error: '请填写用户名' }).trim().min(1, '请填写用户名').max(100),
  password: z.string({ error: '请填写密码' }).min(1, '请填写密码').max(200),
});

/**
 * A line of the inbox: one open work item and its case (a case owing two acts of the unit shows
 * twice). Personal data masked: the inbox is a list (PIPL, issue 7).
 */
export interface InboxItem {
  caseNumber: string;
  /** The work item: its id on the case, kind, words, and the role it waits for. */
  workId: string;
  kind: WorkKind;
  kindLabel: string;
  /** `head` when only the unit's head may do it. */
  role: 'head' | null;
  openedAt: string;
  /** 催办 and 督办 dates of this item, when there were any. */
  chasedOn: string | null;
  supervisedOn: string | null;
  /** The day a leader ordered its 督办; `supervisedOn` alone is the sweep's report of it. */
  orderedOn: string | null;
  version: number;
  status: (typeof CASE_STATUSES)[number];
  statusLabel: string;
  channel: string;
  mode: 'single' | 'joint' | 'triage';
  matters: string[];
  insurance: string[];
  payerName: string;
  receivedAt: string;
  /** The date the item is due (YYYY-MM-DD). */
  due: string | null;
  /** The case's own deadline kind (kept from version 1 of the inbox). */
  dueKind: 'sign-for' | 'answer' | 'follow-up' | null;
  /** 催办 or 督办 of this item. */
  supervision: 'chase' | 'supervision' | null;
  overdue: boolean;
  /** False when the due date lies in a year without a published holiday schedule. */
  dueCovered: boolean;
  /**
   * Why a rule holds the item back now (the case page's 「暂时还不能办理」), e.g. an answer that
   * waits for its consultation. Absent when the item can be done.
   */
  heldBack?: string;
}

export interface InboxResponse {
  items: InboxItem[];
  next: string | null;
  /** The unit's open items by kind (for the caller's role), whatever the filters. */
  counts: Partial<Record<WorkKind, number>>;
}

/** A work item on the staff case page. */
export interface WorkView {
  id: string;
  kind: WorkKind;
  label: string;
  unit: string;
  role: 'head' | null;
  openedAt: string;
  due: string;
  covered: boolean;
  overdue: boolean;
  state: 'open' | 'closed';
  closedAt: string | null;
  closedBy: string | null;
  chasedOn: string | null;
  supervisedOn: string | null;
  orderedOn: string | null;
}

export interface DeadlineView {
  kind: 'sign-for' | 'answer' | 'follow-up';
  label: string;
  due: string;
  covered: boolean;
  /** The working-day arithmetic in words, e.g. 「自 2026年11月26日 起算 15 个工作日…」. */
  basis: string;
  overdue: boolean;
}

export interface TimelineEntry {
  seq: number;
  at: string;
  transition: string;
  from: string | null;
  to: string;
  note: string;
  /** `name`: the staff account's display name at the step, where it had one. */
  actor: { kind: string; unit?: string; user?: string; name?: string };
  /** Staff-entered text of the step (a return's explanation, a note…). */
  text?: string;
  detail?: Record<string, string>;
}

/** The staff case page (GET /api/staff/cases/{n}, and the answer of every action). */
export interface StaffCaseView {
  caseNumber: string;
  version: number;
  status: (typeof CASE_STATUSES)[number];
  statusLabel: string;
  channel: string;
  registeredOn: string;
  /** Masked (张**, 150426********1234, 138****5678) unless the caller's unit holds the case. */
  payer: {
    kind: 'person' | 'organization' | 'lead';
    name: string;
    /** Empty for a lead and for a number to be verified (`idPending`). */
    idNumber: string;
    phone: string;
    idPending?: boolean;
    /** A lead's source; its reference only unmasked. */
    source?: { kind: LeadSource; reference: string };
    /** The postal address registered, unmasked only. */
    address?: string;
  };
  /**
   * How the payer hears from the unit: `sms` to a mobile, `phone` (a landline only: staff phone
   * the payer, no SMS goes), `none` (a lead with no contact).
   */
  contact: 'sms' | 'phone' | 'none';
  /** The other party of the dispute, masked like the payer. */
  counterparty: {
    kind: 'person' | 'organization';
    name: string;
    idNumber?: string;
    phone?: string;
    /** The postal address registered, unmasked only. */
    address?: string;
  } | null;
  /** The answer notice served on the other party (送达), once recorded. */
  counterpartyServed: {
    method: 'in-person' | 'post' | 'other';
    on: string;
    note?: string;
    by: string;
    at: string;
  } | null;
  /** 来访时间 (Beijing time, `YYYY-MM-DDTHH:mm`) of a staff-registered case. */
  visitedAt: string | null;
  /** 受理人: the clerk who registered the case, with unit and work phone; null when filed online. */
  receivedBy: { unit: string; user: string; name: string | null; phone: string | null } | null;
  masked: boolean;
  /**
   * The caller may give the payer a new access code at a window: a unit that registered, holds or
   * leads the case (an asked unit sees the payer while it owes its opinion, but holds no card
   * against the case). Absent when not.
   */
  reissuesAccessCode?: true;
  matters: {
    type: string;
    label: string;
    insurance: string[];
    period: { from: string; to: string };
  }[];
  description: string;
  routing: {
    mode: 'single' | 'joint' | 'triage';
    units: string[];
    assisting: string[];
    rules: string[];
    /** One Chinese sentence per rule, with the seed's clause. */
    explanation: string[];
  };
  holder: string | null;
  lead: string | null;
  heldBy: string[];
  classification: 'general' | 'major' | null;
  deadlines: DeadlineView[];
  timeline: TimelineEntry[];
  /** `by`: the answering staff's display name and work phone, as the printed notice names them. */
  answer: {
    text: string;
    unit: string;
    at: string;
    by?: { name?: string; phone?: string };
  } | null;
  decision: {
    kind: 'accept' | 'object';
    route?: string;
    comment?: string;
    at: string;
    /** online, window, phone, or silence (deemed acceptance). */
    channel?: string;
    on?: string;
    recordedBy?: string;
  } | null;
  /**
   * The window to object closed with no decision from a payer who had said 不满意 at the
   * follow-up: no acceptance is deemed, and the case may be archived. Absent otherwise.
   */
  lapsed?: { at: string; lastDay: string };
  /**
   * While the payer may still object (answered, no stance yet): the last day, and what the payer's
   * silence then means: `accepts` (视为无异议) or, for a payer who said 不满意 at the follow-up,
   * `lapses` (archived as it stands). `waitsForSupervision` while that 不满意's 督办 is unanswered:
   * the window does not close before the answer. Absent otherwise.
   */
  objectionWindow?: {
    lastDay: string;
    silence: 'accepts' | 'lapses';
    waitsForSupervision?: true;
    /** The day told with the answer, kept over a shorter policy since. */
    told?: true;
    /** False when the year of `lastDay` has no holiday calendar yet. */
    covered?: boolean;
  };
  extension: {
    days: number;
    reason: string;
    status: 'pending' | 'approved' | 'refused';
    requestedBy: string;
    /** While pending: the deadline if the head approves (the current one is in `deadlines`). */
    wouldBe?: { due: string; covered: boolean };
  } | null;
  /** A clerk's return waiting for the unit head; null when none is. */
  returnRequest: {
    reason: string;
    note: string;
    to: 'routing' | 'office';
    requestedBy: string;
    at: string;
    /** Where the rules would send the case if the head approves: units, or the office alone. */
    wouldGoTo?: string[];
  } | null;
  opinions: {
    unit: string;
    question: string;
    requestedAt: string;
    opinion?: string;
    answeredAt?: string;
    /** The unit that entered a paper opinion for the asked unit. */
    enteredBy?: string;
    /** Unanswered when the case was answered: the request lapsed then, and its unit was told. */
    withdrawnAt?: string;
  }[];
  consultations: {
    /** `special-meeting`: a major case's 专题会议; absent: a consultation (会商). */
    kind?: 'special-meeting';
    date: string;
    place?: string;
    chair?: string;
    units: string[];
    positions: { unit: string; position: string }[];
    conclusion: string;
    minutes: string;
    lead: string;
    recordedBy: string;
  }[];
  proposal: {
    serial: string;
    contactName: string;
    contactPhone: string;
    summary: string;
    proposedOpinion: string;
    status: 'submitted' | 'approved' | 'refused';
  } | null;
  writtenOpinion: string | null;
  returns: { unit: string; reason: string; at: string }[];
  attachments: AttachmentView[];
  /** How many files the case has that the caller may not open (core `readsCaseFiles`); absent when none. */
  filesWithheld?: number;
  supervision: {
    level: 'chase' | 'supervision';
    reason: 'overdue' | 'dissatisfied';
    dueDate: string;
    chasedOn?: string;
    supervisedOn?: string;
    /** A leader's (or the 不满意 rule's) order; `supervisedOn` alone is the sweep's report. */
    orderedOn?: string;
  } | null;
  followUp: {
    visibleFrom: string;
    due: string;
    /** False while the visit's year's holidays are not entered (the date may move). */
    covered?: boolean;
    from?: string;
    days?: number;
    status: 'scheduled' | 'open' | 'done';
    result?: string;
    by?: 'staff' | 'payer';
    note?: string;
  } | null;
  /** Every act owed on the case, open ones first, then closed ones newest first. */
  work: WorkView[];
  /** The case's 督办, 交办 and consultation convening, as the core keeps them (work.ts). */
  supervisions: SupervisionOrder[];
  assignments: Assignment[];
  convening: Convening | null;
  /** The remedy's recorded steps after an objection, oldest first. */
  remedies?: { outcome: string; on: string; note?: string; by: string; at: string }[];
  /** What the caller may do now, as action types of ActionSchema. */
  allowedActions: ActionType[];
  /**
   * Work the caller's unit owes on the case that a rule holds back for now, and why (a major
   * case's answer waits for the written opinion; the archive for the payer's decision).
   */
  heldBack?: { action: ActionType; reason: string }[];
  /**
   * Steps the caller's unit would take on its own initiative (a return, an extension) that a rule
   * closes now, and why: the return window has passed, the deadline has passed, one waits.
   */
  closed?: { action: ActionType; reason: string }[];
}

/**
 * What may be attached to a case (seed 三(三): 文书或音视频资料): documents, images, audio and
 * video, each with its own size limit.
 */
export const ATTACHMENT_TYPES = {
  'application/pdf': { label: 'PDF 文件', maxBytes: 20 * 1024 * 1024 },
  'image/jpeg': { label: 'JPEG 图片', maxBytes: 20 * 1024 * 1024 },
  'image/png': { label: 'PNG 图片', maxBytes: 20 * 1024 * 1024 },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    label: 'Word 文档',
    maxBytes: 20 * 1024 * 1024,
  },
  'audio/mpeg': { label: 'MP3 录音', maxBytes: 100 * 1024 * 1024 },
  'audio/mp4': { label: 'M4A 录音', maxBytes: 100 * 1024 * 1024 },
  'audio/wav': { label: 'WAV 录音', maxBytes: 100 * 1024 * 1024 },
  'video/mp4': { label: 'MP4 视频', maxBytes: 500 * 1024 * 1024 },
} as const;

export type AttachmentType = keyof typeof ATTACHMENT_TYPES;

export const AttachmentRequestSchema = z
  .object({
    name: z
      .string({ error: '请填写文件名' })
      .trim()
      .min(1, '请填写文件名')
      .max(200, '文件名不能超过 200 个字')
      // A lone surrogate half cannot be written in a header (the download's name): refused
      // here, naming the field, rather than failing once the file is recorded.
      .refine(
        (name) =>
          !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(name),
        '文件名里有无法识别的字符，请给文件改名后再上传',
      ),
    contentType: z.enum(Object.keys(ATTACHMENT_TYPES) as [AttachmentType, ...AttachmentType[]], {
      error: '只能上传 PDF、Word、JPEG/PNG 图片、MP3/M4A/WAV 录音或 MP4 视频',
    }),
    size: z.int('文件大小应为整数').min(1, '文件是空的'),
  })
  .superRefine((a, ctx) => {
    const limit = ATTACHMENT_TYPES[a.contentType]?.maxBytes;
    if (limit && a.size > limit) {
      ctx.addIssue({
        code: 'custom',
        path: ['size'],
        message: `${ATTACHMENT_TYPES[a.contentType].label}不能超过 ${limit / 1024 / 1024} MB`,
      });
    }
  });

/** An attachment in the staff view: the case record's own, which the view passes on as stored. */
export type AttachmentView = Attachment;

/** A date the person named in the message (the report form has two). */
const namedDate = (what: string) =>
  z
    .string({ error: `请填写${what}` })
    .refine(isValidDate, `${what}应为“年-月-日”，例如 2026-11-26`)
    // The mechanism began in 2024; a later year than 2099 is a typing error (issue 16: a report
    // of 9999-12 froze the runtime).
    .refine(
      (s) => !isValidDate(s) || (s >= '2024-01-01' && s <= '2099-12-31'),
      `${what}应在 2024 年至 2099 年之间`,
    );

/** An on-demand report's period (inclusive dates, at most a year). */
export const ReportRequestSchema = z
  .object(
    {
      from: namedDate('开始日期'),
      to: namedDate('结束日期').describe(
        'Inclusive. Not after today in Beijing (400 naming /to): a day still to come has no figures.',
      ),
    },
    { error: '请求正文应为一个 JSON 对象，包含 from 和 to' },
  )
  .superRefine((r, ctx) => {
    if (r.to < r.from)
      ctx.addIssue({ code: 'custom', path: ['to'], message: '结束日期不能早于开始日期' });
    const days = (Date.parse(r.to) - Date.parse(r.from)) / 86_400_000;
    if (days > 366) ctx.addIssue({ code: 'custom', path: ['to'], message: '一次最多统计一年' });
  });
