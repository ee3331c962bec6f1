/**
 * GET /api/health — 200 `{ "status": "up" }` only when the table and every unit queue answer,
 * else 503 `{ "status": "down" }`. Public, so it says nothing more (issue 14): which part is down
 * and the dead-letter depths are the administrator's (GET /api/staff/health).
 */
import { healthChecks } from '#adapters/health.ts';
import { httpHandler, json } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';

const logger = functionLogger();
const checks = healthChecks();

export const handler = httpHandler(logger, async () => {
  const { up } = await checks.parts();
  return json(up ? 200 : 503, { status: up ? 'up' : 'down' });
});
