/**
 * The case page's action forms read back into the JSON API's actions (issues 11, 12): what a
 * browser posts, urlencoded, becomes the body ActionSchema checks, every field a form's pointers
 * name is on the form, and the schema's errors land on the fields of the form that was sent.
 */
import { describe, expect, it } from 'vitest';
import { fieldErrors } from '#contracts/problem.ts';
import {
  type Action,
  ActionSchema,
  type ActionType,
  type StaffCaseView,
} from '#contracts/staff.ts';
import { DEFAULT_DEADLINES, type DeadlinePolicy } from '#core/deadlines.ts';
import { fieldId, PageErrors } from '#functions/pages/components.ts';
import { tidyDate } from '#functions/pages/draft.ts';
import {
  actionForms,
  formErrors,
  formPointers,
  readAction,
} from '#functions/pages/staff/case-actions.ts';
import type { Viewer } from '#functions/pages/staff/layout.ts';
import { staffCaseView } from '#test/fixtures/staff-view.ts';

const posted = (fields: [string, string][]) => new URLSearchParams(fields);

describe('reading an action form', () => {
  it('turns days into a number, yes/no into a boolean and the version into a number', () => {
    expect(
      readAction(
        posted([
          ['type', 'request-extension'],
          ['days', '３'],
          ['reason', ' 调档案 '],
          ['version', '4'],
        ]),
      ),
    ).toEqual({ type: 'request-extension', days: 3, reason: '调档案', version: 4 });
    expect(
      readAction(
        posted([
          ['type', 'decide-extension'],
          ['approve', 'false'],
          ['note', ''],
          ['version', '5'],
        ]),
      ),
    ).toEqual({ type: 'decide-extension', approve: false, version: 5 });
  });

  it('leaves out empty answers and fields the action does not have, so the schema names them', () => {
    const body = readAction(
      posted([
        ['type', 'respond'],
        ['answer', '  '],
        ['note', '别的表单的'],
        ['version', '2'],
      ]),
    );
    expect(body).toEqual({ type: 'respond', version: 2 });
    const parsed = ActionSchema.safeParse(body);
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(formErrors('respond', fieldErrors(parsed.error.issues), body)).toEqual([
      { pointer: '/respond/answer', detail: '请填写书面答复内容' },
    ]);
    expect(formPointers('respond')).toEqual(['/respond/answer']);
  });

  it('gives a consultation the positions of the units ticked, in their order, and puts a missing one on its box', () => {
    const body = readAction(
      posted([
        ['type', 'record-consultation'],
        ['date', '2026-11-26'],
        ['units', 'tax'],
        ['units', 'si-center'],
        ['position-hrss', '没有勾选的单位'],
        ['position-tax', '税务意见'],
        ['position-si-center', ''],
        ['conclusion', '结论'],
        ['minutes', '纪要'],
        ['lead', 'si-center'],
        ['version', '3'],
      ]),
    );
    expect(body).toMatchObject({
      units: ['tax', 'si-center'],
      positions: [{ unit: 'tax', position: '税务意见' }, { unit: 'si-center' }],
    });
    const parsed = ActionSchema.safeParse(body);
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const errors = formErrors('record-consultation', fieldErrors(parsed.error.issues), body);
    expect(errors).toEqual([
      {
        pointer: '/record-consultation/position-si-center',
        detail: '请填写旗社会保险事业服务中心的意见',
      },
    ]);
    expect(formPointers('record-consultation')).toContain(
      '/record-consultation/position-si-center',
    );
  });

  it('reads an unknown type as nothing but the type, which the schema refuses', () => {
    const body = readAction(
      posted([
        ['type', 'delete-everything'],
        ['version', '1'],
      ]),
    );
    expect(body).toEqual({ type: 'delete-everything' });
    expect(ActionSchema.safeParse(body).success).toBe(false);
  });
});

const TODAY = '2026-12-02';

/** An answered tax case under a leader's supervision and a 交办, seen by tax staff. */
function answeredCase(allowedActions: ActionType[]): StaffCaseView {
  const open = {
    kind: 'archive' as const,
    label: '整理案卷并归档',
    unit: 'tax',
    role: null,
    openedAt: '2026-11-30T02:00:00.000Z',
    due: '2026-12-07',
    covered: true,
    overdue: false,
    state: 'open' as const,
    closedAt: null,
    closedBy: null,
    chasedOn: null,
    supervisedOn: null,
    orderedOn: null,
  };
  return staffCaseView({
    version: 7,
    answer: { text: '经核实……', unit: 'tax', at: '2026-11-20T02:00:00.000Z' },
    work: [
      {
        ...open,
        id: 'follow-up:tax@5',
        kind: 'follow-up',
        label: '跟踪回访',
        due: '2026-11-27',
        overdue: true,
        chasedOn: '2026-11-30',
        // Reported by the sweep on 12-01, then ordered by a leader on 12-02 (S1 below)
        supervisedOn: '2026-12-01',
        orderedOn: '2026-12-02',
      },
      { ...open, id: 'supervision:tax:S1@6', kind: 'supervision', label: '答复领导小组督办' },
      {
        ...open,
        id: 'assignment:tax:A1@7',
        kind: 'assignment',
        label: '办理领导小组交办事项',
        due: '2026-12-10',
      },
    ],
    supervisions: [
      {
        id: 'S1',
        unit: 'tax',
        about: 'follow-up:tax@5',
        reason: 'leader',
        note: '请三日内完成回访。',
        by: 'leader',
        at: '2026-12-01T02:00:00.000Z',
      },
    ],
    assignments: [
      {
        id: 'A1',
        unit: 'tax',
        task: '报告同类争议的处理情况。',
        due: '2026-12-10',
        by: 'leader',
        at: '2026-12-01T03:00:00.000Z',
      },
    ],
    convening: { requestedAt: '2026-11-10T02:00:00.000Z', note: '欠费分段如何核定。' },
    allowedActions,
  });
}

const viewer: Viewer = {
  principal: { user: 'tax.staff', unit: 'tax', role: 'staff' },
  name: 'tax.staff',
  csrf: 'token',
};

/** The rendered form of one action, as the case page shows it. */
function formOf(
  type: ActionType,
  o: {
    errors?: PageErrors;
    failed?: URLSearchParams;
    policy?: DeadlinePolicy;
    /** The 督办 is the one a payer's 不满意 opened, not a leader's. */
    dissatisfied?: boolean;
  } = {},
) {
  const view = answeredCase([type]);
  if (o.dissatisfied) {
    view.supervisions = view.supervisions.map(({ about: _, ...s }) => ({
      ...s,
      reason: 'dissatisfied',
      by: 'payer',
    }));
  }
  const page = actionForms(view, viewer, {
    errors: o.errors ?? new PageErrors([], []),
    today: TODAY,
    policy: o.policy ?? DEFAULT_DEADLINES,
    ...(o.failed ? { failed: { type, form: o.failed } } : {}),
  }).text;
  const form = new RegExp(`<form[^>]*data-action="${type}"[\\s\\S]*?</form>`).exec(page)?.[0];
  if (!form) throw new Error(`no ${type} form`);
  return form;
}

/** What a person fills in on each of issue 12's forms, and the action the API then takes. */
const ROUND_TRIPS: {
  type: ActionType;
  what: string;
  fields: [string, string][];
  action: Action;
  dissatisfied?: boolean;
}[] = [
  {
    type: 'record-decision',
    what: '无异议，窗口，全角日期',
    fields: [
      ['decision', 'accept'],
      // Ticked under 「有异议」 before 「无异议」 was chosen: not the payer's route.
      ['route', 'litigation'],
      ['channel', 'window'],
      ['on', '２０２６－１２－０１'],
      ['comment', ''],
    ],
    action: { type: 'record-decision', decision: 'accept', channel: 'window', on: '2026-12-01' },
  },
  {
    type: 'record-decision',
    what: '有异议，电话',
    fields: [
      ['decision', 'object'],
      ['route', 'reconsideration'],
      ['channel', 'phone'],
      ['on', '2026-12-02'],
      ['comment', ' 认为基数核定过高 '],
    ],
    action: {
      type: 'record-decision',
      decision: 'object',
      route: 'reconsideration',
      channel: 'phone',
      on: '2026-12-02',
      comment: '认为基数核定过高',
    },
  },
  {
    type: 'request-convening',
    what: '会商事由',
    fields: [['note', '欠费分段如何核定，请税务局和社保中心参加。']],
    action: { type: 'request-convening', note: '欠费分段如何核定，请税务局和社保中心参加。' },
  },
  {
    type: 'record-convening',
    what: '会议日期和地点',
    fields: [
      // As the pages write dates
      ['date', '2026年12月8日'],
      ['place', '旗政府三楼会议室'],
    ],
    action: { type: 'record-convening', date: '2026-12-08', place: '旗政府三楼会议室' },
  },
  {
    type: 'supervise',
    what: '一项待办事项',
    fields: [
      ['item', 'follow-up:tax@5'],
      ['note', '请三日内完成回访。'],
    ],
    action: { type: 'supervise', item: 'follow-up:tax@5', note: '请三日内完成回访。' },
  },
  {
    type: 'answer-supervision',
    what: '督办答复和给缴费人的再次答复',
    fields: [
      ['answer', '已重新核实并电话告知。'],
      ['toPayer', '经重新核实，核定无误。'],
    ],
    action: {
      type: 'answer-supervision',
      answer: '已重新核实并电话告知。',
      toPayer: '经重新核实，核定无误。',
    },
    dissatisfied: true,
  },
  {
    type: 'assign-task',
    what: '单位、事项和期限',
    fields: [
      ['unit', 'si-center'],
      ['task', '报告同类争议的处理情况。'],
      ['due', '2026/12/10'],
    ],
    action: {
      type: 'assign-task',
      unit: 'si-center',
      task: '报告同类争议的处理情况。',
      due: '2026-12-10',
    },
  },
  {
    type: 'report-assignment',
    what: '办理结果',
    fields: [['reply', '已书面报告。']],
    action: { type: 'report-assignment', reply: '已书面报告。' },
  },
];

describe('a date as people write it', () => {
  it.each([
    ['2026年12月5日', '2026-12-05'],
    ['2026 年 12 月 5 日', '2026-12-05'],
    ['2026/12/5', '2026-12-05'],
    ['2026.12.05', '2026-12-05'],
    ['2026-12-05', '2026-12-05'],
    ['12月5日', '12月5日'],
    ['2026-13-05', '2026-13-05'],
  ])('reads %s as %s (anything else is left for the schema to name)', (written, read) => {
    expect(tidyDate(written)).toBe(read);
  });
});

describe('the days the forms’ hints state', () => {
  it('are the deadline policy’s in force, not the compiled-in defaults', () => {
    const policy = { ...DEFAULT_DEADLINES, returnWindow: 3 };
    const changed = formOf('return', { policy });
    expect(changed).toContain('请在派单后 3 个工作日内退回并说明原因');
    expect(formOf('return')).toContain('请在派单后 1 个工作日内退回并说明原因');
  });
});

describe('the forms of issue 12 (decisions, convening, 督办 and 交办)', () => {
  it.each(ROUND_TRIPS)(
    'reads the $type form into the action the API takes',
    ({ type, fields, action, dissatisfied }) => {
      // Prepare
      const form = formOf(type, { dissatisfied: dissatisfied ?? false });

      // Act
      const body = readAction(posted([['type', type], ...fields, ['version', '7']]));

      // Assess: every field the form posts is on it, each with the id its pointer gives
      for (const pointer of formPointers(type)) {
        expect(form).toContain(`id="${fieldId(pointer)}"`);
        expect(form).toContain(`name="${pointer.split('/')[2]}"`);
      }
      expect(ActionSchema.parse(body)).toEqual({ ...action, version: 7 });
    },
  );

  it('names the route when a decision recorded as 「有异议」 has none, and keeps the answers', () => {
    // Prepare
    const form = posted([
      ['type', 'record-decision'],
      ['decision', 'object'],
      ['channel', 'phone'],
      ['on', '2026-12-02'],
      ['version', '7'],
    ]);

    // Act
    const body = readAction(form);
    const parsed = ActionSchema.safeParse(body);

    // Assess
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const errors = formErrors('record-decision', fieldErrors(parsed.error.issues), body);
    expect(errors).toEqual([
      { pointer: '/record-decision/route', detail: '请选择缴费人选择的救济途径' },
    ]);
    const shown = formOf('record-decision', {
      errors: new PageErrors(errors, formPointers('record-decision')),
      failed: form,
    });
    expect(shown).toContain('id="f-record-decision-route-error"');
    expect(shown).toMatch(
      /id="f-record-decision-decision-object" name="decision" value="object" checked/,
    );
    expect(shown).toMatch(/name="channel" value="phone" checked/);
  });

  it('offers the open work items to supervise, each with its unit and due date', () => {
    const form = formOf('supervise');
    expect(form).toContain('跟踪回访（旗税务局）');
    expect(form).toContain('value="follow-up:tax@5"');
    expect(form).toContain('已超期');
    // The leader's order, not the sweep's report, names the mark (a code review)
    expect(form).toContain('已督办</strong><span class="secondary nowrap">（2026年12月2日）');
    expect(form).not.toContain('已报领导小组督办');
    // Of three open items none is chosen for the leader; the unit's time to answer is said.
    expect(form.match(/<input[^>]*name="item"[^>]*>/g)).toHaveLength(3);
    expect(form).not.toMatch(/<input[^>]*name="item"[^>]*checked/);
    expect(form).toContain('须在 3 个工作日内书面答复督办');
    // With one open item, it is chosen already: the leader came for it.
    const view = answeredCase(['supervise']);
    const one = actionForms({ ...view, work: view.work.slice(0, 1) }, viewer, {
      errors: new PageErrors([], []),
      today: TODAY,
      policy: DEFAULT_DEADLINES,
    }).text;
    expect(one).toMatch(/<input[^>]*name="item" value="follow-up:tax@5"[^>]*checked/);
  });

  it('asks for a further answer to the payer only on a 督办 the payer’s 不满意 opened', () => {
    expect(formOf('answer-supervision')).not.toContain('name="toPayer"');
    const owed = formOf('answer-supervision', { dissatisfied: true });
    expect(owed).toContain('领导小组（回访不满意，自动督办）');
    expect(owed).toMatch(
      /<label[^>]*for="f-answer-supervision-toPayer"[^>]*>\s*给缴费人的再次答复/,
    );
    expect(owed).toContain('缴费人会在网上查询页面看到');
  });

  it('shows the unit the supervision and the assignment it answers', () => {
    expect(formOf('answer-supervision')).toContain('请三日内完成回访。');
    expect(formOf('answer-supervision')).toContain('跟踪回访（旗税务局）');
    const report = formOf('report-assignment');
    expect(report).toContain('报告同类争议的处理情况。');
    expect(report).toContain('2026年12月10日');
  });

  it('asks the date of a decision as text, not a date picker, starting at today', () => {
    const form = formOf('record-decision');
    expect(form).toMatch(/type="text" id="f-record-decision-on" name="on" value="2026-12-02"/);
    expect(form).toContain('例如 2026-12-02');
  });

  it('tells each approver who reads a refusal’s reason and what they do with it', () => {
    // A refused extension goes back to the unit that asked; a refused proposal to the office,
    // which changes it and sends it again.
    expect(formOf('decide-extension')).toContain(
      '不同意的，请写明理由：申请延期的承办人员在案件页面上看到。',
    );
    expect(formOf('approve-proposal')).toContain(
      '不同意的，请写明理由：工作室据此修改后重新报送。',
    );
  });
});

describe('the head’s extension form', () => {
  it('marks the present deadline 已超期 when it has passed, so a late approval is not read as timely', () => {
    const view = staffCaseView({
      status: 'accepted',
      extension: { days: 5, reason: '需调取档案。', status: 'pending', requestedBy: 'tax.staff' },
      deadlines: [
        {
          kind: 'answer',
          label: '答复期限',
          due: '2026-12-01',
          covered: true,
          basis: '',
          overdue: true,
        },
      ],
      allowedActions: ['decide-extension'],
    });
    const page = actionForms(view, viewer, {
      errors: new PageErrors([], []),
      today: TODAY,
      policy: DEFAULT_DEADLINES,
    }).text;
    expect(page).toMatch(
      /<dt[^>]*>现在的期限<\/dt>\s*<dd[^>]*><time datetime="2026-12-01">[^<]*<\/time> <strong class="mark mark--overdue">/,
    );
  });
});

describe('the archive form', () => {
  it('says so when the case file holds no material yet, and not once it does', () => {
    const form = (attachments: StaffCaseView['attachments']) =>
      actionForms(
        staffCaseView({
          decision: { kind: 'accept', at: '2026-12-02T02:00:00.000Z', channel: 'online' },
          answer: { text: '答复。', unit: 'tax', at: '2026-12-01T02:00:00.000Z' },
          attachments,
          allowedActions: ['archive'],
        }),
        viewer,
        { errors: new PageErrors([], []), today: TODAY, policy: DEFAULT_DEADLINES },
      ).text;
    expect(form([])).toContain('本案还没有上传任何案卷材料。');
    const file = {
      id: 'a1',
      name: '调查笔录.pdf',
      contentType: 'application/pdf',
      size: 1000,
      uploadedBy: 'tax.staff',
      at: '2026-12-01T03:00:00.000Z',
    };
    expect(form([file])).not.toContain('本案还没有上传任何案卷材料。');
  });
});
