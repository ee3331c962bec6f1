/**
 * The manifest's schedules fire at the same times on AWS as the local scheduler fires them.
 * croner reads the Unix form (as infra/local/scheduler.ts does) and, with `?` read as `*` and the
 * year dropped, Scheduler's form too: the weekday field holds names only (checked), so the one
 * field whose numbers the two count differently never reaches croner as numbers.
 */
import { Cron } from 'croner';
import { describe, expect, it } from 'vitest';
import { SHANGHAI_TIME_ZONE } from '#core/time.ts';
import { functions } from '#functions/manifest.ts';
import { scheduleExpression } from '../../infra/aws/schedule.ts';

/** New Year's Eve in Shanghai: the runs cross a year's, a month's and a week's end. */
const FROM = new Date('2027-12-31T23:30:00+08:00');

function runs(pattern: string, count: number): string[] {
  return new Cron(pattern, { timezone: SHANGHAI_TIME_ZONE, paused: true })
    .nextRuns(count, FROM)
    .map((date) => date.toISOString());
}

/** Scheduler's six fields, minus the year, for croner; fails on a year or a numbered weekday. */
function schedulerFields(cron: string): string {
  const expression = scheduleExpression(cron, SHANGHAI_TIME_ZONE);
  expect(expression.timeZone?.timezoneName).toBe(SHANGHAI_TIME_ZONE);
  const match = /^cron\((\S+ \S+ \S+ \S+) (\S+) \*\)$/.exec(expression.expressionString);
  if (match === null) throw new Error(`Not a Scheduler cron: ${expression.expressionString}`);
  const [, first = '', weekDay = ''] = match;
  expect(weekDay).toMatch(/^(\?|[A-Z,-]+)$/);
  // Scheduler's `5/15` is "from 5 to the field's end in steps of 15", which croner writes 5-59/15.
  const ends = [59, 23, 31, 12];
  const fields = first
    .split(' ')
    .map((field, i) => field.replace(/^(\d+)\/(\d+)$/, `$1-${ends[i]}/$2`));
  return `${fields.join(' ')} ${weekDay}`.replaceAll('?', '*');
}

const scheduled = functions.flatMap((spec) =>
  spec.trigger.kind === 'schedule' ? [{ name: spec.name, cron: spec.trigger.cron }] : [],
);

describe('the manifest’s schedules on EventBridge Scheduler', () => {
  it('are there to compare', () => {
    expect(scheduled.length).toBeGreaterThan(0);
  });

  it.each(scheduled)('$name ($cron) fires when the local scheduler fires it', ({ cron }) => {
    const local = runs(cron, 300);
    expect(new Set(local).size).toBe(300);
    expect(runs(schedulerFields(cron), 300)).toEqual(local);
  });
});

describe('scheduleExpression', () => {
  it.each([
    ['*/5 * * * *', 'cron(0/5 * * * ? *)'],
    ['0 0 */2 */3 *', 'cron(0 0 1/2 1/3 ? *)'],
    ['30 8 * * *', 'cron(30 8 * * ? *)'],
    ['0 9 * * 1', 'cron(0 9 ? * MON *)'],
    ['0 9 * * 1-5', 'cron(0 9 ? * MON-FRI *)'],
    ['0 9 * * 0,6', 'cron(0 9 ? * SUN,SAT *)'],
    ['0 9 * * 7', 'cron(0 9 ? * SUN *)'],
    ['0 9 * jan mon-fri', 'cron(0 9 ? JAN MON-FRI *)'],
    ['0 2 1,15 * *', 'cron(0 2 1,15 * ? *)'],
    ['0-30/10 8-18 * * *', 'cron(0-30/10 8-18 * * ? *)'],
  ])('writes %s as %s, firing when croner fires it', (cron, expected) => {
    expect(scheduleExpression(cron, SHANGHAI_TIME_ZONE).expressionString).toBe(expected);
    expect(runs(schedulerFields(cron), 300)).toEqual(runs(cron, 300));
  });

  it('refuses both day fields restricted, which Unix reads as either and Scheduler cannot', () => {
    expect(() => scheduleExpression('0 9 1 * MON', SHANGHAI_TIME_ZONE)).toThrow(
      /both day-of-month and day-of-week/,
    );
  });

  it('refuses weekday forms whose meaning Scheduler’s numbering would change', () => {
    expect(() => scheduleExpression('0 9 * * */2', SHANGHAI_TIME_ZONE)).toThrow(/steps/);
    expect(() => scheduleExpression('0 9 * * 5-7', SHANGHAI_TIME_ZONE)).toThrow(/Sunday/);
    expect(() => scheduleExpression('0 9 * * 8', SHANGHAI_TIME_ZONE)).toThrow(/weekday 8/);
  });

  it('refuses what is not five fields of numbers, names, ranges, lists and steps', () => {
    for (const cron of ['*/5 * * *', '0 0 * * * 2030', '0 0 L * *', '0 0 ? * MON', '0 0 * * 5#2']) {
      expect(() => scheduleExpression(cron, SHANGHAI_TIME_ZONE), cron).toThrow(/Cron/);
    }
  });
});
