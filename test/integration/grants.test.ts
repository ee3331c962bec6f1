/**
 * The mutation test of the local grant check (infra/local/grants.ts): get-case, loaded as the
 * local runtime loads it, with its manifest grant as shipped and with one grant taken out (the
 * `counters` update it needs for a wrong access code, which it lacked before issue 14). The
 * emulators are a running local runtime's; the function runs in this process, so that the spec it
 * runs under can be changed.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ORIGIN_HEADER, ORIGIN_SECRET_ENV } from '#adapters/origin-secret.ts';
import { type FunctionSpec, functions, TABLE_NAME } from '#functions/manifest.ts';
import { installGrantEnforcement } from '#local/grants.ts';
import { httpEvent, type LambdaFunction, loadFunction } from '#local/lambda.ts';
import { readRuntimeInfo } from '#local/runtime-info.ts';
import { caseRequest, postJson } from '#test/fixtures/cases.ts';
import { fileEnv, loadFresh } from '#test/fixtures/integration.ts';
import { ROOT, removeDataDir, startTestRuntime, type TestRuntime } from '#test/fixtures/runtime.ts';

let rt: TestRuntime;
let shipped: LambdaFunction;
let revoked: LambdaFunction;
let caseNumber: string;
let accessCode: string;

const getCase = functions.find((f) => f.name === 'get-case') as FunctionSpec;

const stubEnv = fileEnv();

beforeAll(async () => {
  rt = await startTestRuntime();
  const info = readRuntimeInfo(rt.dataDir);
  // What the runtime gives its functions (infra/local/runtime.ts), for the one run here.
  stubEnv({
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: rt.accessKeyId,
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${rt.ports.dynamodb}`,
    AWS_ENDPOINT_URL_SQS: `http://127.0.0.1:${rt.ports.sqs}`,
    TABLE_NAME,
    QUEUE_URLS: JSON.stringify(info.queueUrls),
    DEAD_LETTER_URLS: JSON.stringify(info.deadLetterUrls),
    NOTIFIER: 'none',
    // The value the local gateway, playing CloudFront, puts on every request it passes on.
    [ORIGIN_SECRET_ENV]: 'grants-test-origin',
    POWERTOOLS_LOG_LEVEL: 'WARN',
  });
  installGrantEnforcement();
  shipped = await loadFresh(getCase);
  revoked = await loadFunction(
    { ...getCase, access: { ...getCase.access, counters: false } },
    ROOT,
  );
  const created = await postJson(`${rt.url}/api/cases`, caseRequest());
  ({ caseNumber, accessCode } = created.json as { caseNumber: string; accessCode: string });
}, 60_000);

afterAll(async () => {
  await rt?.stop();
  if (rt) removeDataDir(rt.dataDir);
});

/** GET /api/cases/{n} as the gateway hands it to the function, from its own client address. */
async function ask(fn: LambdaFunction, code: string, client: string) {
  const event = httpEvent({
    method: 'GET',
    url: new URL(`http://127.0.0.1/api/cases/${caseNumber}`),
    headers: { 'x-access-code': code, host: '127.0.0.1', [ORIGIN_HEADER]: 'grants-test-origin' },
    body: Buffer.alloc(0),
    sourceIp: client,
    route: { routeKey: 'GET /api/cases/{caseNumber}', pathParameters: { caseNumber } },
  });
  return (await fn.invoke(event)) as APIGatewayProxyStructuredResultV2;
}

/** The rate-limit counters stored (their items), whoever they count. */
async function counters(): Promise<number> {
  const out = await rt.db.send(
    new ScanCommand({
      TableName: TABLE_NAME,
      FilterExpression: 'begins_with(PK, :rate)',
      ExpressionAttributeValues: { ':rate': 'RATE#' },
    }),
  );
  return out.Items?.length ?? 0;
}

/** What the function logs while `work` runs (Powertools writes errors to stderr). */
async function logged<T>(work: () => Promise<T>): Promise<{ result: T; log: string }> {
  let log = '';
  const capture = (chunk: unknown) => {
    log += String(chunk);
    return true;
  };
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(capture),
    vi.spyOn(process.stderr, 'write').mockImplementation(capture),
  ];
  try {
    const result = await work();
    return { result, log };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

describe('get-case under the local grant check', () => {
  it('with the manifest as shipped, counts a wrong code and answers 404', async () => {
    const before = await counters();
    const { result, log } = await logged(() => ask(shipped, 'AAAAAAAAAAAA', '127.0.6.1'));
    expect(result.statusCode).toBe(404);
    expect(await counters()).toBeGreaterThan(before);
    expect(log).not.toContain('AccessDeniedException');
  });

  it('without its counters grant, a wrong code is refused as AWS refuses it: a 500, logged', async () => {
    const before = await counters();
    const { result, log } = await logged(() => ask(revoked, 'AAAAAAAAAAAA', '127.0.6.2'));
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(String(result.body))).toMatchObject({ status: 500 });
    expect(log).toContain('AccessDeniedException');
    expect(log).toContain('dynamodb:UpdateItem');
    // Nothing was written: the refusal came before the request reached the table.
    expect(await counters()).toBe(before);
  });

  it('without it, even the right code fails: every look-up takes a client attempt first (issue 16)', async () => {
    const { result, log } = await logged(() => ask(revoked, accessCode, '127.0.6.3'));
    expect(result.statusCode).toBe(500);
    expect(log).toContain('AccessDeniedException');
    // And with the grant, the right code shows the case.
    const shown = await ask(shipped, accessCode, '127.0.6.4');
    expect(shown.statusCode).toBe(200);
    expect(JSON.parse(String(shown.body))).toMatchObject({ caseNumber });
  });
});
