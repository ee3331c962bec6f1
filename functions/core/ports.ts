/**
 * The ports the use cases need. Adapters implement them over DynamoDB, SQS and the system clock;
 * the core never sees an AWS type.
 */
import type { CalendarYear, WorkingCalendar } from './calendar.ts';
import type { CaseRecord, CaseSummary, NewCase, TimelineEvent } from './case.ts';
import type { DeadlinePolicy } from './deadlines.ts';
import type { CaseStatus } from './lifecycle.ts';
import type { Report, ReportOpinion } from './report.ts';
import type { OfficialNames, UnitId } from './units.ts';
import type { Relation, WorkItem, WorkKind } from './work.ts';

export interface Clock {
  now(): Date;
}

export interface Ids {
  /** A fresh random access code (ACCESS_CODE_PATTERN). */
  accessCode(): string;
  /** The access code a retried request gets back: derived from its idempotency key. */
  accessCodeFor(secret: string, caseNumber: string): string;
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
    counts?: readonly Count[],
  ): Promise<{ created: true } | { created: false; earlier: IdempotentOutcome }>;
  /** What a request stored under an idempotency key (by its hash) produced, if one did. */
  earlier(keyHash: string): Promise<IdempotentOutcome | undefined>;
  get(caseNumber: string): Promise<CaseRecord | undefined>;
  timeline(caseNumber: string): Promise<TimelineEvent[]>;
  /**
   * Applies a change to the case and appends its event in one transaction, if the case is still at
   * `current.version`. Resolves to false when it is not (a concurrent change won).
   */
  update(
    current: CaseRecord,
    change: CaseChange,
    event: TimelineEvent,
    counts?: readonly Count[],
  ): Promise<boolean>;
  /**
   * Open work items of every unit, earliest due first: the open workload the sweep and the
   * leaders' supervision list read, never the archive.
   */
  openWork(limit: number): Promise<WorkRow[]>;
  /**
   * The leading group's 督办 and 交办 items once closed, the latest closed first: the leaders'
   * list of what units answered. Each row's case summary is as of its closing.
   */
  closedOrders(limit: number): Promise<WorkRow[]>;
  /** Sets a flag once; true the first time (so that a unit is named once a month, not hourly). */
  flagOnce(flag: string, key: string): Promise<boolean>;
  /** The value of a counter (0 when it was never counted). */
  count(stat: string, key: string): Promise<number>;
  /** Up to `limit` cases in `status` whose last change was before `before` (ISO), oldest first. */
  inStatus(status: CaseStatus, before: string, limit: number): Promise<CaseRecord[]>;
  /**
   * A unit's open work items, earliest due first (overdue ones lead), a page at a time. Items only
   * a head may do are listed to heads only.
   */
  inbox(unit: UnitId, query: InboxFilter): Promise<{ items: WorkRow[]; next: string | null }>;
  /** How many open items of each kind a unit (with `role`) has. */
  workCounts(unit: UnitId, role: string): Promise<Map<WorkKind, number>>;
  /** The cases a unit is involved in (functions/core/work.ts `involvement`), newest first. */
  involved(
    unit: UnitId,
    query: { limit: number; cursor?: string | undefined },
  ): Promise<{ items: Involved[]; next: string | null }>;
}

/** A work item with the case it belongs to, as the inbox lists it. */
export interface WorkRow {
  item: WorkItem;
  case: CaseSummary;
}

/** A case a unit is involved in, and how. */
export interface Involved {
  relations: Relation[];
  case: CaseSummary;
}

/** A counter moved by one with a change: `stat` names it, `key` the thing counted (a unit…). */
export interface Count {
  stat: string;
  key: string;
  /** A daily aggregate for reports (YYYY-MM-DD, Shanghai); without it, a running total. */
  day?: string;
  /** A display label kept with the counter (a masked payer name). */
  label?: string;
}

/** Sums of the daily aggregates over a period, by `<stat>#<key>`. */
export interface Aggregates {
  sum(fromDay: string, toDay: string): Promise<Map<string, { n: number; label?: string }>>;
}

export interface InboxFilter {
  limit: number;
  /** The caller's role: items for heads only are left out for staff. */
  role: string;
  kind?: WorkKind | undefined;
  cursor?: string | undefined;
  status?: string | undefined;
  matter?: string | undefined;
  insurance?: string | undefined;
  channel?: string | undefined;
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
  /** Every unit's full official name: the defaults with the administrator's changes laid over. */
  officialNames(): Promise<OfficialNames>;
  putOfficialNames(names: Partial<OfficialNames>): Promise<void>;
}

/** A message to a unit or a payer. Never the dispute text: SMS and e-mail leave our control. */
export type Notification =
  /** A work item opened for a unit (its head, with `role`): the case waits for it. */
  | {
      kind: 'work';
      unit: UnitId;
      work: WorkKind;
      role?: 'head';
      caseNumber: string;
      due: string;
      /** The date lies in a year whose holidays are not yet entered: it may still move. */
      provisional?: true;
    }
  /** `objectBy`: the last day to object (the policy's working days after the answer). */
  | { kind: 'answered'; phone: string; caseNumber: string; objectBy?: string }
  /**
   * The further answer to a payer who said 不满意 (再次答复, after the leading group's 督办);
   * `objectBy` while the payer has not yet said whether they accept.
   */
  | { kind: 'reanswered'; phone: string; caseNumber: string; objectBy?: string }
  /**
   * The other party is told of the answer too (seed 三(二): 向争议双方进行反馈). It holds no access
   * code, so the SMS says who will deliver the written notice; `unit` is the answering unit.
   */
  | { kind: 'counterparty-answered'; phone: string; caseNumber: string; unit: UnitId }
  /**
   * The filing receipt (issue 13): the case number only. Never the access code, which would then
   * sit in the phone's inbox and the SMS gateway's logs, where anyone reading them could use it.
   */
  | { kind: 'filed'; phone: string; caseNumber: string }
  /**
   * The unit's head approved an extension: the answer's new last day (`due`), `provisional` when
   * its year's holidays are not yet entered.
   */
  | { kind: 'extended'; phone: string; caseNumber: string; due: string; provisional?: true }
  /** After a return: the unit the case went to next (seed 三(一)1: 告知缴费人具体受理部门). */
  | {
      kind: 'rerouted';
      phone: string;
      caseNumber: string;
      unit: UnitId;
      /** `office`: the office placed it after the return; absent: the delivery after it. */
      by?: 'office';
    }
  /** The payer's silence was taken as acceptance (DESIGN.md §6). */
  | { kind: 'deemed-accepted'; phone: string; caseNumber: string }
  /**
   * A window replaced the access code (issue 13). Without the code: the clerk hands it over in
   * person; the SMS only warns the payer, in case it was not they who asked.
   */
  | { kind: 'access-code-reissued'; phone: string; caseNumber: string }
  /**
   * The payer asked online for a new code and their details matched (issue 13): the one message
   * that carries a code, since this phone is the only way it can reach them.
   */
  | { kind: 'access-code-sent'; phone: string; caseNumber: string; accessCode: string }
  /**
   * What another hand did on a case the unit works, that no work item tells it: an opinion it
   * asked for came (`from`: the unit that gave it), or its head decided its extension or return.
   */
  | {
      kind: 'case-news';
      unit: UnitId;
      caseNumber: string;
      news:
        | 'opinion'
        | 'extension-approved'
        | 'extension-refused'
        | 'return-refused'
        | 'written-opinion'
        | 'lead-finding'
        | 'passed-on-answered'
        | 'opinion-withdrawn';
      from?: UnitId;
    }
  /**
   * The consultation meeting 旗政府办 convened (seed 二(二)2): its day and place, to each unit
   * that should attend (the office, the lead and the case's units). No personal data.
   */
  | { kind: 'meeting-called'; unit: UnitId; caseNumber: string; date: string; place: string }
  /** 催办 to the unit that holds the overdue step (`work`: which; absent in older messages). */
  | { kind: 'chase'; unit: UnitId; caseNumber: string; dueDate: string; work?: WorkKind }
  /** 督办 to the leading group (annex 1 roster). */
  | { kind: 'supervision'; unit: UnitId; caseNumber: string; reason: 'overdue' | 'dissatisfied' }
  /**
   * A unit's answer to the leading group's 督办 (`supervision`) or its result of a 交办
   * (`assignment`): the leading group hears it (seed 四(四): 跟踪问效).
   */
  | {
      kind: 'order-answered';
      unit: UnitId;
      caseNumber: string;
      order: 'supervision' | 'assignment';
    }
  /**
   * A major case's proposal approved: the leading-group office 提请 the leading group to hold
   * the 专题会议 with the units concerned (seed 三(四)); `lead` is the case's lead unit.
   */
  | { kind: 'special-meeting-requested'; caseNumber: string; serial: string; lead: UnitId }
  /** A unit named for returning cases too often (seed 四(四): 推诿). */
  | { kind: 'returns-flag'; unit: UnitId; month: string; returns: number }
  /** A report for the leading group. */
  | { kind: 'report'; reportId: string; title: string };

/** Tells units of new inbox items and payers of answers (e-mail and SMS in AWS, an outbox locally). */
export interface Notifier {
  notify(message: Notification): Promise<void>;
}

/** Raised by a store for a page cursor it did not give out. */
export class InvalidCursorError extends Error {
  constructor() {
    super('invalid cursor');
    this.name = 'InvalidCursorError';
  }
}

/** Where attachment files live: S3 in AWS, a folder under DATA_DIR locally. */
export interface AttachmentStore {
  /**
   * A URL the browser PUTs the file to, with the headers it must send: among them the name to
   * download it under, which S3 keeps with the file.
   */
  uploadUrl(
    key: string,
    contentType: string,
    size: number,
    name: string,
  ): Promise<{ url: string; headers: Record<string, string> }>;
  /** A short-lived URL to download the file under its own name. */
  downloadUrl(key: string, name: string, contentType: string): Promise<string>;
}

export type ReportEntry = Pick<Report, 'id' | 'kind' | 'title' | 'period' | 'generatedAt'>;

export interface ReportStore {
  /** Stores a report unless one with its id exists; true when it was new. */
  putOnce(report: Report): Promise<boolean>;
  get(id: string): Promise<Report | undefined>;
  /** Newest first. */
  list(limit: number): Promise<ReportEntry[]>;
  /**
   * Sets the report's opinion if the report exists and its opinion is still the one read
   * (`previousAt`, null for none): false when another was saved meanwhile or there is no report.
   */
  putOpinion(id: string, opinion: ReportOpinion, previousAt: string | null): Promise<boolean>;
}

export interface Window {
  allowed: boolean;
  /** Seconds until the window ends. */
  retryAfter: number;
}

/** Fixed-window counters (per case, per client…) for the limits against abuse. */
export interface RateLimiter {
  /** Counts one and says whether the count is still within the limit. */
  hit(bucket: string, rule: { limit: number; windowSeconds: number }): Promise<Window>;
  /** Says whether the count has room left, without counting. */
  peek(bucket: string, rule: { limit: number; windowSeconds: number }): Promise<Window>;
  /**
   * Counts one only while the count is within the limit, in one conditional update: concurrent
   * callers never get more than `limit` between them (issue 16: 10–15 guesses got through).
   */
  take(bucket: string, rule: { limit: number; windowSeconds: number }): Promise<Window>;
  /** Gives back one that `take` counted in the current window. */
  release(bucket: string, rule: { limit: number; windowSeconds: number }): Promise<void>;
}
