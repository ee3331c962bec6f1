/**
 * A report table as an SVG bar chart for the reports page. Pure string building, so the same code
 * runs in Lambda, locally and in tests.
 */
import type { ReportTable } from '#core/report.ts';
import { escapeXml, formatPercent } from './text.ts';

type Cell = string | number | null | undefined;

const WIDTH = 640;
const PADDING = 12;
const LABEL_WIDTH = 150;
const VALUE_WIDTH = 72;
const ROW_HEIGHT = 28;
const BAR_HEIGHT = 18;
const BAR_X = PADDING + LABEL_WIDTH + 8;
/** The largest value's bar spans this; the value text goes in the space to its right. */
const BAR_MAX = WIDTH - BAR_X - VALUE_WIDTH - PADDING;
/**
 * Ten CJK characters at 13px fit the label column, on each of two lines: a unit's full name
 * (旗人力资源和社会保障局) wraps rather than being cut; longer is cut, and the bar's tooltip keeps it.
 */
const LABEL_MAX_CHARS = 10;
const FONT_FAMILY = '"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif';
const BAR_COLOUR = '#1d70b8';
const TEXT_COLOUR = '#0b0c0c';

function labelText(value: Cell): string {
  return value === null || value === undefined ? '' : String(value);
}

/** A label as one line, or two of about equal length, the second cut with … when it is too long. */
function labelLines(label: string): string[] {
  const chars = Array.from(label);
  if (chars.length <= LABEL_MAX_CHARS) return [label];
  if (chars.length <= 2 * LABEL_MAX_CHARS) {
    const half = Math.ceil(chars.length / 2);
    return [chars.slice(0, half).join(''), chars.slice(half).join('')];
  }
  return [
    chars.slice(0, LABEL_MAX_CHARS).join(''),
    `${chars.slice(LABEL_MAX_CHARS, 2 * LABEL_MAX_CHARS - 1).join('')}…`,
  ];
}

/** The axis label at the row's middle: two lines sit one half line above and below it. */
function labelSvg(label: string, x: number, middle: number): string {
  const lines = labelLines(label);
  const at = `x="${x}" y="${px(middle)}" text-anchor="end" dominant-baseline="central" fill="${TEXT_COLOUR}"`;
  if (lines.length === 1) return `<text ${at}>${escapeXml(label)}</text>`;
  const [first = '', second = ''] = lines;
  return `<text ${at} font-size="12"><tspan x="${x}" dy="-0.6em">${escapeXml(first)}</tspan><tspan x="${x}" dy="1.2em">${escapeXml(second)}</tspan></text>`;
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
      labelSvg(bar.label, BAR_X - 8, middle),
      `<rect x="${BAR_X}" y="${px(middle - BAR_HEIGHT / 2)}" width="${px(width)}" height="${BAR_HEIGHT}" fill="${BAR_COLOUR}"><title>${escapeXml(`${bar.label}：${bar.shown}`)}</title></rect>`,
      `<text x="${px(BAR_X + width + 6)}" y="${px(middle)}" dominant-baseline="central" fill="${TEXT_COLOUR}">${escapeXml(bar.shown)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}
