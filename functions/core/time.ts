/**
 * Dates and instants in the county's time zone, Asia/Shanghai: the one place that knows it. China
 * keeps UTC+8 all year (no daylight saving since 1991), so a fixed offset is exact for every
 * instant the system stores; no code reads the machine's zone, which is UTC in Lambda and anything
 * on a developer's laptop. Pure: "now" comes from the caller (the Clock port), never from here.
 * test/unit/time.test.ts fails on a hand-coded offset anywhere else.
 */

/** The IANA name, for configuration that takes one (EventBridge Scheduler's schedules). */
export const SHANGHAI_TIME_ZONE = 'Asia/Shanghai';

const OFFSET_MS = 8 * 60 * 60 * 1000;

/** The wall-clock reading in Shanghai as an ISO string without zone: `2026-12-02T09:26:04.000`. */
function wallClock(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 23);
}

/** The calendar date in Shanghai, `YYYY-MM-DD`: the day a deadline, a counter or a form means. */
export function shanghaiDate(instant: Date): string {
  return wallClock(instant).slice(0, 10);
}

/**
 * A calendar date as people read it, `2026-01-20` → 2026年1月20日: on pages, printed forms and
 * messages alike. Anything that is not such a date stays as it is.
 */
export function chineseDay(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : day;
}

/** A month as people read it, `2024-06` → 2024年6月. Anything else stays as it is. */
export function chineseMonth(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  return m ? `${m[1]}年${Number(m[2])}月` : month;
}

/** The month in Shanghai, `YYYY-MM`: a dispute period may not reach past it. */
export function shanghaiMonth(instant: Date): string {
  return wallClock(instant).slice(0, 7);
}

/** The year in Shanghai, which numbers the case. */
export function shanghaiYear(instant: Date): number {
  return Number(wallClock(instant).slice(0, 4));
}

/** The minute in Shanghai as a datetime-local field holds it: `2026-12-02T09:26`. */
export function shanghaiMinute(instant: Date): string {
  return wallClock(instant).slice(0, 16);
}

/** The wall-clock fields in Shanghai, month 1–12: for formats that keep no zone (zip entries). */
export function shanghaiParts(instant: Date): {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
} {
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = wallClock(instant)
    .split(/[-T:.]/)
    .map(Number);
  return { year, month, day, hour, minute, second };
}

/**
 * The instant a Shanghai wall-clock reading names: a date (`2026-01-01`, its midnight) or a
 * datetime-local value (`2026-12-02T09:26`). An Invalid Date for anything else.
 */
export function shanghaiInstant(local: string): Date {
  const m = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?)?$/.exec(local);
  if (!m) return new Date(Number.NaN);
  const instant = new Date(Date.parse(`${m[1]}${m[2] ?? 'T00:00'}Z`) - OFFSET_MS);
  // 2026-02-30 parses as 2 March: a date that does not exist names no instant.
  const exists = !Number.isNaN(instant.getTime()) && shanghaiDate(instant) === m[1];
  return exists ? instant : new Date(Number.NaN);
}

/**
 * An instant as Beijing time for a reader outside a page (CSV and XLSX exports):
 * `2026-12-02 09:26（北京时间）`. An export read in Excel has no time zone of its own, and the
 * page that lists it says 09:26, not 01:26Z. Anything that is not an instant stays as it is.
 */
export function shanghaiDateTime(iso: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  const local = shanghaiMinute(instant);
  return `${local.slice(0, 10)} ${local.slice(11, 16)}（北京时间）`;
}
