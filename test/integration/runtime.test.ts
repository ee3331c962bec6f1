// Its own runtime, from source as `npm start` runs it (not the project's bundle): it tests the
// runtime's own start, stop, restart and event log.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APIGatewayProxyEventV2Schema, SqsSchema } from '@aws-lambda-powertools/parser/schemas';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, ListQueuesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functions, INDEXES, queues, TABLE_NAME } from '#functions/manifest.ts';
import { caseRequest, postJson } from '#test/fixtures/cases.ts';
import {
  eventually,
  removeDataDir,
  SOURCE_ENTRY,
  sharedRuntime,
  startTestRuntime,
  type TestRuntime,
} from '#test/fixtures/runtime.ts';
import { addDemoAccounts, tokenFor } from '#test/fixtures/staff.ts';

let rt: TestRuntime;
let eventLog: string;

beforeAll(async () => {
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  eventLog = join(mkdtempSync(join(tmpdir(), 'events-')), 'events.jsonl');
  rt = await startTestRuntime({ entry: SOURCE_ENTRY, env: { LOCAL_EVENT_LOG: eventLog } });
});

afterAll(async () => {
  await rt?.stop();
  if (rt) removeDataDir(rt.dataDir);
});

describe('the local runtime', () => {
  it('reports every part healthy, with the schedules it runs, to the administrator', async () => {
    await addDemoAccounts(rt);
    const res = await fetch(`${rt.url}/api/staff/health`, {
      headers: { authorization: `Bearer ${await tokenFor(rt, 'admin')}` },
    });

    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      status: string;
      components: Record<string, string>;
      schedules: { name: string; next: string }[];
    };
    expect(body.status).toBe('up');
    expect(body.components).toEqual({
      dynamodb: 'up',
      sqs: 'up',
      startup: 'up',
      pollers: 'up',
      scheduler: 'up',
    });
    const scheduled = functions.filter((f) => f.trigger.kind === 'schedule').map((f) => f.name);
    expect(body.schedules.map((s) => s.name).sort()).toEqual(scheduled.sort());
    for (const s of body.schedules) expect(Date.parse(s.next)).toBeGreaterThan(Date.now());
  });

  it('binds the site and API to loopback only', async () => {
    // Prepare: the addresses a server on every interface would answer at, but one bound to
    // 127.0.0.1 would not: 127.0.0.2, which every Linux machine has (all of 127/8 reaches the
    // loopback interface; abuse.test.ts connects from such addresses too), and each external
    // IPv4 address, where the machine has one.
    const { networkInterfaces } = await import('node:os');
    const { createServer } = await import('node:http');
    const elsewhere = [
      '127.0.0.2',
      ...Object.values(networkInterfaces())
        .flat()
        .filter((i) => i && i.family === 'IPv4' && !i.internal)
        .map((i) => i?.address ?? ''),
    ];
    // A control server on every interface proves each address reachable from here, so that a
    // refusal below is the runtime's binding and not an address this machine cannot reach.
    const control = createServer((_req, res) => res.end('control'));
    await new Promise<void>((resolve) => control.listen(0, '0.0.0.0', resolve));
    const controlPort = (control.address() as { port: number }).port;
    const refusal = async (url: string) => {
      try {
        await fetch(url, { signal: AbortSignal.timeout(5_000) });
        return 'answered';
      } catch (error) {
        return String((error as { cause?: { code?: string } }).cause?.code ?? error);
      }
    };
    try {
      for (const address of elsewhere) {
        const reached = await fetch(`http://${address}:${controlPort}/`).then(
          (res) => res.text(),
          (error: { cause?: { code?: string } }) => `unreachable: ${error.cause?.code}`,
        );
        expect(reached, `control server at ${address}`).toBe('control');

        // Act and assess: the runtime's port at the same address refuses the connection.
        expect(await refusal(`http://${address}:${rt.ports.http}/api/health`), address).toBe(
          'ECONNREFUSED',
        );
      }
      expect((await fetch(`${rt.url}/api/health`)).status).toBe(200);
    } finally {
      control.closeAllConnections();
      await new Promise((resolve) => control.close(resolve));
    }
  });

  it('has every manifest entry: routes, queues with dead-letter queues, table and indexes', async () => {
    // Routes: each answers from its handler, not with the gateway's "no such route".
    for (const fn of functions) {
      if (fn.trigger.kind !== 'http') continue;
      const path = fn.trigger.path
        .replace('{caseNumber}', '2026-000001')
        .replace(/\{[^}]+\}/g, 'x');
      const res = await fetch(`${rt.url}${path}`, {
        method: fn.trigger.method,
        ...(fn.trigger.method === 'GET'
          ? {}
          : { body: '{}', headers: { 'content-type': 'application/json' } }),
      });
      // The gateway's own "no such route" problem would mean the route is not wired.
      expect(await res.text(), fn.name).not.toMatch(/problems\/no-route"/);
    }
    // Queues: each unit queue redrives to its own DLQ after maxReceiveCount.
    const listed = await rt.sqs.send(new ListQueuesCommand({}));
    const urls = listed.QueueUrls ?? [];
    for (const q of queues) {
      const url = urls.find((u) => u.endsWith(`/${q.name}`));
      expect(url, q.name).toBeDefined();
      expect(
        urls.some((u) => u.endsWith(`/${q.deadLetterName}`)),
        q.deadLetterName,
      ).toBe(true);
      const attrs = await rt.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }),
      );
      const redrive = JSON.parse(attrs.Attributes?.RedrivePolicy ?? '{}') as {
        deadLetterTargetArn: string;
        maxReceiveCount: string | number;
      };
      expect(redrive.deadLetterTargetArn).toMatch(new RegExp(`:${q.deadLetterName}$`));
      expect(Number(redrive.maxReceiveCount)).toBe(q.maxReceiveCount);
      expect(attrs.Attributes?.VisibilityTimeout).toBe(String(q.visibilityTimeoutSeconds));
    }
    // Table and indexes.
    const client = new DynamoDBClient({
      endpoint: `http://127.0.0.1:${rt.ports.dynamodb}`,
      region: 'us-east-1',
      credentials: { accessKeyId: rt.accessKeyId, secretAccessKey: 'local' },
    });
    const table = await client.send(new DescribeTableCommand({ TableName: TABLE_NAME }));
    expect(table.Table?.GlobalSecondaryIndexes?.map((g) => g.IndexName).sort()).toEqual(
      Object.keys(INDEXES).sort(),
    );
  });

  it('builds events that pass the Powertools schemas of the real HTTP API and SQS events', async () => {
    // Prepare and act: a request through the gateway, whose message goes through a poller.
    const created = await postJson(`${rt.url}/api/cases?source=test&source=again`, caseRequest(), {
      cookie: 'a=1; b=2',
    });
    expect(created.status).toBe(201);
    const caseNumber = String(created.json.caseNumber);
    await eventually(
      async () => (await rt.store.get(caseNumber))?.status === 'assigned' || undefined,
    );

    // Assess
    const events = readFileSync(eventLog, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { function: string; event: Record<string, unknown> });
    const http = events.find(
      (e) => e.function === 'create-case' && e.event.rawQueryString === 'source=test&source=again',
    );
    const sqs = events.find(
      (e) => e.function === 'deliver-to-inbox' && JSON.stringify(e.event).includes(caseNumber),
    );
    expect(http).toBeDefined();
    expect(sqs).toBeDefined();
    expect(() => APIGatewayProxyEventV2Schema.parse(http?.event)).not.toThrow();
    expect(() => SqsSchema.parse(sqs?.event)).not.toThrow();
    expect(http?.event).toMatchObject({
      routeKey: 'POST /api/cases',
      cookies: ['a=1', 'b=2'],
      queryStringParameters: { source: 'test,again' },
      isBase64Encoded: false,
    });
    const records = (sqs?.event.Records ?? []) as { eventSourceARN: string }[];
    expect(records[0]?.eventSourceARN).toMatch(/:unit-tax$/);
  });
});

describe('sharing the suite’s DynamoDB Local', () => {
  it('keeps each runtime’s data in a database of its own, found again after a restart', async () => {
    const created = await postJson(`${rt.url}/api/cases`, caseRequest());
    expect(created.status).toBe(201);
    const caseNumber = String(created.json.caseNumber);
    const other = sharedRuntime();

    expect(rt.ports.dynamodb).toBe(other.ports.dynamodb);
    expect(rt.accessKeyId).not.toBe(other.accessKeyId);
    const mine = await rt.store.get(caseNumber);
    expect(mine?.caseNumber).toBe(caseNumber);
    // The shared runtime numbers the cases of the files before this one: the same number there,
    // if it is there, is another case (its own access code).
    expect((await other.store.get(caseNumber))?.accessCodeHash).not.toBe(mine?.accessCodeHash);

    // The same folder on the same DynamoDB Local is the same database, as after a crash.
    await rt.kill();
    rt = await startTestRuntime({
      entry: SOURCE_ENTRY,
      dataDir: rt.dataDir,
      env: { LOCAL_EVENT_LOG: eventLog },
    });
    expect((await rt.store.get(caseNumber))?.caseNumber).toBe(caseNumber);
  });
});

describe('stopping and starting', () => {
  it('stops cleanly on SIGTERM, leaving no DynamoDB Local behind', async () => {
    const own = await startTestRuntime({ entry: SOURCE_ENTRY, ownDynamoDb: true });
    const pidFile = join(own.dataDir, 'dynamodb.pid');
    const javaPid = Number(readFileSync(pidFile, 'utf8'));
    expect(isAlive(javaPid)).toBe(true);

    const code = await own.stop();

    expect(code).toBe(0);
    await eventually(async () => (isAlive(javaPid) ? undefined : true));
    expect(existsSync(pidFile)).toBe(false);
    removeDataDir(own.dataDir);
  });

  it('leaves no DynamoDB Local behind when it is SIGKILLed', async () => {
    const own = await startTestRuntime({ entry: SOURCE_ENTRY, ownDynamoDb: true });
    const javaPid = Number(readFileSync(join(own.dataDir, 'dynamodb.pid'), 'utf8'));

    await own.kill();

    await eventually(async () => (isAlive(javaPid) ? undefined : true), 10_000);
    removeDataDir(own.dataDir);
  });

  it('says in one line that a port is taken, without a stack trace', async () => {
    await expect(
      startTestRuntime({
        entry: SOURCE_ENTRY,
        ports: { http: rt.ports.http, dynamodb: 0, sqs: 0 },
      }),
    ).rejects.toThrow(new RegExp(`Cannot start: Port ${rt.ports.http} is taken`));
  });

  it('says that Java is missing when it is', async () => {
    const error = await startTestRuntime({
      entry: SOURCE_ENTRY,
      ownDynamoDb: true,
      env: { PATH: '/nonexistent', JAVA_HOME: '' },
    }).catch((e: Error) => e);
    expect(String(error)).toMatch(/Cannot start: Java was not found/);
    expect(String(error)).not.toMatch(/\n\s+at /);
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
