/**
 * One report: highlights, then each table with its chart. The charts are SVG the server drew from
 * the report's own figures with every text escaped; they are parsed as SVG (never as HTML), and
 * anything that could run is dropped before they join the page. 「下载 CSV」 and 「下载 Excel」
 * fetch the file with the token and save it under the report's title.
 */
import { clearErrors, type Problem, readJson, showProblem } from '../errors.ts';
import { byId, dateEl, formatDate, h, timeEl } from './dom.ts';
import { api, pageData, requireSession } from './session.ts';

type Kind = 'weekly' | 'monthly' | 'on-demand';
type Cell = string | number | null;

interface Column {
  key: string;
  label: string;
  kind: 'text' | 'number' | 'percent';
}

interface Table {
  id: string;
  title: string;
  columns: Column[];
  rows: Record<string, Cell>[];
  chart?: { label: string; value: string };
}

interface Report {
  id: string;
  kind: Kind;
  title: string;
  period: { from: string; to: string };
  generatedAt: string;
  highlights: string[];
  tables: Table[];
}

const data = pageData<{
  labels: { units: Record<string, string>; roles: Record<string, string> };
  kinds: Record<Kind, string>;
}>();
requireSession(data.labels);
const query = new URLSearchParams(location.search);
const id = query.get('id')?.trim() ?? '';
const loadSummary = byId('load-errors');
const downloadSummary = byId('download-errors');
const announcer = byId('announcer');
const tools = byId('report-tools');
const TRY_LATER = '网络或系统暂时出了问题，请过几分钟再试。';
const FORMATS = {
  csv: { ext: 'csv', what: 'CSV 文件' },
  xlsx: { ext: 'xlsx', what: 'Excel 文件' },
} as const;
let report: Report | null = null;

byId('print-report').addEventListener('click', () => window.print());
for (const format of ['csv', 'xlsx'] as const) {
  const button = byId<HTMLButtonElement>(`download-${format}`);
  button.addEventListener('click', () => void download(format, button));
}

void load();

async function load(): Promise<void> {
  const fail = (title: string, detail?: string) =>
    showProblem(document.body, loadSummary, title, detail);
  try {
    if (!id) return fail('地址中没有报告编号', '请从报告列表点开要看的报告。');
    const response = await api(`/api/staff/reports/${encodeURIComponent(id)}`);
    const body = await readJson<{ report?: Report; charts?: Record<string, string> } & Problem>(
      response,
    );
    if (response.ok && body?.report) return show(body.report, body.charts ?? {});
    if (response.status === 403) {
      fail(
        '您没有权限查看统计报告',
        body?.detail ?? '统计报告供领导小组、工作室和单位负责人查看。',
      );
    } else if (response.status === 404) {
      fail('没有找到这份报告', '请回到报告列表，从列表中点开要看的报告。');
    } else {
      fail(body?.title ?? '暂时无法读取这份报告', body?.detail ?? '请过几分钟再刷新页面。');
    }
  } catch {
    fail('暂时无法读取这份报告', TRY_LATER);
  } finally {
    byId('report-loading').hidden = true;
  }
}

const DAY = 86_400_000;
const shift = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/** The dates as 2026年11月2日 至 2026年11月8日（7 天）. */
function span(from: string, to: string): (Node | string)[] {
  const days = Math.round((Date.parse(to) - Date.parse(from)) / DAY) + 1;
  return [dateEl(from), ' 至 ', dateEl(to), Number.isFinite(days) ? `（${days} 天）` : ''];
}

function show(r: Report, charts: Record<string, string>): void {
  report = r;
  document.title = document.title.replace(/^[^-]+/, `${r.title} `);
  byId('report-kind').textContent = data.kinds[r.kind] ?? '统计报告';
  byId('report-title').textContent = shortTitle(r.title);
  const { from, to } = r.period;
  const length = Math.round((Date.parse(to) - Date.parse(from)) / DAY) + 1;
  byId('report-period').replaceChildren(...span(from, to));
  byId('report-previous').replaceChildren(...span(shift(from, -length), shift(from, -1)));
  byId('report-generated').replaceChildren(timeEl(r.generatedAt));
  byId('highlights').replaceChildren(...r.highlights.map((text) => h('li', {}, text)));
  byId('report-contents').replaceChildren(
    ...r.tables.map((t) => h('li', {}, h('a', { href: `#${sectionId(t)}` }, t.title))),
  );
  byId('report-tables').replaceChildren(...r.tables.map((t) => section(t, charts[t.id])));
  byId('report').hidden = false;
  if (query.has('new')) {
    const created = byId('report-created');
    created.hidden = false;
    created.focus();
    // Reloading or sharing the address should not say 「已生成」 again.
    query.delete('new');
    history.replaceState(null, '', `${location.pathname}?${query}`);
  }
}

/** The title without its trailing 「（2026-11-02 至 2026-11-08）」: the dates are shown below it. */
const shortTitle = (title: string) =>
  title.replace(/（\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}）$/, '') || title;

const sectionId = (t: Table) => `table-${t.id.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** One table: heading, chart (beside a narrow table, above a wide one), the figures. */
function section(t: Table, svg: string | undefined): HTMLElement {
  const chart = svg && t.rows.length > 0 ? chartOf(svg) : null;
  // A table of more than four columns is too wide for a phone: there each row becomes a card.
  const wide = t.columns.length > 4;
  const headingId = sectionId(t);
  return h(
    'section',
    {
      class: 'report-section',
      'aria-labelledby': headingId,
      'data-table': t.id,
      'data-testid': `table-${t.id}`,
    },
    h('h2', { class: 'report-section__title', id: headingId }, t.title),
    h(
      'div',
      {
        class:
          chart && !wide
            ? 'report-section__body report-section__body--beside'
            : 'report-section__body',
      },
      chart ? h('div', { class: 'report-chart' }, chart) : null,
      t.rows.length === 0
        ? h('p', { class: 'report-section__empty' }, '无。')
        : h('div', { class: 'report-table-wrap' }, tableOf(t, wide)),
    ),
  );
}

function tableOf(t: Table, wide: boolean): HTMLTableElement {
  const [first] = t.columns;
  const rowHeader = first?.kind === 'text' ? first.key : null;
  const numeric = (c: Column) => c.kind !== 'text';
  return h(
    'table',
    { class: wide ? 'table table--stack report-table' : 'table report-table' },
    h('caption', { class: 'visually-hidden' }, t.title),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...t.columns.map((c) =>
          h('th', { scope: 'col', class: numeric(c) ? 'num' : undefined }, c.label),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      ...t.rows.map((row) =>
        h(
          'tr',
          {},
          ...t.columns.map((c) =>
            h(
              c.key === rowHeader ? 'th' : 'td',
              {
                scope: c.key === rowHeader ? 'row' : undefined,
                class: numeric(c) ? 'num' : undefined,
                'data-label': c.label,
                'data-key': c.key,
              },
              cell(c, row[c.key] ?? null),
            ),
          ),
        ),
      ),
    ),
  );
}

/** A percent as 85.7%; a date as 2026年11月5日; a case number as a link to the case; else text. */
function cell(c: Column, value: Cell): Node | string {
  if (value === null || value === '' || (typeof value === 'number' && !Number.isFinite(value))) {
    return h(
      'span',
      {},
      h('span', { 'aria-hidden': 'true' }, '—'),
      h('span', { class: 'visually-hidden' }, '无'),
    );
  }
  if (typeof value === 'number') {
    return c.kind === 'percent' ? `${(value * 100).toFixed(1)}%` : value.toLocaleString('zh-CN');
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return h('time', { datetime: value }, formatDate(value));
  if (c.key === 'caseNumber') {
    return h(
      'a',
      { href: `/staff/case/?n=${encodeURIComponent(value)}`, class: 'case-link' },
      value,
    );
  }
  return value;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The server's chart as an SVG element, or null when it is not a well-formed SVG document. */
function chartOf(markup: string): SVGSVGElement | null {
  const doc = new DOMParser().parseFromString(markup, 'image/svg+xml');
  const root = doc.documentElement;
  if (root.namespaceURI !== SVG_NS || root.localName !== 'svg') return null;
  if (doc.getElementsByTagName('parsererror').length > 0) return null;
  for (const el of [...root.querySelectorAll('script, foreignObject, a, use, image')]) el.remove();
  for (const el of [root, ...root.querySelectorAll('*')]) {
    for (const attr of [...el.attributes]) {
      if (/^on/i.test(attr.name) || /href$/i.test(attr.name)) el.removeAttribute(attr.name);
    }
  }
  const svg = document.importNode(root, true) as unknown as SVGSVGElement;
  svg.classList.add('report-chart__svg');
  return svg;
}

/** Characters Windows does not allow in a file name. */
const fileName = (title: string, ext: string) =>
  `${title.replace(/[\\/:*?"<>|\s]+/g, ' ').trim() || 'report'}.${ext}`;

async function download(format: keyof typeof FORMATS, button: HTMLButtonElement): Promise<void> {
  if (!report || button.disabled) return;
  const { ext, what } = FORMATS[format];
  clearErrors(tools, downloadSummary);
  button.disabled = true;
  announcer.textContent = `正在准备${what}`;
  try {
    const response = await api(
      `/api/staff/reports/${encodeURIComponent(report.id)}?format=${format}`,
    );
    if (!response.ok) {
      const body = await readJson<Problem>(response);
      showProblem(
        tools,
        downloadSummary,
        `无法下载${what}`,
        response.status === 403 || response.status === 404
          ? (body?.detail ?? '这份报告不存在，或者您没有权限查看。')
          : TRY_LATER,
      );
      announcer.textContent = '';
      return;
    }
    const url = URL.createObjectURL(await response.blob());
    const link = h('a', { href: url, download: fileName(report.title, ext), hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    // The browser has the file once the click is handled; the address is no longer needed.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    announcer.textContent = `${what}已开始下载`;
  } catch {
    showProblem(tools, downloadSummary, `无法下载${what}`, TRY_LATER);
    announcer.textContent = '';
  } finally {
    button.disabled = false;
  }
}
