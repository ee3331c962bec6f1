/** POST /api/cases — a payer files a dispute (一站受理). */
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { systemClock } from '#adapters/clock.ts';
import { intakeLimitPerHour } from '#adapters/config.ts';
import { sqsDispatcher } from '#adapters/dispatcher.ts';
import { ids } from '#adapters/ids.ts';
import { dynamoRateLimiter } from '#adapters/rate-limiter.ts';
import { CreateCaseRequestSchema } from '#contracts/cases.ts';
import { fieldErrors } from '#contracts/problem.ts';
import { IdempotencyKeyReuseError, submitCase } from '#core/intake.ts';
import { checkIntake } from '#core/limits.ts';
import { UnprocessableError, ValidationError } from '#platform/errors.ts';
import { httpHandler, json, jsonBody } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';
import { clientOf } from '#platform/payer.ts';

const deps = { store: dynamoCaseStore(), dispatcher: sqsDispatcher(), clock: systemClock, ids };

const limiter = dynamoRateLimiter();
const intakeRule = { limit: intakeLimitPerHour(), windowSeconds: 3600 };

const IDEMPOTENCY_KEY = /^[\w-]{16,128}$/;

const logger = functionLogger();

export const handler = httpHandler(logger, async (event) => {
  const key = event.headers['idempotency-key'];
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw new ValidationError([
      {
        pointer: '',
        detail: 'Idempotency-Key 应为 16 至 128 位字母、数字或连字符（建议使用 UUID）',
      },
    ]);
  }
  const parsed = CreateCaseRequestSchema.safeParse(jsonBody(event));
  if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error.issues));
  await checkIntake(limiter, clientOf(event), intakeRule);

  try {
    const submitted = await submitCase(
      parsed.data,
      { channel: 'online', idempotencyKey: key },
      deps,
    );
    logger.info('case submitted', {
      caseNumber: submitted.caseNumber,
      mode: submitted.routing.mode,
      target: submitted.routing.target,
      dispatched: submitted.dispatched,
      replayed: submitted.replayed,
    });
    const { caseNumber, accessCode, status, routing } = submitted;
    const { target: _target, ...publicRouting } = routing;
    return json(
      201,
      { caseNumber, accessCode, status, routing: publicRouting },
      {
        location: `/api/cases/${caseNumber}`,
      },
    );
  } catch (error) {
    if (error instanceof IdempotencyKeyReuseError) {
      throw new UnprocessableError(
        'idempotency-key-reused',
        '这个 Idempotency-Key 已用于另一份不同的申请，请为新的申请使用新的 Key。',
      );
    }
    throw error;
  }
});
