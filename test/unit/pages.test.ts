/**
 * The payer pages the API renders (functions/pages): escaping, the intake draft read from posted
 * forms, each step's errors from the API's own schema, and the error summary's links.
 */
import { describe, expect, it } from 'vitest';
import { applyStepPage, checkPage } from '#functions/pages/apply.ts';
import { answerPage, lookupPage, readLookup } from '#functions/pages/case.ts';
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
    expect(['2024年3月', '2024/3', '202403', '２０２４－０３', '2024-03'].map(tidyMonth)).toEqual(
      Array(5).fill('2024-03'),
    );
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
    expect(outcome.kind).toBe('again');
    expect(outcome.draft.matters.map((m) => m.type)).toEqual(['refund']);
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

  it('offers the decision form only while the payer has not decided', () => {
    const base = {
      caseNumber: '2026-000001',
      status: 'responded' as const,
      units: ['tax' as const],
      timeline: [],
      deadlines: {},
      answer: { text: '答复', unit: 'tax' as const, at: '2026-11-20T02:00:00Z' },
    };
    expect(answerPage(base).text).toContain('data-testid="decision-form"');
    const decided = answerPage({
      ...base,
      status: 'objected',
      decision: { kind: 'object', route: 'arbitration', at: '2026-11-21T02:00:00Z' },
    }).text;
    expect(decided).not.toContain('data-testid="decision-form"');
    expect(decided).toContain('已记录您的异议');
  });
});
