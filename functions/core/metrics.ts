/**
 * The aggregates the reports read (seed 四(三): 常态化多维度开展数据联动分析): each event adds one to
 * a few daily counters, in the same transaction as the event, so a report sums a few hundred
 * counters per day of its period — the same cost at ten thousand cases as at a million.
 */
import type { CaseRecord } from './case.ts';
import { maskName } from './identifiers.ts';
import type { TransitionName } from './lifecycle.ts';
import type { Count, Ids } from './ports.ts';
import { CUT_OFF_MONTH } from './routing.ts';
import { shanghaiDate } from './time.ts';
import { isLead } from './work.ts';

/**
 * Enforcement matters (arrears, penalties) are reported apart from satisfaction, as 12345 practice
 * does: a payer told to pay is rarely "satisfied", and that says nothing of the handling.
 */
export function category(record: CaseRecord): 'enforcement' | 'other' {
  return record.matters.some((m) => m.type === 'arrears' || m.type === 'penalty')
    ? 'enforcement'
    : 'other';
}

/** Which sides of 2024-04-01 the case's periods touch. */
export function sides(record: CaseRecord): ('before' | 'from')[] {
  const out = new Set<'before' | 'from'>();
  for (const m of record.matters) {
    if (m.period.from < CUT_OFF_MONTH) out.add('before');
    if (m.period.to >= CUT_OFF_MONTH) out.add('from');
  }
  return [...out];
}

const unique = <T>(xs: T[]) => [...new Set(xs)];

/**
 * The counters that tie the parties to the day of intake, for the risk analysis of repeated payers
 * and employer clusters (seed 四(三)). Keyed by a hash of a number, never the number, with a
 * person's name masked: still personal data, so retention deletes them with the case
 * (retention.ts). An employer is named in full: a company's name is no one's personal data, and
 * leaders who read 「示例****公司」 could not tell which employer the cluster is.
 * - A payer without a number (a lead, a number to be verified) counts alone, by its case.
 * - The other party counts too (issue 13): an employer named by several workers is a cluster
 *   although it never filed. By its credit code, or by its name when none was given; an employer
 *   that files itself and is named with its code counts as one.
 */
/** How the risk table names a party: an organization in full, a person masked. */
function partyLabel(name: string, kind: CaseRecord['payer']['kind']): string {
  return kind === 'organization' ? name.replace(/\s+/g, '') : maskName(name, kind);
}

export function partyCounts(record: CaseRecord, ids: Pick<Ids, 'hash'>): Count[] {
  const day = shanghaiDate(new Date(record.receivedAt));
  const stat = (kind: string) => (kind === 'organization' ? 'employer' : 'payer');
  const { payer, counterparty: other } = record;
  const counts: Count[] = [
    {
      stat: stat(payer.kind),
      key: ids.hash(payer.idNumber ? `payer:${payer.idNumber}` : `case:${record.caseNumber}`),
      day,
      label: partyLabel(payer.name, payer.kind),
    },
  ];
  if (other) {
    const name = other.name.replace(/\s+/g, '');
    counts.push({
      stat: stat(other.kind),
      key: ids.hash(other.idNumber ? `payer:${other.idNumber}` : `name:${other.kind}:${name}`),
      day,
      label: partyLabel(name, other.kind),
    });
  }
  return counts;
}

/** The counters a new case moves. */
export function intakeMetrics(record: CaseRecord, ids: Pick<Ids, 'hash'>): Count[] {
  const day = shanghaiDate(new Date(record.receivedAt));
  const c = (stat: string, key: string, label?: string): Count => ({
    stat,
    key,
    day,
    ...(label ? { label } : {}),
  });
  return [
    c('received', 'all'),
    c('received', category(record)),
    c('channel', record.channel),
    c('mode', record.routing.mode),
    ...unique(record.matters.map((m) => m.type)).map((m) => c('matter', m)),
    ...unique(record.matters.flatMap((m) => m.insurance)).map((i) => c('insurance', i)),
    ...record.routing.units.map((u) => c('unit', u)),
    ...sides(record).map((s) => c('side', s)),
    ...partyCounts(record, ids),
  ];
}

/** The counters a transition moves, from the case before and after it, on `today` (Shanghai). */
export function transitionMetrics(
  name: TransitionName,
  before: CaseRecord,
  after: CaseRecord,
  today: string,
): Count[] {
  const c = (stat: string, key: string): Count => ({ stat, key, day: today });
  const unit = before.holder ?? after.holder ?? 'office';
  // Per-unit assessment (seed 四(四)): by the unit that answered, and by category so enforcement
  // matters stay apart from satisfaction. Key `<unit>:<category>`.
  const answered = `${after.answer?.unit ?? after.followUp?.unit ?? unit}:${category(after)}`;
  const onTime = before.due ? today <= before.due.date : true;
  switch (name) {
    case 'signFor':
      return [c(onTime ? 'signfor-ontime' : 'signfor-late', unit)];
    // The office's sign-for is its triage (分办): naming the lead or the one unit, by the same
    // deadline; a leaders' review found the office's timeliness measured nowhere.
    case 'classifyGeneral':
    case 'classifyMajor':
    case 'assignFromTriage':
      return [
        c(onTime ? 'signfor-ontime' : 'signfor-late', 'office'),
        ...(name === 'classifyMajor' ? [c('major', 'all')] : []),
      ];
    case 'respond':
      return [
        c(onTime ? 'answer-ontime' : 'answer-late', after.answer?.unit ?? unit),
        // On time by an extended date: counted apart too, so that an extension is not a clean
        // 按时 (a seed review: extensions made late answers look timely).
        ...(before.extension?.status === 'approved'
          ? [c('answer-extended', after.answer?.unit ?? unit)]
          : []),
        // A lead's finding awaits no acceptance (work.ts, isLead): it counts for timeliness, not
        // in the answered cases of the acceptance and objection rates, which it would only lower.
        ...(isLead(after)
          ? []
          : [
              c('responded', category(after)),
              c('unit-responded', `${after.answer?.unit ?? unit}:${category(after)}`),
            ]),
      ];
    case 'return':
      return [c('returns', unit)];
    case 'payerAccept':
      return [c('accepted', category(after)), c('unit-accepted', answered)];
    // Silence counts as acceptance in every rate, and apart, so reports can say how many.
    case 'deemAccepted':
      return [
        c('accepted', category(after)),
        c('deemed', category(after)),
        c('unit-accepted', answered),
      ];
    case 'payerObject':
      return [
        c('objected', category(after)),
        c('route', after.decision?.kind === 'object' ? after.decision.route : 'unknown'),
        c('unit-objected', answered),
      ];
    case 'recordFollowUp':
    case 'payerSurvey':
      return [
        c(`followup-${after.followUp?.result ?? 'unknown'}`, category(after)),
        c(`unit-followup-${after.followUp?.result ?? 'unknown'}`, answered),
        // The payer's own online answer, counted apart: the unit rated records its own visits
        // (a seed review, 2026-12-05: 四(四) 考核 read from the unit's own records alone).
        ...(name === 'payerSurvey' ? [c('unit-followup-online', answered)] : []),
      ];
    // The remedy after an objection, by route and outcome, on the day it is recorded (seed 四(二)).
    case 'recordRemedy': {
      const route = after.decision?.kind === 'object' ? after.decision.route : 'unknown';
      return [c('remedy', `${route}:${after.remedies?.at(-1)?.outcome ?? 'unknown'}`)];
    }
    // The joint path's meetings, for the reports' line on it (a leaders' review found none).
    case 'recordConsultation':
      return [c('consultation', 'all')];
    case 'recordSpecialMeeting':
      return [c('special-meeting', 'all')];
    // 催办 and 督办 are counted by the item's unit where they are fired (supervision.ts, actions.ts).
    default:
      return [];
  }
}
