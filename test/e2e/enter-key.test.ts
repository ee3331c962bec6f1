/**
 * Enter in any field of the intake steps means 「继续」 (issue 13): a form's Enter presses its first
 * submit button, which on the matters step was 「删除这一项」 (with two matters) or 「再添加一项」
 * (with one). A phone keyboard's 「前往」 sends the same Enter. With and without JavaScript; and,
 * with JavaScript, in every text, number, select, radio and checkbox field of every step (issue 13,
 * build point 8): which button each Enter presses, with the matters and answers read after it, and
 * where that button leads, once for each state of each step.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserRuntime, WITH_AND_WITHOUT_JAVASCRIPT } from '#test/fixtures/e2e.ts';
import { fillMatterStep, fillPayerStep, submit } from '#test/fixtures/payer.ts';
import { personIn } from './staff-pages.ts';

const e2e = useBrowserRuntime();

/** A payer's own browser; a step that does not come fails long before the test's time is up. */
const payerPage = (javaScript: boolean) => personIn(e2e.browser, { javaScript, timeout: 15_000 });

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

/** The matters as the page shows them: type, insurance and period of each. */
const mattersShown = (page: Page) =>
  page.locator('[data-matter]').evaluateAll((blocks) =>
    blocks.map((b) => ({
      type: b.querySelector('select')?.value,
      insurance: [...b.querySelectorAll<HTMLInputElement>('input[type=checkbox]:checked')].map(
        (i) => i.value,
      ),
      from: b.querySelector<HTMLInputElement>('input[name$=".period.from"]')?.value,
      to: b.querySelector<HTMLInputElement>('input[name$=".period.to"]')?.value,
    })),
  );

describe.each(WITH_AND_WITHOUT_JAVASCRIPT)('Enter on the intake steps %s', (_, js) => {
  it('continues from every field of the payer step, or shows its errors', async () => {
    // Prepare
    const page = await payerPage(js);
    await page.goto(`${e2e.rt.url}/apply/`);
    const fields = await textFields(page);
    // The payer's own fields, then (issue 13) the optional other party's.
    expect(fields.slice(0, 3)).toEqual(['#f-payer-name', '#f-payer-idNumber', '#f-payer-phone']);

    // Act: Enter with nothing filled in
    await enterIn(page, '#f-payer-name');

    // Assess: the same step with its errors (the post's 303 to the page that reads them)
    expect(page.url()).toMatch(/\/api\/payer\/apply-payer\?check=1$/);
    expect(await page.locator('#error-summary a').count()).toBe(4);

    for (const field of fields) {
      // Act: the step filled in, Enter in one field
      await page.goto(`${e2e.rt.url}/api/payer/apply-payer`);
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
    await page.goto(`${e2e.rt.url}/apply/`);
    await fillPayerStep(page);
    await submit(page, '[data-testid=continue]');

    for (const count of [1, 2]) {
      // Prepare: `count` matters, all filled in
      await page.goto(`${e2e.rt.url}/api/payer/apply-matters`);
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
        await page.goto(`${e2e.rt.url}/api/payer/apply-matters`);
        expect(await mattersShown(page), `${count} matters, ${field}`).toEqual(filled);
      }
    }
    await page.context().close();
  });

  it('shows the errors of a half-filled matters step on Enter, keeping both matters', async () => {
    // Prepare: two matters, the second one empty
    const page = await payerPage(js);
    await page.goto(`${e2e.rt.url}/apply/`);
    await fillPayerStep(page);
    await submit(page, '[data-testid=continue]');
    await fillMatterStep(page);
    await submit(page, '[data-testid=add-matter]');
    expect(await matterCount(page)).toBe(2);

    for (const field of ['#f-matters-0-period-to', '#f-matters-1-period-from']) {
      // Act
      await enterIn(page, field);

      // Assess: the same step, its errors, both matters, the first as typed
      expect(page.url()).toMatch(/\/api\/payer\/apply-matters\?check=1$/);
      expect(await page.title()).toMatch(/^错误：/);
      expect(await matterCount(page)).toBe(2);
      expect((await mattersShown(page))[0]).toEqual({
        type: 'base',
        insurance: ['pension'],
        from: '2024-06',
        to: '2024-12',
      });
    }
    await page.context().close();
  });
});

/**
 * Every field of the step on screen where Enter could send the form, by id: text-like inputs,
 * numbers, selects, radios and checkboxes (a textarea takes Enter as a new line).
 */
const enterFields = (page: Page) =>
  page
    .locator(
      'form input:is([type=text], [type=tel], [type=number], [type=email], [type=radio], [type=checkbox]), form select',
    )
    .evaluateAll((fields) =>
      fields.filter((f) => (f as HTMLElement).offsetParent !== null).map((f) => `#${f.id}`),
    );

/** Back one step by the page's own 「返回上一步」 link. */
async function back(page: Page): Promise<void> {
  await Promise.all([
    page.waitForNavigation(),
    page.getByRole('link', { name: '返回上一步' }).click(),
  ]);
}

const onStep = (page: Page, step: string) =>
  new URL(page.url()).pathname === `/api/payer/apply-${step}`;

/**
 * The value of the button that Enter in `selector` submits the form with, or `none`, without
 * leaving the page: a capturing listener notes the submitter and stops that submission. Which
 * button Enter presses is the browser's implicit submission, decided in the page; what the server
 * does with that button is seen once a state, by a real Enter (`enterIn`). About 90 page loads
 * fewer than an Enter and a 「返回上一步」 in every field.
 */
async function enterSubmits(page: Page, selector: string): Promise<string> {
  await page.evaluate(() => {
    const w = window as unknown as { enterProbe?: (e: SubmitEvent) => void };
    w.enterProbe = (e) => {
      e.preventDefault();
      e.stopImmediatePropagation();
      document.documentElement.dataset.enterSubmitted =
        (e.submitter as HTMLButtonElement | null)?.value ?? '(the form, without a button)';
    };
    window.addEventListener('submit', w.enterProbe, true);
  });
  await page.focus(selector);
  await page.keyboard.press('Enter');
  return page.evaluate(() => {
    const w = window as unknown as { enterProbe?: (e: SubmitEvent) => void };
    if (w.enterProbe) window.removeEventListener('submit', w.enterProbe, true);
    const submitted = document.documentElement.dataset.enterSubmitted ?? 'none';
    delete document.documentElement.dataset.enterSubmitted;
    return submitted;
  });
}

describe('Enter in every field of every intake step, with JavaScript', () => {
  it('never adds or removes a matter, and either continues or shows the step’s errors', async () => {
    // Prepare: the payer step, empty
    const page = await payerPage(true);
    await page.goto(`${e2e.rt.url}/apply/`);
    const payerFields = await enterFields(page);
    // The payer's own fields first; after them (issue 13) the optional other party's, whose Enter
    // is tested the same way.
    expect(payerFields.slice(0, 5)).toEqual([
      '#f-payer-kind',
      '#f-payer-kind-organization',
      '#f-payer-name',
      '#f-payer-idNumber',
      '#f-payer-phone',
    ]);

    // Payer step, empty: Enter in each field presses 「继续」, which shows the errors on the step
    for (const field of payerFields)
      expect(await enterSubmits(page, field), field).toBe('continue');
    await enterIn(page, payerFields[0] ?? '');
    expect(onStep(page, 'payer')).toBe(true);
    expect(await page.title()).toMatch(/^错误：/);
    expect(await page.locator('#error-summary a').count()).toBe(4);

    // Payer step, filled: Enter in each field presses 「继续」 and changes no answer (not even on
    // the radio that is not chosen); 「继续」 goes on to the matters step, and back keeps them
    await fillPayerStep(page);
    for (const field of payerFields) {
      expect(await enterSubmits(page, field), field).toBe('continue');
      expect(await page.locator('#f-payer-kind').isChecked(), field).toBe(true);
      expect(await page.inputValue('#f-payer-phone'), field).toBe('13812345678');
    }
    await enterIn(page, '#f-payer-kind-organization');
    expect(onStep(page, 'matters')).toBe(true);
    expect(await matterCount(page)).toBe(1);
    await back(page);
    expect(await page.locator('#f-payer-kind').isChecked()).toBe(true);
    expect(await page.inputValue('#f-payer-phone')).toBe('13812345678');
    await submit(page, '[data-testid=continue]');

    // Matters step, one matter empty: Enter in each field presses 「继续」, which shows the errors
    // and keeps the one matter
    const emptyFields = await enterFields(page);
    expect(emptyFields).toHaveLength(1 + 5 + 2); // type, five insurances, two months
    for (const field of emptyFields) {
      expect(await enterSubmits(page, field), field).toBe('continue');
      expect(await matterCount(page), field).toBe(1);
    }
    await enterIn(page, emptyFields[0] ?? '');
    expect(onStep(page, 'matters')).toBe(true);
    expect(await page.title()).toMatch(/^错误：/);
    expect(await page.locator('#error-summary a').count()).toBeGreaterThan(0);
    expect(await matterCount(page)).toBe(1);

    // Matters step with one, then two matters filled in: Enter in each field presses 「继续」 (not
    // 「删除这一项」 or 「再添加一项」), and the matters are as they were when the payer comes back
    await fillMatterStep(page);
    for (const count of [1, 2]) {
      if (count === 2) {
        await submit(page, '[data-testid=add-matter]');
        await fillMatterStep(
          page,
          { type: 'benefits', insurance: 'medical', from: '2023-01', to: '2023-06' },
          1,
        );
      }
      const filled = await mattersShown(page);
      expect(filled).toHaveLength(count);
      const fields = await enterFields(page);
      expect(fields).toHaveLength(count * 8);
      for (const field of fields) {
        expect(await enterSubmits(page, field), `${count} matters, ${field}`).toBe('continue');
        expect(await mattersShown(page), `${count} matters, ${field}`).toEqual(filled);
      }
      await enterIn(page, fields.at(-1) ?? '');
      expect(onStep(page, 'description'), `${count} matters`).toBe(true);
      await back(page);
      expect(await matterCount(page), `${count} matters`).toBe(count);
      expect(await mattersShown(page), `${count} matters`).toEqual(filled);
    }

    // Matters step, two matters, the second half-filled: Enter shows its errors, both kept
    await page.fill('#f-matters-1-period-to', '');
    const halfFilled = await mattersShown(page);
    for (const field of await enterFields(page)) {
      expect(await enterSubmits(page, field), field).toBe('continue');
    }
    await enterIn(page, '#f-matters-1-period-from');
    expect(onStep(page, 'matters')).toBe(true);
    expect(await page.locator('#error-summary a').count()).toBe(1);
    expect(await mattersShown(page)).toEqual(halfFilled);
    await page.fill('#f-matters-1-period-to', '2023-06');
    await submit(page, '[data-testid=continue]');

    // Description step: no field where Enter sends the form; in the text, Enter is a new line
    expect(onStep(page, 'description')).toBe(true);
    expect(await enterFields(page)).toEqual([]);
    await page.fill('#f-description', '第一行');
    await page.focus('#f-description');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('第二行');
    expect(onStep(page, 'description')).toBe(true);
    expect(await page.inputValue('#f-description')).toBe('第一行\n第二行');
    await submit(page, '[data-testid=continue]');

    // Check step: Enter on the consent without it shows the error; with it, files the case with
    // both matters as given
    expect(onStep(page, 'check')).toBe(true);
    expect(await enterFields(page)).toEqual(['#f-consent']);
    await enterIn(page, '#f-consent');
    expect(await page.title()).toMatch(/^错误：/);
    expect(await page.locator('#error-summary a').count()).toBe(1);
    await page.check('#f-consent');
    await enterIn(page, '#f-consent');
    expect(new URL(page.url()).pathname).toBe('/api/payer/done');
    const caseNumber = ((await page.getByTestId('case-number').textContent()) ?? '').trim();
    const stored = await e2e.rt.store.get(caseNumber);
    expect(
      stored?.matters.map((m) => ({
        type: m.type,
        insurance: m.insurance,
        from: m.period.from,
        to: m.period.to,
      })),
    ).toEqual([
      { type: 'base', insurance: ['pension'], from: '2024-06', to: '2024-12' },
      { type: 'benefits', insurance: ['medical'], from: '2023-01', to: '2023-06' },
    ]);
    // A form sends a textarea's line breaks as CRLF (HTML's form encoding); the server keeps them.
    expect(stored?.description).toMatch(/^第一行\r?\n第二行$/);
    await page.context().close();
  });
});
