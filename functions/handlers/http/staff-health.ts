/**
 * GET /api/staff/health — the administrator's detail of the health check: each part's status and
 * each dead-letter queue's depth (issue 14). 403 for anyone else; the public health says only up
 * or down.
 */
import { healthChecks } from '#adapters/health.ts';
import { managesDeadLetters } from '#core/principal.ts';
import { principalOf } from '#platform/auth.ts';
import { ForbiddenError } from '#platform/errors.ts';
import { httpHandler, json } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';

const logger = functionLogger();
const checks = healthChecks();

export const handler = httpHandler(logger, async (event) => {
  // The dead-letter depths are the administrator's, as the dead-letter queues are (issue 7).
  if (!managesDeadLetters(await principalOf(event, { ifUnreadable: 'allow' })))
    throw new ForbiddenError('只有系统管理员可以查看。');
  const [{ up, components }, deadLetterDepth] = await Promise.all([
    checks.parts(),
    checks.deadLetterDepth(),
  ]);
  return json(up ? 200 : 503, { status: up ? 'up' : 'down', components, deadLetterDepth });
});
