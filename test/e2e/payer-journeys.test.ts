/**
 * The payer's two journeys in Chromium, once with JavaScript and once without (issue 6): raising
 * a dispute through the intake steps, and answering the written reply and the follow-up survey.
 * Every form is a real page load; the stored state is checked after each journey.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  answeredCase,
  useBrowserRuntime,
  WITH_AND_WITHOUT_JAVASCRIPT,
} from '#test/fixtures/e2e.ts';
import { fillMatterStep, fillPayerStep, lookUp, submit } from '#test/fixtures/payer.ts';
import { eventually, inInbox } from '#test/fixtures/runtime.ts';
import { axeViolations, personIn, textOf } from './staff-pages.ts';

const e2e = useBrowserRuntime();

/** A payer's own browser; a step that does not come fails long before the test's time is up. */
const payerPage = (javaScript: boolean) => personIn(e2e.browser, { javaScript, timeout: 15_000 });

/**
 * axe runs as a script in the page, which a browser without JavaScript cannot run; the markup
 * is the same either way, so the run with JavaScript checks it.
 */
async function expectNoAxeViolations(page: Page, js: boolean): Promise<void> {
  if (js) expect(await axeViolations(page)).toEqual([]);
}

const errorLinks = (page: Page) => page.locator('#error-summary a').allTextContents();

describe.each(WITH_AND_WITHOUT_JAVASCRIPT)('the payer %s', (_, js) => {
  it('raises a dispute in four steps, fixing errors and changing an answer on the way', async () => {
    const page = await payerPage(js);

    // Act: the start page's button, then 「继续」 with nothing filled in
    await page.goto(`${e2e.rt.url}/`);
    await Promise.all([page.waitForURL(/\/apply\/$/), page.click('[data-testid=start]')]);
    await submit(page, '[data-testid=continue]');

    // Assess: the same step again, an error summary linking to each question, title 「错误：」
    expect(page.url()).toMatch(/\/api\/payer\/apply-payer\?check=1$/);
    expect(await page.title()).toMatch(/^错误：您的信息/);
    expect(await errorLinks(page)).toEqual([
      '请选择您是个人还是单位',
      '请填写缴费人姓名或单位名称',
      '请填写身份证号码或统一社会信用代码',
      '请填写联系电话',
    ]);
    expect(await page.getAttribute('#error-summary a >> nth=1', 'href')).toBe('#f-payer-name');
    await expectNoAxeViolations(page, js);

    // Act: a wrong phone; the rest right
    await fillPayerStep(page, { name: '王建国' });
    await page.fill('#f-payer-phone', '1381234');
    await submit(page, '[data-testid=continue]');

    // Assess: only the phone is wrong, and every answer is kept
    expect(await errorLinks(page)).toEqual([
      '请填写 11 位手机号码，或带区号的固定电话，例如 13812345678 或 0476-1234567',
    ]);
    expect(await page.inputValue('#f-payer-name')).toBe('王建国');
    expect(await page.isChecked('#f-payer-kind')).toBe(true);
    expect(await page.getAttribute('#f-payer-phone', 'aria-invalid')).toBe('true');

    // Act: the phone in full-width digits, as a Chinese input method types them
    await page.fill('#f-payer-phone', '１３８１２３４５６７８');
    await submit(page, '[data-testid=continue]');

    // Assess: step 2; add a second matter, then remove it again
    expect(page.url()).toMatch(/\/api\/payer\/apply-matters$/);
    expect(await page.title()).toMatch(/^争议的是什么/);
    // Back, as a phone's button goes: the first step as now answered, no error and no
    // 「确认重新提交表单」 (a payer review, 2026-12-05); then forward again
    await page.goBack();
    expect(page.url()).toMatch(/\/api\/payer\/apply-payer\?check=1$/);
    expect(await page.title()).toMatch(/^您的信息/);
    expect(await page.locator('#error-summary').count()).toBe(0);
    expect(await page.inputValue('#f-payer-name')).toBe('王建国');
    await page.goForward();
    expect(await page.title()).toMatch(/^争议的是什么/);
    await fillMatterStep(page);
    await submit(page, '[data-testid=add-matter]');
    expect(await page.locator('[data-matter]').count()).toBe(2);
    expect(await page.inputValue('#f-matters-0-type')).toBe('base');
    await submit(page, 'button[value="remove-1"]');
    expect(await page.locator('[data-matter]').count()).toBe(1);
    // …and the page says which one went, where the browser lands
    expect(new URL(page.url()).hash).toBe('#removed-notice');
    expect(await textOf(page.getByTestId('removed-notice'))).toBe(
      '已删除争议事项 2，后面的事项顺序往前移。',
    );
    await submit(page, '[data-testid=continue]');

    // Act: step 3, the account
    expect(await page.title()).toMatch(/^请说明具体情况/);
    await page.fill('#f-description', '单位申报的缴费基数比我的实际工资高，想请核实。');
    await submit(page, '[data-testid=continue]');

    // Assess: check your answers shows every answer
    expect(await page.title()).toMatch(/^请核对您填写的信息/);
    expect(await textOf(page.getByTestId('check-payer'))).toContain('王建国');
    expect(await textOf(page.getByTestId('check-matter-0'))).toContain('2024年6月至2024年12月');
    await expectNoAxeViolations(page, js);

    // Act: change the name from the check page, and come straight back
    await submit(page, '[data-testid=check-payer] a >> nth=1');
    // …opened at the question it changes
    expect(page.url()).toMatch(/apply-payer\?from=check#f-payer-name$/);
    await page.fill('#f-payer-name', '王建民');
    await submit(page, '[data-testid=continue]');
    expect(page.url()).toMatch(/apply-check$/);
    expect(await textOf(page.getByTestId('check-payer'))).toContain('王建民');

    // Act: send without the consent, then with it
    await submit(page, '[data-testid=submit]');
    expect(page.url()).toMatch(/apply-check\?check=1$/);
    expect(await page.title()).toMatch(/^错误：请核对您填写的信息/);
    expect(await errorLinks(page)).toEqual(['请确认同意我们为处理争议使用您填写的信息']);
    await page.check('#f-consent');
    await submit(page, '[data-testid=submit]');

    // Assess: the confirmation, reached by a redirect, and the stored case in the tax inbox
    expect(page.url()).toMatch(/\/api\/payer\/done$/);
    const caseNumber = await textOf(page.getByTestId('case-number'));
    const accessCode = await textOf(page.getByTestId('access-code'));
    expect(caseNumber).toMatch(/^\d{4}-\d{6}$/);
    expect(accessCode).toMatch(/^[A-HJKMNP-Z2-9]{12}$/);
    expect(await textOf(page.getByTestId('routing'))).toContain('交给下面的部门');
    expect(await textOf(page.locator('main'))).toContain('旗税务局');
    await expectNoAxeViolations(page, js);
    await eventually(() => inInbox(e2e.rt.store, 'tax', caseNumber));
    expect(await e2e.rt.store.get(caseNumber)).toMatchObject({
      status: 'assigned',
      payer: { name: '王建民', phone: '13812345678' },
      matters: [
        { type: 'base', insurance: ['pension'], period: { from: '2024-06', to: '2024-12' } },
      ],
    });

    // Act: reload the confirmation, and Back as a phone's button goes (no second case either
    // way), then follow the status link
    await page.reload();
    expect(await textOf(page.getByTestId('case-number'))).toBe(caseNumber);
    await page.goBack();
    // …the check page's address leads to the confirmation again, not to an empty form
    expect(page.url()).toMatch(/\/api\/payer\/done$/);
    expect(await textOf(page.getByTestId('case-number'))).toBe(caseNumber);
    await submit(page, '[data-testid=status-link]');

    // Assess: the status page of this case, without typing the code again
    expect(await textOf(page.getByTestId('status'))).toBe('等待办理部门签收');
    await expectNoAxeViolations(page, js);
    // One case only: the number after it was never given.
    const [year, serial] = caseNumber.split('-');
    const next = `${year}-${String(Number(serial) + 1).padStart(6, '0')}`;
    expect(await e2e.rt.store.get(next)).toBeUndefined();
    await page.context().close();
  });

  it('reads the answer, objects with a route, and answers the follow-up survey', async () => {
    const { caseNumber, accessCode, answer } = await answeredCase(e2e.rt);
    const page = await payerPage(js);

    // Act: a wrong code first, then the right one
    await lookUp(page, e2e.rt.url, '/answer/', caseNumber, 'ABCDEFGHJKMN');
    expect(await page.title()).toMatch(/^错误：查看答复/);
    expect(await textOf(page.locator('#error-summary'))).toContain(
      '没有找到这个案件，或查询码不正确',
    );
    expect(await page.inputValue('#f-caseNumber')).toBe(caseNumber);
    await page.fill('#f-accessCode', accessCode.toLowerCase());
    await submit(page, '[data-testid=lookup]');

    // Assess: the answer and the decision form
    expect(page.url()).toMatch(/\/api\/payer\/answer$/);
    expect(await textOf(page.getByTestId('answer-text'))).toBe(answer);
    await expectNoAxeViolations(page, js);

    // Assess: the routes show at once without a script, and only after 「有异议」 with one
    expect(await page.isVisible('#object-details')).toBe(!js);

    // Act: object without choosing a route
    await page.check('#f-decision-object');
    await page.locator('#object-details').waitFor({ state: 'visible' });
    await submit(page, '[data-testid=submit-decision]');
    expect(await errorLinks(page)).toEqual(['请选择您准备通过哪种途径继续解决']);
    expect(await page.isChecked('#f-decision-object')).toBe(true);

    // Act: choose administrative reconsideration
    await page.check('#f-route-reconsideration');
    await page.fill('#f-comment', '我不同意核定的基数。');
    await submit(page, '[data-testid=submit-decision]');

    // Assess: the recorded objection with where to go, and the stored decision
    expect(await textOf(page.getByTestId('decision-done'))).toBe('已记录您的异议');
    expect(await textOf(page.locator('main'))).toContain('60 日');
    expect(await e2e.rt.store.get(caseNumber)).toMatchObject({
      status: 'objected',
      decision: { kind: 'object', route: 'reconsideration' },
    });

    // Act: the follow-up survey, from its own look-up page, first with no choice
    await lookUp(page, e2e.rt.url, '/survey/', caseNumber, accessCode);
    await expectNoAxeViolations(page, js);
    await submit(page, '[data-testid=submit-survey]');
    expect(await errorLinks(page)).toEqual(['请选择您对处理结果的评价']);
    await page.check('#f-result-basically-satisfied');
    await submit(page, '[data-testid=submit-survey]');

    // Assess: thanks, and the follow-up done by the payer
    expect(await textOf(page.getByTestId('survey-done'))).toBe('谢谢您的意见');
    expect((await e2e.rt.store.get(caseNumber))?.followUp).toMatchObject({
      status: 'done',
      result: 'basically-satisfied',
      by: 'payer',
    });

    // Act: sign out; the look-up says so, and the case pages ask for the code again
    await submit(page, '[data-testid=sign-out]');
    expect(await textOf(page.getByTestId('signed-out'))).toContain('您已退出');
    await page.goto(`${e2e.rt.url}/api/payer/status`);
    expect(page.url()).toMatch(/\/status\/$/);
    await page.context().close();
  });
});
