// Its own runtime: it changes the calendar and the deadline policy, which every other file reads.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { TABLE_NAME } from '#functions/manifest.ts';
import { adminCli, calendarFile, ownRuntime } from '#test/fixtures/integration.ts';

const rt = ownRuntime({ env: { SETTINGS_CACHE_SECONDS: '0' } });
const admin = adminCli(rt);

async function addWorkingDays(from: string, days: number) {
  const res = await fetch(`${rt.url}/api/calendar/add-working-days?from=${from}&days=${days}`);
  return res.json();
}

describe('an administrator extends the calendar', () => {
  it('covers a year the file does not have once its schedule is entered', async () => {
    // Prepare: an invented schedule for 2027 (the format, not the State Council's real one).
    expect(await addWorkingDays('2027-01-29', 1)).toEqual({ date: '2027-02-01', covered: false });
    const file = calendarFile({
      year: 2027,
      holidays: ['2027-02-01', '2027-02-02'],
      workdays: ['2027-02-06'],
    });

    // Act
    const out = await admin('calendar', 'put', file);

    // Assess: Friday 01-29 + 1 skips the two invented days off; the make-up Saturday counts.
    expect(out.stdout).toContain('Calendar 2027 stored');
    expect(await addWorkingDays('2027-01-29', 1)).toEqual({ date: '2027-02-03', covered: true });
    expect(await addWorkingDays('2027-02-05', 1)).toEqual({ date: '2027-02-06', covered: true });
  });

  it('refuses a schedule whose dates are outside its year, naming them', async () => {
    const file = calendarFile({ year: 2028, holidays: ['2027-12-31'], workdays: [] });

    const error = await admin('calendar', 'put', file).catch(
      (e: { stderr: string; code: number }) => e,
    );

    expect(error).toMatchObject({ code: 1 });
    expect((error as { stderr: string }).stderr).toContain('/holidays/0: 日期应在 2028 年内');
    expect(await addWorkingDays('2028-03-01', 1)).toMatchObject({ covered: false });
  });

  it('refuses a make-up working day on a weekday, and a year stored with one stops nothing', async () => {
    // Prepare: Monday 2029-02-05 as a make-up day, typed into the CLI and, as an older release
    // could have stored it, written straight to the table.
    const entry = { year: 2029, holidays: ['2029-03-12'], workdays: ['2029-02-05'] };

    // Act
    const error = await admin('calendar', 'put', calendarFile(entry)).catch(
      (e: { stderr: string; code: number }) => e,
    );
    await rt.db.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: {
          PK: 'SETTINGS#calendar',
          SK: 'YEAR#2029',
          entity: 'calendar-year',
          notice: '通知',
          ...entry,
        },
      }),
    );

    // Assess: the CLI names the date; the stored year is skipped, every other still counts.
    expect(error).toMatchObject({ code: 1 });
    expect((error as { stderr: string }).stderr).toContain(
      '/workdays/0: 2029-02-05 不是周六或周日：调休上班日只能是周末',
    );
    expect(await addWorkingDays('2029-03-09', 1)).toEqual({ date: '2029-03-12', covered: false });
    expect(await addWorkingDays('2026-09-30', 1)).toEqual({ date: '2026-10-08', covered: true });
  });

  it('changes the deadline policy, refusing a negative number', async () => {
    const changed = await admin('deadlines', 'set', 'answerSingle=10');
    expect(JSON.parse(changed.stdout)).toMatchObject({ answerSingle: 10, signFor: 1 });

    const error = await admin('deadlines', 'set', 'signFor=-1').catch((e: { stderr: string }) => e);
    expect((error as { stderr: string }).stderr).toContain('/signFor: 不能为负数');
  });
});

describe('an administrator manages users with the CLI', () => {
  const signIn = (username: string, password: string) =>
    fetch(`${rt.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });

  it('adds a user who can sign in, disables them, and resets their password', async () => {
    const added = await admin('users', 'add', 'zhang.wei', 'staff', 'medical');
    const first = /First password: (\S+)/.exec(added.stdout)?.[1] ?? '';
    expect(first).toHaveLength(16);
    // Every class the Cognito pool's password policy asks for.
    for (const re of [/[A-Z]/, /[a-z]/, /\d/, /[^A-Za-z0-9]/]) expect(first).toMatch(re);
    expect((await signIn('zhang.wei', first)).status).toBe(200);

    await admin('users', 'disable', 'zhang.wei');
    expect((await signIn('zhang.wei', first)).status).toBe(401);

    await admin('users', 'enable', 'zhang.wei');
    const reset = await admin('users', 'reset', 'zhang.wei');
    const second = /New password for zhang.wei: (\S+)/.exec(reset.stdout)?.[1] ?? '';
    expect((await signIn('zhang.wei', first)).status).toBe(401);
    expect((await signIn('zhang.wei', second)).status).toBe(200);
  });

  it('refuses a staff account without a unit', async () => {
    const error = await admin('users', 'add', 'no.unit', 'staff').catch(
      (e: { stderr: string }) => e,
    );
    expect((error as { stderr: string }).stderr).toContain('need a unit');
  });
});
