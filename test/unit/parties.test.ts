/**
 * Who filed, how to reach them, and the other party (issue 13): the window's payer kinds (a lead
 * without an ID number, a number to be verified), landlines, and the counterparty of a dispute,
 * as the contracts check them. No I/O.
 */
import { describe, expect, it } from 'vitest';
import { CreateCaseRequestSchema } from '#contracts/cases.ts';
import { fieldErrors } from '#contracts/problem.ts';
import { isLocalDateTime, RegisterCaseSchema } from '#contracts/staff.ts';
import { CHANNEL_LABELS } from '#core/case.ts';
import {
  contactOf,
  isLandline,
  makeCreditCode,
  makeResidentId,
  maskName,
  tidyPhone,
} from '#core/identifiers.ts';
import { caseRequest, matter } from '#test/fixtures/cases.ts';

const PERSON_ID = makeResidentId('150426', '19850607', '123');
const CREDIT_CODE = makeCreditCode('91150426MA0N7X8K');

function registration(overrides: Record<string, unknown> = {}) {
  return {
    channel: 'online-opinion',
    registeredOn: '2026-11-26',
    visitedAt: '2026-11-26T09:30',
    payer: { kind: 'person', name: '巴特尔', idNumber: PERSON_ID, phone: '13912345678' },
    matters: [matter()],
    description: '反映单位未按规定缴纳养老保险费。',
    ...overrides,
  };
}

const pointersOf = (
  schema: typeof RegisterCaseSchema | typeof CreateCaseRequestSchema,
  body: unknown,
) => {
  const parsed = schema.safeParse(body);
  return parsed.success ? [] : fieldErrors(parsed.error.issues).map((e) => e.pointer);
};

/** The fields a window registration with `overrides` is refused for. */
const registrationErrors = (overrides: Record<string, unknown> = {}) =>
  pointersOf(RegisterCaseSchema, registration(overrides));

/** The fields an online request with `overrides` is refused for. */
const requestErrors = (overrides: Record<string, unknown> = {}) =>
  pointersOf(CreateCaseRequestSchema, caseRequest(overrides));

describe('phones', () => {
  it.each([
    ['0476-1234567', true],
    ['04761234567', true],
    ['010-12345678', true],
    ['0476-123456', false],
    ['13812345678', false],
    ['476-1234567', false],
  ])('isLandline(%j) is %s', (phone, expected) => {
    expect(isLandline(phone)).toBe(expected);
  });

  it('tidies a phone as typed: spaces, brackets and dashes dropped, the landline written with its dash', () => {
    expect(tidyPhone(' 138-1234-5678 ')).toBe('13812345678');
    expect(tidyPhone('（0476）1234567')).toBe('0476-1234567');
    expect(tidyPhone('02161234567')).toBe('021-61234567');
    expect(tidyPhone('12345')).toBe('12345');
    // As a phone's contacts write it, with the country code (a payer review, 2026-12-04)
    expect(tidyPhone('+86 137-1234-5678')).toBe('13712345678');
    expect(tidyPhone('0086 13812345678')).toBe('13812345678');
    expect(tidyPhone('+86 476 8312345')).toBe('0476-8312345');
  });

  it('keeps a switchboard’s extension after the number, however it was typed (a payer review, 2026-12-05)', () => {
    for (const typed of [
      '0476-8123456-801',
      '0476 8123456 转 801',
      '0476-8123456分机801',
      '04768123456 ext 801',
    ]) {
      expect(tidyPhone(typed), typed).toBe('0476-8123456-801');
    }
    expect(isLandline('0476-8123456-801')).toBe(true);
    expect(contactOf('0476-8123456-801')).toBe('phone');
    // Digits run together stay one number, refused as it is
    expect(isLandline(tidyPhone('04768123456801'))).toBe(false);
    // A mobile has no extension
    expect(tidyPhone('13812345678-801')).toBe('13812345678801');
  });

  it('tells how a payer hears from the unit: SMS to a mobile, a call to a landline, nothing without a phone', () => {
    expect(contactOf('13812345678')).toBe('sms');
    expect(contactOf('0476-1234567')).toBe('phone');
    expect(contactOf('')).toBe('none');
  });
});

describe('RegisterCaseSchema: the window registers leads and payers without a number', () => {
  it('registers an anonymous online post with no ID number and no phone, with its source', () => {
    // Act
    const parsed = RegisterCaseSchema.parse(
      registration({
        payer: {
          kind: 'lead',
          source: { kind: 'online-post', reference: 'https://bbs.example.cn/t/123' },
        },
      }),
    );

    // Assess: the stored shape, empty where nothing is known
    expect(parsed.payer).toEqual({
      kind: 'lead',
      name: '',
      idNumber: '',
      phone: '',
      source: { kind: 'online-post', reference: 'https://bbs.example.cn/t/123' },
    });
  });

  it('asks a lead for its source and reference, and refuses an ID number on it', () => {
    expect(registrationErrors({ payer: { kind: 'lead' } })).toEqual(['/payer/source']);
    expect(
      registrationErrors({
        payer: { kind: 'lead', source: { kind: 'petition-lead', reference: ' ' } },
      }),
    ).toEqual(['/payer/source/reference']);
    expect(
      registrationErrors({
        payer: {
          kind: 'lead',
          idNumber: PERSON_ID,
          source: { kind: 'anonymous-call', reference: '来电记录 2026-118' },
        },
      }),
    ).toEqual(['/payer/idNumber']);
  });

  it('takes a lead’s phone when it has one, and checks it', () => {
    const lead = (phone: string) =>
      registration({
        payer: {
          kind: 'lead',
          phone,
          source: { kind: 'anonymous-call', reference: '来电 118 号' },
        },
      });
    expect(RegisterCaseSchema.parse(lead('0476 8123456')).payer.phone).toBe('0476-8123456');
    expect(pointersOf(RegisterCaseSchema, lead('12345'))).toEqual(['/payer/phone']);
  });

  it('registers a person whose number is to be verified, and asks for the number otherwise', () => {
    const pending = RegisterCaseSchema.parse(
      registration({
        payer: { kind: 'person', name: '巴特尔', idPending: true, phone: '0476-8123456' },
      }),
    );
    expect(pending.payer).toEqual({
      kind: 'person',
      name: '巴特尔',
      idNumber: '',
      phone: '0476-8123456',
      idPending: true,
    });
    expect(
      registrationErrors({ payer: { kind: 'person', name: '巴特尔', phone: '0476-8123456' } }),
    ).toEqual(['/payer/idNumber']);
  });

  it('still checks a number typed with 「待核实」 ticked, and the number against the kind', () => {
    expect(
      registrationErrors({
        payer: {
          kind: 'person',
          name: '巴',
          idNumber: '150426',
          idPending: true,
          phone: '13912345678',
        },
      }),
    ).toEqual(['/payer/idNumber']);
    expect(
      registrationErrors({
        payer: { kind: 'person', name: '巴', idNumber: CREDIT_CODE, phone: '13912345678' },
      }),
    ).toEqual(['/payer/idNumber']);
  });

  it('asks a person or organisation for a name and a phone', () => {
    expect(registrationErrors({ payer: { kind: 'organization', idPending: true } })).toEqual([
      '/payer/name',
      '/payer/phone',
    ]);
  });

  it('takes the visit time as a datetime-local value, not later than the form’s date', () => {
    expect(isLocalDateTime('2026-11-26T09:30')).toBe(true);
    expect(isLocalDateTime('2026-02-30T09:30')).toBe(false);
    expect(isLocalDateTime('2026-11-26T24:00')).toBe(false);
    expect(registrationErrors({ visitedAt: '2026-11-26 09:30' })).toEqual(['/visitedAt']);
    expect(registrationErrors({ visitedAt: '2026-11-27T08:00' })).toEqual(['/visitedAt']);
    expect(
      RegisterCaseSchema.parse(registration({ visitedAt: '2026-11-25T16:45' })).visitedAt,
    ).toBe('2026-11-25T16:45');
  });
});

describe('RegisterCaseSchema: the channel', () => {
  it('takes a call to the unit’s own phone apart from the 12345 hotline (a staff review filed them as 12345)', () => {
    expect(RegisterCaseSchema.parse(registration({ channel: 'phone-call' })).channel).toBe(
      'phone-call',
    );
    expect(CHANNEL_LABELS['phone-call']).toBe('本单位电话来电');
    expect(pointersOf(RegisterCaseSchema, registration({ channel: 'online' }))).toEqual([
      '/channel',
    ]);
  });
});

describe('RegisterCaseSchema: the registration date (issue 16)', () => {
  it('refuses a date before the mechanism (2024)', () => {
    expect(registrationErrors({ registeredOn: '0001-01-01', visitedAt: undefined })).toEqual([
      '/registeredOn',
    ]);
    expect(registrationErrors({ registeredOn: '2023-12-31', visitedAt: undefined })).toEqual([
      '/registeredOn',
    ]);
    expect(
      registrationErrors({ registeredOn: '2024-01-01', visitedAt: '2024-01-01T08:00' }),
    ).toEqual([]);
  });
});

describe('the online form keeps requiring a real payer', () => {
  it('refuses a lead online, at /payer/kind', () => {
    const base = caseRequest();
    expect(
      requestErrors({
        payer: { ...base.payer, kind: 'lead', source: { kind: 'online-post', reference: 'x' } },
      }),
    ).toEqual(['/payer/kind']);
  });

  it('refuses an online payer without an ID number, whatever it says of verifying', () => {
    const base = caseRequest();
    expect(requestErrors({ payer: { ...base.payer, idNumber: '', idPending: true } })).toEqual([
      '/payer/idNumber',
    ]);
  });

  it('files a landline-only payer', () => {
    const base = caseRequest();
    const parsed = CreateCaseRequestSchema.parse(
      caseRequest({ payer: { ...base.payer, phone: '0476-8123456' } }),
    );
    expect(parsed.payer.phone).toBe('0476-8123456');
  });
});

describe('the other party of a dispute', () => {
  it('takes a person’s employer with its credit code and a landline, dropping what is empty', () => {
    const parsed = CreateCaseRequestSchema.parse(
      caseRequest({
        counterparty: {
          kind: 'organization',
          name: ' 赤峰某某建材有限公司 ',
          idNumber: CREDIT_CODE.toLowerCase(),
          phone: '',
        },
      }),
    );
    expect(parsed.counterparty).toEqual({
      kind: 'organization',
      name: '赤峰某某建材有限公司',
      idNumber: CREDIT_CODE,
    });
  });

  it('names the other kind: a person’s dispute is about an employer, an employer’s about a person', () => {
    expect(requestErrors({ counterparty: { kind: 'person', name: '王某' } })).toEqual([
      '/counterparty/kind',
    ]);
    const org = caseRequest().payer;
    expect(
      requestErrors({
        payer: { ...org, kind: 'organization', idNumber: CREDIT_CODE, name: '某某公司' },
        counterparty: { kind: 'person', name: '王某', idNumber: PERSON_ID },
      }),
    ).toEqual([]);
  });

  it('checks a given number against the other party’s kind, and a given phone', () => {
    expect(
      requestErrors({
        counterparty: {
          kind: 'organization',
          name: '某某公司',
          idNumber: PERSON_ID,
          phone: '123',
        },
      }),
    ).toEqual(['/counterparty/idNumber', '/counterparty/phone']);
    expect(requestErrors({ counterparty: { kind: 'organization', name: '' } })).toEqual([
      '/counterparty/name',
    ]);
  });

  it('lets a lead name either kind', () => {
    expect(
      registrationErrors({
        payer: { kind: 'lead', source: { kind: 'online-post', reference: '帖子 9527' } },
        counterparty: { kind: 'organization', name: '某某公司' },
      }),
    ).toEqual([]);
  });
});

describe('lists show a lead as a lead', () => {
  it('masks a lead’s screen name like a person’s, and says when it has none', () => {
    expect(maskName('', 'lead')).toBe('身份不明的线索');
    expect(maskName('热心网友', 'lead')).toBe('热***（线索）');
  });
});
