// Its own runtime: a dead letter within seconds (LOCAL_VISIBILITY_SECONDS); it reads the whole outbox.
/**
 * The staff pages of reports, the outbox and the dead letters (issue 11), over HTTP with a sealed
 * session cookie, as a browser with JavaScript off uses them: the reports list and its on-demand
 * form (stored, 303 to its page, the page's figures those stored), the CSV and Excel downloads, the
 * outbox masked and filtered per unit, and the dead letters for the administrator only.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoReportStore } from '#adapters/report-store.ts';
import type { Report } from '#core/report.ts';
import { TABLE_NAME } from '#functions/manifest.ts';
import { readRuntimeInfo } from '#local/runtime-info.ts';
import { caseRequest, matter } from '#test/fixtures/cases.ts';
import { healthDetail, untilDeadLetters } from '#test/fixtures/health.ts';
import { fileCase, ownRuntime } from '#test/fixtures/integration.ts';
import { notificationsDelivered } from '#test/fixtures/outbox.ts';
import { UNIT_PART_TABLES } from '#test/fixtures/reports.ts';
import { act, staffGet, staffPost, tokenFor } from '#test/fixtures/staff.ts';
import { csrfOf, getPage, postPage, sessionCookieFor } from '#test/fixtures/staff-session.ts';

// Queue retries a second apart, so that a poison message is a dead letter within seconds.
const rt = ownRuntime({ env: { LOCAL_VISIBILITY_SECONDS: '1' }, demoAccounts: true });
let reports: ReturnType<typeof dynamoReportStore>;
const PHONE = '13812345678';
let taxCase = '';
let medicalCase = '';

/** Today and the Monday of its week, in Asia/Shanghai. */
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const monday = (() => {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
})();

/** Files a case and waits for it in `unit`'s inbox. */
const file = async (body: Record<string, unknown>, unit: string) =>
  (await fileCase(rt, body, unit)).caseNumber;

beforeAll(async () => {
  reports = dynamoReportStore(rt.db, TABLE_NAME);
  // Two cases filed online this week: one for tax (answered, so its payer gets an SMS), one for
  // the medical insurance bureau (a period before 2024-04).
  taxCase = await file(caseRequest(), 'tax');
  medicalCase = await file(
    caseRequest({
      matters: [matter({ insurance: ['medical'], period: { from: '2023-01', to: '2023-06' } })],
    }),
    'medical',
  );
  expect((await act(rt, 'tax.staff', taxCase, { type: 'sign-for' })).status).toBe(200);
  const answered = await act(rt, 'tax.staff', taxCase, {
    type: 'respond',
    answer: '经核实，缴费基数按规定核定。',
  });
  expect(answered.status).toBe(200);
});

const cookieOf = (username: string) => sessionCookieFor(rt, username);

/** The text of the element `data-key="<key>"` in the row headed `row` of table `table`. */
function cellText(page: string, table: string, row: string, key: string): string | undefined {
  const section = new RegExp(
    `<section[^>]*data-testid="table-${table}"[^>]*>([\\s\\S]*?)</section>`,
  ).exec(page)?.[1];
  const tr = section
    ?.split('<tr>')
    .find((r) => new RegExp(`<th scope="row"[^>]*>${row}</th>`).test(r));
  const cell = tr && new RegExp(`data-key="${key}">([\\s\\S]*?)</t[hd]>`).exec(tr)?.[1];
  return cell?.replace(/<[^>]+>/g, '').trim();
}

describe('the reports pages', () => {
  it('show the leader the list with the form, a head the list alone, and plain staff a 403', async () => {
    const leader = await getPage(rt, '/staff/reports', await cookieOf('leader'));
    expect(leader.status).toBe(200);
    expect(leader.text).toContain('<h1>统计报告</h1>');
    expect(leader.text).toContain('data-testid="request-form"');
    expect(leader.text).toContain(`value="${monday}"`);
    expect(leader.text).toContain(`value="${today}"`);
    expect(leader.text).toContain('还没有报告');

    const head = await getPage(rt, '/staff/reports', await cookieOf('tax.head'));
    expect(head.status).toBe(200);
    expect(head.text).not.toContain('data-testid="request-form"');

    const staff = await getPage(rt, '/staff/reports', await cookieOf('tax.staff'));
    expect(staff.status).toBe(403);
    expect(staff.text).toContain('您没有权限查看统计报告');
    expect(staff.text).not.toContain('已生成的报告');
  });

  it('refuse a period that ends before it starts, keeping the answers and storing nothing', async () => {
    const cookie = await cookieOf('leader');
    const csrf = csrfOf((await getPage(rt, '/staff/reports', cookie)).text);
    const res = await postPage(
      rt,
      '/staff/reports',
      cookie,
      { from: today, to: '2024-01-01' },
      csrf,
    );
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/<title>错误：统计报告/);
    expect(res.text).toContain('data-testid="error-summary"');
    expect(res.text).toContain('<a href="#f-to">结束日期不能早于开始日期</a>');
    expect(res.text).toContain('value="2024-01-01"');
    expect(res.text).toContain('aria-invalid="true"');

    const empty = await postPage(rt, '/staff/reports', cookie, {}, csrf);
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('请填写开始日期');
    expect(empty.text).toContain('请填写结束日期');
    // …and one that ends after today, on the page and through the API (a review, 2026-12-05)
    const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
    const future = await postPage(
      rt,
      '/staff/reports',
      cookie,
      { from: today, to: nextYear },
      csrf,
    );
    expect(future.status).toBe(400);
    expect(future.text).toContain('<a href="#f-to">结束日期不能晚于今天');
    const api = await staffPost(
      rt,
      '/api/staff/reports',
      { from: today, to: nextYear },
      await tokenFor(rt, 'leader'),
    );
    expect(api.status).toBe(400);
    expect(api.json).toMatchObject({
      errors: [{ pointer: '/to', detail: expect.stringContaining('结束日期不能晚于今天') }],
    });
    expect(await reports.list(50)).toEqual([]);
  });

  it('refuse a head’s request, a post without the CSRF token and one from another site', async () => {
    const head = await cookieOf('tax.head');
    const headCsrf = csrfOf((await getPage(rt, '/staff/reports', head)).text);
    const refused = await postPage(
      rt,
      '/staff/reports',
      head,
      { from: monday, to: today },
      headCsrf,
    );
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('您没有权限生成专题统计');

    const leader = await cookieOf('leader');
    const csrf = csrfOf((await getPage(rt, '/staff/reports', leader)).text);
    const forged = await postPage(
      rt,
      '/staff/reports',
      leader,
      { from: monday, to: today, csrf: '' },
      csrf,
    );
    expect(forged.status).toBe(403);
    const crossSite = await postPage(
      rt,
      '/staff/reports',
      leader,
      { from: monday, to: today },
      csrf,
      {
        origin: 'https://evil.example',
      },
    );
    expect(crossSite.status).toBe(403);
    expect(await reports.list(50)).toEqual([]);
  });

  it('store an on-demand report, show its stored figures and offer it as CSV and Excel', async () => {
    // Act: the leader asks for this week
    const cookie = await cookieOf('leader');
    const csrf = csrfOf((await getPage(rt, '/staff/reports', cookie)).text);
    const res = await postPage(rt, '/staff/reports', cookie, { from: monday, to: today }, csrf);

    // Assess: stored, and the browser is sent to its page
    expect(res.status).toBe(303);
    const [entry] = await reports.list(50);
    expect(entry).toMatchObject({ kind: 'on-demand', period: { from: monday, to: today } });
    const id = entry?.id ?? '';
    expect(res.location).toBe(`/staff/reports/${id}?new=1`);
    const stored = (await reports.get(id)) as Report;
    const channel = stored.tables.find((t) => t.id === 'channel');
    const online = channel?.rows.find((r) => r.label === '网上提交');
    expect(online?.count).toBe(2);

    // The page: told it was made, the figures those stored, a chart per charted table
    const page = await getPage(rt, res.location ?? '', cookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain('专题统计已生成');
    expect(page.text).toContain(`<title>${stored.title} - `);
    expect(page.text).toContain('>社会保险费征缴争议处理专题统计</h1>');
    for (const h of stored.highlights) expect(page.text).toContain(h);
    for (const t of stored.tables) expect(page.text).toContain(`data-testid="table-${t.id}"`);
    expect(cellText(page.text, 'channel', '网上提交', 'count')).toBe(String(online?.count));
    expect(cellText(page.text, 'channel', '网上提交', 'previous')).toBe('0');
    expect(cellText(page.text, 'channel', '网上提交', 'change')).toBe('—无');
    const tax = stored.tables
      .find((t) => t.id === 'on-time')
      ?.rows.find((r) => r.label === '旗税务局');
    expect(tax?.signForRate).toBe(1);
    expect(cellText(page.text, 'on-time', '旗税务局', 'signForRate')).toBe('100.0%');
    // A table whose rows can add up to more than the cases says so under its heading
    const unitNote = stored.tables.find((t) => t.id === 'unit')?.note;
    expect(unitNote).toBe(
      `几个单位共同办理的案件，每个单位各计 1 件，所以各行相加可能多于本期受理的 ${online?.count} 件。`,
    );
    expect(page.text).toMatch(
      new RegExp(
        `id="table-unit">按责任单位</h2>\\s*<p [^>]*data-testid="table-note">${unitNote}</p>`,
      ),
    );
    expect(page.text).toMatch(/<svg [^>]*role="img" aria-labelledby="report-chart-channel-title"/);
    // A chart says which of its table's figures it draws: the on-time table's is the answers'.
    expect(page.text).toMatch(
      /data-testid="table-on-time"[\s\S]*?<figcaption[^>]*data-testid="chart-caption">图示：答复按时率<\/figcaption>/,
    );
    expect(page.text).not.toContain('<script');
    // Linked from the list, and opened again without the 「已生成」 banner
    const list = await getPage(rt, '/staff/reports', cookie);
    expect(list.text).toContain(`href="/staff/reports/${id}"`);
    expect((await getPage(rt, `/staff/reports/${id}`, cookie)).text).not.toContain(
      '专题统计已生成',
    );

    // The downloads: plain links, attachments named after the report
    expect(page.text).toContain(`href="/staff/reports/${id}?format=csv"`);
    expect(page.text).toContain(`href="/staff/reports/${id}?format=xlsx"`);
    const csv = await getPage(rt, `/staff/reports/${id}?format=csv`, cookie);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const csvName = csv.headers.get('content-disposition') ?? '';
    expect(csvName).toMatch(/^attachment; filename="on-demand-\d+\.csv"; filename\*=UTF-8''/);
    expect(decodeURIComponent(csvName.split("UTF-8''")[1] ?? '')).toBe(
      `社会保险费征缴争议处理专题统计（${monday} 至 ${today}）.csv`,
    );
    expect(csv.text).toContain(`网上提交,${online?.count},0,`);

    const xlsx = await fetch(`${rt.url}/staff/reports/${id}?format=xlsx`, { headers: { cookie } });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(xlsx.headers.get('content-disposition')).toMatch(
      /^attachment; filename="on-demand-\d+\.xlsx"/,
    );
    const bytes = Buffer.from(await xlsx.arrayBuffer());
    expect(bytes.subarray(0, 4).toString('binary')).toBe('PK\u0003\u0004');
  });

  it('keep the office’s 分析意见和应对措施 on the report, refused to a unit head and to a stale page', async () => {
    // Prepare: a report of this week, its page as the office reads it
    const leader = await cookieOf('leader');
    const made = await postPage(
      rt,
      '/staff/reports',
      leader,
      { from: monday, to: today },
      csrfOf((await getPage(rt, '/staff/reports', leader)).text),
    );
    const path = (made.location ?? '').replace(/\?.*$/, '');
    const office = await cookieOf('office.staff');
    const page = await getPage(rt, path, office);
    const form = page.text.slice(page.text.indexOf('data-testid="opinion-form"'));

    // Act: the office saves; the same page's form is sent again; a unit head tries
    const text = '本周基数争议较多。\n请税务局加强申报辅导。';
    const saved = await postPage(
      rt,
      `${path}/opinion`,
      office,
      { opinion: text, previousAt: '' },
      csrfOf(form),
    );
    const stale = await postPage(
      rt,
      `${path}/opinion`,
      office,
      { opinion: '旧页面写的。', previousAt: '' },
      csrfOf(form),
    );
    const head = await cookieOf('medical.head');
    const refused = await postPage(
      rt,
      `${path}/opinion`,
      head,
      { opinion: '单位意见。', previousAt: '' },
      csrfOf((await getPage(rt, path, head)).text),
    );

    // Assess: stored beside the report and shown on its page; the stale post kept its text
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`${path}?opinion=saved#opinion-title`);
    const stored = await reports.get(path.split('/').pop() ?? '');
    expect(stored?.opinion).toMatchObject({ text, by: 'office.staff' });
    const shown = await getPage(rt, saved.location ?? '', office);
    expect(shown.text).toContain('已保存分析意见和应对措施');
    expect(shown.text).toContain('<p>本周基数争议较多。</p><p>请税务局加强申报辅导。</p>');
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('保存前，别人已经修改了分析意见');
    expect(stale.text).toContain('>旧页面写的。</textarea>');
    expect(refused.status).toBe(403);
    expect((await reports.get(stored?.id ?? ''))?.opinion?.text).toBe(text);
    // A unit head's part of the report does not show it
    expect((await getPage(rt, path, head)).text).not.toContain('请税务局加强申报辅导');
  });

  it("give a unit's head the unit's part of a report: on the page, in the JSON and in the files", async () => {
    // Prepare: the leader asks for this week through the API (tax's case and medical's in it)
    const asked = await staffPost(
      rt,
      '/api/staff/reports',
      { from: monday, to: today },
      await tokenFor(rt, 'leader'),
    );
    expect(asked.status).toBe(201);
    const id = String(asked.json.id);
    const stored = (await reports.get(id)) as Report;
    const units = stored.tables.find((t) => t.id === 'unit')?.rows.map((r) => r.label);
    expect(units).toEqual(expect.arrayContaining(['旗税务局', '旗医疗保障局']));

    // Act
    const page = await getPage(rt, `/staff/reports/${id}`, await cookieOf('medical.head'));
    const api = await staffGet(rt, `/api/staff/reports/${id}`, await tokenFor(rt, 'medical.head'));
    const csv = await getPage(
      rt,
      `/staff/reports/${id}?format=csv`,
      await cookieOf('medical.head'),
    );

    // Assess: medical's rows of the tables by unit, none of the county's tables or findings
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<title>${stored.title.replace('（', '——旗医疗保障局（')} - `);
    expect(page.text).toContain('>社会保险费征缴争议处理专题统计——旗医疗保障局</h1>');
    expect(page.text).toContain('这份报告只列旗医疗保障局的数字和案件');
    expect(cellText(page.text, 'unit', '旗医疗保障局', 'count')).toBe('1');
    expect(cellText(page.text, 'unit', '旗税务局', 'count')).toBeUndefined();
    for (const county of ['channel', 'matter', 'outcomes', 'repeat'])
      expect(page.text).not.toContain(`data-testid="table-${county}"`);
    expect(page.text).not.toContain(stored.highlights[0]);
    expect(page.text).not.toContain('旗税务局');
    const report = api.json.report as Report;
    expect(api.status).toBe(200);
    expect(report.tables.map((t) => t.id)).toEqual([...UNIT_PART_TABLES]);
    expect(report.tables.find((t) => t.id === 'unit')?.rows.map((r) => r.label)).toEqual([
      '旗医疗保障局',
    ]);
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('旗医疗保障局');
    expect(csv.text).not.toContain('旗税务局');
    expect(csv.text).not.toContain('网上提交');
    // The leader's copy is whole, and so is the leading group office's director's (tax's head)
    for (const whole of ['leader', 'tax.head']) {
      const copy = await getPage(rt, `/staff/reports/${id}`, await cookieOf(whole));
      expect(cellText(copy.text, 'unit', '旗医疗保障局', 'count'), whole).toBe('1');
      expect(cellText(copy.text, 'unit', '旗税务局', 'count'), whole).toBe('1');
    }
  });

  it('refuse a report and its files to plain staff, and say so for an unknown one', async () => {
    const [entry] = await reports.list(1);
    const id = entry?.id ?? '';
    const staff = await cookieOf('tax.staff');
    expect((await getPage(rt, `/staff/reports/${id}`, staff)).status).toBe(403);
    const file = await getPage(rt, `/staff/reports/${id}?format=csv`, staff);
    expect(file.status).toBe(403);
    expect(file.text).not.toContain('网上提交');

    const head = await cookieOf('tax.head');
    expect((await getPage(rt, `/staff/reports/${id}`, head)).status).toBe(200);
    const unknown = await getPage(rt, '/staff/reports/weekly-1999-01-04', head);
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('没有找到这份报告');
    expect((await getPage(rt, `/staff/reports/${id}?format=pdf`, head)).status).toBe(404);
    // No session: off to sign in, and back here afterwards
    const anonymous = await getPage(rt, `/staff/reports/${id}?format=csv`, '');
    expect(anonymous.status).toBe(303);
    expect(anonymous.location).toContain('/staff/sign-in?next=');
  });
});

describe('the outbox page', () => {
  it('shows a unit only its own messages, with the payer’s phone masked', async () => {
    // The runtime kept the SMS to the tax case's payer, with the full number.
    const outbox = join(rt.dataDir, 'outbox');
    // Delivery is asynchronous (issue 14): read once the notifications queue is drained.
    await notificationsDelivered(rt);
    const files = readdirSync(outbox);
    const sms = files
      .map((f) => JSON.parse(readFileSync(join(outbox, f), 'utf8')) as Record<string, string>)
      .find((m) => m.channel === 'sms' && m.body?.includes('书面答复'));
    expect(sms).toMatchObject({ to: PHONE, caseNumber: taxCase });

    const tax = await getPage(rt, '/staff/outbox', await cookieOf('tax.staff'));
    expect(tax.status).toBe(200);
    expect(tax.text).toContain('<h1>发件箱</h1>');
    expect(tax.text).toContain('缴费人手机 138****5678');
    expect(tax.text).toContain(`待办：签收（${taxCase}）`);
    expect(tax.text).not.toContain(medicalCase);
    expect(tax.text).not.toContain(PHONE);

    const medical = await getPage(rt, '/staff/outbox', await cookieOf('medical.staff'));
    expect(medical.text).toContain(`待办：签收（${medicalCase}）`);
    expect(medical.text).not.toContain(taxCase);
    // Its own payer's filing receipt (issue 13) is the only SMS it sees.
    expect(medical.text.match(/data-channel="sms"/g) ?? []).toHaveLength(1);

    const office = await getPage(rt, '/staff/outbox', await cookieOf('office.staff'));
    expect(office.text).toContain(taxCase);
    expect(office.text).toContain(medicalCase);
    expect(office.text).toContain('缴费人手机 138****5678');
    expect(office.text).not.toContain(PHONE);
  });

  it('applies the same rule to the local JSON route', async () => {
    const res = await staffGet(rt, '/api/staff/outbox', await tokenFor(rt, 'medical.head'));
    expect(res.status).toBe(200);
    const items = res.json.items as { to: string; caseNumber?: string }[];
    expect(items.length).toBeGreaterThan(0);
    // Its e-mail, and the SMS to its own case's payer (the filing receipt).
    expect(items.every((m) => m.to === 'medical' || m.caseNumber === medicalCase)).toBe(true);
    const all = await staffGet(rt, '/api/staff/outbox', await tokenFor(rt, 'leader'));
    const texts = JSON.stringify(all.json.items);
    expect(texts).toContain('138****5678');
    expect(texts).not.toContain(PHONE);
  });
});

describe('the dead-letters page', () => {
  // The administrator's health detail: the public health shows no dead-letter depths (issue 14).
  const taxDeadLetters = async () => (await healthDetail(rt)).deadLetterDepth.tax ?? 0;

  it('is the administrator’s only, and its re-drive moves the message back to the unit’s queue', async () => {
    // Prepare: a message for a case that does not exist fails until it is a dead letter
    const urls = readRuntimeInfo(rt.dataDir);
    const admin = await cookieOf('admin');
    const clear = await getPage(rt, '/staff/dead-letters', admin);
    expect(clear.status).toBe(200);
    expect(clear.text).toContain('所有单位的队列都没有未送达的消息');
    await rt.sqs.send(
      new SendMessageCommand({
        QueueUrl: urls.queueUrls.tax,
        MessageBody: JSON.stringify({
          v: 1,
          type: 'case.routed',
          caseNumber: '2026-999997',
          unit: 'tax',
        }),
      }),
    );
    await untilDeadLetters(rt, 'tax', 1, 30_000);

    // Assess: the administrator sees it; a head does not, nor may re-drive
    const page = await getPage(rt, '/staff/dead-letters', admin);
    expect(page.text).toMatch(
      /<tr data-unit="tax">\s*<th scope="row">旗税务局<\/th>\s*<td[^>]*>1<\/td>\s*<td>2026-999997（收取 \d+ 次）<\/td>/,
    );
    expect(page.text).toContain('action="/staff/dead-letters/tax/redrive"');
    const head = await cookieOf('tax.head');
    const refused = await getPage(rt, '/staff/dead-letters', head);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('只有系统管理员可以查看未送达的消息');
    expect(refused.text).not.toContain('2026-999997');
    const headCsrf = csrfOf((await getPage(rt, '/staff/outbox', head)).text);
    expect((await postPage(rt, '/staff/dead-letters/tax/redrive', head, {}, headCsrf)).status).toBe(
      403,
    );
    const csrf = csrfOf(page.text);
    expect(
      (await postPage(rt, '/staff/dead-letters/tax/redrive', admin, { csrf: 'forged' }, csrf))
        .status,
    ).toBe(403);
    expect(await taxDeadLetters()).toBe(1);

    // Act: the administrator re-drives the tax bureau's queue
    const res = await postPage(rt, '/staff/dead-letters/tax/redrive', admin, {}, csrf);

    // Assess: 303 back with the count; the dead-letter queue is empty, the message in tax's queue
    expect(res.status).toBe(303);
    expect(res.location).toBe('/staff/dead-letters?redriven=tax&moved=1');
    const depth = await rt.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: urls.deadLetterUrls.tax,
        AttributeNames: ['ApproximateNumberOfMessages'],
      }),
    );
    expect(depth.Attributes?.ApproximateNumberOfMessages).toBe('0');
    const after = await getPage(rt, res.location ?? '', admin);
    expect(after.text).toContain('已把旗税务局的 1 条消息放回队列重新处理');
    // Still poison: back in the dead-letter queue after five more tries on the tax queue
    await untilDeadLetters(rt, 'tax', 1, 30_000);
    expect(
      (await postPage(rt, '/staff/dead-letters/nowhere/redrive', admin, {}, csrf)).status,
    ).toBe(404);
  }, 90_000);
});
