/**
 * Window registration (seed 三(一)3, 受理登记表): a dispute brought to a window, by phone (12345),
 * by petition, from the court or from online opinion, entered by staff. The form posts to
 * /staff/register; 「再添加一项」 and 「删除这一项」 are buttons of the same form, so it works
 * without a script. Registered, the clerk sees the case number and the access code once.
 */
import { LIMITS } from '#contracts/cases.ts';
import { type FieldError, fieldErrors, withFieldErrors } from '#contracts/problem.ts';
import { REGISTERED_CHANNELS, type RegisterCase, RegisterCaseSchema } from '#contracts/staff.ts';
import { CHANNEL_LABELS, LEAD_SOURCE_LABELS, LEAD_SOURCES } from '#core/case.ts';
import { afterTodayErrors } from '#core/intake.ts';
import type { RoutingMode } from '#core/routing.ts';
import { isUnitId, type UnitId, unitLabel } from '#core/units.ts';
import {
  COUNTERPARTY_POINTERS,
  counterpartyFields,
  matterFields,
  matterPointers,
  whichMatter,
} from '../apply.ts';
import {
  choices,
  errorSummary,
  PageErrors,
  problemSummary,
  textarea,
  textInput,
} from '../components.ts';
import { formatDay } from '../dates.ts';
import {
  counterpartyKind,
  type DraftCounterparty,
  type DraftMatter,
  emptyDraft,
  emptyMatter,
  halfWidth,
  readMatters,
  readStep,
  tidyDate,
} from '../draft.ts';
import { type Html, html } from '../html.ts';
import { COUNTY } from '../layout.ts';
import { postForm, submitButton } from './components.ts';
import { staffMessagePage, staffPage, type Viewer } from './layout.ts';

export const REGISTER_PATH = '/staff/register';
export const REGISTERED_PATH = '/staff/register/done';

/** The answers of the registration form, as typed (kept when the page comes back). */
export interface RegisterValues {
  channel?: string;
  registeredOn?: string;
  /** 来访时间, as a datetime-local field posts it (`YYYY-MM-DDTHH:mm`, Beijing time). */
  visitedAt?: string;
  payer: {
    kind?: string;
    name?: string;
    idNumber?: string;
    phone?: string;
    idPending?: boolean;
    source?: { kind?: string; reference?: string };
    address?: string;
  };
  counterparty?: DraftCounterparty & { address?: string };
  matters: DraftMatter[];
  description?: string;
}

/** An empty form: dated today, the visit at `now` (`YYYY-MM-DDTHH:mm`, Beijing time). */
export const emptyRegistration = (today: string, now?: string): RegisterValues => ({
  registeredOn: today,
  ...(now ? { visitedAt: now } : {}),
  payer: {},
  matters: [emptyMatter()],
});

const present = (v: string | null | undefined) => v?.trim() || undefined;

/**
 * A date and time typed where the browser has no picker (2026-11-26 9:30, 2026/11/26 09:30) as a
 * datetime-local value, `2026-11-26T09:30`; anything else stays as typed, for the schema to explain.
 */
export function tidyDateTime(value: string): string {
  const raw = halfWidth(value).trim();
  const m = /^(.+?)(?:T|\s+)(\d{1,2})[:：](\d{2})$/.exec(raw);
  if (!m) return raw;
  return `${tidyDate(m[1] ?? '')}T${(m[2] ?? '').padStart(2, '0')}:${m[3]}`;
}

/** The posted answers; the payer's numbers tidied as the payer's own form tidies them. */
export function readRegistration(form: URLSearchParams): RegisterValues {
  const registeredOn = present(form.get('registeredOn'));
  const visitedAt = present(form.get('visitedAt'));
  const matters = readMatters(form);
  const step = readStep('payer', form, emptyDraft());
  const sourceKind = present(form.get('payer.source.kind'));
  const reference = present(form.get('payer.source.reference'));
  const address = present(form.get('payer.address'));
  const otherAddress = present(form.get('counterparty.address'));
  const counterparty =
    step.counterparty || otherAddress
      ? { ...step.counterparty, ...(otherAddress ? { address: otherAddress } : {}) }
      : undefined;
  return {
    channel: present(form.get('channel')),
    registeredOn: registeredOn && tidyDate(registeredOn),
    visitedAt: visitedAt && tidyDateTime(visitedAt),
    payer: {
      ...step.payer,
      ...(form.get('payer.idPending') === 'true' ? { idPending: true } : {}),
      ...(sourceKind || reference ? { source: { kind: sourceKind, reference } } : {}),
      ...(address ? { address } : {}),
    },
    ...(counterparty ? { counterparty } : {}),
    matters: matters.length > 0 ? matters : [emptyMatter()],
    description: present(form.get('description')),
  };
}

/** The API's body of a registration from the form's answers. */
function toRegistration(v: RegisterValues) {
  const { payer } = v;
  return {
    channel: v.channel,
    registeredOn: v.registeredOn,
    visitedAt: v.visitedAt,
    payer: {
      kind: payer.kind,
      name: payer.name,
      idNumber: payer.idNumber,
      phone: payer.phone,
      idPending: payer.idPending,
      address: payer.address,
      // A lead's source only for a lead: the fields stay on the page for the other kinds.
      source: payer.kind === 'lead' ? (payer.source ?? {}) : undefined,
    },
    counterparty: v.counterparty && { kind: counterpartyKind(payer.kind), ...v.counterparty },
    matters: v.matters,
    description: v.description,
  };
}

/** What a post of the form leads to: the form again (a block added or removed), errors, or a case. */
export type RegistrationOutcome =
  | { kind: 'again'; values: RegisterValues }
  | { kind: 'errors'; values: RegisterValues; errors: FieldError[] }
  | { kind: 'valid'; values: RegisterValues; request: RegisterCase };

/** Reads a post of the form and checks it against the API's own schema. */
export function postRegistration(form: URLSearchParams, today: string): RegistrationOutcome {
  const values = readRegistration(form);
  const action = form.get('action') ?? 'register';
  const removed = /^remove-(\d+)$/.exec(action);
  // Only 「登记」 registers: 「再添加」 at ten matters or 「删除」 of the last one changes nothing.
  if (action !== 'register') {
    const { matters } = values;
    if (action === 'add-matter' && matters.length < LIMITS.matters)
      return { kind: 'again', values: { ...values, matters: [...matters, emptyMatter()] } };
    if (removed && matters.length > 1)
      return {
        kind: 'again',
        values: { ...values, matters: matters.filter((_, i) => i !== Number(removed[1])) },
      };
    return { kind: 'again', values };
  }
  const parsed = RegisterCaseSchema.safeParse(toRegistration(values));
  if (!parsed.success) {
    // With what only today can tell (a period or a form dated after it), all in one round.
    const later = afterTodayErrors(values.matters, today, values.registeredOn);
    return {
      kind: 'errors',
      values,
      errors: withFieldErrors(fieldErrors(parsed.error.issues), later),
    };
  }
  return { kind: 'valid', values, request: parsed.data };
}

export interface RegisterPageOptions {
  values: RegisterValues;
  /** The form's idempotency key: a second post of the same answers files no second case. */
  key: string;
  today: string;
  errors?: readonly FieldError[];
  problem?: { title: string; detail: string };
}

/** The registration form, empty or with the answers and errors of a post. */
export function registerPage(viewer: Viewer, o: RegisterPageOptions): Html {
  const v = o.values;
  const count = v.matters.length;
  const shown = [
    '/channel',
    '/registeredOn',
    '/visitedAt',
    '/payer/kind',
    '/payer/source/kind',
    '/payer/source/reference',
    '/payer/name',
    '/payer/idNumber',
    '/payer/idPending',
    '/payer/phone',
    '/payer/address',
    ...COUNTERPARTY_POINTERS,
    '/counterparty/address',
    '/counterparty/kind',
    ...matterPointers(count),
    '/description',
  ];
  const errors = new PageErrors(o.errors ?? [], shown);
  const whole = errors.of('/matters');
  const body = html`<div class="column">
<h1>登记争议</h1>
<p class="body-text">缴费人到窗口反映、打本单位电话或 12345 热线、信访、法院转来或网络舆情发现的争议，在这里登记。登记后系统按职责自动分派，和网上提交的一样办理。</p>
${o.problem ? problemSummary(o.problem.title, o.problem.detail) : errorSummary(errors, '登记的信息有问题', whichMatter(count))}
${postForm(
  viewer,
  REGISTER_PATH,
  html`<input type="hidden" name="key" value="${o.key}">
<!-- Enter in a field submits the form with its first button: this one, so that it registers and
     never removes or adds a matter. Out of sight and out of the tab order; the visible 「登记」 is below. -->
<button type="submit" class="visually-hidden" name="action" value="register" tabindex="-1" aria-hidden="true">登记</button>
${choices({
  kind: 'radio',
  pointer: '/channel',
  name: 'channel',
  label: '受理渠道',
  errors,
  checked: v.channel ? [v.channel] : [],
  choices: REGISTERED_CHANNELS.map((id) => ({ value: id, label: CHANNEL_LABELS[id] })),
})}
${textInput({
  pointer: '/registeredOn',
  name: 'registeredOn',
  label: '登记日期',
  hint: '纸质受理登记表上的登记日期，默认是今天。补录以前的纸质登记表的，填表上的日期；办理期限从录入系统之日起计算，请尽快录入。',
  value: v.registeredOn,
  errors,
  type: 'date',
  width: 'w10',
  extra: html` max="${o.today}"`,
})}
${textInput({
  pointer: '/visitedAt',
  name: 'visitedAt',
  label: '来访（来电）时间',
  hint: '缴费人来到窗口或打来电话的时间，北京时间，例如 2026-11-26 09:30。网络舆情、信访转来的，填收到线索的时间。',
  value: v.visitedAt,
  errors,
  type: 'datetime-local',
  width: 'w12',
})}
<h2>缴费人</h2>
${choices({
  kind: 'radio',
  pointer: '/payer/kind',
  name: 'payer.kind',
  label: '缴费人是',
  errors,
  checked: v.payer.kind ? [v.payer.kind] : [],
  choices: [
    { value: 'person', label: '个人' },
    { value: 'organization', label: '单位' },
    {
      value: 'lead',
      label: '身份不明的线索',
      hint: '网上发帖、信访线索、匿名来电等，不知道是谁反映的：不用填身份证号码，填线索来源和出处',
    },
  ],
})}
${textInput({
  pointer: '/payer/name',
  name: 'payer.name',
  label: '缴费人（单位）名称',
  hint: '个人填姓名；单位填营业执照上的全称；线索填发帖人的网名或来电人的称呼，没有的可以不填。',
  value: v.payer.name,
  errors,
})}
${textInput({
  pointer: '/payer/idNumber',
  name: 'payer.idNumber',
  label: '缴费人识别号',
  hint: '个人填 18 位身份证号码，单位填 18 位统一社会信用代码。线索不填。',
  value: v.payer.idNumber,
  errors,
  width: 'w20',
  code: true,
})}
${choices({
  kind: 'checkbox',
  pointer: '/payer/idPending',
  name: 'payer.idPending',
  label: '识别号一时无法提供',
  errors,
  checked: v.payer.idPending ? ['true'] : [],
  choices: [
    {
      value: 'true',
      label: '待核实',
      hint: '缴费人没带证件、电话里说不清的，先登记，办理时再核实',
    },
  ],
})}
${textInput({
  pointer: '/payer/phone',
  name: 'payer.phone',
  label: '联系电话',
  hint: '手机号码，或带区号的固定电话（例如 0476-1234567）。只有固定电话的，承办单位打电话联系，不发短信。线索没有的可以不填。',
  value: v.payer.phone,
  errors,
  type: 'tel',
  width: 'w12',
  code: true,
})}
${textInput({
  pointer: '/payer/address',
  name: 'payer.address',
  label: '通讯地址（选填）',
  hint: '只有固定电话、或书面答复要邮寄的，请填写能收到信件的地址。',
  value: v.payer.address,
  errors,
})}
<fieldset class="fieldset form-group" data-testid="lead-source">
  <legend class="legend legend--m">线索来源（只在缴费人是“身份不明的线索”时填）</legend>
  ${choices({
    kind: 'radio',
    pointer: '/payer/source/kind',
    name: 'payer.source.kind',
    label: '来源',
    errors,
    checked: v.payer.source?.kind ? [v.payer.source.kind] : [],
    choices: LEAD_SOURCES.map((id) => ({ value: id, label: LEAD_SOURCE_LABELS[id] })),
  })}
  ${textInput({
    pointer: '/payer/source/reference',
    name: 'payer.source.reference',
    label: '出处',
    hint: '帖子的网址、信访件编号或来电记录编号，以便核实。',
    value: v.payer.source?.reference,
    errors,
  })}
</fieldset>
${counterpartyFields(v.counterparty ?? {}, errors, { address: true })}
<h2 id="f-matters">征缴争议内容</h2>
<p class="hint">按缴费人反映的问题一项一项填，最多 ${LIMITS.matters} 项。</p>
${whole ? html`<p class="error-message" id="f-matters-error"><span class="visually-hidden">错误：</span>${whole}</p>` : ''}
${v.matters.map((m, i) => matterFields(m, i, count, errors))}
${
  count < LIMITS.matters
    ? // The new block's first question is where the page opens again.
      html`<button type="submit" class="button button--secondary" name="action" value="add-matter" formaction="${REGISTER_PATH}#f-matters-${count}-type" data-testid="add-matter">再添加一项争议事项</button>`
    : html`<p class="hint">已经填了 ${LIMITS.matters} 项，不能再添加了。其他情况请写在下面的说明里。</p>`
}
${textarea({
  pointer: '/description',
  name: 'description',
  label: '缴费人反映的主要内容',
  hint: `发生了什么事、缴费人的诉求。最多 ${LIMITS.description} 个字。`,
  value: v.description,
  errors,
})}
<div class="button-group">
  ${submitButton('登记', { name: 'action', value: 'register', testid: 'submit-registration' })}
</div>`,
  { testid: 'register-form' },
)}
</div>`;
  return staffPage({
    title: '登记争议',
    failed: errors.any || Boolean(o.problem),
    viewer,
    section: 'register',
    body,
  });
}

/** For a leader or an administrator: registering is a member unit's act. */
export function notRegistrarPage(viewer: Viewer): Html {
  return staffMessagePage(
    '您不能登记案件',
    '登记缴费人来访、来电等反映的争议，需要成员单位的承办人或负责人账号。',
    { href: '/staff/inbox', label: '返回待办' },
    viewer,
  );
}

/** How a case was routed, in words (the case page says the same). */
export const MODE_WORDS: Record<RoutingMode, string> = {
  single: '由一个单位办理',
  joint: '涉及两个或两个以上单位，由争议处理工作室统一受理、协调联合办理',
  triage: '一时无法确定承办单位，交争议处理工作室分办',
};

/** What the clerk is shown once after registering: the numbers to hand over, and the way on. */
export interface Registered {
  caseNumber: string;
  /** Empty for a lead: nobody is handed one (core/work.ts, isLead). */
  accessCode: string;
  routing: { mode: RoutingMode; units: readonly UnitId[]; assisting: readonly UnitId[] };
  /** A lead (线索): no code and no SMS; the unit's finding goes to the file. */
  lead?: true;
  /** The paper form's date, which the payer's slip prints as 受理日期. */
  registeredOn?: string;
}

/**
 * The sealed cookie that carries the access code from the post to the confirmation (never the
 * address: it would stay in the history and the logs), for that page only, for a few minutes.
 */
export const REGISTERED_COOKIE = 'si-staff-registered';
export const REGISTERED_SECONDS = 10 * 60;

/** What the cookie seals: the confirmation, bound to the session that registered it. */
export function registeredClaims(r: Registered, sid: string): Record<string, unknown> {
  return { ...r, sid };
}

/** The confirmation of `caseNumber` from the cookie's claims (unsealFor: this session's). */
export function registeredFrom(
  claims: Record<string, unknown> | undefined,
  caseNumber: string,
): Registered | undefined {
  if (!claims) return undefined;
  const { accessCode, routing, lead, registeredOn } = claims as Partial<Registered>;
  if (typeof accessCode !== 'string' || !routing || !(routing.mode in MODE_WORDS)) return undefined;
  const units = (list: unknown) =>
    Array.isArray(list)
      ? list.filter((u): u is UnitId => typeof u === 'string' && isUnitId(u))
      : [];
  return {
    caseNumber,
    accessCode,
    routing: {
      mode: routing.mode,
      units: units(routing.units),
      assisting: units(routing.assisting),
    },
    ...(lead === true ? { lead } : {}),
    ...(typeof registeredOn === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(registeredOn)
      ? { registeredOn }
      : {}),
  };
}

const casePath = (n: string) => `/staff/cases/${encodeURIComponent(n)}`;

/**
 * The confirmation, with the access code: shown once (the code is kept nowhere readable).
 * `statusUrl`: the progress look-up's full address, for the payer's copy.
 */
export function registeredPage(viewer: Viewer, r: Registered, statusUrl: string): Html {
  if (r.lead) return registeredLeadPage(viewer, r);
  return staffPage({
    title: '已登记',
    viewer,
    section: 'register',
    body: html`${
      // The payer's slip, printed from this page: what it is, from whom, and when (a print review
      // found a slip with neither title nor date, which the look-up page calls 「回执」).
      html`<p class="print-only print-only--block slip-title" data-testid="slip-title">${COUNTY}社会保险费征缴争议受理回执（窗口登记）</p>`
    }
<div class="panel">
  <h1 class="panel__title">已登记</h1>
  <div class="panel__body">
    <p class="panel__item">受理编号<strong class="panel__code" data-testid="case-number">${r.caseNumber}</strong></p>
    <p class="panel__item">查询码<strong class="panel__code" data-testid="access-code">${r.accessCode}</strong></p>
  </div>
</div>
<p class="body-text">在网上打开 <span class="url" data-testid="status-url">${statusUrl}</span>，输入受理编号和查询码，可以查看办理进度和答复。</p>
${
  // Printed for the payer: who took the case and where to ask; the clerk's own notes are not.
  viewer.principal.unit
    ? html`<p class="print-only print-only--block" data-testid="slip-issuer">受理单位：${unitLabel(viewer.principal.unit)}。${r.registeredOn ? `受理日期：${formatDay(r.registeredOn)}。` : ''}查询码请自己保管，不要告诉别人。如有疑问，请拨打 12345 政务服务便民热线，说明受理编号。</p>`
    : ''
}
<div class="warning no-print">
  <span class="warning__icon" aria-hidden="true">!</span>
  <p><span class="visually-hidden">注意：</span>请把受理编号和查询码交给缴费人（抄给缴费人，或打印这一页）。查询码只显示这一次，缴费人用它查看办理进度和答复。</p>
</div>
${routedTo(r)}
<div class="no-print">${nextSteps(r.caseNumber, { codeShown: true })}</div>`,
  });
}

/** Where the registered case goes: the routing's mode and units. */
function routedTo(r: Registered): Html {
  const { mode, units, assisting } = r.routing;
  return html`<h2>由哪个部门办理</h2>
<p class="body-text" data-testid="routing">${MODE_WORDS[mode]}：</p>
<ul data-testid="routing-units">${units.map((u) => html`<li>${unitLabel(u)}</li>`)}</ul>
${assisting.length > 0 ? html`<p class="body-text">协办单位：${assisting.map(unitLabel).join('、')}</p>` : ''}`;
}

/**
 * A lead's confirmation (a review found the clerk told to hand an access code to a payer a lead
 * does not have): the case number, and what becomes of a lead.
 */
function registeredLeadPage(viewer: Viewer, r: Registered): Html {
  return staffPage({
    title: '已登记线索',
    viewer,
    section: 'register',
    body: html`<div class="panel">
  <h1 class="panel__title">已登记线索</h1>
  <div class="panel__body">
    <p class="panel__item">受理编号<strong class="panel__code" data-testid="case-number">${r.caseNumber}</strong></p>
  </div>
</div>
<p class="body-text" data-testid="lead-next">这是线索，不是缴费人本人的申请：不发放查询码，也不给反映人发短信。承办单位核查后填写核查处理结果，不用回访，也不用等待表态，随后整理案卷归档。</p>
${routedTo(r)}
${nextSteps(r.caseNumber, { codeShown: false })}`,
  });
}

/**
 * The confirmation's address again (a reload, the back button, a copied link): the access code is
 * not shown a second time; the ways on are.
 */
export function registeredAgainPage(viewer: Viewer, caseNumber: string): Html {
  return staffPage({
    title: '查询码已经显示过',
    viewer,
    section: 'register',
    body: html`<h1>查询码已经显示过</h1>
<p class="inset" data-testid="shown-once">为保护缴费人的信息，登记后查询码只显示一次，这里不再显示。受理编号是 <strong class="case-no" data-testid="case-number">${caseNumber}</strong>。</p>
${nextSteps(caseNumber, { codeShown: false })}`,
  });
}

function nextSteps(caseNumber: string, o: { codeShown: boolean }): Html {
  const form = `${casePath(caseNumber)}/print/registration`;
  // While the code is on screen, the form opens beside it: coming back to this address would
  // not show the code again.
  const printForm = o.codeShown
    ? html`<a href="${form}" target="_blank" rel="noopener" data-testid="print-registration">打印受理登记表（附件2，在新标签页打开）</a>`
    : html`<a href="${form}" data-testid="print-registration">打印受理登记表（附件2）</a>`;
  return html`<h2>接下来</h2>
<ul>
  ${o.codeShown ? html`<li>要把这一页交给缴费人的，请先用浏览器的打印功能（Ctrl+P）打印这一页</li>` : ''}
  <li>${printForm}，签字盖章后归档</li>
  <li><a href="${casePath(caseNumber)}" data-testid="case-link">查看案件</a></li>
  <li><a href="${REGISTER_PATH}">再登记一件</a></li>
</ul>`;
}
