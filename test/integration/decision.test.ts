import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTransition } from '#core/transitions.ts';
import { caseRequest, postJson } from '#test/fixtures/cases.ts';
import {
  eventually,
  removeDataDir,
  startTestRuntime,
  type TestRuntime,
} from '#test/fixtures/runtime.ts';

let rt: TestRuntime;

beforeAll(async () => {
  rt = await startTestRuntime();
});

afterAll(async () => {
  await rt?.stop();
  if (rt) removeDataDir(rt.dataDir);
});

const clock = { now: () => new Date() };
const taxStaff = { kind: 'staff', unit: 'tax', role: 'staff', user: 'tax.staff' } as const;

/** A case of the tax bureau, signed for and answered, as the staff actions of issue 4 will do. */
async function answeredCase(): Promise<{ caseNumber: string; accessCode: string }> {
  const created = await postJson(`${rt.url}/api/cases`, caseRequest());
  const { caseNumber, accessCode } = created.json as { caseNumber: string; accessCode: string };
  await eventually(async () =>
    (await rt.store.get(caseNumber))?.status === 'assigned' ? true : undefined,
  );
  const deps = { store: rt.store, clock };
  await applyTransition({ caseNumber, name: 'signFor', actor: taxStaff }, deps);
  await applyTransition(
    {
      caseNumber,
      name: 'respond',
      actor: taxStaff,
      change: (_c, at) => ({
        answer: { text: '经核实，您的缴费基数按规定核定。', unit: 'tax', at },
      }),
    },
    deps,
  );
  return { caseNumber, accessCode };
}

function decide(caseNumber: string, accessCode: string, body: unknown) {
  return postJson(`${rt.url}/api/cases/${caseNumber}/decision`, body, {
    'x-access-code': accessCode,
  });
}

describe('POST /api/cases/{caseNumber}/decision', () => {
  it('archives the case when the payer accepts the answer', async () => {
    const { caseNumber, accessCode } = await answeredCase();

    const res = await decide(caseNumber, accessCode, { decision: 'accept' });

    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'archived', decision: { kind: 'accept' } });
    const stored = await rt.store.get(caseNumber);
    expect(stored?.status).toBe('archived');
    const timeline = await rt.store.timeline(caseNumber);
    expect(timeline.map((e) => e.transition)).toEqual([
      'receive',
      'dispatch',
      'signFor',
      'respond',
      'payerAccept',
    ]);
    expect(timeline.at(-1)?.actor).toEqual({ kind: 'payer' });
  });

  it('records the route of a payer who objects', async () => {
    const { caseNumber, accessCode } = await answeredCase();

    const res = await decide(caseNumber, accessCode, {
      decision: 'object',
      route: 'reconsideration',
      comment: '我认为基数计算有误。',
    });

    expect(res.status).toBe(200);
    expect(res.json.status).toBe('objected');
    const stored = await rt.store.get(caseNumber);
    expect(stored?.decision).toMatchObject({
      kind: 'object',
      route: 'reconsideration',
      comment: '我认为基数计算有误。',
    });
    const last = (await rt.store.timeline(caseNumber)).at(-1);
    expect(last).toMatchObject({
      transition: 'payerObject',
      to: 'objected',
      detail: { route: 'reconsideration' },
    });
    // The comment is the payer's own words: kept on the case, never in the timeline.
    expect(JSON.stringify(last)).not.toContain('基数计算有误');
  });

  it('refuses a decision before there is an answer, with 409 and nothing changed', async () => {
    const created = await postJson(`${rt.url}/api/cases`, caseRequest());
    const { caseNumber, accessCode } = created.json as { caseNumber: string; accessCode: string };
    await eventually(async () =>
      (await rt.store.get(caseNumber))?.status === 'assigned' ? true : undefined,
    );

    const res = await decide(caseNumber, accessCode, { decision: 'accept' });

    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(String(res.json.detail)).toContain('已派单');
    expect((await rt.store.get(caseNumber))?.status).toBe('assigned');
  });

  it('names the missing route of an objection', async () => {
    const { caseNumber, accessCode } = await answeredCase();

    const res = await decide(caseNumber, accessCode, { decision: 'object' });

    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([{ pointer: '/route', detail: expect.stringMatching(/途径/) }]);
    expect((await rt.store.get(caseNumber))?.status).toBe('responded');
  });

  it('answers a wrong access code with 404', async () => {
    const { caseNumber } = await answeredCase();
    const res = await decide(caseNumber, 'AAAAAAAAAAAA', { decision: 'accept' });
    expect(res.status).toBe(404);
    expect((await rt.store.get(caseNumber))?.status).toBe('responded');
  });

  it('lets exactly one of two simultaneous decisions win; the other gets 409', async () => {
    const { caseNumber, accessCode } = await answeredCase();

    const [a, b] = await Promise.all([
      decide(caseNumber, accessCode, { decision: 'accept' }),
      decide(caseNumber, accessCode, { decision: 'object', route: 'arbitration' }),
    ]);

    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? a : b;
    const stored = await rt.store.get(caseNumber);
    expect(stored?.status).toBe(winner.json.status);
    const decisions = (await rt.store.timeline(caseNumber)).filter((e) =>
      e.transition.startsWith('payer'),
    );
    expect(decisions).toHaveLength(1);
    expect(stored?.version).toBe(5);
  });

  it('writes exactly one of two transitions fired from the same version', async () => {
    // Prepare: both callers read the case at the same version.
    const { caseNumber } = await answeredCase();
    const seen = await rt.store.get(caseNumber);
    const version = seen?.version ?? 0;

    // Act
    const results = await Promise.allSettled([
      applyTransition(
        { caseNumber, name: 'payerAccept', actor: { kind: 'payer' }, expectedVersion: version },
        { store: rt.store, clock },
      ),
      applyTransition(
        { caseNumber, name: 'note', actor: taxStaff, expectedVersion: version },
        { store: rt.store, clock },
      ),
    ]);

    // Assess
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((rejected.reason as Error).name).toBe('ConcurrentChangeError');
    expect((await rt.store.get(caseNumber))?.version).toBe(version + 1);
    expect(await rt.store.timeline(caseNumber)).toHaveLength(version + 1);
  });
});
