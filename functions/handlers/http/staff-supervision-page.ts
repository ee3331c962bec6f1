/**
 * GET /staff/supervision — the leaders' list of overdue work across units, by unit or (`?by=age`)
 * the latest first, (`?by=orders`) the leading group's orders not yet answered, or
 * (`?by=answered`) those the units answered; 403 to whoever may not read it (a unit's staff and
 * heads).
 */
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { systemClock } from '#adapters/clock.ts';
import { dynamoSettings } from '#adapters/settings.ts';
import { answeredOrders, maySupervise, openOrders, overdueWork } from '#core/supervision.ts';
import { supervisionPage, supervisionRefusedPage } from '#functions/pages/staff/supervision.ts';
import { htmlPage } from '#platform/forms.ts';
import { functionLogger } from '#platform/logger.ts';
import { staffPageHandler } from '#platform/staff-pages.ts';

const logger = functionLogger();
const deps = { store: dynamoCaseStore(), clock: systemClock, settings: dynamoSettings() };

export const handler = staffPageHandler(logger, async ({ event, principal, viewer }) => {
  if (!maySupervise(principal)) return htmlPage(403, supervisionRefusedPage(viewer));
  const by = event.queryStringParameters?.by;
  if (by === 'orders') {
    const orders = await openOrders(principal, deps);
    return htmlPage(200, supervisionPage({ viewer, by, orders }));
  }
  if (by === 'answered') {
    const answered = await answeredOrders(principal, deps);
    return htmlPage(200, supervisionPage({ viewer, by, answered }));
  }
  const groups = await overdueWork(principal, deps);
  return htmlPage(200, supervisionPage({ viewer, groups, by: by === 'age' ? 'age' : 'unit' }));
});
