/**
 * Staff routes fuzzed with a valid token (issue 16): the probe and fuzz.test.ts only sent them
 * made-up tokens, which the gateway refuses before any handler runs. Here every staff route gets
 * generated bodies, path parameters and query strings from signed-in users of several roles.
 * Invariants: no 5xx; every answer that is not 2xx is problem details whose status is the HTTP
 * status; a refused request leaves the case it named exactly as it was.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTION_TYPES } from '#core/actions.ts';
import { UNIT_IDS } from '#core/units.ts';
import { functions, TABLE_NAME } from '#functions/manifest.ts';
import { caseRequest, postJson } from '#test/fixtures/cases.ts';
import { fuzzRuns, sharedRuntimeWithAccounts } from '#test/fixtures/integration.ts';
import { eventually } from '#test/fixtures/runtime.ts';
import { tokenFor } from '#test/fixtures/staff.ts';

const rt = sharedRuntimeWithAccounts();
const seeded: string[] = [];
const tokens: Record<string, string> = {};
const USERS = ['tax.staff', 'tax.head', 'hrss.staff', 'leader', 'admin'] as const;

beforeAll(async () => {
  for (const user of USERS) tokens[user] = await tokenFor(rt, user);
  for (let i = 0; i < 2; i++) {
    const res = await postJson(`${rt.url}/api/cases`, caseRequest());
    expect(res.status).toBe(201);
    seeded.push(String(res.json.caseNumber));
  }
  for (const caseNumber of seeded) {
    await eventually(async () => {
      const record = await rt.store.get(caseNumber);
      return record && record.status !== 'received' ? record : undefined;
    }, 30_000);
  }
});

const staffRoutes = functions.flatMap((f) =>
  f.trigger.kind === 'http' && f.trigger.auth === 'staff'
    ? [{ method: f.trigger.method, path: f.trigger.path }]
    : [],
);

/** Values that look like what the contract takes, and values that do not. */
const scalar = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', ' ', '2026-01-01', '9999-12-31', '0001-01-01', 'tax', '<script>', '\u0000'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const actionBody = fc.record(
  {
    type: fc.oneof(fc.constantFrom(...ACTION_TYPES), fc.string({ maxLength: 12 })),
    version: fc.oneof(fc.nat(20), fc.integer(), fc.string({ maxLength: 4 })),
    note: scalar,
    summary: scalar,
    answer: scalar,
    units: fc.oneof(fc.array(fc.constantFrom(...UNIT_IDS, 'nobody'), { maxLength: 4 }), scalar),
    unit: fc.oneof(fc.constantFrom(...UNIT_IDS), scalar),
    days: fc.oneof(fc.integer({ min: -5, max: 400 }), scalar),
    reason: scalar,
    verified: fc.oneof(fc.boolean(), scalar),
  },
  { requiredKeys: [] },
);
const reportBody = fc.record(
  {
    from: fc.oneof(fc.constantFrom('2025-01-01', '2026-12-31', '9999-12-01', '2023-12-31'), scalar),
    to: fc.oneof(fc.constantFrom('2026-01-31', '2026-12-31', '9999-12-31', '2024-01-01'), scalar),
    title: scalar,
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  actionBody.map((b) => JSON.stringify(b)),
  reportBody.map((b) => JSON.stringify(b)),
  fc.json({ maxDepth: 3 }),
  fc.constantFrom('', '{', 'null', '[]', '"x"', '{"__proto__":{"admin":true}}'),
);
const pathValue = fc.oneof(
  fc.constantFrom('2026-999999', '2026-000000', 'x', '..', '%2e%2e', '2026-000001%00'),
  fc.constantFrom(...UNIT_IDS, 'nobody'),
  fc.uuid(),
);

interface Sent {
  user: (typeof USERS)[number];
  method: string;
  path: string;
  body: string | undefined;
  contentType: string;
}

function requests(): fc.Arbitrary<Sent> {
  return fc
    .record({
      route: fc.constantFrom(...staffRoutes),
      user: fc.constantFrom(...USERS),
      // Drawn at run time: the seeded numbers exist only after beforeAll.
      first: fc.oneof(fc.constantFrom(...seeded), pathValue),
      second: pathValue,
      query: fc.option(fc.webQueryParameters(), { nil: undefined }),
      body,
      contentType: fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'text/plain',
        'application/x-www-form-urlencoded',
      ),
    })
    .map(({ route, user, first, second, query, body, contentType }) => {
      const path = route.path
        .replace(/\{(caseNumber|unit)\}/, encodeURIComponent(first))
        .replace('{id}', encodeURIComponent(second));
      return {
        user,
        method: route.method,
        path: query ? `${path}?${query}` : path,
        body: route.method === 'GET' ? undefined : body,
        contentType,
      };
    });
}

/** The case and its timeline as stored, to compare before and after a refusal. */
async function storedCase(caseNumber: string): Promise<unknown> {
  const out = await rt.db.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': `CASE#${caseNumber}` },
      ConsistentRead: true,
    }),
  );
  return out.Items;
}

/**
 * One fuzz request. A keep-alive socket the runtime closed for idleness just as the request went
 * out fails with "other side closed" before any answer: it is sent once more on a new socket, as
 * fuzz.test.ts does (docs/decisions.md, Tests). A runtime that died or dropped the connection on
 * purpose fails the second time too.
 */
async function send(r: Sent): Promise<Response> {
  const once = () =>
    fetch(`${rt.url}${r.path}`, {
      method: r.method,
      headers: {
        authorization: `Bearer ${tokens[r.user]}`,
        accept: 'application/json',
        ...(r.body === undefined ? {} : { 'content-type': r.contentType }),
      },
      ...(r.body === undefined ? {} : { body: r.body }),
      redirect: 'manual',
    });
  try {
    return await once();
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw error;
    return once();
  }
}

describe('staff routes with a valid token', () => {
  it('answer no 5xx, problem details for every refusal, and a refusal changes no case', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(requests(), async (r) => {
        const named = seeded.find((n) => r.path.includes(n));
        const before = named ? await storedCase(named) : undefined;
        const res = await send(r);
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const what = `${r.user} ${r.method} ${r.path} ${r.body ?? ''} → ${res.status} ${text.slice(0, 300)}`;
        expect(res.status, what).toBeLessThan(500);
        if (res.status >= 400) {
          expect(res.headers.get('content-type'), what).toMatch(/^application\/problem\+json/);
          const problem = JSON.parse(text) as { type?: unknown; title?: unknown; status?: unknown };
          expect(typeof problem.type, what).toBe('string');
          expect(typeof problem.title, what).toBe('string');
          expect(problem.status, what).toBe(res.status);
          if (named) expect(await storedCase(named), what).toEqual(before);
        }
      }),
      // Twice fast-check's default: every staff route and user is drawn often (FUZZ_RUNS_SCALE for more).
      { numRuns: fuzzRuns(200) },
    );
    // The fuzz reached handlers, not only the gateway: refusals of several kinds, and answers.
    expect(statuses.get(401) ?? 0).toBe(0);
    expect([...statuses.keys()].filter((s) => s >= 400 && s < 500).length).toBeGreaterThanOrEqual(
      3,
    );
    expect([...statuses.keys()].some((s) => s < 300)).toBe(true);
  });
});
