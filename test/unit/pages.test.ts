/**
 * The payer pages the API renders (functions/pages): escaping, the intake draft read from posted
 * forms, each step's errors from the API's own schema, and the error summary's links.
 */
import { describe, expect, it } from 'vitest';
import type { InboxItem } from '#contracts/staff.ts';
import { DEFAULT_DEADLINES } from '#core/deadlines.ts';
import type { PayerView } from '#core/payer-view.ts';
import type { Principal } from '#core/principal.ts';
import type { Report } from '#core/report.ts';
import type { OverdueRow } from '#core/supervision.ts';
import type { UnitId } from '#core/units.ts';
import { accessCodeRequestPage, accessCodeSentPage } from '#functions/pages/access-code.ts';
import { applyStepPage, checkPage } from '#functions/pages/apply.ts';
import { answerPage, lookupPage, readLookup, statusPage } from '#functions/pages/case.ts';
import { PageErrors } from '#functions/pages/components.ts';
import {
  type Draft,
  emptyDraft,
  firstIncompleteStep,
  isQuestionPage,
  postStep,
  readDraft,
  readMatters,
  readStep,
  stepErrors,
  tidyMonth,
} from '#functions/pages/draft.ts';
import { html } from '#functions/pages/html.ts';
import { inboxPage, typedCaseNumber } from '#functions/pages/staff/inbox.ts';
import { reportPage, reportsPage } from '#functions/pages/staff/reports.ts';
import { supervisionPage } from '#functions/pages/staff/supervision.ts';
import { filingErrors, pageErrors } from '#platform/payer-pages.ts';
import { residentId } from '#test/fixtures/cases.ts';

const complete = (): Draft => ({
  payer: { kind: 'person', name: '李秀兰', idNumber: residentId(), phone: '13812345678' },
  matters: [{ type: 'base', insurance: ['pension'], period: { from: '2024-06', to: '2024-12' } }],
  description: '单位申报的缴费基数比我的实际工资高。',
});

/** The hidden fields of a rendered form, as the browser would post them. */
function posted(page: string): URLSearchParams {
  const form = new URLSearchParams();
  for (const m of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    const value = (m[2] ?? '')
      .replaceAll('&quot;', '"')
      .replaceAll('&#39;', "'")
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&amp;', '&');
    form.append(m[1] ?? '', value);
  }
  return form;
}

describe('html', () => {
  it('escapes every interpolated value, so a payer’s words never become markup', () => {
    const name = '<script>alert("x")</script> & 王\'s';
    expect(html`<p title="${name}">${name}</p>`.text).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 王&#39;s">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 王&#39;s</p>',
    );
  });

  it('renders nothing for false, null and undefined, and joins arrays', () => {
    expect(html`${false}${null}${undefined}${['a', html`<b>b</b>`]}`.text).toBe('a<b>b</b>');
  });

  it('shows a hostile description on the check page as text only', () => {
    const draft = { ...complete(), description: '"><img src=x onerror=alert(1)>' };
    const page = checkPage(draft, { key: 'k'.repeat(32) }).text;
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('the check page', () => {
  it('writes one month as one month, and a span as the receipt writes it', () => {
    const draft = complete();
    draft.matters.push({
      type: 'base',
      insurance: ['pension'],
      period: { from: '2025-01', to: '2025-01' },
    });

    const page = checkPage(draft, { key: 'k'.repeat(32) }).text;

    expect(page).toContain('2024年6月至2024年12月');
    expect(page).toContain('2025年1月');
    expect(page).not.toContain('2025年1月至2025年1月');
    expect(page).not.toContain('2025年1月 至 2025年1月');
  });
});

describe('the intake draft', () => {
  it('tidies what phone keyboards type: full-width digits, spaces, dashes, 2024年3月', () => {
    const form = new URLSearchParams({
      'payer.kind': 'person',
      'payer.name': '  李秀兰 ',
      'payer.idNumber': '１１０１０１ １９９００３０７ ４４７x',
      'payer.phone': '138-1234-5678',
    });
    expect(readStep('payer', form, emptyDraft()).payer).toEqual({
      kind: 'person',
      name: '李秀兰',
      idNumber: '11010119900307447X',
      phone: '13812345678',
    });
    expect(
      [
        '2024年3月',
        '2024/3',
        '2024.3',
        '202403',
        '２０２４－０３',
        '2024-03',
        ' 2024 年 03 月 ',
      ].map(tidyMonth),
    ).toEqual(Array(7).fill('2024-03'));
  });

  it('reads matters by their index, in order, empty answers left out, at most ten', () => {
    const form = new URLSearchParams();
    form.append('matters[1].type', 'refund');
    form.append('matters[0].type', '');
    form.append('matters[0].insurance', 'pension');
    form.append('matters[0].insurance', 'injury');
    form.append('matters[0].period.from', '2024年6月');
    for (let i = 2; i < 14; i++) form.append(`matters[${i}].type`, 'base');
    const matters = readMatters(form);
    expect(matters).toHaveLength(10);
    expect(matters[0]).toEqual({
      type: undefined,
      insurance: ['pension', 'injury'],
      period: { from: '2024-06', to: undefined },
    });
    expect(matters[1]?.type).toBe('refund');
  });

  it('keeps the other steps’ answers when one step is posted', () => {
    const draft = complete();
    const next = readStep('description', new URLSearchParams({ description: '新的说明' }), draft);
    expect(next).toEqual({ ...draft, description: '新的说明' });
  });

  it('gives each step only its own errors, in the API’s words', () => {
    const draft = { ...emptyDraft(), payer: { kind: 'person', name: '李秀兰' } };
    expect(stepErrors('payer', draft).map((e) => e.pointer)).toEqual([
      '/payer/idNumber',
      '/payer/phone',
    ]);
    expect(stepErrors('matters', draft).map((e) => e.pointer)).toEqual([
      '/matters/0/type',
      '/matters/0/period/from',
      '/matters/0/period/to',
    ]);
    expect(stepErrors('description', draft)).toEqual([
      { pointer: '/description', detail: '请说明争议的具体情况' },
    ]);
    expect(stepErrors('check', complete(), false)).toEqual([
      { pointer: '/consent', detail: '请确认同意我们为处理争议使用您填写的信息' },
    ]);
    expect(firstIncompleteStep(draft)).toBe('payer');
    expect(firstIncompleteStep(complete())).toBeUndefined();
  });

  it('round-trips through the check page’s hidden fields to the same draft', () => {
    const draft: Draft = {
      ...complete(),
      matters: [
        {
          type: 'base',
          insurance: ['pension', 'medical'],
          period: { from: '2023-01', to: '2024-12' },
        },
        { type: 'other', insurance: [], period: { from: '2022-05', to: '2022-05' } },
      ],
      description: '第一行 "引号" & <尖括号>\n第二行',
    };
    const form = posted(checkPage(draft, { key: 'a'.repeat(32) }).text);
    expect(readDraft(form)).toEqual(draft);
    expect(form.get('idempotencyKey')).toBe('a'.repeat(32));
  });
});

describe('a posted intake step', () => {
  const matterFields = (n: number) => {
    const form = new URLSearchParams();
    for (let i = 0; i < n; i++) {
      form.append(`matters[${i}].type`, i === 0 ? 'base' : 'refund');
      form.append(`matters[${i}].insurance`, 'pension');
      form.append(`matters[${i}].period.from`, '2024-06');
      form.append(`matters[${i}].period.to`, '2024-12');
    }
    return form;
  };

  it('adds an empty matter and comes back to the same step, on the new matter’s first question', () => {
    const form = matterFields(1);
    form.set('action', 'add-matter');
    const outcome = postStep('matters', form, complete());
    expect(outcome).toMatchObject({ kind: 'again', focus: 'f-matters-1-type' });
    expect(outcome.draft.matters).toHaveLength(2);
    expect(outcome.draft.matters[1]).toEqual({ insurance: [], period: {} });
  });

  it('removes the matter whose button was pressed, keeping the others as typed', () => {
    const form = matterFields(2);
    form.set('action', 'remove-0');
    const outcome = postStep('matters', form, complete());
    expect(outcome).toMatchObject({ kind: 'again', removed: 1 });
    expect(outcome.draft.matters.map((m) => m.type)).toEqual(['refund']);
    // The page after says so, once, and only on the matters step
    const after = applyStepPage('matters', outcome.draft, { removed: 1 }).text;
    expect(after).toContain('已删除争议事项 1，后面的事项顺序往前移。');
    expect(applyStepPage('matters', outcome.draft).text).not.toContain('removed-notice');
  });

  it('adds no eleventh matter and removes no last one', () => {
    const ten = matterFields(10);
    ten.set('action', 'add-matter');
    expect(postStep('matters', ten, complete()).draft.matters).toHaveLength(10);
    const one = matterFields(1);
    one.set('action', 'remove-0');
    expect(postStep('matters', one, complete()).draft.matters).toHaveLength(1);
  });

  it('goes on to the next step, or back to the check page when the payer came from there', () => {
    expect(postStep('matters', matterFields(1), complete())).toMatchObject({
      kind: 'next',
      next: 'description',
    });
    const fromCheck = matterFields(1);
    fromCheck.set('from', 'check');
    expect(postStep('matters', fromCheck, complete())).toMatchObject({
      kind: 'next',
      next: 'check',
    });
  });

  it('refuses a period later than the current month on the matters step, on its own field', () => {
    const form = matterFields(1);
    form.set('matters[0].period.to', '2031年5月');
    const outcome = postStep('matters', form, complete(), '2026-12');
    expect(outcome).toMatchObject({
      kind: 'errors',
      errors: [
        { pointer: '/matters/0/period/to', detail: expect.stringContaining('不能晚于本月') },
      ],
    });
    expect(outcome.draft.matters[0]?.period.to).toBe('2031-05');
    expect(postStep('matters', matterFields(1), complete(), '2024-12').kind).toBe('next');
  });

  it('keeps the answers as typed with the errors of the step', () => {
    const outcome = postStep(
      'payer',
      new URLSearchParams({ 'payer.name': '李秀兰' }),
      emptyDraft(),
    );
    expect(outcome.kind).toBe('errors');
    expect(outcome.draft.payer.name).toBe('李秀兰');
  });
});

describe('the page names', () => {
  it('are the three question steps and nothing inherited from Object', () => {
    expect(['apply-payer', 'apply-matters', 'apply-description'].every(isQuestionPage)).toBe(true);
    expect(
      ['valueOf', 'toString', 'constructor', '__proto__', 'apply-check'].some(isQuestionPage),
    ).toBe(false);
  });
});

describe('the look-up form', () => {
  it('tidies a code typed in lower case with dashes, and names each bad answer', () => {
    expect(
      readLookup(
        new URLSearchParams({ caseNumber: ' 2026-000123 ', accessCode: 'abcd-efgh-jkmn' }),
      ),
    ).toEqual({ caseNumber: '2026-000123', accessCode: 'ABCDEFGHJKMN', errors: [] });
    expect(readLookup(new URLSearchParams({ caseNumber: '2026123' })).errors).toEqual([
      { pointer: '/caseNumber', detail: '受理编号的格式是“年份-6位数字”，例如 2026-000123' },
      { pointer: '/accessCode', detail: '请填写查询码' },
    ]);
  });

  it('says which characters a code never has, or how many were typed (a payer review, 2026-12-05)', () => {
    const detail = (accessCode: string) =>
      readLookup(new URLSearchParams({ caseNumber: '2026-000123', accessCode })).errors[0]?.detail;
    expect(detail('QBNVEVXPKVZ0')).toBe(
      '查询码里没有数字 0、1 和字母 I、L、O，请对照回执或短信看清后再填',
    );
    expect(detail('QBNVEVXPK')).toBe('查询码是 12 位，您填了 9 位，请对照回执或短信核对');
    expect(detail('QBNVEVXPKVZ?')).toBe('查询码只有大写字母和数字，请对照回执或短信核对');
  });

  it('takes the case number without its dash, or with another one, full-width digits too', () => {
    const code = 'ABCDEFGHJKMN';
    for (const typed of ['2026000123', '2026—000123', '2026/000123', '２０２６０００１２３']) {
      expect(
        readLookup(new URLSearchParams({ caseNumber: typed, accessCode: code })),
        typed,
      ).toEqual({ caseNumber: '2026-000123', accessCode: code, errors: [] });
    }
    // Digits missing or extra are still a wrong number, not a guess.
    for (const typed of ['202600012', '20260001234', '2026--000123']) {
      expect(
        readLookup(new URLSearchParams({ caseNumber: typed, accessCode: code })).errors,
        typed,
      ).toHaveLength(1);
    }
  });
});

describe('the intake’s words, after a payer review on a phone (2026-12-05)', () => {
  it('asks for a month as six digits, names the other party’s phone as theirs, and leads back to the front page', () => {
    // Prepare: a month with a dash typed wrong, another missing, the other party's phone wrong
    const draft: Draft = {
      ...complete(),
      matters: [{ type: 'base', insurance: ['pension'], period: { from: '2024-3' } }],
      counterparty: { name: '某某公司', phone: '12345' },
    };

    // Act
    const months = stepErrors('matters', draft);
    const payer = stepErrors('payer', draft);
    const first = applyStepPage('payer', draft).text;
    const second = applyStepPage('matters', draft).text;

    // Assess
    expect(months).toEqual([
      {
        pointer: '/matters/0/period/from',
        detail:
          '起始年月请填 6 位数字的年和月，例如 202403（2024 年 3 月）；年份在 1950 至 2099 之间，月份 1 至 12',
      },
      { pointer: '/matters/0/period/to', detail: '请填写截止年月：6 位数字的年和月，例如 202403' },
    ]);
    expect(payer).toEqual([
      {
        pointer: '/counterparty/phone',
        detail:
          '对方的联系电话有误：请填写 11 位手机号码，或带区号的固定电话，例如 13812345678 或 0476-1234567；不知道的，可以不填',
      },
    ]);
    expect(first).toContain('<a class="back-link" href="/">返回首页</a>');
    expect(second).toContain('返回上一步</a>');
    // Each matter named with a plain example; the period's hint read with both month fields
    expect(second).toContain(
      '<option value="rights-record">权益记录（缴费记录、缴费年限不对）</option>',
    );
    expect(second).toMatch(
      /<fieldset class="fieldset form-group" aria-describedby="f-matters-0-period-hint">\s*<legend/,
    );
  });
});

describe('error summaries', () => {
  it('puts an error about a whole part on the part’s first question shown', () => {
    const errors = new PageErrors(
      [
        { pointer: '/matters/0', detail: '每项争议事项应包含事项类型、险种和起止年月' },
        { pointer: '/payer/idNumber/extra', detail: 'x' },
      ],
      ['/matters/0/type', '/payer/idNumber'],
    );
    expect(errors.list.map((e) => e.pointer)).toEqual(['/matters/0/type', '/payer/idNumber']);
  });

  it('links each error to its field, marks the field, and prefixes the title with 「错误：」', () => {
    const page = applyStepPage('payer', emptyDraft(), {
      errors: [{ pointer: '/payer/phone', detail: '请填写手机号码' }],
    }).text;
    expect(page).toMatch(/<title>错误：您的信息 - /);
    expect(page).toContain('<li><a href="#f-payer-phone">请填写手机号码</a></li>');
    expect(page).toMatch(
      /id="f-payer-phone"[^>]*aria-describedby="f-payer-phone-hint f-payer-phone-error"[^>]*aria-invalid="true"/,
    );
    expect(page).toContain('<span class="visually-hidden">错误：</span>请填写手机号码');
  });

  it('shows a page without errors with no summary and a plain title', () => {
    const page = lookupPage('status').text;
    expect(page).not.toContain('error-summary');
    expect(page).toMatch(/<title>查看办理进度 - /);
  });

  it('gives every element of the answer page its own id, so each hint is read with its own choice', () => {
    // Prepare
    const page = answerPage(answered, inForce).text;

    // Act
    const ids = [...page.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    const described = [
      ...page.matchAll(/name="route" value="mediation"[^>]*aria-describedby="([^"]+)"/g),
    ];

    // Assess: the route group's hint and 司法调解's description were both f-route-hint.
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(described.map((m) => m[1])).toEqual(['f-route-mediation-hint']);
    expect(page).toContain('<p class="hint" id="f-route-hint">');
  });

  it('prints the answer alone: the forms and links do not print, a line saying what it is does', () => {
    const page = answerPage(answered, inForce).text;
    const noPrint = /<div class="no-print">([\s\S]*)<\/div>/.exec(page)?.[1] ?? '';

    expect(noPrint).toContain('data-testid="decision-form"');
    expect(noPrint).toContain('data-testid="sign-out"');
    expect(textOf(page, 'printed-from')).toMatch(
      /^翁牛特旗社会保险费征缴争议（受理编号 \d{4}-\d{6}）：以上是.+于\d{4}年\d{1,2}月\d{1,2}日给您的答复，从网上查询页面打印。$/,
    );
    expect(page).toContain('class="print-only print-only--block" data-testid="printed-from"');
  });

  it('offers the decision form only while the payer has not decided', () => {
    expect(answerPage(answered, inForce).text).toContain('data-testid="decision-form"');
    const decided = answerOf({
      status: 'objected',
      deadlines: {},
      decision: { kind: 'object', route: 'arbitration', at: '2026-11-21T02:00:00Z' },
    });
    expect(decided).not.toContain('data-testid="decision-form"');
    expect(decided).toContain('已记录您的异议');
  });
});

/** The committed deadline policy, as the settings give it when no administrator changed it. */
const inForce = { policy: DEFAULT_DEADLINES };

/** A case answered by the tax bureau on 20 November, open for a decision until 11 December. */
const answered: PayerView = {
  caseNumber: '2026-000001',
  status: 'responded',
  units: ['tax'],
  mode: 'single',
  handledBy: 'tax',
  timeline: [],
  deadlines: { objectBy: { due: '2026-12-11', covered: true } },
  answer: { text: '答复', unit: 'tax', at: '2026-11-20T02:00:00Z' },
};

/** The same case once the payer accepted the answer online on 21 November. */
const acceptedOnline: PayerView = {
  ...answered,
  deadlines: {},
  decision: { kind: 'accept', at: '2026-11-21T02:00:00Z', channel: 'online' },
};

/** The status page of the answered case with `changes`, under the policy in force. */
const statusOf = (changes: Partial<PayerView>) =>
  statusPage({ ...answered, ...changes }, inForce).text;

/** The answer page of the answered case with `changes`, under the policy in force. */
const answerOf = (changes: Partial<PayerView>) =>
  answerPage({ ...answered, ...changes }, inForce).text;

/** The text of one element, by its test id, tags stripped. */
function textOf(page: string, testid: string): string {
  const m = new RegExp(`data-testid="${testid}"[^>]*>([^]*?)</(p|li|span|div|h1|strong)>`).exec(
    page,
  );
  return (m?.[1] ?? '').replace(/<[^>]+>/g, '');
}

describe('the status page', () => {
  it('names the unit handling the case, or says one is being chosen while it is routed', () => {
    const joint = statusOf({
      status: 'accepted',
      units: ['tax', 'hrss'],
      deadlines: {},
    });
    expect(textOf(joint, 'handled-by')).toBe('旗税务局');
    expect(joint).toContain('<dt>其他相关部门</dt>');
    expect(joint).toContain('<li>旗人力资源和社会保障局</li>');
    const routing = statusOf({ status: 'received', handledBy: null, deadlines: {} });
    expect(textOf(routing, 'handled-by')).toBe('正在确定由哪个部门办理');
    expect(routing).not.toContain('其他相关部门');
  });

  it('says by when the unit must sign for and answer, flagging a date in an uncovered year', () => {
    const assigned = statusOf({
      status: 'assigned',
      deadlines: { signFor: { due: '2027-01-04', covered: false } },
    });
    expect(textOf(assigned, 'deadline-sign-for')).toBe(
      '办理部门应在2027年1月4日前（含当天）签收您的申请。 注意：该日期所在年份的节假日安排尚未公布，到期日可能调整',
    );
    const accepted = statusOf({
      status: 'accepted',
      deadlines: { answer: { due: '2026-12-01', covered: true } },
    });
    expect(textOf(accepted, 'deadline-answer')).toBe(
      '办理部门应在2026年12月1日前（含当天）答复您。',
    );
    expect(accepted).toContain('<time datetime="2026-12-01">');
    expect(accepted).not.toContain('class="flag"');
  });

  it('gives the last day to object after the answer, and what silence means', () => {
    const page = statusPage(answered, inForce).text;
    expect(textOf(page, 'object-by')).toBe(
      '如对答复有异议，请在答复后 15 个工作日内，即2026年12月11日前（含当天）告诉我们；逾期未告诉我们的，视为您没有异议。',
    );
    expect(page).toContain('data-testid="answer-link"');
  });

  it('keeps the route an objecting payer chose, where to go and by when, on the progress page', () => {
    const page = statusOf({
      status: 'objected',
      deadlines: {},
      decision: {
        kind: 'object',
        route: 'reconsideration',
        at: '2026-11-21T02:00:00Z',
        channel: 'online',
      },
    });
    const chosen = (/data-testid="chosen-route">([\s\S]*?)<\/p>/.exec(page)?.[1] ?? '').replace(
      /<[^>]+>/g,
      '',
    );
    expect(chosen).toContain('您选择了行政复议');
    // The tax bureau answered: its act goes one level up, and only that place is named.
    expect(chosen).toContain('到哪里：赤峰市税务局（对旗税务局的决定不服，向上一级税务机关申请）');
    expect(chosen).not.toContain('旗人民政府');
    expect(chosen).toContain('60 日内');
    const fromCentre = statusOf({
      status: 'objected',
      deadlines: {},
      units: ['si-center'],
      answer: { text: '答复', unit: 'si-center', at: '2026-11-20T02:00:00Z' },
      decision: { kind: 'object', route: 'reconsideration', at: '2026-11-21T02:00:00Z' },
    });
    expect(fromCentre).toContain('到哪里：旗人民政府（行政复议机构设在旗司法局）');
    expect(fromCentre).not.toContain('赤峰市税务局');
    // A joint answer covers the acts of each unit of the case: each place, with its units.
    const joint = statusOf({
      status: 'objected',
      deadlines: {},
      units: ['tax', 'medical'],
      answer: { text: '答复', unit: 'tax', at: '2026-11-20T02:00:00Z' },
      decision: { kind: 'object', route: 'reconsideration', at: '2026-11-21T02:00:00Z' },
    });
    expect(joint).toContain(
      '到哪里：对旗税务局的决定不服的，向赤峰市税务局申请；对旗医疗保障局的决定不服的，向旗人民政府（行政复议机构设在旗司法局）申请',
    );
    expect(statusOf({})).not.toContain('data-testid="chosen-route"');
    expect(page).not.toContain('data-testid="other-limits"');
  });

  it('names the other routes’ limits beside mediation, which has none and stops none', () => {
    const page = statusOf({
      status: 'objected',
      deadlines: {},
      decision: {
        kind: 'object',
        route: 'mediation',
        at: '2026-11-21T02:00:00Z',
        channel: 'online',
      },
    });
    const others = (/data-testid="other-limits">([\s\S]*?)<\/ul>/.exec(page)?.[1] ?? '')
      .split('</li>')
      .map((li) => li.replace(/<[^>]+>/g, '').trim())
      .filter(Boolean);
    expect(page.replace(/<[^>]+>/g, '')).toContain(
      '期限：法律没有规定申请期限。调解期间，其他途径的期限照常计算，请同时留意。',
    );
    expect(others.map((o) => o.split('：')[0])).toEqual([
      '行政复议',
      '劳动人事争议仲裁',
      '行政诉讼',
    ]);
    expect(others[0]).toContain('60 日内');
  });

  it('does not read as waiting for the payer once the answer is accepted', () => {
    const page = statusPage(acceptedOnline, inForce).text;
    expect(textOf(page, 'status')).toBe('已答复');
    expect(textOf(page, 'status-hint')).toBe(
      '您已接受处理结果。办理部门正在整理案卷，整理好后归档。',
    );
    expect(page).not.toContain('data-testid="answer-link"');
    expect(page).not.toContain('data-testid="object-by"');
    expect(page).not.toMatch(/请.{0,10}告诉我们/);
  });
});

describe('the answer page', () => {
  it('states the last day to object before the decision form, on screen and on paper', () => {
    const page = answerPage(answered, inForce).text;
    // Above the form, outside what print leaves out (a print review: the printout kept the
    // answer alone), and the routes printed with their places and limits
    const beforeForm = page.slice(0, page.indexOf('data-testid="decision-form"'));
    const printed = beforeForm.slice(beforeForm.lastIndexOf('data-testid="answer-text"'));
    expect(printed.indexOf('data-testid="object-by"')).toBeGreaterThan(0);
    expect(printed.slice(0, printed.indexOf('data-testid="object-by"'))).not.toContain(
      '<div class="no-print">',
    );
    expect(textOf(page, 'object-by')).toContain('即2026年12月11日前（含当天）告诉我们');
    expect(page.slice(page.indexOf('data-testid="printed-remedies"'))).toContain(
      '<strong>行政复议</strong>：',
    );
    // …and where to say it, the look-up's address printed, since paper cannot be clicked
    expect(textOf(page, 'printed-how')).toContain('在本网站首页点“查看答复”');
    const withUrl = answerPage(answered, { ...inForce, answerUrl: 'https://x.gov.cn/answer/' });
    expect(textOf(withUrl.text, 'printed-how')).toContain(
      '在网上打开 https://x.gov.cn/answer/，输入受理编号和查询码后，选择是否接受处理结果',
    );
    // …and that silence waives none of the routes the law gives
    expect(textOf(page, 'object-by-rights')).toContain(
      '“视为没有异议”只表示这件事在这里办结归档，不影响您依法申请行政复议、劳动人事争议仲裁或者提起行政诉讼',
    );
  });

  it('states the days to object of the policy in force, not the defaults', () => {
    const policy = { ...DEFAULT_DEADLINES, silenceMeansAccept: 12 };
    const page = answerPage(answered, { policy }).text;
    expect(textOf(page, 'object-by')).toContain('请在答复后 12 个工作日内，即2026年12月11日前');
    expect(page).not.toContain('15 个工作日');
  });

  it('tells a payer who accepted online that the unit files the case, then archives it', () => {
    const page = answerPage(acceptedOnline, inForce).text;
    expect(textOf(page, 'decision-done')).toBe('您已接受处理结果');
    expect(textOf(page, 'decision-summary')).toBe(
      '您已于2026年11月21日接受处理结果。办理部门整理案卷后归档，您不需要再做什么。',
    );
  });

  it('tells a payer who accepted with the visit still open that a visit follows, not that it is over', () => {
    const page = answerPage({ ...acceptedOnline, followUp: { status: 'open' } }, inForce).text;
    expect(textOf(page, 'decision-summary')).toBe(
      '您已于2026年11月21日接受处理结果。办理部门整理案卷后归档。接下来我们会回访，听听您对处理结果的意见。',
    );
    // …and the way to answer it now, which a visit with nothing left to answer does not offer
    expect(page).toContain(`href="/api/payer/survey" data-testid="survey-link">现在就回答回访`);
    expect(answerPage(acceptedOnline, inForce).text).not.toContain('data-testid="survey-link"');
  });

  it('explains an acceptance by silence and whom to call about it', () => {
    const page = answerOf({
      deadlines: {},
      decision: { kind: 'accept', at: '2026-12-12T01:00:00Z', channel: 'silence' },
    });
    expect(page).toMatch(/<title>已视为您没有异议 - /);
    expect(textOf(page, 'decision-summary')).toMatch(
      /^答复后，您在规定期限内没有告诉我们有异议，按规定视为您没有异议（2026年12月12日记录）。.*12345/,
    );
    expect(page).not.toContain('data-testid="decision-form"');
  });

  it('says where and when staff recorded a decision given at the window or by phone', () => {
    const window = answerOf({
      status: 'archived',
      deadlines: {},
      decision: {
        kind: 'accept',
        at: '2026-11-25T02:00:00Z',
        channel: 'window',
        on: '2026-11-24',
        recordedBy: 'tax.staff',
      },
    });
    expect(textOf(window, 'decision-summary')).toBe(
      '您于2026年11月24日在窗口告诉工作人员您接受处理结果，已经记录。案卷已经归档，这件事已经办结。',
    );
    const phone = answerOf({
      status: 'objected',
      deadlines: {},
      decision: {
        kind: 'object',
        route: 'mediation',
        at: '2026-11-25T02:00:00Z',
        channel: 'phone',
        on: '2026-11-24',
      },
    });
    expect(textOf(phone, 'decision-summary')).toBe(
      '您于2026年11月24日通过电话告诉工作人员您对处理结果有异议，已经记录。',
    );
    expect(phone).toContain('您选择了<strong>司法调解</strong>');
  });

  it('shows why a second decision was not recorded above the decision already made', () => {
    const page = answerPage(acceptedOnline, {
      problem: { title: '这次提交没有记录', detail: '您已经告诉过我们是否接受处理结果。' },
      ...inForce,
    }).text;
    expect(page).toMatch(/<title>错误：您已接受处理结果 - /);
    expect(page.indexOf('这次提交没有记录')).toBeLessThan(
      page.indexOf('data-testid="decision-done"'),
    );
    expect(page).toContain('<p>您已经告诉过我们是否接受处理结果。</p>');
  });
});

describe('the staff inbox and supervision pages', () => {
  const viewer = (p: Principal) => ({ principal: p, name: 'u', csrf: 'token' });
  const item: InboxItem = {
    caseNumber: '2026-000001',
    workId: 'extension:tax@4',
    kind: 'extension',
    kindLabel: '审批延期申请',
    role: 'head',
    openedAt: '2026-11-02T02:00:00.000Z',
    chasedOn: '2026-11-04',
    supervisedOn: '2026-11-11',
    orderedOn: null,
    version: 4,
    status: 'accepted',
    statusLabel: '办理中',
    channel: 'online',
    mode: 'single',
    matters: ['base'],
    insurance: ['pension'],
    payerName: '王**',
    receivedAt: '2026-11-02T02:00:00.000Z',
    due: '2026-11-03',
    dueKind: 'answer',
    supervision: 'supervision',
    overdue: true,
    dueCovered: true,
  };

  it('shows a head’s item as such, overdue, with the dates of its 催办 and 督办', () => {
    const page = inboxPage(viewer({ user: 'h', unit: 'tax', role: 'head' }), {
      unit: 'tax',
      view: 'work',
      query: new URLSearchParams(),
      result: { items: [item], next: null, counts: { extension: 1, answer: 2 } },
      today: '2026-11-12',
    }).text;
    expect(page).toContain('<strong data-testid="work-kind">审批延期申请（负责人）</strong>');
    expect(page).toContain('已超期');
    expect(page).toContain('2026年11月4日已催办');
    expect(page).toContain('2026年11月11日已报领导小组督办');
    expect(page).toContain('本页 1 项，其中已超期 1 项（排在前面）。');
    // Kinds in the core's order, each with its count, whatever the other filters.
    expect(page).toMatch(/全部（3）[\s\S]*调查处理并书面答复（2）[\s\S]*审批延期申请（1）/);
  });

  it('lists overdue items by unit, or all of them the latest first with their unit', () => {
    const row = (unit: UnitId, caseNumber: string, due: string, lateDays: number): OverdueRow => ({
      item: {
        id: `answer:${unit}@2`,
        key: `answer:${unit}`,
        kind: 'answer',
        unit,
        openedAt: '2026-10-01T02:00:00.000Z',
        openedBy: 'signFor',
        due,
        covered: true,
        state: 'open',
      },
      case: {
        caseNumber,
        version: 2,
        status: 'accepted',
        channel: 'online',
        receivedAt: '2026-10-01T02:00:00.000Z',
        holder: unit,
        due: null,
        mode: 'single',
        lead: null,
        payer: { kind: 'person', name: '王小明' },
        matterTypes: ['base'],
        insuranceTypes: ['pension'],
      },
      lateDays,
    });
    const groups = [
      { unit: 'tax' as const, items: [row('tax', '2026-000001', '2026-11-02', 8)] },
      { unit: 'medical' as const, items: [row('medical', '2026-000002', '2026-10-20', 17)] },
    ];
    const leader = viewer({ user: 'l', unit: null, role: 'leader' });
    const byUnit = supervisionPage({ viewer: leader, groups, by: 'unit' }).text;
    expect([...byUnit.matchAll(/<h2 id="unit-[^"]+">([^<]+)</g)].map((m) => m[1])).toEqual([
      '旗税务局：超期 1 项',
      '旗医疗保障局：超期 1 项',
    ]);
    expect(byUnit).toContain('href="/staff/cases/2026-000001#t-supervise"');
    expect(byUnit).not.toContain('王小明');
    const byAge = supervisionPage({ viewer: leader, groups, by: 'age' }).text;
    expect([...byAge.matchAll(/超期 (\d+) 个工作日/g)].map((m) => m[1])).toEqual(['17', '8']);
    expect(byAge).toContain('<td data-label="承办单位">旗医疗保障局</td>');

    // The open orders: late or not, each opening its case; the view's own link marked
    const orders = supervisionPage({
      viewer: leader,
      by: 'orders',
      orders: [
        {
          ...row('tax', '2026-000003', '2026-11-02', 2),
          item: { ...row('tax', '', '', 0).item, kind: 'supervision', due: '2026-11-02' },
        },
        {
          ...row('finance', '2026-000004', '2026-12-20', 0),
          item: { ...row('finance', '', '', 0).item, kind: 'assignment', due: '2026-12-20' },
        },
      ],
    }).text;
    expect(orders).toContain('<h1>督办：督办、交办的落实</h1>');
    expect(orders).toContain('共 2 项待落实，其中 1 项已超期。');
    expect(
      [...orders.matchAll(/data-testid="late-days">([\s\S]*?)<\/td>/g)].map((m) =>
        m[1]?.replace(/<[^>]+>/g, ''),
      ),
    ).toEqual(['!超期 2 个工作日', '未到期']);
    expect(orders).toContain('答复领导小组督办');
    expect(orders).toContain('办理领导小组交办事项');
    expect(orders).toContain(
      'href="/staff/cases/2026-000004" data-testid="supervise-link">打开案件',
    );
    expect(orders).toContain('<a href="/staff/supervision?by=orders" aria-current="true">');
    const none = supervisionPage({ viewer: leader, by: 'orders', orders: [] }).text;
    expect(none).toContain('没有待落实的督办和交办');
  });
});

describe('a payer’s message page and the consent’s error (a payer review, with JavaScript off)', () => {
  it('heads a message page with its title as the one h1', () => {
    const page = pageErrors({
      type: 'https://example.gov.cn/problems/too-many-requests',
      title: '提交太频繁了',
      status: 429,
      detail: '提交太频繁了。请 10 分钟后再试；急事请拨打 12345。',
    });
    expect(page.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(page).toContain(
      '<h1 class="error-summary__title" id="error-summary-title">提交太频繁了</h1>',
    );
  });

  it('leads a filing refused for too many submissions back to the check page, the draft kept', () => {
    const problem = {
      type: 'https://example.gov.cn/problems/too-many-requests',
      title: '提交太频繁了',
      status: 429,
      detail: '提交太频繁了。请 10 分钟后再试；急事请拨打 12345。',
    };
    expect(filingErrors(problem)).toContain(
      '<a href="/api/payer/apply-check">返回核对页（已填写的内容还在，稍后再提交）</a>',
    );
    expect(pageErrors(problem)).toContain('<a href="/status/">查看办理进度</a>');
  });

  it('marks the consent checkbox invalid while its error shows, and only then', () => {
    const withError = checkPage(complete(), {
      key: 'k'.repeat(32),
      errors: [{ pointer: '/consent', detail: '请确认同意我们为处理争议使用您填写的信息' }],
    }).text;
    const consent = (page: string) => /<input[^>]*id="f-consent"[^>]*>/.exec(page)?.[0] ?? '';
    expect(consent(withError)).toContain('aria-invalid="true"');
    expect(consent(checkPage(complete(), { key: 'k'.repeat(32) }).text)).not.toContain(
      'aria-invalid',
    );
  });
});

describe('the matters step’s error summary', () => {
  it('names the matter of each line when there are several, in the page’s order', () => {
    // Prepare: matter 1 without a type; matter 2 with its months the wrong way round and no
    // insurance (the schema reports the months first)
    const draft: Draft = {
      ...complete(),
      matters: [
        { type: '', insurance: [], period: { from: '2024-06', to: '2024-12' } },
        { type: 'base', insurance: [], period: { from: '2024-12', to: '2024-06' } },
      ],
    } as unknown as Draft;
    const errors = stepErrors('matters', draft);

    // Act
    const page = applyStepPage('matters', draft, { errors }).text;

    // Assess
    const lines = [...page.matchAll(/<li><a href="#[^"]+">([^<]+)<\/a><\/li>/g)].map((m) => m[1]);
    expect(lines).toEqual([
      '争议事项 1：请选择争议的是什么问题',
      '争议事项 2：请至少选择一种涉及的保险',
      '争议事项 2：截止年月不能早于起始年月',
    ]);
  });

  it('says no number with one matter', () => {
    const draft = {
      ...complete(),
      matters: [{ type: '', insurance: [], period: { from: '', to: '' } }],
    } as unknown as Draft;
    const page = applyStepPage('matters', draft, { errors: stepErrors('matters', draft) }).text;
    expect(page).toContain('data-testid="error-summary"');
    expect(page).not.toContain('争议事项 1：');
  });
});

describe('the check page’s 修改 links', () => {
  it('open each step at the question they change, matter by matter', () => {
    const draft: Draft = {
      ...complete(),
      matters: [
        { type: 'base', insurance: ['pension'], period: { from: '2024-06', to: '2024-12' } },
        { type: 'arrears', insurance: ['medical'], period: { from: '2023-01', to: '2023-06' } },
      ],
    };
    const page = checkPage(draft, { key: 'k'.repeat(32) }).text;
    const hrefs = [...page.matchAll(/href="(\/api\/payer\/apply-[^"]+)"/g)].map((m) => m[1]);
    expect(hrefs).toContain('/api/payer/apply-payer?from=check#f-payer-name');
    expect(hrefs).toContain('/api/payer/apply-matters?from=check#f-matters-1-type');
    expect(hrefs).toContain('/api/payer/apply-description?from=check#f-description');
    // Each target is a field of its step's page
    const step2 = applyStepPage('matters', draft, { fromCheck: true }).text;
    expect(step2).toContain('id="f-matters-1-type"');
  });
});

describe('the new-code pages', () => {
  it('lead back to the look-up, and on to the answer as well as the progress', () => {
    expect(accessCodeRequestPage().text).toContain(
      '<a class="back-link" href="/status/">返回查看办理进度</a>',
    );
    const sent = accessCodeSentPage().text;
    expect(sent).toContain('<a href="/status/">查看办理进度</a>');
    expect(sent).toContain('<a href="/answer/">查看答复并表态</a>');
  });
});

describe('a report’s page', () => {
  const viewer = {
    principal: { user: 'l', unit: null, role: 'leader' },
    name: 'u',
    csrf: 't',
  } as const;
  const report = (kind: Report['kind'], from: string, to: string): Report => ({
    id: `${kind}-${from}`,
    kind,
    title: `社会保险费征缴争议处理统计（${from} 至 ${to}）`,
    period: { from, to },
    generatedAt: '2026-10-01T00:00:00Z',
    highlights: [],
    tables: [],
  });
  const previousOf = (r: Report) =>
    /data-testid="report-previous">(.*?)<\/dd>/
      .exec(reportPage({ viewer, report: r }).text)?.[1]
      ?.replace(/<[^>]+>/g, '');

  it('names the period its figures are set beside: the month before a month, else as many days', () => {
    expect(previousOf(report('monthly', '2026-09-01', '2026-09-30'))).toBe(
      '2026年8月1日 至 2026年8月31日（31 天）',
    );
    expect(previousOf(report('monthly', '2027-03-01', '2027-03-31'))).toBe(
      '2027年2月1日 至 2027年2月28日（28 天）',
    );
    expect(previousOf(report('weekly', '2026-10-05', '2026-10-11'))).toBe(
      '2026年9月28日 至 2026年10月4日（7 天）',
    );
  });

  it('writes a dated cell as a date, with what it is the date of', () => {
    const withMajor: Report = {
      ...report('weekly', '2026-10-05', '2026-10-11'),
      tables: [
        {
          id: 'major',
          title: '重大疑难案件及其进展',
          columns: [
            { key: 'caseNumber', label: '受理编号', kind: 'text' },
            { key: 'due', label: '当前期限', kind: 'text' },
          ],
          rows: [{ caseNumber: '2026-000009', due: '2027-01-18（答复期限）' }],
        },
      ],
    };
    const text = reportPage({ viewer, report: withMajor }).text;
    expect(text).toMatch(/<time datetime="2027-01-18">2027年1月18日<\/time>（答复期限）/);
    expect(text).not.toContain('2027-01-18（');
  });

  it('tells a unit’s head, on the list, that its reports are the unit’s part', () => {
    const intro = (principal: Principal) =>
      /<p class="reports-intro">(.*?)<\/p>/.exec(
        reportsPage({ viewer: { principal, name: 'u', csrf: 't' }, reports: [] }).text,
      )?.[1];
    expect(intro({ user: 'si.head', unit: 'si-center', role: 'head' })).toContain(
      '单位负责人看到的是报告中本单位的部分',
    );
    // The leading group office's director, the tax bureau's head, reads the county's.
    expect(intro({ user: 'tax.head', unit: 'tax', role: 'head' })).toContain('多次反映的缴费人');
    expect(intro({ user: 'l', unit: null, role: 'leader' })).toContain('多次反映的缴费人');
    expect(intro({ user: 'o', unit: 'office', role: 'head' })).toContain('多次反映的缴费人');
  });
});

describe('the staff search for a case number', () => {
  it('reads the number as clerks type it: without the dash, full-width, or this year’s serial alone', () => {
    expect(typedCaseNumber('14', '2026')).toBe('2026-000014');
    expect(typedCaseNumber(' 000123 ', '2026')).toBe('2026-000123');
    expect(typedCaseNumber('2025000123', '2026')).toBe('2025-000123');
    expect(typedCaseNumber('２０２５－０００１２３', '2026')).toBe('2025-000123');
    expect(typedCaseNumber('1234567', '2026')).toBe('1234567');
    expect(typedCaseNumber('张三', '2026')).toBe('张三');
  });
});
