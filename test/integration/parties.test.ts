/**
 * Who filed and how to reach them (issue 13), over HTTP against the local runtime: an anonymous
 * online post registered with no ID number and no phone, a landline-only payer filing online and
 * at a window, a number to be verified, the visit time and the receiving clerk kept as annex 2
 * asks, and bad input refused with nothing stored. The stored case is read back each time.
 */
import { describe, expect, it } from 'vitest';
import { caseRequest, matter, postJson, residentId } from '#test/fixtures/cases.ts';
import {
  caseMark,
  casesStoredSince,
  type OutboxSms,
  sharedRuntimeWithAccounts,
} from '#test/fixtures/integration.ts';
import { outboxMessages } from '#test/fixtures/outbox.ts';
import { eventually, inInbox } from '#test/fixtures/runtime.ts';
import { act, staffGet, staffPost, tokenFor } from '#test/fixtures/staff.ts';
import { csrfOf, getPage, postPage, sessionCookieFor } from '#test/fixtures/staff-session.ts';

const rt = sharedRuntimeWithAccounts();

/** The SMS in the local outbox sent to `phone`, once every one is delivered. */
const smsTo = async (phone: string) =>
  (await outboxMessages<OutboxSms>(rt)).filter((m) => m.channel === 'sms' && m.to === phone);

const registration = (overrides: Record<string, unknown> = {}) => ({
  channel: 'online-opinion',
  registeredOn: '2026-11-26',
  visitedAt: '2026-11-26T09:30',
  payer: {
    kind: 'lead',
    source: { kind: 'online-post', reference: 'https://bbs.example.cn/t/8841' },
  },
  matters: [matter({ type: 'arrears', insurance: ['pension'] })],
  description: '网帖反映某建材公司长期不给职工缴纳养老保险费。',
  counterparty: { kind: 'organization', name: '赤峰某某建材有限公司' },
  ...overrides,
});

describe('the window registers what real leads and payers bring', () => {
  it('registers an anonymous online post with no ID number and no phone: the lead, its source, the visit time and the clerk kept', async () => {
    // Prepare
    const token = await tokenFor(rt, 'cyberspace.staff');

    // Act
    const res = await staffPost(rt, '/api/staff/cases', registration(), token);

    // Assess: stored as a lead, with the annex 2 fields
    expect(res.status).toBe(201);
    const caseNumber = String(res.json.caseNumber);
    const stored = await rt.store.get(caseNumber);
    expect(stored?.payer).toEqual({
      kind: 'lead',
      name: '',
      idNumber: '',
      phone: '',
      source: { kind: 'online-post', reference: 'https://bbs.example.cn/t/8841' },
    });
    expect(stored?.visitedAt).toBe('2026-11-26T09:30');
    expect(stored?.receivedBy).toMatchObject({ unit: 'cyberspace', user: 'cyberspace.staff' });
    expect(stored?.counterparty).toEqual({ kind: 'organization', name: '赤峰某某建材有限公司' });
    expect(stored?.routing.units).toEqual(['tax']);

    // Assess: the staff view says there is no one to tell
    const view = await staffGet(rt, `/api/staff/cases/${caseNumber}`, token);
    expect(view.status).toBe(200);
    expect(view.json.contact).toBe('none');
    expect(view.json.visitedAt).toBe('2026-11-26T09:30');
    expect(view.json.receivedBy).toMatchObject({ unit: 'cyberspace', user: 'cyberspace.staff' });
  });

  it('refuses a lead without its source, and a person without an ID number unless it is to be verified, storing nothing', async () => {
    // Prepare
    const token = await tokenFor(rt, 'petition.staff');
    const before = await caseMark(rt);

    // Act
    const noSource = await staffPost(
      rt,
      '/api/staff/cases',
      registration({ payer: { kind: 'lead' } }),
      token,
    );
    const noNumber = await staffPost(
      rt,
      '/api/staff/cases',
      registration({
        channel: 'petition',
        payer: { kind: 'person', name: '其其格', phone: '0476-8123456' },
        counterparty: undefined,
      }),
      token,
    );

    // Assess: problem details naming the field, in Chinese; nothing stored
    expect(noSource.status).toBe(400);
    expect(noSource.json.errors).toEqual([
      { pointer: '/payer/source', detail: expect.stringContaining('线索来源') },
    ]);
    expect(noNumber.status).toBe(400);
    expect(noNumber.json.errors).toEqual([
      { pointer: '/payer/idNumber', detail: expect.stringContaining('待核实') },
    ]);
    expect(await casesStoredSince(rt, before)).toEqual([]);
  });

  it('registers a landline-only walk-in whose number is to be verified, through the form: staff are told to phone, no SMS goes', async () => {
    // Prepare
    const cookie = await sessionCookieFor(rt, 'hrss.staff');
    const form = await getPage(rt, '/staff/register', cookie);
    const key = /name="key" value="([^"]+)"/.exec(form.text)?.[1] ?? '';
    // The visit time comes filled in with the present minute, Beijing time.
    const now = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 11);
    expect(form.text).toMatch(new RegExp(`name="visitedAt" value="${now}\\d{2}:\\d{2}"`));

    // Act
    const answer = await postPage(
      rt,
      '/staff/register',
      cookie,
      {
        key,
        channel: 'walk-in',
        registeredOn: '2026-11-26',
        visitedAt: '2026-11-26 14:05',
        'payer.kind': 'person',
        'payer.name': '其其格',
        'payer.idNumber': '',
        'payer.idPending': 'true',
        'payer.phone': '0476 812 3456',
        'matters[0].type': 'base',
        'matters[0].insurance': 'pension',
        'matters[0].period.from': '2024-07',
        'matters[0].period.to': '2024-12',
        description: '来访人称单位少报了缴费基数，身份证没带，只留了家里的座机。',
        action: 'register',
      },
      csrfOf(form.text),
    );

    // Assess
    expect(answer.status).toBe(303);
    const caseNumber = /case=(\d{4}-\d{6})/.exec(answer.location ?? '')?.[1] ?? '';
    const stored = await rt.store.get(caseNumber);
    expect(stored?.payer).toEqual({
      kind: 'person',
      name: '其其格',
      idNumber: '',
      phone: '0476-8123456',
      idPending: true,
    });
    expect(stored?.visitedAt).toBe('2026-11-26T14:05');
    expect(stored?.receivedBy).toMatchObject({ unit: 'hrss', user: 'hrss.staff' });
    // The holder (the tax bureau, for a contribution base) sees the payer in full.
    await eventually(() => inInbox(rt.store, 'tax', caseNumber));
    const page = await getPage(
      rt,
      `/staff/cases/${caseNumber}`,
      await sessionCookieFor(rt, 'tax.staff'),
    );
    expect(page.text).toContain('0476-8123456');
    expect(page.text).toContain('2026年11月26日 14:05');
    expect(page.text).toContain('data-testid="payer-contact"><strong>请电话告知缴费人</strong>');
    expect(await smsTo('0476-8123456')).toEqual([]);

    // Act: the holder has seen the ID card and records the number
    const idNumber = residentId();
    const verified = await act(rt, 'tax.staff', caseNumber, { type: 'verify-payer', idNumber });
    const again = await act(rt, 'tax.staff', caseNumber, { type: 'verify-payer', idNumber });

    // Assess: the number on the case, 「待核实」 gone; the timeline says so without the number
    expect(verified.status).toBe(200);
    const after = await rt.store.get(caseNumber);
    expect(after?.payer).toEqual({
      kind: 'person',
      name: '其其格',
      idNumber,
      phone: '0476-8123456',
    });
    const last = (await rt.store.timeline(caseNumber)).at(-1);
    expect(last?.transition).toBe('verifyPayer');
    expect(JSON.stringify(last)).not.toContain(idNumber);
    expect(again.status).toBe(409);
  });

  it('keeps every answer of a lead refused for its missing source, on the form', async () => {
    // Prepare
    const cookie = await sessionCookieFor(rt, 'cyberspace.staff');
    const form = await getPage(rt, '/staff/register', cookie);
    const before = await caseMark(rt);

    // Act
    const answer = await postPage(
      rt,
      '/staff/register',
      cookie,
      {
        channel: 'online-opinion',
        registeredOn: '2026-11-26',
        visitedAt: '2026-11-26T08:10',
        'payer.kind': 'lead',
        'payer.name': '热心网友',
        'matters[0].type': 'arrears',
        'matters[0].insurance': 'pension',
        'matters[0].period.from': '2024-07',
        'matters[0].period.to': '2024-12',
        description: '网帖反映欠缴。',
        action: 'register',
      },
      csrfOf(form.text),
    );

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('href="#f-payer-source-kind"');
    expect(answer.text).toMatch(/name="payer\.kind" value="lead" checked/);
    expect(answer.text).toContain('value="热心网友"');
    expect(await casesStoredSince(rt, before)).toEqual([]);
  });
});

describe('the registration date (issue 16)', () => {
  it('refuses a form dated after today at /registeredOn, storing nothing', async () => {
    // Prepare
    const before = await caseMark(rt);

    // Act
    const res = await staffPost(
      rt,
      '/api/staff/cases',
      registration({ registeredOn: '2099-01-04', visitedAt: '2099-01-04T09:00' }),
      await tokenFor(rt, 'cyberspace.staff'),
    );

    // Assess
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([
      { pointer: '/registeredOn', detail: expect.stringContaining('登记日期不能晚于今天') },
    ]);
    expect(await casesStoredSince(rt, before)).toEqual([]);
  });
});

describe('a payer with only a landline files online', () => {
  it('files through the API with a landline: stored tidy, the look-up works, no SMS goes to it', async () => {
    // Act
    const created = await postJson(
      `${rt.url}/api/cases`,
      caseRequest({
        payer: { kind: 'person', name: '王建国', idNumber: residentId(), phone: '(0476)8123457' },
      }),
    );

    // Assess
    expect(created.status).toBe(201);
    const caseNumber = String(created.json.caseNumber);
    expect((await rt.store.get(caseNumber))?.payer.phone).toBe('0476-8123457');
    const lookUp = await fetch(`${rt.url}/api/cases/${caseNumber}`, {
      headers: { 'x-access-code': String(created.json.accessCode) },
    });
    expect(lookUp.status).toBe(200);
    expect(await smsTo('0476-8123457')).toEqual([]);
  });

  it('refuses a lead and a number to be verified online: the online form keeps requiring an ID number', async () => {
    // Prepare
    const before = await caseMark(rt);

    // Act
    const lead = await postJson(
      `${rt.url}/api/cases`,
      caseRequest({
        payer: { kind: 'lead', source: { kind: 'online-post', reference: 'x' } },
      }),
    );
    const pending = await postJson(
      `${rt.url}/api/cases`,
      caseRequest({ payer: { kind: 'person', name: '王', idPending: true, phone: '13812345678' } }),
    );

    // Assess
    expect(lead.status).toBe(400);
    expect((lead.json.errors as { pointer: string }[]).map((e) => e.pointer)).toContain(
      '/payer/kind',
    );
    expect(pending.status).toBe(400);
    expect((pending.json.errors as { pointer: string }[]).map((e) => e.pointer)).toEqual([
      '/payer/idNumber',
    ]);
    expect(await casesStoredSince(rt, before)).toEqual([]);
  });
});
