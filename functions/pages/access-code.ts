/**
 * The payer's request for a new access code (issue 13): the form (case number, ID number, phone
 * on file), built once as the static page `/access-code/` and rendered by the API again with
 * errors, and the one answer every request gets, `/access-code/sent/`, whether or not the
 * details matched.
 */
import { identifierSchema } from '#contracts/cases.ts';
import type { FieldError } from '#contracts/problem.ts';
import { NEW_CODE_PER_CASE } from '#core/access-code.ts';
import { isMobile, tidyPhone } from '#core/identifiers.ts';
import { errorSummary, PageErrors, textInput } from './components.ts';
import { compact, halfWidth, readCaseNumber } from './draft.ts';
import { type Html, html } from './html.ts';
import { NEW_CODE_AT_WINDOW, QUESTIONS_TO_12345 } from './labels.ts';
import { payerPage } from './layout.ts';

/** The static form's address: the look-up pages' 「忘记查询码？」 leads here. */
export const ACCESS_CODE_PATH = '/access-code/';
/** Where the form posts (urlencoded); answered 303 to the sent page, or 400 with the errors. */
export const ACCESS_CODE_POST = '/api/payer/access-code';
/** The one answer, static: it cannot say anything about the case, so it says nothing. */
export const ACCESS_CODE_SENT_PATH = '/access-code/sent/';

const POINTERS = ['/caseNumber', '/idNumber', '/phone'];

/** The request form; with `values` and `errors` when the API shows it again. */
export function accessCodeRequestPage(
  o: {
    values?: Partial<Record<'caseNumber' | 'idNumber' | 'phone', string>>;
    errors?: readonly FieldError[];
  } = {},
): Html {
  const errors = new PageErrors(o.errors ?? [], POINTERS);
  return payerPage({
    title: '重新获取查询码',
    failed: errors.any,
    body: html`<a class="back-link" href="/status/">返回查看办理进度</a>
${errorSummary(errors, '请检查填写的内容')}
<h1>重新获取查询码</h1>
<p>忘记了查询码的，请填写受理编号，以及申请时填写的身份证号码（单位填统一社会信用代码）和手机号码。三项都和案件登记的一致时，我们会把新的查询码用短信发到这个手机上，原来的查询码随即停止使用。</p>
<form method="post" action="${ACCESS_CODE_POST}" novalidate data-testid="access-code-form">
${textInput({ pointer: '/caseNumber', name: 'caseNumber', label: '受理编号', hint: '例如 2026-000123，在受理回执或短信上。', value: o.values?.caseNumber, errors, width: 'w12', code: true })}
${textInput({ pointer: '/idNumber', name: 'idNumber', label: '身份证号码或统一社会信用代码', hint: '个人填 18 位身份证号码，单位填 18 位统一社会信用代码，和申请时填写的一样。', value: o.values?.idNumber, errors, width: 'w20', code: true, extra: html` autocapitalize="characters"` })}
${textInput({ pointer: '/phone', name: 'phone', label: '手机号码', hint: '申请时留的 11 位手机号码，新的查询码只发到这个号码。', value: o.values?.phone, errors, width: 'w12', type: 'tel', code: true, autocomplete: 'tel-national' })}
<button type="submit" class="button" data-testid="request-code">发送新的查询码</button>
</form>
<h2>收不到短信怎么办</h2>
<ul>
  <li>申请时留的是固定电话，或者手机号码已经换了的，请${NEW_CODE_AT_WINDOW}。${QUESTIONS_TO_12345}。</li>
  <li>为防止有人用这个页面骚扰您，同一个案件每天最多发送 ${NEW_CODE_PER_CASE.limit} 次。</li>
</ul>`,
  });
}

const ID_NUMBER = identifierSchema('请填写身份证号码或统一社会信用代码');

/** The form's answers, tidied as typed on a phone, and what is wrong with their format. */
export function readAccessCodeRequest(form: URLSearchParams): {
  caseNumber: string;
  idNumber: string;
  phone: string;
  errors: FieldError[];
} {
  const idNumber = compact(form.get('idNumber') ?? '').toUpperCase();
  const phone = tidyPhone(halfWidth(form.get('phone') ?? ''));
  const errors: FieldError[] = [];
  const caseNumber = readCaseNumber(form, errors);
  // Only the number's own rules, check digit included, as the intake form checks them: a typo is
  // said at once rather than spending one of the day's tries on an SMS that never comes. Whether
  // it is the case's number is never said.
  const id = ID_NUMBER.safeParse(idNumber);
  if (!id.success) {
    errors.push({ pointer: '/idNumber', detail: id.error.issues[0]?.message ?? '' });
  }
  if (phone === '') errors.push({ pointer: '/phone', detail: '请填写手机号码' });
  else if (!isMobile(phone)) {
    errors.push({
      pointer: '/phone',
      detail: '请填写 11 位手机号码，例如 13812345678。登记的是固定电话的，请到窗口办理',
    });
  }
  return { caseNumber, idNumber, phone, errors };
}

/** The answer to every well-formed request: what happens if the details matched, and what next. */
export function accessCodeSentPage(): Html {
  return payerPage({
    title: '已收到您的申请',
    body: html`<h1 data-testid="access-code-sent">已收到您的申请</h1>
<p>如果您填写的受理编号、身份证号码（或统一社会信用代码）和手机号码都和案件登记的一致，新的查询码会在几分钟内用短信发到这个手机上，原来的查询码随即停止使用。</p>
<p>为保护您的信息，这个页面不会告诉您填写的内容是否一致。</p>
<h2>接下来</h2>
<ul>
  <li>收到短信后，用新的查询码<a href="/status/">查看办理进度</a>，或者<a href="/answer/">查看答复并表态</a>。</li>
  <li>过了 10 分钟还没有收到的，请核对受理编号和证件号码后<a href="${ACCESS_CODE_PATH}">再试一次</a>（同一个案件每天最多 ${NEW_CODE_PER_CASE.limit} 次）。</li>
  <li>手机号码已经换了的，请${NEW_CODE_AT_WINDOW}。</li>
</ul>`,
  });
}
