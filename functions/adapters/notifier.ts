/**
 * The notifier port (issue 14). Functions that notify put each message on the `notifications`
 * queue (./notify-queue.ts); send-notification delivers it here, through the transports the
 * environment names:
 * - NOTIFY_EMAIL = `ses` | `smtp` (nodemailer, the relay in the SMTP_SECRET(_ARN) secret) |
 *   `outbox` | `none`;
 * - NOTIFY_SMS = `sns` | `http` (POST to SMS_HTTP_URL, token in SMS_HTTP_SECRET(_ARN)) |
 *   `outbox` | `none`;
 * - the older NOTIFIER = `aws` (ses + sns) | `outbox` | `none` still works, as a shorthand for
 *   both. The local runtime's outbox is a folder that the staff outbox page lists.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Transporter } from 'nodemailer';
import { LEADING_GROUP, type RenderedMessage, renderNotification } from '#core/notifications.ts';
import type { Notification, Notifier } from '#core/ports.ts';
import { ConfigurationError } from './config.ts';
import { guarded, localGrants } from './local-grants.ts';
import { secret } from './secrets.ts';

/** Writes each message as a JSON file in `dir`, newest last by name. */
export function outboxNotifier(dir: string): Notifier {
  return {
    async notify(message) {
      mkdirSync(dir, { recursive: true });
      const at = new Date().toISOString();
      const id = randomUUID();
      const rendered = renderNotification(message);
      // What SES or SNS would be asked to send, checked against the function's grant as they would.
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

/** SES takes at most 50 recipients a message; every post with a few addresses can pass it. */
const SES_MAX_RECIPIENTS = 50;

export const EMAIL_TRANSPORTS = ['ses', 'smtp', 'outbox', 'none'] as const;
export const SMS_TRANSPORTS = ['sns', 'http', 'outbox', 'none'] as const;
export type EmailTransport = (typeof EMAIL_TRANSPORTS)[number];
export type SmsTransport = (typeof SMS_TRANSPORTS)[number];

export interface Transports {
  email: EmailTransport;
  sms: SmsTransport;
}

/**
 * The transports the environment names, checked at start-up: NOTIFY_EMAIL and NOTIFY_SMS, each
 * defaulting to what the NOTIFIER shorthand says (`aws` → ses and sns), else `none`.
 */
export function readTransports(env: Record<string, string | undefined>): Transports {
  const shorthand = env.NOTIFIER || 'none';
  if (!['aws', 'outbox', 'none'].includes(shorthand)) {
    throw new ConfigurationError(`NOTIFIER must be aws, outbox or none, not ${shorthand}`);
  }
  const email = env.NOTIFY_EMAIL || (shorthand === 'aws' ? 'ses' : shorthand);
  const sms = env.NOTIFY_SMS || (shorthand === 'aws' ? 'sns' : shorthand);
  if (!(EMAIL_TRANSPORTS as readonly string[]).includes(email)) {
    throw new ConfigurationError(
      `NOTIFY_EMAIL must be ${EMAIL_TRANSPORTS.join(', ')}, not ${email}`,
    );
  }
  if (!(SMS_TRANSPORTS as readonly string[]).includes(sms)) {
    throw new ConfigurationError(`NOTIFY_SMS must be ${SMS_TRANSPORTS.join(', ')}, not ${sms}`);
  }
  const t = { email, sms } as Transports;
  if ((t.email === 'outbox' || t.sms === 'outbox') && !env.OUTBOX_DIR) {
    throw new ConfigurationError('the outbox transport needs OUTBOX_DIR');
  }
  if (t.email === 'smtp' && !env.SMTP_SECRET && !env.SMTP_SECRET_ARN) {
    throw new ConfigurationError('NOTIFY_EMAIL=smtp needs SMTP_SECRET_ARN');
  }
  if (t.sms === 'http') {
    if (!env.SMS_HTTP_URL || !/^https?:\/\//.test(env.SMS_HTTP_URL)) {
      throw new ConfigurationError('NOTIFY_SMS=http needs SMS_HTTP_URL, an http(s) URL');
    }
    if (!env.SMS_HTTP_SECRET && !env.SMS_HTTP_SECRET_ARN) {
      throw new ConfigurationError('NOTIFY_SMS=http needs SMS_HTTP_SECRET_ARN');
    }
  }
  return t;
}

/** One rendered message out through one transport; resolves to whether anything was sent. */
type Send = (m: RenderedMessage, id: string, about: Notification) => Promise<boolean>;

/** How long one send may take: the consumer has 10 s for a batch (functions/manifest.ts). */
const SEND_TIMEOUT_MS = 5000;

function sesEmail(from: string | undefined, book: AddressBook): Send {
  const ses = guarded(new SESv2Client({ maxAttempts: 2 }));
  return async (m) => {
    const addresses = emailRecipients(m, book);
    if (!from || addresses.length === 0) return false;
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
    return true;
  };
}

/** The SMTP relay's settings, the JSON of SMTP_SECRET(_ARN). */
interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  pass?: string;
  from: string;
}

function parseSmtp(raw: string | undefined): SmtpSettings {
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(raw ?? '') as Record<string, unknown>;
  } catch {
    throw new ConfigurationError('the SMTP secret must be JSON {host,port,secure,user,pass,from}');
  }
  const port = Number(v.port ?? 587);
  if (typeof v.host !== 'string' || v.host === '' || !Number.isInteger(port)) {
    throw new ConfigurationError('the SMTP secret needs "host" and a numeric "port"');
  }
  if (typeof v.from !== 'string' || !v.from.includes('@')) {
    throw new ConfigurationError('the SMTP secret needs "from", the sender address');
  }
  return {
    host: v.host,
    port,
    secure: v.secure === true || v.secure === 'true',
    ...(typeof v.user === 'string' && v.user !== '' ? { user: v.user } : {}),
    ...(typeof v.pass === 'string' ? { pass: v.pass } : {}),
    from: v.from,
  };
}

/**
 * E-mail through an SMTP relay (nodemailer), for accounts and regions without SES (China). The
 * relay's settings are read once, on the first e-mail, and the transport kept for the process.
 */
function smtpEmail(book: AddressBook): Send {
  let transport: Promise<{ mailer: Transporter; from: string }> | undefined;
  const open = async () => {
    const settings = parseSmtp(await secret('SMTP_SECRET'));
    const nodemailer = await import('nodemailer');
    const mailer = nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      ...(settings.user ? { auth: { user: settings.user, pass: settings.pass ?? '' } } : {}),
      // Short enough that a dead relay fails the record well within the function's timeout.
      connectionTimeout: SEND_TIMEOUT_MS,
      greetingTimeout: SEND_TIMEOUT_MS,
      socketTimeout: SEND_TIMEOUT_MS,
    });
    return { mailer, from: settings.from };
  };
  return async (m) => {
    const addresses = emailRecipients(m, book);
    if (addresses.length === 0) return false;
    if (!transport) {
      transport = open();
      // A failed read is tried again by the next message, not kept for the process's life.
      transport.catch(() => {
        transport = undefined;
      });
    }
    const { mailer, from } = await transport;
    await mailer.sendMail({
      from,
      to: addresses,
      subject: m.subject,
      text: withLink(m.body, m.link),
    });
    return true;
  };
}

function snsSms(): Send {
  const sns = guarded(new SNSClient({ maxAttempts: 2 }));
  return async (m) => {
    await sns.send(
      new PublishCommand({ PhoneNumber: `+86${m.to}`, Message: withLink(m.body, m.link) }),
    );
    return true;
  };
}

/**
 * SMS through a provider's HTTP API (China has no SNS SMS). The adapter contract, in
 * docs/decisions.md and the README: POST SMS_HTTP_URL, `Authorization: Bearer <token>` (the
 * SMS_HTTP_SECRET(_ARN) secret's string), `Idempotency-Key: <notification id>`, a JSON body
 * `{ id, phone, countryCode: "86", kind, caseNumber?, text }`; any 2xx is accepted, anything else
 * (or no answer in 5 s) is a failure that SQS retries, at most five receives in all.
 */
function httpSms(url: string): Send {
  return async (m, id, about) => {
    const token = (await secret('SMS_HTTP_SECRET'))?.trim();
    if (!token) throw new ConfigurationError('the SMS provider secret is empty');
    const caseNumber = 'caseNumber' in about ? about.caseNumber : undefined;
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'idempotency-key': id,
      },
      body: JSON.stringify({
        id,
        phone: m.to,
        countryCode: '86',
        kind: about.kind,
        ...(caseNumber ? { caseNumber } : {}),
        text: withLink(m.body, m.link),
      }),
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
    // The body is not read into the error: a provider may echo the number back.
    await res.body?.cancel();
    if (!res.ok) throw new Error(`SMS provider answered HTTP ${res.status}`);
    return true;
  };
}

function outboxSend(dir: string): Send {
  const outbox = outboxNotifier(dir);
  return async (_m, _id, about) => {
    await outbox.notify(about);
    return true;
  };
}

const nothing: Send = async () => false;

/**
 * Delivers notifications through the configured transports (send-notification's side). `send`
 * resolves to the transport used, or `none` when nothing was sent (the transport is `none`, or
 * the unit or post has no address); it throws when the transport failed.
 */
export interface Deliverer {
  transports: Transports;
  send(notification: Notification, id: string): Promise<string>;
}

export function deliverer(env: Record<string, string | undefined> = process.env): Deliverer {
  const transports = readTransports(env);
  const book = readAddressBook(env);
  const outboxDir = env.OUTBOX_DIR ?? '';
  const email: Send =
    transports.email === 'ses'
      ? sesEmail(env.NOTIFY_EMAIL_FROM, book)
      : transports.email === 'smtp'
        ? smtpEmail(book)
        : transports.email === 'outbox'
          ? outboxSend(outboxDir)
          : nothing;
  const sms: Send =
    transports.sms === 'sns'
      ? snsSms()
      : transports.sms === 'http'
        ? httpSms(env.SMS_HTTP_URL ?? '')
        : transports.sms === 'outbox'
          ? outboxSend(outboxDir)
          : nothing;
  return {
    transports,
    async send(notification, id) {
      const m = renderNotification(notification);
      const sent = await (m.channel === 'email' ? email : sms)(m, id, notification);
      return sent ? transports[m.channel] : 'none';
    },
  };
}

/**
 * The body with the page's full address, when the site's address is known: NOTIFY_SITE_URL in
 * AWS (set by the stack on send-notification), SITE_URL locally (the gateway's address).
 */
function withLink(body: string, link: string | undefined): string {
  const site = process.env.NOTIFY_SITE_URL ?? process.env.SITE_URL;
  return link && site ? `${body}\n\n${new URL(link, site).href}` : body;
}
