/**
 * An action without a version (an API client's) is written over the case its rules were checked
 * on (functions/core/staff.ts, performAction): when another clerk changes the case between the
 * read and the write, it is read again and its rules checked again, never written blind.
 */
import { describe, expect, it } from 'vitest';
import type { Action } from '#contracts/staff.ts';
import { performAction } from '#core/staff.ts';
import { ActionRefusedError, ConcurrentChangeError } from '#core/transitions.ts';
import { caseInInbox, memoryDeps } from '#test/fixtures/ports.ts';

const tax = { user: 'tax.staff', unit: 'tax', role: 'staff' } as const;
const head = { user: 'tax.head', unit: 'tax', role: 'head' } as const;

/** A case tax signed for and answered on Monday 2026-11-30. */
async function answered(d: ReturnType<typeof memoryDeps>) {
  const caseNumber = await caseInInbox(d);
  await performAction(caseNumber, { type: 'sign-for' }, tax, d);
  await performAction(caseNumber, { type: 'respond', answer: '经核实，基数按规定核定。' }, tax, d);
  return caseNumber;
}

/** Runs `first` just before `second`'s write, after `second` read the case and checked it. */
async function raced(
  d: ReturnType<typeof memoryDeps>,
  caseNumber: string,
  first: () => Promise<unknown>,
  second: () => Promise<unknown>,
) {
  const update = d.store.update.bind(d.store);
  let once = true;
  d.store.update = async (...args) => {
    if (once && args[0].caseNumber === caseNumber) {
      once = false;
      await first();
    }
    return update(...args);
  };
  return second().then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('two clerks at once, without a version', () => {
  it('records the payer’s decision once: the second is read again and refused', async () => {
    // Prepare: clerk A records 无异议 from the window while clerk B's 有异议 from the phone is
    // between its read and its write.
    const d = memoryDeps('2026-11-30T02:00:00Z');
    const caseNumber = await answered(d);
    const accept: Action = {
      type: 'record-decision',
      decision: 'accept',
      channel: 'window',
      on: '2026-11-30',
    };
    const object: Action = {
      type: 'record-decision',
      decision: 'object',
      route: 'arbitration',
      channel: 'phone',
      on: '2026-11-30',
    };

    // Act
    const error = await raced(
      d,
      caseNumber,
      () => performAction(caseNumber, accept, head, d),
      () => performAction(caseNumber, object, tax, d),
    );

    // Assess: B is told why; the case holds A's decision, once, and the history one step.
    expect(error).toBeInstanceOf(ActionRefusedError);
    expect((error as Error).message).toBe('已记录缴费人对答复的意见。');
    const stored = await d.store.get(caseNumber);
    expect(stored?.decision).toMatchObject({ kind: 'accept', channel: 'window' });
    expect(stored?.status).toBe('responded');
    const steps = d.store.events
      .filter((e) => e.caseNumber === caseNumber)
      .map((e) => e.transition);
    expect(steps.filter((t) => t === 'payerAccept' || t === 'payerObject')).toEqual([
      'payerAccept',
    ]);
  });

  it('writes an action whose rules still hold over the changed case', async () => {
    // Prepare: tax notes its progress while the head asks finance for an opinion.
    const d = memoryDeps('2026-11-30T02:00:00Z');
    const caseNumber = await caseInInbox(d);
    await performAction(caseNumber, { type: 'sign-for' }, tax, d);

    // Act
    const error = await raced(
      d,
      caseNumber,
      () => performAction(caseNumber, { type: 'note', note: '已调取缴费记录。' }, tax, d),
      () =>
        performAction(
          caseNumber,
          { type: 'request-opinion', unit: 'finance', question: '该单位是否有欠费？' },
          head,
          d,
        ),
    );

    // Assess: both steps are in the history, the opinion over the note.
    expect(error).toBeUndefined();
    const stored = await d.store.get(caseNumber);
    expect(stored?.opinions).toMatchObject([{ unit: 'finance', question: '该单位是否有欠费？' }]);
    const steps = d.store.events
      .filter((e) => e.caseNumber === caseNumber)
      .map((e) => e.transition);
    expect(steps.slice(-2)).toEqual(['note', 'requestOpinion']);
  });

  it('says a form from an older page is out of date, before the rules its step changed', async () => {
    // Prepare: the head decides an extension in one tab; a second tab still shows the form.
    const d = memoryDeps('2026-11-30T02:00:00Z');
    const caseNumber = await caseInInbox(d);
    await performAction(caseNumber, { type: 'sign-for' }, tax, d);
    const asked = await performAction(
      caseNumber,
      { type: 'request-extension', days: 5, reason: '需调取档案。' },
      tax,
      d,
    );
    const decide: Action = { type: 'decide-extension', approve: true, version: asked.version };
    await performAction(caseNumber, decide, head, d);

    // Act
    const again = performAction(caseNumber, decide, head, d);

    // Assess: changed meanwhile (409 with the latest case), not 「您不能进行这项操作」 (403)
    await expect(again).rejects.toBeInstanceOf(ConcurrentChangeError);
    expect((await d.store.get(caseNumber))?.extension?.status).toBe('approved');
  });
});
