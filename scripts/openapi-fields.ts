/**
 * The published fields of the OpenAPI document, flat, and the check that a new document keeps
 * them (issue 15): a field removed, renamed or retyped, a response field no longer always sent,
 * or a request field newly required breaks the clients of DESIGN.md §9. Additions pass.
 *
 * The snapshot (test/fixtures/openapi-published.json) is what has been published; a deliberate
 * break rewrites it with `npm run openapi -- --publish` and a version bump.
 */
import type { JsonSchema } from '#contracts/openapi.ts';

/** One field: its JSON type(s) and whether it is always there (response) or must be (request). */
export interface Field {
  type: string;
  required: boolean;
  /**
   * What the schema says of its values, for docs/api.md: the values it takes, its pattern, its
   * description. Not part of what is published (no check reads it; the snapshot leaves it out).
   */
  note?: string;
}

/** Field path (`/payer/idNumber`, `/items/[]/due`, `(type=return)/note`, `?status`) → field. */
export type Fields = Record<string, Field>;

/** Per operation (`GET /api/cases/{caseNumber}`): request fields, and response fields by status. */
export type Published = Record<string, { request: Fields; responses: Record<string, Fields> }>;

type Doc = {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
};
interface Operation {
  parameters?: { name: string; in: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
}

const PROBLEM_REF = '#/components/schemas/Problem';
const JSON_TYPES = ['application/json', 'application/problem+json'];

function resolve(doc: Doc, schema: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.replace('#/components/schemas/', '');
  const target = doc.components?.schemas?.[name];
  if (!target) throw new Error(`unresolved ${ref}`);
  return resolve(doc, target);
}

function typeOf(schema: JsonSchema): string {
  const t = schema.type;
  if (Array.isArray(t)) return [...t].sort().join('|');
  if (typeof t === 'string') return t;
  return 'any';
}

/** The property every branch fixes with `const`, when the union is discriminated by one. */
function discriminator(branches: JsonSchema[]): string | undefined {
  const first = branches[0]?.properties as Record<string, JsonSchema> | undefined;
  if (!first) return undefined;
  return Object.keys(first).find((key) =>
    branches.every(
      (b) => (b.properties as Record<string, JsonSchema> | undefined)?.[key]?.const !== undefined,
    ),
  );
}

function walk(doc: Doc, raw: JsonSchema, path: string, required: boolean, out: Fields): void {
  const schema = resolve(doc, raw);
  const branches = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined;
  if (branches) {
    const resolved = branches.map((b) => resolve(doc, b));
    const key = discriminator(resolved);
    if (key) {
      out[path] = { type: 'object', required };
      for (const b of resolved) {
        const value = (b.properties as Record<string, JsonSchema>)[key]?.const;
        // One alternative among several: never required itself; its own fields may be.
        walk(doc, b, `${path}(${key}=${String(value)})`, false, out);
      }
      return;
    }
    // A plain union (nullable, string | number…): one field of every branch's types.
    const parts: Fields[] = resolved.map((b) => {
      const part: Fields = {};
      walk(doc, b, path, required, part);
      return part;
    });
    const types = new Set(parts.flatMap((p) => (p[path]?.type ?? 'any').split('|')));
    for (const part of parts) {
      for (const [p, f] of Object.entries(part)) {
        const seen = out[p];
        out[p] = seen ? { type: seen.type, required: seen.required && f.required } : f;
      }
    }
    out[path] = { type: [...types].sort().join('|'), required };
    return;
  }
  const note = noteOf(schema);
  out[path] = { type: typeOf(schema), required, ...(note ? { note } : {}) };
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  const needed = (schema.required as string[] | undefined) ?? [];
  for (const [name, sub] of Object.entries(properties ?? {})) {
    walk(doc, sub, `${path}/${name}`, needed.includes(name), out);
  }
  const extra = schema.additionalProperties;
  if (extra && typeof extra === 'object' && Object.keys(extra).length > 0) {
    walk(doc, extra as JsonSchema, `${path}/*`, false, out);
  }
  if (schema.items && typeof schema.items === 'object') {
    walk(doc, schema.items as JsonSchema, `${path}/[]`, true, out);
  }
}

/** The values a field takes (enum, const, pattern) and its description, in one line. */
function noteOf(schema: JsonSchema): string {
  const parts: string[] = [];
  if (Array.isArray(schema.enum))
    parts.push(`one of ${schema.enum.map((v) => `\`${v}\``).join(', ')}`);
  if (schema.const !== undefined) parts.push(`\`${String(schema.const)}\``);
  if (typeof schema.pattern === 'string') parts.push(`pattern \`${schema.pattern}\``);
  if (typeof schema.description === 'string') parts.push(schema.description);
  return parts.join('; ');
}

/** The fields as published: type and presence, without the docs' notes. */
export function withoutNotes(published: Published): Published {
  const bare = (fields: Fields): Fields =>
    Object.fromEntries(
      Object.entries(fields).map(([path, f]) => [path, { type: f.type, required: f.required }]),
    );
  return Object.fromEntries(
    Object.entries(published).map(([op, { request, responses }]) => [
      op,
      {
        request: bare(request),
        responses: Object.fromEntries(
          Object.entries(responses).map(([status, fields]) => [status, bare(fields)]),
        ),
      },
    ]),
  );
}

function jsonSchemaOf(content: Record<string, { schema?: JsonSchema }> | undefined) {
  const type = JSON_TYPES.find((t) => content?.[t]?.schema);
  return type ? content?.[type]?.schema : undefined;
}

/** The published fields of every JSON body and query of the document. */
export function publishedFields(document: JsonSchema): Published {
  const doc = document as unknown as Doc;
  const out: Published = {};
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const request: Fields = {};
      for (const p of op.parameters ?? []) {
        if (p.in === 'query' && p.schema) {
          request[`?${p.name}`] = { type: typeOf(p.schema), required: p.required ?? false };
        }
      }
      const body = jsonSchemaOf(op.requestBody?.content);
      if (body) walk(doc, body, '', true, request);
      const responses: Record<string, Fields> = {};
      for (const [status, r] of Object.entries(op.responses ?? {})) {
        const schema = jsonSchemaOf(r.content);
        // Problem details are one shared schema, kept once below.
        if (!schema || schema.$ref === PROBLEM_REF) continue;
        const fields: Fields = {};
        walk(doc, schema, '', true, fields);
        responses[status] = fields;
      }
      out[`${method.toUpperCase()} ${path}`] = { request, responses };
    }
  }
  const problem: Fields = {};
  walk(doc, { $ref: PROBLEM_REF }, '', true, problem);
  out[PROBLEM_REF] = { request: {}, responses: { problem } };
  return out;
}

/** The path of the object a field is in: `/a/b` → `/a`, `(type=x)/note` → `(type=x)`. */
function parentOf(path: string): string {
  if (path.startsWith('?')) return '';
  return path.replace(/(\/[^/()]*|\([^()]*\))$/, '');
}

/** Every way `current` breaks what `published` promised, in words; empty when none. */
export function breakingChanges(published: Published, current: Published): string[] {
  const breaks: string[] = [];
  for (const [op, was] of Object.entries(published)) {
    const now = current[op];
    if (!now) {
      breaks.push(`${op}: operation removed`);
      continue;
    }
    for (const [path, field] of Object.entries(was.request)) {
      const f = now.request[path];
      if (!f) breaks.push(`${op} request ${path || '(body)'}: removed or renamed`);
      else if (f.type !== field.type)
        breaks.push(`${op} request ${path || '(body)'}: type ${field.type} → ${f.type}`);
    }
    for (const [path, f] of Object.entries(now.request)) {
      // A required field of a new optional object (or a new alternative) breaks no one.
      const parent = parentOf(path);
      const parentPublished = parent === '' || was.request[parent] !== undefined;
      if (f.required && parentPublished && !was.request[path]?.required) {
        breaks.push(`${op} request ${path || '(body)'}: now required`);
      }
    }
    for (const [status, fields] of Object.entries(was.responses)) {
      const nowFields = now.responses[status];
      if (!nowFields) {
        breaks.push(`${op} ${status}: response removed`);
        continue;
      }
      for (const [path, field] of Object.entries(fields)) {
        const f = nowFields[path];
        const where = `${op} ${status} ${path || '(body)'}`;
        if (!f) breaks.push(`${where}: removed or renamed`);
        else if (f.type !== field.type) breaks.push(`${where}: type ${field.type} → ${f.type}`);
        else if (field.required && !f.required) breaks.push(`${where}: no longer always sent`);
      }
    }
  }
  return breaks;
}
