/**
 * The ports the use cases need. Adapters implement them over DynamoDB, SQS and the system clock;
 * the core never sees an AWS type.
 */
import type { CalendarYear, WorkingCalendar } from './calendar.ts';
import type { CaseRecord, NewCase, TimelineEvent } from './case.ts';
import type { DeadlinePolicy } from './deadlines.ts';
import type { UnitId } from './units.ts';

export interface Clock {
  now(): Date;
}

export interface Ids {
  /** A fresh random access code (ACCESS_CODE_PATTERN). */
  accessCode(): string;
  /** The access code a retried request gets back: derived from its idempotency key. */
  accessCodeFor(idempotencyKey: string, caseNumber: string): string;
  hash(value: string): string;
  /** Compares two hashes in constant time. */
  sameHash(a: string, b: string): boolean;
}

/** What an earlier request with the same idempotency key produced. */
export interface IdempotentOutcome {
  requestHash: string;
  caseNumber: string;
}

export interface CaseStore {
  nextCaseNumber(year: number): Promise<string>;
  /**
   * Stores a new case with its first timeline event, atomically. With an idempotency record,
   * resolves to the earlier outcome instead when the key was used before.
   */
  create(
    record: NewCase,
    first: TimelineEvent,
    idempotency?: { keyHash: string; requestHash: string; expiresAt: number },
  ): Promise<{ created: true } | { created: false; earlier: IdempotentOutcome }>;
  get(caseNumber: string): Promise<CaseRecord | undefined>;
  timeline(caseNumber: string): Promise<TimelineEvent[]>;
  /**
   * Applies a change to the case and appends its event in one transaction, if the case is still at
   * `current.version`. Resolves to false when it is not (a concurrent change won).
   */
  update(current: CaseRecord, change: CaseChange, event: TimelineEvent): Promise<boolean>;
  /** Up to `limit` cases that have stayed in `received` since before `before` (ISO), oldest first. */
  stuckInReceived(before: string, limit: number): Promise<CaseRecord[]>;
  /** A unit's inbox, by status and due date. */
  inbox(unit: UnitId, limit: number): Promise<CaseRecord[]>;
}

/** The fields a transition changes. */
export type CaseChange = Partial<Omit<CaseRecord, 'caseNumber' | 'version'>>;

export interface Dispatcher {
  /** Sends "this case is routed to `unit`" to that unit's queue. */
  send(unit: UnitId, caseNumber: string): Promise<void>;
}

/** Proposal serials (报送编号): one gapless sequence per year, one number per case. */
export interface ProposalSerials {
  /** The case's serial: a new one, or the one it already has. */
  allocate(year: number, caseNumber: string): Promise<{ year: number; n: number }>;
}

/** What an administrator configures: the working-day calendar and the deadline policy. */
export interface Settings {
  /** The committed calendar with the administrator's years laid over it. */
  calendar(): Promise<WorkingCalendar>;
  /** The default policy with the administrator's changes laid over it. */
  deadlines(): Promise<DeadlinePolicy>;
  putCalendarYear(year: number, entry: CalendarYear): Promise<void>;
  putDeadlines(policy: Partial<DeadlinePolicy>): Promise<void>;
}
