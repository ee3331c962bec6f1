/**
 * The one list of functions and their triggers. The CDK stack (infra/aws) and the local runtime
 * (infra/local) are both built from it, so what runs on one machine is what runs in AWS.
 *
 * Imports nothing but plain data, so that infra code can read it without loading any handler.
 */
import { SHANGHAI_TIME_ZONE } from '#core/time.ts';
import { UNIT_IDS, type UnitId } from '#core/units.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type Trigger =
  /**
   * An HTTP API route. `public` routes carry no token; `staff` routes need a JWT (issue 4), checked
   * by the HTTP API before the handler runs; `session` routes are the staff pages (issue 11), public
   * to the HTTP API, whose handler checks the sealed session cookie itself and sends a browser
   * without one to sign in.
   */
  | { kind: 'http'; method: HttpMethod; path: string; auth: 'public' | 'staff' | 'session' }
  /** The SQS queues of these units, delivered in batches with partial batch failures. */
  | { kind: 'queue'; units: readonly UnitId[]; batchSize: number }
  /**
   * The `notifications` queue (issue 14), delivered as a unit queue is: batches, partial batch
   * failures, a dead-letter queue. A kind of its own rather than a unit, so that no unit list
   * (routing, inboxes, sendTo) ever counts it as one.
   */
  | { kind: 'notifications'; batchSize: number }
  /**
   * A schedule. `cron` is a five-field Unix expression (minute hour day-of-month month
   * day-of-week) read in `timezone`; infra/aws turns it into EventBridge Scheduler's form.
   */
  | { kind: 'schedule'; cron: string; timezone: typeof SHANGHAI_TIME_ZONE }
  /**
   * The HTTP API's `$default` route: every request that no route above matches (a wrong path or
   * method), so that the API's own "not found" is problem details too (issue 14). Public: it
   * answers and touches nothing. Locally the gateway sends unmatched `/api/` requests to it.
   */
  | { kind: 'http-default' };

/** What a function may touch: the source of its least-privilege grants. */
export interface Access {
  table: 'none' | 'read' | 'readWrite';
  /**
   * Updates the rate-limit counters (`RATE#…` items) and no other item: for a function that
   * otherwise only reads, such as get-case counting wrong access codes (functions/grants.ts).
   */
  counters?: boolean;
  /** Unit queues the function sends to. */
  sendTo: readonly UnitId[];
  /** Reads queue attributes (health checks), without receiving or sending. */
  inspectQueues?: boolean;
  /**
   * Sends notifications: puts each on the `notifications` queue (issue 14), from which
   * send-notification delivers it. A re-drive of that queue's dead letters sends there too.
   */
  notify?: boolean;
  /**
   * Delivers notifications through the configured transports (send-notification only): SES
   * e-mail, SNS SMS, or the secrets of the SMTP relay and the HTTP SMS provider.
   */
  deliver?: boolean;
  /**
   * The unit queues' dead-letter queues: `read` lists what is in them, `redrive` also moves it
   * back to the unit queues (which the function must also `sendTo`).
   */
  deadLetters?: 'read' | 'redrive';
  /**
   * The attachments bucket: `read` presigns downloads, `readWrite` also presigns uploads, `delete`
   * lists and deletes the versions of case files (the retention sweep) and reads none.
   */
  attachments?: 'read' | 'readWrite' | 'delete';
  /** Reads the session key and the OIDC client secret: the staff pages (issue 11). */
  session?: boolean;
  /**
   * Reads when staff accounts' sessions were ended (`ACCOUNT#…` items): implied by `session` and
   * by any table access; set on a staff API function that has none.
   */
  accountEnds?: boolean;
  /**
   * Updates `ACCOUNT#…` items: the staff sign-out records the session it ends there, so that a
   * copy of its cookie opens nothing (functions/adapters/account-sessions.ts, signOutSession).
   */
  signsOut?: boolean;
}

/**
 * The staff pages' secrets: the key that seals the session cookie and the OIDC client's secret
 * (Secrets Manager in AWS). Set on every function with a `session` route.
 */
export const SESSION_ACCESS = { session: true } as const;

export interface FunctionSpec {
  /** Stable name: CDK construct id, local runtime name, log field. */
  name: string;
  /** Path of the handler module from the repository root; it exports `handler`. */
  entry: string;
  trigger: Trigger;
  access: Access;
  /** Lambda timeout in seconds; also the local queue's visibility timeout base. */
  timeoutSeconds: number;
  memoryMb: number;
  /**
   * Checks payers' access codes (functions/core/payer-view.ts): its log is watched for a run of
   * wrong codes on one case, which the operators hear of by alarm (issue 16).
   */
  checksAccessCodes?: boolean;
}

/** A queue with its dead-letter queue (STYLE.md rule 4): a unit's, or the notifications'. */
export interface QueueSettings {
  name: string;
  deadLetterName: string;
  /** Receives before a message moves to the dead-letter queue. */
  maxReceiveCount: number;
  visibilityTimeoutSeconds: number;
}

/** One queue per unit, each with its dead-letter queue. */
export interface QueueSpec extends QueueSettings {
  unit: UnitId;
}

/**
 * The key of the notifications queue in QUEUE_URLS and DEAD_LETTER_URLS, beside the unit ids:
 * the health check, the dead-letter page and its re-drive read it as they read a unit's.
 */
export const NOTIFICATIONS_QUEUE = 'notifications';
/** A queue's key: a unit id, or `notifications`. */
export type QueueId = UnitId | typeof NOTIFICATIONS_QUEUE;

/** Visibility must exceed the consumer's timeout, as AWS recommends (six times for Lambda). */
const CONSUMER_TIMEOUT_SECONDS = 10;

/**
 * The longest an HTTP function may run. API Gateway gives up on a Lambda integration after 30 s
 * (the HTTP API's maximum) and answers 503 itself, while the function runs on and may still
 * change the case: the function must end first, with its own problem details, and 5 s to spare
 * for a cold start and the gateway's own work.
 */
export const MAX_HTTP_TIMEOUT_SECONDS = 25;

export const queues: readonly QueueSpec[] = UNIT_IDS.map((unit) => ({
  unit,
  name: `unit-${unit}`,
  deadLetterName: `unit-${unit}-dlq`,
  maxReceiveCount: 5,
  visibilityTimeoutSeconds: CONSUMER_TIMEOUT_SECONDS * 6,
}));

/**
 * Every e-mail and SMS, as a message to send-notification (issue 14): a failed send is retried
 * and, after five receives, kept in `notifications-dlq` with an alarm, instead of vanishing.
 */
export const notificationQueue: QueueSettings = {
  name: NOTIFICATIONS_QUEUE,
  deadLetterName: `${NOTIFICATIONS_QUEUE}-dlq`,
  maxReceiveCount: 5,
  visibilityTimeoutSeconds: CONSUMER_TIMEOUT_SECONDS * 6,
};

export const functions: readonly FunctionSpec[] = [
  {
    name: 'create-case',
    entry: 'functions/handlers/http/create-case.ts',
    trigger: { kind: 'http', method: 'POST', path: '/api/cases', auth: 'public' },
    // Texts the payer the case number (issue 13).
    access: { table: 'readWrite', sendTo: UNIT_IDS, notify: true },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    name: 'get-case',
    entry: 'functions/handlers/http/get-case.ts',
    trigger: { kind: 'http', method: 'GET', path: '/api/cases/{caseNumber}', auth: 'public' },
    // Reads the case; counts wrong access codes per case and per client (the limits of
    // functions/core/payer-view.ts), which is its only write.
    access: { table: 'read', counters: true, sendTo: [] },
    timeoutSeconds: 10,
    memoryMb: 512,
    checksAccessCodes: true,
  },
  {
    name: 'payer-decision',
    entry: 'functions/handlers/http/payer-decision.ts',
    trigger: {
      kind: 'http',
      method: 'POST',
      path: '/api/cases/{caseNumber}/decision',
      auth: 'public',
    },
    access: { table: 'readWrite', sendTo: [], notify: true },
    timeoutSeconds: 10,
    memoryMb: 512,
    checksAccessCodes: true,
  },
  {
    name: 'payer-survey',
    entry: 'functions/handlers/http/payer-survey.ts',
    trigger: {
      kind: 'http',
      method: 'POST',
      path: '/api/cases/{caseNumber}/survey',
      auth: 'public',
    },
    access: { table: 'readWrite', sendTo: [], notify: true },
    timeoutSeconds: 10,
    memoryMb: 512,
    checksAccessCodes: true,
  },
  {
    // The payer pages the API renders, so that every payer form works without JavaScript
    // (issue 6), each route an entry with its own grants (issue 15); in AWS, in the payer pages'
    // nested stack (infra/aws/payer-pages.ts). The intake questions read the draft.
    name: 'payer-apply-payer-page',
    entry: 'functions/handlers/http/payer-step-page.ts',
    trigger: { kind: 'http', method: 'GET', path: '/api/payer/apply-payer', auth: 'public' },
    access: { table: 'read', sendTo: [] },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    name: 'payer-apply-matters-page',
    entry: 'functions/handlers/http/payer-step-page.ts',
    trigger: { kind: 'http', method: 'GET', path: '/api/payer/apply-matters', auth: 'public' },
    access: { table: 'read', sendTo: [] },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    name: 'payer-apply-description-page',
    entry: 'functions/handlers/http/payer-step-page.ts',
    trigger: { kind: 'http', method: 'GET', path: '/api/payer/apply-description', auth: 'public' },
    access: { table: 'read', sendTo: [] },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    name: 'payer-apply-check-page',
    entry: 'functions/handlers/http/payer-check-page.ts',
    trigger: { kind: 'http', method: 'GET', path: '/api/payer/apply-check', auth: 'public' },
    access: { table: 'read', sendTo: [] },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    // The confirmation: reads the case by its code (counting wrong ones) and deletes the draft.
    name: 'payer-done-page',
    entry: 'functions/handlers/http/payer-done-page.ts',
    trigger: { kind: 'http', method: 'GET', path: '/api/payer/done', auth: 'public' },
    access: { table: 'readWrite', sendTo: [] },
    timeoutSeconds: 10,
    memoryMb: 512,
    checksAccessCodes: true,
  },
  {
    // The case pages read the case by the cookie's code and count wrong codes, their only write.
    name: 'payer-receipt-page',
    entry: 'functions/handlers/http/payer-receipt-page.ts',
    trigger: { kind: 'http', method: 'GET', path: '/api/payer/receipt', auth: 'public' },
    access: { table: 'read', counters: true, sendTo: [] },
    timeoutSeconds: 10,
    memoryMb: 512,
    checksAccessCodes: true,
  },
  {
    name: 'payer-status-page',
    entry: 'functions/handlers/http/payer-case-page.ts',
    trigger: { kind: 'http', method: 'GET', path: '/api/payer/status', auth: 'public' },
    access: { table: 'read', counters: true, sendTo: [] },
    timeoutSeconds: 10,
    memoryMb: 512,
    checksAccessCodes: true,
  },
  {
    name: 'payer-answer-page',
    entry: 'functions/handlers/http/payer-case-page.ts',
    trigger: { kind: 'http', method: 'GET', path: '/api/payer/answer', auth: 'public' },
    access: { table: 'read', counters: true, sendTo: [] },
    timeoutSeconds: 10,
    memoryMb: 512,
    checksAccessCodes: true,
  },
  {
    name: 'payer-survey-page',
    entry: 'functions/handlers/http/payer-case-page.ts',
    trigger: { kind: 'http', method: 'GET', path: '/api/payer/survey', auth: 'public' },
    access: { table: 'read', counters: true, sendTo: [] },
    timeoutSeconds: 10,
    memoryMb: 512,
    checksAccessCodes: true,
  },
  {
    // Reads the settings (the time limits in force) and nothing else.
    name: 'payer-time-limits-page',
    entry: 'functions/handlers/http/payer-time-limits-page.ts',
    trigger: { kind: 'http', method: 'GET', path: '/api/payer/time-limits', auth: 'public' },
    access: { table: 'read', sendTo: [] },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    // Saves the draft; counts new drafts per client (issue 16).
    name: 'payer-apply-payer-form',
    entry: 'functions/handlers/http/payer-step-form.ts',
    trigger: { kind: 'http', method: 'POST', path: '/api/payer/apply-payer', auth: 'public' },
    access: { table: 'readWrite', sendTo: [] },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    name: 'payer-apply-matters-form',
    entry: 'functions/handlers/http/payer-step-form.ts',
    trigger: { kind: 'http', method: 'POST', path: '/api/payer/apply-matters', auth: 'public' },
    access: { table: 'readWrite', sendTo: [] },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    name: 'payer-apply-description-form',
    entry: 'functions/handlers/http/payer-step-form.ts',
    trigger: { kind: 'http', method: 'POST', path: '/api/payer/apply-description', auth: 'public' },
    access: { table: 'readWrite', sendTo: [] },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    // The look-up: checks the case number and access code, counting wrong codes.
    name: 'payer-status-lookup',
    entry: 'functions/handlers/http/payer-lookup-form.ts',
    trigger: { kind: 'http', method: 'POST', path: '/api/payer/status', auth: 'public' },
    access: { table: 'read', counters: true, sendTo: [] },
    timeoutSeconds: 10,
    memoryMb: 512,
    checksAccessCodes: true,
  },
  {
    name: 'payer-answer-lookup',
    entry: 'functions/handlers/http/payer-lookup-form.ts',
    trigger: { kind: 'http', method: 'POST', path: '/api/payer/answer', auth: 'public' },
    access: { table: 'read', counters: true, sendTo: [] },
    timeoutSeconds: 10,
    memoryMb: 512,
    checksAccessCodes: true,
  },
  {
    name: 'payer-survey-lookup',
    entry: 'functions/handlers/http/payer-lookup-form.ts',
    trigger: { kind: 'http', method: 'POST', path: '/api/payer/survey', auth: 'public' },
    access: { table: 'read', counters: true, sendTo: [] },
    timeoutSeconds: 10,
    memoryMb: 512,
    checksAccessCodes: true,
  },
  {
    // Clears the cookies; touches nothing.
    name: 'payer-sign-out',
    entry: 'functions/handlers/http/payer-sign-out.ts',
    trigger: { kind: 'http', method: 'POST', path: '/api/payer/sign-out', auth: 'public' },
    access: { table: 'none', sendTo: [] },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    // Any other address under /api/payer/ answers the payer's 404 page, as when one function
    // served every page (`{page}`): the literal routes above win over it. In AWS in the main
    // stack, where `{page}`'s routes were deployed (infra/aws/payer-pages.ts).
    name: 'payer-not-found-page',
    entry: 'functions/handlers/http/payer-not-found.ts',
    trigger: { kind: 'http', method: 'GET', path: '/api/payer/{page}', auth: 'public' },
    access: { table: 'none', sendTo: [] },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    name: 'payer-not-found-form',
    entry: 'functions/handlers/http/payer-not-found.ts',
    trigger: { kind: 'http', method: 'POST', path: '/api/payer/{page}', auth: 'public' },
    access: { table: 'none', sendTo: [] },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    // A payer who lost the access code asks for a new one by SMS (issue 13). A literal path: it
    // wins over `/api/payer/{page}` (payer-not-found-form) in API Gateway and locally alike.
    name: 'payer-access-code',
    entry: 'functions/handlers/http/payer-access-code.ts',
    trigger: { kind: 'http', method: 'POST', path: '/api/payer/access-code', auth: 'public' },
    // Counts requests (rate limits), replaces the code's hash, texts the payer the new code.
    access: { table: 'readWrite', sendTo: [], notify: true },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    // The administrator's view of the dead-letter queues (issue 7): what did not reach an inbox.
    name: 'staff-dead-letters',
    entry: 'functions/handlers/http/staff-dead-letters.ts',
    trigger: { kind: 'http', method: 'GET', path: '/api/staff/dead-letters', auth: 'staff' },
    access: { table: 'none', sendTo: [], deadLetters: 'read', accountEnds: true },
    timeoutSeconds: 10,
    memoryMb: 256,
  },
  {
    name: 'staff-redrive',
    entry: 'functions/handlers/http/staff-redrive.ts',
    trigger: {
      kind: 'http',
      method: 'POST',
      path: '/api/staff/dead-letters/{unit}/redrive',
      auth: 'staff',
    },
    // Puts dead letters back on their queue: a unit's, or the notifications' (notify).
    access: {
      table: 'none',
      sendTo: UNIT_IDS,
      notify: true,
      deadLetters: 'redrive',
      accountEnds: true,
    },
    timeoutSeconds: MAX_HTTP_TIMEOUT_SECONDS,
    memoryMb: 256,
  },
  {
    name: 'add-working-days',
    entry: 'functions/handlers/http/add-working-days.ts',
    trigger: {
      kind: 'http',
      method: 'GET',
      path: '/api/calendar/add-working-days',
      auth: 'public',
    },
    // Reads the administrator's calendar years from the table.
    access: { table: 'read', sendTo: [] },
    timeoutSeconds: 5,
    memoryMb: 256,
  },
  {
    name: 'health',
    entry: 'functions/handlers/http/health.ts',
    trigger: { kind: 'http', method: 'GET', path: '/api/health', auth: 'public' },
    access: { table: 'read', sendTo: [], inspectQueues: true },
    timeoutSeconds: 5,
    memoryMb: 256,
  },
  {
    // The OpenAPI 3.1 document of these routes (issue 15), built from the zod contracts.
    name: 'openapi',
    entry: 'functions/handlers/http/openapi.ts',
    trigger: { kind: 'http', method: 'GET', path: '/api/openapi.json', auth: 'public' },
    access: { table: 'none', sendTo: [] },
    timeoutSeconds: 5,
    memoryMb: 256,
  },
  {
    // The administrator's detail of the health check: parts and dead-letter depths (issue 14).
    name: 'staff-health',
    entry: 'functions/handlers/http/staff-health.ts',
    trigger: { kind: 'http', method: 'GET', path: '/api/staff/health', auth: 'staff' },
    access: { table: 'read', sendTo: [], inspectQueues: true },
    timeoutSeconds: 5,
    memoryMb: 256,
  },
  {
    // What the HTTP API answers for a route it does not have: 404, or 405 for a known path.
    name: 'no-route',
    entry: 'functions/handlers/http/no-route.ts',
    trigger: { kind: 'http-default' },
    access: { table: 'none', sendTo: [] },
    timeoutSeconds: 5,
    memoryMb: 256,
  },
  {
    name: 'staff-inbox',
    entry: 'functions/handlers/http/staff-inbox.ts',
    trigger: { kind: 'http', method: 'GET', path: '/api/staff/inbox', auth: 'staff' },
    access: { table: 'read', sendTo: [] },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    // The leaders' list of overdue work across units (seed 四(四)); the calendar is read from
    // the table for the working days late.
    name: 'staff-supervision',
    entry: 'functions/handlers/http/staff-supervision.ts',
    trigger: { kind: 'http', method: 'GET', path: '/api/staff/supervision', auth: 'staff' },
    access: { table: 'read', sendTo: [] },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    name: 'staff-case',
    entry: 'functions/handlers/http/staff-case.ts',
    trigger: { kind: 'http', method: 'GET', path: '/api/staff/cases/{caseNumber}', auth: 'staff' },
    access: { table: 'read', sendTo: [] },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    name: 'staff-action',
    entry: 'functions/handlers/http/staff-action.ts',
    trigger: {
      kind: 'http',
      method: 'POST',
      path: '/api/staff/cases/{caseNumber}/actions',
      auth: 'staff',
    },
    // A returned case goes back through a unit queue; an answer is sent to the payer.
    access: { table: 'readWrite', sendTo: UNIT_IDS, notify: true },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    // A new access code at a window (issue 13); the payer's mobile is told, without the code.
    name: 'staff-access-code',
    entry: 'functions/handlers/http/staff-access-code.ts',
    trigger: {
      kind: 'http',
      method: 'POST',
      path: '/api/staff/cases/{caseNumber}/access-code',
      auth: 'staff',
    },
    access: { table: 'readWrite', sendTo: [], notify: true },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    name: 'staff-register',
    entry: 'functions/handlers/http/staff-register.ts',
    trigger: { kind: 'http', method: 'POST', path: '/api/staff/cases', auth: 'staff' },
    access: { table: 'readWrite', sendTo: UNIT_IDS, notify: true },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    name: 'staff-attach',
    entry: 'functions/handlers/http/staff-attach.ts',
    trigger: {
      kind: 'http',
      method: 'POST',
      path: '/api/staff/cases/{caseNumber}/attachments',
      auth: 'staff',
    },
    access: { table: 'readWrite', sendTo: [], attachments: 'readWrite' },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    name: 'staff-attachment',
    entry: 'functions/handlers/http/staff-attachment.ts',
    trigger: {
      kind: 'http',
      method: 'GET',
      path: '/api/staff/cases/{caseNumber}/attachments/{id}',
      auth: 'staff',
    },
    access: { table: 'read', sendTo: [], attachments: 'read' },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    name: 'staff-reports',
    entry: 'functions/handlers/http/staff-reports.ts',
    trigger: { kind: 'http', method: 'GET', path: '/api/staff/reports', auth: 'staff' },
    access: { table: 'read', sendTo: [] },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    name: 'staff-report-request',
    entry: 'functions/handlers/http/staff-reports.ts',
    trigger: { kind: 'http', method: 'POST', path: '/api/staff/reports', auth: 'staff' },
    access: { table: 'readWrite', sendTo: [] },
    timeoutSeconds: MAX_HTTP_TIMEOUT_SECONDS,
    memoryMb: 1024,
  },
  {
    name: 'staff-report',
    entry: 'functions/handlers/http/staff-report.ts',
    trigger: { kind: 'http', method: 'GET', path: '/api/staff/reports/{id}', auth: 'staff' },
    access: { table: 'read', sendTo: [] },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  // ── Staff pages (issue 11): server-rendered, cookie session, forms that answer 303. ──
  {
    name: 'staff-sign-in',
    entry: 'functions/handlers/http/staff-sign-in.ts',
    trigger: { kind: 'http', method: 'GET', path: '/staff/sign-in', auth: 'session' },
    access: { table: 'none', sendTo: [], ...SESSION_ACCESS },
    timeoutSeconds: 10,
    memoryMb: 256,
  },
  {
    name: 'staff-callback',
    entry: 'functions/handlers/http/staff-callback.ts',
    trigger: { kind: 'http', method: 'GET', path: '/staff/callback', auth: 'session' },
    access: { table: 'none', sendTo: [], ...SESSION_ACCESS },
    timeoutSeconds: 10,
    memoryMb: 256,
  },
  {
    name: 'staff-sign-out',
    entry: 'functions/handlers/http/staff-sign-out.ts',
    trigger: { kind: 'http', method: 'POST', path: '/staff/sign-out', auth: 'session' },
    access: { table: 'none', sendTo: [], ...SESSION_ACCESS, signsOut: true },
    timeoutSeconds: 10,
    memoryMb: 256,
  },
  {
    name: 'staff-signed-out',
    entry: 'functions/handlers/http/staff-signed-out.ts',
    trigger: { kind: 'http', method: 'GET', path: '/staff/signed-out', auth: 'session' },
    access: { table: 'none', sendTo: [] },
    timeoutSeconds: 5,
    memoryMb: 256,
  },
  // ── Staff pages: inbox, case and its actions ──
  {
    name: 'staff-inbox-page',
    entry: 'functions/handlers/http/staff-inbox-page.ts',
    trigger: { kind: 'http', method: 'GET', path: '/staff/inbox', auth: 'session' },
    access: { table: 'read', sendTo: [], ...SESSION_ACCESS },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    // As staff-supervision, as a page: leaders reach 督办 and 交办 from it.
    name: 'staff-supervision-page',
    entry: 'functions/handlers/http/staff-supervision-page.ts',
    trigger: { kind: 'http', method: 'GET', path: '/staff/supervision', auth: 'session' },
    access: { table: 'read', sendTo: [], ...SESSION_ACCESS },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    name: 'staff-case-page',
    entry: 'functions/handlers/http/staff-case-page.ts',
    trigger: { kind: 'http', method: 'GET', path: '/staff/cases/{caseNumber}', auth: 'session' },
    access: { table: 'read', sendTo: [], ...SESSION_ACCESS },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    name: 'staff-action-page',
    entry: 'functions/handlers/http/staff-action-page.ts',
    trigger: {
      kind: 'http',
      method: 'POST',
      path: '/staff/cases/{caseNumber}/actions',
      auth: 'session',
    },
    // As staff-action: a returned case goes back through a unit queue; an answer is sent.
    access: { table: 'readWrite', sendTo: UNIT_IDS, notify: true, ...SESSION_ACCESS },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    // As staff-access-code, from the case page's form (issue 13).
    name: 'staff-access-code-form',
    entry: 'functions/handlers/http/staff-access-code-form.ts',
    trigger: {
      kind: 'http',
      method: 'POST',
      path: '/staff/cases/{caseNumber}/access-code',
      auth: 'session',
    },
    access: { table: 'readWrite', sendTo: [], notify: true, ...SESSION_ACCESS },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    // The new code comes in a sealed cookie, shown once: nothing to read from the table.
    name: 'staff-access-code-page',
    entry: 'functions/handlers/http/staff-access-code-page.ts',
    trigger: {
      kind: 'http',
      method: 'GET',
      path: '/staff/cases/{caseNumber}/access-code',
      auth: 'session',
    },
    access: { table: 'none', sendTo: [], ...SESSION_ACCESS },
    timeoutSeconds: 10,
    memoryMb: 256,
  },
  {
    // The case page's upload script asks here where to PUT a file.
    name: 'staff-attach-page',
    entry: 'functions/handlers/http/staff-attach-page.ts',
    trigger: {
      kind: 'http',
      method: 'POST',
      path: '/staff/cases/{caseNumber}/attachments',
      auth: 'session',
    },
    access: { table: 'readWrite', sendTo: [], attachments: 'readWrite', ...SESSION_ACCESS },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    name: 'staff-attachment-page',
    entry: 'functions/handlers/http/staff-attachment-page.ts',
    trigger: {
      kind: 'http',
      method: 'GET',
      path: '/staff/cases/{caseNumber}/attachments/{id}',
      auth: 'session',
    },
    access: { table: 'read', sendTo: [], attachments: 'read', ...SESSION_ACCESS },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  // ── Staff pages: registration and print forms ──
  {
    name: 'staff-register-page',
    entry: 'functions/handlers/http/staff-register-page.ts',
    trigger: { kind: 'http', method: 'GET', path: '/staff/register', auth: 'session' },
    access: { table: 'none', sendTo: [], ...SESSION_ACCESS },
    timeoutSeconds: 10,
    memoryMb: 256,
  },
  {
    // As staff-register: the new case goes to its unit's queue (or the office's).
    name: 'staff-register-form',
    entry: 'functions/handlers/http/staff-register-form.ts',
    trigger: { kind: 'http', method: 'POST', path: '/staff/register', auth: 'session' },
    access: { table: 'readWrite', sendTo: UNIT_IDS, notify: true, ...SESSION_ACCESS },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    // The access code comes in a sealed cookie: nothing to read from the table.
    name: 'staff-register-done',
    entry: 'functions/handlers/http/staff-register-done.ts',
    trigger: { kind: 'http', method: 'GET', path: '/staff/register/done', auth: 'session' },
    access: { table: 'none', sendTo: [], ...SESSION_ACCESS },
    timeoutSeconds: 10,
    memoryMb: 256,
  },
  {
    // The three printed forms of a case (`registration`, `proposal`, `answer`): one function.
    name: 'staff-print',
    entry: 'functions/handlers/http/staff-print.ts',
    trigger: {
      kind: 'http',
      method: 'GET',
      path: '/staff/cases/{caseNumber}/print/{form}',
      auth: 'session',
    },
    access: { table: 'read', sendTo: [], ...SESSION_ACCESS },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  // ── Staff pages: reports, outbox and dead letters ──
  {
    name: 'staff-reports-page',
    entry: 'functions/handlers/http/staff-reports-page.ts',
    trigger: { kind: 'http', method: 'GET', path: '/staff/reports', auth: 'session' },
    access: { table: 'read', sendTo: [], ...SESSION_ACCESS },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    // Builds an on-demand report from the aggregates, as staff-report-request does.
    name: 'staff-reports-form',
    entry: 'functions/handlers/http/staff-reports-form.ts',
    trigger: { kind: 'http', method: 'POST', path: '/staff/reports', auth: 'session' },
    access: { table: 'readWrite', sendTo: [], ...SESSION_ACCESS },
    timeoutSeconds: MAX_HTTP_TIMEOUT_SECONDS,
    memoryMb: 1024,
  },
  {
    // The page, and with `?format=csv|xlsx` its downloads (plain links, no script needed).
    name: 'staff-report-page',
    entry: 'functions/handlers/http/staff-report-page.ts',
    trigger: { kind: 'http', method: 'GET', path: '/staff/reports/{id}', auth: 'session' },
    access: { table: 'read', sendTo: [], ...SESSION_ACCESS },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    // 分析意见和应对措施 on a stored report (seed 四(三)): a conditional update of the report item.
    name: 'staff-report-opinion-form',
    entry: 'functions/handlers/http/staff-report-opinion-form.ts',
    trigger: {
      kind: 'http',
      method: 'POST',
      path: '/staff/reports/{id}/opinion',
      auth: 'session',
    },
    access: { table: 'readWrite', sendTo: [], ...SESSION_ACCESS },
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  {
    // Reads the local runtime's outbox folder (none in AWS) and, for a unit, the cases its
    // payers' SMS are about.
    name: 'staff-outbox-page',
    entry: 'functions/handlers/http/staff-outbox-page.ts',
    trigger: { kind: 'http', method: 'GET', path: '/staff/outbox', auth: 'session' },
    access: { table: 'read', sendTo: [], ...SESSION_ACCESS },
    timeoutSeconds: 10,
    memoryMb: 256,
  },
  {
    name: 'staff-dead-letters-page',
    entry: 'functions/handlers/http/staff-dead-letters-page.ts',
    trigger: { kind: 'http', method: 'GET', path: '/staff/dead-letters', auth: 'session' },
    access: { table: 'none', sendTo: [], deadLetters: 'read', ...SESSION_ACCESS },
    timeoutSeconds: 10,
    memoryMb: 256,
  },
  {
    name: 'staff-redrive-form',
    entry: 'functions/handlers/http/staff-redrive-form.ts',
    trigger: {
      kind: 'http',
      method: 'POST',
      path: '/staff/dead-letters/{unit}/redrive',
      auth: 'session',
    },
    access: {
      table: 'none',
      sendTo: UNIT_IDS,
      notify: true,
      deadLetters: 'redrive',
      ...SESSION_ACCESS,
    },
    timeoutSeconds: MAX_HTTP_TIMEOUT_SECONDS,
    memoryMb: 256,
  },
  {
    name: 'deliver-to-inbox',
    entry: 'functions/handlers/queue/deliver-to-inbox.ts',
    trigger: { kind: 'queue', units: UNIT_IDS, batchSize: 10 },
    // Units hear of new inbox items.
    access: { table: 'readWrite', sendTo: [], notify: true },
    timeoutSeconds: CONSUMER_TIMEOUT_SECONDS,
    memoryMb: 512,
  },
  {
    name: 'send-notification',
    entry: 'functions/handlers/queue/send-notification.ts',
    trigger: { kind: 'notifications', batchSize: 10 },
    // Renders and sends; marks each sent message in the table, so a redelivery sends nothing.
    access: { table: 'readWrite', sendTo: [], deliver: true },
    timeoutSeconds: CONSUMER_TIMEOUT_SECONDS,
    memoryMb: 256,
  },
  {
    name: 'supervision-sweep',
    entry: 'functions/handlers/schedule/supervision-sweep.ts',
    // Hourly: chases and supervision land within the hour of the working day they fall due.
    trigger: { kind: 'schedule', cron: '7 * * * *', timezone: SHANGHAI_TIME_ZONE },
    access: { table: 'readWrite', sendTo: UNIT_IDS, notify: true },
    timeoutSeconds: 300,
    memoryMb: 512,
  },
  {
    name: 'weekly-report',
    entry: 'functions/handlers/schedule/report.ts',
    // Monday 08:00: last week's report is waiting when the leading group starts the week.
    trigger: { kind: 'schedule', cron: '0 8 * * 1', timezone: SHANGHAI_TIME_ZONE },
    access: { table: 'readWrite', sendTo: [], notify: true },
    timeoutSeconds: 120,
    memoryMb: 1024,
  },
  {
    name: 'monthly-report',
    entry: 'functions/handlers/schedule/report.ts',
    trigger: { kind: 'schedule', cron: '0 8 1 * *', timezone: SHANGHAI_TIME_ZONE },
    access: { table: 'readWrite', sendTo: [], notify: true },
    timeoutSeconds: 120,
    memoryMb: 1024,
  },
  {
    name: 'reconcile-dispatch',
    entry: 'functions/handlers/schedule/reconcile-dispatch.ts',
    // Every five minutes: a case whose queue message was lost waits at most this long.
    trigger: { kind: 'schedule', cron: '*/5 * * * *', timezone: SHANGHAI_TIME_ZONE },
    access: { table: 'readWrite', sendTo: UNIT_IDS },
    timeoutSeconds: 60,
    memoryMb: 512,
  },
  {
    name: 'retention-sweep',
    entry: 'functions/handlers/schedule/retention-sweep.ts',
    // Daily, at night: deletes the cases whose retention period has run, with their timelines
    // and files (docs/decisions.md, "Retention"). A missed night is caught up next.
    trigger: { kind: 'schedule', cron: '17 3 * * *', timezone: SHANGHAI_TIME_ZONE },
    access: { table: 'readWrite', sendTo: [], attachments: 'delete' },
    timeoutSeconds: 300,
    memoryMb: 512,
  },
];

/** The name of the DynamoDB table; the stack may prefix it per stage. */
export const TABLE_NAME = 'si-disputes';

/** Global secondary indexes, named after the access pattern they serve (STYLE.md rule 5). */
export const INDEXES = {
  /**
   * A unit's open work items, `WORK#<unit>` sorted `<due>#<caseNumber>#<item>` (overdue first), and
   * the cases it is involved in, `CASES#<unit>` sorted by case number. Sparse: a closed item
   * leaves it (functions/core/work.ts).
   */
  byUnit: { partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
  /** Cases by status and age (reconciliation, silence): `STATUS#<status>`, `<since>#<caseNumber>`. */
  byStatus: { partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
  /**
   * Two sparse lists of work items. Partition `OPEN`: every open item of every unit by due date,
   * sort `<due>#<caseNumber>#<item>`, for the supervision sweep and the leaders' lists; the sweep
   * reads the open workload, never the archive. Partition `ORDERS-CLOSED`: the leading group's
   * 督办 and 交办 items once answered, sort `<closedAt>#<caseNumber>#<item>`, for the list of the
   * units' answers (adapters/work-store.ts). Each query names its partition.
   */
  openWork: { partitionKey: 'GSI3PK', sortKey: 'GSI3SK' },
} as const;

/**
 * Environment variable that carries the JSON map queue id → queue URL to every function: unit
 * ids, and `notifications` for the functions that notify.
 */
export const QUEUE_URLS_ENV = 'QUEUE_URLS';
/** Queue id → dead-letter queue URL, for functions that inspect queues (the health check). */
export const DEAD_LETTER_URLS_ENV = 'DEAD_LETTER_URLS';
export const TABLE_NAME_ENV = 'TABLE_NAME';
/** The attachments bucket, for functions with `access.attachments`. */
export const ATTACHMENTS_BUCKET_ENV = 'ATTACHMENTS_BUCKET';
/** New cases per client and hour, where set (adapters/config.ts `intakeLimitPerHour`). */
export const INTAKE_LIMIT_ENV = 'INTAKE_LIMIT_PER_HOUR';
/** The functions that read it: the filing, and the intake steps whose drafts it bounds. */
export const INTAKE_LIMIT_ENTRIES: readonly string[] = [
  'functions/handlers/http/create-case.ts',
  'functions/handlers/http/payer-step-form.ts',
];
