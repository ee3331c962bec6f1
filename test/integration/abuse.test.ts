import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseRequest, postJson } from '#test/fixtures/cases.ts';
import { removeDataDir, startTestRuntime, type TestRuntime } from '#test/fixtures/runtime.ts';

let rt: TestRuntime;

beforeAll(async () => {
  rt = await startTestRuntime({ env: { INTAKE_LIMIT_PER_HOUR: '3' } });
});

afterAll(async () => {
  await rt?.stop();
  if (rt) removeDataDir(rt.dataDir);
});

const look = (caseNumber: string, code: string, client = '203.0.113.7') =>
  fetch(`${rt.url}/api/cases/${caseNumber}`, {
    headers: { 'x-access-code': code, 'x-forwarded-for': client },
  });

describe('limits against abuse', () => {
  it('stops guessing access codes for a case after 5 wrong ones, even with the right code, and says when to retry', async () => {
    const created = await postJson(`${rt.url}/api/cases`, caseRequest(), {
      'x-forwarded-for': '198.51.100.1',
    });
    const { caseNumber, accessCode } = created.json as { caseNumber: string; accessCode: string };

    const wrong = [];
    for (let i = 0; i < 5; i++)
      wrong.push((await look(caseNumber, 'AAAAAAAAAAAA', `203.0.113.${i}`)).status);
    const blocked = await look(caseNumber, accessCode, '203.0.113.99');

    expect(wrong).toEqual([404, 404, 404, 404, 404]);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await blocked.json()) as { detail: string };
    expect(body.detail).toMatch(/分钟后再试/);
  });

  it('stops one client guessing across many cases', async () => {
    const statuses = [];
    for (let i = 0; i < 21; i++)
      statuses.push(
        (await look(`2026-9${String(i).padStart(5, '0')}`, 'BBBBBBBBBBBB', '192.0.2.50')).status,
      );
    expect(statuses.slice(0, 20).every((s) => s === 404)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  it('limits new cases per client and stores nothing past the limit', async () => {
    const client = { 'x-forwarded-for': '192.0.2.77' };
    const answers = [];
    for (let i = 0; i < 4; i++)
      answers.push(await postJson(`${rt.url}/api/cases`, caseRequest(), client));

    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 429]);
    expect(answers[3]?.headers.get('content-type')).toContain('application/problem+json');
    const other = await postJson(`${rt.url}/api/cases`, caseRequest(), {
      'x-forwarded-for': '192.0.2.78',
    });
    expect(other.status).toBe(201);
  });
});
