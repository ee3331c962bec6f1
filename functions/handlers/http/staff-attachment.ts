/** GET /api/staff/cases/{caseNumber}/attachments/{id} — a short-lived download link, after the access check. */
import { attachmentStore } from '#adapters/attachment-store.ts';
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { CASE_NUMBER_PATTERN } from '#contracts/cases.ts';
import { attachmentUrl } from '#core/attachments.ts';
import { principalOf } from '#platform/auth.ts';
import { NotFoundError } from '#platform/errors.ts';
import { httpHandler, json } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';

const logger = functionLogger();
const deps = { store: dynamoCaseStore(), files: attachmentStore() };

export const handler = httpHandler(logger, async (event) => {
  const principal = await principalOf(event);
  const caseNumber = event.pathParameters?.caseNumber ?? '';
  const id = event.pathParameters?.id ?? '';
  if (!CASE_NUMBER_PATTERN.test(caseNumber)) throw new NotFoundError('没有找到这个案件。');
  // JSON rather than a redirect: the browser sends the bearer token with fetch, then opens the URL.
  return json(200, { url: await attachmentUrl(caseNumber, id, principal, deps) });
});
