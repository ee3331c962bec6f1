/** A dispute case: what is stored, and the timeline events that record each change. */
import type { CaseStatus } from './lifecycle.ts';
import type { Matter } from './matters.ts';
import type { RoutingDecision } from './routing.ts';
import type { UnitId } from './units.ts';

export type Channel =
  | 'online'
  | 'walk-in'
  | 'hotline-12345'
  | 'petition'
  | 'court'
  | 'online-opinion';

/** How a dispute came in (seed 二(二)10–12 and 三(一)). */
export const CHANNEL_LABELS: Record<Channel, string> = {
  online: '网上提交',
  'walk-in': '窗口来访',
  'hotline-12345': '12345 热线',
  petition: '信访',
  court: '法院转来',
  'online-opinion': '网络舆情',
};

export interface Payer {
  kind: 'person' | 'organization';
  name: string;
  idNumber: string;
  phone: string;
}

/** A deadline as a working-day date in Asia/Shanghai, flagged when its year has no calendar. */
export interface Due {
  kind: 'sign-for' | 'answer' | 'follow-up';
  date: string;
  covered: boolean;
  /** The working-day arithmetic: `days` working days counted from `from`. */
  from?: string;
  days?: number;
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
  /** The payer's decision on the answer. */
  decision?: PayerDecision;
  /** Date of the paper registration form for a case registered at a window (annex 2). */
  registeredOn?: string;
  /** When the current holder received the case: the return window counts from it. */
  assignedAt?: string;
  /** The office's classification of a joint case (seed 三(一)2). */
  classification?: 'general' | 'major' | null;
  extension?: Extension | null;
  opinions?: Opinion[];
  consultations?: Consultation[];
  proposal?: Proposal | null;
  writtenOpinion?: string | null;
  /** 催办 and 督办 (seed 四(四)): an overdue step chased, then escalated to the leading group. */
  supervision?: Supervision | null;
  /** 跟踪回访 (seed 一): the visit after the answer. */
  followUp?: FollowUp | null;
  /** Documents, audio and video filed with the case (seed 三(三)); the files are in the store. */
  attachments?: Attachment[];
  /** Every return, by unit and reason code; routing excludes these units afterwards. */
  returns?: { unit: UnitId; reason: string; at: string }[];
  accessCodeHash: string;
  receivedAt: string;
  updatedAt: string;
}

export type NewCase = CaseRecord;

export interface Extension {
  days: number;
  reason: string;
  status: 'pending' | 'approved' | 'refused';
  requestedBy: string;
}

export interface Opinion {
  unit: UnitId;
  question: string;
  requestedAt: string;
  opinion?: string;
  answeredAt?: string;
}

/** A consultation (会商, seed 三(四)). */
export interface Consultation {
  date: string;
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
}

export interface Supervision {
  level: 'chase' | 'supervision';
  reason: 'overdue' | 'dissatisfied';
  /** The deadline that was missed (overdue), or the answer's date (dissatisfied). */
  dueDate: string;
  chasedOn?: string;
  supervisedOn?: string;
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
  /** The task appears in the unit's inbox on this working day (one after the answer). */
  visibleFrom: string;
  due: string;
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
}

/** Where a payer who objects goes (seed 三(二)). */
export const OBJECTION_ROUTES = [
  'mediation',
  'reconsideration',
  'arbitration',
  'litigation',
] as const;
export type ObjectionRoute = (typeof OBJECTION_ROUTES)[number];

export type PayerDecision =
  | { kind: 'accept'; at: string }
  | { kind: 'object'; route: ObjectionRoute; comment?: string; at: string };

export interface TimelineEvent {
  caseNumber: string;
  /** 1 for the first event; equals the case version the event produced. */
  seq: number;
  at: string;
  transition: string;
  from: CaseStatus | null;
  to: CaseStatus;
  actor: { kind: 'system' | 'payer' | 'staff'; unit?: UnitId; user?: string };
  /** A Chinese sentence for people. Never personal data (STYLE.md rule 9). */
  note: string;
  /** Codes and ids the step recorded (a reason code, a route, a unit); never free text. */
  detail?: Record<string, string>;
  /** Staff-entered text of the step; shown to staff, never to the payer, never logged. */
  text?: string;
}

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The calendar date in Asia/Shanghai (UTC+8 all year: China keeps no daylight saving time). */
export function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The year in Asia/Shanghai, which numbers the case. */
export function shanghaiYear(instant: Date): number {
  return Number(shanghaiDate(instant).slice(0, 4));
}
