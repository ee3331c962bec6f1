/**
 * Renders a {@link Report} for people outside the system: a CSV file for Excel and an SVG bar
 * chart for the page. Pure string building, so the same code runs in Lambda, locally and in tests.
 */
import { shanghaiDateTime } from '#core/case.ts';
import type { Report, ReportColumn, ReportTable } from '#core/report.ts';

type Cell = string | number | null | undefined;

/** A fraction 0..1 as a percentage with one decimal, e.g. 0.857 → `85.7%`. */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

// Characters XML 1.0 forbids even when escaped (controls other than tab/LF/CR, lone surrogates,
// U+FFFE/U+FFFF): a unit name pasted from a Word document can carry them, and one such character
// makes the whole SVG or XLSX part unreadable.
const XML_ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Drops the characters XML 1.0 forbids even when escaped. */
export function stripXmlIllegal(text: string): string {
  return text.replace(XML_ILLEGAL, '');
}

/** Escapes text for XML content and attribute values, dropping characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return stripXmlIllegal(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

// ---------------------------------------------------------------------------------------------
// CSV

/** Excel reads a BOM-less CSV in the ANSI code page (GBK on Chinese Windows) and garbles UTF-8. */
const BOM = '\uFEFF';
const CRLF = '\r\n';

/**
 * CSV formula injection (OWASP): Excel evaluates a cell starting with one of these, so a payer's
 * text such as `=HYPERLINK(...)` would run in a leader's spreadsheet. A leading `'` makes it text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** RFC 4180: quote a field holding a comma, quote or line break, doubling the quotes inside. */
function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** A string as a CSV field: guarded against formulas, then quoted. */
function textField(text: string): string {
  return quote(FORMULA_START.test(text) ? `'${text}` : text);
}

/** One cell by its column's kind; numbers are written plainly so Excel keeps them numeric. */
function cellField(value: Cell, kind: ReportColumn['kind']): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return textField(value);
  if (!Number.isFinite(value)) return '';
  return kind === 'percent' ? formatPercent(value) : String(value);
}

/**
 * The report as CSV for Excel: UTF-8 with a BOM, CRLF line ends, RFC 4180 quoting; a heading block
 * (title, period, generated time), then each table with its title, header and rows, separated by
 * blank lines.
 */
export function reportToCsv(report: Report): string {
  const lines: string[] = [
    [textField('报告'), textField(report.title)].join(','),
    [textField('统计期间'), textField(`${report.period.from} 至 ${report.period.to}`)].join(','),
    [textField('生成时间'), textField(shanghaiDateTime(report.generatedAt))].join(','),
  ];
  for (const table of report.tables) {
    lines.push('');
    lines.push(textField(table.title));
    lines.push(table.columns.map((column) => textField(column.label)).join(','));
    for (const row of table.rows) {
      lines.push(table.columns.map((column) => cellField(row[column.key], column.kind)).join(','));
    }
  }
  return `${BOM}${lines.join(CRLF)}${CRLF}`;
}

// ---------------------------------------------------------------------------------------------
// SVG bar chart

const WIDTH = 640;
const PADDING = 12;
const LABEL_WIDTH = 150;
const VALUE_WIDTH = 72;
const ROW_HEIGHT = 28;
const BAR_HEIGHT = 18;
const BAR_X = PADDING + LABEL_WIDTH + 8;
/** The largest value's bar spans this; the value text goes in the space to its right. */
const BAR_MAX = WIDTH - BAR_X - VALUE_WIDTH - PADDING;
/** Ten CJK characters at 13px fit the label column; the bar's tooltip keeps the full name. */
const LABEL_MAX_CHARS = 10;
const FONT_FAMILY = '"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif';
const BAR_COLOUR = '#1d70b8';
const TEXT_COLOUR = '#0b0c0c';

function labelText(value: Cell): string {
  return value === null || value === undefined ? '' : String(value);
}

function shorten(label: string): string {
  const chars = Array.from(label);
  return chars.length > LABEL_MAX_CHARS
    ? `${chars.slice(0, LABEL_MAX_CHARS - 1).join('')}…`
    : label;
}

/** Two decimals are finer than a pixel and keep the markup short. */
function px(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/**
 * A horizontal bar chart of `table.chart.value` labelled by `table.chart.label`, or undefined when
 * the table has no chart. Self-contained SVG (no scripts, fonts or links to fetch), exposed to
 * assistive technology as one image named by the table title (`role="img"`, `aria-labelledby`),
 * each bar carrying its label and value as a tooltip. Width 640 with a viewBox, so CSS can scale it.
 */
export function barChartSvg(table: ReportTable): string | undefined {
  const chart = table.chart;
  if (!chart) return undefined;
  const valueColumn = table.columns.find((column) => column.key === chart.value);
  const isPercent = valueColumn?.kind === 'percent';

  const bars = table.rows.map((row) => {
    const raw = row[chart.value];
    const value = typeof raw === 'number' && Number.isFinite(raw) ? raw : null;
    return {
      label: labelText(row[chart.label]),
      value,
      shown: value === null ? '无数据' : isPercent ? formatPercent(value) : String(value),
    };
  });
  // Negative figures have no bar to draw; zero or missing figures leave max at 0, and then every
  // bar is drawn at width 0 rather than dividing by zero.
  const max = bars.reduce((m, bar) => Math.max(m, bar.value ?? 0), 0);

  const height = PADDING * 2 + bars.length * ROW_HEIGHT;
  const idBase = `report-chart-${table.id.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const titleId = `${idBase}-title`;
  const descId = `${idBase}-desc`;
  const description = `横向条形图：${valueColumn?.label ?? chart.value}，共 ${bars.length} 项。`;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="${titleId}" aria-describedby="${descId}" font-family='${FONT_FAMILY}' font-size="13">`,
    `<title id="${titleId}">${escapeXml(table.title)}</title>`,
    `<desc id="${descId}">${escapeXml(description)}</desc>`,
  ];
  bars.forEach((bar, i) => {
    const top = PADDING + i * ROW_HEIGHT;
    const middle = top + ROW_HEIGHT / 2;
    const width = max > 0 && bar.value !== null && bar.value > 0 ? (bar.value / max) * BAR_MAX : 0;
    parts.push(
      `<text x="${BAR_X - 8}" y="${px(middle)}" text-anchor="end" dominant-baseline="central" fill="${TEXT_COLOUR}">${escapeXml(shorten(bar.label))}</text>`,
      `<rect x="${BAR_X}" y="${px(middle - BAR_HEIGHT / 2)}" width="${px(width)}" height="${BAR_HEIGHT}" fill="${BAR_COLOUR}"><title>${escapeXml(`${bar.label}：${bar.shown}`)}</title></rect>`,
      `<text x="${px(BAR_X + width + 6)}" y="${px(middle)}" dominant-baseline="central" fill="${TEXT_COLOUR}">${escapeXml(bar.shown)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}
