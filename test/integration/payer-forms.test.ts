/**
 * The payer's forms without JavaScript, over HTTP (issue 6): urlencoded posts answered with a 303
 * to the next page or with the page again (400, HTML); the draft and case cookies; nothing stored
 * from a refused form; one case per check page, however often it is sent.
 */
import { describe, expect, it } from 'vitest';
import { dynamoDraftStore } from '#adapters/draft-store.ts';
import { TABLE_NAME } from '#functions/manifest.ts';
import { formatDay } from '#functions/pages/dates.ts';
import { DRAFT_COOKIE } from '#functions/pages/paths.ts';
import { readPayerCookie, setCookie } from '#platform/forms.ts';
import type { HttpEvent } from '#platform/http.ts';
import { caseCookie, caseCookieFor } from '#platform/payer.ts';
import { caseRequest, postJson, residentId } from '#test/fixtures/cases.ts';
import {
  caseMark,
  casesStoredSince,
  sharedRuntimeWithAccounts,
} from '#test/fixtures/integration.ts';
import { eventually, inInbox } from '#test/fixtures/runtime.ts';
import { act } from '#test/fixtures/staff.ts';

const rt = sharedRuntimeWithAccounts();

/** A browser's cookie jar, just enough for these pages. */
class Browser {
  readonly cookies = new Map<string, string>();
  readonly setCookies: string[] = [];

  async post(path: string, fields: [string, string][] | Record<string, string>, headers = {}) {
    return this.send(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    });
  }

  get(path: string) {
    return this.send(path, { method: 'GET', headers: { accept: 'text/html' } });
  }

  private async send(
    path: string,
    init: { method: string; headers: Record<string, string>; body?: string },
  ) {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(`${rt.url}${path}`, {
      ...init,
      redirect: 'manual',
      headers: { accept: 'text/html', ...init.headers, ...(cookie ? { cookie } : {}) },
    });
    for (const set of res.headers.getSetCookie()) {
      this.setCookies.push(set);
      const [pair = ''] = set.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (/Max-Age=0\b/.test(set)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return {
      status: res.status,
      location: res.headers.get('location'),
      type: res.headers.get('content-type'),
      text: await res.text(),
    };
  }
}

const PAYER = {
  'payer.kind': 'person',
  'payer.name': '赵桂芳',
  'payer.phone': '13912345678',
};
const MATTER = {
  'matters[0].type': 'base',
  'matters[0].insurance': 'pension',
  'matters[0].period.from': '2024-06',
  'matters[0].period.to': '2024-12',
};

/** The stored drafts, as the pages read them: an expired one is not there. */
const drafts = () => dynamoDraftStore(rt.db, TABLE_NAME);

/** The form token of a case page's form (issue 16). */
function csrfOf(page: string): string {
  const token = /<input type="hidden" name="csrf" value="([\w-]+)">/.exec(page)?.[1];
  if (!token) throw new Error('the page has no form token');
  return token;
}

/** The check page's hidden fields, as the browser posts them back. */
function hiddenFields(page: string): [string, string][] {
  return [...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
    m[1] ?? '',
    (m[2] ?? '').replaceAll('&quot;', '"').replaceAll('&amp;', '&'),
  ]);
}

describe('the intake steps without JavaScript', () => {
  it('redirect from step to step, keep a draft behind an HttpOnly cookie, and file one case however often the check page is sent', async () => {
    const browser = new Browser();
    const idNumber = residentId();
    const before = await caseMark(rt);

    // Act: step 1 from the static page
    const step1 = await browser.post('/api/payer/apply-payer', {
      ...PAYER,
      'payer.idNumber': idNumber,
      start: 'new',
    });

    // Assess: 303 to step 2, and the draft cookie as promised
    expect(step1).toMatchObject({ status: 303, location: '/api/payer/apply-matters' });
    const draftCookie = browser.setCookies.find((c) => c.startsWith('si_draft='));
    expect(draftCookie).toMatch(
      /^si_draft=[\w-]{32}; Path=\/api\/; Max-Age=7200; HttpOnly; SameSite=Lax$/,
    );
    const draftId = browser.cookies.get('si_draft');
    expect((await drafts().get(draftId))?.payer.idNumber).toBe(idNumber);

    // Act: step 2 with a wrong month
    const bad = await browser.post('/api/payer/apply-matters', {
      ...MATTER,
      'matters[0].period.to': '2024-13',
    });

    // Assess: a 303 to the page again (post/redirect/get, so that Back never re-posts), which
    // shows the error linked to the field and the answers kept
    expect(bad).toMatchObject({ status: 303, location: '/api/payer/apply-matters?check=1' });
    const shown = await browser.get(bad.location ?? '');
    expect(shown.status).toBe(200);
    expect(shown.type).toMatch(/^text\/html/);
    expect(shown.text).toMatch(/<title>错误：争议的是什么 - /);
    // …in the page's words: six digits, as a phone's digit keypad types them
    expect(shown.text).toContain(
      '<a href="#f-matters-0-period-to">截止年月请填 6 位数字的年和月，例如 202403（2024 年 3 月）',
    );
    expect(shown.text).toMatch(
      /id="f-matters-0-period-from" name="matters\[0\]\.period\.from" value="2024-06"/,
    );

    // Act: steps 2 and 3 right, then the check page
    expect(await browser.post('/api/payer/apply-matters', MATTER)).toMatchObject({
      status: 303,
      location: '/api/payer/apply-description',
    });
    // The address of the page with errors, reached again by Back, shows the corrected answers
    // without an error
    const back = await browser.get(bad.location ?? '');
    expect(back.text).not.toContain('error-summary');
    expect(back.text).toMatch(/<title>争议的是什么 - /);
    expect(
      await browser.post('/api/payer/apply-description', { description: '基数核定有误。' }),
    ).toMatchObject({ status: 303, location: '/api/payer/apply-check' });
    const check = await browser.get('/api/payer/apply-check');
    expect(check.status).toBe(200);
    expect(check.text).toContain('赵桂芳');

    // The check page sent without the consent: a 303 to the page that shows why (Back never
    // re-posts), nothing filed
    const unticked = await browser.post('/api/cases', hiddenFields(check.text));
    expect(unticked).toMatchObject({ status: 303, location: '/api/payer/apply-check?check=1' });
    const why = await browser.get(unticked.location ?? '');
    expect(why.text).toMatch(/<title>错误：请核对您填写的信息 - /);
    expect(why.text).toContain('<a href="#f-consent">请确认同意');
    expect((await browser.get('/api/payer/apply-check')).text).not.toContain('error-summary');

    // Act: the check page sent twice, as a double click or a reload after a lost answer does
    const fields = [...hiddenFields(check.text), ['consent', 'true']] as [string, string][];
    const first = await browser.post('/api/cases', fields);
    const second = await browser.post('/api/cases', fields);

    // Assess: both redirect to the confirmation; one case, in the tax inbox
    expect(first).toMatchObject({ status: 303, location: '/api/payer/done' });
    expect(second).toMatchObject({ status: 303, location: '/api/payer/done' });
    const caseCookie = browser.setCookies.filter((c) => c.startsWith('si_case='));
    expect(caseCookie).toHaveLength(2);
    // The same case both times, each time with a new form token (issue 16).
    const numberAndCode = (c = '') => c.split(';')[0]?.split('.').slice(0, 2).join('.');
    expect(numberAndCode(caseCookie[0])).toBe(numberAndCode(caseCookie[1]));
    expect(caseCookie[0]).toMatch(
      /^si_case=\d{4}-\d{6}\.[A-HJKMNP-Z2-9]{12}\.[\w-]{22}; Path=\/api\/; Max-Age=1800; HttpOnly; SameSite=Lax$/,
    );
    const [caseNumber = '', accessCode = ''] = (browser.cookies.get('si_case') ?? '').split('.');
    expect(await casesStoredSince(rt, before)).toEqual([caseNumber]);
    expect((await rt.store.get(caseNumber))?.payer.idNumber).toBe(idNumber);
    expect(await eventually(() => inInbox(rt.store, 'tax', caseNumber))).toMatchObject({
      status: 'assigned',
      item: { kind: 'sign-for', unit: 'tax' },
    });

    // Act: the confirmation
    const done = await browser.get('/api/payer/done');

    // Assess: number and code shown; the draft gone from the table and the browser
    expect(done.status).toBe(200);
    expect(done.text).toContain(caseNumber);
    expect(done.text).toContain(accessCode);
    expect(browser.cookies.has('si_draft')).toBe(false);
    expect(await drafts().get(draftId)).toBeUndefined();

    // Act: Back from the confirmation, to the check page and on to a step, as a phone's button
    const checkAgain = await browser.get('/api/payer/apply-check');
    const stepAgain = await browser.get('/api/payer/apply-description');

    // Assess: the check page leads to the confirmation again; the step names the case as filed,
    // with its progress a link away; no second case, no new draft
    expect(checkAgain).toMatchObject({ status: 303, location: '/api/payer/done' });
    expect(stepAgain.text).toContain(
      `受理编号为 ${caseNumber} 的申请已经提交，不用再提交一次，可以<a href="/api/payer/status">查看办理进度</a>`,
    );
    expect(stepAgain.text).not.toContain('基数核定有误');
    // …with no form whose 「继续」 would start over unsaid, but a link to step 1
    expect(stepAgain.text).not.toContain('data-testid="step-description"');
    expect(stepAgain.text).toMatch(/<title>您的申请已经提交 - [\s\S]*<h1>您的申请已经提交<\/h1>/);
    // …whatever the history's address asks: an error summary of fields it does not show, no
    const withCheck = await browser.get('/api/payer/apply-matters?check=1&removed=2');
    expect(withCheck.text).toContain('data-testid="filed-notice"');
    expect(withCheck.text).not.toContain('error-summary');
    expect(withCheck.text).not.toContain('已删除争议事项');
    expect(withCheck.text).not.toMatch(/<title>错误/);
    expect(stepAgain.text).toContain(
      '<a href="/apply/" data-testid="start-again">从第 1 步重新填写</a>',
    );
    expect(browser.cookies.has('si_draft')).toBe(false);
    expect(await casesStoredSince(rt, before)).toEqual([caseNumber]);

    // Act: the same answers again from step 1, as a browser refills them after Back
    await browser.post('/api/payer/apply-payer', {
      ...PAYER,
      'payer.idNumber': idNumber,
      start: 'new',
    });
    await browser.post('/api/payer/apply-matters', MATTER);
    await browser.post('/api/payer/apply-description', { description: '基数核定有误。' });
    const secondCheck = await browser.get('/api/payer/apply-check');

    // Assess: the check page names the case just filed before a second is sent
    expect(secondCheck.text).toContain(
      `您刚才已经提交过一份申请（受理编号 ${caseNumber}）。如果是同一件事，不用再提交`,
    );
    expect(await casesStoredSince(rt, before)).toEqual([caseNumber]);

    // …but a browser that only looked the case up is not told it filed it (a code review,
    // 2026-12-05): the check page starts afresh, a step says nothing of the case
    const other = new Browser();
    await other.post('/api/payer/status', { caseNumber, accessCode });
    expect(other.cookies.has('si_case')).toBe(true);
    expect(await other.get('/api/payer/apply-check')).toMatchObject({
      status: 303,
      location: '/apply/',
    });
    expect((await other.get('/api/payer/apply-description')).text).not.toContain('filed-notice');
  });

  it('store nothing from a check page sent without the consent, or from another site or origin', async () => {
    const browser = new Browser();
    const idNumber = residentId();
    const fields: [string, string][] = Object.entries({
      ...PAYER,
      'payer.idNumber': idNumber,
      ...MATTER,
      description: '基数核定有误。',
      idempotencyKey: 'b'.repeat(32),
    });
    const before = await caseMark(rt);

    const refused = await browser.post('/api/cases', fields);
    const crossSite = await browser.post('/api/cases', [...fields, ['consent', 'true']], {
      'sec-fetch-site': 'cross-site',
    });
    // Another port of the same host, or a sibling subdomain (issue 16): same-site, not ours.
    const sameSite = await browser.post('/api/cases', [...fields, ['consent', 'true']], {
      'sec-fetch-site': 'same-site',
    });
    // A browser that names the page's origin: another port, or a sandboxed frame's `null`.
    const otherPort = new URL(rt.url);
    otherPort.port = String(Number(otherPort.port) + 1);
    const otherOrigin = await browser.post('/api/cases', [...fields, ['consent', 'true']], {
      origin: otherPort.origin,
    });
    const nullOrigin = await browser.post('/api/cases', [...fields, ['consent', 'true']], {
      origin: 'null',
    });

    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/<title>错误：请核对您填写的信息 - /);
    expect(refused.text).toContain('<a href="#f-consent">请确认同意');
    expect(crossSite.status).toBe(403);
    expect(crossSite.type).toMatch(/^text\/html/);
    expect(sameSite.status).toBe(403);
    expect(otherOrigin.status).toBe(403);
    expect(otherOrigin.text).toContain('没有权限');
    expect(nullOrigin.status).toBe(403);
    expect(await casesStoredSince(rt, before)).toEqual([]);
    expect(browser.cookies.has('si_case')).toBe(false);
  });

  it('refuse a draft past its two hours', async () => {
    const store = dynamoDraftStore(rt.db, TABLE_NAME, () => Date.now() - 2 * 3600_000 - 1000);
    const id = store.newId();
    await store.put(id, { payer: { name: '旧草稿' }, matters: [] });
    const browser = new Browser();
    browser.cookies.set('si_draft', id);

    const page = await browser.get('/api/payer/apply-payer');

    expect(page.status).toBe(200);
    expect(page.text).not.toContain('旧草稿');
    expect(await browser.get('/api/payer/apply-check')).toMatchObject({
      status: 303,
      location: '/apply/',
    });
  });
});

describe('a draft deleted after two hours, in the middle of the steps', () => {
  it('sends the payer back to the first step it lost, saying why, and keeps the step just sent', async () => {
    // Prepare: a browser still naming a draft past its two hours, on the matters step
    const store = dynamoDraftStore(rt.db, TABLE_NAME, () => Date.now() - 2 * 3600_000 - 1000);
    const id = store.newId();
    await store.put(id, { payer: { name: '旧草稿' }, matters: [] });
    const browser = new Browser();
    browser.cookies.set('si_draft', id);

    // Act
    const sent = await browser.post('/api/payer/apply-matters', MATTER);
    const page = await browser.get(sent.location?.split('#')[0] ?? '');

    // Assess: to step 1 with the notice, not on to an empty check page
    expect(sent).toMatchObject({
      status: 303,
      location: '/api/payer/apply-payer?expired=1#expired-notice',
    });
    expect(page.text).toContain('data-testid="expired-notice"');
    expect(page.text).toContain('您前面填写的内容超过 2 小时没有提交');
    expect(page.text).not.toContain('旧草稿');
    const kept = await drafts().get(browser.cookies.get('si_draft'));
    expect(kept?.matters).toEqual([
      expect.objectContaining({ type: 'base', insurance: ['pension'] }),
    ]);
  });
});

describe('the case pages without JavaScript', () => {
  it('look a case up into a cookie, take the decision as a form, and sign out', async () => {
    const created = await postJson(`${rt.url}/api/cases`, caseRequest());
    const caseNumber = String(created.json.caseNumber);
    const accessCode = String(created.json.accessCode);
    await eventually(() => inInbox(rt.store, 'tax', caseNumber));
    await act(rt, 'tax.staff', caseNumber, { type: 'sign-for' });
    await act(rt, 'tax.staff', caseNumber, { type: 'respond', answer: '经核实，不予调整。' });
    const browser = new Browser();

    // Act: the look-up with a wrong code
    const wrong = await browser.post('/api/payer/answer', {
      caseNumber,
      accessCode: 'ABCDEFGHJKMN',
    });

    // Assess: 404 with the page again, and no cookie
    expect(wrong.status).toBe(404);
    expect(wrong.text).toContain('没有找到这个案件，或查询码不正确');
    expect(browser.cookies.has('si_case')).toBe(false);

    // Act: the right code, typed in lower case with a dash
    const right = await browser.post('/api/payer/answer', {
      caseNumber,
      accessCode: `${accessCode.slice(0, 4)}-${accessCode.slice(4)}`.toLowerCase(),
    });

    // Assess: a 303 with the case cookie
    expect(right).toMatchObject({ status: 303, location: '/api/payer/answer' });
    expect(browser.cookies.get('si_case')).toMatch(
      new RegExp(`^${caseNumber}\\.${accessCode}\\.[\\w-]{22}$`),
    );

    // Act: the decision form as the answer page has it, first without a choice, then accepting
    const csrf = csrfOf((await browser.get('/api/payer/answer')).text);
    const empty = await browser.post(`/api/cases/${caseNumber}/decision`, { csrf });
    const accepted = await browser.post(`/api/cases/${caseNumber}/decision`, {
      csrf,
      decision: 'accept',
      route: 'arbitration',
    });

    // Assess: the answer page again with the error; then a 303 and the acceptance recorded, the
    // case answered until the unit has filed its documents
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('<a href="#f-decision">请选择是否接受处理结果</a>');
    // The page shown again keeps the token, so that its form can be sent.
    expect(csrfOf(empty.text)).toBe(csrf);
    expect(accepted).toMatchObject({ status: 303, location: '/api/payer/answer' });
    expect(await rt.store.get(caseNumber)).toMatchObject({
      status: 'responded',
      decision: { kind: 'accept', channel: 'online' },
    });
    const answer = (await browser.get('/api/payer/answer')).text;
    expect(answer).toContain('您已接受处理结果');
    expect(answer).toContain('办理部门整理案卷后归档');
    expect(answer).not.toContain('data-testid="decision-form"');

    // Act: the same form sent again, as from a page left open in another tab
    const stored = await rt.store.get(caseNumber);
    const again = await browser.post(`/api/cases/${caseNumber}/decision`, {
      csrf,
      decision: 'object',
      route: 'arbitration',
    });

    // Assess: 409 with the answer page as it stands, saying why nothing was recorded
    expect(again.status).toBe(409);
    expect(again.type).toMatch(/^text\/html/);
    expect(again.text).toMatch(/<title>错误：您已接受处理结果 - /);
    expect(again.text).toContain('这次提交没有记录');
    expect(again.text).toContain('您已经告诉过我们是否接受处理结果。');
    expect(again.text).toContain('data-testid="decision-done"');
    expect(await rt.store.get(caseNumber)).toEqual(stored);

    // Assess: the status page does not read as waiting for the payer
    const status = (await browser.get('/api/payer/status')).text;
    expect(status).toContain('您已接受处理结果。办理部门正在整理案卷');
    expect(status).not.toContain('data-testid="answer-link"');

    // Act: sign out
    const out = await browser.post('/api/payer/sign-out', {});

    // Assess: the cookie cleared, the look-up saying so; the case pages send the browser there
    expect(out).toMatchObject({ status: 303, location: '/status/signed-out/' });
    expect(browser.cookies.has('si_case')).toBe(false);
    const landed = await fetch(`${rt.url}/status/signed-out/`);
    const landedText = await landed.text();
    expect(landed.status).toBe(200);
    expect(landedText).toContain('data-testid="signed-out"');
    expect(landedText).toContain('您已退出');
    expect(landedText).toContain('data-testid="lookup-form"');
    expect(await browser.get('/api/payer/status')).toMatchObject({
      status: 303,
      location: '/status/',
    });
  });

  it('show who handles the case and the date owed at each step, then the last day to object', async () => {
    // Prepare: a case in the tax inbox, looked up in a browser
    const created = await postJson(`${rt.url}/api/cases`, caseRequest());
    const caseNumber = String(created.json.caseNumber);
    const accessCode = String(created.json.accessCode);
    await eventually(() => inInbox(rt.store, 'tax', caseNumber));
    const browser = new Browser();
    await browser.post('/api/payer/status', { caseNumber, accessCode });
    const due = async () => {
      const stored = await rt.store.get(caseNumber);
      return formatDay(stored?.due?.date ?? 'none');
    };

    // Assess: the unit holding it and its sign-for date
    const assigned = (await browser.get('/api/payer/status')).text;
    expect(assigned).toContain('<span data-testid="handled-by">旗税务局</span>');
    expect(assigned).toContain(`办理部门应在<time datetime="`);
    expect(assigned).toContain(`${await due()}</time>前（含当天）签收您的申请。`);
    // …and the answer's last day if it signs on that day, as the JSON view gives it
    const before = await fetch(`${rt.url}/api/cases/${caseNumber}`, {
      headers: { 'x-access-code': accessCode },
    });
    const latest = ((await before.json()) as { deadlines: { answerLatest?: { due: string } } })
      .deadlines.answerLatest?.due;
    expect(latest).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(assigned).toContain(
      `最晚在<time datetime="${latest}">${formatDay(latest ?? '')}</time>前（含当天）答复您`,
    );

    // Act: tax signs for it
    await act(rt, 'tax.staff', caseNumber, { type: 'sign-for' });

    // Assess: the answer date, as stored on the case
    const accepted = (await browser.get('/api/payer/status')).text;
    expect(accepted).toContain(`${await due()}</time>前（含当天）答复您。`);
    expect(accepted).not.toContain('前签收您的申请');

    // Act: tax answers
    await act(rt, 'tax.staff', caseNumber, { type: 'respond', answer: '经核实，不予调整。' });

    // Assess: the last day to object, as the JSON view gives it, on the status and answer pages
    const view = await fetch(`${rt.url}/api/cases/${caseNumber}`, {
      headers: { 'x-access-code': accessCode, accept: 'application/json' },
    }).then((r) => r.json() as Promise<{ deadlines: { objectBy?: { due: string } } }>);
    const last = formatDay(view.deadlines.objectBy?.due ?? 'none');
    const sentence = `${last}</time>前（含当天）告诉我们；逾期未告诉我们的，视为您没有异议。`;
    const responded = (await browser.get('/api/payer/status')).text;
    expect(responded).toContain(sentence);
    expect(responded).not.toContain('答复您。');
    expect(responded).toContain('data-testid="answer-link"');
    const answer = (await browser.get('/api/payer/answer')).text;
    // …above the decision form, where it prints too (a print review), with the look-up's address
    expect(answer).toMatch(
      new RegExp(`<p data-testid="object-by">[^]*${sentence}[^]*data-testid="decision-form"`),
    );
    expect(answer).toContain(`在网上打开 ${rt.url}/answer/，输入受理编号和查询码后`);
  });

  it('answer JSON clients exactly as before: the contract of DESIGN §9 is unchanged', async () => {
    const created = await postJson(`${rt.url}/api/cases`, caseRequest());
    expect(created.status).toBe(201);
    expect(Object.keys(created.json).sort()).toEqual([
      'accessCode',
      'caseNumber',
      'routing',
      'status',
    ]);
    const refused = await postJson(`${rt.url}/api/cases`, { consent: true });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('the forms that act on a case take only the page’s own post (issue 16)', () => {
  /** A case answered by tax, looked up in a browser of its own on the answer page. */
  async function answeredCase() {
    const created = await postJson(`${rt.url}/api/cases`, caseRequest());
    const caseNumber = String(created.json.caseNumber);
    const accessCode = String(created.json.accessCode);
    await eventually(() => inInbox(rt.store, 'tax', caseNumber));
    await act(rt, 'tax.staff', caseNumber, { type: 'sign-for' });
    await act(rt, 'tax.staff', caseNumber, { type: 'respond', answer: '经核实，不予调整。' });
    const browser = new Browser();
    expect(await browser.post('/api/payer/answer', { caseNumber, accessCode })).toMatchObject({
      status: 303,
    });
    const page = await browser.get('/api/payer/answer');
    expect(page.status).toBe(200);
    return { caseNumber, accessCode, browser, csrf: csrfOf(page.text) };
  }

  it('refuses a decision without the token, or with another case’s, storing nothing; the page’s own form is recorded', async () => {
    // Prepare: the payer's case, and another payer's case with its own page and token
    const mine = await answeredCase();
    const theirs = await answeredCase();
    const before = await rt.store.get(mine.caseNumber);
    const objection = { decision: 'object', route: 'litigation', comment: '不同意。' };
    const decision = `/api/cases/${mine.caseNumber}/decision`;

    // Act: the payer's cookie rides along with a form that has no token, another case's token,
    // or one letter off; and with a JSON body, which no page of the site sends with the cookie
    const none = await mine.browser.post(decision, objection);
    const other = await mine.browser.post(decision, { ...objection, csrf: theirs.csrf });
    const flipped = `${mine.csrf.slice(0, -1)}${mine.csrf.endsWith('A') ? 'B' : 'A'}`;
    const almost = await mine.browser.post(decision, { ...objection, csrf: flipped });
    const cookie = [...mine.browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const script = await fetch(`${rt.url}${decision}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', cookie },
      body: JSON.stringify(objection),
    });

    // Assess: 403 as a page that says what to do, nothing recorded on the case
    for (const refused of [none, other, almost]) {
      expect(refused.status).toBe(403);
      expect(refused.type).toMatch(/^text\/html/);
      expect(refused.text).toMatch(/<title>错误：页面已过期 - /);
      expect(refused.text).toContain('页面已过期，请重新打开后再提交。');
      expect(refused.text).toContain('<a href="/api/payer/status">重新打开案件页面</a>');
    }
    expect(script.status).toBe(403);
    expect(script.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await script.json()) as { type: string }).type).toMatch(/\/stale-form$/);
    expect(await rt.store.get(mine.caseNumber)).toEqual(before);

    // Act: the form as the payer's own page has it
    const sent = await mine.browser.post(decision, { ...objection, csrf: mine.csrf });

    // Assess: recorded, and the page says so
    expect(sent).toMatchObject({ status: 303, location: '/api/payer/answer' });
    expect(await rt.store.get(mine.caseNumber)).toMatchObject({
      status: 'objected',
      decision: { kind: 'object', route: 'litigation', channel: 'online' },
    });
    expect((await mine.browser.get('/api/payer/answer')).text).toContain('已记录您的异议');
    // The other payer's case is untouched by all of it.
    expect(await rt.store.get(theirs.caseNumber)).toMatchObject({ status: 'responded' });
    expect((await rt.store.get(theirs.caseNumber))?.decision).toBeUndefined();
  });

  it('keeps an objection posted after the case cookie expired, and reopens it filled in once the code is typed again', async () => {
    // Prepare: the answer page read, then the cookie gone (30 minutes without a case page)
    const mine = await answeredCase();
    const renewed = mine.browser.setCookies.at(-1) ?? '';
    // Every case page renews the cookie: the answer page set the same value for 30 more minutes.
    expect(renewed).toBe(
      `si_case=${mine.browser.cookies.get('si_case')}; Path=/api/; Max-Age=1800; HttpOnly; SameSite=Lax`,
    );
    mine.browser.cookies.delete('si_case');
    const before = await rt.store.get(mine.caseNumber);
    const decision = `/api/cases/${mine.caseNumber}/decision`;
    const comment = '单位少报了我 2024 年的工资，请重新核实。';
    const objection = { csrf: mine.csrf, decision: 'object', route: 'mediation', comment };

    // Act: the objection posted without the cookie
    const expired = await mine.browser.post(decision, objection);

    // Assess: a page that says why, keeps the answers and asks for the code; nothing stored, and
    // nothing said of a wrong code
    expect(expired.status).toBe(403);
    expect(expired.text).toMatch(/<title>错误：页面已超时 - /);
    expect(expired.text).not.toContain('查询码不正确');
    expect(expired.text).toContain(`data-testid="kept-comment">${comment}</div>`);
    expect(expired.text).toContain('<input type="hidden" name="route" value="mediation">');
    expect(expired.text).toContain(`action="${decision}"`);
    expect(expired.text).not.toContain(mine.csrf);
    expect(await rt.store.get(mine.caseNumber)).toEqual(before);

    // Act: a wrong code typed on it, then the right one
    const kept = { decision: 'object', route: 'mediation', comment };
    const wrongCode = mine.accessCode.endsWith('A')
      ? `${mine.accessCode.slice(0, -1)}B`
      : `${mine.accessCode.slice(0, -1)}A`;
    const wrong = await mine.browser.post(decision, { ...kept, accessCode: wrongCode });
    const reopened = await mine.browser.post(decision, {
      ...kept,
      accessCode: mine.accessCode.toLowerCase(),
    });

    // Assess: the wrong code is named and the answers stay; the right one reopens the answer page
    // with them filled in and a new cookie, and records nothing until the payer sends it
    expect(wrong.status).toBe(403);
    expect(wrong.text).toContain('查询码不对，请核对后重新输入');
    expect(wrong.text).toContain(`data-testid="kept-comment">${comment}</div>`);
    expect(reopened.status).toBe(200);
    expect(reopened.text).toContain('已重新打开您的案件。您填写的内容还在，请核对后再提交。');
    expect(reopened.text).toMatch(/name="route" value="mediation"[^>]*checked/);
    expect(reopened.text).toContain(`${comment}</textarea>`);
    expect(await rt.store.get(mine.caseNumber)).toEqual(before);
    const csrf = csrfOf(reopened.text);
    expect(mine.browser.cookies.get('si_case')).toBe(
      `${mine.caseNumber}.${mine.accessCode}.${csrf}`,
    );
    const sent = await mine.browser.post(decision, { ...kept, csrf });
    expect(sent).toMatchObject({ status: 303, location: '/api/payer/answer' });
    expect(await rt.store.get(mine.caseNumber)).toMatchObject({
      status: 'objected',
      decision: { kind: 'object', route: 'mediation', channel: 'online', comment },
    });
  });

  it('reopens the kept answers even when the case was looked up again meanwhile, and 404s a malformed number', async () => {
    // Prepare: the expired page's form, then a look-up of the same case in another tab
    const mine = await answeredCase();
    mine.browser.cookies.delete('si_case');
    const decision = `/api/cases/${mine.caseNumber}/decision`;
    const kept = { decision: 'object', route: 'mediation', comment: '请重新核实。' };
    expect((await mine.browser.post(decision, { ...kept, csrf: mine.csrf })).status).toBe(403);
    await mine.browser.post('/api/payer/status', {
      caseNumber: mine.caseNumber,
      accessCode: mine.accessCode,
    });
    expect(mine.browser.cookies.has('si_case')).toBe(true);

    // Act: the expired page's form sent with the code, and the same to a malformed number
    const reopened = await mine.browser.post(decision, { ...kept, accessCode: mine.accessCode });
    const malformed = await mine.browser.post('/api/cases/abc/decision', {
      ...kept,
      accessCode: mine.accessCode,
    });

    // Assess
    expect(reopened.status).toBe(200);
    expect(reopened.text).toContain('请重新核实。</textarea>');
    expect(malformed.status).toBe(404);
  });

  it('keeps a survey answer posted after the cookie expired, and reopens the survey filled in', async () => {
    const mine = await answeredCase();
    mine.browser.cookies.delete('si_case');
    const survey = `/api/cases/${mine.caseNumber}/survey`;
    const answers = { result: 'dissatisfied', comment: '没有人联系我。' };

    const expired = await mine.browser.post(survey, { ...answers, csrf: mine.csrf });
    const reopened = await mine.browser.post(survey, { ...answers, accessCode: mine.accessCode });

    expect(expired.status).toBe(403);
    expect(expired.text).toContain('<input type="hidden" name="result" value="dissatisfied">');
    expect(reopened.status).toBe(200);
    expect(reopened.text).toContain('已重新打开您的案件');
    expect(reopened.text).toMatch(/name="result" value="dissatisfied"[^>]*checked/);
    expect((await rt.store.get(mine.caseNumber))?.followUp?.status).toBe('open');
  });

  it('refuses a survey answer without the token, storing nothing', async () => {
    const mine = await answeredCase();
    const before = await rt.store.get(mine.caseNumber);

    const refused = await mine.browser.post(`/api/cases/${mine.caseNumber}/survey`, {
      result: 'dissatisfied',
      comment: '不满意。',
    });

    expect(refused.status).toBe(403);
    expect(refused.text).toContain('页面已过期，请重新打开后再提交。');
    expect(await rt.store.get(mine.caseNumber)).toEqual(before);
  });

  it('gives a case cookie from before the token a new one on the next page, whose form then works', async () => {
    // Prepare: the cookie as it was set before issue 16, number and code only
    const mine = await answeredCase();
    const browser = new Browser();
    browser.cookies.set('si_case', `${mine.caseNumber}.${mine.accessCode}`);

    // Act: the answer page, then its form
    const page = await browser.get('/api/payer/answer');
    const csrf = csrfOf(page.text);
    const sent = await browser.post(`/api/cases/${mine.caseNumber}/decision`, {
      csrf,
      decision: 'accept',
    });

    // Assess: the page renewed the cookie with the token it shows; the decision is recorded
    expect(browser.cookies.get('si_case')).toBe(`${mine.caseNumber}.${mine.accessCode}.${csrf}`);
    expect(sent).toMatchObject({ status: 303, location: '/api/payer/answer' });
    expect(await rt.store.get(mine.caseNumber)).toMatchObject({
      decision: { kind: 'accept', channel: 'online' },
    });
  });

  it('still takes a JSON client’s decision with X-Access-Code and no token (DESIGN §9)', async () => {
    const mine = await answeredCase();
    const res = await postJson(
      `${rt.url}/api/cases/${mine.caseNumber}/decision`,
      { decision: 'accept' },
      { 'x-access-code': mine.accessCode },
    );
    expect(res.status).toBe(200);
    expect(await rt.store.get(mine.caseNumber)).toMatchObject({
      decision: { kind: 'accept' },
    });
  });
});

describe('the payer cookies’ names (issue 16)', () => {
  const event = (host: string, cookie?: string) =>
    ({
      headers: cookie ? { cookie } : {},
      requestContext: { domainName: host, http: { method: 'GET' } },
    }) as unknown as HttpEvent;
  const HTTPS = 'disputes.example.gov.cn';

  it('are __Host- prefixed, Path=/ and Secure over HTTPS; plain, Path=/api/ on loopback', () => {
    const https = caseCookieFor(event(HTTPS), '2026-000123', 'ABCDEFGHJKMN');
    expect(https).toMatch(
      /^__Host-si_case=2026-000123\.ABCDEFGHJKMN\.[\w-]{22}; Path=\/; Max-Age=1800; HttpOnly; SameSite=Lax; Secure$/,
    );
    expect(setCookie(event(HTTPS), DRAFT_COOKIE, 'd'.repeat(32), 7200)).toMatch(
      /^__Host-si_draft=d{32}; Path=\/; Max-Age=7200; HttpOnly; SameSite=Lax; Secure$/,
    );
    expect(caseCookieFor(event('127.0.0.1:8080'), '2026-000123', 'ABCDEFGHJKMN')).toMatch(
      /^si_case=2026-000123\.ABCDEFGHJKMN\.[\w-]{22}; Path=\/api\/; Max-Age=1800; HttpOnly; SameSite=Lax$/,
    );
  });

  it('are read over HTTPS only under the prefix, so an unprefixed cookie a subdomain set counts for nothing', () => {
    const value = '2026-000123.ABCDEFGHJKMN.AAAAAAAAAAAAAAAAAAAAAA';
    expect(caseCookie(event(HTTPS, `__Host-si_case=${value}`))).toEqual({
      caseNumber: '2026-000123',
      accessCode: 'ABCDEFGHJKMN',
      token: 'AAAAAAAAAAAAAAAAAAAAAA',
    });
    expect(caseCookie(event(HTTPS, `si_case=${value}`))).toBeUndefined();
    expect(readPayerCookie(event(HTTPS, 'si_draft=x; __Host-si_draft=y'), DRAFT_COOKIE)).toBe('y');
    expect(caseCookie(event('127.0.0.1:8080', `si_case=${value}`))?.caseNumber).toBe('2026-000123');
  });
});
