/**
 * A manifest schedule as EventBridge Scheduler's expression. The manifest writes five-field Unix
 * cron, which the local scheduler (croner) runs as is; aws-cdk-lib's `ScheduleExpression.cron`
 * takes the same fields one by one and writes the `?` and the year Scheduler wants. Three things
 * would change meaning if passed through, so they are handled here:
 * - day-of-week counts 1–7 from Sunday in Scheduler, 0–7 in Unix: numbers become names (MON…),
 *   which both read the same way; a range ending on Sunday, or a step, is refused (Scheduler's
 *   ranges do not wrap, its steps count from its own numbering);
 * - a step needs a start (`0/5`, not `*\/5`);
 * - Unix runs on either day field when both are restricted, Scheduler cannot say that: refused.
 * Anything else (L, W, #, ?) is refused too, rather than trusted to mean the same on both sides.
 * test/infra/cron.test.ts checks that both fire at the same times.
 */
import { TimeZone } from 'aws-cdk-lib';
import { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';

const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];
/** One list item: `*`, a number or a three-letter name, or a range of them; then a step. */
const ITEM = /^(\*|(\d+|[A-Za-z]{3})(-(\d+|[A-Za-z]{3}))?)(\/\d+)?$/;

/** Scheduler's expression for `cron` read in `timezone`; throws on what it cannot express. */
export function scheduleExpression(cron: string, timezone: string): ScheduleExpression {
  const fields = cron.trim().split(/\s+/);
  const refuse = (why: string): never => {
    throw new Error(`Cron "${cron}" ${why}`);
  };
  if (fields.length !== 5) refuse('must have five fields (minute hour day month weekday)');
  if (!fields.every((field) => field.split(',').every((item) => ITEM.test(item)))) {
    refuse('uses a form other than numbers, names, ranges, lists and steps');
  }
  const [minute, hour, day, month, weekDay] = fields as [string, string, string, string, string];
  if (day !== '*' && weekDay !== '*') {
    refuse('restricts both day-of-month and day-of-week (Unix: either): split it into two');
  }
  const startStep = (field: string, start: number) =>
    field === '*' ? undefined : field.replaceAll('*/', `${start}/`);
  return ScheduleExpression.cron({
    minute: startStep(minute, 0),
    hour: startStep(hour, 0),
    day: startStep(day, 1),
    month: startStep(month, 1)?.toUpperCase(),
    weekDay: weekDay === '*' ? undefined : weekdayNames(weekDay, refuse),
    timeZone: TimeZone.of(timezone),
  });
}

function weekdayNames(field: string, refuse: (why: string) => never): string {
  if (field.includes('/')) refuse('steps through weekdays');
  const named = field
    .toUpperCase()
    .replace(/\d+/g, (n) => WEEKDAYS[Number(n)] ?? refuse(`has no weekday ${n}`));
  if (/-SUN/.test(named)) refuse('has a weekday range ending on Sunday');
  return named;
}
