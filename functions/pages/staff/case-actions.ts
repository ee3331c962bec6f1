/**
 * The case page's action forms (seed 三): one small form per action the core allows the caller now
 * (`allowedActions`), each posting to /staff/cases/{n}/actions with its `type` and the case's
 * `version`, and the reading of such a post back into the action the JSON API takes
 * (`ActionSchema`). A field's name is the action's body key; its id comes from the pointer
 * `/<type>/<name>`, so several forms on one page can each have a `note`, and an error of the
 * schema (`/note`) lands on the field of the form that was sent.
 */
import type { FieldError } from '#contracts/problem.ts';
import {
  type ActionType,
  RETURN_REASONS,
  type StaffCaseView,
  TEXT_LIMIT,
  type WorkView,
} from '#contracts/staff.ts';
import { majorOf, opinionUnits } from '#core/actions.ts';
import {
  type ObjectionRoute,
  REMEDY_OUTCOMES,
  SERVICE_METHOD_LABELS,
  SERVICE_METHODS,
  type ServiceMethod,
} from '#core/case.ts';
import type { DeadlinePolicy } from '#core/deadlines.ts';
import {
  decidingUnits,
  OUTCOMES_BY_ROUTE,
  REMEDIES,
  REMEDY_OUTCOME_LABELS,
  remediesFor,
} from '#core/remedies.ts';
import { jointUnits, RESPONSIBLE_UNITS } from '#core/routing.ts';
import { UNITS, type UnitId, unitLabel } from '#core/units.ts';
import { isLead } from '#core/work.ts';
import {
  type Choice,
  choices,
  fieldId,
  type PageErrors,
  type Row,
  select,
  summaryList,
  textarea,
  textInput,
} from '../components.ts';
import { dateEl, formatDay, timeEl } from '../dates.ts';
import { halfWidth, tidyDate } from '../draft.ts';
import { attr, type Html, html } from '../html.ts';
import { staffName, submitButton, units } from './components.ts';
import { dueMarks, supervisionMark } from './due-marks.ts';
import { csrfField, type Viewer } from './layout.ts';

/** How a field's posted text becomes the action's value. */
type Kind = 'text' | 'line' | 'date' | 'int' | 'bool' | 'list';

/** The fields each action's form posts (besides `type`, `version` and the CSRF token). */
const FIELDS: Record<ActionType, Record<string, Kind>> = {
  'sign-for': {},
  return: { reason: 'text', note: 'text', to: 'text' },
  'decide-return': { approve: 'bool', note: 'text' },
  note: { note: 'text' },
  'verify-payer': { idNumber: 'line' },
  'correct-phone': { phone: 'line', note: 'text' },
  'correct-name': { name: 'line' },
  'request-extension': { days: 'int', reason: 'text' },
  'decide-extension': { approve: 'bool', note: 'text' },
  'request-opinion': { unit: 'text', question: 'text' },
  'record-opinion': { opinion: 'text' },
  respond: { answer: 'text' },
  archive: {},
  classify: { as: 'text', lead: 'text' },
  assign: { unit: 'text', note: 'text' },
  'record-consultation': {
    date: 'date',
    place: 'text',
    chair: 'text',
    units: 'list',
    conclusion: 'text',
    minutes: 'text',
    lead: 'text',
  },
  'record-special-meeting': {
    date: 'date',
    place: 'text',
    chair: 'text',
    units: 'list',
    conclusion: 'text',
    minutes: 'text',
  },
  'record-proposal': {
    contactName: 'text',
    contactPhone: 'line',
    summary: 'text',
    proposedOpinion: 'text',
  },
  'approve-proposal': { approve: 'bool', note: 'text' },
  'record-written-opinion': { opinion: 'text' },
  'record-follow-up': { result: 'text', note: 'text' },
  'record-service': { method: 'text', on: 'date', note: 'text' },
  'record-decision': {
    decision: 'text',
    route: 'text',
    channel: 'text',
    on: 'date',
    comment: 'text',
  },
  'record-remedy': { outcome: 'text', on: 'date', note: 'text' },
  'request-convening': { note: 'text' },
  'record-convening': { date: 'date', place: 'text' },
  supervise: { item: 'text', note: 'text' },
  'answer-supervision': { answer: 'text', toPayer: 'text' },
  'assign-task': { unit: 'text', task: 'text', due: 'date' },
  'report-assignment': { reply: 'text' },
};

/** What the page says once an action is done (「已签收」…), by `?done=<type>`. */
export const DONE: Record<ActionType | 'attach', string> = {
  // The answer's days run from the sign-for, or from the sign-for's last day when it came later:
  // a late sign-for does not lengthen them (a head read 「开始计算」 as a fresh start).
  'sign-for': '已签收。答复期限从签收之日起计算；超过签收期限签收的，从签收期限届满之日起计算。',
  return: '已退回，案件将重新分派。',
  'decide-return': '已审批退回申请。',
  note: '已记录办理情况。',
  'verify-payer': '已记录核实后的证件号码。',
  'correct-phone': '已更正缴费人的联系电话。以后的短信发到新号码。',
  'correct-name':
    '已更正缴费人的姓名或单位名称。以后打印的表格用新名称；已经盖章送出的，请重新打印送达。',
  'request-extension': '已提交延期申请，等待单位负责人审批。',
  'decide-extension': '已审批延期申请。',
  'request-opinion': '已商请有关单位提出意见。',
  'record-opinion': '已保存协办意见。',
  respond: '已提交书面答复，缴费人可以在查询页面看到答复。',
  archive: '案卷已归档。',
  classify: '已确定争议类别和牵头单位。',
  assign: '已派单。',
  'record-consultation': '已保存会商记录。',
  'record-special-meeting': '已保存专题会议记录。请据此形成专案书面意见。',
  'record-proposal': '已保存拟办意见，并取得报送编号。',
  'approve-proposal': '已审批拟办意见。',
  'record-written-opinion': '已保存专案书面意见。',
  'record-follow-up': '已记录回访结果。',
  'record-service': '已记录向争议另一方送达书面答复告知书。',
  'record-decision': '已记录缴费人的表态。请整理案卷材料后归档。',
  'record-remedy': '已记录救济途径的进展。',
  'request-convening': '已商请旗政府办召集会商会议。',
  'record-convening': '已记录会商会议的时间和地点。',
  supervise: '已督办，承办单位须答复督办。',
  'answer-supervision': '已答复督办。',
  'assign-task': '已交办，该单位会在待办事项中看到这项工作。',
  'report-assignment': '已报告交办事项的办理结果。',
  attach: '材料已上传。',
};

/**
 * An action's name as its form's title says it (「书面答复缴费人」); a return's by who returns (a
 * head returns, a clerk asks to); undefined where it depends on the case.
 */
export function actionTitle(type: ActionType, o: { head: boolean }): string | undefined {
  const title = FORMS[type].title;
  if (typeof title === 'string') return title;
  if (type === 'respond') return RESPOND_TITLE;
  return type === 'return' ? (o.head ? '退回' : '申请退回') : undefined;
}

/** The answer's form, but a lead's, where it is the finding. */
const RESPOND_TITLE = '书面答复缴费人';

export function isActionType(value: string | null): value is ActionType {
  return value !== null && Object.hasOwn(FIELDS, value);
}

const positionName = (unit: string) => `position-${unit}`;

/** The forms that record a meeting with each unit's position: 会商 and a major case's 专题会议. */
const MEETINGS: readonly ActionType[] = ['record-consultation', 'record-special-meeting'];

/** Units a case can be assigned to or a consultation can include (not the office itself). */
const MEMBER_UNITS = UNITS.filter((u) => u.id !== 'office');

/**
 * A posted action form as the JSON API's action body: an empty answer is left out (so the schema
 * says 「请填写」), checkboxes are arrays, numbers and yes/no are numbers and booleans, and a
 * consultation's positions are those of the units ticked, in their order.
 */
export function readAction(form: URLSearchParams): Record<string, unknown> {
  const type = form.get('type') ?? '';
  const body: Record<string, unknown> = { type };
  if (!isActionType(type)) return body;
  for (const [name, kind] of Object.entries(FIELDS[type])) {
    if (kind === 'list') {
      body[name] = form.getAll(name).filter(Boolean);
      continue;
    }
    const raw = form.get(name) ?? '';
    const value = (kind === 'text' ? raw : halfWidth(raw)).trim();
    if (value === '') continue;
    if (kind === 'int') body[name] = /^\d+$/.test(value) ? Number(value) : value;
    else if (kind === 'bool')
      body[name] = value === 'true' ? true : value === 'false' ? false : value;
    else if (kind === 'date') body[name] = tidyDate(value);
    else body[name] = value;
  }
  if (MEETINGS.includes(type)) {
    body.positions = (body.units as string[]).map((unit) => {
      const position = form.get(positionName(unit))?.trim();
      return position ? { unit, position } : { unit };
    });
  }
  // The route is asked under 「有异议」 only: one left ticked there before 「无异议」 was chosen is
  // not the payer's.
  if (type === 'record-decision' && body.decision !== 'object') delete body.route;
  const version = form.get('version') ?? '';
  if (/^\d+$/.test(version)) body.version = Number(version);
  return body;
}

/**
 * What the page asks beyond the published action (whose `note` stays optional for JSON clients):
 * a 不同意 of a return, an extension or a proposal gives its reason, for the one who asked acts on
 * it (a review found refusals with an empty reason, and the asker left with 「不同意」 alone).
 */
const REASON_FOR_NO: Partial<Record<ActionType, string>> = {
  'decide-return': '不同意退回的，请写明理由：经办人要据此继续办理。',
  'decide-extension': '不同意延期的，请写明理由：经办人要据此按原期限办理。',
  'approve-proposal': '不同意的，请写明理由：工作室要据此修改拟办意见。',
};

/** The form's own errors of a valid action: at present, a refusal without its reason. */
export function pageErrors(action: { type: ActionType; approve?: boolean; note?: string }) {
  const detail = REASON_FOR_NO[action.type];
  return detail && action.approve === false && !action.note?.trim()
    ? [{ pointer: '/note', detail }]
    : [];
}

/**
 * The schema's errors of an action, on the fields of that action's form: `/note` of a return is
 * `/return/note`; a consultation's `/positions/1/position` is the position box of the second unit
 * ticked.
 */
export function formErrors(
  type: ActionType,
  errors: readonly FieldError[],
  body: Record<string, unknown>,
): FieldError[] {
  const units = Array.isArray(body.units) ? (body.units as string[]) : [];
  return errors.map((e) => {
    const position = /^\/positions\/(\d+)\/position$/.exec(e.pointer);
    const unit = position ? units[Number(position[1])] : undefined;
    // The schema says 「该单位意见」; the page has a box per unit, labelled 「旗税务局的意见」: name it.
    if (unit) {
      const detail = e.detail.replace('该单位', `${unitLabel(unit as UnitId)}的`);
      return { pointer: `/${type}/${positionName(unit)}`, detail };
    }
    if (e.pointer.startsWith('/positions')) return { ...e, pointer: `/${type}/units` };
    return { ...e, pointer: `/${type}${e.pointer}` };
  });
}

/** Every field pointer the form of an action shows, for PageErrors. */
export function formPointers(type: ActionType): string[] {
  const names = Object.keys(FIELDS[type]);
  if (MEETINGS.includes(type)) {
    names.splice(names.indexOf('units') + 1, 0, ...MEMBER_UNITS.map((u) => positionName(u.id)));
  }
  return names.map((n) => `/${type}/${n}`);
}

const unitChoices = (ids: readonly string[]): Choice[] =>
  ids.map((id) => ({ value: id, label: unitLabel(id as UnitId) }));

const YES_NO: Choice[] = [
  { value: 'true', label: '同意' },
  { value: 'false', label: '不同意' },
];

const FOLLOW_UP_CHOICES: Choice[] = [
  { value: 'satisfied', label: '满意' },
  { value: 'basically-satisfied', label: '基本满意' },
  {
    value: 'dissatisfied',
    label: '不满意',
    hint: '案件重新进入领导小组督办，由承办单位重新核实处理。',
  },
  { value: 'unreachable', label: '未联系上' },
];

/** What a form shows: the case, the errors of the page, and the answers it keeps. */
interface FormContext {
  view: StaffCaseView;
  errors: PageErrors;
  /** The answers posted in this form when it came back with errors; none otherwise. */
  posted: URLSearchParams | undefined;
  today: string;
  /** The viewer's unit: whose supervision or assignment the form answers. */
  unit: string | null;
  /** The viewer is the unit's head: a return is theirs to make, not to ask for. */
  head: boolean;
  /** The deadline policy in force, for the days a form's hint states. */
  policy: DeadlinePolicy;
}

/** The viewer's unit when it is one asked for an opinion still pending; else undefined. */
const asked = (c: FormContext): string | undefined =>
  c.view.opinions.some((o) => !o.opinion && o.unit === c.unit) ? (c.unit ?? undefined) : undefined;

/** One action's form: its heading, what it asks, its button. */
interface ActionForm {
  /** A heading, or one that depends on who reads the form. */
  title: string | ((c: FormContext) => string);
  button: string | ((c: FormContext) => string);
  variant?: 'secondary' | 'warning';
  /**
   * Folded under its title (a `<details>`, no script) unless it came back with errors: a form
   * seldom needed, offered on every open case, that should not push the work down the page.
   */
  folded?: true;
  body: (c: FormContext, f: Fields) => Html;
}

/** The field helpers of one form: ids and names from the action, answers kept. */
class Fields {
  private readonly type: ActionType;
  private readonly c: FormContext;
  constructor(type: ActionType, c: FormContext) {
    this.type = type;
    this.c = c;
  }

  pointer(name: string): string {
    return `/${this.type}/${name}`;
  }

  value(name: string, fallback?: string): string | undefined {
    return this.c.posted ? (this.c.posted.get(name) ?? undefined) : fallback;
  }

  values(name: string, fallback: readonly string[] = []): string[] {
    return this.c.posted ? this.c.posted.getAll(name) : [...fallback];
  }

  text(
    name: string,
    label: string,
    o: { hint?: string; rows?: number; value?: string } = {},
  ): Html {
    return textarea({
      pointer: this.pointer(name),
      name,
      label,
      errors: this.c.errors,
      value: this.value(name, o.value),
      rows: o.rows ?? 5,
      ...(o.hint ? { hint: o.hint } : {}),
    });
  }

  line(
    name: string,
    label: string,
    o: {
      hint?: string;
      width?: 'w4' | 'w10' | 'w12' | 'w20';
      type?: 'text' | 'tel';
      value?: string;
      numeric?: boolean;
    } = {},
  ): Html {
    return textInput({
      pointer: this.pointer(name),
      name,
      label,
      errors: this.c.errors,
      value: this.value(name, o.value),
      type: o.type ?? 'text',
      ...(o.width ? { width: o.width } : {}),
      ...(o.hint ? { hint: o.hint } : {}),
      ...(o.numeric ? { extra: html` inputmode="numeric"` } : {}),
    });
  }

  radios(
    name: string,
    label: string,
    list: Choice[],
    o: { hint?: string; checked?: string } = {},
  ): Html {
    return choices({
      kind: 'radio',
      pointer: this.pointer(name),
      name,
      label,
      errors: this.c.errors,
      choices: list,
      checked: this.values(name, o.checked ? [o.checked] : []),
      legendSize: 'm',
      ...(o.hint ? { hint: o.hint } : {}),
    });
  }

  unitSelect(
    name: string,
    label: string,
    ids: readonly string[],
    hint?: string,
    group = '成员单位',
    selected?: string,
  ): Html {
    return select({
      pointer: this.pointer(name),
      name,
      label,
      errors: this.c.errors,
      value: this.value(name, selected),
      placeholder: '请选择',
      groups: [{ label: group, choices: unitChoices(ids) }],
      ...(hint ? { hint } : {}),
    });
  }
}

/** Lead unit of a joint case: one the routing named, or any unit that handles disputes. */
function leadChoices(view: StaffCaseView): readonly string[] {
  const named = view.routing.units.filter((u) => u !== 'office');
  return named.length ? named : RESPONSIBLE_UNITS;
}

const para = (text: string) => html`<div class="prose">${text}</div>`;

/**
 * When, where and under whom a meeting met. A meeting 旗政府办 called (`convening`) starts from
 * the day and place it recorded, once that day has come; otherwise the day starts at today.
 */
function meetingWhen(c: FormContext, f: Fields, dateLabel: string): Html {
  const called = c.view.convening?.doneAt ? c.view.convening : undefined;
  const held = called?.date && called.date <= c.today ? called : undefined;
  return html`${f.line('date', dateLabel, { hint: '例如 2026-11-26 或 2026年11月26日', width: 'w10', value: held?.date ?? c.today })}
${f.line('place', '会议地点（选填）', { width: 'w20', value: held?.place })}
${f.line('chair', '主持人（选填）', { hint: '姓名和职务，例如：张三（领导小组副组长）', width: 'w20' })}`;
}

/**
 * The consultation's units, each with its position under it. The box opens under a ticked unit by
 * CSS alone (`.choice__input:checked ~ .conditional`), so it works without a script; a position
 * written for a unit left unticked is not sent as that unit's.
 */
function consultationUnits(
  c: FormContext,
  f: Fields,
  legend = '参加会商的单位和各单位意见',
  ticked0: readonly string[] = c.view.routing.units,
): Html {
  const pointer = f.pointer('units');
  const id = fieldId(pointer);
  const error = c.errors.of(pointer);
  const ticked = f.values('units', ticked0);
  return html`<div class="form-group${error ? ' form-group--error' : ''}">
  <fieldset class="fieldset" aria-describedby="${id}-hint${error ? html` ${id}-error` : ''}">
    <legend class="legend legend--m">${legend}</legend>
    <p class="hint" id="${id}-hint">至少两个单位。勾选参加的单位，在它下面填写该单位的意见。</p>
    ${error ? html`<p class="error-message" id="${id}-error"><span class="visually-hidden">错误：</span>${error}</p>` : ''}
    <div class="choices choices--checkbox choices--small">
      ${MEMBER_UNITS.map((u, k) => {
        const cid = k === 0 ? id : `${id}-${u.id}`;
        const pp = f.pointer(positionName(u.id));
        const pid = fieldId(pp);
        const perror = c.errors.of(pp);
        return html`<div class="choice choice--reveal">
        <input class="choice__input" type="checkbox" id="${cid}" name="units" value="${u.id}"${ticked.includes(u.id) ? html` checked` : ''}>
        <label class="choice__label" for="${cid}">${u.label}</label>
        <div class="conditional conditional--css form-group${perror ? ' form-group--error' : ''}">
          <label class="label" for="${pid}">${u.label}的意见</label>
          ${perror ? html`<p class="error-message" id="${pid}-error"><span class="visually-hidden">错误：</span>${perror}</p>` : ''}
          <textarea class="textarea${perror ? ' textarea--error' : ''}" id="${pid}" name="${positionName(u.id)}" rows="3" data-unit="${u.id}"${attr('aria-describedby', perror ? `${pid}-error` : undefined)}${attr('aria-invalid', perror ? 'true' : undefined)}>${f.value(positionName(u.id)) ?? ''}</textarea>
        </div>
      </div>`;
      })}
    </div>
  </fieldset>
</div>`;
}

/**
 * Above the answer: the opinions asked and not yet given, which answering now withdraws (core
 * actions.ts `lapsedOpinions`). A staff review (2026-12-05) answered before 旗司法局 replied,
 * unwarned, and its request vanished.
 */
function pendingOpinionsWarning(c: FormContext): Html | '' {
  const pending = c.view.opinions.filter((o) => !o.opinion && !o.withdrawnAt);
  if (pending.length === 0) return '';
  const units = [...new Set(pending.map((o) => unitLabel(o.unit as UnitId)))].join('、');
  return html`<div class="warning" data-testid="opinions-pending"><span class="warning__icon" aria-hidden="true">!</span><p><span class="visually-hidden">注意：</span>${units}的协办意见还没有回复。现在提交答复，这项商请就撤回，系统会通知${units}不用再回复。需要这项意见的，请等回复后再答复，或先催一催。</p></div>`;
}

/** How the answer notice reached the other party (core/case.ts SERVICE_METHODS). */
const SERVICE_HINTS: Record<ServiceMethod, string> = {
  'in-person': '对方在告知书上签收',
  post: '挂号信或邮政 EMS，留存邮寄凭证',
  other: '请在说明中写明',
};
const SERVICE_CHOICES: Choice[] = SERVICE_METHODS.map((value) => ({
  value,
  label: SERVICE_METHOD_LABELS[value],
  hint: SERVICE_HINTS[value],
}));

/** Where a payer who objects goes (seed 三(二)), in the words the payer's own page uses. */
const routeChoices = (view: StaffCaseView): Choice[] =>
  remediesFor(decidingUnits(view)).map((r) => ({ value: r.route, label: r.label }));

const DECISION_CHANNEL_CHOICES: Choice[] = [
  { value: 'window', label: '窗口', hint: '缴费人到窗口当面说的' },
  { value: 'phone', label: '电话', hint: '缴费人打电话说的，或接到回访电话时说的' },
];

/**
 * The payer's decision, with the route under 「有异议」. The route's question opens under its
 * choice by CSS alone (`.choice__input:checked ~ .conditional`), so the form needs no script.
 */
function decisionChoices(c: FormContext, f: Fields): Html {
  const pointer = f.pointer('decision');
  const id = fieldId(pointer);
  const error = c.errors.of(pointer);
  const checked = f.value('decision');
  const choice = (value: 'accept' | 'object', label: string, hint: string, reveal?: Html) => {
    const cid = value === 'accept' ? id : `${id}-${value}`;
    return html`<div class="choice${reveal ? ' choice--reveal' : ''}">
        <input class="choice__input" type="radio" id="${cid}" name="decision" value="${value}"${checked === value ? html` checked` : ''} aria-describedby="${cid}-hint">
        <label class="choice__label" for="${cid}">${label}</label>
        <div class="choice__hint" id="${cid}-hint">${hint}</div>
        ${reveal ? html`<div class="conditional conditional--css">${reveal}</div>` : ''}
      </div>`;
  };
  return html`<div class="form-group${error ? ' form-group--error' : ''}">
  <fieldset class="fieldset"${attr('aria-describedby', error ? `${id}-error` : undefined)}>
    <legend class="legend legend--m">缴费人是否接受处理结果</legend>
    ${error ? html`<p class="error-message" id="${id}-error"><span class="visually-hidden">错误：</span>${error}</p>` : ''}
    <div class="choices choices--radio">
      ${choice('accept', '无异议', '接受处理结果。记录后由答复单位整理案卷并归档。')}
      ${choice(
        'object',
        '有异议',
        '不接受处理结果。请选择缴费人准备通过哪种途径继续解决。',
        f.radios('route', '缴费人选择的途径', routeChoices(c.view)),
      )}
    </div>
  </fieldset>
</div>`;
}

/** Who owes a work item: the unit, and 「负责人」 when only its head may act. */
export function workOwner(w: Pick<WorkView, 'unit' | 'role'>): string {
  return `${unitLabel(w.unit as UnitId)}${w.role === 'head' ? '（负责人）' : ''}`;
}

/** A work item's due date with its marks: overdue or due today, 催办 and 督办 with their dates. */
export function workDue(w: WorkView, today: string): Html {
  const mark = (word: string, on: string) =>
    html` <strong class="mark mark--overdue"><span class="mark__icon" aria-hidden="true">!</span>${word}</strong><span class="secondary nowrap">（${formatDay(on)}）</span>`;
  const supervised = supervisionMark(w);
  return html`${dateEl(w.due)}${dueMarks(w.due, w.overdue, w.covered, today)}${
    w.chasedOn ? mark('已催办', w.chasedOn) : ''
  }${supervised ? mark(supervised.word, supervised.on) : ''}`;
}

/** Why a case is under supervision (督办), in words. */
export const SUPERVISION_ORDER_REASONS = {
  leader: '领导小组督办',
  dissatisfied: '回访时缴费人对处理结果不满意',
} as const;

/** A supervision order as rows: why, about which item, what is asked, by whom and when. */
export function supervisionRows(
  s: StaffCaseView['supervisions'][number],
  view: StaffCaseView,
): Row[] {
  const about = s.about ? view.work.find((w) => w.id === s.about) : undefined;
  return [
    { key: '督办原因', value: SUPERVISION_ORDER_REASONS[s.reason] },
    ...(about ? [{ key: '督办事项', value: `${about.label}（${workOwner(about)}）` }] : []),
    ...(s.note ? [{ key: '督办要求', value: para(s.note) }] : []),
    // A payer's 不满意 opens it by rule, whoever recorded the visit: not that clerk's order.
    s.reason === 'dissatisfied'
      ? { key: '督办人', value: html`领导小组（回访不满意，自动督办），${timeEl(s.at)}` }
      : { key: '督办人', value: html`${staffName(view.timeline, s.by)}，${timeEl(s.at)}` },
  ];
}

/** The first unanswered supervision of the viewer's unit: the one `answer-supervision` answers. */
const ownSupervisions = (c: FormContext) =>
  c.view.supervisions.filter((s) => s.answer === undefined && s.unit === c.unit);

/** The first open assignment of the viewer's unit: the one `report-assignment` reports on. */
const ownAssignments = (c: FormContext) =>
  c.view.assignments.filter((a) => a.reply === undefined && a.unit === c.unit);

const FORMS: Record<ActionType, ActionForm> = {
  'sign-for': {
    title: '签收',
    button: '签收',
    body: () =>
      html`<p>确认这件争议属于本单位职责，由本单位办理。答复期限从签收之日起计算；超过签收期限签收的，从签收期限届满之日起计算。</p>`,
  },
  respond: {
    // A lead has no payer to answer: its finding goes to the file (core/work.ts, isLead).
    title: (c) => (isLead(c.view) ? '填写核查处理结果' : RESPOND_TITLE),
    button: (c) => (isLead(c.view) ? '提交核查处理结果' : '提交答复'),
    body: (c, f) =>
      isLead(c.view)
        ? html`${pendingOpinionsWarning(c)}${f.text('answer', '核查处理结果', {
            hint: '写明核查的情况、处理结果和依据。线索没有缴费人：结果归入案卷，不发短信，不用回访和等待表态；登记了争议另一方的，请把书面答复告知书送达对方。提交后不能修改。最多 5000 个字。',
            rows: 10,
          })}`
        : html`${pendingOpinionsWarning(c)}${f.text('answer', '答复内容', {
            hint: `写明调查核实的情况、处理结果和依据。答复会显示在缴费人的查询页面，提交后不能修改。${
              c.view.counterparty
                ? '书面答复告知书也会把这段答复原样告知争议另一方，请用双方都能读的说法（例如“缴费人”“该单位”，不用“您”）。'
                : ''
            }最多 5000 个字。`,
            rows: 10,
          })}`,
  },
  classify: {
    title: '确定争议类别',
    button: '保存',
    body: (c, f) => html`${f.radios('as', '这件争议是', [
      { value: 'general', label: '一般争议', hint: '由工作室组织相关单位会商处理' },
      { value: 'major', label: '重大、复杂、疑难争议', hint: '工作室提出拟办意见，组织专案处理' },
    ])}
${f.unitSelect('lead', '牵头单位', leadChoices(c.view), '牵头单位最后以书面形式答复缴费人。')}`,
  },
  assign: {
    title: '派给一个单位办理',
    button: '派单',
    body: (c, f) => {
      const units = jointUnits(c.view.routing);
      return html`<p class="hint">能明确由一个单位办理的，直接派给这个单位。${units.length > 1 ? `按职责，这件争议涉及${units.map(unitLabel).join('、')}；派给一个单位，就由它办理全部事项。` : ''}</p>
${f.unitSelect('unit', '承办单位', RESPONSIBLE_UNITS)}
${f.text('note', units.length > 1 ? '派单理由' : '派单理由（选填）', { hint: '例如：经核实，所属期都在 2024 年 4 月以后，由旗税务局办理。', rows: 2 })}`;
    },
  },
  'record-consultation': {
    title: '记录会商',
    button: '保存会商记录',
    body: (c, f) => html`${
      // A second record is for a second meeting, not the same one saved again.
      c.view.consultations.length
        ? html`<p class="inset" data-testid="consulted-before">本案已有 ${c.view.consultations.length} 次会商记录（见“会商记录”）。再次开会会商的，才需要再记录一次。</p>`
        : ''
    }
${meetingWhen(c, f, '会商日期')}
${consultationUnits(c, f)}
${f.text('conclusion', '会商结论', { rows: 4 })}
${f.text('minutes', '会议纪要', { hint: '最多 5000 个字。', rows: 8 })}
${f.unitSelect('lead', '牵头单位', leadChoices(c.view), '由牵头单位答复缴费人。', '成员单位', c.view.lead ?? undefined)}`,
  },
  'record-special-meeting': {
    title: '记录专题会议',
    button: '保存专题会议记录',
    body: (
      c,
      f,
    ) => html`<p class="hint">重大事项由领导小组组织相关部门召开专题会议会商研究。会议开过以后，在这里记录参加的单位、各单位意见、会议结论和纪要；专案书面意见据此形成。</p>
${meetingWhen(c, f, '会议日期')}
${consultationUnits(c, f, '参加专题会议的单位和各单位意见', [
  // Ticked to start with: the case's units and the lead (a case the office triaged has no others).
  ...new Set([...c.view.routing.units, ...(c.view.lead ? [c.view.lead] : [])]),
])}
${f.text('conclusion', '会议结论', { rows: 4 })}
${f.text('minutes', '会议纪要', { hint: '最多 5000 个字。', rows: 8 })}`,
  },
  'record-proposal': {
    title: '填写拟办意见报送单',
    button: '保存拟办意见',
    body: (c, f) => {
      // Sent back (不同意): the form starts from the form refused, under the reason given for it.
      const refused = c.view.proposal?.status === 'refused' ? c.view.proposal : undefined;
      const why = refused
        ? c.view.timeline.findLast(
            (e) => e.transition === 'decideProposal' && e.detail?.approved === 'false',
          )?.text
        : undefined;
      return html`${
        refused
          ? html`<div class="inset" data-testid="proposal-refused"><p><strong>报送编号${refused.serial}的拟办意见未获同意。</strong>${why ? html`审批意见：${why}` : '审批时没有写明理由。'}</p><p>下面是原来填写的内容，请修改后重新保存，再报领导小组办公室审批；报送编号不变。</p></div>`
          : html`<p class="hint">保存后自动取得当年的报送编号，可以打印《拟办意见报送单》报领导小组办公室。</p>`
      }
${f.line('contactName', '联系人姓名', { width: 'w12', value: refused?.contactName })}
${f.line('contactPhone', '联系人联系方式', { width: 'w12', type: 'tel', value: refused?.contactPhone })}
${f.text('summary', '反映内容摘要', { rows: 6, value: refused?.summary })}
${f.text('proposedOpinion', '拟办意见', { rows: 6, value: refused?.proposedOpinion })}`;
    },
  },
  'approve-proposal': {
    title: '审批拟办意见',
    button: '提交审批意见',
    body: (c, f) => html`${
      c.view.proposal
        ? html`<p>报送编号${c.view.proposal.serial}，联系人 ${c.view.proposal.contactName}。</p>
<p><strong>拟办意见：</strong>${c.view.proposal.proposedOpinion}</p>`
        : ''
    }
${f.radios('approve', '审批意见', YES_NO)}
${f.text('note', '理由或说明', { hint: '不同意的，请写明理由：工作室据此修改后重新报送。', rows: 3 })}`,
  },
  'record-written-opinion': {
    title: '记录专案书面意见',
    button: '保存书面意见',
    body: (_c, f) =>
      f.text('opinion', '书面意见', {
        hint: '专案处理形成的书面意见，由牵头单位据此答复缴费人。最多 5000 个字。',
        rows: 8,
      }),
  },
  'request-opinion': {
    title: '商请其他单位提出意见',
    button: '发送',
    // The joint case's other responsible units first, then finance, justice and police, then the
    // other units that handle disputes; in a major case every other member unit, but not the lead.
    body: (
      c,
      f,
    ) => html`${f.radios('unit', '商请哪个单位', unitChoices(opinionUnits(c.view.routing, c.unit, majorOf(c.view))))}
${f.text('question', '需要对方回答的问题', { rows: 4 })}`,
  },
  'record-opinion': {
    // The asked unit gives its own opinion; the holder enters one that came on paper (公函).
    title: (c) => (asked(c) ? '提出本单位意见' : '录入协办单位的书面意见'),
    button: '保存协办意见',
    body: (c, f) => {
      const pending = c.view.opinions.filter((o) => !o.opinion);
      const mine = asked(c);
      const first = pending[0];
      return html`${
        pending.length
          ? html`<ul>${(mine ? pending.filter((o) => o.unit === mine) : pending).map((o) => html`<li><strong>${unitLabel(o.unit as UnitId)}：</strong>${o.question}</li>`)}</ul>`
          : ''
      }
${mine || !first ? '' : html`<p class="hint" data-testid="paper-opinion">协办单位以公函等书面形式回复的，在这里照录${unitLabel(first.unit as UnitId)}的意见；录入的单位和人员记入办理过程。${pending.length > 1 ? '几个单位都未回复的，按上面的顺序逐一录入。' : ''}</p>`}
${f.text('opinion', '协办意见', { rows: 5 })}`;
    },
  },
  'request-extension': {
    title: '申请延期',
    button: '提交延期申请',
    body: (
      _c,
      f,
    ) => html`<p class="hint">在到期日前申请，由单位负责人审批。每个案件只能延期一次。</p>
${f.line('days', '延期多少个工作日', { hint: '最多 30 个工作日，也不能超过原来的办理期限。', width: 'w4', numeric: true })}
${f.text('reason', '延期理由', { rows: 4 })}`,
  },
  'decide-extension': {
    title: '审批延期申请',
    button: '提交审批意见',
    body: (c, f) => {
      const ext = c.view.extension;
      return html`${
        ext && ext.status === 'pending'
          ? summaryList([
              { key: '申请人', value: staffName(c.view.timeline, ext.requestedBy) },
              { key: '延期', value: `${ext.days} 个工作日` },
              { key: '理由', value: para(ext.reason) },
              // What the decision changes: the date now, and the date approved.
              // Marked when it has passed: the head decides knowing that approving moves a date
              // already missed (a review found a late approval read as a timely one).
              ...(c.view.deadlines[0]
                ? [
                    {
                      key: '现在的期限',
                      value: html`${dateEl(c.view.deadlines[0].due)}${dueMarks(c.view.deadlines[0].due, c.view.deadlines[0].overdue, c.view.deadlines[0].covered, c.today)}`,
                    },
                  ]
                : []),
              ...(ext.wouldBe
                ? [
                    {
                      key: '同意后延至',
                      value: html`${dateEl(ext.wouldBe.due)}${ext.wouldBe.covered ? '' : '（该年节假日安排未公布，可能调整）'}`,
                    },
                  ]
                : []),
            ])
          : ''
      }
${f.radios('approve', '审批意见', YES_NO)}
${f.text('note', '理由或说明', { hint: '不同意的，请写明理由：申请延期的承办人员在案件页面上看到。', rows: 3 })}`;
    },
  },
  'decide-return': {
    title: '审批退回申请',
    button: '提交审批意见',
    body: (c, f) => {
      const asked = c.view.returnRequest;
      return html`${
        asked
          ? summaryList([
              { key: '申请人', value: staffName(c.view.timeline, asked.requestedBy) },
              {
                key: '退回原因',
                value: RETURN_REASONS.find((r) => r.id === asked.reason)?.label ?? '其他原因',
              },
              { key: '退回说明', value: para(asked.note) },
              {
                key: '退回到',
                value: asked.to === 'office' ? '争议处理工作室' : '重新分派（不再派给本单位）',
              },
              // What the rules would do, so the head decides knowing it (a staff review).
              ...(asked.wouldGoTo?.length
                ? [
                    {
                      key: '同意后将派给',
                      value: units(asked.wouldGoTo),
                    },
                  ]
                : []),
            ])
          : ''
      }
${f.radios('approve', '审批意见', YES_NO)}
${f.text('note', '理由或说明', { hint: '不同意的，请写明理由：本单位继续办理，申请人在案件页面上看到。', rows: 3 })}`;
    },
  },
  'verify-payer': {
    title: '核实缴费人证件',
    button: '保存证件号码',
    variant: 'secondary',
    body: (_c, f) =>
      f.line('idNumber', '核实后的身份证号码或统一社会信用代码', {
        hint: '登记时证件号码“待核实”。请对照缴费人的身份证或营业执照原件填写。',
      }),
  },
  'correct-phone': {
    // A lead has no payer and is sent no SMS: its phone is the source's, to call back (a staff
    // review read 「更正缴费人的联系电话」 on a lead).
    title: (c) => (isLead(c.view) ? '更正线索提供人的联系电话' : '更正缴费人的联系电话'),
    button: '保存新号码',
    variant: 'secondary',
    folded: true,
    body: (c, f) => html`${f.line('phone', '正确的联系电话', {
      hint: isLead(c.view)
        ? '11 位手机号码，或带区号的固定电话，例如 0476-1234567。线索不发短信，号码供核查时联系。'
        : '11 位手机号码，或带区号的固定电话，例如 0476-1234567。更正后，给缴费人的短信发到新号码；已经发到原号码的短信不能收回。',
      width: 'w12',
    })}
${f.text('note', '更正原因（选填）', { hint: '例如：登记时号码填错，缴费人来电更正。不要在这里填写电话号码。', rows: 2 })}`,
  },
  'correct-name': {
    title: '更正缴费人的姓名或单位名称',
    button: '保存新名称',
    variant: 'secondary',
    folded: true,
    body: (_c, f) =>
      f.line('name', '正确的姓名或单位名称', {
        hint: '对照缴费人的身份证或营业执照填写。受理登记表、书面答复告知书等以后打印的都用新名称。',
      }),
  },
  note: {
    title: '记录办理情况',
    button: '保存',
    variant: 'secondary',
    body: (_c, f) =>
      f.text('note', '办理情况', {
        hint: `例如：已电话联系缴费人核实情况。最多 ${TEXT_LIMIT} 个字。`,
        rows: 4,
      }),
  },
  return: {
    title: (c) => (c.head ? '退回' : '申请退回'),
    button: (c) => (c.head ? '退回' : '提交退回申请'),
    variant: 'warning',
    body: (
      c,
      f,
    ) => html`<p class="hint">不属于本单位职责的，请在派单后 ${c.policy.returnWindow} 个工作日内退回并说明原因。${c.head ? '' : '退回须经单位负责人审批，审批同意后案件才离开本单位。'}退回次数按单位统计。</p>
${select({
  pointer: f.pointer('reason'),
  name: 'reason',
  label: '退回原因',
  errors: c.errors,
  value: f.value('reason'),
  placeholder: '请选择',
  groups: [
    { label: '退回原因', choices: RETURN_REASONS.map((r) => ({ value: r.id, label: r.label })) },
  ],
})}
${f.text('note', '退回说明', { hint: '写明应由哪个单位办理、为什么。', rows: 4 })}
${f.radios(
  'to',
  '退回到',
  [
    { value: 'routing', label: '重新分派', hint: '按分办规则重新分派，不再派给本单位' },
    { value: 'office', label: '争议处理工作室', hint: '由工作室确定承办单位或协调联合办理' },
  ],
  { checked: 'routing' },
)}`,
  },
  archive: {
    title: '归档',
    button: '归档',
    body: (c) => {
      const d = c.view.decision;
      const said = !d
        ? '缴费人的意见已经记录。'
        : d.kind === 'object'
          ? `缴费人有异议，已记录其选择的途径：${REMEDIES.find((r) => r.route === d.route)?.label ?? '未说明'}。`
          : d.channel === 'silence'
            ? '缴费人在规定期限内没有提出异议，视为没有异议。'
            : '缴费人对处理结果没有异议。';
      // An empty case file is allowed (a case settled by phone may have no papers), but said
      // plainly: after the archive nothing can be added.
      const none = c.view.attachments.length === 0;
      return html`<p>${said}</p>
${none ? html`<p class="inset" data-testid="archive-no-files">本案还没有上传任何案卷材料。有调查笔录、证明材料或录音录像的，请先上传再归档；电脑不能运行脚本、无法上传的，纸质材料按卷内目录装订归档，录音录像另行保存。</p>` : ''}
<p>请先在「案卷材料」中上传办理中形成的文书和音视频资料，再归档。归档后案件办结，不能再上传材料。</p>
<p>可以<a href="/staff/cases/${encodeURIComponent(c.view.caseNumber)}/print/catalogue">打印卷内目录</a>，核对案卷是否齐全，并随纸质材料一起装订。</p>`;
    },
  },
  'record-follow-up': {
    title: '记录回访结果',
    button: '保存回访结果',
    body: (c, f) => html`${
      c.view.followUp
        ? html`<p class="hint">答复后 ${c.policy.followUp} 个工作日内回访，本案回访期限：${formatDay(c.view.followUp.due)}。</p>`
        : ''
    }
${f.radios('result', '缴费人对处理结果', FOLLOW_UP_CHOICES)}
${f.text('note', '回访记录', { hint: '缴费人不满意的，必须写明对哪些地方不满意；其他情况可以不填。', rows: 3 })}`,
  },
  'record-service': {
    title: '记录送达争议另一方',
    button: '保存送达情况',
    body: (
      c,
      f,
    ) => html`<p class="hint">争议另一方没有查询码，看不到网上的答复：请把《书面答复告知书》（争议另一方那一页）送达对方，再在这里记录。${
      c.view.counterparty?.phone ? '对方留了手机号码的，系统已发短信告诉对方将收到书面答复。' : ''
    }</p>
${f.radios('method', '送达方式', SERVICE_CHOICES)}
${f.line('on', '送达日期', { hint: '对方签收或寄出的日期，例如 2026-12-02', width: 'w10', value: c.today })}
${f.text('note', '说明', { hint: '例如签收人、邮寄单号；其他方式送达的，必须写明怎样送达。', rows: 2 })}`,
  },
  'record-decision': {
    title: '记录缴费人在窗口或电话中的表态',
    button: '保存缴费人的表态',
    body: (
      c,
      f,
    ) => html`<p class="hint">缴费人没有在网上回复，而是到窗口或打电话说明是否接受处理结果的，在这里记录。</p>
${decisionChoices(c, f)}
${f.radios('channel', '缴费人通过什么方式表态', DECISION_CHANNEL_CHOICES)}
${f.line('on', '表态日期', { hint: '例如 2026-12-02 或 2026年12月2日', width: 'w10', value: c.today })}
${f.text('comment', '缴费人的说明（选填）', {
  hint: `例如缴费人不同意哪一点。最多 ${TEXT_LIMIT} 个字。`,
  rows: 3,
})}`,
  },
  'record-remedy': {
    title: '记录救济途径的进展和结果',
    button: '保存进展',
    body: (c, f) => {
      const d = c.view.decision;
      const route = d?.kind === 'object' ? REMEDIES.find((r) => r.route === d.route) : undefined;
      return html`<p class="hint">缴费人有异议${route ? html`，选择了<strong>${route.label}</strong>` : ''}。案件归档后也可以继续记录，直到有结果为止。</p>
${f.radios(
  'outcome',
  '现在的进展或结果',
  // Only what the chosen route can reach (core/remedies.ts OUTCOMES_BY_ROUTE).
  (d?.kind === 'object' && d.route
    ? OUTCOMES_BY_ROUTE[d.route as ObjectionRoute]
    : REMEDY_OUTCOMES
  ).map((value) => ({
    value,
    label: REMEDY_OUTCOME_LABELS[value],
  })),
)}
${f.line('on', '日期', { hint: '受理、调解、裁决、判决或撤回的日期，例如 2026-12-02', width: 'w10', value: c.today })}
${f.text('note', '说明（选填）', { hint: `例如调解协议的主要内容。最多 ${TEXT_LIMIT} 个字。`, rows: 3 })}`;
    },
  },
  'request-convening': {
    title: '商请旗政府办召集会商会议',
    button: '发送给旗政府办',
    body: (
      _c,
      f,
    ) => html`<p class="hint">需要由旗政府办出面召集有关单位开会商量的，在这里提出。旗政府办会在本案件中记下会议的时间和地点。</p>
${f.text('note', '会商事由', { hint: '写明要商量什么问题、建议哪些单位参加。', rows: 4 })}`,
  },
  'record-convening': {
    title: '安排会商会议',
    button: '保存会议安排',
    body: (c, f) => {
      const cv = c.view.convening;
      return html`${
        cv
          ? summaryList([
              { key: '会商事由', value: para(cv.note) },
              { key: '商请时间', value: timeEl(cv.requestedAt) },
            ])
          : ''
      }
${f.line('date', '会议日期', { hint: '例如 2026-12-08 或 2026年12月8日', width: 'w10' })}
${f.line('place', '会议地点', { hint: '例如 旗政府三楼会议室', width: 'w20' })}`;
    },
  },
  supervise: {
    title: '督办',
    button: '督办',
    body: (c, f) => {
      const open = c.view.work.filter((w) => w.state === 'open');
      // The one item there is, chosen already: a leader who came for it is not sent back to tick it.
      const only = open.length === 1 ? open[0]?.id : undefined;
      return html`<p class="hint">选择要督办的事项并写明督办要求。负责的单位会在待办事项中看到督办，须在 ${c.policy.answerSupervision} 个工作日内书面答复督办。</p>
${f.radios(
  'item',
  '督办哪一项待办事项',
  open.map((w) => ({
    value: w.id,
    label: `${w.label}（${workOwner(w)}）`,
    hint: html`期限：${workDue(w, c.today)}`,
  })),
  only ? { checked: only } : undefined,
)}
${f.text('note', '督办要求', { hint: '例如：请于 3 个工作日内答复缴费人，并报告办理情况。', rows: 4 })}`;
    },
  },
  'answer-supervision': {
    title: '答复督办',
    button: '提交督办答复',
    body: (c, f) => {
      const [s, ...more] = ownSupervisions(c);
      return html`${s ? summaryList(supervisionRows(s, c.view)) : ''}
${more.length ? html`<p class="hint">本单位还有 ${more.length} 项督办要答复，提交这一项后再答复下一项。</p>` : ''}
${f.text('answer', '督办答复', {
  hint: '写给领导小组：写明已经做了什么、结果如何；还没办完的，写明什么时候办完。',
  rows: 5,
})}
${
  // The payer who said 不满意 was told the unit would answer them again (seed 一: 跟踪回访).
  s?.reason === 'dissatisfied'
    ? f.text('toPayer', '给缴费人的再次答复', {
        hint: '缴费人在回访中表示不满意。写给缴费人：重新核实了什么、结果如何、接下来怎么办，用缴费人看得懂的话。缴费人会在网上查询页面看到，登记了手机号码的会收到短信；登记的是固定电话的，请打电话告诉缴费人。',
        rows: 6,
      })
    : ''
}`;
    },
  },
  'assign-task': {
    title: '交办',
    button: '交办',
    body: (
      _c,
      f,
    ) => html`<p class="hint">交给一个单位办理的其他事项。该单位会在待办事项中看到，须在期限内报告办理结果。</p>
${f.unitSelect(
  'unit',
  '交给哪个单位办理',
  UNITS.map((u) => u.id),
  undefined,
  '单位',
)}
${f.text('task', '交办事项', { hint: '写明要办什么、有什么要求。', rows: 4 })}
${f.line('due', '完成期限', { hint: '例如 2026-12-15 或 2026年12月15日', width: 'w10' })}`,
  },
  'report-assignment': {
    title: '报告交办事项的办理结果',
    button: '提交办理结果',
    body: (c, f) => {
      const [a, ...more] = ownAssignments(c);
      return html`${
        a
          ? summaryList([
              { key: '交办事项', value: para(a.task) },
              {
                key: '完成期限',
                value: html`${dateEl(a.due)}${dueMarks(a.due, c.today > a.due, true, c.today)}`,
              },
              { key: '交办人', value: html`${staffName(c.view.timeline, a.by)}，${timeEl(a.at)}` },
            ])
          : ''
      }
${more.length ? html`<p class="hint">本单位还有 ${more.length} 项交办事项，提交这一项后再报告下一项。</p>` : ''}
${f.text('reply', '办理结果', { hint: '写明办了什么、结果如何。', rows: 5 })}`;
    },
  },
};

export interface ActionFormsOptions {
  /** The form that came back with errors, with its answers. */
  failed?: { type: ActionType; form: URLSearchParams };
  errors: PageErrors;
  today: string;
  /** The deadline policy in force (the settings'), for the days the hints state. */
  policy: DeadlinePolicy;
}

/** The forms of every action the caller may take now, in the core's order. */
export function actionForms(view: StaffCaseView, viewer: Viewer, o: ActionFormsOptions): Html {
  const action = `/staff/cases/${encodeURIComponent(view.caseNumber)}/actions`;
  return html`${view.allowedActions.map((type) => {
    const spec = FORMS[type];
    const c: FormContext = {
      view,
      errors: o.errors,
      posted: o.failed?.type === type ? o.failed.form : undefined,
      today: o.today,
      unit: viewer.principal.unit,
      head: viewer.principal.role === 'head',
      policy: o.policy,
    };
    const title = typeof spec.title === 'string' ? spec.title : spec.title(c);
    const form = html`<form class="action" method="post" action="${action}" novalidate data-action="${type}" aria-labelledby="t-${type}">
${csrfField(viewer)}
<input type="hidden" name="type" value="${type}">
<input type="hidden" name="version" value="${view.version}">
<h3 id="t-${type}">${title}</h3>
${spec.body(c, new Fields(type, c))}
${submitButton(typeof spec.button === 'string' ? spec.button : spec.button(c), { testid: `do-${type}`, ...(spec.variant ? { variant: spec.variant } : {}) })}
</form>`;
    if (!spec.folded) return form;
    return html`<details class="action-fold" data-fold="${type}"${c.posted ? ' open' : ''}>
<summary>${title}</summary>
${form}
</details>`;
  })}`;
}
