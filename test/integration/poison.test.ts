// Its own runtime: it makes dead letters a second apart (LOCAL_VISIBILITY_SECONDS) and counts them.
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { UNIT_IDS } from '#core/units.ts';
import { readRuntimeInfo } from '#local/runtime-info.ts';
import { caseRequest, postJson } from '#test/fixtures/cases.ts';
import { healthDetail, untilDeadLetters } from '#test/fixtures/health.ts';
import { adminCli, ownRuntime } from '#test/fixtures/integration.ts';
import { eventually, inInbox } from '#test/fixtures/runtime.ts';
import { addDemoAccounts, staffGet, staffPost, tokenFor } from '#test/fixtures/staff.ts';

// Retries a second apart, so that five receives take seconds, not five minutes.
const rt = ownRuntime({ env: { LOCAL_VISIBILITY_SECONDS: '1' } });
const admin = adminCli(rt);
let queueUrls: Record<string, string>;

beforeAll(() => {
  queueUrls = readRuntimeInfo(rt.dataDir).queueUrls;
});

/** The administrator's health detail: the public health shows no dead-letter depths (issue 14). */
const health = () => healthDetail(rt);

/** Resolves once the unit's dead-letter queue holds exactly one message, as health shows it. */
async function oneDeadLetter(unit: string, within: number): Promise<true> {
  await untilDeadLetters(rt, unit, 1, within);
  expect((await health()).deadLetterDepth[unit], `${unit} dead letters in health`).toBe(1);
  return true;
}

/**
 * Sends the unit a message for a case that does not exist, which can never succeed, and waits
 * until it is dead-lettered. Each test poisons its own unit, so that none relies on another's.
 */
async function poison(unit: string, caseNumber: string) {
  // The depths list only the queues that hold any: this unit's is empty before.
  expect((await health()).deadLetterDepth[unit], `${unit} dead letters before`).toBeUndefined();
  await rt.sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrls[unit],
      MessageBody: JSON.stringify({ v: 1, type: 'case.routed', caseNumber, unit }),
    }),
  );
  expect(await oneDeadLetter(unit, 30_000)).toBe(true);
}

describe('poison messages', () => {
  it('land in the unit’s dead-letter queue after 5 receives, show in health, and can be listed and re-driven', async () => {
    await poison('tax', '2026-999999');
    expect((await health()).status).toBe('up');

    const listed = await admin('dlq', 'list');
    expect(listed.stdout).toContain('tax: 1');
    expect(listed.stdout).toContain('2026-999999');

    const moved = await admin('dlq', 'redrive', 'tax');
    expect(moved.stdout).toContain('Moved 1 message');
    // Still poison: it comes back to the dead-letter queue, and nothing else was harmed.
    expect(await oneDeadLetter('tax', 30_000)).toBe(true);
    const ok = await postJson(`${rt.url}/api/cases`, caseRequest());
    expect(
      await eventually(() => inInbox(rt.store, 'tax', String(ok.json.caseNumber))),
    ).toBeDefined();
  });

  it('are listed and re-driven by an administrator through the API, and by no one else', async () => {
    // Prepare: a poison message of this test's own in the medical dead-letter queue.
    await addDemoAccounts(rt);
    await poison('medical', '2026-999998');
    const admin = await tokenFor(rt, 'admin');

    // Act: list as the administrator, then as a unit head and the leader
    const listed = await staffGet(rt, '/api/staff/dead-letters', admin);
    const asHead = await staffGet(rt, '/api/staff/dead-letters', await tokenFor(rt, 'tax.head'));
    const asLeader = await staffPost(
      rt,
      '/api/staff/dead-letters/medical/redrive',
      {},
      await tokenFor(rt, 'leader'),
    );

    // Assess: the case number and receive count for the administrator; 403 for the others
    expect(listed.status).toBe(200);
    const units = (
      listed.json as {
        units: {
          unit: string;
          depth: number;
          messages: { caseNumber: string; receiveCount: number }[];
        }[];
      }
    ).units;
    // One dead-letter queue a unit, police (issue 13) included, and the notifications' (issue 14).
    expect(units.map((u) => u.unit).sort()).toEqual([...UNIT_IDS, 'notifications'].sort());
    const medical = units.find((u) => u.unit === 'medical');
    expect(medical?.depth).toBe(1);
    expect(medical?.messages).toEqual([
      expect.objectContaining({ caseNumber: '2026-999998', receiveCount: expect.any(Number) }),
    ]);
    expect(asHead.status).toBe(403);
    expect(asLeader.status).toBe(403);
    // Listing leaves the message in the queue (visible again at once; the depth is approximate).
    expect(await oneDeadLetter('medical', 5_000)).toBe(true);

    // Act: re-drive as the administrator; an unknown unit is 404
    const moved = await staffPost(rt, '/api/staff/dead-letters/medical/redrive', {}, admin);
    const unknown = await staffPost(rt, '/api/staff/dead-letters/nowhere/redrive', {}, admin);

    // Assess: one message moved out (it is still poison, so it comes back after five receives)
    expect(moved.status).toBe(200);
    expect(moved.json).toEqual({ unit: 'medical', moved: 1 });
    expect(unknown.status).toBe(404);
    expect(await oneDeadLetter('medical', 30_000)).toBe(true);
  });
});
