/** GET /staff/register — the registration form of a visit or call (window staff of a unit). */
import { randomUUID } from 'node:crypto';
import { systemClock } from '#adapters/clock.ts';
import { shanghaiDate } from '#core/case.ts';
import { mayRegister } from '#core/staff.ts';
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
  const today = shanghaiDate(systemClock.now());
  const values = emptyRegistration(today);
  return htmlPage(200, registerPage(viewer, { values, key: randomUUID(), today }));
});
