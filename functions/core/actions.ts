/**
 * Every staff action in one table (STYLE.md rule 13). An entry gives the lifecycle transition (so
 * who may act and from which states, lifecycle.ts), the action's own refusals, the change it
 * makes, the work items it opens and closes (work.ts derives them; `opens` and `closes` say which
 * kinds, and a unit test holds them to it) and whom it tells besides those items' units. The
 * server's refusals and the forms a page offers both come from `refusal` below, so they cannot
 * drift apart.
 */
import type { FieldError } from '#contracts/problem.ts';
import { type Action, type ActionType, ASSISTING_UNITS } from '#contracts/staff.ts';
import type { WorkingCalendar } from './calendar.ts';
import { answeredBy, type CaseRecord, type Consultation, type Due } from './case.ts';
import { answerDays, type DeadlinePolicy } from './deadlines.ts';
import { formatProposalSerial, isCreditCode, isResidentId } from './identifiers.ts';
import { mayFire, TRANSITIONS, type TransitionName } from './lifecycle.ts';
import { answerSms, extendedSms, payerSms, reroutedSms } from './notifications.ts';
import type { CaseChange, Count, Notification, ProposalSerials } from './ports.ts';
import { actorOf, type Principal, seesPayer } from './principal.ts';
import { decidingUnits, OUTCOMES_BY_ROUTE, REMEDY_OUTCOME_LABELS, remedy } from './remedies.ts';
import { jointUnits, RESPONSIBLE_UNITS, type RoutingDecision, route } from './routing.ts';
import { chineseDay, shanghaiDate } from './time.ts';
import { partiesOf, pendingOpinionUnits } from './transitions.ts';
import { OFFICE, UNIT_IDS, type UnitId, unitLabel } from './units.ts';
import {
  answeringUnit,
  dissatisfactionUnanswered,
  isLead,
  openWork,
  owes,
  stanceSettled,
  type WorkKind,
} from './work.ts';

/** What an action's rules read besides the case: the caller and the day's calendar and policy. */
export interface ActionContext {
  record: CaseRecord;
  p: Principal;
  today: string;
  calendar: WorkingCalendar;
  policy: DeadlinePolicy;
}

/** What an action does: the change and what goes with it in the timeline and the counters. */
export interface Effect {
  change?: (current: CaseRecord, at: string) => CaseChange;
  text?: string;
  detail?: Record<string, string>;
  counts?: Count[];
  /** Messages besides the work items' (those go to each new item's unit). */
  tell?: Notification[];
  /** A re-routed case goes back through a unit queue after the write. */
  dispatch?: RoutingDecision;
}

/**
 * The leading group hears a 督办's answer or a 交办's result: it has no list of them, and would
 * otherwise learn of one only by opening the case (a review from its side, 2026-12-05).
 */
function answeredOrder(
  { record, p }: Pick<ActionContext, 'record' | 'p'>,
  order: 'supervision' | 'assignment',
): Notification {
  return {
    kind: 'order-answered',
    unit: (p.unit ?? answeringUnit(record)) as UnitId,
    caseNumber: record.caseNumber,
    order,
  };
}

/** Whom an action tells besides the units of the items it opens. */
type Tell =
  | 'payer'
  | 'counterparty'
  | 'leading-group'
  | 'unit-queue'
  | 'asker'
  | 'lead'
  | 'registrar'
  | 'participants'
  | 'asked';

/**
 * News for the unit working the case (the one that asked for an opinion, an extension, a return),
 * or for `to`.
 */
function caseNews(
  record: CaseRecord,
  news: Extract<Notification, { kind: 'case-news' }>['news'],
  from?: UnitId,
  to: UnitId = answeringUnit(record),
): Notification {
  return {
    kind: 'case-news',
    unit: to,
    caseNumber: record.caseNumber,
    news,
    ...(from ? { from } : {}),
  };
}

/**
 * Opinions still unanswered when the case is answered: their requests lapse, marked on the case
 * and in the step's detail, and each asked unit is told its item is gone. A staff review
 * (2026-12-05) found 旗司法局's item vanish from its inbox with no word, its case page still
 * reading 「尚未回复」 and its e-mail still asking for the opinion.
 */
function lapsedOpinions(record: CaseRecord) {
  const units = pendingOpinionUnits(record);
  return {
    change: (c: CaseRecord, at: string) =>
      units.length
        ? {
            opinions: (c.opinions ?? []).map((o) =>
              o.opinion === undefined && !o.withdrawnAt ? { ...o, withdrawnAt: at } : o,
            ),
          }
        : {},
    detail: units.length ? { detail: { withdrawnOpinions: units.join(',') } } : {},
    tell: [...new Set(units)].map((u) => caseNews(record, 'opinion-withdrawn', undefined, u)),
  };
}

/**
 * The unit that passed a dispute on from the 12345 hotline or a petition hears of the answer: the
 * hotline replies to and visits its caller, the petition bureau answers its petitioner (seed 二(二)
 * 10–11; a seed review, 2026-12-05, found them never told). Not a window's own registration: its
 * clerk's part ends with the filing.
 */
function passedOnNews(record: CaseRecord, answering: UnitId): Notification[] {
  const registrar = record.receivedBy?.unit;
  const passedOn = record.channel === 'hotline-12345' || record.channel === 'petition';
  return passedOn && registrar && registrar !== answering
    ? [caseNews(record, 'passed-on-answered', undefined, registrar)]
    : [];
}

interface Rule<T extends ActionType> {
  transition: TransitionName | ((a: Extract<Action, { type: T }>, p: Principal) => TransitionName);
  /** Why the case, as it stands, does not allow the action: the page then does not offer it. */
  refuse?: (ctx: ActionContext) => string | undefined;
  /**
   * Why what was asked cannot be done: a field's value (a date, a unit) as the field's error, which
   * the API answers 400 naming it and the form shows at the field; a string where the case's state
   * refuses the request (409).
   */
  check?: (a: Extract<Action, { type: T }>, ctx: ActionContext) => CheckFinding;
  apply: (
    a: Extract<Action, { type: T }>,
    ctx: ActionContext,
    deps: { serials: ProposalSerials },
  ) => Effect | Promise<Effect>;
  opens: readonly WorkKind[];
  closes: readonly WorkKind[];
  tells: readonly Tell[];
}

type Table = { [T in ActionType]: Rule<T> };

const withUnit = (units: readonly UnitId[], unit: UnitId): UnitId[] =>
  units.includes(unit) ? [...units] : [...units, unit];

/**
 * A unit that may be given a case to handle or lead: one a routing rule makes responsible. 旗公安局
 * or 旗财政局 picked from a list would sign for a case it cannot answer and be counted for returning
 * it (a leaders' review, 2026-12-05).
 */
const handlerRefusal = (pointer: '/unit' | '/lead', unit: string): CheckFinding =>
  (RESPONSIBLE_UNITS as readonly string[]).includes(unit)
    ? undefined
    : {
        pointer,
        detail:
          unit === OFFICE
            ? `请选择一个成员单位${pointer === '/lead' ? '作为牵头单位' : ''}。`
            : `${unitLabel(unit as UnitId)}不负责办理争议案件，请选择负责办理的单位。`,
      };

/**
 * The lead of a joint case answers the payer (seed 三(一)2: 由主要受理部门…书面告知缴费人): a unit
 * that handles disputes, never the office, whether named at classification or by a consultation.
 */
const leadRefusal = (lead: string): CheckFinding => handlerRefusal('/lead', lead);

/**
 * A correction of the payer's details is only for whoever sees them in full (as a new access
 * code): the office sees a single-unit case's payer masked, and must not overwrite what it cannot
 * read.
 */
const unlessSeenInFull =
  (what: string) =>
  ({ record, p }: ActionContext): string | undefined =>
    seesPayer(p, record) ? undefined : `只有承办单位可以更正缴费人的${what}。`;

/** What a check finds: a field's error, the case's refusal, or nothing. */
type CheckFinding = FieldError | string | undefined;

function due(kind: Due['kind'], from: string, days: number, calendar: WorkingCalendar): Due {
  const { date, covered } = calendar.addWorkingDays(from, days);
  return { kind, date, covered, from, days };
}

/**
 * Where a return by the holder would send the case: routing again without every unit that
 * returned it, or to the office with every responsible unit set aside (each matter to triage).
 * The head's approval form shows it before the head decides.
 */
export function routingAfterReturn(record: CaseRecord, to: 'routing' | 'office') {
  const unit = record.holder as UnitId;
  const returned = [...new Set([...(record.returns ?? []).map((r) => r.unit), unit])];
  const exclude = to === 'office' ? [...new Set([...returned, ...record.routing.units])] : returned;
  return route(record.matters, { exclude: exclude.filter((u) => u !== OFFICE) });
}

/**
 * A return carried out (the head's own, or a clerk's the head approved): back to routing without
 * the unit, or to the office with every responsible unit set aside; counted per unit.
 */
function returnEffect(
  record: CaseRecord,
  ask: { reason: string; note: string; to: 'routing' | 'office' },
): Effect & { detail: Record<string, string> } {
  const unit = record.holder as UnitId;
  const routing = routingAfterReturn(record, ask.to);
  return {
    change: (c, at) => ({
      routing,
      holder: null,
      lead: null,
      due: null,
      // The returning unit's extension request goes with it: the next unit's head would
      // otherwise decide it, and the next unit could not ask its own. The timeline keeps it.
      extension: null,
      returnRequest: null,
      returns: [...(c.returns ?? []), { unit, reason: ask.reason, at }],
    }),
    text: ask.note,
    detail: { reason: ask.reason, to: ask.to },
    counts: [{ stat: 'returns', key: unit }],
    dispatch: routing,
  };
}

/**
 * The case's deadline with an extension's days added, counted from the deadline's own start, as
 * the head's approval sets it and as the form asking the head shows it beforehand.
 */
export function extendedDue(
  record: Pick<CaseRecord, 'due'>,
  days: number,
  today: string,
  calendar: WorkingCalendar,
): Due | undefined {
  const d = record.due;
  return d ? due(d.kind, d.from ?? today, (d.days ?? 0) + days, calendar) : undefined;
}

/** The next id of a supervision or an assignment on the case: S1, S2… or A1, A2… */
const nextId = (prefix: string, list: readonly unknown[] | undefined) =>
  `${prefix}${(list?.length ?? 0) + 1}`;

/** The open item of `kind` the caller's unit owes (the first, when it owes several). */
const ownItem = (ctx: ActionContext, kind: WorkKind) =>
  openWork(ctx.record).find((w) => w.kind === kind && owes(w, ctx.p.unit, ctx.p.role));

/**
 * The day the answer's days count from: today, but never later than the sign-for's deadline: a
 * unit that signs late does not pass the days it let go by on to the payer, who was told that
 * deadline (seed 三(一)1: 及时受理，按时办理).
 */
const answerCountsFrom = (record: CaseRecord, today: string) =>
  record.due?.kind === 'sign-for' && record.due.date < today ? record.due.date : today;

/** The units a consultation meeting of the case gathers, the office first; never 旗政府办 itself. */
const meetingUnits = (record: CaseRecord): UnitId[] =>
  [
    ...new Set<UnitId>([
      OFFICE,
      ...(record.lead ? [record.lead] : []),
      ...jointUnits(record.routing),
      ...record.routing.assisting,
    ]),
  ].filter((u) => u !== 'gov-office');

/** The caller's unit's open 督办, the one `answer-supervision` answers. */
const ownSupervision = (ctx: ActionContext) => {
  const ref = ownItem(ctx, 'supervision')?.ref;
  return ctx.record.supervisions?.find((s) => s.id === ref);
};

export const ACTIONS: Table = {
  'sign-for': {
    transition: 'signFor',
    // Not while the unit's own return waits for its head: signing for says 「ours」 while the request
    // says 「not ours」, and the head then returned a case already in hand, unaware (a staff review,
    // 2026-12-05). The head decides first; a 不同意 leaves the sign-for to do.
    refuse: ({ record }) =>
      record.returnRequest
        ? '已申请退回，正在等待单位负责人审批。负责人不同意退回的，再签收。'
        : undefined,
    apply: (_a, { record, today, calendar, policy }) => ({
      change: (c) => ({
        due: due(
          'answer',
          answerCountsFrom(record, today),
          answerDays(c.classification, policy),
          calendar,
        ),
      }),
    }),
    opens: ['answer'],
    closes: ['sign-for'],
    tells: [],
  },
  return: {
    // DESIGN.md §1: the unit head approves returns. A clerk's return asks the head
    // (`decide-return`); the head's own is carried out at once.
    transition: (_a, p) => (p.role === 'head' ? 'return' : 'requestReturn'),
    refuse: ({ record, today, calendar, policy }) => {
      if (record.returnRequest) return '已有一项退回申请，等待单位负责人审批。';
      if (!record.assignedAt) return undefined;
      const window = calendar.addWorkingDays(
        shanghaiDate(new Date(record.assignedAt)),
        policy.returnWindow,
      );
      return today > window.date
        ? `退回须在派单后 ${policy.returnWindow} 个工作日内（${chineseDay(window.date)}前）提出；已超过期限，请办理或报工作室协调。`
        : undefined;
    },
    apply: (a, { record, p }) =>
      p.role === 'head'
        ? returnEffect(record, a)
        : {
            change: (_c, at) => ({
              returnRequest: { reason: a.reason, note: a.note, to: a.to, requestedBy: p.user, at },
            }),
            text: a.note,
            detail: { reason: a.reason, to: a.to },
          },
    opens: ['approve-return'],
    closes: ['sign-for', 'answer', 'extension', 'opinion', 'approve-return'],
    tells: ['unit-queue'],
  },
  'decide-return': {
    transition: (a) => (a.approve ? 'return' : 'refuseReturn'),
    refuse: ({ record }) => (record.returnRequest ? undefined : '没有待审批的退回申请。'),
    apply: (a, { record }) => {
      const asked = record.returnRequest;
      if (!a.approve || !asked) {
        return {
          change: () => ({ returnRequest: null }),
          ...(a.note ? { text: a.note } : {}),
          detail: { approved: 'false' },
          tell: [caseNews(record, 'return-refused')],
        };
      }
      const done = returnEffect(record, asked);
      return {
        ...done,
        ...(a.note ? { text: a.note } : {}),
        detail: { ...done.detail, approved: 'true', requestedBy: asked.requestedBy },
      };
    },
    opens: [],
    closes: ['approve-return', 'sign-for', 'answer', 'extension', 'opinion'],
    tells: ['unit-queue', 'asker'],
  },
  note: {
    transition: 'note',
    apply: (a) => ({ text: a.note }),
    opens: [],
    closes: [],
    tells: [],
  },
  'verify-payer': {
    transition: 'verifyPayer',
    refuse: ({ record }) =>
      record.payer.idPending ? undefined : '缴费人的证件号码已经登记，不需要再核实。',
    check: (a, { record, today }) => {
      const fits =
        record.payer.kind === 'organization'
          ? isCreditCode(a.idNumber)
          : isResidentId(a.idNumber, today);
      if (fits) return undefined;
      return {
        pointer: '/idNumber',
        detail:
          record.payer.kind === 'organization'
            ? '缴费人是单位，请填写统一社会信用代码。'
            : '缴费人是个人，请填写身份证号码。',
      };
    },
    // The number goes on the case only: never in the timeline's text or detail.
    apply: (a) => ({
      change: (c) => {
        const { idPending: _verified, ...payer } = c.payer;
        return { payer: { ...payer, idNumber: a.idNumber } };
      },
    }),
    opens: [],
    closes: [],
    tells: [],
  },
  'correct-phone': {
    transition: 'correctPhone',
    refuse: unlessSeenInFull('联系电话'),
    check: (a, { record }) => {
      if (a.phone === record.payer.phone) {
        return { pointer: '/phone', detail: '新号码和原来登记的一样，请核对。' };
      }
      // The note goes to the timeline, which masked viewers read: no number in it.
      return a.note && /\d[\d\s-]{6,}/.test(a.note)
        ? { pointer: '/note', detail: '更正原因里不要写电话号码，新号码只填在上面一栏。' }
        : undefined;
    },
    // Later SMS go to the new number; what was sent to the old one cannot be called back.
    apply: (a) => ({
      change: (c) => ({ payer: { ...c.payer, phone: a.phone } }),
      ...(a.note ? { text: a.note } : {}),
    }),
    opens: [],
    closes: [],
    tells: [],
  },
  'correct-name': {
    transition: 'correctName',
    refuse: unlessSeenInFull('姓名或单位名称'),
    check: (a, { record }) =>
      a.name === record.payer.name
        ? { pointer: '/name', detail: '新名称和原来登记的一样，请核对。' }
        : undefined,
    // The forms printed from now on carry the new name. No note: the timeline is read by masked
    // viewers too, and the reason a clerk writes is the old and the new name (a code review).
    apply: (a) => ({
      change: (c) => ({ payer: { ...c.payer, name: a.name } }),
    }),
    opens: [],
    closes: [],
    tells: [],
  },
  'request-extension': {
    transition: 'requestExtension',
    refuse: ({ record, today, p }) => {
      if (record.extension?.status === 'pending') return '已有一项延期申请待审批。';
      // The deadline moved is the answer's, which the lead of a joint case owes: the office that
      // holds it meanwhile does not ask (a staff review saw the office's request go to the lead's
      // head).
      if (record.lead && p.unit !== record.lead) {
        return `答复期限由牵头单位${unitLabel(record.lead)}申请延期。`;
      }
      if (record.due && today > record.due.date) {
        return `答复期限（${chineseDay(record.due.date)}）已过，不能再申请延期；请尽快答复，并在办理情况中说明超期原因。`;
      }
      // Once: a unit's own head approving extension after extension would move the payer's answer
      // without end, and count it on time (a seed review: four of 30 days, half a year later).
      // A return clears it (`returnEffect`): the next unit's days are its own.
      if (record.extension?.status === 'approved') {
        return '这个案件的答复期限已经延期过一次，不能再次延期。确有特殊情况的，请在办理情况中写明，并报领导小组办公室协调。';
      }
      return undefined;
    },
    // No longer than the days first given to answer: an extension doubles them at most.
    check: (a, { record }) =>
      record.due?.days && a.days > record.due.days
        ? {
            pointer: '/days',
            detail: `延期不能超过原来的办理期限（${record.due.days} 个工作日）。`,
          }
        : undefined,
    apply: (a, { p }) => ({
      change: () => ({
        extension: { days: a.days, reason: a.reason, status: 'pending', requestedBy: p.user },
      }),
      text: a.reason,
      detail: { days: String(a.days) },
    }),
    opens: ['extension'],
    closes: [],
    tells: [],
  },
  'decide-extension': {
    transition: 'decideExtension',
    refuse: ({ record, p }) => {
      if (record.extension?.status !== 'pending') return '没有待审批的延期申请。';
      if (record.extension.requestedBy === p.user) return '不能审批自己提出的延期申请。';
      return undefined;
    },
    apply: (a, { record, today, calendar }) => {
      const ext = record.extension;
      // The date moves from the deadline's own start by its days plus the extension's; the write
      // is conditional on the version read, so `record.due` is the one it changes.
      const moved = a.approve && ext ? extendedDue(record, ext.days, today, calendar) : undefined;
      return {
        change: () => ({
          extension: ext ? { ...ext, status: a.approve ? 'approved' : 'refused' } : null,
          ...(moved ? { due: moved } : {}),
        }),
        ...(a.note ? { text: a.note } : {}),
        detail: {
          approved: String(a.approve),
          ...(moved && ext ? { days: String(ext.days), due: moved.date } : {}),
        },
        // The payer reads the new date on the status page; an approved extension is also texted,
        // since the date they were told no longer holds. The unit's clerk who asked hears too.
        tell: [
          caseNews(record, a.approve ? 'extension-approved' : 'extension-refused'),
          ...(moved ? extendedSms(record, moved) : []),
        ],
      };
    },
    opens: [],
    closes: ['extension'],
    tells: ['payer', 'asker'],
  },
  'request-opinion': {
    transition: 'requestOpinion',
    check: (a, { record, p }) =>
      !opinionUnits(record.routing, p.unit, majorOf(record)).includes(a.unit as UnitId)
        ? {
            pointer: '/unit',
            detail: majorOf(record)
              ? '重大疑难争议可以商请牵头单位以外的任何成员单位提出意见。'
              : '可以商请其他承办争议的单位，或财政局、司法局、公安局提出意见。',
          }
        : pendingOpinionUnits(record).includes(a.unit as UnitId)
          ? '已商请该单位提出意见，尚未回复。'
          : undefined,
    apply: (a) => ({
      // The unit asked is involved (it may open the case) without holding it.
      change: (c, at) => ({
        opinions: [
          ...(c.opinions ?? []),
          { unit: a.unit as UnitId, question: a.question, requestedAt: at },
        ],
      }),
      text: a.question,
      detail: { unit: a.unit },
    }),
    opens: ['opinion'],
    closes: [],
    tells: [],
  },
  'record-opinion': {
    transition: 'recordOpinion',
    refuse: ({ record }) =>
      pendingOpinionUnits(record).length === 0 ? '没有待回复的协办意见。' : undefined,
    apply: (a, { record, p }) => {
      const pending = pendingOpinionUnits(record);
      const answering = p.unit && pending.includes(p.unit) ? p.unit : pending[0];
      return {
        change: (c, at) => {
          let done = false;
          return {
            opinions: (c.opinions ?? []).map((o) => {
              if (done || o.unit !== answering || o.opinion !== undefined) return o;
              done = true;
              // The holder enters an opinion that came on paper; the record says who did.
              const enteredBy = p.unit && p.unit !== answering ? { enteredBy: p.unit } : {};
              return { ...o, opinion: a.opinion, answeredAt: at, ...enteredBy };
            }),
          };
        },
        text: a.opinion,
        ...(answering ? { detail: { unit: answering } } : {}),
        // The unit that asked hears it came, unless it entered the opinion itself.
        ...(answering && p.unit === answering
          ? { tell: [caseNews(record, 'opinion', answering)] }
          : {}),
      };
    },
    opens: [],
    closes: ['opinion'],
    tells: ['asker'],
  },
  respond: {
    transition: 'respond',
    refuse: ({ record, p }) => {
      // A joint case is answered by its lead unit (seed 三(一)2: 由主要受理部门…书面告知缴费人),
      // not by the office that holds it while the units work it out.
      if (record.lead && p.unit !== record.lead) {
        return `这件争议由牵头单位${unitLabel(record.lead)}书面答复缴费人。`;
      }
      if (record.classification === 'major' && !record.writtenOpinion) {
        return '重大疑难争议须先由领导小组办公室审批拟办意见，并形成专案书面意见，才能答复缴费人。';
      }
      // Seed 三(一)2(1): 一般争议事项…通过会商处理: the lead answers after the consultation, not
      // instead of it.
      return record.classification === 'general' && !record.consultations?.length
        ? '一般争议须先由工作室组织会商，记录会商意见后，才能答复缴费人。'
        : undefined;
    },
    apply: (a, { record, today, calendar, policy, p }) => {
      const unit = answeringUnit(record);
      const lapsed = lapsedOpinions(record);
      // A lead's finding goes to the file: no one to visit or to ask whether they accept it, so the
      // archive is owed at once (work.ts, stanceSettled).
      if (isLead(record)) {
        // The unit that registered the lead (网信办 for a post, 信访局 for a petition lead) hears
        // of the finding: the public response or the petition's answer rests on it (seed 二(二)
        // 11–12).
        const registrar = record.receivedBy?.unit;
        return {
          change: (c, at) => ({
            answer: { text: a.answer, unit, at, ...answeredBy(p) },
            due: null,
            ...lapsed.change(c, at),
          }),
          ...lapsed.detail,
          tell: [
            ...answerSms(record, unit),
            ...(registrar && registrar !== unit
              ? [caseNews(record, 'lead-finding', undefined, registrar)]
              : []),
            ...lapsed.tell,
          ],
        };
      }
      // The follow-up visit (回访) is due within the policy's days of the answer.
      const followDue = due('follow-up', today, policy.followUp, calendar);
      const objectBy = calendar.addWorkingDays(today, policy.silenceMeansAccept).date;
      return {
        change: (c, at) => ({
          ...lapsed.change(c, at),
          answer: { text: a.answer, unit, at, ...answeredBy(p) },
          toldObjectBy: objectBy,
          due: followDue,
          followUp: {
            unit,
            visibleFrom: calendar.addWorkingDays(today, 1).date,
            due: followDue.date,
            covered: followDue.covered,
            from: today,
            days: policy.followUp,
            status: 'open',
          },
        }),
        // Both parties (seed 三(二)), each by SMS to a mobile only; the payer's names the last day
        // to object, counted as the answer page counts it (supervision.ts objectionWindow).
        ...lapsed.detail,
        tell: [...answerSms(record, unit, objectBy), ...passedOnNews(record, unit), ...lapsed.tell],
      };
    },
    opens: ['follow-up', 'archive', 'serve'],
    closes: ['answer', 'extension', 'opinion', 'convene'],
    tells: ['payer', 'counterparty', 'registrar', 'asked'],
  },
  'record-decision': {
    transition: (a) => (a.decision === 'accept' ? 'payerAccept' : 'payerObject'),
    refuse: ({ record }) =>
      isLead(record)
        ? '线索没有可以表态的缴费人：答复（核查处理结果）后即可归档。'
        : record.decision
          ? '已记录缴费人对答复的意见。'
          : undefined,
    check: (a, { record, today }) => {
      if (a.on > today) return { pointer: '/on', detail: '表态日期不能晚于今天。' };
      if (record.answer && a.on < shanghaiDate(new Date(record.answer.at))) {
        return { pointer: '/on', detail: '表态日期不能早于答复日期。' };
      }
      return undefined;
    },
    apply: (a, { p }) => ({
      change: (_c, at) => ({
        decision:
          a.decision === 'accept'
            ? { kind: 'accept', at, channel: a.channel, on: a.on, recordedBy: p.user }
            : {
                kind: 'object',
                route: a.route ?? 'mediation',
                at,
                channel: a.channel,
                on: a.on,
                recordedBy: p.user,
                ...(a.comment ? { comment: a.comment } : {}),
              },
      }),
      ...(a.comment ? { text: a.comment } : {}),
      detail: {
        channel: a.channel,
        on: a.on,
        ...(a.decision === 'object' && a.route ? { route: a.route } : {}),
      },
    }),
    opens: ['archive'],
    closes: [],
    tells: [],
  },
  'record-remedy': {
    transition: 'recordRemedy',
    refuse: ({ record }) =>
      record.decision?.kind === 'object' ? undefined : '缴费人没有提出异议，没有救济途径可以记录。',
    check: (a, { record, today }) => {
      const route = record.decision?.kind === 'object' ? record.decision.route : undefined;
      if (route && !OUTCOMES_BY_ROUTE[route].includes(a.outcome)) {
        const chosen = remedy(route, decidingUnits(record))?.label ?? route;
        return {
          pointer: '/outcome',
          detail: `缴费人选择的是${chosen}，不会有“${REMEDY_OUTCOME_LABELS[a.outcome]}”这个结果；缴费人改走其他途径的，请在办理情况中写明。`,
        };
      }
      if (a.on > today) return { pointer: '/on', detail: '日期不能晚于今天。' };
      const objectedOn =
        record.decision?.on ?? (record.decision ? shanghaiDate(new Date(record.decision.at)) : '');
      return a.on < objectedOn
        ? { pointer: '/on', detail: '日期不能早于缴费人提出异议的日期。' }
        : undefined;
    },
    // Codes only in the timeline; the note stays on the case (it may name the other party).
    apply: (a, { p }) => ({
      change: (c, at) => ({
        remedies: [
          ...(c.remedies ?? []),
          { outcome: a.outcome, on: a.on, by: p.user, at, ...(a.note ? { note: a.note } : {}) },
        ],
      }),
      detail: { outcome: a.outcome, outcomeOn: a.on },
    }),
    opens: [],
    closes: [],
    tells: [],
  },
  'record-service': {
    transition: 'serveCounterparty',
    refuse: ({ record }) =>
      !record.counterparty
        ? '这个案件没有登记争议另一方，不用送达。'
        : record.counterpartyServed
          ? '已记录向争议另一方送达。'
          : undefined,
    check: (a, { record, today }) => {
      // 其他方式 says nothing of how, and the catalogue prints only it (a review, 2026-12-05).
      if (a.method === 'other' && !a.note) {
        return { pointer: '/note', detail: '其他方式送达的，请在说明中写明怎样送达的。' };
      }
      if (a.on > today) return { pointer: '/on', detail: '送达日期不能晚于今天。' };
      const answered = record.answer ? shanghaiDate(new Date(record.answer.at)) : '';
      return a.on < answered
        ? { pointer: '/on', detail: '送达日期不能早于答复的日期。' }
        : undefined;
    },
    apply: (a, { p }) => ({
      change: (_c, at) => ({
        counterpartyServed: {
          method: a.method,
          on: a.on,
          by: p.user,
          at,
          ...(a.note ? { note: a.note } : {}),
        },
      }),
      // The note stays on the case: it may name the person who signed for it.
      detail: { method: a.method, servedOn: a.on },
    }),
    opens: [],
    closes: ['serve'],
    tells: [],
  },
  archive: {
    transition: 'archive',
    refuse: ({ record }) =>
      !stanceSettled(record)
        ? '缴费人尚未对答复表态，也未到视为无异议的日期，暂不能归档。'
        : dissatisfactionUnanswered(record)
          ? '缴费人回访时对处理结果不满意，领导小组的督办尚未答复：请先答复督办，再归档。'
          : record.counterparty && !record.counterpartyServed
            ? '书面答复告知书还没有送达争议另一方：请先记录送达情况，再归档。'
            : undefined,
    apply: () => ({ change: () => ({ due: null }) }),
    opens: [],
    closes: ['archive'],
    tells: [],
  },
  classify: {
    transition: (a) => (a.as === 'major' ? 'classifyMajor' : 'classifyGeneral'),
    check: (a) => leadRefusal(a.lead),
    apply: (a, { record, today, calendar, policy }) => ({
      change: (c) => ({
        classification: a.as,
        lead: a.lead as UnitId,
        heldBy: withUnit(c.heldBy, a.lead as UnitId),
        // From the classification, not the triage's deadline: the lead unit never held the case,
        // and a late triage would leave it an answer already due, past the reach of an extension
        // (a code review, 2026-12-05); the office's delay is chased and counted as its own.
        due: due('answer', today, answerDays(a.as, policy), calendar),
      }),
      detail: { as: a.as, lead: a.lead },
      // A case a unit returned to the office: the payer learns the unit now leading it, as after
      // `assign` (a code review, 2026-12-05).
      tell: record.returns?.length ? reroutedSms(record, a.lead as UnitId, 'office') : [],
    }),
    opens: ['answer', 'proposal', 'consult'],
    closes: ['triage'],
    tells: ['payer'],
  },
  assign: {
    transition: 'assignFromTriage',
    // A joint case given to one unit drops the others' matters: the office says why.
    check: (a, { record }) => {
      const unit = handlerRefusal('/unit', a.unit);
      if (unit) return unit;
      return jointUnits(record.routing).length > 1 && !a.note
        ? {
            pointer: '/note',
            detail: '这件争议按职责涉及几个单位，派给一个单位办理的，请写明理由。',
          }
        : undefined;
    },
    apply: (a, { record, today, calendar, policy }) => ({
      change: (c, at) => ({
        holder: a.unit as UnitId,
        heldBy: withUnit(c.heldBy, a.unit as UnitId),
        assignedAt: at,
        due: due('sign-for', today, policy.signFor, calendar),
      }),
      ...(a.note ? { text: a.note } : {}),
      detail: { unit: a.unit },
      // A case a unit returned to the office: the payer, told it went to the office, learns the
      // unit the office chose (intake.ts tells a delivery after a return the same way).
      tell: record.returns?.length ? reroutedSms(record, a.unit as UnitId, 'office') : [],
    }),
    opens: ['sign-for'],
    closes: ['triage'],
    tells: ['payer'],
  },
  'record-consultation': {
    transition: 'recordConsultation',
    check: (a, ctx) => meetingDateRefusal(a.date, '会商', ctx) ?? leadRefusal(a.lead),
    apply: (a, { p }) => ({
      change: (c) => ({
        consultations: [...(c.consultations ?? []), meetingRecord(a, a.lead as UnitId, p.user)],
        lead: a.lead as UnitId,
        heldBy: (a.units as UnitId[]).reduce(withUnit, withUnit(c.heldBy, a.lead as UnitId)),
        // The meeting took place: whatever 旗政府办 was asked to convene is done.
        ...(c.convening && !c.convening.doneAt
          ? { convening: { ...c.convening, date: a.date, doneAt: a.date } }
          : {}),
      }),
      detail: { lead: a.lead, units: a.units.join(','), date: a.date },
    }),
    opens: ['answer'],
    closes: ['answer', 'convene', 'consult'],
    tells: [],
  },
  'request-convening': {
    transition: 'requestConvening',
    refuse: ({ record }) =>
      record.convening && !record.convening.doneAt
        ? '已商请旗政府办召集会商会议，会议尚未召开。'
        : undefined,
    apply: (a) => ({
      change: (_c, at) => ({ convening: { requestedAt: at, note: a.note } }),
      text: a.note,
    }),
    opens: ['convene'],
    closes: [],
    tells: [],
  },
  'record-convening': {
    transition: 'recordConvening',
    check: (a, { today }) =>
      a.date < today ? { pointer: '/date', detail: '会议日期不能早于今天。' } : undefined,
    apply: (a, { record }) => ({
      change: (c, at) => ({
        convening: c.convening
          ? { ...c.convening, date: a.date, place: a.place, doneAt: at }
          : null,
      }),
      text: a.place,
      detail: { date: a.date },
      // Whoever should attend learns when and where (a leaders' review found the day and place
      // reaching no one): the office that asked, the lead, the case's and the assisting units.
      tell: meetingUnits(record).map((unit) => ({
        kind: 'meeting-called' as const,
        unit,
        caseNumber: record.caseNumber,
        date: a.date,
        place: a.place,
      })),
    }),
    opens: [],
    closes: ['convene'],
    tells: ['participants'],
  },
  'record-proposal': {
    transition: 'recordProposal',
    refuse: ({ record }) =>
      record.proposal && record.proposal.status !== 'refused'
        ? '这个案件已有拟办意见报送单。'
        : undefined,
    apply: async (a, { record, today }, { serials }) => {
      // The serial is drawn first: it is the case's for good (asking again returns it), so a lost
      // race below leaves no gap in the year's sequence.
      const serial = await serials.allocate(Number(today.slice(0, 4)), record.caseNumber);
      return {
        change: () => ({
          proposal: {
            ...serial,
            contactName: a.contactName,
            contactPhone: a.contactPhone,
            summary: a.summary,
            proposedOpinion: a.proposedOpinion,
            status: 'submitted',
          },
        }),
        detail: { serial: formatProposalSerial(serial.year, serial.n) },
      };
    },
    opens: ['approve-proposal'],
    closes: ['proposal'],
    tells: [],
  },
  'approve-proposal': {
    transition: 'decideProposal',
    refuse: ({ record }) =>
      record.proposal?.status === 'submitted' ? undefined : '没有待审批的拟办意见。',
    apply: (a, { record }) => ({
      change: (c, at) => ({
        proposal: c.proposal
          ? { ...c.proposal, status: a.approve ? 'approved' : 'refused', decidedAt: at }
          : null,
      }),
      ...(a.note ? { text: a.note } : {}),
      detail: { approved: String(a.approve) },
      // Approved, the proposal goes up (seed 三(四): 提请领导小组组织相关部门召开专题会议): the
      // leaders had no word of a major case until then (a leaders' review, 2026-12-05).
      ...(a.approve && record.proposal && record.lead
        ? {
            tell: [
              {
                kind: 'special-meeting-requested' as const,
                caseNumber: record.caseNumber,
                serial: formatProposalSerial(record.proposal.year, record.proposal.n),
                lead: record.lead,
              },
            ],
          }
        : {}),
    }),
    opens: ['written-opinion', 'proposal'],
    closes: ['approve-proposal'],
    tells: ['leading-group'],
  },
  'record-special-meeting': {
    transition: 'recordSpecialMeeting',
    // The leading-group office 梳理 and 提请 by the proposal: the meeting follows its approval, and
    // the written opinion is what it arrives at (a second meeting before it is a second record).
    refuse: ({ record }) => {
      if (record.writtenOpinion) return '已形成专案书面意见，不再记录专题会议。';
      if (record.proposal?.status !== 'approved' || !record.lead) {
        return '拟办意见经领导小组办公室同意后，才能记录专题会议。';
      }
      return undefined;
    },
    check: (a, ctx) => {
      const decided = ctx.record.proposal?.decidedAt;
      if (decided && a.date < shanghaiDate(new Date(decided))) {
        return { pointer: '/date', detail: '会议日期不能早于拟办意见经同意的日期。' };
      }
      // Member units meet; a position is of a unit that attended.
      if (a.units.includes(OFFICE)) {
        return {
          pointer: '/units',
          detail: '请勾选参加会议的成员单位（工作室负责记录，不必勾选）。',
        };
      }
      if (a.positions.some((x) => !a.units.includes(x.unit))) {
        return { pointer: '/units', detail: '只能记录参加会议的单位的意见。' };
      }
      return meetingDateRefusal(a.date, '会议', ctx);
    },
    apply: (a, { p }) => ({
      change: (c) => ({
        // Its units take part in the case from here, as a consultation's do: they may open it.
        heldBy: (a.units as UnitId[]).reduce(withUnit, c.heldBy ?? []),
        consultations: [
          ...(c.consultations ?? []),
          // The classification named the lead (refused above without one); the meeting keeps it.
          { kind: 'special-meeting' as const, ...meetingRecord(a, c.lead as UnitId, p.user) },
        ],
      }),
      detail: { units: a.units.join(','), date: a.date },
    }),
    opens: [],
    closes: [],
    tells: [],
  },
  'record-written-opinion': {
    transition: 'recordWrittenOpinion',
    refuse: ({ record }) => {
      if (record.writtenOpinion) return '这个案件已形成书面意见。';
      if (record.proposal?.status !== 'approved') {
        return '拟办意见尚未经领导小组办公室审批，不能形成书面意见。';
      }
      // Seed 三(四): 重大事项…召开专题会议会商研究; the written opinion is what it arrives at.
      return record.consultations?.some((c) => c.kind === 'special-meeting')
        ? undefined
        : '重大疑难争议须先召开专题会议会商研究，记录会议纪要后，才能形成书面意见。';
    },
    // The lead's answer waited on this (held back in its inbox, seed 三(一)2(2)): it hears the
    // opinion is there, or it would find out only by looking (a staff review, 2026-12-05).
    apply: (a, { record }) => ({
      change: () => ({ writtenOpinion: a.opinion }),
      text: a.opinion,
      tell: [caseNews(record, 'written-opinion')],
    }),
    opens: [],
    closes: ['written-opinion'],
    tells: ['lead'],
  },
  'record-follow-up': {
    transition: 'recordFollowUp',
    refuse: ({ record }) =>
      record.followUp && record.followUp.status !== 'done'
        ? undefined
        : '这个案件还没有答复，或已经完成回访。',
    // A 不满意 opens the leading group's 督办, which reads why in the visit's record: without it the
    // order said nothing of what to look at again (a staff review, 2026-12-05).
    check: (a) =>
      a.result === 'dissatisfied' && !a.note
        ? {
            pointer: '/note',
            detail: '缴费人不满意的，请在回访记录中写明对哪些地方不满意：督办要据此重新核实。',
          }
        : undefined,
    apply: (a, { record, p }) => {
      const unit = record.followUp?.unit ?? answeringUnit(record);
      const dissatisfied = a.result === 'dissatisfied';
      return {
        change: (c, at) => ({
          followUp: c.followUp
            ? {
                ...c.followUp,
                status: 'done',
                result: a.result,
                by: 'staff',
                ...(a.note ? { note: a.note } : {}),
              }
            : null,
          due: null,
          // A dissatisfied payer puts the case under the leading group's supervision: the unit
          // must say what it will do (DESIGN.md §5).
          ...(dissatisfied ? { supervisions: dissatisfiedOrder(c, unit, p.user, at) } : {}),
        }),
        ...(a.note ? { text: a.note } : {}),
        detail: { result: a.result },
        ...(dissatisfied
          ? {
              tell: [
                {
                  kind: 'supervision',
                  caseNumber: record.caseNumber,
                  unit,
                  reason: 'dissatisfied',
                } as const,
              ],
            }
          : {}),
      };
    },
    opens: ['supervision'],
    closes: ['follow-up'],
    tells: ['leading-group'],
  },
  supervise: {
    transition: 'leaderSupervise',
    refuse: ({ record }) =>
      openWork(record).length === 0 ? '这个案件没有待办事项可以督办。' : undefined,
    check: (a, { record }) =>
      openWork(record).some((w) => w.id === a.item)
        ? undefined
        : { pointer: '/item', detail: '请选择要督办的待办事项。' },
    apply: (a, { record, p, today }) => {
      const item = openWork(record).find((w) => w.id === a.item);
      const unit = item?.unit ?? answeringUnit(record);
      return {
        change: (c, at) => ({
          supervisions: [
            ...(c.supervisions ?? []),
            {
              id: nextId('S', c.supervisions),
              unit,
              about: a.item,
              reason: 'leader',
              note: a.note,
              by: p.user,
              at,
            },
          ],
          work: (c.work ?? []).map((w) =>
            w.id === a.item
              ? { ...w, supervisedOn: w.supervisedOn ?? today, orderedOn: w.orderedOn ?? today }
              : w,
          ),
        }),
        text: a.note,
        detail: { unit, item: a.item },
        counts: [{ stat: 'supervise', key: unit, day: today }],
      };
    },
    opens: ['supervision'],
    closes: [],
    tells: [],
  },
  'answer-supervision': {
    transition: 'answerSupervision',
    // A payer who said 不满意 was told the unit would look again and answer them (the payer pages'
    // UNDER_SUPERVISION): that answer is owed with the 督办's, and only there.
    check: (a, ctx) => {
      const order = ownSupervision(ctx);
      if (order?.reason === 'dissatisfied' && !a.toPayer) {
        return {
          pointer: '/toPayer',
          detail: '缴费人在回访中表示不满意，请填写给缴费人的再次答复，缴费人会在网上看到。',
        };
      }
      return order && order.reason !== 'dissatisfied' && a.toPayer
        ? {
            pointer: '/toPayer',
            detail: '只有缴费人在回访中表示不满意引起的督办，才要再次答复缴费人。',
          }
        : undefined;
    },
    apply: (a, ctx) => {
      const ref = ownSupervision(ctx)?.id;
      const { record, today, calendar, policy } = ctx;
      // The payer gets the window's days again from the further answer, to read it and say
      // whether they accept it (the first answer's window may have closed meanwhile), or a day
      // already told if later: the SMS names the day the case keeps.
      const counted = calendar.addWorkingDays(today, policy.silenceMeansAccept).date;
      const objectBy =
        a.toPayer && !record.decision
          ? record.toldObjectBy && record.toldObjectBy > counted
            ? record.toldObjectBy
            : counted
          : undefined;
      return {
        change: (c, at) => ({
          supervisions: (c.supervisions ?? []).map((s) =>
            s.id === ref
              ? {
                  ...s,
                  answer: a.answer,
                  answeredAt: at,
                  ...(a.toPayer ? { toPayer: a.toPayer } : {}),
                }
              : s,
          ),
          ...(objectBy ? { toldObjectBy: objectBy } : {}),
        }),
        text: a.answer,
        ...(ref
          ? { detail: { supervision: ref, ...(a.toPayer ? { furtherAnswer: 'yes' } : {}) } }
          : {}),
        tell: [
          answeredOrder(ctx, 'supervision'),
          ...(a.toPayer ? payerSms(record, 'reanswered', objectBy) : []),
        ],
      };
    },
    opens: [],
    closes: ['supervision'],
    tells: ['leading-group', 'payer'],
  },
  'assign-task': {
    transition: 'assignTask',
    check: (a, { today }) =>
      a.due < today ? { pointer: '/due', detail: '完成期限不能早于今天。' } : undefined,
    apply: (a, { p, today }) => ({
      change: (c, at) => ({
        assignments: [
          ...(c.assignments ?? []),
          {
            id: nextId('A', c.assignments),
            unit: a.unit as UnitId,
            task: a.task,
            due: a.due,
            by: p.user,
            at,
          },
        ],
      }),
      text: a.task,
      detail: { unit: a.unit, due: a.due },
      counts: [{ stat: 'assignment', key: a.unit, day: today }],
    }),
    opens: ['assignment'],
    closes: [],
    tells: [],
  },
  'report-assignment': {
    transition: 'reportAssignment',
    apply: (a, ctx) => {
      const item = ownItem(ctx, 'assignment');
      const onTime = item ? ctx.today <= item.due : true;
      return {
        change: (c, at) => ({
          assignments: (c.assignments ?? []).map((x) =>
            x.id === item?.ref ? { ...x, reply: a.reply, doneAt: at } : x,
          ),
        }),
        text: a.reply,
        ...(item?.ref ? { detail: { assignment: item.ref } } : {}),
        counts: [
          {
            stat: onTime ? 'assignment-ontime' : 'assignment-late',
            key: item?.unit ?? 'office',
            day: ctx.today,
          },
        ],
        tell: [answeredOrder(ctx, 'assignment')],
      };
    },
    opens: [],
    closes: ['assignment'],
    tells: ['leading-group'],
  },
};

/** A meeting's record as the case keeps it: a consultation's, or a major case's 专题会议's. */
function meetingRecord(
  a: {
    date: string;
    place?: string;
    chair?: string;
    units: string[];
    positions: { unit: string; position: string }[];
    conclusion: string;
    minutes: string;
  },
  lead: UnitId,
  recordedBy: string,
): Consultation {
  return {
    date: a.date,
    ...(a.place ? { place: a.place } : {}),
    ...(a.chair ? { chair: a.chair } : {}),
    units: a.units as UnitId[],
    positions: a.positions as { unit: UnitId; position: string }[],
    conclusion: a.conclusion,
    minutes: a.minutes,
    lead,
    recordedBy,
  };
}

/**
 * A meeting's minutes are of a meeting held: its day not after today, nor before the case came in.
 * `what`: 会商 or 会议, as the form names it.
 */
function meetingDateRefusal(
  date: string,
  what: string,
  { record, today }: Pick<ActionContext, 'record' | 'today'>,
): CheckFinding {
  if (date > today) {
    return { pointer: '/date', detail: `${what}日期不能晚于今天：${what}开过以后再记录。` };
  }
  if (date < shanghaiDate(new Date(record.receivedAt))) {
    return { pointer: '/date', detail: `${what}日期不能早于收到申请的日期。` };
  }
  return undefined;
}

/**
 * Whom `asker` may ask for an opinion (商请协办): the other responsible units of a joint case
 * first (seed 三(一)2: the office organises the units concerned), then the assisting units
 * (finance, justice, police); never the office or the asker itself.
 */
export function opinionUnits(
  routing: { mode: string; units: readonly string[] },
  asker: string | null,
  /**
   * A major case's special handling: 组织相关单位进行专案处理 (seed 三(一)2(2)) and its 专题会议 of
   * 相关部门 (三(四)) reach past the case's own units, so every member unit may be asked but the
   * lead, which answers (a staff review found the units the approved proposal named not offered,
   * and the lead itself offered).
   */
  major?: { lead: string | null },
): UnitId[] {
  // Every unit that handles disputes holds records another may need (tax asking the social-insurance
  // centre for a pre-2024 record, or the human resources bureau about a labour relation): seed
  // 三(四), 成员单位依职权不定期会商沟通. A staff review (2026-12-05) could ask only the three
  // assisting units on a single-unit case.
  const wider = major ? UNIT_IDS.filter((u) => u !== major.lead) : RESPONSIBLE_UNITS;
  return [...new Set<UnitId>([...jointUnits(routing), ...ASSISTING_UNITS, ...wider])].filter(
    (u) => u !== OFFICE && u !== asker && (!major || u !== major.lead),
  );
}

/** `opinionUnits`'s third argument for a case: its lead when it is major. */
export const majorOf = (c: { classification?: string | null; lead?: string | null }) =>
  c.classification === 'major' ? { lead: c.lead ?? null } : undefined;

/** The supervision a dissatisfied payer's case is put under (by a visit or the online survey). */
export function dissatisfiedOrder(c: CaseRecord, unit: UnitId, by: string, at: string) {
  return [
    ...(c.supervisions ?? []),
    { id: nextId('S', c.supervisions), unit, reason: 'dissatisfied' as const, by, at },
  ];
}

export const ACTION_TYPES = Object.keys(ACTIONS) as ActionType[];

/**
 * The transition an action fires (`classify`, `record-decision` and `decide-return` depend on
 * what was asked, `return` on who asks: a clerk's is a request to the head).
 */
export function transitionOf(action: Action, p: Principal): TransitionName {
  const t = ACTIONS[action.type].transition as
    | TransitionName
    | ((a: Action, p: Principal) => TransitionName);
  return typeof t === 'function' ? t(action, p) : t;
}

/** The transition an action of `type` fires, for the offer: both choices share grants and states. */
function offeredTransition(type: ActionType, p: Principal): TransitionName {
  const t = ACTIONS[type].transition;
  if (typeof t !== 'function') return t;
  const offered: Partial<Record<ActionType, TransitionName>> = {
    classify: 'classifyGeneral',
    'record-decision': 'payerAccept',
    'decide-return': 'refuseReturn',
    return: p.role === 'head' ? 'return' : 'requestReturn',
  };
  return offered[type] ?? 'payerAccept';
}

export type Refusal =
  | { kind: 'state' }
  | { kind: 'not-allowed' }
  | { kind: 'refused'; reason: string };

/**
 * Why the caller may not take an action of `type` on the case now, or undefined when they may:
 * the state, the grant, then the action's own rule. The page offers exactly what passes.
 */
export function refusal(type: ActionType, ctx: ActionContext): Refusal | undefined {
  const t = TRANSITIONS[offeredTransition(type, ctx.p)];
  if (!(t.from as readonly string[]).includes(ctx.record.status)) return { kind: 'state' };
  if (!mayFire(t, actorOf(ctx.p), partiesOf(ctx.record))) return { kind: 'not-allowed' };
  const reason = ACTIONS[type].refuse?.(ctx);
  return reason ? { kind: 'refused', reason } : undefined;
}

/** What the caller may do now, for the case page's forms. */
export function allowedActions(ctx: ActionContext): ActionType[] {
  // The steps the caller owes first, so that the case page opens on them (a walk found the office
  // owing a consultation under 「记录办理情况」); then the rest, each in the table's order.
  const owed = new Set(owedActions(ctx));
  const allowed = ACTION_TYPES.filter((type) => refusal(type, ctx) === undefined);
  return [...allowed.filter((t) => owed.has(t)), ...allowed.filter((t) => !owed.has(t))];
}

/**
 * The action that does each kind of work item (the office's triage may also end in `assign`).
 * A Record over every kind, so a kind added to work.ts without its action fails to compile.
 */
const DOES: Record<WorkKind, ActionType> = {
  'sign-for': 'sign-for',
  triage: 'classify',
  consult: 'record-consultation',
  answer: 'respond',
  proposal: 'record-proposal',
  'approve-proposal': 'approve-proposal',
  'written-opinion': 'record-written-opinion',
  convene: 'record-convening',
  opinion: 'record-opinion',
  extension: 'decide-extension',
  'approve-return': 'decide-return',
  'follow-up': 'record-follow-up',
  serve: 'record-service',
  archive: 'archive',
  supervision: 'answer-supervision',
  assignment: 'report-assignment',
};

/** The actions that would do an item the caller owes now, in the table's order. */
function owedActions(ctx: ActionContext): ActionType[] {
  const owed = new Set(
    openWork(ctx.record)
      .filter((w) => owes(w, ctx.p.unit, ctx.p.role))
      .map((w) => DOES[w.kind]),
  );
  if (owed.has('classify')) owed.add('assign');
  return ACTION_TYPES.filter((t) => owed.has(t));
}

/** The owed actions a rule may hold back after the item opens: only these say why. */
// sign-for: not while the unit's own return waits for its head (a code review, 2026-12-05: the inbox
// listed a sign-for with no form and no reason).
const HELD_BACK: readonly ActionType[] = [
  'sign-for',
  'respond',
  'archive',
  'record-written-opinion',
];

/** Whether a rule may hold back an owed item of `kind` after it opens (the inbox reads its case). */
export function mayBeHeldBack(kind: WorkKind): boolean {
  return HELD_BACK.includes(DOES[kind]);
}

/** The kinds of work item `action` does. */
export function kindsDoneBy(action: ActionType): WorkKind[] {
  return (Object.keys(DOES) as WorkKind[]).filter((kind) => DOES[kind] === action);
}

/**
 * What the caller's unit owes but may not do yet, with the rule's reason: an inbox item with no
 * form on the case page must say why (a staff review found 「调查处理并书面答复」 listed for a major
 * case whose written opinion was not yet formed, and no word of it on the page).
 */
export function heldBackActions(ctx: ActionContext): { action: ActionType; reason: string }[] {
  return owedActions(ctx).flatMap((action) => {
    const why = HELD_BACK.includes(action) ? refusal(action, ctx) : undefined;
    return why?.kind === 'refused' ? [{ action, reason: why.reason }] : [];
  });
}

/**
 * The steps a holder takes on its own initiative, which vanish from the page when a rule closes
 * them: said why, or staff are left guessing (a review found 退回 gone past its window and 申请延期
 * gone past the deadline with no word).
 */
const OWN_INITIATIVE: readonly ActionType[] = ['return', 'request-extension'];

/** The caller's own-initiative steps that a rule closes now, with the rule's reason. */
export function closedActions(ctx: ActionContext): { action: ActionType; reason: string }[] {
  // One waiting for the head is on the page already, with the head's form beside it.
  const waiting = {
    return: Boolean(ctx.record.returnRequest),
    'request-extension': ctx.record.extension?.status === 'pending',
  } as Partial<Record<ActionType, boolean>>;
  // Not the office's extension of a lead's deadline: a rule of who asks, not one that closed a
  // step the office could once take, and it would stand on every view of the case.
  const notTheirs = {
    'request-extension': Boolean(ctx.record.lead && ctx.p.unit !== ctx.record.lead),
  } as Partial<Record<ActionType, boolean>>;
  return OWN_INITIATIVE.flatMap((action) => {
    if (waiting[action] || notTheirs[action]) return [];
    const why = refusal(action, ctx);
    return why?.kind === 'refused' ? [{ action, reason: why.reason }] : [];
  });
}

/** Why what was asked cannot be done, beyond the case's state (checked after `refusal`). */
export function inputRefusal(action: Action, ctx: ActionContext): CheckFinding {
  const check = ACTIONS[action.type].check as
    | ((a: Action, c: ActionContext) => CheckFinding)
    | undefined;
  return check?.(action, ctx);
}

/** The effect of an action that passed its checks. */
export function effectOf(
  action: Action,
  ctx: ActionContext,
  deps: { serials: ProposalSerials },
): Effect | Promise<Effect> {
  const apply = ACTIONS[action.type].apply as (
    a: Action,
    c: ActionContext,
    d: { serials: ProposalSerials },
  ) => Effect | Promise<Effect>;
  return apply(action, ctx, deps);
}
