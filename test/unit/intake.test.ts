import { describe, expect, it } from 'vitest';
import { ids } from '#adapters/ids.ts';
import type { CreateCaseRequest } from '#contracts/cases.ts';
import { CreateCaseRequestSchema } from '#contracts/cases.ts';
import {
  deliverToInbox,
  earlierSubmission,
  FuturePeriodError,
  futurePeriodErrors,
  IdempotencyKeyReuseError,
  reconcileDispatch,
  submitCase,
} from '#core/intake.ts';
import { caseRequest, matter } from '#test/fixtures/cases.ts';
import { memoryDeps, recordingDispatcher, testIds } from '#test/fixtures/ports.ts';

const request = (overrides: Record<string, unknown> = {}): CreateCaseRequest =>
  CreateCaseRequestSchema.parse(caseRequest(overrides));

function setup(options: { failingQueue?: boolean; now?: string } = {}) {
  return {
    ...memoryDeps(options.now ?? '2026-11-26T02:00:00Z'),
    dispatcher: recordingDispatcher(options.failingQueue),
  };
}

describe('submitCase', () => {
  it('numbers the case in its Shanghai year, routes it and sends it to the target queue', async () => {
    // 2026-12-31T17:00Z is already 2027-01-01 in Shanghai.
    const deps = setup({ now: '2026-12-31T17:00:00Z' });

    const out = await submitCase(request(), { channel: 'online' }, deps);

    expect(out.caseNumber).toBe('2027-000001');
    expect(out.routing).toMatchObject({ mode: 'single', units: ['tax'], target: 'tax' });
    expect(deps.dispatcher.sent).toEqual([['tax', '2027-000001']]);
    const stored = deps.store.cases.get(out.caseNumber);
    expect(stored?.status).toBe('received');
    expect(stored?.accessCodeHash).toBe(testIds.hash(out.accessCode));
    expect(JSON.stringify(stored)).not.toContain(out.accessCode);
    expect(deps.store.events.map((e) => e.to)).toEqual(['received']);
  });

  it('refuses a period reaching past the current Shanghai month, storing and sending nothing', async () => {
    // Prepare: 2026-11-30T16:30Z is already 1 December in Shanghai
    const deps = setup({ now: '2026-11-30T16:30:00Z' });
    const late = request({
      matters: [
        matter({ period: { from: '2024-06', to: '2026-12' } }),
        matter({ type: 'arrears', period: { from: '2027-01', to: '2031-05' } }),
      ],
    });

    // Act
    const refused = await submitCase(late, { channel: 'online' }, deps).catch((e: unknown) => e);

    // Assess: December itself is allowed; January and May 2031 are not, each on its own field
    expect(refused).toBeInstanceOf(FuturePeriodError);
    expect((refused as FuturePeriodError).errors).toEqual([
      {
        pointer: '/matters/1/period/from',
        detail: expect.stringContaining('起始年月不能晚于本月（2026年12月）'),
      },
      {
        pointer: '/matters/1/period/to',
        detail: expect.stringContaining('截止年月不能晚于本月（2026年12月）'),
      },
    ]);
    expect(deps.store.cases.size).toBe(0);
    expect(deps.store.events).toEqual([]);
    expect(deps.dispatcher.sent).toEqual([]);
  });

  it('accepts a period ending in the current Shanghai month', async () => {
    const deps = setup({ now: '2026-11-30T16:30:00Z' });
    const out = await submitCase(
      request({ matters: [matter({ period: { from: '2026-12', to: '2026-12' } })] }),
      { channel: 'online' },
      deps,
    );
    expect(deps.store.cases.get(out.caseNumber)?.matters[0]?.period).toEqual({
      from: '2026-12',
      to: '2026-12',
    });
  });

  it('leaves a malformed month to the contract, which explains the format', () => {
    expect(futurePeriodErrors([{ period: { from: '2031-5', to: 'soon' } }], '2026-12')).toEqual([]);
  });

  it('keeps the case when the queue is down, leaving it for reconciliation', async () => {
    const deps = setup({ failingQueue: true });

    const out = await submitCase(request(), { channel: 'online' }, deps);

    expect(out.dispatched).toBe(false);
    expect(deps.store.cases.get(out.caseNumber)?.status).toBe('received');
  });

  it('answers a retry with the same key with the first case and code', async () => {
    const deps = setup();
    const body = request();

    const first = await submitCase(
      body,
      { channel: 'online', idempotencyKey: 'key-0123456789abcdef' },
      deps,
    );
    const again = await submitCase(
      body,
      { channel: 'online', idempotencyKey: 'key-0123456789abcdef' },
      deps,
    );

    expect(again).toMatchObject({
      caseNumber: first.caseNumber,
      accessCode: first.accessCode,
      replayed: true,
    });
    expect(deps.store.cases.size).toBe(1);
  });

  it('gives a code no one derives from the key and the case number alone', async () => {
    // Prepare: the real code generator, and a client that numbers its keys
    const deps = { ...setup(), ids };
    const key = 'client-000000000001';
    const body = request();

    // Act
    const first = await submitCase(body, { channel: 'online', idempotencyKey: key }, deps);
    const again = await submitCase(body, { channel: 'online', idempotencyKey: key }, deps);

    // Assess: a retry gets the code back; the key and the number (told by SMS) do not give it
    expect(again.accessCode).toBe(first.accessCode);
    expect(first.accessCode).not.toBe(ids.accessCodeFor(key, first.caseNumber));
    expect(deps.store.cases.get(first.caseNumber)?.accessCodeHash).toBe(ids.hash(first.accessCode));
  });

  it('refuses a key reused for another request', async () => {
    const deps = setup();
    await submitCase(
      request(),
      { channel: 'online', idempotencyKey: 'key-0123456789abcdef' },
      deps,
    );

    await expect(
      submitCase(
        request({ description: '别的事' }),
        { channel: 'online', idempotencyKey: 'key-0123456789abcdef' },
        deps,
      ),
    ).rejects.toBeInstanceOf(IdempotencyKeyReuseError);
  });
});

describe('earlierSubmission', () => {
  const key = 'key-0123456789abcdef';

  it('finds nothing for a key not used before, and draws no number', async () => {
    const deps = setup();

    expect(await earlierSubmission(request(), key, deps)).toBeUndefined();
    expect(deps.store.cases.size).toBe(0);
    expect(await deps.store.nextCaseNumber(2026)).toBe('2026-000001');
  });

  it('answers a stored request as the first time, and draws no number for it', async () => {
    const deps = setup();
    const body = request();
    const first = await submitCase(body, { channel: 'online', idempotencyKey: key }, deps);

    expect(await earlierSubmission(body, key, deps)).toEqual({
      caseNumber: first.caseNumber,
      accessCode: first.accessCode,
      status: 'received',
      routing: first.routing,
      dispatched: true,
      replayed: true,
    });
    expect(deps.store.cases.size).toBe(1);
    expect(await deps.store.nextCaseNumber(2026)).toBe('2026-000002');
  });

  it('refuses the key of another request', async () => {
    const deps = setup();
    await submitCase(request(), { channel: 'online', idempotencyKey: key }, deps);

    await expect(
      earlierSubmission(request({ description: '别的事' }), key, deps),
    ).rejects.toBeInstanceOf(IdempotencyKeyReuseError);
  });
});

describe('deliverToInbox', () => {
  it('assigns a single-unit case with a sign-for deadline of one working day, skipping the holiday', async () => {
    // Wednesday 2026-09-30 in Shanghai; 10-01..10-07 are National Day holidays.
    const deps = setup({ now: '2026-09-30T03:00:00Z' });
    const { caseNumber } = await submitCase(request(), { channel: 'online' }, deps);

    const outcome = await deliverToInbox(caseNumber, 'tax', deps);

    expect(outcome).toBe('delivered');
    const stored = deps.store.cases.get(caseNumber);
    expect(stored).toMatchObject({
      status: 'assigned',
      holder: 'tax',
      heldBy: ['tax'],
      version: 2,
    });
    expect(stored?.due).toEqual({
      kind: 'sign-for',
      date: '2026-10-08',
      covered: true,
      from: '2026-09-30',
      days: 1,
    });
    expect(deps.store.events.map((e) => [e.seq, e.from, e.to])).toEqual([
      [1, null, 'received'],
      [2, 'received', 'assigned'],
    ]);
  });

  it('puts a joint case in the office inbox as triage', async () => {
    const deps = setup();
    const { caseNumber } = await submitCase(
      request({
        matters: [matter({ type: 'arrears', period: { from: '2023-10', to: '2024-05' } })],
      }),
      { channel: 'online' },
      deps,
    );

    await deliverToInbox(caseNumber, 'office', deps);

    expect(deps.store.cases.get(caseNumber)).toMatchObject({ status: 'triage', holder: 'office' });
  });

  it('changes nothing when the same message arrives twice', async () => {
    const deps = setup();
    const { caseNumber } = await submitCase(request(), { channel: 'online' }, deps);
    await deliverToInbox(caseNumber, 'tax', deps);

    const second = await deliverToInbox(caseNumber, 'tax', deps);

    expect(second).toBe('already-delivered');
    expect(deps.store.cases.get(caseNumber)?.version).toBe(2);
    expect(deps.store.events).toHaveLength(2);
  });

  it('ignores a message for a unit the case is not routed to', async () => {
    const deps = setup();
    const { caseNumber } = await submitCase(request(), { channel: 'online' }, deps);

    expect(await deliverToInbox(caseNumber, 'medical', deps)).toBe('stale');
    expect(deps.store.cases.get(caseNumber)?.status).toBe('received');
  });

  it('fails for an unknown case, so that the message is retried and then dead-lettered', async () => {
    await expect(deliverToInbox('2026-999999', 'tax', setup())).rejects.toThrow(/not found/);
  });
});

describe('reconcileDispatch', () => {
  it('re-sends cases older than the grace period that are still in received', async () => {
    const deps = setup({ failingQueue: true, now: '2026-11-26T02:00:00Z' });
    const old = await submitCase(request(), { channel: 'online' }, deps);
    deps.clock.set('2026-11-26T02:00:50Z');
    const young = await submitCase(request(), { channel: 'online' }, deps);
    const working = { ...deps, dispatcher: recordingDispatcher() };
    deps.clock.set('2026-11-26T02:01:30Z');

    const { resent } = await reconcileDispatch(60, working);

    expect(resent).toEqual([old.caseNumber]);
    expect(working.dispatcher.sent).toEqual([['tax', old.caseNumber]]);
    expect(resent).not.toContain(young.caseNumber);
  });
});
