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

export interface Payer {
  kind: 'person' | 'organization';
  name: string;
  idNumber: string;
  phone: string;
}

/** A deadline as a working-day date in Asia/Shanghai, flagged when its year has no calendar. */
export interface Due {
  kind: 'sign-for' | 'answer';
  date: string;
  covered: boolean;
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
  accessCodeHash: string;
  receivedAt: string;
  updatedAt: string;
}

export type NewCase = CaseRecord;

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
