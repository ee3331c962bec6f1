/**
 * The leaders' reports as staff pages (issue 11): the list of stored reports with, for those who
 * may ask for one, the on-demand form; and one report rendered here — highlights, each table with
 * the bar chart formats/svg.ts draws (inline SVG, every text in it escaped), and the CSV
 * and Excel downloads as plain links. No script: it all works with JavaScript off, and prints on A4.
 */
import {
  mayWriteReportOpinion,
  previousPeriod,
  REPORT_OPINION_LIMIT,
  readsWholeReport,
} from '#core/analysis.ts';
import type { ReportEntry } from '#core/ports.ts';
import type { Report, ReportColumn, ReportTable } from '#core/report.ts';
import { shanghaiDate } from '#core/time.ts';
import { barChartSvg } from '#formats/svg.ts';
import { formatPercent } from '#formats/text.ts';
import { errorSummary, PageErrors, textarea, textInput } from '../components.ts';
import { dateEl as day, timeEl as time } from '../dates.ts';
import { Html, html } from '../html.ts';
import { COUNTY } from '../layout.ts';
import { postForm, submitButton } from './components.ts';
import { staffMessagePage, staffPage, type Viewer } from './layout.ts';

export const REPORT_KIND_LABELS: Record<Report['kind'], string> = {
  weekly: '周报',
  monthly: '月报',
  'on-demand': '专题统计',
};

const REPORTS_PATH = '/staff/reports';
const LIST_LIMIT = 50;

/** The page of one report, and its downloads. */
export const reportPath = (id: string) => `${REPORTS_PATH}/${encodeURIComponent(id)}`;
const filePath = (id: string, format: 'csv' | 'xlsx') => `${reportPath(id)}?format=${format}`;

const DAY_MS = 86_400_000;
const shift = (d: string, days: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const length = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;

/** 2026年11月2日 至 2026年11月8日（7 天）. */
function span(from: string, to: string): Html {
  const days = length(from, to);
  return html`${day(from)} 至 ${day(to)}${Number.isFinite(days) ? `（${days} 天）` : ''}`;
}

const PERIOD_SUFFIX = /（\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}）$/;

/** The title without its trailing 「（2026-11-02 至 2026-11-08）」: the dates are shown apart. */
const shortTitle = (title: string) => title.replace(PERIOD_SUFFIX, '') || title;

/** The refusal for staff whose role reads no reports (core/analysis.ts, mayReadReports). */
export function reportsRefusedPage(viewer: Viewer): Html {
  return staffMessagePage(
    '您没有权限查看统计报告',
    '统计报告供领导小组、工作室和单位负责人查看。',
    { href: '/staff/inbox', label: '返回待办' },
    viewer,
  );
}

// ---------------------------------------------------------------------------------------------
// The list

/** Today and the Monday of its week (Asia/Shanghai): the form's first answers. */
export function thisWeek(now: Date): { from: string; to: string } {
  const today = shanghaiDate(now);
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
  return { from: shift(today, -weekday), to: today };
}

export interface ReportsPageOptions {
  viewer: Viewer;
  reports: readonly ReportEntry[];
  /** The on-demand form, for those who may ask for a report; absent for the others. */
  request?: { from: string; to: string; errors: PageErrors };
}

/**
 * The title in the list: its period kept for screen readers only (it has its own column), so that
 * each link still names one report.
 */
function listTitle(title: string): Html {
  const m = PERIOD_SUFFIX.exec(title);
  return m
    ? html`${title.slice(0, m.index)}<span class="visually-hidden">${m[0]}</span>`
    : html`${title}`;
}

function reportList(reports: readonly ReportEntry[]): Html {
  if (reports.length === 0) {
    return html`<p class="body-text" data-testid="reports-empty">还没有报告。周报每周一生成，月报每月 1 日生成。</p>`;
  }
  return html`<table class="table table--stack report-list" data-testid="reports">
  <caption class="visually-hidden">已生成的报告，最新的在前</caption>
  <thead><tr><th scope="col">报告</th><th scope="col">类型</th><th scope="col">统计期间</th><th scope="col">生成时间</th></tr></thead>
  <tbody>
  ${reports.map(
    (r) => html`<tr data-report="${r.id}">
    <th scope="row" data-label="报告"><a href="${reportPath(r.id)}">${listTitle(r.title)}</a></th>
    <td data-label="类型"><strong class="tag tag--${r.kind}">${REPORT_KIND_LABELS[r.kind] ?? r.kind}</strong></td>
    <td data-label="统计期间"><span class="nowrap">${day(r.period.from)} 至</span> <span class="nowrap">${day(r.period.to)}</span></td>
    <td data-label="生成时间">${time(r.generatedAt)}</td>
  </tr>`,
  )}
  </tbody>
</table>
${reports.length >= LIST_LIMIT ? html`<p class="secondary">这里只列出最近 ${LIST_LIMIT} 份报告。</p>` : ''}`;
}

function requestForm(viewer: Viewer, r: NonNullable<ReportsPageOptions['request']>): Html {
  return html`<section class="report-request" id="request" aria-labelledby="request-title">
  <h2 id="request-title">生成专题统计</h2>
  <p>统计任意一段时间（最长一年）的情况，并和它之前同样长的一段时间比较。</p>
  ${postForm(
    viewer,
    REPORTS_PATH,
    html`${textInput({ pointer: '/from', name: 'from', label: '开始日期', type: 'date', width: 'w10', value: r.from, errors: r.errors })}
  ${textInput({ pointer: '/to', name: 'to', label: '结束日期', hint: '包括这一天。', type: 'date', width: 'w10', value: r.to, errors: r.errors })}
  ${submitButton('生成专题统计', { testid: 'request-report' })}`,
    { testid: 'request-form' },
  )}
</section>`;
}

/** The list of reports, and the on-demand form for those who may ask for one. */
export function reportsPage(o: ReportsPageOptions): Html {
  const failed = o.request?.errors.any ?? false;
  return staffPage({
    title: '统计报告',
    failed,
    viewer: o.viewer,
    section: 'reports',
    body: html`${o.request ? errorSummary(o.request.errors, '日期有问题') : ''}
<div class="page-heading">
  <h1>统计报告</h1>
  ${o.request ? html`<a class="button button--secondary page-heading__action reports-jump" href="#request">生成专题统计</a>` : ''}
</div>
<p class="reports-intro">每周一早上 8 点生成上一周的周报，每月 1 日早上 8 点生成上个月的月报${
      readsWholeReport(o.viewer.principal)
        ? '，并通知领导小组。报告按受理渠道、争议事项、险种和责任单位统计件数，列出各单位按时签收和答复的情况、超期未办结的案件和多次反映的缴费人。'
        : // A head reads the unit's part (core/analysis.ts, reportForReader).
          '。单位负责人看到的是报告中本单位的部分：本单位的件数、按时签收和答复、满意率、超期未办的事项，以及牵头或正在参与办理的重大疑难案件。'
    }</p>
<div class="reports-layout${o.request ? ' reports-layout--with-form' : ''}">
  <section class="reports-layout__list" aria-labelledby="list-title">
    <h2 id="list-title">已生成的报告</h2>
    ${reportList(o.reports)}
  </section>
  ${o.request ? requestForm(o.viewer, o.request) : ''}
</div>`,
  });
}

// ---------------------------------------------------------------------------------------------
// One report

type Cell = string | number | null | undefined;

const NONE = html`<span aria-hidden="true">—</span><span class="visually-hidden">无</span>`;

/** A percent as 85.7%; a date as 2026年11月5日; a case number as a link to the case; else text. */
function cell(column: ReportColumn, value: Cell): Html | string {
  if (value === null || value === undefined || value === '') return NONE;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return NONE;
    return column.kind === 'percent' ? formatPercent(value) : value.toLocaleString('zh-CN');
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return day(value);
  // A date with what it is the date of: 「2027-01-18（答复期限）」 (the major cases' 当前期限).
  const dated = /^(\d{4}-\d{2}-\d{2})（([^（）]+)）$/.exec(value);
  if (dated?.[1] && dated[2]) return html`${day(dated[1])}（${dated[2]}）`;
  if (column.key === 'caseNumber') {
    return html`<a class="case-link" href="/staff/cases/${encodeURIComponent(value)}">${value}</a>`;
  }
  return value;
}

/** What a table's chart draws, in the words of its column (「答复按时率」), so no one reads a bar as another figure. */
const chartOf = (t: ReportTable) =>
  t.columns.find((c) => c.key === t.chart?.value)?.label ?? t.chart?.value ?? '';

const sectionId = (t: ReportTable) => `table-${t.id.replace(/[^A-Za-z0-9_-]/g, '-')}`;

function figures(t: ReportTable, wide: boolean): Html {
  const [first] = t.columns;
  const rowHeader = first?.kind === 'text' ? first.key : null;
  const num = (c: ReportColumn) => (c.kind === 'text' ? '' : html` class="num"`);
  return html`<table class="table report-table${wide ? ' table--stack' : ''}">
  <caption class="visually-hidden">${t.title}</caption>
  <thead><tr>${t.columns.map((c) => html`<th scope="col"${num(c)}>${c.label}</th>`)}</tr></thead>
  <tbody>
  ${t.rows.map(
    (row) =>
      html`<tr>${t.columns.map((c) =>
        c.key === rowHeader
          ? html`<th scope="row"${num(c)} data-label="${c.label}" data-key="${c.key}">${cell(c, row[c.key])}</th>`
          : html`<td${num(c)} data-label="${c.label}" data-key="${c.key}">${cell(c, row[c.key])}</td>`,
      )}</tr>`,
  )}
  </tbody>
</table>`;
}

/** One table: heading, chart (beside a narrow table on a wide screen, above it otherwise), figures. */
function section(t: ReportTable): Html {
  const svg = t.rows.length > 0 ? barChartSvg(t) : undefined;
  // A table of more than four columns is too wide for a phone: there each row becomes a card. So
  // does a list of cases, whose number, status and date would each break inside a narrow column.
  const wide = t.columns.length > 4 || t.columns.some((c) => c.key === 'caseNumber');
  const id = sectionId(t);
  return html`<section class="report-section" aria-labelledby="${id}" data-table="${t.id}" data-testid="table-${t.id}">
  <h2 class="report-section__title" id="${id}">${t.title}</h2>
  ${t.note ? html`<p class="secondary report-section__note" data-testid="table-note">${t.note}</p>` : ''}
  <div class="report-section__body${svg && !wide ? ' report-section__body--beside' : ''}">
    ${svg ? html`<figure class="report-chart">${new Html(svg)}<figcaption class="secondary" data-testid="chart-caption">图示：${chartOf(t)}</figcaption></figure>` : ''}
    ${
      t.rows.length === 0
        ? html`<p class="report-section__empty">无。</p>`
        : html`<div class="report-table-wrap">${figures(t, wide)}</div>`
    }
  </div>
</section>`;
}

/**
 * One report. `created`: it was just asked for, and the page says so. The charts are the SVG
 * functions/formats/svg.ts draws, which escapes every text it holds: they join the page as they are.
 */
/** The opinion form posted back with its answer and error (400), or a conflict's notice (409). */
export interface OpinionAttempt {
  text: string;
  errors?: PageErrors;
  problem?: string;
}

/**
 * 分析意见和应对措施 (seed 四(三): 总结…特点与风险隐患，制定科学合理的应对措施): the people's reading
 * of the figures, printed with the report; its form for those who write it
 * (`mayWriteReportOpinion`), starting from the latest version, which it names so that two writers
 * do not overwrite each other unseen.
 */
function opinionSection(o: {
  viewer: Viewer;
  report: Report;
  saved?: boolean;
  attempt?: OpinionAttempt;
}): Html | '' {
  const current = o.report.opinion;
  const writes = mayWriteReportOpinion(o.viewer.principal);
  if (!current && !writes) return '';
  const errors = o.attempt?.errors ?? new PageErrors([], ['/opinion']);
  return html`<section class="report-opinion" aria-labelledby="opinion-title" data-testid="report-opinion">
    <h2 id="opinion-title">分析意见和应对措施</h2>
    ${o.saved ? html`<div class="notification notification--success no-print" role="status" data-testid="opinion-saved"><p class="notification__text">已保存分析意见和应对措施。</p></div>` : ''}
    ${o.attempt?.problem ? html`<div class="warning no-print" role="alert" data-testid="opinion-conflict"><span class="warning__icon" aria-hidden="true">!</span><p><span class="visually-hidden">注意：</span>${o.attempt.problem}</p></div>` : ''}
    ${
      current
        ? html`<div class="prose" data-testid="opinion-text">${current.text.split('\n').map((line) => html`<p>${line}</p>`)}</div>
    <p class="secondary">${current.name ?? current.by}，${time(current.at)}</p>`
        : html`<p class="secondary" data-testid="opinion-none">还没有填写。</p>`
    }
    ${
      writes
        ? html`<div class="no-print">${postForm(
            o.viewer,
            `${reportPath(o.report.id)}/opinion`,
            html`<input type="hidden" name="previousAt" value="${current?.at ?? ''}">
  ${textarea({
    pointer: '/opinion',
    name: 'opinion',
    label: current ? '修改分析意见和应对措施' : '填写分析意见和应对措施',
    hint: `根据上面的数字，写明本期争议的特点、风险隐患和准备采取的应对措施；保存后随报告打印。最多 ${REPORT_OPINION_LIMIT} 个字。`,
    value: o.attempt?.text ?? current?.text ?? '',
    rows: 8,
    errors,
  })}
  ${submitButton('保存分析意见', { testid: 'save-opinion' })}`,
            { testid: 'opinion-form' },
          )}</div>`
        : ''
    }
  </section>`;
}

export function reportPage(o: {
  viewer: Viewer;
  report: Report;
  created?: boolean;
  /** `?opinion=saved`: the opinion just saved. */
  saved?: boolean;
  attempt?: OpinionAttempt;
}): Html {
  const r = o.report;
  const { from, to } = r.period;
  const days = length(from, to);
  // A stored report's dates are read back as they were written; the page draws even odd ones.
  const previous = Number.isFinite(days) ? previousPeriod(r.period) : undefined;
  return staffPage({
    title: r.title,
    failed: o.attempt?.errors?.any ?? false,
    viewer: o.viewer,
    section: 'reports',
    body: html`${o.attempt?.errors ? errorSummary(o.attempt.errors, '分析意见没有保存') : ''}
<p class="report-back no-print"><a href="${REPORTS_PATH}">返回报告列表</a></p>
${
  o.created
    ? html`<div class="notification notification--success report-created no-print" role="status" data-testid="report-created">
  <p class="notification__text">专题统计已生成，下面是统计结果。</p>
</div>`
    : ''
}
<article class="report" data-testid="report" aria-labelledby="report-title">
  <header class="report__head">
    <p class="print-only">${COUNTY}社会保险费征缴争议联合处置机制</p>
    <span class="caption" data-testid="report-kind">${REPORT_KIND_LABELS[r.kind] ?? '统计报告'}</span>
    <h1 class="report__title" id="report-title" data-testid="report-title">${shortTitle(r.title)}</h1>
    <dl class="report__meta">
      <div class="report__meta-row"><dt>统计期间</dt><dd data-testid="report-period">${span(from, to)}</dd></div>
      ${previous ? html`<div class="report__meta-row"><dt>比较的上期</dt><dd data-testid="report-previous">${span(previous.from, previous.to)}</dd></div>` : ''}
      <div class="report__meta-row"><dt>生成时间</dt><dd data-testid="report-generated">${time(r.generatedAt)}</dd></div>
    </dl>
  </header>
  <section class="highlights" aria-labelledby="highlights-title" data-testid="highlights">
    <h2 class="highlights__title" id="highlights-title">要点</h2>
    <ul class="highlights__list">${r.highlights.map((h) => html`<li>${h}</li>`)}</ul>
  </section>
  ${opinionSection(o)}
  <div class="no-print">
    <div class="report-tools">
      <a class="button button--secondary" href="${filePath(r.id, 'csv')}" data-testid="download-csv">下载 CSV<span class="visually-hidden">文件：${r.title}</span></a>
      <a class="button button--secondary" href="${filePath(r.id, 'xlsx')}" data-testid="download-xlsx">下载 Excel<span class="visually-hidden">文件：${r.title}</span></a>
    </div>
    <p class="secondary report-print">要打印这份报告，请用浏览器的“打印”（Ctrl+P）：打印时只印报告，不印页头、链接和按钮。</p>
    <nav class="report-contents" aria-labelledby="contents-title">
      <h2 class="report-contents__title" id="contents-title">各项统计</h2>
      <ol class="report-contents__list">${r.tables.map((t) => html`<li><a href="#${sectionId(t)}">${t.title}</a></li>`)}</ol>
    </nav>
  </div>
  <p class="secondary report-note">表中“—”表示没有或无法计算，例如上期为 0 件时的环比变化。</p>
  ${r.tables.map(section)}
</article>`,
  });
}

/** The page for an unknown report id: back to the list, from which reports are opened. */
export function reportNotFoundPage(viewer: Viewer): Html {
  return staffMessagePage(
    '没有找到这份报告',
    '请回到报告列表，从列表中点开要看的报告。',
    { href: REPORTS_PATH, label: '返回报告列表' },
    viewer,
  );
}
