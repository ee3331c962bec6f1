/**
 * (c) How long a report takes at 10 thousand and at 100 thousand cases (issue 5). Seeds synthetic
 * cases into the local runtime's DynamoDB — the case items and the daily aggregates their intake
 * would have written (intakeMetrics, summed per day) — then times buildReport for a month and for
 * a week through the real adapters. The seeded cases are also the archive that (b) queries past.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoAggregates } from '#adapters/aggregate-store.ts';
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { toCaseItem } from '#adapters/table-items.ts';
import { derivedItems } from '#adapters/work-store.ts';
import { buildReport } from '#core/analysis.ts';
import { defaultCalendar } from '#core/calendar.ts';
import type { CaseRecord } from '#core/case.ts';
import { DEFAULT_DEADLINES } from '#core/deadlines.ts';
import { formatCaseNumber, makeResidentId } from '#core/identifiers.ts';
import { INSURANCE_TYPES, MATTER_TYPES, needsInsurance } from '#core/matters.ts';
import { intakeMetrics } from '#core/metrics.ts';
import { route } from '#core/routing.ts';
import { settleWork } from '#core/work.ts';
import { TABLE_NAME } from '#functions/manifest.ts';
import { median } from './stats.ts';

export interface ReportResult {
  cases: number;
  /** Median of five builds, after one warm-up. */
  monthMs: number;
  weekMs: number;
}

/** A deterministic pseudo-random sequence, so that runs compare. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * The i-th case of a county filing about 27 cases a day (10 thousand a year): case 0 is the
 * newest, on 2025-12-31, and older cases go back in time, so 10 thousand cases are a year of
 * history and 100 thousand ten years. Cases of the last 30 days are half still open. A report on
 * June 2025 then reads the same month in both, and only the archive grows — the question asked.
 */
const PER_DAY = 10_000 / 365;

function syntheticCase(i: number, rand: () => number): CaseRecord {
  const type = MATTER_TYPES[Math.floor(rand() * MATTER_TYPES.length)] ?? 'base';
  const insurance = needsInsurance(type)
    ? [INSURANCE_TYPES[Math.floor(rand() * INSURANCE_TYPES.length)] ?? 'pension']
    : [];
  const fromYear = 2020 + Math.floor(rand() * 6);
  const matters = [{ type, insurance, period: { from: `${fromYear}-01`, to: `${fromYear}-06` } }];
  const daysBack = Math.floor(i / PER_DAY);
  const day = new Date(Date.UTC(2025, 11, 31) - daysBack * 86_400_000);
  const at = new Date(day.getTime() + 2 * 3600_000).toISOString();
  const routing = route(matters);
  const open = daysBack < 30 && rand() < 0.5;
  const caseNumber = formatCaseNumber(day.getUTCFullYear(), i + 1);
  const record: CaseRecord = {
    caseNumber,
    version: 2,
    status: open ? 'assigned' : 'archived',
    channel:
      (['online', 'walk-in', 'hotline-12345', 'petition'] as const)[Math.floor(rand() * 4)] ??
      'online',
    payer: {
      kind: 'person',
      name: '测试',
      idNumber: makeResidentId('150426', '19800101', String(i % 1000).padStart(3, '0')),
      phone: '13800000000',
    },
    matters,
    description: '基准测试数据',
    routing,
    holder: open ? routing.target : null,
    heldBy: [routing.target],
    due: open ? { kind: 'sign-for', date: at.slice(0, 10), covered: true } : null,
    accessCodeHash: '0'.repeat(64),
    receivedAt: at,
    updatedAt: at,
  };
  // Its open work (a sign-for) by the same rules as a delivery's.
  const context = {
    transition: 'dispatch',
    version: 2,
    at,
    today: at.slice(0, 10),
    calendar: defaultCalendar,
    policy: DEFAULT_DEADLINES,
  };
  return { ...record, work: settleWork([], record, context).work };
}

/**
 * Writes cases `offset` … `offset + count - 1` of the model (case 0 the newest), with the daily
 * aggregates their intake would have moved, in batches of 25 on eight workers.
 */
export async function seedCases(db: DynamoDBDocumentClient, count: number, offset: number) {
  const rand = rng(42 + offset);
  const aggregates = new Map<string, number>();
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const c = syntheticCase(offset + i, rand);
    for (const m of intakeMetrics(c, { hash: () => `payer-${(offset + i) % 5000}` })) {
      const key = `${m.day}|${m.stat}#${m.key}`;
      aggregates.set(key, (aggregates.get(key) ?? 0) + 1);
    }
    // The item as the case store writes it (keys included, so indexes are filled).
    items.push(toCaseItem(c), ...derivedItems(undefined, c));
  }
  for (const [key, n] of aggregates) {
    const [day, sk] = key.split('|');
    items.push({ PK: `AGG#${day}`, SK: sk, entity: 'aggregate', n });
  }
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  const workers = 8;
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < batches.length) {
        const batch = batches[next++] ?? [];
        let request:
          | Record<string, { PutRequest: { Item: Record<string, unknown> } }[]>
          | undefined = {
          [TABLE_NAME]: batch.map((Item) => ({ PutRequest: { Item } })),
        };
        while (request && Object.keys(request).length > 0) {
          const out = await db.send(new BatchWriteCommand({ RequestItems: request }));
          request = out.UnprocessedItems as typeof request;
        }
      }
    }),
  );
}

/** The median time of `runs` builds of a report on `period`, after one warm-up. */
export async function timeReport(
  db: DynamoDBDocumentClient,
  period: { from: string; to: string },
  runs = 5,
) {
  const deps = {
    aggregates: dynamoAggregates(db, TABLE_NAME),
    store: dynamoCaseStore(db, TABLE_NAME),
    clock: { now: () => new Date('2026-01-05T00:00:00Z') },
  };
  await buildReport('on-demand', period, deps); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await buildReport('on-demand', period, deps);
    times.push(performance.now() - t);
  }
  return median(times);
}

/** Times the month (June 2025) and a week of it: the same period at every size of archive. */
export async function benchReport(
  db: DynamoDBDocumentClient,
  cases: number,
): Promise<ReportResult> {
  return {
    cases,
    monthMs: await timeReport(db, { from: '2025-06-01', to: '2025-06-30' }),
    weekMs: await timeReport(db, { from: '2025-06-02', to: '2025-06-08' }),
  };
}
