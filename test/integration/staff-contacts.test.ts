// Its own runtime: it changes the units' names and reads its output for personal data.
/**
 * Staff accounts' display names and work phones (issue 13), from the administrator's CLI through
 * the token's claims into the case's 受理人, and the units' full official names the printed forms
 * sign with: `npm run admin -- users add|set|list` and `names set|show` against the running local
 * runtime, then the staff API and the print pages as a signed-in member of staff reads them.
 */
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { dynamoUserStore } from '#adapters/user-store.ts';
import type { StaffCaseView } from '#contracts/staff.ts';
import { TABLE_NAME } from '#functions/manifest.ts';
import { caseRequest, postJson } from '#test/fixtures/cases.ts';
import { adminCli, ownRuntime } from '#test/fixtures/integration.ts';
import { eventually } from '#test/fixtures/runtime.ts';
import { act, staffGet, staffPost, tokenFor } from '#test/fixtures/staff.ts';
import { sessionCookieFor } from '#test/fixtures/staff-session.ts';

const rt = ownRuntime({ env: { SETTINGS_CACHE_SECONDS: '0' }, demoAccounts: true });
const admin = adminCli(rt);

/** The admin CLI's failure: its exit code and what it printed on stderr. */
async function adminFails(...args: string[]): Promise<string> {
  const failed = await admin(...args).then(
    () => undefined,
    (error: { code?: number; stderr?: string }) => error,
  );
  expect(failed?.code).toBe(1);
  return failed?.stderr ?? '';
}

const users = () => dynamoUserStore(rt.db, TABLE_NAME);

/** The first password the CLI printed for a new user. */
const firstPassword = (stdout: string) => /First password: (\S+)/.exec(stdout)?.[1] ?? '';

/** A staff account added with a name and a phone, signed in for the API. */
async function clerk(username: string, unit: string, name: string, phone: string) {
  const added = await admin(
    'users',
    'add',
    username,
    'staff',
    unit,
    `--name=${name}`,
    `--phone=${phone}`,
  );
  const session = await postJson(`${rt.url}/api/session`, {
    username,
    password: firstPassword(added.stdout),
  });
  return { session, token: String(session.json.token) };
}

describe('an administrator gives staff accounts a display name and a work phone', () => {
  it('adds a clerk with both, lists them, changes the phone and removes the name', async () => {
    // Act: add, as an administrator does
    const added = await admin(
      'users',
      'add',
      'li.ming',
      'staff',
      'data-bureau',
      '--name',
      '李明',
      '--phone',
      '0476 8888888',
    );

    // Assess: stored as typed but tidied; listed; the CLI's own line names neither
    expect(added.stdout).toContain('User li.ming added (staff, data-bureau)');
    expect(added.stdout).not.toContain('李明');
    expect(await users().get('li.ming')).toMatchObject({
      username: 'li.ming',
      unit: 'data-bureau',
      role: 'staff',
      name: '李明',
      phone: '0476-8888888',
    });
    const listed = (await admin('users', 'list')).stdout.split('\n');
    expect(listed).toContain('li.ming\tstaff\tdata-bureau\t李明\t0476-8888888');
    expect(listed).toContain('tax.staff\tstaff\ttax\t税务局窗口（演示）\t0476-8801001');

    // Act and assess: a new phone, then no name
    await admin('users', 'set', 'li.ming', '--phone', '13912345678');
    expect((await users().get('li.ming'))?.phone).toBe('13912345678');
    await admin('users', 'set', 'li.ming', '--name', '');
    const after = await users().get('li.ming');
    expect(after?.name).toBeUndefined();
    expect(after?.phone).toBe('13912345678');
    await admin('users', 'set', 'li.ming', '--name', '李明', '--phone', '0476-8888888');
    expect(await users().get('li.ming')).toMatchObject({ name: '李明', phone: '0476-8888888' });
  });

  it('refuses a phone that is no mobile or landline with its area code, and an unknown user', async () => {
    const bad = await adminFails('users', 'add', 'zhao.lei', 'staff', 'tax', '--phone', '8888888');
    expect(bad).toContain('--phone');
    expect(await users().get('zhao.lei')).toBeUndefined();
    expect(await adminFails('users', 'set', 'nobody', '--name', '某人')).toContain(
      'no user nobody',
    );
    expect(await users().get('nobody')).toBeUndefined();
  });

  it('puts them in the token and on the case the clerk registers, as annex 2 prints them', async () => {
    // Prepare: a clerk with a name and a phone, signed in for the API
    const { session, token } = await clerk('wu.yun', 'data-bureau', '乌云', '0476-8312345');
    expect(session.status).toBe(200);
    const claims = decodeJwt(token);
    expect(claims.name).toBe('乌云');
    expect(claims.phone_number).toBe('+864768312345');

    // Act: register a walk-in through the API, with the visit's time
    const { payer, matters, description } = caseRequest();
    const registered = await staffPost(
      rt,
      '/api/staff/cases',
      {
        channel: 'walk-in',
        registeredOn: '2026-11-26',
        visitedAt: '2026-11-26T09:30',
        payer,
        matters,
        description,
      },
      token,
    );

    // Assess: the stored case and the staff view keep the clerk as of that day
    expect(registered.status).toBe(201);
    const caseNumber = String(registered.json.caseNumber);
    const stored = await rt.store.get(caseNumber);
    expect(stored?.receivedBy).toEqual({
      unit: 'data-bureau',
      user: 'wu.yun',
      name: '乌云',
      phone: '0476-8312345',
    });
    expect(stored?.visitedAt).toBe('2026-11-26T09:30');
    const view = await staffGet(rt, `/api/staff/cases/${caseNumber}`, token);
    expect(view.json.receivedBy).toEqual({
      unit: 'data-bureau',
      user: 'wu.yun',
      name: '乌云',
      phone: '0476-8312345',
    });
    // The history names the clerk as the token did that day, in the stored step and the view.
    expect((await rt.store.timeline(caseNumber))[0]?.actor).toEqual({
      kind: 'staff',
      unit: 'data-bureau',
      user: 'wu.yun',
      name: '乌云',
    });
    const [first] = view.json.timeline as StaffCaseView['timeline'];
    expect(first?.actor.name).toBe('乌云');
    // The clerk's details are staff work contacts, but never in the logs all the same.
    expect(rt.output()).not.toContain('乌云');
    expect(rt.output()).not.toContain('8312345');
  });
});

describe('the clerk who answers', () => {
  it('is named with their work phone on the printed notice and in the staff view, never in the payer’s', async () => {
    // Prepare: a tax clerk with a name and a phone; a case in the tax inbox
    const { token } = await clerk('bao.lin', 'tax', '包林', '0476-8321234');
    const filed = await postJson(`${rt.url}/api/cases`, caseRequest());
    const caseNumber = String(filed.json.caseNumber);
    await eventually(async () =>
      (await rt.store.get(caseNumber))?.status === 'assigned' ? true : undefined,
    );
    const actions = `/api/staff/cases/${caseNumber}/actions`;
    expect((await staffPost(rt, actions, { type: 'sign-for' }, token)).status).toBe(200);

    // Act
    const answered = await staffPost(
      rt,
      actions,
      { type: 'respond', answer: '经核实，单位已补报。' },
      token,
    );
    const notice = await fetch(`${rt.url}/staff/cases/${caseNumber}/print/answer`, {
      headers: { cookie: await sessionCookieFor(rt, 'tax.staff') },
    });

    // Assess: stored and shown as the account was that day; printed as 承办人 with the number
    // to call (a print review found 「打电话告诉我们」 with no number on the paper)
    expect(answered.status).toBe(200);
    const by = { name: '包林', phone: '0476-8321234' };
    expect((await rt.store.get(caseNumber))?.answer?.by).toEqual(by);
    expect((await staffGet(rt, `/api/staff/cases/${caseNumber}`, token)).json.answer).toMatchObject(
      {
        by,
      },
    );
    const text = (await notice.text()).replace(/<[^>]+>/g, '');
    expect(text).toContain('也可以到我单位窗口或打电话（0476-8321234）告诉我们');
    expect(text).toContain('承办人：包林　联系电话：0476-8321234');
    // The payer's view keeps DESIGN §9's answer: text, unit and time only
    const payer = await fetch(`${rt.url}/api/cases/${caseNumber}`, {
      headers: { 'x-access-code': String(filed.json.accessCode) },
    });
    expect(Object.keys(((await payer.json()) as { answer: object }).answer).sort()).toEqual([
      'at',
      'text',
      'unit',
    ]);
  });
});

describe('an administrator keeps the units’ full official names', () => {
  it('changes one, and the printed forms sign with it; a bad entry changes nothing', async () => {
    // Prepare: a tax case registered at the data bureau's window, answered by tax
    const token = await tokenFor(rt, 'data-bureau.staff');
    const { payer, matters, description } = caseRequest();
    const registered = await staffPost(
      rt,
      '/api/staff/cases',
      {
        channel: 'walk-in',
        registeredOn: '2026-11-27',
        visitedAt: '2026-11-27T15:05',
        payer,
        matters,
        description,
      },
      token,
    );
    expect(registered.status).toBe(201);
    const caseNumber = String(registered.json.caseNumber);
    await eventually(async () =>
      (await rt.store.get(caseNumber))?.holder === 'tax' ? true : undefined,
    );
    expect((await act(rt, 'tax.staff', caseNumber, { type: 'sign-for' })).status).toBe(200);
    expect(
      (await act(rt, 'tax.staff', caseNumber, { type: 'respond', answer: '已核实并更正。' }))
        .status,
    ).toBe(200);

    // Act
    const set = await admin('names', 'set', 'tax=国家税务总局翁牛特旗税务局（更名测试）');
    const refused = await adminFails('names', 'set', 'nowhere=某单位');

    // Assess: stored and shown; the answer notice signs with it, annex 2 names the window's unit
    expect(JSON.parse(set.stdout).tax).toBe('国家税务总局翁牛特旗税务局（更名测试）');
    expect(refused).toContain('nowhere');
    const shown = JSON.parse((await admin('names', 'show')).stdout);
    expect(shown.tax).toBe('国家税务总局翁牛特旗税务局（更名测试）');
    expect(shown.police).toBe('翁牛特旗公安局');
    const cookie = await sessionCookieFor(rt, 'tax.staff');
    const page = async (form: string) => {
      const res = await fetch(`${rt.url}/staff/cases/${caseNumber}/print/${form}`, {
        headers: { cookie },
      });
      expect(res.status).toBe(200);
      return (await res.text()).replace(/<[^>]+>/g, '').replace(/\s+/g, '');
    };
    expect(await page('answer')).toContain('国家税务总局翁牛特旗税务局（更名测试）（盖章）');
    const registration = await page('registration');
    expect(registration).toContain(
      '受理人行政审批政务服务与数据管理局窗口（演示）受理人联系方式0476-8802801',
    );
    expect(registration).toContain('受理单位翁牛特旗行政审批政务服务与数据管理局');
    expect(registration).toContain('来访时间：2026年11月27日15:05');
  });
});
