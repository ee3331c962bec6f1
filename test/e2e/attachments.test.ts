/**
 * 案卷材料 on the case page: a unit that holds the case uploads a file through the page (its small
 * script puts the file straight to its signed URL, then the page is shown again), sees it listed,
 * downloads the same bytes back through a plain link; refused files are named inline; a unit that
 * may only look sees the list without the upload form.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { filedCase, ONE_PAGE_PDF, useBrowserRuntime } from '#test/fixtures/e2e.ts';
import { act } from '#test/fixtures/staff.ts';
import { axeViolations, openCase, signedIn, textOf } from './staff-pages.ts';

const e2e = useBrowserRuntime();

/** A case filed through the API and assigned to tax, which holds it. */
const assignedCase = async () => (await filedCase(e2e.rt)).caseNumber;

const PDF = ONE_PAGE_PDF;

async function chooseAndUpload(
  page: Page,
  file: { name: string; mimeType: string; buffer: Buffer },
) {
  await page.setInputFiles('#upload-file', file);
  await page.click('[data-testid=upload]');
}

describe('案卷材料 on the case page', () => {
  it('uploads a PDF through the page, lists it, and downloads the same bytes', async () => {
    // Prepare
    const caseNumber = await assignedCase();
    const page = await signedIn(e2e.browser, e2e.rt, 'tax.staff');
    await openCase(page, e2e.rt, caseNumber);
    expect(await textOf(page.locator('#attachments-empty'))).toBe('还没有案卷材料。');
    expect(await page.locator('#upload-form').isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    // Act: upload
    const name = '受理登记表扫描件.pdf';
    await chooseAndUpload(page, { name, mimeType: 'application/pdf', buffer: PDF });

    // Assess: the page is shown again, says so and lists it; the case records it
    await page.waitForURL((url) => url.searchParams.get('done') === 'attach');
    expect(await textOf(page.locator('#attachment-done'))).toContain(name);
    const row = page.locator('#attachments-rows tr', { hasText: name });
    const cells = await row.locator('th, td').allTextContents();
    expect(cells.slice(0, 4)).toEqual([name, 'PDF 文件', `${PDF.length} 字节`, 'tax.staff']);
    expect(await page.locator('#attachments-empty').isHidden()).toBe(true);
    expect(await page.inputValue('#upload-file')).toBe('');
    expect(await axeViolations(page)).toEqual([]);
    const stored = await e2e.rt.store.get(caseNumber);
    expect(stored?.attachments).toEqual([
      expect.objectContaining({
        name,
        contentType: 'application/pdf',
        size: PDF.length,
        uploadedBy: 'tax.staff',
      }),
    ]);
    expect((await e2e.rt.store.timeline(caseNumber)).at(-1)).toMatchObject({
      transition: 'attach',
      actor: { unit: 'tax', user: 'tax.staff' },
    });

    // Act: download
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('link', { name: /下载/ }).click(),
    ]);

    // Assess: the same bytes, under the same name, and the page is still the case
    expect(download.suggestedFilename()).toBe(name);
    const path = await download.path();
    expect((await readFile(path)).equals(PDF)).toBe(true);
    expect(new URL(page.url()).pathname).toBe(`/staff/cases/${caseNumber}`);
    await page.context().close();
  });

  it('names a file type that may not be attached, and an empty file, next to the file input', async () => {
    const caseNumber = await assignedCase();
    const page = await signedIn(e2e.browser, e2e.rt, 'tax.staff');
    await openCase(page, e2e.rt, caseNumber);

    // Nothing chosen: the page says so without asking the API.
    await page.click('[data-testid=upload]');
    expect(await textOf(page.locator('#upload-file-error'))).toContain('请选择要上传的文件');

    await chooseAndUpload(page, {
      name: 'setup.exe',
      mimeType: 'application/x-msdownload',
      buffer: Buffer.from('MZ'),
    });
    const summary = page.locator('#attachment-errors');
    expect(await textOf(summary)).toContain('无法上传这个文件');
    expect(await textOf(page.locator('#upload-file-error'))).toContain('只能上传 PDF');
    expect(await page.getAttribute('#upload-file', 'aria-invalid')).toBe('true');
    expect(await page.title()).toMatch(/^错误：/);
    expect(await axeViolations(page)).toEqual([]);

    await chooseAndUpload(page, {
      name: '空白.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.alloc(0),
    });
    await page.locator('#upload-file-error', { hasText: '文件是空的' }).waitFor();
    expect(await page.locator('#upload-file-error').textContent()).not.toContain('只能上传');

    expect((await e2e.rt.store.get(caseNumber))?.attachments ?? []).toEqual([]);
    expect(await page.locator('#attachments-table').count()).toBe(0);
    await page.context().close();
  });

  it('lets a unit asked for an opinion download the file but not add to the case file', async () => {
    // Prepare: tax holds the case, uploads a file and asks finance for an opinion.
    const caseNumber = await assignedCase();
    const tax = await signedIn(e2e.browser, e2e.rt, 'tax.staff');
    await openCase(tax, e2e.rt, caseNumber);
    const name = '缴费记录.pdf';
    await chooseAndUpload(tax, { name, mimeType: 'application/pdf', buffer: PDF });
    await tax.locator('#attachment-done').waitFor();
    expect((await act(e2e.rt, 'tax.staff', caseNumber, { type: 'sign-for' })).status).toBe(200);
    const asked = await act(e2e.rt, 'tax.staff', caseNumber, {
      type: 'request-opinion',
      unit: 'finance',
      question: '请核对缴费记录',
    });
    expect(asked.status).toBe(200);

    // Act
    const finance = await signedIn(e2e.browser, e2e.rt, 'finance.staff');
    await openCase(finance, e2e.rt, caseNumber);
    const row = finance.locator('#attachments-rows tr', { hasText: name });
    const [download] = await Promise.all([
      finance.waitForEvent('download'),
      row.getByRole('link', { name: /下载/ }).click(),
    ]);

    // Assess
    expect((await readFile(await download.path())).equals(PDF)).toBe(true);
    expect(await finance.locator('#upload-form').isHidden()).toBe(true);
    expect(await axeViolations(finance)).toEqual([]);
    await tax.context().close();
    await finance.context().close();
  });
});
