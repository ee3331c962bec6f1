/** POST /api/staff/cases/{caseNumber}/attachments — record a file and get the URL to upload it to. */
import { randomUUID } from 'node:crypto';
import { attachmentStore } from '#adapters/attachment-store.ts';
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { systemClock } from '#adapters/clock.ts';
import { dynamoSettings } from '#adapters/settings.ts';
import { CASE_NUMBER_PATTERN } from '#contracts/cases.ts';
import { fieldErrors } from '#contracts/problem.ts';
import { AttachmentRequestSchema } from '#contracts/staff.ts';
import { addAttachment } from '#core/attachments.ts';
import { principalOf } from '#platform/auth.ts';
import { NotFoundError, ValidationError } from '#platform/errors.ts';
import { httpHandler, json, jsonBody } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';

const logger = functionLogger();
const deps = {
  store: dynamoCaseStore(),
  settings: dynamoSettings(),
  clock: systemClock,
  files: attachmentStore(),
  newId: randomUUID,
};

export const handler = httpHandler(logger, async (event) => {
  const principal = principalOf(event);
  const caseNumber = event.pathParameters?.caseNumber ?? '';
  if (!CASE_NUMBER_PATTERN.test(caseNumber)) throw new NotFoundError('没有找到这个案件。');
  const parsed = AttachmentRequestSchema.safeParse(jsonBody(event));
  if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error.issues));
  const out = await addAttachment(caseNumber, parsed.data, principal, deps);
  logger.info('attachment', {
    caseNumber,
    attachment: out.attachment.id,
    contentType: out.attachment.contentType,
  });
  return json(201, out);
});
