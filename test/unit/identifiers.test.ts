import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CASE_NUMBER_PATTERN } from '#contracts/cases.ts';
import {
  formatCaseNumber,
  formatProposalSerial,
  identifierProblem,
  isCreditCode,
  isMobile,
  isResidentId,
  makeCreditCode,
  makeOrgCode,
  makeResidentId,
  maskIdNumber,
  maskName,
  maskPhone,
  parseCaseNumber,
  parseProposalSerial,
} from '#core/identifiers.ts';

const TODAY = '2026-05-20';

/**
 * The GB 32100 final check, written out again here so that the tests do not trust the code
 * under test to compute it.
 */
function withFinalCheck(first17: string): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = [...first17].reduce((acc, c, i) => acc + alphabet.indexOf(c) * (weights[i] ?? 0), 0);
  return `${first17}${alphabet[(31 - (sum % 31)) % 31]}`;
}

/** Replaces the character at `i`. */
function replaceAt(s: string, i: number, c: string): string {
  return `${s.slice(0, i)}${c}${s.slice(i + 1)}`;
}

describe('identifierProblem', () => {
  const person = makeResidentId('150402', '19900307', '123');
  const code = makeCreditCode('91150426MA0N7X8K');

  it('finds no problem in a valid citizen number or credit code', () => {
    expect(identifierProblem(person, TODAY)).toBeUndefined();
    expect(identifierProblem(code, TODAY)).toBeUndefined();
  });

  it.each([
    [
      'a wrong last character',
      replaceAt(person, 17, person[17] === '0' ? '1' : '0'),
      { kind: 'check', standard: 'resident-id', position: 18 },
    ],
    ['17 characters', person.slice(0, 17), { kind: 'length', length: 17 }],
    [
      'a lower-case letter',
      replaceAt(person, 3, 'a'),
      { kind: 'character', position: 4, character: 'a' },
    ],
    [
      '30 February',
      makeResidentId('150402', '19900230', '123'),
      { kind: 'birth-date', date: '1990-02-30', reason: 'no-such-date' },
    ],
    [
      'a birth tomorrow',
      makeResidentId('150402', '20260521', '123'),
      { kind: 'birth-date', date: '2026-05-21', reason: 'future' },
    ],
    ['region 99', makeResidentId('990402', '19900307', '123'), { kind: 'region', region: '99' }],
    [
      'a credit code with a wrong final character',
      replaceAt(code, 17, code[17] === '0' ? '1' : '0'),
      { kind: 'check', standard: 'credit-code', position: 18 },
    ],
    [
      'a credit code with the letter I',
      replaceAt(code, 10, 'I'),
      { kind: 'character', position: 11, character: 'I' },
    ],
  ])('names %s', (_, s, problem) => {
    expect(identifierProblem(s, TODAY)).toEqual(problem);
  });

  it('reads an all-digit credit code with only its final check wrong as a credit code, not a citizen number', () => {
    // Prepare: 93 opens no province, and the organisation check holds
    const digits = makeCreditCode('9315042612345678');
    const wrong = replaceAt(digits, 17, digits[17] === '0' ? '1' : '0');

    // Act, Assess
    expect(/^\d{17}[\dX]$/.test(wrong)).toBe(true);
    expect(identifierProblem(wrong, TODAY)).toEqual({
      kind: 'check',
      standard: 'credit-code',
      position: 18,
    });
  });
});

describe('isResidentId', () => {
  const valid = makeResidentId('150402', '19900307', '123');

  it('accepts a number built with its check character', () => {
    // Act, Assess
    expect(isResidentId(valid, TODAY)).toBe(true);
  });

  it.each([
    '150402199003070070',
    '150402199003070011',
    '150402199003070062',
    '150402199003070003',
    '150402199003070054',
    '150402199003070185',
    '150402199003070046',
    '150402199003070097',
    '150402199003070038',
    '150402199003070089',
    '15040219900307002X',
  ])('accepts %s, one fixture per check character (computed outside this code base)', (id) => {
    // Act, Assess
    expect(isResidentId(id, TODAY)).toBe(true);
  });

  it('accepts the worked example of GB 11643-1999, whose check character is X', () => {
    // Act, Assess
    expect(isResidentId('11010519491231002X', TODAY)).toBe(true);
  });

  it.each(Array.from({ length: 17 }, (_, i) => i))(
    'rejects the number with digit %i changed',
    (i) => {
      // Prepare
      const digit = Number(valid[i]);
      const corrupted = replaceAt(valid, i, String((digit + 1) % 10));
      // Act, Assess
      expect(isResidentId(corrupted, TODAY)).toBe(false);
    },
  );

  it('rejects every wrong check character', () => {
    // Prepare
    const wrong = [...'0123456789X'].filter((c) => c !== valid[17]);
    // Act
    const accepted = wrong.filter((c) => isResidentId(replaceAt(valid, 17, c), TODAY));
    // Assess
    expect(accepted).toEqual([]);
  });

  it('rejects a birth date that is not in the calendar, even with a correct check character', () => {
    // Act, Assess
    expect(isResidentId(makeResidentId('150402', '19990230', '123'), TODAY)).toBe(false);
    expect(isResidentId(makeResidentId('150402', '19991301', '123'), TODAY)).toBe(false);
    expect(isResidentId(makeResidentId('150402', '20000229', '123'), TODAY)).toBe(true);
  });

  it('rejects a birth date after today and before 1900', () => {
    // Act, Assess
    expect(isResidentId(makeResidentId('150402', '20260521', '123'), TODAY)).toBe(false);
    expect(isResidentId(makeResidentId('150402', '20260520', '123'), TODAY)).toBe(true);
    expect(isResidentId(makeResidentId('150402', '18991231', '123'), TODAY)).toBe(false);
  });

  it('rejects an unknown province code and accepts Hong Kong, Macao and Taiwan permits', () => {
    // Act, Assess
    for (const bad of ['000000', '100000', '160000', '240000', '470000', '550000', '910000']) {
      expect(isResidentId(makeResidentId(bad, '19900307', '123'), TODAY)).toBe(false);
    }
    for (const good of ['110105', '650102', '810000', '820000', '830000']) {
      expect(isResidentId(makeResidentId(good, '19900307', '123'), TODAY)).toBe(true);
    }
  });

  it('rejects wrong lengths, a lower-case x and stray characters', () => {
    // Act, Assess
    expect(isResidentId(valid.slice(0, 17), TODAY)).toBe(false);
    expect(isResidentId(`${valid}0`, TODAY)).toBe(false);
    expect(isResidentId('11010519491231002x', TODAY)).toBe(false);
    expect(isResidentId(` ${valid}`, TODAY)).toBe(false);
    expect(isResidentId('150402900307123', TODAY)).toBe(false);
  });

  it('refuses to make a number from malformed parts', () => {
    // Act, Assess
    expect(() => makeResidentId('15040', '19900307', '123')).toThrow(RangeError);
    expect(() => makeResidentId('150402', '1990037', '123')).toThrow(RangeError);
    expect(() => makeResidentId('150402', '19900307', '12a')).toThrow(RangeError);
  });
});

describe('isCreditCode', () => {
  // Positions 9–17 are an organisation code with its own check (GB 11714); position 18 checks all.
  const made = makeCreditCode(`91150402${makeOrgCode('MA0Q1234')}`);

  it.each([
    ['a code built with both check characters', made],
    ['the code widely quoted as an example of GB 32100', '91350100M000100Y43'],
    ['the published code of 深圳市腾讯计算机系统有限公司', '91440300708461136T'],
    ['the published code of 华为技术有限公司', '914403001922038216'],
    ['a code whose check is 0 (computed outside this code base)', '91150402MA00001460'],
    [
      'a code whose check is Y, the last letter (computed outside this code base)',
      '91150402MA0000023Y',
    ],
    [
      'a code registered by an institutional-staffing office',
      makeCreditCode(`11150402${makeOrgCode('01234567')}`),
    ],
    ['a code whose organisation check is X', makeCreditCode(`52150402${makeOrgCode('00000006')}`)],
  ])('accepts %s', (_, code) => {
    // Act, Assess
    expect(isCreditCode(code)).toBe(true);
  });

  it('rejects every wrong final check character', () => {
    // Prepare
    const alphabet = [...'0123456789ABCDEFGHJKLMNPQRTUWXY'].filter((c) => c !== made[17]);
    // Act
    const accepted = alphabet.filter((c) => isCreditCode(replaceAt(made, 17, c)));
    // Assess
    expect(accepted).toEqual([]);
  });

  it('rejects a wrong organisation check even when the final check is right', () => {
    // Prepare
    const wrong = [...'0123456789X'].filter((c) => c !== made[16]);
    // Act
    const accepted = wrong
      .map((c) => withFinalCheck(`${made.slice(0, 16)}${c}`))
      .filter((code) => isCreditCode(code));
    // Assess
    expect(accepted).toEqual([]);
  });

  it.each(Array.from({ length: 16 }, (_, i) => i))(
    'rejects the code with character %i changed',
    (i) => {
      // Prepare: a neighbouring character of the same kind, so the shape stays valid.
      const c = made[i] ?? '';
      const swapped = /\d/.test(c) ? String((Number(c) % 9) + 1) : c === 'A' ? 'B' : 'A';
      // Act, Assess
      expect(isCreditCode(replaceAt(made, i, swapped))).toBe(false);
    },
  );

  it('rejects letters outside the alphabet, lower case, bad department and category', () => {
    // Act, Assess
    expect(isCreditCode(made.toLowerCase())).toBe(false);
    expect(isCreditCode(made.replace('Q', 'O'))).toBe(false);
    expect(isCreditCode(makeCreditCode(`01150402${makeOrgCode('MA0Q1234')}`))).toBe(false);
    expect(isCreditCode(makeCreditCode(`90150402${makeOrgCode('MA0Q1234')}`))).toBe(false);
    expect(isCreditCode(makeCreditCode(`9115040A${makeOrgCode('MA0Q1234')}`))).toBe(false);
    expect(isCreditCode(made.slice(0, 17))).toBe(false);
  });

  it('makes a valid code from 16 characters, or 17 whose organisation check it recomputes', () => {
    // Act
    const from16 = makeCreditCode('91150426MA0N7X8K');
    const from17 = makeCreditCode('91150426MA0N7X8K2');
    // Assess: the body MA0N7X8K's organisation check is 0, not the 2 passed in.
    expect(from16).toBe(from17);
    expect(from16.slice(0, 17)).toBe('91150426MA0N7X8K0');
    expect(isCreditCode(from16)).toBe(true);
  });

  it('refuses to make a code from characters outside the alphabet or of the wrong length', () => {
    // Act, Assess
    expect(() => makeCreditCode('91150402MA0Q123I')).toThrow(RangeError);
    expect(() => makeCreditCode('9115040')).toThrow(RangeError);
    expect(() => makeCreditCode('91150402MA0Q12345X')).toThrow(RangeError);
  });
});

describe('makeOrgCode', () => {
  it('computes the GB 11714 check, writing 10 as X and 11 as 0', () => {
    // Act, Assess
    expect(makeOrgCode('70846113')).toBe('708461136');
    expect(makeOrgCode('00000006')).toBe('00000006X');
    expect(makeOrgCode('00000000')).toBe('000000000');
    expect(() => makeOrgCode('7084611')).toThrow(RangeError);
  });
});

describe('isMobile', () => {
  it.each([
    ['13812345678', true],
    ['19912345678', true],
    ['12812345678', false],
    ['1381234567', false],
    ['138123456789', false],
    ['+8613812345678', false],
    ['138 1234 5678', false],
    ['23812345678', false],
  ])('judges %s as %s', (input, expected) => {
    // Act, Assess
    expect(isMobile(input)).toBe(expected);
  });
});

describe('masks', () => {
  it('keeps the first 6 and last 4 characters of an ID number', () => {
    // Act, Assess
    expect(maskIdNumber('150402199003071233')).toBe('150402********1233');
    expect(maskIdNumber('91350100M000100Y43')).toBe('913501********0Y43');
    expect(maskIdNumber('1234')).toBe('****');
  });

  it('keeps the first 3 and last 4 digits of a phone number', () => {
    // Act, Assess
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('123')).toBe('***');
  });

  it('keeps only the family name of a person', () => {
    // Act, Assess
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('李')).toBe('*');
    expect(maskName('  ')).toBe('');
  });

  it('keeps the first two and last two characters of an organisation', () => {
    // Act, Assess
    expect(maskName('赤峰某某建材有限公司', 'organization')).toBe('赤峰******公司');
    expect(maskName('某某商店', 'organization')).toBe('某***');
  });
});

describe('case numbers', () => {
  it('formats the year and a six-digit serial', () => {
    // Act
    const number = formatCaseNumber(2026, 123);
    // Assess
    expect(number).toBe('2026-000123');
    expect(number).toMatch(CASE_NUMBER_PATTERN);
  });

  it('parses what it formats, for any year and serial', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 9999 }),
        fc.integer({ min: 1, max: 999_999 }),
        (year, n) => {
          // Act, Assess
          expect(parseCaseNumber(formatCaseNumber(year, n))).toEqual({ year, n });
        },
      ),
    );
  });

  it('refuses serials outside 1–999999 and years that are not four digits', () => {
    // Act, Assess
    expect(() => formatCaseNumber(2026, 0)).toThrow(RangeError);
    expect(() => formatCaseNumber(2026, 1_000_000)).toThrow(RangeError);
    expect(() => formatCaseNumber(2026, 1.5)).toThrow(RangeError);
    expect(() => formatCaseNumber(26, 1)).toThrow(RangeError);
  });

  it('parses nothing from strings that are not case numbers', () => {
    // Act, Assess
    for (const s of [
      '2026-00012',
      '2026-0001234',
      '2026-000000',
      '26-000123',
      ' 2026-000123',
      '',
    ]) {
      expect(parseCaseNumber(s)).toBeUndefined();
    }
  });
});

describe('proposal serials', () => {
  it('formats the year and the serial as on annex 3', () => {
    // Act, Assess
    expect(formatProposalSerial(2026, 7)).toBe('[2026]第(7)号');
    expect(formatProposalSerial(2026, 112)).toBe('[2026]第(112)号');
  });

  it('parses what it formats and nothing else', () => {
    // Act, Assess
    expect(parseProposalSerial('[2026]第(7)号')).toEqual({ year: 2026, n: 7 });
    expect(parseProposalSerial('[2026]第(07)号')).toBeUndefined();
    expect(parseProposalSerial('[2026]第(0)号')).toBeUndefined();
    expect(parseProposalSerial('2026第7号')).toBeUndefined();
    expect(() => formatProposalSerial(2026, 0)).toThrow(RangeError);
  });
});
