import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import { CreateCaseRequestSchema, DecisionRequestSchema, LIMITS } from '#contracts/cases.ts';
import { type FieldError, fieldErrors } from '#contracts/problem.ts';
import { ActionSchema, RegisterCaseSchema } from '#contracts/staff.ts';
import {
  isCreditCode,
  isResidentId,
  makeCreditCode,
  makeOrgCode,
  makeResidentId,
} from '#core/identifiers.ts';
import { INSURANCE_TYPES, MATTER_TYPES, needsInsurance } from '#core/matters.ts';
import { caseRequest, matter } from '#test/fixtures/cases.ts';

/** A message a payer can read: it opens with a Chinese character, not zod's English default. */
const CHINESE = /^\p{Script=Han}/u;

const PERSON_ID = makeResidentId('150426', '19850607', '123');
const CREDIT_CODE = makeCreditCode('91150426MA0N7X8K');

/**
 * The fixture's request with a fixed payer number: the fixture's residentId() walks through
 * sequence numbers, some of which hit the known bug below (sequence 220), so a test here would
 * pass or fail depending on how many requests were built before it.
 */
function request(overrides: Record<string, unknown> = {}) {
  const base = caseRequest();
  return caseRequest({ payer: { ...base.payer, idNumber: PERSON_ID }, ...overrides });
}

/** The field errors the API would answer with, or none when the body parses. */
function errorsOf(body: unknown): FieldError[] {
  const result = CreateCaseRequestSchema.safeParse(body);
  return result.success ? [] : fieldErrors(result.error.issues);
}

function pointersOf(body: unknown): string[] {
  return errorsOf(body).map((e) => e.pointer);
}

/** A valid request whose payer differs from the builder's only in `payer`. */
function withPayer(payer: Record<string, unknown>) {
  const base = request();
  return { ...base, payer: { ...base.payer, ...payer } };
}

/** A valid request whose only matter is `m`. */
function withMatter(m: unknown) {
  return request({ matters: [m] });
}

/** Replaces the character at `i`. */
function replaceAt(s: string, i: number, c: string): string {
  return `${s.slice(0, i)}${c}${s.slice(i + 1)}`;
}

/** The characters at `i` and `i + 1` swapped, as a hurried hand types them. */
function swapAt(s: string, i: number): string {
  return `${s.slice(0, i)}${s[i + 1]}${s[i]}${s.slice(i + 2)}`;
}

/** Another digit in place of the digit at `i` (the same digit would be no corruption). */
function flipDigit(s: string, i: number, by = 1): string {
  return replaceAt(s, i, String((Number(s[i]) + by) % 10));
}

/**
 * The GB 32100 final check, written out again here so that a credit code can be given a wrong
 * organisation check (position 17) and still a matching final check.
 */
function withFinalCheck(first17: string): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = [...first17].reduce((acc, c, i) => acc + alphabet.indexOf(c) * (weights[i] ?? 0), 0);
  return `${first17}${alphabet[(31 - (sum % 31)) % 31]}`;
}

describe('CreateCaseRequestSchema: valid requests', () => {
  it('accepts a person with a resident ID, trimming the strings and upper-casing a trailing x', () => {
    // Prepare: 11010519491231002X is a real-format number whose check character is X.
    const id = makeResidentId('110105', '19491231', '002');
    const body = request({
      payer: {
        kind: 'person',
        name: '  王小明 ',
        idNumber: ` ${id.toLowerCase()}  `,
        phone: ' 13812345678 ',
      },
      description: '  单位少报了我的缴费基数。\n',
    });

    // Act
    const result = CreateCaseRequestSchema.safeParse(body);

    // Assess
    expect(id.endsWith('X')).toBe(true);
    expect(result.success).toBe(true);
    expect(result.data?.payer).toEqual({
      kind: 'person',
      name: '王小明',
      idNumber: id,
      phone: '13812345678',
    });
    expect(result.data?.description).toBe('单位少报了我的缴费基数。');
    expect(result.data?.matters).toEqual([matter()]);
    expect(result.data?.consent).toBe(true);
  });

  it('accepts an organization with a credit code typed in lower case, upper-casing it', () => {
    // Prepare
    const body = request({
      payer: {
        kind: 'organization',
        name: '赤峰某某建材有限公司',
        idNumber: CREDIT_CODE.toLowerCase(),
        phone: '15904761234',
      },
      matters: [matter({ type: 'arrears', insurance: ['pension', 'work-injury'] })],
    });

    // Act
    const result = CreateCaseRequestSchema.safeParse(body);

    // Assess
    expect(CREDIT_CODE).not.toBe(CREDIT_CODE.toLowerCase());
    expect(result.success).toBe(true);
    expect(result.data?.payer.idNumber).toBe(CREDIT_CODE);
    expect(result.data?.payer.kind).toBe('organization');
    expect(result.data?.matters[0]?.insurance).toEqual(['pension', 'work-injury']);
  });

  it('reports every bad field of one body at once, in body order', () => {
    // Prepare
    const body = request({ description: ' ', consent: false });
    body.payer.phone = '12345';

    // Act
    const errors = errorsOf(body);

    // Assess
    expect(errors.map((e) => e.pointer)).toEqual(['/payer/phone', '/description', '/consent']);
    for (const e of errors) expect(e.detail).toMatch(CHINESE);
  });
});

/**
 * Pins "today" to 2026-05-20 (Beijing) around each test of the enclosing block: the birth date of
 * an ID number may not lie in the future, so what is valid depends on the day.
 */
function pinToday() {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-05-20T12:00:00+08:00'));
  });

  afterEach(() => {
    vi.useRealTimers();
  });
}

describe('CreateCaseRequestSchema: the resident ID number', () => {
  pinToday();

  const lastIsWrong = replaceAt(
    PERSON_ID,
    17,
    PERSON_ID[17] === '0' ? '1' : PERSON_ID[17] === 'X' ? '0' : 'X',
  );

  it.each([
    ['one digit changed', flipDigit(PERSON_ID, 15)],
    ['a wrong check character', lastIsWrong],
    ['a birth date that does not exist (19990230)', makeResidentId('150426', '19990230', '123')],
    ['a birth date tomorrow', makeResidentId('150426', '20260521', '123')],
    ['an unknown province code (99)', makeResidentId('990426', '19850607', '123')],
    ['only 17 characters', PERSON_ID.slice(0, 17)],
    ['19 characters', `${PERSON_ID}1`],
    ['a letter among the digits', replaceAt(PERSON_ID, 10, 'A')],
    ['letters only', 'ABCDEFGHIJKLMNOPQR'],
  ])('rejects a number with %s, with exactly one error at /payer/idNumber', (_, idNumber) => {
    // Prepare
    const body = withPayer({ kind: 'person', idNumber });

    // Act
    const errors = errorsOf(body);

    // Assess
    expect(errors).toEqual([
      { pointer: '/payer/idNumber', detail: expect.stringMatching(CHINESE) },
    ]);
    expect(errors[0]?.detail).toContain('号码有误');
  });

  it('accepts a birth date of today, in China', () => {
    // Prepare
    const body = withPayer({ idNumber: makeResidentId('150426', '20260520', '123') });

    // Act, Assess
    expect(errorsOf(body)).toEqual([]);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['only spaces', '   '],
  ])('asks for the number when it is %s', (_, idNumber) => {
    // Prepare
    const body = withPayer({ idNumber });

    // Act
    const errors = errorsOf(body);

    // Assess
    expect(errors).toEqual([
      { pointer: '/payer/idNumber', detail: expect.stringMatching(CHINESE) },
    ]);
  });
});

describe('CreateCaseRequestSchema: the unified social credit code', () => {
  const wrongFinal = replaceAt(CREDIT_CODE, 17, CREDIT_CODE[17] === '0' ? '1' : '0');
  const wrongOrgCheck = withFinalCheck(
    replaceAt(CREDIT_CODE.slice(0, 17), 16, CREDIT_CODE[16] === '0' ? '1' : '0'),
  );
  /** Both checks computed as if the letter were allowed, so only the letter is wrong. */
  const withLetter = (letter: string) => {
    const body = `MA0N7X8${letter}`;
    return withFinalCheck(`91150426${makeOrgCode(body)}`);
  };

  it.each([
    ['a changed final check character', wrongFinal],
    ['a changed organisation-code check at position 17', wrongOrgCheck],
    ...['I', 'O', 'S', 'V', 'Z'].map((l) => [`the excluded letter ${l}`, withLetter(l)]),
  ])('rejects a code with %s, at /payer/idNumber', (_, idNumber) => {
    // Prepare
    const body = withPayer({ kind: 'organization', idNumber });

    // Act
    const errors = errorsOf(body);

    // Assess
    expect(idNumber).toHaveLength(18);
    expect(idNumber).not.toBe(CREDIT_CODE);
    expect(errors).toEqual([
      { pointer: '/payer/idNumber', detail: expect.stringMatching(CHINESE) },
    ]);
    expect(errors[0]?.detail).toContain('号码有误');
  });
});

describe('CreateCaseRequestSchema: each ID number error says what is wrong (issue 13)', () => {
  pinToday();

  const wrongLast = replaceAt(PERSON_ID, 17, PERSON_ID[17] === '0' ? '1' : '0');
  const wrongCreditFinal = replaceAt(CREDIT_CODE, 17, CREDIT_CODE[17] === '0' ? '1' : '0');
  const wrongOrgCheck = withFinalCheck(
    replaceAt(CREDIT_CODE.slice(0, 17), 16, CREDIT_CODE[16] === '0' ? '1' : '0'),
  );

  it.each([
    ['person', 'a wrong check digit', wrongLast, '最后一位校验码对不上'],
    ['person', 'two digits swapped', swapAt(PERSON_ID, 14), '校验码对不上'],
    ['person', '17 characters', PERSON_ID.slice(0, 17), '应为 18 位，现在是 17 位'],
    ['person', '19 characters', `${PERSON_ID}1`, '应为 18 位，现在是 19 位'],
    ['person', 'a letter among the digits', replaceAt(PERSON_ID, 10, 'A'), '第 11 位的“A”不对'],
    ['person', 'a star', replaceAt(PERSON_ID, 4, '*'), '第 5 位的“*”不对'],
    [
      'person',
      'no such birth date',
      makeResidentId('150426', '19990230', '123'),
      '出生日期（19990230）不是真实的日期',
    ],
    [
      'person',
      'a birth date tomorrow',
      makeResidentId('150426', '20260521', '123'),
      '出生日期（2026年5月21日）晚于今天',
    ],
    ['person', 'a birth before 1900', makeResidentId('150426', '18991231', '123'), '早于 1900 年'],
    [
      'person',
      'an unknown province',
      makeResidentId('990426', '19850607', '123'),
      '前两位“99”不是省',
    ],
    ['organization', 'a wrong final check', wrongCreditFinal, '最后一位（第 18 位）校验码对不上'],
    [
      'organization',
      'a wrong organisation-code check',
      wrongOrgCheck,
      '第 9 至 17 位（组织机构代码）的校验位对不上',
    ],
    ['organization', 'the letter O', replaceAt(CREDIT_CODE, 9, 'O'), '第 10 位的“O”不对'],
    ['organization', '16 characters', CREDIT_CODE.slice(0, 16), '现在是 16 位'],
  ])('tells a %s who typed %s exactly that, at /payer/idNumber', (kind, _, idNumber, says) => {
    // Act
    const errors = errorsOf(withPayer({ kind, idNumber }));

    // Assess: one error, which names the fault, and never asks for 18 characters when 18 were typed
    expect(errors).toEqual([{ pointer: '/payer/idNumber', detail: expect.stringContaining(says) }]);
    if (idNumber.length === 18) expect(errors[0]?.detail).not.toContain('应为 18 位');
  });
});

describe('CreateCaseRequestSchema: the number must fit the kind of payer', () => {
  it('tells a person that the number given is a credit code', () => {
    // Prepare
    const body = withPayer({ kind: 'person', idNumber: CREDIT_CODE });

    // Act
    const errors = errorsOf(body);

    // Assess
    expect(errors).toEqual([
      { pointer: '/payer/idNumber', detail: expect.stringMatching(/^这是统一社会信用代码/) },
    ]);
  });

  it('tells an organization that the number given is a resident ID', () => {
    // Prepare
    const body = withPayer({ kind: 'organization', idNumber: PERSON_ID });

    // Act
    const errors = errorsOf(body);

    // Assess
    expect(errors).toEqual([
      { pointer: '/payer/idNumber', detail: expect.stringMatching(/^这是身份证号码/) },
    ]);
  });

  it('rejects a kind that is neither person nor organization, at /payer/kind', () => {
    // Prepare
    const body = withPayer({ kind: 'company' });

    // Act
    const errors = errorsOf(body);

    // Assess
    expect(errors).toEqual([{ pointer: '/payer/kind', detail: expect.stringMatching(CHINESE) }]);
  });
});

describe('CreateCaseRequestSchema: numbers that are both a resident ID and a credit code', () => {
  // About 1 in 340 resident IDs also passes both GB 32100 checks (the fixture's own residentId()
  // yields one at sequence 220), and a credit code of digits can pass GB 11643. Such a number
  // fits the kind the payer chose, so the kind check must not turn it away.
  const personId = makeResidentId('150426', '19850607', '220');
  const orgCode = makeCreditCode('1101051900010103');

  it('uses numbers that really are valid under both standards', () => {
    // Act, Assess
    expect([isResidentId(personId, '2026-05-20'), isCreditCode(personId)]).toEqual([true, true]);
    expect([isResidentId(orgCode, '2026-05-20'), isCreditCode(orgCode)]).toEqual([true, true]);
  });

  it('accepts a person whose resident ID also passes the credit-code checks', () => {
    // Act, Assess
    expect(errorsOf(withPayer({ kind: 'person', idNumber: personId }))).toEqual([]);
  });

  it('accepts an organization whose credit code also passes the resident-ID checks', () => {
    // Act, Assess
    expect(errorsOf(withPayer({ kind: 'organization', idNumber: orgCode }))).toEqual([]);
  });
});

describe('CreateCaseRequestSchema: the payer name and phone', () => {
  it.each([
    '13812345678',
    '14712345678',
    '15912345678',
    '16612345678',
    '17712345678',
    '18812345678',
    '19912345678',
  ])('accepts the mobile number %s', (phone) => {
    // Act, Assess
    expect(errorsOf(withPayer({ phone }))).toEqual([]);
  });

  it.each([
    '12345',
    '10812345678',
    '12812345678',
    '1381234567x',
    '138123456789',
    '0476-123456',
    '476-1234567',
    '',
  ])('rejects the phone %j at /payer/phone', (phone) => {
    // Prepare
    const body = withPayer({ phone });

    // Act
    const errors = errorsOf(body);

    // Assess
    expect(errors).toEqual([{ pointer: '/payer/phone', detail: expect.stringMatching(CHINESE) }]);
  });

  it.each([
    ['138 1234 5678', '13812345678'],
    ['0476-1234567', '0476-1234567'],
    ['04768123456', '0476-8123456'],
    ['(010) 12345678', '010-12345678'],
    ['023-6123456', '023-6123456'],
  ])(
    'accepts the phone %j as %j: a mobile, or a landline with its area code (issue 13)',
    (phone, stored) => {
      // Act
      const parsed = CreateCaseRequestSchema.parse(withPayer({ phone }));

      // Assess
      expect(parsed.payer.phone).toBe(stored);
    },
  );

  it.each([
    ['empty', ''],
    ['only spaces', '  \t '],
    ['over the limit', '王'.repeat(LIMITS.name + 1)],
    ['not a string', 42],
  ])('rejects a name that is %s at /payer/name', (_, name) => {
    // Prepare
    const body = withPayer({ name });

    // Act
    const errors = errorsOf(body);

    // Assess
    expect(errors).toEqual([{ pointer: '/payer/name', detail: expect.stringMatching(CHINESE) }]);
  });

  it('accepts a name of exactly the limit', () => {
    // Act, Assess
    expect(errorsOf(withPayer({ name: '王'.repeat(LIMITS.name) }))).toEqual([]);
  });
});

describe('CreateCaseRequestSchema: matters', () => {
  it('words its errors as the form asks its questions, and blames the month for month 13', () => {
    // Act
    const errors = errorsOf(
      withMatter({
        type: 'nonsense',
        insurance: ['pension'],
        period: { from: '2024-13', to: '2024-12' },
      }),
    );
    const noInsurance = errorsOf(
      withMatter({ type: 'base', insurance: [], period: { from: '2024-01', to: '2024-06' } }),
    );

    // Assess
    expect(errors).toContainEqual({ pointer: '/matters/0/type', detail: '请选择争议的是什么问题' });
    expect(errors.find((e) => e.pointer === '/matters/0/period/from')?.detail).toContain(
      '月份 1 至 12',
    );
    expect(noInsurance).toContainEqual({
      pointer: '/matters/0/insurance',
      detail: '请至少选择一种涉及的保险',
    });
  });

  it('names a missing insurance and a wrong month of one matter at once', () => {
    // Act: no insurance ticked and the end month left empty
    const errors = errorsOf(
      withMatter({ type: 'base', insurance: [], period: { from: '2024-01', to: '' } }),
    );

    // Assess: both, not the insurance only after the month was put right
    expect(errors.map((e) => e.pointer).sort()).toEqual([
      '/matters/0/insurance',
      '/matters/0/period/to',
    ]);
    expect(errors).toContainEqual({
      pointer: '/matters/0/insurance',
      detail: '请至少选择一种涉及的保险',
    });
  });

  it('names a matter that is not an object, without reading its fields', () => {
    for (const item of ['', null, 3, []]) {
      const errors = errorsOf(request({ matters: [item] }));
      expect(errors.map((e) => e.pointer)).toEqual(['/matters/0']);
    }
  });

  it('says how much was typed beside the limit of a long text', () => {
    const errors = errorsOf(request({ description: '长'.repeat(3180) }));
    expect(errors).toEqual([
      { pointer: '/description', detail: '情况说明不能超过 2000 个字，现在是 3180 个字' },
    ]);
  });

  it('names the objection’s comment as the answer page labels it', () => {
    const result = DecisionRequestSchema.safeParse({
      decision: 'object',
      route: 'mediation',
      comment: '意'.repeat(1001),
    });
    expect(result.success ? [] : fieldErrors(result.error.issues)).toEqual([
      { pointer: '/comment', detail: '“还有什么想说的”不能超过 1000 个字，现在是 1001 个字' },
    ]);
  });

  it('rejects an empty list of matters at /matters', () => {
    // Act
    const errors = errorsOf(request({ matters: [] }));

    // Assess
    expect(errors).toEqual([{ pointer: '/matters', detail: expect.stringMatching(CHINESE) }]);
  });

  it('rejects 11 matters at /matters, and accepts 10', () => {
    // Prepare
    const eleven = Array.from({ length: 11 }, () => matter());

    // Act
    const tooMany = errorsOf(request({ matters: eleven }));
    const atLimit = errorsOf(request({ matters: eleven.slice(1) }));

    // Assess
    expect(tooMany).toEqual([{ pointer: '/matters', detail: expect.stringMatching(CHINESE) }]);
    expect(tooMany[0]?.detail).toContain('10');
    expect(atLimit).toEqual([]);
  });

  it.each([
    ['a collection matter with an empty list', { type: 'base', insurance: [] }],
    ['a rights matter with an empty list', { type: 'benefits', insurance: [] }],
    ['a collection matter with no list at all', { type: 'arrears' }],
    ['a rights matter with no list at all', { type: 'back-payment' }],
  ])('asks for an insurance type for %s, at /matters/0/insurance', (_, m) => {
    // Prepare
    const body = withMatter({ ...m, period: { from: '2024-01', to: '2024-06' } });

    // Act
    const errors = errorsOf(body);

    // Assess
    expect(errors).toEqual([
      { pointer: '/matters/0/insurance', detail: expect.stringMatching(CHINESE) },
    ]);
    expect(errors[0]?.detail).toContain('至少');
  });

  it('rejects the same insurance type named twice, at /matters/0/insurance', () => {
    // Prepare
    const body = withMatter(matter({ insurance: ['pension', 'medical', 'pension'] }));

    // Act
    const errors = errorsOf(body);

    // Assess
    expect(errors).toEqual([
      { pointer: '/matters/0/insurance', detail: expect.stringMatching(CHINESE) },
    ]);
    expect(errors[0]?.detail).toContain('一次');
  });

  it.each(['other', 'labour-relation', 'labour-litigation'])(
    'accepts a %s matter with no insurance type, as an empty list',
    (type) => {
      // Prepare
      const body = withMatter({ type, period: { from: '2024-01', to: '2024-06' } });

      // Act
      const result = CreateCaseRequestSchema.safeParse(body);

      // Assess
      expect(result.error?.issues).toBeUndefined();
      expect(result.data?.matters[0]?.insurance).toEqual([]);
    },
  );

  it('rejects an unknown matter type at /matters/0/type', () => {
    // Act
    const errors = errorsOf(withMatter(matter({ type: 'tax' })));

    // Assess
    expect(errors).toEqual([
      { pointer: '/matters/0/type', detail: expect.stringMatching(CHINESE) },
    ]);
  });

  it('points at the matter that is wrong, not the first one', () => {
    // Act
    const pointers = pointersOf(request({ matters: [matter(), matter({ type: 'tax' })] }));

    // Assess
    expect(pointers).toEqual(['/matters/1/type']);
  });

  it('rejects an unknown insurance type at its own index under /matters/0/insurance', () => {
    // Act
    const errors = errorsOf(withMatter(matter({ insurance: ['pension', 'dental'] })));

    // Assess
    expect(errors).toEqual([
      { pointer: '/matters/0/insurance/1', detail: expect.stringMatching(CHINESE) },
    ]);
  });

  it('rejects a month 13 at /matters/0/period/from', () => {
    // Act
    const errors = errorsOf(withMatter(matter({ period: { from: '2024-13', to: '2024-12' } })));

    // Assess
    expect(errors).toEqual([
      { pointer: '/matters/0/period/from', detail: expect.stringMatching(CHINESE) },
    ]);
  });

  it.each(['2024-3', '2024/03', '202403', '2024-00', '24-03'])(
    'rejects the year-month %j at /matters/0/period/to',
    (to) => {
      // Act
      const pointers = pointersOf(withMatter(matter({ period: { from: '2024-01', to } })));

      // Assess
      expect(pointers).toEqual(['/matters/0/period/to']);
    },
  );

  it('rejects an end before the start at /matters/0/period/to', () => {
    // Act
    const errors = errorsOf(withMatter(matter({ period: { from: '2024-06', to: '2023-12' } })));

    // Assess
    expect(errors).toEqual([
      {
        pointer: '/matters/0/period/to',
        detail: expect.stringMatching(/^截止年月不能早于起始年月/),
      },
    ]);
  });

  it('accepts a period of a single month', () => {
    // Act, Assess
    expect(errorsOf(withMatter(matter({ period: { from: '2024-06', to: '2024-06' } })))).toEqual(
      [],
    );
  });

  it('does not compare the ends when the start is malformed, so only the start is named', () => {
    // Prepare: as strings, "2024-01" < "2024-13", which a naive comparison would report.
    const body = withMatter(matter({ period: { from: '2024-13', to: '2024-01' } }));

    // Act
    const pointers = pointersOf(body);

    // Assess
    expect(pointers).toEqual(['/matters/0/period/from']);
  });

  it('names a missing period at /matters/0/period', () => {
    // Act
    const pointers = pointersOf(withMatter({ type: 'base', insurance: ['pension'] }));

    // Assess
    expect(pointers).toEqual(['/matters/0/period']);
  });

  it('names both missing ends of an empty period, each in Chinese', () => {
    // Act
    const errors = errorsOf(withMatter(matter({ period: {} as { from: string; to: string } })));

    // Assess
    expect(errors).toEqual([
      { pointer: '/matters/0/period/from', detail: expect.stringMatching(CHINESE) },
      { pointer: '/matters/0/period/to', detail: expect.stringMatching(CHINESE) },
    ]);
  });
});

describe('CreateCaseRequestSchema: description and consent', () => {
  it.each([
    ['empty', ''],
    ['only spaces', '     '],
    ['only an ideographic space and line breaks', '\u3000\n\n'],
    ['missing', undefined],
  ])('asks for a description that is %s, at /description', (_, description) => {
    // Act
    const errors = errorsOf(request({ description }));

    // Assess
    expect(errors).toEqual([{ pointer: '/description', detail: expect.stringMatching(CHINESE) }]);
  });

  it('rejects a description of 2001 characters at /description', () => {
    // Act
    const errors = errorsOf(request({ description: '争'.repeat(LIMITS.description + 1) }));

    // Assess
    expect(LIMITS.description).toBe(2000);
    expect(errors).toEqual([{ pointer: '/description', detail: expect.stringMatching(CHINESE) }]);
    expect(errors[0]?.detail).toContain('2000');
  });

  it('accepts a description of exactly 2000 characters, measured after trimming', () => {
    // Prepare
    const description = '争'.repeat(2000);

    // Act
    const result = CreateCaseRequestSchema.safeParse(request({ description: ` ${description} ` }));

    // Assess
    expect(result.error?.issues).toBeUndefined();
    expect(result.data?.description).toBe(description);
  });

  it.each([
    ['false', false],
    ['the string "true"', 'true'],
    ['1', 1],
    ['null', null],
  ])('rejects consent given as %s, at /consent', (_, consent) => {
    // Act
    const errors = errorsOf(request({ consent }));

    // Assess
    expect(errors).toEqual([{ pointer: '/consent', detail: expect.stringMatching(CHINESE) }]);
  });

  it('rejects a body without consent, at /consent', () => {
    // Prepare
    const { consent: _, ...body } = request();

    // Act
    const errors = errorsOf(body);

    // Assess
    expect('consent' in body).toBe(false);
    expect(errors).toEqual([{ pointer: '/consent', detail: expect.stringMatching(CHINESE) }]);
  });
});

describe('CreateCaseRequestSchema: bodies that are not a request', () => {
  it.each([
    ['null', null],
    ['an array', []],
    ['a string', 'x'],
    ['a number', 42],
  ])('answers %s with exactly one error, at the root pointer ""', (_, body) => {
    // Act
    const result = CreateCaseRequestSchema.safeParse(body);

    // Assess
    expect(result.error?.issues.map((i) => i.path)).toEqual([[]]);
    expect(pointersOf(body)).toEqual(['']);
  });

  it('names every required top-level field of an empty object', () => {
    // Act
    const pointers = pointersOf({});

    // Assess
    expect(pointers).toEqual(['/payer', '/matters', '/description', '/consent']);
  });

  it.each([
    ['a null body', null],
    ['an array body', []],
    ['a body without a payer', { ...request(), payer: undefined }],
    ['a payer that is null', request({ payer: null })],
    ['a matter without a period', withMatter({ type: 'base', insurance: ['pension'] })],
  ])('explains %s in Chinese', (_, body) => {
    // Act
    const errors = errorsOf(body);

    // Assess
    expect(errors).not.toEqual([]);
    for (const e of errors) expect(e.detail).toMatch(CHINESE);
  });
});

describe('fieldErrors', () => {
  const issue = (path: PropertyKey[], message: string): z.core.$ZodIssue => ({
    code: 'custom',
    path,
    message,
  });

  it('keeps only the first message for each pointer, in the order the pointers first appear', () => {
    // Prepare
    const issues = [
      issue(['payer', 'phone'], '第一'),
      issue(['consent'], '第二'),
      issue(['payer', 'phone'], '第三'),
      issue(['consent'], '第四'),
      issue(['matters', 0, 'type'], '第五'),
    ];

    // Act
    const errors = fieldErrors(issues);

    // Assess
    expect(errors).toEqual([
      { pointer: '/payer/phone', detail: '第一' },
      { pointer: '/consent', detail: '第二' },
      { pointer: '/matters/0/type', detail: '第五' },
    ]);
  });

  it('escapes "~" as ~0 and "/" as ~1 in path segments, as RFC 6901 requires', () => {
    // Prepare: "~1" must become "~01", not "~~1" or "/": "~" is escaped first.
    const issues = [
      issue(['a/b', 'c~d'], 'x'),
      issue(['~1'], 'y'),
      issue(['/'], 'z'),
      issue(['', 3], 'w'),
    ];

    // Act
    const pointers = fieldErrors(issues).map((e) => e.pointer);

    // Assess
    expect(pointers).toEqual(['/a~1b/c~0d', '/~01', '/~1', '//3']);
  });

  it('gives an issue about the whole body the empty pointer, not "/"', () => {
    // Act
    const errors = fieldErrors([issue([], '请求体应为对象')]);

    // Assess
    expect(errors).toEqual([{ pointer: '', detail: '请求体应为对象' }]);
  });

  it('tells a path ["a/b"] from a path ["a", "b"]', () => {
    // Act
    const pointers = fieldErrors([issue(['a/b'], 'x'), issue(['a', 'b'], 'y')]).map(
      (e) => e.pointer,
    );

    // Assess
    expect(pointers).toEqual(['/a~1b', '/a/b']);
  });

  it('answers no issues with no errors', () => {
    // Act, Assess
    expect(fieldErrors([])).toEqual([]);
  });
});

// --- properties -----------------------------------------------------------------------------

const PROVINCE_CODES = ['11', '15', '31', '44', '65', '81'];

const residentIdArb = fc
  .record({
    province: fc.constantFrom(...PROVINCE_CODES),
    rest: fc.stringMatching(/^\d{4}$/),
    birth: fc.date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date('2020-12-31T00:00:00Z'),
      noInvalidDate: true,
    }),
    seq: fc.stringMatching(/^\d{3}$/),
  })
  .map(({ province, rest, birth, seq }) =>
    makeResidentId(`${province}${rest}`, birth.toISOString().slice(0, 10).replaceAll('-', ''), seq),
  );

const creditCodeArb = fc
  .record({
    department: fc.constantFrom('1', '5', '9', 'Y'),
    category: fc.constantFrom('1', '2', '3', '9'),
    division: fc.stringMatching(/^\d{6}$/),
    body: fc.stringMatching(/^[0-9A-HJ-NP-RTUW-Y]{8}$/),
  })
  .map(({ department, category, division, body }) =>
    makeCreditCode(`${department}${category}${division}${body}`),
  );

const payerArb = fc.oneof(
  fc.record({
    kind: fc.constant('person' as const),
    name: fc.constantFrom('王小明', '李娜', '阿依古丽·买买提'),
    idNumber: residentIdArb,
  }),
  fc.record({
    kind: fc.constant('organization' as const),
    name: fc.constantFrom('赤峰某某建材有限公司', '某某物业服务中心'),
    idNumber: creditCodeArb,
  }),
);

const phoneArb = fc.stringMatching(/^1[3-9]\d{9}$/);

/** 2015-01 … 2026-12 as year-months. */
const yearMonthArb = fc
  .integer({ min: 0, max: 12 * 12 - 1 })
  .map((n) => `${2015 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`);

const periodArb = fc
  .tuple(yearMonthArb, yearMonthArb)
  .map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a }));

const matterArb = fc.constantFrom(...MATTER_TYPES).chain((type) =>
  fc.record({
    type: fc.constant(type),
    insurance: fc.uniqueArray(fc.constantFrom(...INSURANCE_TYPES), {
      minLength: needsInsurance(type) ? 1 : 0,
      maxLength: INSURANCE_TYPES.length,
    }),
    period: periodArb,
  }),
);

const requestArb = fc.record({
  payer: fc.tuple(payerArb, phoneArb).map(([payer, phone]) => ({ ...payer, phone })),
  matters: fc.array(matterArb, { minLength: 1, maxLength: LIMITS.matters }),
  description: fc.constantFrom('单位少报了我的缴费基数。', '退费申请三个月未处理。'),
  consent: fc.constant(true as const),
});

type Body = typeof requestArb extends fc.Arbitrary<infer T> ? T : never;

const corruptions: ReadonlyArray<{
  what: string;
  pointer: string;
  apply: (b: Body) => unknown;
}> = [
  {
    what: 'blank name',
    pointer: '/payer/name',
    apply: (b) => ({ ...b, payer: { ...b.payer, name: '   ' } }),
  },
  {
    what: 'bad phone',
    pointer: '/payer/phone',
    apply: (b) => ({ ...b, payer: { ...b.payer, phone: `2${b.payer.phone.slice(1)}` } }),
  },
  {
    what: 'flipped ID digit',
    pointer: '/payer/idNumber',
    apply: (b) => {
      // Always a digit: a sequence digit of a resident ID, a division digit of a credit code.
      // Either checksum catches any single changed character.
      const i = b.payer.kind === 'person' ? 14 : 3;
      return { ...b, payer: { ...b.payer, idNumber: flipDigit(b.payer.idNumber, i, 5) } };
    },
  },
  { what: 'consent false', pointer: '/consent', apply: (b) => ({ ...b, consent: false }) },
];

describe('CreateCaseRequestSchema: properties', () => {
  it('accepts every well-formed request and returns it unchanged', () => {
    fc.assert(
      fc.property(requestArb, (body) => {
        // Act
        const result = CreateCaseRequestSchema.safeParse(body);

        // Assess
        expect(result.error?.issues).toBeUndefined();
        expect(result.data).toEqual(body);
      }),
    );
  });

  it('names exactly the corrupted field when one field of a valid request is corrupted', () => {
    fc.assert(
      fc.property(requestArb, fc.constantFrom(...corruptions), (valid, corruption) => {
        // Prepare
        const body = corruption.apply(valid);

        // Act
        const errors = errorsOf(body);

        // Assess
        expect(errors.map((e) => e.pointer)).toEqual([corruption.pointer]);
        expect(errors[0]?.detail).toMatch(CHINESE);
      }),
    );
  });
});

describe('staff action and registration errors name the field the page labels', () => {
  const errorsOf = (schema: z.ZodType, body: unknown) => {
    const parsed = schema.safeParse(body);
    return parsed.success ? [] : fieldErrors(parsed.error.issues);
  };

  it('names which unit is missing where a page offers several choices of unit', () => {
    expect(errorsOf(ActionSchema, { type: 'classify', as: 'major' })).toEqual([
      { pointer: '/lead', detail: '请选择牵头单位' },
    ]);
    expect(errorsOf(ActionSchema, { type: 'assign' })).toEqual([
      { pointer: '/unit', detail: '请选择派给哪个单位' },
    ]);
    expect(
      errorsOf(ActionSchema, { type: 'assign-task', task: '核对', due: '2026-12-20' }),
    ).toEqual([{ pointer: '/unit', detail: '请选择交办给哪个单位' }]);
  });

  it('names the date field a wrong date is in, as its form labels it', () => {
    expect(
      errorsOf(ActionSchema, { type: 'assign-task', unit: 'hrss', task: '核对', due: '下周一' }),
    ).toEqual([{ pointer: '/due', detail: '完成期限应为“年-月-日”，例如 2026-11-26' }]);
    expect(errorsOf(ActionSchema, { type: 'record-convening', place: '三楼会议室' })).toEqual([
      { pointer: '/date', detail: '请填写会议日期' },
    ]);
  });

  it('checks the proposal form’s contact phone as every phone is checked', () => {
    const proposal = {
      type: 'record-proposal',
      contactName: '李明',
      summary: '摘要',
      proposedOpinion: '拟办意见',
    };
    expect(errorsOf(ActionSchema, { ...proposal, contactPhone: 'abc' })).toEqual([
      { pointer: '/contactPhone', detail: expect.stringContaining('固定电话') },
    ]);
    expect(errorsOf(ActionSchema, proposal)).toEqual([
      { pointer: '/contactPhone', detail: '请填写联系人联系方式' },
    ]);
    expect(errorsOf(ActionSchema, { ...proposal, contactPhone: '0476-1234567' })).toEqual([]);
  });

  it('asks for the registration’s description by its label, 缴费人反映的主要内容', () => {
    const { payer, matters } = caseRequest();
    const body = { channel: 'walk-in', registeredOn: '2026-11-26', payer, matters };
    expect(errorsOf(RegisterCaseSchema, body)).toContainEqual({
      pointer: '/description',
      detail: '请填写缴费人反映的主要内容',
    });
  });
});
