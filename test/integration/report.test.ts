// Its own runtime: its clock moves through LOCAL_CLOCK_FILE, and it sets the deadline policy.
/**
 * A report built from a seeded week, every figure checked against a count the test makes from its
 * own plan of what happened (not from the aggregates the product keeps).
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { caseRequest, creditCode, matter, postJson, residentId } from '#test/fixtures/cases.ts';
import { adminCli, ownRuntime, shanghaiClock } from '#test/fixtures/integration.ts';
import { notificationsDelivered } from '#test/fixtures/outbox.ts';
import { eventually } from '#test/fixtures/runtime.ts';
import { act, runSchedule, staffGet, staffPost, tokenFor } from '#test/fixtures/staff.ts';

const clock = shanghaiClock('2026-10-27T10:00:00');
// Settings of its own too: silence counts as acceptance after 3 working days (beforeAll).
const rt = ownRuntime({ env: clock.env, demoAccounts: true });
const admin = adminCli(rt);

interface Planned {
  caseNumber: string;
  accessCode: string;
  channel: string;
  matters: { type: string; insurance: string[]; period: { from: string; to: string } }[];
  units: string[];
  signFor?: { unit: string; onTime: boolean };
  answer?: { unit: string; onTime: boolean };
  decision?: 'accept' | 'object';
  followUp?: 'satisfied' | 'dissatisfied';
  returnedBy?: string;
  major?: boolean;
  /** Accepted by silence: the sweep's deemed acceptance. */
  deemed?: boolean;
  payerId: string;
}

/** A leader's 交办 on a case: to whom, and whether the unit reported it done in time. */
const assignments: { unit: string; done?: 'on-time' | 'late' }[] = [];

const week: Planned[] = [];
const previousWeek: Planned[] = [];
const repeatId = residentId();

async function file(
  list: Planned[],
  channel: string,
  matters: Planned['matters'],
  payerId = residentId(),
  kind = 'person',
) {
  const payer = {
    kind,
    name: kind === 'person' ? '赵六' : '某某物流有限公司',
    idNumber: payerId,
    phone: '13812345678',
  };
  const res =
    channel === 'online'
      ? await postJson(`${rt.url}/api/cases`, caseRequest({ payer, matters }))
      : await staffPost(
          rt,
          '/api/staff/cases',
          { channel, registeredOn: '2026-11-02', payer, matters, description: '窗口登记' },
          await tokenFor(rt, 'data-bureau.staff'),
        );
  expect(res.status).toBe(201);
  const caseNumber = String(res.json.caseNumber);
  await eventually(async () =>
    (await rt.store.get(caseNumber))?.status !== 'received' ? true : undefined,
  );
  const planned: Planned = {
    caseNumber,
    accessCode: String(res.json.accessCode),
    channel,
    matters,
    units: (res.json.routing as { units: string[] }).units,
    payerId,
  };
  list.push(planned);
  return planned;
}

const kindOf = (p: Planned) =>
  p.matters.some((m) => m.type === 'arrears' || m.type === 'penalty') ? 'enforcement' : 'other';

beforeAll(async () => {
  // Silence counts as acceptance after 3 working days here, so that it falls inside the week.
  await admin('deadlines', 'set', 'silenceMeansAccept=3');

  // The week before: two online cases.
  await file(previousWeek, 'online', [matter({ type: 'base', insurance: ['pension'] })]);
  await file(previousWeek, 'online', [
    matter({
      type: 'benefits',
      insurance: ['medical'],
      period: { from: '2023-01', to: '2023-03' },
    }),
  ]);

  // The week 2026-11-02 (Mon) to 11-08.
  clock.set('2026-11-02T09:00:00');
  const c1 = await file(
    week,
    'online',
    [matter({ type: 'base', insurance: ['pension'] })],
    repeatId,
  );
  await act(rt, 'tax.staff', c1.caseNumber, { type: 'sign-for' });
  c1.signFor = { unit: 'tax', onTime: true };
  await act(rt, 'tax.staff', c1.caseNumber, { type: 'respond', answer: '已核实' });
  c1.answer = { unit: 'tax', onTime: true };
  await postJson(
    `${rt.url}/api/cases/${c1.caseNumber}/decision`,
    { decision: 'accept' },
    { 'x-access-code': c1.accessCode },
  );
  c1.decision = 'accept';
  await postJson(
    `${rt.url}/api/cases/${c1.caseNumber}/survey`,
    { result: 'satisfied' },
    { 'x-access-code': c1.accessCode },
  );
  c1.followUp = 'satisfied';

  const c2 = await file(week, 'online', [
    matter({
      type: 'benefits',
      insurance: ['medical'],
      period: { from: '2023-01', to: '2023-12' },
    }),
  ]);
  const c3 = await file(week, 'walk-in', [
    matter({ type: 'arrears', insurance: ['pension'], period: { from: '2024-05', to: '2024-06' } }),
  ]);
  const c4 = await file(week, 'hotline-12345', [
    matter({ type: 'labour-relation', insurance: [] }),
  ]);
  const c5 = await file(week, 'online', [
    matter({
      type: 'declaration',
      insurance: ['work-injury'],
      period: { from: '2024-05', to: '2024-05' },
    }),
  ]);
  const c6 = await file(
    week,
    'online',
    [
      matter({
        type: 'amount',
        insurance: ['medical'],
        period: { from: '2025-01', to: '2025-02' },
      }),
    ],
    repeatId,
  );
  const c7 = await file(
    week,
    'online',
    [
      matter({
        type: 'penalty',
        insurance: ['pension'],
        period: { from: '2022-01', to: '2022-06' },
      }),
    ],
    creditCode(),
    'organization',
  );

  await act(rt, 'tax.staff', c3.caseNumber, { type: 'sign-for' });
  c3.signFor = { unit: 'tax', onTime: true };
  // c6 is answered on Monday and the payer says nothing: taken as accepted after Thursday.
  await act(rt, 'tax.staff', c6.caseNumber, { type: 'sign-for' });
  c6.signFor = { unit: 'tax', onTime: true };
  await act(rt, 'tax.staff', c6.caseNumber, { type: 'respond', answer: '已核实' });
  c6.answer = { unit: 'tax', onTime: true };
  // A leader assigns two tasks (交办): one to hrss on the unsigned hotline case, one to justice.
  const leader = await tokenFor(rt, 'leader');
  for (const [caseNumber, unit, due] of [
    [c4.caseNumber, 'hrss', '2026-11-06'],
    [c2.caseNumber, 'justice', '2026-11-05'],
  ] as const) {
    const res = await staffPost(
      rt,
      `/api/staff/cases/${caseNumber}/actions`,
      { type: 'assign-task', unit, task: '请核实并报告', due },
      leader,
    );
    expect(res.status).toBe(200);
    assignments.push({ unit });
  }
  await act(rt, 'tax.head', c5.caseNumber, {
    type: 'return',
    reason: 'not-our-duty',
    note: '不属本单位',
  });
  c5.returnedBy = 'tax';
  await act(rt, 'office.staff', c7.caseNumber, { type: 'classify', as: 'major', lead: 'tax' });
  c7.major = true;

  // Wednesday: the medical bureau signs for c2 late (its deadline was Tuesday).
  clock.set('2026-11-04T09:00:00');
  await act(rt, 'medical.staff', c2.caseNumber, { type: 'sign-for' });
  c2.signFor = { unit: 'medical', onTime: false };
  await act(rt, 'medical.staff', c2.caseNumber, { type: 'respond', answer: '待遇已补发' });
  c2.answer = { unit: 'medical', onTime: true };
  await postJson(
    `${rt.url}/api/cases/${c2.caseNumber}/decision`,
    { decision: 'object', route: 'arbitration' },
    { 'x-access-code': c2.accessCode },
  );
  c2.decision = 'object';
  await act(rt, 'tax.staff', c3.caseNumber, { type: 'respond', answer: '欠费属实' });
  c3.answer = { unit: 'tax', onTime: true };
  await postJson(
    `${rt.url}/api/cases/${c3.caseNumber}/decision`,
    { decision: 'accept' },
    { 'x-access-code': c3.accessCode },
  );
  c3.decision = 'accept';
  await postJson(
    `${rt.url}/api/cases/${c3.caseNumber}/survey`,
    { result: 'dissatisfied' },
    { 'x-access-code': c3.accessCode },
  );
  c3.followUp = 'dissatisfied';
  // justice reports its task done on Wednesday, before its due date.
  await act(rt, 'justice.staff', c2.caseNumber, { type: 'report-assignment', reply: '已核实' });
  const justice = assignments.find((a) => a.unit === 'justice');
  if (justice) justice.done = 'on-time';

  // Friday: the hourly sweep finds c6's payer silent past Thursday, the last day to object.
  clock.set('2026-11-06T10:00:00');
  const sweep = await runSchedule(rt, 'supervision-sweep');
  expect(await sweep.json()).toMatchObject({ deemedAccepted: 1 });
  c6.decision = 'accept';
  c6.deemed = true;
  expect((await rt.store.get(c6.caseNumber))?.decision).toMatchObject({ channel: 'silence' });
});

describe('the weekly report', () => {
  it('gives figures that match an independent count of what happened', async () => {
    // Act: Monday 11-09, 08:00: the weekly schedule fires.
    clock.set('2026-11-09T08:00:00');
    const run = await runSchedule(rt, 'weekly-report');
    expect(await run.json()).toMatchObject({ id: 'weekly-2026-11-02', stored: true });
    const token = await tokenFor(rt, 'leader');
    const res = await staffGet(rt, '/api/staff/reports/weekly-2026-11-02', token);
    expect(res.status).toBe(200);
    const { report, charts } = res.json as {
      report: {
        period: unknown;
        highlights: string[];
        tables: { id: string; rows: Record<string, unknown>[] }[];
      };
      charts: Record<string, string>;
    };
    const table = (id: string) => report.tables.find((t) => t.id === id)?.rows ?? [];
    const row = (id: string, label: string) => table(id).find((r) => r.label === label) ?? {};
    expect(report.period).toEqual({ from: '2026-11-02', to: '2026-11-08' });

    // Volumes by dimension, against the plan
    const count = (list: Planned[], pred: (p: Planned) => boolean) => list.filter(pred).length;
    expect(row('channel', '网上提交')).toMatchObject({
      count: count(week, (p) => p.channel === 'online'),
      previous: count(previousWeek, (p) => p.channel === 'online'),
    });
    expect(row('channel', '窗口来访').count).toBe(count(week, (p) => p.channel === 'walk-in'));
    expect(row('channel', '12345 热线').count).toBe(
      count(week, (p) => p.channel === 'hotline-12345'),
    );
    expect(row('matter', '欠费追缴').count).toBe(
      count(week, (p) => p.matters.some((m) => m.type === 'arrears')),
    );
    expect(row('insurance', '医疗保险').count).toBe(
      count(week, (p) => p.matters.some((m) => m.insurance.includes('medical'))),
    );
    expect(row('insurance', '养老保险').count).toBe(
      count(week, (p) => p.matters.some((m) => m.insurance.includes('pension'))),
    );
    expect(row('unit', '旗税务局').count).toBe(count(week, (p) => p.units.includes('tax')));
    expect(row('unit', '社会保险费征缴争议处理工作室').count).toBe(
      count(week, (p) => p.units.includes('office')),
    );
    expect(row('side', '2024年4月1日前').count).toBe(
      count(week, (p) => p.matters.some((m) => m.period.from < '2024-04')),
    );
    expect(row('side', '2024年4月1日起').count).toBe(
      count(week, (p) => p.matters.some((m) => m.period.to >= '2024-04')),
    );

    // On-time rates and returns per unit
    const tax = row('on-time', '旗税务局');
    expect(tax).toMatchObject({
      signForOnTime: count(week, (p) => p.signFor?.unit === 'tax' && p.signFor.onTime),
      signForLate: count(week, (p) => p.signFor?.unit === 'tax' && !p.signFor.onTime),
      answerOnTime: count(week, (p) => p.answer?.unit === 'tax' && p.answer.onTime),
      returns: count(week, (p) => p.returnedBy === 'tax'),
    });
    const medical = row('on-time', '旗医疗保障局');
    expect(medical).toMatchObject({ signForOnTime: 0, signForLate: 1, signForRate: 0 });

    // Outcomes, enforcement apart from satisfaction
    const answered = (k: string) => week.filter((p) => p.answer && kindOf(p) === k);
    const general = row('outcomes', '一般事项');
    expect(general.responded).toBe(answered('other').length);
    expect(general.resolution).toBeCloseTo(
      answered('other').filter((p) => p.decision === 'accept').length / answered('other').length,
    );
    expect(general.objection).toBeCloseTo(
      answered('other').filter((p) => p.decision === 'object').length / answered('other').length,
    );
    const surveyed = week.filter((p) => p.followUp && kindOf(p) === 'other');
    expect(general.satisfaction).toBeCloseTo(
      surveyed.filter((p) => p.followUp === 'satisfied').length / surveyed.length,
    );
    expect(general.deemed).toBe(answered('other').filter((p) => p.deemed).length);
    expect(general.deemed).toBe(1);
    const enforcement = table('outcomes').find((r) => String(r.label).startsWith('欠费追缴')) ?? {};
    expect(enforcement).toMatchObject({
      responded: answered('enforcement').length,
      satisfaction: null,
    });

    // Leaders' assignments per unit
    for (const unit of ['hrss', 'justice']) {
      const label = unit === 'hrss' ? '旗人力资源和社会保障局' : '旗司法局';
      expect(row('assignments', label)).toMatchObject({
        assigned: assignments.filter((a) => a.unit === unit).length,
        onTime: assignments.filter((a) => a.unit === unit && a.done === 'on-time').length,
        late: assignments.filter((a) => a.unit === unit && a.done === 'late').length,
      });
    }
    expect(table('assignments')).toHaveLength(2);

    // Open overdue items, repeat payers, major cases
    const overdue = table('overdue').map((r) => r.caseNumber);
    expect(overdue).toContain(week[3]?.caseNumber); // the hotline case nobody signed for
    const repeats = table('repeat');
    expect(repeats).toEqual([
      { kind: '个人', name: '赵*', count: count(week, (p) => p.payerId === repeatId) },
    ]);
    expect(table('major').map((r) => r.caseNumber)).toEqual([week[6]?.caseNumber]);

    // Week-on-week change and charts
    expect(report.highlights[0]).toContain(
      `本期共受理争议 ${week.length} 件，上期 ${previousWeek.length} 件`,
    );
    expect(charts.channel).toMatch(/^<svg[^>]*role="img"/);
  });

  it('rates each unit on satisfaction and objections, enforcement apart, as the plan counts them', async () => {
    // Prepare: the weekly report the first test had built (2026-11-02 to 11-08).
    const res = await staffGet(
      rt,
      '/api/staff/reports/weekly-2026-11-02',
      await tokenFor(rt, 'leader'),
    );
    expect(res.status).toBe(200);
    const { report } = res.json as {
      report: { tables: { id: string; rows: Record<string, unknown>[] }[] };
    };
    const rows = report.tables.find((t) => t.id === 'unit-outcomes')?.rows ?? [];
    const ratio = (part: number, whole: number) => (whole === 0 ? null : part / whole);

    // Assess: one row per unit and category that answered, against the plan's own count.
    const answered = week.filter((p) => p.answer);
    const groups = [...new Set(answered.map((p) => `${p.answer?.unit}:${kindOf(p)}`))].map(
      (g) => g.split(':') as [string, 'other' | 'enforcement'],
    );
    expect(groups.length).toBeGreaterThan(2); // tax general, tax enforcement, medical general
    expect(rows).toHaveLength(groups.length);
    for (const [unit, kind] of groups) {
      const mine = answered.filter((p) => p.answer?.unit === unit && kindOf(p) === kind);
      const said = (r: Planned['followUp']) => mine.filter((p) => p.followUp === r).length;
      const reached = mine.filter((p) => p.followUp).length;
      const objected = mine.filter((p) => p.decision === 'object').length;
      const label = unit === 'tax' ? '旗税务局' : '旗医疗保障局';
      const row = rows.find(
        (r) =>
          r.label === label && String(r.category).startsWith(kind === 'other' ? '一般' : '欠费'),
      );
      expect(row, `${unit} ${kind}`).toMatchObject({
        responded: mine.length,
        satisfied: said('satisfied'),
        dissatisfied: said('dissatisfied'),
        objected,
        objection: ratio(objected, mine.length),
        // Enforcement matters are never rated on satisfaction (DESIGN.md §4).
        satisfaction: kind === 'enforcement' ? null : ratio(said('satisfied'), reached),
        dissatisfaction: kind === 'enforcement' ? null : ratio(said('dissatisfied'), reached),
      });
    }
    // The plan has a satisfied tax case, a dissatisfied enforcement one and a medical objection.
    expect(rows.some((r) => r.satisfaction === 1)).toBe(true);
    expect(rows.some((r) => Number(r.objected) > 0)).toBe(true);
  });

  it('is stored and sent once, downloads as CSV and XLSX, and is refused to staff', async () => {
    clock.set('2026-11-09T09:00:00');
    const again = await runSchedule(rt, 'weekly-report');
    expect(await again.json()).toMatchObject({ stored: false });
    const { readdirSync, readFileSync } = await import('node:fs');
    const outbox = join(rt.dataDir, 'outbox');
    // Delivery is asynchronous (issue 14): read once the notifications queue is drained.
    await notificationsDelivered(rt);
    const sent = readdirSync(outbox)
      .map(
        (f) => JSON.parse(readFileSync(join(outbox, f), 'utf8')) as { to: string; subject: string },
      )
      .filter((m) => m.to === 'leading-group' && m.subject.includes('周报'));
    expect(sent).toHaveLength(1);

    const token = await tokenFor(rt, 'leader');
    const csv = await fetch(`${rt.url}/api/staff/reports/weekly-2026-11-02?format=csv`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toContain('按受理渠道');
    const xlsx = await fetch(`${rt.url}/api/staff/reports/weekly-2026-11-02?format=xlsx`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const bytes = Buffer.from(await xlsx.arrayBuffer());
    expect(bytes.subarray(0, 4).toString('binary')).toBe('PK\u0003\u0004');

    const staff = await staffGet(
      rt,
      '/api/staff/reports/weekly-2026-11-02',
      await tokenFor(rt, 'tax.staff'),
    );
    expect(staff.status).toBe(403);
    const list = await staffGet(rt, '/api/staff/reports', await tokenFor(rt, 'tax.head'));
    expect((list.json.items as { id: string }[]).map((i) => i.id)).toContain('weekly-2026-11-02');
  });
});
