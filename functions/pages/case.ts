/**
 * The payer's case pages, rendered by the API: the look-up form (case number and access code),
 * the progress, the written answer with the decision form, and the follow-up survey.
 */
import { ACCESS_CODE_PATTERN, LIMITS } from '#contracts/cases.ts';
import type { FieldError } from '#contracts/problem.ts';
import type { PayerDecision } from '#core/case.ts';
import type { DeadlinePolicy } from '#core/deadlines.ts';
import type { PayerView } from '#core/payer-view.ts';
import { remediesFor, remedy } from '#core/remedies.ts';
import { chineseDay, shanghaiDate } from '#core/time.ts';
import { type UnitId, unitLabel } from '#core/units.ts';
import { ACCESS_CODE_PATH } from './access-code.ts';
import {
  choices,
  errorSummary,
  PageErrors,
  problemSummary,
  summaryList,
  textarea,
  textInput,
} from './components.ts';
import { dateEl, formatDay, formatTime } from './dates.ts';
import { compact, readCaseNumber } from './draft.ts';
import { type Html, html } from './html.ts';
import { NEW_CODE_AT_WINDOW, NEW_CODE_ONLINE, STATUS_HINTS, STATUS_LABELS } from './labels.ts';
import { COUNTY, payerPage } from './layout.ts';
import { type CasePage, LOOKUP_PATHS, pagePath } from './paths.ts';

const LOOKUP: Record<CasePage, { title: string; intro: string; button: string }> = {
  status: {
    title: '查看办理进度',
    intro: '请输入提交申请时页面上显示的受理编号和查询码。',
    button: '查询',
  },
  answer: {
    title: '查看答复',
    intro: '办理部门答复后，您可以在这里看到答复内容，并告诉我们是否接受处理结果。',
    button: '查看答复',
  },
  survey: {
    title: '回访：您对处理结果满意吗',
    intro: '案件办结后，我们想听听您的意见。请输入受理编号和查询码。',
    button: '继续',
  },
};

export interface LookupOptions {
  values?: { caseNumber?: string; accessCode?: string };
  errors?: readonly FieldError[];
  problem?: { title: string; detail: string };
  /** Just signed out: said above the form, which opens a case again. */
  signedOut?: boolean;
}

/** Where 「退出」 lands: the status look-up, saying the case is no longer open here. */
export const SIGNED_OUT_PATH = '/status/signed-out/';

/** The access code's field: the look-up's, and the expired case form's. */
const accessCodeInput = (errors: PageErrors, value?: string) =>
  textInput({
    pointer: '/accessCode',
    name: 'accessCode',
    label: '查询码',
    hint: '12 位大写字母和数字，在提交申请后的页面上，或窗口工作人员交给您的回执上。',
    value,
    errors,
    width: 'w12',
    code: true,
    extra: html` autocapitalize="characters"`,
  });

/** The look-up form: case number and access code, posted to the API (never in the address). */
export function lookupPage(next: CasePage, o: LookupOptions = {}): Html {
  const errors = new PageErrors(o.errors ?? [], ['/caseNumber', '/accessCode']);
  const t = LOOKUP[next];
  return payerPage({
    title: t.title,
    failed: errors.any || Boolean(o.problem),
    body: html`${o.problem ? problemSummary(o.problem.title, o.problem.detail) : errorSummary(errors, '请检查填写的内容')}
${o.signedOut ? html`<div class="notification notification--success" role="status" data-testid="signed-out"><p class="notification__text">您已退出。这台电脑上的浏览器不再打开您的案件，要再查看，请重新输入受理编号和查询码。</p></div>` : ''}
<h1>${t.title}</h1>
<p>${t.intro}</p>
<form method="post" action="${pagePath(next)}" novalidate data-testid="lookup-form">
${textInput({ pointer: '/caseNumber', name: 'caseNumber', label: '受理编号', hint: '例如 2026-000123', value: o.values?.caseNumber, errors, width: 'w12', code: true })}
${accessCodeInput(errors, o.values?.accessCode)}
<p class="body-text"><a href="${ACCESS_CODE_PATH}" data-testid="forgot-code">忘记查询码？</a>${NEW_CODE_ONLINE}。只有固定电话、或者手机号码已经换了的，请${NEW_CODE_AT_WINDOW}。</p>
<button type="submit" class="button" data-testid="lookup">${t.button}</button>
</form>`,
  });
}

/** The look-up form's answers, tidied as typed on a phone, and what is wrong with them. */
export function readLookup(form: URLSearchParams): {
  caseNumber: string;
  accessCode: string;
  errors: FieldError[];
} {
  const accessCode = compact(form.get('accessCode') ?? '').toUpperCase();
  const errors: FieldError[] = [];
  const caseNumber = readCaseNumber(form, errors);
  if (accessCode === '') errors.push({ pointer: '/accessCode', detail: '请填写查询码' });
  else if (!ACCESS_CODE_PATTERN.test(accessCode)) {
    errors.push({ pointer: '/accessCode', detail: accessCodeProblem(accessCode) });
  }
  return { caseNumber, accessCode, errors };
}

/**
 * What is wrong with a typed access code: its length, or a character no code has. Codes leave out
 * 0, 1, I, L and O, which are easily misread; a payer copying 0 for O read 「12 位大写字母和数字」
 * and saw nothing wrong (a payer review, 2026-12-05).
 */
function accessCodeProblem(code: string): string {
  if (code.length !== 12) return `查询码是 12 位，您填了 ${code.length} 位，请对照回执或短信核对`;
  return /[01ILO]/.test(code)
    ? '查询码里没有数字 0、1 和字母 I、L、O，请对照回执或短信看清后再填'
    : '查询码只有大写字母和数字，请对照回执或短信核对';
}

/** The day of an instant, in Shanghai. */
const dayOf = (iso: string) => formatDay(shanghaiDate(new Date(iso)));

function signOut(): Html {
  return html`<form method="post" action="${pagePath('sign-out')}" class="sign-out">
  <p>在公共电脑上查看的，看完请点“退出”，别人就看不到您的案件。</p>
  <button type="submit" class="button button--secondary" data-testid="sign-out">退出</button>
</form>`;
}

/** The flag on a date in a year whose public holidays are not yet published. */
const uncovered = (d: { covered: boolean }) =>
  d.covered
    ? ''
    : html` <strong class="flag">注意：该日期所在年份的节假日安排尚未公布，到期日可能调整</strong>`;

/** The dates the units owe the payer, as sentences: who must do what by when. */
function deadlineList(view: PayerView): Html {
  const { signFor, answer, answerLatest } = view.deadlines;
  const items = [
    signFor &&
      html`<li data-testid="deadline-sign-for">${
        view.status === 'triage'
          ? html`争议处理工作室应在${dateEl(signFor.due)}前（含当天）确定由哪个部门办理。`
          : html`办理部门应在${dateEl(signFor.due)}前（含当天）签收您的申请。`
      }${uncovered(signFor)}</li>`,
    answer &&
      html`<li data-testid="deadline-answer">办理部门应在${dateEl(answer.due)}前（含当天）答复您。${uncovered(answer)}</li>`,
    answerLatest &&
      html`<li data-testid="deadline-answer-latest">签收后调查处理，最晚在${dateEl(answerLatest.due)}前（含当天）答复您（情况复杂、经批准延期的除外）。${uncovered(answerLatest)}</li>`,
  ].filter(Boolean);
  return items.length > 0
    ? html`<h2>办理期限</h2><ul data-testid="deadlines">${items}</ul>`
    : html``;
}

/**
 * The last day to object, and what the payer's silence after it means (DESIGN.md §6): the days of
 * the policy in force, as the printed answer notice says them (functions/pages/staff/print.ts).
 */
function objectBy(view: PayerView, policy: DeadlinePolicy): Html {
  const last = view.deadlines.objectBy;
  const days = policy.silenceMeansAccept;
  // 视为没有异议 closes the case here; it waives no right the law gives (a payer review read it so).
  const rights =
    '“视为没有异议”只表示这件事在这里办结归档，不影响您依法申请行政复议、劳动人事争议仲裁或者提起行政诉讼，这些途径的期限按法律规定计算。';
  if (view.followUp?.dissatisfied) return dissatisfiedObjectBy(view, days);
  // A day told with the answer outlives a shorter policy: the sentence then names no days.
  const by = last?.told
    ? html`请在${dateEl(last.due)}前（含当天）告诉我们，这是答复时告诉您的日期，不会再提前`
    : last && html`请在答复后 ${days} 个工作日内，即${dateEl(last.due)}前（含当天）告诉我们`;
  return last
    ? html`<p data-testid="object-by">如对答复有异议，${by}；逾期未告诉我们的，视为您没有异议。${uncovered(last)}</p><p class="secondary" data-testid="object-by-rights">${rights}</p>`
    : html`<p data-testid="object-by">答复后 ${days} 个工作日内没有告诉我们有异议的，视为您没有异议。</p><p class="secondary" data-testid="object-by-rights">${rights}</p>`;
}

/**
 * The window for a payer who said 不满意: it waits for the further answer and counts from it, and
 * silence after it archives the case without taking the payer as accepting (supervision.ts).
 */
function dissatisfiedObjectBy(view: PayerView, days: number): Html {
  const last = view.deadlines.objectBy;
  const rights = html`<p class="secondary" data-testid="object-by-rights">案卷归档不影响您依法申请行政复议、劳动人事争议仲裁或者提起行政诉讼，这些途径的期限按法律规定计算。</p>`;
  if (awaitsFurtherAnswer(view) || !last) {
    return html`<p data-testid="object-by">办理部门再次答复您以后，您还有 ${days} 个工作日考虑是否接受；现在也可以告诉我们。</p>${rights}`;
  }
  // A 督办 answered before further answers were kept has none: its window is the first answer's.
  const after = view.furtherAnswer ? `再次答复后 ${days} 个工作日内，即` : '';
  return html`<p data-testid="object-by">如仍不接受，请在${after}${dateEl(last.due)}前（含当天）告诉我们您准备通过哪种途径解决。逾期没有告诉我们的，案卷归档，但不视为您接受了处理结果。${uncovered(last)}</p>${rights}`;
}

/** The further answer to a dissatisfied payer, under the first answer wherever it is shown. */
function furtherAnswerBlock(view: PayerView): Html | '' {
  const further = view.furtherAnswer;
  return further
    ? html`<h2>再次答复</h2><p class="secondary">${unitLabel(further.unit)}，${dayOf(further.at)}再次答复（您在回访中表示不满意，领导小组督办后）</p>
<div class="inset answer" data-testid="further-answer">${further.text}</div>`
    : '';
}

/** What a dissatisfied visit set going, said wherever the payer looks next, with its day. */
function underSupervision(view: PayerView): string {
  const by = view.followUp?.furtherAnswerBy;
  return `您在回访中表示不满意，这件事已报领导小组督办，办理部门要重新核实处理，并会${by ? `在${chineseDay(by)}前（含当天）` : ''}再次答复您。`;
}

/** Still waiting for the further answer a dissatisfied visit owes the payer (the core's word). */
const awaitsFurtherAnswer = (view: PayerView) => Boolean(view.followUp?.furtherAnswerPending);

/** What happens next once the payer has accepted: the unit files the documents, then archives. */
const afterAccept = (view: PayerView) =>
  awaitsFurtherAnswer(view)
    ? underSupervision(view)
    : view.status === 'archived'
      ? '案卷已经归档，这件事已经办结。'
      : view.followUp?.status === 'open'
        ? // The visit is still to come: the payer has one more thing they may do.
          '办理部门整理案卷后归档。接下来我们会回访，听听您对处理结果的意见。'
        : '办理部门整理案卷后归档，您不需要再做什么。';

/** The day a decision was given: the day staff wrote down, else the day it was recorded. */
const decidedOn = (d: PayerDecision) => (d.on ? formatDay(d.on) : dayOf(d.at));

/** The unit whose answer the payer objects to: the places of 行政复议 follow it. */
/** Whose acts the answer covers: the unit that answered and the units of the case's matters. */
const answeredBy = (view: PayerView): UnitId[] =>
  view.answer ? [view.answer.unit as UnitId, ...view.units] : [];

/** Where a decision staff recorded was given, as part of a sentence. */
const CHANNEL_WORDS = { window: '在窗口', phone: '通过电话' } as const;

/**
 * After an objection, the route the payer chose, where to go and by when, on the progress page
 * too: the answer page is not where a payer looks a month later.
 */
function chosenRoute(d: PayerDecision, units: readonly UnitId[]): Html | '' {
  const chosen = d.kind === 'object' ? remedy(d.route, units) : undefined;
  if (!chosen) return '';
  // Mediation has no limit of its own, and does not stop the others' from running: name them.
  const others =
    chosen.route === 'mediation'
      ? html`<ul data-testid="other-limits">${remediesFor(units)
          .filter((r) => r.route !== 'mediation')
          .map((r) => html`<li>${r.label}：${r.limit}</li>`)}</ul>`
      : '';
  return html`<p data-testid="chosen-route">您选择了<strong>${chosen.label}</strong>，请您按时自己去办理。到哪里：${chosen.where}。期限：${chosen.limit}</p>${others}`;
}

/** The payer's decision in one or two plain sentences: what was recorded, how, and what follows. */
function decisionSentence(view: PayerView, d: PayerDecision): string {
  const staff = d.channel === 'window' || d.channel === 'phone' ? CHANNEL_WORDS[d.channel] : '';
  if (d.kind === 'object') {
    return staff
      ? `您于${decidedOn(d)}${staff}告诉工作人员您对处理结果有异议，已经记录。`
      : `您已于${dayOf(d.at)}提出异议。`;
  }
  if (d.channel === 'silence') {
    return `答复后，您在规定期限内没有告诉我们有异议，按规定视为您没有异议（${dayOf(d.at)}记录）。${afterAccept(view)}如有疑问，请拨打 12345 政务服务便民热线。`;
  }
  return staff
    ? `您于${decidedOn(d)}${staff}告诉工作人员您接受处理结果，已经记录。${afterAccept(view)}`
    : `您已于${dayOf(d.at)}接受处理结果。${afterAccept(view)}`;
}

/**
 * The state in a plain sentence. An answered case the payer has accepted is no longer waiting for
 * them, whatever its status still says, so it gets its own words.
 */
function statusHint(view: PayerView): string {
  if (awaitsFurtherAnswer(view)) return underSupervision(view);
  if (view.status === 'responded' && view.decision?.kind === 'accept') {
    const filing = '办理部门正在整理案卷，整理好后归档。';
    return view.decision.channel === 'silence'
      ? `已视为您没有异议。${filing}`
      : `您已接受处理结果。${filing}`;
  }
  if (view.status === 'responded' && !view.decision) {
    return view.furtherAnswer
      ? '您在回访中表示不满意，领导小组督办后，办理部门已经再次答复您。请看下面的再次答复，并告诉我们您是否接受处理结果。'
      : '办理部门已经答复您，请看下面的答复内容，并告诉我们您是否接受处理结果。';
  }
  return STATUS_HINTS[view.status] ?? '';
}

/** The deadline policy in force (the settings'), for the figures a page states. */
export interface PolicyOptions {
  policy: DeadlinePolicy;
  /**
   * The answer look-up's full address (`/answer/` on the site), which the printed answer page
   * names: paper cannot be clicked. Without it, the page says where on the site to go.
   */
  answerUrl?: string;
}

/** The case's progress: state, who handles it, deadlines, the answer, the timeline. */
export function statusPage(view: PayerView, o: PolicyOptions): Html {
  // While the case is being routed its units are not settled yet: name none.
  const others = view.handledBy ? view.units.filter((u) => u !== view.handledBy) : [];
  return payerPage({
    title: '办理情况',
    body: html`<h1>办理情况</h1>
<div data-testid="case-status">
${summaryList([
  { key: '受理编号', value: html`<span class="input--code">${view.caseNumber}</span>` },
  {
    key: '目前状态',
    value: html`<strong class="tag tag--${view.status}" data-testid="status">${
      // 已答复 read as done to a payer waiting for the further answer (a payer review, 2026-12-05).
      awaitsFurtherAnswer(view)
        ? '督办中，等待再次答复'
        : (STATUS_LABELS[view.status] ?? view.status)
    }</strong><p class="secondary" data-testid="status-hint">${statusHint(view)}</p>`,
  },
  {
    key: '办理部门',
    value: html`<span data-testid="handled-by">${view.handledBy ? unitLabel(view.handledBy) : '正在确定由哪个部门办理'}</span>`,
  },
  ...(others.length > 0
    ? [
        {
          key: '其他相关部门',
          value: html`<ul>${others.map((u) => html`<li>${unitLabel(u)}</li>`)}</ul>`,
        },
      ]
    : []),
])}
<p class="no-print"><a href="${pagePath('receipt')}?from=status" data-testid="receipt-link">打印受理回执</a></p>
${deadlineList(view)}
${
  view.answer
    ? html`<h2>答复内容</h2>
<div class="inset answer">${view.answer.text}</div>
${furtherAnswerBlock(view)}
${
  view.decision
    ? html`<p data-testid="decision-summary">${decisionSentence(view, view.decision)}</p>${chosenRoute(view.decision, answeredBy(view))}`
    : view.status === 'responded'
      ? html`${objectBy(view, o.policy)}<p><a href="${pagePath('answer')}" data-testid="answer-link">告诉我们您是否接受处理结果</a></p>`
      : ''
}`
    : ''
}
${view.followUp?.status === 'open' ? html`<p><a href="${pagePath('survey')}" data-testid="survey-link">回答回访：您对处理结果满意吗</a></p>` : ''}
<h2>办理经过</h2>
<ol class="timeline">
${view.timeline.map(
  (e) =>
    // What happened heads the row; the state the case was left in follows it.
    html`<li class="timeline__item"><span class="timeline__status">${e.note || (STATUS_LABELS[e.status] ?? e.status)}</span><time class="timeline__time" datetime="${e.at}">${formatTime(e.at)}</time>${e.note ? html`<p class="cell-note">案件状态：${STATUS_LABELS[e.status] ?? e.status}</p>` : ''}</li>`,
)}
</ol>
</div>
${signOut()}`,
  });
}

export interface FormOptions {
  errors?: readonly FieldError[];
  values?: Record<string, string | undefined>;
  problem?: { title: string; detail: string };
  /** Said above the page in a success box (the case reopened after its cookie expired). */
  notice?: string;
  /**
   * The form token of the browser's case cookie (functions/platform/payer.ts): the post is
   * refused without it (issue 16).
   */
  csrf?: string;
}

/** The notice of a form reopened by the code typed after its page expired (expiredFormPage). */
export const REOPENED = '已重新打开您的案件。您填写的内容还在，请核对后再提交。';

/** A success box above a page's content. */
const noticeBox = (text: string | undefined) =>
  text
    ? html`<div class="notification notification--success" role="status" tabindex="-1" data-testid="notice"><p class="notification__text">${text}</p></div>`
    : '';

/** The form token as a hidden field, where the page has one. */
const csrfField = (csrf: string | undefined) =>
  csrf ? html`<input type="hidden" name="csrf" value="${csrf}">` : '';

/** The written answer and, while the payer has not said, the decision form (seed 三(二)). */
export function answerPage(view: PayerView, o: FormOptions & PolicyOptions): Html {
  const errors = new PageErrors(o.errors ?? [], ['/decision', '/route', '/comment']);
  const answer = view.answer;
  const decided = view.decision;
  const open = answer && view.status === 'responded' && !decided;
  const chosen =
    decided && decided.kind === 'object' ? remedy(decided.route, answeredBy(view)) : undefined;
  const heading = !decided
    ? '答复内容'
    : decided.kind === 'object'
      ? '已记录您的异议'
      : decided.channel === 'silence'
        ? '已视为您没有异议'
        : '您已接受处理结果';
  return payerPage({
    title: heading,
    failed: errors.any || Boolean(o.problem),
    body: html`${o.problem ? problemSummary(o.problem.title, o.problem.detail) : errorSummary(errors, '请检查填写的内容')}
${noticeBox(o.notice)}
${
  decided
    ? html`<div class="panel"><h1 class="panel__title" data-testid="decision-done">${heading}</h1>
<div class="panel__body" data-testid="decision-summary">${decisionSentence(view, decided)}</div></div>
${
  chosen
    ? html`<h2>接下来请您</h2>
<p>您选择了<strong>${chosen.label}</strong>。本平台只记录您的选择，不会替您提出申请，请您按时自己去办理：</p>
${summaryList([
  { key: '到哪里', value: chosen.where },
  { key: '期限', value: chosen.limit },
])}`
    : ''
}`
    : html`<span class="caption">受理编号 ${view.caseNumber}</span><h1>答复内容</h1>`
}
${
  answer
    ? html`${decided ? html`<h2>答复内容</h2>` : ''}<p class="secondary">${unitLabel(answer.unit)}，${dayOf(answer.at)}答复</p>
<div class="inset answer" data-testid="answer-text">${answer.text}</div>
${furtherAnswerBlock(view)}
<p class="no-print" data-testid="print-answer-hint">需要纸质答复的，可以用浏览器的打印功能打印这一页（电脑上按 Ctrl+P；手机上在浏览器菜单里选“打印”或“分享”），打印出来有答复内容、提出异议的最后一天和可以选择的途径，没有下面的表单。办理部门盖章的书面答复告知书，可以到办理部门领取。</p>
<p class="print-only print-only--block" data-testid="printed-from">${COUNTY}社会保险费征缴争议（受理编号 ${view.caseNumber}）：以上是${unitLabel(answer.unit)}于${dayOf(answer.at)}给您的答复${view.furtherAnswer ? `和${dayOf(view.furtherAnswer.at)}的再次答复` : ''}，从网上查询页面打印。</p>`
    : html`<p>这个案件还没有答复。办理部门答复后，答复内容会显示在这里。</p>`
}
${
  // The last day to object and the routes go on the paper too (a print review: the printout kept
  // the answer alone); the day stands above the form on screen, the routes are in the form there.
  open
    ? html`${objectBy(view, o.policy)}
<div class="print-only print-only--block" data-testid="printed-remedies"><p data-testid="printed-how">怎样告诉我们：${o.answerUrl ? `在网上打开 ${o.answerUrl}` : '在本网站首页点“查看答复”'}，输入受理编号和查询码后，选择是否接受处理结果；也可以到${unitLabel(answer?.unit ?? '')}窗口当面告诉我们。</p><p>有异议的，可以按规定选择下列途径继续解决：</p><ol class="remedy-list">${remediesFor(answeredBy(view)).map((r) => html`<li><strong>${r.label}</strong>：${r.where}。${r.limit}</li>`)}</ol></div>`
    : ''
}
<div class="no-print">
${open ? decisionForm(view, errors, o.values ?? {}, o.csrf) : ''}
${
  // Once decided, the one thing left for the payer: the visit's questions, answered here and now
  // (the page said 「接下来我们会回访」 and gave no way to it).
  decided && view.followUp?.status === 'open'
    ? html`<p><a href="${pagePath('survey')}" data-testid="survey-link">现在就回答回访：您对处理结果满意吗</a></p>`
    : ''
}
<p><a href="${pagePath('status')}">查看办理进度</a></p>
${signOut()}
</div>`,
  });
}

function decisionForm(
  view: PayerView,
  errors: PageErrors,
  values: Record<string, string | undefined>,
  csrf: string | undefined,
): Html {
  return html`<form method="post" action="/api/cases/${view.caseNumber}/decision" novalidate data-testid="decision-form">
${csrfField(csrf)}
${
  // An objection names a legal route (seed 三(二)); a payer who only wants the case looked at again
  // has the visit's 不满意, which the leading group supervises (a payer review found it unsaid).
  view.followUp?.status === 'open'
    ? html`<p data-testid="recheck-hint">只是希望办理部门重新核实、还不打算申请调解、复议、仲裁或诉讼的，可以先在<a href="${pagePath('survey')}">回访</a>中选择“不满意”，领导小组会督办。申请行政复议、提起诉讼有法定期限，不会因为回访而延长。</p>`
    : ''
}
${choices({
  kind: 'radio',
  pointer: '/decision',
  name: 'decision',
  label: '您是否接受处理结果',
  legendSize: 'l',
  errors,
  checked: values.decision ? [values.decision] : [],
  choices: [
    {
      value: 'accept',
      label: '接受',
      hint: '对处理结果没有异议。办理部门整理案卷后归档，这件事就办结了。',
    },
    {
      value: 'object',
      label: '有异议',
      hint: '请在下面选择您准备通过哪种途径继续解决。',
      data: { reveals: 'object-details' },
    },
  ],
})}
<div class="conditional" id="object-details" data-conditional="decision=object">
${choices({
  kind: 'radio',
  pointer: '/route',
  name: 'route',
  label: '有异议的，您准备通过哪种途径继续解决',
  hint: '下面的期限由法律规定，请留意，过了期限可能无法申请。',
  errors,
  checked: values.route ? [values.route] : [],
  choices: remediesFor(answeredBy(view)).map((r) => ({
    value: r.route,
    label: r.label,
    hint: html`<p class="remedy__line">${r.fits}</p><p class="remedy__line"><strong>到哪里：</strong>${r.where}</p><p class="remedy__line"><strong>期限：</strong>${r.limit}</p>`,
  })),
})}
${textarea({ pointer: '/comment', name: 'comment', label: '还有什么想说的（选填）', hint: `例如您不同意哪一点。最多 ${LIMITS.comment} 个字。`, value: values.comment, errors, rows: 5 })}
</div>
<button type="submit" class="button" data-testid="submit-decision" data-prevent-double-click>提交</button>
</form>`;
}

const SURVEY_CHOICES = [
  { value: 'satisfied', label: '满意' },
  { value: 'basically-satisfied', label: '基本满意' },
  { value: 'dissatisfied', label: '不满意', hint: '我们会督促办理部门重新核实处理。' },
];

/** The follow-up survey (跟踪回访), answered online instead of waiting for the call. */
export function surveyPage(view: PayerView, o: FormOptions = {}): Html {
  const errors = new PageErrors(o.errors ?? [], ['/result', '/comment']);
  const status = view.followUp?.status;
  const values = o.values ?? {};
  const title = status === 'done' ? '谢谢您的意见' : '回访：您对处理结果满意吗';
  return payerPage({
    title,
    failed: errors.any || Boolean(o.problem),
    body: html`${o.problem ? problemSummary(o.problem.title, o.problem.detail) : errorSummary(errors, '请检查填写的内容')}
${noticeBox(o.notice)}
${
  status === 'done'
    ? html`<div class="panel"><h1 class="panel__title" data-testid="survey-done">谢谢您的意见</h1><div class="panel__body">回访已经完成。${view.followUp?.dissatisfied ? html`<p data-testid="survey-next">${view.furtherAnswer ? html`领导小组督办后，办理部门已经再次答复您，请<a href="${pagePath('answer')}">查看再次答复</a>。` : underSupervision(view)}如有疑问，请拨打 12345 政务服务便民热线。</p>` : ''}</div></div>`
    : status === 'open'
      ? html`<form method="post" action="/api/cases/${view.caseNumber}/survey" novalidate data-testid="survey-form">
${csrfField(o.csrf)}
<p class="caption">受理编号 ${view.caseNumber}</p>
${choices({ kind: 'radio', pointer: '/result', name: 'result', label: title, asHeading: true, errors, checked: values.result ? [values.result] : [], choices: SURVEY_CHOICES })}
${textarea({ pointer: '/comment', name: 'comment', label: '您的意见（选填）', hint: `最多 ${LIMITS.comment} 个字。`, value: values.comment, errors, rows: 5 })}
<button type="submit" class="button" data-testid="submit-survey" data-prevent-double-click>提交</button>
</form>`
      : html`<h1>${title}</h1><p>这个案件现在没有需要您回答的回访。办理部门书面答复您以后，就可以在这里回答。</p>`
}
<p><a href="${pagePath('status')}">查看办理进度</a></p>
${signOut()}`,
  });
}

/** Where the look-up of each case page starts. */
export const lookupPath = (page: CasePage) => LOOKUP_PATHS[page];

/**
 * A decision or survey posted after the case cookie expired (or with a wrong code typed here): the
 * answers kept as the form's hidden fields, the comment shown so the payer sees it is not lost,
 * and the code to type again. The form posts to where it was posted, with `accessCode`.
 */
export function expiredFormPage(o: {
  title: string;
  detail: string;
  caseNumber: string;
  action: string;
  fields: URLSearchParams;
}): Html {
  const wrong = o.fields.has('accessCode');
  const errors = new PageErrors(
    wrong ? [{ pointer: '/accessCode', detail: '查询码不对，请核对后重新输入' }] : [],
    ['/accessCode'],
  );
  const kept = [...o.fields].filter(([name]) => name !== 'csrf' && name !== 'accessCode');
  const comment = o.fields.get('comment')?.trim();
  return payerPage({
    title: o.title,
    failed: true,
    // Expired, the summary is the page's heading; a wrong code is a field's error under one.
    body: html`${
      wrong
        ? html`${errorSummary(errors, '请检查填写的内容')}
<h1>${o.title}</h1>
<p>${o.detail}</p>`
        : problemSummary(o.title, o.detail, { page: true })
    }
<p>受理编号：<strong class="case-no" data-testid="case-number">${o.caseNumber}</strong></p>
${comment ? html`<p>您填写的意见：</p><div class="inset prose" data-testid="kept-comment">${comment}</div>` : ''}
<form method="post" action="${o.action}" novalidate data-testid="expired-form">
${kept.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
${accessCodeInput(errors)}
<p class="body-text"><a href="${ACCESS_CODE_PATH}">忘记查询码？</a>可以用受理编号、证件号码和登记的手机号码重新获取。</p>
<button type="submit" class="button" data-testid="resubmit">继续</button>
</form>`,
  });
}

/** A page for a failure the payer cannot fix on a form (too many tries, system trouble). */
export function messagePage(
  title: string,
  detail: string,
  back: { href: string; label: string },
): Html {
  return payerPage({
    title,
    failed: true,
    body: html`${problemSummary(title, detail, { page: true })}
<p><a href="${back.href}">${back.label}</a></p>`,
  });
}
