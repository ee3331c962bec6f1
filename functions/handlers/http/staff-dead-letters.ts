/**
 * GET /api/staff/dead-letters — each unit's dead-letter queue: its depth and the messages in it
 * (case numbers only), for the administrator's page. Listing leaves the messages where they are.
 */
import { sqs } from '#adapters/aws.ts';
import { deadLetterUrls, queueUrls } from '#adapters/config.ts';
import { deadLetters } from '#adapters/dead-letters.ts';
import { managesDeadLetters } from '#core/principal.ts';
import { principalOf } from '#platform/auth.ts';
import { ForbiddenError } from '#platform/errors.ts';
import { httpHandler, json } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';

const logger = functionLogger();
const queues = deadLetters(sqs(), queueUrls(), deadLetterUrls());

/** The case a message names: messages carry only `{ caseNumber, unit }`, no personal data. */
function caseNumberOf(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { caseNumber?: unknown };
    return typeof parsed.caseNumber === 'string' ? parsed.caseNumber : null;
  } catch {
    return null;
  }
}

export const handler = httpHandler(logger, async (event) => {
  if (!managesDeadLetters(principalOf(event))) throw new ForbiddenError('只有系统管理员可以查看。');
  const depths = await queues.depths();
  const units = await Promise.all(
    Object.entries(depths).map(async ([unit, depth]) => ({
      unit,
      depth,
      messages:
        depth === 0
          ? []
          : (await queues.list(unit)).map((m) => ({
              messageId: m.messageId,
              caseNumber: caseNumberOf(m.body),
              receiveCount: m.receiveCount,
            })),
    })),
  );
  return json(200, { units });
});
