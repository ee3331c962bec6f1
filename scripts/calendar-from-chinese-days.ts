/**
 * Generates functions/core/calendar-data.json, the working-day calendar (DESIGN.md §6), from the
 * `chinese-days` package's data file, which follows the State Council's yearly holiday notices.
 *
 *   node scripts/calendar-from-chinese-days.ts
 *
 * The JSON is committed: the running system never reads node_modules for its calendar, so what a
 * deadline counts is fixed by the repository and reviewable in a diff.
 *
 * Adding a year when the State Council publishes it (usually in November, as
 * 国务院办公厅关于XXXX年部分节假日安排的通知):
 *   1. either update `chinese-days` and rerun this script with the year added to NOTICES below,
 *   2. or edit calendar-data.json by hand: add `"XXXX": { "notice": "<title and gov.cn link>",
 *      "holidays": [every 放假 date of the notice, weekend dates inside a range included],
 *      "workdays": [every 上班 weekend date (调休)] }`, dates as YYYY-MM-DD, sorted;
 *   3. check every date against the notice's text, then run the unit tests (calendar.test.ts).
 * An administrator can also enter a year through the calendar table without a deployment; that
 * entry overrides the file's year (mergeCalendarData).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import chineseDays from 'chinese-days';
import days from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import pkg from 'chinese-days/package.json' with { type: 'json' };

// A CommonJS package: its functions come through the default export.
const { getSolarDateFromLunar, getSolarTerms } = chineseDays;

/** The notices each year's data comes from; a year is generated only when it is listed here. */
const NOTICES: Record<string, string> = {
  '2024':
    '国务院办公厅关于2024年部分节假日安排的通知 https://www.gov.cn/zhengce/content/202310/content_6911527.htm',
  '2025':
    '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号） https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm',
  '2026':
    '国务院办公厅关于2026年部分节假日安排的通知 https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm',
};

const DATE = /^(\d{4})-\d{2}-\d{2}$/;

function datesOf(map: Record<string, string>, year: string): string[] {
  return Object.keys(map)
    .filter((d) => DATE.exec(d)?.[1] === year)
    .sort();
}

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

const years: Record<string, { notice: string; holidays: string[]; workdays: string[] }> = {};
for (const [year, notice] of Object.entries(NOTICES)) {
  const holidays = datesOf(days.holidays, year);
  const workdays = datesOf(days.workdays, year);
  if (holidays.length === 0) {
    throw new Error(`chinese-days has no holidays for ${year}: update the package first`);
  }
  // A make-up working day (调休上班) is always a Saturday or Sunday; anything else means the
  // package's data changed shape and must be looked at before it decides anyone's deadline.
  const odd = workdays.filter((d) => weekday(d) !== 0 && weekday(d) !== 6);
  if (odd.length > 0) throw new Error(`${year}: workdays that are not weekends: ${odd.join(', ')}`);
  const both = holidays.filter((d) => workdays.includes(d));
  if (both.length > 0) throw new Error(`${year}: both holiday and workday: ${both.join(', ')}`);
  years[year] = { notice, holidays, workdays };
}

/**
 * The days off the law itself fixes for a year (全国年节及纪念日放假办法, as revised in 2024,
 * in force from 2025): 元旦 1 January; 春节 除夕 to 正月初三; 清明 on its solar term; 劳动节 1–2 May;
 * 端午 on 五月初五; 中秋 on 八月十五; 国庆 1–3 October. A day of these on a Saturday or Sunday is
 * made up on a working day (第六条: 适逢周六、周日，应当在工作日补假): here, the next weekdays after
 * its holiday. What only the year's notice says (the bridge days, the weekends worked instead) is
 * not guessed.
 */
function statutoryDays(year: number): string[] {
  const lunar = (m: number, d: number) =>
    getSolarDateFromLunar(`${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`)
      .date;
  const shift = (date: string, n: number) =>
    new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  const springDay = lunar(1, 1);
  const qingming = getSolarTerms(`${year}-04-01`, `${year}-04-10`).find((t) => t.name === '清明');
  if (!qingming) throw new Error(`${year}: no 清明 in early April`);
  const festivals = [
    [`${year}-01-01`],
    [shift(springDay, -1), springDay, shift(springDay, 1), shift(springDay, 2)],
    [qingming.date],
    [`${year}-05-01`, `${year}-05-02`],
    [lunar(5, 5)],
    [lunar(8, 15)],
    [`${year}-10-01`, `${year}-10-02`, `${year}-10-03`],
  ];
  const off = new Set(festivals.flat());
  for (const festival of festivals) {
    let owed = festival.filter((d) => weekday(d) === 0 || weekday(d) === 6).length;
    let date = festival.at(-1) ?? '';
    while (owed > 0) {
      date = shift(date, 1);
      if (weekday(date) !== 0 && weekday(date) !== 6 && !off.has(date)) {
        off.add(date);
        owed -= 1;
      }
    }
  }
  return [...off].sort();
}

// The rule above must give days the notices did give: every statutory day of a notice year under
// the revised law is one of that notice's days off.
for (const year of Object.keys(NOTICES).filter((y) => Number(y) >= 2025)) {
  const missing = statutoryDays(Number(year)).filter((d) => !years[year]?.holidays.includes(d));
  if (missing.length > 0) {
    throw new Error(`${year}: statutory days the notice does not give off: ${missing.join(', ')}`);
  }
}

/** Years after the last notice, counted with the statutory days off until their notice is in. */
const STATUTORY_YEARS = 10;
const lastNotice = Math.max(...Object.keys(NOTICES).map(Number));
const statutory: Record<string, string[]> = {};
for (let year = lastNotice + 1; year <= lastNotice + STATUTORY_YEARS; year += 1) {
  statutory[String(year)] = statutoryDays(year);
}

const output = {
  source:
    `chinese-days ${pkg.version} (dist/chinese-days.json), generated by scripts/calendar-from-chinese-days.ts; ` +
    'holidays = the days off (放假) of each notice, weekend dates inside a range included; ' +
    'workdays = the weekend dates worked instead (调休上班); ' +
    'statutory = for years without a notice, the days off the law fixes (全国年节及纪念日放假办法, ' +
    'weekend ones made up on the next weekdays), counted until the notice is entered',
  years,
  statutory,
};

// Laid out as Biome formats JSON (a list on one line when it fits in 100 columns, else one date a
// line), so that `npx biome check` passes on the generated file without a second step.
const LINE_WIDTH = 100;

function list(key: string, dates: string[], indent = '      '): string {
  const oneLine = `${indent}${JSON.stringify(key)}: [${dates.map((d) => JSON.stringify(d)).join(', ')}]`;
  if (oneLine.length <= LINE_WIDTH) return oneLine;
  const items = dates.map((d) => `${indent}  ${JSON.stringify(d)}`).join(',\n');
  return `${indent}${JSON.stringify(key)}: [\n${items}\n${indent}]`;
}

const body = Object.entries(years)
  .map(
    ([year, y]) =>
      `    ${JSON.stringify(year)}: {\n` +
      `      "notice": ${JSON.stringify(y.notice)},\n` +
      `${list('holidays', y.holidays)},\n` +
      `${list('workdays', y.workdays)}\n` +
      '    }',
  )
  .join(',\n');

const statutoryBody = Object.entries(statutory)
  .map(([year, dates]) => list(year, dates, '    '))
  .join(',\n');

const text = `{\n  "source": ${JSON.stringify(output.source)},\n  "years": {\n${body}\n  },\n  "statutory": {\n${statutoryBody}\n  }\n}\n`;
// Guard against a layout slip producing a file that is not the data it claims to be.
if (JSON.stringify(JSON.parse(text)) !== JSON.stringify(output)) {
  throw new Error('generated text does not parse back to the data');
}

const target = fileURLToPath(new URL('../functions/core/calendar-data.json', import.meta.url));
writeFileSync(target, text);
console.log(
  `wrote ${target}: ${Object.keys(years).join(', ')}; statutory days only: ${Object.keys(statutory).join(', ')}`,
);
