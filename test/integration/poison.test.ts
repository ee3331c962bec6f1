import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseRequest, postJson } from '#test/fixtures/cases.ts';
import {
  eventually,
  inInbox,
  ROOT,
  removeDataDir,
  startTestRuntime,
  type TestRuntime,
} from '#test/fixtures/runtime.ts';

const run = promisify(execFile);
let rt: TestRuntime;
let taxQueue: string;

beforeAll(async () => {
  // Retries a second apart, so that five receives take seconds, not five minutes.
  rt = await startTestRuntime({ env: { LOCAL_VISIBILITY_SECONDS: '1' } });
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  taxQueue =
    (
      JSON.parse(readFileSync(join(rt.dataDir, 'runtime.json'), 'utf8')) as {
        queueUrls: Record<string, string>;
      }
    ).queueUrls.tax ?? '';
});

afterAll(async () => {
  await rt?.stop();
  if (rt) removeDataDir(rt.dataDir);
});

const admin = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: rt.dataDir },
  });

async function health() {
  return (await (await fetch(`${rt.url}/api/health`)).json()) as {
    status: string;
    deadLetterDepth: Record<string, number>;
  };
}

describe('poison messages', () => {
  it('land in the unit’s dead-letter queue after 5 receives, show in health, and can be listed and re-driven', async () => {
    // A message for a case that does not exist can never succeed.
    await rt.sqs.send(
      new SendMessageCommand({
        QueueUrl: taxQueue,
        MessageBody: JSON.stringify({
          v: 1,
          type: 'case.routed',
          caseNumber: '2026-999999',
          unit: 'tax',
        }),
      }),
    );

    const dead = await eventually(
      async () => ((await health()).deadLetterDepth.tax === 1 ? true : undefined),
      30_000,
    );
    expect(dead).toBe(true);
    expect((await health()).status).toBe('up');

    const listed = await admin('dlq', 'list');
    expect(listed.stdout).toContain('tax: 1');
    expect(listed.stdout).toContain('2026-999999');

    const moved = await admin('dlq', 'redrive', 'tax');
    expect(moved.stdout).toContain('Moved 1 message');
    // Still poison: it comes back to the dead-letter queue, and nothing else was harmed.
    await eventually(
      async () => ((await health()).deadLetterDepth.tax === 1 ? true : undefined),
      30_000,
    );
    const ok = await postJson(`${rt.url}/api/cases`, caseRequest());
    expect(
      await eventually(() => inInbox(rt.store, 'tax', String(ok.json.caseNumber))),
    ).toBeDefined();
  });
});
