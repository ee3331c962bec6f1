/**
 * The notifications a runtime kept instead of sending (the local runtime's outbox; in AWS e-mail
 * and SMS go out by SES and SNS and nothing is kept), and who may read which of them.
 */
import { staffCaseLink } from './notifications.ts';
import type { CaseStore } from './ports.ts';
import { type Principal, seesAll, seesPayer } from './principal.ts';
import type { PostId } from './roster.ts';

/** One e-mail or SMS as it was rendered for sending (core/notifications.ts). */
export interface SentMessage {
  id: string;
  at: string;
  channel: 'email' | 'sms';
  /** A unit id or `leading-group` for e-mail; the payer's phone for SMS (masked once read). */
  to: string;
  /** For `leading-group`: the annex 1 posts it went to (roster.ts `postsFor`). */
  posts?: PostId[];
  subject: string;
  body: string;
  /** The case the message is about, when it is about one. */
  caseNumber?: string;
  /** The page the message leads to, from the site's root (core/notifications.ts). */
  link?: string;
}

/** Where sent messages are kept. */
export interface Outbox {
  /** Up to `limit` messages, newest first. */
  list(limit: number): Promise<SentMessage[]>;
}

/** 13812345678 → 138****5678: enough to tell two payers apart, not enough to call one. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

/**
 * An access code sent by SMS (issue 13's online request) is for the payer alone: no reader of the
 * outbox, the administrator included, sees it. Twelve characters of the code's alphabet.
 */
function maskCodes(body: string): string {
  return body.replace(/(?<![A-Z0-9])[A-HJKMNP-Z2-9]{12}(?![A-Z0-9])/g, '************');
}

/**
 * The messages `p` may read, newest first, every phone number masked. The office, leaders and
 * administrators read them all; a unit reads the e-mail sent to it and the SMS sent to the payers
 * it sees in full (`seesPayer`: the holding, leading, responsible or registering unit). A
 * security review found every unit's payers' SMS shown to any staff member; a staff review
 * (2026-12-05), a unit asked only for an opinion reading the payer's answer SMS.
 */
export async function sentMessagesFor(
  p: Principal,
  deps: { outbox: Outbox; store: Pick<CaseStore, 'get'> },
  limit = 200,
): Promise<SentMessage[]> {
  const all = (await deps.outbox.list(limit)).map(withLink);
  const masked = all.map((m) =>
    m.channel === 'sms' ? { ...m, to: maskPhone(m.to), body: maskCodes(m.body) } : m,
  );
  if (seesAll(p)) return masked;
  const cases = [...new Set(masked.flatMap((m) => (m.channel === 'sms' && m.caseNumber) || []))];
  const visible = new Set(
    (await Promise.all(cases.map((n) => deps.store.get(n))))
      .filter((record) => record !== undefined && seesPayer(p, record))
      .map((record) => record?.caseNumber),
  );
  return masked.filter((m) =>
    m.channel === 'email'
      ? m.to === p.unit
      : m.caseNumber !== undefined && visible.has(m.caseNumber),
  );
}

/**
 * A unit's e-mail about a case leads to the case's staff page; a message read without its link
 * (a file written before messages carried one, or an outbox that does not read the field) gets it
 * back from its case number. SMS go to payers, who have no staff page.
 */
function withLink(m: SentMessage): SentMessage {
  if (m.link !== undefined || m.channel !== 'email' || m.caseNumber === undefined) return m;
  return { ...m, link: staffCaseLink(m.caseNumber) };
}
