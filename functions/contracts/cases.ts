/**
 * Version 1 of the public case contract (DESIGN.md §9). The site imports these too, for its
 * field names, choices, limits and Chinese messages, so the page and the API cannot disagree.
 */
import * as z from 'zod';
import { OBJECTION_ROUTES } from '#core/case.ts';
import {
  type IdentifierProblem,
  identifierProblem,
  isCreditCode,
  isMobile,
  isResidentId,
} from '#core/identifiers.ts';
import { INSURANCE_TYPES, MATTER_TYPES, needsInsurance } from '#core/matters.ts';

export const LIMITS = {
  name: 100,
  description: 2000,
  matters: 10,
  comment: 1000,
} as const;

/** 1950–2099: social insurance in China starts in the 1950s; a later year is a typing error. */
const YEAR_MONTH = /^(19[5-9]\d|20\d{2})-(0[1-9]|1[0-2])$/;

const yearMonth = (what: string) =>
  z
    .string({ error: `请填写${what}，格式为“年-月”，例如 2024-03` })
    .regex(YEAR_MONTH, `${what}应为 1950 年至 2099 年间的“年-月”，例如 2024-03`);

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
      type: z.enum(MATTER_TYPES, { error: '请选择争议事项' }),
      insurance: z
        .array(z.enum(INSURANCE_TYPES, { error: '请选择险种' }), { error: '请选择险种' })
        .max(INSURANCE_TYPES.length, '同一险种只需选择一次')
        .default([]),
      period: PeriodSchema,
    },
    { error: '每项争议事项应包含事项类型、险种和起止年月' },
  )
  .superRefine((m, ctx) => {
    if (needsInsurance(m.type) && m.insurance.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['insurance'], message: '请至少选择一个险种' });
    }
    if (new Set(m.insurance).size !== m.insurance.length) {
      ctx.addIssue({ code: 'custom', path: ['insurance'], message: '同一险种只需选择一次' });
    }
  });

const dayText = (date: string) => {
  const [y, m, d] = date.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
};

/**
 * What is wrong with an ID number or credit code, in the payer's words: a wrong check character
 * is not a wrong length (issue 13: 18 characters typed, and the message asked for 18).
 */
export function identifierMessage(p: IdentifierProblem): string {
  switch (p.kind) {
    case 'length':
      return `号码有误：应为 18 位，现在是 ${p.length} 位。身份证号码和统一社会信用代码都是 18 位`;
    case 'character':
      return `号码有误：第 ${p.position} 位的“${p.character}”不对。身份证号码都是数字（最后一位可以是 X），统一社会信用代码是数字和大写字母（没有 I、O、S、V、Z）`;
    case 'region':
      return `号码有误：身份证号码的前两位“${p.region}”不是省、自治区、直辖市的代码，请核对`;
    case 'birth-date':
      return p.reason === 'future'
        ? `号码有误：身份证号码第 7 至 14 位的出生日期（${dayText(p.date)}）晚于今天，请核对`
        : p.reason === 'before-1900'
          ? `号码有误：身份证号码第 7 至 14 位的出生日期（${dayText(p.date)}）早于 1900 年，请核对`
          : `号码有误：身份证号码第 7 至 14 位的出生日期（${p.date.replaceAll('-', '')}）不是真实的日期，请核对`;
    case 'check':
      return p.standard === 'resident-id'
        ? '号码有误：最后一位校验码对不上，可能有一位填错或两位颠倒了，请对照身份证逐位核对'
        : `号码有误：第 ${p.position} 位校验码对不上，可能有一位填错或两位颠倒了，请对照营业执照逐位核对`;
  }
}

export const PayerSchema = z
  .object(
    {
      kind: z.enum(['person', 'organization'], { error: '请选择您是个人还是单位' }),
      name: z
        .string({ error: '请填写缴费人姓名或单位名称' })
        .trim()
        .min(1, '请填写缴费人姓名或单位名称')
        .max(LIMITS.name, `名称不能超过 ${LIMITS.name} 个字`),
      idNumber: z
        .string({ error: '请填写身份证号码或统一社会信用代码' })
        .trim()
        .toUpperCase()
        .min(1, '请填写身份证号码或统一社会信用代码')
        .superRefine((s, ctx) => {
          const problem = s === '' ? undefined : identifierProblem(s);
          if (problem) ctx.addIssue({ code: 'custom', message: identifierMessage(problem) });
        }),
      phone: z
        .string({ error: '请填写手机号码' })
        .trim()
        .refine(isMobile, '请填写 11 位手机号码，例如 13812345678'),
    },
    { error: '请填写缴费人的信息' },
  )
  .superRefine((p, ctx) => {
    // The number is valid (checked above); here it must also fit the kind of payer.
    // About one valid number in 340 passes both standards' checks: only a number that is not
    // valid for the chosen kind is the wrong kind.
    if (p.kind === 'person' && isCreditCode(p.idNumber) && !isResidentId(p.idNumber)) {
      ctx.addIssue({
        code: 'custom',
        path: ['idNumber'],
        message: '这是统一社会信用代码。个人请填写身份证号码，或把“您是”改为“单位”',
      });
    }
    if (p.kind === 'organization' && isResidentId(p.idNumber) && !isCreditCode(p.idNumber)) {
      ctx.addIssue({
        code: 'custom',
        path: ['idNumber'],
        message: '这是身份证号码。单位请填写统一社会信用代码，或把“您是”改为“个人”',
      });
    }
  });

export const CreateCaseRequestSchema = z.object(
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
      .max(LIMITS.description, `情况说明不能超过 ${LIMITS.description} 个字`),
    consent: z.literal(true, { error: '请确认同意我们为处理争议使用您填写的信息' }),
  },
  { error: '请求正文应为一个 JSON 对象，包含缴费人、争议事项、情况说明和同意声明' },
);

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
        .string({ error: '补充说明应为文字' })
        .trim()
        .max(LIMITS.comment, `补充说明不能超过 ${LIMITS.comment} 个字`)
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
      .max(LIMITS.comment, `意见不能超过 ${LIMITS.comment} 个字`)
      .optional(),
  },
  { error: '请求正文应为一个 JSON 对象' },
);

export type SurveyRequest = z.infer<typeof SurveyRequestSchema>;
