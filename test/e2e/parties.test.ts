/**
 * Who filed and the other party (issue 13), in Chromium as people use the pages: a payer with
 * only a landline files online naming the employer; a clerk registers an anonymous online post
 * with no ID number and no phone, reaching the form through the staff navigation. The stored case
 * is checked after each.
 */
import { describe, expect, it } from 'vitest';
import { makeCreditCode } from '#core/identifiers.ts';
import { residentId } from '#test/fixtures/cases.ts';
import { useBrowserRuntime, WITH_AND_WITHOUT_JAVASCRIPT } from '#test/fixtures/e2e.ts';
import { fillMatterStep, submit } from '#test/fixtures/payer.ts';
import { axeViolations, followNav, personIn, signedIn, textOf } from './staff-pages.ts';

const e2e = useBrowserRuntime();

const EMPLOYER_CODE = makeCreditCode('91150426MA0N7X8K');

describe.each(WITH_AND_WITHOUT_JAVASCRIPT)('a payer with only a landline, %s', (_, js) => {
  it('files online naming the employer: the check page and the stored case have both', async () => {
    // Prepare
    const page = await personIn(e2e.browser, { javaScript: js });

    // Act: from the front page's button through the steps
    await page.goto(`${e2e.rt.url}/`);
    await Promise.all([page.waitForURL(/\/apply\/$/), page.click('[data-testid=start]')]);
    await page.check('#f-payer-kind');
    await page.fill('#f-payer-name', '其其格');
    await page.fill('#f-payer-idNumber', residentId());
    await page.fill('#f-payer-phone', '0476-8123456');
    await page.fill('#f-counterparty-name', '赤峰某某建材有限公司');
    await page.fill('#f-counterparty-idNumber', EMPLOYER_CODE);
    await submit(page, '[data-testid=continue]');
    expect(await page.locator('#error-summary').count()).toBe(0);
    if (js) expect(await axeViolations(page)).toEqual([]);
    await fillMatterStep(page, { type: 'arrears' });
    await submit(page, '[data-testid=continue]');
    await page.fill('#f-description', '公司没给我交养老保险，我只有家里的座机。');
    await submit(page, '[data-testid=continue]');

    // Assess: the check page says the landline and the other party
    const check = await textOf(page.getByTestId('check-payer'));
    expect(check).toContain('0476-8123456');
    expect(check).toContain(`赤峰某某建材有限公司，${EMPLOYER_CODE}`);

    // Act: send
    await page.check('#f-consent');
    await submit(page, '[data-testid=submit]');

    // Assess: the confirmation warns that no text will come; stored with the landline and the
    // employer
    expect(await textOf(page.getByTestId('landline-warning'))).toContain('收不到短信');
    const caseNumber = await textOf(page.getByTestId('case-number'));
    const stored = await e2e.rt.store.get(caseNumber);
    expect(stored?.payer.phone).toBe('0476-8123456');
    expect(stored?.counterparty).toEqual({
      kind: 'organization',
      name: '赤峰某某建材有限公司',
      idNumber: EMPLOYER_CODE,
    });
    await page.context().close();
  });
});

describe('the window', () => {
  it('registers an anonymous online post with no ID number and no phone, through the staff navigation', async () => {
    // Prepare
    const clerk = await signedIn(e2e.browser, e2e.rt, 'cyberspace.staff');

    // Act
    await followNav(clerk, '登记', '/staff/register');
    await clerk.getByLabel('网络舆情').check();
    await clerk.getByLabel('来访（来电）时间').fill('2026-11-26T08:40');
    await clerk.getByLabel('身份不明的线索').check();
    await clerk.getByLabel('网络发帖').check();
    await clerk.getByLabel('出处').fill('https://bbs.example.cn/t/8841');
    await clerk.getByLabel('用人单位名称或职工姓名').fill('赤峰某某建材有限公司');
    await clerk.getByLabel('争议的是什么问题').selectOption('arrears');
    await clerk.getByLabel('养老保险').check();
    await clerk.getByLabel('起始年月').fill('2024-01');
    await clerk.getByLabel('截止年月').fill('2024-12');
    await clerk
      .getByLabel('缴费人反映的主要内容')
      .fill('网帖反映某建材公司长期不给职工缴纳养老保险费。');
    expect(await axeViolations(clerk)).toEqual([]);
    await Promise.all([
      clerk.waitForURL((url) => url.pathname === '/staff/register/done'),
      clerk.getByTestId('submit-registration').click(),
    ]);

    // Assess: registered, and stored as a lead with its source, visit time and clerk; no access
    // code is shown, since nobody could be handed it
    const caseNumber = await textOf(clerk.getByTestId('case-number'));
    expect(await clerk.getByTestId('access-code').count()).toBe(0);
    expect(await textOf(clerk.getByTestId('lead-next'))).toContain('不发放查询码');
    const stored = await e2e.rt.store.get(caseNumber);
    expect(stored?.payer).toEqual({
      kind: 'lead',
      name: '',
      idNumber: '',
      phone: '',
      source: { kind: 'online-post', reference: 'https://bbs.example.cn/t/8841' },
    });
    expect(stored?.visitedAt).toBe('2026-11-26T08:40');
    expect(stored?.receivedBy).toMatchObject({ unit: 'cyberspace', user: 'cyberspace.staff' });
    expect(stored?.counterparty).toEqual({ kind: 'organization', name: '赤峰某某建材有限公司' });

    // Act and assess: the case page from the confirmation's link says who it is
    await clerk.getByTestId('case-link').click();
    await clerk.getByRole('heading', { level: 2, name: '缴费人' }).waitFor();
    expect(await textOf(clerk.locator('#case-payer'))).toContain('身份不明的线索');
    await clerk.context().close();
  });
});
