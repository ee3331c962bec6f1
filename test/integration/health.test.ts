// Its own runtime: it watches its start (--demo) and makes a dead letter within seconds.
/**
 * Ready means ready, and the public health says no more than up or down (issue 14).
 */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '#local/runtime.ts';
import { readRuntimeInfo } from '#local/runtime-info.ts';
import { postJson } from '#test/fixtures/cases.ts';
import { healthDetail } from '#test/fixtures/health.ts';
import {
  eventually,
  removeDataDir,
  startTestRuntime,
  type TestRuntime,
} from '#test/fixtures/runtime.ts';
import { staffGet, tokenFor } from '#test/fixtures/staff.ts';

let rt: TestRuntime;
/** Every answer of the public health from the moment the runtime was started, in order. */
const seen: (number | 'refused')[] = [];
let firstSignIn: Awaited<ReturnType<typeof postJson>> | undefined;

beforeAll(async () => {
  const ports = { http: await freePort(), sqs: await freePort() };
  const url = `http://127.0.0.1:${ports.http}`;
  const starting = startTestRuntime({
    ports,
    args: ['--demo'],
    // Poison messages become dead letters in seconds rather than minutes.
    env: { LOCAL_VISIBILITY_SECONDS: '1' },
  });
  let stopped = false;
  starting.catch(() => {
    stopped = true;
  });
  // As a new user (or a deploy script) would: wait for health, then sign in at once.
  while (!stopped) {
    let status: number | 'refused';
    try {
      status = (await fetch(`${url}/api/health`)).status;
    } catch {
      status = 'refused';
    }
    seen.push(status);
    if (status === 200) {
      firstSignIn = await postJson(`${url}/api/session`, {
        username: 'tax.staff',
        password: 'demo-password',
      });
      break;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  rt = await starting;
}, 180_000);

afterAll(async () => {
  await rt?.stop();
  if (rt) removeDataDir(rt.dataDir);
});

describe('health', () => {
  it('answers 503 until the --demo accounts exist, and a demo user signs in right after the first 200', async () => {
    // The gateway listened, and said "down", while the demo was being seeded.
    expect(seen).toContain(503);
    expect(seen.indexOf(503)).toBeLessThan(seen.indexOf(200));
    expect(firstSignIn?.status).toBe(200);
    expect(String(firstSignIn?.json.token)).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    // The demo cases were there too.
    const inbox = await staffGet(rt, '/api/staff/inbox', String(firstSignIn?.json.token));
    expect(inbox.status).toBe(200);
    expect((inbox.json.items as unknown[]).length).toBeGreaterThan(0);
  });

  it('says only up or down in public, even with a dead letter; the administrator sees the parts and depths', async () => {
    // Prepare: a message for a case that does not exist fails until it is a dead letter
    const info = readRuntimeInfo(rt.dataDir);
    await rt.sqs.send(
      new SendMessageCommand({
        QueueUrl: info.queueUrls.tax,
        MessageBody: JSON.stringify({
          v: 1,
          type: 'case.routed',
          caseNumber: '2026-999998',
          unit: 'tax',
        }),
      }),
    );
    const detail = await eventually(async () => {
      const d = await healthDetail(rt);
      return d.deadLetterDepth.tax === 1 ? d : undefined;
    }, 60_000);

    // Act
    const res = await fetch(`${rt.url}/api/health`);

    // Assess
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'up' });
    expect(detail).toMatchObject({
      status: 'up',
      components: { dynamodb: 'up', sqs: 'up', startup: 'up', pollers: 'up', scheduler: 'up' },
      deadLetterDepth: { tax: 1 },
    });
  });

  it('refuses the detail without a token (401) and to anyone but an administrator (403)', async () => {
    const anonymous = await staffGet(rt, '/api/staff/health');
    const leader = await staffGet(rt, '/api/staff/health', await tokenFor(rt, 'leader'));
    const staff = await staffGet(rt, '/api/staff/health', await tokenFor(rt, 'tax.head'));

    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    for (const refused of [leader, staff]) {
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.json).not.toHaveProperty('deadLetterDepth');
      expect(refused.json).not.toHaveProperty('components');
    }
  });
});
