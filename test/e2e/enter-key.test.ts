/**
 * Enter in any field of the intake steps means 「继续」 (issue 13): a form's Enter presses its first
 * submit button, which on the matters step was 「删除这一项」 (with two matters) or 「再添加一项」
 * (with one). A phone keyboard's 「前往」 sends the same Enter. With and without JavaScript.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '#test/fixtures/browser.ts';
import { fillMatterStep, fillPayerStep, submit } from '#test/fixtures/payer.ts';
import { removeDataDir, startTestRuntime, type TestRuntime } from '#test/fixtures/runtime.ts';

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

async function payerPage(javaScriptEnabled: boolean): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', javaScriptEnabled });
  context.setDefaultTimeout(15_000);
  return context.newPage();
}

/** Presses Enter in a field and waits for the page the form leads to. */
async function enterIn(page: Page, selector: string): Promise<void> {
  await page.focus(selector);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

/** The text fields of the step on screen, by id: the fields where Enter sends the form. */
const textFields = (page: Page) =>
  page
    .locator('form input:is([type=text], [type=tel])')
    .evaluateAll((inputs) => inputs.map((i) => `#${i.id}`));

const matterCount = (page: Page) => page.locator('[data-matter]').count();

/** The matters as the page shows them: type and period of each. */
const mattersShown = (page: Page) =>
  page.locator('[data-matter]').evaluateAll((blocks) =>
    blocks.map((b) => ({
      type: b.querySelector('select')?.value,
      from: b.querySelector<HTMLInputElement>('input[name$=".period.from"]')?.value,
      to: b.querySelector<HTMLInputElement>('input[name$=".period.to"]')?.value,
    })),
  );

describe.each([
  ['with JavaScript', true],
  ['without JavaScript', false],
])('Enter on the intake steps %s', (_, js) => {
  it('continues from every field of the payer step, or shows its errors', async () => {
    // Prepare
    const page = await payerPage(js);
    await page.goto(`${rt.url}/apply/`);
    const fields = await textFields(page);
    expect(fields).toEqual(['#f-payer-name', '#f-payer-idNumber', '#f-payer-phone']);

    // Act: Enter with nothing filled in
    await enterIn(page, '#f-payer-name');

    // Assess: the same step with its errors
    expect(page.url()).toMatch(/\/api\/payer\/apply-payer$/);
    expect(await page.locator('#error-summary a').count()).toBe(4);

    for (const field of fields) {
      // Act: the step filled in, Enter in one field
      await page.goto(`${rt.url}/api/payer/apply-payer`);
      await fillPayerStep(page);
      await enterIn(page, field);

      // Assess: on to the matters step
      expect(page.url(), field).toMatch(/\/api\/payer\/apply-matters$/);
    }
    await page.context().close();
  });

  it('continues from every field of the matters step with one or two matters, never adding or removing one', async () => {
    // Prepare: the payer step done
    const page = await payerPage(js);
    await page.goto(`${rt.url}/apply/`);
    await fillPayerStep(page);
    await submit(page, '[data-testid=continue]');

    for (const count of [1, 2]) {
      // Prepare: `count` matters, all filled in
      await page.goto(`${rt.url}/api/payer/apply-matters`);
      while ((await matterCount(page)) > count) await submit(page, 'button[value^="remove-"]');
      while ((await matterCount(page)) < count) await submit(page, '[data-testid=add-matter]');
      for (let i = 0; i < count; i++) {
        await fillMatterStep(page, { from: `2024-0${i + 1}`, to: `2024-1${i}` }, i);
      }
      const filled = await mattersShown(page);
      const fields = await textFields(page);
      expect(fields).toHaveLength(count * 2);

      for (const field of fields) {
        // Act: Enter in one field
        await enterIn(page, field);

        // Assess: on to the description, with the matters as they were
        expect(page.url(), `${count} matters, ${field}`).toMatch(
          /\/api\/payer\/apply-description$/,
        );
        await page.goto(`${rt.url}/api/payer/apply-matters`);
        expect(await mattersShown(page), `${count} matters, ${field}`).toEqual(filled);
      }
    }
    await page.context().close();
  });

  it('shows the errors of a half-filled matters step on Enter, keeping both matters', async () => {
    // Prepare: two matters, the second one empty
    const page = await payerPage(js);
    await page.goto(`${rt.url}/apply/`);
    await fillPayerStep(page);
    await submit(page, '[data-testid=continue]');
    await fillMatterStep(page);
    await submit(page, '[data-testid=add-matter]');
    expect(await matterCount(page)).toBe(2);

    for (const field of ['#f-matters-0-period-to', '#f-matters-1-period-from']) {
      // Act
      await enterIn(page, field);

      // Assess: the same step, its errors, both matters, the first as typed
      expect(page.url()).toMatch(/\/api\/payer\/apply-matters$/);
      expect(await page.title()).toMatch(/^错误：/);
      expect(await matterCount(page)).toBe(2);
      expect((await mattersShown(page))[0]).toEqual({
        type: 'base',
        from: '2024-06',
        to: '2024-12',
      });
    }
    await page.context().close();
  });
});
