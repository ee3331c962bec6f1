/**
 * Settings an administrator may change without a release: a year of the working-day calendar,
 * the deadline policy (DESIGN.md §1: administrator; §6) and the units' full official names.
 */
import * as z from 'zod';
import { isValidDate, isWeekend } from '#core/calendar.ts';
import { DEFAULT_DEADLINES } from '#core/deadlines.ts';
import { UNIT_IDS, type UnitId } from '#core/units.ts';

const isoDate = z.string().refine(isValidDate, '日期应为“年-月-日”，例如 2027-10-01');

/** One year of the State Council's schedule, as an administrator enters it. */
export const CalendarYearSchema = z
  .object({
    year: z.int().min(2000).max(2100),
    notice: z.string().trim().min(1, '请填写所依据的国务院办公厅通知名称').max(200),
    holidays: z.array(isoDate).min(1, '请至少填写一个放假日期'),
    workdays: z.array(isoDate),
  })
  .superRefine((y, ctx) => {
    for (const key of ['holidays', 'workdays'] as const) {
      y[key].forEach((date, i) => {
        if (!date.startsWith(`${y.year}-`)) {
          ctx.addIssue({ code: 'custom', path: [key, i], message: `日期应在 ${y.year} 年内` });
        }
      });
    }
    // A make-up working day replaces a weekend: a weekday there is a typo, and the calendar built
    // from it would refuse to start (core/calendar.ts), so it is refused here, where it is typed.
    y.workdays.forEach((date, i) => {
      if (isValidDate(date) && !isWeekend(date)) {
        ctx.addIssue({
          code: 'custom',
          path: ['workdays', i],
          message: `${date} 不是周六或周日：调休上班日只能是周末`,
        });
      }
    });
    const both = y.holidays.filter((d) => y.workdays.includes(d));
    if (both.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['workdays'],
        message: `${both.join('、')} 不能既放假又上班`,
      });
    }
  });

export type CalendarYearInput = z.infer<typeof CalendarYearSchema>;

const days = z.int('应为整数').min(0, '不能为负数').max(90, '不能超过 90 个工作日');

/** The deadline policy in working days; a partial entry overrides the defaults it names. */
export const DeadlinePolicySchema = z
  .object(
    Object.fromEntries(Object.keys(DEFAULT_DEADLINES).map((k) => [k, days])) as Record<
      keyof typeof DEFAULT_DEADLINES,
      typeof days
    >,
  )
  .partial()
  .strict();

const officialName = z
  .string({ error: '请填写单位的全称' })
  .trim()
  .min(2, '请填写单位的全称')
  .max(60, '单位全称不能超过 60 个字');

/**
 * Unit → its full official name, as printed forms and notices sign (issue 13); a partial entry
 * overrides the defaults of functions/core/units.ts it names.
 */
export const OfficialNamesSchema = z
  .object(
    Object.fromEntries(UNIT_IDS.map((id) => [id, officialName])) as Record<
      UnitId,
      typeof officialName
    >,
  )
  .partial()
  .strict();
