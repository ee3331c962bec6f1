/**
 * The OpenAPI document (issue 15): valid OpenAPI 3.1 by a real validator, every route of the
 * manifest in it, the committed copies in docs/ the same as what the contracts make, and no
 * published field broken.
 */
import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { httpRoutes, type JsonSchema, openApiDocument } from '#contracts/openapi.ts';
import { functions } from '#functions/manifest.ts';
import { DOCUMENT_PATH, PAGE_PATH, PUBLISHED_PATH, renderMarkdown } from '../../scripts/openapi.ts';
import { breakingChanges, type Published, publishedFields } from '../../scripts/openapi-fields.ts';

interface MediaShape {
  schema?: unknown;
  example?: unknown;
  examples?: Record<string, { value: unknown }>;
}
interface OperationShape {
  requestBody?: { content: Record<string, MediaShape> };
  responses: Record<string, { content?: Record<string, MediaShape> }>;
}

const document = JSON.parse(JSON.stringify(openApiDocument())) as JsonSchema & {
  paths: Record<
    string,
    Record<string, { operationId: string; summary: string; security?: unknown[] }>
  >;
};

describe('the OpenAPI document', { timeout: 30_000 }, () => {
  it('is valid OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('is refused by the validator when it is not OpenAPI (the check can fail)', async () => {
    const { info: _, ...withoutInfo } = document;
    const broken = { ...withoutInfo, paths: { '/api/x': { get: { responses: 'none' } } } };
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it('has every HTTP route of the manifest as an operation named after its function', () => {
    const routes = functions.flatMap((f) => (f.trigger.kind === 'http' ? [f] : []));
    expect(routes.length).toBe(httpRoutes().length);
    expect(routes.length).toBeGreaterThan(40);
    for (const f of routes) {
      if (f.trigger.kind !== 'http') continue;
      const op = document.paths[f.trigger.path]?.[f.trigger.method.toLowerCase()];
      expect(op?.operationId, `${f.trigger.method} ${f.trigger.path}`).toBe(f.name);
    }
    const operations = Object.values(document.paths).flatMap((m) => Object.values(m));
    expect(operations).toHaveLength(routes.length);
    // A new route appears by itself (described from its trigger); it still wants a real entry.
    expect(operations.filter((op) => op.summary.endsWith('(undescribed)'))).toEqual([]);
  });

  it('describes a route the manifest gains before anyone writes its entry', async () => {
    const route = (name: string, method: 'GET' | 'POST', path: string, auth: 'staff' | 'session') =>
      ({
        name,
        entry: `functions/handlers/http/${name}.ts`,
        trigger: { kind: 'http', method, path, auth },
        access: { table: 'none', sendTo: [] },
        timeoutSeconds: 5,
        memoryMb: 256,
      }) as const;
    const grown = openApiDocument([
      ...functions,
      route('staff-new-thing', 'GET', '/api/staff/new-thing/{id}', 'staff'),
      route('staff-new-page', 'POST', '/staff/new-page', 'session'),
    ]) as typeof document;
    expect((await new Validator().validate(grown)).valid).toBe(true);
    const api = grown.paths['/api/staff/new-thing/{id}']?.get;
    expect(api?.summary).toBe('staff-new-thing (undescribed)');
    expect(api?.security).toEqual([{ staffBearer: [] }]);
    const form = grown.paths['/staff/new-page']?.post as unknown as OperationShape | undefined;
    expect(Object.keys(form?.requestBody?.content ?? {})).toEqual([
      'application/x-www-form-urlencoded',
    ]);
    expect(Object.keys(form?.responses ?? {})).toEqual(expect.arrayContaining(['303', '400']));
  });

  it('asks for the bearer token on the staff API and the session cookie on the staff pages', () => {
    for (const f of functions) {
      if (f.trigger.kind !== 'http') continue;
      const op = document.paths[f.trigger.path]?.[f.trigger.method.toLowerCase()];
      if (f.trigger.auth === 'public') continue;
      const expected = f.trigger.auth === 'staff' ? [{ staffBearer: [] }] : [{ staffSession: [] }];
      expect(op?.security, f.name).toEqual(expected);
    }
    expect(document.paths['/api/health']?.get?.security).toBeUndefined();
    expect(document.paths['/api/cases/{caseNumber}']?.get?.security).toEqual([
      { payerAccessCode: [] },
      { payerCaseCookie: [] },
    ]);
  });

  it('gives examples that its own schemas accept, and schemas that refuse a wrong body', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const compiled = new Map<unknown, ReturnType<typeof ajv.compile>>();
    const check = (schema: unknown, value: unknown) => {
      let validate = compiled.get(schema);
      if (!validate) {
        validate = ajv.compile({ ...(schema as object), components: document.components });
        compiled.set(schema, validate);
      }
      return validate(value);
    };
    let examples = 0;
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(methods) as unknown as [string, OperationShape][]) {
        const media = [
          ...Object.values(op.requestBody?.content ?? {}),
          ...Object.values(op.responses).flatMap((r) => Object.values(r.content ?? {})),
        ];
        for (const m of media) {
          const values = [
            ...(m.example === undefined ? [] : [m.example]),
            ...Object.values(m.examples ?? {}).map((e) => e.value),
          ];
          for (const value of values) {
            examples += 1;
            expect(
              check(m.schema, value),
              `${method} ${path}: ${ajv.errorsText(compiled.get(m.schema)?.errors)}`,
            ).toBe(true);
          }
        }
      }
    }
    expect(examples).toBeGreaterThan(50);
    const view = document.paths['/api/cases/{caseNumber}']?.get as unknown as OperationShape;
    const schema = view.responses['200']?.content?.['application/json']?.schema;
    expect(check(schema, { status: 'received' })).toBe(false);
    expect(check(schema, { caseNumber: 1 })).toBe(false);
  }, 30_000);

  it('is the committed docs/openapi.json and docs/api.md (run `npm run openapi` after a change)', () => {
    expect(JSON.parse(readFileSync(DOCUMENT_PATH, 'utf8'))).toEqual(document);
    expect(readFileSync(PAGE_PATH, 'utf8')).toBe(renderMarkdown(document));
  });
});

describe('published fields', () => {
  const published = JSON.parse(readFileSync(PUBLISHED_PATH, 'utf8')) as Published;
  const current = publishedFields(document);

  it('are all still there, with their types (a deliberate break: `npm run openapi -- --publish`)', () => {
    expect(breakingChanges(published, current)).toEqual([]);
    expect(published['POST /api/cases']?.responses['201']?.['/accessCode']).toEqual({
      type: 'string',
      required: true,
    });
  });

  const clone = () => structuredClone(current);
  const fields = (p: Published, op: string, status?: string) => {
    const o = p[op];
    if (!o) throw new Error(`no ${op}`);
    const f = status ? o.responses[status] : o.request;
    if (!f) throw new Error(`no ${status}`);
    return f;
  };

  it('breaks when a response field is removed, renamed, retyped or no longer always sent', () => {
    const next = clone();
    const created = fields(next, 'POST /api/cases', '201');
    delete created['/accessCode'];
    const view = fields(next, 'GET /api/cases/{caseNumber}', '200');
    view['/units'] = { type: 'string', required: true };
    view['/status'] = { type: 'string', required: false };
    expect(breakingChanges(current, next).sort()).toEqual([
      'GET /api/cases/{caseNumber} 200 /status: no longer always sent',
      'GET /api/cases/{caseNumber} 200 /units: type array → string',
      'POST /api/cases 201 /accessCode: removed or renamed',
    ]);
  });

  it('breaks when a request field becomes required or a new required one appears', () => {
    const next = clone();
    const request = fields(next, 'POST /api/cases');
    request['/counterparty'] = { type: 'object', required: true };
    request['/channel'] = { type: 'string', required: true };
    expect(breakingChanges(current, next).sort()).toEqual([
      'POST /api/cases request /channel: now required',
      'POST /api/cases request /counterparty: now required',
    ]);
  });

  it('breaks when an operation or a problem field goes', () => {
    const next = clone();
    delete next['GET /api/health'];
    delete fields(next, '#/components/schemas/Problem', 'problem')['/errors/[]/pointer'];
    expect(breakingChanges(current, next).sort()).toEqual([
      '#/components/schemas/Problem problem /errors/[]/pointer: removed or renamed',
      'GET /api/health: operation removed',
    ]);
  });

  it('lets additions pass: a new optional field, a new operation, a new optional object', () => {
    const next = clone();
    fields(next, 'POST /api/cases', '201')['/receivedAt'] = { type: 'string', required: true };
    fields(next, 'POST /api/cases')['/channel'] = { type: 'string', required: false };
    const request = fields(next, 'POST /api/staff/cases');
    request['/witness'] = { type: 'object', required: false };
    request['/witness/name'] = { type: 'string', required: true };
    next['GET /api/new'] = {
      request: {},
      responses: { '200': { '': { type: 'object', required: true } } },
    };
    expect(breakingChanges(current, next)).toEqual([]);
  });
});
