/**
 * Small parts every staff page shares, on top of the payer pages' components
 * (functions/pages/components.ts): a form that posts with its CSRF token, a data table, a tag.
 */
import type { StaffCaseView } from '#contracts/staff.ts';
import type { ObjectionRoute } from '#core/case.ts';
import { decidingUnits, remedy } from '#core/remedies.ts';
import { type UnitId, unitLabel } from '#core/units.ts';
import { isLead } from '#core/work.ts';
import { attr, type Html, html } from '../html.ts';
import { csrfField, type Viewer } from './layout.ts';

/** A stored unit id as staff read it (the view's strings), or 「—」 for none. */
export const unit = (id: string | null | undefined) => (id ? unitLabel(id as UnitId) : '—');
export const units = (ids: readonly string[]) => (ids.length ? ids.map(unit).join('、') : '—');

/**
 * How pages name a meeting's record: a major case's 专题会议 (`kind: 'special-meeting'`, seed
 * 三(四)) or a general case's 会商; `short` for its date and conclusion (会议日期, 会商结论).
 */
export const meetingWords = (kind: string | undefined) =>
  kind === 'special-meeting'
    ? { name: '专题会议', short: '会议' }
    : { name: '会商', short: '会商' };

/**
 * A form that posts to the site (urlencoded, answered with 303). `novalidate`: the server
 * validates and answers with an error summary (GOV.UK), whatever the browser thinks.
 */
export function postForm(
  viewer: Viewer,
  action: string,
  body: Html,
  o: { id?: string; testid?: string; className?: string } = {},
): Html {
  return html`<form method="post" action="${action}" novalidate${attr('id', o.id)}${attr('class', o.className)}${attr('data-testid', o.testid)}>
${csrfField(viewer)}
${body}
</form>`;
}

/** A submit button; `secondary` for the less usual choice, `warning` for what cannot be undone. */
export function submitButton(
  label: string,
  o: { variant?: 'secondary' | 'warning'; testid?: string; name?: string; value?: string } = {},
): Html {
  const cls = o.variant ? `button button--${o.variant}` : 'button';
  return html`<button type="submit" class="${cls}"${attr('name', o.name)}${attr('value', o.value)}${attr('data-testid', o.testid)}>${label}</button>`;
}

export interface Column<T> {
  label: string;
  cell: (row: T) => Html | string;
  /** Numbers align right. */
  numeric?: boolean;
}

/** A data table with a caption (read first by screen readers); `empty` when there are no rows. */
export function dataTable<T>(
  caption: string,
  columns: readonly Column<T>[],
  rows: readonly T[],
  o: { empty?: string; testid?: string; captionHidden?: boolean } = {},
): Html {
  if (rows.length === 0 && o.empty)
    return html`<p class="body-text"${attr('data-testid', o.testid)}>${o.empty}</p>`;
  const num = (c: Column<T>) => (c.numeric ? html` class="table__cell--numeric"` : '');
  return html`<div class="table-wrapper"><table class="table"${attr('data-testid', o.testid)}>
  <caption class="table__caption${o.captionHidden ? ' visually-hidden' : ''}">${caption}</caption>
  <thead><tr>${columns.map((c) => html`<th scope="col"${num(c)}>${c.label}</th>`)}</tr></thead>
  <tbody>${rows.map((r) => html`<tr>${columns.map((c) => html`<td${num(c)}>${c.cell(r)}</td>`)}</tr>`)}</tbody>
</table></div>`;
}

/** A short coloured label: a status, 「逾期」, 「督办」. */
export function tag(
  label: string,
  tone: 'grey' | 'blue' | 'red' | 'orange' | 'green' = 'grey',
): Html {
  return html`<strong class="tag tag--${tone}">${label}</strong>`;
}

/**
 * A member of staff as the case's pages name them: the display name their latest step on the case
 * carried (the history keeps it, see TimelineEvent's actor), else the account id. Records that
 * keep only an account (督办人, 交办人, 记录人, 申请人) are always written with a step of the same
 * person, so their name is there too.
 */
export function staffName(
  timeline: readonly { actor: { user?: string; name?: string } }[],
  user: string,
): string {
  return timeline.findLast((e) => e.actor.user === user && e.actor.name)?.actor.name ?? user;
}

/**
 * What the answer's sheet is called: a lead's finding is not a notice to anyone (core/work.ts,
 * isLead), so it prints as 线索核查处理情况, for the file.
 */
export function answerSheetName(view: Pick<StaffCaseView, 'payer'>): string {
  return isLead(view) ? '线索核查处理情况' : '书面答复告知书';
}

/**
 * Why the payer's details are masked for this viewer: a unit's own case shows them in full; a
 * leader reads every case without them (a leaders' review read 「非本单位承办」 as a mistake).
 */
export function maskedWhy(viewer: Viewer): string {
  return viewer.principal.role === 'leader' || viewer.principal.role === 'admin'
    ? '领导小组和管理员查看案件时，缴费人的个人信息已隐去，只有承办单位可以看到全部'
    : '非本单位承办，个人信息已隐去';
}

/** A route as the case's own list names it (the court's `litigation` is 起诉或上诉), or generally. */
export const routeLabel = (
  route: string | undefined,
  view?: Pick<StaffCaseView, 'answer' | 'routing'>,
): string =>
  (route && remedy(route as ObjectionRoute, view ? decidingUnits(view) : undefined)?.label) ??
  route ??
  '未说明';
