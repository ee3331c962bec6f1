/**
 * The core of a new access code (issue 13) on in-memory ports: who may reissue at a window, when
 * an online request matches, and that a request that does not match does the same hashing work.
 */
import { describe, expect, it } from 'vitest';
import { CreateCaseRequestSchema } from '#contracts/cases.ts';
import {
  mayReissueAccessCode,
  NEW_CODE_PER_CASE,
  reissueAtWindow,
  requestNewAccessCode,
} from '#core/access-code.ts';
import { DEFAULT_DEADLINES } from '#core/deadlines.ts';
import { isCreditCode } from '#core/identifiers.ts';
import { deliverToInbox, submitCase } from '#core/intake.ts';
import { NotAllowedError } from '#core/lifecycle.ts';
import type { Ids } from '#core/ports.ts';
import { staffCase } from '#core/staff.ts';
import { CaseNotFoundError } from '#core/transitions.ts';
import { readAccessCodeRequest } from '#functions/pages/access-code.ts';
import { casePage } from '#functions/pages/staff/case.ts';
import { casePageOf } from '#test/fixtures/case-page.ts';
import { caseRequest, residentId } from '#test/fixtures/cases.ts';
import {
  financeAsked,
  memoryDeps,
  memoryLimiter,
  recordingNotifier,
  testIds,
} from '#test/fixtures/ports.ts';

/** Ids that count each call, and draw a new code each time. */
function countingIds() {
  const calls = { accessCode: 0, hash: 0, sameHash: 0 };
  let k = 0;
  const ids: Ids = {
    ...testIds,
    accessCode: () => {
      calls.accessCode++;
      k++;
      return `ABCDEFGHJK${String.fromCharCode(65 + (k % 26))}${String.fromCharCode(65 + ((k + 7) % 26))}`;
    },
    hash: (v) => {
      calls.hash++;
      return testIds.hash(v);
    },
    sameHash: (a, b) => {
      calls.sameHash++;
      return testIds.sameHash(a, b);
    },
  };
  return { ids, calls };
}

async function setUp(payer: Partial<{ idNumber: string; phone: string }> = {}) {
  const { ids, calls } = countingIds();
  const ports = memoryDeps('2026-11-26T02:00:00Z');
  const deps = { ...ports, ids, limiter: memoryLimiter(ports.clock) };
  const idNumber = payer.idNumber ?? residentId();
  const phone = payer.phone ?? '13812345678';
  const { caseNumber } = await submitCase(
    CreateCaseRequestSchema.parse(
      caseRequest({
        payer: { kind: 'person', name: '钱多多', idNumber: residentId(), phone: '13812345678' },
      }),
    ),
    { channel: 'online' },
    deps,
  );
  await deliverToInbox(caseNumber, 'tax', deps);
  // The stored payer as the test needs it (an empty number: a lead, or one to be verified).
  const stored = deps.store.cases.get(caseNumber);
  if (!stored) throw new Error('not stored');
  deps.store.cases.set(caseNumber, { ...stored, payer: { ...stored.payer, idNumber, phone } });
  return { deps, calls, caseNumber, idNumber, phone };
}

const taxStaff = { user: 'tax.staff', unit: 'tax', role: 'staff' } as const;

describe('a new access code at a window', () => {
  it('is for staff and heads of a unit, not for leaders or administrators', () => {
    expect(mayReissueAccessCode(taxStaff)).toBe(true);
    expect(mayReissueAccessCode({ user: 'office.head', unit: 'office', role: 'head' })).toBe(true);
    expect(mayReissueAccessCode({ user: 'leader', unit: null, role: 'leader' })).toBe(false);
    expect(mayReissueAccessCode({ user: 'admin', unit: null, role: 'admin' })).toBe(false);
  });

  it('is not found for a unit that may not see the case, and changes nothing', async () => {
    const { deps, caseNumber } = await setUp();
    const before = deps.store.cases.get(caseNumber)?.accessCodeHash;
    await expect(
      reissueAtWindow(caseNumber, { user: 'court.staff', unit: 'court', role: 'staff' }, deps),
    ).rejects.toBeInstanceOf(CaseNotFoundError);
    await expect(
      reissueAtWindow(caseNumber, { user: 'leader', unit: null, role: 'leader' }, deps),
    ).rejects.toBeInstanceOf(NotAllowedError);
    expect(deps.store.cases.get(caseNumber)?.accessCodeHash).toBe(before);
    expect(deps.notifier.sent.filter((m) => m.kind.startsWith('access-code'))).toEqual([]);
  });

  it('is refused to a unit only asked for an opinion: it holds no ID card against the case', async () => {
    // Prepare: tax asks finance for an opinion, so finance may open the case (and sees the payer
    // while it owes the opinion, to look them up)
    const { deps, caseNumber } = await setUp();
    await financeAsked(deps, caseNumber);
    const finance = { user: 'finance.staff', unit: 'finance', role: 'staff' } as const;
    const view = await staffCase(caseNumber, finance, deps);
    const before = deps.store.cases.get(caseNumber)?.accessCodeHash;

    // Act and assess: refused, nothing changed, and the page offers no form
    expect(view.reissuesAccessCode).toBeUndefined();
    expect((await staffCase(caseNumber, taxStaff, deps)).reissuesAccessCode).toBe(true);
    await expect(reissueAtWindow(caseNumber, finance, deps)).rejects.toBeInstanceOf(
      NotAllowedError,
    );
    expect(deps.store.cases.get(caseNumber)?.accessCodeHash).toBe(before);
    const page = casePage(
      view,
      { principal: finance, name: '财政局窗口', csrf: 'c'.repeat(32) },
      { today: '2026-11-26', policy: DEFAULT_DEADLINES },
    ).text;
    expect(page).not.toContain('data-testid="do-access-code"');
    // …while the holding unit has the form
    const held = await casePageOf(deps, caseNumber, taxStaff, { today: '2026-11-26' });
    expect(held).toContain('data-testid="do-access-code"');
  });

  it('gives the code even when the SMS cannot be sent: the message is a courtesy', async () => {
    const { deps, caseNumber } = await setUp();
    const failing = { ...deps, notifier: { notify: () => Promise.reject(new Error('down')) } };
    const { accessCode } = await reissueAtWindow(caseNumber, taxStaff, failing);
    expect(deps.store.cases.get(caseNumber)?.accessCodeHash).toBe(testIds.hash(accessCode));
  });
});

describe('a new access code online', () => {
  it('is sent to the phone on file when the ID number and phone match as normalised', async () => {
    const { deps, caseNumber, idNumber, phone } = await setUp({ phone: '13812345678' });
    const outcome = await requestNewAccessCode(
      { caseNumber, idNumber: ` ${idNumber.toLowerCase()} `, phone: '138-1234-5678' },
      'client-a',
      deps,
    );
    expect(outcome).toBe('sent');
    const sent = deps.notifier.sent.at(-1);
    expect(sent).toMatchObject({ kind: 'access-code-sent', phone, caseNumber });
    const code = sent?.kind === 'access-code-sent' ? sent.accessCode : '';
    expect(deps.store.cases.get(caseNumber)?.accessCodeHash).toBe(testIds.hash(code));
  });

  it('never matches a payer without an ID number (a lead, or one still to be verified)', async () => {
    const { deps, caseNumber, phone } = await setUp({ idNumber: '' });
    const before = deps.store.cases.get(caseNumber)?.accessCodeHash;
    for (const idNumber of ['', ' ']) {
      expect(await requestNewAccessCode({ caseNumber, idNumber, phone }, 'client-b', deps)).toBe(
        'no-match',
      );
    }
    expect(deps.store.cases.get(caseNumber)?.accessCodeHash).toBe(before);
    expect(deps.notifier.sent.filter((m) => m.kind === 'access-code-sent')).toEqual([]);
  });

  it('never matches a payer reached by landline only', async () => {
    const { deps, caseNumber, idNumber } = await setUp({ phone: '0476-1234567' });
    const outcome = await requestNewAccessCode(
      { caseNumber, idNumber, phone: '04761234567' },
      'client-c',
      deps,
    );
    expect(outcome).toBe('no-match');
  });

  it('does the same hashing work whether or not the details match, and whether the case exists', async () => {
    const { deps, calls, caseNumber, idNumber, phone } = await setUp();
    const work = async (request: Parameters<typeof requestNewAccessCode>[0], client: string) => {
      const before = { ...calls };
      // The write and the SMS of a match come after the comparison: count up to the answer only.
      const counting = { ...deps, notifier: recordingNotifier() };
      const outcome = await requestNewAccessCode(request, client, counting);
      return {
        outcome,
        accessCode: calls.accessCode - before.accessCode,
        sameHash: calls.sameHash - before.sameHash,
        hash: calls.hash - before.hash,
      };
    };
    const miss = await work({ caseNumber, idNumber: residentId(), phone }, 'c1');
    const unknown = await work({ caseNumber: '2026-999999', idNumber, phone }, 'c2');
    const hit = await work({ caseNumber, idNumber, phone }, 'c3');
    expect([miss.outcome, unknown.outcome, hit.outcome]).toEqual(['no-match', 'no-match', 'sent']);
    const { outcome: _m, ...missWork } = miss;
    const { outcome: _u, ...unknownWork } = unknown;
    const { outcome: _h, ...hitWork } = hit;
    expect(unknownWork).toEqual(missWork);
    // The match hashes nothing more than the miss: its code was drawn and hashed before.
    expect(hitWork).toEqual(missWork);
  });

  it('stops after the daily limit per case, sending nothing more', async () => {
    const { deps, caseNumber, idNumber, phone } = await setUp();
    const outcomes = [];
    for (let i = 0; i <= NEW_CODE_PER_CASE.limit; i++) {
      outcomes.push(await requestNewAccessCode({ caseNumber, idNumber, phone }, `c${i}`, deps));
    }
    expect(outcomes.at(-1)).toBe('limited');
    expect(deps.notifier.sent.filter((m) => m.kind === 'access-code-sent')).toHaveLength(
      NEW_CODE_PER_CASE.limit,
    );
  });

  it('does not count wrong tries against the case: others cannot use up the payer’s sends', async () => {
    // Prepare: more wrong tries than the case's daily limit, each from another client
    const { deps, caseNumber, idNumber, phone } = await setUp();
    for (let i = 0; i <= NEW_CODE_PER_CASE.limit; i++) {
      const wrong = `1391234567${i}`;
      expect(
        await requestNewAccessCode({ caseNumber, idNumber, phone: wrong }, `w${i}`, deps),
      ).toBe('no-match');
    }

    // Act: the payer, with the right details
    const outcome = await requestNewAccessCode({ caseNumber, idNumber, phone }, 'payer', deps);

    // Assess
    expect(outcome).toBe('sent');
    expect(deps.notifier.sent.filter((m) => m.kind === 'access-code-sent')).toHaveLength(1);
  });
});

describe('the form asking for a new code', () => {
  it('says at once that a number’s check digit is wrong, as the intake form does', () => {
    // Prepare: a valid number with its last digit changed, and the valid one. Not to a digit that
    // makes the 18 digits a valid credit code, which the field also takes: one in a few hundred
    // does (150426198506074660 did, for the fixtures' 365th number).
    const valid = residentId();
    const typo =
      [...'0123456789']
        .map((d) => `${valid.slice(0, 17)}${d}`)
        .find((s) => s !== valid && !isCreditCode(s)) ?? '';
    const form = (idNumber: string) =>
      new URLSearchParams({ caseNumber: '2026-000001', idNumber, phone: '13812345678' });

    // Act
    const wrong = readAccessCodeRequest(form(typo));
    const right = readAccessCodeRequest(form(valid.toLowerCase()));

    // Assess
    expect(wrong.errors).toEqual([
      {
        pointer: '/idNumber',
        detail:
          '证件号码有误：最后一位校验码对不上，可能有一位填错或两位颠倒了，请对照身份证逐位核对',
      },
    ]);
    expect(right.errors).toEqual([]);
    expect(right.idNumber).toBe(valid);
    // The phone as a phone's contacts write it
    const withCountry = readAccessCodeRequest(
      new URLSearchParams({
        caseNumber: '2026-000001',
        idNumber: valid,
        phone: '+86 138-1234-5678',
      }),
    );
    expect(withCountry).toMatchObject({ errors: [], phone: '13812345678' });
  });
});
