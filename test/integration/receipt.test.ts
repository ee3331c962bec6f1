// Its own runtime: its clock stands still through LOCAL_CLOCK_FILE.
/**
 * The filing receipt (issue 13) against the real local runtime: one SMS with the case number (and
 * never the access code, the name or the dispute) for each case filed online, through the API or
 * the payer's form, and for each case a window registers; none for a retry of the same filing;
 * and the printable receipt page, which only the browser that filed (its case cookie) may open.
 */
import { describe, expect, it } from 'vitest';
import { caseRequest, matter, postJson, residentId } from '#test/fixtures/cases.ts';
import { HttpBrowser } from '#test/fixtures/http-browser.ts';
import {
  checkPageAnswers,
  type OutboxSms,
  ownRuntime,
  payerStep,
  shanghaiClock,
  smsAbout,
} from '#test/fixtures/integration.ts';
import { staffPost, tokenFor } from '#test/fixtures/staff.ts';
import { csrfOf, getPage, postPage, sessionCookieFor } from '#test/fixtures/staff-session.ts';

// 01:30 on Saturday 10 October in Beijing, still Friday 9 October in UTC: the receipt's date must
// be Beijing's.
const clock = shanghaiClock('2026-10-10T01:30:00');
const rt = ownRuntime({ env: clock.env, demoAccounts: true });

/** The receipt SMS says the number, where to look, and nothing the payer would not say aloud. */
function expectReceiptSms(sms: OutboxSms, o: { caseNumber: string; accessCode: string }) {
  expect(sms.body).toMatch(/^【翁牛特旗社保费争议】/);
  expect(sms.body).toContain(`受理编号 ${o.caseNumber}`);
  // Received and registered: the unit's sign-for is the 受理 (DESIGN.md §5).
  expect(sms.body).toContain('我们已收到并登记您的争议申请');
  expect(sms.body).not.toContain('已受理');
  expect(sms.body).toContain('查看办理进度');
  expect(sms.body).not.toContain(o.accessCode);
}

describe('the filing SMS', () => {
  it('is sent once to the payer’s mobile when a case is filed through the API, and not again for a retry', async () => {
    // Prepare
    const request = caseRequest({ description: '单位少报了我的缴费基数，请核实。' });
    const key = 'receipt-test-key-0001';

    // Act
    const first = await postJson(`${rt.url}/api/cases`, request, { 'idempotency-key': key });
    const retry = await postJson(`${rt.url}/api/cases`, request, { 'idempotency-key': key });

    // Assess: one case, one SMS, to the phone given, with the number and not the code
    expect(first.status).toBe(201);
    const caseNumber = String(first.json.caseNumber);
    const accessCode = String(first.json.accessCode);
    expect(retry.json.caseNumber).toBe(caseNumber);
    const sent = await smsAbout(rt, caseNumber);
    expect(sent).toHaveLength(1);
    const [sms] = sent;
    if (!sms) throw new Error('no SMS');
    expect(sms.to).toBe('13812345678');
    expectReceiptSms(sms, { caseNumber, accessCode });
    expect(sms.body).not.toContain('王小明');
    expect(sms.body).not.toContain('缴费基数');
    expect((await rt.store.get(caseNumber))?.status).toBeDefined();
  });

  it('is not sent to a landline, and the filing succeeds all the same', async () => {
    // Act
    const filed = await postJson(
      `${rt.url}/api/cases`,
      caseRequest({
        payer: { kind: 'person', name: '王小明', idNumber: residentId(), phone: '0476-1234567' },
      }),
    );

    // Assess
    expect(filed.status).toBe(201);
    const caseNumber = String(filed.json.caseNumber);
    expect((await rt.store.get(caseNumber))?.payer.phone).toBe('0476-1234567');
    expect(await smsAbout(rt, caseNumber)).toEqual([]);
  });

  it('is sent once for a window registration, through the API and through the registration page, and not for its second press', async () => {
    // Act: the JSON route
    const token = await tokenFor(rt, 'data-bureau.staff');
    const registered = await staffPost(
      rt,
      '/api/staff/cases',
      {
        channel: 'walk-in',
        registeredOn: '2026-10-09',
        payer: { kind: 'person', name: '巴特尔', idNumber: residentId(), phone: '13912345678' },
        matters: [matter()],
        description: '窗口登记的争议。',
      },
      token,
    );

    // Assess
    expect(registered.status).toBe(201);
    const viaApi = String(registered.json.caseNumber);
    const apiSms = await smsAbout(rt, viaApi);
    expect(apiSms).toHaveLength(1);
    expect(apiSms[0]?.to).toBe('13912345678');
    expectReceiptSms(apiSms[0] as OutboxSms, {
      caseNumber: viaApi,
      accessCode: String(registered.json.accessCode),
    });

    // Act: the page, pressed twice with the same form (its idempotency key)
    const cookie = await sessionCookieFor(rt, 'data-bureau.staff');
    const form = await getPage(rt, '/staff/register', cookie);
    const key = /name="key" value="([^"]+)"/.exec(form.text)?.[1] ?? '';
    const fields = {
      key,
      channel: 'walk-in',
      registeredOn: '2026-10-09',
      'payer.kind': 'person',
      'payer.name': '其其格',
      'payer.idNumber': residentId(),
      'payer.phone': '137 1234 5678',
      'matters[0].type': 'base',
      'matters[0].insurance': 'pension',
      'matters[0].period.from': '2024-07',
      'matters[0].period.to': '2024-12',
      description: '来访人称单位少报了缴费基数。',
      action: 'register',
    };
    const once = await postPage(rt, '/staff/register', cookie, fields, csrfOf(form.text));
    const twice = await postPage(rt, '/staff/register', cookie, fields, csrfOf(form.text));

    // Assess: one case, one SMS to the number as tidied
    expect(once.status).toBe(303);
    expect(twice.location).toBe(once.location);
    const viaPage = /case=(\d{4}-\d{6})/.exec(once.location ?? '')?.[1] ?? '';
    expect(viaPage).not.toBe('');
    expect((await rt.store.get(viaPage))?.channel).toBe('walk-in');
    const pageSms = await smsAbout(rt, viaPage);
    expect(pageSms).toHaveLength(1);
    expect(pageSms[0]?.to).toBe('13712345678');
    expect(pageSms[0]?.body).toContain(`受理编号 ${viaPage}`);
    expect(pageSms[0]?.body).not.toContain('其其格');
  });
});

/** Files a dispute through the payer's form pages as a browser without JavaScript does. */
function fileByForm(browser: HttpBrowser) {
  return checkPageAnswers(browser, [
    payerStep(),
    [
      '/api/payer/apply-matters',
      {
        'matters[0].type': 'arrears',
        'matters[0].insurance': 'medical',
        'matters[0].period.from': '2023-01',
        'matters[0].period.to': '2023-06',
        action: 'continue',
      },
    ],
    [
      '/api/payer/apply-description',
      { description: '欠费通知的金额和我实际欠的不一样。', action: 'continue' },
    ],
  ]);
}

describe('filing through the payer’s form', () => {
  it('sends one SMS however often the check page is sent, and links the confirmation to a receipt with the number, code, Beijing date and matters', async () => {
    // Prepare
    const browser = new HttpBrowser(rt.url);
    const form = await fileByForm(browser);

    // Act: 「提交」, and again (a double click, a reload)
    const sent = await browser.request('/api/cases', { method: 'POST', form });
    const again = await browser.request('/api/cases', { method: 'POST', form });

    // Assess: the confirmation, and its 「打印回执」
    expect(sent.status).toBe(303);
    expect(again.headers.get('location')).toBe('/api/payer/done');
    const done = await browser.follow('/api/payer/done');
    expect(done.status).toBe(200);
    const caseNumber = /data-testid="case-number">([^<]+)</.exec(done.text)?.[1] ?? '';
    const accessCode = /data-testid="access-code">([^<]+)</.exec(done.text)?.[1] ?? '';
    expect(caseNumber).toMatch(/^\d{4}-\d{6}$/);
    const link = /<a [^>]*href="([^"]+)"[^>]*data-testid="receipt-link">打印回执<\/a>/.exec(
      done.text,
    );
    expect(link?.[1]).toBe('/api/payer/receipt');

    const sms = await smsAbout(rt, caseNumber);
    expect(sms).toHaveLength(1);
    expect(sms[0]?.to).toBe('15912345678');
    expectReceiptSms(sms[0] as OutboxSms, { caseNumber, accessCode });
    expect(sms[0]?.body).not.toContain('赵桂芳');

    // Act: the receipt
    const receipt = await browser.follow(link?.[1] ?? '');

    // Assess: what the payer needs on paper, and nothing personal
    expect(receipt.status).toBe(200);
    expect(receipt.headers.get('cache-control')).toBe('no-store');
    const text = receipt.text.replace(/<[^>]+>/g, '');
    expect(text).toContain('翁牛特旗社会保险费征缴争议受理回执');
    expect(text).toContain(`受理编号：${caseNumber}`);
    expect(text).toContain(`查询码：${accessCode}`);
    expect(text).toContain('受理日期：2026年10月10日（北京时间）');
    expect(text).toContain('欠费追缴（医疗保险），2023年1月至2023年6月');
    expect(text).toMatch(
      /1 个工作日内（最晚在2026年10月\d{1,2}日前，含当天），办理部门签收您的申请。/,
    );
    expect(text).toMatch(
      /签收后一般在 15 个工作日内答复您，最晚不超过2026年\d{1,2}月\d{1,2}日（含当天）/,
    );
    expect(text).toContain(`在网上打开 ${rt.url}/status/，输入上面的受理编号和查询码`);
    expect(text).toContain('12345');
    expect(text).not.toContain('赵桂芳');
    expect(text).not.toContain('15912345678');
    expect(text).not.toContain('欠费通知的金额');
    expect(receipt.text).not.toMatch(/<form/);
  });

  it('is linked from the progress page after a look-up, for a payer who lost the paper', async () => {
    // Prepare: a case filed elsewhere; a new browser looks it up with its number and code
    const filed = await postJson(`${rt.url}/api/cases`, caseRequest());
    const caseNumber = String(filed.json.caseNumber);
    const accessCode = String(filed.json.accessCode);
    const browser = new HttpBrowser(rt.url);
    const progress = await browser.submit('/api/payer/status', { caseNumber, accessCode });

    // Act
    const link = /<a href="([^"]+)" data-testid="receipt-link">打印受理回执<\/a>/.exec(
      progress.text,
    );
    const receipt = await browser.follow(link?.[1] ?? '');

    // Assess
    expect(progress.status).toBe(200);
    expect(link?.[1]).toBe('/api/payer/receipt?from=status');
    expect(receipt.status).toBe(200);
    expect(receipt.text.replace(/<[^>]+>/g, '')).toContain(`查询码：${accessCode}`);
    // …and 「返回」 leads back to the progress page, not to a confirmation of filing
    expect(receipt.text).toContain('<a class="back-link" href="/api/payer/status">返回</a>');
  });

  it('refuses the receipt without the filing’s cookie, with a wrong code in it, and for a case number in the address', async () => {
    // Prepare: a case filed by another browser
    const filed = await postJson(`${rt.url}/api/cases`, caseRequest());
    const caseNumber = String(filed.json.caseNumber);
    const accessCode = String(filed.json.accessCode);
    const wrong = accessCode.startsWith('A')
      ? `B${accessCode.slice(1)}`
      : `A${accessCode.slice(1)}`;

    // Act
    const fetchReceipt = (path: string, cookie?: string) =>
      fetch(`${rt.url}${path}`, {
        redirect: 'manual',
        headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) },
      });
    const none = await fetchReceipt('/api/payer/receipt');
    const guessed = await fetchReceipt(`/api/payer/receipt?case=${caseNumber}`);
    const wrongCode = await fetchReceipt('/api/payer/receipt', `si_case=${caseNumber}.${wrong}`);
    const right = await fetchReceipt('/api/payer/receipt', `si_case=${caseNumber}.${accessCode}`);

    // Assess: off to the look-up, as the confirmation does; the right cookie opens it
    for (const refused of [none, guessed, wrongCode]) {
      expect(refused.status).toBe(303);
      expect(refused.headers.get('location')).toBe('/status/');
      expect(await refused.text()).not.toContain(caseNumber);
    }
    const done = await fetchReceipt('/api/payer/done');
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/status/');
    expect(right.status).toBe(200);
    expect(await right.text()).toContain(accessCode);
  });
});
