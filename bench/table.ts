/**
 * The targets of issues 7 and 15, checked against the measured figures, and the one table printed.
 * Every timing target is a ratio of two figures of the same run.
 */
import type { BundleResult } from './bundles.ts';
import type { InboxResult } from './inbox.ts';
import type { FloorResult, IntakeResult, ItemsPerCase } from './intake.ts';
import type { ReportResult } from './report.ts';
import type { RequestsPerCase } from './requests.ts';
import { median } from './stats.ts';

export const TARGETS = {
  /** Product intake throughput over the floor's (one conditional put and one send), at least. */
  intakeOverFloor: 0.5,
  /** p99 at 100k over p99 at 10k, at most. */
  inboxRatio: 1.5,
  /** Report build time at 100k over 10k, at most. */
  reportRatio: 1.5,
  /** 1 MB = 1,000,000 bytes (SI), minified, AWS SDK bundled. */
  bundleBytes: 1_000_000,
  /** A function's cold import over the reference bundle's in the same run, at most. */
  importOverReference: 1.0,
  /** The whole local stack's resident memory, idle and under load. */
  rssMb: 600,
};

export interface MemoryResult {
  idleMb: number;
  loadMb: number;
  /** Highest sample over the whole run (seeding included); shown, not checked. */
  peakMb: number;
  idleByProcess: Record<string, number>;
  loadByProcess: Record<string, number>;
}

export interface Results {
  intake: IntakeResult;
  floor: FloorResult;
  /** Items the product writes per case, beside the ratio to the floor. */
  items: ItemsPerCase;
  /** DynamoDB requests per case, by operation: what the JVM's CPU follows (bench/requests.ts). */
  requests: RequestsPerCase;
  /** CPU seconds by process (the stack's by name, `bench` for the load generator) in (a). */
  cpuSeconds: { floor: Record<string, number>; intake: Record<string, number> };
  inbox: InboxResult[];
  report: ReportResult[];
  /** The libraries alone: the DynamoDB and SQS clients, middy and zod (bench/reference-entry.ts). */
  reference: BundleResult;
  bundles: BundleResult[];
  memory: MemoryResult;
}

export interface Check {
  /** The table row it belongs to. */
  row: string;
  figure: string;
  value: number;
  /** `>= x` or `<= x`. */
  target: string;
  ok: boolean;
}

function pair<T>(rows: readonly T[]): [T, T] {
  const [small, large] = [rows[0], rows[rows.length - 1]];
  if (!small || !large) throw new Error('two sizes are needed for a ratio');
  return [small, large];
}

const atMost = (row: string, figure: string, value: number, target: number): Check => ({
  row,
  figure,
  value,
  target: `<= ${target}`,
  ok: value <= target,
});

export function checks(r: Results): Check[] {
  const [inbox10, inbox100] = pair(r.inbox);
  const [report10, report100] = pair(r.report);
  const intakeRatio = r.intake.casesPerSecond / r.floor.casesPerSecond;
  return [
    {
      row: 'a',
      figure: 'intake / floor throughput',
      value: intakeRatio,
      target: `>= ${TARGETS.intakeOverFloor}`,
      ok: intakeRatio >= TARGETS.intakeOverFloor,
    },
    atMost(
      'b',
      'inbox p99 100k / 10k (gateway)',
      inbox100.gateway.p99Ms / inbox10.gateway.p99Ms,
      TARGETS.inboxRatio,
    ),
    atMost(
      'b pages',
      'inbox page p99 100k / 10k',
      inbox100.pages.inbox.p99Ms / inbox10.pages.inbox.p99Ms,
      TARGETS.inboxRatio,
    ),
    atMost(
      'b pages',
      'case page p99 100k / 10k',
      inbox100.pages.case.p99Ms / inbox10.pages.case.p99Ms,
      TARGETS.inboxRatio,
    ),
    atMost(
      'c',
      'report month 100k / 10k',
      report100.monthMs / report10.monthMs,
      TARGETS.reportRatio,
    ),
    atMost('c', 'report week 100k / 10k', report100.weekMs / report10.weekMs, TARGETS.reportRatio),
    ...r.bundles.flatMap((b) => [
      atMost(
        `d ${b.entry}`,
        `bundle bytes ${b.functions.join(', ')}`,
        b.bytes,
        TARGETS.bundleBytes,
      ),
      atMost(
        `d ${b.entry}`,
        `import / reference ${b.functions.join(', ')}`,
        b.importRatio,
        TARGETS.importOverReference,
      ),
    ]),
    atMost('e idle', 'stack RSS idle MB', r.memory.idleMb, TARGETS.rssMb),
    atMost('e load', 'stack RSS under load MB', r.memory.loadMb, TARGETS.rssMb),
  ];
}

const f0 = (n: number) => n.toFixed(0);
const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);
const k = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));

/** One table: figure, measured value, target, verdict. */
export function table(r: Results, all: Check[]): string {
  const verdict = (row: string, target: string) => {
    const missed = all.filter((c) => c.row === row && !c.ok);
    return [target, missed.length === 0 ? 'ok' : 'MISSED'];
  };
  const { intake, floor, items, memory, reference } = r;
  const ratios = r.bundles.map((b) => b.importRatio);
  const [inbox10, inbox100] = pair(r.inbox);
  const [report10, report100] = pair(r.report);
  const rows: string[][] = [
    ['figure', 'measured', 'target', ''],
    [
      `(a) intake: ${intake.cases} cases, ${intake.concurrency} at a time, until in inboxes`,
      `${f1(intake.casesPerSecond)} cases/s (${f1(intake.seconds)} s), p50 ${f0(intake.p50Ms)} ms, p99 ${f0(intake.p99Ms)} ms${intake.retried > 0 ? `, ${intake.retried} POSTs sent again after a 5xx` : ''}`,
    ],
    [
      `(a) floor: 1 conditional put (${f0(floor.itemBytes)} B) + 1 send a case, ${floor.concurrency} at a time`,
      `${f1(floor.casesPerSecond)} cases/s (${f1(floor.seconds)} s), put and send p50 ${f0(floor.p50Ms)} ms, p99 ${f0(floor.p99Ms)} ms`,
    ],
    [
      '(a) CPU seconds spent, intake | floor',
      `${cpu(r.cpuSeconds.intake)} | ${cpu(r.cpuSeconds.floor)}`,
    ],
    [
      '(a) intake / floor throughput; items written per case',
      `${f2(intake.casesPerSecond / floor.casesPerSecond)}; ${f1(items.mean)} items (${items.each.join(', ')}) against the floor's 1`,
      ...verdict('a', `≥ ${TARGETS.intakeOverFloor}`),
    ],
    [
      '(a) DynamoDB requests per case, by operation',
      `${f1(r.requests.mean)} against the floor's 1: ${Object.entries(r.requests.byOperation)
        .map(([op, n]) => `${op} ${f1(n)}`)
        .join(', ')}`,
    ],
    ...r.inbox.map((i) => [
      `(b) inbox p99 at ${k(i.cases)} cases (${i.unit}: ${i.inboxSize} in inbox)`,
      `gateway ${f1(i.gateway.p99Ms)} ms (p50 ${f1(i.gateway.p50Ms)}), store ${f1(i.store.p99Ms)} ms (p50 ${f1(i.store.p50Ms)})`,
    ]),
    ...r.inbox.map((i) => [
      `(b) staff pages p99 at ${k(i.cases)} cases: inbox | case`,
      `${f1(i.pages.inbox.p99Ms)} ms (p50 ${f1(i.pages.inbox.p50Ms)}) | ${f1(i.pages.case.p99Ms)} ms (p50 ${f1(i.pages.case.p50Ms)})`,
    ]),
    [
      `(b) staff pages p99 ${k(inbox100.cases)} / ${k(inbox10.cases)}: inbox | case`,
      `${f2(inbox100.pages.inbox.p99Ms / inbox10.pages.inbox.p99Ms)} | ${f2(inbox100.pages.case.p99Ms / inbox10.pages.case.p99Ms)}`,
      ...verdict('b pages', `≤ ${TARGETS.inboxRatio}`),
    ],
    [
      `(b) inbox p99 ${k(inbox100.cases)} / ${k(inbox10.cases)} (gateway)`,
      `${f2(inbox100.gateway.p99Ms / inbox10.gateway.p99Ms)} (store alone ${f2(inbox100.store.p99Ms / inbox10.store.p99Ms)})`,
      ...verdict('b', `≤ ${TARGETS.inboxRatio}`),
    ],
    ...r.report.map((x) => [
      `(c) report at ${k(x.cases)} cases`,
      `month ${f0(x.monthMs)} ms, week ${f0(x.weekMs)} ms`,
    ]),
    [
      `(c) report ${k(report100.cases)} / ${k(report10.cases)}`,
      `month ${f2(report100.monthMs / report10.monthMs)}, week ${f2(report100.weekMs / report10.weekMs)}`,
      ...verdict('c', `≤ ${TARGETS.reportRatio}`),
    ],
    [
      '(d) reference: DynamoDB and SQS clients, middy, zod',
      `${f0(reference.bytes / 1000)} kB, import ${f0(reference.importMs)} ms (CPU ${f0(reference.importCpuMs)} ms)`,
    ],
    ...r.bundles.map((b) => [
      `(d) ${b.functions.join(', ')}`,
      `${f0(b.bytes / 1000)} kB, import ${f0(b.importMs)} ms = ${f2(b.importRatio)} × reference (CPU ${f0(b.importCpuMs)} ms)`,
      ...verdict(
        `d ${b.entry}`,
        `≤ ${TARGETS.bundleBytes / 1000} kB, ≤ ${f1(TARGETS.importOverReference)} ×`,
      ),
    ]),
    [
      '(d) import / reference, min | median | max',
      `${f2(Math.min(...ratios))} | ${f2(median(ratios))} | ${f2(Math.max(...ratios))} (${ratios.filter((x) => x > TARGETS.importOverReference).length} of ${ratios.length} over)`,
    ],
    [
      '(e) stack RSS idle',
      `${f0(memory.idleMb)} MB (${breakdown(memory.idleByProcess)})`,
      ...verdict('e idle', `≤ ${TARGETS.rssMb} MB`),
    ],
    [
      '(e) stack RSS under load (peak during (a))',
      `${f0(memory.loadMb)} MB (${breakdown(memory.loadByProcess)})`,
      ...verdict('e load', `≤ ${TARGETS.rssMb} MB`),
    ],
    ['(e) stack RSS, peak over the whole run', `${f0(memory.peakMb)} MB`],
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  return rows
    .map((row) =>
      [0, 1, 2, 3]
        .map((c) => (c < 3 ? (row[c] ?? '').padEnd(widths[c] ?? 0) : (row[c] ?? '')))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function cpu(seconds: Record<string, number>): string {
  return Object.entries(seconds)
    .filter(([, s]) => s >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([name, s]) => `${name} ${f1(s)}`)
    .join(', ');
}

function breakdown(mb: Record<string, number>): string {
  return Object.entries(mb)
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${name} ${f0(n)}`)
    .join(', ');
}
