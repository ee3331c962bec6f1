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

/**
 * A check asks the table and every queue: anyone may call this route, and each call would
 * otherwise be sixteen AWS requests. One check's answer stands for 5 seconds in this container
 * (requests meanwhile share it), which a monitor polling every minute never notices. Elapsed
 * time, not the business clock, which tests may stop or move.
 */
const ANSWER_STANDS_MS = 5_000;
let last: { at: number; up: Promise<boolean> } | undefined;

export const handler = httpHandler(logger, async () => {
  const now = performance.now();
  if (!last || now - last.at >= ANSWER_STANDS_MS) {
    last = { at: now, up: checks.parts().then((parts) => parts.up) };
  }
  const up = await last.up;
  return json(up ? 200 : 503, { status: up ? 'up' : 'down' });
});
