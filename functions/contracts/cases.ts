/**
 * Version 1 of the public case contract (DESIGN.md §9). The site imports these too, for its
 * field names, choices, limits and Chinese messages, so the page and the API cannot disagree.
 */
import * as z from 'zod';
import { type Counterparty, LEAD_SOURCES, OBJECTION_ROUTES, type Payer } from '#core/case.ts';
import {
  type IdentifierProblem,
  identifierProblem,
  isCreditCode,
  isPhone,
  isResidentId,
  tidyPhone,
} from '#core/identifiers.ts';
import { INSURANCE_TYPES, MATTER_TYPES, needsInsurance } from '#core/matters.ts';
import { chineseDay, shanghaiDate } from '#core/time.ts';

export const LIMITS = {
  name: 100,
  address: 200,
  description: 2000,
  matters: 10,
  comment: 1000,
} as const;

/**
 * Today, the latest birth date a citizen number may carry. A schema has no clock port, so this is
 * the machine's clock, not the local runtime's test clock: a birth date is checked against the real
 * day, and core (functions/core/identifiers.ts) takes the day from its caller.
 */
const today = () => shanghaiDate(new Date());

/** 1950–2099: social insurance in China starts in the 1950s; a later year is a typing error. */
const YEAR_MONTH = /^(19[5-9]\d|20\d{2})-(0[1-9]|1[0-2])$/;

const yearMonth = (what: string) =>
  z
    .string({ error: `请填写${what}，格式为“年-月”，例如 2024-03` })
    .regex(YEAR_MONTH, `${what}应为“年-月”，年份在 1950 至 2099 之间，月份 1 至 12，例如 2024-03`);

export const PeriodSchema = z
  .object(
    { from: yearMonth('起始年月'), to: yearMonth('截止年月') },
    { error: '请填写争议涉及的起止年月' },
  )
  .superRefine((p, ctx) => {
    // Only once both ends are well-formed: otherwise the format message says it all.
    if (YEAR_MONTH.test(p.from) && YEAR_MONTH.test(p.to) && p.to < p.from) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: '截止年月不能早于起始年月' });
    }
  });

export const MatterSchema = z
  .object(
    {
      // In the words of the form's question (争议的是什么问题).
      type: z.enum(MATTER_TYPES, { error: '请选择争议的是什么问题' }),
      insurance: z
        .array(z.enum(INSURANCE_TYPES, { error: '请选择险种' }), { error: '请选择险种' })
        .max(INSURANCE_TYPES.length, '同一险种只需选择一次')
        .default([]),
      period: PeriodSchema,
    },
    { error: '每项争议事项应包含事项类型、险种和起止年月' },
  )
  .superRefine(
    (m, ctx) => {
      if (needsInsurance(m.type) && m.insurance.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['insurance'], message: '请至少选择一种涉及的保险' });
      }
      if (new Set(m.insurance).size !== m.insurance.length) {
        ctx.addIssue({ code: 'custom', path: ['insurance'], message: '同一险种只需选择一次' });
      }
    },
    {
      // Also when the period is wrong: every error of the item at once, not the insurance after
      // the months were fixed (a payer review, 2026-12-04). Only the type and the list it reads
      // must have parsed.
      // The item must be an object (a string or null there is an issue at its own path, with no
      // fields to read: the fuzz sent `matters: [""]`).
      when: (payload) =>
        typeof payload.value === 'object' &&
        payload.value !== null &&
        !payload.issues.some((i) => {
          const at = i.path?.[0];
          return at === undefined || at === 'type' || at === 'insurance';
        }),
    },
  );

/**
 * What is wrong with an ID number or credit code, in the payer's words: a wrong check character
 * is not a wrong length (issue 13: 18 characters typed, and the message asked for 18). It starts
 * with the field's name, since the error summary lists the payer's and the other party's numbers
 * alike (a payer review could not tell which 「号码有误」 meant).
 */
export function identifierMessage(p: IdentifierProblem, field = '证件号码'): string {
  return `${field}有误：${identifierFault(p)}`;
}

function identifierFault(p: IdentifierProblem): string {
  switch (p.kind) {
    case 'length':
      return `应为 18 位，现在是 ${p.length} 位。身份证号码和统一社会信用代码都是 18 位`;
    case 'character':
      return `第 ${p.position} 位的“${p.character}”不对。身份证号码都是数字（最后一位可以是 X），统一社会信用代码是数字和大写字母（没有 I、O、S、V、Z）`;
    case 'region':
      return `身份证号码的前两位“${p.region}”不是省、自治区、直辖市的代码，请核对`;
    case 'birth-date':
      return p.reason === 'future'
        ? `身份证号码第 7 至 14 位的出生日期（${chineseDay(p.date)}）晚于今天，请核对`
        : p.reason === 'before-1900'
          ? `身份证号码第 7 至 14 位的出生日期（${chineseDay(p.date)}）早于 1900 年，请核对`
          : `身份证号码第 7 至 14 位的出生日期（${p.date.replaceAll('-', '')}）不是真实的日期，请核对`;
    case 'check':
      return p.standard === 'resident-id'
        ? '最后一位校验码对不上，可能有一位填错或两位颠倒了，请对照身份证逐位核对'
        : p.position === 17
          ? '第 9 至 17 位（组织机构代码）的校验位对不上，这几位中可能有一位填错或两位颠倒了，请对照营业执照逐位核对'
          : '最后一位（第 18 位）校验码对不上，前 17 位中可能有一位填错或两位颠倒了，请对照营业执照逐位核对';
  }
}

export const payerName = z
  .string({ error: '请填写缴费人姓名或单位名称' })
  .trim()
  .min(1, '请填写缴费人姓名或单位名称')
  .max(LIMITS.name, `名称不能超过 ${LIMITS.name} 个字`);

/** Valid against its own standard; the kind check comes after (`kindFits`). */
/** A required ID number or credit code, tidied, checked against its standard; `missing` asks for it. */
export const identifierSchema = (missing: string) =>
  z
    .string({ error: missing })
    .trim()
    .toUpperCase()
    .min(1, missing)
    .superRefine((s, ctx) => {
      const problem = s === '' ? undefined : identifierProblem(s, today());
      if (problem) ctx.addIssue({ code: 'custom', message: identifierMessage(problem) });
    });

const idNumber = identifierSchema('请填写身份证号码或统一社会信用代码');

export const PHONE_MESSAGE =
  '请填写 11 位手机号码，或带区号的固定电话，例如 13812345678 或 0476-1234567';

/** A phone field asked for by its label when missing: a mobile, or a landline with its area code. */
export const phoneField = (missing: string) =>
  z.string({ error: missing }).overwrite(tidyPhone).refine(isPhone, PHONE_MESSAGE);

/** A mobile or a landline with its area code (issue 13: a payer with only a landline may file). */
export const phone = phoneField('请填写联系电话');

/**
 * A too-long text's message, with how much was typed: a payer who pasted 3,180 characters learns
 * how far over they are, not only the limit (a payer review, 2026-12-04). Counted as zod counts.
 */
const atMost = (what: string, max: number) => ({
  error: (issue: { input?: unknown }) =>
    `${what}不能超过 ${max} 个字，现在是 ${String(issue.input ?? '').length} 个字`,
});

/** An optional field of the form: absent, or typed empty. */
const blank = (s: string | undefined): s is undefined | '' => s === undefined || s.trim() === '';

/**
 * The number is valid (checked on its own); here it must also fit the kind of party. About one
 * valid number in 340 passes both standards' checks: only a number that is not valid for the
 * chosen kind is the wrong kind.
 */
function kindFits(
  p: { kind: string; idNumber?: string | undefined },
  ctx: z.RefinementCtx,
  path: (string | number)[],
  words = { person: '个人', organization: '单位', field: '“您是”' },
): void {
  const n = p.idNumber ?? '';
  if (n === '') return;
  if (p.kind === 'person' && isCreditCode(n) && !isResidentId(n, today())) {
    ctx.addIssue({
      code: 'custom',
      path,
      message: `这是统一社会信用代码。${words.person}请填写身份证号码，或把${words.field}改为“单位”`,
    });
  }
  if (p.kind === 'organization' && isResidentId(n, today()) && !isCreditCode(n)) {
    ctx.addIssue({
      code: 'custom',
      path,
      message: `这是身份证号码。${words.organization}请填写统一社会信用代码，或把${words.field}改为“个人”`,
    });
  }
}

export const PayerSchema = z
  .object(
    {
      kind: z.enum(['person', 'organization'], { error: '请选择您是个人还是单位' }),
      name: payerName,
      idNumber,
      phone,
    },
    { error: '请填写缴费人的信息' },
  )
  .superRefine((p, ctx) => kindFits(p, ctx, ['idNumber']));

/**
 * A postal address, optional: where a written answer is posted to a payer reached only by phone,
 * or to the other party (seed 三(二): 以书面形式告知; a staff review found staff told to post the
 * notice with no address anywhere).
 */
const address = z
  .string()
  .trim()
  .max(LIMITS.address, `通讯地址不能超过 ${LIMITS.address} 个字`)
  .optional();

/**
 * The payer as window staff register them (issue 13): a person or organisation whose ID number
 * may be "to be verified" (`idPending`), or an unidentified lead with its source instead of an
 * ID number, and a phone only when there is one. The result has the stored shape.
 */
export const RegisteredPayerSchema = z
  .object(
    {
      kind: z.enum(['person', 'organization', 'lead'], {
        error: '请选择缴费人是个人、单位，还是身份不明的线索',
      }),
      name: z.string().trim().max(LIMITS.name, `名称不能超过 ${LIMITS.name} 个字`).optional(),
      idNumber: z.string().trim().toUpperCase().optional(),
      idPending: z.boolean({ error: '“身份证号码待核实”应为是或否' }).optional(),
      phone: z.string().overwrite(tidyPhone).optional(),
      address,
      source: z
        .object(
          {
            kind: z.enum(LEAD_SOURCES, { error: '请选择线索来源' }),
            reference: z
              .string({ error: '请填写线索出处' })
              .trim()
              .min(1, '请填写线索出处，例如帖子网址或信访件编号')
              .max(500, '线索出处不能超过 500 个字'),
          },
          { error: '请填写线索来源和出处' },
        )
        .optional(),
    },
    { error: '请填写缴费人的信息' },
  )
  .superRefine((p, ctx) => {
    const issue = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message });
    if (p.kind === 'lead') {
      if (!p.source) issue('source', '请填写线索来源和出处，例如帖子网址或信访件编号');
      if (!blank(p.idNumber))
        issue('idNumber', '有身份证号码或统一社会信用代码的，请把“缴费人是”改为个人或单位');
      if (!blank(p.phone) && !isPhone(p.phone ?? '')) issue('phone', PHONE_MESSAGE);
      return;
    }
    if (blank(p.name)) issue('name', '请填写缴费人姓名或单位名称');
    if (blank(p.phone)) issue('phone', '请填写联系电话');
    else if (!isPhone(p.phone ?? '')) issue('phone', PHONE_MESSAGE);
    if (blank(p.idNumber)) {
      if (!p.idPending)
        issue('idNumber', '请填写身份证号码或统一社会信用代码；一时无法提供的，请勾选“待核实”');
      return;
    }
    const problem = identifierProblem(p.idNumber ?? '', today());
    if (problem) issue('idNumber', identifierMessage(problem));
    else kindFits(p, ctx, ['idNumber']);
  })
  .transform(
    (p): Payer => ({
      kind: p.kind,
      name: p.name ?? '',
      idNumber: p.kind === 'lead' ? '' : (p.idNumber ?? ''),
      phone: p.phone ?? '',
      ...(p.kind !== 'lead' && blank(p.idNumber) ? { idPending: true } : {}),
      ...(p.kind === 'lead' && p.source ? { source: p.source } : {}),
      ...(blank(p.address) ? {} : { address: p.address }),
    }),
  );

/**
 * The other party (争议双方, seed 三(二)): the employer of a person's dispute, the person of an
 * employer's. Only the name is required; a number and a phone are checked when given.
 */
export const CounterpartySchema = z
  .object(
    {
      kind: z.enum(['person', 'organization'], { error: '请选择对方是个人还是单位' }),
      name: z
        .string({ error: '请填写对方的姓名或单位名称' })
        .trim()
        .min(1, '请填写对方的姓名或单位名称')
        .max(LIMITS.name, `名称不能超过 ${LIMITS.name} 个字`),
      idNumber: z.string().trim().toUpperCase().optional(),
      phone: z.string().overwrite(tidyPhone).optional(),
      address,
    },
    { error: '对方的信息应包含类型和名称' },
  )
  .superRefine((c, ctx) => {
    if (!blank(c.idNumber)) {
      const problem = identifierProblem(c.idNumber ?? '', today());
      if (problem)
        ctx.addIssue({
          code: 'custom',
          path: ['idNumber'],
          message: `${identifierMessage(problem, '对方的证件号码')}；不知道对方证件号码的，可以不填`,
        });
      else
        kindFits(c, ctx, ['idNumber'], {
          person: '对方是个人的',
          organization: '对方是单位的',
          field: '“对方是”',
        });
    }
    // Named as the other party's: beside the payer's own phone field, the same words read as the
    // payer's own number being wrong (a payer review, 2026-12-05).
    if (!blank(c.phone) && !isPhone(c.phone ?? ''))
      ctx.addIssue({
        code: 'custom',
        path: ['phone'],
        message: `对方的联系电话有误：${PHONE_MESSAGE}；不知道的，可以不填`,
      });
  })
  .transform(
    (c): Counterparty => ({
      kind: c.kind,
      name: c.name,
      ...(blank(c.idNumber) ? {} : { idNumber: c.idNumber }),
      ...(blank(c.phone) ? {} : { phone: c.phone }),
      ...(blank(c.address) ? {} : { address: c.address }),
    }),
  );

/**
 * A person's dispute names an employer, an employer's a person: the other party is the other
 * kind (a lead may name either).
 */
export function counterpartyFits(
  payerKind: string,
  counterparty: { kind: string } | undefined,
  ctx: z.RefinementCtx,
): void {
  if (!counterparty || payerKind === 'lead' || payerKind !== counterparty.kind) return;
  ctx.addIssue({
    code: 'custom',
    path: ['counterparty', 'kind'],
    message:
      payerKind === 'person'
        ? '个人反映的争议，对方应是用人单位'
        : '单位反映的争议，对方应是个人（职工）',
  });
}

export const CreateCaseRequestSchema = z
  .object(
    {
      payer: PayerSchema,
      matters: z
        .array(MatterSchema, { error: '请至少填写一项争议事项' })
        .min(1, '请至少填写一项争议事项')
        .max(LIMITS.matters, `一次最多填写 ${LIMITS.matters} 项争议事项`),
      description: z
        .string({ error: '请说明争议的具体情况' })
        .trim()
        .min(1, '请说明争议的具体情况')
        .max(LIMITS.description, atMost('情况说明', LIMITS.description)),
      /** The other party, when the payer names one (issue 13). */
      counterparty: CounterpartySchema.optional(),
      consent: z.literal(true, { error: '请确认同意我们为处理争议使用您填写的信息' }),
    },
    { error: '请求正文应为一个 JSON 对象，包含缴费人、争议事项、情况说明和同意声明' },
  )
  .superRefine((r, ctx) => counterpartyFits(r.payer.kind, r.counterparty, ctx));

export type CreateCaseRequest = z.infer<typeof CreateCaseRequestSchema>;

export const CASE_NUMBER_PATTERN = /^\d{4}-\d{6}$/;

/** The access code printed on the confirmation: 12 characters from an unambiguous alphabet. */
export const ACCESS_CODE_PATTERN = /^[A-HJKMNP-Z2-9]{12}$/;

/** The message a unit queue carries: "this case is routed to you". */
export const CaseRoutedMessageSchema = z.object({
  v: z.literal(1),
  type: z.literal('case.routed'),
  caseNumber: z.string().regex(CASE_NUMBER_PATTERN),
  unit: z.string().min(1),
});

export type CaseRoutedMessage = z.infer<typeof CaseRoutedMessageSchema>;

/** The payer's answer to the written reply (POST /api/cases/{n}/decision). */
export const DecisionRequestSchema = z.discriminatedUnion(
  'decision',
  [
    z.object({ decision: z.literal('accept') }),
    z.object({
      decision: z.literal('object'),
      route: z.enum(OBJECTION_ROUTES, { error: '请选择您准备通过哪种途径继续解决' }),
      comment: z
        .string({ error: '“还有什么想说的”应为文字' })
        .trim()
        .max(LIMITS.comment, atMost('“还有什么想说的”', LIMITS.comment))
        .optional(),
    }),
  ],
  { error: '请选择是否接受处理结果' },
);

export type DecisionRequest = z.infer<typeof DecisionRequestSchema>;

/** The payer's answer to the follow-up survey (POST /api/cases/{n}/survey), instead of a visit. */
export const SurveyRequestSchema = z.object(
  {
    result: z.enum(['satisfied', 'basically-satisfied', 'dissatisfied'], {
      error: '请选择您对处理结果的评价',
    }),
    comment: z
      .string({ error: '意见应为文字' })
      .trim()
      .max(LIMITS.comment, atMost('意见', LIMITS.comment))
      .optional(),
  },
  { error: '请求正文应为一个 JSON 对象' },
);

export type SurveyRequest = z.infer<typeof SurveyRequestSchema>;
