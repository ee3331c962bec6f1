/**
 * GET /staff/dead-letters — the administrator's view of every unit's dead-letter queue, as the
 * JSON API gives it (GET /api/staff/dead-letters); after a re-drive, how many messages moved.
 */
import { sqs } from '#adapters/aws.ts';
import { deadLetterUrls, queueUrls } from '#adapters/config.ts';
import { deadLetters } from '#adapters/dead-letters.ts';
import { deadLetterOverview } from '#core/dead-letters.ts';
import { managesDeadLetters } from '#core/principal.ts';
import { isUnitId } from '#core/units.ts';
import { NOTIFICATIONS_QUEUE } from '#functions/manifest.ts';
import { deadLettersPage, deadLettersRefusedPage } from '#functions/pages/staff/dead-letters.ts';
import { htmlPage } from '#platform/forms.ts';
import { functionLogger } from '#platform/logger.ts';
import { staffPageHandler } from '#platform/staff-pages.ts';

const logger = functionLogger();
const queues = deadLetters(sqs(), queueUrls(), deadLetterUrls());

export const handler = staffPageHandler(logger, async ({ event, principal, viewer }) => {
  if (!managesDeadLetters(principal)) return htmlPage(403, deadLettersRefusedPage(viewer, '查看'));
  // The banner after a re-drive's redirect (POST …/redrive answers 303 here).
  const q = event.queryStringParameters ?? {};
  const moved = Number(q.moved);
  const redriven =
    q.redriven &&
    (isUnitId(q.redriven) || q.redriven === NOTIFICATIONS_QUEUE) &&
    Number.isInteger(moved) &&
    moved >= 0
      ? { unit: q.redriven, moved }
      : undefined;
  const units = await deadLetterOverview(queues);
  return htmlPage(200, deadLettersPage({ viewer, units, ...(redriven ? { redriven } : {}) }));
});
