/**
 * The intake form's answers between its steps (a draft), and how they are read from a posted
 * form and checked against the API's own schema, so a step and the API cannot disagree.
 */
import { CASE_NUMBER_PATTERN, CreateCaseRequestSchema, LIMITS } from '#contracts/cases.ts';
import { type FieldError, fieldErrors, withFieldErrors } from '#contracts/problem.ts';
import { tidyPhone } from '#core/identifiers.ts';
import { futurePeriodErrors } from '#core/intake.ts';

export interface DraftMatter {
  type?: string;
  insurance: string[];
  period: { from?: string; to?: string };
}

export interface Draft {
  payer: { kind?: string; name?: string; idNumber?: string; phone?: string };
  /** The other party (optional): its kind is the other of the payer's. */
  counterparty?: DraftCounterparty;
  matters: DraftMatter[];
  description?: string;
}

export interface DraftCounterparty {
  name?: string;
  idNumber?: string;
  phone?: string;
}

export const STEPS = ['payer', 'matters', 'description', 'check'] as const;
export type Step = (typeof STEPS)[number];

export const emptyMatter = (): DraftMatter => ({ insurance: [], period: {} });
export const emptyDraft = (): Draft => ({ payer: {}, matters: [emptyMatter()] });

/** Full-width digits, letters and dashes (a Chinese input method's default) as ASCII. */
export function halfWidth(value: string): string {
  return value
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\u3000/g, ' ');
}

/** A number typed with spaces or dashes, as the API expects it. */
export const compact = (v: string) => halfWidth(v).replace(/[\s-]+/g, '');

/**
 * A case number as people type it off a receipt or say it on the phone: full-width, spaced,
 * without the dash (2026000123) or with another one (2026—000123, 2026/000123); anything else as
 * typed, spaces dropped, for the caller to explain.
 */
export function tidyCaseNumber(value: string): string {
  const typed = halfWidth(value).replace(/\s+/g, '');
  const parts = /^(\d{4})\D?(\d{6})$/.exec(typed);
  return parts ? `${parts[1]}-${parts[2]}` : typed;
}

/**
 * The case number of a look-up form (the case pages', the new access code's), as typed on a
 * phone; what is wrong with it goes on `errors`.
 */
export function readCaseNumber(form: URLSearchParams, errors: FieldError[]): string {
  const caseNumber = tidyCaseNumber(form.get('caseNumber') ?? '');
  if (caseNumber === '') errors.push({ pointer: '/caseNumber', detail: '请填写受理编号' });
  else if (!CASE_NUMBER_PATTERN.test(caseNumber)) {
    errors.push({
      pointer: '/caseNumber',
      detail: '受理编号的格式是“年份-6位数字”，例如 2026-000123',
    });
  }
  return caseNumber;
}

/**
 * A date typed where the browser has no date picker, or as the pages write dates: 2026/1/20,
 * 2026.01.20 or 2026年1月20日 become 2026-01-20; anything else stays as typed, for the schema to
 * explain (the window's registration and the staff action forms alike).
 */
export function tidyDate(value: string): string {
  const raw = halfWidth(value).trim();
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(raw);
  return m ? `${m[1]}-${m[2]?.padStart(2, '0')}-${m[3]?.padStart(2, '0')}` : raw;
}

/**
 * A year-month as `YYYY-MM`. Browsers without a month picker show a text box, where people type
 * 2024-3, 2024/03, 202403 or 2024年3月.
 */
export function tidyMonth(value: string): string {
  const raw = halfWidth(value).trim();
  const match = /^(\d{4})\s*[-/.年]?\s*(\d{1,2})\s*月?$/.exec(raw);
  return match ? `${match[1]}-${(match[2] ?? '').padStart(2, '0')}` : raw;
}

const present = (v: string | null | undefined) => {
  const t = v?.trim();
  return t ? t : undefined;
};

/** The step's answers read from a posted form; other steps' answers stay as they were. */
export function readStep(step: Step, form: URLSearchParams, draft: Draft): Draft {
  if (step === 'payer') {
    const idNumber = present(form.get('payer.idNumber'));
    const phone = present(form.get('payer.phone'));
    return {
      ...draft,
      payer: {
        kind: present(form.get('payer.kind')),
        name: present(form.get('payer.name')),
        idNumber: idNumber && compact(idNumber).toUpperCase(),
        phone: phone && tidyPhone(halfWidth(phone)),
      },
      counterparty: readCounterparty(form),
    };
  }
  if (step === 'matters') return { ...draft, matters: readMatters(form) };
  if (step === 'description') return { ...draft, description: present(form.get('description')) };
  return draft;
}

/** The other party's fields (`counterparty.name` …); undefined when none was filled in. */
export function readCounterparty(form: URLSearchParams): DraftCounterparty | undefined {
  const name = present(form.get('counterparty.name'));
  const idNumber = present(form.get('counterparty.idNumber'));
  const phone = present(form.get('counterparty.phone'));
  if (!name && !idNumber && !phone) return undefined;
  return {
    ...(name ? { name } : {}),
    ...(idNumber ? { idNumber: compact(idNumber).toUpperCase() } : {}),
    ...(phone ? { phone: tidyPhone(halfWidth(phone)) } : {}),
  };
}

/** The other party's kind: the other of the payer's (a person names an employer, and back). */
export const counterpartyKind = (payerKind: string | undefined) =>
  payerKind === 'organization' ? 'person' : 'organization';

/** The matter blocks of a form (`matters[0].type` …), in order, at most the API's limit. */
export function readMatters(form: URLSearchParams): DraftMatter[] {
  const indices = new Set<number>();
  for (const key of form.keys()) {
    const m = /^matters\[(\d{1,2})\]\./.exec(key);
    if (m) indices.add(Number(m[1]));
  }
  return [...indices]
    .sort((a, b) => a - b)
    .slice(0, LIMITS.matters)
    .map((i) => {
      const from = present(form.get(`matters[${i}].period.from`));
      const to = present(form.get(`matters[${i}].period.to`));
      return {
        type: present(form.get(`matters[${i}].type`)),
        insurance: form.getAll(`matters[${i}].insurance`).filter(Boolean),
        period: { from: from && tidyMonth(from), to: to && tidyMonth(to) },
      };
    });
}

/** The API's body from a draft. */
export function toRequest(draft: Draft, consent: boolean) {
  const other = draft.counterparty;
  return {
    payer: draft.payer,
    matters: draft.matters,
    description: draft.description,
    ...(other ? { counterparty: { kind: counterpartyKind(draft.payer.kind), ...other } } : {}),
    consent,
  };
}

/** The whole case form (the check page's hidden copy of every answer) read back as a draft. */
export function readDraft(form: URLSearchParams): Draft {
  let draft = emptyDraft();
  for (const step of ['payer', 'matters', 'description'] as const)
    draft = readStep(step, form, draft);
  return draft;
}

const STEP_POINTERS: Record<Step, string[]> = {
  payer: ['/payer', '/counterparty'],
  matters: ['/matters'],
  description: ['/description'],
  check: ['/payer', '/counterparty', '/matters', '/description', '/consent', ''],
};

/**
 * The API's errors about the answers of one step (all of them on the check page). With `month`,
 * the current month (`YYYY-MM`, Asia/Shanghai), a period reaching past it is refused here too,
 * on the matters step, not only when the case is sent.
 */
export function stepErrors(step: Step, draft: Draft, consent = true, month?: string): FieldError[] {
  const parsed = CreateCaseRequestSchema.safeParse(toRequest(draft, consent));
  const errors = parsed.success ? [] : fieldErrors(parsed.error.issues);
  const future = month ? futurePeriodErrors(draft.matters, month) : [];
  return withFieldErrors(errors, future)
    .filter((e) =>
      STEP_POINTERS[step].some(
        (p) => e.pointer === p || (p !== '' && e.pointer.startsWith(`${p}/`)),
      ),
    )
    .map(monthAsTyped);
}

/**
 * A month the page could not read, in the page's words: six digits first, as a phone's digit
 * keypad (`inputmode="numeric"`, no 「-」) types them. The API's 「年-月」 is its JSON format; a
 * payer read it as the thing to type and could not (a payer review, 2026-12-05).
 */
function monthAsTyped(e: FieldError): FieldError {
  if (!/\/period\/(from|to)$/.test(e.pointer) || !e.detail.includes('“年-月”')) return e;
  const what = e.pointer.endsWith('from') ? '起始年月' : '截止年月';
  const detail = e.detail.startsWith('请填写')
    ? `请填写${what}：6 位数字的年和月，例如 202403`
    : `${what}请填 6 位数字的年和月，例如 202403（2024 年 3 月）；年份在 1950 至 2099 之间，月份 1 至 12`;
  return { ...e, detail };
}

/** The question steps in the order the payer answers them. */
const QUESTION_ORDER = ['payer', 'matters', 'description'] as const;
type QuestionStep = (typeof QUESTION_ORDER)[number];

/** The first step whose answers the API would refuse: where the check page sends the payer. */
export function firstIncompleteStep(draft: Draft): QuestionStep | undefined {
  return QUESTION_ORDER.find((s) => stepErrors(s, draft).length > 0);
}

/**
 * The first step before `step` whose answers the draft lacks: where a payer whose draft was
 * deleted meanwhile must go back to (its later steps' answers are kept).
 */
export function firstLostBefore(step: QuestionStep, draft: Draft): QuestionStep | undefined {
  const missing = firstIncompleteStep(draft);
  return missing && QUESTION_ORDER.indexOf(missing) < QUESTION_ORDER.indexOf(step)
    ? missing
    : undefined;
}

/** The intake steps the payer answers, by their page name (`/api/payer/apply-payer` …). */
export const QUESTION_STEPS = {
  'apply-payer': 'payer',
  'apply-matters': 'matters',
  'apply-description': 'description',
} as const satisfies Record<string, Exclude<Step, 'check'>>;
export type QuestionPage = keyof typeof QUESTION_STEPS;

/** Own keys only: `in` would also take `valueOf` and `toString` (the fuzz found it). */
export const isQuestionPage = (page: string): page is QuestionPage =>
  Object.hasOwn(QUESTION_STEPS, page);

/** What a posted step leads to: the same step (a matter added or removed), errors, or the next. */
export type StepOutcome =
  | { kind: 'again'; draft: Draft; focus?: string; removed?: number }
  | { kind: 'errors'; draft: Draft; errors: FieldError[] }
  | { kind: 'next'; draft: Draft; next: Step };

/**
 * A posted step, applied to the stored draft. 「再添加一项」 and 「删除这一项」 are buttons of the
 * form (`action`), so they work without a script: the page comes again with one block more or
 * less. Otherwise the step's answers are checked, and the next step is the following one, or the
 * check page when the payer came from there to change an answer.
 */
export function postStep(
  step: Exclude<Step, 'check'>,
  form: URLSearchParams,
  stored: Draft,
  /** The current month, `YYYY-MM` in Asia/Shanghai: a later period is refused. */
  month?: string,
): StepOutcome {
  const draft = readStep(step, form, stored);
  const action = form.get('action') ?? 'continue';
  if (step === 'matters' && action === 'add-matter' && draft.matters.length < LIMITS.matters) {
    const more = { ...draft, matters: [...draft.matters, emptyMatter()] };
    return { kind: 'again', draft: more, focus: `f-matters-${more.matters.length - 1}-type` };
  }
  const removed = /^remove-(\d+)$/.exec(action);
  if (step === 'matters' && removed && draft.matters.length > 1) {
    const index = Number(removed[1]);
    const fewer = draft.matters.filter((_, i) => i !== index);
    // The page after says which one went (1-based, as the page numbers them), if one did.
    const said = fewer.length < draft.matters.length ? { removed: index + 1 } : {};
    return { kind: 'again', draft: { ...draft, matters: fewer }, ...said };
  }
  const errors = stepErrors(step, draft, true, month);
  if (errors.length > 0) return { kind: 'errors', draft, errors };
  const next = form.get('from') === 'check' ? 'check' : (STEPS[STEPS.indexOf(step) + 1] ?? 'check');
  return { kind: 'next', draft, next };
}
