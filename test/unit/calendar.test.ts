import chineseDays from 'chinese-days';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarYearSchema } from '#contracts/settings.ts';
import {
  type CalendarData,
  defaultCalendar,
  holidayWarning,
  isValidDate,
  MAX_WORKING_DAYS,
  mergeCalendarData,
  WorkingCalendar,
  yearToEnter,
} from '#core/calendar.ts';
import data from '#core/calendar-data.json' with { type: 'json' };

const calendar = defaultCalendar;

/**
 * 国务院办公厅关于2026年部分节假日安排的通知: each period's days off, and a working day before it
 * whose next working day lies after it (hand-checked against the notice and a 2026 wall calendar).
 */
const HOLIDAYS_2026 = [
  {
    name: '元旦',
    off: ['2026-01-01', '2026-01-02', '2026-01-03'],
    before: '2025-12-31',
    next: '2026-01-04',
  },
  {
    name: '春节',
    off: [
      '2026-02-15',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-21',
      '2026-02-22',
      '2026-02-23',
    ],
    before: '2026-02-14',
    next: '2026-02-24',
  },
  {
    name: '清明',
    off: ['2026-04-04', '2026-04-05', '2026-04-06'],
    before: '2026-04-03',
    next: '2026-04-07',
  },
  {
    name: '劳动节',
    off: ['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05'],
    before: '2026-04-30',
    next: '2026-05-06',
  },
  {
    name: '端午',
    off: ['2026-06-19', '2026-06-20', '2026-06-21'],
    before: '2026-06-18',
    next: '2026-06-22',
  },
  {
    name: '中秋',
    off: ['2026-09-25', '2026-09-26', '2026-09-27'],
    before: '2026-09-24',
    next: '2026-09-28',
  },
  {
    name: '国庆',
    off: [
      '2026-10-01',
      '2026-10-02',
      '2026-10-03',
      '2026-10-04',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
    ],
    before: '2026-09-30',
    next: '2026-10-08',
  },
];

/** The 2026 make-up working weekends (调休上班) and the working day before each. */
const MAKE_UP_2026 = [
  { date: '2026-01-04', before: '2025-12-31' }, // Sunday, after 元旦 (Thu–Sat off)
  { date: '2026-02-14', before: '2026-02-13' }, // Saturday before 春节
  { date: '2026-02-28', before: '2026-02-27' }, // Saturday after 春节
  { date: '2026-05-09', before: '2026-05-08' }, // Saturday after 劳动节
  { date: '2026-09-20', before: '2026-09-18' }, // Sunday before 国庆 (Saturday 19th is off)
  { date: '2026-10-10', before: '2026-10-09' }, // Saturday after 国庆
];

describe('the 2026 holiday periods', () => {
  it.each(HOLIDAYS_2026)('counts none of the $name days off as working days', ({ off }) => {
    // Act
    const working = off.filter((d) => calendar.isWorkingDay(d));
    // Assess
    expect(working).toEqual([]);
  });

  it.each(HOLIDAYS_2026)(
    'makes the next working day after the eve of $name the first day back',
    ({ before, next }) => {
      // Act
      const result = calendar.addWorkingDays(before, 1);
      // Assess
      expect(result).toEqual({ date: next, covered: true });
    },
  );

  it('takes a 15-day answer time limit across the whole Spring Festival', () => {
    // Prepare: signed for on Friday 13 February; 14 Feb and 28 Feb are make-up working Saturdays.
    // Act
    const result = calendar.addWorkingDays('2026-02-13', 15);
    // Assess: 14, 24–28 Feb (6), 2–6 Mar (11), 9–12 Mar (15).
    expect(result).toEqual({ date: '2026-03-12', covered: true });
  });
});

describe('the 2026 make-up working days', () => {
  it.each(MAKE_UP_2026)('counts weekend $date as a working day', ({ date }) => {
    // Act, Assess
    expect(calendar.isWorkingDay(date)).toBe(true);
  });

  it.each(MAKE_UP_2026)('lands on $date one working day after $before', ({ date, before }) => {
    // Act
    const result = calendar.addWorkingDays(before, 1);
    // Assess
    expect(result).toEqual({ date, covered: true });
  });

  it('counts an ordinary weekend as days off', () => {
    // Act, Assess
    expect(calendar.isWorkingDay('2026-03-07')).toBe(false);
    expect(calendar.isWorkingDay('2026-03-08')).toBe(false);
    expect(calendar.isWorkingDay('2026-03-09')).toBe(true);
  });
});

describe('addWorkingDays', () => {
  it('counts strictly after the start day, even when the start day is a working day', () => {
    // Act
    const result = calendar.addWorkingDays('2026-03-02', 1);
    // Assess
    expect(result.date).toBe('2026-03-03');
  });

  it('counts from a day off to the first working day after it', () => {
    // Act
    const result = calendar.addWorkingDays('2026-02-15', 1);
    // Assess
    expect(result.date).toBe('2026-02-24');
  });

  it('returns the start day itself for zero days', () => {
    // Act
    const result = calendar.addWorkingDays('2026-10-01', 0);
    // Assess
    expect(result).toEqual({ date: '2026-10-01', covered: true });
  });

  it('reports a date in 2027, which has no published schedule yet, as not covered', () => {
    // Act
    const inside = calendar.addWorkingDays('2027-03-01', 1);
    const crossing = calendar.addWorkingDays('2026-12-30', 2);
    const zero = calendar.addWorkingDays('2027-01-01', 0);
    // Assess: still counted, New Year's Day (a Friday) skipped, but flagged.
    expect(inside).toEqual({ date: '2027-03-02', covered: false });
    expect(crossing).toEqual({ date: '2027-01-04', covered: false });
    expect(zero.covered).toBe(false);
    expect(calendar.covers('2027-06-01')).toBe(false);
    expect(calendar.covers('2026-12-31')).toBe(true);
  });

  it('skips the days off the law fixes in a year without a notice, weekend ones made up after', () => {
    // 2027: 元旦 Fri 1 Jan; 春节 除夕 Fri 5 Feb to 初三 Mon 8 Feb, its Saturday and Sunday made up on
    // Tue 9 and Wed 10 Feb; 清明 Mon 5 Apr; 劳动节 Sat 1 and Sun 2 May, made up on Mon 3 and Tue 4;
    // 端午 Wed 9 Jun; 中秋 Wed 15 Sep; 国庆 Fri 1 to Sun 3 Oct, made up on Mon 4 and Tue 5.
    const off = ['2027-01-01', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10'];
    const alsoOff = ['2027-04-05', '2027-05-03', '2027-05-04', '2027-06-09', '2027-09-15'];
    for (const date of [...off, ...alsoOff, '2027-10-01', '2027-10-04', '2027-10-05']) {
      expect(calendar.isWorkingDay(date), date).toBe(false);
    }
    for (const date of ['2027-02-04', '2027-02-11', '2027-05-05', '2027-10-06']) {
      expect(calendar.isWorkingDay(date), date).toBe(true);
    }
    // Thursday 4 February plus one working day is Thursday 11 February, still flagged.
    expect(calendar.addWorkingDays('2027-02-04', 1)).toEqual({
      date: '2027-02-11',
      covered: false,
    });
  });

  it('has the statutory days for the ten years after the last notice, thirteen or more each', () => {
    const statutory = data.statutory ?? {};
    expect(Object.keys(statutory)).toEqual(Array.from({ length: 10 }, (_, i) => String(2027 + i)));
    for (const [year, dates] of Object.entries(statutory)) {
      // 13 days by law, plus a weekday for each of them on a weekend.
      expect(dates.length, year).toBeGreaterThanOrEqual(13);
      expect(dates, year).toContain(`${year}-01-01`);
      expect(dates, year).toContain(`${year}-10-03`);
      expect([...dates].sort(), year).toEqual(dates);
    }
  });

  it('refuses negative, fractional and too large day counts and malformed dates', () => {
    // Act, Assess
    expect(() => calendar.addWorkingDays('2026-03-02', -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2026-03-02', 1.5)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2026-03-02', MAX_WORKING_DAYS + 1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('2026/03/02')).toThrow(RangeError);
  });

  it('accepts the largest day count', () => {
    // Act
    const result = calendar.addWorkingDays('2026-03-02', MAX_WORKING_DAYS);
    // Assess
    expect(result.covered).toBe(false);
    expect(isValidDate(result.date)).toBe(true);
  });

  it('agrees with the chinese-days package for any start day and count in 2024–2026', () => {
    const start = fc
      .integer({ min: 0, max: 3 * 365 - 80 })
      .map((n) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(start, fc.integer({ min: 1, max: 40 }), (from, days) => {
        // Act
        const ours = calendar.addWorkingDays(from, days);
        // Assess
        expect(ours).toEqual({ date: chineseDays.findWorkday(days, from), covered: true });
      }),
    );
  });
});

describe('workingDaysBetween', () => {
  it('counts the working days after the first date up to and including the second', () => {
    // Act, Assess: 14 Feb (make-up), 24–27 Feb, 28 Feb (make-up), 2 Mar.
    expect(calendar.workingDaysBetween('2026-02-13', '2026-03-02')).toBe(7);
    expect(calendar.workingDaysBetween('2026-03-02', '2026-03-02')).toBe(0);
    expect(calendar.workingDaysBetween('2026-03-02', '2026-02-13')).toBe(-7);
  });

  it('undoes addWorkingDays', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 60 }),
        (offset, days) => {
          // Prepare
          const from = new Date(Date.UTC(2024, 0, 1) + offset * 86_400_000)
            .toISOString()
            .slice(0, 10);
          // Act
          const { date } = calendar.addWorkingDays(from, days);
          // Assess
          expect(calendar.workingDaysBetween(from, date)).toBe(days);
        },
      ),
    );
  });

  it('tells whether a range lies in covered years', () => {
    // Act, Assess
    expect(calendar.coversRange('2024-01-01', '2026-12-31')).toBe(true);
    expect(calendar.coversRange('2026-12-31', '2027-01-01')).toBe(false);
    expect(calendar.coversRange('2023-12-31', '2024-01-02')).toBe(false);
  });
});

describe('mergeCalendarData', () => {
  it('lets an administrator add a year the file does not have', () => {
    // Prepare
    const override: CalendarData = {
      years: { '2027': { holidays: ['2027-01-01'], workdays: [] } },
    };
    // Act
    const merged = new WorkingCalendar(mergeCalendarData(data, override));
    // Assess
    expect(merged.covers('2027-01-01')).toBe(true);
    expect(merged.isWorkingDay('2027-01-01')).toBe(false);
    expect(merged.addWorkingDays('2026-12-31', 1)).toEqual({ date: '2027-01-04', covered: true });
    expect(merged.isWorkingDay('2026-10-01')).toBe(false);
    // The entered schedule is the whole year: the file's statutory days of 2027 no longer count
    // (this entry gives no Spring Festival), while 2028's still do.
    expect(merged.isWorkingDay('2027-02-08')).toBe(true);
    expect(merged.isWorkingDay('2028-01-03')).toBe(false); // 元旦 2028 is a Saturday
    expect(merged.isWorkingDay('2028-05-01')).toBe(false);
  });

  it('replaces a whole year of the file with the administrator’s entry', () => {
    // Prepare
    const override: CalendarData = {
      years: { '2026': { holidays: ['2026-03-02'], workdays: ['2026-03-07'] } },
    };
    // Act
    const merged = mergeCalendarData(data, override);
    const replaced = new WorkingCalendar(merged);
    // Assess
    expect(replaced.isWorkingDay('2026-03-02')).toBe(false);
    expect(replaced.isWorkingDay('2026-03-07')).toBe(true);
    expect(replaced.isWorkingDay('2026-10-01')).toBe(true);
    expect(replaced.isWorkingDay('2025-10-01')).toBe(false);
    expect(data.years['2026'].holidays).toContain('2026-10-01');
  });
});

describe('WorkingCalendar data checks', () => {
  it('refuses a make-up working day on a weekday, a date outside its year and a bad date', () => {
    // Prepare
    const weekday: CalendarData = { years: { '2026': { holidays: [], workdays: ['2026-03-02'] } } };
    const wrongYear: CalendarData = {
      years: { '2026': { holidays: ['2025-10-01'], workdays: [] } },
    };
    const badDate: CalendarData = { years: { '2026': { holidays: ['2026-02-30'], workdays: [] } } };
    // Act, Assess
    expect(() => new WorkingCalendar(weekday)).toThrow(RangeError);
    expect(() => new WorkingCalendar(wrongYear)).toThrow(RangeError);
    expect(() => new WorkingCalendar(badDate)).toThrow(RangeError);
  });

  it('refuses in the administrator’s entry every year the calendar would refuse, naming the date', () => {
    // Prepare: the three faults above as `calendar put` reads them, and one good year.
    const entry = (holidays: string[], workdays: string[]) => ({
      year: 2026,
      notice: '国务院办公厅关于2026年部分节假日安排的通知',
      holidays,
      workdays,
    });
    const faults = [
      entry(['2026-10-01'], ['2026-03-02']),
      entry(['2025-10-01'], []),
      entry(['2026-02-30'], []),
    ];

    // Act
    const results = faults.map((year) => CalendarYearSchema.safeParse(year));
    const good = CalendarYearSchema.safeParse(entry(['2026-10-01'], ['2026-09-27']));

    // Assess: each refused, as the calendar refuses it; the weekday named where it was typed.
    for (const [i, year] of faults.entries()) {
      const { year: y, notice: _, ...days } = year;
      expect(() => new WorkingCalendar({ years: { [y]: days } })).toThrow(RangeError);
      expect(results[i]?.success).toBe(false);
    }
    expect(results[0]?.error?.issues).toEqual([
      expect.objectContaining({
        path: ['workdays', 0],
        message: '2026-03-02 不是周六或周日：调休上班日只能是周末',
      }),
    ]);
    expect(good.success).toBe(true);
  });

  it('covers 2024, 2025 and 2026 and lists only weekends as make-up working days', () => {
    // Prepare
    const years = Object.keys(data.years);
    // Act
    const weekdays = Object.values(data.years)
      .flatMap((y) => y.workdays)
      .filter((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()));
    // Assess
    expect(years).toEqual(expect.arrayContaining(['2024', '2025', '2026']));
    expect(weekdays).toEqual([]);
  });
});

describe('isValidDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['2026-12-31', true],
    ['2025-02-29', false],
    ['1900-02-29', false],
    ['2026-13-01', false],
    ['2026-04-31', false],
    ['2026-1-1', false],
    ['2026-01-01T00:00', false],
    ['', false],
  ])('judges %s as %s', (input, expected) => {
    // Act, Assess
    expect(isValidDate(input)).toBe(expected);
  });
});

describe('yearToEnter: the holiday schedule the administrator should enter', () => {
  it('is next year from October while it is missing, this year when that is missing, else none', () => {
    expect(yearToEnter(defaultCalendar, '2026-09-30')).toBeUndefined();
    expect(yearToEnter(defaultCalendar, '2026-10-01')).toBe(2027);
    expect(yearToEnter(defaultCalendar, '2026-12-05')).toBe(2027);
    expect(yearToEnter(defaultCalendar, '2027-01-04')).toBe(2027);
    const with2027 = new WorkingCalendar(
      mergeCalendarData(data, {
        years: { '2027': { notice: '示例', holidays: ['2027-01-01'], workdays: [] } },
      }),
    );
    expect(yearToEnter(with2027, '2026-12-05')).toBeUndefined();
  });

  it('is warned of by the hourly sweep once a day, in the 09:00 run (Beijing time)', () => {
    // 09:30 in Beijing is 01:30 UTC; the 10:30 run says nothing, nor does a covered September.
    expect(holidayWarning(defaultCalendar, new Date('2026-12-05T01:30:00Z'))).toBe(2027);
    expect(holidayWarning(defaultCalendar, new Date('2026-12-05T02:30:00Z'))).toBeUndefined();
    expect(holidayWarning(defaultCalendar, new Date('2026-09-05T01:30:00Z'))).toBeUndefined();
  });
});
