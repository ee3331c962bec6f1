/** POST /api/cases — a payer files a dispute (一站受理). */
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { systemClock } from '#adapters/clock.ts';
import { intakeLimitPerHour } from '#adapters/config.ts';
import { sqsDispatcher } from '#adapters/dispatcher.ts';
import { ids } from '#adapters/ids.ts';
import { notifier } from '#adapters/notify-queue.ts';
import { dynamoRateLimiter } from '#adapters/rate-limiter.ts';
import { type CreateCaseRequest, CreateCaseRequestSchema } from '#contracts/cases.ts';
import type { FieldError } from '#contracts/problem.ts';
import {
  earlierSubmission,
  FuturePeriodError,
  IdempotencyKeyReuseError,
  submitCase,
} from '#core/intake.ts';
import { checkIntake } from '#core/limits.ts';
import { sendFilingReceipt } from '#core/receipt.ts';
import { checkPage } from '#functions/pages/apply.ts';
import { readDraft, toRequest } from '#functions/pages/draft.ts';
import { DRAFT_COOKIE, pagePath, stepPath } from '#functions/pages/paths.ts';
import { type FormBody, postedForm, readBody } from '#platform/body.ts';
import { UnprocessableError, ValidationError } from '#platform/errors.ts';
import { htmlPage, readPayerCookie, seeOther } from '#platform/forms.ts';
import { type HttpEvent, httpHandler, json } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';
import { caseCookieFor, clientOf, filedCookie } from '#platform/payer.ts';
import { filingErrors } from '#platform/payer-pages.ts';

const deps = { store: dynamoCaseStore(), dispatcher: sqsDispatcher(), clock: systemClock, ids };
const receiptDeps = { notifier: notifier() };

const limiter = dynamoRateLimiter();
const intakeRule = { limit: intakeLimitPerHour(), windowSeconds: 3600 };

const IDEMPOTENCY_KEY = /^[\w-]{16,128}$/;

const logger = functionLogger();

/** The key a retry repeats: the header of a JSON client, the check page's hidden field of a form. */
function idempotencyKey(value: string | null | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!IDEMPOTENCY_KEY.test(value)) {
    throw new ValidationError([
      {
        pointer: '',
        detail: 'Idempotency-Key 应为 16 至 128 位字母、数字或连字符（建议使用 UUID）',
      },
    ]);
  }
  return value;
}

async function file(event: HttpEvent, request: CreateCaseRequest, key: string | undefined) {
  try {
    // A retry of a stored request is answered before the limit counts it: it files nothing.
    const earlier = key ? await earlierSubmission(request, key, deps) : undefined;
    if (!earlier) await checkIntake(limiter, clientOf(event), intakeRule);
    const submitted =
      earlier ?? (await submitCase(request, { channel: 'online', idempotencyKey: key }, deps));
    // After the case is stored; a retry sends none (issue 13). Never the phone in the log.
    const sms = await sendFilingReceipt(submitted, request.payer, receiptDeps);
    logger.info('case submitted', {
      caseNumber: submitted.caseNumber,
      mode: submitted.routing.mode,
      target: submitted.routing.target,
      dispatched: submitted.dispatched,
      replayed: submitted.replayed,
      sms,
    });
    return submitted;
  } catch (error) {
    if (error instanceof IdempotencyKeyReuseError) {
      throw new UnprocessableError(
        'idempotency-key-reused',
        '这个 Idempotency-Key 已用于另一份不同的申请，请为新的申请使用新的 Key。',
      );
    }
    throw error;
  }
}

/**
 * The check page's form (issue 6): every answer as form fields. Success redirects to the
 * confirmation, with the case in the browser's cookie; errors redirect to the check page with
 * `?check=1`, which reads them from the draft (post/redirect/get, as the steps do: the page that
 * answered a POST could not be shown again by Back, a review found, 2026-12-05). `consent=1`
 * when the box was ticked, which the draft does not keep.
 */
async function fromForm(
  event: HttpEvent,
  body: FormBody<CreateCaseRequest, unknown>,
  key: string | undefined,
) {
  // Without its draft (the cookie lasts as long as the draft) the answers live in this post alone:
  // the page again from them, as before, rather than a redirect to a draft that is gone.
  const again = (errors: readonly FieldError[]) => {
    if (!readPayerCookie(event, DRAFT_COOKIE)) {
      return htmlPage(400, checkPage(readDraft(body.form), { key: key ?? '', errors }));
    }
    const consented = body.form.get('consent') === 'true';
    return seeOther(`${stepPath('check')}?check=1${consented ? '&consent=1' : ''}`);
  };
  if (body.errors) return again(body.errors);
  let filed: Awaited<ReturnType<typeof file>>;
  try {
    filed = await file(event, body.value, key);
  } catch (error) {
    if (!(error instanceof FuturePeriodError)) throw error;
    return again(error.errors);
  }
  const { caseNumber, accessCode } = filed;
  return seeOther(pagePath('done'), [
    caseCookieFor(event, caseNumber, accessCode),
    filedCookie(event, caseNumber),
  ]);
}

export const handler = httpHandler(
  logger,
  async (event) => {
    const form = postedForm(event);
    const key = idempotencyKey(
      form ? form.get('idempotencyKey') : event.headers['idempotency-key'],
    );
    // The check page sends every answer of the draft as form fields.
    const body = readBody(event, form, CreateCaseRequestSchema, (f) =>
      toRequest(readDraft(f), f.get('consent') === 'true'),
    );
    if (body.kind === 'form') return fromForm(event, body, key);
    const { caseNumber, accessCode, status, routing } = await file(event, body.value, key);
    const { target: _target, ...publicRouting } = routing;
    return json(
      201,
      { caseNumber, accessCode, status, routing: publicRouting },
      { location: `/api/cases/${caseNumber}` },
    );
  },
  { errorPage: filingErrors },
);
