import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoSettings } from '#adapters/settings.ts';
import { applyTransition } from '#core/transitions.ts';
import { TABLE_NAME } from '#functions/manifest.ts';
import { caseRequest, postJson } from '#test/fixtures/cases.ts';
import { eventually, inInbox, sharedRuntime } from '#test/fixtures/runtime.ts';
import { act, addDemoAccounts } from '#test/fixtures/staff.ts';

const rt = sharedRuntime();

beforeAll(async () => {
  await addDemoAccounts(rt);
});

const clock = { now: () => new Date() };
const taxStaff = { kind: 'staff', unit: 'tax', role: 'staff', user: 'tax.staff' } as const;
/** What a transition fired from a test needs: the runtime's store and its settings. */
const transitionDeps = () => ({
  store: rt.store,
  clock,
  settings: dynamoSettings(rt.db, TABLE_NAME),
});

/** A new case of the tax bureau, in its inbox. */
async function filedCase(): Promise<{ caseNumber: string; accessCode: string }> {
  const created = await postJson(`${rt.url}/api/cases`, caseRequest());
  const { caseNumber, accessCode } = created.json as { caseNumber: string; accessCode: string };
  await eventually(() => inInbox(rt.store, 'tax', caseNumber));
  return { caseNumber, accessCode };
}

/** A case of the tax bureau, signed for and answered by tax.staff through the staff API. */
async function answeredCase(): Promise<{ caseNumber: string; accessCode: string }> {
  const filed = await filedCase();
  expect((await act(rt, 'tax.staff', filed.caseNumber, { type: 'sign-for' })).status).toBe(200);
  const answered = await act(rt, 'tax.staff', filed.caseNumber, {
    type: 'respond',
    answer: '经核实，您的缴费基数按规定核定。',
  });
  expect(answered.status).toBe(200);
  return filed;
}

function decide(caseNumber: string, accessCode: string, body: unknown) {
  return postJson(`${rt.url}/api/cases/${caseNumber}/decision`, body, {
    'x-access-code': accessCode,
  });
}

/** GET /api/cases/{caseNumber} as a JSON client does (DESIGN.md §9). */
async function viewOf(caseNumber: string, accessCode: string) {
  const res = await fetch(`${rt.url}/api/cases/${caseNumber}`, {
    headers: { 'x-access-code': accessCode, accept: 'application/json' },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown> & {
    deadlines: Record<string, { due: string; covered: boolean } | undefined>;
  };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

describe('POST /api/cases/{caseNumber}/decision', () => {
  it('keeps an accepted case answered, with the online decision, for the unit to archive', async () => {
    const { caseNumber, accessCode } = await answeredCase();

    const res = await decide(caseNumber, accessCode, { decision: 'accept' });

    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      status: 'responded',
      decision: { kind: 'accept', channel: 'online' },
      handledBy: 'tax',
    });
    // Decided: no last day to object any more.
    expect(res.json.deadlines).not.toHaveProperty('objectBy');
    const stored = await rt.store.get(caseNumber);
    expect(stored?.status).toBe('responded');
    expect(stored?.decision).toMatchObject({ kind: 'accept', channel: 'online' });
    const timeline = await rt.store.timeline(caseNumber);
    expect(timeline.map((e) => e.transition)).toEqual([
      'receive',
      'dispatch',
      'signFor',
      'respond',
      'payerAccept',
    ]);
    expect(timeline.at(-1)).toMatchObject({ actor: { kind: 'payer' }, to: 'responded' });
  });

  it('refuses a second decision with 409 and a Chinese detail, changing nothing', async () => {
    const { caseNumber, accessCode } = await answeredCase();
    expect((await decide(caseNumber, accessCode, { decision: 'accept' })).status).toBe(200);
    const before = await rt.store.get(caseNumber);
    const events = (await rt.store.timeline(caseNumber)).length;

    const res = await decide(caseNumber, accessCode, {
      decision: 'object',
      route: 'arbitration',
    });

    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.json.detail).toBe('您已经告诉过我们是否接受处理结果。');
    expect(await rt.store.get(caseNumber)).toEqual(before);
    expect(await rt.store.timeline(caseNumber)).toHaveLength(events);
  });

  it('refuses a decision after the payer’s silence was taken as acceptance, saying whom to call', async () => {
    const { caseNumber, accessCode } = await answeredCase();
    // As the hourly sweep does once the last day to object has passed.
    await applyTransition(
      {
        caseNumber,
        name: 'deemAccepted',
        actor: { kind: 'system' },
        change: (_c, at) => ({ decision: { kind: 'accept', at, channel: 'silence' } }),
      },
      transitionDeps(),
    );
    const before = await rt.store.get(caseNumber);

    const res = await decide(caseNumber, accessCode, { decision: 'accept' });

    expect(res.status).toBe(409);
    expect(res.json.detail).toMatch(/已视为您接受处理结果.*12345/);
    expect(await rt.store.get(caseNumber)).toEqual(before);
    expect((await viewOf(caseNumber, accessCode)).decision).toMatchObject({ channel: 'silence' });
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
    const { caseNumber, accessCode } = await filedCase();

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
    expect(stored?.decision).toBeDefined();
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
        transitionDeps(),
      ),
      applyTransition(
        { caseNumber, name: 'note', actor: taxStaff, expectedVersion: version },
        transitionDeps(),
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

describe('GET /api/cases/{caseNumber}', () => {
  it('names the unit handling the case and the date owed at each step, up to the last day to object', async () => {
    // Prepare: a case in the tax inbox
    const { caseNumber, accessCode } = await filedCase();

    // Assess: before the sign-for, the unit holding it and its sign-for date
    const assigned = await viewOf(caseNumber, accessCode);
    expect(assigned).toMatchObject({ status: 'assigned', handledBy: 'tax' });
    expect(assigned.deadlines.signFor?.due).toMatch(DAY);

    // Act: tax signs for it
    await act(rt, 'tax.staff', caseNumber, { type: 'sign-for' });

    // Assess: the answer date, as stored on the case; no sign-for date any more
    const accepted = await viewOf(caseNumber, accessCode);
    const stored = await rt.store.get(caseNumber);
    expect(accepted).toMatchObject({ status: 'accepted', handledBy: 'tax' });
    expect(accepted.deadlines).toEqual({
      answer: { due: stored?.due?.date, covered: stored?.due?.covered },
    });
    expect(accepted.deadlines.answer?.due).toMatch(DAY);

    // Act: tax answers
    await act(rt, 'tax.staff', caseNumber, { type: 'respond', answer: '经核实，不予调整。' });

    // Assess: the last day to object, on or after the answer's day; no answer date any more
    const responded = await viewOf(caseNumber, accessCode);
    expect(responded).toMatchObject({ status: 'responded', handledBy: 'tax' });
    expect(responded.deadlines).not.toHaveProperty('answer');
    const objectBy = responded.deadlines.objectBy;
    expect(objectBy).toEqual({ due: expect.stringMatching(DAY), covered: expect.any(Boolean) });
    const answeredOn = new Date(String((responded.answer as { at: string }).at)).toLocaleDateString(
      'sv-SE',
      { timeZone: 'Asia/Shanghai' },
    );
    expect(String(objectBy?.due) > answeredOn).toBe(true);
  });
});
