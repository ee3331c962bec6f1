/**
 * The leaders' report (functions/core/analysis.ts) on the ports' in-memory doubles: figures summed
 * from the daily aggregates of the period, both days included, set beside the period before (the
 * month before a month's, as many days before any other); by channel, matter, insurance, unit and
 * side of the cut-off; the units' timeliness and outcomes; the open workload as of today; the
 * weekly and monthly periods in Beijing time, each report stored and sent once.
 */
import { describe, expect, it } from 'vitest';
import { CreateCaseRequestSchema } from '#contracts/cases.ts';
import {
  buildReport,
  mayReadReports,
  mayRequestReports,
  previousMonth,
  previousPeriod,
  previousWeek,
  readsWholeReport,
  reportForReader,
  scheduledReport,
} from '#core/analysis.ts';
import { CHANNEL_LABELS } from '#core/case.ts';
import { deliverToInbox, submitCase } from '#core/intake.ts';
import { MATTERS } from '#core/matters.ts';
import { renderNotification } from '#core/notifications.ts';
import type { Count, Notification, ReportStore } from '#core/ports.ts';
import type { Principal } from '#core/principal.ts';
import { REMEDY_OUTCOME_LABELS, remedy } from '#core/remedies.ts';
import type { Report, ReportTable } from '#core/report.ts';
import { supervisionSweep } from '#core/supervision.ts';
import { UNITS, unitLabel } from '#core/units.ts';
import type { WorkItem } from '#core/work.ts';
import { caseRequest, matter } from '#test/fixtures/cases.ts';
import { caseInInbox, mapReportStore, memoryDeps } from '#test/fixtures/ports.ts';
import { UNIT_PART_TABLES } from '#test/fixtures/reports.ts';

/** An instant given in Beijing time, as the clock's ISO string. */
const beijing = (local: string) => new Date(`${local}+08:00`).toISOString();

function world(now = '2026-10-12T09:00:00') {
  return { ...memoryDeps(beijing(now)), reports: mapReportStore() };
}
type World = ReturnType<typeof world>;

/** Moves the counter `<stat>#<key>` by `n` on `day`. */
const count = (deps: World, day: string, counter: string, n = 1, label?: string) => {
  const [stat = '', key = ''] = counter.split('#');
  const c: Count = { stat, key, day, ...(label ? { label } : {}) };
  deps.aggregates.add(c, n);
};

/** Moves each counter of `figures` by its number on `day`. */
const countAll = (deps: World, day: string, figures: Record<string, number>) => {
  for (const [counter, n] of Object.entries(figures)) count(deps, day, counter, n);
};

const WEEK = { from: '2026-10-05', to: '2026-10-11' };

function table(report: Report, id: string): ReportTable {
  const t = report.tables.find((x) => x.id === id);
  if (!t) throw new Error(`no table ${id}`);
  return t;
}

const row = (report: Report, id: string, label: string) =>
  table(report, id).rows.find((r) => r.label === label);

const matterLabel = (id: string) => MATTERS.find((m) => m.id === id)?.label ?? id;

/** Files a case for tax at the clock's time and puts it in tax's inbox. */
async function assignedCase(deps: World): Promise<string> {
  const { caseNumber } = await submitCase(
    CreateCaseRequestSchema.parse(caseRequest()),
    { channel: 'online' },
    deps,
  );
  await deliverToInbox(caseNumber, 'tax', deps);
  return caseNumber;
}

describe('the report periods', () => {
  it('takes Monday to Sunday of the week before, whatever the day in the week', () => {
    expect(previousWeek('2026-10-12')).toEqual(WEEK); // Monday
    expect(previousWeek('2026-10-14')).toEqual(WEEK); // Wednesday
    expect(previousWeek('2026-10-18')).toEqual(WEEK); // Sunday
    expect(previousWeek('2026-10-19')).toEqual({ from: '2026-10-12', to: '2026-10-18' });
  });

  it('takes a week across the new year', () => {
    expect(previousWeek('2027-01-01')).toEqual({ from: '2026-12-21', to: '2026-12-27' });
    expect(previousWeek('2027-01-04')).toEqual({ from: '2026-12-28', to: '2027-01-03' });
  });

  it.each([
    // Whole calendar months: as many months just before, whatever their lengths
    ['2026-09-01', '2026-09-30', '2026-08-01', '2026-08-31'],
    ['2027-03-01', '2027-03-31', '2027-02-01', '2027-02-28'],
    ['2026-01-01', '2026-01-31', '2025-12-01', '2025-12-31'],
    ['2026-01-01', '2026-03-31', '2025-10-01', '2025-12-31'],
    // Anything else: as many days just before
    ['2026-10-05', '2026-10-11', '2026-09-28', '2026-10-04'],
    ['2026-09-01', '2026-09-15', '2026-08-17', '2026-08-31'],
    ['2026-09-02', '2026-10-01', '2026-08-03', '2026-09-01'],
  ])('sets %s to %s beside %s to %s', (from, to, before, end) => {
    expect(previousPeriod({ from, to })).toEqual({ from: before, to: end });
  });

  it('takes the calendar month before, across the new year and in a leap February', () => {
    expect(previousMonth('2026-10-14')).toEqual({ from: '2026-09-01', to: '2026-09-30' });
    expect(previousMonth('2026-10-01')).toEqual({ from: '2026-09-01', to: '2026-09-30' });
    expect(previousMonth('2027-01-01')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(previousMonth('2028-03-31')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(previousMonth('2027-03-01')).toEqual({ from: '2027-02-01', to: '2027-02-28' });
  });
});

describe('the figures of a period', () => {
  it('sum the days of the period, both ends included, and nothing outside it', async () => {
    // Prepare
    const deps = world();
    count(deps, '2026-10-04', 'channel#online', 1);
    count(deps, '2026-10-05', 'channel#online', 2);
    count(deps, '2026-10-11', 'channel#online', 3);
    count(deps, '2026-10-12', 'channel#online', 4);

    // Act
    const report = await buildReport('weekly', WEEK, deps);

    // Assess: 10-04 is the last day of the period before
    expect(row(report, 'channel', CHANNEL_LABELS.online)).toEqual({
      label: CHANNEL_LABELS.online,
      count: 5,
      previous: 1,
      change: 4,
    });
  });

  it('compare a month with the calendar month before (环比), whatever their lengths', async () => {
    // Prepare: September's report sets its figures beside 08-01 to 08-31; 07-31 is outside
    const deps = world('2026-10-01T09:00:00');
    count(deps, '2026-07-31', 'received#all', 9);
    count(deps, '2026-08-01', 'received#all', 6);
    count(deps, '2026-08-02', 'received#all', 2);
    count(deps, '2026-08-31', 'received#all', 2);
    count(deps, '2026-09-15', 'received#all', 5);

    // Act
    const report = await buildReport('monthly', { from: '2026-09-01', to: '2026-09-30' }, deps);

    // Assess
    expect(report.highlights[0]).toBe('本期共受理争议 5 件，上期 10 件，环比减少 50%。');
  });

  it('list every channel, matter, insurance, unit and side, in their own order, with zeros', async () => {
    // Prepare
    const deps = world();
    countAll(deps, '2026-10-06', {
      'channel#hotline-12345': 2,
      'matter#base': 3,
      'insurance#medical': 1,
      'unit#si-center': 4,
      'side#before': 1,
    });

    // Act
    const report = await buildReport('weekly', WEEK, deps);

    // Assess
    const labels = (id: string) => table(report, id).rows.map((r) => r.label);
    expect(labels('channel')).toEqual(Object.values(CHANNEL_LABELS));
    expect(labels('matter')).toEqual(MATTERS.map((m) => m.label));
    expect(labels('unit')).toEqual(UNITS.map((u) => u.label));
    expect(labels('side')).toEqual(['2024年4月1日前', '2024年4月1日起']);
    const counts = (id: string) =>
      Object.fromEntries(
        table(report, id)
          .rows.filter((r) => Number(r.count) > 0)
          .map((r) => [r.label, r.count]),
      );
    expect(counts('channel')).toEqual({ [CHANNEL_LABELS['hotline-12345']]: 2 });
    expect(counts('matter')).toEqual({ [matterLabel('base')]: 3 });
    expect(counts('insurance')).toEqual({ 医疗保险: 1 });
    expect(counts('unit')).toEqual({ [unitLabel('si-center')]: 4 });
    expect(counts('side')).toEqual({ '2024年4月1日前': 1 });
    expect(row(report, 'unit', unitLabel('tax'))).toEqual({
      label: unitLabel('tax'),
      count: 0,
      previous: 0,
      change: null,
    });
  });

  it('say where a case counts in several rows, and how many cases were received', async () => {
    // Prepare: two cases, one about two matters of two units on both sides of the cut-off
    const deps = world();
    countAll(deps, '2026-10-06', {
      'received#all': 2,
      'channel#online': 2,
      'matter#base': 2,
      'matter#arrears': 1,
      'unit#tax': 2,
      'unit#si-center': 1,
      'side#before': 1,
      'side#from': 2,
    });

    // Act
    const report = await buildReport('weekly', WEEK, deps);

    // Assess: the rows of matter, unit and side add up to 3, and their notes say why
    const sum = (id: string) => table(report, id).rows.reduce((s, r) => s + Number(r.count), 0);
    expect([sum('channel'), sum('matter'), sum('unit'), sum('side')]).toEqual([2, 3, 3, 3]);
    expect(table(report, 'matter').note).toBe(
      '一件申请可以涉及几类争议事项，每类各计 1 件，所以各行相加可能多于本期受理的 2 件。',
    );
    expect(table(report, 'insurance').note).toContain('每个险种各计 1 件');
    expect(table(report, 'unit').note).toBe(
      '几个单位共同办理的案件，每个单位各计 1 件，所以各行相加可能多于本期受理的 2 件。',
    );
    expect(table(report, 'side').note).toContain('前后各计 1 件');
    // …while the channel table counts each case once and needs no note
    expect(table(report, 'channel').note).toBeUndefined();
  });

  it('for an empty period are zeros and no rates, with the plain highlights', async () => {
    // Prepare
    const deps = world();

    // Act
    const report = await buildReport('weekly', WEEK, deps);

    // Assess
    for (const id of ['channel', 'matter', 'insurance', 'unit', 'side']) {
      for (const r of table(report, id).rows) {
        expect([r.count, r.previous, r.change], `${id} ${r.label}`).toEqual([0, 0, null]);
      }
    }
    for (const id of [
      'on-time',
      'unit-outcomes',
      'remedies',
      'overdue',
      'assignments',
      'repeat',
      'major',
    ]) {
      expect(table(report, id).rows, id).toEqual([]);
    }
    expect(
      table(report, 'outcomes').rows.map((r) => [r.resolution, r.objection, r.satisfaction]),
    ).toEqual([
      [null, null, null],
      [null, null, null],
    ]);
    expect(report.highlights).toEqual([
      '本期共受理争议 0 件，上期 0 件。',
      '目前没有超期未办结的案件。',
      '本期新增重大疑难案件 0 件，目前在办 0 件。',
    ]);
  });

  it('say how the number of disputes changed, up or down, in whole percent', async () => {
    // Prepare
    const up = world();
    count(up, '2026-10-05', 'received#all', 12);
    count(up, '2026-09-28', 'received#all', 8);
    const down = world();
    count(down, '2026-10-05', 'received#all', 6);
    count(down, '2026-09-28', 'received#all', 9);

    // Act
    const [a, b] = await Promise.all([
      buildReport('weekly', WEEK, up),
      buildReport('weekly', WEEK, down),
    ]);

    // Assess
    expect(a.highlights[0]).toBe('本期共受理争议 12 件，上期 8 件，环比增加 50%。');
    expect(b.highlights[0]).toBe('本期共受理争议 6 件，上期 9 件，环比减少 33%。');
  });

  it('call out a category that at least doubled with three cases or more, and no other', async () => {
    // Prepare
    const deps = world();
    count(deps, '2026-10-06', 'matter#base', 6);
    count(deps, '2026-09-29', 'matter#base', 3);
    count(deps, '2026-10-06', 'matter#arrears', 2); // doubled from none, but only two
    count(deps, '2026-10-06', 'channel#walk-in', 5);
    count(deps, '2026-09-29', 'channel#walk-in', 3); // not doubled
    count(deps, '2026-10-06', 'unit#hrss', 3); // from none

    // Act
    const report = await buildReport('weekly', WEEK, deps);

    // Assess
    const spikes = report.highlights.filter((h) => h.includes('明显增加'));
    expect(spikes).toEqual([
      `争议事项中“${matterLabel('base')}”明显增加：本期 6 件，上期 3 件。`,
      `责任单位中“${unitLabel('hrss')}”明显增加：本期 3 件，上期 0 件。`,
    ]);
    expect(row(report, 'matter', matterLabel('base'))?.change).toBe(1);
  });
});

describe('the units’ timeliness and outcomes', () => {
  it('give each unit with figures its on-time counts and rates, returns, chases and supervisions', async () => {
    // Prepare
    const deps = world();
    countAll(deps, '2026-10-07', {
      'signfor-ontime#tax': 3,
      'signfor-late#tax': 1,
      'answer-ontime#tax': 2,
      'answer-late#tax': 2,
      'answer-extended#tax': 1,
      'returns#tax': 1,
      'chase#tax': 2,
      'supervise#tax': 1,
      'chase#medical': 1,
    });
    count(deps, '2026-10-12', 'signfor-late#court', 1); // after the period

    // Act
    const report = await buildReport('weekly', WEEK, deps);

    // Assess
    expect(table(report, 'on-time').rows).toEqual([
      {
        label: unitLabel('tax'),
        signForOnTime: 3,
        signForLate: 1,
        signForRate: 0.75,
        answerOnTime: 2,
        answerLate: 2,
        answerExtended: 1,
        answerRate: 0.5,
        overdueOpen: 0,
        returns: 1,
        chases: 2,
        supervisions: 1,
      },
      {
        label: unitLabel('medical'),
        signForOnTime: 0,
        signForLate: 0,
        signForRate: null,
        answerOnTime: 0,
        answerLate: 0,
        answerExtended: 0,
        answerRate: null,
        overdueOpen: 0,
        returns: 0,
        chases: 1,
        supervisions: 0,
      },
    ]);
  });

  it('give a unit that has done nothing but owes a step late its row, with that step counted', async () => {
    // Prepare: a case in hrss's inbox on 12 October, never signed for; the report a week later
    const deps = world();
    await caseInInbox(deps, {
      unit: 'hrss',
      request: { matters: [matter({ type: 'labour-relation' })] },
    });
    deps.clock.set(beijing('2026-10-19T09:00:00'));

    // Act
    const report = await buildReport('weekly', { from: '2026-10-12', to: '2026-10-18' }, deps);

    // Assess: no rate to show, and not hidden for it
    expect(table(report, 'on-time').rows).toEqual([
      expect.objectContaining({
        label: unitLabel('hrss'),
        signForRate: null,
        answerRate: null,
        overdueOpen: 1,
      }),
    ]);
  });

  it('rate resolution, objection and satisfaction, and never satisfaction for enforcement matters', async () => {
    // Prepare
    const deps = world();
    countAll(deps, '2026-10-08', {
      'responded#other': 10,
      'accepted#other': 6,
      'deemed#other': 2,
      'objected#other': 2,
      'followup-satisfied#other': 3,
      'followup-basically-satisfied#other': 1,
      'followup-dissatisfied#other': 1,
      'followup-unreachable#other': 2,
      'responded#enforcement': 4,
      'accepted#enforcement': 1,
      'followup-satisfied#enforcement': 2,
    });

    // Act
    const report = await buildReport('weekly', WEEK, deps);

    // Assess
    const [other, enforcement] = table(report, 'outcomes').rows;
    expect(other).toMatchObject({
      responded: 10,
      resolution: 0.6,
      deemed: 2,
      objection: 0.2,
      satisfaction: 0.8,
      unreachable: 2,
    });
    expect(enforcement).toMatchObject({
      responded: 4,
      resolution: 0.25,
      objection: 0,
      satisfaction: null,
    });
  });

  it('rate each answering unit’s satisfaction and objections, enforcement matters apart', async () => {
    // Prepare
    const deps = world();
    countAll(deps, '2026-10-09', {
      'unit-responded#tax:other': 4,
      'unit-followup-satisfied#tax:other': 2,
      'unit-followup-basically-satisfied#tax:other': 1,
      'unit-followup-dissatisfied#tax:other': 1,
      // One of the four visits was the payer's own online answer
      'unit-followup-online#tax:other': 1,
      'unit-objected#tax:other': 1,
      'unit-responded#tax:enforcement': 2,
      'unit-followup-satisfied#tax:enforcement': 1,
      // Answered before the period, visited in it
      'unit-followup-satisfied#medical:other': 1,
    });

    // Act
    const report = await buildReport('weekly', WEEK, deps);

    // Assess
    expect(table(report, 'unit-outcomes').rows).toEqual([
      {
        label: unitLabel('tax'),
        category: '一般事项',
        responded: 4,
        satisfied: 2,
        basicallySatisfied: 1,
        dissatisfied: 1,
        online: 1,
        satisfaction: 0.5,
        basicSatisfaction: 0.25,
        dissatisfaction: 0.25,
        objected: 1,
        objection: 0.25,
      },
      expect.objectContaining({
        label: unitLabel('medical'),
        category: '一般事项',
        responded: 0,
        satisfied: 1,
        satisfaction: 1,
        objection: null,
      }),
      expect.objectContaining({
        label: unitLabel('tax'),
        category: expect.stringContaining('执法类'),
        responded: 2,
        satisfied: 1,
        satisfaction: null,
        basicSatisfaction: null,
        dissatisfaction: null,
        objection: 0,
      }),
    ]);
  });

  it('count the remedies recorded and the leaders’ assignments, leaving out empty rows', async () => {
    // Prepare
    const deps = world();
    count(deps, '2026-10-10', 'remedy#arbitration:in-progress', 2);
    count(deps, '2026-10-10', 'assignment#finance', 3);
    count(deps, '2026-10-10', 'assignment-ontime#finance', 1);
    count(deps, '2026-10-11', 'assignment-late#finance', 1);

    // Act
    const report = await buildReport('weekly', WEEK, deps);

    // Assess
    expect(table(report, 'remedies').rows).toEqual([
      {
        route: remedy('arbitration')?.label,
        outcome: REMEDY_OUTCOME_LABELS['in-progress'],
        count: 2,
      },
    ]);
    expect(table(report, 'assignments').rows).toEqual([
      { label: unitLabel('finance'), assigned: 3, onTime: 1, late: 1, rate: 0.5 },
    ]);
  });

  it(`names a unit that returned more than three cases in the period`, async () => {
    // Prepare
    const deps = world();
    count(deps, '2026-10-06', 'returns#medical', 2);
    count(deps, '2026-10-09', 'returns#medical', 2);
    count(deps, '2026-10-06', 'returns#hrss', 3);

    // Act
    const report = await buildReport('weekly', WEEK, deps);

    // Assess
    expect(report.highlights.filter((h) => h.includes('推诿'))).toEqual([
      `${unitLabel('medical')}本期退回 4 件，超过提示线（3 件），请关注是否存在推诿。`,
    ]);
  });
});

describe('the parties in several disputes', () => {
  it('lists employers then persons in two disputes or more, the most first, by masked name', async () => {
    // Prepare: one person counted on two days of the period
    const deps = world();
    count(deps, '2026-10-05', 'employer#e1', 2, '某某****公司');
    count(deps, '2026-10-06', 'employer#e2', 3, '甲乙****公司');
    count(deps, '2026-10-06', 'employer#e3', 1, '丙丁****公司');
    count(deps, '2026-10-05', 'payer#p1', 1, '王**');
    count(deps, '2026-10-11', 'payer#p1', 1, '王**');
    count(deps, '2026-10-12', 'payer#p2', 2, '李*'); // after the period

    // Act
    const report = await buildReport('weekly', WEEK, deps);

    // Assess
    expect(table(report, 'repeat').rows).toEqual([
      { kind: '用人单位', name: '甲乙****公司', count: 3 },
      { kind: '用人单位', name: '某某****公司', count: 2 },
      { kind: '个人', name: '王**', count: 2 },
    ]);
    expect(report.highlights).toContain(
      '有 2 家用人单位本期涉及 2 件以上争议（含职工反映的），最多的 3 件，请关注群体性争议风险。',
    );
    expect(report.highlights).toContain('有 1 名个人本期多次反映。');
  });
});

describe('the open workload in the report', () => {
  it('lists the items late today, not those due today, whatever the period, with their chase marks', async () => {
    // Prepare: filed 09-30 (sign-for due 10-08, chased 10-09); filed 10-12 (due 10-13)
    const deps = world('2026-09-30T10:00:00');
    const late = await assignedCase(deps);
    deps.clock.set(beijing('2026-10-09T09:00:00'));
    await supervisionSweep(deps);
    deps.clock.set(beijing('2026-10-12T09:00:00'));
    await assignedCase(deps);
    deps.clock.set(beijing('2026-10-13T09:00:00'));

    // Act: on the day the second is due, a report on a period long before
    const report = await buildReport('on-demand', { from: '2026-01-01', to: '2026-01-31' }, deps);

    // Assess
    expect(table(report, 'overdue').rows).toEqual([
      {
        caseNumber: late,
        unit: unitLabel('tax'),
        step: '签收',
        due: '2026-10-08',
        supervision: '已催办',
      },
    ]);
    expect(report.highlights).toContain('目前有 1 项待办超期未办，其中已报领导小组督办 0 项。');
  });

  it('lists the major cases in hand once each, with their lead and the deadline running, named', async () => {
    // Prepare: a case the office classified major, tax leading
    const deps = world('2026-10-12T09:00:00');
    const caseNumber = await assignedCase(deps);
    await assignedCase(deps);
    const stored = deps.store.cases.get(caseNumber);
    if (!stored) throw new Error('not stored');
    deps.store.cases.set(caseNumber, { ...stored, classification: 'major', lead: 'tax' });
    count(deps, '2026-10-08', 'major#all', 1);

    // Act
    const report = await buildReport('weekly', WEEK, deps);

    // Assess
    expect(table(report, 'major').rows).toEqual([
      {
        caseNumber,
        status: '已派单',
        lead: unitLabel('tax'),
        units: unitLabel('tax'),
        due: `${stored.due?.date}（签收期限）`,
      },
    ]);
    expect(table(report, 'major').columns.at(-1)?.label).toBe('当前期限');
    expect(report.highlights.at(-1)).toBe('本期新增重大疑难案件 1 件，目前在办 1 件。');
  });
});

describe('the report itself', () => {
  it('is named after its kind and period, generated now, with its tables in a fixed order', async () => {
    // Prepare
    const deps = world('2026-10-12T09:30:00');

    // Act
    const weekly = await buildReport('weekly', WEEK, deps);
    const onDemand = await buildReport('on-demand', WEEK, deps);

    // Assess
    expect(weekly.id).toBe('weekly-2026-10-05');
    expect(weekly.title).toBe('社会保险费征缴争议处理周报（2026-10-05 至 2026-10-11）');
    expect(weekly.period).toEqual(WEEK);
    expect(weekly.generatedAt).toBe(beijing('2026-10-12T09:30:00'));
    expect(onDemand.id).toBe(`on-demand-${Date.parse(beijing('2026-10-12T09:30:00'))}`);
    expect(onDemand.title).toContain('专题统计');
    expect(weekly.tables.map((t) => t.id)).toEqual([
      'channel',
      'matter',
      'insurance',
      'unit',
      'side',
      'on-time',
      'outcomes',
      'unit-outcomes',
      'remedies',
      'overdue',
      'assignments',
      'repeat',
      'major',
    ]);
  });

  it('is read by leaders, administrators, heads and the office; asked for by leaders, administrators and the office', () => {
    const who: Principal[] = [
      { user: 'leader', unit: null, role: 'leader' },
      { user: 'admin', unit: null, role: 'admin' },
      { user: 'tax.head', unit: 'tax', role: 'head' },
      { user: 'office.staff', unit: 'office', role: 'staff' },
      { user: 'tax.staff', unit: 'tax', role: 'staff' },
    ];
    expect(who.map(mayReadReports)).toEqual([true, true, true, true, false]);
    expect(who.map(mayRequestReports)).toEqual([true, true, false, true, false]);
  });
});

describe('a report as its reader reads it', () => {
  /**
   * On 10-13: a case of tax's and one of the SI centre's, both late to be signed for and both
   * major (each its unit leading); figures of both units in the week; an employer in two disputes.
   */
  async function twoUnitsReport(
    o: { siAskedOnTaxCase?: boolean } = {},
  ): Promise<{ report: Report; taxCase: string; siCase: string }> {
    const deps = world('2026-09-30T10:00:00');
    const taxCase = await assignedCase(deps);
    const { caseNumber: siCase } = await submitCase(
      CreateCaseRequestSchema.parse(caseRequest()),
      { channel: 'online' },
      deps,
    );
    const filed = deps.store.cases.get(siCase);
    if (!filed) throw new Error('not stored');
    deps.store.cases.set(siCase, { ...filed, routing: { ...filed.routing, target: 'si-center' } });
    await deliverToInbox(siCase, 'si-center', deps);
    for (const [caseNumber, lead] of [
      [taxCase, 'tax'],
      [siCase, 'si-center'],
    ] as const) {
      const stored = deps.store.cases.get(caseNumber);
      if (!stored) throw new Error('not stored');
      deps.store.cases.set(caseNumber, { ...stored, classification: 'major', lead });
    }
    const tax = deps.store.cases.get(taxCase);
    if (o.siAskedOnTaxCase && tax) {
      // Tax asked the SI centre for an opinion on its major case: the centre works on it, not leading.
      const opinion: WorkItem = {
        id: 'opinion:si-center@9',
        key: 'opinion:si-center',
        kind: 'opinion',
        unit: 'si-center',
        openedAt: '2026-10-09T02:00:00.000Z',
        openedBy: 'requestOpinion',
        due: '2026-10-16',
        covered: true,
        state: 'open',
      };
      deps.store.cases.set(taxCase, { ...tax, work: [...(tax.work ?? []), opinion] });
    }
    countAll(deps, '2026-10-07', {
      'unit#tax': 2,
      'unit#si-center': 3,
      'channel#online': 5,
      'signfor-ontime#tax': 1,
      'signfor-late#si-center': 2,
      'unit-responded#tax:other': 1,
      'unit-responded#si-center:other': 2,
      'assignment#si-center': 1,
    });
    count(deps, '2026-10-07', 'employer#x', 2, '甲乙****公司');
    deps.clock.set(beijing('2026-10-13T09:00:00'));
    return { report: await buildReport('weekly', WEEK, deps), taxCase, siCase };
  }

  it("gives a unit's head the unit's rows, its overdue items and the major cases it leads, and nothing of the county's", async () => {
    // Prepare
    const { report, siCase } = await twoUnitsReport();
    expect(table(report, 'overdue').rows).toHaveLength(2);
    expect(table(report, 'repeat').rows).toHaveLength(1);

    // Act
    const seen = reportForReader(report, { user: 'si.head', unit: 'si-center', role: 'head' });

    // Assess
    const si = unitLabel('si-center');
    expect(report.title).toBe('社会保险费征缴争议处理周报（2026-10-05 至 2026-10-11）');
    expect(seen.title).toBe(`社会保险费征缴争议处理周报——${si}（2026-10-05 至 2026-10-11）`);
    expect(seen.tables.map((t) => t.id)).toEqual([...UNIT_PART_TABLES]);
    expect(table(seen, 'unit').rows.map((r) => [r.label, r.count])).toEqual([[si, 3]]);
    expect(table(report, 'unit').note).toBeDefined();
    expect(table(seen, 'unit').note).toBeUndefined();
    expect(table(seen, 'on-time').rows.map((r) => r.label)).toEqual([si]);
    expect(table(seen, 'unit-outcomes').rows.map((r) => [r.label, r.responded])).toEqual([[si, 2]]);
    expect(table(seen, 'assignments').rows.map((r) => r.label)).toEqual([si]);
    expect(table(seen, 'overdue').rows.map((r) => [r.caseNumber, r.unit])).toEqual([[siCase, si]]);
    expect(table(seen, 'major').rows.map((r) => [r.caseNumber, r.lead])).toEqual([[siCase, si]]);
    expect(seen.highlights).toEqual([
      `这份报告只列${si}的数字和案件；全旗的汇总、分析和风险提示由领导小组和争议处理工作室查看。`,
      '本单位目前有 1 项待办超期未办，请尽快办理。',
    ]);
    // The stored report is left as it was.
    expect(table(report, 'overdue').rows).toHaveLength(2);
  });

  it("gives a unit's head a major case it works on now without leading it, with the units at work", async () => {
    const { report, taxCase, siCase } = await twoUnitsReport({ siAskedOnTaxCase: true });
    const seen = reportForReader(report, { user: 'si.head', unit: 'si-center', role: 'head' });
    const [tax, si] = [unitLabel('tax'), unitLabel('si-center')];
    expect(table(seen, 'major').rows.map((r) => [r.caseNumber, r.lead, r.units])).toEqual([
      [taxCase, tax, `${tax}、${si}`],
      [siCase, si, si],
    ]);
    // Medical's head reads none: it works on neither.
    const medical = reportForReader(report, { user: 'm.head', unit: 'medical', role: 'head' });
    expect(table(medical, 'major').rows).toEqual([]);
  });

  it('gives the leading group office’s director, the tax bureau’s head, the whole report', async () => {
    // Seed 附件1(一): the office is in the tax bureau, its director the bureau's head; the reports
    // are e-mailed to that post.
    const { report } = await twoUnitsReport();
    expect(reportForReader(report, { user: 'tax.head', unit: 'tax', role: 'head' })).toBe(report);
    expect(readsWholeReport({ user: 'tax.staff', unit: 'tax', role: 'staff' })).toBe(false);
    expect(readsWholeReport({ user: 'si.head', unit: 'si-center', role: 'head' })).toBe(false);
  });

  it('gives the leading group, administrators and the office the whole report', async () => {
    const { report } = await twoUnitsReport();
    const readers: Principal[] = [
      { user: 'leader', unit: null, role: 'leader' },
      { user: 'admin', unit: null, role: 'admin' },
      { user: 'office.staff', unit: 'office', role: 'staff' },
      { user: 'office.head', unit: 'office', role: 'head' },
    ];
    for (const reader of readers) expect(reportForReader(report, reader)).toBe(report);
  });

  it('cuts to the unit for any other reader, and to nothing for one without a unit', async () => {
    // mayReadReports turns plain staff away; the cut does not rely on it
    const { report, taxCase } = await twoUnitsReport();
    const staff = reportForReader(report, { user: 'tax.staff', unit: 'tax', role: 'staff' });
    expect(table(staff, 'major').rows.map((r) => r.caseNumber)).toEqual([taxCase]);
    expect(staff.tables.some((t) => t.id === 'repeat')).toBe(false);
    const nobody = reportForReader(report, { user: 'x', unit: null, role: 'staff' });
    expect(nobody.tables).toEqual([]);
  });
});

describe('the scheduled reports', () => {
  it('cover the week before in Beijing time, stored and sent to the leading group', async () => {
    // Prepare: Monday 10-12 04:00 in Beijing is still Sunday 10-11 in UTC
    const deps = world('2026-10-12T04:00:00');
    count(deps, '2026-10-11', 'received#all', 3);

    // Act
    const { report, stored } = await scheduledReport('weekly', deps);

    // Assess
    expect(stored).toBe(true);
    expect(report.period).toEqual(WEEK);
    expect(report.highlights[0]).toBe('本期共受理争议 3 件，上期 0 件。');
    expect(deps.reports.reports.get('weekly-2026-10-05')).toEqual(report);
    expect(deps.notifier.sent).toEqual([
      { kind: 'report', reportId: 'weekly-2026-10-05', title: report.title },
    ]);
    // The e-mail: Chinese dates and the report's own page, no id to type.
    const mail = renderNotification(deps.notifier.sent[0] as Notification);
    expect(mail.subject).toBe('社会保险费征缴争议处理周报（2026年10月5日至2026年10月11日）');
    expect(mail.body).not.toContain('weekly-2026-10-05');
    expect(mail.link).toBe('/staff/reports/weekly-2026-10-05');
  });

  it('cover the calendar month before', async () => {
    // Prepare
    const deps = world('2026-11-01T08:00:00');

    // Act
    const { report } = await scheduledReport('monthly', deps);

    // Assess
    expect(report.id).toBe('monthly-2026-10-01');
    expect(report.period).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(report.title).toContain('月报');
  });

  it('are built once a period: a second run returns the stored report and sends nothing', async () => {
    // Prepare
    const deps = world('2026-10-12T08:00:00');
    const first = await scheduledReport('weekly', deps);
    count(deps, '2026-10-06', 'received#all', 9); // a late counter changes nothing stored

    // Act
    deps.clock.set(beijing('2026-10-14T08:00:00'));
    const second = await scheduledReport('weekly', deps);

    // Assess
    expect(second.stored).toBe(false);
    expect(second.report).toEqual(first.report);
    expect(deps.reports.reports.size).toBe(1);
    expect(deps.notifier.sent).toHaveLength(1);
  });

  it('send nothing when another run stored the report first', async () => {
    // Prepare: the report is not there when looked for, but is when stored
    const deps = world('2026-10-12T08:00:00');
    const raced: ReportStore = { ...deps.reports, putOnce: async () => false };

    // Act
    const out = await scheduledReport('weekly', { ...deps, reports: raced });

    // Assess
    expect(out.stored).toBe(false);
    expect(deps.notifier.sent).toEqual([]);
  });

  it('are stored even when the message cannot be sent', async () => {
    // Prepare
    const deps = {
      ...world('2026-10-12T08:00:00'),
      notifier: { notify: () => Promise.reject(new Error('mail down')) },
    };

    // Act
    const out = await scheduledReport('weekly', deps);

    // Assess
    expect(out.stored).toBe(true);
    expect(deps.reports.reports.has('weekly-2026-10-05')).toBe(true);
  });
});
