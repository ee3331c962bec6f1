/**
 * A report as an Excel workbook (Office Open XML, ECMA-376), its XML written by hand: a summary
 * sheet 「概要」 and one sheet per table, zipped by fflate (deflated entries, CRC-32, no Zip64).
 */
import { strToU8, zipSync } from 'fflate';
import type { Report, ReportColumn, ReportTable } from '#core/report.ts';
import { chineseDay, shanghaiDateTime, shanghaiParts } from '#core/time.ts';
import { escapeXml, stripXmlIllegal } from './text.ts';

// ---------------------------------------------------------------------------------------------
// Workbook parts

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Cell style indexes into `cellXfs` in {@link STYLES}. */
const STYLE_BOLD = 1;
const STYLE_PERCENT = 2;

const STYLES = `${XML_DECL}<styleSheet xmlns="${NS_MAIN}">
<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font><font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>`;

/** `spill`: prose that runs on over the empty cells to its right, not widening its column. */
type Cell =
  | { kind: 'text'; text: string; style?: number; spill?: true }
  | { kind: 'number'; value: number; style?: number };

interface Sheet {
  name: string;
  /** null leaves the cell out: Excel shows it empty, not as 0 or as empty text. */
  rows: (Cell | null)[][];
  /** Freeze the first row, so the header stays in view while scrolling. */
  freezeHeader: boolean;
}

/** Excel refuses a cell longer than this. */
const MAX_CELL_CHARS = 32_767;
const MIN_COLUMN_WIDTH = 8;
const MAX_COLUMN_WIDTH = 60;

/** A, B, …, Z, AA, AB, … for a zero-based column index. */
function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}

/** Display width in Excel's character units: a CJK or other wide character takes two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += (char.codePointAt(0) ?? 0) > 0x2e7f ? 2 : 1;
  return width;
}

function shownText(cell: Cell): string {
  if (cell.kind === 'text') return cell.text;
  return cell.style === STYLE_PERCENT ? `${(cell.value * 100).toFixed(1)}%` : String(cell.value);
}

function cellXml(cell: Cell, ref: string): string {
  const style = cell.style ? ` s="${cell.style}"` : '';
  if (cell.kind === 'number') return `<c r="${ref}"${style}><v>${cell.value}</v></c>`;
  const text = escapeXml(cell.text.slice(0, MAX_CELL_CHARS));
  return `<c r="${ref}"${style} t="inlineStr"><is><t xml:space="preserve">${text}</t></is></c>`;
}

function sheetXml(sheet: Sheet): string {
  const widths: number[] = [];
  for (const row of sheet.rows) {
    row.forEach((cell, i) => {
      const width = cell && !('spill' in cell) ? displayWidth(shownText(cell)) : 0;
      widths[i] = Math.max(widths[i] ?? 0, width);
    });
  }
  const cols = widths.map((w, i) => {
    const width = Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_COLUMN_WIDTH, w + 2));
    return `<col min="${i + 1}" max="${i + 1}" width="${width}" customWidth="1"/>`;
  });
  const rows = sheet.rows.map((row, r) => {
    const cells = row.map((cell, c) => (cell ? cellXml(cell, `${columnName(c)}${r + 1}`) : ''));
    return `<row r="${r + 1}">${cells.join('')}</row>`;
  });
  const pane = sheet.freezeHeader
    ? '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
    : '';
  return [
    `${XML_DECL}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">`,
    `<sheetViews><sheetView workbookViewId="0">${pane}</sheetView></sheetViews>`,
    '<sheetFormatPr defaultRowHeight="15"/>',
    // CT_Cols needs at least one <col>, so an empty sheet gets none.
    cols.length > 0 ? `<cols>${cols.join('')}</cols>` : '',
    `<sheetData>${rows.join('')}</sheetData>`,
    '</worksheet>',
  ].join('\n');
}

/**
 * A figure missing from the row (null, undefined or not finite) becomes no cell, so Excel shows it
 * empty rather than as 0, which would misstate the rate of a unit that had no cases.
 */
function tableCell(value: string | number | null | undefined, column: ReportColumn): Cell | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return { kind: 'text', text: value };
  if (!Number.isFinite(value)) return null;
  return column.kind === 'percent'
    ? { kind: 'number', value, style: STYLE_PERCENT }
    : { kind: 'number', value };
}

const SUMMARY_NAME = '概要';
const MAX_SHEET_NAME = 31;

/**
 * Excel's sheet-name rules: at most 31 characters, none of []:*?/\, not starting or ending with an
 * apostrophe, unique regardless of case, and not the reserved name "History".
 */
function uniqueSheetNames(titles: string[]): string[] {
  const taken = new Set([SUMMARY_NAME.toLowerCase(), 'history']);
  return titles.map((title, i) => {
    const clean =
      stripXmlIllegal(title)
        .replace(/[[\]:*?/\\]/g, '')
        .replace(/\s+/g, ' ')
        .trim()
        .replace(/^'+|'+$/g, '')
        .trim() || `表${i + 1}`;
    for (let n = 1; ; n++) {
      const suffix = n === 1 ? '' : ` (${n})`;
      const name = truncate(clean, MAX_SHEET_NAME - suffix.length).trimEnd() + suffix;
      if (!taken.has(name.toLowerCase())) {
        taken.add(name.toLowerCase());
        return name;
      }
    }
  });
}

/** Cuts to `max` UTF-16 units (Excel's measure) without splitting a surrogate pair. */
function truncate(text: string, max: number): string {
  let out = '';
  for (const char of text) {
    if (out.length + char.length > max) break;
    out += char;
  }
  return out;
}

function summarySheet(report: Report): Sheet {
  const label = (text: string): Cell => ({ kind: 'text', text, style: STYLE_BOLD });
  const text = (t: string): Cell => ({ kind: 'text', text: t });
  const rows: (Cell | null)[][] = [
    [label('报告'), text(report.title)],
    [
      label('统计期间'),
      text(`${chineseDay(report.period.from)} 至 ${chineseDay(report.period.to)}`),
    ],
    [label('生成时间'), text(shanghaiDateTime(report.generatedAt))],
  ];
  report.highlights.forEach((highlight, i) => {
    rows.push([i === 0 ? label('要点') : null, text(highlight)]);
  });
  return { name: SUMMARY_NAME, rows, freezeHeader: false };
}

function tableSheet(table: ReportTable, name: string): Sheet {
  const header = table.columns.map(
    (c): Cell => ({ kind: 'text', text: c.label, style: STYLE_BOLD }),
  );
  const rows = table.rows.map((row) =>
    table.columns.map((column) => tableCell(row[column.key], column)),
  );
  // The note under the figures, after a blank row, as on the page and in the CSV.
  const note: (Cell | null)[][] = table.note
    ? [[], [{ kind: 'text', text: `注：${table.note}`, spill: true }]]
    : [];
  return { name, rows: [header, ...rows, ...note], freezeHeader: true };
}

function workbookParts(report: Report): { name: string; data: string }[] {
  const names = uniqueSheetNames(report.tables.map((table) => table.title));
  const sheets = [
    summarySheet(report),
    ...report.tables.map((table, i) => tableSheet(table, names[i] ?? `表${i + 1}`)),
  ];
  const sheetPath = (i: number) => `worksheets/sheet${i + 1}.xml`;
  const stylesId = `rId${sheets.length + 1}`;
  return [
    {
      name: '[Content_Types].xml',
      data: `${XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${sheets.map((_, i) => `<Override PartName="/xl/${sheetPath(i)}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}</Types>`,
    },
    {
      name: '_rels/.rels',
      data: `${XML_DECL}<Relationships xmlns="${NS_PKG_REL}"><Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `${XML_DECL}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><sheets>${sheets.map((sheet, i) => `<sheet name="${escapeXml(sheet.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `${XML_DECL}<Relationships xmlns="${NS_PKG_REL}">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${NS_REL}/worksheet" Target="${sheetPath(i)}"/>`).join('')}<Relationship Id="${stylesId}" Type="${NS_REL}/styles" Target="styles.xml"/></Relationships>`,
    },
    { name: 'xl/styles.xml', data: STYLES },
    ...sheets.map((sheet, i) => ({ name: `xl/${sheetPath(i)}`, data: sheetXml(sheet) })),
  ];
}

// ---------------------------------------------------------------------------------------------
// Zip container

/**
 * The entries' modification time: the report's generation in Shanghai. A zip entry keeps an
 * MS-DOS wall-clock time with no zone, and fflate writes it from a Date's local fields, so the
 * Date is built from Shanghai's fields in whatever zone this process runs. The format holds
 * 1980–2099; a time outside it, or an unreadable one, becomes 1980-01-01 00:00.
 */
function entryTime(iso: string): Date {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return new Date(1980, 0, 1);
  const p = shanghaiParts(instant);
  if (p.year < 1980 || p.year > 2099) return new Date(1980, 0, 1);
  return new Date(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

/**
 * The report as an .xlsx workbook: sheet 「概要」 with the title, period, generated time and
 * highlights, then one sheet per table (bold header row, numbers as numbers, percents formatted
 * `0.0%`, empty cells where a figure is undefined).
 */
export function reportToXlsx(report: Report): Uint8Array {
  const files = Object.fromEntries(
    workbookParts(report).map((part) => [part.name, strToU8(part.data)]),
  );
  return zipSync(files, { mtime: entryTime(report.generatedAt) });
}
