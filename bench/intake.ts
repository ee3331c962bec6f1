/**
 * (a) Intake through the local gateway until every case is in its inbox, beside the floor: the
 * product's own DynamoDB writes and SQS send/receive/delete, done bare through the same emulators
 * with the same SDK at the same concurrency.
 *
 * Per case the product makes four DynamoDB write calls: the per-client intake counter and the
 * case-number counter (an UpdateItem each), the intake transaction (the idempotency record, the
 * case, its first timeline event and one counter per daily statistic the case moves, 8 to 11) and
 * the delivery transaction (the case again and its `dispatch` event): 15 to 18 items in all. It
 * also reads the case once (the delivery's consistent get), sends one message, and its queue's
 * poller receives up to 10 messages a call and deletes them in one DeleteMessageBatch.
 *
 * The floor makes the same calls with the same items, bare: a PutItem for each counter and a
 * BatchWriteItem of each transaction's items (no transaction, no condition, no index attributes),
 * then one SendMessage; as many consumers as the runtime has pollers receive up to 10 messages a
 * call and delete them in one DeleteMessageBatch. Not in it: the read, the HTTP hop, validation,
 * routing, the handlers and the transactions' guarantees — what the product adds.
 */
import { randomUUID } from 'node:crypto';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type BatchWriteCommandOutput,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CaseRecord } from '#core/case.ts';
import { intakeMetrics } from '#core/metrics.ts';
import { route } from '#core/routing.ts';
import { queues, TABLE_NAME } from '#functions/manifest.ts';
import { variedCaseRequest } from '#test/fixtures/cases.ts';
import type { TestRuntime } from '#test/fixtures/runtime.ts';
import { quantile } from './stats.ts';

/**
 * The product's DynamoDB write calls for the i-th case of the load, as the number of items each
 * writes: the two counters, the intake transaction, the delivery transaction.
 */
export function writeCallsOf(i: number): number[] {
  const body = variedCaseRequest(i);
  const matters = body.matters as Parameters<typeof route>[0];
  const record = {
    channel: 'online',
    payer: body.payer,
    matters,
    routing: route(matters),
    receivedAt: new Date().toISOString(),
  } as unknown as CaseRecord;
  return [1, 1, 3 + intakeMetrics(record, { hash: () => 'payer' }).length, 2];
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
}

export interface FloorResult {
  cases: number;
  concurrency: number;
  /** DynamoDB write calls per case, and the items they carry on average. */
  callsPerCase: number;
  itemsPerCase: number;
  consumers: number;
  /** From the first write until the last message was deleted. */
  seconds: number;
  casesPerSecond: number;
  /** A case's writes and send. */
  p50Ms: number;
  p99Ms: number;
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

async function until(probe: () => Promise<boolean>, ms: number, what: string): Promise<void> {
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
  const latencies = await pool(count, concurrency, async (i) => {
    const res = await fetch(`${rt.url}/api/cases`, {
      method: 'POST',
      // The site sends an Idempotency-Key with every submission; so does the bench.
      headers: {
        'content-type': 'application/json',
        'idempotency-key': `bench-${run}-${String(i).padStart(6, '0')}`,
      },
      body: JSON.stringify(variedCaseRequest(i)),
    });
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
  };
}

/** The floor: the product's writes and messages, bare (see the module comment). */
export async function benchFloor(
  rt: TestRuntime,
  count: number,
  concurrency: number,
): Promise<FloorResult> {
  const queue = await rt.sqs.send(
    new CreateQueueCommand({ QueueName: `bench-floor-${Date.now()}` }),
  );
  const url = queue.QueueUrl ?? '';
  const body = variedCaseRequest(0);
  const item = (i: number, n: number) => ({
    PK: `BENCH#floor#${i}`,
    SK: `W#${n}`,
    entity: 'bench-floor',
    ...body,
  });
  let calls = 0;
  let items = 0;
  let deleted = 0;
  let lastDeleted = 0;
  try {
    const start = performance.now();
    const consumers = Array.from({ length: queues.length }, async () => {
      while (deleted < count) {
        const out = await rt.sqs.send(
          new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
        );
        const messages = out.Messages ?? [];
        if (messages.length === 0) continue;
        await rt.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: url,
            Entries: messages.map((m, n) => ({ Id: String(n), ReceiptHandle: m.ReceiptHandle })),
          }),
        );
        deleted += messages.length;
        lastDeleted = performance.now();
      }
    });
    const latencies = await pool(count, concurrency, async (i) => {
      let n = 0;
      for (const size of writeCallsOf(i)) {
        const batch = Array.from({ length: size }, () => item(i, n++));
        calls++;
        items += size;
        if (size === 1) {
          await rt.db.send(new PutCommand({ TableName: TABLE_NAME, Item: batch[0] }));
          continue;
        }
        let request: BatchWriteCommandInput['RequestItems'] = {
          [TABLE_NAME]: batch.map((Item) => ({ PutRequest: { Item } })),
        };
        while (request && Object.keys(request).length > 0) {
          const out: BatchWriteCommandOutput = await rt.db.send(
            new BatchWriteCommand({ RequestItems: request }),
          );
          request = out.UnprocessedItems;
        }
      }
      await rt.sqs.send(
        new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify({ i }) }),
      );
    });
    await Promise.all(consumers);
    const seconds = (lastDeleted - start) / 1000;
    return {
      cases: count,
      concurrency,
      callsPerCase: calls / count,
      itemsPerCase: items / count,
      consumers: queues.length,
      seconds,
      casesPerSecond: count / seconds,
      p50Ms: quantile(latencies, 0.5),
      p99Ms: quantile(latencies, 0.99),
    };
  } finally {
    await rt.sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
  }
}
