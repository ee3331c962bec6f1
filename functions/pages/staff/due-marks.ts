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
