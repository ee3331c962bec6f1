/**
 * A new access code (issue 13), over HTTP against the real local runtime: at a window (the staff
 * API and the case page's form) and online (the payer's form, answered the same whatever the
 * details), each replacing the stored hash so that the old code stops at once.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_CODE_PATTERN } from '#contracts/cases.ts';
import { NEW_CODE_PER_CASE, NEW_CODE_PER_CLIENT } from '#core/access-code.ts';
import { caseRequest, postJson, residentId } from '#test/fixtures/cases.ts';
import { clientAt } from '#test/fixtures/client-address.ts';
import type { OutboxSms } from '#test/fixtures/integration.ts';
import { outboxMessages } from '#test/fixtures/outbox.ts';
import { eventually, inInbox, sharedRuntime } from '#test/fixtures/runtime.ts';
import { addDemoAccounts, staffPost, tokenFor } from '#test/fixtures/staff.ts';
import { csrfOf, getPage, postPage, sessionCookieFor } from '#test/fixtures/staff-session.ts';

const rt = sharedRuntime();

beforeAll(async () => {
  await addDemoAccounts(rt);
});

interface Filed {
  caseNumber: string;
  accessCode: string;
  idNumber: string;
  phone: string;
  name: string;
}

/** A new tax bureau case, filed online and in the unit's inbox. */
async function filed(phone = '13912345678'): Promise<Filed> {
  const idNumber = residentId();
  const name = '赵春梅';
  const res = await postJson(
    `${rt.url}/api/cases`,
    caseRequest({ payer: { kind: 'person', name, idNumber, phone } }),
  );
  expect(res.status).toBe(201);
  const caseNumber = String(res.json.caseNumber);
  await eventually(() => inInbox(rt.store, 'tax', caseNumber));
  return { caseNumber, accessCode: String(res.json.accessCode), idNumber, phone, name };
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

async function storedHash(caseNumber: string): Promise<string | undefined> {
  return (await rt.store.get(caseNumber))?.accessCodeHash;
}

/** GET /api/cases/{n} with a code, as a JSON client asks: the status, and the body. */
async function lookUp(caseNumber: string, accessCode: string) {
  const res = await fetch(`${rt.url}/api/cases/${caseNumber}`, {
    headers: { 'x-access-code': accessCode, accept: 'application/json' },
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** The SMS the runtime kept about a case (its outbox stands in for the SMS gateway). */
const smsAbout = async (caseNumber: string) =>
  (await outboxMessages<OutboxSms>(rt)).filter(
    (m) => m.channel === 'sms' && m.body.includes(caseNumber),
  );

const reissueSms = async (n: string) =>
  (await smsAbout(n)).filter((m) => m.body.includes('重新发放查询码'));
const codeSms = async (n: string) =>
  (await smsAbout(n)).filter((m) => m.body.includes('新的查询码是'));
const codeIn = (sms: OutboxSms | undefined) =>
  /新的查询码是 ([A-Z0-9]{12})/.exec(sms?.body ?? '')?.[1];

/**
 * The payer's form, posted as a browser does, from the client `client`: a loopback address of its
 * own, since the limits key on the connection (test/fixtures/client-address.ts).
 */
async function askOnline(fields: Record<string, string>, client: string) {
  const res = await clientAt(client)(`${rt.url}/api/payer/access-code`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'text/html',
    },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  return { status: res.status, location: res.headers.get('location'), body: await res.text() };
}

const details = (c: Filed) => ({
  caseNumber: c.caseNumber,
  idNumber: c.idNumber,
  phone: c.phone,
});

describe('a new access code at the window, by the staff API', () => {
  it('replaces the code: the old one is 404, the new one 200, the payer is texted without it, the timeline names who', async () => {
    // Prepare
    const c = await filed();
    const token = await tokenFor(rt, 'tax.staff');

    // Act
    const res = await staffPost(rt, `/api/staff/cases/${c.caseNumber}/access-code`, {}, token);

    // Assess: the answer is exactly DESIGN.md §9's shape.
    expect(res.status).toBe(200);
    expect(Object.keys(res.json)).toEqual(['accessCode']);
    const code = String(res.json.accessCode);
    expect(code).toMatch(ACCESS_CODE_PATTERN);
    expect(code).not.toBe(c.accessCode);
    expect(await storedHash(c.caseNumber)).toBe(sha256(code));
    expect((await lookUp(c.caseNumber, c.accessCode)).status).toBe(404);
    const seen = await lookUp(c.caseNumber, code);
    expect(seen.status).toBe(200);
    const notes = (seen.json.timeline as { note: string }[]).map((e) => e.note);
    expect(notes.at(-1)).toBe('已重新发放查询码，原查询码已停止使用');

    const sms = await reissueSms(c.caseNumber);
    expect(sms).toHaveLength(1);
    expect(sms[0]?.to).toBe(c.phone);
    expect(sms[0]?.body).not.toContain(code);
    expect(sms[0]?.body).not.toContain(c.accessCode);

    const last = (await rt.store.timeline(c.caseNumber)).at(-1);
    expect(last).toMatchObject({
      transition: 'reissueAccessCode',
      from: 'assigned',
      to: 'assigned',
      actor: { kind: 'staff', unit: 'tax', user: 'tax.staff' },
      detail: { via: 'window' },
    });
    const recorded = JSON.stringify(last);
    for (const personal of [c.name, c.idNumber, c.phone, code, c.accessCode]) {
      expect(recorded).not.toContain(personal);
    }
  });

  it('is 404 to a unit that never had the case, exactly as a case that does not exist, and changes nothing', async () => {
    // Prepare
    const c = await filed();
    const before = await storedHash(c.caseNumber);
    const token = await tokenFor(rt, 'medical.staff');

    // Act
    const res = await staffPost(rt, `/api/staff/cases/${c.caseNumber}/access-code`, {}, token);
    const none = await staffPost(rt, '/api/staff/cases/2026-999999/access-code', {}, token);

    // Assess
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const { instance: _a, ...problem } = res.json;
    const { instance: _b, ...noSuchCase } = none.json;
    expect(problem).toEqual(noSuchCase);
    expect(await storedHash(c.caseNumber)).toBe(before);
    expect((await lookUp(c.caseNumber, c.accessCode)).status).toBe(200);
    expect(await reissueSms(c.caseNumber)).toEqual([]);
  });

  it('is refused (403) to a leader, who sees every case but works at no window', async () => {
    const c = await filed();
    const before = await storedHash(c.caseNumber);

    const res = await staffPost(
      rt,
      `/api/staff/cases/${c.caseNumber}/access-code`,
      {},
      await tokenFor(rt, 'leader'),
    );

    expect(res.status).toBe(403);
    expect(await storedHash(c.caseNumber)).toBe(before);
    expect((await lookUp(c.caseNumber, c.accessCode)).status).toBe(200);
  });

  it('texts no one when the payer left a landline, and still replaces the code', async () => {
    const c = await filed('0476-8123456');
    const res = await staffPost(
      rt,
      `/api/staff/cases/${c.caseNumber}/access-code`,
      {},
      await tokenFor(rt, 'tax.head'),
    );
    expect(res.status).toBe(200);
    expect((await lookUp(c.caseNumber, String(res.json.accessCode))).status).toBe(200);
    expect(await reissueSms(c.caseNumber)).toEqual([]);
  });
});

describe('a new access code at the window, by the case page', () => {
  it('needs the ID card check ticked, then shows the new code once', async () => {
    // Prepare
    const c = await filed();
    const cookie = await sessionCookieFor(rt, 'tax.staff');
    const page = await getPage(rt, `/staff/cases/${c.caseNumber}`, cookie);
    expect(page.text).toContain('data-testid="access-code-form"');
    const csrf = csrfOf(page.text);
    const before = await storedHash(c.caseNumber);
    const path = `/staff/cases/${c.caseNumber}/access-code`;

    // Act: not ticked
    const unticked = await postPage(rt, path, cookie, {}, csrf);

    // Assess: the form again with its error, nothing changed
    expect(unticked.status).toBe(400);
    expect(unticked.text).toContain('<title>错误：');
    expect(unticked.text).toContain('href="#f-idChecked"');
    expect(await storedHash(c.caseNumber)).toBe(before);

    // Act: ticked
    const ticked = await postPage(rt, path, cookie, { idChecked: 'yes' }, csrf);

    // Assess: 303 to the page that shows the code, which works; once only
    expect(ticked.status).toBe(303);
    expect(ticked.location).toBe(path);
    const sealed = ticked.headers
      .getSetCookie()
      .find((s) => s.startsWith('si-staff-new-code='))
      ?.split(';')[0];
    expect(sealed).toBeDefined();
    const shown = await getPage(rt, path, `${cookie}; ${sealed}`);
    expect(shown.status).toBe(200);
    const code = /data-testid="access-code">([A-Z0-9]{12})</.exec(shown.text)?.[1] ?? '';
    expect(code).toMatch(ACCESS_CODE_PATTERN);
    // The slip names the address where the payer uses it.
    expect(shown.text).toContain(`data-testid="status-url">${rt.url}/status/</span>`);
    expect(await storedHash(c.caseNumber)).toBe(sha256(code));
    expect((await lookUp(c.caseNumber, code)).status).toBe(200);
    expect((await lookUp(c.caseNumber, c.accessCode)).status).toBe(404);
    const last = (await rt.store.timeline(c.caseNumber)).at(-1);
    expect(last?.detail).toEqual({ via: 'window', idChecked: 'original' });

    const again = await getPage(rt, path, cookie);
    expect(again.status).toBe(200);
    expect(again.text).toContain('data-testid="shown-once"');
    expect(again.text).not.toContain(code);
  });

  it('is the not-found page to a unit that never had the case', async () => {
    const c = await filed();
    const before = await storedHash(c.caseNumber);
    const cookie = await sessionCookieFor(rt, 'medical.staff');
    const own = await getPage(rt, '/staff/inbox', cookie);

    const res = await postPage(
      rt,
      `/staff/cases/${c.caseNumber}/access-code`,
      cookie,
      { idChecked: 'yes' },
      csrfOf(own.text),
    );

    expect(res.status).toBe(404);
    expect(res.text).toContain('没有找到这个案件');
    expect(await storedHash(c.caseNumber)).toBe(before);
  });
});

describe('a new access code online', () => {
  it('texts a working code to the phone on file when the case number, ID number and phone match', async () => {
    // Prepare
    const c = await filed();

    // Act: as typed on a phone, lower-case x and spaces kept
    const res = await askOnline(
      { ...details(c), idNumber: ` ${c.idNumber.toLowerCase()} `, phone: '139 1234 5678' },
      '127.0.51.1',
    );

    // Assess
    expect(res.status).toBe(303);
    expect(res.location).toBe('/access-code/sent/');
    const sms = await codeSms(c.caseNumber);
    expect(sms).toHaveLength(1);
    expect(sms[0]?.to).toBe(c.phone);
    const code = codeIn(sms[0]) ?? '';
    expect(code).toMatch(ACCESS_CODE_PATTERN);
    expect((await lookUp(c.caseNumber, code)).status).toBe(200);
    expect((await lookUp(c.caseNumber, c.accessCode)).status).toBe(404);
    const last = (await rt.store.timeline(c.caseNumber)).at(-1);
    expect(last).toMatchObject({
      transition: 'reissueAccessCode',
      actor: { kind: 'payer' },
      detail: { via: 'online' },
    });
    expect(JSON.stringify(last)).not.toContain(code);
  });

  it('answers wrong details exactly as right ones, sends nothing and keeps the code', async () => {
    // Prepare
    const c = await filed();
    const other = await filed();
    const right = await askOnline(details(other), '127.0.51.2');
    expect(await codeSms(other.caseNumber)).toHaveLength(1);
    const before = await storedHash(c.caseNumber);

    // Act
    const wrong = [
      await askOnline({ ...details(c), idNumber: residentId() }, '127.0.51.3'),
      await askOnline({ ...details(c), phone: '13700000000' }, '127.0.51.3'),
      await askOnline({ ...details(c), caseNumber: '2026-999999' }, '127.0.51.3'),
    ];

    // Assess
    for (const answer of wrong) expect(answer).toEqual(right);
    expect(await codeSms(c.caseNumber)).toEqual([]);
    expect(await storedHash(c.caseNumber)).toBe(before);
    expect((await lookUp(c.caseNumber, c.accessCode)).status).toBe(200);
  });

  it('never matches a payer who left a landline: there is no phone to text a code to', async () => {
    const c = await filed('0476-8123457');
    const before = await storedHash(c.caseNumber);
    const res = await askOnline({ ...details(c), phone: '04768123457' }, '127.0.51.4');
    // The form asks for a mobile: a landline is a format error, said on the form.
    expect(res.status).toBe(400);
    expect(res.body).toContain('请到窗口办理');
    expect(await storedHash(c.caseNumber)).toBe(before);
    expect((await smsAbout(c.caseNumber)).filter((m) => m.body.includes('查询码是'))).toEqual([]);
  });

  it('stops texting a case past its daily limit, with the same answer', async () => {
    // Prepare: the limit used up from as many clients, each text a new code
    const c = await filed();
    const answers = [];
    for (let i = 0; i < NEW_CODE_PER_CASE.limit; i++) {
      answers.push(await askOnline(details(c), `127.0.51.${10 + i}`));
    }
    expect(await codeSms(c.caseNumber)).toHaveLength(NEW_CODE_PER_CASE.limit);
    const lastCode = codeIn((await codeSms(c.caseNumber)).at(-1)) ?? '';

    // Act
    const over = await askOnline(details(c), '127.0.51.20');

    // Assess
    expect(over).toEqual(answers[0]);
    expect(await codeSms(c.caseNumber)).toHaveLength(NEW_CODE_PER_CASE.limit);
    expect(await storedHash(c.caseNumber)).toBe(sha256(lastCode));
    expect((await lookUp(c.caseNumber, lastCode)).status).toBe(200);
  });

  it('stops a client that tried too many times, even with the right details, with the same answer', async () => {
    // Prepare: one client probes other cases until its limit is used up
    const c = await filed();
    const client = '127.0.51.30';
    const probes = [];
    for (let i = 0; i < NEW_CODE_PER_CLIENT.limit; i++) {
      const n = `2026-${String(900000 + i).padStart(6, '0')}`;
      probes.push(await askOnline({ ...details(c), caseNumber: n }, client));
    }
    const before = await storedHash(c.caseNumber);

    // Act
    const res = await askOnline(details(c), client);

    // Assess
    expect(res).toEqual(probes[0]);
    expect(await codeSms(c.caseNumber)).toEqual([]);
    expect(await storedHash(c.caseNumber)).toBe(before);
  });

  it('shows the form again for answers that are not well formed, and refuses a cross-site post', async () => {
    const bad = await askOnline(
      { caseNumber: '2026-12', idNumber: '', phone: '12' },
      '127.0.51.40',
    );
    expect(bad.status).toBe(400);
    for (const id of ['f-caseNumber', 'f-idNumber', 'f-phone'])
      expect(bad.body).toContain(`href="#${id}"`);

    const c = await filed();
    const before = await storedHash(c.caseNumber);
    const res = await clientAt('127.0.51.41')(`${rt.url}/api/payer/access-code`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'cross-site',
      },
      body: new URLSearchParams(details(c)).toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(403);
    expect(await storedHash(c.caseNumber)).toBe(before);
    expect(await codeSms(c.caseNumber)).toEqual([]);
  });
});
