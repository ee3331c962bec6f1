// Its own runtime: it reads the events it logs (LOCAL_EVENT_LOG).
/**
 * What the API answers for a route it does not have: the manifest's `$default` function, as the
 * HTTP API's `$default` route sends it there in AWS, and problem details, as every other error.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDataDir, startTestRuntime, type TestRuntime } from '#test/fixtures/runtime.ts';

let rt: TestRuntime;
let eventDir: string;
let eventLog: string;

beforeAll(async () => {
  eventDir = mkdtempSync(join(tmpdir(), 'events-'));
  eventLog = join(eventDir, 'events.jsonl');
  rt = await startTestRuntime({ env: { LOCAL_EVENT_LOG: eventLog } });
});

afterAll(async () => {
  await rt?.stop();
  if (rt) removeDataDir(rt.dataDir);
  rmSync(eventDir, { recursive: true, force: true });
});

/** The events the runtime handed to function `name`, as Lambda would have received them. */
function eventsOf(name: string): { routeKey: string; rawPath: string; requestContext: unknown }[] {
  return readFileSync(eventLog, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { function: string; event: never })
    .filter((entry) => entry.function === name)
    .map((entry) => entry.event);
}

describe('a request no route matches', () => {
  it('is answered by the $default function with 404 problem details', async () => {
    for (const [method, path] of [
      ['GET', '/api/no-such-thing'],
      ['POST', '/api/cases/2026-000001/nothing'],
      // A wrong method on a known path: API Gateway matches the method too.
      ['DELETE', '/api/cases'],
      // $default carries no authorizer in AWS: no token asked for a route that is not there.
      ['GET', '/api/staff/no-such-list'],
    ] as const) {
      // Act
      const res = await fetch(`${rt.url}${path}`, {
        method,
        ...(method === 'POST'
          ? { body: '{}', headers: { 'content-type': 'application/json' } }
          : {}),
      });

      // Assess: the answer, and who gave it
      const what = `${method} ${path}`;
      expect(res.status, what).toBe(404);
      expect(res.headers.get('content-type'), what).toMatch(/^application\/problem\+json/);
      expect(await res.json(), what).toEqual({
        type: 'https://si-disputes.invalid/problems/no-route',
        title: '没有这个接口',
        status: 404,
        detail: '请检查请求的地址和方法。',
        instance: path,
      });
      const received = eventsOf('no-route').filter((e) => e.rawPath === path);
      expect(received, what).toHaveLength(1);
      expect(received[0]?.routeKey, what).toBe('$default');
      expect(received[0]?.requestContext, what).toMatchObject({
        routeKey: '$default',
        http: { method, path },
      });
    }
  });

  it('leaves matched routes to their own functions', async () => {
    const res = await fetch(`${rt.url}/api/calendar/add-working-days?from=2026-10-08&days=1`);

    expect(res.status).toBe(200);
    expect(eventsOf('no-route').map((e) => e.rawPath)).not.toContain(
      '/api/calendar/add-working-days',
    );
    expect(eventsOf('add-working-days').map((e) => e.rawPath)).toContain(
      '/api/calendar/add-working-days',
    );
  });
});
