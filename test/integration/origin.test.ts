/**
 * Requests that did not come through CloudFront are refused (issue 14). In AWS the execute-api URL
 * is public: a request sent there reaches the function without the origin secret CloudFront adds,
 * and with whatever CloudFront-Viewer-Address and X-Forwarded-For the sender wrote. Locally the
 * gateway plays CloudFront and always adds the secret, so this test delivers that request the way
 * API Gateway would: the real handler, loaded as the runtime loads it, invoked with the event of a
 * direct call, against the runtime's own table and queues.
 */
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN_HEADER, ORIGIN_SECRET_ENV } from '#adapters/origin-secret.ts';
import { makeResidentId } from '#core/identifiers.ts';
import {
  DEAD_LETTER_URLS_ENV,
  functions,
  QUEUE_URLS_ENV,
  TABLE_NAME,
  TABLE_NAME_ENV,
} from '#functions/manifest.ts';
import { httpEvent, type LambdaFunction } from '#local/lambda.ts';
import { readRuntimeInfo } from '#local/runtime-info.ts';
import { caseRequest, postJson } from '#test/fixtures/cases.ts';
import { fileEnv, loadFresh } from '#test/fixtures/integration.ts';
import { sharedRuntime } from '#test/fixtures/runtime.ts';

const rt = sharedRuntime();
let createCase: LambdaFunction;
/** This test's stand-in for the deployment's secret; the runtime's own is unknown to it. */
const SECRET = 'test-origin-secret-3c1f9a';

const stubEnv = fileEnv();

beforeAll(async () => {
  const info = readRuntimeInfo(rt.dataDir);
  // The environment the stack gives the function, pointed at the runtime's emulators.
  stubEnv({
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: rt.accessKeyId,
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${rt.ports.dynamodb}`,
    AWS_ENDPOINT_URL_SQS: `http://127.0.0.1:${rt.ports.sqs}`,
    [TABLE_NAME_ENV]: TABLE_NAME,
    [QUEUE_URLS_ENV]: JSON.stringify(info.queueUrls),
    [DEAD_LETTER_URLS_ENV]: JSON.stringify(info.deadLetterUrls),
    [ORIGIN_SECRET_ENV]: SECRET,
    NOTIFIER: 'outbox',
    OUTBOX_DIR: join(rt.dataDir, 'outbox-direct'),
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  const spec = functions.find((f) => f.name === 'create-case');
  if (!spec) throw new Error('no create-case in the manifest');
  createCase = await loadFresh(spec);
});

/** POST /api/cases as API Gateway delivers it for a call to the execute-api URL itself. */
function directCall(headers: Record<string, string>, body: unknown) {
  return httpEvent({
    method: 'POST',
    url: new URL('https://abc123.execute-api.us-east-1.amazonaws.com/api/cases'),
    headers: { 'content-type': 'application/json', ...headers },
    body: Buffer.from(JSON.stringify(body)),
    sourceIp: '203.0.113.66',
    route: { routeKey: 'POST /api/cases' },
  });
}

const stored = async (caseNumber: string) =>
  (
    await rt.db.send(
      new GetCommand({ TableName: TABLE_NAME, Key: { PK: `CASE#${caseNumber}`, SK: 'CASE' } }),
    )
  ).Item;

describe('a request that did not come through CloudFront', () => {
  it('is refused with 403 problem details and stores nothing, whatever addresses it claims', async () => {
    // An ID number of its own: the shared runtime keeps the other files' cases, filed with the
    // fixture's numbers.
    const request = caseRequest({
      payer: {
        kind: 'person',
        name: '王小明',
        idNumber: makeResidentId('150426', '19610203', '042'),
        phone: '13812345678',
      },
    });
    const answers = (await Promise.all([
      createCase.invoke(directCall({}, request)),
      createCase.invoke(
        directCall(
          {
            'x-forwarded-for': '10.9.8.7',
            'cloudfront-viewer-address': '10.9.8.7:443',
            [ORIGIN_HEADER]: 'guessed-secret',
          },
          request,
        ),
      ),
    ])) as { statusCode: number; headers: Record<string, string>; body: string }[];

    for (const answer of answers) {
      expect(answer.statusCode).toBe(403);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      expect(JSON.parse(answer.body)).toMatchObject({ status: 403, instance: '/api/cases' });
      expect(JSON.parse(answer.body)).not.toHaveProperty('caseNumber');
    }
    // Nothing was filed: the payer's ID number is in no case of the table.
    const { ScanCommand } = await import('@aws-sdk/lib-dynamodb');
    const filed: unknown[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await rt.db.send(
        new ScanCommand({
          TableName: TABLE_NAME,
          FilterExpression: 'SK = :case AND #payer.#id = :id',
          ExpressionAttributeNames: { '#payer': 'payer', '#id': 'idNumber' },
          ExpressionAttributeValues: {
            ':case': 'CASE',
            ':id': (request.payer as { idNumber: string }).idNumber,
          },
          ExclusiveStartKey: start,
        }),
      );
      filed.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    expect(filed).toEqual([]);
  });

  it('is served once it carries the secret, as through CloudFront: the check is what refused', async () => {
    const answer = (await createCase.invoke(
      directCall({ [ORIGIN_HEADER]: SECRET }, caseRequest()),
    )) as { statusCode: number; body: string };

    expect(answer.statusCode).toBe(201);
    const { caseNumber } = JSON.parse(answer.body) as { caseNumber: string };
    expect((await stored(caseNumber))?.caseNumber).toBe(caseNumber);
  });

  it('through the local gateway, which plays CloudFront, is served: the secret is added there', async () => {
    const answer = await postJson(`${rt.url}/api/cases`, caseRequest(), {
      [ORIGIN_HEADER]: 'a client cannot choose it',
    });

    expect(answer.status).toBe(201);
    expect((await stored(String(answer.json.caseNumber)))?.caseNumber).toBe(answer.json.caseNumber);
  });
});
