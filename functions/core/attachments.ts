/**
 * Attachments (seed 三(三): 文书或音视频资料): a staff member who may act on the case gets a URL to
 * upload a file to, and anyone who may see the case a short-lived URL to download it. Files are
 * never served to anyone else: every URL is issued only after the case's access check.
 */

import type * as z from 'zod';
import type { AttachmentRequestSchema } from '#contracts/staff.ts';
import type { Attachment } from './case.ts';
import { NotAllowedError } from './lifecycle.ts';
import type { AttachmentStore, CaseStore, Clock, Settings } from './ports.ts';
import { actorOf, canSee, type Principal, readsCaseFiles } from './principal.ts';
import { applyTransition, CaseNotFoundError } from './transitions.ts';

type AttachmentRequest = z.infer<typeof AttachmentRequestSchema>;

export interface AttachmentDeps {
  store: CaseStore;
  clock: Clock;
  settings: Pick<Settings, 'calendar' | 'deadlines'>;
  files: AttachmentStore;
  newId: () => string;
}

/** Files are keyed by case and id; the name is kept in the record, never in the key. */
const fileKey = (caseNumber: string, id: string) => `cases/${caseNumber}/${id}`;

/** Records the attachment on the case (a timeline step) and returns where to upload it. */
export async function addAttachment(
  caseNumber: string,
  request: AttachmentRequest,
  p: Principal,
  deps: AttachmentDeps,
): Promise<{
  attachment: Attachment;
  upload: { url: string; method: 'PUT'; headers: Record<string, string> };
}> {
  const record = await deps.store.get(caseNumber);
  if (!record || !canSee(p, record)) throw new CaseNotFoundError(caseNumber);
  const id = deps.newId();
  const at = deps.clock.now().toISOString();
  const attachment: Attachment = { id, ...request, uploadedBy: p.user, at };
  // The upload link first: a name it cannot carry (a lone surrogate) fails before anything is
  // recorded, not after (a review, 2026-12-05).
  const upload = await deps.files.uploadUrl(
    fileKey(caseNumber, id),
    request.contentType,
    request.size,
    request.name,
  );
  await applyTransition(
    {
      caseNumber,
      name: 'attach',
      actor: actorOf(p),
      change: (c) => ({ attachments: [...(c.attachments ?? []), attachment] }),
      detail: { attachment: id, contentType: request.contentType },
    },
    deps,
  );
  return { attachment, upload: { ...upload, method: 'PUT' } };
}

/**
 * A download URL for someone who may open the case's files (`readsCaseFiles`); CaseNotFoundError for
 * one who may not see the case, NotAllowedError for one who sees it masked.
 */
export async function attachmentUrl(
  caseNumber: string,
  id: string,
  p: Principal,
  deps: Pick<AttachmentDeps, 'store' | 'files'>,
): Promise<string> {
  const record = await deps.store.get(caseNumber);
  const attachment = record?.attachments?.find((a) => a.id === id);
  if (!record || !canSee(p, record) || !attachment) throw new CaseNotFoundError(caseNumber);
  if (!readsCaseFiles(p, record)) throw new NotAllowedError('attachmentUrl');
  return deps.files.downloadUrl(fileKey(caseNumber, id), attachment.name, attachment.contentType);
}
