// Its own runtime: its clock moves through LOCAL_CLOCK_FILE.
/**
 * After an objection (seed 四(二): 受理、联调、司法确认、调裁对接): the answering unit records the
 * remedy's progress and outcome, before and after the archive, and the monthly report counts the
 * steps by route and outcome — checked against the test's own plan, not the product's counters.
 */
import { describe, expect, it } from 'vitest';
import { caseRequest, postJson } from '#test/fixtures/cases.ts';
import { ownRuntime, shanghaiClock } from '#test/fixtures/integration.ts';
import { eventually } from '#test/fixtures/runtime.ts';
import { act, runSchedule, staffGet, tokenFor } from '#test/fixtures/staff.ts';
import { csrfOf, getPage, postPage, sessionCookieFor } from '#test/fixtures/staff-session.ts';

const clock = shanghaiClock('2026-11-02T09:00:00');
const rt = ownRuntime({ env: clock.env, demoAccounts: true });

/** Every remedy step the test records in November, by route and outcome. */
const recorded: { caseNumber: string; route: string; outcome: string }[] = [];

/** A tax case answered on 2026-11-02; the payer objects online, taking `route`, or accepts. */
async function answered(route: string | null) {
  const res = await postJson(`${rt.url}/api/cases`, caseRequest());
  expect(res.status).toBe(201);
  const caseNumber = String(res.json.caseNumber);
  await eventually(async () =>
    (await rt.store.get(caseNumber))?.status === 'assigned' ? true : undefined,
  );
  expect((await act(rt, 'tax.staff', caseNumber, { type: 'sign-for' })).status).toBe(200);
  expect(
    (await act(rt, 'tax.staff', caseNumber, { type: 'respond', answer: '经核实，按规定核定。' }))
      .status,
  ).toBe(200);
  const decision = await postJson(
    `${rt.url}/api/cases/${caseNumber}/decision`,
    route ? { decision: 'object', route } : { decision: 'accept' },
    { 'x-access-code': String(res.json.accessCode) },
  );
  expect(decision.status).toBeLessThan(300);
  return caseNumber;
}

async function remedy(caseNumber: string, route: string, outcome: string, on: string) {
  const res = await act(rt, 'tax.staff', caseNumber, {
    type: 'record-remedy',
    outcome,
    on,
    note: `${outcome} 说明`,
  });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  recorded.push({ caseNumber, route, outcome });
  return res;
}

describe('the remedy after an objection', () => {
  let mediated = '';
  let arbitrated = '';
  let withdrawn = '';

  it('is recorded by the answering unit, before and after the archive, with codes only in the timeline', async () => {
    // Prepare: three objections on 2026-11-02, two by mediation and one by arbitration.
    mediated = await answered('mediation');
    arbitrated = await answered('arbitration');
    withdrawn = await answered('mediation');

    // Act: mediation accepted, then an agreement; the case is archived; then the court confirms.
    clock.set('2026-11-05T10:00:00');
    await remedy(mediated, 'mediation', 'in-progress', '2026-11-04');
    clock.set('2026-11-12T10:00:00');
    await remedy(mediated, 'mediation', 'mediation-agreement', '2026-11-12');
    expect((await act(rt, 'tax.staff', mediated, { type: 'archive' })).status).toBe(200);
    clock.set('2026-11-20T10:00:00');
    await remedy(mediated, 'mediation', 'judicial-confirmation', '2026-11-19');
    await remedy(arbitrated, 'arbitration', 'arbitration-award', '2026-11-18');

    // Assess: stored on the case, oldest first, with who and when.
    const stored = await rt.store.get(mediated);
    expect(stored?.status).toBe('archived');
    expect(stored?.remedies).toEqual([
      expect.objectContaining({ outcome: 'in-progress', on: '2026-11-04', by: 'tax.staff' }),
      expect.objectContaining({ outcome: 'mediation-agreement', on: '2026-11-12' }),
      expect.objectContaining({
        outcome: 'judicial-confirmation',
        on: '2026-11-19',
        note: 'judicial-confirmation 说明',
      }),
    ]);
    const events = (await rt.store.timeline(mediated)).filter(
      (e) => e.transition === 'recordRemedy',
    );
    expect(events.map((e) => e.detail)).toEqual([
      { outcome: 'in-progress', outcomeOn: '2026-11-04' },
      { outcome: 'mediation-agreement', outcomeOn: '2026-11-12' },
      { outcome: 'judicial-confirmation', outcomeOn: '2026-11-19' },
    ]);
    // The note may name the other party: it stays on the case, never in the timeline.
    expect(events.every((e) => !e.text)).toBe(true);
  });

  it('is refused on a case without an objection, to another unit, and for a day still to come', async () => {
    const accepted = await answered(null);
    const noObjection = await act(rt, 'tax.staff', accepted, {
      type: 'record-remedy',
      outcome: 'withdrawn',
      on: '2026-11-20',
    });
    expect(noObjection.status).toBe(409);
    const otherUnit = await act(rt, 'medical.staff', arbitrated, {
      type: 'record-remedy',
      outcome: 'judgement',
      on: '2026-11-20',
    });
    expect([403, 404]).toContain(otherUnit.status);
    const future = await act(rt, 'tax.staff', arbitrated, {
      type: 'record-remedy',
      outcome: 'judgement',
      on: '2026-11-21',
    });
    // A day still to come is bad input, named by its field.
    expect(future.status).toBe(400);
    expect(future.json).toMatchObject({
      errors: [{ pointer: '/on', detail: '日期不能晚于今天。' }],
    });
    // So is an outcome the route chosen cannot reach: a reconsideration decision on arbitration
    const wrongRoute = await act(rt, 'tax.staff', arbitrated, {
      type: 'record-remedy',
      outcome: 'reconsideration-decision',
      on: '2026-11-20',
    });
    expect(wrongRoute.status).toBe(400);
    expect(wrongRoute.json).toMatchObject({
      errors: [
        {
          pointer: '/outcome',
          detail:
            '缴费人选择的是劳动人事争议仲裁，不会有“作出行政复议决定”这个结果；缴费人改走其他途径的，请在办理情况中写明。',
        },
      ],
    });
    expect((await rt.store.get(accepted))?.remedies).toBeUndefined();
    expect((await rt.store.get(arbitrated))?.remedies).toHaveLength(1);
  });

  it('is recorded from the case page form and shown there in plain words', async () => {
    // Act: the withdrawal recorded through the page's form, as a browser posts it.
    const cookie = await sessionCookieFor(rt, 'tax.staff');
    const before = await getPage(rt, `/staff/cases/${withdrawn}`, cookie);
    expect(before.status).toBe(200);
    expect(before.text).toContain('data-action="record-remedy"');
    const version = /name="version" value="(\d+)"/.exec(before.text)?.[1] ?? '';
    const posted = await postPage(
      rt,
      `/staff/cases/${withdrawn}/actions`,
      cookie,
      { type: 'record-remedy', version, outcome: 'withdrawn', on: '2026-11-20', note: '双方和解' },
      csrfOf(before.text),
    );
    expect(posted.status).toBe(303);
    recorded.push({ caseNumber: withdrawn, route: 'mediation', outcome: 'withdrawn' });
    expect((await rt.store.get(withdrawn))?.remedies).toEqual([
      expect.objectContaining({ outcome: 'withdrawn', on: '2026-11-20', note: '双方和解' }),
    ]);

    // Assess: the archived case's page lists every step in words, and still offers the form.
    const page = await getPage(rt, `/staff/cases/${mediated}`, cookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain('救济途径进展');
    for (const words of ['已受理、正在进行', '达成调解协议', '调解协议经法院司法确认']) {
      expect(page.text).toContain(words);
    }
    expect(page.text).toContain('mediation-agreement 说明');
    expect(page.text).toContain('救济途径进展：调解协议经法院司法确认');
    expect(page.text).toContain('data-action="record-remedy"');
    // The form offers only what mediation can reach.
    const form = page.text.slice(page.text.indexOf('data-action="record-remedy"'));
    const offered = [
      ...form.slice(0, form.indexOf('</form>')).matchAll(/name="outcome" value="([^"]+)"/g),
    ];
    expect(offered.map((m) => m[1])).toEqual([
      'in-progress',
      'mediation-agreement',
      'judicial-confirmation',
      'judgement',
      'withdrawn',
    ]);
    // Another unit's staff is never offered the form on a case it may see.
    const office = await getPage(
      rt,
      `/staff/cases/${mediated}`,
      await sessionCookieFor(rt, 'office.staff'),
    );
    expect(office.status).toBe(200);
    expect(office.text).not.toContain('data-action="record-remedy"');
  });

  it('is counted in the monthly report by route and outcome', async () => {
    // Act: 2026-12-01, the monthly schedule fires for November.
    clock.set('2026-12-01T08:00:00');
    const run = await runSchedule(rt, 'monthly-report');
    expect(await run.json()).toMatchObject({ id: 'monthly-2026-11-01', stored: true });
    const res = await staffGet(
      rt,
      '/api/staff/reports/monthly-2026-11-01',
      await tokenFor(rt, 'leader'),
    );
    expect(res.status).toBe(200);
    const { report } = res.json as {
      report: { tables: { id: string; rows: Record<string, unknown>[] }[] };
    };
    const rows = report.tables.find((t) => t.id === 'remedies')?.rows ?? [];

    // Assess: one row per route and outcome recorded, each with the plan's own count.
    const ROUTES: Record<string, string> = {
      mediation: '司法调解',
      arbitration: '劳动人事争议仲裁',
    };
    const OUTCOMES: Record<string, string> = {
      'in-progress': '已受理、正在进行',
      'mediation-agreement': '达成调解协议',
      'judicial-confirmation': '调解协议经法院司法确认',
      'arbitration-award': '作出仲裁裁决',
      withdrawn: '缴费人撤回',
    };
    const expected = new Map<string, number>();
    for (const r of recorded) {
      const key = `${ROUTES[r.route]}|${OUTCOMES[r.outcome]}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    expect(recorded).toHaveLength(5);
    expect(
      new Map(rows.map((r) => [`${String(r.route)}|${String(r.outcome)}`, Number(r.count)])),
    ).toEqual(expected);
  });
});
