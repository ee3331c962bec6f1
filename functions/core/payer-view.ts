/** What a payer sees of their case with its access code (DESIGN.md §9, GET /api/cases/{n}). */
import type { DecisionRequest, SurveyRequest } from '#contracts/cases.ts';
import { dissatisfiedOrder } from './actions.ts';
import type { Answer, CaseRecord, PayerDecision, TimelineEvent } from './case.ts';
import { answerDays } from './deadlines.ts';
import { isMobile } from './identifiers.ts';
import { type CaseStatus, TRANSITIONS, type Transition, type TransitionName } from './lifecycle.ts';
import { countWrongCodeOnCase, returnCodeAttempt, takeCodeAttempt } from './limits.ts';
import type { CaseStore, Ids, Notifier, RateLimiter, Settings } from './ports.ts';
import type { RoutingMode } from './routing.ts';
import { objectionWindow } from './supervision.ts';
import {
  ActionRefusedError,
  applyTransition,
  CaseNotFoundError,
  type TransitionDeps,
} from './transitions.ts';
import type { UnitId } from './units.ts';
import { answeringUnit, dissatisfactionUnanswered, isLead, stanceSettled } from './work.ts';

export interface PayerView {
  caseNumber: string;
  status: CaseStatus;
  units: UnitId[];
  /** The routing's mode, decided at filing: a joint or unclear case goes to the office first. */
  mode: RoutingMode;
  timeline: { at: string; status: CaseStatus; note: string }[];
  /**
   * The dates the payer is owed: sign-for, the answer, and after the answer the last day to object
   * (after which silence counts as acceptance).
   */
  deadlines: {
    signFor?: { due: string; covered: boolean };
    answer?: { due: string; covered: boolean };
    /**
     * While a single-unit case waits to be signed for: the answer's last day if the unit signs on
     * its last day (the answer counts from the sign-for, or from the window's end when late).
     */
    answerLatest?: { due: string; covered: boolean };
    /** `told`: the day the payer was told with the answer, which a later count may not shorten. */
    objectBy?: { due: string; covered: boolean; told?: true };
  };
  /** The unit handling the case now: the lead, the unit that holds it, or the office. */
  handledBy: UnitId | null;
  answer?: Answer;
  /**
   * The unit's further answer (再次答复) to a payer who said 不满意, given with its answer to the
   * leading group's 督办; the last day to object then counts from it.
   */
  furtherAnswer?: Answer;
  decision?: PayerDecision;
  /**
   * The follow-up survey: `open` while the payer may answer it online, then `done`;
   * `dissatisfied`, so the payer is told the case went to supervision, not that it is over.
   */
  followUp?: {
    status: 'open' | 'done';
    dissatisfied?: true;
    /** The 督办 the 不满意 opened is unanswered: a further answer is owed, the window waits. */
    furtherAnswerPending?: true;
    /** While pending: the day the unit owes the 督办 its answer, and so the payer the further one. */
    furtherAnswerBy?: string;
  };
}

export type PayerDeps = {
  store: CaseStore;
  settings: Pick<Settings, 'calendar' | 'deadlines'>;
  ids: Pick<Ids, 'hash' | 'sameHash'>;
  limiter: RateLimiter;
  /** Who is asking: a hash of the client's address, for the wrong-code limits. */
  client: string;
  /** Where a warning for the operators goes (the function's logger). */
  warn?: (message: string, fields: Record<string, string>) => void;
};

/**
 * The case when the code is right; undefined for an unknown case and a wrong code alike. Each try
 * takes one of the client's attempts first (atomically); a right code gives it back, so a client
 * that knows its code is never held up, and no stranger can lock a payer out (issue 16). Either
 * way one write follows the check, so the two answers take the same time.
 */
/**
 * The warning logged when a case gets more wrong codes than its share in the window; the stack's
 * metric filter counts exactly these words for the operators' alarm (infra/aws, issue 16).
 */
export const WRONG_CODES_ON_ONE_CASE = 'wrong codes keep coming for one case';

async function withCode(caseNumber: string, accessCode: string, deps: PayerDeps) {
  await takeCodeAttempt(deps.limiter, deps.client);
  const record = await deps.store.get(caseNumber);
  if (!record || !deps.ids.sameHash(deps.ids.hash(accessCode), record.accessCodeHash)) {
    if (await countWrongCodeOnCase(deps.limiter, caseNumber)) {
      // For the operators' alarm: the case number only, which is not personal data.
      deps.warn?.(WRONG_CODES_ON_ONE_CASE, { caseNumber });
    }
    return undefined;
  }
  await returnCodeAttempt(deps.limiter, deps.client);
  return record;
}

/**
 * The payer's view, or undefined for an unknown case and a wrong code alike, so that a guesser
 * learns nothing about which case numbers exist.
 */
export async function payerView(
  caseNumber: string,
  accessCode: string,
  deps: PayerDeps,
): Promise<PayerView | undefined> {
  return (await lookUpCase(caseNumber, accessCode, deps))?.view;
}

/**
 * The payer's view, and for the pages what it leaves out: whether texts reach the payer (a mobile;
 * the confirmation warns a landline's payer to keep the code). One read of the case for both.
 */
export async function lookUpCase(
  caseNumber: string,
  accessCode: string,
  deps: PayerDeps,
): Promise<{ view: PayerView; texted: boolean } | undefined> {
  const record = await withCode(caseNumber, accessCode, deps);
  if (!record) return undefined;
  const view = await toPayerView(record, await deps.store.timeline(caseNumber), deps);
  return { view, texted: isMobile(record.payer.phone) && !isLead(record) };
}

/**
 * The payer accepts the answer (the case is archived) or objects, naming the route they take
 * (seed 三(二)). Throws CaseNotFoundError for an unknown case and a wrong code alike.
 */
export async function payerDecision(
  caseNumber: string,
  accessCode: string,
  request: DecisionRequest,
  deps: PayerDeps & TransitionDeps,
): Promise<PayerView> {
  const record = await withCode(caseNumber, accessCode, deps);
  if (!record) throw new CaseNotFoundError(caseNumber);
  // The same rule as staff's record-decision (actions.ts): a lead's finding awaits no stance.
  if (isLead(record)) throw new ActionRefusedError('这是登记的线索，核查处理结果不需要表态。');
  if (record.decision) {
    throw new ActionRefusedError(
      record.decision.channel === 'silence'
        ? '答复后在规定期限内没有收到您的意见，已视为您接受处理结果。如有疑问，请拨打 12345。'
        : '您已经告诉过我们是否接受处理结果。',
    );
  }
  const updated = await applyTransition(
    {
      caseNumber,
      name: request.decision === 'accept' ? 'payerAccept' : 'payerObject',
      actor: { kind: 'payer' },
      current: record,
      change: (_current, at) => ({
        decision:
          request.decision === 'accept'
            ? { kind: 'accept', at, channel: 'online' }
            : {
                kind: 'object',
                route: request.route,
                at,
                channel: 'online',
                ...(request.comment ? { comment: request.comment } : {}),
              },
      }),
      ...(request.decision === 'object' ? { detail: { route: request.route } } : {}),
    },
    deps,
  );
  return toPayerView(updated, await deps.store.timeline(caseNumber), deps);
}

/**
 * A step's note as the payer reads it (`toPayer` in the lifecycle table), else its note; null for
 * a step their timeline leaves out.
 */
function payerNote(e: TimelineEvent): string | null {
  const step: Transition | undefined = TRANSITIONS[e.transition as TransitionName];
  const words = step?.toPayer;
  return typeof words === 'function' ? words(e.detail ?? {}) : (words ?? e.note);
}

/** Each member of a union without `recordedBy` (a plain Omit would merge the union's members). */
type WithoutRecorder<T> = T extends unknown ? Omit<T, 'recordedBy'> : never;

function withoutRecorder<T extends { recordedBy?: string }>(d: T): WithoutRecorder<T> {
  const { recordedBy: _, ...rest } = d;
  return rest as WithoutRecorder<T>;
}

async function toPayerView(
  record: CaseRecord,
  events: TimelineEvent[],
  deps: Pick<PayerDeps, 'settings'>,
): Promise<PayerView> {
  const deadlines: PayerView['deadlines'] = {};
  if (record.due?.kind === 'sign-for') {
    deadlines.signFor = { due: record.due.date, covered: record.due.covered };
    // A payer review: the progress page gave the day to sign for, and no word of the answer's.
    if (record.routing.mode === 'single' && record.status === 'assigned') {
      const [calendar, policy] = await Promise.all([
        deps.settings.calendar(),
        deps.settings.deadlines(),
      ]);
      const days = answerDays(record.classification, policy);
      const latest = calendar.addWorkingDays(record.due.date, days);
      deadlines.answerLatest = {
        due: latest.date,
        covered: record.due.covered && latest.covered,
      };
    }
  }
  if (record.due?.kind === 'answer') {
    deadlines.answer = { due: record.due.date, covered: record.due.covered };
  }
  // While a 不满意's 督办 is unanswered the window waits (supervision.ts): the payer is owed a
  // further answer first, and the days to object count again from it.
  if (
    record.status === 'responded' &&
    !stanceSettled(record) &&
    !dissatisfactionUnanswered(record)
  ) {
    const [calendar, policy] = await Promise.all([
      deps.settings.calendar(),
      deps.settings.deadlines(),
    ]);
    const window = objectionWindow(record, calendar, policy.silenceMeansAccept);
    if (window) {
      deadlines.objectBy = {
        due: window.last,
        covered: calendar.covers(window.last),
        ...(window.told ? { told: true as const } : {}),
      };
    }
  }
  const handledBy =
    record.status === 'received' ? null : (record.answer?.unit ?? answeringUnit(record));
  return {
    caseNumber: record.caseNumber,
    status: record.status,
    units: record.routing.units,
    mode: record.routing.mode,
    handledBy,
    timeline: events.flatMap((e) => {
      const note = payerNote(e);
      return note === null ? [] : [{ at: e.at, status: e.to, note }];
    }),
    deadlines,
    // The answer as DESIGN §9 gives it: who wrote it is on the printed notice, not in the API.
    ...(record.answer
      ? { answer: { text: record.answer.text, unit: record.answer.unit, at: record.answer.at } }
      : {}),
    ...furtherAnswerOf(record),
    // Who recorded a decision at the window is staff's record, not the payer's to read.
    ...(record.decision ? { decision: withoutRecorder(record.decision) } : {}),
    ...(record.followUp
      ? {
          followUp: {
            status: record.followUp.status === 'done' ? 'done' : 'open',
            ...(record.followUp.result === 'dissatisfied' ? { dissatisfied: true } : {}),
            ...(dissatisfactionUnanswered(record)
              ? { furtherAnswerPending: true, ...furtherAnswerBy(record) }
              : {}),
          },
        }
      : {}),
  };
}

/** The latest further answer to the payer's 不满意, as the payer reads an answer. */
function furtherAnswerOf(record: CaseRecord): Pick<PayerView, 'furtherAnswer'> {
  const s = record.supervisions?.findLast((o) => o.toPayer && o.answeredAt);
  return s?.toPayer && s.answeredAt
    ? { furtherAnswer: { text: s.toPayer, unit: s.unit, at: s.answeredAt } }
    : {};
}

/**
 * The payer answers the follow-up survey online (跟踪回访) instead of waiting for the visit. A
 * dissatisfied payer puts the case back under supervision, as a visit would.
 */
export async function payerSurvey(
  caseNumber: string,
  accessCode: string,
  request: SurveyRequest,
  deps: PayerDeps & TransitionDeps & { notifier: Notifier },
): Promise<PayerView> {
  const record = await withCode(caseNumber, accessCode, deps);
  if (!record) throw new CaseNotFoundError(caseNumber);
  if (!record.followUp || record.followUp.status === 'done') {
    throw new ActionRefusedError('这个案件还没有答复，或已经完成回访。');
  }
  const dissatisfied = request.result === 'dissatisfied';
  const unit = record.followUp.unit;
  const updated = await applyTransition(
    {
      caseNumber,
      name: 'payerSurvey',
      actor: { kind: 'payer' },
      current: record,
      change: (c, at) => ({
        followUp: c.followUp
          ? {
              ...c.followUp,
              status: 'done',
              result: request.result,
              by: 'payer',
              ...(request.comment ? { note: request.comment } : {}),
            }
          : null,
        due: null,
        // A dissatisfied payer puts the case under supervision: the unit must say what it will do.
        ...(dissatisfied ? { supervisions: dissatisfiedOrder(c, unit, 'payer', at) } : {}),
      }),
      detail: { result: request.result },
    },
    deps,
  );
  if (dissatisfied) {
    await deps.notifier
      .notify({
        kind: 'supervision',
        caseNumber,
        unit,
        reason: 'dissatisfied',
      })
      .catch(() => undefined);
  }
  return toPayerView(updated, await deps.store.timeline(caseNumber), deps);
}

/**
 * The due date of the 督办 a 不满意 opened, while open: what the payer is told to wait for (a payer
 * review, 2026-12-05: 「会再次答复您」 with no day, while the unit had one).
 */
function furtherAnswerBy(record: CaseRecord): { furtherAnswerBy?: string } {
  const order = record.supervisions?.find((s) => s.reason === 'dissatisfied' && !s.answer);
  const item = record.work?.find(
    (w) => w.kind === 'supervision' && w.state === 'open' && w.ref === order?.id,
  );
  return item ? { furtherAnswerBy: item.due } : {};
}
