/**
 * Dates and due dates on the staff pages: a calendar date as 2026年1月20日, an instant as Beijing
 * time, and the marks beside a due date (overdue, due today, a year without a holiday schedule),
 * each a word with an icon, never colour alone.
 */
import { type Html, html } from '../html.ts';

const timeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** `2026-01-20` → 2026年1月20日 (a calendar date, already in Asia/Shanghai). */
export function formatDay(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : day;
}

/** An instant as Beijing time, 2026年1月20日 14:05. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : timeFormat.format(date);
}

/** `2024-06` → 2024年6月. */
export function formatMonth(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  return m ? `${m[1]}年${Number(m[2])}月` : month;
}

/** A `<time>` of a calendar date. */
export function dateEl(day: string): Html {
  return html`<time datetime="${day}">${formatDay(day)}</time>`;
}

/** A `<time>` of an instant. */
export function timeEl(iso: string): Html {
  return html`<time datetime="${iso}">${formatTime(iso)}</time>`;
}

/**
 * The marks beside a due date: 「已超期」 or 「今日到期」, and 「节假日安排未公布」 when the date's
 * year has no published holiday schedule (DESIGN.md §6: flagged loudly, never silently counted).
 */
export function dueMarks(due: string, overdue: boolean, covered: boolean, today: string): Html {
  return html`${
    overdue
      ? html` <strong class="mark mark--overdue"><span class="mark__icon" aria-hidden="true">!</span>已超期</strong>`
      : due === today
        ? html` <strong class="mark mark--today"><span class="mark__icon" aria-hidden="true">!</span>今日到期</strong>`
        : ''
  }${
    covered
      ? ''
      : html` <span class="mark mark--uncovered"><span class="mark__icon" aria-hidden="true">?</span>节假日安排未公布，到期日可能调整</span>`
  }`;
}
