/**
 * Version 1 of what the JSON routes answer (DESIGN.md §9), as zod schemas for the OpenAPI
 * document (functions/contracts/openapi.ts). The handlers build their answers from the core's
 * types; the checks at the end of this file make the compiler refuse a schema that no longer
 * describes them, and test/integration/contract.test.ts holds real answers against them.
 *
 * Every object may carry more fields than named here ("add fields freely", §9): the document
 * leaves `additionalProperties` open.
 */
import * as z from 'zod';
import type { UnitDeadLetters } from '#core/dead-letters.ts';
import { CASE_STATUSES } from '#core/lifecycle.ts';
import type { PayerView } from '#core/payer-view.ts';
import type { ReportEntry } from '#core/ports.ts';
import type { Report, ReportTable } from '#core/report.ts';
import { WORK_KINDS } from '#core/work.ts';
import type { InboxResponse, StaffCaseView } from './staff.ts';

const status = z.enum(CASE_STATUSES);
const mode = z.enum(['single', 'joint', 'triage']);
const role = z.enum(['head']).nullable();
const workKind = z.enum(WORK_KINDS);
const dated = z.object({ due: z.string(), covered: z.boolean() });

/** 201 of POST /api/cases and POST /api/staff/cases: the new case and the payer's access code. */
export const CreatedCaseSchema = z.object({
  caseNumber: z.string(),
  accessCode: z.string(),
  status,
  routing: z.object({
    mode,
    units: z.array(z.string()),
    assisting: z.array(z.string()),
    rules: z.array(z.string()),
  }),
});

const decision = z.object({
  kind: z.enum(['accept', 'object']),
  route: z.string().optional(),
  comment: z.string().optional(),
  at: z.string(),
  channel: z.enum(['online', 'window', 'phone', 'silence']).optional(),
  on: z.string().optional(),
  recordedBy: z.string().optional(),
});

/** The payer's view of a case (GET /api/cases/{n}, and the answer of decision and survey). */
export const PayerViewSchema = z.object({
  caseNumber: z.string(),
  status,
  units: z.array(z.string()),
  // How the case is handled from the start: one unit, jointly (the office first), or triage.
  mode: z.enum(['single', 'joint', 'triage']),
  timeline: z.array(z.object({ at: z.string(), status, note: z.string() })),
  deadlines: z.object({
    signFor: dated.optional(),
    answer: dated.optional(),
    answerLatest: dated
      .optional()
      .describe(
        "While a single-unit case waits to be signed for: the last day of the answer if the unit signs on the last day it may (the answer counts from the sign-for, and from the end of its window when signed late). An extension approved later moves the answer's deadline, not this estimate.",
      ),
    objectBy: dated
      .extend({
        told: z
          .literal(true)
          .optional()
          .describe(
            'Present when `due` is the day the payer was told with the answer, kept because the policy or holiday schedule in force now would end the window earlier.',
          ),
      })
      .optional(),
  }),
  handledBy: z.string().nullable(),
  answer: z.object({ text: z.string(), unit: z.string(), at: z.string() }).optional(),
  furtherAnswer: z
    .object({ text: z.string(), unit: z.string(), at: z.string() })
    .optional()
    .describe(
      'The further answer (再次答复) to a payer who said 不满意 at the follow-up, given after the leading group’s supervision. `deadlines.objectBy` then counts from it; before it, while the supervision is open, there is no `objectBy`.',
    ),
  decision: decision.optional(),
  // `dissatisfied`: the visit found the payer dissatisfied, and the case is under supervision.
  followUp: z
    .object({
      status: z.enum(['open', 'done']),
      dissatisfied: z.boolean().optional(),
      furtherAnswerPending: z
        .boolean()
        .optional()
        .describe(
          'The supervision the payer’s 不满意 opened is not yet answered: a further answer (`furtherAnswer`) is owed, and there is no `deadlines.objectBy` until it comes.',
        ),
      furtherAnswerBy: z
        .string()
        .optional()
        .describe(
          'While `furtherAnswerPending`: the day (YYYY-MM-DD, Beijing) by which the unit owes the supervision its answer, and so the payer the further answer.',
        ),
    })
    .optional(),
});

/** GET /api/calendar/add-working-days. */
export const WorkingDaySchema = z.object({ date: z.string(), covered: z.boolean() });

const upOrDown = z.enum(['up', 'down']);

/** GET /api/health: up or down, nothing more (issue 14). */
export const HealthSchema = z.object({ status: upOrDown });

/** GET /api/staff/health: each part and each dead-letter queue's depth. */
export const StaffHealthSchema = z.object({
  status: upOrDown,
  components: z.record(z.string(), upOrDown),
  deadLetterDepth: z.record(z.string(), z.int()),
});

/** GET /api/staff/dead-letters. */
export const DeadLettersSchema = z.object({
  units: z.array(
    z.object({
      unit: z.string(),
      depth: z.int(),
      messages: z.array(
        z.object({
          messageId: z.string(),
          caseNumber: z.string().nullable(),
          receiveCount: z.int(),
        }),
      ),
    }),
  ),
});

/** POST /api/staff/dead-letters/{unit}/redrive. */
export const RedriveSchema = z.object({ unit: z.string(), moved: z.int() });

/** GET /api/staff/inbox. */
export const InboxSchema = z.object({
  items: z.array(
    z.object({
      caseNumber: z.string(),
      workId: z.string(),
      kind: workKind,
      kindLabel: z.string(),
      role,
      openedAt: z.string(),
      chasedOn: z.string().nullable(),
      supervisedOn: z.string().nullable(),
      orderedOn: z
        .string()
        .nullable()
        .describe(
          'The day a leader ordered a 督办 of the item; `supervisedOn` alone is the sweep reporting it to the leading group.',
        ),
      version: z.int(),
      status,
      statusLabel: z.string(),
      channel: z.string(),
      mode,
      matters: z.array(z.string()),
      insurance: z.array(z.string()),
      payerName: z.string(),
      receivedAt: z.string(),
      due: z.string().nullable(),
      dueKind: z.enum(['sign-for', 'answer', 'follow-up']).nullable(),
      supervision: z.enum(['chase', 'supervision']).nullable(),
      overdue: z.boolean(),
      dueCovered: z.boolean(),
      heldBack: z
        .string()
        .optional()
        .describe('Why a rule holds the item back now; absent when it can be done.'),
    }),
  ),
  next: z.string().nullable(),
  counts: z.record(z.string(), z.int()),
});

/** GET /api/staff/supervision: overdue open work by unit. */
export const SupervisionSchema = z.object({
  units: z.array(
    z.object({
      unit: z.string(),
      unitLabel: z.string(),
      count: z.int(),
      items: z.array(
        z.object({
          caseNumber: z.string(),
          workId: z.string(),
          kind: workKind,
          kindLabel: z.string(),
          role,
          unit: z.string(),
          openedAt: z.string(),
          due: z.string(),
          dueCovered: z.boolean(),
          lateDays: z.int(),
          chasedOn: z.string().nullable(),
          supervisedOn: z.string().nullable(),
          status,
          statusLabel: z.string(),
          payerName: z.string(),
        }),
      ),
    }),
  ),
});

const attachment = z.object({
  id: z.string(),
  name: z.string(),
  contentType: z.string(),
  size: z.int(),
  uploadedBy: z.string(),
  at: z.string(),
});

/** The staff view of a case (GET /api/staff/cases/{n}, and the answer of every action). */
export const StaffCaseViewSchema = z.object({
  caseNumber: z.string(),
  version: z.int(),
  status,
  statusLabel: z.string(),
  channel: z.string(),
  registeredOn: z.string(),
  payer: z.object({
    kind: z.enum(['person', 'organization', 'lead']),
    name: z.string(),
    idNumber: z.string(),
    phone: z.string(),
    idPending: z.boolean().optional(),
    source: z.object({ kind: z.string(), reference: z.string() }).optional(),
    address: z.string().optional(),
  }),
  contact: z.enum(['sms', 'phone', 'none']),
  counterparty: z
    .object({
      kind: z.enum(['person', 'organization']),
      name: z.string(),
      idNumber: z.string().optional(),
      phone: z.string().optional(),
      address: z.string().optional(),
    })
    .nullable(),
  // The answer notice served on the other party (送达), once recorded; its note may name people.
  counterpartyServed: z
    .object({
      method: z.enum(['in-person', 'post', 'other']),
      on: z.string(),
      note: z.string().optional(),
      by: z.string(),
      at: z.string(),
    })
    .nullable(),
  visitedAt: z.string().nullable(),
  receivedBy: z
    .object({
      unit: z.string(),
      user: z.string(),
      name: z.string().nullable(),
      phone: z.string().nullable(),
    })
    .nullable(),
  masked: z.boolean(),
  reissuesAccessCode: z.literal(true).optional(),
  matters: z.array(
    z.object({
      type: z.string(),
      label: z.string(),
      insurance: z.array(z.string()),
      period: z.object({ from: z.string(), to: z.string() }),
    }),
  ),
  description: z.string(),
  routing: z.object({
    mode,
    units: z.array(z.string()),
    assisting: z.array(z.string()),
    rules: z.array(z.string()),
    explanation: z.array(z.string()),
  }),
  holder: z.string().nullable(),
  lead: z.string().nullable(),
  heldBy: z.array(z.string()),
  classification: z.enum(['general', 'major']).nullable(),
  deadlines: z.array(
    z.object({
      kind: z.enum(['sign-for', 'answer', 'follow-up']),
      label: z.string(),
      due: z.string(),
      covered: z.boolean(),
      basis: z.string(),
      overdue: z.boolean(),
    }),
  ),
  timeline: z.array(
    z.object({
      seq: z.int(),
      at: z.string(),
      transition: z.string(),
      from: z.string().nullable(),
      to: z.string(),
      note: z.string(),
      actor: z.object({
        kind: z.string(),
        unit: z.string().optional(),
        user: z.string().optional(),
        // The account's display name at the step, where it had one.
        name: z.string().optional(),
      }),
      text: z.string().optional(),
      detail: z.record(z.string(), z.string()).optional(),
    }),
  ),
  answer: z
    .object({
      text: z.string(),
      unit: z.string(),
      at: z.string(),
      by: z
        .object({ name: z.string().optional(), phone: z.string().optional() })
        .optional()
        .describe(
          'Who answered: the display name and work phone of their account that day, as the printed notice names them (承办人, 联系电话). Absent when the account had neither.',
        ),
    })
    .nullable(),
  // The staff view names the channel as text (online, window, phone, silence).
  decision: decision.extend({ channel: z.string().optional() }).nullable(),
  // The window closed with no decision from a payer who had said 不满意 (no acceptance deemed).
  lapsed: z.object({ at: z.string(), lastDay: z.string() }).optional(),
  objectionWindow: z
    .object({
      lastDay: z.string(),
      silence: z.enum(['accepts', 'lapses']),
      waitsForSupervision: z.literal(true).optional(),
      told: z
        .literal(true)
        .optional()
        .describe(
          'The day the payer was told with the answer, kept because the policy in force now would end the window earlier.',
        ),
      covered: z
        .boolean()
        .optional()
        .describe('False when the year of `lastDay` has no holiday calendar yet: provisional.'),
    })
    .optional(),
  extension: z
    .object({
      days: z.int(),
      reason: z.string(),
      status: z.enum(['pending', 'approved', 'refused']),
      requestedBy: z.string(),
      wouldBe: z.object({ due: z.string(), covered: z.boolean() }).optional(),
    })
    .nullable(),
  returnRequest: z
    .object({
      reason: z.string(),
      note: z.string(),
      to: z.enum(['routing', 'office']),
      requestedBy: z.string(),
      at: z.string(),
      wouldGoTo: z.array(z.string()).optional(),
    })
    .nullable(),
  opinions: z.array(
    z.object({
      unit: z.string(),
      question: z.string(),
      requestedAt: z.string(),
      opinion: z.string().optional(),
      answeredAt: z.string().optional(),
      // The unit that entered a paper opinion for the asked unit.
      enteredBy: z.string().optional(),
      // Unanswered when the case was answered: the request lapsed then, and its unit was told.
      withdrawnAt: z.string().optional(),
    }),
  ),
  consultations: z.array(
    z.object({
      // A major case's 专题会议; absent for a consultation (会商).
      kind: z.literal('special-meeting').optional(),
      date: z.string(),
      // Where it met and who chaired it, when the record gives them.
      place: z.string().optional(),
      chair: z.string().optional(),
      units: z.array(z.string()),
      positions: z.array(z.object({ unit: z.string(), position: z.string() })),
      conclusion: z.string(),
      minutes: z.string(),
      lead: z.string(),
      recordedBy: z.string(),
    }),
  ),
  proposal: z
    .object({
      serial: z.string(),
      contactName: z.string(),
      contactPhone: z.string(),
      summary: z.string(),
      proposedOpinion: z.string(),
      status: z.enum(['submitted', 'approved', 'refused']),
    })
    .nullable(),
  writtenOpinion: z.string().nullable(),
  returns: z.array(z.object({ unit: z.string(), reason: z.string(), at: z.string() })),
  attachments: z.array(attachment),
  filesWithheld: z
    .number()
    .optional()
    .describe(
      'How many files the case has that the caller may not open (they see the payer masked); absent when none.',
    ),
  supervision: z
    .object({
      level: z.enum(['chase', 'supervision']),
      reason: z.enum(['overdue', 'dissatisfied']),
      dueDate: z.string(),
      chasedOn: z.string().optional(),
      supervisedOn: z.string().optional(),
      orderedOn: z
        .string()
        .optional()
        .describe(
          'A leader ordered the 督办 (or the payer’s 不满意 did); `supervisedOn` alone is the sweep reporting it.',
        ),
    })
    .nullable(),
  followUp: z
    .object({
      visibleFrom: z.string(),
      due: z.string(),
      covered: z.boolean().optional(),
      from: z.string().optional(),
      days: z.int().optional(),
      status: z.enum(['scheduled', 'open', 'done']),
      result: z.string().optional(),
      by: z.enum(['staff', 'payer']).optional(),
      note: z.string().optional(),
    })
    .nullable(),
  work: z.array(
    z.object({
      id: z.string(),
      kind: workKind,
      label: z.string(),
      unit: z.string(),
      role,
      openedAt: z.string(),
      due: z.string(),
      covered: z.boolean(),
      overdue: z.boolean(),
      state: z.enum(['open', 'closed']),
      closedAt: z.string().nullable(),
      closedBy: z.string().nullable(),
      chasedOn: z.string().nullable(),
      supervisedOn: z.string().nullable(),
      orderedOn: z
        .string()
        .nullable()
        .describe(
          'The day a leader ordered a 督办 of the item; `supervisedOn` alone is the sweep reporting it to the leading group.',
        ),
    }),
  ),
  supervisions: z.array(
    z.object({
      id: z.string(),
      unit: z.string(),
      about: z.string().optional(),
      reason: z.enum(['leader', 'dissatisfied']),
      note: z.string().optional(),
      by: z.string(),
      at: z.string(),
      answer: z.string().optional(),
      answeredAt: z.string().optional(),
      toPayer: z
        .string()
        .optional()
        .describe('The further answer to a payer who said 不满意 (再次答复), shown to the payer.'),
    }),
  ),
  assignments: z.array(
    z.object({
      id: z.string(),
      unit: z.string(),
      task: z.string(),
      due: z.string(),
      by: z.string(),
      at: z.string(),
      reply: z.string().optional(),
      doneAt: z.string().optional(),
    }),
  ),
  convening: z
    .object({
      requestedAt: z.string(),
      note: z.string(),
      date: z.string().optional(),
      place: z.string().optional(),
      doneAt: z.string().optional(),
    })
    .nullable(),
  remedies: z
    .array(
      z.object({
        outcome: z.string(),
        on: z.string(),
        note: z.string().optional(),
        by: z.string(),
        at: z.string(),
      }),
    )
    .optional(),
  allowedActions: z
    .array(z.string())
    .describe('The actions the caller may take now: those that do an item the caller owes first.'),
  heldBack: z.array(z.object({ action: z.string(), reason: z.string() })).optional(),
  closed: z
    .array(z.object({ action: z.string(), reason: z.string() }))
    .optional()
    .describe('Steps the caller could take on its own initiative that a rule closes now, and why.'),
});

/** POST /api/staff/cases/{n}/access-code: the new code, shown once. */
export const AccessCodeSchema = z.object({ accessCode: z.string() });

/** POST /api/staff/cases/{n}/attachments (and the case page's upload script): where to PUT. */
export const AttachmentCreatedSchema = z.object({
  attachment,
  upload: z.object({
    url: z.string(),
    method: z.literal('PUT'),
    headers: z.record(z.string(), z.string()),
  }),
});

/** GET /api/staff/cases/{n}/attachments/{id}: a short-lived download URL. */
export const AttachmentUrlSchema = z.object({ url: z.string() });

const reportEntry = {
  id: z.string(),
  kind: z.enum(['weekly', 'monthly', 'on-demand']),
  title: z.string(),
  period: z.object({ from: z.string(), to: z.string() }),
  generatedAt: z.string(),
};

/** GET /api/staff/reports: the newest reports, without their tables. */
export const ReportListSchema = z.object({ items: z.array(z.object(reportEntry)) });

/** A whole report: highlights in words and tables of figures (201 of POST /api/staff/reports). */
export const ReportSchema = z.object({
  ...reportEntry,
  highlights: z.array(z.string()),
  tables: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      columns: z.array(
        z.object({
          key: z.string(),
          label: z.string(),
          kind: z.enum(['text', 'number', 'percent']),
        }),
      ),
      rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
      chart: z.object({ label: z.string(), value: z.string() }).optional(),
      // What a reader needs to read the figures (why the rows add up to more than the cases).
      note: z.string().optional(),
    }),
  ),
  opinion: z
    .object({ text: z.string(), by: z.string(), name: z.string().optional(), at: z.string() })
    .optional()
    .describe(
      '分析意见和应对措施 written on the stored report (seed 四(三)), its latest version; absent until written, and from a unit’s part.',
    ),
});

/**
 * GET /api/staff/reports/{id}: the report and its charts as SVG, by table id; a unit's head gets the
 * unit's part of it (core/analysis.ts, reportForReader).
 */
export const ReportWithChartsSchema = z.object({
  report: ReportSchema,
  charts: z.record(z.string(), z.string()),
});

// The compiler's check that each schema still describes what the handlers send: a field the core
// renames or retypes fails `tsc` here before any client sees it.
type Describes<Schema extends z.ZodType, Sent> = Sent extends z.output<Schema> ? true : never;
const describes = {
  payer: true satisfies Describes<typeof PayerViewSchema, PayerView>,
  inbox: true satisfies Describes<typeof InboxSchema, InboxResponse>,
  staffCase: true satisfies Describes<typeof StaffCaseViewSchema, StaffCaseView>,
  deadLetters: true satisfies Describes<typeof DeadLettersSchema, { units: UnitDeadLetters[] }>,
  reports: true satisfies Describes<typeof ReportListSchema, { items: ReportEntry[] }>,
  report: true satisfies Describes<typeof ReportSchema, Report>,
  table: true satisfies Describes<typeof ReportSchema.shape.tables.element, ReportTable>,
};
void describes;
