/**
 * The other party of a dispute (issue 13): counted once per employer in the risk counters, told of
 * the answer by its own SMS, and the payer texted on a mobile only.
 */
import { describe, expect, it } from 'vitest';
import { CreateCaseRequestSchema } from '#contracts/cases.ts';
import type { StaffCaseView } from '#contracts/staff.ts';
import { buildReport } from '#core/analysis.ts';
import type { CaseRecord, Counterparty, Payer } from '#core/case.ts';
import { DEFAULT_DEADLINES } from '#core/deadlines.ts';
import { makeCreditCode } from '#core/identifiers.ts';
import { deliverToInbox, submitCase } from '#core/intake.ts';
import { partyCounts } from '#core/metrics.ts';
import { answerSms, payerSms, renderNotification } from '#core/notifications.ts';
import type { Count } from '#core/ports.ts';
import { performAction, staffCase } from '#core/staff.ts';
import { supervisionSweep } from '#core/supervision.ts';
import { printPage } from '#functions/pages/staff/print.ts';
import { casePageOf } from '#test/fixtures/case-page.ts';
import { caseRequest, residentId } from '#test/fixtures/cases.ts';
import { fixedClock, memoryDeps, testIds } from '#test/fixtures/ports.ts';

const CODE = makeCreditCode('91150426MA0N7X8K2');
const EMPLOYER = '赤峰某某建材有限公司';

let serial = 0;
/** The fields partyCounts and the SMS helpers read, on a case received on 2026-11-02. */
function caseWith(payer: Partial<Payer>, counterparty?: Counterparty): CaseRecord {
  serial += 1;
  return {
    caseNumber: `2026-${String(serial).padStart(6, '0')}`,
    receivedAt: '2026-11-02T02:00:00.000Z',
    payer: {
      kind: 'person',
      name: '王小明',
      idNumber: residentId(),
      phone: '13812345678',
      ...payer,
    },
    ...(counterparty ? { counterparty } : {}),
  } as CaseRecord;
}

const employerKeys = (counts: Count[]) =>
  counts.filter((c) => c.stat === 'employer').map((c) => c.key);

describe('partyCounts', () => {
  it('counts only the payer when no other party is named', () => {
    const counts = partyCounts(caseWith({}), testIds);
    expect(counts).toHaveLength(1);
    expect(counts[0]).toMatchObject({ stat: 'payer', day: '2026-11-02', label: '王**' });
  });

  it('gives one employer key to two workers who name it by its credit code', () => {
    const employer = { kind: 'organization', name: EMPLOYER, idNumber: CODE } as const;
    const a = partyCounts(caseWith({ name: '王小明' }, employer), testIds);
    const b = partyCounts(caseWith({ name: '李秀兰' }, employer), testIds);

    expect(employerKeys(a)).toHaveLength(1);
    expect(employerKeys(a)).toEqual(employerKeys(b));
    // Each worker still counts as a payer of their own.
    const payerKey = (c: Count[]) => c.find((x) => x.stat === 'payer')?.key;
    expect(payerKey(a)).not.toEqual(payerKey(b));
    // A company's name is no one's personal data: the leaders read which employer it is.
    expect(a.find((c) => c.stat === 'employer')?.label).toBe(EMPLOYER);
    expect(a.find((c) => c.stat === 'payer')?.label).toBe('王**');
  });

  it('gives one employer key to workers who name it without a code, spaces aside', () => {
    const a = partyCounts(caseWith({}, { kind: 'organization', name: EMPLOYER }), testIds);
    const b = partyCounts(
      caseWith({}, { kind: 'organization', name: '赤峰某某 建材有限公司' }),
      testIds,
    );
    const other = partyCounts(
      caseWith({}, { kind: 'organization', name: '赤峰另一家物流有限公司' }),
      testIds,
    );

    expect(employerKeys(a)).toEqual(employerKeys(b));
    expect(employerKeys(a)).not.toEqual(employerKeys(other));
    // One key, one label: the report shows the same name whichever spelling came last.
    const labels = (counts: Count[]) =>
      counts.filter((c) => c.stat === 'employer').map((c) => c.label);
    expect(labels(b)).toEqual(labels(a));
  });

  it('counts an employer that files itself and is named by a worker with the same code as one', () => {
    const filed = partyCounts(
      caseWith({ kind: 'organization', name: EMPLOYER, idNumber: CODE }),
      testIds,
    );
    const named = partyCounts(
      caseWith({}, { kind: 'organization', name: '某某建材', idNumber: CODE }),
      testIds,
    );

    expect(employerKeys(filed)).toHaveLength(1);
    expect(employerKeys(filed)).toEqual(employerKeys(named));
  });

  it('keeps an employer named without its code apart from the one named with it', () => {
    // Nothing ties a name to a code: the report shows two rows (docs/decisions.md).
    const byCode = partyCounts(
      caseWith({}, { kind: 'organization', name: EMPLOYER, idNumber: CODE }),
      testIds,
    );
    const byName = partyCounts(caseWith({}, { kind: 'organization', name: EMPLOYER }), testIds);
    expect(employerKeys(byCode)).not.toEqual(employerKeys(byName));
  });

  it('counts a worker named by an employer as a person', () => {
    const id = residentId();
    const named = partyCounts(
      caseWith(
        { kind: 'organization', name: EMPLOYER, idNumber: CODE },
        { kind: 'person', name: '张三', idNumber: id },
      ),
      testIds,
    );
    const filed = partyCounts(caseWith({ name: '张三', idNumber: id }), testIds);
    const key = (c: Count[]) => c.find((x) => x.stat === 'payer')?.key;
    expect(key(named)).toBeDefined();
    expect(key(named)).toEqual(key(filed));
  });
});

describe('the SMS of the parties', () => {
  it('texts a payer with a mobile, and neither a landline nor a lead without a phone', () => {
    const mobile = caseWith({ phone: '13912345678' });
    expect(payerSms(mobile, 'answered')).toEqual([
      { kind: 'answered', phone: '13912345678', caseNumber: mobile.caseNumber },
    ]);
    expect(payerSms(caseWith({ phone: '0476-8123456' }), 'answered')).toEqual([]);
    expect(payerSms(caseWith({ phone: '0476-8123456' }), 'deemed-accepted')).toEqual([]);
    expect(
      payerSms(caseWith({ kind: 'lead', name: '', idNumber: '', phone: '' }), 'answered'),
    ).toEqual([]);
  });

  it('texts the other party its own words when it has a mobile, and never a landline', () => {
    const record = caseWith(
      { phone: '0476-8123456' },
      { kind: 'organization', name: EMPLOYER, phone: '13700001111' },
    );
    const tell = answerSms(record, 'tax');
    expect(tell).toEqual([
      {
        kind: 'counterparty-answered',
        phone: '13700001111',
        caseNumber: record.caseNumber,
        unit: 'tax',
      },
    ]);
    const landline = caseWith({}, { kind: 'organization', name: EMPLOYER, phone: '0476-8765432' });
    expect(answerSms(landline, 'tax').map((m) => m.kind)).toEqual(['answered']);
    const noPhone = caseWith({}, { kind: 'organization', name: EMPLOYER });
    expect(answerSms(noPhone, 'tax').map((m) => m.kind)).toEqual(['answered']);
  });

  it('words the other party’s SMS with the case number and who delivers the notice, and no names', () => {
    const [message] = answerSms(
      caseWith({ name: '王小明' }, { kind: 'organization', name: EMPLOYER, phone: '13700001111' }),
      'tax',
    ).filter((m) => m.kind === 'counterparty-answered');
    const sms = renderNotification(message ?? ({} as never));
    expect(sms.channel).toBe('sms');
    expect(sms.to).toBe('13700001111');
    for (const words of ['受理编号', '书面答复告知书', '旗税务局', '12345']) {
      expect(sms.body).toContain(words);
    }
    // Neither the payer's access code nor a party's name goes to the other party.
    for (const words of ['查询码', '王小明', '建材']) expect(sms.body).not.toContain(words);
  });
});

describe('the answer, through the staff action', () => {
  const tax = { user: 'tax.staff', unit: 'tax', role: 'staff' } as const;
  const deps = () => memoryDeps('2026-11-02T02:00:00Z');

  it('texts the payer and the employer, each once, when the unit answers', async () => {
    const d = deps();
    const request = CreateCaseRequestSchema.parse(
      caseRequest({
        counterparty: {
          kind: 'organization',
          name: EMPLOYER,
          idNumber: CODE,
          phone: '13700001111',
        },
      }),
    );
    const { caseNumber } = await submitCase(request, { channel: 'online' }, d);
    await deliverToInbox(caseNumber, 'tax', d);
    await performAction(caseNumber, { type: 'sign-for' }, tax, d);

    await performAction(caseNumber, { type: 'respond', answer: '经核实，已责令补缴。' }, tax, d);

    const sms = d.notifier.sent.filter((m) => 'phone' in m);
    // The payer's names the last day to object: 15 working days after Monday 2 November
    expect(sms).toEqual([
      { kind: 'answered', phone: '13812345678', caseNumber, objectBy: '2026-11-23' },
      { kind: 'counterparty-answered', phone: '13700001111', caseNumber, unit: 'tax' },
    ]);
    const [answered] = sms;
    if (!answered) throw new Error('no SMS');
    const text = renderNotification(answered);
    expect(text.body).toContain(
      '请凭查询码在“查看办理进度”中查看，并在2026年11月23日前（含当天）告诉我们是否接受；逾期未告诉我们的，视为没有异议。',
    );
    expect(text.link).toBe(`/status/?case=${caseNumber}`);
    expect((await d.store.get(caseNumber))?.status).toBe('responded');
  });

  it('texts a landline-only payer nothing on the answer or on their silence', async () => {
    const d = deps();
    const request = CreateCaseRequestSchema.parse(
      caseRequest({
        payer: { kind: 'person', name: '巴特尔', idNumber: residentId(), phone: '0476-8123456' },
      }),
    );
    const { caseNumber } = await submitCase(request, { channel: 'online' }, d);
    await deliverToInbox(caseNumber, 'tax', d);
    await performAction(caseNumber, { type: 'sign-for' }, tax, d);
    await performAction(caseNumber, { type: 'respond', answer: '经核实，基数无误。' }, tax, d);

    // A month later the hourly sweep takes the silence as acceptance (the first run of the day
    // chases the overdue follow-up, a change of its own): still no SMS.
    const deemed: string[] = [];
    for (const hour of ['02', '03']) {
      d.clock.set(`2026-12-14T${hour}:00:00Z`);
      deemed.push(...(await supervisionSweep(d)).deemedAccepted);
    }

    expect(deemed).toEqual([caseNumber]);
    expect((await d.store.get(caseNumber))?.decision).toMatchObject({ channel: 'silence' });
    expect(d.notifier.sent.filter((m) => 'phone' in m)).toEqual([]);
  });
});

describe('the risk table of the report', () => {
  it('lists employers before persons, as 用人单位, with the counters’ masked names', async () => {
    const sums = new Map([
      ['employer#a', { n: 4, label: '赤峰******公司' }],
      ['employer#b', { n: 1, label: '赤峰******物流' }],
      ['payer#c', { n: 5, label: '赵*' }],
      ['employer#d', { n: 2, label: '翁牛******厂' }],
      ['received#all', { n: 9 }],
    ]);
    const report = await buildReport(
      'on-demand',
      { from: '2026-11-02', to: '2026-11-08' },
      {
        aggregates: { sum: async (from) => (from === '2026-11-02' ? sums : new Map()) },
        store: { openWork: async () => [] } as never,
        clock: fixedClock('2026-11-09T00:00:00Z'),
      },
    );

    const repeat = report.tables.find((t) => t.id === 'repeat');
    expect(repeat?.rows).toEqual([
      { kind: '用人单位', name: '赤峰******公司', count: 4 },
      { kind: '用人单位', name: '翁牛******厂', count: 2 },
      { kind: '个人', name: '赵*', count: 5 },
    ]);
    expect(report.highlights.join('')).toContain('有 2 家用人单位本期涉及 2 件以上争议');
  });
});

describe('the printed answer notice', () => {
  /** What the notice reads of the staff view: the parties, the date, the answer. */
  function answered(payer: StaffCaseView['payer'], counterparty: StaffCaseView['counterparty']) {
    return {
      caseNumber: '2026-000042',
      registeredOn: '2026-11-02',
      masked: false,
      payer,
      counterparty,
      answer: { text: '经核实，已按实际工资核定。', unit: 'tax', at: '2026-11-20T02:00:00.000Z' },
      routing: { mode: 'single', units: ['tax'], assisting: [], rules: [], explanation: [] },
    } as unknown as StaffCaseView;
  }
  const sheets = (view: StaffCaseView) => {
    const { status, page } = printPage(
      'answer',
      { principal: { user: 'tax.staff', unit: 'tax', role: 'staff' }, name: '王芳', csrf: 'x' },
      view.caseNumber,
      view,
      { policy: DEFAULT_DEADLINES },
    );
    expect(status).toBe(200);
    return [...page.text.matchAll(/<article[\s\S]*?<\/article>/g)].map((m) =>
      m[0].replace(/<[^>]+>/g, '').replace(/\s+/g, ''),
    );
  };

  it('has one sheet for a payer alone', () => {
    const [only, ...rest] = sheets(
      answered({ kind: 'person', name: '王小明', idNumber: '', phone: '13812345678' }, null),
    );
    expect(rest).toEqual([]);
    expect(only).toContain('王小明：');
    expect(only).toContain('查询码');
  });

  it('addresses a worker named by an employer as a party who may object', () => {
    const [toPayer, toWorker] = sheets(
      answered(
        { kind: 'organization', name: EMPLOYER, idNumber: CODE, phone: '13700001111' },
        { kind: 'person', name: '张三' },
      ),
    );
    expect(toPayer).toContain(`${EMPLOYER}：`);
    expect(toWorker).toContain('张三：');
    expect(toWorker).toContain(`${EMPLOYER}于2026年11月2日反映的涉及您的社会保险费征缴争议`);
    expect(toWorker).toContain('您作为争议一方，对处理结果有异议的');
    expect(toWorker).toContain('经核实，已按实际工资核定。');
    expect(toWorker).not.toContain('您单位');
    expect(toWorker).not.toContain('查询码');
  });

  it('does not name a lead to the other party', () => {
    const [, toEmployer] = sheets(
      answered(
        { kind: 'lead', name: '网友甲', idNumber: '', phone: '' },
        { kind: 'organization', name: EMPLOYER },
      ),
    );
    expect(toEmployer).toContain('有关方面于');
    expect(toEmployer).not.toContain('网友甲');
    expect(toEmployer).toContain('您单位作为争议一方');
  });
});

describe('the answer notice served on the other party (送达)', () => {
  it('is owed by the answering unit after the answer, recorded with how and when, and checked before the archive', async () => {
    // Prepare: a worker names the employer; tax answers on Monday 2 November; the payer accepts
    const d = memoryDeps('2026-11-02T02:00:00Z');
    const request = CreateCaseRequestSchema.parse(
      caseRequest({ counterparty: { kind: 'organization', name: EMPLOYER } }),
    );
    const { caseNumber } = await submitCase(request, { channel: 'online' }, d);
    await deliverToInbox(caseNumber, 'tax', d);
    const tax = { user: 'tax.staff', unit: 'tax', role: 'staff' } as const;
    await performAction(caseNumber, { type: 'sign-for' }, tax, d);
    await performAction(caseNumber, { type: 'respond', answer: '经核实，基数无误。' }, tax, d);
    await performAction(
      caseNumber,
      { type: 'record-decision', decision: 'accept', channel: 'phone', on: '2026-11-02' },
      tax,
      d,
    );
    const owed = (await d.store.get(caseNumber))?.work?.filter((w) => w.state === 'open');

    // Act: the archive too early; a service dated tomorrow, one by 其他方式 unexplained; then right
    const serve = (method: 'in-person' | 'other', on: string, note?: string) =>
      performAction(
        caseNumber,
        { type: 'record-service', method, on, ...(note ? { note } : {}) },
        tax,
        d,
      );
    await expect(performAction(caseNumber, { type: 'archive' }, tax, d)).rejects.toThrow(
      '书面答复告知书还没有送达争议另一方',
    );
    await expect(serve('in-person', '2026-11-03')).rejects.toMatchObject({ pointer: '/on' });
    await expect(serve('other', '2026-11-02')).rejects.toMatchObject({ pointer: '/note' });
    await serve('in-person', '2026-11-02', '单位人事科李某签收');
    const archived = await performAction(caseNumber, { type: 'archive' }, tax, d);

    // Assess: the item was tax's, due with the visit; recorded on the case; the file then closed
    expect(owed?.map((w) => [w.kind, w.unit])).toContainEqual(['serve', 'tax']);
    expect(owed?.find((w) => w.kind === 'serve')?.due).toBe(
      owed?.find((w) => w.kind === 'follow-up')?.due,
    );
    expect(archived.status).toBe('archived');
    const served = archived.counterpartyServed;
    expect([served?.method, served?.on, served?.note, served?.by]).toEqual([
      'in-person',
      '2026-11-02',
      '单位人事科李某签收',
      'tax.staff',
    ]);
    expect(d.store.events.findLast((e) => e.transition === 'serveCounterparty')?.detail).toEqual({
      method: 'in-person',
      servedOn: '2026-11-02',
    });
    // …the history in its own words (a review read 「表态日期」 there)
    const page = await casePageOf(d, caseNumber, tax);
    expect(page).toContain('送达方式：当面送达');
    expect(page).toContain('送达日期：2026年11月2日');
    // …and the file's catalogue says so beside the notice
    const viewer = { principal: tax, name: '税务局', csrf: 'c'.repeat(32) };
    const catalogue = printPage(
      'catalogue',
      viewer,
      caseNumber,
      await staffCase(caseNumber, tax, d),
      {
        policy: DEFAULT_DEADLINES,
      },
    ).page.text;
    expect(catalogue).toContain('缴费人、争议另一方各一份；2026年11月2日当面送达对方');
  });
});
