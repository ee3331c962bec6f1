/**
 * A file recorded on a case, from the JSON API or from the case page's upload script: one use
 * case on the same adapters, the same log line and the same answer (201, where to PUT the file).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type * as z from 'zod';
import { attachmentStore } from '#adapters/attachment-store.ts';
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { systemClock } from '#adapters/clock.ts';
import { dynamoSettings } from '#adapters/settings.ts';
import type { AttachmentRequestSchema } from '#contracts/staff.ts';
import { addAttachment } from '#core/attachments.ts';
import type { Principal } from '#core/principal.ts';
import { type HttpResult, json } from './http.ts';

const deps = {
  store: dynamoCaseStore(),
  settings: dynamoSettings(),
  clock: systemClock,
  files: attachmentStore(),
  newId: randomUUID,
};

/** Records the attachment and answers 201 with it and its upload; the log names ids only. */
export async function attachmentAnswer(
  caseNumber: string,
  request: z.infer<typeof AttachmentRequestSchema>,
  principal: Principal,
  logger: Pick<Logger, 'info'>,
): Promise<HttpResult> {
  const out = await addAttachment(caseNumber, request, principal, deps);
  logger.info('attachment', {
    caseNumber,
    attachment: out.attachment.id,
    contentType: out.attachment.contentType,
  });
  return json(201, out);
}
