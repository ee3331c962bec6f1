/**
 * (a) Intake through the local gateway until every case is in its inbox, beside the floor: the
 * physical minimum of accepting a case durably — one conditional PutItem of an item the size of the
 * case and one SendMessage — done bare through the same emulators with the same SDK at the same
 * concurrency. Not in the floor, and so what the product adds: the HTTP hop, validation, the rate
 * limit, the case number, routing, the items beside the case (idempotency record, timeline, work
 * and party items, daily statistics) in one transaction, the queue consumer and the delivery's
 * read and transaction. How many items the product writes per case is measured beside it
 * (`benchItemsPerCase`), so the ratio says what the whole of it costs.
 */
import { randomUUID } from 'node:crypto';
import { CreateQueueCommand, DeleteQueueCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseRecord } from '#core/case.ts';
import { route } from '#core/routing.ts';
import { TABLE_NAME } from '#functions/manifest.ts';
import { variedCaseRequest } from '#test/fixtures/cases.ts';
import type { TestRuntime } from '#test/fixtures/runtime.ts';
import { quantile } from './stats.ts';

/** The i-th case of the load as intake stores it (number, hash and times are placeholders). */
export function recordOf(i: number): CaseRecord {
  const body = variedCaseRequest(i);
  const matters = body.matters as Parameters<typeof route>[0];
  const at = new Date().toISOString();
  return {
    caseNumber: `2025-${String(i).padStart(6, '0')}`,
    version: 1,
    status: 'received',
    channel: 'online',
    payer: body.payer,
    matters,
    description: body.description,
    routing: route(matters),
    holder: null,
    heldBy: [],
    due: null,
    accessCodeHash: 'h'.repeat(64),
    receivedAt: at,
    updatedAt: at,
  } as unknown as CaseRecord;
}

export interface IntakeResult {
  cases: number;
  concurrency: number;
  /** From the first request until the last case was in its inbox. */
  seconds: number;
  casesPerSecond: number;
  /** Latency of POST /api/cases, as the payer's browser sees it. */
  p50Ms: number;
  p99Ms: number;
  /** Until the last 201, before the queue consumers caught up. */
  postsSeconds: number;
  /** POSTs answered 5xx and sent again with the same key (their time is in the latency). */
  retried: number;
}

export interface FloorResult {
  cases: number;
  concurrency: number;
  /** Bytes of the item put per case (its JSON), on average. */
  itemBytes: number;
  /** From the first put until the last message was sent. */
  seconds: number;
  casesPerSecond: number;
  /** A case's put and send. */
  p50Ms: number;
  p99Ms: number;
}

export interface ItemsPerCase {
  /** Cases submitted one at a time, each followed until its writes settled. */
  cases: number;
  /** Items written (created or changed) per case: the mean, and each case's count. */
  mean: number;
  each: number[];
}

/** Runs `task(i)` for i < count on `concurrency` workers; returns each task's milliseconds. */
async function pool(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        await task(i);
        times.push(performance.now() - t);
      }
    }),
  );
  return times;
}

/** Polls `probe` every 50 ms until it is true; fails naming `what` after `ms`. */
export async function until(
  probe: () => Promise<boolean>,
  ms: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** POSTs `count` cases and waits until the queue consumers have put each in its inbox. */
export async function benchIntake(
  rt: TestRuntime,
  count: number,
  concurrency: number,
): Promise<IntakeResult> {
  const run = randomUUID().slice(0, 8);
  const created: { caseNumber: string; inbox: string }[] = [];
  const start = Date.now();
  let retried = 0;
  const latencies = await pool(count, concurrency, async (i) => {
    const post = () =>
      fetch(`${rt.url}/api/cases`, {
        method: 'POST',
        // The site sends an Idempotency-Key with every submission; so does the bench.
        headers: {
          'content-type': 'application/json',
          'idempotency-key': `bench-${run}-${String(i).padStart(6, '0')}`,
        },
        body: JSON.stringify(variedCaseRequest(i)),
      });
    let res = await post();
    // A 5xx tells the payer to send again, and the key makes that safe: on a machine too busy for
    // the SDK's timeouts the bench does so (twice at most) and counts it, rather than stop.
    for (let again = 0; res.status >= 500 && again < 2; again++) {
      retried++;
      res = await post();
    }
    const json = (await res.json()) as {
      caseNumber: string;
      routing: { mode: string; units: string[] };
    };
    if (res.status !== 201)
      throw new Error(`POST /api/cases: ${res.status} ${JSON.stringify(json)}`);
    const { mode, units } = json.routing;
    created.push({
      caseNumber: json.caseNumber,
      inbox: mode === 'single' ? (units[0] ?? '') : 'office',
    });
  });
  const postsDone = Date.now();

  // Done when no case is left in `received` (byStatus, an index query); then each case is
  // checked in its unit's inbox and the time of its delivery read from its record.
  await until(
    async () => (await rt.store.inStatus('received', '9999', 1)).length === 0,
    120_000,
    'intake cases reaching their inboxes',
  );
  let lastDelivery = 0;
  await pool(created.length, concurrency, async (i) => {
    const { caseNumber, inbox } = created[i] as (typeof created)[number];
    const stored = await rt.store.get(caseNumber);
    const expected = inbox === 'office' ? 'triage' : 'assigned';
    if (stored?.status !== expected || stored.holder !== inbox || !stored.assignedAt) {
      throw new Error(`${caseNumber} is ${stored?.status} at ${stored?.holder}, not in ${inbox}`);
    }
    lastDelivery = Math.max(lastDelivery, Date.parse(stored.assignedAt));
  });
  const seconds = (lastDelivery - start) / 1000;
  return {
    cases: count,
    concurrency,
    seconds,
    casesPerSecond: count / seconds,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    postsSeconds: (postsDone - start) / 1000,
    retried,
  };
}

/** The floor: one conditional put and one send per case (see the module comment). */
export async function benchFloor(
  rt: TestRuntime,
  count: number,
  concurrency: number,
): Promise<FloorResult> {
  const queue = await rt.sqs.send(
    new CreateQueueCommand({ QueueName: `bench-floor-${Date.now()}` }),
  );
  const url = queue.QueueUrl ?? '';
  const run = randomUUID().slice(0, 8);
  let bytes = 0;
  try {
    const start = performance.now();
    const latencies = await pool(count, concurrency, async (i) => {
      // The case's own attributes under a key of the floor's: no index attributes, so no index
      // is written, which is the least a durable case costs.
      const { caseNumber, ...record } = recordOf(i);
      const Item = { PK: `BENCH#floor#${run}#${i}`, SK: 'CASE', entity: 'bench-floor', ...record };
      bytes += Buffer.byteLength(JSON.stringify(Item));
      await rt.db.send(
        new PutCommand({
          TableName: TABLE_NAME,
          Item,
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      await rt.sqs.send(
        new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify({ caseNumber }) }),
      );
    });
    const seconds = (performance.now() - start) / 1000;
    return {
      cases: count,
      concurrency,
      itemBytes: bytes / count,
      seconds,
      casesPerSecond: count / seconds,
      p50Ms: quantile(latencies, 0.5),
      p99Ms: quantile(latencies, 0.99),
    };
  } finally {
    await rt.sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
  }
}

/** Every item of the table as stable text by its key. For a table of few items only. */
async function snapshot(rt: TestRuntime): Promise<Map<string, string>> {
  const items = new Map<string, string>();
  let start: Record<string, unknown> | undefined;
  do {
    const out = await rt.db.send(
      new ScanCommand({ TableName: TABLE_NAME, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    for (const item of out.Items ?? []) items.set(`${item.PK}\u0000${item.SK}`, stable(item));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

function stable(value: unknown): string {
  if (value instanceof Set) return `set:${stable([...value].sort())}`;
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/**
 * Items the product writes per case, counted on the table before any load: each of the first
 * `count` cases of the load is POSTed alone and followed into its inbox, and the items created or
 * changed since the last look are its own. A write that leaves an item as it was is not seen, so
 * this is a lower bound; the rate limit, case-number and statistics counters are counted, since
 * every case changes them.
 */
export async function benchItemsPerCase(rt: TestRuntime, count: number): Promise<ItemsPerCase> {
  const run = randomUUID().slice(0, 8);
  const each: number[] = [];
  let before = await snapshot(rt);
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${rt.url}/api/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `bench-items-${run}-${i}` },
      body: JSON.stringify(variedCaseRequest(i)),
    });
    const { caseNumber } = (await res.json()) as { caseNumber: string };
    if (res.status !== 201) throw new Error(`POST /api/cases: ${res.status}`);
    await until(
      async () => Boolean((await rt.store.get(caseNumber))?.assignedAt),
      30_000,
      `case ${caseNumber} reaching its inbox`,
    );
    // Settled when two looks 300 ms apart agree (a notification's marker may come later).
    let after = await snapshot(rt);
    for (let look = 0; look < 20; look++) {
      await new Promise((r) => setTimeout(r, 300));
      const again = await snapshot(rt);
      const same = again.size === after.size && [...again].every(([k, v]) => after.get(k) === v);
      after = again;
      if (same) break;
    }
    each.push([...after].filter(([key, item]) => before.get(key) !== item).length);
    before = after;
  }
  return { cases: count, mean: each.reduce((a, b) => a + b, 0) / count, each };
}
