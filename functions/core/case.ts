/** A dispute case: what is stored, and the timeline events that record each change. */
import type { CaseStatus } from './lifecycle.ts';
import type { Matter } from './matters.ts';
import type { RoutingDecision } from './routing.ts';
import type { UnitId } from './units.ts';
import type { Assignment, Convening, SupervisionOrder, WorkItem } from './work.ts';

export type Channel =
  | 'online'
  | 'walk-in'
  | 'phone-call'
  | 'hotline-12345'
  | 'petition'
  | 'court'
  | 'online-opinion';

/**
 * How a dispute came in (seed 二(二)10–12 and 三(一)); `phone-call` is a call to the unit's own
 * phone (seed 三(一)3: 来访时间 for a visit or a call), not the 12345 hotline.
 */
export const CHANNEL_LABELS: Record<Channel, string> = {
  online: '网上提交',
  'walk-in': '窗口来访',
  'phone-call': '本单位电话来电',
  'hotline-12345': '12345 热线',
  petition: '信访',
  court: '法院转来',
  'online-opinion': '网络舆情',
};

/**
 * Who brought the dispute. `lead` is a dispute found without a known payer (an online post, a
 * petition lead, an anonymous call): only staff register one, with where it came from instead of
 * an ID number (issue 13).
 */
export type PayerKind = 'person' | 'organization' | 'lead';

/** Where an unidentified lead came from (seed 二(二)10–12: 网信办 and 信访局 hand leads on). */
export const LEAD_SOURCES = ['online-post', 'petition-lead', 'anonymous-call'] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

export const LEAD_SOURCE_LABELS: Record<LeadSource, string> = {
  'online-post': '网络发帖',
  'petition-lead': '信访线索',
  'anonymous-call': '匿名来电',
};

export interface Payer {
  kind: PayerKind;
  /** A lead's name is what it called itself (a screen name), or empty. */
  name: string;
  /**
   * GB 11643 or GB 32100; empty for a lead, and for a staff-registered payer whose number is to be
   * verified (`idPending`).
   */
  idNumber: string;
  /** A mainland mobile (SMS goes here), a landline with its area code (0476-1234567), or empty for a lead. */
  phone: string;
  /** Staff registered the payer without the ID number: it is to be verified (待核实). */
  idPending?: boolean;
  /** A lead's source and its reference there (a post's address, a petition's number). */
  source?: { kind: LeadSource; reference: string };
  /** A postal address, when the window registered one: where a written answer is posted. */
  address?: string;
}

/**
 * The other party of the dispute (争议双方, seed 三(二)): for a person's dispute the employer,
 * for an employer's dispute the person. Told of the answer as the payer is.
 */
export interface Counterparty {
  kind: 'person' | 'organization';
  name: string;
  /** The employer's unified social credit code, or the person's ID number, when known. */
  idNumber?: string;
  /** A mobile or a landline, when known: SMS only to a mobile. */
  phone?: string;
  /** Where a written notice is posted, when given. */
  address?: string;
}

/**
 * Who received the payer, as annex 2 asks (seed 三(一)3: 受理人员应第一时间填写): the clerk's
 * account, unit, and the name and work phone from the account, kept as they were that day.
 */
export interface Receiver {
  unit: UnitId;
  user: string;
  name?: string;
  phone?: string;
}

/** A deadline as a working-day date in Asia/Shanghai, flagged when its year has no calendar. */
/** What each running deadline is for, as the case page and the reports name it. */
export const DUE_LABELS = {
  'sign-for': '签收期限',
  answer: '答复期限',
  'follow-up': '回访期限',
} as const;

export interface Due {
  kind: keyof typeof DUE_LABELS;
  date: string;
  covered: boolean;
  /** The working-day arithmetic: `days` working days counted from `from`. */
  from?: string;
  days?: number;
}

/** How the answer notice reached the other party (送达). */
export const SERVICE_METHODS = ['in-person', 'post', 'other'] as const;
export type ServiceMethod = (typeof SERVICE_METHODS)[number];
/** The methods as the forms, the case page and the catalogue name them. */
export const SERVICE_METHOD_LABELS: Record<ServiceMethod, string> = {
  'in-person': '当面送达',
  post: '邮寄送达',
  other: '其他方式送达',
};

/**
 * The written answer notice served on the other party (seed 三(二): 向争议双方进行反馈): how, on
 * which day, recorded by whom. The payer reads the answer online; the other party has no code.
 */
export interface CounterpartyService {
  method: ServiceMethod;
  on: string;
  note?: string;
  by: string;
  at: string;
}

export interface CaseRecord {
  caseNumber: string;
  /** Optimistic lock: every change is conditional on it and increments it. */
  version: number;
  status: CaseStatus;
  channel: Channel;
  payer: Payer;
  matters: Matter[];
  description: string;
  routing: RoutingDecision;
  /** The unit whose inbox holds the case now; none while it is being routed. */
  holder: UnitId | null;
  /** Every unit that ever held the case: staff of these units may see it (DESIGN.md §1). */
  heldBy: UnitId[];
  due: Due | null;
  /** The lead unit the office named for a joint case (牵头单位); it answers the payer. */
  lead?: UnitId | null;
  /** The written answer to the payer (结果反馈). */
  answer?: Answer;
  /**
   * The last day to object that the payer was told with the answer, or later with a further
   * answer to their 不满意 (the SMS, the status page). The window never closes before it, whatever
   * the policy or the calendar say later (supervision.ts, objectionWindow).
   */
  toldObjectBy?: string;
  /** The payer's decision on the answer. */
  decision?: PayerDecision;
  /**
   * The window to object closed with no decision from a payer who had said 不满意 at the
   * follow-up: their silence is not taken as acceptance, and the case may be archived
   * (lifecycle.ts, lapseDissatisfied).
   */
  lapsed?: { at: string; lastDay: string };
  /** Date of the paper registration form for a case registered at a window (annex 2). */
  registeredOn?: string;
  /** 来访时间: when the payer came or called, Beijing time `YYYY-MM-DDTHH:mm` (annex 2). */
  visitedAt?: string;
  /** 受理人 and 受理单位 of a staff-registered case (annex 2); none for a case filed online. */
  receivedBy?: Receiver;
  /** The other party of the dispute, when named. */
  counterparty?: Counterparty;
  /** The answer notice served on the other party, once recorded. */
  counterpartyServed?: CounterpartyService;
  /** When the current holder received the case: the return window counts from it. */
  assignedAt?: string;
  /** The office's classification of a joint case (seed 三(一)2). */
  classification?: 'general' | 'major' | null;
  extension?: Extension | null;
  opinions?: Opinion[];
  consultations?: Consultation[];
  proposal?: Proposal | null;
  writtenOpinion?: string | null;
  /** Every act owed on the case, open and closed (functions/core/work.ts). */
  work?: WorkItem[];
  /** Leaders' 督办 and dissatisfied payers' cases: each an answer the unit owes. */
  supervisions?: SupervisionOrder[];
  /** Leaders' 交办 on this case. */
  assignments?: Assignment[];
  /** The consultation meeting 旗政府办 was asked to convene (seed 二(二)2). */
  convening?: Convening | null;
  /** 跟踪回访 (seed 一): the visit after the answer. */
  followUp?: FollowUp | null;
  /** Documents, audio and video filed with the case (seed 三(三)); the files are in the store. */
  attachments?: Attachment[];
  /** Every return, by unit and reason code; routing excludes these units afterwards. */
  returns?: { unit: UnitId; reason: string; at: string }[];
  /** A clerk's return waiting for the unit head (DESIGN.md §1: the head approves returns). */
  returnRequest?: ReturnRequest | null;
  /** The objection's remedy as it goes on (seed 四(二): 联调、司法确认、调裁对接), oldest first. */
  remedies?: RemedyRecord[];
  accessCodeHash: string;
  receivedAt: string;
  updatedAt: string;
}

export type NewCase = CaseRecord;

/**
 * Raised before a write that the store would refuse for its size (DynamoDB's item limit is
 * 400 KB): a grown case, a very long text, a draft past its cap. Nothing is written; the caller
 * answers 413 with what to do (issue 16: it answered 500).
 */
export class RecordTooLargeError extends Error {
  readonly what: 'case' | 'draft';
  constructor(what: 'case' | 'draft') {
    super(`the ${what} would be too large to store`);
    this.what = what;
    this.name = 'RecordTooLargeError';
  }
}

export interface Extension {
  days: number;
  reason: string;
  status: 'pending' | 'approved' | 'refused';
  requestedBy: string;
}

export interface ReturnRequest {
  reason: string;
  note: string;
  to: 'routing' | 'office';
  requestedBy: string;
  at: string;
}

export interface Opinion {
  unit: UnitId;
  question: string;
  requestedAt: string;
  opinion?: string;
  answeredAt?: string;
  /** The unit that entered a paper opinion on the asked unit's behalf (the holder); else absent. */
  enteredBy?: UnitId;
  /** Still unanswered when the case was answered: the request lapsed then, and its unit was told. */
  withdrawnAt?: string;
}

/** A consultation (会商, seed 三(四)). */
export interface Consultation {
  /** A major case's 专题会议 (seed 三(四)); absent: a general case's consultation (会商). */
  kind?: 'special-meeting';
  date: string;
  /** Where it met and who chaired it (主持人), when the record gives them. */
  place?: string;
  chair?: string;
  units: UnitId[];
  positions: { unit: UnitId; position: string }[];
  conclusion: string;
  minutes: string;
  lead: UnitId;
  recordedBy: string;
}

/** The proposal form of a major case (拟办意见报送单, annex 3). */
export interface Proposal {
  year: number;
  n: number;
  contactName: string;
  contactPhone: string;
  summary: string;
  proposedOpinion: string;
  status: 'submitted' | 'approved' | 'refused';
  /** When the leading-group office decided it (absent in records from before it was kept). */
  decidedAt?: string;
}

export const FOLLOW_UP_RESULTS = [
  'satisfied',
  'basically-satisfied',
  'dissatisfied',
  'unreachable',
] as const;
export type FollowUpResult = (typeof FOLLOW_UP_RESULTS)[number];

export interface FollowUp {
  unit: UnitId;
  /** The first working day after the answer, when a visit makes sense. */
  visibleFrom: string;
  due: string;
  /**
   * The visit's date as counted (`days` working days from `from`, the answer's day) and whether
   * its year's holidays were entered: its own, since it outlives the case's deadline (an archive
   * clears that). Absent on visits opened before they were kept.
   */
  covered?: boolean;
  from?: string;
  days?: number;
  /** `scheduled` only on cases answered before work items; new ones open with the answer. */
  status: 'scheduled' | 'open' | 'done';
  result?: FollowUpResult;
  by?: 'staff' | 'payer';
  note?: string;
}

export interface Attachment {
  id: string;
  name: string;
  contentType: string;
  size: number;
  uploadedBy: string;
  at: string;
}

export interface Answer {
  text: string;
  unit: UnitId;
  at: string;
  /**
   * Who answered, as the printed notice names them (承办人, 联系电话): the display name and work
   * phone of their account that day, copied as annex 2's receiver is; absent when it had neither.
   */
  by?: { name?: string; phone?: string };
}

/** The answering staff's name and work phone from their account, for the printed notice. */
export function answeredBy(p: { name?: string; phone?: string }): Pick<Answer, 'by'> {
  if (!p.name && !p.phone) return {};
  return { by: { ...(p.name ? { name: p.name } : {}), ...(p.phone ? { phone: p.phone } : {}) } };
}

/** Where a payer who objects goes (seed 三(二)). */
export const OBJECTION_ROUTES = [
  'mediation',
  'reconsideration',
  'arbitration',
  'litigation',
] as const;
export type ObjectionRoute = (typeof OBJECTION_ROUTES)[number];

/**
 * Where the remedy after an objection stands (seed 四(二)): accepted or under way, then how it
 * ended. Labels in functions/core/remedies.ts.
 */
export const REMEDY_OUTCOMES = [
  'in-progress',
  'mediation-agreement',
  'judicial-confirmation',
  'reconsideration-decision',
  'arbitration-award',
  'judgement',
  'withdrawn',
] as const;
export type RemedyOutcome = (typeof REMEDY_OUTCOMES)[number];

/** One recorded step of the remedy: what happened, on which day, recorded by whom and when. */
export interface RemedyRecord {
  outcome: RemedyOutcome;
  on: string;
  note?: string;
  by: string;
  at: string;
}

/** Where a decision came from: the payer online, staff at the window or on the phone, or silence. */
export type DecisionChannel = 'online' | 'window' | 'phone' | 'silence';

interface DecisionSource {
  /** Absent on decisions made online before channels were recorded. */
  channel?: DecisionChannel;
  /** For a decision staff recorded: the day the payer gave it, and who recorded it. */
  on?: string;
  recordedBy?: string;
}

export type PayerDecision =
  | ({ kind: 'accept'; at: string } & DecisionSource)
  | ({ kind: 'object'; route: ObjectionRoute; comment?: string; at: string } & DecisionSource);

export interface TimelineEvent {
  caseNumber: string;
  /** 1 for the first event; equals the case version the event produced. */
  seq: number;
  at: string;
  transition: string;
  from: CaseStatus | null;
  to: CaseStatus;
  /**
   * `name`: a staff account's display name as it was at the step, so the history reads 张伟, not
   * an account id, and stays true when the account is renamed or removed.
   */
  actor: { kind: 'system' | 'payer' | 'staff'; unit?: UnitId; user?: string; name?: string };
  /** A Chinese sentence for people. Never personal data (STYLE.md rule 9). */
  note: string;
  /** Codes and ids the step recorded (a reason code, a route, a unit); never free text. */
  detail?: Record<string, string>;
  /** Staff-entered text of the step; shown to staff, never to the payer, never logged. */
  text?: string;
}

/** What a list shows of a case: kept with each work item and involvement in the table. */
export type CaseSummary = Pick<
  CaseRecord,
  | 'caseNumber'
  | 'version'
  | 'status'
  | 'channel'
  | 'receivedAt'
  | 'holder'
  | 'due'
  | 'classification'
> & {
  mode: RoutingDecision['mode'];
  lead: UnitId | null;
  /** The payer's kind and name: lists mask the name (functions/core/identifiers.ts). */
  payer: Pick<Payer, 'kind' | 'name'>;
  matterTypes: string[];
  insuranceTypes: string[];
};

/** The summary of a case for lists. */
export function summaryOf(record: CaseRecord): CaseSummary {
  return {
    caseNumber: record.caseNumber,
    version: record.version,
    status: record.status,
    channel: record.channel,
    receivedAt: record.receivedAt,
    holder: record.holder,
    due: record.due,
    classification: record.classification ?? null,
    mode: record.routing.mode,
    lead: record.lead ?? null,
    payer: { kind: record.payer.kind, name: record.payer.name },
    matterTypes: [...new Set(record.matters.map((m) => m.type))],
    insuranceTypes: [...new Set(record.matters.flatMap((m) => m.insurance))],
  };
}
