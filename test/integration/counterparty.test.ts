// Its own runtime: its clock moves through LOCAL_CLOCK_FILE.
/**
 * The other party of a dispute (issue 13) on the local runtime: told of the answer by its own SMS,
 * shown to the unit that holds the case and masked to others, and counted once per employer in the
 * leaders' risk table, checked against the test's own count of what it filed.
 */
import { describe, expect, it } from 'vitest';
import { makeCreditCode, maskIdNumber, maskName, maskPhone } from '#core/identifiers.ts';
import { caseRequest, postJson, residentId } from '#test/fixtures/cases.ts';
import { ownRuntime, shanghaiClock, smsAbout } from '#test/fixtures/integration.ts';
import { eventually } from '#test/fixtures/runtime.ts';
import { act, runSchedule, staffGet, staffPost, tokenFor } from '#test/fixtures/staff.ts';

const clock = shanghaiClock('2026-11-02T09:00:00');
const rt = ownRuntime({ env: clock.env, demoAccounts: true });

/** Files a dispute online and waits until it is in its unit's inbox. */
async function fileOnline(overrides: Record<string, unknown>): Promise<string> {
  const res = await postJson(`${rt.url}/api/cases`, caseRequest(overrides));
  expect(res.status).toBe(201);
  const caseNumber = String(res.json.caseNumber);
  await eventually(async () =>
    (await rt.store.get(caseNumber))?.status === 'assigned' ? true : undefined,
  );
  return caseNumber;
}

async function answer(caseNumber: string, text: string) {
  expect((await act(rt, 'tax.staff', caseNumber, { type: 'sign-for' })).status).toBe(200);
  const res = await act(rt, 'tax.staff', caseNumber, { type: 'respond', answer: text });
  expect(res.status).toBe(200);
  return res;
}

describe('the answer goes to both parties', () => {
  it('texts the payer and the employer, each its own words, with no names and no answer', async () => {
    // Prepare: a worker's dispute naming the employer, with the employer's mobile.
    const employer = {
      kind: 'organization',
      name: '翁牛特旗甲乙商贸有限公司',
      idNumber: makeCreditCode('91150426MA0N7Y3L4'),
      phone: '13700001111',
    };
    const caseNumber = await fileOnline({
      payer: { kind: 'person', name: '王小明', idNumber: residentId(), phone: '13812345678' },
      counterparty: employer,
    });
    const text = '经核实，单位少报缴费基数属实，已责令单位补报。';
    // The filing receipt went to the payer alone; the employer hears nothing before the answer.
    const filed = await eventually(async () => {
      const list = await smsAbout(rt, caseNumber);
      return list.length > 0 ? list : undefined;
    });
    expect(filed.map((m) => m.to)).toEqual(['13812345678']);

    // Act
    await answer(caseNumber, text);

    // Assess: stored, and two SMS in the outbox, one per party.
    const stored = await rt.store.get(caseNumber);
    expect(stored?.status).toBe('responded');
    expect(stored?.counterparty).toEqual(employer);
    const sms = await eventually(async () => {
      const list = (await smsAbout(rt, caseNumber)).filter(
        (m) => !filed.some((f) => f.id === m.id),
      );
      return list.length >= 2 ? list : undefined;
    });
    expect(sms.map((m) => m.to).sort()).toEqual(['13700001111', '13812345678']);
    const toPayer = sms.find((m) => m.to === '13812345678');
    const toEmployer = sms.find((m) => m.to === '13700001111');
    expect(toPayer?.body).toContain(caseNumber);
    expect(toPayer?.body).toContain('查询码');
    expect(toEmployer?.body).toContain(caseNumber);
    expect(toEmployer?.body).toContain('书面答复告知书');
    expect(toEmployer?.body).toContain('旗税务局');
    expect(toEmployer?.body).toContain('12345');
    expect(toEmployer?.body).not.toContain('查询码');
    for (const m of sms) {
      for (const secret of ['王小明', employer.name, '甲乙', text, employer.idNumber]) {
        expect(m.body).not.toContain(secret);
      }
    }
  });

  it('shows the other party to the unit that holds the case, and masked to others', async () => {
    // Prepare
    const employer = {
      kind: 'organization',
      name: '翁牛特旗丙丁建筑工程有限公司',
      idNumber: makeCreditCode('91150426MA0N7Y3M5'),
      phone: '13700002222',
    };
    const caseNumber = await fileOnline({ counterparty: employer });

    // Act
    const holder = await staffGet(
      rt,
      `/api/staff/cases/${caseNumber}`,
      await tokenFor(rt, 'tax.staff'),
    );
    const leader = await staffGet(
      rt,
      `/api/staff/cases/${caseNumber}`,
      await tokenFor(rt, 'leader'),
    );

    // Assess
    expect(holder.status).toBe(200);
    expect(holder.json.counterparty).toEqual(employer);
    expect(holder.json.contact).toBe('sms');
    expect(leader.status).toBe(200);
    expect(leader.json.masked).toBe(true);
    expect(leader.json.counterparty).toEqual({
      kind: 'organization',
      name: maskName(employer.name, 'organization'),
      idNumber: maskIdNumber(employer.idNumber),
      phone: maskPhone(employer.phone),
    });
    expect(JSON.stringify(leader.json)).not.toContain(employer.name);
    // The stored case keeps the party whole.
    expect((await rt.store.get(caseNumber))?.counterparty).toEqual(employer);
  });

  it('sends a landline-only payer no SMS, and the staff view says to phone them', async () => {
    // Prepare: a payer with a landline only; the employer named has a landline too.
    const caseNumber = await fileOnline({
      payer: { kind: 'person', name: '巴特尔', idNumber: residentId(), phone: '0476-8123456' },
      counterparty: { kind: 'organization', name: '赤峰戊己物流有限公司', phone: '0476-8765432' },
    });

    // Act
    const res = await answer(caseNumber, '经核实，基数核定无误。');

    // Assess
    expect(res.json.contact).toBe('phone');
    expect((await rt.store.get(caseNumber))?.status).toBe('responded');
    expect((await rt.store.get(caseNumber))?.payer.phone).toBe('0476-8123456');
    // The filing receipt and the answer would both have texted a mobile; nothing went out.
    expect(await smsAbout(rt, caseNumber)).toEqual([]);
  });
});

describe('employer clusters in the report', () => {
  it('counts the disputes naming one employer, by code and by name, as the test counts them', async () => {
    // Prepare: the week of 2026-11-09. Workers name one employer, some with its credit code,
    // some by its name only; the employer files once itself with the code; unrelated disputes
    // name other employers once each, or none.
    clock.set('2026-11-10T09:00:00');
    const name = '赤峰庚辛建材有限公司';
    const code = makeCreditCode('91150426MA0N7Y3N6');
    const plan: { employer: 'code' | 'name' | null }[] = [];
    const file = async (request: Record<string, unknown>, employer: 'code' | 'name' | null) => {
      await fileOnline(request);
      plan.push({ employer });
    };
    for (let i = 0; i < 3; i += 1) {
      await file(
        { counterparty: { kind: 'organization', name, idNumber: code, phone: '13700003333' } },
        'code',
      );
    }
    for (const typed of [name, ` ${name.slice(0, 4)} ${name.slice(4)} `]) {
      await file({ counterparty: { kind: 'organization', name: typed } }, 'name');
    }
    await file(
      {
        payer: { kind: 'organization', name, idNumber: code, phone: '13700003333' },
        counterparty: { kind: 'person', name: '李秀兰', idNumber: residentId() },
      },
      'code',
    );
    await file({ counterparty: { kind: 'organization', name: '赤峰壬癸商贸有限公司' } }, null);
    await file(
      {
        counterparty: {
          kind: 'organization',
          name: '翁牛特旗子丑牧业有限公司',
          idNumber: makeCreditCode('91150426MA0N7Y3P7'),
        },
      },
      null,
    );
    await file({}, null);
    // Registered at a window, by the name only.
    const walkIn = await staffPost(
      rt,
      '/api/staff/cases',
      {
        channel: 'walk-in',
        registeredOn: '2026-11-10',
        payer: { kind: 'person', name: '赵六', idNumber: residentId(), phone: '13912345678' },
        matters: [
          { type: 'base', insurance: ['pension'], period: { from: '2024-06', to: '2024-12' } },
        ],
        description: '窗口登记',
        counterparty: { kind: 'organization', name },
      },
      await tokenFor(rt, 'data-bureau.staff'),
    );
    expect(walkIn.status).toBe(201);
    plan.push({ employer: 'name' });

    // Act: the weekly report for 11-09 to 11-15, on Monday 11-16.
    clock.set('2026-11-16T08:00:00');
    const run = await runSchedule(rt, 'weekly-report');
    expect(await run.json()).toMatchObject({ id: 'weekly-2026-11-09', stored: true });
    const res = await staffGet(
      rt,
      '/api/staff/reports/weekly-2026-11-09',
      await tokenFor(rt, 'leader'),
    );

    // Assess: one row for the employer known by its code, one for it known by its name only
    // (nothing ties the two: docs/decisions.md), each with the plan's count; nothing else repeats.
    expect(res.status).toBe(200);
    const report = res.json.report as {
      highlights: string[];
      tables: { id: string; title: string; rows: Record<string, unknown>[] }[];
    };
    const repeat = report.tables.find((t) => t.id === 'repeat');
    const byCode = plan.filter((p) => p.employer === 'code').length;
    const byName = plan.filter((p) => p.employer === 'name').length;
    expect(byCode).toBe(4);
    expect(byName).toBe(3);
    // Named in full, so the leaders can tell the two rows are one employer; no person's name.
    expect(repeat?.rows).toEqual([
      { kind: '用人单位', name, count: byCode },
      { kind: '用人单位', name, count: byName },
    ]);
    expect(report.highlights.join('')).toContain('有 2 家用人单位本期涉及 2 件以上争议');
    expect(JSON.stringify(report)).not.toContain('赵六');
  });
});
