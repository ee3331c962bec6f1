/**
 * The OpenAPI 3.1 document of every HTTP route in functions/manifest.ts, built from the zod
 * contracts with zod's own JSON Schema output (`z.toJSONSchema`). Served at /api/openapi.json,
 * written to docs/openapi.json and docs/api.md by scripts/openapi.ts, and held against the real
 * answers of the local runtime by test/integration/contract.test.ts.
 *
 * Routes come from the manifest, so a route added there is in the document at once: described
 * by its entry in OPERATIONS below, or, until it has one, by what its trigger says (a page, a
 * form post or a JSON route).
 */
import * as z from 'zod';
import { UNIT_IDS } from '#core/units.ts';
import { type FunctionSpec, functions, NOTIFICATIONS_QUEUE } from '#functions/manifest.ts';
import { PAYER_PAGES } from '#functions/pages/paths.ts';
import { PRINT_FORMS } from '#functions/pages/staff/print.ts';
import {
  ForbiddenError,
  type HttpError,
  MalformedRequestError,
  NotFoundError,
  PayloadTooLargeError,
  RecordTooLargeHttpError,
  ServiceBusyHttpError,
  TooManyRequestsHttpError,
  UnprocessableError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '#platform/errors.ts';
import {
  ACCESS_CODE_PATTERN,
  CASE_NUMBER_PATTERN,
  CreateCaseRequestSchema,
  DecisionRequestSchema,
  SurveyRequestSchema,
} from './cases.ts';
import { ProblemSchema } from './problem.ts';
import {
  AccessCodeSchema,
  AttachmentCreatedSchema,
  AttachmentUrlSchema,
  CreatedCaseSchema,
  DeadLettersSchema,
  HealthSchema,
  InboxSchema,
  PayerViewSchema,
  RedriveSchema,
  ReportListSchema,
  ReportSchema,
  ReportWithChartsSchema,
  StaffCaseViewSchema,
  StaffHealthSchema,
  SupervisionSchema,
  WorkingDaySchema,
} from './responses.ts';
import {
  ActionSchema,
  AttachmentRequestSchema,
  InboxQuerySchema,
  RegisterCaseSchema,
  ReportRequestSchema,
} from './staff.ts';

/** A JSON Schema object, as OpenAPI 3.1 takes it (JSON Schema 2020-12). */
export type JsonSchema = Record<string, unknown>;

/** The document's version: the contract's (DESIGN.md §9 is version 1). */
export const API_VERSION = '1.0.0';

/** Where problem `type`s point (functions/platform/http.ts writes the same base). */
const PROBLEM_BASE = 'https://si-disputes.invalid/problems/';

/**
 * A request body as JSON Schema: what a client may send (`io: 'input'`: a defaulted field is
 * optional). Refinements that JSON Schema cannot say (check digits, date order) stay the server's.
 */
function requestSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _, ...out } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return out;
}

/**
 * A response body as JSON Schema. Objects stay open (`additionalProperties` unset): §9 lets the
 * API add fields, so a client must not refuse one it does not know.
 */
function responseSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _, ...out } = z.toJSONSchema(schema, {
    io: 'output',
    unrepresentable: 'any',
    override: ({ jsonSchema }) => {
      if (jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
    },
  });
  return out;
}

type Auth = 'public' | 'staff' | 'session';

interface JsonBody {
  schema: z.ZodType;
  example: unknown;
}

/** How one route is described beyond what the manifest says of it. */
interface Operation {
  summary: string;
  description?: string;
  /** Query parameters, as a zod object of strings (each property is one parameter). */
  query?: z.ZodObject;
  /** Request headers other than the credentials. */
  headers?: { name: string; description: string; required: boolean; schema: JsonSchema }[];
  /** The payer's access code (`X-Access-Code`, or the cookie a look-up set). */
  accessCode?: boolean;
  json?: JsonBody;
  /** The route also takes (or only takes) a browser's form: its field names. */
  form?: readonly string[] | 'fields';
  /** Answers, by status: a JSON body, an HTML page, a redirect, or a download. */
  responses: Record<string, Answer>;
  /** Problem details the route answers, beyond those every route may (500, 413). */
  problems?: readonly number[];
}

type Answer =
  | {
      json: z.ZodType;
      description: string;
      example?: unknown;
      headers?: string[];
      /** Files the same status may answer instead, by content type (a report's CSV, XLSX). */
      downloads?: readonly string[];
    }
  | { html: string; downloads?: readonly string[] }
  | { redirect: string };

const REPORT_DOWNLOADS = [
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
] as const;

const exampleCaseNumber = '2026-000123';
const exampleAccessCode = 'K7MWPQ2XH9TB';

const createdCaseExample = {
  caseNumber: exampleCaseNumber,
  accessCode: exampleAccessCode,
  status: 'assigned',
  routing: { mode: 'single', units: ['tax'], assisting: [], rules: ['R1-base'] },
};

const payerViewExample = {
  caseNumber: exampleCaseNumber,
  status: 'responded',
  units: ['tax'],
  mode: 'single',
  timeline: [
    { at: '2026-11-26T01:30:00.000Z', status: 'received', note: '已收到您的申请' },
    { at: '2026-11-26T01:30:01.000Z', status: 'assigned', note: '已转交税务局办理' },
  ],
  deadlines: { answer: { due: '2026-12-17', covered: true } },
  handledBy: 'tax',
  answer: { text: '经核查……', unit: 'tax', at: '2026-12-01T02:00:00.000Z' },
};

const caseRequestExample = {
  payer: { kind: 'person', name: '王小明', idNumber: '150426198506071012', phone: '13812345678' },
  matters: [{ type: 'base', insurance: ['pension'], period: { from: '2024-06', to: '2024-12' } }],
  description: '单位按最高档核定了我的缴费基数，和实际工资不符。',
  consent: true,
};

/** A staff page: HTML to a browser with a session, a redirect to sign in without one. */
const page = (what: string): Record<string, Answer> => ({
  '200': { html: what },
  '303': { redirect: 'To sign in, when the browser has no staff session.' },
});

/** A staff form post: 303 to the page that shows the outcome, or the form again with errors. */
const formPost = (to: string): Record<string, Answer> => ({
  '303': { redirect: to },
  '400': { html: 'The form again, with an error summary linking to each field.' },
  '403': { html: 'A page saying the caller may not do this.' },
});

/** A payer page of a case looked up by its cookie: the page, or the look-up without one. */
const payerCasePage = (what: string): Record<string, Answer> => ({
  '200': { html: what },
  '303': { redirect: 'To the look-up form, when the browser has no case or a wrong code.' },
});

/**
 * The operations of a family of payer routes, one per page, by function name (issue 15): the
 * intake questions and the case pages are one handler each, with a route and an entry a page.
 */
const family =
  (suffix: string) =>
  <P extends string>(pages: readonly P[], describe: (page: P) => Operation) =>
    Object.fromEntries(pages.map((p) => [`payer-${p}-${suffix}`, describe(p)]));
const payerPages = family('page');
const payerForms = family('form');
const payerLookups = family('lookup');

const staffCase = (description: string): Answer => ({
  json: StaffCaseViewSchema,
  description,
});

/**
 * Every route's description, by function name (functions/manifest.ts). A route without one is
 * still in the document (`fallbackOperation`).
 */
const OPERATIONS: Record<string, Operation> = {
  'create-case': {
    summary: 'File a dispute (一站受理)',
    description:
      'A JSON client gets 201 with the case number and access code; the check page’s form (`application/x-www-form-urlencoded`) gets 303 to the confirmation, or 303 to the check page with `?check=1`, which shows the errors (the check page again, 400, when the browser’s draft is gone). The same `Idempotency-Key` with the same body files one case.',
    headers: [
      {
        name: 'Idempotency-Key',
        description:
          'Optional: 16–128 letters, digits, `_` or `-` (a UUID). A retry with the same key and body gets the same answer, even once the client has reached the intake limit (a retry files nothing and is not counted).',
        required: false,
        schema: { type: 'string', pattern: '^[\\w-]{16,128}$' },
      },
    ],
    json: { schema: CreateCaseRequestSchema, example: caseRequestExample },
    form: 'fields',
    responses: {
      '201': {
        json: CreatedCaseSchema,
        description: 'The case is filed and routed.',
        example: createdCaseExample,
        headers: ['Location'],
      },
      '303': { redirect: 'The form’s answer: to the confirmation page.' },
    },
    problems: [400, 415, 422, 429, 503],
  },
  'get-case': {
    summary: 'Follow a case with its access code',
    accessCode: true,
    responses: {
      '200': { json: PayerViewSchema, description: 'The payer’s view.', example: payerViewExample },
    },
    problems: [404, 429],
  },
  'payer-decision': {
    summary: 'Accept the written answer or object to it',
    accessCode: true,
    json: {
      schema: DecisionRequestSchema,
      example: { decision: 'object', route: 'mediation', comment: '我不同意核定的基数。' },
    },
    form: ['decision', 'route', 'comment'],
    responses: {
      '200': { json: PayerViewSchema, description: 'The case after the decision.' },
      '303': { redirect: 'The form’s answer: to the answer page.' },
    },
    problems: [400, 404, 409, 415, 429],
  },
  'payer-survey': {
    summary: 'Answer the follow-up survey',
    accessCode: true,
    json: {
      schema: SurveyRequestSchema,
      example: { result: 'satisfied', comment: '办得很快。' },
    },
    form: ['result', 'comment'],
    responses: {
      '200': { json: PayerViewSchema, description: 'The case after the survey.' },
      '303': { redirect: 'The form’s answer: to the survey page.' },
    },
    problems: [400, 404, 409, 415, 429],
  },
  ...payerPages(['apply-payer', 'apply-matters', 'apply-description'], (page) => ({
    summary: `Intake question (${page})`,
    description:
      'For browsers without JavaScript (issue 6): the question, with the draft’s answers; with `?check=1` (where an answer with errors leads), those answers’ errors too.',
    responses: { '200': { html: 'The page.' } },
  })),
  'payer-apply-check-page': {
    summary: 'The answers to check before filing',
    responses: {
      '200': { html: 'The page, with the form that files the case.' },
      '303': { redirect: 'To the start, or to the first question still to answer.' },
    },
  },
  'payer-done-page': {
    summary: 'The confirmation of the case just filed',
    responses: payerCasePage('The page, with the case number and access code.'),
  },
  'payer-receipt-page': {
    summary: 'The printable receipt of the case just filed',
    responses: payerCasePage('The receipt.'),
  },
  ...payerPages(['status', 'answer', 'survey'], (page) => ({
    summary: `The looked-up case’s ${page} page`,
    responses: payerCasePage('The page.'),
  })),
  'payer-time-limits-page': {
    summary: 'The time limits in force',
    responses: { '200': { html: 'The page.' } },
  },
  ...payerForms(['apply-payer', 'apply-matters', 'apply-description'], (page) => ({
    summary: `Answer an intake question (${page})`,
    form: 'fields',
    responses: {
      '303': {
        redirect:
          'To the next question, the check page, or the same question again: with `?check=1` when the answers kept have errors, which that page shows.',
      },
      '429': { html: 'A page saying when to try again (too many new drafts).' },
    },
  })),
  ...payerLookups(['status', 'answer', 'survey'], (page) => ({
    summary: `Look up a case, to its ${page} page`,
    form: ['caseNumber', 'accessCode'],
    responses: {
      '303': { redirect: 'To the case page, with the case cookie set.' },
      '400': { html: 'The look-up again, with an error summary linking to each field.' },
      '404': { html: 'The look-up again: no such case, or a wrong access code.' },
      '429': { html: 'The look-up page, saying when to try again.' },
    },
  })),
  'payer-sign-out': {
    summary: 'Forget the looked-up case and the draft',
    responses: { '303': { redirect: 'To the look-up page, with both cookies cleared.' } },
  },
  'payer-not-found-page': {
    summary: 'Any other payer page',
    description: 'Every real payer page has a route of its own; any other answers a 404 page.',
    responses: { '404': { html: 'A page saying there is no such page.' } },
  },
  'payer-not-found-form': {
    summary: 'A form of any other payer page',
    form: 'fields',
    responses: { '404': { html: 'A page saying there is no such page.' } },
  },
  'payer-access-code': {
    summary: 'Ask for a new access code by SMS',
    description:
      'A well-formed request is answered 303 to the same page whatever happened, so the answer tells a prober nothing.',
    form: ['caseNumber', 'idNumber', 'phone'],
    responses: {
      '303': { redirect: 'To the page saying a code was sent if the details matched.' },
      '400': { html: 'The form again, with the errors.' },
    },
  },
  'staff-dead-letters': {
    summary: 'What is in each dead-letter queue (administrators)',
    responses: {
      '200': { json: DeadLettersSchema, description: 'Each queue’s depth and messages.' },
    },
    problems: [401, 403],
  },
  'staff-redrive': {
    summary: 'Move a dead-letter queue’s messages back to their queue (administrators)',
    responses: { '200': { json: RedriveSchema, description: 'How many messages moved.' } },
    problems: [401, 403, 404],
  },
  'add-working-days': {
    summary: 'A date N working days after another',
    query: z.object({
      from: z.string().describe('The first day, `YYYY-MM-DD`.'),
      days: z
        .string()
        .regex(/^\d{1,4}$/)
        .describe('Working days to add, 0–2500.'),
    }),
    responses: {
      '200': {
        json: WorkingDaySchema,
        description:
          '`covered` is false when the date lies in a year without a published holiday schedule.',
        example: { date: '2026-10-19', covered: true },
      },
    },
    problems: [400],
  },
  health: {
    summary: 'Whether every part of the running stack is up',
    responses: {
      '200': { json: HealthSchema, description: 'Up.', example: { status: 'up' } },
      '503': { json: HealthSchema, description: 'Down.', example: { status: 'down' } },
    },
  },
  'staff-health': {
    summary: 'Each part’s status and each dead-letter queue’s depth (administrators)',
    responses: {
      '200': { json: StaffHealthSchema, description: 'Up.' },
      '503': { json: StaffHealthSchema, description: 'A part is down.' },
    },
    problems: [401, 403],
  },
  'staff-inbox': {
    summary: 'The caller’s unit’s open work',
    query: InboxQuerySchema,
    responses: { '200': { json: InboxSchema, description: 'One page of work items.' } },
    problems: [400, 401, 403],
  },
  'staff-supervision': {
    summary: 'Overdue open work across units (leaders, the office, administrators)',
    responses: { '200': { json: SupervisionSchema, description: 'By unit.' } },
    problems: [401, 403],
  },
  'staff-case': {
    summary: 'The staff view of a case',
    description: 'Personal data masked unless the caller’s unit holds the case.',
    responses: { '200': staffCase('The case.') },
    problems: [401, 404],
  },
  'staff-action': {
    summary: 'An action on a case (sign for, return, respond, archive…)',
    description:
      'A value the case refuses (a date after today or before the step it follows, a unit that may not be asked or lead) is 400 naming its field, as a value the schema refuses is; a step the case’s state refuses is 409.',
    json: {
      schema: ActionSchema,
      example: {
        type: 'return',
        reason: 'not-our-duty',
        note: '该事项属于医保局职责。',
        version: 3,
      },
    },
    responses: { '200': staffCase('The case after the transition.') },
    problems: [400, 401, 403, 404, 409, 413, 415, 503],
  },
  'staff-access-code': {
    summary: 'A new access code for the payer, at a window',
    responses: {
      '200': {
        json: AccessCodeSchema,
        description: 'The new code; the old one stops working.',
        example: { accessCode: exampleAccessCode },
      },
    },
    problems: [401, 403, 404, 409],
  },
  'staff-register': {
    summary: 'Register a case at a window (受理登记)',
    json: {
      schema: RegisterCaseSchema,
      example: {
        channel: 'walk-in',
        registeredOn: '2026-11-26',
        payer: caseRequestExample.payer,
        matters: caseRequestExample.matters,
        description: caseRequestExample.description,
      },
    },
    responses: {
      '201': {
        json: CreatedCaseSchema,
        description: 'The case is registered and routed.',
        example: createdCaseExample,
      },
    },
    problems: [400, 401, 403, 415, 422, 503],
  },
  'staff-attach': {
    summary: 'Record a file on a case and get where to upload it',
    json: {
      schema: AttachmentRequestSchema,
      example: { name: '缴费记录.pdf', contentType: 'application/pdf', size: 123456 },
    },
    responses: {
      '201': { json: AttachmentCreatedSchema, description: 'PUT the file to `upload.url`.' },
    },
    problems: [400, 401, 404, 409, 415],
  },
  'staff-attachment': {
    summary: 'A short-lived download URL of a case’s file',
    responses: { '200': { json: AttachmentUrlSchema, description: 'The URL.' } },
    problems: [401, 404],
  },
  'staff-reports': {
    summary: 'The newest reports',
    responses: { '200': { json: ReportListSchema, description: 'Without their tables.' } },
    problems: [401, 403],
  },
  'staff-report-request': {
    summary: 'A report on demand for a period (at most a year)',
    json: { schema: ReportRequestSchema, example: { from: '2026-01-01', to: '2026-06-30' } },
    responses: { '201': { json: ReportSchema, description: 'The report, stored.' } },
    problems: [400, 401, 403, 415],
  },
  'staff-report': {
    summary: 'A stored report: JSON with SVG charts, or a CSV or XLSX download',
    query: z.object({
      format: z.enum(['json', 'csv', 'xlsx']).optional().describe('`json` unless named.'),
    }),
    responses: {
      '200': {
        json: ReportWithChartsSchema,
        description:
          "The report and its charts, or with `format` the file to save. A unit's head gets the unit's part: the rows of the tables by unit that are the unit's, its overdue items and the major cases it leads, and none of the county's other tables.",
        downloads: REPORT_DOWNLOADS,
      },
    },
    problems: [401, 403, 404],
  },
  'staff-sign-in': {
    summary: 'Start signing in (OpenID Connect)',
    responses: { '303': { redirect: 'To the identity provider.' } },
  },
  'staff-callback': {
    summary: 'The identity provider’s answer',
    responses: {
      '303': { redirect: 'To the page the user asked for, with the session cookie.' },
      '400': { html: 'A page saying the sign-in failed.' },
      '403': { html: 'A page saying the account has no role here.' },
    },
  },
  'staff-sign-out': {
    summary: 'Sign out',
    form: 'fields',
    responses: { '303': { redirect: 'To the identity provider’s sign-out, then signed-out.' } },
  },
  'staff-signed-out': {
    summary: 'The page after signing out',
    responses: { '200': { html: 'The page.' } },
  },
  'staff-inbox-page': { summary: 'The inbox page', responses: page('The inbox.') },
  'staff-supervision-page': {
    summary: 'The leaders’ overdue list page',
    responses: page('The list.'),
  },
  'staff-case-page': {
    summary: 'The case page',
    responses: { ...page('The case.'), '404': { html: 'A page saying there is no such case.' } },
  },
  'staff-action-page': {
    summary: 'An action from the case page',
    form: 'fields',
    responses: { ...formPost('To the case page.'), '409': { html: 'The case page, saying why.' } },
  },
  'staff-access-code-form': {
    summary: 'A new access code, from the case page',
    form: 'fields',
    responses: formPost('To the page that shows the code once.'),
  },
  'staff-access-code-page': {
    summary: 'The new access code, shown once',
    responses: page('The code.'),
  },
  'staff-attach-page': {
    summary: 'The case page’s upload script: record a file and get where to upload it',
    form: ['name', 'contentType', 'size'],
    responses: {
      '201': { json: AttachmentCreatedSchema, description: 'PUT the file to `upload.url`.' },
      '303': { redirect: 'To sign in, when the browser has no staff session.' },
      '400': {
        json: ProblemSchema.partial({ type: true }),
        description: 'The errors, by field (problem details without `type`).',
      },
    },
  },
  'staff-attachment-page': {
    summary: 'Download a case’s file',
    responses: {
      '303': { redirect: 'To a short-lived download URL.' },
      '404': { html: 'A page saying there is no such file.' },
    },
  },
  'staff-register-page': { summary: 'The registration form', responses: page('The form.') },
  'staff-register-form': {
    summary: 'Register a case from the form',
    form: 'fields',
    responses: { ...formPost('To the page with the case number and access code.') },
  },
  'staff-register-done': {
    summary: 'The registered case’s number and access code, shown once',
    responses: page('The page.'),
  },
  'staff-print': {
    summary: 'A printed form of the case, ready for A4',
    responses: { ...page('The form.'), '404': { html: 'A page saying there is no such form.' } },
  },
  'staff-reports-page': { summary: 'The reports page', responses: page('The list.') },
  'staff-reports-form': {
    summary: 'A report on demand, from the reports page',
    form: ['from', 'to'],
    responses: formPost('To the new report.'),
  },
  'staff-report-opinion-form': {
    summary: 'The report’s 分析意见和应对措施, from its page',
    description:
      'Written by the office, the leading-group office’s director or a leader; `previousAt` names the version the page showed (empty for none), and a later one saved meanwhile answers 409 with the text kept.',
    form: ['opinion', 'previousAt'],
    responses: {
      ...formPost('To the report, the opinion saved.'),
      '404': { html: 'A page saying there is no such report.' },
      '409': {
        html: 'The report with the opinion saved meanwhile, the text posted kept in the form.',
      },
    },
  },
  'staff-report-page': {
    summary: 'A report page, or its CSV or XLSX download',
    query: z.object({ format: z.enum(['csv', 'xlsx']).optional() }),
    responses: {
      ...page('The report.'),
      '200': {
        html: 'The report, or with `format` the file to save.',
        downloads: REPORT_DOWNLOADS,
      },
      '404': { html: 'A page saying there is no such report.' },
    },
  },
  'staff-outbox-page': {
    summary: 'The local runtime’s sent e-mail and SMS (none in AWS)',
    responses: page('The outbox.'),
  },
  'staff-dead-letters-page': {
    summary: 'The dead-letter queues page (administrators)',
    responses: page('The queues.'),
  },
  'staff-redrive-form': {
    summary: 'Move a dead-letter queue’s messages back, from its page',
    form: 'fields',
    responses: formPost('To the dead-letter page, saying how many moved.'),
  },
  openapi: {
    summary: 'This document',
    responses: {
      '200': { json: z.looseObject({ openapi: z.string() }), description: 'OpenAPI 3.1.' },
    },
  },
};

/** What the manifest alone says of a route that has no entry in OPERATIONS yet. */
function fallbackOperation(spec: FunctionSpec, method: string, auth: Auth): Operation {
  const summary = `${spec.name} (undescribed)`;
  if (auth === 'session') {
    return method === 'GET'
      ? { summary, responses: page('The page.') }
      : { summary, form: 'fields', responses: formPost('To the page that shows the outcome.') };
  }
  return {
    summary,
    responses: { '200': { json: z.looseObject({}), description: 'A JSON object.' } },
  };
}

const problemOf = (error: HttpError, instance: string) => ({
  type: `${PROBLEM_BASE}${error.problemType}`,
  title: error.title,
  status: error.status,
  ...(error.detail ? { detail: error.detail } : {}),
  instance,
  ...(error instanceof ValidationError ? { errors: error.errors } : {}),
  ...error.extensions,
});

/** An example of each problem a route may answer, made by the errors the handlers throw. */
function problemExamples(status: number, instance: string): Record<string, { value: unknown }> {
  const of = (...errors: HttpError[]) =>
    Object.fromEntries(
      errors.map((e) => [e.problemType, { value: problemOf(e, instance) }] as const),
    );
  switch (status) {
    case 400:
      return of(
        new ValidationError([
          {
            pointer: '/payer/idNumber',
            detail: '证件号码有误：最后一位校验码对不上，请对照身份证逐位核对',
          },
        ]),
        new MalformedRequestError('请求正文不是有效的 JSON。'),
      );
    case 401:
      // The gateway's (the HTTP API's JWT authorizer), before any function runs.
      return {
        unauthorized: {
          value: {
            type: `${PROBLEM_BASE}unauthorized`,
            title: '需要登录',
            status: 401,
            detail: '请登录后再试。',
            instance,
          },
        },
      };
    case 403:
      return of(new ForbiddenError());
    case 404:
      return of(new NotFoundError());
    case 409:
      return {
        conflict: {
          value: {
            type: `${PROBLEM_BASE}conflict`,
            title: '操作冲突',
            status: 409,
            detail: '这个案件刚刚被其他人更新了，请刷新后再试。',
            instance,
          },
        },
      };
    case 413:
      return of(new PayloadTooLargeError(), new RecordTooLargeHttpError('case'));
    case 415:
      return of(new UnsupportedMediaTypeError());
    case 422:
      return of(
        new UnprocessableError(
          'idempotency-key-reused',
          '这个 Idempotency-Key 已用于另一份不同的申请，请为新的申请使用新的 Key。',
        ),
      );
    case 429:
      return of(new TooManyRequestsHttpError(600));
    case 503:
      return of(new ServiceBusyHttpError(3));
    default:
      return {
        internal: {
          value: {
            type: `${PROBLEM_BASE}internal`,
            title: '系统暂时出了问题',
            status: 500,
            detail: '请稍后再试。您填写的内容没有丢失，可以重新提交。',
            instance,
          },
        },
      };
  }
}

const PROBLEM_WORDS: Record<number, string> = {
  400: 'The request is not valid: `errors` names each bad field by JSON pointer.',
  401: 'No valid bearer token.',
  403: 'The caller may not do this.',
  404: 'Not found (for a payer: an unknown case and a wrong code alike).',
  409: 'An illegal or stale transition, or a concurrent change.',
  413: 'The body is over 1 MB, or the case record would grow too large.',
  415: 'The body is not JSON.',
  422: 'The Idempotency-Key was used for a different request.',
  429: 'Too many requests: `retryAfter` seconds, and the Retry-After header.',
  500: 'Something broke on the server.',
  503: 'Busy: nothing was stored; try again after `retryAfter` seconds.',
};

const PATH_PARAMETERS: Record<string, { description: string; schema: JsonSchema }> = {
  caseNumber: {
    description: 'The case number, `YYYY-NNNNNN`.',
    schema: { type: 'string', pattern: CASE_NUMBER_PATTERN.source, examples: [exampleCaseNumber] },
  },
  unit: {
    description: 'A unit id (DESIGN.md §2), or `notifications`.',
    schema: { type: 'string', enum: [...UNIT_IDS, NOTIFICATIONS_QUEUE] },
  },
  page: {
    description: 'The payer page.',
    schema: { type: 'string', enum: [...PAYER_PAGES] },
  },
  form: {
    description: 'The printed form.',
    schema: { type: 'string', enum: Object.keys(PRINT_FORMS) },
  },
  id: { description: 'The id of the attachment or report.', schema: { type: 'string' } },
};

function pathParameters(path: string) {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name = '']) => ({
    name,
    in: 'path',
    required: true,
    ...(PATH_PARAMETERS[name] ?? { schema: { type: 'string' } }),
  }));
}

function queryParameters(query: z.ZodObject) {
  const schema = requestSchema(query) as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(schema.properties ?? {}).map(([name, s]) => {
    const { description, ...rest } = s;
    return {
      name,
      in: 'query',
      required: schema.required?.includes(name) ?? false,
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

const RESPONSE_HEADERS: Record<string, JsonSchema> = {
  Location: { description: 'The new resource.', schema: { type: 'string' } },
  'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } },
};

function answerObject(status: string, answer: Answer): JsonSchema {
  if ('json' in answer) {
    const problem = Number(status) >= 400;
    return {
      description: answer.description,
      ...(answer.headers
        ? { headers: Object.fromEntries(answer.headers.map((h) => [h, RESPONSE_HEADERS[h]])) }
        : {}),
      content: {
        [problem ? 'application/problem+json' : 'application/json']: {
          schema: responseSchema(answer.json),
          ...(answer.example !== undefined ? { example: answer.example } : {}),
        },
        ...Object.fromEntries(
          (answer.downloads ?? []).map((t) => [t, { schema: { type: 'string' } }]),
        ),
      },
    };
  }
  if ('html' in answer) {
    return {
      description: answer.html,
      content: {
        'text/html': { schema: { type: 'string' } },
        ...Object.fromEntries(
          (answer.downloads ?? []).map((t) => [t, { schema: { type: 'string' } }]),
        ),
      },
    };
  }
  return {
    description: answer.redirect,
    headers: { Location: { description: 'Where to go.', schema: { type: 'string' } } },
  };
}

function problemResponse(status: number, instance: string): JsonSchema {
  return {
    description: PROBLEM_WORDS[status] ?? 'Problem details.',
    ...(status === 429 || status === 503
      ? { headers: { 'Retry-After': RESPONSE_HEADERS['Retry-After'] } }
      : {}),
    content: {
      'application/problem+json': {
        schema: { $ref: '#/components/schemas/Problem' },
        examples: problemExamples(status, instance),
      },
    },
  };
}

const PAGE_REFUSALS: Record<string, string> = {
  '403': 'A page saying the caller may not do this.',
  '404': 'A page saying what was not found (a case the caller may not see, a wrong address).',
  '500': 'A page saying something broke, and that nothing typed is lost.',
};

const FORM_FIELDS: JsonSchema = {
  type: 'object',
  description: 'The page’s form fields, as a browser posts them.',
  additionalProperties: { type: 'string' },
};

function operationObject(spec: FunctionSpec, method: string, path: string, auth: Auth) {
  const op = OPERATIONS[spec.name] ?? fallbackOperation(spec, method, auth);
  const instance = path.replace('{caseNumber}', exampleCaseNumber);
  const parameters = [
    ...pathParameters(path),
    ...(op.query ? queryParameters(op.query) : []),
    ...(op.headers ?? []).map((h) => ({ ...h, in: 'header' })),
  ];
  const content: Record<string, JsonSchema> = {};
  if (op.json) {
    content['application/json'] = {
      schema: requestSchema(op.json.schema),
      example: op.json.example,
    };
  }
  if (op.form) {
    content['application/x-www-form-urlencoded'] = {
      schema:
        op.form === 'fields'
          ? FORM_FIELDS
          : {
              ...FORM_FIELDS,
              properties: Object.fromEntries(op.form.map((f) => [f, { type: 'string' }])),
            },
    };
  }
  const jsonRoute = auth !== 'session' && Object.values(op.responses).some((a) => 'json' in a);
  const problems = new Set<number>([
    ...(op.problems ?? []),
    ...(auth === 'staff' ? [401] : []),
    ...(jsonRoute ? [500] : []),
    ...(jsonRoute && method !== 'GET' ? [413] : []),
  ]);
  const responses: Record<string, JsonSchema> = {};
  for (const [status, answer] of Object.entries(op.responses)) {
    responses[status] = answerObject(status, answer);
  }
  if (auth === 'session') {
    // Every staff page's refusals come as pages a person can read (functions/platform/staff-pages.ts).
    for (const [status, words] of Object.entries(PAGE_REFUSALS)) {
      responses[status] ??= answerObject(status, { html: words });
    }
  }
  for (const status of [...problems].sort()) {
    if (String(status) in responses) continue;
    const answer = problemResponse(status, instance);
    // A browser's form post gets its refusal as a page it can read (the form again, or an error
    // page), a JSON client the problem details.
    if (op.form && op.json) {
      (answer.content as Record<string, unknown>)['text/html'] = { schema: { type: 'string' } };
    }
    responses[String(status)] = answer;
  }
  return {
    operationId: spec.name,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [TAGS[auth]],
    ...(auth === 'public' ? {} : { security: SECURITY[auth] }),
    ...(op.accessCode ? { security: [{ payerAccessCode: [] }, { payerCaseCookie: [] }] } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(Object.keys(content).length > 0 ? { requestBody: { required: true, content } } : {}),
    responses,
  };
}

const TAGS: Record<Auth, string> = { public: 'payer', staff: 'staff API', session: 'staff pages' };

const SECURITY: Record<Exclude<Auth, 'public'>, Record<string, string[]>[]> = {
  staff: [{ staffBearer: [] }],
  session: [{ staffSession: [] }],
};

/** The HTTP routes of the manifest (or of `specs`), in its order. */
export function httpRoutes(
  specs: readonly FunctionSpec[] = functions,
): { spec: FunctionSpec; method: string; path: string; auth: Auth }[] {
  return specs.flatMap((spec) =>
    spec.trigger.kind === 'http'
      ? [{ spec, method: spec.trigger.method, path: spec.trigger.path, auth: spec.trigger.auth }]
      : [],
  );
}

/** Builds the OpenAPI 3.1 document of every HTTP route in the manifest (or in `specs`). */
export function openApiDocument(specs: readonly FunctionSpec[] = functions): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { spec, method, path, auth } of httpRoutes(specs)) {
    paths[path] ??= {};
    paths[path][method.toLowerCase()] = operationObject(spec, method, path, auth);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Social-insurance fee disputes API',
      version: API_VERSION,
      description:
        'The HTTP contract of DESIGN.md §9: names and shapes here change only with a version bump; fields may be added. Errors are RFC 9457 problem details (`application/problem+json`). A request to a path or method the API does not have gets 404 `no-route` (or 405) problem details.',
    },
    servers: [{ url: '/' }],
    tags: [
      { name: 'payer', description: 'Public: the payer, and the stack’s health.' },
      { name: 'staff API', description: '`Authorization: Bearer <JWT>`, checked by the gateway.' },
      {
        name: 'staff pages',
        description: 'Server-rendered pages and their forms, with the sealed session cookie.',
      },
    ],
    paths,
    components: {
      schemas: { Problem: responseSchema(ProblemSchema) },
      securitySchemes: {
        staffBearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'An ID token of the user pool (locally: `POST /api/session`).',
        },
        staffSession: {
          type: 'apiKey',
          in: 'cookie',
          name: '__Host-si-staff',
          description:
            'The sealed staff session (`si-staff` on a loopback address), set by `/staff/callback`.',
        },
        payerAccessCode: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Access-Code',
          description: `The access code printed on the confirmation (\`${ACCESS_CODE_PATTERN.source}\`).`,
        },
        payerCaseCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'si_case',
          description: 'Set by the look-up form, for the payer pages’ forms.',
        },
      },
    },
  };
}
