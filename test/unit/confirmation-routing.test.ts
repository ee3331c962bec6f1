/**
 * The confirmation and the receipt say who handles the case by the routing decided at filing: a
 * joint case goes to the office first however far its delivery has got when the page is drawn (a
 * payer review saw the units listed, then 「工作室分办中」 a moment later).
 */
import { describe, expect, it } from 'vitest';
import { CreateCaseRequestSchema } from '#contracts/cases.ts';
import { DEFAULT_DEADLINES } from '#core/deadlines.ts';
import { submitCase } from '#core/intake.ts';
import { lookUpCase, type PayerView } from '#core/payer-view.ts';
import type { Receipt } from '#core/receipt.ts';
import { confirmationPage } from '#functions/pages/apply.ts';
import { receiptPage } from '#functions/pages/receipt.ts';
import { caseRequest } from '#test/fixtures/cases.ts';
import { memoryDeps, memoryLimiter } from '#test/fixtures/ports.ts';

const joint: PayerView = {
  caseNumber: '2026-000014',
  // Just filed: not yet in the office's inbox
  status: 'received',
  units: ['tax', 'si-center', 'medical'],
  mode: 'joint',
  handledBy: null,
  timeline: [],
  deadlines: {},
};
const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, '');

describe('who handles a joint case, as the payer is first told', () => {
  it('is the office first, on the confirmation and on the receipt, before delivery as after', () => {
    for (const status of ['received', 'triage'] as const) {
      const view = { ...joint, status };
      const confirmation = text(confirmationPage(view, 'ABCDEFGHJKMN', DEFAULT_DEADLINES).text);
      const receipt = text(
        receiptPage(
          {
            view,
            receivedAt: '2026-12-04T02:00:00Z',
            matters: [],
            mobile: true,
            channel: 'online',
          },
          'ABCDEFGHJKMN',
          DEFAULT_DEADLINES,
          'https://example.gov.cn/status/',
        ).text,
      );
      expect(confirmation, status).toContain('您的申请先交给社会保险费征缴争议处理工作室');
      expect(confirmation, status).not.toContain('已经交给下面的部门办理');
      expect(receipt, status).toContain('先交给社会保险费征缴争议处理工作室');
      // …and what comes next says the same, not that a unit signs for it within the day.
      for (const page of [confirmation, receipt]) {
        expect(page, status).toContain(
          '争议处理工作室确定由哪个部门办理（涉及几个部门的，确定牵头部门），再由办理部门签收。',
        );
        expect(page, status).not.toContain('办理部门签收您的申请');
      }
    }
  });

  it('lists the one unit of a single-unit case', () => {
    const view: PayerView = { ...joint, units: ['tax'], mode: 'single' };
    const confirmation = text(confirmationPage(view, 'ABCDEFGHJKMN', DEFAULT_DEADLINES).text);
    expect(confirmation).toContain('您的申请已经交给下面的部门办理：旗税务局');
    expect(confirmation).toContain('1个工作日内，办理部门签收您的申请。');
  });
});

describe('a lost code, as the receipt tells it', () => {
  it('tells a payer with a landline to get one at a window, not by SMS', () => {
    const receipt = (mobile: boolean) =>
      text(
        receiptPage(
          {
            view: joint,
            receivedAt: '2026-12-04T02:00:00Z',
            matters: [],
            mobile,
            channel: 'online',
          },
          'ABCDEFGHJKMN',
          DEFAULT_DEADLINES,
          'https://example.gov.cn/status/',
        ).text,
      );
    expect(receipt(true)).toContain('凭受理编号、证件号码和登记的手机号码，用短信重新获取');
    expect(receipt(false)).not.toContain('手机号码重新获取');
    expect(receipt(false)).toContain(
      '带上身份证件原件（单位带营业执照原件和经办人的身份证件原件）到政务服务大厅的社会保险费征缴争议处理工作室',
    );
  });
});

describe('the confirmation of a payer texts cannot reach', () => {
  it('warns a landline’s payer to keep the code, and no one else', async () => {
    // The look-up tells the page whether texts reach the payer: a landline's do not.
    const d = memoryDeps('2026-11-02T02:00:00Z');
    const deps = { ...d, limiter: memoryLimiter(d.clock), client: 'c', warn: () => undefined };
    const request = CreateCaseRequestSchema.parse(
      caseRequest({ payer: { ...caseRequest().payer, phone: '0476-8123456' } }),
    );
    const { caseNumber, accessCode } = await submitCase(request, { channel: 'online' }, d);
    const found = await lookUpCase(caseNumber, accessCode, deps);
    expect(found?.texted).toBe(false);

    const view: PayerView = { ...joint, units: ['tax'], mode: 'single' };
    const landline = confirmationPage(view, 'ABCDEFGHJKMN', DEFAULT_DEADLINES, { texted: false });
    const mobile = confirmationPage(view, 'ABCDEFGHJKMN', DEFAULT_DEADLINES, { texted: true });
    expect(text(landline.text)).toContain(
      '您留的是固定电话，收不到短信。查询码丢了，要带上身份证件原件（单位带营业执照原件和经办人的身份证件原件）',
    );
    expect(mobile.text).not.toContain('data-testid="landline-warning"');
  });
});

describe('how the case came in, as the receipt prints it', () => {
  it('names the window and the unit that registered a walk-in, and the online service otherwise', () => {
    const receipt = (extra: Pick<Receipt, 'channel' | 'receivedBy'>) =>
      text(
        receiptPage(
          { view: joint, receivedAt: '2026-12-04T02:00:00Z', matters: [], mobile: true, ...extra },
          'ABCDEFGHJKMN',
          DEFAULT_DEADLINES,
          'https://example.gov.cn/status/',
        ).text,
      );
    expect(receipt({ channel: 'walk-in', receivedBy: 'data-bureau' })).toContain(
      '受理方式：窗口来访（旗行政审批政务服务与数据管理局登记）',
    );
    expect(receipt({ channel: 'online' })).toContain(
      '受理方式：网上提交（社会保险费征缴争议一站式受理）',
    );
  });
});
