/**
 * `npm run openapi`: writes the OpenAPI 3.1 document (docs/openapi.json) and a page people read
 * (docs/api.md), both from functions/contracts/openapi.ts. test/unit/openapi.test.ts fails when
 * the committed files differ from what this writes, so run it after changing a route or contract.
 *
 * `npm run openapi -- --publish` also rewrites test/fixtures/openapi-published.json, the fields
 * clients rely on. Do that only for a deliberate change: a break of a published field needs a
 * version bump of the contract (DESIGN.md §9).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type JsonSchema, openApiDocument } from '#contracts/openapi.ts';
import { type Fields, publishedFields, withoutNotes } from './openapi-fields.ts';

const ROOT = resolve(import.meta.dirname, '..');
export const DOCUMENT_PATH = join(ROOT, 'docs/openapi.json');
export const PAGE_PATH = join(ROOT, 'docs/api.md');
export const PUBLISHED_PATH = join(ROOT, 'test/fixtures/openapi-published.json');

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: JsonSchema;
}
interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: JsonSchema }> };
  responses: Record<
    string,
    { description: string; content?: Record<string, { schema?: JsonSchema }> }
  >;
}

const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

function schemaWords(schema: JsonSchema | undefined): string {
  if (!schema) return '';
  const parts = [String(schema.type ?? '')];
  if (Array.isArray(schema.enum))
    parts.push(`one of ${schema.enum.map((v) => `\`${v}\``).join(', ')}`);
  if (typeof schema.pattern === 'string') parts.push(`pattern \`${schema.pattern}\``);
  return parts.filter(Boolean).join('; ');
}

function fieldTable(fields: Fields): string[] {
  const rows = Object.entries(fields).filter(([path]) => path !== '');
  if (rows.length === 0) return [];
  return [
    '| Field | Type | Required | Values and meaning |',
    '| --- | --- | --- | --- |',
    ...rows.map(
      ([path, f]) =>
        `| \`${cell(path)}\` | ${cell(f.type)} | ${f.required ? 'yes' : ''} | ${cell(f.note ?? '')} |`,
    ),
    '',
  ];
}

/** The document as a page: each operation, its parameters, bodies and answers. */
export function renderMarkdown(document: JsonSchema): string {
  const doc = document as { info: { title: string; version: string; description: string } } & {
    paths: Record<string, Record<string, Operation>>;
  };
  const fields = publishedFields(document);
  const lines = [
    `# ${doc.info.title} ${doc.info.version}`,
    '',
    '<!-- Written by `npm run openapi` from functions/contracts/openapi.ts: do not edit. -->',
    '',
    doc.info.description,
    '',
    'The machine-readable document is [openapi.json](openapi.json), also served at `/api/openapi.json`.',
    '',
    '## Operations',
    '',
  ];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const key = `${method.toUpperCase()} ${path}`;
      lines.push(`- [\`${key}\`](#${op.operationId}): ${op.summary}`);
    }
  }
  lines.push('');
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const key = `${method.toUpperCase()} ${path}`;
      const published = fields[key];
      lines.push(`## <a id="${op.operationId}"></a>\`${key}\``, '', `**${op.summary}**`, '');
      if (op.description) lines.push(op.description, '');
      const security = op.security?.flatMap((s) => Object.keys(s)) ?? [];
      lines.push(
        `Credentials: ${security.length > 0 ? security.map((s) => `\`${s}\``).join(' or ') : 'none'}.`,
        '',
      );
      if (op.parameters?.length) {
        lines.push(
          '| Parameter | In | Required | Schema | Description |',
          '| --- | --- | --- | --- | --- |',
        );
        for (const p of op.parameters) {
          lines.push(
            `| \`${p.name}\` | ${p.in} | ${p.required ? 'yes' : ''} | ${cell(schemaWords(p.schema))} | ${cell(p.description ?? '')} |`,
          );
        }
        lines.push('');
      }
      if (op.requestBody) {
        lines.push(
          `Request body: ${Object.keys(op.requestBody.content)
            .map((t) => `\`${t}\``)
            .join(' or ')}`,
          '',
        );
        const body = Object.fromEntries(
          Object.entries(published?.request ?? {}).filter(([p]) => !p.startsWith('?')),
        );
        lines.push(...fieldTable(body));
      }
      lines.push('Responses:', '');
      for (const [status, r] of Object.entries(op.responses)) {
        const types = Object.keys(r.content ?? {});
        lines.push(
          `- **${status}** ${r.description}${types.length > 0 ? ` (${types.map((t) => `\`${t}\``).join(', ')})` : ''}`,
        );
      }
      lines.push('');
      for (const [status, f] of Object.entries(published?.responses ?? {})) {
        if (Number(status) >= 400) continue;
        const table = fieldTable(f);
        if (table.length > 0) lines.push(`Fields of ${status}:`, '', ...table);
      }
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** Writes the files and formats the JSON ones as `biome check` wants them. */
export function writeDocs(publish: boolean): string[] {
  const document = openApiDocument();
  const written = [DOCUMENT_PATH, PAGE_PATH];
  writeFileSync(DOCUMENT_PATH, `${JSON.stringify(document, null, 2)}\n`);
  writeFileSync(PAGE_PATH, renderMarkdown(document));
  if (publish) {
    const published = withoutNotes(publishedFields(document));
    writeFileSync(PUBLISHED_PATH, `${JSON.stringify(published, null, 2)}\n`);
    written.push(PUBLISHED_PATH);
  }
  const json = written.filter((f) => f.endsWith('.json'));
  execFileSync(join(ROOT, 'node_modules/.bin/biome'), ['format', '--write', ...json], {
    stdio: 'ignore',
  });
  return written;
}

if (process.argv[1] === import.meta.filename) {
  for (const file of writeDocs(process.argv.includes('--publish'))) console.log(`wrote ${file}`);
}
