/**
 * GET /api/staff/dead-letters — each unit's dead-letter queue: its depth and the messages in it
 * (case numbers only), for the administrator. Listing leaves the messages where they are.
 */
import { sqs } from '#adapters/aws.ts';
import { deadLetterUrls, queueUrls } from '#adapters/config.ts';
import { deadLetters } from '#adapters/dead-letters.ts';
import { deadLetterOverview } from '#core/dead-letters.ts';
import { managesDeadLetters } from '#core/principal.ts';
import { principalOf } from '#platform/auth.ts';
import { ForbiddenError } from '#platform/errors.ts';
import { httpHandler, json } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';

const logger = functionLogger();
const queues = deadLetters(sqs(), queueUrls(), deadLetterUrls());

export const handler = httpHandler(logger, async (event) => {
  if (!managesDeadLetters(await principalOf(event, { ifUnreadable: 'allow' })))
    throw new ForbiddenError('只有系统管理员可以查看。');
  return json(200, { units: await deadLetterOverview(queues) });
});
