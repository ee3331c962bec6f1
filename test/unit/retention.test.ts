import { describe, expect, it } from 'vitest';
import type { CreateCaseRequest } from '#contracts/cases.ts';
import { CreateCaseRequestSchema } from '#contracts/cases.ts';
import { addAttachment } from '#core/attachments.ts';
import type { CaseRecord } from '#core/case.ts';
import { submitCase } from '#core/intake.ts';
import {
  type CaseFiles,
  caseFilesPrefix,
  type DailyCounter,
  DEFAULT_RETENTION_YEARS,
  type DeletionEntry,
  parseRetentionYears,
  partyCounters,
  type RetentionDeps,
  RetentionSettingError,
  type RetentionStore,
  retentionCutoff,
  retentionEnds,
  retentionSweep,
} from '#core/retention.ts';
import { caseRequest, creditCode, residentId } from '#test/fixtures/cases.ts';
import {
  defaultSettings,
  fixedClock,
  mapCaseStore,
  recordingDispatcher,
  testIds,
} from '#test/fixtures/ports.ts';

type MapStore = ReturnType<typeof mapCaseStore>;

const counterId = (c: DailyCounter) => `${c.day}/${c.stat}/${c.key}`;

/**
 * The table's side of retention over the map store: the index is the store's archived cases
 * (or a stale copy of them, to play an index that lags), deletions as DynamoDB does them.
 */
function mapRetention(store: MapStore, counters: Set<string>) {
  const register: DeletionEntry[] = [];
  let stale: CaseRecord[] | undefined;
  const retention: RetentionStore & {
    register: DeletionEntry[];
    serveStale(records: CaseRecord[]): void;
  } = {
    register,
    serveStale(records) {
      stale = records;
    },
    async *archivedBefore(before) {
      const indexed = stale ?? [...store.cases.values()];
      const found = indexed
        .filter((c) => c.status === 'archived' && c.updatedAt < before)
        .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
      for (const c of found) yield structuredClone(c);
    },
    async deleteCounter(counter) {
      counters.delete(counterId(counter));
    },
    async deleteCaseItems(caseNumber) {
      const before = store.events.length;
      const kept = store.events.filter((e) => e.caseNumber !== caseNumber);
      store.events.splice(0, store.events.length, ...kept);
      return before - kept.length;
    },
    async deleteCase(entry, version) {
      const current = store.cases.get(entry.caseNumber);
      if (!current) return 'gone';
      if (current.version !== version) return 'changed';
      store.cases.delete(entry.caseNumber);
      register.push(entry);
      return 'deleted';
    },
    async deletions(year) {
      return register.filter((e) => e.deletedAt.startsWith(String(year)));
    },
  };
  return retention;
}

/** Files by key, as the attachment store holds them; `failOnce` makes one case's removal fail. */
function mapFiles() {
  const keys = new Set<string>();
  const failing = new Set<string>();
  const files: CaseFiles & { keys: Set<string>; failOnce(caseNumber: string): void } = {
    keys,
    failOnce(caseNumber) {
      failing.add(caseNumber);
    },
    async removeCase(caseNumber) {
      if (failing.delete(caseNumber)) throw new Error('file store unavailable');
      const prefix = caseFilesPrefix(caseNumber);
      const mine = [...keys].filter((k) => k.startsWith(prefix));
      for (const k of mine) keys.delete(k);
      return mine.length;
    },
  };
  return files;
}

const request = (overrides: Record<string, unknown> = {}): CreateCaseRequest =>
  CreateCaseRequestSchema.parse(caseRequest(overrides));

/** A world with an intake clock, a store, files and counters; `file` adds a case to it. */
function setup() {
  const store = mapCaseStore();
  const counters = new Set<string>();
  const retention = mapRetention(store, counters);
  const files = mapFiles();
  const clock = fixedClock('2026-03-02T02:00:00Z');
  const deps: RetentionDeps = {
    store,
    retention,
    files,
    clock,
    ids: testIds,
    years: DEFAULT_RETENTION_YEARS,
  };

  /** Files a case, gives it an attachment, and brings it to `state` at `closedAt` (Shanghai). */
  async function file(
    state: Partial<CaseRecord> & { closedAt: string },
    overrides: Record<string, unknown> = {},
  ): Promise<string> {
    clock.set('2026-03-02T02:00:00Z');
    const { caseNumber } = await submitCase(
      request(overrides),
      { channel: 'online' },
      { store, dispatcher: recordingDispatcher(), clock, ids: testIds },
    );
    const record = store.cases.get(caseNumber);
    if (!record) throw new Error('not stored');
    counters.add(counterId(partyCounters(record, testIds)[0] as DailyCounter));
    files.keys.add(`${caseFilesPrefix(caseNumber)}3f0e9a0c-0000-4000-8000-000000000001`);
    const { closedAt, ...change } = state;
    store.cases.set(caseNumber, {
      ...record,
      status: 'archived',
      followUp: { unit: 'tax', visibleFrom: '', due: '', status: 'done', result: 'satisfied' },
      ...change,
      updatedAt: new Date(`${closedAt}+08:00`).toISOString(),
      version: record.version + 3,
    });
    return caseNumber;
  }

  return { store, counters, retention, files, clock, deps, file };
}

/** Sets the sweep's clock to a moment in Asia/Shanghai. */
const at = (clock: ReturnType<typeof fixedClock>, shanghai: string) =>
  clock.set(new Date(`${shanghai}+08:00`).toISOString());

describe('the retention period', () => {
  it('runs for whole calendar years from 1 January after the year the case closed, in Shanghai time', () => {
    expect(retentionEnds('2026-05-01T02:00:00.000Z', 10)).toBe('2036-12-31T16:00:00.000Z');
    // 2026-12-31T17:00Z is already 2027 in Shanghai: the case closed in 2027.
    expect(retentionEnds('2026-12-31T17:00:00.000Z', 10)).toBe('2037-12-31T16:00:00.000Z');
    expect(retentionEnds('2026-12-31T15:59:59.000Z', 30)).toBe('2056-12-31T16:00:00.000Z');
  });

  it('puts the cut-off at New Year in Shanghai, so a case is past it exactly when its period ends', () => {
    const closed = '2026-05-01T02:00:00.000Z';
    const ends = retentionEnds(closed, 10);
    expect(closed < retentionCutoff(new Date(ends), 10)).toBe(true);
    expect(closed < retentionCutoff(new Date(Date.parse(ends) - 1), 10)).toBe(false);
  });

  it('is read from its setting: ten years by default, whole years from 1 to 100 only', () => {
    expect(parseRetentionYears(undefined)).toBe(10);
    expect(parseRetentionYears('')).toBe(10);
    expect(parseRetentionYears('30')).toBe(30);
    for (const bad of ['0', '-1', '1.5', '101', 'ten', '10 years']) {
      expect(() => parseRetentionYears(bad), bad).toThrow(RetentionSettingError);
    }
  });
});

describe('what the sweep deletes belongs to the case', () => {
  it('names the very counter intake moved for the payer, person or employer', async () => {
    const { store, clock } = setup();
    const deps = { store, dispatcher: recordingDispatcher(), clock, ids: testIds };
    for (const payer of [
      { kind: 'person', name: '王小明', idNumber: residentId(), phone: '13812345678' },
      { kind: 'organization', name: '某某有限公司', idNumber: creditCode(), phone: '13812345678' },
    ]) {
      const { caseNumber } = await submitCase(request({ payer }), { channel: 'online' }, deps);
      const record = store.cases.get(caseNumber);
      if (!record) throw new Error('not stored');

      const counter = partyCounters(record, testIds)[0] as DailyCounter;

      expect(counter.stat).toBe(payer.kind === 'person' ? 'payer' : 'employer');
      expect(counter.day).toBe('2026-03-02');
      expect(await store.count(counter.stat, counter.key)).toBe(1);
    }
  });

  it('finds every attachment of a case under the prefix it deletes', async () => {
    const { store, clock } = setup();
    const { caseNumber } = await submitCase(
      request(),
      { channel: 'online' },
      { store, dispatcher: recordingDispatcher(), clock, ids: testIds },
    );
    const keys: string[] = [];

    await addAttachment(
      caseNumber,
      { name: '登记表.pdf', contentType: 'application/pdf', size: 10 },
      { user: 'office.staff', unit: 'office', role: 'staff' },
      {
        store,
        clock,
        settings: defaultSettings,
        newId: () => '3f0e9a0c-0000-4000-8000-000000000002',
        files: {
          async uploadUrl(key) {
            keys.push(key);
            return { url: '/upload', headers: {} };
          },
          async downloadUrl() {
            return '/download';
          },
        },
      },
    );

    expect(keys).toHaveLength(1);
    expect(keys[0]?.startsWith(caseFilesPrefix(caseNumber))).toBe(true);
  });
});

describe('the retention sweep', () => {
  it('deletes a closed case once its period has run: files, payer counter, timeline, record, with a line in the register', async () => {
    // Prepare
    const { store, counters, retention, files, clock, deps, file } = setup();
    const caseNumber = await file({ closedAt: '2026-05-01T10:00:00' });
    const counter = counterId(
      partyCounters(store.cases.get(caseNumber) as CaseRecord, testIds)[0] as DailyCounter,
    );
    expect(counters.has(counter)).toBe(true);

    // Act: the first moment of 2037 in Shanghai
    at(clock, '2037-01-01T00:00:00');
    const out = await retentionSweep(deps);

    // Assess
    expect(out.deleted).toEqual([{ caseNumber, files: 1, items: 2 }]);
    expect(out).toMatchObject({ kept: [], failed: [], more: false });
    expect(store.cases.has(caseNumber)).toBe(false);
    expect(store.events.filter((e) => e.caseNumber === caseNumber)).toEqual([]);
    expect([...files.keys].filter((k) => k.startsWith(caseFilesPrefix(caseNumber)))).toEqual([]);
    expect(counters.has(counter)).toBe(false);
    expect(retention.register).toEqual([
      {
        caseNumber,
        closedOn: '2026-05-01',
        deletedAt: '2036-12-31T16:00:00.000Z',
        years: 10,
        files: 1,
        items: 2,
      },
    ]);
    expect(JSON.stringify(retention.register)).not.toMatch(/王|1504|138/);
  });

  it('keeps the case until the last moment of its period', async () => {
    const { store, files, clock, deps, file } = setup();
    const caseNumber = await file({ closedAt: '2026-12-31T23:59:00' });

    at(clock, '2036-12-31T23:59:59');
    const out = await retentionSweep(deps);

    expect(out.deleted).toEqual([]);
    expect(store.cases.has(caseNumber)).toBe(true);
    expect(files.keys.size).toBe(1);
    at(clock, '2037-01-01T00:00:00');
    expect((await retentionSweep(deps)).deleted.map((d) => d.caseNumber)).toEqual([caseNumber]);
  });

  it('never deletes a case that was not archived, however old', async () => {
    const { store, files, retention, clock, deps, file } = setup();
    const open = await file({ status: 'accepted', closedAt: '2026-05-01T10:00:00' });
    // The index still lists it as archived (it lags); the case itself says otherwise.
    const record = store.cases.get(open) as CaseRecord;
    retention.serveStale([{ ...record, status: 'archived' }]);

    at(clock, '2090-01-01T00:00:00');
    const out = await retentionSweep(deps);

    expect(out.deleted).toEqual([]);
    expect(out.kept).toEqual([{ caseNumber: open, reason: 'not-archived' }]);
    expect(store.cases.get(open)?.status).toBe('accepted');
    expect(files.keys.size).toBe(1);
  });

  it('keeps an archived case whose follow-up visit is still to be made', async () => {
    const { store, clock, deps, file } = setup();
    const caseNumber = await file({
      closedAt: '2026-05-01T10:00:00',
      followUp: { unit: 'tax', visibleFrom: '2026-05-04', due: '2026-05-11', status: 'open' },
    });

    at(clock, '2040-01-01T00:00:00');
    const out = await retentionSweep(deps);

    expect(out.kept).toEqual([{ caseNumber, reason: 'follow-up-pending' }]);
    expect(store.cases.has(caseNumber)).toBe(true);
  });

  it('changes nothing when it runs again', async () => {
    const { store, retention, clock, deps, file } = setup();
    const gone = await file({ closedAt: '2026-05-01T10:00:00' });
    const young = await file({ closedAt: '2027-02-01T10:00:00' });
    at(clock, '2037-01-01T03:17:00');
    await retentionSweep(deps);
    const cases = structuredClone([...store.cases.entries()]);
    const events = structuredClone(store.events);

    const again = await retentionSweep(deps);

    expect(again).toMatchObject({ deleted: [], kept: [], failed: [], more: false });
    expect([...store.cases.entries()]).toEqual(cases);
    expect(store.events).toEqual(events);
    expect(retention.register.map((e) => e.caseNumber)).toEqual([gone]);
    expect(store.cases.has(young)).toBe(true);
  });

  it('reports a case it could not finish, deletes the others, and finishes it on the next run', async () => {
    const { store, files, clock, deps, file } = setup();
    const first = await file({ closedAt: '2026-05-01T10:00:00' });
    const second = await file({ closedAt: '2026-06-01T10:00:00' });
    files.failOnce(first);
    at(clock, '2037-01-01T03:17:00');

    const out = await retentionSweep(deps);
    expect(out.failed).toEqual([first]);
    expect(out.deleted.map((d) => d.caseNumber)).toEqual([second]);
    expect(store.cases.has(first)).toBe(true);

    const next = await retentionSweep(deps);
    expect(next.deleted.map((d) => d.caseNumber)).toEqual([first]);
    expect(store.cases.size).toBe(0);
  });

  it('leaves the record of a case that changed while it was being deleted', async () => {
    const { store, files, clock, deps, file } = setup();
    const caseNumber = await file({ closedAt: '2026-05-01T10:00:00' });
    const removeCase = files.removeCase.bind(files);
    files.removeCase = async (n) => {
      const record = store.cases.get(n) as CaseRecord;
      store.cases.set(n, { ...record, version: record.version + 1 });
      return removeCase(n);
    };
    at(clock, '2037-01-01T03:17:00');

    const out = await retentionSweep(deps);

    expect(out.deleted).toEqual([]);
    expect(out.kept).toEqual([{ caseNumber, reason: 'changed' }]);
    expect(store.cases.has(caseNumber)).toBe(true);
  });

  it('stops between batches when its time runs out, and says there is more', async () => {
    const { store, clock, deps, file } = setup();
    for (let i = 0; i < 20; i++) await file({ closedAt: '2026-05-01T10:00:00' });
    at(clock, '2037-01-01T03:17:00');

    const out = await retentionSweep({ ...deps, shouldStop: () => true });

    expect(out.more).toBe(true);
    expect(out.deleted).toHaveLength(8);
    expect(store.cases.size).toBe(12);
    const rest = await retentionSweep(deps);
    expect(rest).toMatchObject({ more: false });
    expect(rest.deleted).toHaveLength(12);
    expect(store.cases.size).toBe(0);
  });
});
