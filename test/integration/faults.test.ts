// Its own runtime: it injects faults into every transaction (LOCAL_FAULTS).
/**
 * The local fault switch (infra/local/faults.ts) reaches the handlers: with every transaction
 * cancelled for a conflict, as real DynamoDB may do to a write during a burst, intake retries,
 * then answers 503 problem details with Retry-After, and stores nothing (issue 14, point 7).
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_NAME } from '#functions/manifest.ts';
import { caseRequest, postJson } from '#test/fixtures/cases.ts';
import { removeDataDir, startTestRuntime, type TestRuntime } from '#test/fixtures/runtime.ts';

let rt: TestRuntime;

beforeAll(async () => {
  rt = await startTestRuntime({ faults: { transactionConflict: 1 } });
});

afterAll(async () => {
  await rt?.stop();
  if (rt) removeDataDir(rt.dataDir);
});

/** Every stored item's key, to see what a request left behind. */
async function storedKeys(): Promise<{ PK: string; SK: string }[]> {
  const keys: { PK: string; SK: string }[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await rt.db.send(
      new ScanCommand({
        TableName: TABLE_NAME,
        ProjectionExpression: 'PK, SK',
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) keys.push({ PK: String(item.PK), SK: String(item.SK) });
    start = out.LastEvaluatedKey;
  } while (start);
  return keys;
}

describe('every transaction cancelled for a conflict', () => {
  it('answers intake with a 503 problem detail and Retry-After, and stores no case', async () => {
    const before = await storedKeys();
    const res = await postJson(`${rt.url}/api/cases`, caseRequest(), {
      'idempotency-key': 'faults-0001-key-0000000000',
    });

    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(res.json).toMatchObject({
      status: 503,
      title: '系统正忙',
      instance: '/api/cases',
      retryAfter: Number(res.headers.get('retry-after')),
    });
    expect(String(res.json.type)).toMatch(/busy$/);
    expect(String(res.json.detail)).toContain('没有保存任何内容');

    // Nothing of the case: no case, event, work item, idempotency record or report counter. The
    // year's case-number counter may have moved (numbers are unique, not gapless).
    const added = (await storedKeys()).filter(
      (k) => !before.some((b) => b.PK === k.PK && b.SK === k.SK),
    );
    expect(
      added.filter((k) => !k.PK.startsWith('COUNTER#case-number#') && !k.PK.startsWith('RATE#')),
    ).toEqual([]);
    expect(added.some((k) => /^(CASE#|AGG#|IDEMPOTENCY#)/.test(k.PK))).toBe(false);
    // The runtime said what it was doing, and the handler logged no unhandled error.
    expect(rt.output()).toContain('LOCAL_FAULTS: 100 % of transactions cancelled.');
    expect(rt.output()).not.toContain('unhandled error');
  });
});
