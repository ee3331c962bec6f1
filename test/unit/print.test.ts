/**
 * The printed forms' words (functions/pages/staff/print.ts), without a browser: annex 2 as the seed
 * asks (the clerk who received the payer, their phone, their unit's full official name, the visit
 * time; 「网上提交」 for an online case), the payer kinds, the counterparty, and the units' full
 * official names from the settings on every form that signs (issue 13).
 */
import { describe, expect, it } from 'vitest';
import type { StaffCaseView } from '#contracts/staff.ts';
import { DEFAULT_DEADLINES } from '#core/deadlines.ts';
import { DEFAULT_OFFICIAL_NAMES } from '#core/units.ts';
import { casePage } from '#functions/pages/staff/case.ts';
import type { Viewer } from '#functions/pages/staff/layout.ts';
import { caseFileContents, printPage } from '#functions/pages/staff/print.ts';
import { staffCaseView } from '#test/fixtures/staff-view.ts';

const viewer: Viewer = {
  principal: { user: 'tax.staff', unit: 'tax', role: 'staff' },
  name: '王芳',
  csrf: 'x',
};

/** A tax case registered at the data bureau's window by 李明 on 2026-11-26, answered by tax. */
function windowCase(overrides: Partial<StaffCaseView> = {}): StaffCaseView {
  return staffCaseView({
    version: 5,
    channel: 'walk-in',
    registeredOn: '2026-11-26',
    payer: {
      kind: 'person',
      name: '巴特尔',
      idNumber: '150426199001011234',
      phone: '0476-1234567',
    },
    contact: 'phone',
    visitedAt: '2026-11-26T09:30',
    receivedBy: {
      unit: 'data-bureau',
      user: 'data-bureau.staff',
      name: '李明',
      phone: '0476-8888888',
    },
    matters: [
      {
        type: 'base',
        label: '缴费基数',
        insurance: ['pension'],
        period: { from: '2024-07', to: '2024-12' },
      },
    ],
    timeline: [
      {
        seq: 1,
        at: '2026-11-26T01:40:00.000Z',
        transition: 'receive',
        from: null,
        to: 'received',
        note: '',
        actor: { kind: 'staff', unit: 'data-bureau', user: 'data-bureau.staff' },
      },
      {
        seq: 3,
        at: '2026-11-27T02:00:00.000Z',
        transition: 'signFor',
        from: 'assigned',
        to: 'accepted',
        note: '',
        actor: { kind: 'staff', unit: 'tax', user: 'tax.staff' },
      },
    ],
    answer: { text: '经核实，已责令单位补报。', unit: 'tax', at: '2026-12-01T02:00:00.000Z' },
    ...overrides,
  });
}

/** The sheet's text, tags dropped and spaces removed, as pdftotext gives it in the e2e test. */
function sheetText(
  form: string,
  view: StaffCaseView,
  o: Partial<Parameters<typeof printPage>[4]> = {},
) {
  const { status, page } = printPage(form, viewer, view.caseNumber, view, {
    policy: DEFAULT_DEADLINES,
    ...o,
  });
  expect(status).toBe(200);
  const sheet = /<article[\s\S]*<\/article>/.exec(page.text)?.[0] ?? '';
  return sheet
    .replace(/<br>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, '');
}

/** The visit of 2 December at which the payer said 不满意, as the staff view gives it. */
const DISSATISFIED_VISIT = {
  visibleFrom: '2026-12-02',
  due: '2026-12-08',
  status: 'done',
  result: 'dissatisfied',
  by: 'staff',
} as const;

/** An approved proposal of a major case, as the staff view gives it. */
const APPROVED_PROPOSAL = {
  serial: '[2026]第(3)号',
  contactName: '王芳',
  contactPhone: '0476-1111111',
  summary: '摘要',
  proposedOpinion: '拟办意见',
  status: 'approved',
} as const;

describe('annex 2, the registration form', () => {
  it('prints the clerk who received the payer, their phone, their unit’s full name and the visit time', () => {
    const text = sheetText('registration', windowCase());
    expect(text).toContain('来访时间：2026年11月26日09:30');
    expect(text).toContain('受理人李明受理人联系方式0476-8888888');
    expect(text).toContain('受理单位翁牛特旗行政审批政务服务与数据管理局');
    expect(text).toContain('受理日期：2026年11月26日');
    // Not whoever signed for it later (seed 三(一)3: the receiver fills the form in at once).
    expect(text).not.toContain('tax.staff');
    expect(text).not.toContain('税务局');
    expect(text).toContain('联系电话：0476-1234567');
  });

  it('prints the account id when the clerk’s account has no display name', () => {
    const text = sheetText(
      'registration',
      windowCase({ receivedBy: { unit: 'tax', user: 'tax.staff', name: null, phone: null } }),
    );
    expect(text).toContain('受理人tax.staff受理人联系方式受理单位国家税务总局翁牛特旗税务局');
  });

  it('prints 网上提交 and the filing day and time for a case the payer filed online', () => {
    const text = sheetText(
      'registration',
      windowCase({
        channel: 'online',
        registeredOn: '2026-11-26',
        visitedAt: null,
        receivedBy: null,
        timeline: [
          {
            seq: 1,
            at: '2026-11-25T16:05:00.000Z',
            transition: 'receive',
            from: null,
            to: 'received',
            note: '',
            actor: { kind: 'payer' },
          },
        ],
      }),
    );
    // 16:05Z is 00:05 the next day in Beijing: the day the form says is Beijing's.
    expect(text).toContain('提交时间：2026年11月26日00:05');
    expect(text).toContain('受理人无（缴费人网上提交）受理人联系方式受理单位无（缴费人网上提交）');
    expect(text).toContain('受理日期：2026年11月26日');
  });

  it('prints a lead as 身份不明（线索） with its source, a number to verify as 待核实, and the counterparty', () => {
    const lead = sheetText(
      'registration',
      windowCase({
        payer: {
          kind: 'lead',
          name: '草原小白',
          idNumber: '',
          phone: '',
          source: { kind: 'online-post', reference: 'https://bbs.example.cn/t/123' },
        },
        contact: 'none',
      }),
    );
    expect(lead).toContain('身份不明（线索）自称：草原小白');
    expect(lead).toContain('线索来源：网络发帖https://bbs.example.cn/t/123');
    expect(lead).not.toContain('联系电话：');

    const pending = sheetText(
      'registration',
      windowCase({
        payer: {
          kind: 'person',
          name: '巴特尔',
          idNumber: '',
          phone: '13912345678',
          idPending: true,
        },
        counterparty: { kind: 'organization', name: '示例物流有限公司', phone: '0476-7654321' },
      }),
    );
    expect(pending).toContain('缴费人识别号（社会信用代码）待核实');
    expect(pending).toContain('争议对方：示例物流有限公司（单位），联系电话0476-7654321');
  });
});

describe('the answer notice’s deadline', () => {
  it('prints the days of the deadline policy it is given, not the compiled-in ones', () => {
    const policy = { ...DEFAULT_DEADLINES, silenceMeansAccept: 12 };
    const notice = sheetText('answer', windowCase(), { answerUrl: 'https://x/answer', policy });
    expect(notice).toContain('答复后12个工作日内没有提出异议的，视为没有异议。');
    expect(notice).not.toContain('15个工作日');
  });
});

describe('the further answer notice (再次答复告知书)', () => {
  /** Answered on 1 December; 不满意 at the visit; the 督办 and the payer answered on 7 December. */
  const further = (o: Partial<StaffCaseView> = {}) =>
    windowCase({
      followUp: DISSATISFIED_VISIT,
      supervisions: [
        {
          id: 'S1',
          unit: 'tax',
          reason: 'dissatisfied',
          by: 'tax.staff',
          at: '2026-12-04T03:00:00.000Z',
          answer: '已重新核实，并电话告知。',
          answeredAt: '2026-12-07T03:00:00.000Z',
          toPayer: '经重新核实，您2024年下半年的缴费基数核定无误。\n如有疑问，可以到窗口当面核对。',
        },
      ],
      objectionWindow: { lastDay: '2026-12-28', silence: 'lapses' },
      ...o,
    });

  it('gives the further answer, the last day and what silence means, the routes, and the seal', () => {
    const notice = sheetText('further-answer', further(), { answerUrl: 'https://x/answer/' });
    expect(notice).toContain('再次答复告知书');
    expect(notice).toContain(
      '巴特尔：您于2026年11月26日反映的社会保险费征缴争议（受理编号2026-000042），2026年12月1日书面答复后，您在回访中表示不满意。经领导小组督办，我单位重新核实处理，现再次答复如下：经重新核实，您2024年下半年的缴费基数核定无误。如有疑问，可以到窗口当面核对。',
    );
    expect(notice).toContain(
      '请在2026年12月28日前（含当天）告诉我们您准备通过哪种途径解决；逾期没有告诉我们的，案卷归档，但不视为您接受了处理结果。',
    );
    expect(notice).toContain('行政复议');
    expect(notice).toContain('https://x/answer/');
    expect(notice).toContain('国家税务总局翁牛特旗税务局（盖章）');
  });

  it('names no last day once the payer has said, and is not there before a further answer', () => {
    const decided = sheetText('further-answer', further({ objectionWindow: undefined }));
    expect(decided).toContain('经重新核实');
    expect(decided).not.toContain('前（含当天）');
    const none = printPage('further-answer', viewer, '2026-000042', windowCase(), {
      policy: DEFAULT_DEADLINES,
    });
    expect(none.status).toBe(404);
    expect(none.page.text).toContain('这个案件还没有再次答复');
  });
});

describe('the answer notice', () => {
  it('names who answered, the number to call, and the last day to object', () => {
    const notice = sheetText(
      'answer',
      windowCase({
        answer: {
          text: '经核实，已责令单位补报。',
          unit: 'tax',
          at: '2026-12-01T02:00:00.000Z',
          by: { name: '乌兰', phone: '0476-8123456' },
        },
        objectionWindow: { lastDay: '2026-12-22', silence: 'accepts' },
      }),
      { answerUrl: 'https://x/answer' },
    );
    expect(notice).toContain(
      '答复后15个工作日内（最晚在2026年12月22日前，含当天）没有提出异议的，视为没有异议。',
    );
    expect(notice).toContain('也可以到我单位窗口或打电话（0476-8123456）告诉我们。');
    expect(notice).toContain('承办人：乌兰联系电话：0476-8123456');
  });

  it('gives the day told with the answer alone, flags a day of a year without a calendar, and names no one it cannot', () => {
    const notice = (w: object, by: object) =>
      sheetText(
        'answer',
        windowCase({
          answer: { text: '答复。', unit: 'tax', at: '2026-12-01T02:00:00.000Z', by },
          objectionWindow: { lastDay: '2027-01-05', silence: 'accepts', ...w },
        }),
        { answerUrl: 'https://x/answer' },
      );
    // A shorter policy since: the days no longer lead to the day the payer was told
    const told = notice({ told: true, covered: true }, { name: '乌兰' });
    expect(told).toContain(
      '对以上处理结果没有异议的，我单位将整理有关文书和音视频资料后归档。2027年1月5日前（含当天）没有提出异议的',
    );
    expect(told).not.toContain('个工作日内');
    expect(told).toContain('承办人：乌兰');
    expect(told).not.toContain('联系电话');
    // A year whose holidays are not published yet: the day may move (DESIGN §6)
    const provisional = notice({ covered: false }, { phone: '0476-8123456' });
    expect(provisional).toContain('该年节假日安排尚未公布，这个日期可能调整');
    expect(provisional).toContain('联系电话：0476-8123456');
    expect(provisional).not.toContain('承办人');
  });

  it('says neither a number nor a day it does not have', () => {
    const notice = sheetText('answer', windowCase(), { answerUrl: 'https://x/answer' });
    expect(notice).toContain('答复后15个工作日内没有提出异议的');
    expect(notice).toContain('也可以到我单位窗口或打电话告诉我们。');
    expect(notice).not.toContain('承办人');
  });
});

describe('the notice to the other party', () => {
  const employer = {
    kind: 'organization',
    name: '示例物流有限公司',
    phone: '0476-7654321',
  } as const;
  const toOther = (text: string) =>
    sheetText(
      'answer',
      windowCase({
        counterparty: employer,
        answer: { text, unit: 'tax', at: '2026-12-01T02:00:00.000Z' },
      }),
      { answerUrl: 'https://x/answer' },
    ).split('示例物流有限公司：')[1] ?? '';

  it('says an answer written to the payer is a copy, so that 「您」 is not read as the employer', () => {
    expect(toOther('经核实，您反映的用人单位少报基数属实。')).toContain(
      '我单位已调查处理。现将给巴特尔的答复抄送您单位（答复中的“您”指巴特尔）：经核实，您反映的用人单位少报基数属实。',
    );
  });

  it('gives an answer in words for both parties as the result itself', () => {
    // 「您单位」, said to the employer itself, is no 「您」 of the payer
    expect(toOther('经核实，您单位已补报。')).not.toContain('抄告');
    const text = toOther('经核实，缴费人反映的该单位少报基数属实。');
    expect(text).toContain('您单位是这件争议的一方，现将处理结果告知如下：经核实，缴费人反映');
    expect(text).not.toContain('抄告');
  });
});

describe('the units’ full official names', () => {
  it('sign the answer notice and the forms with the names the settings hold', () => {
    const names = { ...DEFAULT_OFFICIAL_NAMES, tax: '国家税务总局翁牛特旗税务局（测试全称）' };
    const notice = sheetText('answer', windowCase(), {
      answerUrl: 'https://x/answer',
      officialNames: names,
    });
    expect(notice).toContain('国家税务总局翁牛特旗税务局（测试全称）（盖章）');
    const registration = sheetText(
      'registration',
      windowCase({ receivedBy: { unit: 'tax', user: 'tax.staff', name: '李明', phone: null } }),
      { officialNames: names },
    );
    expect(registration).toContain('受理单位国家税务总局翁牛特旗税务局（测试全称）');
  });

  it('default to the full names, never the short labels', () => {
    const notice = sheetText('answer', windowCase(), { answerUrl: 'https://x/answer' });
    expect(notice).toContain('国家税务总局翁牛特旗税务局（盖章）');
    expect(DEFAULT_OFFICIAL_NAMES.police).toBe('翁牛特旗公安局');
    expect(DEFAULT_OFFICIAL_NAMES['gov-office']).toBe('翁牛特旗人民政府办公室');
    expect(DEFAULT_OFFICIAL_NAMES.court).toBe('翁牛特旗人民法院');
  });
});

const PAGE = { today: '2026-12-05', policy: DEFAULT_DEADLINES };

describe('the case file’s catalogue (卷内目录)', () => {
  const entry = (
    seq: number,
    at: string,
    transition: string,
    unit: string,
    detail?: Record<string, string>,
  ) => ({
    seq,
    at,
    transition,
    from: null,
    to: 'same',
    note: '',
    actor: { kind: 'staff', unit, user: `${unit}.staff` },
    ...(detail ? { detail } : {}),
  });
  /** The window case, major, with every kind of document its file can hold. */
  const full = (overrides: Partial<StaffCaseView> = {}) =>
    windowCase({
      classification: 'major',
      opinions: [
        {
          unit: 'finance',
          question: '请核对退费数据。',
          requestedAt: '2026-11-27T03:00:00.000Z',
          opinion: '已核对。',
          // 16:30Z is 00:30 the next day in Beijing: the 28th.
          answeredAt: '2026-11-27T16:30:00.000Z',
          enteredBy: 'tax',
        },
        { unit: 'justice', question: '请提出意见。', requestedAt: '2026-11-27T03:00:00.000Z' },
      ],
      proposal: APPROVED_PROPOSAL,
      writtenOpinion: '专案意见。',
      extension: { days: 10, reason: '需调取档案', status: 'approved', requestedBy: 'tax.staff' },
      decision: {
        kind: 'object',
        route: 'reconsideration',
        at: '2026-12-03T02:00:00.000Z',
        channel: 'online',
      },
      followUp: DISSATISFIED_VISIT,
      supervisions: [
        {
          id: 's1',
          unit: 'tax',
          reason: 'dissatisfied',
          by: 'leader',
          at: '2026-12-04T03:00:00.000Z',
          answer: '已重新核实。',
          answeredAt: '2026-12-07T03:00:00.000Z',
          toPayer: '经重新核实，基数无误。',
        },
      ],
      remedies: [
        { outcome: 'in-progress', on: '2026-12-05', by: 'tax.staff', at: '2026-12-05T03:00:00Z' },
        {
          outcome: 'reconsideration-decision',
          on: '2026-12-20',
          by: 'tax.staff',
          at: '2026-12-21T03:00:00Z',
        },
      ],
      attachments: [
        {
          id: 'a1',
          name: '调查笔录.pdf',
          contentType: 'application/pdf',
          size: 1000,
          uploadedBy: 'tax.staff',
          at: '2026-12-21T09:00:00.000Z',
        },
        {
          id: 'a2',
          name: '约谈录音.m4a',
          contentType: 'audio/mp4',
          size: 1000,
          uploadedBy: 'tax.staff',
          at: '2026-12-21T09:05:00.000Z',
        },
      ],
      timeline: [
        ...windowCase().timeline,
        // A first proposal refused, then the one approved: the file keeps both forms.
        entry(4, '2026-11-26T05:00:00.000Z', 'recordProposal', 'office', {
          serial: '[2026]第(2)号',
        }),
        entry(4, '2026-11-26T07:00:00.000Z', 'decideProposal', 'tax', { approved: 'false' }),
        entry(4, '2026-11-27T05:00:00.000Z', 'recordProposal', 'office', {
          serial: '[2026]第(3)号',
        }),
        entry(4, '2026-11-27T08:00:00.000Z', 'decideProposal', 'tax', { approved: 'true' }),
        entry(5, '2026-11-28T01:00:00.000Z', 'requestExtension', 'tax', { days: '10' }),
        entry(6, '2026-11-29T01:00:00.000Z', 'decideExtension', 'tax', {
          approved: 'true',
          days: '10',
        }),
        entry(7, '2026-11-30T02:00:00.000Z', 'recordWrittenOpinion', 'office'),
        entry(8, '2026-12-04T02:00:00.000Z', 'recordFollowUp', 'si-center'),
        entry(9, '2026-12-21T09:00:00.000Z', 'attach', 'tax', { attachment: 'a1' }),
        entry(10, '2026-12-21T09:05:00.000Z', 'attach', 'tax', { attachment: 'a2' }),
      ],
      ...overrides,
    });

  it('lists what each made, oldest first, then the attached files with their dates left to the clerk', () => {
    const office = '翁牛特旗社会保险费征缴争议处理工作室';
    const tax = '国家税务总局翁牛特旗税务局';
    const rows = caseFileContents(full(), DEFAULT_OFFICIAL_NAMES);
    expect(rows.map((r) => [r.day, r.by, r.title, r.ref, r.note])).toEqual([
      [
        '2026-11-26',
        '翁牛特旗行政审批政务服务与数据管理局',
        '社会保险费征缴争议受理登记表',
        '',
        '',
      ],
      ['2026-11-26', office, '拟办意见报送单', '[2026]第（2）号', '领导小组办公室未同意'],
      ['2026-11-27', office, '拟办意见报送单', '[2026]第（3）号', '领导小组办公室已同意'],
      ['2026-11-28', '翁牛特旗财政局', '[协办单位意见]', '', `${tax}代为录入`],
      ['2026-11-29', tax, '[延期申请及审批意见]', '', '同意延长 10 个工作日'],
      ['2026-11-30', office, '专案书面意见', '', ''],
      ['2026-12-01', tax, '书面答复告知书', '', ''],
      ['2026-12-03', '缴费人', '[缴费人对处理结果的意见]', '', '有异议：行政复议；网上表态'],
      ['2026-12-04', '翁牛特旗社会保险事业服务中心', '[回访记录]', '', '不满意'],
      [
        '2026-12-04',
        '翁牛特旗社会保险费征缴争议联合处置工作领导小组',
        '[督办通知]',
        '',
        '旗税务局',
      ],
      ['2026-12-07', tax, '[督办事项办理情况]', '', ''],
      ['2026-12-07', tax, '再次答复告知书', '', ''],
      // The remedy in progress made no paper; the decision is the file's copy of it.
      ['2026-12-20', '行政复议机关', '行政复议决定书（复印件）', '', ''],
      ['', tax, '调查笔录', '', 'PDF 文件'],
      ['', tax, '约谈录音', '', 'M4A 录音，声像材料另存'],
    ]);
    const text = sheetText('catalogue', full());
    expect(text).toContain('卷内目录');
    expect(text).toContain('序号文号责任者题名日期页号备注');
    // Each row: its number, the date as eight digits, and an empty 页号 cell.
    expect(text).toContain('7国家税务总局翁牛特旗税务局书面答复告知书20261201');
    // The opinion justice never gave is no document of the file.
    expect(text).not.toContain('司法局');
  });

  it('has no row for a deemed acceptance, which no one wrote', () => {
    const rows = caseFileContents(
      full({ decision: { kind: 'accept', at: '2026-12-24T02:00:00.000Z', channel: 'silence' } }),
      DEFAULT_OFFICIAL_NAMES,
    );
    expect(rows.map((r) => r.title)).not.toContain('[缴费人对处理结果的意见]');
  });

  it('is not printed before the case is answered, and is linked from the case page and the archive form once it is', () => {
    const { status, page } = printPage('catalogue', viewer, '2026-000042', staffCaseView(), {
      policy: DEFAULT_DEADLINES,
    });
    expect(status).toBe(404);
    expect(page.text).toContain('承办单位答复缴费人后，才能打印卷内目录。');
    const link = 'href="/staff/cases/2026-000042/print/catalogue"';
    expect(casePage(staffCaseView(), viewer, PAGE).text).not.toContain(link);
    const answered = staffCaseView({
      answer: { text: '答复。', unit: 'tax', at: '2026-12-01T02:00:00.000Z' },
      decision: { kind: 'accept', at: '2026-12-02T02:00:00.000Z', channel: 'online' },
      allowedActions: ['archive'],
    });
    const answeredPage = casePage(answered, viewer, PAGE).text;
    expect(answeredPage.match(new RegExp(link, 'g'))?.length).toBe(2);
    expect(answeredPage).toContain('打印卷内目录</a>，核对案卷是否齐全');
  });
});

describe('an extension request the answer overtook', () => {
  it('reads as ended on the case page, not as still waiting for the head', () => {
    const extension = {
      days: 5,
      reason: '需调取档案。',
      status: 'pending' as const,
      requestedBy: 'tax.staff',
    };
    const waiting = casePage(staffCaseView({ extension }), viewer, PAGE).text;
    expect(waiting).toContain('<strong>等待单位负责人审批</strong>');
    const answered = casePage(
      staffCaseView({
        extension,
        answer: { text: '答复。', unit: 'tax', at: '2026-12-01T02:00:00.000Z' },
      }),
      viewer,
      PAGE,
    ).text;
    expect(answered).toContain('<strong>已答复缴费人，不再审批</strong>');
    expect(answered).not.toContain('等待单位负责人审批');
  });
});

/** The window case as a major case led by tax, after a 专题会议 of tax and medical on 11-30. */
const metMajorCase = (overrides: Partial<StaffCaseView> = {}) =>
  windowCase({
    classification: 'major',
    lead: 'tax',
    consultations: [
      {
        kind: 'special-meeting',
        date: '2026-11-30',
        units: ['tax', 'medical'],
        positions: [{ unit: 'medical', position: '医保部分无争议。' }],
        conclusion: '由税务局答复。',
        minutes: '纪要。',
        lead: 'tax',
        recordedBy: 'office.staff',
      },
    ],
    ...overrides,
  });

describe('a major case’s 专题会议', () => {
  it('prints as 专题会议纪要 and is listed so in the catalogue', () => {
    const view = metMajorCase();
    const text = sheetText('consultation', view);
    expect(text).toContain('专题会议纪要');
    expect(text).toContain('会议日期2026年11月30日');
    expect(text).toContain('会议结论由税务局答复。');
    expect(text).not.toContain('会商');
    // Issued by the leading group's office, which asks the group to hold it (seed 三(四))
    expect(text).toContain('翁牛特旗社会保险费征缴争议联合处置工作领导小组办公室（盖章）');
    expect(text).not.toContain('处理工作室（盖章）');
    expect(caseFileContents(view, DEFAULT_OFFICIAL_NAMES)).toContainEqual(
      expect.objectContaining({
        by: '翁牛特旗社会保险费征缴争议联合处置工作领导小组办公室',
        title: '专题会议纪要',
      }),
    );
  });
});

describe('the written opinion of a major case', () => {
  it('prints what it rests on, the opinion a paragraph a line, who answers, and the office’s seal', () => {
    const view = metMajorCase({
      proposal: APPROVED_PROPOSAL,
      writtenOpinion: '一、基数由税务局复核。\n二、医保部分无争议。',
      timeline: [
        ...windowCase().timeline,
        {
          seq: 9,
          // 16:10Z is 00:10 on 2 December in Beijing.
          at: '2026-12-01T16:10:00.000Z',
          transition: 'recordWrittenOpinion',
          from: 'special-handling',
          to: 'special-handling',
          note: '',
          actor: { kind: 'staff', unit: 'office', user: 'office.staff' },
        },
      ],
    });
    const text = sheetText('written-opinion', view);
    expect(text).toContain('专案书面意见');
    expect(text).toContain(
      '报送编号[2026]第（3）号拟办意见经领导小组办公室同意，于2026年11月30日召开专题会议会商研究（旗税务局、旗医疗保障局参加），形成书面意见如下：',
    );
    expect(text).toContain('一、基数由税务局复核。二、医保部分无争议。');
    expect(text).toContain('由牵头单位国家税务总局翁牛特旗税务局据此书面答复缴费人。');
    expect(text).toContain('翁牛特旗社会保险费征缴争议处理工作室（盖章）2026年12月2日');
    const page = casePage(view, viewer, PAGE).text;
    expect(page).toContain('href="/staff/cases/2026-000042/print/written-opinion"');
    const none = printPage('written-opinion', viewer, '2026-000042', staffCaseView(), {
      policy: DEFAULT_DEADLINES,
    });
    expect(none.status).toBe(404);
    expect(none.page.text).toContain('重大疑难争议由工作室形成专案书面意见后，才能打印。');
  });
});
