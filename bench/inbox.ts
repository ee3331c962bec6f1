/**
 * (b) A unit's inbox, first page, as staff open it: GET /api/staff/inbox through the gateway with
 * a staff token (the figure the target is checked on), and the case store's inbox query alone
 * (the byUnitStatus index query without the HTTP hop, token check and handler), one request at a
 * time. p99 is taken per round and the median round's kept, so that one burst of other work on
 * the machine does not decide it.
 */
import type { UnitId } from '#core/units.ts';
import type { TestRuntime } from '#test/fixtures/runtime.ts';
import { staffGet } from '#test/fixtures/staff.ts';
import { getPage, sessionCookieFor } from '#test/fixtures/staff-session.ts';
import { median, quantile } from './stats.ts';

export interface InboxResult {
  cases: number;
  unit: string;
  /** Cases in the unit's inbox (every page). */
  inboxSize: number;
  rounds: number;
  /** Requests per round. */
  samples: number;
  gateway: { p50Ms: number; p99Ms: number };
  store: { p50Ms: number; p99Ms: number };
  /**
   * The staff pages as a browser gets them (issue 11): the inbox page and a case page, rendered by
   * their functions through the gateway with a session cookie, HTML bytes included.
   */
  pages: { inbox: { p50Ms: number; p99Ms: number }; case: { p50Ms: number; p99Ms: number } };
}

const WARM_UP = 20;

/** p50 over every request; p99 the median of the rounds' p99. */
async function timed(
  rounds: number,
  samples: number,
  call: () => Promise<void>,
): Promise<{ p50Ms: number; p99Ms: number }> {
  for (let i = 0; i < WARM_UP; i++) await call();
  const all: number[] = [];
  const p99s: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      const t = performance.now();
      await call();
      times.push(performance.now() - t);
    }
    all.push(...times);
    p99s.push(quantile(times, 0.99));
  }
  return { p50Ms: quantile(all, 0.5), p99Ms: median(p99s) };
}

async function inboxSize(rt: TestRuntime, unit: UnitId): Promise<number> {
  let size = 0;
  let cursor: string | undefined;
  do {
    const page = await rt.store.inbox(unit, { limit: 100, role: 'staff', cursor });
    size += page.items.length;
    cursor = page.next ?? undefined;
  } while (cursor);
  return size;
}

export async function benchInbox(
  rt: TestRuntime,
  options: { cases: number; unit: UnitId; token: string; rounds: number; samples: number },
): Promise<InboxResult> {
  const { unit, token, rounds, samples } = options;
  const gateway = await timed(rounds, samples, async () => {
    const res = await staffGet(rt, '/api/staff/inbox', token);
    const items = res.json.items;
    if (res.status !== 200 || !Array.isArray(items) || items.length === 0) {
      throw new Error(`GET /api/staff/inbox: ${res.status}, ${JSON.stringify(res.json)}`);
    }
  });
  const store = await timed(rounds, samples, async () => {
    const page = await rt.store.inbox(unit, { limit: 25, role: 'staff' });
    if (page.items.length === 0) throw new Error(`the ${unit} inbox is empty`);
  });
  const cookie = await sessionCookieFor(rt, `${unit}.staff`);
  const first = (await rt.store.inbox(unit, { limit: 1, role: 'staff' })).items[0]?.case.caseNumber;
  const page = (path: string, expect: string) => async () => {
    const res = await getPage(rt, path, cookie);
    if (res.status !== 200 || !res.text.includes(expect)) {
      throw new Error(`GET ${path}: ${res.status} ${res.location ?? ''}`);
    }
  };
  const pages = {
    inbox: await timed(rounds, samples, page('/staff/inbox', 'inbox-rows')),
    case: await timed(rounds, samples, page(`/staff/cases/${first}`, `${first}`)),
  };
  return {
    cases: options.cases,
    unit,
    inboxSize: await inboxSize(rt, unit),
    rounds,
    samples,
    gateway,
    store,
    pages,
  };
}
