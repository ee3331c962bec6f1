/**
 * An answer's deadline is extended once, by no more than its own days, and an answer given by an
 * extended date is counted apart (a seed review, 2026-12-05: four extensions of 30 days, each
 * approved by the unit's own head, moved an answer half a year and it still counted as on time;
 * seed 三(一)1 按时办理并反馈缴费人).
 */
import { describe, expect, it } from 'vitest';
import { performAction } from '#core/staff.ts';
import { ActionInputError, ActionRefusedError } from '#core/transitions.ts';
import { casePageOf } from '#test/fixtures/case-page.ts';
import { caseInInbox, memoryDeps } from '#test/fixtures/ports.ts';

/** A page's words, tags dropped and spaces squeezed. */
const text = (page: string) => page.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

const tax = { user: 'tax.staff', unit: 'tax', role: 'staff' } as const;
const taxHead = { user: 'tax.head', unit: 'tax', role: 'head' } as const;
const ask = (days: number) =>
  ({ type: 'request-extension', days, reason: '需调取历年缴费记录。' }) as const;

/** A case tax signed for on Monday 2 November 2026: 15 working days to answer. */
async function signedFor() {
  const d = memoryDeps('2026-11-02T02:00:00Z');
  const caseNumber = await caseInInbox(d);
  await performAction(caseNumber, { type: 'sign-for' }, tax, d);
  return { d, caseNumber };
}

/** Five more days asked, and refused by the head for `why`. */
async function askedAndRefused(d: ReturnType<typeof memoryDeps>, caseNumber: string, why: string) {
  await performAction(caseNumber, ask(5), tax, d);
  await performAction(
    caseNumber,
    { type: 'decide-extension', approve: false, note: why },
    taxHead,
    d,
  );
}

describe('an extension of the answer’s deadline', () => {
  it('is no longer than the days first given to answer', async () => {
    // Prepare
    const { d, caseNumber } = await signedFor();
    const before = await d.store.get(caseNumber);

    // Act
    const tooLong = performAction(caseNumber, ask(16), tax, d);

    // Assess: 400 on the days, nothing stored
    await expect(tooLong).rejects.toBeInstanceOf(ActionInputError);
    await expect(tooLong).rejects.toMatchObject({
      pointer: '/days',
      message: '延期不能超过原来的办理期限（15 个工作日）。',
    });
    expect((await d.store.get(caseNumber))?.version).toBe(before?.version);
    expect(before?.due).toMatchObject({ kind: 'answer', days: 15 });
  });

  it('is granted once: a second request after an approval is refused, one after a refusal is not', async () => {
    // Prepare: a first request refused, a second approved
    const { d, caseNumber } = await signedFor();
    await askedAndRefused(d, caseNumber, '理由不足。');
    await performAction(caseNumber, ask(15), tax, d);
    await performAction(caseNumber, { type: 'decide-extension', approve: true }, taxHead, d);
    const extended = await d.store.get(caseNumber);

    // Act
    const third = performAction(caseNumber, ask(5), tax, d);

    // Assess: the date moved once, by 15 working days; the third request refused
    expect(extended?.due).toMatchObject({ kind: 'answer', days: 30 });
    await expect(third).rejects.toBeInstanceOf(ActionRefusedError);
    await expect(third).rejects.not.toBeInstanceOf(ActionInputError);
    await expect(third).rejects.toThrow('这个案件的答复期限已经延期过一次，不能再次延期。');
    expect((await d.store.get(caseNumber))?.extension).toMatchObject({
      status: 'approved',
      days: 15,
    });
  });

  it('counts an answer by the extended date apart from the answers on time', async () => {
    // Prepare: extended by 5 days
    const { d, caseNumber } = await signedFor();
    await performAction(caseNumber, ask(5), tax, d);
    await performAction(caseNumber, { type: 'decide-extension', approve: true }, taxHead, d);

    // Act
    await performAction(
      caseNumber,
      { type: 'respond', answer: '经核实，基数按规定核定。' },
      tax,
      d,
    );

    // Assess
    const sums = await d.aggregates.sum('2026-11-02', '2026-11-02');
    expect(sums.get('answer-ontime#tax')?.n).toBe(1);
    expect(sums.get('answer-extended#tax')?.n).toBe(1);
  });
});

describe('a decided extension on the case page', () => {
  it('shows who decided and why, and the answer’s days with the extension named apart', async () => {
    // Prepare: a request refused with a reason, then one approved
    const { d, caseNumber } = await signedFor();
    await askedAndRefused(d, caseNumber, '材料已齐，按期答复。');
    const refusedPage = text(await casePageOf(d, caseNumber, tax));
    await performAction(caseNumber, ask(5), tax, d);
    await performAction(caseNumber, { type: 'decide-extension', approve: true }, taxHead, d);

    // Act
    const approvedPage = text(await casePageOf(d, caseNumber, tax));

    // Assess
    expect(refusedPage).toContain('审批情况 未同意 审批人 tax.head 审批意见 材料已齐，按期答复。');
    expect(approvedPage).toContain('审批情况 已同意 审批人 tax.head');
    expect(approvedPage).toContain('起算 15 个工作日，经批准延期 5 个工作日，共 20 个工作日');
  });
});

describe('an extension of an item a leader ordered (督办)', () => {
  it('moves its date and keeps the order’s mark, which the unit’s own head cannot clear', async () => {
    // Prepare: the leader orders the answer; the unit asks for 5 days and its head agrees
    const { d, caseNumber } = await signedFor();
    const leader = { user: 'leader', unit: null, role: 'leader' } as const;
    const answer = (await d.store.get(caseNumber))?.work?.find(
      (w) => w.kind === 'answer' && w.state === 'open',
    );
    await performAction(
      caseNumber,
      { type: 'supervise', item: answer?.id ?? '', note: '请加快。' },
      leader,
      d,
    );
    await performAction(caseNumber, ask(5), tax, d);

    // Act
    await performAction(caseNumber, { type: 'decide-extension', approve: true }, taxHead, d);

    // Assess
    const moved = (await d.store.get(caseNumber))?.work?.find(
      (w) => w.kind === 'answer' && w.state === 'open',
    );
    expect(moved?.due).not.toBe(answer?.due);
    expect(moved?.orderedOn).toBe('2026-11-02');
    expect(text(await casePageOf(d, caseNumber, tax))).toContain('督办情况 ! 已督办');
  });
});
