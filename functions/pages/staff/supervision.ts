/**
 * The leaders' supervision page (/staff/supervision; seed 四(四): 督查督办): every open work item
 * past its due date, across units, by unit (a section each, with its count) or by how many working
 * days it is late. Each row leads to the case page, where a leader supervises (督办) the item or
 * assigns (交办) a task.
 */
import { maskName } from '#core/identifiers.ts';
import { mayFire, STATUS_LABELS, TRANSITIONS } from '#core/lifecycle.ts';
import { type MatterType, matterLabel } from '#core/matters.ts';
import { actorOf, type Principal } from '#core/principal.ts';
import {
  ANSWERED_ORDERS_LIMIT,
  type AnsweredOrderRow,
  type OverdueRow,
} from '#core/supervision.ts';
import { type UnitId, unitLabel } from '#core/units.ts';
import { WORK_LABELS } from '#core/work.ts';
import { dateEl } from '../dates.ts';
import { type Html, html } from '../html.ts';
import { casePath } from './case.ts';
import { chaseMarks, kindText } from './inbox.ts';
import { staffMessagePage, staffPage, type Viewer } from './layout.ts';

/**
 * What the page lists: the overdue items, a section per unit or one list with the latest first;
 * the leading group's open orders (督办 and 交办 not yet answered), late or not; or the orders
 * the units answered, the latest first.
 */
export type SupervisionOrder = 'unit' | 'age' | 'orders' | 'answered';

const VIEWS: readonly { by: SupervisionOrder; href: string; label: string }[] = [
  { by: 'unit', href: '/staff/supervision', label: '超期事项：按单位查看' },
  { by: 'age', href: '/staff/supervision?by=age', label: '超期事项：按超期时间查看' },
  { by: 'orders', href: '/staff/supervision?by=orders', label: '督办、交办的落实' },
  { by: 'answered', href: '/staff/supervision?by=answered', label: '单位的答复' },
];

export type SupervisionPageOptions =
  | {
      viewer: Viewer;
      by: 'unit' | 'age';
      /** The core's overdue items by unit (functions/core/supervision.ts `overdueWork`). */
      groups: readonly { unit: UnitId; items: readonly OverdueRow[] }[];
    }
  | {
      viewer: Viewer;
      by: 'orders';
      /** The open orders, the earliest due first (`openOrders`). */
      orders: readonly OverdueRow[];
    }
  | {
      viewer: Viewer;
      by: 'answered';
      /** The answered orders, the latest first (`answeredOrders`). */
      answered: readonly AnsweredOrderRow[];
    };

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

/** A leader's order in a list cell: its first 60 characters; the whole is on the case page. */
const clip = (text: string) => (text.length > 60 ? `${text.slice(0, 60)}…` : text);

/**
 * Whose case, in a list cell: a masked name, enough to recognise a case on the phone as every list
 * shows it, and what the dispute is about, as the inbox shows it (a leaders' review: a masked name
 * alone).
 */
function whose(r: OverdueRow): Html {
  const matters = r.case.matterTypes.map((t) => matterLabel(t as MatterType)).join('、');
  return html`<span class="cell-note">缴费人 ${maskName(r.case.payer.name, r.case.payer.kind)}${matters ? `；${matters}` : ''}</span>`;
}

/** What the leading group ordered, in a list cell. */
function orderNote(r: OverdueRow): Html | '' {
  return r.order
    ? html`<span class="cell-note" data-testid="order">${r.item.kind === 'assignment' ? '交办事项' : '督办要求'}：${clip(r.order)}</span>`
    : '';
}

function row(r: OverdueRow, o: { withUnit: boolean; leader: boolean }): Html {
  const item = {
    kindLabel: WORK_LABELS[r.item.kind],
    role: r.item.role ?? null,
    chasedOn: r.item.chasedOn ?? null,
    supervisedOn: r.item.supervisedOn ?? null,
    orderedOn: r.item.orderedOn ?? null,
  };
  const what = kindText(item);
  const late = r.lateDays > 0;
  return html`<tr class="inbox__row${late ? ' inbox__row--overdue' : ''}" data-work="${r.item.id}">
  <th scope="row" data-label="受理编号"><a class="case-link" href="${casePath(r.case.caseNumber)}">${r.case.caseNumber}</a></th>
  <td data-label="待办事项">${what}${whose(r)}${orderNote(r)}</td>
  ${o.withUnit ? html`<td data-label="承办单位">${unitLabel(r.item.unit)}</td>` : ''}
  <td data-label="办理期限">${dateEl(r.item.due)}${r.item.covered ? '' : html`<span class="cell-note">节假日安排未公布，期限可能调整</span>`}</td>
  <td data-label="超期" data-testid="late-days">${late ? html`<strong class="mark mark--overdue"><span class="mark__icon" aria-hidden="true">!</span>超期 ${r.lateDays} 个工作日</strong>` : '未到期'}</td>
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

/** The links between the page's views; the current one is marked. */
function viewsNav(by: SupervisionOrder): Html {
  return html`<nav aria-label="查看方式" data-testid="supervision-order">
  <ul class="case-links">${VIEWS.map(
    (v) =>
      html`<li>${v.by === by ? html`<a href="${v.href}" aria-current="true"><strong>${v.label}</strong></a>` : html`<a href="${v.href}">${v.label}</a>`}</li>`,
  )}</ul>
</nav>`;
}

function overdueList(
  groups: readonly { unit: UnitId; items: readonly OverdueRow[] }[],
  by: 'unit' | 'age',
  leader: boolean,
): Html {
  const total = groups.reduce((n, g) => n + g.items.length, 0);
  if (total === 0) {
    return html`<div class="empty" data-testid="supervision-empty"><h2>没有超期事项</h2><p>各单位的待办事项都还在办理期限内。</p></div>`;
  }
  const list =
    by === 'age'
      ? table(
          '各单位超期未办的事项，超期最久的在前',
          groups.flatMap((g) => g.items).sort(byLateness),
          { withUnit: true, leader },
        )
      : html`<ul class="case-links" aria-label="跳到单位">${groups.map(
          (g) =>
            html`<li><a href="#unit-${g.unit}">${unitLabel(g.unit)}（${g.items.length}）</a></li>`,
        )}</ul>
${groups.map(
  (g) => html`<section aria-labelledby="unit-${g.unit}" data-unit="${g.unit}">
  <h2 id="unit-${g.unit}">${unitLabel(g.unit)}：超期 ${g.items.length} 项</h2>
  ${table(`${unitLabel(g.unit)}超期未办的事项，超期最久的在前`, [...g.items].sort(byLateness), { withUnit: false, leader })}
</section>`,
)}`;
  return html`<p class="body-text" data-testid="supervision-total">共 ${total} 项超期，涉及 ${groups.length} 个单位。</p>
${list}`;
}

/** The open orders; each row opens its case, where the order and its answer are. */
function ordersList(orders: readonly OverdueRow[]): Html {
  if (orders.length === 0) {
    return html`<div class="empty" data-testid="supervision-empty"><h2>没有待落实的督办和交办</h2><p>领导小组督办和交办的事项，各单位都已答复或报告了办理结果。答复和结果见“单位的答复”。</p></div>`;
  }
  const late = orders.filter((r) => r.lateDays > 0).length;
  return html`<p class="body-text" data-testid="supervision-total">共 ${orders.length} 项待落实${late ? `，其中 ${late} 项已超期` : ''}。</p>
${table('领导小组督办、交办后单位还没有答复或报告结果的事项，期限最早的在前', orders, { withUnit: true, leader: false })}`;
}

/** An answered order: what was ordered and what the unit answered, when, and whether in time. */
function answeredRow(r: AnsweredOrderRow): Html {
  const late = r.lateDays > 0;
  const word = r.item.kind === 'assignment' ? '办理结果' : '答复';
  return html`<tr class="inbox__row" data-work="${r.item.id}">
  <th scope="row" data-label="受理编号"><a class="case-link" href="${casePath(r.case.caseNumber)}">${r.case.caseNumber}</a></th>
  <td data-label="督办、交办">${r.item.kind === 'assignment' ? '交办' : '督办'}${whose(r)}${orderNote(r)}<span class="cell-note" data-testid="answer">${word}：${r.answer ? clip(r.answer) : '见案件页面'}</span></td>
  <td data-label="承办单位">${unitLabel(r.item.unit)}</td>
  <td data-label="期限">${dateEl(r.item.due)}</td>
  <td data-label="答复日期" data-testid="answered-on">${dateEl(r.closedOn)}<span class="cell-note">${late ? html`<strong class="mark mark--overdue"><span class="mark__icon" aria-hidden="true">!</span>超期 ${r.lateDays} 个工作日</strong>` : '按期'}</span></td>
  <td data-label="案件状态"><strong class="tag tag--${r.case.status}">${STATUS_LABELS[r.case.status]}</strong></td>
  <td data-label="查看"><a href="${casePath(r.case.caseNumber)}" data-testid="case-link">打开案件<span class="visually-hidden">：${r.case.caseNumber}</span></a></td>
</tr>`;
}

/** The answered orders, the latest first; each row opens its case, where both are in full. */
function answeredList(rows: readonly AnsweredOrderRow[]): Html {
  if (rows.length === 0) {
    return html`<div class="empty" data-testid="supervision-empty"><h2>还没有单位答复督办或报告交办结果</h2><p>单位答复督办、报告交办结果后，会列在这里。</p></div>`;
  }
  const late = rows.filter((r) => r.lateDays > 0).length;
  return html`<p class="body-text" data-testid="supervision-total">最近 ${rows.length} 项${late ? `，其中 ${late} 项超期答复` : '，都按期答复'}。${rows.length === ANSWERED_ORDERS_LIMIT ? `只列最近的 ${ANSWERED_ORDERS_LIMIT} 项，更早的在各案件页面查看。` : ''}</p>
<table class="table table--stack inbox" data-testid="answered">
  <caption class="visually-hidden">单位答复督办、报告交办结果的事项，最近答复的在前</caption>
  <thead><tr><th scope="col">受理编号</th><th scope="col">督办、交办</th><th scope="col">承办单位</th><th scope="col">期限</th><th scope="col">答复日期</th><th scope="col">案件状态</th><th scope="col">查看</th></tr></thead>
  <tbody>${rows.map(answeredRow)}</tbody>
</table>`;
}

/** The page's heading and introduction, by what it lists. */
function introOf(by: SupervisionOrder, leader: boolean): Html {
  if (by === 'orders') {
    return html`<h1>督办：督办、交办的落实</h1>
<p class="lead" data-testid="supervision-intro">领导小组督办或交办后，承办单位还没有答复督办、还没有报告交办结果的事项，不论是否超期，期限最早的在前。单位答复或报告后，这一项就移到“单位的答复”。</p>`;
  }
  if (by === 'answered') {
    return html`<h1>督办：单位的答复</h1>
<p class="lead" data-testid="supervision-intro">承办单位答复督办、报告交办结果的事项，最近答复的在前。点受理编号打开案件，看督办要求和答复的全文${
      leader
        ? '；答复不能解决问题的，可以在案件页面再次督办'
        : '；督办和交办由领导小组成员在案件页面上进行'
    }。</p>`;
  }
  return html`<h1>督办：超期未办的事项</h1>
<p class="lead" data-testid="supervision-intro">督办，是领导小组要求承办单位把超期的事项限期办完，并书面答复；交办，是领导小组把其他事项交给某个单位办理，定好完成日期，单位办完后报告结果。</p>
<p class="body-text">下面是各成员单位超过办理期限还没办完的事项，超期天数按工作日计算。${
    leader
      ? '点“督办或交办”打开案件，在“办理”一栏填写督办要求或交办事项。'
      : '督办和交办由领导小组成员在案件页面上进行。'
  }</p>`;
}

/** The supervision page. */
export function supervisionPage(o: SupervisionPageOptions): Html {
  const leader = actsAsLeader(o.viewer.principal);
  const list =
    o.by === 'orders'
      ? ordersList(o.orders)
      : o.by === 'answered'
        ? answeredList(o.answered)
        : overdueList(o.groups, o.by, leader);
  return staffPage({
    title: '督办',
    viewer: o.viewer,
    section: 'supervision',
    body: html`${introOf(o.by, leader)}
${viewsNav(o.by)}
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
