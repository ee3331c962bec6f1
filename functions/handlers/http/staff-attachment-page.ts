/**
 * GET /staff/cases/{caseNumber}/attachments/{id} — a case file: 303 to a short-lived signed URL,
 * issued only after the case's access check; the not-found page for anyone who may not see it.
 */
import { attachmentStore } from '#adapters/attachment-store.ts';
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { CASE_NUMBER_PATTERN } from '#contracts/cases.ts';
import { attachmentUrl } from '#core/attachments.ts';
import { NotAllowedError } from '#core/lifecycle.ts';
import { CaseNotFoundError } from '#core/transitions.ts';
import { caseNotFoundPage } from '#functions/pages/staff/case.ts';
import { htmlPage, seeOther } from '#platform/forms.ts';
import { functionLogger } from '#platform/logger.ts';
import { staffPageHandler } from '#platform/staff-pages.ts';

const logger = functionLogger();
const deps = { store: dynamoCaseStore(), files: attachmentStore() };

export const handler = staffPageHandler(logger, async ({ event, principal, viewer }) => {
  const caseNumber = event.pathParameters?.caseNumber ?? '';
  const id = event.pathParameters?.id ?? '';
  const notFound = () => htmlPage(404, caseNotFoundPage(viewer, caseNumber));
  if (!CASE_NUMBER_PATTERN.test(caseNumber)) return notFound();
  try {
    return seeOther(await attachmentUrl(caseNumber, id, principal, deps));
  } catch (error) {
    // One who sees the case masked is not shown its files either (core `readsCaseFiles`).
    if (error instanceof CaseNotFoundError || error instanceof NotAllowedError) return notFound();
    throw error;
  }
});
