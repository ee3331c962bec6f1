// Its own runtime: it kills the runtime three times under load, with faults injected.
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { shanghaiDate } from '#core/time.ts';
import { UNITS, type UnitId, unitLabel } from '#core/units.ts';
import { TABLE_NAME } from '#functions/manifest.ts';
import { postJson, variedCaseRequest } from '#test/fixtures/cases.ts';
import {
  eventually,
  inInbox,
  removeDataDir,
  type StartOptions,
  startTestRuntime,
  type TestRuntime,
} from '#test/fixtures/runtime.ts';
import { addDemoAccounts, tokenFor } from '#test/fixtures/staff.ts';

const started: TestRuntime[] = [];
const dataDirs = new Set<string>();

afterAll(async () => {
  for (const rt of started) await rt.stop();
  for (const dir of dataDirs) removeDataDir(dir);
});

interface Accepted {
  caseNumber: string;
  units: string[];
  mode: string;
}

/**
 * `total` cases POSTed 8 at a time while the runtime is killed three times at random moments and
 * started again on the same data. Resolves to the accepted cases by Idempotency-Key, the runtime
 * standing at the end, and every answer that was a 5xx.
 */
async function crashLoad(total: number, options: Pick<StartOptions, 'faults'> = {}) {
  let rt = await startTestRuntime(options);
  started.push(rt);
  dataDirs.add(rt.dataDir);
  // Kill at three moments chosen at random within the load.
  const killAt = new Set<number>();
  while (killAt.size < 3)
    killAt.add(Math.floor(total * 0.1) + Math.floor(Math.random() * total * 0.75));
  const accepted = new Map<string, Accepted>();
  const serverErrors: { status: number; body: Record<string, unknown> }[] = [];
  let next = 0;
  let restarting: Promise<void> | undefined;
  let restarts = 0;

  async function crashAndRestart() {
    const dead = rt;
    await dead.kill();
    // As an operator would: start again until it is up (the killed one's ports free up).
    for (let attempt = 1; ; attempt++) {
      try {
        rt = await startTestRuntime({ ...options, dataDir: dead.dataDir, ports: dead.ports });
        started.push(rt);
        restarts++;
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
          if (res.status >= 500) serverErrors.push({ status: res.status, body: res.json });
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
      // A moment reached while the runtime restarts (another worker's case came back between
      // the kill's start and its effect) is kept for the next case, so three kills always happen.
      const due = [...killAt].find((k) => k <= i);
      if (due !== undefined && !restarting) {
        killAt.delete(due);
        restarting = crashAndRestart().finally(() => {
          restarting = undefined;
        });
      }
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker));
  if (restarting) await restarting;
  return { accepted, serverErrors, restarts, rt };
}

/** Every accepted case, once, in the inbox of the unit (or office) its routing named. */
async function expectNothingLost(rt: TestRuntime, accepted: Map<string, Accepted>, total: number) {
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
}

/**
 * 120 cases by default (300 until issue 15): enough for the three kills to fall inside the load
 * (between its 10th and 85th per cent), where the crashes and the numbering are the question;
 * volume is the bench's. CRASH_LOAD_CASES=300 for a longer load.
 */
const CRASH_LOAD_CASES = Number(process.env.CRASH_LOAD_CASES ?? 120);

describe(`three crashes during a ${CRASH_LOAD_CASES}-case load`, () => {
  it('loses no accepted case, numbers none twice, and keeps every timeline consistent', async () => {
    const total = CRASH_LOAD_CASES;
    const { accepted, restarts, rt } = await crashLoad(total);
    await expectNothingLost(rt, accepted, total);
    expect(restarts).toBe(3);
  }, 240_000);
});

describe('three crashes during a load with 20 % of transactions cancelled for conflicts', () => {
  it('loses nothing, numbers nothing twice, answers no 5xx, and reports exact figures', async () => {
    // Fewer cases than above: the crashes and the numbering are proven there; here the conflicts
    // (about 2 a case at 20 %: the intake's and the delivery's transactions) are the question.
    const total = Number(process.env.CRASH_LOAD_FAULT_CASES ?? 100);
    const from = shanghaiDate(new Date());
    const { accepted, serverErrors, restarts, rt } = await crashLoad(total, {
      faults: { transactionConflict: 0.2 },
    });
    const to = shanghaiDate(new Date());
    expect(rt.output()).toContain('LOCAL_FAULTS: 20 % of transactions cancelled.');
    expect(serverErrors).toEqual([]);
    expect(restarts).toBe(3);
    await expectNothingLost(rt, accepted, total);

    // The report the leading group would ask for, against the test's own count of the cases.
    await addDemoAccounts(rt);
    const res = await postJson(
      `${rt.url}/api/staff/reports`,
      { from, to },
      { authorization: `Bearer ${await tokenFor(rt, 'leader')}` },
    );
    expect(res.status).toBe(201);
    const report = res.json as {
      highlights: string[];
      tables: { id: string; rows: { label: string; count: number }[] }[];
    };
    expect(report.highlights[0]).toContain(`本期共受理争议 ${total} 件`);
    const rows = (id: string) => report.tables.find((t) => t.id === id)?.rows ?? [];
    expect(rows('channel').find((r) => r.label === '网上提交')?.count).toBe(total);
    const byUnit = new Map<string, number>();
    for (const { units } of accepted.values())
      for (const u of units) byUnit.set(u, (byUnit.get(u) ?? 0) + 1);
    for (const { id } of UNITS) {
      const row = rows('unit').find((r) => r.label === unitLabel(id as UnitId));
      expect(row?.count ?? 0, id).toBe(byUnit.get(id) ?? 0);
    }

    // The day's intakes were spread over several shards of `received#all`, not one hot item.
    const stored = await rt.db.send(
      new QueryCommand({
        TableName: TABLE_NAME,
        KeyConditionExpression: 'PK = :pk',
        FilterExpression: '#counter = :counter',
        ExpressionAttributeNames: { '#counter': 'counter' },
        ExpressionAttributeValues: { ':pk': `AGG#${to}`, ':counter': 'received#all' },
      }),
    );
    const shards = (stored.Items ?? []).map((i) => String(i.SK));
    expect(shards.every((sk) => /^received#all@\d+$/.test(sk))).toBe(true);
    if (from === to) expect(shards.length).toBeGreaterThan(1);

    // A counter stored before sharding (one item, no shard) is still counted with the shards.
    await rt.db.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: { PK: `AGG#${to}`, SK: 'received#all', entity: 'aggregate', n: 7 },
      }),
    );
    const again = await postJson(
      `${rt.url}/api/staff/reports`,
      { from, to },
      { authorization: `Bearer ${await tokenFor(rt, 'leader')}` },
    );
    expect((again.json as typeof report).highlights[0]).toContain(`本期共受理争议 ${total + 7} 件`);
  }, 240_000);
});
