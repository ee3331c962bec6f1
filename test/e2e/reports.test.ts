/**
 * The leaders' reports in Chromium with JavaScript off (issue 11): the leader finds 「统计报告」 in
 * the header, asks for an on-demand report over this week through the form (a wrong range first),
 * reads the highlights, a chart and the channel table, and downloads the CSV and Excel files by
 * their plain links. A unit's head reads the list without the form; plain staff see no link and
 * are refused by the page. Axe runs over the same pages, and the outbox, with JavaScript on.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { caseRequest, postJson, residentId } from '#test/fixtures/cases.ts';
import { chineseDate, useBrowserRuntime, usePdfPrinter } from '#test/fixtures/e2e.ts';
import { eventually } from '#test/fixtures/runtime.ts';
import { act, staffPost, tokenFor } from '#test/fixtures/staff.ts';
import { axeViolations, signedIn, textOf } from './staff-pages.ts';

/** Today and the Monday of its week, in Asia/Shanghai, as the report form takes them. */
const SHANGHAI = 8 * 60 * 60 * 1000;
const today = new Date(Date.now() + SHANGHAI).toISOString().slice(0, 10);
const monday = (() => {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
})();
const dayBefore = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

const filedOnline = 3;
let walkIn = '';

// A runtime of its own: the report counts every case filed this week.
const e2e = useBrowserRuntime({
  own: {},
  setUp: async (rt) => {
    // This week: three cases filed online and one registered at the data bureau's window, which
    // goes to tax and is signed for there on time.
    for (let i = 0; i < filedOnline; i++) {
      expect((await postJson(`${rt.url}/api/cases`, caseRequest())).status).toBe(201);
    }
    const registered = await staffPost(
      rt,
      '/api/staff/cases',
      {
        channel: 'walk-in',
        registeredOn: today,
        payer: { kind: 'person', name: '巴特尔', idNumber: residentId(), phone: '13912345678' },
        matters: [
          { type: 'base', insurance: ['pension'], period: { from: '2024-07', to: '2024-12' } },
        ],
        description: '来访人称单位少报了养老保险缴费基数。',
      },
      await tokenFor(rt, 'data-bureau.staff'),
    );
    expect(registered.status).toBe(201);
    walkIn = String(registered.json.caseNumber);
    await eventually(async () =>
      (await rt.store.get(walkIn))?.status === 'assigned' ? true : undefined,
    );
    expect((await act(rt, 'tax.staff', walkIn, { type: 'sign-for' })).status).toBe(200);
  },
});

/** Submits the on-demand form and waits for the page that answers it. */
async function requestReport(page: Page, from: string, to: string): Promise<void> {
  await page.fill('#f-from', from);
  await page.fill('#f-to', to);
  await Promise.all([page.waitForEvent('load'), page.getByTestId('request-report').click()]);
}

/** `username`'s browser without JavaScript, on the reports list by the header's link. */
async function reportsOf(username: string): Promise<Page> {
  const page = await signedIn(e2e.browser, e2e.rt, username, { javaScript: false });
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/staff/reports'),
    page.locator('.staff-nav').getByRole('link', { name: '统计报告' }).click(),
  ]);
  return page;
}

/** The cell of `column` in the row headed `row` of the report's table `table`. */
function cellOf(page: Page, table: string, row: string, column: string) {
  return page
    .getByTestId(`table-${table}`)
    .locator('tbody tr', { has: page.locator('th', { hasText: row }) })
    .locator(`[data-key="${column}"]`);
}

const pdf = usePdfPrinter('si-report-');

const reportPath = /^\/staff\/reports\/on-demand-\d+$/;

describe('the reports pages', () => {
  it('let the leader ask for this week’s figures, read them and download them, without scripts', async () => {
    const page = await signedIn(e2e.browser, e2e.rt, 'leader', { javaScript: false });

    // The header links to the reports; the list opens with the form.
    const navLink = page.locator('.staff-nav').getByRole('link', { name: '统计报告' });
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/staff/reports'),
      navLink.click(),
    ]);
    expect(await navLink.getAttribute('aria-current')).toBe('page');
    await page.getByTestId('request-form').waitFor();
    expect(await page.inputValue('#f-from')).toBe(monday);
    expect(await page.inputValue('#f-to')).toBe(today);
    expect(await page.getByTestId('reports-empty').textContent()).toContain('还没有报告');

    // An end before the start: the page again, with the summary, the field's error, the answers.
    await requestReport(page, today, dayBefore(monday));
    expect(await page.title()).toMatch(/^错误：统计报告/);
    expect(await textOf(page.getByTestId('error-summary'))).toContain('结束日期不能早于开始日期');
    expect(await textOf(page.locator('#f-to-error'))).toContain('结束日期不能早于开始日期');
    expect(await page.getAttribute('#f-to', 'aria-invalid')).toBe('true');
    expect(await page.inputValue('#f-to')).toBe(dayBefore(monday));

    // This week: the report is made and shown.
    await requestReport(page, monday, today);
    expect(new URL(page.url()).pathname).toMatch(reportPath);
    expect(await textOf(page.getByTestId('report-created'))).toContain('专题统计已生成');
    expect(await textOf(page.getByTestId('report-title'))).toBe('社会保险费征缴争议处理专题统计');
    expect(await page.title()).toContain(`社会保险费征缴争议处理专题统计（${monday} 至 ${today}）`);
    expect(await textOf(page.getByTestId('report-period'))).toContain(
      `${chineseDate(monday)} 至 ${chineseDate(today)}`,
    );
    const highlights = await textOf(page.getByTestId('highlights'));
    expect(highlights).toContain(`本期共受理争议 ${filedOnline + 1} 件`);

    // The channel table: its chart, an image named by the table's title, and the counts.
    const channel = page.getByTestId('table-channel');
    expect(await channel.locator('svg[role="img"]').count()).toBe(1);
    expect(await channel.getByRole('img', { name: '按受理渠道' }).count()).toBe(1);
    expect(await textOf(channel.locator('table caption'))).toBe('按受理渠道');
    expect(await textOf(cellOf(page, 'channel', '网上提交', 'count'))).toBe(String(filedOnline));
    expect(await textOf(cellOf(page, 'channel', '窗口来访', 'count'))).toBe('1');
    // No cases last week: no change to compute.
    expect(await textOf(cellOf(page, 'channel', '网上提交', 'change'))).toContain('—');
    // Tax signed for the walk-in on time: one in one.
    expect(await textOf(cellOf(page, 'on-time', '旗税务局', 'signForRate'))).toBe('100.0%');

    // The downloads: plain links, saved under the report's title.
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-csv').click(),
    ]);
    expect(csv.suggestedFilename()).toBe(
      `社会保险费征缴争议处理专题统计（${monday} 至 ${today}）.csv`,
    );
    const csvText = await readFile(await csv.path(), 'utf8');
    expect(csvText).toContain('按受理渠道');
    expect(csvText).toContain(`网上提交,${filedOnline},0,`);
    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-xlsx').click(),
    ]);
    expect(xlsx.suggestedFilename()).toMatch(/专题统计.*\.xlsx$/);
    expect((await readFile(await xlsx.path())).subarray(0, 2).toString('latin1')).toBe('PK');

    // Back in the list, the new report links to itself; opened again, no 「已生成」.
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/staff/reports'),
      page.getByRole('link', { name: '返回报告列表' }).click(),
    ]);
    const row = page.getByTestId('reports').locator('tbody tr', {
      hasText: `${chineseDate(monday)} 至`,
    });
    expect(await textOf(row.locator('.tag'))).toBe('专题统计');
    await Promise.all([
      page.waitForURL((url) => reportPath.test(url.pathname)),
      row.getByRole('link').click(),
    ]);
    await page.getByTestId('report').waitFor();
    expect(await page.getByTestId('report-created').count()).toBe(0);
    await page.context().close();
  });

  it('pass axe, with JavaScript on, on the list, its error state, a report and the outbox', async () => {
    const page = await signedIn(e2e.browser, e2e.rt, 'leader');
    await page.goto(`${e2e.rt.url}/staff/reports`);
    expect(await axeViolations(page)).toEqual([]);
    await requestReport(page, today, dayBefore(monday));
    await page.getByTestId('error-summary').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await requestReport(page, monday, today);
    await page.getByTestId('report').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    // The outbox, whose messages (the new cases' e-mail) the leader reads all of.
    await page.goto(`${e2e.rt.url}/staff/outbox`);
    await page.getByTestId('outbox').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('print a report on numbered A4 pages, every table within the page', async () => {
    const page = await reportsOf('leader');
    await requestReport(page, monday, today);
    await page.getByTestId('report').waitFor();

    // Act: the page as printed (A4 less the report's 15 mm margins: 180 mm, 680 px), and the PDF
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 680, height: 1000 });
    const widths = await page.$$eval('.report table', (tables) =>
      tables.map((t) => ({
        caption: t.querySelector('caption')?.textContent ?? '',
        right: Math.round(t.getBoundingClientRect().right),
      })),
    );
    const { text } = await pdf.print(page, 'report');

    // Assess: the per-unit table's dozen headers once made it 829 px wide and the report shrank
    // to fit (a print review); each page says which of how many it is
    expect(widths.length).toBeGreaterThan(5);
    for (const w of widths) expect(w.right, w.caption).toBeLessThanOrEqual(680);
    const pages = text.split('\f').filter((p) => p.trim() !== '');
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((p, i) => {
      expect(p.replace(/\s+/g, '')).toContain(`第${i + 1}页，共${pages.length}页`);
    });
    await page.context().close();
  });

  it('show a unit’s head the list without the form', async () => {
    const page = await reportsOf('tax.head');
    expect(await page.getByTestId('reports').isVisible()).toBe(true);
    expect(await page.getByTestId('request-form').count()).toBe(0);
    await page.context().close();
  });

  it('give plain staff no link and a clear refusal on the page', async () => {
    const page = await signedIn(e2e.browser, e2e.rt, 'tax.staff', { javaScript: false });
    await page.getByTestId('staff-user').waitFor();
    expect(
      await page.locator('.staff-nav').getByRole('link', { name: '待办', exact: true }).count(),
    ).toBe(1);
    expect(await page.locator('.staff-nav').getByRole('link', { name: '统计报告' }).count()).toBe(
      0,
    );

    const refused = await page.goto(`${e2e.rt.url}/staff/reports`);
    expect(refused?.status()).toBe(403);
    expect(await textOf(page.getByTestId('message-title'))).toBe('您没有权限查看统计报告');
    expect(await page.getByTestId('reports').count()).toBe(0);
    await page.context().close();
  });
});
