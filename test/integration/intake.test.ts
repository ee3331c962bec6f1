import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { TABLE_NAME } from '#functions/manifest.ts';
import { caseRequest, creditCode, matter, postJson } from '#test/fixtures/cases.ts';
import { caseMark, casesStoredSince } from '#test/fixtures/integration.ts';
import { eventually, inInbox, sharedRuntime } from '#test/fixtures/runtime.ts';

const rt = sharedRuntime();

async function delivered(unit: string, caseNumber: string) {
  return eventually(async () => {
    return inInbox(rt.store, unit, caseNumber);
  });
}

describe('POST /api/cases', () => {
  it('stores a single-unit case, answers with its number and code, and puts it in the unit inbox', async () => {
    // Prepare: a base dispute for a period after 2024-04-01 belongs to the tax bureau (rule 1).
    const request = caseRequest();

    // Act
    const res = await postJson(`${rt.url}/api/cases`, request);

    // Assess: the answer
    expect(res.status).toBe(201);
    const body = res.json as {
      caseNumber: string;
      accessCode: string;
      status: string;
      routing: unknown;
    };
    expect(body.caseNumber).toMatch(/^\d{4}-\d{6}$/);
    expect(body.accessCode).toMatch(/^[A-HJKMNP-Z2-9]{12}$/);
    expect(body.status).toBe('received');
    expect(body.routing).toEqual({
      mode: 'single',
      units: ['tax'],
      assisting: [],
      rules: ['collection-from-cutoff'],
    });
    // Assess: in the tax bureau's inbox, assigned, with a sign-for deadline
    const inboxed = await delivered('tax', body.caseNumber);
    expect(inboxed.status).toBe('assigned');
    expect(inboxed.holder).toBe('tax');
    expect(inboxed.due?.kind).toBe('sign-for');
    // Assess: only a hash of the access code is stored
    const raw = await rt.db.send(
      new GetCommand({ TableName: TABLE_NAME, Key: { PK: `CASE#${body.caseNumber}`, SK: 'CASE' } }),
    );
    expect(JSON.stringify(raw.Item)).not.toContain(body.accessCode);
    expect(raw.Item?.accessCodeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(raw.Item?.routing).toMatchObject({ mode: 'single', target: 'tax' });
  });

  it('sends a case of two units to the joint office for triage', async () => {
    // Prepare: arrears straddling the cut-off → the SI centre before, tax from it; finance assists.
    const request = caseRequest({
      matters: [matter({ type: 'arrears', period: { from: '2023-10', to: '2024-05' } })],
    });

    const res = await postJson(`${rt.url}/api/cases`, request);

    expect(res.status).toBe(201);
    const body = res.json as {
      caseNumber: string;
      routing: { mode: string; units: string[]; assisting: string[] };
    };
    expect(body.routing.mode).toBe('joint');
    expect(body.routing.units).toEqual(['tax', 'si-center']);
    expect(body.routing.assisting).toEqual(['finance']);
    const inboxed = await delivered('office', body.caseNumber);
    expect(inboxed.status).toBe('triage');
    expect(await inInbox(rt.store, 'tax', body.caseNumber)).toBeUndefined();
  });

  it('sends a matter no rule can place to the office as a triage case', async () => {
    const res = await postJson(
      `${rt.url}/api/cases`,
      caseRequest({ matters: [matter({ type: 'other', insurance: [] })] }),
    );

    expect(res.status).toBe(201);
    const body = res.json as { caseNumber: string; routing: { mode: string; units: string[] } };
    expect(body.routing).toMatchObject({ mode: 'triage', units: ['office'] });
    expect((await delivered('office', body.caseNumber)).status).toBe('triage');
  });

  it('accepts an employer with a unified social credit code', async () => {
    const res = await postJson(
      `${rt.url}/api/cases`,
      caseRequest({
        payer: {
          kind: 'organization',
          name: '某某商贸有限公司',
          idNumber: creditCode(),
          phone: '13912345678',
        },
      }),
    );
    expect(res.status).toBe(201);
  });

  it('answers a retry with the same idempotency key with the same case, storing one', async () => {
    const request = caseRequest();
    const key = crypto.randomUUID();
    const before = await caseMark(rt);

    const first = await postJson(`${rt.url}/api/cases`, request, { 'idempotency-key': key });
    const second = await postJson(`${rt.url}/api/cases`, request, { 'idempotency-key': key });

    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.json.caseNumber).toBe(first.json.caseNumber);
    expect(second.json.accessCode).toBe(first.json.accessCode);
    expect(await casesStoredSince(rt, before)).toEqual([first.json.caseNumber]);
  });

  it('refuses an idempotency key reused for a different request', async () => {
    const key = crypto.randomUUID();
    await postJson(`${rt.url}/api/cases`, caseRequest(), { 'idempotency-key': key });

    const res = await postJson(`${rt.url}/api/cases`, caseRequest({ description: '另一件事' }), {
      'idempotency-key': key,
    });

    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('names every bad field in problem details and stores nothing', async () => {
    const before = await caseMark(rt);
    const request = {
      payer: { kind: 'person', name: '', idNumber: '150426198506070000', phone: '12345' },
      matters: [{ type: 'base', insurance: [], period: { from: '2024-07', to: '2024-03' } }],
      description: '',
      consent: false,
    };

    const res = await postJson(`${rt.url}/api/cases`, request);

    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const pointers = (res.json.errors as { pointer: string; detail: string }[]).map(
      (e) => e.pointer,
    );
    expect(pointers.sort()).toEqual(
      [
        '/payer/name',
        '/payer/idNumber',
        '/payer/phone',
        '/matters/0/insurance',
        '/matters/0/period/to',
        '/description',
        '/consent',
      ].sort(),
    );
    for (const e of res.json.errors as { detail: string }[])
      expect(e.detail).toMatch(/[\u4e00-\u9fff]/);
    expect(await casesStoredSince(rt, before)).toEqual([]);
  });

  it('refuses a period later than the current month with problem details on its field, storing nothing', async () => {
    // Prepare: a period ending five years from now (the runtime's clock is the wall clock)
    const before = await caseMark(rt);
    const later = `${new Date().getUTCFullYear() + 5}-05`;
    const request = caseRequest({
      matters: [matter({ period: { from: '2024-06', to: later } })],
    });

    // Act
    const res = await postJson(`${rt.url}/api/cases`, request);

    // Assess
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.json.errors).toEqual([
      { pointer: '/matters/0/period/to', detail: expect.stringContaining('截止年月不能晚于本月') },
    ]);
    expect(await casesStoredSince(rt, before)).toEqual([]);
  });

  it('shows the ID number error that names the fault: a wrong check digit is not a wrong length', async () => {
    // Prepare: the fixture's number with its last character changed
    const request = caseRequest();
    const id = String(request.payer.idNumber);
    request.payer.idNumber = `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`;

    // Act
    const res = await postJson(`${rt.url}/api/cases`, request);

    // Assess
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([
      { pointer: '/payer/idNumber', detail: expect.stringContaining('校验码对不上') },
    ]);
  });

  it('answers malformed JSON with 400, a wrong content type with 415, and a body over 1 MB with 413', async () => {
    const before = await caseMark(rt);

    const malformed = await postJson(`${rt.url}/api/cases`, '{"payer":');
    const wrongType = await fetch(`${rt.url}/api/cases`, {
      method: 'POST',
      body: 'x',
      headers: { 'content-type': 'text/plain' },
    });
    const tooLarge = await postJson(`${rt.url}/api/cases`, {
      ...caseRequest(),
      description: 'x'.repeat(1024 * 1024),
    });

    expect(malformed.status).toBe(400);
    expect(malformed.json.type).toMatch(/malformed-request$/);
    expect(wrongType.status).toBe(415);
    expect(tooLarge.status).toBe(413);
    expect(await casesStoredSince(rt, before)).toEqual([]);
  });
});

describe('GET /api/cases/{caseNumber}', () => {
  it('shows the payer the status, units, timeline and sign-for deadline with the access code', async () => {
    const created = await postJson(`${rt.url}/api/cases`, caseRequest());
    const { caseNumber, accessCode } = created.json as { caseNumber: string; accessCode: string };
    await delivered('tax', caseNumber);

    const res = await fetch(`${rt.url}/api/cases/${caseNumber}`, {
      headers: { 'x-access-code': accessCode },
    });

    expect(res.status).toBe(200);
    const view = (await res.json()) as Record<string, unknown>;
    expect(view).toMatchObject({ caseNumber, status: 'assigned', units: ['tax'] });
    const timeline = view.timeline as { status: string; note: string; at: string }[];
    expect(timeline.map((e) => e.status)).toEqual(['received', 'assigned']);
    expect(timeline[1]?.note).toBe('已交给办理部门，等待签收');
    expect((view.deadlines as { signFor: { due: string } }).signFor.due).toMatch(
      /^\d{4}-\d{2}-\d{2}$/,
    );
    expect(JSON.stringify(view)).not.toContain('王小明');
  });

  it('answers a wrong code and an unknown case with the same 404', async () => {
    const created = await postJson(`${rt.url}/api/cases`, caseRequest());
    const { caseNumber } = created.json as { caseNumber: string };

    const wrong = await fetch(`${rt.url}/api/cases/${caseNumber}`, {
      headers: { 'x-access-code': 'AAAAAAAAAAAA' },
    });
    const unknown = await fetch(`${rt.url}/api/cases/1999-000001`, {
      headers: { 'x-access-code': 'AAAAAAAAAAAA' },
    });

    expect(wrong.status).toBe(404);
    expect(unknown.status).toBe(404);
    const a = (await wrong.json()) as Record<string, unknown>;
    const b = (await unknown.json()) as Record<string, unknown>;
    expect({ ...a, instance: undefined }).toEqual({ ...b, instance: undefined });
  });
});

describe('GET /api/calendar/add-working-days', () => {
  it('skips the 2026 National Day holiday and counts the make-up Saturday', async () => {
    // 2026-09-30 (Wed) + 1 working day: 10-01..10-07 are off; 10-10 (Sat) is a make-up day.
    const res = await fetch(`${rt.url}/api/calendar/add-working-days?from=2026-09-30&days=1`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ date: '2026-10-08', covered: true });
  });

  it('flags a date in a year the calendar does not cover', async () => {
    const res = await fetch(`${rt.url}/api/calendar/add-working-days?from=2027-03-01&days=3`);
    expect(await res.json()).toMatchObject({ covered: false });
  });

  it('names the bad parameters', async () => {
    const res = await fetch(`${rt.url}/api/calendar/add-working-days?from=2026-02-30&days=-1`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { pointer: string }[] };
    expect(body.errors.map((e) => e.pointer)).toEqual(['/from', '/days']);
  });
});
