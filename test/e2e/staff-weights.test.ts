/**
 * Staff pages are light (issue 11): every page a member of staff opens transfers at most 30 kB
 * gzip, HTML and stylesheet included, on a fresh cache, and requests no font file. Each page is
 * weighed signed in as the person who would open it, on cases in the states that make the page
 * fullest (a case page with its actions, timeline and print links).
 */
import { describe, expect, it } from 'vitest';
import { shanghaiDate } from '#core/time.ts';
import { caseRequest, postJson } from '#test/fixtures/cases.ts';
import { useBrowserRuntime } from '#test/fixtures/e2e.ts';
import { eventually, inInbox } from '#test/fixtures/runtime.ts';
import { act, staffPost, tokenFor } from '#test/fixtures/staff.ts';
import { sessionCookieFor } from '#test/fixtures/staff-session.ts';
import { type PageWeight, weigh, weightTable } from './weights.ts';

const BUDGET = 30_000;

let answered: string;
let reportId: string;

/** Today in Beijing, as the runtime's clock reads it. */
const today = shanghaiDate(new Date());

// A runtime of its own: the inbox, the outbox and the reports list weighed hold this file's
// cases and messages only, as many on every run.
const e2e = useBrowserRuntime({
  own: {},
  setUp: async (rt) => {
    // A single-unit case answered, so its page carries a timeline and every print link; and a
    // few more in the inbox.
    const filed: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await postJson(`${rt.url}/api/cases`, caseRequest());
      expect(res.status).toBe(201);
      filed.push(String(res.json.caseNumber));
    }
    answered = filed[0] ?? '';
    await eventually(() => inInbox(rt.store, 'tax', answered), 5000);
    expect((await act(rt, 'tax.staff', answered, { type: 'sign-for' })).status).toBe(200);
    const answer = { type: 'respond', answer: '经核实，单位申报的缴费基数符合规定。'.repeat(20) };
    expect((await act(rt, 'tax.staff', answered, answer)).status).toBe(200);
    const report = await staffPost(
      rt,
      '/api/staff/reports',
      // This year up to today: a period may not end after today (core/analysis.ts).
      { from: `${today.slice(0, 4)}-01-01`, to: today },
      await tokenFor(rt, 'office.staff'),
    );
    expect(report.status).toBe(201);
    reportId = String(report.json.id);
  },
});

describe('staff pages are light', () => {
  it('each transfers at most 30 kB gzip and requests no font file', async () => {
    const pages: [string, string][] = [
      ['tax.staff', '/staff/inbox'],
      ['tax.staff', `/staff/cases/${answered}`],
      ['tax.staff', `/staff/cases/${answered}/print/registration`],
      ['tax.staff', `/staff/cases/${answered}/print/answer`],
      ['tax.staff', '/staff/register'],
      ['tax.staff', '/staff/outbox'],
      ['office.staff', '/staff/reports'],
      ['office.staff', `/staff/reports/${reportId}`],
      ['admin', '/staff/dead-letters'],
    ];
    const weights: PageWeight[] = [];
    for (const [user, path] of pages) {
      const cookie = (await sessionCookieFor(e2e.rt, user)).split('=');
      weights.push(
        await weigh(e2e.browser, `${e2e.rt.url}${path}`, path, {
          cookies: [{ name: cookie[0] ?? '', value: cookie.slice(1).join('='), url: e2e.rt.url }],
        }),
      );
    }
    console.log(weightTable(weights, 'Staff page weights'));

    const over = weights.flatMap((w) => [
      ...(w.total > BUDGET ? [`${w.path}: ${w.total} B in all > ${BUDGET} B`] : []),
      ...w.fonts.map((f) => `${w.path}: requests the font ${f}`),
    ]);
    expect(over).toEqual([]);
    // Each page really was the page, signed in: its HTML (not a redirect to sign-in) and its
    // stylesheet were weighed.
    for (const w of weights) {
      const html = w.transfers.filter((t) => t.kind === 'html');
      expect(
        html.map((t) => new URL(t.url).pathname),
        w.path,
      ).toEqual([w.path.split('?')[0]]);
      expect(w.transfers.some((t) => t.kind === 'css')).toBe(true);
    }
  });
});
