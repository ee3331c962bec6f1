/**
 * A new access code in the browser (issue 13): a clerk signs in, finds the case by its number,
 * confirms the ID card check and reads the new code off the page; the payer, with JavaScript
 * off, reaches the look-up from the front page, sees the case with the window's code, then asks
 * for a new code by SMS through 「忘记查询码？」 and sees the case with that one. The pages are
 * checked with axe where scripts run.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { residentId } from '#test/fixtures/cases.ts';
import { useBrowserRuntime } from '#test/fixtures/e2e.ts';
import { notificationsDelivered } from '#test/fixtures/outbox.ts';
import { fileDispute, submit } from '#test/fixtures/payer.ts';
import { eventually, inInbox } from '#test/fixtures/runtime.ts';
import { axeViolations, findCase, personIn, signIn, textOf } from './staff-pages.ts';

const e2e = useBrowserRuntime();

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The SMS about a case in the outbox, once the notifications queue has delivered them. */
async function smsBodies(caseNumber: string): Promise<string[]> {
  await notificationsDelivered(e2e.rt);
  const dir = join(e2e.rt.dataDir, 'outbox');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { channel: string; body: string })
    .filter((m) => m.channel === 'sms' && m.body.includes(caseNumber))
    .map((m) => m.body);
}

/** From the front page to the status look-up, by its link, as a payer goes. */
async function toLookUp(page: Page): Promise<void> {
  await page.goto(`${e2e.rt.url}/`);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/status/'),
    page.getByRole('link', { name: '查看办理进度' }).first().click(),
  ]);
}

async function lookUpWith(page: Page, caseNumber: string, accessCode: string): Promise<void> {
  await page.fill('#f-caseNumber', caseNumber);
  await page.fill('#f-accessCode', accessCode);
  await submit(page, '[data-testid=lookup]');
}

describe('a payer who lost the access code', () => {
  it('gets a new one from a window clerk, and another by SMS, each replacing the last', async () => {
    // The payer files online and loses the code.
    const filer = await personIn(e2e.browser);
    const idNumber = residentId();
    const { caseNumber, accessCode: lost } = await fileDispute(filer, e2e.rt.url, {
      name: '周桂芝',
      idNumber,
    });
    await filer.context().close();
    await eventually(() => inInbox(e2e.rt.store, 'tax', caseNumber));

    // A tax bureau clerk signs in and finds the case by its number.
    const clerk = await personIn(e2e.browser);
    await signIn(clerk, e2e.rt, 'tax.staff');
    await findCase(clerk, caseNumber);
    const form = clerk.getByTestId('access-code-form');
    await form.waitFor({ state: 'visible' });
    expect(await axeViolations(clerk)).toEqual([]);

    // Sent without ticking the ID check, the form comes back with the error.
    await submit(clerk, '[data-testid=do-access-code]');
    expect(await textOf(clerk.getByTestId('error-summary'))).toContain('已核验缴费人身份证件原件');
    expect(await clerk.title()).toMatch(/^错误：/);
    expect(await axeViolations(clerk)).toEqual([]);
    expect((await e2e.rt.store.get(caseNumber))?.accessCodeHash).toBe(sha256(lost));

    // Ticked, the new code is shown once.
    await clerk.check('#f-idChecked');
    await submit(clerk, '[data-testid=do-access-code]');
    expect(new URL(clerk.url()).pathname).toBe(`/staff/cases/${caseNumber}/access-code`);
    const atWindow = await textOf(clerk.getByTestId('access-code'));
    expect(atWindow).toMatch(/^[A-HJKMNP-Z2-9]{12}$/);
    expect(await textOf(clerk.getByTestId('case-number'))).toBe(caseNumber);
    expect(await axeViolations(clerk)).toEqual([]);
    expect((await e2e.rt.store.get(caseNumber))?.accessCodeHash).toBe(sha256(atWindow));
    const told = (await smsBodies(caseNumber)).filter((b) => b.includes('重新发放查询码'));
    expect(told).toHaveLength(1);
    expect(told[0]).not.toContain(atWindow);

    // A reload does not show it again; the case page says it was done, by whom.
    await clerk.reload();
    await clerk.getByTestId('shown-once').waitFor();
    expect(await clerk.content()).not.toContain(atWindow);
    await Promise.all([
      clerk.waitForURL((u) => u.pathname === `/staff/cases/${caseNumber}`),
      clerk.getByTestId('case-link').click(),
    ]);
    const last = clerk.locator('#case-timeline > li').last();
    expect(await textOf(last.locator('.timeline__status'))).toBe(
      '已重新发放查询码，原查询码已停止使用',
    );
    // By the clerk's display name (the demo account's), not the account id.
    expect(await textOf(last.locator('.timeline__time'))).toContain('旗税务局 税务局窗口（演示）');
    // The stored detail is a map: its codes come back in no set order.
    const words = (await textOf(last.locator('.cell-note'))).split('；').sort();
    expect(words).toEqual(['已核验缴费人身份证件原件', '方式：窗口当面发放'].sort());

    // The payer, with JavaScript off, goes from the front page to the look-up: the lost code no
    // longer opens the case, the window's code does.
    const payer = await personIn(e2e.browser, { javaScript: false });
    await toLookUp(payer);
    await lookUpWith(payer, caseNumber, lost);
    expect(await textOf(payer.getByTestId('error-summary'))).toContain('没有找到这个案件');
    await lookUpWith(payer, caseNumber, atWindow);
    expect(new URL(payer.url()).pathname).toBe('/api/payer/status');
    expect(await textOf(payer.getByTestId('case-status'))).toContain(caseNumber);
    await submit(payer, '[data-testid=sign-out]');

    // Later they lose that one too, and ask for a new code from 「忘记查询码？」.
    await Promise.all([
      payer.waitForURL((u) => u.pathname === '/access-code/'),
      payer.getByRole('link', { name: '忘记查询码？' }).click(),
    ]);
    await payer.fill('#f-caseNumber', caseNumber);
    await payer.fill('#f-idNumber', idNumber);
    await payer.fill('#f-phone', '138 1234 5678');
    await submit(payer, '[data-testid=request-code]');
    expect(new URL(payer.url()).pathname).toBe('/access-code/sent/');
    await payer.getByTestId('access-code-sent').waitFor();

    // The SMS carries the code; with it the case opens, with the window's code it does not.
    const sent = (await smsBodies(caseNumber)).find((b) => b.includes('新的查询码是')) ?? '';
    const bySms = /新的查询码是 ([A-Z0-9]{12})/.exec(sent)?.[1] ?? '';
    expect(bySms).toMatch(/^[A-HJKMNP-Z2-9]{12}$/);
    await Promise.all([
      payer.waitForURL((u) => u.pathname === '/status/'),
      payer.getByRole('link', { name: '查看办理进度' }).first().click(),
    ]);
    await lookUpWith(payer, caseNumber, atWindow);
    expect(await textOf(payer.getByTestId('error-summary'))).toContain('没有找到这个案件');
    await lookUpWith(payer, caseNumber, bySms);
    expect(await textOf(payer.getByTestId('case-status'))).toContain(caseNumber);
    expect((await e2e.rt.store.get(caseNumber))?.accessCodeHash).toBe(sha256(bySms));
  });

  it('has request and answer pages that pass axe, and answers details that do not match the same', async () => {
    const page = await personIn(e2e.browser);
    await toLookUp(page);
    expect(await axeViolations(page)).toEqual([]);
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/access-code/'),
      page.getByTestId('forgot-code').click(),
    ]);
    expect(await axeViolations(page)).toEqual([]);

    // Not well formed: the form again with its errors.
    await page.fill('#f-caseNumber', '2026');
    await submit(page, '[data-testid=request-code]');
    expect(await page.title()).toMatch(/^错误：/);
    expect(await axeViolations(page)).toEqual([]);

    // Well formed but matching no case: the same page as a match.
    await page.fill('#f-caseNumber', '2026-999998');
    await page.fill('#f-idNumber', residentId());
    await page.fill('#f-phone', '13800000000');
    await submit(page, '[data-testid=request-code]');
    expect(new URL(page.url()).pathname).toBe('/access-code/sent/');
    await page.getByTestId('access-code-sent').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(await smsBodies('2026-999998')).toEqual([]);
  });
});
