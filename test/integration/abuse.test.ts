// Its own runtime: it sets its own intake limit (INTAKE_LIMIT_PER_HOUR).
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { TABLE_NAME } from '#functions/manifest.ts';
import { caseRequest, postJson } from '#test/fixtures/cases.ts';
import { clientAt } from '#test/fixtures/client-address.ts';
import { ownRuntime } from '#test/fixtures/integration.ts';

const rt = ownRuntime({ env: { INTAKE_LIMIT_PER_HOUR: '3' } });

/**
 * Each client connects from its own loopback address (the limits key on the connection, as on
 * CloudFront's viewer address in AWS), and may write whatever X-Forwarded-For it likes.
 */
const look = (caseNumber: string, code: string, client: string, headers = {}) =>
  clientAt(client)(`${rt.url}/api/cases/${caseNumber}`, {
    headers: { 'x-access-code': code, ...headers },
  });

/** How many cases the table holds (their main items). */
async function storedCases(): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await rt.db.send(
      new ScanCommand({
        TableName: TABLE_NAME,
        FilterExpression: 'SK = :case',
        ExpressionAttributeValues: { ':case': 'CASE' },
        ExclusiveStartKey: start,
      }),
    );
    count += out.Items?.length ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return count;
}

/** How many drafts the table holds. */
async function storedDrafts(): Promise<number> {
  const out = await rt.db.send(
    new ScanCommand({
      TableName: TABLE_NAME,
      FilterExpression: 'begins_with(PK, :draft)',
      ExpressionAttributeValues: { ':draft': 'DRAFT#' },
    }),
  );
  return out.Items?.length ?? 0;
}

describe('limits against abuse', () => {
  it('caps the drafts one client begins, and lets a draft already begun go on (issue 16)', async () => {
    const client = clientAt('127.0.4.1');
    const step = (cookie?: string) =>
      client(`${rt.url}/api/payer/apply-payer`, {
        method: 'POST',
        headers: { origin: rt.url, ...(cookie ? { cookie } : {}) },
        body: new URLSearchParams({ 'payer.kind': 'person', 'payer.name': '王' }),
      });
    const before = await storedDrafts();

    // Act: thirty applications begun from one address, then one more
    let first = '';
    for (let i = 0; i < 30; i++) {
      const answer = await step();
      // Kept with its errors, shown by the page the 303 leads to
      expect(answer.status).toBe(303);
      if (i === 0)
        first = /si_draft=([^;]+)/.exec(answer.headers.get('set-cookie') ?? '')?.[1] ?? '';
    }
    const refused = await step();
    const goesOn = await step(`si_draft=${first}`);
    const otherClient = await clientAt('127.0.4.2')(`${rt.url}/api/payer/apply-payer`, {
      method: 'POST',
      headers: { origin: rt.url },
      body: new URLSearchParams({ 'payer.kind': 'person', 'payer.name': '李' }),
    });

    // Assess: the 31st is refused as a page that says why, storing nothing; the first draft and
    // another client are not affected
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.text()).toContain('开始填写的申请太多了');
    expect(goesOn.status).toBe(303);
    expect(goesOn.headers.get('location')).toBe('/api/payer/apply-payer?check=1');
    expect(goesOn.headers.get('set-cookie')).toContain(`si_draft=${first}`);
    expect(otherClient.status).toBe(303);
    expect(await storedDrafts()).toBe(before + 31);
  });

  it('never lets strangers’ wrong codes lock a payer out of their case (issue 16)', async () => {
    const created = await postJson(`${rt.url}/api/cases`, caseRequest(), {}, clientAt('127.0.3.1'));
    const { caseNumber, accessCode } = created.json as { caseNumber: string; accessCode: string };

    // Twelve strangers, each guessing once: more than the case's old limit of five.
    const wrong = [];
    for (let i = 0; i < 12; i++)
      wrong.push((await look(caseNumber, 'AAAAAAAAAAAA', `127.0.3.${10 + i}`)).status);
    const payer = await look(caseNumber, accessCode, '127.0.3.99');

    expect(wrong).toEqual(Array(12).fill(404));
    expect(payer.status).toBe(200);
    // The operators hear of it, by case number only.
    const warning = rt
      .output()
      .split('\n')
      .find((line) => line.includes('wrong codes keep coming for one case'));
    expect(warning).toContain(caseNumber);
    expect(warning).not.toContain(accessCode);
  });

  it('evaluates no more guesses than the limit when they come all at once, and says when to retry', async () => {
    // Thirty guesses from one client in parallel: the count and the check are one update.
    const client = '127.0.6.1';
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        look(`2026-8${String(i).padStart(5, '0')}`, 'CCCCCCCCCCCC', client),
      ),
    );
    const statuses = answers.map((a) => a.status);

    expect(statuses.filter((s) => s === 404)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    const refused = answers.find((a) => a.status === 429);
    if (!refused) throw new Error('no guess was refused');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/分钟后再试/);
  });

  it('stops one client guessing across many cases, whatever X-Forwarded-For it then writes', async () => {
    const statuses = [];
    for (let i = 0; i < 21; i++)
      statuses.push(
        (await look(`2026-9${String(i).padStart(5, '0')}`, 'BBBBBBBBBBBB', '127.0.4.1')).status,
      );
    // The same connection, claiming to be someone else: still the same client.
    const forged = await look('2026-900099', 'BBBBBBBBBBBB', '127.0.4.1', {
      'x-forwarded-for': '10.9.8.7',
    });
    const forgedViewer = await look('2026-900098', 'BBBBBBBBBBBB', '127.0.4.1', {
      'x-forwarded-for': '10.9.8.6, 127.0.4.2',
      'cloudfront-viewer-address': '10.9.8.5:443',
    });

    expect(statuses.slice(0, 20).every((s) => s === 404)).toBe(true);
    expect(statuses[20]).toBe(429);
    expect(forged.status).toBe(429);
    expect(forgedViewer.status).toBe(429);
    // Another connection is another client.
    expect((await look('2026-900097', 'BBBBBBBBBBBB', '127.0.4.3')).status).toBe(404);
  });

  it('limits new cases per client, stores nothing past the limit, and says so in words a payer understands', async () => {
    const client = clientAt('127.0.5.1');
    const before = await storedCases();
    const answers = [];
    for (let i = 0; i < 4; i++)
      answers.push(await postJson(`${rt.url}/api/cases`, caseRequest(), {}, client));

    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 429]);
    const refused = answers[3];
    expect(refused?.headers.get('content-type')).toContain('application/problem+json');
    const retryAfter = Number(refused?.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    const minutes = Math.max(1, Math.ceil(retryAfter / 60));
    expect(refused?.json).toMatchObject({
      status: 429,
      title: '提交太频繁了',
      detail: `提交太频繁了。为防止滥用，同一网络每小时最多提交 3 件，请 ${minutes} 分钟后再试；急事请拨打 12345。`,
      retryAfter,
    });
    expect(String(refused?.json.detail)).not.toMatch(/查询码/);

    // A forged X-Forwarded-For is the same client: still refused, and still nothing stored.
    const forged = await postJson(
      `${rt.url}/api/cases`,
      caseRequest(),
      { 'x-forwarded-for': '10.9.8.7' },
      client,
    );
    const forgedViewer = await postJson(
      `${rt.url}/api/cases`,
      caseRequest(),
      { 'x-forwarded-for': '10.9.8.7', 'cloudfront-viewer-address': '10.9.8.7:1234' },
      client,
    );
    expect(forged.status).toBe(429);
    expect(forgedViewer.status).toBe(429);
    // The three accepted, and not one more.
    expect((await storedCases()) - before).toBe(3);

    const other = await postJson(`${rt.url}/api/cases`, caseRequest(), {}, clientAt('127.0.5.2'));
    expect(other.status).toBe(201);
  });

  it('answers a retry of a case it stored with that case even past the limit, and stores nothing more', async () => {
    const client = clientAt('127.0.5.3');
    const before = await storedCases();
    const requests = [0, 1, 2].map((i) => ({
      body: caseRequest({ description: `第 ${i + 1} 件：单位少缴了养老保险。` }),
      key: `abuse-retry-${i}-${Date.now()}`,
    }));
    const filed = [];
    for (const { body, key } of requests)
      filed.push(await postJson(`${rt.url}/api/cases`, body, { 'idempotency-key': key }, client));
    expect(filed.map((a) => a.status)).toEqual([201, 201, 201]);
    const full = await postJson(`${rt.url}/api/cases`, caseRequest(), {}, client);
    expect(full.status).toBe(429);

    // The second answer was lost on the way: the client sends the same request again.
    const second = requests[1];
    if (!second) throw new Error('no second request');
    const retried = await postJson(
      `${rt.url}/api/cases`,
      second.body,
      { 'idempotency-key': second.key },
      client,
    );
    expect(retried.status).toBe(201);
    expect(retried.json).toEqual(filed[1]?.json);
    expect(retried.headers.get('location')).toBe(`/api/cases/${filed[1]?.json.caseNumber}`);
    // Another request under that key is still refused as reuse, not counted as a filing.
    const reused = await postJson(
      `${rt.url}/api/cases`,
      caseRequest({ description: '另一件事。' }),
      { 'idempotency-key': second.key },
      client,
    );
    expect(reused.status).toBe(422);
    // Three cases stored; a new case is still refused.
    expect((await storedCases()) - before).toBe(3);
    expect((await postJson(`${rt.url}/api/cases`, caseRequest(), {}, client)).status).toBe(429);
  });
});
