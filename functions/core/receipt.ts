/**
 * The filing receipt (issue 13): the SMS that tells a payer their dispute is filed, and what the
 * printed receipt shows. Both carry the case number; only the printed one, which the payer who
 * filed holds in their hands, carries the access code.
 */
import type { Channel } from './case.ts';
import { isMobile } from './identifiers.ts';
import type { Matter } from './matters.ts';
import { type PayerView, payerView } from './payer-view.ts';
import type { Notifier } from './ports.ts';
import type { UnitId } from './units.ts';

export type ReceiptSms = 'sent' | 'no-mobile' | 'lead' | 'replayed' | 'failed';

/**
 * Texts the payer their case number once the case is stored. A retry of the same filing (same
 * idempotency key) is answered from the first and sends nothing, so one filing is one SMS. A
 * failure to send is reported, never thrown: the case is safe in the table and the payer has its
 * number on screen; a notification is a courtesy (docs/decisions.md, "Notifications").
 */
export async function sendFilingReceipt(
  filed: { caseNumber: string; replayed: boolean },
  payer: { kind: string; phone?: string },
  deps: { notifier: Notifier },
): Promise<ReceiptSms> {
  if (filed.replayed) return 'replayed';
  // A lead is no payer: whoever posted or called has no access code to follow the case with.
  if (payer.kind === 'lead') return 'lead';
  // A landline (issue 13) gets no SMS.
  const { phone } = payer;
  if (phone === undefined || !isMobile(phone)) return 'no-mobile';
  try {
    await deps.notifier.notify({ kind: 'filed', phone, caseNumber: filed.caseNumber });
    return 'sent';
  } catch {
    return 'failed';
  }
}

/** What the printed receipt shows: the payer's view, with the day it was received and its matters. */
export interface Receipt {
  view: PayerView;
  /** When the case was stored (ISO); the page writes it as a Beijing date. */
  receivedAt: string;
  matters: Matter[];
  /** How it came in, and for a case a unit registered, that unit (受理方式 on the paper). */
  channel: Channel;
  receivedBy?: UnitId;
  /** Whether the payer's phone takes an SMS: a new code online comes only to a mobile. */
  mobile: boolean;
}

/**
 * The receipt of a case, for its number and access code; undefined for an unknown case and a
 * wrong code alike (the look-up's rule, with its limits on wrong codes).
 */
export async function payerReceipt(
  caseNumber: string,
  accessCode: string,
  deps: Parameters<typeof payerView>[2],
): Promise<Receipt | undefined> {
  const view = await payerView(caseNumber, accessCode, deps);
  if (!view) return undefined;
  const record = await deps.store.get(caseNumber);
  if (!record) return undefined;
  return {
    view,
    receivedAt: record.receivedAt,
    matters: record.matters,
    channel: record.channel,
    ...(record.receivedBy ? { receivedBy: record.receivedBy.unit } : {}),
    mobile: isMobile(record.payer.phone),
  };
}
