/**
 * The intake form in short steps (GOV.UK question pages): who you are, what the dispute is about,
 * what happened, check your answers, and the confirmation. Rendered by the API and, for the first
 * step, at build time by the static site.
 */
import { LIMITS } from '#contracts/cases.ts';
import type { FieldError } from '#contracts/problem.ts';
import type { DeadlinePolicy } from '#core/deadlines.ts';
import {
  COLLECTION_MATTERS,
  INSURANCES,
  type Insurance,
  insuranceLabel,
  MATTER_TYPES,
  type MatterType,
  matterLabel,
  needsInsurance,
  OTHER_MATTERS,
  RIGHTS_MATTERS,
} from '#core/matters.ts';
import type { PayerView } from '#core/payer-view.ts';
import { type UnitId, unitLabel } from '#core/units.ts';
import {
  backLink,
  choices,
  errorSummary,
  fieldId,
  PageErrors,
  problemSummary,
  type Row,
  select,
  summaryList,
  textarea,
  textInput,
} from './components.ts';
import { formatDay, formatPeriod } from './dates.ts';
import type { Draft, DraftCounterparty, DraftMatter, Step } from './draft.ts';
import { type Html, html } from './html.ts';
import { NEW_CODE_AT_WINDOW } from './labels.ts';
import { payerPage } from './layout.ts';
import { pagePath, stepPath } from './paths.ts';

const TITLES: Record<Step, string> = {
  payer: '您的信息',
  matters: '争议的是什么',
  description: '请说明具体情况',
  check: '请核对您填写的信息',
};

const STEP_NUMBER: Record<Step, number> = { payer: 1, matters: 2, description: 3, check: 4 };

const caption = (step: Step) =>
  html`<span class="caption">填写争议申请 第 ${STEP_NUMBER[step]} 步，共 4 步</span>`;

const previous: Record<Step, string> = {
  payer: '/',
  matters: stepPath('payer'),
  description: stepPath('matters'),
  check: stepPath('description'),
};

export interface StepOptions {
  errors?: readonly FieldError[];
  /** The payer came from the check page: 「继续」 goes back there. */
  fromCheck?: boolean;
  /** A failure that is not about one field. */
  problem?: { title: string; detail: string };
  /**
   * The static first page (/apply/): its answers start a new draft, so the next person at a
   * shared computer never sees the last one's answers.
   */
  fresh?: boolean;
  /** The matter just removed (1-based), said at the top of the matters step. */
  removed?: number;
  /** The earlier answers were deleted after two hours: said at the step they are asked again. */
  expired?: boolean;
  /** The case this browser just filed, while no draft is started (`filedCaseOf`): not to file twice. */
  filed?: string;
}

/** The id of the notice after a matter was removed: the redirect lands on it. */
export const REMOVED_NOTICE = 'removed-notice';
/** The id of the notice that the earlier answers were deleted: the redirect lands on it. */
export const EXPIRED_NOTICE = 'expired-notice';

/** One question page of the intake form. */
export function applyStepPage(
  step: Exclude<Step, 'check'>,
  draft: Draft,
  o: StepOptions = {},
): Html {
  const shown = pointersOf(step, draft);
  const errors = new PageErrors(o.errors ?? [], shown);
  const body =
    step === 'payer'
      ? payerStep(draft, errors)
      : step === 'matters'
        ? mattersStep(draft, errors)
        : descriptionStep(draft, errors);
  return payerPage({
    title: o.filed ? FILED_TITLE : TITLES[step],
    failed: errors.any || Boolean(o.problem),
    body: html`${backLink(o.fromCheck ? stepPath('check') : previous[step])}
${o.problem ? problemSummary(o.problem.title, o.problem.detail) : errorSummary(errors, undefined, whichMatter(step === 'matters' ? draft.matters.length : 0))}
${step === 'matters' && o.removed ? html`<div class="notification notification--success" id="${REMOVED_NOTICE}" role="status" tabindex="-1" data-testid="${REMOVED_NOTICE}"><p class="notification__text">已删除争议事项 ${o.removed}，后面的事项顺序往前移。</p></div>` : ''}
${o.expired ? html`<div class="notification" id="${EXPIRED_NOTICE}" role="status" tabindex="-1" data-testid="${EXPIRED_NOTICE}"><p class="notification__text">您前面填写的内容超过 2 小时没有提交，为保护您的个人信息，已经自动删除。请从这一页起重新填写；刚才那一页填写的内容已经保存。</p></div>` : ''}
${
  o.filed
    ? // No form: its answers are gone with the filing, and 「继续」 would start over at step 1
      // without a word (a review, 2026-12-05).
      html`<h1>${FILED_TITLE}</h1><div class="notification" role="status" data-testid="filed-notice"><p class="notification__text">受理编号为 ${o.filed} 的申请已经提交，不用再提交一次，可以<a href="${pagePath('status')}">查看办理进度</a>。还要反映另一件事的，请<a href="/apply/" data-testid="start-again">从第 1 步重新填写</a>。</p></div>`
    : stepForm(step, o, body)
}`,
  });
}

/** The title of a step page once its case is filed: the page says so and asks nothing. */
const FILED_TITLE = '您的申请已经提交';

/** A question step's form, its hidden 「继续」 first so that Enter continues. */
function stepForm(step: Exclude<Step, 'check'>, o: StepOptions, body: Html): Html {
  return html`<form method="post" action="${stepPath(step)}" novalidate data-testid="step-${step}">
${o.fromCheck ? html`<input type="hidden" name="from" value="check">` : ''}
${o.fresh ? html`<input type="hidden" name="start" value="new">` : ''}
<!-- Enter in a field (a phone keyboard's 「前往」 too) submits with the form's first button: this
     one, so Enter always continues and never removes or adds a matter. Out of sight and out of
     the tab order; the visible 「继续」 is below. -->
<button type="submit" class="visually-hidden" name="action" value="continue" tabindex="-1" aria-hidden="true">继续</button>
${body}
<div class="button-group">
  <button type="submit" class="button" name="action" value="continue" data-testid="continue">继续</button>
</div>
</form>`;
}

/** With several matters, a summary line names the matter it is about: 「争议事项 2：」. */
export function whichMatter(count: number) {
  return (pointer: string) => {
    const n = /^\/matters\/(\d+)\//.exec(pointer)?.[1];
    return count > 1 && n !== undefined ? `争议事项 ${Number(n) + 1}：` : '';
  };
}

function pointersOf(step: Step, draft: Draft): string[] {
  if (step === 'payer')
    return [
      '/payer/kind',
      '/payer/name',
      '/payer/idNumber',
      '/payer/phone',
      ...COUNTERPARTY_POINTERS,
    ];
  if (step === 'description') return ['/description'];
  if (step === 'matters') return matterPointers(draft.matters.length);
  return ['/consent'];
}

function payerStep(draft: Draft, errors: PageErrors): Html {
  const p = draft.payer;
  return html`${caption('payer')}
<h1>${TITLES.payer}</h1>
${choices({
  kind: 'radio',
  pointer: '/payer/kind',
  name: 'payer.kind',
  label: '您是',
  errors,
  checked: p.kind ? [p.kind] : [],
  choices: [
    {
      value: 'person',
      label: '个人',
      // A worker whose employer did not pay is a person too (a payer review, 2026-12-05).
      hint: '灵活就业人员、城乡居民，以及单位应当为您缴费的职工（反映单位的，在下面填写对方单位）',
    },
    {
      value: 'organization',
      label: '单位',
      hint: '为职工缴费的企业、机关事业单位、社会组织、个体工商户等',
    },
  ],
})}
${textInput({
  pointer: '/payer/name',
  name: 'payer.name',
  label: '缴费人姓名或单位名称',
  hint: '个人填本人姓名；单位填营业执照上的单位全称。',
  value: p.name,
  errors,
  autocomplete: p.kind === 'organization' ? 'organization' : 'name',
})}
${textInput({
  pointer: '/payer/idNumber',
  name: 'payer.idNumber',
  label: '身份证号码或统一社会信用代码',
  hint: '个人填 18 位身份证号码，单位填 18 位统一社会信用代码。',
  value: p.idNumber,
  errors,
  width: 'w20',
  code: true,
})}
${textInput({
  pointer: '/payer/phone',
  name: 'payer.phone',
  label: '联系电话',
  // Each example on one line: a phone's width broke them at their dashes (a review).
  hint: html`手机号码，或带区号的固定电话（例如 <span class="nowrap">0476-1234567</span>，有分机号的写在后面：<span class="nowrap">0476-8123456-801</span>）。填手机号码的，办理进展会用短信告诉您；只有固定电话的，办理部门会打电话联系您。`,
  value: p.phone,
  errors,
  type: 'tel',
  width: 'w12',
  code: true,
  autocomplete: 'tel',
})}
${counterpartyFields(draft.counterparty ?? {}, errors)}`;
}

export const COUNTERPARTY_POINTERS = [
  '/counterparty/name',
  '/counterparty/idNumber',
  '/counterparty/phone',
];

/**
 * The other party of the dispute (争议双方, seed 三(二)), optional: a person names the employer,
 * an employer the worker. One set of fields serves both, so it works without a script whichever
 * 「您是」 is chosen; the kind is the other of the payer's. The staff registration asks the same.
 */
export function counterpartyFields(
  c: DraftCounterparty & { address?: string },
  errors: PageErrors,
  o: { address?: boolean } = {},
): Html {
  return html`<fieldset class="fieldset form-group" data-testid="counterparty">
  <legend class="legend legend--m">争议的另一方（可以不填）</legend>
  <p class="hint">个人反映用人单位的，填用人单位；单位反映职工的，填职工。填了的，办理结果也会告诉对方。</p>
  ${textInput({
    pointer: '/counterparty/name',
    name: 'counterparty.name',
    label: '用人单位名称或职工姓名',
    value: c.name,
    errors,
  })}
  ${textInput({
    pointer: '/counterparty/idNumber',
    name: 'counterparty.idNumber',
    label: '统一社会信用代码或身份证号码（知道的话）',
    value: c.idNumber,
    errors,
    width: 'w20',
    code: true,
  })}
  ${textInput({
    pointer: '/counterparty/phone',
    name: 'counterparty.phone',
    label: '对方的联系电话（知道的话）',
    value: c.phone,
    errors,
    type: 'tel',
    width: 'w12',
    code: true,
  })}
  ${
    // The window's form only: the written answer is delivered to the other party.
    o.address
      ? textInput({
          pointer: '/counterparty/address',
          name: 'counterparty.address',
          label: '对方的通讯地址（知道的话）',
          hint: '邮寄书面答复告知书用。',
          value: c.address,
          errors,
        })
      : ''
  }
</fieldset>`;
}

/**
 * Each matter's name with a plain example, as the payer's list shows it: the names are the
 * document's (seed 二(二)), and a payer could not tell 权益记录 from 参保登记信息 or 费款征收 from
 * 缴费金额 (a payer review, 2026-12-05). The staff register form asks the same questions with the
 * same list; case pages and reports keep the names alone.
 */
const MATTER_EXAMPLES: Record<MatterType, string> = {
  declaration: '申报缴费时出了问题',
  base: '按多少工资算缴费',
  amount: '应缴多少钱',
  collection: '扣款、收费的方式或时间',
  'refund-review': '多缴的钱退不退、退多少',
  arrears: '被要求补缴欠费',
  penalty: '因缴费问题被罚款',
  registration: '参保登记的信息不对',
  'back-payment': '按政策补缴以前的年份',
  'rights-record': '缴费记录、缴费年限不对',
  benefits: '养老金、医保报销等待遇',
  'refund-recheck': '对退费结果不服，要求复核',
  'special-verification': '特殊工种、视同缴费年限等的核定',
  'labour-relation': '和单位是否存在劳动关系',
  'labour-litigation': '已经或准备到法院打官司',
  other: '以上都不像的',
};

const MATTER_GROUPS = [
  { label: '缴费和征收方面', matters: COLLECTION_MATTERS },
  { label: '参保记录和待遇方面', matters: RIGHTS_MATTERS },
  { label: '其他', matters: OTHER_MATTERS },
];

function mattersStep(draft: Draft, errors: PageErrors): Html {
  const count = draft.matters.length;
  const whole = errors.of('/matters');
  return html`${caption('matters')}
<h1>${TITLES.matters}</h1>
<p>一件事有好几个方面的（例如不同的问题、不同的时间段），可以一项一项填，最多 ${LIMITS.matters} 项。</p>
${whole ? html`<p class="error-message" id="f-matters-error"><span class="visually-hidden">错误：</span>${whole}</p>` : ''}
${draft.matters.map((m, i) => matterFields(m, i, count, errors))}
${
  count < LIMITS.matters
    ? html`<button type="submit" class="button button--secondary" name="action" value="add-matter" data-testid="add-matter">再添加一项争议事项</button>`
    : html`<p class="hint">已经填了 ${LIMITS.matters} 项，不能再添加了。还有别的情况，请写在下一步的说明里。</p>`
}`;
}

/**
 * One dispute matter's questions (type, insurance, period) and, when there are several, its
 * 「删除这一项」 button: the payer's intake and the staff registration form ask them alike.
 */
export function matterFields(m: DraftMatter, i: number, count: number, errors: PageErrors): Html {
  const f = `/matters/${i}`;
  const n = `matters[${i}]`;
  return html`<fieldset class="fieldset matter form-group" data-matter>
  <legend class="legend legend--m">争议事项 ${i + 1}</legend>
  ${select({
    pointer: `${f}/type`,
    name: `${n}.type`,
    label: '争议的是什么问题',
    hint: '选最接近的一项；都不像的，选“其他”。',
    placeholder: '请选择',
    value: m.type,
    errors,
    groups: MATTER_GROUPS.map((g) => ({
      label: g.label,
      choices: g.matters.map((x) => ({
        value: x.id,
        label: `${x.label}（${MATTER_EXAMPLES[x.id]}）`,
        ...(needsInsurance(x.id) ? {} : { data: { 'no-insurance': '' } }),
      })),
    })),
  })}
  ${choices({
    kind: 'checkbox',
    pointer: `${f}/insurance`,
    name: `${n}.insurance`,
    label: '涉及哪种保险',
    hint: `可以选多项。争议的问题是${OTHER_MATTERS.map((o) => `“${o.label}”`).join('、')}的，可以不选。`,
    errors,
    checked: m.insurance,
    choices: INSURANCES.map((x) => ({ value: x.id, label: x.label })),
    groupData: { insurance: '' },
  })}
  <fieldset class="fieldset form-group" aria-describedby="f-matters-${i}-period-hint">
    <legend class="legend legend--m" id="f-matters-${i}-period-legend">争议涉及哪段时间</legend>
    <p class="hint" id="f-matters-${i}-period-hint">填 6 位数字：年和月，例如 202403（2024 年 3 月）；也可以填 2024-03 或 2024年3月。只涉及一个月的，两处填同一个月。</p>
    <div class="month-range">
      ${monthInput(`${f}/period/from`, `${n}.period.from`, '起始年月', m.period.from, errors)}
      ${monthInput(`${f}/period/to`, `${n}.period.to`, '截止年月', m.period.to, errors)}
    </div>
  </fieldset>
  ${count > 1 ? html`<button type="submit" class="button button--secondary matter__remove" name="action" value="remove-${i}">删除这一项<span class="visually-hidden">（争议事项 ${i + 1}）</span></button>` : ''}
</fieldset>`;
}

/**
 * A year-month typed as text, as the hint says. Not `type="month"`: Chromium draws a picker there
 * whose segments follow the browser's locale, and typed 2024-03 left it empty (issue 13). The
 * server reads 2024-03, 2024.3, 202403 and 2024年3月 alike (tidyMonth), and the script tidies
 * the field as soon as it is left. `inputmode` opens the digit keyboard on a phone.
 */
function monthInput(
  pointer: string,
  name: string,
  label: string,
  value: string | undefined,
  errors: PageErrors,
): Html {
  const extra = html` inputmode="numeric" maxlength="10" data-month`;
  return textInput({ pointer, name, label, value, errors, width: 'w10', code: true, extra });
}

/** The pointers of the matter questions a form with `count` matters shows. */
export function matterPointers(count: number): string[] {
  return Array.from({ length: count }, (_, i) => [
    `/matters/${i}/type`,
    `/matters/${i}/insurance`,
    `/matters/${i}/period/from`,
    `/matters/${i}/period/to`,
    `/matters/${i}/period`,
  ])
    .flat()
    .concat(['/matters']);
}

function descriptionStep(draft: Draft, errors: PageErrors): Html {
  return html`${caption('description')}
${textarea({
  pointer: '/description',
  name: 'description',
  label: TITLES.description,
  hint: `发生了什么事，您认为哪里不对，希望怎么解决。最多 ${LIMITS.description} 个字。`,
  value: draft.description,
  errors,
  asHeading: true,
})}`;
}

const KIND_LABELS: Record<string, string> = { person: '个人', organization: '单位' };

const matterTypeLabel = (t: string | undefined) =>
  t && (MATTER_TYPES as readonly string[]).includes(t) ? matterLabel(t as MatterType) : (t ?? '');
const insuranceText = (list: readonly string[]) =>
  list.map((i) => insuranceLabel(i as Insurance) ?? i).join('、') || '没有选择';

/**
 * Check your answers (GOV.UK): every answer with a change link, the consent, and the one button
 * that sends the case. The form carries every answer, so `POST /api/cases` gets the whole case.
 */
export function checkPage(
  draft: Draft,
  o: {
    key: string;
    errors?: readonly FieldError[];
    problem?: { title: string; detail: string };
    /** The case this browser filed within the last half hour: said before a second filing. */
    filed?: string;
  },
): Html {
  const errors = new PageErrors(
    (o.errors ?? []).map((e) =>
      e.pointer === '/consent' ? e : { ...e, pointer: checkAnchor(e.pointer) },
    ),
    ['/consent', '/payer', '/matters', '/description'],
  );
  const p = draft.payer;
  // Each 修改 opens its step at the question it changes (a payer review: 「修改争议事项 3」 opened
  // at matter 1).
  const change = (step: Step, what: string, pointer: string) => ({
    href: `${stepPath(step)}?from=check#${fieldId(pointer)}`,
    what,
  });
  const consentError = errors.of('/consent');
  return payerPage({
    title: TITLES.check,
    failed: errors.any || Boolean(o.problem),
    body: html`${backLink(stepPath('description'))}
${o.problem ? problemSummary(o.problem.title, o.problem.detail) : errorSummary(errors)}
${caption('check')}
<h1>${TITLES.check}</h1>
${
  // Back past the confirmation, the browser's own memory filled the first step in again, and a
  // second identical case was filed without a word (a review, 2026-12-05).
  o.filed
    ? html`<div class="warning" data-testid="filed-warning"><span class="warning__icon" aria-hidden="true">!</span><p><span class="visually-hidden">注意：</span>您刚才已经提交过一份申请（受理编号 ${o.filed}）。如果是同一件事，不用再提交，可以<a href="${pagePath('status')}">查看办理进度</a>；如果是另一件事，请核对下面的信息后提交。</p></div>`
    : ''
}
<h2 id="f-payer">您的信息</h2>
${summaryList(
  [
    {
      key: '您是',
      value: KIND_LABELS[p.kind ?? ''] ?? '',
      change: change('payer', '您是个人还是单位', '/payer/kind'),
    },
    {
      key: '姓名或单位名称',
      value: p.name ?? '',
      change: change('payer', '姓名或单位名称', '/payer/name'),
    },
    {
      key: '身份证号码或统一社会信用代码',
      value: html`<span class="input--code">${p.idNumber ?? ''}</span>`,
      change: change('payer', '证件号码', '/payer/idNumber'),
    },
    {
      key: '联系电话',
      value: html`<span class="input--code">${p.phone ?? ''}</span>`,
      change: change('payer', '联系电话', '/payer/phone'),
    },
    {
      key: '争议的另一方',
      value: counterpartyText(draft.counterparty),
      change: change('payer', '争议的另一方', COUNTERPARTY_POINTERS[0] ?? '/payer/phone'),
    },
  ],
  'check-payer',
)}
<h2 id="f-matters">争议的内容</h2>
${draft.matters.map((m, i) =>
  summaryList(
    [
      {
        key: `争议事项 ${i + 1}`,
        value: matterTypeLabel(m.type),
        change: change('matters', `争议事项 ${i + 1}`, `/matters/${i}/type`),
      },
      { key: '涉及的保险', value: insuranceText(m.insurance) },
      // An answer not yet given reads as nothing, not as 「undefined」.
      {
        key: '涉及的时间',
        value: formatPeriod({ from: m.period.from ?? '', to: m.period.to ?? '' }),
      },
    ] satisfies Row[],
    `check-matter-${i}`,
  ),
)}
<h2 id="f-description">具体情况</h2>
${summaryList([{ key: '情况说明', value: html`<span class="prose-pre">${draft.description ?? ''}</span>`, change: change('description', '情况说明', '/description') }], 'check-description')}
<form method="post" action="/api/cases" novalidate data-testid="check-form">
${hiddenAnswers(draft)}
<input type="hidden" name="idempotencyKey" value="${o.key}">
<h2>您的信息怎么使用</h2>
<p id="f-consent-hint">为了办理您的争议，我们会把您填写的信息交给负责办理的部门，工作人员可能会打电话向您了解情况。这些信息只用于办理这次争议。</p>
<div class="form-group${consentError ? ' form-group--error' : ''}">
  ${consentError ? html`<p class="error-message" id="f-consent-error"><span class="visually-hidden">错误：</span>${consentError}</p>` : ''}
  <div class="choices choices--checkbox">
    <div class="choice">
      <input class="choice__input" type="checkbox" id="f-consent" name="consent" value="true" aria-describedby="f-consent-hint${consentError ? ' f-consent-error' : ''}"${consentError ? html` aria-invalid="true"` : ''}>
      <label class="choice__label" for="f-consent">我同意按上面的说明使用我填写的信息</label>
    </div>
  </div>
</div>
<p>提交后，页面上会显示受理编号和查询码，请准备好纸笔，或者截图保存。</p>
<button type="submit" class="button" data-testid="submit" data-prevent-double-click>提交</button>
</form>`,
  });
}

/** An error on an earlier step's answer links to that step's heading on the check page. */
function checkAnchor(pointer: string): string {
  const top = pointer.split('/')[1];
  // The other party is asked on the payer's step, under 「您的信息」.
  return top && top !== 'counterparty' ? `/${top}` : '/payer';
}

/** The other party in one line: name, number and phone as given, or 「没有填」. */
function counterpartyText(c: DraftCounterparty | undefined): string {
  if (!c) return '没有填';
  return [c.name ?? '（名称没有填）', c.idNumber, c.phone].filter(Boolean).join('，');
}

function hiddenAnswers(draft: Draft): Html {
  const fields: [string, string | undefined][] = [
    ['payer.kind', draft.payer.kind],
    ['payer.name', draft.payer.name],
    ['payer.idNumber', draft.payer.idNumber],
    ['payer.phone', draft.payer.phone],
    ['counterparty.name', draft.counterparty?.name],
    ['counterparty.idNumber', draft.counterparty?.idNumber],
    ['counterparty.phone', draft.counterparty?.phone],
    ...draft.matters.flatMap((m, i): [string, string | undefined][] => [
      [`matters[${i}].type`, m.type ?? ''],
      ...m.insurance.map((x): [string, string] => [`matters[${i}].insurance`, x]),
      [`matters[${i}].period.from`, m.period.from],
      [`matters[${i}].period.to`, m.period.to],
    ]),
    ['description', draft.description],
  ];
  return html`${fields
    .filter(([, v]) => v !== undefined)
    .map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">\n`)}`;
}

/**
 * Whom the payer is first told handles the case: the office for any case not single, else its
 * unit. By the routing decided at filing, not by how far delivery has got when the page is drawn
 * (the confirmation and the receipt say the same).
 */
export function handlingUnits(view: PayerView): 'office' | UnitId[] {
  return view.mode === 'single' ? view.units.filter((u) => u !== 'office') : 'office';
}

/**
 * The confirmation: case number, access code, who handles it and what happens next, with the
 * deadlines of the policy in force (`policy`, from the settings).
 */
export function confirmationPage(
  view: PayerView,
  accessCode: string,
  policy: DeadlinePolicy,
  o: { texted: boolean } = { texted: true },
): Html {
  const units = handlingUnits(view);
  return payerPage({
    title: '已收到您的争议申请',
    body: html`<div class="panel">
  <h1 class="panel__title">已收到您的争议申请</h1>
  <div class="panel__body">
    <p class="panel__item">受理编号<strong class="panel__code" data-testid="case-number">${view.caseNumber}</strong></p>
    <p class="panel__item">查询码<strong class="panel__code" data-testid="access-code">${accessCode}</strong></p>
  </div>
</div>
<div class="warning">
  <span class="warning__icon" aria-hidden="true">!</span>
  <p><span class="visually-hidden">注意：</span>请把受理编号和查询码抄下来，或者截图保存。以后查询办理进度要用到，请不要告诉别人。${
    // No SMS reaches a landline, and a new code is only texted to a mobile (access-code.ts): a
    // lost code means the window, with the ID card. In the same paragraph: the warning box lays
    // its paragraphs side by side.
    o.texted
      ? ''
      : html`<span data-testid="landline-warning">您留的是固定电话，收不到短信。查询码丢了，要${NEW_CODE_AT_WINDOW}。请务必现在打印回执，或者把查询码抄下来。</span>`
  }</p>
</div>
<p><a class="button button--secondary" href="${pagePath('receipt')}" data-testid="receipt-link">打印回执</a></p>
<h2>由哪个部门办理</h2>
${
  units === 'office'
    ? html`<p data-testid="routing">您的申请先交给${unitLabel('office')}，由工作室确定由哪个部门办理（涉及几个部门的，确定牵头部门）。</p>`
    : html`<p data-testid="routing">您的申请已经交给下面的部门办理：</p>
<ul>${units.map((u) => html`<li>${unitLabel(u)}</li>`)}</ul>`
}
${nextSteps(policy, view)}
<p><a href="${pagePath('status')}" data-testid="status-link">查看办理进度</a></p>`,
  });
}

/**
 * What happens next, with the deadlines in working days of the policy in force: the confirmation
 * and the printed receipt (functions/pages/receipt.ts) say it in the same words. A case not for
 * one unit goes to the office first, which decides who handles it within the same days (work.ts,
 * triage), as the page's 「由哪个部门办理」 says just above.
 */
export function nextSteps(d: DeadlinePolicy, view: Pick<PayerView, 'mode' | 'deadlines'>): Html {
  // The day itself, as the progress page words it: 「最晚在…前（含当天）」. A payer review read
  // 「1 个工作日内（12月7日前）」 of a Saturday filing as 「before Monday」, and found the case's own
  // answer date on the progress page only (2026-12-05).
  const { signFor, answerLatest } = view.deadlines;
  const by = `${d.signFor} 个工作日内${signFor ? `（最晚在${formatDay(signFor.due)}前，含当天）` : ''}`;
  return html`<h2>接下来会怎样</h2>
<ol>
  <li>${
    view.mode === 'single'
      ? `${by}，办理部门签收您的申请。`
      : `${by}，争议处理工作室确定由哪个部门办理（涉及几个部门的，确定牵头部门），再由办理部门签收。`
  }</li>
  <li>${
    answerLatest
      ? `签收后一般在 ${d.answerSingle} 个工作日内答复您，最晚不超过${formatDay(answerLatest.due)}（含当天）；情况复杂、经批准延期的除外。`
      : `由一个部门办理的，一般在 ${d.answerSingle} 个工作日内答复您；几个部门联合办理的一般 ${d.answerJointGeneral} 个工作日，重大、复杂、疑难的一般 ${d.answerMajor} 个工作日。`
  }办理中，工作人员可能会打电话向您了解情况。</li>
  <li>收到答复后，您可以接受，也可以提出不同意见；${d.silenceMeansAccept} 个工作日内没有提出的，视为没有异议。</li>
  <li>答复后 ${d.followUp} 个工作日内，办理部门会回访您（打电话，或请您在网上回答），听听您对处理结果的意见。</li>
</ol>`;
}
