/**
 * POST /staff/dead-letters/{unit}/redrive — sends a unit's dead letters back to its queue, as the
 * JSON API does (POST /api/staff/dead-letters/{unit}/redrive), then the page again with how many
 * moved (303). Each is sent before it is deleted: a crash leaves a duplicate, never a lost case.
 */
import { sqs } from '#adapters/aws.ts';
import { deadLetterUrls, queueUrls } from '#adapters/config.ts';
import { deadLetters } from '#adapters/dead-letters.ts';
import { managesDeadLetters } from '#core/principal.ts';
import { isUnitId } from '#core/units.ts';
import { NOTIFICATIONS_QUEUE } from '#functions/manifest.ts';
import { DEAD_LETTERS_PATH, deadLettersRefusedPage } from '#functions/pages/staff/dead-letters.ts';
import { NotFoundError } from '#platform/errors.ts';
import { htmlPage, seeOther } from '#platform/forms.ts';
import { functionLogger } from '#platform/logger.ts';
import { staffPageHandler } from '#platform/staff-pages.ts';

const logger = functionLogger();
const queues = deadLetters(sqs(), queueUrls(), deadLetterUrls());

export const handler = staffPageHandler(logger, async ({ event, principal, viewer }) => {
  if (!managesDeadLetters(principal))
    return htmlPage(403, deadLettersRefusedPage(viewer, '重新投递'));
  const unit = event.pathParameters?.unit ?? '';
  // A unit's queue, or the notifications queue (issue 14).
  if (!isUnitId(unit) && unit !== NOTIFICATIONS_QUEUE) throw new NotFoundError('没有这个单位。');
  const moved = await queues.redrive(unit);
  logger.info('dead letters redriven', { unit, moved, by: principal.user });
  return seeOther(`${DEAD_LETTERS_PATH}?redriven=${encodeURIComponent(unit)}&moved=${moved}`);
});
