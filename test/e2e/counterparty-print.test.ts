/**
 * The written answer notice of a dispute that names the other party (seed 三(二): 向争议双方进行
 * 反馈), as Chromium prints it: one A4 page per party, each addressed by name (「巴特尔：」), the same answer on
 * both, and for the other party the remedies without the payer's access code. The PDF's text is
 * read page by page with poppler's pdftotext.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { makeCreditCode } from '#core/identifiers.ts';
import { residentId } from '#test/fixtures/cases.ts';
import { answeredCase, useBrowserRuntime, usePdfPrinter } from '#test/fixtures/e2e.ts';
import { axeViolations, findCase, signedIn, textOf } from './staff-pages.ts';

const e2e = useBrowserRuntime();
const pdf = usePdfPrinter('si-print-');

/** Prints the page as A4 and reads each page's text, with spaces and line breaks removed. */
async function printedPages(page: Page, name: string): Promise<string[]> {
  const { text } = await pdf.print(page, name);
  // pdftotext ends each page with a form feed.
  return text
    .split('\f')
    .map((p) => p.replace(/\s+/g, ''))
    .filter((p) => p !== '');
}

describe('the written answer notice of a dispute with another party', () => {
  it('prints one page addressed to each party, with the same answer', async () => {
    // Prepare: a worker's dispute naming the employer, answered by tax through the API.
    const payer = '李秀兰';
    const employer = '赤峰某某建材有限公司';
    const answer = '经核实，单位少报缴费基数属实，已责令单位补报并补缴差额。';
    const { caseNumber } = await answeredCase(e2e.rt, {
      answer,
      request: {
        payer: { kind: 'person', name: payer, idNumber: residentId(), phone: '13812345678' },
        counterparty: {
          kind: 'organization',
          name: employer,
          idNumber: makeCreditCode('91150426MA0N7X8K2'),
          phone: '13700001111',
        },
      },
    });

    // Act: the clerk finds the case from the inbox and follows its print link.
    const page = await signedIn(e2e.browser, e2e.rt, 'tax.staff');
    await findCase(page, caseNumber);
    const other = await textOf(page.getByTestId('case-counterparty'));
    expect(other).toContain(employer);
    expect(other).toContain('用人单位');
    expect(await textOf(page.getByTestId('payer-contact'))).toContain('短信');
    expect(await axeViolations(page)).toEqual([]);
    await Promise.all([
      page.waitForURL((url) => url.pathname === `/staff/cases/${caseNumber}/print/answer`),
      page.getByTestId('print-answer').click(),
    ]);
    const toPayer = (await textOf(page.getByTestId('sheet'))).replace(/\s+/g, '');
    const toOther = (await textOf(page.getByTestId('sheet-counterparty'))).replace(/\s+/g, '');
    expect(await axeViolations(page)).toEqual([]);
    const pages = await printedPages(page, 'answer-both');

    // Assess: on screen, a sheet per party.
    expect(toPayer).toContain(`${payer}：`);
    expect(toPayer).toContain(answer);
    expect(toOther).toContain(`${employer}：`);
    expect(toOther).toContain(answer);
    expect(toOther).toContain(`${payer}于`);
    expect(toOther).toContain('您单位作为争议一方，对处理结果有异议的');
    // Printed: two A4 pages, the payer's first, each with the answer, the remedies and the seal.
    expect(pages).toHaveLength(2);
    const [first = '', second = ''] = pages;
    expect(first).toContain(`${payer}：`);
    expect(first).not.toContain(`${employer}：`);
    expect(first).toContain(answer);
    expect(first).toContain('查询码');
    expect(first).toContain('行政复议');
    expect(first).toContain('盖章');
    expect(second).toContain(`${employer}：`);
    expect(second).not.toContain(`${payer}：`);
    expect(second).toContain('书面答复告知书');
    expect(second).toContain(answer);
    expect(second).toContain('行政复议');
    expect(second).toContain('劳动人事争议仲裁');
    expect(second).toContain('12345');
    expect(second).toContain('盖章');
    // The other party holds no access code, and the payer's silence is not its acceptance.
    expect(second).not.toContain('查询码');
    expect(second).not.toContain('视为没有异议');
    await page.context().close();

    // The office sees the case masked: each party's sheet says so, the other party's too (a code
    // review found the line on the first sheet only)
    const office = await signedIn(e2e.browser, e2e.rt, 'office.staff');
    await findCase(office, caseNumber);
    await Promise.all([
      office.waitForURL((url) => url.pathname === `/staff/cases/${caseNumber}/print/answer`),
      office.getByTestId('print-answer').click(),
    ]);
    const masked = await printedPages(office, 'answer-masked');
    expect(masked).toHaveLength(2);
    for (const sheet of masked) {
      expect(sheet).toContain('个人信息已隐去：本页仅供查阅，不作为正式文书使用。');
      expect(sheet).not.toContain(payer);
    }
    await office.context().close();
  });
});
