/**
 * (a) DynamoDB requests per case, by operation: the figure that explains intake beside its floor.
 * DynamoDB Local spends about the same CPU on a request whatever it writes: dropping the eight to
 * eleven daily counters from intake's transaction left its JVM's CPU unchanged (11.7 s for 400
 * cases either way), so intake costs what its requests cost, and the floor makes one.
 *
 * A runtime of its own, started before the measured stack, talks to its DynamoDB Local through a
 * counting proxy; cases are POSTed one at a time and each is followed into its inbox on a direct
 * client, so the bench's own reads are not counted. The runtime's schedules issue no request
 * while idle (checked: none in ten seconds), so what is counted is the cases'.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { TABLE_NAME } from '#functions/manifest.ts';
import { startDynamoDbLocal } from '#local/dynamodb.ts';
import { freePort } from '#local/runtime.ts';
import { variedCaseRequest } from '#test/fixtures/cases.ts';
import { removeDataDir, startTestRuntime } from '#test/fixtures/runtime.ts';
import { until } from './intake.ts';

export interface RequestsPerCase {
  cases: number;
  /** All requests a case caused, from its POST until its notifications were sent. */
  mean: number;
  /** By operation (`TransactWriteItems` with its item count), per case. */
  byOperation: Record<string, number>;
}

/** The operation of a DynamoDB request, and a transaction's item count. */
function operationOf(target: string | undefined, body: Buffer): string {
  const op =
    String(target ?? '?')
      .split('.')
      .pop() ?? '?';
  if (op !== 'TransactWriteItems') return op;
  const items = (JSON.parse(body.toString()) as { TransactItems?: unknown[] }).TransactItems;
  return `${op} (${items?.length ?? 0} items)`;
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function benchRequestsPerCase(cases: number): Promise<RequestsPerCase> {
  const dir = mkdtempSync(join(tmpdir(), 'si-bench-requests-'));
  const ddb = await startDynamoDbLocal({
    dataDir: dir,
    port: await freePort(),
    sharedDb: false,
    inMemory: true,
  });
  const upstream = new URL(ddb.endpoint);
  let counts: Record<string, number> = {};
  let total = 0;
  const proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const op = operationOf(req.headers['x-amz-target'] as string | undefined, body);
      counts[op] = (counts[op] ?? 0) + 1;
      total++;
      const up = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      up.on('error', () => res.destroy());
      up.end(body);
    });
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  const { port } = proxy.address() as AddressInfo;
  const rt = await startTestRuntime({
    dynamoEndpoint: `http://127.0.0.1:${port}`,
    entry: 'bench/stack-entry.ts',
  });
  const direct = dynamoCaseStore(
    DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: ddb.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: rt.accessKeyId, secretAccessKey: 'local' },
      }),
    ),
    TABLE_NAME,
  );
  try {
    await wait(2000);
    counts = {};
    total = 0;
    for (let i = 0; i < cases; i++) {
      const res = await fetch(`${rt.url}/api/cases`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': `bench-requests-${String(i).padStart(6, '0')}`,
        },
        body: JSON.stringify(variedCaseRequest(i)),
      });
      const { caseNumber } = (await res.json()) as { caseNumber: string };
      if (res.status !== 201) throw new Error(`POST /api/cases: ${res.status}`);
      await until(
        async () => Boolean((await direct.get(caseNumber))?.assignedAt),
        30_000,
        `case ${caseNumber} reaching its inbox`,
      );
      // Settled when no request came for half a second (the notifications come after delivery).
      for (let seen = -1; seen !== total; ) {
        seen = total;
        await wait(500);
      }
    }
    const byOperation = Object.fromEntries(
      Object.entries(counts)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([op, n]) => [op, n / cases]),
    );
    return { cases, mean: total / cases, byOperation };
  } finally {
    await rt.stop();
    proxy.close();
    await ddb.stop();
    removeDataDir(rt.dataDir);
    removeDataDir(dir);
  }
}
