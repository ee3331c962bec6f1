/**
 * The printed forms (seed annexes 2 and 3, and the written answer notice) as Chromium prints them:
 * each on one A4 page, with the titles, the case's own content and the space for the seal. The
 * PDF's text is read with poppler's pdftotext, since Chromium compresses text streams and embeds
 * CID fonts that a regex over the bytes cannot read.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dynamoUserStore } from '#adapters/user-store.ts';
import { shanghaiDate } from '#core/time.ts';
import { TABLE_NAME } from '#functions/manifest.ts';
import { DEMO_PASSWORD } from '#local/demo.ts';
import { caseRequest, matter, postJson, residentId } from '#test/fixtures/cases.ts';
import { A4, chineseDate, useBrowserRuntime, usePdfPrinter } from '#test/fixtures/e2e.ts';
import { eventually } from '#test/fixtures/runtime.ts';
import { act, staffGet, tokenFor } from '#test/fixtures/staff.ts';
import { axeViolations, findCase, personIn, signedIn, signIn, textOf } from './staff-pages.ts';

const CLERK = { username: 'li.ming', name: '李明', phone: '0476-8888888' };

const e2e = useBrowserRuntime({
  // The window clerk of annex 2: an account with a display name and a work phone (issue 13).
  setUp: async (rt) => {
    await dynamoUserStore(rt.db, TABLE_NAME).add(
      { ...CLERK, unit: 'data-bureau', role: 'staff' },
      DEMO_PASSWORD,
    );
  },
});
const pdf = usePdfPrinter('si-print-');

interface PrintedPdf {
  pages: number;
  mediaBoxes: number[][];
  /** The text with every space and line break removed: CJK text has none of its own. */
  text: string;
}

/** Prints the page as A4 and reads the PDF: page objects, media boxes, text. */
async function printed(page: Page, name: string): Promise<PrintedPdf> {
  const { bytes, text } = await pdf.print(page, name);
  const raw = bytes.toString('latin1');
  // `/Type /Page` but not `/Type /Pages` (the page tree).
  const pages = raw.match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
  const mediaBoxes = [...raw.matchAll(/\/MediaBox\s*\[([^\]]*)\]/g)].map((m) =>
    (m[1] ?? '').trim().split(/\s+/).map(Number),
  );
  return { pages, mediaBoxes, text: text.replace(/\s+/g, '') };
}

function expectA4(pdf: PrintedPdf): void {
  expect(pdf.pages).toBe(1);
  expect(pdf.mediaBoxes.length).toBeGreaterThan(0);
  for (const [x0, y0, x1, y1] of pdf.mediaBoxes) {
    expect(x0).toBe(0);
    expect(y0).toBe(0);
    expect(Math.abs((x1 ?? 0) - A4.width)).toBeLessThanOrEqual(1);
    expect(Math.abs((y1 ?? 0) - A4.height)).toBeLessThanOrEqual(1);
  }
}

/**
 * Opens a print form the way staff do: the case found by its number from 待办, then the case
 * page's link to the form (its `print-<form>` links: 「打印受理登记表」, 「打印拟办意见报送单」,
 * 「打印书面答复告知书」).
 */
async function openSheet(page: Page, form: string, caseNumber: string): Promise<string> {
  await findCase(page, caseNumber);
  await Promise.all([
    page.waitForURL((url) => url.pathname === `/staff/cases/${caseNumber}/print/${form}`),
    page.getByTestId(`print-${form}`).click(),
  ]);
  const sheet = await textOf(page.getByTestId('sheet'));
  return sheet.replace(/\s+/g, '');
}

async function untilStatus(caseNumber: string, status: string) {
  return eventually(async () => {
    const c = await e2e.rt.store.get(caseNumber);
    return c?.status === status ? c : undefined;
  }, 5000);
}

async function view(caseNumber: string, user: string) {
  const res = await staffGet(
    e2e.rt,
    `/api/staff/cases/${caseNumber}`,
    await tokenFor(e2e.rt, user),
  );
  expect(res.status).toBe(200);
  return res.json;
}

describe('the printed forms', () => {
  it('prints a walk-in registration (annex 2), its written answer notice and the file’s catalogue on one A4 page each', async () => {
    // Prepare: an online case first, so the walk-in is not the only one; then the walk-in,
    // registered at the data bureau's window through the registration page on the paper form's
    // date, routed to tax.
    expect((await postJson(`${e2e.rt.url}/api/cases`, caseRequest())).status).toBe(201);
    const registeredOn = '2026-01-20';
    const description = '来访人称单位少报了2024年下半年的养老保险缴费基数，要求核实补缴。';
    const clerk = await personIn(e2e.browser);
    await signIn(clerk, e2e.rt, CLERK.username);
    await clerk.goto(`${e2e.rt.url}/staff/inbox`);
    await clerk.getByRole('link', { name: '登记', exact: true }).click();
    await clerk.getByRole('heading', { level: 1, name: '登记争议' }).waitFor();
    expect(await axeViolations(clerk)).toEqual([]);
    await clerk.getByLabel('窗口来访').check();
    await clerk.getByLabel('登记日期').fill(registeredOn);
    await clerk.getByLabel('来访（来电）时间').fill(`${registeredOn}T09:30`);
    await clerk.getByLabel('个人', { exact: true }).check();
    await clerk.getByLabel('缴费人（单位）名称').fill('巴特尔');
    await clerk.getByLabel('缴费人识别号').fill(residentId());
    await clerk.getByLabel('联系电话', { exact: true }).fill('13912345678');
    await clerk.getByLabel('争议的是什么问题').selectOption('base');
    await clerk.getByLabel('养老保险').check();
    await clerk.getByLabel('起始年月').fill('2024-07');
    await clerk.getByLabel('截止年月').fill('2024-12');
    await clerk.getByLabel('缴费人反映的主要内容').fill(description);
    await Promise.all([
      clerk.waitForURL((url) => url.pathname === '/staff/register/done'),
      clerk.getByTestId('submit-registration').click(),
    ]);
    const caseNumber = await textOf(clerk.getByTestId('case-number'));
    expect(await textOf(clerk.getByTestId('access-code'))).toMatch(/^[A-Z2-9]{12}$/);
    expect(await textOf(clerk.getByTestId('status-url'))).toBe(`${e2e.rt.url}/status/`);
    expect(await axeViolations(clerk)).toEqual([]);
    // Printed for the payer: the numbers, the address, who took it; not the clerk's own notes.
    const slip = await printed(clerk, 'registered-slip');
    expectA4(slip);
    expect(slip.text).toContain(`受理编号${caseNumber}`);
    expect(slip.text).toContain(`${e2e.rt.url}/status/`);
    expect(slip.text).toContain('受理单位：旗行政审批政务服务与数据管理局。');
    // …a slip that says what it is and when (a print review found neither title nor date)
    const flat = slip.text.replace(/\s+/g, '');
    expect(flat).toContain('翁牛特旗社会保险费征缴争议受理回执（窗口登记）');
    expect(flat).toContain(`受理日期：${chineseDate(registeredOn)}。`);
    expect(flat).toContain('由哪个部门办理');
    for (const clerkOnly of ['请把受理编号和查询码交给缴费人', '打印受理登记表', '再登记一件']) {
      expect(slip.text).not.toContain(clerkOnly);
    }
    await clerk.context().close();
    await untilStatus(caseNumber, 'assigned');
    expect((await act(e2e.rt, 'tax.staff', caseNumber, { type: 'sign-for' })).status).toBe(200);
    const answer = '经核实，单位少报缴费基数属实，已责令单位补报并补缴差额。';
    expect((await act(e2e.rt, 'tax.staff', caseNumber, { type: 'respond', answer })).status).toBe(
      200,
    );
    const api = await view(caseNumber, 'tax.staff');
    expect(api.registeredOn).toBe(registeredOn);
    const page = await signedIn(e2e.browser, e2e.rt, 'tax.staff');

    // Act and assess: annex 2
    const sheet = await openSheet(page, 'registration', caseNumber);
    expect(sheet).toContain(`登记日期：${chineseDate(registeredOn)}`);
    expect(await axeViolations(page)).toEqual([]);
    const registration = await printed(page, 'registration');
    expectA4(registration);
    expect(registration.text).toContain('翁牛特旗社会保险费征缴争议受理登记表');
    expect(registration.text).toContain(`登记日期：${chineseDate(registeredOn)}`);
    expect(registration.text).toContain('巴特尔');
    expect(registration.text).toContain(description);
    expect(registration.text).toContain('窗口来访');
    // The clerk who received the payer (seed 三(一)3), not tax, who signed for it later.
    expect(registration.text).toContain(`来访时间：${chineseDate(registeredOn)}09:30`);
    expect(registration.text).toContain(`受理人${CLERK.name}`);
    expect(registration.text).toContain(`受理人联系方式${CLERK.phone}`);
    expect(registration.text).toContain('受理单位翁牛特旗行政审批政务服务与数据管理局');
    expect(registration.text).toContain(`受理日期：${chineseDate(registeredOn)}`);
    expect(registration.text).not.toContain('tax.staff');
    expect(registration.text).not.toContain('税务局');
    expect(registration.text).toContain('盖章');
    // Only the sheet is printed: not the way back, the hint, or the staff header and footer.
    expect(registration.text).not.toContain('请使用浏览器的打印功能');
    expect(registration.text).not.toContain('收件箱');
    expect(registration.text).not.toContain('不得拍照');
    // The number may wrap at its hyphen in the narrow cell, which pdftotext then joins without it.
    expect(registration.text).toMatch(new RegExp(`受理编号：${caseNumber.replace('-', '-?')}`));

    // Act and assess: the written answer notice
    await openSheet(page, 'answer', caseNumber);
    expect(await axeViolations(page)).toEqual([]);
    const notice = await printed(page, 'answer');
    expectA4(notice);
    expect(notice.text).toContain('书面答复告知书');
    expect(notice.text).toContain('巴特尔');
    expect(notice.text).toContain(answer);
    expect(notice.text).toContain(`您于${chineseDate(registeredOn)}反映`);
    expect(notice.text).toContain('行政复议');
    // Signed with the answering unit's full official name (issue 13), not its short label.
    expect(notice.text).toContain('国家税务总局翁牛特旗税务局（盖章）');

    // Act and assess: the case file's catalogue (卷内目录), from the case page's link
    const catalogue = await openSheet(page, 'catalogue', caseNumber);
    expect(catalogue).toContain(
      `1翁牛特旗行政审批政务服务与数据管理局社会保险费征缴争议受理登记表${registeredOn.replaceAll('-', '')}`,
    );
    expect(catalogue).toMatch(/2国家税务总局翁牛特旗税务局书面答复告知书\d{8}$/);
    expect(await axeViolations(page)).toEqual([]);
    const catalogued = await printed(page, 'catalogue');
    expectA4(catalogued);
    expect(catalogued.text).toContain('卷内目录');
    expect(catalogued.text).toContain('序号');
    expect(catalogued.text).toContain('页号');
    await page.context().close();

    // Act and assess: the office, which sees this case masked, prints annex 2 marked as such, on
    // the same one page (a print review found a masked form that read as complete)
    const office = await signedIn(e2e.browser, e2e.rt, 'office.staff');
    await openSheet(office, 'registration', caseNumber);
    const masked = await printed(office, 'registration-masked');
    expectA4(masked);
    expect(masked.text.replace(/\s+/g, '')).toContain(
      '个人信息已隐去：本页仅供查阅，不作为正式文书使用。',
    );
    expect(masked.text).not.toContain('巴特尔');
    await office.context().close();
  });

  it('prints 网上提交 as receiver and receiving unit of a case the payer filed online, with its day', async () => {
    // Prepare: a case filed online, routed to tax
    const filed = await postJson(`${e2e.rt.url}/api/cases`, caseRequest());
    expect(filed.status).toBe(201);
    const caseNumber = String(filed.json.caseNumber);
    const stored = await untilStatus(caseNumber, 'assigned');
    const filedOn = shanghaiDate(new Date(stored.receivedAt));
    const page = await signedIn(e2e.browser, e2e.rt, 'tax.staff');

    // Act
    const sheet = await openSheet(page, 'registration', caseNumber);
    expect(await axeViolations(page)).toEqual([]);
    const pdf = await printed(page, 'online-registration');

    // Assess: no clerk is invented; the day it was filed, Beijing time, is both dates
    expect(sheet).toContain('受理人无（缴费人网上提交）');
    expectA4(pdf);
    expect(pdf.text.replace(/\s+/g, '')).toContain('受理人无（缴费人网上提交）');
    expect(pdf.text.replace(/\s+/g, '')).toContain('受理单位无（缴费人网上提交）');
    expect(pdf.text).toContain(`提交时间：${chineseDate(filedOn)}`);
    expect(pdf.text).toContain(`登记日期：${chineseDate(filedOn)}`);
    expect(pdf.text).toContain(`受理日期：${chineseDate(filedOn)}`);
    expect(pdf.text).not.toContain('tax.staff');
    await page.context().close();
  });

  it('keeps the seal of a long 会商纪要 on the page with the end of its minutes', async () => {
    // Prepare: tax (base from 2024-06) and si-center (registration of 2020): a joint case the
    // office classifies general and records a consultation of, with long minutes
    const filed = await postJson(
      `${e2e.rt.url}/api/cases`,
      caseRequest({
        matters: [
          matter(),
          matter({ type: 'registration', period: { from: '2020-01', to: '2020-06' } }),
        ],
      }),
    );
    const caseNumber = String(filed.json.caseNumber);
    await untilStatus(caseNumber, 'triage');
    const office = (body: Record<string, unknown>) => act(e2e.rt, 'office.staff', caseNumber, body);
    expect((await office({ type: 'classify', as: 'general', lead: 'tax' })).status).toBe(200);
    // Six such lines left the seal and date alone on page 2 before the print style kept them
    // with the text above (measured: 7–10 did not, 11 did again).
    const minutes = Array.from(
      { length: 6 },
      (_, i) =>
        `第${i + 1}项：各单位就欠费分段、基数核定和退费复核的口径逐项发表意见，形成一致意见后由牵头单位答复缴费人。`,
    ).join('\n');
    const recorded = await office({
      type: 'record-consultation',
      date: shanghaiDate(new Date()),
      units: ['tax', 'si-center'],
      positions: [
        { unit: 'tax', position: '2024 年 4 月以后的基数按申报核定。' },
        { unit: 'si-center', position: '2020 年的参保登记信息无误。' },
      ],
      conclusion: '由旗税务局牵头答复缴费人。',
      minutes,
      lead: 'tax',
    });
    expect(recorded.status).toBe(200);
    const page = await signedIn(e2e.browser, e2e.rt, 'office.staff');

    // Act
    await openSheet(page, 'consultation', caseNumber);
    const { text } = await pdf.print(page, 'consultation');

    // Assess: the seal is not alone on a page (a leaders' review printed it so)
    const pages = text.split('\f').filter((p) => p.trim() !== '');
    const last = (pages.at(-1) ?? '').replace(/\s+/g, '');
    expect(last).toContain('盖章');
    expect(last).toContain('记录人');
    await page.context().close();
  });

  it('prints a major case’s proposal (annex 3) with the serial the API drew, on one A4 page even with full texts', async () => {
    // Prepare: a penalty before the cut-off has no owner → office triage → major, tax leading.
    const filed = await postJson(
      `${e2e.rt.url}/api/cases`,
      caseRequest({
        matters: [matter({ type: 'penalty', period: { from: '2022-01', to: '2022-12' } })],
      }),
    );
    const caseNumber = String(filed.json.caseNumber);
    await untilStatus(caseNumber, 'triage');
    expect(
      (
        await act(e2e.rt, 'office.staff', caseNumber, {
          type: 'classify',
          as: 'major',
          lead: 'tax',
        })
      ).status,
    ).toBe(200);
    const proposal = {
      contactName: '乌云',
      contactPhone: '0476-4321234',
      // As long as a print review wrote them (230 and 330 characters): the seal, unit and date
      // went to a second page of their own before the seal was stamped over them (GB/T 9704).
      summary:
        '缴费人反映：其所在单位（某建筑工程有限公司）自2021年起未为其缴纳养老保险、工伤保险和失业保险，2024年4月后虽恢复缴费，但缴费基数按当地最低标准申报，与其实际工资差距较大。缴费人于2025年10月受工伤，因单位未足额缴纳工伤保险费，待遇核定受到影响。缴费人同时反映，单位以“劳务外包”为由否认与其存在劳动关系，已向旗人力资源和社会保障局反映但未得到处理。缴费人要求：一是确认劳动关系；二是补缴2021年以来的各项社会保险费；三是按实际工资核定工伤保险待遇。',
      proposedOpinion: [
        '一、本案涉及劳动关系确认、2024年4月1日前后分段欠费追缴、工伤保险待遇核定等多个事项，涉及旗人力资源和社会保障局、旗社会保险事业服务中心、旗就业服务中心、旗税务局四个单位，属于重大、复杂、疑难争议，建议按专案处理。',
        '二、建议由旗人力资源和社会保障局先行确认劳动关系（10个工作日内），确认后由旗社会保险事业服务中心、旗就业服务中心核定2024年4月1日以前的欠费，旗税务局追缴2024年4月1日以后的欠费。',
        '三、建议提请领导小组组织上述单位召开专题会议，明确工伤保险待遇的核定口径。',
        '四、由旗税务局牵头，在30个工作日内形成书面意见并书面告知缴费人。',
      ].join('\n'),
    };
    const proposed = await act(e2e.rt, 'office.staff', caseNumber, {
      type: 'record-proposal',
      ...proposal,
    });
    expect(proposed.status).toBe(200);
    const serial = String((proposed.json.proposal as { serial: string }).serial);
    const [, year, n] = /^\[(\d{4})\]第\((\d+)\)号$/.exec(serial) ?? [];
    expect(year).toMatch(/^\d{4}$/);
    const page = await signedIn(e2e.browser, e2e.rt, 'office.staff');

    // Act
    const sheet = await openSheet(page, 'proposal', caseNumber);
    expect(await axeViolations(page)).toEqual([]);
    const pdf = await printed(page, 'proposal');

    // Assess
    const printedSerial = `报送编号[${year}]第（${n}）号`;
    expect(sheet).toContain(printedSerial);
    expectA4(pdf);
    expect(pdf.text).toContain('翁牛特旗社会保险费征缴争议事项处理拟办意见报送单');
    expect(pdf.text).toContain(printedSerial);
    expect(pdf.text).toContain(proposal.contactName);
    expect(pdf.text).toContain(proposal.contactPhone);
    // The text layer sets each row's label amid its text: the texts' first and last lines.
    const flat = pdf.text.replace(/\s+/g, '');
    for (const text of [proposal.summary, proposal.proposedOpinion.replace(/\s+/g, '')]) {
      expect(flat).toContain(text.slice(0, 40));
      expect(flat).toContain(text.slice(-40));
    }
    expect(pdf.text).toContain('社会保险费征缴争议处理工作室');
    expect(pdf.text).toContain('盖章');
    await page.context().close();
  });
});
