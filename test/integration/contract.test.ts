/**
 * The local runtime answers as its OpenAPI document says (issue 15): every JSON route with a
 * valid request and its main refusals (400, 401, 403, 404, 409, 415), each answer's status and
 * content type documented for the operation and its body valid against the operation's schema
 * (JSON Schema 2020-12, by Ajv); the staff pages and forms with a documented status and type.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { httpRoutes, type JsonSchema, openApiDocument } from '#contracts/openapi.ts';
import { caseRequest, residentId } from '#test/fixtures/cases.ts';
import { sharedRuntimeWithAccounts } from '#test/fixtures/integration.ts';
import { eventually, inInbox } from '#test/fixtures/runtime.ts';
import { tokenFor } from '#test/fixtures/staff.ts';
import { csrfOf, getPage, sessionCookieFor } from '#test/fixtures/staff-session.ts';

interface MediaType {
  schema?: JsonSchema;
}
interface Operation {
  operationId: string;
  responses: Record<string, { content?: Record<string, MediaType> }>;
}
type Doc = JsonSchema & {
  paths: Record<string, Record<string, Operation>>;
  components: JsonSchema;
};

const rt = sharedRuntimeWithAccounts();
let doc: Doc;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  for (const user of ['tax.staff', 'medical.staff', 'office.staff', 'leader', 'admin']) {
    tokens[user] = await tokenFor(rt, user);
  }
  const res = await fetch(`${rt.url}/api/openapi.json`);
  expect(res.status).toBe(200);
  doc = (await res.json()) as Doc;
});

const ajv = new Ajv2020({ strict: false, allErrors: true });
const validators = new Map<MediaType, ValidateFunction>();
/** `METHOD /path/{param}` → statuses seen. */
const seen = new Map<string, Set<number>>();

interface Answer {
  status: number;
  type: string;
  body: unknown;
  text: string;
}

interface Call {
  body?: unknown;
  /** A form's fields, posted as a browser does. */
  form?: Record<string, string>;
  as?: string;
  /** A staff page session of this user. */
  session?: string;
  headers?: Record<string, string>;
}

/**
 * Calls the runtime at `path` (the route's `route` with its parameters filled) and checks the
 * answer against the document's operation for `route`.
 */
async function call(method: string, route: string, path: string, o: Call = {}): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json', ...o.headers };
  if (o.as) headers.authorization = `Bearer ${tokens[o.as] ?? (await tokenFor(rt, o.as))}`;
  if (o.session) headers.cookie = await sessionCookieFor(rt, o.session);
  let body: string | undefined;
  if (o.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers.accept = o.headers?.accept ?? 'text/html';
    body = new URLSearchParams(o.form).toString();
  } else if (o.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
  }
  const res = await fetch(`${rt.url}${path}`, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  const type = (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  let parsed: unknown = text;
  if (type.endsWith('json')) parsed = JSON.parse(text);
  const answer = { status: res.status, type, body: parsed, text };
  conforms(method, route, answer);
  if (res.status >= 300 && res.status < 400) expect(res.headers.get('location')).toBeTruthy();
  return answer;
}

/** The answer's status, content type and body are the document's for the operation. */
function conforms(method: string, route: string, answer: Answer): void {
  const where = `${method} ${route} → ${answer.status}`;
  const op = doc.paths[route]?.[method.toLowerCase()];
  expect(op, `${method} ${route} is in the document`).toBeDefined();
  const documented = op?.responses[String(answer.status)];
  expect(documented, `${where} is documented (${answer.text.slice(0, 300)})`).toBeDefined();
  const key = `${method} ${route}`;
  seen.set(key, (seen.get(key) ?? new Set()).add(answer.status));
  if (!documented?.content) {
    expect(answer.text, `${where} has no body`).toBe('');
    return;
  }
  const media = documented.content[answer.type];
  expect(
    media,
    `${where} answers ${answer.type}, documented: ${Object.keys(documented.content)}`,
  ).toBeDefined();
  if (!media?.schema || !answer.type.endsWith('json')) return;
  let validate = validators.get(media);
  if (!validate) {
    validate = ajv.compile({ ...media.schema, components: doc.components });
    validators.set(media, validate);
  }
  const valid = validate(answer.body);
  expect(valid, `${where}: ${ajv.errorsText(validate.errors)}`).toBe(true);
}

/** A new case of the tax bureau, in its inbox. */
async function filedCase() {
  const created = await call('POST', '/api/cases', '/api/cases', { body: caseRequest() });
  expect(created.status).toBe(201);
  const { caseNumber, accessCode } = created.body as { caseNumber: string; accessCode: string };
  await eventually(() => inInbox(rt.store, 'tax', caseNumber));
  return { caseNumber, accessCode };
}

const CASE = '/api/cases/{caseNumber}';
const STAFF_CASE = '/api/staff/cases/{caseNumber}';

describe('the public routes', () => {
  it('serves the document the contracts make', () => {
    expect(doc).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  it('files a case, and refuses a bad one, a body that is not JSON and a reused key', async () => {
    await filedCase();
    const bad = await call('POST', '/api/cases', '/api/cases', {
      body: caseRequest({ payer: { kind: 'person', name: '', idNumber: '1', phone: '1' } }),
    });
    expect(bad.status).toBe(400);
    expect((bad.body as { errors: unknown[] }).errors.length).toBeGreaterThan(0);
    const notJson = await call('POST', '/api/cases', '/api/cases', {
      body: 'payer=x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(notJson.status).toBe(415);
    const malformed = await call('POST', '/api/cases', '/api/cases', { body: '{"payer":' });
    expect(malformed.status).toBe(400);
    const key = { 'idempotency-key': `contract-${Date.now()}-key-0001` };
    expect(
      (await call('POST', '/api/cases', '/api/cases', { body: caseRequest(), headers: key }))
        .status,
    ).toBe(201);
    const reused = await call('POST', '/api/cases', '/api/cases', {
      body: caseRequest({ description: '另一件事。' }),
      headers: key,
    });
    expect(reused.status).toBe(422);
  });

  it('shows a case with its code, and 404 for a wrong code', async () => {
    const c = await filedCase();
    const path = `/api/cases/${c.caseNumber}`;
    const view = await call('GET', CASE, path, { headers: { 'x-access-code': c.accessCode } });
    expect(view.status).toBe(200);
    expect((view.body as { caseNumber: string }).caseNumber).toBe(c.caseNumber);
    const wrong = await call('GET', CASE, path, { headers: { 'x-access-code': 'AAAAAAAAAAAA' } });
    expect(wrong.status).toBe(404);
  });

  it('takes the payer’s decision on an answered case, and refuses a bad one and a second', async () => {
    const c = await filedCase();
    const staff = (body: unknown) =>
      call('POST', `${STAFF_CASE}/actions`, `/api/staff/cases/${c.caseNumber}/actions`, {
        body,
        as: 'tax.staff',
      });
    expect((await staff({ type: 'sign-for' })).status).toBe(200);
    expect((await staff({ type: 'respond', answer: '经核实，缴费基数按规定核定。' })).status).toBe(
      200,
    );
    const route = `${CASE}/decision`;
    const path = `/api/cases/${c.caseNumber}/decision`;
    const code = { 'x-access-code': c.accessCode };
    const bad = await call('POST', route, path, { body: { decision: 'maybe' }, headers: code });
    expect(bad.status).toBe(400);
    const ok = await call('POST', route, path, { body: { decision: 'accept' }, headers: code });
    expect(ok.status).toBe(200);
    expect((ok.body as { decision: { kind: string } }).decision.kind).toBe('accept');
    const again = await call('POST', route, path, { body: { decision: 'accept' }, headers: code });
    expect(again.status).toBe(409);
    const unknown = await call('POST', route, '/api/cases/2026-999999/decision', {
      body: { decision: 'accept' },
      headers: code,
    });
    expect(unknown.status).toBe(404);
  });

  it('refuses a survey that is not open and one that is not valid', async () => {
    const c = await filedCase();
    const route = `${CASE}/survey`;
    const path = `/api/cases/${c.caseNumber}/survey`;
    const code = { 'x-access-code': c.accessCode };
    expect(
      (await call('POST', route, path, { body: { result: 'great' }, headers: code })).status,
    ).toBe(400);
    expect(
      (await call('POST', route, path, { body: { result: 'satisfied' }, headers: code })).status,
    ).toBe(409);
  });

  it('adds working days, and refuses a bad date', async () => {
    const route = '/api/calendar/add-working-days';
    const ok = await call('GET', route, `${route}?from=2026-10-08&days=5`);
    expect(ok.status).toBe(200);
    expect((ok.body as { date: string }).date).toMatch(/^2026-10-\d{2}$/);
    expect((await call('GET', route, `${route}?from=2026-13-01&days=x`)).status).toBe(400);
  });

  it('says the stack is up, and serves this document', async () => {
    expect((await call('GET', '/api/health', '/api/health')).body).toEqual({ status: 'up' });
    expect((await call('GET', '/api/openapi.json', '/api/openapi.json')).status).toBe(200);
  });

  it('renders the payer pages and answers their forms', async () => {
    // Each page its own route (issue 15); any other address under /api/payer/ the catch-all's.
    const html = { headers: { accept: 'text/html' } };
    const stepRoute = '/api/payer/apply-payer';
    expect((await call('GET', stepRoute, stepRoute, html)).status).toBe(200);
    const anyPage = '/api/payer/{page}';
    expect((await call('GET', anyPage, '/api/payer/nothing', html)).status).toBe(404);
    expect((await call('POST', anyPage, '/api/payer/nothing', { form: {} })).status).toBe(404);
    const step = await call('POST', stepRoute, stepRoute, { form: { kind: '' } });
    expect([303, 400]).toContain(step.status);
    for (const [method, route, status] of [
      ['GET', '/api/payer/time-limits', 200],
      ['GET', '/api/payer/apply-check', 303],
      ['GET', '/api/payer/done', 303],
      ['GET', '/api/payer/receipt', 303],
      ['GET', '/api/payer/status', 303],
      ['GET', '/api/payer/answer', 303],
      ['GET', '/api/payer/survey', 303],
      ['POST', '/api/payer/sign-out', 303],
    ] as const) {
      const o = method === 'POST' ? { form: {} } : html;
      expect((await call(method, route, route, o)).status, `${method} ${route}`).toBe(status);
    }
    const lookup = await call('POST', '/api/payer/status', '/api/payer/status', {
      form: { caseNumber: '', accessCode: '' },
    });
    expect(lookup.status).toBe(400);
    const code = await call('POST', '/api/payer/access-code', '/api/payer/access-code', {
      form: { caseNumber: 'x' },
    });
    expect(code.status).toBe(400);
  });
});

describe('the staff API', () => {
  it('refuses every staff route without a bearer token (401)', async () => {
    for (const r of httpRoutes().filter((x) => x.auth === 'staff')) {
      const path = r.path
        .replace('{caseNumber}', '2026-000001')
        .replace('{unit}', 'tax')
        .replace('{id}', 'x');
      const res = await call(r.method, r.path, path, r.method === 'GET' ? {} : { body: {} });
      expect(res.status, `${r.method} ${r.path}`).toBe(401);
    }
  });

  it('answers the inbox, and refuses a bad filter', async () => {
    const c = await filedCase();
    const inbox = await call('GET', '/api/staff/inbox', '/api/staff/inbox', { as: 'tax.staff' });
    const items = (inbox.body as { items: { caseNumber: string }[] }).items;
    expect(items.map((i) => i.caseNumber)).toContain(c.caseNumber);
    const bad = await call('GET', '/api/staff/inbox', '/api/staff/inbox?limit=0', {
      as: 'tax.staff',
    });
    expect(bad.status).toBe(400);
  });

  it('answers the supervision list to a leader, 403 to a unit', async () => {
    const route = '/api/staff/supervision';
    expect((await call('GET', route, route, { as: 'leader' })).status).toBe(200);
    expect((await call('GET', route, route, { as: 'tax.staff' })).status).toBe(403);
  });

  it('shows a case and acts on it; refuses a bad action, a stale one, and an unknown case', async () => {
    const c = await filedCase();
    const path = `/api/staff/cases/${c.caseNumber}`;
    const view = await call('GET', STAFF_CASE, path, { as: 'tax.staff' });
    expect(view.status).toBe(200);
    const version = (view.body as { version: number }).version;
    expect(
      (await call('GET', STAFF_CASE, '/api/staff/cases/2026-999999', { as: 'tax.staff' })).status,
    ).toBe(404);
    const actions = `${STAFF_CASE}/actions`;
    const bad = await call('POST', actions, `${path}/actions`, {
      body: { type: 'fly' },
      as: 'tax.staff',
    });
    expect(bad.status).toBe(400);
    const stale = await call('POST', actions, `${path}/actions`, {
      body: { type: 'note', note: '已电话联系缴费人。', version: version + 5 },
      as: 'tax.staff',
    });
    expect(stale.status).toBe(409);
    const signed = await call('POST', actions, `${path}/actions`, {
      body: { type: 'sign-for', version },
      as: 'tax.staff',
    });
    expect((signed.body as { status: string }).status).toBe('accepted');
    const code = await call('POST', `${STAFF_CASE}/access-code`, `${path}/access-code`, {
      body: {},
      as: 'tax.staff',
    });
    expect(code.status).toBe(200);
    const other = await call('POST', `${STAFF_CASE}/access-code`, `${path}/access-code`, {
      body: {},
      as: 'medical.staff',
    });
    expect([403, 404]).toContain(other.status);
  });

  it('registers a case at a window, and refuses a bad one', async () => {
    const register = {
      channel: 'walk-in',
      registeredOn: '2026-11-25',
      payer: { kind: 'person', name: '窗口来访人', idNumber: residentId(), phone: '13812345678' },
      matters: [
        { type: 'benefits', insurance: ['medical'], period: { from: '2023-01', to: '2023-06' } },
      ],
      description: '窗口登记的争议。',
    };
    const route = '/api/staff/cases';
    expect((await call('POST', route, route, { body: register, as: 'tax.staff' })).status).toBe(
      201,
    );
    expect(
      (await call('POST', route, route, { body: { channel: 'x' }, as: 'tax.staff' })).status,
    ).toBe(400);
  });

  it('records an attachment and gives its download link; refuses a bad file', async () => {
    const c = await filedCase();
    const route = `${STAFF_CASE}/attachments`;
    const path = `/api/staff/cases/${c.caseNumber}/attachments`;
    const added = await call('POST', route, path, {
      body: { name: '登记表.pdf', contentType: 'application/pdf', size: 10 },
      as: 'tax.staff',
    });
    expect(added.status).toBe(201);
    const id = (added.body as { attachment: { id: string } }).attachment.id;
    const link = await call('GET', `${route}/{id}`, `${path}/${id}`, { as: 'tax.staff' });
    expect(link.status).toBe(200);
    const bad = await call('POST', route, path, {
      body: { name: 'x.exe', contentType: 'application/x-msdownload', size: 10 },
      as: 'tax.staff',
    });
    expect(bad.status).toBe(400);
    expect(
      (await call('GET', `${route}/{id}`, `${path}/nothing`, { as: 'medical.staff' })).status,
    ).toBe(404);
  });

  it('lists, builds and shows reports; refuses a bad period, a unit’s clerk and an unknown id', async () => {
    const route = '/api/staff/reports';
    expect((await call('GET', route, route, { as: 'leader' })).status).toBe(200);
    expect((await call('GET', route, route, { as: 'tax.staff' })).status).toBe(403);
    const built = await call('POST', route, route, {
      body: { from: '2026-01-01', to: '2026-06-30' },
      as: 'leader',
    });
    expect(built.status).toBe(201);
    const id = (built.body as { id: string }).id;
    const bad = await call('POST', route, route, {
      body: { from: '2026-06-30', to: '2026-01-01' },
      as: 'leader',
    });
    expect(bad.status).toBe(400);
    const shown = await call('GET', `${route}/{id}`, `${route}/${encodeURIComponent(id)}`, {
      as: 'leader',
    });
    expect((shown.body as { report: { id: string } }).report.id).toBe(id);
    const csv = await call(
      'GET',
      `${route}/{id}`,
      `${route}/${encodeURIComponent(id)}?format=csv`,
      { as: 'leader' },
    );
    expect(csv.type).toBe('text/csv');
    expect((await call('GET', `${route}/{id}`, `${route}/nothing`, { as: 'leader' })).status).toBe(
      404,
    );
  });

  it('shows the administrator the health detail and the dead letters, and refuses others', async () => {
    for (const route of ['/api/staff/health', '/api/staff/dead-letters']) {
      expect((await call('GET', route, route, { as: 'admin' })).status).toBe(200);
      expect((await call('GET', route, route, { as: 'tax.staff' })).status).toBe(403);
    }
    const redrive = '/api/staff/dead-letters/{unit}/redrive';
    const moved = await call('POST', redrive, '/api/staff/dead-letters/tax/redrive', {
      body: {},
      as: 'admin',
    });
    expect(moved.body).toEqual({ unit: 'tax', moved: 0 });
    expect(
      (
        await call('POST', redrive, '/api/staff/dead-letters/nowhere/redrive', {
          body: {},
          as: 'admin',
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call('POST', redrive, '/api/staff/dead-letters/tax/redrive', {
          body: {},
          as: 'tax.staff',
        })
      ).status,
    ).toBe(403);
  });
});

describe('the staff pages', () => {
  it('answer every page and form with a documented status and type, signed in or not', async () => {
    const c = await filedCase();
    const undocumented: string[] = [];
    for (const r of httpRoutes().filter((x) => x.auth === 'session')) {
      const path = r.path
        .replace('{caseNumber}', c.caseNumber)
        .replace('{unit}', 'tax')
        .replace('{form}', 'registration')
        .replace('{id}', 'nothing');
      const page = { headers: { accept: 'text/html' } };
      const calls: Call[] = [r.method === 'GET' ? page : { form: {} }];
      if (r.method === 'GET' && !r.path.startsWith('/staff/sign') && r.path !== '/staff/callback') {
        calls.push({ ...page, session: 'office.staff' });
      }
      for (const o of calls) {
        // Every route's answer checked before the test fails, so one run names them all.
        await call(r.method, r.path, path, o).catch((e: Error) => {
          undocumented.push(e.message.split('\n')[0] ?? '');
        });
      }
    }
    expect(undocumented).toEqual([]);
  });
});

describe('the case page’s upload script', () => {
  it('records a file and answers where to upload it, or the errors as problem details', async () => {
    const c = await filedCase();
    const route = '/staff/cases/{caseNumber}/attachments';
    const path = `/staff/cases/${c.caseNumber}/attachments`;
    const page = await getPage(
      rt,
      `/staff/cases/${c.caseNumber}`,
      await sessionCookieFor(rt, 'tax.staff'),
    );
    const csrf = csrfOf(page.text);
    const post = (form: Record<string, string>) =>
      call('POST', route, path, {
        form: { csrf, ...form },
        session: 'tax.staff',
        headers: { origin: rt.url, accept: 'application/json' },
      });
    const added = await post({ name: '登记表.pdf', contentType: 'application/pdf', size: '10' });
    expect(added.status).toBe(201);
    const bad = await post({ name: '', contentType: 'text/html', size: '0' });
    expect(bad.status).toBe(400);
    expect((bad.body as { errors: unknown[] }).errors.length).toBeGreaterThan(0);
  });
});

describe('coverage', () => {
  it('called every JSON route of the document', () => {
    const json = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, op]) =>
          Object.values(op.responses).some((r) => r.content?.['application/json']),
        )
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(json.length).toBeGreaterThan(20);
    expect(json.filter((op) => !seen.has(op))).toEqual([]);
  });
});
