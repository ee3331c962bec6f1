/**
 * POST /api/staff/dead-letters/{unit}/redrive — sends a unit's dead letters back to its queue once
 * the cause is fixed. Each is sent before it is deleted: a crash leaves a duplicate, which the
 * consumer ignores, never a lost case.
 */
import { sqs } from '#adapters/aws.ts';
import { deadLetterUrls, queueUrls } from '#adapters/config.ts';
import { deadLetters } from '#adapters/dead-letters.ts';
import { managesDeadLetters } from '#core/principal.ts';
import { isUnitId } from '#core/units.ts';
import { NOTIFICATIONS_QUEUE } from '#functions/manifest.ts';
import { principalOf } from '#platform/auth.ts';
import { ForbiddenError, NotFoundError } from '#platform/errors.ts';
import { httpHandler, json } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';

const logger = functionLogger();
const queues = deadLetters(sqs(), queueUrls(), deadLetterUrls());

export const handler = httpHandler(logger, async (event) => {
  const principal = await principalOf(event);
  if (!managesDeadLetters(principal)) throw new ForbiddenError('只有系统管理员可以重新投递。');
  const unit = event.pathParameters?.unit ?? '';
  // A unit's queue, or the notifications queue (issue 14).
  if (!isUnitId(unit) && unit !== NOTIFICATIONS_QUEUE) throw new NotFoundError('没有这个单位。');
  const moved = await queues.redrive(unit);
  logger.info('dead letters redriven', { unit, moved, by: principal.user });
  return json(200, { unit, moved });
});
