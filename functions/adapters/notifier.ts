/**
 * The notifier port: in AWS e-mail to units (SES) and SMS to payers (SNS); in the local runtime an
 * outbox folder that the staff outbox page lists. Chosen by NOTIFIER (`aws`, `outbox`, `none`).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { LEADING_GROUP, type RenderedMessage, renderNotification } from '#core/notifications.ts';
import type { Notifier } from '#core/ports.ts';
import { ConfigurationError } from './config.ts';
import { guarded, localGrants } from './local-grants.ts';

/** Writes each message as a JSON file in `dir`, newest last by name. */
export function outboxNotifier(dir: string): Notifier {
  return {
    async notify(message) {
      mkdirSync(dir, { recursive: true });
      const at = new Date().toISOString();
      const id = randomUUID();
      const rendered = renderNotification(message);
      // What awsNotifier would send, checked against the function's grant as SES or SNS would.
      if (rendered.channel === 'email') localGrants()?.check('SESv2Client', 'SendEmailCommand', {});
      else localGrants()?.check('SNSClient', 'PublishCommand', {});
      // The case it is about, so that the outbox page shows a unit only its own cases' SMS.
      const about = 'caseNumber' in message ? { caseNumber: message.caseNumber } : {};
      writeFileSync(
        join(dir, `${at.replaceAll(':', '-')}-${id}.json`),
        JSON.stringify({ id, at, ...rendered, ...about }),
      );
    },
  };
}

/**
 * Where e-mail goes, as the stack sets it (infra/aws/settings.ts): UNIT_EMAILS maps a unit id, or
 * `leading-group`, to addresses; POST_EMAILS maps an annex 1 post id (core/roster.ts) to its
 * holder's addresses. Values are comma-separated: several addresses for one unit or post.
 */
export interface AddressBook {
  units: Readonly<Record<string, readonly string[]>>;
  posts: Readonly<Record<string, readonly string[]>>;
}

/** The address book of the environment, checked at start-up: a malformed map fails at once. */
export function readAddressBook(env: Record<string, string | undefined>): AddressBook {
  return {
    units: addressMap(env, 'UNIT_EMAILS'),
    posts: addressMap(env, 'POST_EMAILS'),
  };
}

function addressMap(
  env: Record<string, string | undefined>,
  name: string,
): Record<string, string[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(env[name] || '{}');
  } catch {
    throw new ConfigurationError(`${name} must be a JSON object of id → addresses`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigurationError(`${name} must be a JSON object of id → addresses`);
  }
  return Object.fromEntries(
    Object.entries(parsed).map(([id, value]) => [
      id,
      String(value)
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    ]),
  );
}

/**
 * The addresses of a rendered e-mail, each once: a unit's own; for the leading group, the union
 * of its posts' addresses, where a post without its own takes the `leading-group` list ("every
 * post without its own address", docs/decisions.md). A message naming no post goes to that list.
 */
export function emailRecipients(
  m: Pick<RenderedMessage, 'to' | 'posts'>,
  book: AddressBook,
): string[] {
  const group = book.units[LEADING_GROUP] ?? [];
  const addresses =
    m.to !== LEADING_GROUP
      ? (book.units[m.to] ?? [])
      : m.posts === undefined || m.posts.length === 0
        ? group
        : m.posts.flatMap((post) => book.posts[post] ?? group);
  // One holder may hold two posts, or a post share the group's list: one e-mail each.
  const seen = new Set<string>();
  return addresses.filter((a) => {
    const key = a.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const SES_MAX_RECIPIENTS = 50;

/**
 * SES for units and the leading group's posts (the address book above; sender NOTIFY_EMAIL_FROM)
 * and SNS for payers' SMS. A unit or post without an address gets no e-mail.
 */
export function awsNotifier(): Notifier {
  const from = process.env.NOTIFY_EMAIL_FROM;
  const book = readAddressBook(process.env);
  const ses = guarded(new SESv2Client({}));
  const sns = guarded(new SNSClient({}));
  return {
    async notify(message) {
      const m = renderNotification(message);
      if (m.channel === 'email') {
        const addresses = emailRecipients(m, book);
        if (!from || addresses.length === 0) return;
        // SES takes at most 50 recipients a message; every post with a few addresses can pass it.
        for (let i = 0; i < addresses.length; i += SES_MAX_RECIPIENTS) {
          await ses.send(
            new SendEmailCommand({
              FromEmailAddress: from,
              Destination: { ToAddresses: addresses.slice(i, i + SES_MAX_RECIPIENTS) },
              Content: {
                Simple: {
                  Subject: { Data: m.subject, Charset: 'UTF-8' },
                  Body: { Text: { Data: withLink(m.body, m.link), Charset: 'UTF-8' } },
                },
              },
            }),
          );
        }
      } else {
        await sns.send(new PublishCommand({ PhoneNumber: `+86${m.to}`, Message: m.body }));
      }
    },
  };
}

/**
 * The body with the page's full address, when the site's address is known: NOTIFY_SITE_URL in
 * AWS (set by the stack on every notifying function), SITE_URL locally (the gateway's address).
 */
function withLink(body: string, link: string | undefined): string {
  const site = process.env.NOTIFY_SITE_URL ?? process.env.SITE_URL;
  return link && site ? `${body}\n\n${new URL(link, site).href}` : body;
}

export function notifier(): Notifier {
  const kind = process.env.NOTIFIER ?? 'none';
  if (kind === 'aws') return awsNotifier();
  if (kind === 'outbox') {
    const dir = process.env.OUTBOX_DIR;
    if (!dir) throw new ConfigurationError('NOTIFIER=outbox needs OUTBOX_DIR');
    return outboxNotifier(dir);
  }
  if (kind === 'none') return { notify: async () => undefined };
  throw new ConfigurationError(`NOTIFIER must be aws, outbox or none, not ${kind}`);
}
