/**
 * POST /staff/cases/{caseNumber}/attachments — the case page's upload script records a file and
 * gets the signed URL to PUT it to (a plain form cannot PUT, and a file may be far bigger than a
 * function accepts). The script is the only client: it answers JSON, 201 or 400 with the errors;
 * other refusals come as the staff error pages with their status.
 */
import { CASE_NUMBER_PATTERN } from '#contracts/cases.ts';
import { fieldErrors } from '#contracts/problem.ts';
import { AttachmentRequestSchema } from '#contracts/staff.ts';
import { attachmentAnswer } from '#platform/attachments.ts';
import { NotFoundError } from '#platform/errors.ts';
import { json } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';
import { staffPageHandler } from '#platform/staff-pages.ts';

const logger = functionLogger();
const PROBLEM_TYPE = { 'content-type': 'application/problem+json; charset=utf-8' };

export const handler = staffPageHandler(logger, async ({ event, principal, form }) => {
  const caseNumber = event.pathParameters?.caseNumber ?? '';
  if (!CASE_NUMBER_PATTERN.test(caseNumber)) throw new NotFoundError('没有找到这个案件。');
  const size = form.get('size') ?? '';
  const parsed = AttachmentRequestSchema.safeParse({
    name: form.get('name') ?? undefined,
    contentType: form.get('contentType') ?? undefined,
    size: /^\d+$/.test(size) ? Number(size) : size,
  });
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error.issues);
    return json(400, { title: '提交的信息有问题', status: 400, errors }, PROBLEM_TYPE);
  }
  return attachmentAnswer(caseNumber, parsed.data, principal, logger);
});
