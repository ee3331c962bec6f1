/**
 * 重新发放查询码 on the staff case page (issue 13): the form (the clerk confirms they checked the
 * payer's original ID card), the form again when that was not ticked, and the page that shows the
 * new code once, printable, to hand to the payer. The code travels from the post to that page in
 * a sealed cookie bound to the session, as the registration's does (never in the address).
 */
import type { FieldError } from '#contracts/problem.ts';
import { choices, errorSummary, PageErrors } from '../components.ts';
import { type Html, html } from '../html.ts';
import { submitButton } from './components.ts';
import { csrfField, staffPage, type Viewer } from './layout.ts';

/** Where the form posts, and where the new code is then shown once (GET, same path). */
export const accessCodePath = (caseNumber: string) =>
  `/staff/cases/${encodeURIComponent(caseNumber)}/access-code`;

/** The sealed cookie that carries the new code to the page that shows it, for a few minutes. */
export const NEW_CODE_COOKIE = 'si-staff-new-code';
export const NEW_CODE_SECONDS = 10 * 60;

/** The form's one field: ticked, it posts `idChecked=yes`. */
export const ID_CHECKED = { name: 'idChecked', value: 'yes', pointer: '/idChecked' } as const;

export const ID_NOT_CHECKED: FieldError = {
  pointer: ID_CHECKED.pointer,
  detail: '请先核验缴费人的身份证件原件，再勾选“已核验缴费人身份证件原件”',
};

const casePath = (n: string) => `/staff/cases/${encodeURIComponent(n)}`;

/** The form itself, for the case page's 「办理」 column and for the page that shows it again. */
function form(caseNumber: string, viewer: Viewer, errors: PageErrors): Html {
  return html`<form class="action" method="post" action="${accessCodePath(caseNumber)}" novalidate data-testid="access-code-form" aria-labelledby="t-access-code">
${csrfField(viewer)}
<h3 id="t-access-code">重新发放查询码</h3>
<p class="hint">缴费人忘记查询码、到窗口来要新的时使用。新的查询码只在下一页显示一次，原查询码随即停止使用；缴费人登记的是手机号码的，系统会发短信告诉他已重新发放（短信里没有查询码）。</p>
${choices({
  kind: 'checkbox',
  pointer: ID_CHECKED.pointer,
  name: ID_CHECKED.name,
  label: '核对身份',
  hint: '个人核对本人身份证件原件；单位核对营业执照和经办人身份证件原件，与案件登记的证件号码一致。',
  choices: [{ value: ID_CHECKED.value, label: '已核验缴费人身份证件原件' }],
  checked: [],
  errors,
  legendSize: 'm',
})}
${submitButton('重新发放查询码', { variant: 'secondary', testid: 'do-access-code' })}
</form>`;
}

/**
 * The case page's form, for those who may reissue (staff and heads of a unit) and see the payer in
 * full: the ID card is checked against the number the case holds.
 */
export function accessCodeForm(
  view: { caseNumber: string; reissuesAccessCode?: true },
  viewer: Viewer,
): Html {
  if (!view.reissuesAccessCode) return html``;
  return form(view.caseNumber, viewer, new PageErrors([], []));
}

/** The form again, with the error that the ID card check was not confirmed (400). */
export function accessCodeFormPage(
  viewer: Viewer,
  caseNumber: string,
  errors: readonly FieldError[],
): Html {
  const pageErrors = new PageErrors(errors, [ID_CHECKED.pointer]);
  return staffPage({
    title: `重新发放查询码（${caseNumber}）`,
    failed: pageErrors.any,
    viewer,
    section: 'inbox',
    body: html`${errorSummary(pageErrors)}
<h1>重新发放查询码</h1>
<p class="body-text">受理编号 <strong class="case-no">${caseNumber}</strong></p>
${form(caseNumber, viewer, pageErrors)}
<p><a href="${casePath(caseNumber)}">返回案件</a></p>`,
  });
}

/** What the cookie seals: the code, bound to the session and the case. */
export function newCodeClaims(
  caseNumber: string,
  accessCode: string,
  sid: string,
): Record<string, unknown> {
  return { caseNumber, accessCode, sid };
}

/** The new code from the cookie's claims (unsealFor: this session's, this case's). */
export function newCodeFrom(claims: Record<string, unknown> | undefined): string | undefined {
  return typeof claims?.accessCode === 'string' ? claims.accessCode : undefined;
}

/**
 * The new code, once: a slip the clerk prints or copies for the payer (the part a printer
 * prints), and the clerk's own notes and links (not printed).
 */
export function newCodePage(
  viewer: Viewer,
  caseNumber: string,
  accessCode: string,
  statusUrl: string,
): Html {
  return staffPage({
    title: '已重新发放查询码',
    viewer,
    section: 'inbox',
    body: html`<div class="panel">
  <h1 class="panel__title">已重新发放查询码</h1>
  <div class="panel__body">
    <p class="panel__item">受理编号<strong class="panel__code" data-testid="case-number">${caseNumber}</strong></p>
    <p class="panel__item">新的查询码<strong class="panel__code" data-testid="access-code">${accessCode}</strong></p>
  </div>
</div>
<p class="body-text">请在网上打开 <span class="url" data-testid="status-url">${statusUrl}</span>（网站的“查看办理进度”页面），输入受理编号和新的查询码，查看办理进度和答复。原来的查询码已经停止使用。查询码请自己保管，不要告诉别人。</p>
<div class="no-print">
<div class="warning">
  <span class="warning__icon" aria-hidden="true">!</span>
  <p><span class="visually-hidden">注意：</span>请把新的查询码当面交给缴费人（抄给缴费人，或用浏览器的打印功能 Ctrl+P 打印这一页）。查询码只显示这一次，离开这一页后不能再查看。</p>
</div>
<p><a href="${casePath(caseNumber)}" data-testid="case-link">返回案件</a></p>
</div>`,
  });
}

/** The page's address again (a reload, the back button): the code is not shown a second time. */
export function newCodeAgainPage(viewer: Viewer, caseNumber: string): Html {
  return staffPage({
    title: '查询码已经显示过',
    viewer,
    section: 'inbox',
    body: html`<h1>查询码已经显示过</h1>
<p class="inset" data-testid="shown-once">为保护缴费人的信息，新的查询码只显示一次，这里不再显示。缴费人没有拿到的，请在案件页面再重新发放一次。</p>
<p><a href="${casePath(caseNumber)}" data-testid="case-link">返回案件 ${caseNumber}</a></p>`,
  });
}
