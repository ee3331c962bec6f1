import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Report, ReportTable } from '#core/report.ts';
import { reportToXlsx } from '#formats/xlsx.ts';
import { byUnitTableOf, monthlyReport } from '#test/fixtures/reports.ts';
import { descendants, parseXml, type XmlElement } from '#test/fixtures/xml.ts';

// ---------------------------------------------------------------------------------------------
// Builders

/** Two units, one with a long name (the column widths) and one with no cases. */
function byUnitTable(overrides: Partial<ReportTable> = {}): ReportTable {
  return byUnitTableOf(
    [
      { unit: '市社会保险事业管理中心', received: 40, onTime: 0.857 },
      { unit: '区医保局', received: 0, onTime: null },
    ],
    overrides,
  );
}

/** With two highlights, one a row on the summary sheet. */
const buildReport = (overrides: Partial<Report> = {}): Report =>
  monthlyReport(byUnitTable(), {
    highlights: ['本月新增 80 件。', '超期未办结 3 件。'],
    ...overrides,
  });

// ---------------------------------------------------------------------------------------------
// A zip reader that walks the central directory (APPNOTE.TXT 4.3), independent of the writer

interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  /** As the central directory records it. */
  crc: number;
  localCrc: number;
  dosTime: number;
  dosDate: number;
  data: Buffer;
}

function readZip(bytes: Uint8Array): ZipEntry[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = buf.length - 22;
  while (end >= 0 && buf.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('no end of central directory record');
  const count = buf.readUInt16LE(end + 10);
  const size = buf.readUInt32LE(end + 12);
  const start = buf.readUInt32LE(end + 16);
  if (start + size !== end) throw new Error('central directory does not end at the end record');
  const entries: ZipEntry[] = [];
  let p = start;
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`no central header at ${p}`);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const offset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    if (buf.readUInt32LE(offset) !== 0x04034b50) throw new Error(`no local header for ${name}`);
    const localNameLength = buf.readUInt16LE(offset + 26);
    const localName = buf.toString('utf8', offset + 30, offset + 30 + localNameLength);
    if (localName !== name) throw new Error(`local name ${localName} ≠ central ${name}`);
    const dataStart = offset + 30 + localNameLength + buf.readUInt16LE(offset + 28);
    const method = buf.readUInt16LE(p + 10);
    const packed = buf.subarray(dataStart, dataStart + compressedSize);
    const data = method === 8 ? inflateRawSync(packed) : Buffer.from(packed);
    if (data.length !== size) throw new Error(`${name}: ${data.length} bytes, recorded ${size}`);
    entries.push({
      name,
      flags: buf.readUInt16LE(p + 8),
      method,
      crc: buf.readUInt32LE(p + 16),
      localCrc: buf.readUInt32LE(offset + 14),
      dosTime: buf.readUInt16LE(p + 12),
      dosDate: buf.readUInt16LE(p + 14),
      data,
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function unzipText(report: Report): Map<string, string> {
  return new Map(readZip(reportToXlsx(report)).map((e) => [e.name, e.data.toString('utf8')]));
}

// ---------------------------------------------------------------------------------------------
// A small XML reader (the same as in formats.test.ts): throws on anything not well-formed.

function part(parts: Map<string, string>, name: string): XmlElement {
  const xml = parts.get(name);
  if (xml === undefined) throw new Error(`no part ${name}`);
  return parseXml(xml);
}

interface ReadCell {
  type: string | undefined;
  style: number;
  /** Inline string text, or the number in `<v>`. */
  value: string;
}

/** The cells of a sheet by reference (A1, B2, …). */
function cells(parts: Map<string, string>, sheet: number): Map<string, ReadCell> {
  const root = part(parts, `xl/worksheets/sheet${sheet}.xml`);
  return new Map(
    descendants(root, 'c').map((c) => [
      c.attrs.r ?? '',
      {
        type: c.attrs.t,
        style: Number(c.attrs.s ?? 0),
        value:
          c.attrs.t === 'inlineStr'
            ? descendants(c, 't')
                .map((t) => t.text)
                .join('')
            : (descendants(c, 'v')[0]?.text ?? ''),
      },
    ]),
  );
}

/** The format code and boldness that a cell style index resolves to through styles.xml. */
function style(parts: Map<string, string>, index: number): { format: string; bold: boolean } {
  const styles = part(parts, 'xl/styles.xml');
  const xf = descendants(styles, 'cellXfs')[0]?.children[index];
  const font = descendants(styles, 'fonts')[0]?.children[Number(xf?.attrs.fontId)];
  const numFmtId = xf?.attrs.numFmtId ?? '0';
  const custom = descendants(styles, 'numFmt').find((f) => f.attrs.numFmtId === numFmtId);
  return {
    format: custom?.attrs.formatCode ?? `builtin ${numFmtId}`,
    bold: font?.children.some((child) => child.name === 'b') ?? false,
  };
}

function sheetNames(parts: Map<string, string>): string[] {
  return descendants(part(parts, 'xl/workbook.xml'), 'sheet').map((s) => s.attrs.name ?? '');
}

// ---------------------------------------------------------------------------------------------

describe('reportToXlsx', () => {
  it('starts with a zip local file header', () => {
    // Act
    const bytes = reportToXlsx(buildReport());

    // Assess
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect([...bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
  });

  it('holds the package parts and one worksheet for the summary and for each table', () => {
    // Act
    const names = readZip(reportToXlsx(buildReport())).map((e) => e.name);

    // Assess
    expect(names.sort()).toEqual(
      [
        '[Content_Types].xml',
        '_rels/.rels',
        'xl/workbook.xml',
        'xl/_rels/workbook.xml.rels',
        'xl/styles.xml',
        'xl/worksheets/sheet1.xml',
        'xl/worksheets/sheet2.xml',
        'xl/worksheets/sheet3.xml',
      ].sort(),
    );
  });

  it('deflates every entry and records a CRC-32 that matches its content, locally and centrally', () => {
    // Act
    const entries = readZip(reportToXlsx(buildReport()));

    // Assess
    for (const entry of entries) {
      expect(entry.method, entry.name).toBe(8);
      expect(entry.crc, entry.name).toBe(crc32(entry.data));
      expect(entry.localCrc, entry.name).toBe(entry.crc);
    }
  });

  it('names every part in ASCII, read alike by every zip reader, Chinese sheet names or not', () => {
    // Act
    const entries = readZip(reportToXlsx(buildReport()));

    // Assess: Chinese names live in workbook.xml; the part names need no UTF-8 flag
    for (const entry of entries) {
      expect(entry.name).toMatch(/^[!-~]+$/);
      expect(entry.flags & 0x0800, entry.name).toBe(0);
    }
  });

  it('dates the entries at the generation time in China Standard Time', () => {
    // Act
    const [entry] = readZip(reportToXlsx(buildReport({ generatedAt: '2026-06-01T01:30:04Z' })));

    // Assess: 2026-06-01 09:30:04 in MS-DOS form (two-second resolution)
    expect(entry?.dosDate).toBe(((2026 - 1980) << 9) | (6 << 5) | 1);
    expect(entry?.dosTime).toBe((9 << 11) | (30 << 5) | 2);
  });

  it('writes only well-formed XML parts', () => {
    // Act
    const parts = unzipText(buildReport());

    // Assess
    for (const [name, xml] of parts) expect(() => parseXml(xml), name).not.toThrow();
  });

  it('links every sheet through the workbook relationships to a part with a worksheet content type', () => {
    // Act
    const parts = unzipText(buildReport());

    // Assess
    const targets = new Map(
      descendants(part(parts, 'xl/_rels/workbook.xml.rels'), 'Relationship').map((r) => [
        r.attrs.Id,
        r.attrs.Target,
      ]),
    );
    const overrides = new Map(
      descendants(part(parts, '[Content_Types].xml'), 'Override').map((o) => [
        o.attrs.PartName,
        o.attrs.ContentType,
      ]),
    );
    const sheets = descendants(part(parts, 'xl/workbook.xml'), 'sheet');
    expect(sheets).toHaveLength(3);
    for (const sheet of sheets) {
      const target = `xl/${targets.get(sheet.attrs['r:id'])}`;
      expect(parts.has(target), target).toBe(true);
      expect(overrides.get(`/${target}`)).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml',
      );
    }
    expect([...targets.values()]).toContain('styles.xml');
  });

  it('puts the title, period, generated time and highlights on the first sheet, 「概要」', () => {
    // Act
    const parts = unzipText(buildReport());

    // Assess
    expect(sheetNames(parts)[0]).toBe('概要');
    const summary = cells(parts, 1);
    expect(summary.get('A1')?.value).toBe('报告');
    expect(summary.get('B1')?.value).toBe('2026年5月社保费争议办理情况');
    expect(summary.get('B2')?.value).toBe('2026年5月1日 至 2026年5月31日');
    expect(summary.get('B3')?.value).toBe('2026-06-01 09:30（北京时间）');
    expect(summary.get('A4')?.value).toBe('要点');
    expect(summary.get('B4')?.value).toBe('本月新增 80 件。');
    expect(summary.get('B5')?.value).toBe('超期未办结 3 件。');
  });

  it('writes Chinese text as inline strings and numbers as numbers', () => {
    // Act
    const sheet = cells(unzipText(buildReport()), 2);

    // Assess
    expect(sheet.get('A2')).toMatchObject({ type: 'inlineStr', value: '市社会保险事业管理中心' });
    expect(sheet.get('B2')).toMatchObject({ type: undefined, value: '40' });
    expect(sheet.get('B3')).toMatchObject({ type: undefined, value: '0' });
  });

  it('writes a percent as its fraction with the 0.0% format, and no cell for an undefined figure', () => {
    // Act
    const parts = unzipText(buildReport());
    const sheet = cells(parts, 2);

    // Assess
    expect(sheet.get('C2')).toMatchObject({ type: undefined, value: '0.857' });
    expect(style(parts, sheet.get('C2')?.style ?? 0).format).toBe('0.0%');
    expect(style(parts, sheet.get('B2')?.style ?? 0).format).toBe('builtin 0');
    expect(sheet.has('C3')).toBe(false);
  });

  it('makes the header row bold and the data rows not', () => {
    // Act
    const parts = unzipText(buildReport());
    const sheet = cells(parts, 2);

    // Assess
    expect(['A1', 'B1', 'C1'].map((ref) => sheet.get(ref)?.value)).toEqual([
      '单位',
      '受理件数',
      '按时办结率',
    ]);
    for (const ref of ['A1', 'B1', 'C1']) {
      expect(style(parts, sheet.get(ref)?.style ?? 0).bold, ref).toBe(true);
    }
    expect(style(parts, sheet.get('A2')?.style ?? 0).bold).toBe(false);
  });

  it('sizes each column for its widest entry, counting a Chinese character as two', () => {
    // Act
    const root = part(unzipText(buildReport()), 'xl/worksheets/sheet2.xml');

    // Assess
    const widths = descendants(root, 'col').map((col) => Number(col.attrs.width));
    expect(widths).toHaveLength(3);
    expect(widths[0]).toBeGreaterThanOrEqual('市社会保险事业管理中心'.length * 2);
    expect(widths[0]).toBeLessThanOrEqual(60);
    expect(widths[1]).toBeLessThan(widths[0] ?? 0);
  });

  it('writes a table’s note after a blank row, without widening the first column for it', () => {
    // Prepare
    const note =
      '几个单位共同办理的案件，每个单位各计 1 件，所以各行相加可能多于本期受理的 80 件。';
    const plain = part(unzipText(buildReport()), 'xl/worksheets/sheet2.xml');
    const report = buildReport({ tables: [byUnitTable({ note })] });

    // Act
    const parts = unzipText(report);

    // Assess: rows 1–3 are the header and the two units, row 4 is empty, row 5 the note
    const sheet = cells(parts, 2);
    expect(sheet.get('A3')?.value).toBe('区医保局');
    expect([...sheet.keys()].filter((ref) => /^[A-Z]+4$/.test(ref))).toEqual([]);
    expect(sheet.get('A5')).toEqual({ type: 'inlineStr', style: 0, value: `注：${note}` });
    expect([...sheet.keys()].filter((ref) => /^[A-Z]+5$/.test(ref))).toEqual(['A5']);
    const widths = (root: XmlElement) =>
      descendants(root, 'col').map((col) => Number(col.attrs.width));
    expect(widths(part(parts, 'xl/worksheets/sheet2.xml'))).toEqual(widths(plain));
  });

  it('names the sheets after the tables within Excel’s rules: 31 characters, no []:*?/\\, unique', () => {
    // Prepare
    const titles = ['按[单位]:办理*情况?/\\', 'x'.repeat(40), '按事项', '按事项', '概要', ''];

    // Act
    const names = sheetNames(
      unzipText(buildReport({ tables: titles.map((title) => byUnitTable({ title })) })),
    );

    // Assess
    expect(names).toEqual([
      '概要',
      '按单位办理情况',
      'x'.repeat(31),
      '按事项',
      '按事项 (2)',
      '概要 (2)',
      '表6',
    ]);
  });

  it('escapes XML specials and drops characters XML forbids', () => {
    // Prepare
    const report = buildReport({
      title: 'A&B <x> "q" \u0001end',
      tables: [byUnitTable({ title: 'T&<\u0002', rows: [{ unit: '<b>&amp;', received: 1 }] })],
    });

    // Act
    const parts = unzipText(report);

    // Assess
    expect(cells(parts, 1).get('B1')?.value).toBe('A&B <x> "q" end');
    expect(cells(parts, 2).get('A2')?.value).toBe('<b>&amp;');
    expect(sheetNames(parts)).toEqual(['概要', 'T&<']);
  });

  it('opens with Python’s zipfile, which finds no bad entry, and its XML parser', () => {
    // Prepare: Python's zipfile is a reader written by others, so it judges the writer as Excel
    // would, where this file's reader could share the writer's mistakes. Without it the test
    // fails: a check that passes without checking would hide a broken file.
    const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
    if (python.status !== 0) {
      throw new Error(
        'python3 is missing: this test reads the workbook with Python’s zipfile. Install it ' +
          '(Debian/Ubuntu: apt-get install python3; .ci/run does so on CI).',
      );
    }
    const dir = mkdtempSync(join(tmpdir(), 'xlsx-test-'));
    try {
      const file = join(dir, 'report.xlsx');
      writeFileSync(file, reportToXlsx(buildReport()));

      // Act
      const zipCheck = spawnSync(
        'python3',
        ['-c', 'import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); print(z.testzip())', file],
        { encoding: 'utf8' },
      );
      const xmlCheck = spawnSync(
        'python3',
        [
          '-c',
          'import zipfile,sys,xml.etree.ElementTree as E; z=zipfile.ZipFile(sys.argv[1]); [E.fromstring(z.read(n)) for n in z.namelist()]; print(len(z.namelist()))',
          file,
        ],
        { encoding: 'utf8' },
      );

      // Assess
      expect(zipCheck.stderr).toBe('');
      expect(zipCheck.stdout.trim()).toBe('None');
      expect(xmlCheck.stderr).toBe('');
      expect(xmlCheck.stdout.trim()).toBe('8');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Three Python starts: under `npm test` the unit lane runs at nice 10 beside the runtime
    // lanes, where they take longer than vitest's default 5 s.
  }, 30_000);
});
