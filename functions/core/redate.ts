/**
 * Provisional dates made final (DESIGN.md §6). A date counted into a year whose holiday notice is
 * not yet entered is provisional (`covered: false`): Monday to Friday less the statutory days off
 * (calendar.ts), and the pages say it may still move. Once the year is entered, the same working
 * days are counted again on the year's real schedule, so that the promise holds: the case's
 * deadline (`due.from`, `due.days`) and every open item counted from the day it opened (`from`,
 * `days`). The items that follow the case's deadline (签收, 分办, 答复, 回访) take its new date when
 * the change is settled (work.ts, settleWork). A date a person fixed (a 交办's date) keeps its
 * value.
 */
import type { WorkingCalendar } from './calendar.ts';
import type { CaseRecord, Due } from './case.ts';
import type { CaseChange } from './ports.ts';
import { dueMoved, type WorkItem } from './work.ts';

/** The same working days counted again, if the count's date or coverage changes. */
function recount(
  calendar: WorkingCalendar,
  from: string | undefined,
  days: number | undefined,
  current: { date: string; covered: boolean },
): { date: string; covered: boolean } | undefined {
  if (current.covered || from === undefined || days === undefined) return undefined;
  const again = calendar.addWorkingDays(from, days);
  return again.date === current.date && again.covered === current.covered ? undefined : again;
}

/**
 * The case's provisional dates counted on `calendar`, as a change (`due` and `work`), or undefined
 * when no date or coverage changes (the year is still not entered, or nothing was provisional).
 */
export function redated(
  record: Pick<CaseRecord, 'due' | 'work' | 'followUp'>,
  calendar: WorkingCalendar,
): Pick<CaseChange, 'due' | 'work' | 'followUp'> | undefined {
  const change: Pick<CaseChange, 'due' | 'work' | 'followUp'> = {};
  const due = record.due;
  const caseDue = due && recount(calendar, due.from, due.days, due);
  if (due && caseDue) {
    change.due = { ...due, ...caseDue } satisfies Due;
    // The visit's date is the deadline's own copy (actions.ts, respond): they move together.
    if (due.kind === 'follow-up' && record.followUp?.due === due.date) {
      change.followUp = { ...record.followUp, due: caseDue.date, covered: caseDue.covered };
    }
  }
  // The visit counted on its own too: it stays open after the archive, which clears the deadline.
  const visit = record.followUp;
  if (!change.followUp && visit && visit.status !== 'done' && visit.covered === false) {
    const again = recount(calendar, visit.from, visit.days, { date: visit.due, covered: false });
    if (again) change.followUp = { ...visit, due: again.date, covered: again.covered };
  }

  let moved = false;
  const work = (record.work ?? []).map((item): WorkItem => {
    if (item.state !== 'open') return item;
    const again = recount(calendar, item.from, item.days, {
      date: item.due,
      covered: item.covered,
    });
    if (!again) return item;
    moved = true;
    // A moved date loses the old one's marks: the sweep chases the new one when it passes.
    return dueMoved(item, again);
  });
  if (moved) change.work = work;
  return change.due || change.work || change.followUp ? change : undefined;
}
