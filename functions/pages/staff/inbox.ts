/**
 * The inbox (/staff/inbox): the open work items of the caller's unit (office staff, leaders and
 * administrators choose the unit), overdue first as the store sorts them, one row per item, with
 * a filter by kind that shows each kind's count. Beside it, `?view=cases`: every case the unit is
 * involved in and how, finished ones included. The filters are a GET form and plain links, so a
 * filtered list has its own address; 「下一页」 follows the store's cursor.
 */
import { CHANNELS, type InboxItem, type InboxResponse } from '#contracts/staff.ts';
import { CASE_STATUSES, STATUS_LABELS } from '#core/lifecycle.ts';
import { INSURANCES, MATTERS } from '#core/matters.ts';
import { seesAll } from '#core/principal.ts';
import type { involvedCases } from '#core/staff.ts';
import { maySupervise } from '#core/supervision.ts';
import { shanghaiDate } from '#core/time.ts';
import { UNITS, type UnitId, unitLabel } from '#core/units.ts';
import { RELATION_LABELS, WORK_KINDS, WORK_LABELS, type WorkKind } from '#core/work.ts';
import { problemSummary } from '../components.ts';
import { dateEl, formatDay } from '../dates.ts';
import { tidyCaseNumber } from '../draft.ts';
import { type Html, html } from '../html.ts';
import { casePath } from './case.ts';
import { dueMarks, supervisionMark } from './due-marks.ts';
import { staffPage, type Viewer } from './layout.ts';

/** The filters of the form, read from the address (the kind is chosen by links above it). */
export const INBOX_FILTERS = ['status', 'matter', 'insurance', 'channel'] as const;

/** The two lists of the page: the unit's open work, and the cases it is involved in. */
export type InboxView = 'work' | 'cases';

/** A page of the cases a unit is involved in (functions/core/staff.ts `involvedCases`). */
export type InvolvedPage = Awaited<ReturnType<typeof involvedCases>>;

export interface InboxPageOptions {
  /** The unit whose work (or cases) is shown. */
  unit: UnitId;
  view: InboxView;
  /** The address's filters, view and cursor as asked (empty ones left out). */
  query: URLSearchParams;
  /** The page of work items (view `work`); absent when the query could not be read. */
  result?: InboxResponse;
  /** The page of involved cases (view `cases`). */
  cases?: InvolvedPage;
  problem?: { title: string; detail: string };
  today: string;
  /** A case number looked for that could not be read, shown again in the finder. */
  caseNumber?: string;
  /** For the administrator: a year whose holiday schedule is still to be entered (`yearToEnter`). */
  calendarYear?: number;
}

/**
 * What each kind of item waits for, in a line a new member of staff understands. A Record over
 * every kind, so a kind added to functions/core/work.ts without words here fails to compile.
 */
const WAITS_FOR: Record<WorkKind, string> = {
  'sign-for': '确认由本单位办理；不属于本单位职责的，退回并说明原因',
  triage: '确定是一般争议还是重大疑难争议，并确定牵头单位',
  consult: '组织有关单位会商，记录各单位的意见、会商结论和牵头单位',
  answer: '调查核实后，书面答复缴费人',
  proposal: '填写拟办意见报送单，报领导小组办公室',
  'approve-proposal': '审批工作室报来的拟办意见',
  'written-opinion': '按审批同意的拟办意见，形成书面意见',
  convene: '召集有关单位开会会商',
  opinion: '就承办单位商请的问题，提出本单位的意见',
  extension: '决定是否同意延长办理期限',
  'approve-return': '决定是否同意承办人把案件退回（不同意的，由本单位继续办理）',
  'follow-up': '回访缴费人，记录对处理结果是否满意',
  serve: '把书面答复告知书送达争议另一方，记录送达方式和日期',
  archive: '整理文书和音视频资料，归档',
  supervision: '向领导小组答复督办要求',
  assignment: '办理领导小组交办的事项，并报告结果',
};

const FILTER_CHOICES: Record<
  (typeof INBOX_FILTERS)[number],
  { label: string; all: string; options: readonly { id: string; label: string }[] }
> = {
  status: {
    label: '案件状态',
    all: '全部状态',
    options: CASE_STATUSES.map((id) => ({ id, label: STATUS_LABELS[id] })),
  },
  matter: { label: '争议事项', all: '全部事项', options: MATTERS },
  insurance: { label: '险种', all: '全部险种', options: INSURANCES },
  channel: { label: '受理渠道', all: '全部渠道', options: CHANNELS },
};

const labelOf = (list: readonly { id: string; label: string }[], id: string) =>
  list.find((x) => x.id === id)?.label ?? id;

/** The item's kind in words, and 「（负责人）」 when only the unit's head may do it. */
export function kindText(item: { kindLabel: string; role: 'head' | null }): string {
  return `${item.kindLabel}${item.role === 'head' ? '（负责人）' : ''}`;
}

/** The 催办 and 督办 marks of an item, each with its date, as words (never colour alone). */
export function chaseMarks(item: {
  chasedOn: string | null;
  supervisedOn: string | null;
  orderedOn: string | null;
}): Html {
  const mark = (text: string) =>
    html`<strong class="mark mark--overdue"><span class="mark__icon" aria-hidden="true">!</span>${text}</strong>`;
  const supervised = supervisionMark(item);
  return html`${item.chasedOn ? html`<span class="cell-line">${mark(`${formatDay(item.chasedOn)}已催办`)}</span>` : ''}${
    supervised
      ? html`<span class="cell-line">${mark(`${formatDay(supervised.on)}${supervised.word}`)}</span>`
      : ''
  }`;
}

function inboxPath(q: URLSearchParams): string {
  const s = q.toString();
  return s ? `/staff/inbox?${s}` : '/staff/inbox';
}

/** The address with some parameters changed (undefined removes one); paging starts again. */
function withParams(q: URLSearchParams, set: Record<string, string | undefined>): string {
  const next = new URLSearchParams(q);
  next.delete('cursor');
  for (const [k, v] of Object.entries(set)) {
    if (v === undefined) next.delete(k);
    else next.set(k, v);
  }
  return inboxPath(next);
}

/** A link of a row of choices; the chosen one is marked in words for screen readers and bold. */
function choiceLink(href: string, label: string, chosen: boolean, testid?: string): Html {
  return html`<li>${
    chosen
      ? html`<a href="${href}" aria-current="true"${testid ? html` data-testid="${testid}"` : ''}><strong>${label}</strong></a>`
      : html`<a href="${href}"${testid ? html` data-testid="${testid}"` : ''}>${label}</a>`
  }</li>`;
}

function filterSelect(name: string, label: string, options: Html): Html {
  return html`<div class="form-group filters__item">
  <label class="label" for="f-${name}">${label}</label>
  <select class="select" id="f-${name}" name="${name}">${options}</select>
</div>`;
}

function option(value: string, label: string, chosen: string | null): Html {
  return html`<option value="${value}"${value === (chosen ?? '') ? html` selected` : ''}>${label}</option>`;
}

function unitSelect(o: InboxPageOptions): Html {
  return filterSelect('unit', '查看单位', html`${UNITS.map((u) => option(u.id, u.label, o.unit))}`);
}

/** 「待办事项」 and 「参与的案件」, the page's two lists, as links. */
function views(viewer: Viewer, o: InboxPageOptions): Html {
  const own = o.unit === viewer.principal.unit;
  const total = o.result ? Object.values(o.result.counts).reduce((n, c) => n + (c ?? 0), 0) : 0;
  const unitOnly = new URLSearchParams(
    o.query.get('unit') ? { unit: o.query.get('unit') ?? '' } : {},
  );
  return html`<nav aria-label="切换列表" data-testid="inbox-views">
  <ul class="case-links">
    ${choiceLink(inboxPath(unitOnly), o.view === 'work' && o.result ? `待办事项（${total}）` : '待办事项', o.view === 'work', 'view-work')}
    ${choiceLink(withParams(unitOnly, { view: 'cases' }), own ? '本单位参与的案件' : `${unitLabel(o.unit)}参与的案件`, o.view === 'cases', 'view-cases')}
  </ul>
</nav>`;
}

/** The kinds of work with their counts (whatever the other filters), each a link that filters. */
function kindFilter(o: InboxPageOptions, counts: InboxResponse['counts']): Html {
  const chosen = o.query.get('kind');
  const total = Object.values(counts).reduce((n, c) => n + (c ?? 0), 0);
  const kinds = WORK_KINDS.filter((k) => (counts[k] ?? 0) > 0 || k === chosen);
  // The counts are the unit's counters, not the filtered list's (a review read 「全部（27）」 over
  // a list of 15): said when another filter narrows the list.
  const narrowed = ['status', 'matter', 'insurance', 'channel'].some((k) => o.query.get(k));
  return html`<nav class="kind-filter" aria-labelledby="kind-filter-title" data-testid="kind-filter">
  <h2 class="label" id="kind-filter-title">按待办事项筛选</h2>
  ${narrowed ? html`<p class="hint" data-testid="counts-unfiltered">括号里是本单位全部待办的件数，不受其他筛选条件影响。</p>` : ''}
  <ul class="case-links">
    ${choiceLink(withParams(o.query, { kind: undefined }), `全部（${total}）`, !chosen, 'kind-all')}
    ${kinds.map((k) =>
      choiceLink(
        withParams(o.query, { kind: k }),
        `${WORK_LABELS[k]}（${counts[k] ?? 0}）`,
        k === chosen,
        `kind-${k}`,
      ),
    )}
  </ul>
</nav>`;
}

function filters(viewer: Viewer, o: InboxPageOptions): Html {
  const q = o.query;
  const active = INBOX_FILTERS.filter((f) => q.get(f)).length;
  const clear = q.get('unit')
    ? `/staff/inbox?unit=${encodeURIComponent(q.get('unit') ?? '')}`
    : '/staff/inbox';
  return html`<details class="filters" open>
  <summary class="filters__summary"><span>${active ? `更多筛选（已选 ${active} 项）` : '更多筛选'}</span></summary>
  <form class="filters__form" method="get" action="/staff/inbox" novalidate data-testid="inbox-filters">
    ${q.get('kind') ? html`<input type="hidden" name="kind" value="${q.get('kind') ?? ''}">` : ''}
    <fieldset class="fieldset">
      <legend class="visually-hidden">筛选待办事项</legend>
      <div class="filters__row">
        ${seesAll(viewer.principal) ? unitSelect(o) : ''}
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
          <a href="${clear}">清除筛选</a>
        </div>
      </div>
    </fieldset>
  </form>
</details>`;
}

function workRow(item: InboxItem, today: string): Html {
  const matters = item.matters.map((m) => labelOf(MATTERS, m)).join('、');
  const insurance = item.insurance.map((i) => labelOf(INSURANCES, i)).join('、');
  return html`<tr class="inbox__row${item.overdue ? ' inbox__row--overdue' : ''}" data-work="${item.workId}">
  <th scope="row" data-label="受理编号"><a class="case-link" href="${casePath(item.caseNumber)}">${item.caseNumber}</a></th>
  <td data-label="待办事项"><strong data-testid="work-kind">${kindText(item)}</strong><span class="cell-note">${WAITS_FOR[item.kind]}</span>${item.heldBack ? html`<span class="cell-note cell-note--held" data-testid="held-back">暂时还不能办理：${item.heldBack}</span>` : ''}</td>
  <td data-label="办理期限">${
    item.due
      ? html`${dateEl(item.due)}${dueMarks(item.due, item.overdue, item.dueCovered, today)}`
      : '—'
  }${chaseMarks(item)}</td>
  <td data-label="案件状态"><strong class="tag tag--${item.status}">${item.statusLabel}</strong></td>
  <td data-label="争议事项">${matters || '—'}${insurance ? html`<span class="cell-note">${insurance}</span>` : ''}</td>
  <td data-label="缴费人">${item.payerName}</td>
  <td data-label="受理渠道">${labelOf(CHANNELS, item.channel)}</td>
</tr>`;
}

function pagination(o: InboxPageOptions, next: string | null): Html {
  const later = o.query.has('cursor');
  if (!later && !next) return html``;
  const nextQuery = new URLSearchParams(o.query);
  if (next) nextQuery.set('cursor', next);
  const firstQuery = new URLSearchParams(o.query);
  firstQuery.delete('cursor');
  return html`<nav class="pagination" aria-label="翻页">
  ${later ? html`<a href="${inboxPath(firstQuery)}">回到第一页</a>` : ''}
  ${next ? html`<a class="pagination__next" href="${inboxPath(nextQuery)}" data-testid="next-page" rel="next">下一页</a>` : ''}
</nav>`;
}

function emptyBox(title: string, text: string): Html {
  return html`<div class="empty" id="inbox-empty" data-testid="inbox-empty">
  <h2>${title}</h2>
  <p>${text}</p>
</div>`;
}

function workList(viewer: Viewer, o: InboxPageOptions, result: InboxResponse): Html {
  const { items, next } = result;
  const filtered = [...INBOX_FILTERS, 'kind'].some((f) => o.query.get(f));
  const overdue = items.filter((i) => i.overdue).length;
  const own = o.unit === viewer.principal.unit;
  return html`${
    items.length
      ? html`<p class="secondary" id="inbox-count">本页 ${items.length} 项${overdue ? `，其中已超期 ${overdue} 项（排在前面）` : ''}。同一件案件有几件事要办的，每件事占一行。</p>
<table class="table table--stack inbox" id="inbox-table" data-testid="inbox">
  <caption class="visually-hidden">待办事项，已超期的排在前面，其余按办理期限先后排列</caption>
  <thead><tr><th scope="col">受理编号</th><th scope="col">待办事项</th><th scope="col">办理期限</th><th scope="col">案件状态</th><th scope="col">争议事项</th><th scope="col">缴费人</th><th scope="col">受理渠道</th></tr></thead>
  <tbody id="inbox-rows">${items.map((i) => workRow(i, o.today))}</tbody>
</table>`
      : emptyBox(
          '没有待办事项',
          filtered
            ? '没有符合筛选条件的待办事项。可以清除筛选后再看。'
            : o.query.has('cursor')
              ? '后面没有更多待办事项了。'
              : `${own ? '本单位' : '这个单位'}现在没有待办事项。新派来的案件、需要${own ? '本单位' : '这个单位'}办理的事项会出现在这里。`,
        )
  }
${pagination(o, next)}`;
}

function casesList(viewer: Viewer, o: InboxPageOptions, page: InvolvedPage): Html {
  const own = o.unit === viewer.principal.unit;
  const who = own ? '本单位' : unitLabel(o.unit);
  return html`<p class="body-text">这里列出${who}登记、承办、牵头、联合办理、协办或被要求办理过的全部案件，包括已经办完的，新收到的在前。</p>
${
  seesAll(viewer.principal)
    ? html`<form class="filters__form" method="get" action="/staff/inbox" novalidate data-testid="cases-unit">
  <input type="hidden" name="view" value="cases">
  <div class="filters__row">
    ${unitSelect(o)}
    <div class="button-group filters__buttons"><button type="submit" class="button button--secondary">查看</button></div>
  </div>
</form>`
    : ''
}
${
  page.items.length
    ? html`<table class="table table--stack inbox" id="cases-table" data-testid="involved">
  <caption class="visually-hidden">${who}参与的案件，新收到的在前</caption>
  <thead><tr><th scope="col">受理编号</th><th scope="col">${own ? '本单位' : '该单位'}的角色</th><th scope="col">案件状态</th><th scope="col">争议事项</th><th scope="col">缴费人</th><th scope="col">收到日期</th></tr></thead>
  <tbody>${page.items.map(
    (c) => html`<tr>
  <th scope="row" data-label="受理编号"><a class="case-link" href="${casePath(c.caseNumber)}">${c.caseNumber}</a></th>
  <td data-label="角色" data-testid="relations">${c.relations.map((r) => RELATION_LABELS[r]).join('、')}</td>
  <td data-label="案件状态"><strong class="tag tag--${c.status}">${c.statusLabel}</strong></td>
  <td data-label="争议事项">${c.matters.map((m) => labelOf(MATTERS, m)).join('、') || '—'}</td>
  <td data-label="缴费人">${c.payerName}</td>
  <td data-label="收到日期">${dateEl(shanghaiDate(new Date(c.receivedAt)))}</td>
</tr>`,
  )}</tbody>
</table>`
    : emptyBox(
        '没有案件',
        o.query.has('cursor') ? '后面没有更多案件了。' : `${who}还没有参与过案件。`,
      )
}
${pagination(o, page.next)}`;
}

/**
 * The case number a clerk typed in the search: as printed, without the dash or with another
 * one, or this year's serial alone (「14」 is 2026-000014 in 2026; a review found it refused).
 */
export function typedCaseNumber(typed: string, year: string): string {
  const s = tidyCaseNumber(typed);
  return /^\d{1,6}$/.test(s) ? `${year}-${s.padStart(6, '0')}` : s;
}

/**
 * Finding a case by its number, for a case that is not (or no longer) in the list: one asked
 * about on the phone, one the unit was consulted on, an archived one. The case page says 404 to
 * anyone who may not see it.
 */
function findCase(value: string): Html {
  return html`<form class="find-case" method="get" action="/staff/inbox" novalidate role="search" data-testid="find-case">
  <label class="label" for="f-case">按案件编号查找</label>
  <p class="hint" id="f-case-hint">例如 2026-000123；今年的案件也可以只填后面的数字，例如 123</p>
  <div class="find-case__row">
    <input class="input input--w10" type="text" id="f-case" name="case" value="${value}" aria-describedby="f-case-hint" autocomplete="off" spellcheck="false">
    <button type="submit" class="button button--secondary" data-testid="find-case-submit">查找</button>
  </div>
</form>`;
}

/**
 * The administrator's prompt to enter a year's holiday schedule (a staff review found 2027
 * missing in December 2026, with nothing asking for it): until then its dates are provisional.
 */
function calendarNotice(year: number | undefined): Html {
  if (year === undefined) return html``;
  return html`<div class="warning" data-testid="calendar-notice">
  <span class="warning__icon" aria-hidden="true">!</span>
  <p><span class="visually-hidden">注意：</span>${String(year)} 年的节假日安排还没有录入系统。期限落在 ${String(year)} 年的，暂按法定节假日计算，页面上标着“节假日安排未公布”。国务院办公厅公布当年安排后，请用管理命令 <code>npm run admin -- calendar put ${String(year)}.json</code> 录入，已算出的期限会自动重新计算。</p>
</div>`;
}

/** Leaders and administrators belong to no unit: they look at a unit's list, or at 督办. */
function noUnitOfYourOwn(viewer: Viewer): Html {
  if (viewer.principal.unit !== null) return html``;
  return html`<p class="inset" data-testid="no-own-inbox">您不属于任何一个成员单位，没有自己的待办事项。${
    maySupervise(viewer.principal)
      ? html`各单位超过期限还没办完的事项，请看<a href="/staff/supervision">督办</a>页面。`
      : ''
  }也可以在下面选择一个单位，查看它的待办事项和参与的案件。</p>`;
}

/** The inbox page: the unit's open work, or (`view` `cases`) the cases it is involved in. */
export function inboxPage(viewer: Viewer, o: InboxPageOptions): Html {
  const what = o.view === 'cases' ? '参与的案件' : '待办事项';
  // Leaders and administrators have no list of their own: theirs is a look at a unit's.
  const title =
    viewer.principal.unit === null
      ? `查看各单位${what}：${unitLabel(o.unit)}`
      : `${unitLabel(o.unit)} ${what}`;
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
${calendarNotice(o.calendarYear)}
${noUnitOfYourOwn(viewer)}
${findCase(o.caseNumber ?? '')}
${views(viewer, o)}
${
  o.view === 'cases'
    ? o.cases
      ? casesList(viewer, o, o.cases)
      : ''
    : html`${o.result ? kindFilter(o, o.result.counts) : ''}
${filters(viewer, o)}
${o.result ? workList(viewer, o, o.result) : ''}`
}`,
  });
}
