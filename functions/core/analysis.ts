/**
 * The leaders' report (seed 四(三) 综合分析, 四(四) 监督考核), built from the daily aggregates and the
 * open workload only: its cost follows the number of days and categories, not the number of cases.
 */
import { CHANNEL_LABELS, DUE_LABELS, OBJECTION_ROUTES, REMEDY_OUTCOMES } from './case.ts';
import { NotAllowedError, STATUS_LABELS } from './lifecycle.ts';
import { INSURANCES, MATTERS } from './matters.ts';
import type { Aggregates, CaseStore, Clock, Notifier, ReportStore } from './ports.ts';
import { directsLeadingGroupOffice, type Principal, seesAll } from './principal.ts';
import { REMEDY_OUTCOME_LABELS, remedy } from './remedies.ts';
import type { Report, ReportTable } from './report.ts';
import { RETURNS_FLAG_THRESHOLD } from './supervision.ts';
import { shanghaiDate } from './time.ts';
import { ActionInputError, ConcurrentChangeError } from './transitions.ts';
import { OFFICE, UNITS, unitLabel } from './units.ts';
import { WORK_LABELS } from './work.ts';

export interface AnalysisDeps {
  aggregates: Aggregates;
  store: CaseStore;
  clock: Clock;
}

type Sums = Map<string, { n: number; label?: string }>;

const DAY = 86_400_000;
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(to) - Date.parse(from)) / DAY) + 1;

/** Monday to Sunday of the week before `today`. */
export function previousWeek(today: string): { from: string; to: string } {
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  const thisMonday = addDays(today, -weekday);
  return { from: addDays(thisMonday, -7), to: addDays(thisMonday, -1) };
}

/** The calendar month before `today`. */
export function previousMonth(today: string): { from: string; to: string } {
  const firstOfThis = `${today.slice(0, 7)}-01`;
  const to = addDays(firstOfThis, -1);
  return { from: `${to.slice(0, 7)}-01`, to };
}

/** `YYYY-MM` as a count of months, and back. */
const monthIndex = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
const monthStart = (index: number) =>
  `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`;

/**
 * The period a report's figures are set beside (上期, 环比): for a period of whole calendar months,
 * as many months just before (September beside August, whatever their lengths); for any other,
 * as many days just before.
 */
export function previousPeriod(period: { from: string; to: string }): { from: string; to: string } {
  const to = addDays(period.from, -1);
  const next = addDays(period.to, 1);
  if (period.from.endsWith('-01') && next.endsWith('-01') && next > period.from) {
    const months = monthIndex(next) - monthIndex(period.from);
    return { from: monthStart(monthIndex(period.from) - months), to };
  }
  return { from: addDays(period.from, -daysBetween(period.from, period.to)), to };
}

const n = (sums: Sums, key: string) => sums.get(key)?.n ?? 0;
const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** Rows for one dimension, with the previous period and the change. */
function volumeTable(
  id: string,
  title: string,
  stat: string,
  choices: readonly { id: string; label: string }[],
  now: Sums,
  before: Sums,
  note?: string,
): ReportTable {
  return {
    id,
    title,
    ...(note ? { note } : {}),
    columns: [
      { key: 'label', label: '类别', kind: 'text' },
      { key: 'count', label: '本期件数', kind: 'number' },
      { key: 'previous', label: '上期件数', kind: 'number' },
      { key: 'change', label: '环比变化', kind: 'percent' },
    ],
    rows: choices.map((c) => {
      const count = n(now, `${stat}#${c.id}`);
      const previous = n(before, `${stat}#${c.id}`);
      return {
        label: c.label,
        count,
        previous,
        change: previous === 0 ? null : (count - previous) / previous,
      };
    }),
    chart: { label: 'label', value: 'count' },
  };
}

/** A category whose volume at least doubled, with enough cases to matter, is called a spike. */
function spikes(table: ReportTable): string[] {
  return table.rows
    .filter((r) => Number(r.count) >= 3 && Number(r.count) >= 2 * Number(r.previous))
    .map(
      // 「按受理渠道」 is a table's title; a sentence reads 「受理渠道中“网上提交”…」.
      (r) =>
        `${table.title.replace(/^按/, '')}中“${r.label}”明显增加：本期 ${r.count} 件，上期 ${r.previous} 件。`,
    );
}

export async function buildReport(
  kind: Report['kind'],
  period: { from: string; to: string },
  deps: AnalysisDeps,
): Promise<Report> {
  const now = deps.clock.now();
  const today = shanghaiDate(now);
  // An on-demand period's end after today counts days with no figures yet, set against a whole
  // earlier period as a fall, or with today's cases as a spike: a review (2026-12-05) read
  // 「明显增加」 off such a period. A 400 on `/to` (ActionInputError), on the page and the API.
  if (kind === 'on-demand' && period.to > today) {
    throw new ActionInputError('/to', '结束日期不能晚于今天：还没到的日子没有数字可以统计。');
  }
  const previous = previousPeriod(period);
  const [cur, prev, workload] = await Promise.all([
    deps.aggregates.sum(period.from, period.to),
    deps.aggregates.sum(previous.from, previous.to),
    deps.store.openWork(5000),
  ]);

  const units = UNITS;
  // A case counts once in each category it touches: these tables' rows can add up to more than
  // the cases received, and say so.
  const received = n(cur, 'received#all');
  const counted = (each: string) => `${each}，所以各行相加可能多于本期受理的 ${received} 件。`;
  const byChannel = volumeTable(
    'channel',
    '按受理渠道',
    'channel',
    Object.entries(CHANNEL_LABELS).map(([id, label]) => ({ id, label })),
    cur,
    prev,
  );
  const byMatter = volumeTable(
    'matter',
    '按争议事项',
    'matter',
    MATTERS,
    cur,
    prev,
    counted('一件申请可以涉及几类争议事项，每类各计 1 件'),
  );
  const byInsurance = volumeTable(
    'insurance',
    '按险种',
    'insurance',
    INSURANCES,
    cur,
    prev,
    counted('一件申请可以涉及几个险种，每个险种各计 1 件'),
  );
  const byUnit = volumeTable(
    'unit',
    '按责任单位',
    'unit',
    units,
    cur,
    prev,
    counted('几个单位共同办理的案件，每个单位各计 1 件'),
  );
  const bySide = volumeTable(
    'side',
    '按所属期（2024年4月1日前后）',
    'side',
    [
      { id: 'before', label: '2024年4月1日前' },
      { id: 'from', label: '2024年4月1日起' },
    ],
    cur,
    prev,
    counted('所属期跨 2024年4月1日前后的案件，前后各计 1 件'),
  );

  // Every open item past its date, whoever owes it (work items, functions/core/work.ts).
  const overdueItems = workload.filter(({ item }) => item.due < today);
  const overdueOf = (unit: string) => overdueItems.filter(({ item }) => item.unit === unit).length;

  const onTime: ReportTable = {
    id: 'on-time',
    title: '各单位按时签收、按时答复情况',
    columns: [
      { key: 'label', label: '单位', kind: 'text' },
      { key: 'signForOnTime', label: '按时签收', kind: 'number' },
      { key: 'signForLate', label: '超时签收', kind: 'number' },
      { key: 'signForRate', label: '签收按时率', kind: 'percent' },
      { key: 'answerOnTime', label: '按时答复', kind: 'number' },
      { key: 'answerLate', label: '超时答复', kind: 'number' },
      { key: 'answerExtended', label: '其中经批准延期', kind: 'number' },
      { key: 'answerRate', label: '答复按时率', kind: 'percent' },
      // The rates count what was done; a unit that does nothing would show no rate at all, not a
      // bad one (seed 四(四) 考核; a review found 推诿 looking best): what it owes late, beside them.
      { key: 'overdueOpen', label: '目前超期未办', kind: 'number' },
      { key: 'returns', label: '退回件数', kind: 'number' },
      { key: 'chases', label: '催办', kind: 'number' },
      { key: 'supervisions', label: '督办', kind: 'number' },
    ],
    rows: units
      .map((u) => {
        const so = n(cur, `signfor-ontime#${u.id}`);
        const sl = n(cur, `signfor-late#${u.id}`);
        const ao = n(cur, `answer-ontime#${u.id}`);
        const al = n(cur, `answer-late#${u.id}`);
        return {
          label: u.label,
          signForOnTime: so,
          signForLate: sl,
          signForRate: rate(so, so + sl),
          answerOnTime: ao,
          answerLate: al,
          answerExtended: n(cur, `answer-extended#${u.id}`),
          answerRate: rate(ao, ao + al),
          overdueOpen: overdueOf(u.id),
          returns: n(cur, `returns#${u.id}`),
          chases: n(cur, `chase#${u.id}`),
          supervisions: n(cur, `supervise#${u.id}`),
        };
      })
      .filter((r) =>
        Object.entries(r).some(([k, v]) => k !== 'label' && typeof v === 'number' && v > 0),
      ),
    chart: { label: 'label', value: 'answerRate' },
    note: '争议处理工作室的“签收”是分办：确定由一个单位办理，或分为一般、重大争议并确定牵头单位。按时率只计已办的；还没办、已经超期的，见“目前超期未办”。“其中经批准延期”是按时、超时答复中答复期限经单位负责人批准延期的件数（每件最多延期一次）。',
  };

  const outcome = (cat: 'other' | 'enforcement') => {
    const responded = n(cur, `responded#${cat}`);
    const satisfied =
      n(cur, `followup-satisfied#${cat}`) + n(cur, `followup-basically-satisfied#${cat}`);
    const reached = satisfied + n(cur, `followup-dissatisfied#${cat}`);
    return {
      label: cat === 'other' ? '一般事项' : '欠费追缴、违法处罚（执法类，不计满意率）',
      responded,
      resolution: rate(n(cur, `accepted#${cat}`), responded),
      deemed: n(cur, `deemed#${cat}`),
      objection: rate(n(cur, `objected#${cat}`), responded),
      // Enforcement matters are reported apart from satisfaction (12345 practice).
      satisfaction: cat === 'other' ? rate(satisfied, reached) : null,
      unreachable: n(cur, `followup-unreachable#${cat}`),
    };
  };
  const outcomes: ReportTable = {
    id: 'outcomes',
    title: '办理结果：化解率、满意率、异议率',
    columns: [
      { key: 'label', label: '类别', kind: 'text' },
      { key: 'responded', label: '已答复', kind: 'number' },
      { key: 'resolution', label: '化解率（无异议）', kind: 'percent' },
      { key: 'deemed', label: '其中视为无异议', kind: 'number' },
      { key: 'satisfaction', label: '满意率（回访）', kind: 'percent' },
      { key: 'objection', label: '异议率', kind: 'percent' },
      { key: 'unreachable', label: '回访未联系上', kind: 'number' },
    ],
    rows: [outcome('other'), outcome('enforcement')],
  };

  // 考核 per unit (seed 四(四)): satisfaction of the follow-ups and objections, by the unit that
  // answered. Enforcement matters get their own rows and no satisfaction rates (12345 practice).
  const unitOutcomes: ReportTable = {
    id: 'unit-outcomes',
    title: '各单位满意率、基本满意率、不满意率和异议率',
    columns: [
      { key: 'label', label: '单位', kind: 'text' },
      { key: 'category', label: '类别', kind: 'text' },
      { key: 'responded', label: '已答复', kind: 'number' },
      { key: 'satisfied', label: '满意', kind: 'number' },
      { key: 'basicallySatisfied', label: '基本满意', kind: 'number' },
      { key: 'dissatisfied', label: '不满意', kind: 'number' },
      { key: 'online', label: '其中缴费人网上回答', kind: 'number' },
      { key: 'satisfaction', label: '满意率', kind: 'percent' },
      { key: 'basicSatisfaction', label: '基本满意率', kind: 'percent' },
      { key: 'dissatisfaction', label: '不满意率', kind: 'percent' },
      { key: 'objected', label: '有异议', kind: 'number' },
      { key: 'objection', label: '异议率', kind: 'percent' },
    ],
    rows: (['other', 'enforcement'] as const)
      .flatMap((cat) =>
        units.map((u) => {
          const key = `${u.id}:${cat}`;
          const responded = n(cur, `unit-responded#${key}`);
          const satisfied = n(cur, `unit-followup-satisfied#${key}`);
          const basic = n(cur, `unit-followup-basically-satisfied#${key}`);
          const dissatisfied = n(cur, `unit-followup-dissatisfied#${key}`);
          const reached = satisfied + basic + dissatisfied;
          const objected = n(cur, `unit-objected#${key}`);
          const enforcement = cat === 'enforcement';
          return {
            label: u.label,
            category: enforcement ? '欠费追缴、违法处罚（执法类，不计满意率）' : '一般事项',
            responded,
            satisfied,
            basicallySatisfied: basic,
            dissatisfied,
            online: n(cur, `unit-followup-online#${key}`),
            satisfaction: enforcement ? null : rate(satisfied, reached),
            basicSatisfaction: enforcement ? null : rate(basic, reached),
            dissatisfaction: enforcement ? null : rate(dissatisfied, reached),
            objected,
            objection: rate(objected, responded),
          };
        }),
      )
      .filter(
        (r) => r.responded + r.satisfied + r.basicallySatisfied + r.dissatisfied + r.objected > 0,
      ),
    chart: { label: 'label', value: 'satisfaction' },
    note: '满意、基本满意、不满意合计了两种回访：承办单位电话或上门回访后自己记录的，和缴费人凭查询码在网上回答的；“其中缴费人网上回答”是后一种的件数，可以与单位自己记录的结果对照。',
  };

  // After an objection (seed 四(二)): the remedy steps recorded in the period, by route and outcome.
  const remedies: ReportTable = {
    id: 'remedies',
    // 「记录的」: objections whose remedy has no step recorded yet are counted above, not here.
    title: '本期记录的异议后救济途径进展和结果',
    columns: [
      { key: 'route', label: '救济途径', kind: 'text' },
      { key: 'outcome', label: '进展或结果', kind: 'text' },
      { key: 'count', label: '本期记录件数', kind: 'number' },
    ],
    rows: OBJECTION_ROUTES.flatMap((route) =>
      REMEDY_OUTCOMES.map((outcome) => ({
        route: remedy(route)?.label ?? route,
        outcome: REMEDY_OUTCOME_LABELS[outcome],
        count: n(cur, `remedy#${route}:${outcome}`),
      })),
    ).filter((r) => r.count > 0),
  };

  const overdue: ReportTable = {
    id: 'overdue',
    title: '目前超期未办的事项',
    columns: [
      { key: 'caseNumber', label: '受理编号', kind: 'text' },
      { key: 'unit', label: '应办单位', kind: 'text' },
      { key: 'step', label: '超期事项', kind: 'text' },
      { key: 'due', label: '期限', kind: 'text' },
      { key: 'supervision', label: '催办督办', kind: 'text' },
    ],
    rows: overdueItems.map(({ item, case: c }) => ({
      caseNumber: c.caseNumber,
      unit: unitLabel(item.unit),
      step: WORK_LABELS[item.kind],
      due: item.due,
      supervision: item.orderedOn
        ? '已督办'
        : item.supervisedOn
          ? '已报领导小组督办'
          : item.chasedOn
            ? '已催办'
            : '',
    })),
  };

  // 交办 (seed 二(二)): how many each unit was given in the period, and how many it did on time.
  const assignments: ReportTable = {
    id: 'assignments',
    title: '领导小组交办事项办理情况',
    columns: [
      { key: 'label', label: '单位', kind: 'text' },
      { key: 'assigned', label: '交办', kind: 'number' },
      { key: 'onTime', label: '按期办结', kind: 'number' },
      { key: 'late', label: '逾期办结', kind: 'number' },
      { key: 'rate', label: '按期办结率', kind: 'percent' },
    ],
    rows: units
      .map((u) => {
        const done = n(cur, `assignment-ontime#${u.id}`);
        const late = n(cur, `assignment-late#${u.id}`);
        return {
          label: u.label,
          assigned: n(cur, `assignment#${u.id}`),
          onTime: done,
          late,
          rate: rate(done, done + late),
        };
      })
      .filter((r) => r.assigned + r.onTime + r.late > 0),
  };

  // Parties in two disputes or more in the period (seed 四(三): 群体性争议风险). An employer counts
  // once per dispute it filed or was named in as the other party (metrics.ts `partyCounts`), so
  // several workers naming one employer show as one row: the cluster leaders must see. Employers
  // lead the table, the most disputes first; then persons who came back more than once.
  const repeated = (prefix: string) =>
    [...cur.entries()]
      .filter(([key, v]) => key.startsWith(prefix) && v.n >= 2)
      .sort((a, b) => b[1].n - a[1].n);
  const employers = repeated('employer#');
  const persons = repeated('payer#');
  const repeats = [...employers, ...persons];
  const repeat: ReportTable = {
    id: 'repeat',
    title: '多次涉及争议的缴费人和用人单位（群体性争议风险）',
    columns: [
      { key: 'kind', label: '类型', kind: 'text' },
      { key: 'name', label: '名称（个人的已隐去部分信息，单位的写全称）', kind: 'text' },
      { key: 'count', label: '本期件数（自己反映的和被对方反映的合计）', kind: 'number' },
    ],
    rows: repeats.map(([key, v]) => ({
      kind: key.startsWith('employer#') ? '用人单位' : '个人',
      name: v.label ?? '—',
      count: v.n,
    })),
  };

  const majors = [
    ...new Map(
      workload
        .filter(({ case: c }) => c.classification === 'major')
        .map(({ case: c }) => [c.caseNumber, c]),
    ).values(),
  ];
  const major: ReportTable = {
    id: 'major',
    title: '重大疑难案件及其进展',
    columns: [
      { key: 'caseNumber', label: '受理编号', kind: 'text' },
      { key: 'status', label: '状态', kind: 'text' },
      { key: 'lead', label: '牵头单位', kind: 'text' },
      { key: 'units', label: '在办单位', kind: 'text' },
      { key: 'due', label: '当前期限', kind: 'text' },
    ],
    // Which deadline runs depends on the step: the answer's, then the follow-up visit's.
    rows: majors.map((c) => ({
      caseNumber: c.caseNumber,
      status: STATUS_LABELS[c.status],
      lead: c.lead ? unitLabel(c.lead) : '',
      // The units that owe work on it now (an opinion, the written opinion, the answer…).
      units: [
        ...new Set(
          workload
            .filter((w) => w.case.caseNumber === c.caseNumber)
            .map((w) => unitLabel(w.item.unit)),
        ),
      ].join(UNITS_JOIN),
      due: c.due ? `${c.due.date}（${DUE_LABELS[c.due.kind]}）` : '',
    })),
  };

  const receivedBefore = n(prev, 'received#all');
  const flagged = units.filter((u) => n(cur, `returns#${u.id}`) > RETURNS_FLAG_THRESHOLD);
  const highlights = [
    `本期共受理争议 ${received} 件，上期 ${receivedBefore} 件${receivedBefore ? `，环比${received >= receivedBefore ? '增加' : '减少'} ${Math.abs(Math.round(((received - receivedBefore) / receivedBefore) * 100))}%` : ''}。`,
    ...[byChannel, byMatter, byInsurance, byUnit].flatMap(spikes),
    overdueItems.length > 0
      ? `目前有 ${overdueItems.length} 项待办超期未办，其中已报领导小组督办 ${overdueItems.filter(({ item }) => item.supervisedOn).length} 项。`
      : '目前没有超期未办结的案件。',
    ...flagged.map(
      (u) =>
        `${u.label}本期退回 ${n(cur, `returns#${u.id}`)} 件，超过提示线（${RETURNS_FLAG_THRESHOLD} 件），请关注是否存在推诿。`,
    ),
    ...(employers.length > 0
      ? [
          `有 ${employers.length} 家用人单位本期涉及 2 件以上争议（含职工反映的），最多的 ${employers[0]?.[1].n ?? 0} 件，请关注群体性争议风险。`,
        ]
      : []),
    ...(persons.length > 0 ? [`有 ${persons.length} 名个人本期多次反映。`] : []),
    ...jointPath(cur),
    `本期新增重大疑难案件 ${n(cur, 'major#all')} 件，目前在办 ${majors.length} 件。`,
  ];

  const titles = { weekly: '周报', monthly: '月报', 'on-demand': '专题统计' } as const;
  return {
    id: kind === 'on-demand' ? `on-demand-${now.getTime()}` : `${kind}-${period.from}`,
    kind,
    title: `社会保险费征缴争议处理${titles[kind]}（${period.from} 至 ${period.to}）`,
    period,
    generatedAt: now.toISOString(),
    highlights,
    tables: [
      byChannel,
      byMatter,
      byInsurance,
      byUnit,
      bySide,
      onTime,
      outcomes,
      unitOutcomes,
      remedies,
      overdue,
      assignments,
      repeat,
      major,
    ],
  };
}

/**
 * The joint path in one line (seed 三(一)2): cases sent to the office, its triage on time or late,
 * the meetings held. A leaders' review (2026-12-05) found the office's work in no report.
 */
function jointPath(cur: Sums): string[] {
  const sent = n(cur, 'mode#joint') + n(cur, 'mode#triage');
  const onTime = n(cur, 'signfor-ontime#office');
  const triaged = onTime + n(cur, 'signfor-late#office');
  const met = n(cur, 'consultation#all');
  const special = n(cur, 'special-meeting#all');
  if (sent + triaged + met + special === 0) return [];
  return [
    `本期有 ${n(cur, 'mode#joint')} 件争议涉及几个单位、${n(cur, 'mode#triage')} 件事项不明确，交争议处理工作室分办；工作室分办 ${triaged} 件，其中按时 ${onTime} 件；召开会商 ${met} 次、专题会议 ${special} 次。`,
  ];
}

/** Reports are for the leading group, the office and the units' heads (DESIGN.md §1). */
export function mayReadReports(p: Principal): boolean {
  return p.role === 'leader' || p.role === 'admin' || p.role === 'head' || p.unit === 'office';
}

/**
 * Per table, the column whose unit label makes a row a unit's own: the tables by unit, the open
 * items a unit owes, the major cases it leads (or works on now: `unitsRow`).
 */
const UNIT_COLUMN: Readonly<Record<string, string>> = {
  unit: 'label',
  'on-time': 'label',
  'unit-outcomes': 'label',
  assignments: 'label',
  overdue: 'unit',
  major: 'lead',
};

/** How the major cases' 在办单位 are listed in one cell. */
const UNITS_JOIN = '、';

/** Whether a row is the unit's: its column names the unit, or a major case's 在办单位 do. */
function unitsRow(tableId: string, row: ReportTable['rows'][number], label: string): boolean {
  const column = UNIT_COLUMN[tableId];
  if (column && row[column] === label) return true;
  return (
    tableId === 'major' &&
    String(row.units ?? '')
      .split(UNITS_JOIN)
      .includes(label)
  );
}

/**
 * Who reads the whole report: whoever sees every case, and the leading group office's director,
 * the tax bureau's head (seed 附件1(一): 领导小组办公室设在旗税务局…办公室主任由旗税务局局长兼任;
 * 负责…综合协调、统筹调度), to whose post the reports are e-mailed (roster.ts). A review found the
 * e-mail's link opening the tax bureau's part only.
 */
export function readsWholeReport(p: Principal): boolean {
  return seesAll(p) || directsLeadingGroupOffice(p);
}

/**
 * A report as its reader may read it. The leading group, administrators and the office read all
 * of it. A unit's head reads the unit's figures (DESIGN.md §1), and a unit sees only its own
 * cases: the rows of the tables above that are the unit's, and nothing of the county's
 * breakdowns, findings or risk table, which name other units' cases and parties. The page, the
 * JSON and the downloads all read the report through this.
 */
export function reportForReader(report: Report, p: Principal): Report {
  if (readsWholeReport(p)) return report;
  // No unit, no rows: only a unit's own part is ever cut (mayReadReports refuses the rest).
  const label = p.unit ? unitLabel(p.unit) : '';
  const tables = report.tables.flatMap((t) => {
    const column = UNIT_COLUMN[t.id];
    if (!column || !label) return [];
    // Without its note: it tells how the county's rows add up.
    const { note: _, ...table } = t;
    return [{ ...table, rows: t.rows.filter((r) => unitsRow(t.id, r, label)) }];
  });
  const overdue = tables.find((t) => t.id === 'overdue')?.rows.length ?? 0;
  // The unit before the period: 「…周报——旗税务局（2026-10-05 至 2026-10-11）」.
  const period = /（[^（）]*）$/.exec(report.title)?.[0] ?? '';
  // The opinion reads the county's figures, which a unit's part leaves out.
  const { opinion: _opinion, ...own } = report;
  return {
    ...own,
    title: `${report.title.slice(0, report.title.length - period.length)}——${label}${period}`,
    highlights: [
      `这份报告只列${label}的数字和案件；全旗的汇总、分析和风险提示由领导小组和争议处理工作室查看。`,
      overdue > 0
        ? `本单位目前有 ${overdue} 项待办超期未办，请尽快办理。`
        : '本单位目前没有超期未办的事项。',
    ],
    tables,
  };
}

/**
 * Who writes a report's 分析意见和应对措施 (seed 四(三)): the office that handles the disputes, the
 * leading-group office's director, and the leading group. Administrators keep the system, not the
 * analysis; a unit's head reads its own part only.
 */
export function mayWriteReportOpinion(p: Principal): boolean {
  return p.unit === OFFICE || p.role === 'leader' || directsLeadingGroupOffice(p);
}

/** How long an opinion may be, as the longest texts of a case (an answer, minutes). */
export const REPORT_OPINION_LIMIT = 5000;

/** No report under that id (404). */
export class ReportNotFoundError extends Error {
  constructor(id: string) {
    super(`report ${id} not found`);
    this.name = 'ReportNotFoundError';
  }
}

/**
 * Writes the report's opinion, or its next version: `previousAt` is the version the writer read
 * (null for none), so that two writers at once do not overwrite each other unseen (409).
 */
export async function writeReportOpinion(
  id: string,
  input: { text: string; previousAt: string | null },
  writer: { principal: Principal; name?: string },
  deps: { reports: ReportStore; clock: Clock },
): Promise<Report> {
  if (!mayWriteReportOpinion(writer.principal)) throw new NotAllowedError('writeReportOpinion');
  const text = input.text.trim();
  if (!text) throw new ActionInputError('/opinion', '请填写分析意见和应对措施');
  if (text.length > REPORT_OPINION_LIMIT) {
    throw new ActionInputError(
      '/opinion',
      `分析意见和应对措施不能超过 ${REPORT_OPINION_LIMIT} 个字，现在是 ${text.length} 个字`,
    );
  }
  const report = await deps.reports.get(id);
  if (!report) throw new ReportNotFoundError(id);
  const opinion = {
    text,
    by: writer.principal.user,
    ...(writer.name ? { name: writer.name } : {}),
    at: deps.clock.now().toISOString(),
  };
  if (!(await deps.reports.putOpinion(id, opinion, input.previousAt))) {
    throw new ConcurrentChangeError(id);
  }
  return { ...report, opinion };
}

/** On-demand reports are asked for by the leading group, administrators and the office. */
export function mayRequestReports(p: Principal): boolean {
  return p.role === 'leader' || p.role === 'admin' || p.unit === 'office';
}

/**
 * The weekly or monthly report for the period before today: built, stored once and sent to the
 * leading group. A second run for the same period finds it stored and sends nothing.
 */
export async function scheduledReport(
  kind: 'weekly' | 'monthly',
  deps: AnalysisDeps & { reports: ReportStore; notifier: Notifier },
): Promise<{ report: Report; stored: boolean }> {
  const today = shanghaiDate(deps.clock.now());
  const period = kind === 'weekly' ? previousWeek(today) : previousMonth(today);
  const existing = await deps.reports.get(`${kind}-${period.from}`);
  if (existing) return { report: existing, stored: false };
  const report = await buildReport(kind, period, deps);
  const stored = await deps.reports.putOnce(report);
  if (stored) {
    await deps.notifier
      .notify({ kind: 'report', reportId: report.id, title: report.title })
      .catch(() => undefined);
  }
  return { report, stored };
}
