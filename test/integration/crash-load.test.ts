import { afterAll, describe, expect, it } from 'vitest';
import { variedCaseRequest } from '#test/fixtures/cases.ts';
import {
  eventually,
  inInbox,
  removeDataDir,
  startTestRuntime,
  type TestRuntime,
} from '#test/fixtures/runtime.ts';

const started: TestRuntime[] = [];

afterAll(async () => {
  for (const rt of started) await rt.stop();
  if (started[0]) removeDataDir(started[0].dataDir);
});

describe('three crashes during a 300-case load', () => {
  it('loses no accepted case, numbers none twice, and keeps every timeline consistent', async () => {
    let rt = await startTestRuntime();
    started.push(rt);
    const total = Number(process.env.CRASH_LOAD_CASES ?? 300);
    // Kill at three moments chosen at random within the load.
    const killAt = new Set<number>();
    while (killAt.size < 3)
      killAt.add(Math.floor(total * 0.1) + Math.floor(Math.random() * total * 0.75));
    const accepted = new Map<string, { caseNumber: string; units: string[]; mode: string }>();
    let next = 0;
    let restarting: Promise<void> | undefined;

    async function crashAndRestart() {
      const dead = rt;
      await dead.kill();
      // As an operator would: start again until it is up (the killed one's ports free up).
      for (let attempt = 1; ; attempt++) {
        try {
          rt = await startTestRuntime({ dataDir: dead.dataDir, ports: dead.ports });
          started.push(rt);
          return;
        } catch (error) {
          if (attempt === 5) throw error;
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    }

    async function worker() {
      while (next < total) {
        const i = next++;
        const key = `load-0000-${String(i).padStart(6, '0')}-key`;
        // A client that gets no answer retries with the same Idempotency-Key, as the site does.
        // The same body on every retry: the key promises the same request.
        const body = JSON.stringify(variedCaseRequest(i));
        const deadline = Date.now() + 120_000;
        while (Date.now() < deadline) {
          if (restarting) await restarting;
          try {
            const http = await fetch(`${rt.url}/api/cases`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'idempotency-key': key },
              body,
              // A request to a process that died mid-answer must not wait forever.
              signal: AbortSignal.timeout(10_000),
            });
            const res = {
              status: http.status,
              json: (await http.json()) as Record<string, unknown>,
            };
            // Anything but a lost connection or a 201 is a defect, not a reason to retry.
            expect([201, 500, 502, 503]).toContain(res.status);
            if (res.status === 201) {
              const routing = res.json.routing as { units: string[]; mode: string };
              const previous = accepted.get(key);
              if (previous) expect(previous.caseNumber).toBe(res.json.caseNumber);
              accepted.set(key, {
                caseNumber: String(res.json.caseNumber),
                units: routing.units,
                mode: routing.mode,
              });
              break;
            }
          } catch (error) {
            // Connection refused or reset: the runtime is down; wait for it and retry.
            if (!(error instanceof TypeError) && (error as Error).name !== 'TimeoutError')
              throw error;
          }
          await new Promise((r) => setTimeout(r, 100));
        }
        if (killAt.has(i) && !restarting) {
          killAt.delete(i);
          restarting = crashAndRestart().finally(() => {
            restarting = undefined;
          });
        }
      }
    }
    await Promise.all(Array.from({ length: 8 }, worker));
    if (restarting) await restarting;

    // Every accepted case, once, in the inbox of the unit (or office) its routing named.
    expect(accepted.size).toBe(total);
    const numbers = [...accepted.values()].map((a) => a.caseNumber);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const { caseNumber, units, mode } of accepted.values()) {
      const inbox = mode === 'single' ? (units[0] ?? '') : 'office';
      const found = await eventually(() => inInbox(rt.store, inbox, caseNumber), 20_000);
      expect(found.status).toBe(mode === 'single' ? 'assigned' : 'triage');
      const timeline = await rt.store.timeline(caseNumber);
      expect(timeline.map((e) => e.seq)).toEqual([1, 2]);
      expect(timeline.map((e) => e.transition)).toEqual([
        'receive',
        mode === 'single' ? 'dispatch' : 'dispatchToOffice',
      ]);
    }
    expect(started.length).toBe(4);
  }, 240_000);
});
