import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '#test/fixtures/browser.ts';
import { residentId } from '#test/fixtures/cases.ts';
import {
  eventually,
  inInbox,
  removeDataDir,
  startTestRuntime,
  type TestRuntime,
} from '#test/fixtures/runtime.ts';

let rt: TestRuntime;
let browser: Browser;

beforeAll(async () => {
  [rt, browser] = await Promise.all([startTestRuntime(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await rt?.stop();
  if (rt) removeDataDir(rt.dataDir);
});

async function axeViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return results.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

describe('the payer files a dispute in the browser', () => {
  it('gets a case number, and the case is in the tax bureau inbox within 5 s', async () => {
    const page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();

    // Prepare: the intake form
    await page.goto(`${rt.url}/apply/`);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await axeViolations(page)).toEqual([]);

    // Act: a person disputes the pension base for the second half of 2024
    await page.check('#f-payer-kind');
    await page.fill('#f-payer-name', '李秀兰');
    await page.fill('#f-payer-idNumber', residentId());
    await page.fill('#f-payer-phone', '13812345678');
    await page.selectOption('#f-matters-0-type', 'base');
    await page.check('#f-matters-0-insurance');
    await page.fill('#f-matters-0-period-from', '2024-06');
    await page.fill('#f-matters-0-period-to', '2024-12');
    await page.fill('#f-description', '单位申报的缴费基数比我的实际工资高，想请核实。');
    await page.check('#f-consent');
    const submitted = Date.now();
    await page.click('#submit-case');

    // Assess: the confirmation, then the stored state
    const numberEl = page.getByTestId('case-number');
    await numberEl.waitFor();
    const caseNumber = (await numberEl.textContent())?.trim() ?? '';
    const accessCode = (await page.getByTestId('access-code').textContent())?.trim() ?? '';
    expect(caseNumber).toMatch(/^\d{4}-\d{6}$/);
    expect(accessCode).toMatch(/^[A-HJKMNP-Z2-9]{12}$/);
    expect(await page.textContent('body')).toContain('旗税务局');
    const inboxed = await eventually(async () => {
      return inInbox(rt.store, 'tax', caseNumber);
    }, 5000);
    expect(Date.now() - submitted).toBeLessThan(5000 + 1000);
    expect(inboxed).toMatchObject({ status: 'assigned', holder: 'tax' });
    expect(inboxed.payer.name).toBe('李秀兰');
    expect(await axeViolations(page)).toEqual([]);

    // Act: follow the link to the status page and look the case up with the code
    await page.getByTestId('status-link').click();
    await page.waitForURL(/\/status\//);
    await page.fill('#f-accessCode, [name="accessCode"]', accessCode);
    await page.click('#check-status');
    const status = page.getByTestId('case-status');
    await status.waitFor();
    expect(await status.textContent()).toContain('已派单');
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('shows an error summary that names each bad field, keeping the answers', async () => {
    const page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    await page.goto(`${rt.url}/apply/`);

    await page.check('#f-payer-kind');
    await page.fill('#f-payer-name', '李秀兰');
    await page.fill('#f-payer-idNumber', '150426198506071234');
    await page.click('#submit-case');

    const summary = page.locator('#error-summary');
    await summary.waitFor({ state: 'visible' });
    expect(await page.title()).toMatch(/^错误：/);
    const links = await summary.locator('a').allTextContents();
    expect(links.join('\n')).toMatch(/身份证号码|号码有误/);
    expect(links.join('\n')).toMatch(/手机号码/);
    expect(await page.inputValue('#f-payer-name')).toBe('李秀兰');
    expect(await page.getAttribute('#f-payer-idNumber', 'aria-invalid')).toBe('true');
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('has no accessibility violations on the start page', async () => {
    const page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    await page.goto(`${rt.url}/`);
    expect(await page.locator('h1').textContent()).toMatch(/争议/);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });
});
