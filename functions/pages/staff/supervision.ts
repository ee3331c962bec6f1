/**
 * The leaders' supervision page (/staff/supervision; seed 四(四): 督查督办): every open work item
 * past its due date, across units, by unit (a section each, with its count) or by how many working
 * days it is late. Each row leads to the case page, where a leader supervises (督办) the item or
 * assigns (交办) a task.
 */
import { maskName } from '#core/identifiers.ts';
import { mayFire, STATUS_LABELS, TRANSITIONS } from '#core/lifecycle.ts';
import { actorOf, type Principal } from '#core/principal.ts';
import type { OverdueRow } from '#core/supervision.ts';
import { type UnitId, unitLabel } from '#core/units.ts';
import { WORK_LABELS } from '#core/work.ts';
import { dateEl } from '../dates.ts';
import { type Html, html } from '../html.ts';
import { casePath } from './case.ts';
import { chaseMarks, kindText } from './inbox.ts';
import { staffMessagePage, staffPage, type Viewer } from './layout.ts';

/** How the list is laid out: a section per unit, or one list with the latest first. */
export type SupervisionOrder = 'unit' | 'age';

export interface SupervisionPageOptions {
  viewer: Viewer;
  /** The core's overdue items by unit (functions/core/supervision.ts `overdueWork`). */
  groups: readonly { unit: UnitId; items: readonly OverdueRow[] }[];
  by: SupervisionOrder;
}

/**
 * The supervise form on the case page: each action form there is labelled by its heading
 * `t-<action type>` (functions/pages/staff/case-actions.ts), so this lands on 督办, with 交办
 * below it. The form does not preselect the item from the address: the leader picks it there.
 */
export function superviseLink(caseNumber: string): string {
  return `${casePath(caseNumber)}#t-supervise`;
}

/** True when the viewer may supervise or assign (the transitions' grant: leaders). */
function actsAsLeader(p: Principal): boolean {
  const actor = actorOf(p);
  const on = { holder: null, owes: [] };
  return (
    mayFire(TRANSITIONS.leaderSupervise, actor, on) || mayFire(TRANSITIONS.assignTask, actor, on)
  );
}

function row(r: OverdueRow, o: { withUnit: boolean; leader: boolean }): Html {
  const item = {
    kindLabel: WORK_LABELS[r.item.kind],
    role: r.item.role ?? null,
    chasedOn: r.item.chasedOn ?? null,
    supervisedOn: r.item.supervisedOn ?? null,
  };
  const what = kindText(item);
  return html`<tr class="inbox__row inbox__row--overdue" data-work="${r.item.id}">
  <th scope="row" data-label="受理编号"><a class="case-link" href="${casePath(r.case.caseNumber)}">${r.case.caseNumber}</a></th>
  <td data-label="待办事项">${what}${
    // A masked name: enough to recognise a case on the phone, as every list shows it.
    html`<span class="cell-note">缴费人 ${maskName(r.case.payer.name, r.case.payer.kind)}</span>`
  }</td>
  ${o.withUnit ? html`<td data-label="承办单位">${unitLabel(r.item.unit)}</td>` : ''}
  <td data-label="办理期限">${dateEl(r.item.due)}${r.item.covered ? '' : html`<span class="cell-note">节假日安排未公布，期限可能调整</span>`}</td>
  <td data-label="超期" data-testid="late-days"><strong class="mark mark--overdue"><span class="mark__icon" aria-hidden="true">!</span>超期 ${r.lateDays} 个工作日</strong></td>
  <td data-label="催办、督办">${item.chasedOn || item.supervisedOn ? chaseMarks(item) : '—'}</td>
  <td data-label="案件状态"><strong class="tag tag--${r.case.status}">${STATUS_LABELS[r.case.status]}</strong></td>
  <td data-label="办理"><a href="${o.leader ? superviseLink(r.case.caseNumber) : casePath(r.case.caseNumber)}" data-testid="supervise-link">${o.leader ? '督办或交办' : '打开案件'}<span class="visually-hidden">：${r.case.caseNumber}，${what}</span></a></td>
</tr>`;
}

function table(
  caption: string,
  rows: readonly OverdueRow[],
  o: { withUnit: boolean; leader: boolean },
): Html {
  return html`<table class="table table--stack inbox" data-testid="overdue">
  <caption class="visually-hidden">${caption}</caption>
  <thead><tr><th scope="col">受理编号</th><th scope="col">待办事项</th>${o.withUnit ? html`<th scope="col">承办单位</th>` : ''}<th scope="col">办理期限</th><th scope="col">超期</th><th scope="col">催办、督办</th><th scope="col">案件状态</th><th scope="col">办理</th></tr></thead>
  <tbody>${rows.map((r) => row(r, o))}</tbody>
</table>`;
}

const byLateness = (a: OverdueRow, b: OverdueRow) =>
  b.lateDays - a.lateDays ||
  a.item.due.localeCompare(b.item.due) ||
  a.case.caseNumber.localeCompare(b.case.caseNumber);

/** The supervision page. */
export function supervisionPage(o: SupervisionPageOptions): Html {
  const leader = actsAsLeader(o.viewer.principal);
  const total = o.groups.reduce((n, g) => n + g.items.length, 0);
  const orders = html`<nav aria-label="排列方式" data-testid="supervision-order">
  <ul class="case-links">
    <li>${o.by === 'unit' ? html`<a href="/staff/supervision" aria-current="true"><strong>按单位查看</strong></a>` : html`<a href="/staff/supervision">按单位查看</a>`}</li>
    <li>${o.by === 'age' ? html`<a href="/staff/supervision?by=age" aria-current="true"><strong>按超期时间查看</strong></a>` : html`<a href="/staff/supervision?by=age">按超期时间查看</a>`}</li>
  </ul>
</nav>`;
  const list =
    total === 0
      ? html`<div class="empty" data-testid="supervision-empty"><h2>没有超期事项</h2><p>各单位的待办事项都还在办理期限内。</p></div>`
      : o.by === 'age'
        ? table(
            '各单位超期未办的事项，超期最久的在前',
            o.groups.flatMap((g) => g.items).sort(byLateness),
            { withUnit: true, leader },
          )
        : html`<ul class="case-links" aria-label="跳到单位">${o.groups.map(
            (g) =>
              html`<li><a href="#unit-${g.unit}">${unitLabel(g.unit)}（${g.items.length}）</a></li>`,
          )}</ul>
${o.groups.map(
  (g) => html`<section aria-labelledby="unit-${g.unit}" data-unit="${g.unit}">
  <h2 id="unit-${g.unit}">${unitLabel(g.unit)}：超期 ${g.items.length} 项</h2>
  ${table(`${unitLabel(g.unit)}超期未办的事项，超期最久的在前`, [...g.items].sort(byLateness), { withUnit: false, leader })}
</section>`,
)}`;
  return staffPage({
    title: '督办',
    viewer: o.viewer,
    section: 'supervision',
    body: html`<h1>督办：超期未办的事项</h1>
<p class="lead" data-testid="supervision-intro">督办，是领导小组要求承办单位把超期的事项限期办完，并书面答复；交办，是领导小组把其他事项交给某个单位办理，定好完成日期，单位办完后报告结果。</p>
<p class="body-text">下面是各成员单位超过办理期限还没办完的事项，超期天数按工作日计算。${
      leader
        ? '点“督办或交办”打开案件，在“办理”一栏填写督办要求或交办事项。'
        : '督办和交办由领导小组成员在案件页面上进行。'
    }</p>
${total ? html`<p class="body-text" data-testid="supervision-total">共 ${total} 项超期，涉及 ${o.groups.length} 个单位。</p>` : ''}
${orders}
${list}`,
  });
}

/** The page for whoever may not read the list (a unit's staff or head). */
export function supervisionRefusedPage(viewer: Viewer): Html {
  return staffMessagePage(
    '您没有权限查看督办事项',
    '督办页面供领导小组成员、争议处理工作室和系统管理员查看。本单位的待办事项请看“待办”。',
    { href: '/staff/inbox', label: '查看本单位待办事项' },
    viewer,
  );
}
