/**
 * The marks beside a due date on the staff pages (overdue, due today, a year without a holiday
 * schedule), each a word with an icon, never colour alone.
 */
import { type Html, html } from '../html.ts';

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

/**
 * An item's 督办 mark as words and its day: 「已督办」 once a leader ordered it, 「已报领导小组督办」
 * when the sweep only reported it to the leading group (a leaders' review read 「已督办」 as an
 * order given; a code review then found a leader's order read as a mere report).
 */
export function supervisionMark(item: {
  supervisedOn: string | null;
  orderedOn: string | null;
}): { word: string; on: string } | undefined {
  if (item.orderedOn) return { word: '已督办', on: item.orderedOn };
  return item.supervisedOn ? { word: '已报领导小组督办', on: item.supervisedOn } : undefined;
}
