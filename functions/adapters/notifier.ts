/**
 * The notifier port: in AWS e-mail to units (SES) and SMS to payers (SNS); in the local runtime an
 * outbox folder that the staff outbox page lists. Chosen by NOTIFIER (`aws`, `outbox`, `none`).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { renderNotification } from '#core/notifications.ts';
import type { Notifier } from '#core/ports.ts';
import { ConfigurationError } from './config.ts';

/** Writes each message as a JSON file in `dir`, newest last by name. */
export function outboxNotifier(dir: string): Notifier {
  return {
    async notify(message) {
      mkdirSync(dir, { recursive: true });
      const at = new Date().toISOString();
      const id = randomUUID();
      const rendered = renderNotification(message);
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
 * SES for units and the leading group (UNIT_EMAILS, a JSON map of unit id — or `leading-group`,
 * the annex 1 roster — to addresses, comma-separated; sender
 * NOTIFY_EMAIL_FROM) and SNS for payers' SMS. A unit without an address gets no e-mail.
 */
export function awsNotifier(): Notifier {
  const from = process.env.NOTIFY_EMAIL_FROM;
  const emails = JSON.parse(process.env.UNIT_EMAILS ?? '{}') as Record<string, string>;
  const ses = new SESv2Client({});
  const sns = new SNSClient({});
  return {
    async notify(message) {
      const m = renderNotification(message);
      if (m.channel === 'email') {
        // A unit's address, or for the leading group the roster's addresses, comma-separated.
        const addresses = (emails[m.to] ?? '')
          .split(',')
          .map((a) => a.trim())
          .filter(Boolean);
        if (!from || addresses.length === 0) return;
        await ses.send(
          new SendEmailCommand({
            FromEmailAddress: from,
            Destination: { ToAddresses: addresses },
            Content: {
              Simple: {
                Subject: { Data: m.subject, Charset: 'UTF-8' },
                Body: { Text: { Data: withLink(m.body, m.link), Charset: 'UTF-8' } },
              },
            },
          }),
        );
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
