/** GET /staff/cases/{caseNumber} — the case page; the not-found page when the caller may not see it. */
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { systemClock } from '#adapters/clock.ts';
import { dynamoSettings } from '#adapters/settings.ts';
import { CASE_NUMBER_PATTERN } from '#contracts/cases.ts';
import { staffCase } from '#core/staff.ts';
import { shanghaiDate } from '#core/time.ts';
import { CaseNotFoundError } from '#core/transitions.ts';
import { caseNotFoundPage, casePage } from '#functions/pages/staff/case.ts';
import { htmlPage } from '#platform/forms.ts';
import { functionLogger } from '#platform/logger.ts';
import { casePageAnswer } from '#platform/staff-case.ts';
import { staffPageHandler } from '#platform/staff-pages.ts';

const logger = functionLogger();
const deps = { store: dynamoCaseStore(), clock: systemClock, settings: dynamoSettings() };

export const handler = staffPageHandler(logger, async ({ event, principal, viewer }) => {
  const caseNumber = event.pathParameters?.caseNumber ?? '';
  const notFound = () => htmlPage(404, caseNotFoundPage(viewer, caseNumber));
  if (!CASE_NUMBER_PATTERN.test(caseNumber)) return notFound();
  try {
    const view = await staffCase(caseNumber, principal, deps);
    const done = event.queryStringParameters?.done ?? null;
    const today = shanghaiDate(systemClock.now());
    // The days the forms' hints state are the policy in force, not the defaults.
    const policy = await deps.settings.deadlines();
    return casePageAnswer(200, casePage(view, viewer, { done, today, policy }));
  } catch (error) {
    if (error instanceof CaseNotFoundError) return notFound();
    throw error;
  }
});
