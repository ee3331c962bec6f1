/**
 * The local runtime's outbox: the folder where functions/adapters/notifier.ts writes each e-mail
 * and SMS as a JSON file instead of sending it. In AWS there is no such folder (OUTBOX_DIR unset):
 * messages go out by SES and SNS and are not kept.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Outbox, SentMessage } from '#core/outbox.ts';
import { isPostId } from '#core/roster.ts';

const CASE_NUMBER = /\d{4}-\d{6}/;

/** A message file as written; older files carry no case number, so it is read from the text. */
function parse(text: string): SentMessage | undefined {
  const m = JSON.parse(text) as Partial<SentMessage>;
  if (typeof m.to !== 'string' || (m.channel !== 'email' && m.channel !== 'sms')) return undefined;
  const caseNumber =
    typeof m.caseNumber === 'string'
      ? m.caseNumber
      : CASE_NUMBER.exec(`${m.subject ?? ''} ${m.body ?? ''}`)?.[0];
  return {
    id: String(m.id ?? ''),
    at: String(m.at ?? ''),
    channel: m.channel,
    to: m.to,
    // The posts of a message to the leading group; a file written before it named them has none.
    ...(Array.isArray(m.posts) ? { posts: m.posts.filter((p) => isPostId(String(p))) } : {}),
    subject: String(m.subject ?? ''),
    body: String(m.body ?? ''),
    ...(caseNumber ? { caseNumber } : {}),
    ...(typeof m.link === 'string' ? { link: m.link } : {}),
  };
}

/** The messages in `dir`, newest first (file names start with the time they were written). */
export function folderOutbox(dir: string): Outbox {
  return {
    async list(limit) {
      if (!existsSync(dir)) return [];
      const files = readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .reverse()
        .slice(0, limit);
      return files.flatMap((f) => {
        try {
          return parse(readFileSync(join(dir, f), 'utf8')) ?? [];
        } catch {
          // A file being written or damaged by hand: the others are still worth showing.
          return [];
        }
      });
    },
  };
}

/** The outbox of this runtime, or undefined where messages are sent rather than kept (AWS). */
export function configuredOutbox(): Outbox | undefined {
  const dir = process.env.OUTBOX_DIR;
  return dir ? folderOutbox(dir) : undefined;
}
