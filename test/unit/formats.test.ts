import { describe, expect, it } from 'vitest';
import type { Report, ReportTable } from '#core/report.ts';
import { reportToCsv } from '#formats/csv.ts';
import { barChartSvg } from '#formats/svg.ts';
import { byUnitTableOf, monthlyReport } from '#test/fixtures/reports.ts';
import { descendants, parseXml, type XmlElement } from '#test/fixtures/xml.ts';

// ---------------------------------------------------------------------------------------------
// Builders

/** Four units, one with no cases, charted by cases received. */
function byUnitTable(overrides: Partial<ReportTable> = {}): ReportTable {
  return byUnitTableOf(
    [
      { unit: '市社保中心', received: 40, onTime: 0.857 },
      { unit: '市税务局', received: 30, onTime: 1 },
      { unit: '区人社局', received: 10, onTime: 0 },
      { unit: '区医保局', received: 0, onTime: null },
    ],
    { chart: { label: 'unit', value: 'received' }, ...overrides },
  );
}

const buildReport = (overrides: Partial<Report> = {}): Report =>
  monthlyReport(byUnitTable(), overrides);

/** A table with one text column holding `values`, for probing how single cells are written. */
function textReport(values: (string | number | null)[]): Report {
  return buildReport({
    tables: [
      {
        id: 't',
        title: '表',
        columns: [{ key: 'v', label: '值', kind: 'text' }],
        rows: values.map((v) => ({ v })),
      },
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// An RFC 4180 reader, so that assertions are about the cells Excel would show

function parseCsv(csv: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  while (i < csv.length) {
    const c = csv[i];
    if (c === '"' && field === '') {
      // A quoted field runs to the next quote not followed by another quote.
      i++;
      for (;;) {
        const q = csv.indexOf('"', i);
        if (q === -1) throw new Error('unterminated quoted field');
        field += csv.slice(i, q);
        if (csv[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    } else if (c === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (c === '\r' && csv[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || record.length > 0) throw new Error('last record not ended by CRLF');
  return records;
}

function csvRecords(report: Report): string[][] {
  return parseCsv(reportToCsv(report).replace(/^\uFEFF/, ''));
}

/** The data cells of a one-table report: the heading block, blank line, title and header skipped. */
function dataCells(report: Report): string[] {
  return csvRecords(report)
    .slice(6)
    .map((record) => record[0] ?? '');
}

// ---------------------------------------------------------------------------------------------
// A small XML reader: throws on anything not well-formed (unbalanced or unclosed tags, a raw `<`
// or `&`, an unknown entity, duplicate attributes, more than one root, text outside the root).

function chartOf(table: ReportTable): { svg: string; root: XmlElement } {
  const svg = barChartSvg(table);
  if (svg === undefined) throw new Error('expected a chart');
  return { svg, root: parseXml(svg) };
}

function barWidths(root: XmlElement): number[] {
  return descendants(root, 'rect').map((rect) => Number(rect.attrs.width));
}

// ---------------------------------------------------------------------------------------------

describe('reportToCsv', () => {
  it('starts with a UTF-8 byte order mark, once, so Excel on Chinese Windows reads UTF-8', () => {
    // Act
    const csv = reportToCsv(buildReport());

    // Assess
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.match(/\uFEFF/g)).toHaveLength(1);
  });

  it('ends every line, the last included, with CRLF and never a bare LF or CR', () => {
    // Act
    const csv = reportToCsv(buildReport());

    // Assess
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('quotes a field holding a comma or a quote and doubles the quotes inside', () => {
    // Act
    const csv = reportToCsv(textReport(['a,"b"', 'plain']));

    // Assess
    expect(csv).toContain('\r\n"a,""b"""\r\n');
    expect(csv).toContain('\r\nplain\r\n');
    expect(dataCells(textReport(['a,"b"']))).toEqual(['a,"b"']);
  });

  it('quotes a field holding a line break so the cell keeps it', () => {
    // Act
    const csv = reportToCsv(textReport(['第一行\n第二行', 'a\r\nb']));

    // Assess
    expect(csv).toContain('"第一行\n第二行"');
    expect(dataCells(textReport(['第一行\n第二行', 'a\r\nb']))).toEqual([
      '第一行\n第二行',
      'a\r\nb',
    ]);
  });

  it('writes percents as a percentage with one decimal', () => {
    // Act
    const records = csvRecords(buildReport());

    // Assess
    expect(records.slice(6, 9).map((record) => record[2])).toEqual(['85.7%', '100.0%', '0.0%']);
  });

  it('leaves an undefined figure empty rather than writing 0', () => {
    // Act
    const records = csvRecords(buildReport());

    // Assess
    expect(records[9]).toEqual(['区医保局', '0', '']);
    expect(reportToCsv(buildReport())).toContain('\r\n区医保局,0,\r\n');
  });

  it('writes numbers plainly, without quotes or a guard, so Excel keeps them numeric', () => {
    // Act
    const csv = reportToCsv(textReport([1234, -3, 0.5]));

    // Assess
    expect(csv).toContain('\r\n1234\r\n-3\r\n0.5\r\n');
  });

  it.each(['=HYPERLINK("http://x","y")', '+8613800000000', '-1+1', '@SUM(A1:A2)', '\t=1', '\r=1'])(
    'guards text starting with a formula character with an apostrophe: %j',
    (value) => {
      // Act
      const cells = dataCells(textReport([value]));

      // Assess
      expect(cells).toEqual([`'${value}`]);
    },
  );

  it('leaves text alone that merely contains a formula character later on', () => {
    // Act
    const cells = dataCells(textReport(['a=b', '社保-医保', '']));

    // Assess
    expect(cells).toEqual(['a=b', '社保-医保', '']);
  });

  it('stamps the generated time in Beijing time, the next day when UTC is still on the day before', () => {
    // Act
    const morning = csvRecords(buildReport({ generatedAt: '2026-12-02T01:26:22Z' }));
    const afterMidnight = csvRecords(buildReport({ generatedAt: '2026-12-01T17:26:22Z' }));

    // Assess
    expect(morning[2]).toEqual(['生成时间', '2026-12-02 09:26（北京时间）']);
    expect(afterMidnight[2]).toEqual(['生成时间', '2026-12-02 01:26（北京时间）']);
  });

  it('writes the heading block, then each table in order: title, header, rows, a blank line between', () => {
    // Act
    const records = csvRecords(buildReport());

    // Assess
    expect(records).toEqual([
      ['报告', '2026年5月社保费争议办理情况'],
      ['统计期间', '2026年5月1日 至 2026年5月31日'],
      ['生成时间', '2026-06-01 09:30（北京时间）'],
      [''],
      ['各单位办理情况'],
      ['单位', '受理件数', '按时办结率'],
      ['市社保中心', '40', '85.7%'],
      ['市税务局', '30', '100.0%'],
      ['区人社局', '10', '0.0%'],
      ['区医保局', '0', ''],
      [''],
      ['按事项'],
      ['事项', '件数'],
      ['缴费基数', '5'],
    ]);
  });

  it('writes a table’s note under its rows', () => {
    // Prepare
    const report = buildReport();
    const [first, ...rest] = report.tables;
    if (!first) throw new Error('no table');

    // Act
    const records = csvRecords({
      ...report,
      tables: [{ ...first, note: '几个单位共同办理的案件，每个单位各计 1 件。' }, ...rest],
    });

    // Assess
    expect(records.slice(9, 12)).toEqual([
      ['区医保局', '0', ''],
      ['注：几个单位共同办理的案件，每个单位各计 1 件。'],
      [''],
    ]);
  });
});

describe('barChartSvg', () => {
  it('draws nothing for a table without a chart', () => {
    // Act, Assess
    expect(barChartSvg(byUnitTable({ chart: undefined }))).toBeUndefined();
  });

  it('is well-formed SVG', () => {
    // Act
    const { root } = chartOf(byUnitTable());

    // Assess
    expect(root.name).toBe('svg');
    expect(root.attrs.xmlns).toBe('http://www.w3.org/2000/svg');
  });

  it('is one image named by the table title through aria-labelledby', () => {
    // Act
    const { root } = chartOf(byUnitTable());

    // Assess
    expect(root.attrs.role).toBe('img');
    const title = root.children[0];
    expect(title?.name).toBe('title');
    expect(title?.text).toBe('各单位办理情况');
    expect(root.attrs['aria-labelledby']?.split(' ')).toContain(title?.attrs.id);
  });

  it('draws one bar per row, each with a title giving its label and value', () => {
    // Act
    const { root } = chartOf(byUnitTable());

    // Assess
    const rects = descendants(root, 'rect');
    expect(rects).toHaveLength(4);
    expect(rects.map((rect) => descendants(rect, 'title')[0]?.text)).toEqual([
      '市社保中心：40',
      '市税务局：30',
      '区人社局：10',
      '区医保局：0',
    ]);
  });

  it('draws bars in proportion to the values, the largest at the full bar width', () => {
    // Act
    const widths = barWidths(chartOf(byUnitTable()).root);
    const other = byUnitTable({
      rows: [
        { unit: '甲', received: 1000 },
        { unit: '乙', received: 1 },
      ],
    });
    const otherWidths = barWidths(chartOf(other).root);

    // Assess
    const [full = 0] = widths;
    expect(full).toBeGreaterThan(300);
    expect(full).toBeLessThanOrEqual(640);
    expect(widths[1]).toBeCloseTo((full * 30) / 40, 1);
    expect(widths[2]).toBeCloseTo((full * 10) / 40, 1);
    expect(widths[3]).toBe(0);
    expect(otherWidths[0]).toBe(full);
    expect(otherWidths[1]).toBeCloseTo(full / 1000, 1);
  });

  it('writes each value as text just past the end of its bar', () => {
    // Act
    const { root } = chartOf(byUnitTable());

    // Assess
    const rects = descendants(root, 'rect');
    const values = descendants(root, 'text').filter((text) => text.attrs['text-anchor'] !== 'end');
    expect(values.map((text) => text.text)).toEqual(['40', '30', '10', '0']);
    values.forEach((text, i) => {
      const end = Number(rects[i]?.attrs.x) + Number(rects[i]?.attrs.width);
      expect(Number(text.attrs.x)).toBeGreaterThan(end);
      expect(Number(text.attrs.x)).toBeLessThan(end + 10);
    });
  });

  it('shows percent values as percentages', () => {
    // Act
    const { root } = chartOf(byUnitTable({ chart: { label: 'unit', value: 'onTime' } }));

    // Assess
    const texts = descendants(root, 'text').map((text) => text.text);
    expect(texts).toEqual(expect.arrayContaining(['85.7%', '100.0%', '0.0%']));
    expect(descendants(root, 'rect')[0]?.children[0]?.text).toBe('市社保中心：85.7%');
  });

  it('escapes < and & in labels', () => {
    // Prepare
    const table = byUnitTable({
      title: '<各单位> & 办理',
      rows: [{ unit: 'A&B <区>', received: 3 }],
    });

    // Act
    const { svg, root } = chartOf(table);

    // Assess
    expect(svg).toContain('A&amp;B &lt;区&gt;');
    expect(svg).not.toContain('<区>');
    expect(root.children[0]?.text).toBe('<各单位> & 办理');
    expect(descendants(root, 'rect')[0]?.children[0]?.text).toBe('A&B <区>：3');
  });

  it('drops characters XML forbids rather than producing an unreadable file', () => {
    // Act
    const { root } = chartOf(
      byUnitTable({ rows: [{ unit: '市\u0001社保\uFFFE中心', received: 1 }] }),
    );

    // Assess
    expect(descendants(root, 'rect')[0]?.children[0]?.text).toBe('市社保中心：1');
  });

  it('wraps a unit’s full name on the axis onto two lines, and cuts only a longer one', () => {
    // Prepare
    const long = '国家税务总局某某市某某区税务局第一税务分局';
    const table = byUnitTable({
      rows: [
        { unit: '旗税务局', received: 3 },
        { unit: '旗人力资源和社会保障局', received: 2 },
        { unit: long, received: 1 },
      ],
    });

    // Act
    const { root } = chartOf(table);

    // Assess: each axis label's lines, and the bar's tooltip keeps the whole name
    const labels = descendants(root, 'text')
      .filter((text) => text.attrs['text-anchor'] === 'end')
      .map((text) => {
        const lines = descendants(text, 'tspan').map((t) => t.text);
        return lines.length ? lines : [text.text];
      });
    expect(labels).toEqual([
      ['旗税务局'],
      ['旗人力资源和', '社会保障局'],
      ['国家税务总局某某市某', '某区税务局第一税务…'],
    ]);
    expect(descendants(root, 'rect')[2]?.children[0]?.text).toBe(`${long}：1`);
  });

  it('draws zero-width bars, without NaN or Infinity, when every value is zero or missing', () => {
    // Prepare
    const table = byUnitTable({
      rows: [
        { unit: '甲', received: 0 },
        { unit: '乙', received: null },
        { unit: '丙', received: 0 },
      ],
    });

    // Act
    const { svg, root } = chartOf(table);

    // Assess
    expect(barWidths(root)).toEqual([0, 0, 0]);
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(descendants(root, 'rect')[1]?.children[0]?.text).toBe('乙：无数据');
  });

  it('scales: width 640 with a matching viewBox, the height growing with the rows', () => {
    // Act
    const four = chartOf(byUnitTable()).root;
    const one = chartOf(byUnitTable({ rows: [{ unit: '甲', received: 1 }] })).root;

    // Assess
    expect(four.attrs.width).toBe('640');
    expect(four.attrs.viewBox).toBe(`0 0 640 ${four.attrs.height}`);
    expect(Number(four.attrs.height)).toBeGreaterThan(Number(one.attrs.height));
  });

  it('uses the system Chinese fonts, one dark blue for bars and near-black text', () => {
    // Act
    const { root } = chartOf(byUnitTable());

    // Assess
    expect(root.attrs['font-family']).toBe(
      '"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif',
    );
    expect(new Set(descendants(root, 'rect').map((rect) => rect.attrs.fill))).toEqual(
      new Set(['#1d70b8']),
    );
    expect(new Set(descendants(root, 'text').map((text) => text.attrs.fill))).toEqual(
      new Set(['#0b0c0c']),
    );
  });

  it('contains no script and fetches nothing', () => {
    // Act
    const { svg } = chartOf(byUnitTable());

    // Assess
    expect(svg).not.toMatch(/<script|<image|<use|<foreignObject|href|url\(|@import/i);
    expect(svg.match(/https?:\/\/[^"']*/g)).toEqual(['http://www.w3.org/2000/svg']);
  });
});

describe('the XML reader these tests rely on', () => {
  it.each([
    '<svg><rect></svg>',
    '<svg><rect/>',
    '<a>&</a>',
    '<a>&nbsp;</a>',
    '<a x="1" x="2"/>',
    '<a/><b/>',
    '<a b="<"/>',
  ])('rejects malformed markup: %s', (xml) => {
    // Act, Assess
    expect(() => parseXml(xml)).toThrow();
  });
});
