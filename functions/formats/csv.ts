/**
 * A {@link Report} as a CSV file for Excel. Pure string building, so the same code runs in
 * Lambda, locally and in tests.
 */
import type { Report, ReportColumn } from '#core/report.ts';
import { chineseDay, shanghaiDateTime } from '#core/time.ts';
import { formatPercent } from './text.ts';

type Cell = string | number | null | undefined;

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
 * (title, period, generated time), then each table with its title, header, rows and note, separated
 * by blank lines.
 */
export function reportToCsv(report: Report): string {
  const lines: string[] = [
    [textField('报告'), textField(report.title)].join(','),
    [
      textField('统计期间'),
      textField(`${chineseDay(report.period.from)} 至 ${chineseDay(report.period.to)}`),
    ].join(','),
    [textField('生成时间'), textField(shanghaiDateTime(report.generatedAt))].join(','),
  ];
  for (const table of report.tables) {
    lines.push('');
    lines.push(textField(table.title));
    lines.push(table.columns.map((column) => textField(column.label)).join(','));
    for (const row of table.rows) {
      lines.push(table.columns.map((column) => cellField(row[column.key], column.kind)).join(','));
    }
    if (table.note) lines.push(textField(`注：${table.note}`));
  }
  return `${BOM}${lines.join(CRLF)}${CRLF}`;
}
