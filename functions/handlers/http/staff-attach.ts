/** POST /api/staff/cases/{caseNumber}/attachments — record a file and get the URL to upload it to. */
import { CASE_NUMBER_PATTERN } from '#contracts/cases.ts';
import { fieldErrors } from '#contracts/problem.ts';
import { AttachmentRequestSchema } from '#contracts/staff.ts';
import { attachmentAnswer } from '#platform/attachments.ts';
import { principalOf } from '#platform/auth.ts';
import { NotFoundError, ValidationError } from '#platform/errors.ts';
import { httpHandler, jsonBody } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';

const logger = functionLogger();

export const handler = httpHandler(logger, async (event) => {
  const principal = await principalOf(event);
  const caseNumber = event.pathParameters?.caseNumber ?? '';
  if (!CASE_NUMBER_PATTERN.test(caseNumber)) throw new NotFoundError('没有找到这个案件。');
  const parsed = AttachmentRequestSchema.safeParse(jsonBody(event));
  if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error.issues));
  return attachmentAnswer(caseNumber, parsed.data, principal, logger);
});
