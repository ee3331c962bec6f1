// Its own runtime: it snapshots the whole table to show that a rejected request stores nothing.
/**
 * Bad input (issue 7, item 4): property-based fuzzing of every public endpoint of the running
 * local stack, through the gateway over HTTP. Whatever the body, headers, path, query string,
 * content type or method: no 5xx; every 4xx is problem details; a rejected request stores nothing.
 */
import { Agent, type IncomingHttpHeaders, request } from 'node:http';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isResidentId, makeCreditCode, makeResidentId } from '#core/identifiers.ts';
import { INSURANCE_TYPES, MATTER_TYPES } from '#core/matters.ts';
import { shanghaiDate } from '#core/time.ts';
import { functions, TABLE_NAME } from '#functions/manifest.ts';
import { PAYER_PAGES } from '#functions/pages/paths.ts';
import { caseRequest, postJson } from '#test/fixtures/cases.ts';
import { fuzzRuns, ownRuntime } from '#test/fixtures/integration.ts';
import { eventually } from '#test/fixtures/runtime.ts';

const rt = ownRuntime();
// Eight requests in flight: enough to interleave handlers, modest on a 2-core machine.
const CONCURRENCY = 8;
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

interface Seed {
  caseNumber: string;
  accessCode: string;
}
/** Cases filed before the fuzz, for requests that need a real case and its right code. */
const seeds: Seed[] = [];
/** Case numbers of every 201 the fuzz got: the only cases allowed to appear. */
const created = new Set<string>();
/** Idempotency keys of those 201s: the only idempotency records allowed to appear. */
const keysFiled = new Set<string>();
let sent = 0;
/** Requests the properties would send with all their batches run. */
let planned = 0;
let before: Map<string, string>;

beforeAll(async () => {
  for (let i = 0; i < 2; i++) {
    const res = await postJson(`${rt.url}/api/cases`, caseRequest());
    expect(res.status).toBe(201);
    seeds.push(res.json as unknown as Seed);
  }
  // Delivered first, so that the queue's own writes do not pass for the fuzz's.
  for (const seed of seeds) {
    await eventually(async () => {
      const record = await rt.store.get(seed.caseNumber);
      return record && record.status !== 'received' ? record : undefined;
    }, 30_000);
  }
  before = await snapshot();
});

afterAll(() => {
  agent.destroy();
});

/** Every item of the table, by key, as JSON. */
async function snapshot(): Promise<Map<string, string>> {
  const items = new Map<string, string>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await rt.db.send(
      new ScanCommand({ TableName: TABLE_NAME, ExclusiveStartKey: start }),
    );
    for (const item of page.Items ?? []) items.set(`${item.PK} ${item.SK}`, JSON.stringify(item));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

// ---------------------------------------------------------------------------------------------
// Sending and judging one request

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Sends the body in two chunks (chunked transfer encoding) rather than with a length. */
  chunked?: boolean;
  /** What the platform makes of the content type, where the test knows it. */
  kind?: Kind;
  /**
   * The loopback address the request connects from: its client, to the per-client limits, which
   * key on the connection and never on a header (issue 14).
   */
  from?: string;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * One HTTP request as a client sends it, without fetch's normalizing of paths and headers. A
 * reused keep-alive socket that the server closed as the request went out (its idle timeout) is
 * reset before any answer: sent again once on a new socket, as Node's documentation advises —
 * no server sees a request there, so nothing is sent twice.
 */
async function send(r: FuzzRequest): Promise<Answer> {
  sent++;
  try {
    return await sendOnce(r);
  } catch (error) {
    if (!(error as { reusedSocket?: boolean }).reusedSocket) throw error;
    return sendOnce(r);
  }
}

function sendOnce(r: FuzzRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // Node's client sends a GET's body with neither length nor chunking: framing is set here.
    const framing: Record<string, string> = !r.body
      ? {}
      : r.chunked
        ? { 'transfer-encoding': 'chunked' }
        : { 'content-length': String(r.body.length) };
    const req = request(
      `${rt.url}${r.path}`,
      {
        method: r.method,
        headers: { ...r.headers, ...framing },
        agent,
        ...(r.from ? { localAddress: r.from } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', (error: NodeJS.ErrnoException & { reusedSocket?: boolean }) => {
      if (req.reusedSocket && error.code === 'ECONNRESET') error.reusedSocket = true;
      reject(error);
    });
    // A request the runtime never answers fails here, named, instead of as the test's timeout
    // with no word of which request it was (seen once in ten runs this session, not yet found).
    req.setTimeout(30_000, () =>
      req.destroy(new Error(`no answer in 30 s: ${describeRequest(r)}`)),
    );
    if (r.body && r.chunked) {
      const half = Math.floor(r.body.length / 2);
      req.write(r.body.subarray(0, half));
      req.end(r.body.subarray(half));
    } else {
      req.end(r.body);
    }
  });
}

const describeRequest = (r: FuzzRequest) =>
  `${r.method} ${r.path} from ${r.from ?? '127.0.0.1'} ${JSON.stringify(r.headers)} body ${r.body?.length ?? 0} bytes: ${
    r.body ? JSON.stringify(r.body.subarray(0, 300).toString('utf8')) : '—'
  }`;

/** True when the path, once dot segments are resolved, is the API's; else it is the site's. */
function underApi(path: string): boolean {
  const resolved = new URL(path, 'http://127.0.0.1').pathname;
  return resolved === '/api' || resolved.startsWith('/api/');
}

/** The routes that also take a browser's form, and the payer pages (issue 6). */
const FORM_ROUTES = /^\/api\/(cases(\/[^/?]+\/(decision|survey))?(\?|$)|payer\/)/;
/**
 * A browser posting a form, or asking for a page, may be answered with HTML (a page, or a
 * redirect) on the routes that take forms: never with a 5xx.
 */
const wantsHtml = (r: FuzzRequest) =>
  FORM_ROUTES.test(r.path) &&
  (/text\/html/.test(r.headers.accept ?? '') ||
    /^application\/x-www-form-urlencoded/i.test(r.headers['content-type'] ?? ''));

/**
 * The invariants of every answer: no 5xx; a 4xx is RFC 9457 problem details (its type, title
 * and status in a JSON body, with Retry-After on a 429) unless a browser asked for HTML.
 */
function checkAnswer(r: FuzzRequest, a: Answer): void {
  const what = `${describeRequest(r)}\n→ ${a.status} ${a.headers['content-type']} ${a.body
    .subarray(0, 300)
    .toString('utf8')}`;
  expect(a.status, what).toBeLessThan(500);
  if (a.status < 400 || !underApi(r.path)) return;
  const type = String(a.headers['content-type'] ?? '');
  if (wantsHtml(r) && type.startsWith('text/html')) return;
  expect(type, what).toMatch(/^application\/problem\+json\b/);
  if (a.status === 429) expect(Number(a.headers['retry-after']), what).toBeGreaterThan(0);
  // HEAD answers carry the headers of the GET, never a body.
  if (r.method === 'HEAD') return;
  let problem: { type?: unknown; title?: unknown; status?: unknown };
  try {
    problem = JSON.parse(a.body.toString('utf8'));
  } catch {
    throw new Error(`not JSON: ${what}`);
  }
  expect(typeof problem.type, what).toBe('string');
  expect(typeof problem.title, what).toBe('string');
  expect(problem.status, what).toBe(a.status);
}

/** Sends a batch of requests at once and checks each answer; returns the answers. */
async function fire(batch: FuzzRequest[]): Promise<Answer[]> {
  const answers = await Promise.all(batch.map(send));
  batch.forEach((r, i) => {
    const a = answers[i] as Answer;
    tally(r, a);
    checkAnswer(r, a);
  });
  return answers;
}

/** Answers by route and status, printed with FUZZ_STATS=1 to see what the arbitraries reach. */
const tallies = new Map<string, number>();
const ROUTE_LABELS = [
  '/api/cases',
  '/api/cases/{n}',
  '/api/cases/{n}/decision',
  '/api/cases/{n}/survey',
  '/api/calendar/add-working-days',
  '/api/health',
  '/api/session',
  '/api/staff/…',
];
function tally(r: FuzzRequest, a: Answer): void {
  const path = (r.path.split('?')[0] ?? '')
    .replace(/^\/api\/cases\/[^/]+/, '/api/cases/{n}')
    .replace(/^\/api\/staff\/.*/, '/api/staff/…');
  const route = ROUTE_LABELS.includes(path) ? path : '(another path)';
  const key = `${r.method} ${route} ${a.status} ${String(a.headers['content-type']).split(';')[0]}`;
  tallies.set(key, (tallies.get(key) ?? 0) + 1);
}

/**
 * Each property's time: the batches it runs in this time, at most `numRuns`. A loaded machine
 * (load 15 was seen while other work ran) makes every request slower; a property that ran into
 * vitest's timeout went on sending in the background, into the next tests and the final count of
 * cases. So a property stops itself first, and says how far it got.
 */
const PROPERTY_BUDGET_MS = 120_000;
/** The least share of its batches a property must run within its time, or it fails. */
const LEAST_SHARE = 0.25;

/**
 * Runs up to `runs` batches of CONCURRENCY requests drawn from `arb` (times FUZZ_RUNS_SCALE), with
 * `judge` per answer. Issue 15 halved the runs above fast-check's default of 100, for the suite's
 * time; FUZZ_RUNS_SCALE=2 runs the depth of before.
 */
async function fuzz(
  arb: fc.Arbitrary<FuzzRequest>,
  runs: number,
  judge: (r: FuzzRequest, a: Answer) => void = () => {},
): Promise<void> {
  const numRuns = fuzzRuns(runs);
  planned += numRuns * CONCURRENCY;
  const out = await fc.check(
    fc.asyncProperty(
      fc.array(arb, { minLength: CONCURRENCY, maxLength: CONCURRENCY }),
      async (batch) => {
        const answers = await fire(batch);
        batch.forEach((r, i) => {
          judge(r, answers[i] as Answer);
        });
      },
    ),
    {
      numRuns,
      interruptAfterTimeLimit: PROPERTY_BUDGET_MS,
      ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}),
    },
  );
  if (out.failed) throw new Error(fc.defaultReportMessage(out) ?? 'property failed');
  expect(
    out.numRuns,
    `${out.numRuns} of ${numRuns} batches in ${PROPERTY_BUDGET_MS / 1000} s`,
  ).toBeGreaterThanOrEqual(Math.ceil(numRuns * LEAST_SHARE));
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

/** Any code point, lone surrogates included (they reach the server as `\ud800` escapes). */
const anyChar = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
  },
  { weight: 2, arbitrary: fc.constantFrom('\u0000', '\u202e', '\ufeff', '\u00a0', '"', '\\', '<') },
);
const anyText = (maxLength = 40) => fc.string({ unit: anyChar, maxLength });
const asciiText = (maxLength = 40) => fc.string({ unit: 'grapheme-ascii', maxLength });

/** Any JSON value, with odd strings and keys such as `__proto__` and `constructor`. */
const anyJson = fc.jsonValue({ maxDepth: 3 });
const nastyJson: fc.Arbitrary<unknown> = fc.oneof(
  anyJson,
  fc.constantFrom<unknown>(
    null,
    [],
    {},
    '',
    0,
    -1,
    1e308,
    true,
    JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {}}}'),
  ),
  anyText(),
);

const MISSING = Symbol('missing');
/** A field that is usually right, sometimes of any shape, sometimes absent. */
function field<T>(valid: fc.Arbitrary<T>, weight = 5): fc.Arbitrary<T | unknown> {
  return fc.oneof(
    { weight, arbitrary: valid },
    { weight: 1, arbitrary: nastyJson },
    { weight: 1, arbitrary: fc.constant(MISSING) },
  );
}
/** An object from fields, dropping the absent ones and sometimes adding unknown keys. */
function object(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  return fc
    .tuple(fc.record(fields), fc.option(fc.dictionary(anyText(8), anyJson, { maxKeys: 3 })))
    .map(([o, extra]) => {
      const out: Record<string, unknown> = { ...(extra ?? {}) };
      for (const [k, v] of Object.entries(o)) if (v !== MISSING) out[k] = v;
      return out;
    });
}

const residentId = fc
  .tuple(
    fc.constantFrom('150426', '110101', '999999', '000000'),
    fc.date({ min: new Date('1890-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
    fc.integer({ min: 0, max: 999 }),
  )
  .map(([region, birth, seq]) =>
    makeResidentId(
      region,
      birth.toISOString().slice(0, 10).replaceAll('-', ''),
      String(seq).padStart(3, '0'),
    ),
  );
const creditCode = fc
  .stringMatching(/^[1-9ANY][1-9]\d{6}[0-9A-HJ-NP-RTUW-Y]{8}$/)
  .map((prefix) => makeCreditCode(prefix));
const yearMonth = fc.oneof(
  fc
    .tuple(fc.integer({ min: 1940, max: 2110 }), fc.integer({ min: 0, max: 13 }))
    .map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
  asciiText(8),
);

/** Text a person may type: any code points, at least one of them not blank. */
const typed = (maxLength: number) =>
  anyText(maxLength).filter((t) => t.trim().length > 0 && t.length <= maxLength);

/**
 * A request that files a case, with names and text of any code point (lone surrogates, NUL,
 * right-to-left marks…): what a payer may submit must be stored, not crash the store.
 */
const validCase = fc.record({
  payer: fc.oneof(
    fc.record({
      kind: fc.constant('person'),
      name: typed(40),
      idNumber: residentId.filter((id) => isResidentId(id, shanghaiDate(new Date()))),
      phone: fc.stringMatching(/^1[3-9]\d{9}$/),
    }),
    fc.record({
      kind: fc.constant('organization'),
      name: typed(40),
      idNumber: creditCode,
      phone: fc.stringMatching(/^1[3-9]\d{9}$/),
    }),
  ),
  matters: fc.array(
    fc
      .tuple(
        fc.constantFrom(...MATTER_TYPES),
        fc.subarray([...INSURANCE_TYPES], { minLength: 1 }),
        fc.integer({ min: 1950, max: 2099 }),
        fc.integer({ min: 0, max: 36 }),
      )
      .map(([type, insurance, year, months]) => {
        const to = Math.min(year * 12 + months, 2099 * 12 + 11);
        const ym = (n: number) => `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
        return { type, insurance, period: { from: ym(year * 12), to: ym(to) } };
      }),
    { minLength: 1, maxLength: 3 },
  ),
  description: typed(200),
  consent: fc.constant(true),
});

/** Bodies of POST /api/cases: some valid, most near-valid to reach every branch of validation. */
const nearCase = object({
  payer: field(
    object({
      kind: field(fc.constantFrom('person', 'organization', 'Person', 'company')),
      // Names and text of any code point, within and past the limits: valid input may be odd.
      name: field(fc.oneof(anyText(), fc.constant(' '), anyText(120))),
      idNumber: field(
        fc.oneof(
          residentId,
          creditCode,
          residentId.map((s) => s.toLowerCase()),
          asciiText(20),
        ),
      ),
      phone: field(fc.oneof(fc.stringMatching(/^1[3-9]\d{9}$/), asciiText(14))),
    }),
  ),
  matters: field(
    fc.array(
      field(
        object({
          type: field(fc.constantFrom(...MATTER_TYPES, 'nope', '')),
          insurance: field(
            fc.array(fc.constantFrom(...INSURANCE_TYPES, 'injury', ''), { maxLength: 7 }),
          ),
          period: field(object({ from: field(yearMonth), to: field(yearMonth) })),
        }),
        8,
      ),
      { maxLength: 12 },
    ),
  ),
  description: field(fc.oneof(anyText(60), anyText(2100))),
  consent: field(fc.constantFrom<unknown>(true, false, 'true', 1)),
});
const caseBody = fc.oneof({ weight: 1, arbitrary: validCase }, { weight: 5, arbitrary: nearCase });

const decisionBody = object({
  decision: field(fc.constantFrom('accept', 'object', 'reject', 'ACCEPT')),
  route: field(
    fc.constantFrom('mediation', 'reconsideration', 'arbitration', 'litigation', 'court'),
  ),
  comment: field(fc.oneof(anyText(), anyText(1100))),
});

const surveyBody = object({
  result: field(fc.constantFrom('satisfied', 'basically-satisfied', 'dissatisfied', 'meh')),
  comment: field(fc.oneof(anyText(), anyText(1100))),
});

/**
 * Well-formed fields at a third of the weight of the other bodies': every well-formed attempt runs
 * down the same path (an unknown name, a scrypt hash of 0.12 s against the dummy, 401), so the
 * runs go to the parser instead. About one body in nine is still well-formed.
 */
const sessionBody = object({
  username: field(fc.oneof(anyText(20), anyText(120), fc.constantFrom('admin', 'tax.staff')), 1),
  password: field(fc.oneof(anyText(20), anyText(220), fc.constant('demo-password')), 1),
});

/** Text that is not JSON: truncated or broken JSON, or anything else. */
const malformedJson = fc
  .oneof(
    fc
      .json()
      .chain((text) =>
        fc.integer({ min: 0, max: Math.max(0, text.length - 1) }).map((cut) => text.slice(0, cut)),
      ),
    fc.json().map((text) => `${text},`),
    fc.constantFrom(
      '{',
      '{"payer":',
      "{'a': 1}",
      '{"a":1}}',
      'NaN',
      'undefined',
      '\ufeff{}',
      '[1,]',
    ),
    anyText(),
  )
  .filter((text) => {
    try {
      JSON.parse(text);
      return false;
    } catch {
      return true;
    }
  });

type Kind = 'json' | 'form' | 'other' | 'unknown';
/** Content types with what the platform makes of them: JSON, a form, refused, or no oracle. */
const contentType: fc.Arbitrary<{ value: string | undefined; kind: Kind }> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'Application/JSON',
        'application/problem+json',
        'application/vnd.api+json',
        'application/json;charset=latin1',
      )
      .map((value) => ({ value, kind: 'json' as Kind })),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(
        'application/x-www-form-urlencoded',
        'application/x-www-form-urlencoded; charset=UTF-8',
      )
      .map((value) => ({ value, kind: 'form' as Kind })),
  },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom<string | undefined>(
        undefined,
        'text/plain',
        'text/plain; charset=utf-8',
        'text/html',
        'text/json',
        'application/jsonl',
        'application/x-json',
        'application/octet-stream',
        'application/xml',
        'multipart/form-data; boundary=----fuzz',
        '*/*',
        'json',
      )
      .map((value) => ({ value, kind: 'other' as Kind })),
  },
  { weight: 1, arbitrary: asciiText(30).map((value) => ({ value, kind: 'unknown' as Kind })) },
);

/** Encodes a body as the content type says, or anything at all. */
function bodyFor(json: fc.Arbitrary<unknown>, kind: Kind): fc.Arbitrary<Buffer | undefined> {
  const asJson = json.map((v) => Buffer.from(JSON.stringify(v) ?? 'null'));
  // A form of the same fields as the JSON (so that it reaches the same checks), or of any.
  const fields = json.map((v) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.entries(v).map(([k, x]): [string, string] => [
          k,
          typeof x === 'string' ? x : JSON.stringify(x),
        ])
      : [],
  );
  const pairs = fc.array(fc.tuple(fc.oneof(asciiText(12), anyText(12)), anyText(30)), {
    maxLength: 8,
  });
  const asForm = fc.oneof(fields, pairs).map((p) => Buffer.from(new URLSearchParams(p).toString()));
  const bytes = fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b));
  const broken = malformedJson.map((t) => Buffer.from(t));
  const main = kind === 'form' ? asForm : asJson;
  return fc.oneof(
    { weight: 8, arbitrary: main },
    { weight: 2, arbitrary: broken },
    { weight: 1, arbitrary: bytes },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant(Buffer.alloc(0)) },
  );
}

/**
 * Header names an HTTP client may set freely, some of them ones the stack reads. Not the access
 * code: `credentials` alone chooses it, so that no wrong code is ever counted against a seed.
 */
const headerName = fc.oneof(
  fc.constantFrom(
    'idempotency-key',
    'x-forwarded-for',
    'authorization',
    'cookie',
    'content-encoding',
    'accept-language',
    'origin',
    'referer',
    'user-agent',
    'if-none-match',
    'range',
    'x-amzn-trace-id',
    'x-http-method-override',
    'sec-fetch-site',
  ),
  fc.stringMatching(/^x-[a-z0-9-]{1,16}$/),
);
/** Header values as a client can send them: visible ASCII and latin-1, no line breaks. */
const headerValue = fc.string({
  unit: fc.oneof(
    {
      weight: 8,
      arbitrary: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)),
    },
    { weight: 1, arbitrary: fc.constantFrom(' ', '\t') },
  ),
  maxLength: 60,
});
const extraHeaders = fc.dictionary(headerName, headerValue, { maxKeys: 4 });

/** Answers stay problem details: a client that asks for JSON (the browser's forms aside). */
const acceptJson = fc.constantFrom(
  'application/json',
  'application/problem+json',
  'application/json, application/problem+json;q=0.9',
);
/** What a browser sends: the routes that take forms may answer it with pages (issue 6). */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
/**
 * A client per request, so that the per-client limits seldom mask what is behind: a loopback
 * address to connect from (127.2.0.0/16), since the limits key on the connection.
 */
const clientIp = fc
  .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 254 }))
  .map(([a, b]) => `127.2.${a}.${b}`);
let clients = 0;
/**
 * A client never seen before, for requests with the right code: past the wrong-code limit of its
 * client even a right code waits (429), and fast-check's generated addresses repeat now and then.
 */
function freshClient(): string {
  const n = clients++;
  return `127.3.${Math.floor(n / 254) % 256}.${(n % 254) + 1}`;
}

/** encodeURIComponent, also for strings with lone surrogates (sent as U+FFFD's bytes). */
const encode = (s: string) =>
  [...Buffer.from(s, 'utf8')]
    .map((b) =>
      /[\w.~-]/.test(String.fromCharCode(b)) && b < 0x80
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');

const caseNumberLike = fc.oneof(
  fc
    .tuple(fc.integer({ min: 1990, max: 2099 }), fc.integer({ min: 0, max: 999_999 }))
    .map(([y, n]) => `${y}-${String(n).padStart(6, '0')}`),
  asciiText(14),
  anyText(14),
);
const accessCodeLike = fc.oneof(
  fc.stringMatching(/^[A-HJKMNP-Z2-9]{12}$/),
  asciiText(14),
  fc.constant(''),
);
/** One path segment as a client writes it: encoded, or with raw and broken percent escapes. */
const segment = (value: fc.Arbitrary<string>) =>
  fc.oneof(
    { weight: 6, arbitrary: value.map(encode) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', '%C0%AF', '..', '.', '%2e%2e', '%00'),
    },
  );

/** One of the seeded cases; drawn when the runs start, after beforeAll has filed them. */
const routeSeeds = () => fc.nat().map((i) => seeds[i % seeds.length] as Seed);
const isSeed = (n: string) => seeds.some((s) => s.caseNumber === n);

/**
 * The case number and access code of a payer request: a seeded case with its right code (in any
 * case, with spaces), a seeded case with a code that cannot be right in form, or any other.
 * A well-formed wrong code is never tried on a seeded case: five of them would lock it.
 */
const credentials: fc.Arbitrary<{ caseNumber: string; code: string | undefined; right: boolean }> =
  fc.oneof(
    {
      weight: 5,
      arbitrary: fc.tuple(routeSeeds(), fc.constantFrom('', ' ', 'lower')).map(([s, how]) => ({
        caseNumber: s.caseNumber,
        code: how === 'lower' ? s.accessCode.toLowerCase() : `${how}${s.accessCode}${how}`,
        right: true,
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(routeSeeds(), fc.option(asciiText(14)))
        .filter(([, code]) => !/^[A-HJKMNP-Z2-9]{12}$/.test((code ?? '').trim().toUpperCase()))
        .map(([s, code]) => ({ caseNumber: s.caseNumber, code: code ?? undefined, right: false })),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          caseNumberLike.filter((n) => !isSeed(n)),
          fc.option(accessCodeLike),
        )
        .map(([caseNumber, code]) => ({ caseNumber, code: code ?? undefined, right: false })),
    },
  );

/** A request with a body: its content type, encoded body, client, Accept and other headers. */
function withBody(
  method: string,
  path: fc.Arbitrary<string>,
  json: fc.Arbitrary<unknown>,
  own: fc.Arbitrary<Record<string, string>> = fc.constant({}),
): fc.Arbitrary<FuzzRequest & { kind: Kind }> {
  return fc
    .tuple(path, contentType, extraHeaders, own, acceptJson, clientIp, fc.boolean(), fc.nat(3))
    .chain(([p, type, extra, ownHeaders, json_, ip, chunked, browser]) => {
      // Now and then a form is posted as a browser does, asking for a page.
      const accept = type.kind === 'form' && browser === 0 ? BROWSER_ACCEPT : json_;
      return bodyFor(json, type.kind).map((body) => ({
        method,
        path: p,
        kind: type.kind,
        chunked,
        from: ip,
        headers: {
          ...extra,
          accept,
          ...ownHeaders,
          ...(type.value !== undefined ? { 'content-type': type.value } : {}),
        },
        ...(body !== undefined ? { body } : {}),
      }));
    });
}

const decodeParameter = (part: string) => {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
};

const isJson = (body: Buffer | undefined) => {
  try {
    JSON.parse((body ?? Buffer.alloc(0)).toString('utf8'));
    return true;
  } catch {
    return false;
  }
};

/**
 * A form post that names another origin than the site's, as a page elsewhere would: an `Origin`
 * header of any other value, or Fetch Metadata's same-site or cross-site.
 */
function foreignForm(r: FuzzRequest): boolean {
  if (r.kind !== 'form') return false;
  const origin = r.headers.origin;
  const site = r.headers['sec-fetch-site'];
  return (
    (origin !== undefined && origin !== new URL(rt.url).origin) ||
    site === 'cross-site' ||
    site === 'same-site'
  );
}

/**
 * A browser's form to a well-formed case number without the code (no header, and the fuzzer sends
 * no case cookie): the page that keeps its answers and asks for the code (platform/payer.ts).
 */
function expiredForm(r: FuzzRequest): boolean {
  const number = /^\/api\/cases\/(\d{4}-\d{6})\//.exec(r.path)?.[1];
  return r.kind === 'form' && number !== undefined && r.headers['x-access-code'] === undefined;
}

/** What the platform must answer once the body is read: 415 for a type it does not take, 400 for broken JSON. */
function expectBodyRules(r: FuzzRequest, a: Answer): void {
  if (a.status === 429 || a.status === 404) return;
  const what = `${describeRequest(r)}\n→ ${a.status} ${a.body.subarray(0, 200).toString('utf8')}`;
  if (r.kind === 'other') expect(a.status, what).toBe(415);
  if (r.kind === 'json' && !isJson(r.body)) {
    expect(a.status, what).toBe(400);
    expect(JSON.parse(a.body.toString('utf8')).type, what).toMatch(/malformed-request$/);
  }
}

// ---------------------------------------------------------------------------------------------
// The properties

const IDEMPOTENCY_KEY = /^[\w-]{16,128}$/;

// Thousands of requests a test: time enough on a busy 2-core machine (a look-up now takes two
// windows of the client's allowance, issue 16), where 60 s cut the look-ups off half-way.
describe('fuzzing the public endpoints', { timeout: 180_000 }, () => {
  it('POST /api/cases: no 5xx, problem details, 415 and 400 where due, a case only with 201', async () => {
    const idempotency = fc.option(
      fc.oneof(
        fc.uuid(),
        fc.stringMatching(/^[\w-]{0,140}$/),
        fc.string({ unit: fc.constantFrom('a', '-', '!', '/', 'é'), maxLength: 20 }),
      ),
      { freq: 3 },
    );
    const create = withBody(
      'POST',
      fc.constant('/api/cases'),
      caseBody,
      idempotency.map(
        (key): Record<string, string> => (key === null ? {} : { 'idempotency-key': key }),
      ),
    );
    await fuzz(create, 150, (r, a) => {
      const key = r.headers['idempotency-key'];
      if (a.status === 201) {
        const body = JSON.parse(a.body.toString('utf8')) as { caseNumber: string };
        created.add(body.caseNumber);
        if (key !== undefined) keysFiled.add(key);
        return;
      }
      if (a.status === 303) {
        // A browser's form filed a case: its number is in the case cookie.
        const filed = /\b(\d{4}-\d{6})\./.exec(String(a.headers['set-cookie'] ?? ''))?.[1];
        if (filed) created.add(filed);
        return;
      }
      // A form carries its key in a field (issue 6), not in the header.
      if (r.kind === 'form') return;
      if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
        expect(a.status, describeRequest(r)).toBe(400);
        return;
      }
      expectBodyRules(r, a);
    });
  });

  it('GET /api/cases/{n}: 200 only with the right code, else 404 (or 429)', async () => {
    const look = fc
      .tuple(
        credentials,
        segment(fc.constant('')),
        extraHeaders,
        acceptJson,
        clientIp,
        fc.boolean(),
      )
      .map(([c, broken, extra, accept, ip, raw]): FuzzRequest & { right: boolean } => ({
        method: 'GET',
        // Now and then a broken escape in place of the number.
        path: `/api/cases/${raw && broken !== '' ? broken : encode(c.caseNumber)}`,
        right: c.right && !(raw && broken !== ''),
        from: c.right ? freshClient() : ip,
        headers: {
          ...extra,
          accept,
          ...(c.code !== undefined ? { 'x-access-code': c.code } : {}),
        },
      }));
    await fuzz(look, 100, (r, a) => {
      const right = (r as FuzzRequest & { right: boolean }).right;
      expect(a.status, describeRequest(r)).toBe(right ? 200 : a.status === 429 ? 429 : 404);
    });
  });

  for (const [name, body] of [
    ['decision', decisionBody],
    ['survey', surveyBody],
  ] as const) {
    it(`POST /api/cases/{n}/${name}: never changes a case that awaits no ${name}`, async () => {
      const post = credentials.chain((c) =>
        withBody(
          'POST',
          fc.constant(`/api/cases/${encode(c.caseNumber)}/${name}`),
          body,
          fc.constant<Record<string, string>>({
            ...(c.code !== undefined ? { 'x-access-code': c.code } : {}),
          }),
        ).map((r) => ({ ...r, right: c.right, ...(c.right ? { from: freshClient() } : {}) })),
      );
      await fuzz(post, 75, (r, a) => {
        const what = describeRequest(r);
        // Neither seeded case has an answer or a follow-up open: a valid request is a conflict.
        // The body is read once the number and code are well-formed, before the code is checked.
        const right = (r as { right?: boolean }).right;
        // A form posted from another origin is refused (issue 16), wherever the checks meet it;
        // a form with neither the code's header nor the case's cookie is the expired page (403).
        const foreign = foreignForm(r) || expiredForm(r) ? [403] : [];
        expect(
          right ? [400, 409, 413, 415, ...foreign] : [400, 404, 413, 415, 429, ...foreign],
          what,
        ).toContain(a.status);
        if (!wantsHtml(r)) expectBodyRules(r, a);
      });
    });
  }

  it('GET /api/calendar/add-working-days: 200 with a date, or 400 naming the bad parameter', async () => {
    const date = fc.oneof(
      {
        weight: 5,
        arbitrary: fc
          .date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10)),
      },
      {
        weight: 2,
        arbitrary: fc
          .tuple(
            fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 10000, max: 99999 })),
            fc.integer({ min: 0, max: 13 }),
            fc.integer({ min: 0, max: 32 }),
          )
          .map(([y, m, d]) =>
            [y, m, d].map((n, i) => String(n).padStart(i ? 2 : 4, '0')).join('-'),
          ),
      },
      { weight: 1, arbitrary: anyText(12) },
    );
    const days = fc.oneof(
      { weight: 5, arbitrary: fc.integer({ min: -10, max: 2600 }).map(String) },
      {
        weight: 1,
        arbitrary: fc.constantFrom('', '1e3', '0x10', '1.5', ' 5', '+5', '٣', '9999', '00010'),
      },
      { weight: 1, arbitrary: anyText(6) },
    );
    const query = fc
      .tuple(
        fc.option(date),
        fc.option(days),
        fc.array(
          fc.tuple(
            fc.oneof({ weight: 3, arbitrary: anyText(4) }, fc.constantFrom('from', 'days')),
            anyText(8),
          ),
          { maxLength: 2 },
        ),
      )
      .map(([from, n, extra]) => {
        const q = new URLSearchParams();
        if (from !== null) q.append('from', from);
        if (n !== null) q.append('days', n);
        for (const [k, v] of extra) q.append(k, v);
        return q.toString();
      });
    const calendar = fc
      .tuple(
        query,
        fc.constantFrom('', '&', '%', '%zz=1', 'from=%E0%A4%A'),
        extraHeaders,
        acceptJson,
      )
      .map(
        ([q, junk, extra, accept]): FuzzRequest => ({
          method: 'GET',
          path: `/api/calendar/add-working-days?${q}${junk}`,
          headers: { ...extra, accept },
        }),
      );
    await fuzz(calendar, 100, (r, a) => {
      expect([200, 400], describeRequest(r)).toContain(a.status);
      if (a.status === 200) {
        const body = JSON.parse(a.body.toString('utf8')) as { date: unknown; covered: unknown };
        expect(typeof body.date).toBe('string');
        expect(typeof body.covered).toBe('boolean');
      }
    });
  });

  it('GET /api/health: 200 whatever the query and headers', async () => {
    const health = fc
      .tuple(fc.webQueryParameters(), extraHeaders, fc.option(fc.uint8Array({ maxLength: 64 })))
      .map(
        ([q, extra, body]): FuzzRequest => ({
          method: 'GET',
          path: `/api/health${q ? `?${q}` : ''}`,
          headers: { ...extra, accept: 'application/json' },
          ...(body ? { body: Buffer.from(body) } : {}),
        }),
      );
    await fuzz(health, 25, (r, a) => {
      expect(a.status, describeRequest(r)).toBe(200);
    });
  });

  it('POST /api/session: 400 or 401, never a token for made-up credentials', async () => {
    // Fewer runs, and fewer well-formed bodies (sessionBody): each well-formed attempt costs the
    // identity provider a scrypt hash.
    await fuzz(withBody('POST', fc.constant('/api/session'), sessionBody), 50, (r, a) => {
      expect([400, 401, 413], describeRequest(r)).toContain(a.status);
    });
  });

  it('the payer pages (/api/payer/{page}): no 5xx, a page or a redirect, whatever the form and cookies', async () => {
    // The HTML pages of issue 6: any page name, any form fields and values, any cookies.
    const pages = fc.oneof(fc.constantFrom(...PAYER_PAGES), segment(asciiText(12)));
    const names = fc.oneof(
      fc.constantFrom(
        'payer.kind',
        'payer.name',
        'payer.idNumber',
        'payer.phone',
        'matters[0].type',
        'matters[0].insurance',
        'matters[0].period.from',
        'matters[99].period.to',
        'description',
        'caseNumber',
        'accessCode',
        'action',
        'start',
        'from',
      ),
      anyText(10),
    );
    const values = fc.oneof(
      fc.constantFrom('new', 'check', 'add-matter', 'remove-0', 'remove-99', 'continue', 'person'),
      caseNumberLike,
      anyText(30),
    );
    const cookie = fc.oneof(
      fc.constant(''),
      fc.constantFrom(
        'si_case=2026-000001.ABCDEFGHJKMN',
        'si_draft=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      ),
      headerValue.map((v) => `si_draft=${v}`),
      headerValue.map((v) => `si_case=${v}`),
    );
    const request = fc
      .tuple(
        fc.constantFrom('GET', 'POST'),
        pages,
        fc.array(fc.tuple(names, values), { maxLength: 12 }),
        cookie,
      )
      .map(([method, page, fields, c]): FuzzRequest => {
        const body = new URLSearchParams(fields).toString();
        return {
          method,
          path: `/api/payer/${page}`,
          headers: {
            accept: 'text/html',
            ...(c ? { cookie: c } : {}),
            ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          },
          ...(method === 'POST' ? { body: Buffer.from(body) } : {}),
        };
      });
    await fuzz(request, 100, (r, a) => {
      expect(a.status, `${r.method} ${r.path}`).toBeLessThan(500);
      if (a.status === 303) expect(a.headers.location, r.path).toMatch(/^\//);
      else
        expect(String(a.headers['content-type']), `${r.method} ${r.path} ${a.status}`).toMatch(
          /^text\/html|^application\/problem\+json/,
        );
    });
  });

  it('staff routes without a valid token: 401 problem details, whatever the method and body', async () => {
    const staff = functions.flatMap((f) =>
      f.trigger.kind === 'http' && f.trigger.auth === 'staff'
        ? [{ method: f.trigger.method, path: f.trigger.path }]
        : [],
    );
    const token = fc.oneof(
      fc.constant(undefined),
      fc.constantFrom('Bearer', 'Bearer ', 'bearer x', 'Basic YWRtaW46ZGVtby1wYXNzd29yZA=='),
      headerValue.map((v) => `Bearer ${v}`),
      fc
        .tuple(fc.base64String(), fc.base64String(), fc.base64String())
        .map((parts) => `Bearer eyJhbGciOiJub25lIn0.${parts.join('.')}`),
    );
    const request = fc
      .tuple(
        fc.constantFrom(...staff),
        fc.array(segment(fc.oneof(caseNumberLike, fc.uuid())), { minLength: 2, maxLength: 2 }),
        token,
      )
      .chain(([route, [a, b], auth]) => {
        const path = route.path.replace('{caseNumber}', a ?? '').replace('{id}', b ?? '');
        const query = fc.option(fc.webQueryParameters()).map((q) => (q ? `?${q}` : ''));
        return withBody(
          route.method,
          query.map((q) => `${path}${q}`),
          anyJson,
          fc.constant<Record<string, string>>(auth === undefined ? {} : { authorization: auth }),
        );
      });
    await fuzz(request, 75, (r, a) => {
      // An empty segment or one that does not decode (`%zz`, `%C0%AF`) is no route, nor is a
      // path that dot segments shorten; any other path is a staff route.
      const path = r.path.split('?')[0] ?? '';
      const decodes = path
        .split('/')
        .slice(1)
        .every((part) => part !== '' && decodeParameter(part) !== undefined);
      const kept = new URL(path, 'http://127.0.0.1').pathname === path;
      if (!kept) expect([401, 404], describeRequest(r)).toContain(a.status);
      else expect(a.status, describeRequest(r)).toBe(decodes ? 401 : 404);
    });
  });

  it('any method on any /api path: no 5xx, and problem details for what is not there', async () => {
    // The public JSON API of DESIGN.md §9 (the payer's HTML pages under /api/payer/ aside).
    const publicRoutes = [
      '/api/cases',
      '/api/cases/{caseNumber}',
      '/api/cases/{caseNumber}/decision',
      '/api/cases/{caseNumber}/survey',
      '/api/calendar/add-working-days',
      '/api/health',
    ];
    const path = fc.oneof(
      fc
        .tuple(fc.constantFrom(...publicRoutes, '/api/session'), caseNumberLike)
        .map(([p, n]) => p.replace('{caseNumber}', encode(n))),
      fc.constantFrom(
        '/api',
        '/api/',
        '/api/cases/',
        '/api//cases',
        '/api/cases/./x',
        '/api/cases/%2e%2e/health',
        '/api/cases/2026-000001/decision/',
        '/api/../api/health',
        '/api/staff',
        '/api/health%00',
      ),
      fc.array(segment(anyText(10)), { maxLength: 4 }).map((parts) => `/api/${parts.join('/')}`),
    );
    const request = fc
      .tuple(fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'), path)
      .chain(([method, p]) => withBody(method, fc.constant(p), anyJson));
    await fuzz(request, 100);
  });
});

const big = (bytes: number) =>
  Buffer.from(JSON.stringify({ description: 'x'.repeat(bytes - '{"description":""}'.length) }));

/** Sends one request with JSON accepted, checks the invariants and returns the answer. */
async function one(r: Partial<FuzzRequest> & { path: string }): Promise<Answer> {
  const full: FuzzRequest = {
    method: 'POST',
    ...r,
    from: r.from ?? '127.4.0.1',
    headers: { accept: 'application/json', ...r.headers },
  };
  const [answer] = await fire([full]);
  return answer as Answer;
}
const typeOf = (a: Answer) => (JSON.parse(a.body.toString('utf8')) as { type: string }).type;

describe('bad input, by example', () => {
  it('refuses a body over 1 MB with 413 problem details on every public endpoint, whatever its type', async () => {
    const seed = seeds[0] as Seed;
    const code = { 'x-access-code': seed.accessCode };
    const targets = [
      { path: '/api/cases', headers: {} },
      { path: `/api/cases/${seed.caseNumber}/decision`, headers: code },
      { path: `/api/cases/${seed.caseNumber}/survey`, headers: code },
      // Before the code is looked at: the size is the first thing refused.
      { path: '/api/cases/2026-999999/decision', headers: { 'x-access-code': 'AAAAAAAAAAAA' } },
      { path: '/api/session', headers: {} },
      { path: '/api/health', headers: {}, method: 'GET' },
      { path: `/api/cases/${seed.caseNumber}`, headers: code, method: 'GET' },
      { path: '/api/calendar/add-working-days?from=2026-01-05&days=1', headers: {}, method: 'GET' },
    ];
    for (const t of targets) {
      for (const type of ['application/json', 'text/plain']) {
        const a = await one({
          ...t,
          headers: { ...t.headers, 'content-type': type },
          body: big(1024 * 1024 + 1),
        });
        expect(a.status, `${t.path} ${type}`).toBe(413);
        expect(typeOf(a)).toMatch(/payload-too-large$/);
      }
    }
    // A body of exactly 1 MB is read: here it fails validation (the description is too long).
    const limit = await one({
      path: '/api/cases',
      headers: { 'content-type': 'application/json' },
      body: big(1024 * 1024),
    });
    expect(limit.status).toBe(400);
    expect(typeOf(limit)).toMatch(/validation$/);
  });

  it('answers malformed JSON with 400 problem details on every endpoint that reads JSON', async () => {
    const seed = seeds[0] as Seed;
    const code = { 'x-access-code': seed.accessCode };
    for (const [path, headers] of [
      ['/api/cases', {}],
      [`/api/cases/${seed.caseNumber}/decision`, code],
      [`/api/cases/${seed.caseNumber}/survey`, code],
      ['/api/session', {}],
    ] as const) {
      for (const text of ['{', '{"decision": "accept",}', "{'a': 1}", '\ufeff{}', 'NaN']) {
        const a = await one({
          path,
          headers: { ...headers, 'content-type': 'application/json' },
          body: Buffer.from(text),
        });
        expect(a.status, `${path} ${text}`).toBe(400);
        // The local sign-in names its problems by status (infra/local/local-routes.ts).
        expect(typeOf(a), `${path} ${text}`).toMatch(/(malformed-request|400)$/);
      }
    }
  });

  it('answers a staff route without a valid token with 401 problem details and a Bearer challenge', async () => {
    const a = await one({ method: 'GET', path: '/api/staff/inbox' });
    expect(a.status).toBe(401);
    expect(a.headers['www-authenticate']).toBe('Bearer');
    expect(typeOf(a)).toMatch(/unauthorized$/);
    const forged = await one({
      method: 'POST',
      path: '/api/staff/cases/2026-000001/actions',
      headers: {
        authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.',
        'content-type': 'application/json',
      },
      body: Buffer.from('{"type":"archive"}'),
    });
    expect(forged.status).toBe(401);
  });

  it('answers a path with no route, or with broken percent-escapes, with 404 problem details', async () => {
    for (const [method, path] of [
      ['GET', '/api/cases/'],
      ['POST', '/api/cases//decision'],
      ['DELETE', '/api/cases'],
      ['GET', '/api/nothing-here'],
      // decodeURIComponent threw on these: the gateway answered 500.
      ['GET', '/api/cases/%E0%A4%A'],
      ['POST', '/api/cases/%zz/survey'],
      ['GET', '/api/staff/cases/%C0%AF'],
    ] as const) {
      const a = await one({ method, path });
      expect(a.status, `${method} ${path}`).toBe(404);
      expect(typeOf(a)).toMatch(/no-route$/);
    }
    // The site's pages, too: a broken escape is a page that does not exist.
    const page = await send({ method: 'GET', path: '/status/%E0%A4%A', headers: {} });
    expect(page.status).toBe(404);
  });

  it('takes a request target that starts with // as a path, not as a host', async () => {
    // new URL('//…', base) read these as a host, or threw: the gateway answered 500.
    for (const path of ['//', '//%F3', '//api/health']) {
      const a = await send({ method: 'GET', path, headers: {} });
      expect(a.status, path).toBeLessThan(500);
    }
    const api = await one({ method: 'GET', path: '//api/cases/2026-000001' });
    expect(api.status).toBe(404);
  });

  // Found by the fuzz: the calendar threw past 9999-12-31 and a 500 answered. `from` is now
  // limited to 1900–2999.
  it('answers a date whose result would fall past 9999-12-31 with 400, not 500', async () => {
    const a = await send({
      method: 'GET',
      path: '/api/calendar/add-working-days?from=9999-12-31&days=1',
      headers: { accept: 'application/json' },
    });
    expect(a.status).toBe(400);
  });
});

// Runs after the properties above: vitest runs the tests of a file in order.
describe('after the fuzz', () => {
  it('stores nothing from a rejected request: only the 201s made cases, the seeded ones are as they were', async () => {
    const after = await snapshot();
    const caseNumbers = [...after.keys()]
      .filter((k) => k.endsWith(' CASE'))
      .map((k) => k.slice('CASE#'.length, -' CASE'.length));
    expect(caseNumbers.sort()).toEqual([...seeds.map((s) => s.caseNumber), ...created].sort());
    let idempotencyRecords = 0;
    for (const [key, item] of after) {
      if (before.get(key) === item) continue;
      const pk = key.split(' ')[0] ?? '';
      // Counting wrong codes and intake is the limits' job, rejected requests included.
      if (pk.startsWith('RATE#')) continue;
      // An intake step keeps its answers, right or wrong, in a two-hour draft (issue 6).
      if (pk.startsWith('DRAFT#')) continue;
      const owner = /^CASE#(.+)$/.exec(pk)?.[1];
      if (owner !== undefined) {
        expect(created.has(owner), `${key} changed`).toBe(true);
        continue;
      }
      // A filed case moves the year's counter, the statistics and its idempotency record, and
      // its filing receipt, once sent, leaves a sent-marker (issue 14: no SMS twice).
      expect(created.size, `${key} changed`).toBeGreaterThan(0);
      expect(pk, key).toMatch(/^(COUNTER#|STAT#|AGG#|FLAG#|IDEMPOTENCY#|NOTIFIED#)/);
      if (pk.startsWith('IDEMPOTENCY#')) idempotencyRecords++;
    }
    expect(idempotencyRecords).toBeLessThanOrEqual(keysFiled.size);
    if (process.env.FUZZ_STATS) {
      console.log(`${sent} requests, ${created.size} cases filed`);
      console.table([...tallies].sort().map(([answer, count]) => ({ answer, count })));
    }
    // Over six thousand requests when every batch runs (a quiet machine); never under a quarter.
    expect(planned).toBeGreaterThanOrEqual(fuzzRuns(6_000));
    expect(sent).toBeGreaterThanOrEqual(planned * LEAST_SHARE);
    // No error behind a 4xx either (the known calendar bug above apart).
    const errors = rt
      .output()
      .split('\n')
      .filter((line) => /unhandled error|gateway:/.test(line));
    expect(errors).toEqual([]);
  });
});
