/**
 * The month fields of the matters step (issue 13): typing takes the forms the hint names, with
 * and without JavaScript, and a period later than the current month is refused on its field.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { shanghaiDate } from '#core/time.ts';
import { useBrowserRuntime, WITH_AND_WITHOUT_JAVASCRIPT } from '#test/fixtures/e2e.ts';
import { fillMatterStep, fillPayerStep, submit } from '#test/fixtures/payer.ts';
import { personIn, textOf } from './staff-pages.ts';

const e2e = useBrowserRuntime();

/** A page on the matters step, the payer step done. */
async function mattersStep(javaScript: boolean): Promise<Page> {
  const page = await personIn(e2e.browser, { javaScript, timeout: 15_000 });
  await page.goto(`${e2e.rt.url}/apply/`);
  await fillPayerStep(page);
  await submit(page, '[data-testid=continue]');
  return page;
}

/** The month after `month` (`YYYY-MM`). */
function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  const date = new Date(Date.UTC(y ?? 0, m ?? 0, 1));
  return date.toISOString().slice(0, 7);
}

describe.each(WITH_AND_WITHOUT_JAVASCRIPT)('the month fields %s', (_, js) => {
  it('are text fields that take 2024.3 and 2024年9月 as the hint says', async () => {
    // Prepare
    const page = await mattersStep(js);
    expect(await page.getAttribute('#f-matters-0-period-from', 'type')).toBe('text');
    expect(await page.getAttribute('#f-matters-0-period-from', 'inputmode')).toBe('numeric');

    // Act: typed key by key, as a person types, then on to the next step
    await fillMatterStep(page, { from: '', to: '' });
    await page.click('#f-matters-0-period-from');
    await page.keyboard.type('2024.3');
    await page.click('#f-matters-0-period-to');
    await page.keyboard.type('2024年9月');
    await page.click('h1');

    // Assess: with the script the fields are tidied when left; without it they keep the typing
    expect(await page.inputValue('#f-matters-0-period-from')).toBe(js ? '2024-03' : '2024.3');
    expect(await page.inputValue('#f-matters-0-period-to')).toBe(js ? '2024-09' : '2024年9月');

    // Act: on to the check page
    await submit(page, '[data-testid=continue]');
    await page.fill('#f-description', '单位申报的缴费基数比我的实际工资高，想请核实。');
    await submit(page, '[data-testid=continue]');

    // Assess: the server read both months either way
    expect(await textOf(page.getByTestId('check-matter-0'))).toContain('2024年3月至2024年9月');
    await page.context().close();
  });

  it('refuses a period later than this month on its field, and takes this month', async () => {
    // Prepare: this month in Shanghai, as the runtime's clock says (the wall clock here)
    const page = await mattersStep(js);
    const thisMonth = shanghaiDate(new Date()).slice(0, 7);
    const later = nextMonth(thisMonth);

    // Act: a period that ends next month
    await fillMatterStep(page, { from: '2024-06', to: later });
    await submit(page, '[data-testid=continue]');

    // Assess: the same step, the error on 截止年月, the answers kept
    expect(page.url()).toMatch(/\/api\/payer\/apply-matters\?check=1$/);
    expect(await page.title()).toMatch(/^错误：/);
    expect(await page.locator('#error-summary a').allTextContents()).toEqual([
      expect.stringContaining('截止年月不能晚于本月'),
    ]);
    expect(await page.getAttribute('#error-summary a', 'href')).toBe('#f-matters-0-period-to');
    expect(await page.getAttribute('#f-matters-0-period-to', 'aria-invalid')).toBe('true');
    expect(await page.inputValue('#f-matters-0-period-to')).toBe(later);

    // Act: this month instead
    await page.fill('#f-matters-0-period-to', thisMonth);
    await submit(page, '[data-testid=continue]');

    // Assess: on to the description
    expect(page.url()).toMatch(/\/api\/payer\/apply-description$/);
    await page.context().close();
  });
});
