/**
 * A new access code for a payer who lost theirs (issue 13), two ways: at a window, where a clerk
 * has checked the payer's ID card and hands the code over in person, and online, where the payer
 * proves who they are with the case's ID number and phone and the code goes by SMS to that phone.
 * Both are the lifecycle's `reissueAccessCode`: the code's hash is replaced under the case's
 * version, with a timeline event, so the old code stops working at once.
 */

import type { CaseRecord } from './case.ts';
import { isMobile } from './identifiers.ts';
import { mayFire, NotAllowedError, TRANSITIONS } from './lifecycle.ts';
import type {
  CaseStore,
  Clock,
  Ids,
  Notification,
  Notifier,
  RateLimiter,
  Settings,
} from './ports.ts';
import { actorOf, canSee, type Principal, seesPayer } from './principal.ts';
import {
  applyTransition,
  CaseNotFoundError,
  ConcurrentChangeError,
  type TransitionRequest,
} from './transitions.ts';
import { isLead } from './work.ts';

export interface AccessCodeDeps {
  store: CaseStore;
  clock: Clock;
  settings: Pick<Settings, 'calendar' | 'deadlines'>;
  ids: Pick<Ids, 'accessCode' | 'hash' | 'sameHash'>;
  notifier: Notifier;
}

/**
 * Online requests per case: each one that matches texts the payer, so this is what bounds the
 * messages anyone can make a payer's phone receive (and what one case can be probed with).
 */
export const NEW_CODE_PER_CASE = { limit: 3, windowSeconds: 24 * 60 * 60 };
/** Online requests per client, whatever the case: a prober tries many cases or many details. */
export const NEW_CODE_PER_CLIENT = { limit: 10, windowSeconds: 60 * 60 };

/**
 * True when the principal may reissue a code at a window: the transition's grant (staff or head
 * of a unit; leaders and administrators belong to none), and, for a case, a unit that sees its
 * payer by registering, holding or leading it (`seesPayer`): the ID card is checked against that.
 */
export function mayReissueAccessCode(p: Principal, record?: CaseRecord): boolean {
  return (
    mayFire(TRANSITIONS.reissueAccessCode, actorOf(p), { holder: null, owes: [] }) &&
    // A lead has no payer to hand a code to, nor an ID card to check it against.
    (record === undefined || (seesPayer(p, record) && !isLead(record)))
  );
}

/** Fires the transition; a change that won the race in between is read again, once. */
async function replaceCode(
  request: Omit<TransitionRequest, 'name'>,
  deps: AccessCodeDeps,
): Promise<void> {
  const fire = () => applyTransition({ ...request, name: 'reissueAccessCode' }, deps);
  try {
    await fire();
  } catch (error) {
    if (!(error instanceof ConcurrentChangeError)) throw error;
    await fire();
  }
}

/** Sends one SMS; a failure never undoes the new code (notifications are a courtesy). */
async function tell(notifier: Notifier, message: Notification): Promise<boolean> {
  try {
    await notifier.notify(message);
    return true;
  } catch {
    return false;
  }
}

/**
 * A new code at a window (POST /api/staff/cases/{n}/access-code, and the case page's form).
 * CaseNotFoundError when the caller may not see the case, as for any case they may not see;
 * NotAllowedError for a leader or administrator, who belong to no window, and for a unit that sees
 * the payer masked (a unit asked for an opinion): it cannot hold an ID card against a masked
 * number, so only a unit that sees the payer in full issues a code (`seesPayer`). `idChecked`:
 * the clerk ticked that they checked the original ID card (the page requires it), recorded as a
 * code.
 * The payer's mobile, if they have one, is told that a new code was issued, without the code.
 */
export async function reissueAtWindow(
  caseNumber: string,
  p: Principal,
  deps: AccessCodeDeps,
  o: { idChecked?: boolean } = {},
): Promise<{ caseNumber: string; accessCode: string }> {
  const record = await deps.store.get(caseNumber);
  if (!record || !canSee(p, record)) throw new CaseNotFoundError(caseNumber);
  if (!mayReissueAccessCode(p, record)) {
    throw new NotAllowedError('reissueAccessCode');
  }
  const accessCode = deps.ids.accessCode();
  const accessCodeHash = deps.ids.hash(accessCode);
  await replaceCode(
    {
      caseNumber,
      actor: actorOf(p),
      change: () => ({ accessCodeHash }),
      detail: { via: 'window', ...(o.idChecked ? { idChecked: 'original' } : {}) },
    },
    deps,
  );
  const phone = record.payer.phone;
  // A landline cannot take an SMS (issue 13): the clerk's paper is then the only notice.
  if (isMobile(phone))
    await tell(deps.notifier, { kind: 'access-code-reissued', phone, caseNumber });
  return { caseNumber, accessCode };
}

/** What the payer typed to ask for a new code online. */
export interface NewCodeRequest {
  caseNumber: string;
  idNumber: string;
  phone: string;
}

/** What happened, for the log only: the payer's page is the same for every outcome. */
export type NewCodeOutcome = 'sent' | 'not-sent' | 'no-match' | 'limited';

/** The ID number as compared: trimmed, upper case (a typed x is the check character X). */
export const normaliseIdNumber = (s: string) => s.trim().toUpperCase();
/** The phone as compared: digits only (`0476-1234567`, `138 1234 5678` as typed or stored). */
export const normalisePhone = (s: string) => s.replace(/\D/g, '');

/**
 * The online request (POST /api/payer/access-code). When the case exists, its payer has an ID
 * number (an unidentified lead, or a number still to be verified, never matches) and a mobile,
 * and both match what was typed, a new code replaces the old and goes by SMS to that mobile only.
 * Whatever the outcome the caller answers the same: the same hashing is done on every path, and
 * only a match costs the write and the SMS (docs/decisions.md, "A new access code").
 */
export async function requestNewAccessCode(
  request: NewCodeRequest,
  client: string,
  deps: AccessCodeDeps & { limiter: RateLimiter },
): Promise<NewCodeOutcome> {
  const { caseNumber } = request;
  // Every request counts against its client: that bounds guessing.
  if (!(await deps.limiter.hit(`new-code-client#${client}`, NEW_CODE_PER_CLIENT)).allowed) {
    return 'limited';
  }

  const record = await deps.store.get(caseNumber);
  const payer =
    record && record.payer.idNumber !== '' && isMobile(record.payer.phone)
      ? record.payer
      : undefined;
  const { ids } = deps;
  // Both comparisons always run, over hashes of equal length, against a stand-in when there is
  // no payer to match; the new code is drawn and hashed before anything is known.
  const same = (typed: string, stored: string | undefined, what: string) =>
    ids.sameHash(ids.hash(`${what}:${typed}`), ids.hash(`${what}:${stored ?? '\u0000'}`));
  const idMatches = same(normaliseIdNumber(request.idNumber), payer?.idNumber, 'id');
  const phoneMatches = same(
    normalisePhone(request.phone),
    payer && normalisePhone(payer.phone),
    'phone',
  );
  const accessCode = ids.accessCode();
  const accessCodeHash = ids.hash(accessCode);
  if (!payer || !idMatches || !phoneMatches) return 'no-match';
  // Only a matching request counts against the case, the one that texts the payer: wrong tries
  // by anyone who knows a case number (they run in order) cannot use up the payer's sends. A
  // match costs a write and an SMS already, so this adds no difference of time to tell by.
  if (!(await deps.limiter.hit(`new-code-case#${caseNumber}`, NEW_CODE_PER_CASE)).allowed) {
    return 'limited';
  }

  try {
    await replaceCode(
      {
        caseNumber,
        actor: { kind: 'payer' },
        change: () => ({ accessCodeHash }),
        detail: { via: 'online' },
      },
      deps,
    );
  } catch (error) {
    // Changed twice meanwhile, or deleted by retention: nothing was replaced, nothing is sent.
    if (error instanceof ConcurrentChangeError || error instanceof CaseNotFoundError)
      return 'not-sent';
    throw error;
  }
  const sent = await tell(deps.notifier, {
    kind: 'access-code-sent',
    phone: payer.phone,
    caseNumber,
    accessCode,
  });
  return sent ? 'sent' : 'not-sent';
}
