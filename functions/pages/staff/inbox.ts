/**
 * The inbox (/staff/inbox): the open cases of the caller's unit (office staff, leaders and
 * administrators choose the unit), overdue first as the core sorts them. The filters are a GET
 * form, so a filtered list has its own address; 「下一页」 follows the store's cursor.
 */
import { CHANNELS, type InboxItem, type InboxResponse } from '#contracts/staff.ts';
import { CASE_STATUSES, STATUS_LABELS } from '#core/lifecycle.ts';
import { INSURANCES, MATTERS } from '#core/matters.ts';
import { seesAll } from '#core/principal.ts';
import { UNITS, type UnitId, unitLabel } from '#core/units.ts';
import { problemSummary } from '../components.ts';
import { dateEl } from '../dates.ts';
import { type Html, html } from '../html.ts';
import { casePath } from './case.ts';
import { dueMarks } from './due-marks.ts';
import { staffPage, type Viewer } from './layout.ts';

/** The filters the inbox reads from its address. */
export const INBOX_FILTERS = ['status', 'matter', 'insurance', 'channel'] as const;

export interface InboxPageOptions {
  /** The unit whose inbox is shown. */
  unit: UnitId;
  /** The address's filters and cursor as asked (empty ones left out). */
  query: URLSearchParams;
  /** The page of cases; absent when the query could not be read. */
  result?: InboxResponse;
  problem?: { title: string; detail: string };
  today: string;
  /** A case number looked for that could not be read, shown again in the finder. */
  caseNumber?: string;
}

const FILTER_CHOICES: Record<
  (typeof INBOX_FILTERS)[number],
  { label: string; all: string; options: readonly { id: string; label: string }[] }
> = {
  status: {
    label: '状态',
    all: '全部状态',
    options: CASE_STATUSES.map((id) => ({ id, label: STATUS_LABELS[id] })),
  },
  matter: { label: '争议事项', all: '全部事项', options: MATTERS },
  insurance: { label: '险种', all: '全部险种', options: INSURANCES },
  channel: { label: '受理渠道', all: '全部渠道', options: CHANNELS },
};

const labelOf = (list: readonly { id: string; label: string }[], id: string) =>
  list.find((x) => x.id === id)?.label ?? id;

function filterSelect(name: string, label: string, options: Html): Html {
  return html`<div class="form-group filters__item">
  <label class="label" for="f-${name}">${label}</label>
  <select class="select" id="f-${name}" name="${name}">${options}</select>
</div>`;
}

function option(value: string, label: string, chosen: string | null): Html {
  return html`<option value="${value}"${value === (chosen ?? '') ? html` selected` : ''}>${label}</option>`;
}

function filters(viewer: Viewer, o: InboxPageOptions): Html {
  const q = o.query;
  const active = INBOX_FILTERS.filter((f) => q.get(f)).length;
  return html`<details class="filters" open>
  <summary class="filters__summary"><span>${active ? `筛选（已选 ${active} 项）` : '筛选'}</span></summary>
  <form class="filters__form" method="get" action="/staff/inbox" novalidate data-testid="inbox-filters">
    <fieldset class="fieldset">
      <legend class="visually-hidden">筛选案件</legend>
      <div class="filters__row">
        ${
          seesAll(viewer.principal)
            ? filterSelect(
                'unit',
                '查看单位',
                html`${UNITS.map((u) => option(u.id, u.label, o.unit))}`,
              )
            : ''
        }
        ${INBOX_FILTERS.map((name) => {
          const f = FILTER_CHOICES[name];
          return filterSelect(
            name,
            f.label,
            html`${option('', f.all, q.get(name))}${f.options.map((x) => option(x.id, x.label, q.get(name)))}`,
          );
        })}
        <div class="button-group filters__buttons">
          <button type="submit" class="button" data-testid="apply-filters">筛选</button>
          <a href="/staff/inbox">清除筛选</a>
        </div>
      </div>
    </fieldset>
  </form>
</details>`;
}

function row(item: InboxItem, today: string): Html {
  const dueKind =
    item.dueKind === 'sign-for'
      ? '签收'
      : item.dueKind === 'answer'
        ? '答复'
        : item.dueKind === 'follow-up'
          ? '回访'
          : '';
  const matters = item.matters.map((m) => labelOf(MATTERS, m)).join('、');
  const insurance = item.insurance.map((i) => labelOf(INSURANCES, i)).join('、');
  return html`<tr class="inbox__row${item.overdue ? ' inbox__row--overdue' : ''}">
  <th scope="row" data-label="受理编号"><a class="case-link" href="${casePath(item.caseNumber)}">${item.caseNumber}</a></th>
  <td data-label="状态"><strong class="tag tag--${item.status}">${item.statusLabel}</strong>${
    item.supervision
      ? html` <strong class="mark mark--overdue"><span class="mark__icon" aria-hidden="true">!</span>${item.supervision === 'chase' ? '催办' : '督办'}</strong>`
      : ''
  }</td>
  <td data-label="争议事项">${matters || '—'}${insurance ? html`<span class="cell-note">${insurance}</span>` : ''}</td>
  <td data-label="缴费人">${item.payerName}</td>
  <td data-label="受理渠道">${labelOf(CHANNELS, item.channel)}</td>
  <td data-label="收到日期">${dateEl(new Date(item.receivedAt).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }))}</td>
  <td data-label="办理期限">${
    item.due
      ? html`${dueKind ? html`<span class="cell-note cell-note--before">${dueKind}期限</span>` : ''}${dateEl(item.due)}${dueMarks(item.due, item.overdue, item.dueCovered, today)}`
      : '—'
  }</td>
</tr>`;
}

function withQuery(q: URLSearchParams): string {
  const s = q.toString();
  return s ? `/staff/inbox?${s}` : '/staff/inbox';
}

function list(o: InboxPageOptions, result: InboxResponse): Html {
  const { items, next } = result;
  const later = o.query.has('cursor');
  const filtered = INBOX_FILTERS.some((f) => o.query.get(f));
  const overdue = items.filter((i) => i.overdue).length;
  const nextQuery = new URLSearchParams(o.query);
  if (next) nextQuery.set('cursor', next);
  const firstQuery = new URLSearchParams(o.query);
  firstQuery.delete('cursor');
  return html`${
    items.length
      ? html`<p class="secondary" id="inbox-count">本页 ${items.length} 件${overdue ? `，其中已超期 ${overdue} 件（排在前面）` : ''}。</p>
<table class="table table--stack inbox" id="inbox-table" data-testid="inbox">
  <caption class="visually-hidden">收件箱中的案件，已超期的排在前面</caption>
  <thead><tr><th scope="col">受理编号</th><th scope="col">状态</th><th scope="col">争议事项</th><th scope="col">缴费人</th><th scope="col">受理渠道</th><th scope="col">收到日期</th><th scope="col">办理期限</th></tr></thead>
  <tbody id="inbox-rows">${items.map((i) => row(i, o.today))}</tbody>
</table>`
      : html`<div class="empty" id="inbox-empty" data-testid="inbox-empty">
  <h2>没有案件</h2>
  <p>${
    filtered
      ? '没有符合筛选条件的案件。可以清除筛选后再看。'
      : later
        ? '后面没有更多案件了。'
        : '收件箱里现在没有案件。新派来的案件会出现在这里。'
  }</p>
</div>`
  }
${
  later || next
    ? html`<nav class="pagination" aria-label="翻页">
  ${later ? html`<a href="${withQuery(firstQuery)}">回到第一页</a>` : ''}
  ${next ? html`<a class="pagination__next" href="${withQuery(nextQuery)}" data-testid="next-page" rel="next">下一页</a>` : ''}
</nav>`
    : ''
}`;
}

/**
 * Finding a case by its number, for a case that is not (or no longer) in the inbox: one asked
 * about on the phone, one the unit was consulted on, an archived one. The case page says 404 to
 * anyone who may not see it.
 */
function findCase(value: string): Html {
  return html`<form class="find-case" method="get" action="/staff/inbox" novalidate role="search" data-testid="find-case">
  <label class="label" for="f-case">按案件编号查找</label>
  <p class="hint" id="f-case-hint">例如 2026-000123</p>
  <div class="find-case__row">
    <input class="input input--w10" type="text" id="f-case" name="case" value="${value}" aria-describedby="f-case-hint" autocomplete="off" spellcheck="false">
    <button type="submit" class="button button--secondary" data-testid="find-case-submit">查找</button>
  </div>
</form>`;
}

/** The inbox page. */
export function inboxPage(viewer: Viewer, o: InboxPageOptions): Html {
  const title = `${unitLabel(o.unit)} 收件箱`;
  return staffPage({
    title,
    failed: Boolean(o.problem),
    viewer,
    section: 'inbox',
    body: html`${o.problem ? problemSummary(o.problem.title, o.problem.detail) : ''}
<div class="page-heading">
  <h1 id="inbox-title">${title}</h1>
  ${
    // Registering a visit or a call is a unit's act (leaders and administrators have none).
    viewer.principal.unit !== null
      ? html`<a class="button button--secondary page-heading__action" href="/staff/register" data-testid="register-link">登记来访、来电案件</a>`
      : ''
  }
</div>
${findCase(o.caseNumber ?? '')}
${filters(viewer, o)}
${o.result ? list(o, o.result) : ''}`,
  });
}
