// Its own runtime: it kills the runtime and starts it again.
import { afterAll, describe, expect, it } from 'vitest';
import { ids } from '#adapters/ids.ts';
import type { CaseRecord } from '#core/case.ts';
import { route } from '#core/routing.ts';
import { caseRequest, matter, postJson } from '#test/fixtures/cases.ts';
import {
  eventually,
  inInbox,
  removeDataDir,
  startTestRuntime,
  type TestRuntime,
} from '#test/fixtures/runtime.ts';

const running: TestRuntime[] = [];

afterAll(async () => {
  for (const rt of running) await rt.stop();
  for (const rt of running) removeDataDir(rt.dataDir);
});

async function restart(previous: TestRuntime): Promise<TestRuntime> {
  const next = await startTestRuntime({ dataDir: previous.dataDir, ports: previous.ports });
  running.push(next);
  return next;
}

describe('a crash of the local runtime', () => {
  it('loses no accepted case: after a SIGKILL right after a 201, the case reaches its inbox on restart', async () => {
    // Prepare
    const first = await startTestRuntime();
    running.push(first);

    // Act: a burst of cases; the runtime is killed as soon as the first one is accepted, while
    // the others are in flight (some accepted, some not).
    const accepted: { caseNumber: string; unit: string }[] = [];
    const posts = Array.from({ length: 12 }, (_, i) =>
      postJson(
        `${first.url}/api/cases`,
        caseRequest({
          matters: [matter(i % 2 === 0 ? {} : { type: 'benefits', insurance: ['medical'] })],
        }),
      )
        .then(async (res) => {
          if (res.status !== 201) return;
          const routing = res.json.routing as { units: string[] };
          accepted.push({ caseNumber: String(res.json.caseNumber), unit: routing.units[0] ?? '' });
          await first.kill();
        })
        .catch(() => undefined),
    );
    await Promise.all(posts);
    expect(first.process.signalCode).toBe('SIGKILL');
    expect(accepted.length).toBeGreaterThan(0);

    const second = await restart(first);

    // Assess: every accepted case is in the inbox of its unit, once, and numbers are unique.
    for (const { caseNumber, unit } of accepted) {
      const found = await eventually(async () => {
        return inInbox(second.store, unit, caseNumber);
      });
      expect(found.status).toBe('assigned');
      const timeline = await second.store.timeline(caseNumber);
      expect(timeline.map((e) => e.to)).toEqual(['received', 'assigned']);
    }
    expect(new Set(accepted.map((a) => a.caseNumber)).size).toBe(accepted.length);
  });

  it('re-sends a case that was stored but whose message was never sent', async () => {
    // Prepare: a case written as intake writes it, with no queue message (a crash between the
    // write and the send), then a restart.
    const rt = await startTestRuntime();
    running.push(rt);
    const request = caseRequest();
    const caseNumber = await rt.store.nextCaseNumber(2026);
    const at = new Date().toISOString();
    const record: CaseRecord = {
      caseNumber,
      version: 1,
      status: 'received',
      channel: 'online',
      payer: request.payer as CaseRecord['payer'],
      matters: request.matters as CaseRecord['matters'],
      description: request.description,
      routing: route(request.matters as CaseRecord['matters']),
      holder: null,
      heldBy: [],
      due: null,
      accessCodeHash: ids.hash(ids.accessCode()),
      receivedAt: at,
      updatedAt: at,
    };
    await rt.store.create(record, {
      caseNumber,
      seq: 1,
      at,
      transition: 'receive',
      from: null,
      to: 'received',
      actor: { kind: 'payer' },
      note: '已收到争议申请，正在按职责分派',
    });
    await rt.stop();

    // Act
    const again = await restart(rt);

    // Assess
    const found = await eventually(async () => {
      return inInbox(again.store, 'tax', caseNumber);
    });
    expect(found.status).toBe('assigned');
    expect(again.output()).toMatch(/re-sent 1 case/);
  });
});
