/**
 * GET /staff/supervision — the leaders' list of overdue work across units, by unit or (`?by=age`)
 * the latest first; 403 to whoever may not read it (a unit's staff and heads).
 */
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { systemClock } from '#adapters/clock.ts';
import { dynamoSettings } from '#adapters/settings.ts';
import { maySupervise, overdueWork } from '#core/supervision.ts';
import { supervisionPage, supervisionRefusedPage } from '#functions/pages/staff/supervision.ts';
import { htmlPage } from '#platform/forms.ts';
import { functionLogger } from '#platform/logger.ts';
import { staffPageHandler } from '#platform/staff-pages.ts';

const logger = functionLogger();
const deps = { store: dynamoCaseStore(), clock: systemClock, settings: dynamoSettings() };

export const handler = staffPageHandler(logger, async ({ event, principal, viewer }) => {
  if (!maySupervise(principal)) return htmlPage(403, supervisionRefusedPage(viewer));
  const by = event.queryStringParameters?.by === 'age' ? 'age' : 'unit';
  const groups = await overdueWork(principal, deps);
  return htmlPage(200, supervisionPage({ viewer, groups, by }));
});
