/**
 * Retention of personal data (PIPL art. 19: kept no longer than its purpose needs; issue 7). A
 * case closes when it is archived and no follow-up visit is pending; its record, its timeline,
 * its files and the counter that links its payer to the day of intake are kept for `years` full
 * calendar years counted from 1 January after the year it closed — the way the 社会保险业务档案
 * 管理规定（试行） counts a retention period — and then deleted. A case never archived is never
 * deleted. The policy and its reasons: docs/decisions.md, "Retention".
 */
import type { CaseRecord } from './case.ts';
import { partyCounts } from './metrics.ts';
import type { CaseStore, Clock, Ids } from './ports.ts';
import { shanghaiDate, shanghaiInstant, shanghaiYear } from './time.ts';

/** The manifest name of the daily job (functions/manifest.ts); infra/aws configures it by name. */
export const RETENTION_SWEEP = 'retention-sweep';

/** The environment variable that sets the retention period, in years. */
export const RETENTION_YEARS_ENV = 'RETENTION_YEARS';

/** The shortest fixed term of the social-insurance and government archive rules. */
export const DEFAULT_RETENTION_YEARS = 10;

/** Raised for a retention period that is not a whole number of years from 1 to 100. */
export class RetentionSettingError extends Error {
  constructor(raw: string) {
    super(`${RETENTION_YEARS_ENV} must be a whole number of years from 1 to 100, not "${raw}"`);
    this.name = 'RetentionSettingError';
  }
}

/** The retention period from its setting: the default when unset, an error when malformed. */
export function parseRetentionYears(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_RETENTION_YEARS;
  const years = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || years < 1 || years > 100) throw new RetentionSettingError(raw);
  return years;
}

/** Midnight of 1 January of `year` in Asia/Shanghai, as an ISO instant. */
function newYearInShanghai(year: number): string {
  return shanghaiInstant(`${year}-01-01`).toISOString();
}

/**
 * The instant a case closed at `closedAt` is past retention: 1 January, Shanghai time, of the
 * year `years` after the year following its closing (closed in 2026, 10 years: 2037-01-01).
 */
export function retentionEnds(closedAt: string, years: number): string {
  return newYearInShanghai(shanghaiYear(new Date(closedAt)) + 1 + years);
}

/** Cases that closed before this instant are past retention at `now`. */
export function retentionCutoff(now: Date, years: number): string {
  return newYearInShanghai(shanghaiYear(now) - years);
}

/**
 * Where a case's files live in the attachment store: every key under this prefix (the keys are
 * `cases/<case number>/<id>`, made in attachments.ts), so that a stray or half-finished upload
 * goes with the rest.
 */
export function caseFilesPrefix(caseNumber: string): string {
  return `cases/${caseNumber}/`;
}

/** A daily counter, as the reports' aggregates hold it (`Count` with its day). */
export interface DailyCounter {
  day: string;
  stat: string;
  key: string;
}

/**
 * The counters that tie the parties to the case's day of intake (metrics.ts, partyCounts): keyed
 * by a hash of an ID number and carrying a masked name, they are personal data and go with the
 * case. One may also count another case of the same party on the same day; it is deleted whole,
 * since a counter moved down could be moved twice by a repeated run.
 */
export function partyCounters(record: CaseRecord, ids: Pick<Ids, 'hash'>): DailyCounter[] {
  const day = shanghaiDate(new Date(record.receivedAt));
  return partyCounts(record, ids).map(({ stat, key }) => ({ day, stat, key }));
}

/** Why a case past the index's cut-off is kept after all, read from its current record. */
export type KeepReason = 'not-archived' | 'follow-up-pending' | 'within-retention';

/** Null when the case may be deleted at `cutoff`; otherwise why not. */
export function keepReason(record: CaseRecord, cutoff: string): KeepReason | null {
  if (record.status !== 'archived') return 'not-archived';
  // The follow-up visit (回访) still to be made: the file is not closed yet.
  if (record.followUp && record.followUp.status !== 'done') return 'follow-up-pending';
  // Its last change is when it closed (the archiving, or a visit recorded after it).
  if (record.updatedAt >= cutoff) return 'within-retention';
  return null;
}

/**
 * One line of the deletion register (销毁清册): which case went, when, and how much of it. No
 * personal data; kept for good, as the archive rules keep the list of what was destroyed.
 */
export interface DeletionEntry {
  caseNumber: string;
  /** The day (Shanghai) the case closed: the start of its retention period. */
  closedOn: string;
  deletedAt: string;
  /** The retention period it was kept for. */
  years: number;
  files: number;
  items: number;
}

/** The table's side of retention (functions/adapters/retention-store.ts). */
export interface RetentionStore {
  /** Archived cases whose last change is before `before` (ISO), oldest first, through an index. */
  archivedBefore(before: string): AsyncIterable<CaseRecord>;
  /** Deletes one daily counter; nothing happens when it is gone already. */
  deleteCounter(counter: DailyCounter): Promise<void>;
  /**
   * Deletes every item of the case except the case item itself (its timeline, its proposal-serial
   * link), so that a run that stops half-way leaves the case in the index for the next run.
   * Resolves to the number of items deleted.
   */
  deleteCaseItems(caseNumber: string): Promise<number>;
  /**
   * Deletes the case item, if it is still at `version`, and writes its line of the register, in
   * one transaction. `gone` when another run deleted it first; `changed` when it was changed.
   */
  deleteCase(entry: DeletionEntry, version: number): Promise<'deleted' | 'gone' | 'changed'>;
  /** The register's lines for cases deleted in `year` (Shanghai). */
  deletions(year: number): Promise<DeletionEntry[]>;
}

/** The attachment store's side: S3 in AWS, DATA_DIR/attachments locally. */
export interface CaseFiles {
  /** Deletes every file (every stored version) under the case's prefix; resolves to how many. */
  removeCase(caseNumber: string): Promise<number>;
}

export interface RetentionDeps {
  /** A consistent read of the case: the index that found it may lag behind. */
  store: Pick<CaseStore, 'get'>;
  retention: RetentionStore;
  files: CaseFiles;
  clock: Clock;
  ids: Pick<Ids, 'hash'>;
  years: number;
  /** Asked between batches: true when the run must stop (the function's time is running out). */
  shouldStop?: () => boolean;
}

export interface RetentionOutcome {
  cutoff: string;
  deleted: { caseNumber: string; files: number; items: number }[];
  kept: { caseNumber: string; reason: KeepReason | 'changed' }[];
  /** Cases whose deletion failed part-way; the next run takes them up again. */
  failed: string[];
  /** True when the run stopped early and cases past retention may remain for the next run. */
  more: boolean;
}

/** Cases handled at once: a few table and file-store calls each, well below any rate limit. */
const CONCURRENCY = 8;

/**
 * Deletes every case past retention: its files first, then its payer counter and the items of
 * its partition, and the case item last, with its line of the register. Each step can be
 * repeated, so a run that stops or fails anywhere is completed by the next one, and two runs at
 * once delete each thing once (at-least-once schedules, STYLE.md rule 4).
 */
export async function retentionSweep(deps: RetentionDeps): Promise<RetentionOutcome> {
  const now = deps.clock.now();
  const cutoff = retentionCutoff(now, deps.years);
  const outcome: RetentionOutcome = { cutoff, deleted: [], kept: [], failed: [], more: false };

  const purge = async (candidate: CaseRecord) => {
    const record = await deps.store.get(candidate.caseNumber);
    if (!record) return; // deleted by another run since the index was read
    const reason = keepReason(record, cutoff);
    if (reason) {
      outcome.kept.push({ caseNumber: record.caseNumber, reason });
      return;
    }
    const files = await deps.files.removeCase(record.caseNumber);
    for (const counter of partyCounters(record, deps.ids))
      await deps.retention.deleteCounter(counter);
    const items = await deps.retention.deleteCaseItems(record.caseNumber);
    const entry: DeletionEntry = {
      caseNumber: record.caseNumber,
      closedOn: shanghaiDate(new Date(record.updatedAt)),
      deletedAt: now.toISOString(),
      years: deps.years,
      files,
      items: items + 1,
    };
    const result = await deps.retention.deleteCase(entry, record.version);
    if (result === 'deleted') {
      outcome.deleted.push({ caseNumber: record.caseNumber, files, items: entry.items });
    } else if (result === 'changed') {
      outcome.kept.push({ caseNumber: record.caseNumber, reason: 'changed' });
    }
  };

  // One case that fails (a file store error…) must not hold up the others: it is reported, and
  // the next run starts it again from wherever it stopped.
  const run = async (batch: CaseRecord[]) => {
    const settled = await Promise.allSettled(batch.map(purge));
    settled.forEach((s, i) => {
      const caseNumber = batch[i]?.caseNumber;
      if (s.status === 'rejected' && caseNumber) outcome.failed.push(caseNumber);
    });
  };

  let batch: CaseRecord[] = [];
  for await (const candidate of deps.retention.archivedBefore(cutoff)) {
    batch.push(candidate);
    if (batch.length < CONCURRENCY) continue;
    await run(batch);
    batch = [];
    if (deps.shouldStop?.()) {
      outcome.more = true;
      return outcome;
    }
  }
  await run(batch);
  return outcome;
}
