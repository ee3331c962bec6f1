/**
 * What unit staff, the joint office and leaders do (DESIGN.md §1, §5; seed 三): read a case, act
 * on it, register a case that came in at a window, and list an inbox. Each action is one lifecycle
 * transition through applyTransition.
 */
import type { z } from 'zod';
import type {
  Action,
  ActionType,
  DeadlineView,
  InboxQuerySchema,
  InboxResponse,
  RegisterCase,
  StaffCaseView,
} from '#contracts/staff.ts';
import type { WorkingCalendar } from './calendar.ts';
import { type CaseRecord, type Due, shanghaiDate } from './case.ts';
import type { DeadlinePolicy } from './deadlines.ts';
import { formatProposalSerial, maskIdNumber, maskName, maskPhone } from './identifiers.ts';
import { type IntakeDeps, submitCase } from './intake.ts';
import {
  IllegalTransitionError,
  mayFire,
  NotAllowedError,
  STATUS_LABELS,
  TRANSITIONS,
  type TransitionName,
} from './lifecycle.ts';
import { matterLabel } from './matters.ts';
import type {
  CaseChange,
  CaseStore,
  Clock,
  Count,
  Dispatcher,
  Notifier,
  ProposalSerials,
  Settings,
} from './ports.ts';
import { actorOf, canSee, type Principal, seesAll, seesPayer } from './principal.ts';
import { describeDecision, type RoutingDecision, route } from './routing.ts';
import {
  ActionRefusedError,
  applyTransition,
  CaseNotFoundError,
  pendingOpinionUnits,
} from './transitions.ts';
import { OFFICE, type UnitId } from './units.ts';

type InboxQuery = z.infer<typeof InboxQuerySchema>;

export interface StaffDeps {
  store: CaseStore;
  clock: Clock;
  settings: Settings;
  dispatcher: Dispatcher;
  serials: ProposalSerials;
  notifier: Notifier;
}

const TRANSITION_OF: Record<ActionType, (a: Action) => TransitionName> = {
  'sign-for': () => 'signFor',
  return: () => 'return',
  note: () => 'note',
  'request-extension': () => 'requestExtension',
  'decide-extension': () => 'decideExtension',
  'request-opinion': () => 'requestOpinion',
  'record-opinion': () => 'recordOpinion',
  respond: () => 'respond',
  archive: () => 'archive',
  classify: (a) =>
    a.type === 'classify' && a.as === 'major' ? 'classifyMajor' : 'classifyGeneral',
  assign: () => 'assignFromTriage',
  'record-consultation': () => 'recordConsultation',
  'record-proposal': () => 'recordProposal',
  'approve-proposal': () => 'decideProposal',
  'record-written-opinion': () => 'recordWrittenOpinion',
  'record-follow-up': () => 'recordFollowUp',
};

const ACTION_TYPES = Object.keys(TRANSITION_OF) as ActionType[];

const withUnit = (units: readonly UnitId[], unit: UnitId): UnitId[] =>
  units.includes(unit) ? [...units] : [...units, unit];

/** The answer deadline, by kind of case (DESIGN.md §6). */
function answerDays(record: CaseRecord, policy: DeadlinePolicy): number {
  if (record.classification === 'major') return policy.answerMajor;
  if (record.classification === 'general') return policy.answerJointGeneral;
  return policy.answerSingle;
}

function due(kind: Due['kind'], from: string, days: number, calendar: WorkingCalendar): Due {
  const { date, covered } = calendar.addWorkingDays(from, days);
  return { kind, date, covered, from, days };
}

/** Checks an action's own preconditions, beyond the lifecycle's state and grants. */
function refusal(
  action: Action,
  record: CaseRecord,
  today: string,
  calendar: WorkingCalendar,
  policy: DeadlinePolicy,
): string | undefined {
  switch (action.type) {
    case 'return': {
      if (!record.assignedAt) return undefined;
      const window = calendar.addWorkingDays(
        shanghaiDate(new Date(record.assignedAt)),
        policy.returnWindow,
      );
      return today > window.date
        ? `退回须在派单后 ${policy.returnWindow} 个工作日内（${window.date} 前）提出；已超过期限，请办理或报工作室协调。`
        : undefined;
    }
    case 'request-extension':
      return record.extension?.status === 'pending' ? '已有一项延期申请待审批。' : undefined;
    case 'decide-extension':
      return record.extension?.status === 'pending' ? undefined : '没有待审批的延期申请。';
    case 'record-opinion':
      return pendingOpinionUnits(record).length === 0 ? '没有待回复的协办意见。' : undefined;
    case 'assign':
      return action.unit === OFFICE ? '请选择一个成员单位。' : undefined;
    case 'record-proposal':
      return record.proposal && record.proposal.status !== 'refused'
        ? '这个案件已有拟办意见报送单。'
        : undefined;
    case 'approve-proposal':
      return record.proposal?.status === 'submitted' ? undefined : '没有待审批的拟办意见。';
    case 'record-follow-up':
      return record.followUp?.status === 'open' ? undefined : '回访任务尚未生成，或已经完成。';
    default:
      return undefined;
  }
}

/** What the principal may do now, for the case page's forms. */
export function allowedActions(record: CaseRecord, p: Principal): ActionType[] {
  const parties = {
    holder: record.holder,
    lead: record.lead ?? null,
    assisting: pendingOpinionUnits(record),
  };
  const actor = actorOf(p);
  return ACTION_TYPES.filter((type) => {
    const name = TRANSITION_OF[type]({ type } as Action);
    const t = TRANSITIONS[name];
    if (!(t.from as readonly string[]).includes(record.status) || !mayFire(t, actor, parties))
      return false;
    if (type === 'decide-extension') return record.extension?.status === 'pending';
    if (type === 'request-extension') return record.extension?.status !== 'pending';
    if (type === 'approve-proposal') return record.proposal?.status === 'submitted';
    if (type === 'record-proposal') return !record.proposal || record.proposal.status === 'refused';
    if (type === 'record-written-opinion') return record.proposal?.status === 'approved';
    if (type === 'record-follow-up') return record.followUp?.status === 'open';
    if (type === 'record-opinion') return pendingOpinionUnits(record).length > 0;
    return true;
  });
}

/** The staff view of a case, masked as the caller's unit requires. */
export function toStaffView(
  record: CaseRecord,
  timeline: Awaited<ReturnType<CaseStore['timeline']>>,
  p: Principal,
  today: string,
): StaffCaseView {
  const full = seesPayer(p, record);
  const payer = full
    ? record.payer
    : {
        kind: record.payer.kind,
        name: maskName(record.payer.name, record.payer.kind),
        idNumber: maskIdNumber(record.payer.idNumber),
        phone: maskPhone(record.payer.phone),
      };
  const deadlines: DeadlineView[] = record.due
    ? [
        {
          kind: record.due.kind,
          label: record.due.kind === 'sign-for' ? '签收期限' : '答复期限',
          due: record.due.date,
          covered: record.due.covered,
          basis:
            record.due.from && record.due.days !== undefined
              ? `自 ${record.due.from} 起算 ${record.due.days} 个工作日（节假日和调休按国务院安排）`
              : '',
          overdue: today > record.due.date,
        },
      ]
    : [];
  const { target: _target, ...routing } = record.routing;
  return {
    caseNumber: record.caseNumber,
    version: record.version,
    status: record.status,
    statusLabel: STATUS_LABELS[record.status],
    channel: record.channel,
    registeredOn: record.registeredOn ?? shanghaiDate(new Date(record.receivedAt)),
    payer,
    masked: !full,
    matters: record.matters.map((m) => ({ ...m, label: matterLabel(m.type) })),
    description: record.description,
    routing: { ...routing, explanation: describeDecision(record.routing) },
    holder: record.holder,
    lead: record.lead ?? null,
    heldBy: record.heldBy,
    classification: record.classification ?? null,
    deadlines,
    timeline: timeline.map((e) => ({
      seq: e.seq,
      at: e.at,
      transition: e.transition,
      from: e.from,
      to: e.to,
      note: e.note,
      actor: e.actor,
      ...(e.text ? { text: e.text } : {}),
      ...(e.detail ? { detail: e.detail } : {}),
    })),
    answer: record.answer ?? null,
    decision: record.decision ?? null,
    extension: record.extension ?? null,
    opinions: record.opinions ?? [],
    consultations: record.consultations ?? [],
    proposal: record.proposal
      ? {
          serial: formatProposalSerial(record.proposal.year, record.proposal.n),
          contactName: record.proposal.contactName,
          contactPhone: record.proposal.contactPhone,
          summary: record.proposal.summary,
          proposedOpinion: record.proposal.proposedOpinion,
          status: record.proposal.status,
        }
      : null,
    writtenOpinion: record.writtenOpinion ?? null,
    returns: record.returns ?? [],
    attachments: record.attachments ?? [],
    supervision: record.supervision ?? null,
    followUp: record.followUp ?? null,
    allowedActions: allowedActions(record, p),
  };
}

/** The case as the caller may see it; CaseNotFoundError when their unit never held it. */
export async function staffCase(
  caseNumber: string,
  p: Principal,
  deps: Pick<StaffDeps, 'store' | 'clock'>,
): Promise<StaffCaseView> {
  const record = await deps.store.get(caseNumber);
  if (!record || !canSee(p, record)) throw new CaseNotFoundError(caseNumber);
  const timeline = await deps.store.timeline(caseNumber);
  return toStaffView(record, timeline, p, shanghaiDate(deps.clock.now()));
}

/** The case as the caller may see it, or undefined when it is not there or not theirs to see. */
export async function findStaffCase(
  caseNumber: string,
  p: Principal,
  deps: Pick<StaffDeps, 'store' | 'clock'>,
): Promise<StaffCaseView | undefined> {
  try {
    return await staffCase(caseNumber, p, deps);
  } catch (error) {
    if (error instanceof CaseNotFoundError) return undefined;
    throw error;
  }
}

/** Performs one action of the mechanism on a case and returns the case after it. */
export async function performAction(
  caseNumber: string,
  action: Action,
  p: Principal,
  deps: StaffDeps,
): Promise<StaffCaseView> {
  const record = await deps.store.get(caseNumber);
  if (!record || !canSee(p, record)) throw new CaseNotFoundError(caseNumber);
  const [calendar, policy] = await Promise.all([
    deps.settings.calendar(),
    deps.settings.deadlines(),
  ]);
  const now = deps.clock.now();
  const today = shanghaiDate(now);
  const name = TRANSITION_OF[action.type](action);
  if (!(TRANSITIONS[name].from as readonly string[]).includes(record.status)) {
    throw new IllegalTransitionError(name, record.status);
  }
  const refused = refusal(action, record, today, calendar, policy);
  if (refused) throw new ActionRefusedError(refused);

  let change: (current: CaseRecord, at: string) => CaseChange = () => ({});
  let text: string | undefined;
  let detail: Record<string, string> | undefined;
  let counts: Count[] = [];
  let rerouted: RoutingDecision | undefined;
  const user = p.user;

  switch (action.type) {
    case 'sign-for':
      change = (c) => ({ due: due('answer', today, answerDays(c, policy), calendar) });
      break;
    case 'return': {
      const unit = record.holder as UnitId;
      const returned = [...new Set([...(record.returns ?? []).map((r) => r.unit), unit])];
      // To the office: every responsible unit is set aside, so each matter lands in triage.
      const exclude =
        action.to === 'office' ? [...new Set([...returned, ...record.routing.units])] : returned;
      rerouted = route(record.matters, { exclude: exclude.filter((u) => u !== OFFICE) });
      const routing = rerouted;
      change = (c, at) => ({
        routing,
        holder: null,
        lead: null,
        due: null,
        returns: [...(c.returns ?? []), { unit, reason: action.reason, at }],
      });
      text = action.note;
      detail = { reason: action.reason, to: action.to };
      counts = [{ stat: 'returns', key: unit }];
      break;
    }
    case 'note':
      text = action.note;
      break;
    case 'request-extension':
      change = () => ({
        extension: {
          days: action.days,
          reason: action.reason,
          status: 'pending',
          requestedBy: user,
        },
      });
      text = action.reason;
      detail = { days: String(action.days) };
      break;
    case 'decide-extension': {
      const ext = record.extension;
      change = (c) => ({
        extension: ext ? { ...ext, status: action.approve ? 'approved' : 'refused' } : null,
        ...(action.approve && ext && c.due
          ? { due: due(c.due.kind, c.due.from ?? today, (c.due.days ?? 0) + ext.days, calendar) }
          : {}),
      });
      if (action.note) text = action.note;
      detail = { approved: String(action.approve) };
      break;
    }
    case 'request-opinion':
      change = (c, at) => ({
        opinions: [
          ...(c.opinions ?? []),
          { unit: action.unit, question: action.question, requestedAt: at },
        ],
        heldBy: withUnit(c.heldBy, action.unit),
      });
      text = action.question;
      detail = { unit: action.unit };
      break;
    case 'record-opinion': {
      const pending = pendingOpinionUnits(record);
      const answering = p.unit && pending.includes(p.unit) ? p.unit : pending[0];
      change = (c, at) => {
        let done = false;
        return {
          opinions: (c.opinions ?? []).map((o) => {
            if (done || o.unit !== answering || o.opinion !== undefined) return o;
            done = true;
            return { ...o, opinion: action.opinion, answeredAt: at };
          }),
        };
      };
      text = action.opinion;
      if (answering) detail = { unit: answering };
      break;
    }
    case 'respond': {
      // The follow-up visit (回访) is due within the policy's days; its task appears the next
      // working day, and the deadline it carries is the one the supervision sweep watches.
      const unit = p.unit as UnitId;
      const visibleFrom = calendar.addWorkingDays(today, 1).date;
      const followDue = due('follow-up', today, policy.followUp, calendar);
      change = (_c, at) => ({
        answer: { text: action.answer, unit, at },
        due: followDue,
        supervision: null,
        followUp: { unit, visibleFrom, due: followDue.date, status: 'scheduled' },
      });
      break;
    }
    case 'record-follow-up': {
      const dissatisfied = action.result === 'dissatisfied';
      change = (c) => ({
        followUp: c.followUp
          ? {
              ...c.followUp,
              status: 'done',
              result: action.result,
              by: 'staff',
              ...(action.note ? { note: action.note } : {}),
            }
          : null,
        due: null,
        // A dissatisfied payer puts the case back under the leading group's supervision.
        supervision: dissatisfied
          ? {
              level: 'supervision',
              reason: 'dissatisfied',
              dueDate: c.followUp?.due ?? today,
              supervisedOn: today,
            }
          : (c.supervision ?? null),
      });
      if (action.note) text = action.note;
      detail = { result: action.result };
      break;
    }
    case 'archive':
      change = () => ({ due: null });
      break;
    case 'classify':
      change = (c) => {
        const next: CaseRecord = { ...c, classification: action.as };
        return {
          classification: action.as,
          lead: action.lead as UnitId,
          heldBy: withUnit(c.heldBy, action.lead as UnitId),
          due: due('answer', today, answerDays(next, policy), calendar),
        };
      };
      detail = { as: action.as, lead: action.lead };
      break;
    case 'assign':
      change = (c, at) => ({
        holder: action.unit as UnitId,
        heldBy: withUnit(c.heldBy, action.unit as UnitId),
        assignedAt: at,
        due: due('sign-for', today, policy.signFor, calendar),
      });
      detail = { unit: action.unit };
      break;
    case 'record-consultation':
      change = (c) => ({
        consultations: [
          ...(c.consultations ?? []),
          {
            date: action.date,
            units: action.units as UnitId[],
            positions: action.positions as { unit: UnitId; position: string }[],
            conclusion: action.conclusion,
            minutes: action.minutes,
            lead: action.lead as UnitId,
            recordedBy: user,
          },
        ],
        lead: action.lead as UnitId,
        heldBy: (action.units as UnitId[]).reduce(
          withUnit,
          withUnit(c.heldBy, action.lead as UnitId),
        ),
      });
      detail = { lead: action.lead, units: action.units.join(',') };
      break;
    case 'record-proposal': {
      // The serial is drawn first: it is the case's for good (asking again returns it), so a lost
      // race below leaves no gap in the year's sequence.
      const serial = await deps.serials.allocate(Number(today.slice(0, 4)), caseNumber);
      change = () => ({
        proposal: {
          ...serial,
          contactName: action.contactName,
          contactPhone: action.contactPhone,
          summary: action.summary,
          proposedOpinion: action.proposedOpinion,
          status: 'submitted',
        },
      });
      detail = { serial: formatProposalSerial(serial.year, serial.n) };
      break;
    }
    case 'approve-proposal':
      change = (c) => ({
        proposal: c.proposal
          ? { ...c.proposal, status: action.approve ? 'approved' : 'refused' }
          : null,
      });
      if (action.note) text = action.note;
      detail = { approved: String(action.approve) };
      break;
    case 'record-written-opinion':
      change = () => ({ writtenOpinion: action.opinion });
      text = action.opinion;
      break;
  }

  const after = await applyTransition(
    {
      caseNumber,
      name,
      actor: actorOf(p),
      ...(action.version !== undefined ? { expectedVersion: action.version } : {}),
      change,
      ...(text ? { text } : {}),
      ...(detail ? { detail } : {}),
      counts,
    },
    deps,
  );

  // After the write: a returned case goes back through its unit queue; an assigned one is news.
  if (rerouted) await deps.dispatcher.send(rerouted.target, caseNumber);
  if (action.type === 'assign')
    await notifySafely(deps, { kind: 'new-in-inbox', unit: action.unit as UnitId, caseNumber });
  if (action.type === 'respond') {
    await notifySafely(deps, { kind: 'answered', phone: record.payer.phone, caseNumber });
  }
  if (action.type === 'record-follow-up' && action.result === 'dissatisfied') {
    const unit = record.followUp?.unit ?? record.holder ?? OFFICE;
    await notifySafely(deps, { kind: 'supervision', caseNumber, unit, reason: 'dissatisfied' });
  }

  return toStaffView(after, await deps.store.timeline(caseNumber), p, today);
}

async function notifySafely(
  deps: Pick<StaffDeps, 'notifier'>,
  message: Parameters<Notifier['notify']>[0],
) {
  try {
    await deps.notifier.notify(message);
  } catch {
    // Notifications are a courtesy: the inbox and the status page are the record.
  }
}

/**
 * True when the principal may register a visit or call: the `receive` transition's grant (staff
 * or head of a unit; leaders and administrators belong to none).
 */
export function mayRegister(p: Principal): boolean {
  return mayFire(TRANSITIONS.receive, actorOf(p), { holder: null, assisting: [] });
}

/**
 * A case registered at a window by staff of any unit (seed 三(一)3), routed like an online one.
 * `idempotencyKey`: the registration form's own key, so a double-clicked 「登记」 files one case.
 */
export async function registerCase(
  input: RegisterCase,
  p: Principal,
  deps: Pick<IntakeDeps, 'store' | 'dispatcher' | 'clock' | 'ids'>,
  o: { idempotencyKey?: string } = {},
) {
  if (p.unit === null || !mayRegister(p)) throw new NotAllowedError('receive');
  return submitCase(
    { payer: input.payer, matters: input.matters, description: input.description, consent: true },
    {
      channel: input.channel,
      registeredBy: { unit: p.unit, user: p.user },
      registeredOn: input.registeredOn,
      ...(o.idempotencyKey ? { idempotencyKey: o.idempotencyKey } : {}),
    },
    deps,
  );
}

/**
 * The inbox of the caller's unit, or of the unit the office or a leader asks for, with each item
 * masked and marked overdue against today in Asia/Shanghai.
 */
export async function inbox(
  p: Principal,
  query: InboxQuery,
  deps: Pick<StaffDeps, 'store' | 'clock'>,
): Promise<InboxResponse> {
  const unit = (query.unit && seesAll(p) ? query.unit : p.unit) as UnitId | null;
  if (unit === null) throw new ActionRefusedError('请选择要查看的单位收件箱。');
  const today = shanghaiDate(deps.clock.now());
  const page = await deps.store.inbox(unit, {
    limit: query.limit,
    cursor: query.cursor,
    status: query.status,
    matter: query.matter,
    insurance: query.insurance,
    channel: query.channel,
  });
  return {
    items: page.items.map((c) => ({
      caseNumber: c.caseNumber,
      version: c.version,
      status: c.status,
      statusLabel: STATUS_LABELS[c.status],
      channel: c.channel,
      mode: c.routing.mode,
      matters: [...new Set(c.matters.map((m) => m.type))],
      insurance: [...new Set(c.matters.flatMap((m) => m.insurance))],
      payerName: maskName(c.payer.name, c.payer.kind),
      receivedAt: c.receivedAt,
      due: c.due?.date ?? null,
      dueKind: c.due?.kind ?? null,
      overdue: c.due !== null && today > c.due.date,
      dueCovered: c.due?.covered ?? true,
      supervision: c.supervision?.level ?? null,
    })),
    next: page.next,
  };
}
