/**
 * Dates on every page, payer and staff: a calendar date as 2026年1月20日, a month as 2024年6月, an
 * instant as Beijing time (Asia/Shanghai, whatever the server's zone).
 */
import { chineseDay, chineseMonth, shanghaiMinute } from '#core/time.ts';
import { type Html, html } from './html.ts';

/** `2026-01-20` → 2026年1月20日 (a calendar date, already in Asia/Shanghai). */
export const formatDay = chineseDay;

/** An instant as Beijing time, 2026年1月20日 14:05. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const minute = shanghaiMinute(date);
  return `${formatDay(minute)} ${minute.slice(11, 16)}`;
}

/** `2024-06` → 2024年6月. */
export const formatMonth = chineseMonth;

/** A dispute period: 2024年6月 for one month, else 2024年6月至2024年12月. */
export function formatPeriod(period: { from: string; to: string }): string {
  return period.from === period.to
    ? formatMonth(period.from)
    : `${formatMonth(period.from)}至${formatMonth(period.to)}`;
}

/** A `<time>` of a calendar date. */
export function dateEl(day: string): Html {
  return html`<time datetime="${day}">${formatDay(day)}</time>`;
}

/** A `<time>` of an instant. */
export function timeEl(iso: string): Html {
  return html`<time datetime="${iso}">${formatTime(iso)}</time>`;
}
