/** GET /staff/register — the registration form of a visit or call (window staff of a unit). */
import { randomUUID } from 'node:crypto';
import { systemClock } from '#adapters/clock.ts';
import { mayRegister } from '#core/staff.ts';
import { shanghaiDate, shanghaiMinute } from '#core/time.ts';
import {
  emptyRegistration,
  notRegistrarPage,
  registerPage,
} from '#functions/pages/staff/register.ts';
import { htmlPage } from '#platform/forms.ts';
import { functionLogger } from '#platform/logger.ts';
import { staffPageHandler } from '#platform/staff-pages.ts';

const logger = functionLogger();

export const handler = staffPageHandler(logger, async ({ principal, viewer }) => {
  if (!mayRegister(principal)) return htmlPage(403, notRegistrarPage(viewer));
  const now = systemClock.now();
  const today = shanghaiDate(now);
  // The visit is usually now: the clerk fills the form while the payer is at the window.
  const values = emptyRegistration(today, shanghaiMinute(now));
  return htmlPage(200, registerPage(viewer, { values, key: randomUUID(), today }));
});
