/** What a payer sees of their case with its access code (DESIGN.md §9, GET /api/cases/{n}). */
import type { CaseRecord, TimelineEvent } from './case.ts';
import type { CaseStatus } from './lifecycle.ts';
import type { CaseStore, Ids } from './ports.ts';
import type { UnitId } from './units.ts';

export interface PayerView {
  caseNumber: string;
  status: CaseStatus;
  units: UnitId[];
  timeline: { at: string; status: CaseStatus; note: string }[];
  deadlines: { signFor?: { due: string; covered: boolean } };
}

/**
 * The payer's view, or undefined for an unknown case and a wrong code alike, so that a guesser
 * learns nothing about which case numbers exist.
 */
export async function payerView(
  caseNumber: string,
  accessCode: string,
  deps: { store: CaseStore; ids: Pick<Ids, 'hash' | 'sameHash'> },
): Promise<PayerView | undefined> {
  const record = await deps.store.get(caseNumber);
  if (!record || !deps.ids.sameHash(deps.ids.hash(accessCode), record.accessCodeHash)) {
    return undefined;
  }
  return toPayerView(record, await deps.store.timeline(caseNumber));
}

function toPayerView(record: CaseRecord, events: TimelineEvent[]): PayerView {
  const deadlines: PayerView['deadlines'] = {};
  if (record.due?.kind === 'sign-for') {
    deadlines.signFor = { due: record.due.date, covered: record.due.covered };
  }
  return {
    caseNumber: record.caseNumber,
    status: record.status,
    units: record.routing.units,
    timeline: events.map((e) => ({ at: e.at, status: e.to, note: e.note })),
    deadlines,
  };
}
