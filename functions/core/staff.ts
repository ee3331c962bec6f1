/**
 * What unit staff, the joint office and leaders do (DESIGN.md §1, §5; seed 三): read a case, act
 * on it, register a case that came in at a window, and list an inbox. Each action is one lifecycle
 * transition through applyTransition.
 */
import type * as z from 'zod';
import type {
  Action,
  DeadlineView,
  InboxQuerySchema,
  InboxResponse,
  RegisterCase,
  StaffCaseView,
  WorkView,
} from '#contracts/staff.ts';
import { mayReissueAccessCode } from './access-code.ts';
import {
  type ActionContext,
  allowedActions,
  closedActions,
  effectOf,
  extendedDue,
  heldBackActions,
  inputRefusal,
  kindsDoneBy,
  mayBeHeldBack,
  refusal,
  routingAfterReturn,
  transitionOf,
} from './actions.ts';
import { type CaseRecord, DUE_LABELS } from './case.ts';
import {
  contactOf,
  formatProposalSerial,
  maskIdNumber,
  maskName,
  maskPhone,
} from './identifiers.ts';
import { type IntakeDeps, submitCase } from './intake.ts';
import {
  IllegalTransitionError,
  mayFire,
  NotAllowedError,
  STATUS_LABELS,
  TRANSITIONS,
} from './lifecycle.ts';
import { matterLabel } from './matters.ts';
import { notifySafely } from './notifications.ts';
import type { CaseStore, Clock, Dispatcher, Notifier, ProposalSerials, Settings } from './ports.ts';
import {
  actorOf,
  canSee,
  type Principal,
  readsCaseFiles,
  seesAll,
  seesPayer,
} from './principal.ts';
import { describeDecision } from './routing.ts';
import { objectionWindow } from './supervision.ts';
import { chineseDay, shanghaiDate } from './time.ts';
import {
  ActionInputError,
  ActionRefusedError,
  applyTransition,
  CaseNotFoundError,
  ConcurrentChangeError,
} from './transitions.ts';
import type { UnitId } from './units.ts';
import {
  dissatisfactionUnanswered,
  openWork,
  saidDissatisfied,
  stanceSettled,
  WORK_LABELS,
  type WorkKind,
  workLine,
} from './work.ts';

type InboxQuery = z.infer<typeof InboxQuerySchema>;

export interface StaffDeps {
  store: CaseStore;
  clock: Clock;
  settings: Settings;
  dispatcher: Dispatcher;
  serials: ProposalSerials;
  notifier: Notifier;
}

/** The extension as the staff view shows it; a pending one with the date it would set. */
function extensionView(record: CaseRecord, ctx: ActionContext): StaffCaseView['extension'] {
  const ext = record.extension;
  if (ext?.status !== 'pending') return ext ?? null;
  const moved = extendedDue(record, ext.days, ctx.today, ctx.calendar);
  return moved ? { ...ext, wouldBe: { due: moved.date, covered: moved.covered } } : ext;
}

/**
 * Until when the payer may object, and what their silence then means, while they may (the sweep
 * reads the same window: supervision.ts). Staff see the day the payer was told, and what follows.
 */
function objectionWindowView(
  record: CaseRecord,
  ctx: ActionContext,
): Pick<StaffCaseView, 'objectionWindow'> {
  if (record.status !== 'responded' || stanceSettled(record)) return {};
  const window = objectionWindow(record, ctx.calendar, ctx.policy.silenceMeansAccept);
  if (!window) return {};
  return {
    objectionWindow: {
      lastDay: window.last,
      silence: saidDissatisfied(record) ? 'lapses' : 'accepts',
      ...(dissatisfactionUnanswered(record) ? { waitsForSupervision: true as const } : {}),
      ...(window.told ? { told: true as const } : {}),
      covered: ctx.calendar.covers(window.last),
    },
  };
}

/**
 * The answer's days in words, an approved extension named apart: 「15 个工作日，经批准延期 5 个工作
 * 日，共 20 个工作日」 (a staff review read 「20 个工作日」 alone and could not tell the extension in it).
 */
function daysWithExtension(record: CaseRecord, days: number): string {
  const ext = record.extension;
  return record.due?.kind === 'answer' && ext?.status === 'approved' && ext.days < days
    ? `${days - ext.days} 个工作日，经批准延期 ${ext.days} 个工作日，共 ${days} 个工作日`
    : `${days} 个工作日`;
}

/** The case's files as the caller may list them, or their count when it may not open them. */
function filesFor(p: Principal, record: CaseRecord) {
  const files = record.attachments ?? [];
  if (readsCaseFiles(p, record)) return { attachments: files };
  return { attachments: [], ...(files.length ? { filesWithheld: files.length } : {}) };
}

/** The staff view of a case, masked as the caller's unit requires. */
export function toStaffView(
  record: CaseRecord,
  timeline: Awaited<ReturnType<CaseStore['timeline']>>,
  ctx: ActionContext,
): StaffCaseView {
  const { p, today } = ctx;
  // A unit asked for an opinion, or given a 交办 task, sees the payer while it owes the answer:
  // it looks the payer up in its own records (a staff review found finance, asked whether a
  // refund had been received, shown 示** and 150426********0218). Once answered, masked again.
  const owesAnswer = openWork(record).some(
    (w) => w.unit === p.unit && (w.kind === 'opinion' || w.kind === 'assignment'),
  );
  const full = seesPayer(p, record) || owesAnswer;
  const held = heldBackActions(ctx);
  const closed = closedActions(ctx);
  const { source } = record.payer;
  const payer: StaffCaseView['payer'] = full
    ? record.payer
    : {
        kind: record.payer.kind,
        name: maskName(record.payer.name, record.payer.kind),
        idNumber: maskIdNumber(record.payer.idNumber),
        phone: maskPhone(record.payer.phone),
        ...(record.payer.idPending ? { idPending: true } : {}),
        // Where a lead came from is not personal, its reference (an address, a number) may be.
        ...(source ? { source: { kind: source.kind, reference: '' } } : {}),
      };
  const other = record.counterparty;
  const counterparty =
    other && !full
      ? {
          kind: other.kind,
          name: maskName(other.name, other.kind),
          ...(other.idNumber ? { idNumber: maskIdNumber(other.idNumber) } : {}),
          ...(other.phone ? { phone: maskPhone(other.phone) } : {}),
        }
      : (other ?? null);
  const receiver = record.receivedBy;
  const deadlines: DeadlineView[] = record.due
    ? [
        {
          kind: record.due.kind,
          // In the office's hands before classification, the first step is 分办, not 签收.
          label:
            record.due.kind === 'sign-for' && record.status === 'triage'
              ? '分办期限'
              : DUE_LABELS[record.due.kind],
          due: record.due.date,
          covered: record.due.covered,
          basis:
            record.due.from && record.due.days !== undefined
              ? `自 ${chineseDay(record.due.from)} 起算 ${daysWithExtension(record, record.due.days)}（${
                  record.due.covered
                    ? '节假日和调休按国务院安排'
                    : '国务院节假日安排未公布的年份暂按法定节假日计算，安排录入后自动重新计算'
                }）`
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
    contact: contactOf(record.payer.phone),
    counterparty,
    // Its note may name the person who signed for it: shown as the counterparty is, masked or not.
    counterpartyServed: record.counterpartyServed
      ? full
        ? record.counterpartyServed
        : (({ note: _, ...served }) => served)(record.counterpartyServed)
      : null,
    visitedAt: record.visitedAt ?? null,
    receivedBy: receiver
      ? {
          unit: receiver.unit,
          user: receiver.user,
          name: receiver.name ?? null,
          phone: receiver.phone ?? null,
        }
      : null,
    masked: !full,
    ...(mayReissueAccessCode(p, record) ? { reissuesAccessCode: true as const } : {}),
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
    ...(record.lapsed ? { lapsed: record.lapsed } : {}),
    ...objectionWindowView(record, ctx),
    extension: extensionView(record, ctx),
    returnRequest: record.returnRequest
      ? {
          ...record.returnRequest,
          wouldGoTo: routingAfterReturn(record, record.returnRequest.to).units,
        }
      : null,
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
    // Listed to those who may open them: a file's name can name the payer (王小明身份证.jpg).
    // The others learn how many there are, not that there are none (a review, 2026-12-05).
    ...filesFor(p, record),
    supervision: supervisionOf(record),
    followUp: record.followUp ?? null,
    work: workViews(record, today),
    supervisions: record.supervisions ?? [],
    assignments: record.assignments ?? [],
    convening: record.convening ?? null,
    remedies: record.remedies ?? [],
    allowedActions: allowedActions(ctx),
    ...(held.length ? { heldBack: held } : {}),
    ...(closed.length ? { closed } : {}),
  };
}

/** The case's items for its page: open ones by due date, then closed ones, newest first. */
function workViews(record: CaseRecord, today: string): WorkView[] {
  const items = [...(record.work ?? [])].sort((a, b) =>
    a.state !== b.state
      ? a.state === 'open'
        ? -1
        : 1
      : a.state === 'open'
        ? a.due.localeCompare(b.due)
        : (b.closedAt ?? '').localeCompare(a.closedAt ?? ''),
  );
  return items.map((w) => ({
    id: w.id,
    kind: w.kind,
    label: WORK_LABELS[w.kind],
    unit: w.unit,
    role: w.role ?? null,
    openedAt: w.openedAt,
    due: w.due,
    covered: w.covered,
    overdue: w.state === 'open' && today > w.due,
    state: w.state,
    closedAt: w.closedAt ?? null,
    closedBy: w.closedBy ?? null,
    chasedOn: w.chasedOn ?? null,
    supervisedOn: w.supervisedOn ?? null,
    orderedOn: w.orderedOn ?? null,
  }));
}

/**
 * The case's 催办/督办 in one mark (the version 1 field): a dissatisfied payer's open supervision,
 * else the most escalated mark of an open item.
 */
export function supervisionOf(record: CaseRecord): StaffCaseView['supervision'] {
  const open = openWork(record);
  const dissatisfied = open.find(
    (w) =>
      w.kind === 'supervision' &&
      record.supervisions?.find((s) => s.id === w.ref)?.reason === 'dissatisfied',
  );
  if (dissatisfied) {
    return {
      level: 'supervision',
      reason: 'dissatisfied',
      dueDate: dissatisfied.due,
      // Ordered by rule the day the payer said 不满意: an order, not a report.
      supervisedOn: dissatisfied.openedAt.slice(0, 10),
      orderedOn: dissatisfied.openedAt.slice(0, 10),
    };
  }
  const marked = open.find((w) => w.supervisedOn || w.orderedOn) ?? open.find((w) => w.chasedOn);
  if (!marked) return null;
  return {
    level: marked.supervisedOn || marked.orderedOn ? 'supervision' : 'chase',
    reason: 'overdue',
    dueDate: marked.due,
    ...(marked.chasedOn ? { chasedOn: marked.chasedOn } : {}),
    ...(marked.supervisedOn ? { supervisedOn: marked.supervisedOn } : {}),
    ...(marked.orderedOn ? { orderedOn: marked.orderedOn } : {}),
  };
}

/** What the action rules read for the caller today, but the case. */
async function rulesContext(
  p: Principal,
  deps: Pick<StaffDeps, 'clock' | 'settings'>,
): Promise<Omit<ActionContext, 'record'>> {
  const [calendar, policy] = await Promise.all([
    deps.settings.calendar(),
    deps.settings.deadlines(),
  ]);
  return { p, today: shanghaiDate(deps.clock.now()), calendar, policy };
}

/** What the action rules read for the caller on this case today. */
async function contextOf(
  record: CaseRecord,
  p: Principal,
  deps: Pick<StaffDeps, 'clock' | 'settings'>,
): Promise<ActionContext> {
  return { record, ...(await rulesContext(p, deps)) };
}

/** The case as the caller may see it; CaseNotFoundError when their unit never held it. */
export async function staffCase(
  caseNumber: string,
  p: Principal,
  deps: Pick<StaffDeps, 'store' | 'clock' | 'settings'>,
): Promise<StaffCaseView> {
  const record = await deps.store.get(caseNumber);
  if (!record || !canSee(p, record)) throw new CaseNotFoundError(caseNumber);
  const timeline = await deps.store.timeline(caseNumber);
  return toStaffView(record, timeline, await contextOf(record, p, deps));
}

/** The case as the caller may see it, or undefined when it is not there or not theirs to see. */
export async function findStaffCase(
  caseNumber: string,
  p: Principal,
  deps: Pick<StaffDeps, 'store' | 'clock' | 'settings'>,
): Promise<StaffCaseView | undefined> {
  try {
    return await staffCase(caseNumber, p, deps);
  } catch (error) {
    if (error instanceof CaseNotFoundError) return undefined;
    throw error;
  }
}

/** Reads of the case one action without a version may take when others change it meanwhile. */
const ACTION_ATTEMPTS = 3;

/**
 * Performs one action of the mechanism on a case and returns the case after it. The action's
 * entry in the table (functions/core/actions.ts) says whether it may be done and what it does.
 *
 * The step is written over the very case its rules were checked on: pinned to the version the
 * person saw (the pages send it; a stale one is a conflict for them to reload), or, without one
 * (an API client), to the version read here, read again when someone changed the case meanwhile.
 * Two clerks recording the payer's decision at once then record one, and refuse the other.
 */
export async function performAction(
  caseNumber: string,
  action: Action,
  p: Principal,
  deps: StaffDeps,
): Promise<StaffCaseView> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptAction(caseNumber, action, p, deps);
    } catch (error) {
      const again =
        error instanceof ConcurrentChangeError &&
        action.version === undefined &&
        attempt < ACTION_ATTEMPTS;
      if (!again) throw error;
    }
  }
}

async function attemptAction(
  caseNumber: string,
  action: Action,
  p: Principal,
  deps: StaffDeps,
): Promise<StaffCaseView> {
  const record = await deps.store.get(caseNumber);
  if (!record || !canSee(p, record)) throw new CaseNotFoundError(caseNumber);
  // A form from a page drawn before another step: said as such, before the rules that step
  // changed answer for it (a head who had decided an extension in another tab was told
  // 「您不能进行这项操作」, a staff review on 2026-12-04).
  if (action.version !== undefined && action.version !== record.version) {
    throw new ConcurrentChangeError(caseNumber);
  }
  const ctx = await contextOf(record, p, deps);
  const name = transitionOf(action, p);
  const refused = refusal(action.type, ctx);
  if (refused?.kind === 'state') throw new IllegalTransitionError(name, record.status);
  if (refused?.kind === 'not-allowed') throw new NotAllowedError(name);
  if (refused) throw new ActionRefusedError(refused.reason);
  const wrong = inputRefusal(action, ctx);
  if (typeof wrong === 'string') throw new ActionRefusedError(wrong);
  if (wrong) throw new ActionInputError(wrong.pointer, wrong.detail);

  const effect = await effectOf(action, ctx, deps);
  const after = await applyTransition(
    {
      caseNumber,
      name,
      actor: actorOf(p),
      expectedVersion: action.version ?? record.version,
      current: record,
      ...(effect.change ? { change: effect.change } : {}),
      ...(effect.text ? { text: effect.text } : {}),
      ...(effect.detail ? { detail: effect.detail } : {}),
      counts: effect.counts ?? [],
    },
    deps,
  );

  // After the write: a returned case goes back through its unit queue; messages are a courtesy.
  if (effect.dispatch) await deps.dispatcher.send(effect.dispatch.target, caseNumber);
  for (const message of effect.tell ?? []) await notifySafely(deps.notifier, message);
  return toStaffView(after, await deps.store.timeline(caseNumber), { ...ctx, record: after });
}

/**
 * True when the principal may register a visit or call: the `receive` transition's grant (staff
 * or head of a unit; leaders and administrators belong to none).
 */
export function mayRegister(p: Principal): boolean {
  return mayFire(TRANSITIONS.receive, actorOf(p), { holder: null, owes: [] });
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
    {
      payer: input.payer,
      matters: input.matters,
      description: input.description,
      counterparty: input.counterparty,
    },
    {
      channel: input.channel,
      // The clerk as annex 2 prints them: name and work phone from the account, as of today.
      registeredBy: {
        unit: p.unit,
        user: p.user,
        ...(p.name ? { name: p.name } : {}),
        ...(p.phone ? { phone: p.phone } : {}),
      },
      registeredOn: input.registeredOn,
      visitedAt: input.visitedAt,
      ...(o.idempotencyKey ? { idempotencyKey: o.idempotencyKey } : {}),
    },
    deps,
  );
}

/**
 * The open work of the caller's unit (or of the unit the office or a leader asks for), overdue
 * first, then by due date, each item with its case masked as lists are, and the count per kind.
 */
export async function inbox(
  p: Principal,
  query: InboxQuery,
  deps: Pick<StaffDeps, 'store' | 'clock' | 'settings'>,
): Promise<InboxResponse> {
  const unit = (query.unit && seesAll(p) ? query.unit : p.unit) as UnitId | null;
  if (unit === null) throw new ActionRefusedError('请选择要查看的单位收件箱。');
  // Looking at another unit's inbox shows every item of it, heads' included.
  const role = unit === p.unit ? p.role : 'head';
  const today = shanghaiDate(deps.clock.now());
  const [page, counts] = await Promise.all([
    deps.store.inbox(unit, {
      limit: query.limit,
      role,
      cursor: query.cursor,
      kind: query.kind,
      status: query.status,
      matter: query.matter,
      insurance: query.insurance,
      channel: query.channel,
    }),
    deps.store.workCounts(unit, role),
  ]);
  const held = await heldBackInInbox(
    page.items.map(({ item, case: c }) => ({ kind: item.kind, caseNumber: c.caseNumber })),
    { ...p, unit, role },
    deps,
  );
  return {
    items: page.items.map(({ item, case: c }) => {
      const heldBack = held.get(`${c.caseNumber} ${item.kind}`);
      return {
        ...workLine(item, c.caseNumber),
        version: c.version,
        status: c.status,
        statusLabel: STATUS_LABELS[c.status],
        channel: c.channel,
        mode: c.mode,
        matters: c.matterTypes,
        insurance: c.insuranceTypes,
        payerName: maskName(c.payer.name, c.payer.kind),
        receivedAt: c.receivedAt,
        due: item.due,
        dueKind: c.due?.kind ?? null,
        overdue: today > item.due,
        dueCovered: item.covered,
        supervision: item.supervisedOn ? 'supervision' : item.chasedOn ? 'chase' : null,
        ...(heldBack ? { heldBack } : {}),
      };
    }),
    next: page.next,
    counts: Object.fromEntries(counts),
  };
}

/**
 * Why a rule holds back items of the page now (the answer before its consultation or written
 * opinion, the archive before the payer's decision), by `<case number> <kind>`: the same reasons
 * the case page shows, for the unit whose inbox it is. Only the cases of items a rule may hold
 * back are read, one read a case, at most one a line of the page.
 */
async function heldBackInInbox(
  items: { kind: WorkKind; caseNumber: string }[],
  owner: Principal,
  deps: Pick<StaffDeps, 'store' | 'clock' | 'settings'>,
): Promise<Map<string, string>> {
  const cases = [...new Set(items.filter((i) => mayBeHeldBack(i.kind)).map((i) => i.caseNumber))];
  const held = new Map<string, string>();
  if (cases.length === 0) return held;
  // The calendar and the policy once for the page, not once a case.
  const rules = await rulesContext(owner, deps);
  // A hint, not the list: a case that cannot be read now leaves its line without one.
  await Promise.allSettled(
    cases.map(async (caseNumber) => {
      const record = await deps.store.get(caseNumber);
      if (!record) return;
      for (const h of heldBackActions({ ...rules, record })) {
        for (const kind of kindsDoneBy(h.action)) held.set(`${caseNumber} ${kind}`, h.reason);
      }
    }),
  );
  return held;
}

/**
 * The cases the caller's unit is involved in (held, led, assisting, asked, visited), newest first;
 * the office and leaders may ask for another unit's, as with the inbox.
 */
export async function involvedCases(
  p: Principal,
  query: { unit?: UnitId | undefined; cursor?: string | undefined; limit: number },
  deps: Pick<StaffDeps, 'store'>,
) {
  const unit = query.unit && seesAll(p) ? query.unit : p.unit;
  if (unit === null) throw new ActionRefusedError('请选择要查看的单位。');
  const page = await deps.store.involved(unit, { limit: query.limit, cursor: query.cursor });
  return {
    items: page.items.map(({ relations, case: c }) => ({
      caseNumber: c.caseNumber,
      status: c.status,
      statusLabel: STATUS_LABELS[c.status],
      relations,
      payerName: maskName(c.payer.name, c.payer.kind),
      receivedAt: c.receivedAt,
      matters: c.matterTypes,
    })),
    next: page.next,
  };
}
