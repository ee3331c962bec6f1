/**
 * The payer's printed receipt (issue 13) as Chromium prints it: filed through the form, reached
 * by the confirmation's 「打印回执」, printed to a PDF on one A4 page that poppler's pdftotext reads
 * back with the case number, the access code and the date; with JavaScript on and off, since the
 * link and the page need none.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shanghaiDate } from '#core/time.ts';
import {
  A4,
  chineseDate,
  useBrowserRuntime,
  usePdfPrinter,
  WITH_AND_WITHOUT_JAVASCRIPT,
} from '#test/fixtures/e2e.ts';
import { fileDispute } from '#test/fixtures/payer.ts';
import { axeViolations, personIn, textOf } from './staff-pages.ts';

const e2e = useBrowserRuntime();
const pdf = usePdfPrinter('si-receipt-');

describe.each(WITH_AND_WITHOUT_JAVASCRIPT)('the filing receipt %s', (label, javaScript) => {
  it('opens from the confirmation’s 「打印回执」 and prints on one A4 page with the number, code and date', async () => {
    // Prepare: a dispute filed through the form, as a payer does
    const page = await personIn(e2e.browser, { javaScript });
    const before = shanghaiDate(new Date());
    // Without JavaScript, a landline and a matter no rule places: the receipt's longest text (the
    // office first, the way to a new code at a window), which once ran onto a second page.
    const { caseNumber, accessCode } = await fileDispute(
      page,
      e2e.rt.url,
      javaScript ? {} : { phone: '0476-1234567', type: 'other', insurance: 'pension' },
    );
    expect(caseNumber).toMatch(/^\d{4}-\d{6}$/);
    const after = shanghaiDate(new Date());

    // Act: the confirmation's link
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/api/payer/receipt'),
      page.getByRole('link', { name: '打印回执' }).click(),
    ]);

    // Assess: the page
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await textOf(page.getByTestId('receipt-case-number'))).toBe(caseNumber);
    expect(await textOf(page.getByTestId('receipt-access-code'))).toBe(accessCode);
    // Paper cannot be clicked: it names the look-up's address, which opens the look-up form.
    const statusUrl = `${e2e.rt.url}/status/`;
    expect(await textOf(page.getByTestId('receipt-status-url'))).toBe(statusUrl);
    const lookUp = await fetch(statusUrl);
    expect(lookUp.status).toBe(200);
    expect(await lookUp.text()).toContain('name="accessCode"');
    const day = await textOf(page.getByTestId('receipt-date'));
    expect([chineseDate(before), chineseDate(after)]).toContain(day);
    if (javaScript) expect(await axeViolations(page)).toEqual([]);

    // Act: print it
    const { bytes, text: printed } = await pdf.print(page, `receipt-${javaScript ? 'js' : 'nojs'}`);
    // To look at the printed receipt: KEEP_PDF_DIR=/some/dir.
    if (process.env.KEEP_PDF_DIR)
      writeFileSync(join(process.env.KEEP_PDF_DIR, `receipt-${label}.pdf`), bytes);
    // CJK text has no spaces of its own; pdftotext adds them at line and box ends.
    const text = printed.replace(/\s+/g, '');

    // Assess: one A4 page, with what the payer needs, and without the screen's header and footer
    const raw = bytes.toString('latin1');
    expect(raw.match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length, label).toBe(1);
    for (const m of raw.matchAll(/\/MediaBox\s*\[([^\]]*)\]/g)) {
      const [, , x1, y1] = (m[1] ?? '').trim().split(/\s+/).map(Number);
      expect(Math.abs((x1 ?? 0) - A4.width)).toBeLessThanOrEqual(1);
      expect(Math.abs((y1 ?? 0) - A4.height)).toBeLessThanOrEqual(1);
    }
    expect(text).toContain('翁牛特旗社会保险费征缴争议受理回执');
    expect(text).toContain(`受理编号：${caseNumber}`);
    expect(text).toContain(`查询码：${accessCode}`);
    expect(text).toContain(`受理日期：${day}`);
    expect(text).toContain(
      `${javaScript ? '缴费基数' : '其他'}（养老保险），2024年6月至2024年12月`,
    );
    if (!javaScript) {
      expect(text).toContain('先交给社会保险费征缴争议处理工作室');
      expect(text).toContain('请带上身份证件原件');
    }
    expect(text).toContain(`在网上打开${statusUrl}`);
    expect(text).toContain('怎样查询办理进度');
    expect(text).toContain('12345');
    expect(text).not.toContain('跳到正文');
    expect(text).not.toContain('请使用浏览器的打印功能');
    expect(text).not.toContain('您的个人信息');
    expect(text).not.toContain('李秀兰');
    await page.context().close();
  });
});
