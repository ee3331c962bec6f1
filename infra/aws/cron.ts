/**
 * Unix cron → EventBridge Scheduler cron.
 *
 * The manifest writes schedules as five-field Unix cron (`min hour dom month dow`), which the local
 * scheduler reads directly. EventBridge wants `cron(min hour dom month dow year)` with three
 * differences that silently change meaning if copied as-is:
 * - one of day-of-month / day-of-week must be `?` (Unix `*`);
 * - day-of-week counts 1–7 from SUN, where Unix counts 0–6 (or 7) from SUN, so `1` would move
 *   Monday's job to Sunday; we write day names (MON, TUE…), which both read the same way;
 * - a step needs an explicit start (`0/5`, not `*\/5`).
 * Anything EventBridge cannot express the Unix way (both day fields restricted, which Unix reads
 * as "either") is refused rather than approximated.
 */

const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;
const MONTH_NAMES = [
  'JAN',
  'FEB',
  'MAR',
  'APR',
  'MAY',
  'JUN',
  'JUL',
  'AUG',
  'SEP',
  'OCT',
  'NOV',
  'DEC',
] as const;

interface FieldRule {
  name: string;
  min: number;
  max: number;
  /** Names accepted in place of numbers, index 0 meaning `min`. */
  names?: readonly string[];
}

const MINUTE: FieldRule = { name: 'minute', min: 0, max: 59 };
const HOUR: FieldRule = { name: 'hour', min: 0, max: 23 };
const DAY_OF_MONTH: FieldRule = { name: 'day-of-month', min: 1, max: 31 };
const MONTH: FieldRule = { name: 'month', min: 1, max: 12, names: MONTH_NAMES };
/** Unix allows 7 for Sunday as well as 0. */
const DAY_OF_WEEK: FieldRule = { name: 'day-of-week', min: 0, max: 7, names: DAY_NAMES };

/**
 * Converts a five-field Unix cron expression to EventBridge Scheduler's `cron(…)` form, keeping
 * its meaning; throws on expressions EventBridge cannot express.
 */
export function toEventBridgeCron(unixCron: string): string {
  const fields = unixCron.trim().split(/\s+/);
  if (fields.length !== 5) {
    throw new Error(
      `Cron "${unixCron}" must have five fields (minute hour day-of-month month day-of-week)`,
    );
  }
  const [minute, hour, dom, month, dow] = fields as [string, string, string, string, string];

  const domRestricted = dom !== '*';
  const dowRestricted = dow !== '*';
  if (domRestricted && dowRestricted) {
    throw new Error(
      `Cron "${unixCron}" restricts both day-of-month and day-of-week; Unix runs on either, ` +
        'EventBridge cannot express that: split it into two schedules',
    );
  }

  const parts = [
    convertField(minute, MINUTE, unixCron),
    convertField(hour, HOUR, unixCron),
    dowRestricted ? '?' : convertField(dom, DAY_OF_MONTH, unixCron),
    convertField(month, MONTH, unixCron),
    dowRestricted ? convertDayOfWeek(dow, unixCron) : '?',
    '*',
  ];
  return `cron(${parts.join(' ')})`;
}

/** Minute, hour, day-of-month, month: same numbering in both forms; only steps need a start. */
function convertField(field: string, rule: FieldRule, cron: string): string {
  return field
    .split(',')
    .map((item) => {
      const { range, step } = splitStep(item, rule, cron);
      if (range === '*') return step === undefined ? '*' : `${rule.min}/${step}`;
      const [from, to] = parseRange(range, rule, cron);
      const base = to === undefined ? String(from) : `${from}-${to}`;
      if (step === undefined) return base;
      // Unix `5/15` means 5 to the end in steps of 15; EventBridge reads `5/15` the same way.
      return to === undefined ? `${from}/${step}` : `${base}/${step}`;
    })
    .join(',');
}

/**
 * Day-of-week: numbers become names. Steps and ranges through Sunday-as-7 are expanded into a
 * list, because EventBridge's numbering would shift them and its ranges do not wrap.
 */
function convertDayOfWeek(field: string, cron: string): string {
  const days = new Set<number>();
  const out: string[] = [];
  for (const item of field.split(',')) {
    const { range, step } = splitStep(item, DAY_OF_WEEK, cron);
    let from = 0;
    let to = 6;
    if (range !== '*') {
      const [a, b] = parseRange(range, DAY_OF_WEEK, cron);
      from = a;
      to = b ?? (step === undefined ? a : 6);
    }
    if (step === undefined && from !== to && to !== 7) {
      out.push(`${dayName(from)}-${dayName(to)}`);
      continue;
    }
    for (let day = from; day <= to; day += step ?? 1) days.add(day % 7);
  }
  for (const day of [...days].sort((a, b) => a - b)) out.push(dayName(day));
  return out.join(',');
}

function dayName(day: number): string {
  return DAY_NAMES[day % 7] as string;
}

function splitStep(
  item: string,
  rule: FieldRule,
  cron: string,
): { range: string; step: number | undefined } {
  const [range = '', stepText, ...rest] = item.split('/');
  if (rest.length > 0 || range === '') fail(cron, rule, item);
  if (stepText === undefined) return { range, step: undefined };
  if (!/^\d+$/.test(stepText) || Number(stepText) < 1) fail(cron, rule, item);
  return { range, step: Number(stepText) };
}

function parseRange(range: string, rule: FieldRule, cron: string): [number, number | undefined] {
  const [fromText = '', toText, ...rest] = range.split('-');
  if (rest.length > 0) fail(cron, rule, range);
  const from = parseValue(fromText, rule, cron);
  if (toText === undefined) return [from, undefined];
  const to = parseValue(toText, rule, cron);
  if (to < from) fail(cron, rule, range);
  return [from, to];
}

function parseValue(text: string, rule: FieldRule, cron: string): number {
  const upper = text.toUpperCase();
  const named = rule.names?.indexOf(upper) ?? -1;
  if (named >= 0) return named + rule.min;
  if (!/^\d+$/.test(text)) fail(cron, rule, text);
  const value = Number(text);
  if (value < rule.min || value > rule.max) fail(cron, rule, text);
  return value;
}

function fail(cron: string, rule: FieldRule, part: string): never {
  throw new Error(`Cron "${cron}": "${part}" is not a valid ${rule.name} value`);
}
