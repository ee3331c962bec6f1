/**
 * Notifications as messages (issue 14): a function that notifies puts each Notification on the
 * `notifications` queue, and send-notification delivers it through the configured transports
 * (./notifier.ts). A failed send is retried by SQS and, after five receives, kept in
 * `notifications-dlq` with an alarm, where the administrator's re-drive finds it.
 *
 * The message is the core Notification itself, with an id of its own: SQS gives a re-driven
 * message a new MessageId, and the "sent" marker must recognise it as the same notification.
 */
import { randomUUID } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { Notification, Notifier } from '#core/ports.ts';
import { NOTIFICATIONS_QUEUE } from '#functions/manifest.ts';
import { functionLogger } from '#platform/logger.ts';
import { sqs } from './aws.ts';
import { ConfigurationError, queueUrls, tableName } from './config.ts';

/** What a notification log line may carry: never the phone, the addresses or the words. */
export interface NotificationLog {
  error(message: string, fields: Record<string, unknown>): void;
}

const KINDS = [
  'work',
  'answered',
  'reanswered',
  'counterparty-answered',
  'filed',
  'deemed-accepted',
  'extended',
  'rerouted',
  'access-code-reissued',
  'access-code-sent',
  'case-news',
  'meeting-called',
  'chase',
  'supervision',
  'order-answered',
  'special-meeting-requested',
  'returns-flag',
  'report',
] as const satisfies readonly Notification['kind'][];

/**
 * The queue message, version 1. The notification's own fields are checked by kind only: the
 * producers are this code's own functions, and a field a renderer misses fails that record,
 * which then reaches the dead-letter queue rather than vanishing.
 */
export const NotificationMessageSchema = z.object({
  v: z.literal(1),
  type: z.literal('notification'),
  id: z.string().min(1).max(64),
  caseNumber: z.string().optional(),
  notification: z.looseObject({ kind: z.enum(KINDS) }),
});

export interface NotificationMessage {
  v: 1;
  type: 'notification';
  id: string;
  /**
   * The case it is about, beside the notification: what the administrator's dead-letter list
   * shows of it (core/dead-letters.ts reads `caseNumber`), never the phone or the address.
   */
  caseNumber?: string;
  notification: Notification;
}

/** The error logged when a notification cannot be put on its queue; the stack alarms on it. */
export const NOTIFICATION_NOT_QUEUED = 'notification not queued';

/** A notification's case number, when it is about a case: what its log lines may name. */
export function caseNumberOf(n: { kind: string } & Record<string, unknown>): string | undefined {
  return typeof n.caseNumber === 'string' ? n.caseNumber : undefined;
}

/**
 * Why a send failed, fit for a log line: the error's name, code and message with every e-mail
 * address and every long digit run (a phone number) taken out, since SMTP servers and SMS
 * gateways quote the recipient in their refusals.
 */
export function failureReason(error: unknown): string {
  const e = error as { name?: unknown; code?: unknown; responseCode?: unknown; message?: unknown };
  const name = typeof e?.name === 'string' ? e.name : 'Error';
  const code = typeof e?.code === 'string' || typeof e?.code === 'number' ? `:${e.code}` : '';
  const message = typeof e?.message === 'string' ? e.message : String(error);
  const scrubbed = message
    .replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, '<address>')
    .replace(/\+?\d[\d\s-]{5,}\d/g, '<number>');
  return `${name}${code}: ${scrubbed}`.slice(0, 300);
}

/**
 * The producers' notifier: one SQS message per notification. A failure to enqueue is logged
 * (case number, kind and reason only) and thrown, so the caller decides as before: the use cases
 * treat a notification as a courtesy that must not undo the change already written
 * (docs/decisions.md, "Notifications that cannot silently vanish").
 */
export function queueNotifier(
  log: NotificationLog,
  url: string | undefined = queueUrls()[NOTIFICATIONS_QUEUE],
): Notifier {
  return {
    async notify(notification) {
      const caseNumber = caseNumberOf(notification);
      const message: NotificationMessage = {
        v: 1,
        type: 'notification',
        id: randomUUID(),
        ...(caseNumber ? { caseNumber } : {}),
        notification,
      };
      try {
        if (!url) throw new Error(`no queue URL for ${NOTIFICATIONS_QUEUE}`);
        await sqs().send(
          new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify(message) }),
        );
      } catch (error) {
        log.error(NOTIFICATION_NOT_QUEUED, {
          notificationId: message.id,
          kind: notification.kind,
          caseNumber,
          reason: failureReason(error),
        });
        throw error;
      }
    },
  };
}

/** How long a "sent" marker is kept: longer than any message stays in a queue (4 + 14 days). */
const SENT_MARKER_SECONDS = 30 * 86_400;

/**
 * Which notifications were sent, by their id: `NOTIFIED#<id>` / `SENT`, expiring by TTL. Written
 * after the send, so a crash between the two sends the message again (at least once), but a
 * redelivery after a recorded send sends nothing.
 */
export interface SentMarkers {
  wasSent(id: string): Promise<boolean>;
  /** False when another delivery of the same message marked it first. */
  markSent(
    id: string,
    about: { kind: string; caseNumber?: string; transport: string },
  ): Promise<boolean>;
}

export function dynamoSentMarkers(
  client: DynamoDBDocumentClient,
  table: string = tableName(),
  now: () => number = Date.now,
): SentMarkers {
  const key = (id: string) => ({ PK: `NOTIFIED#${id}`, SK: 'SENT' });
  return {
    async wasSent(id) {
      const out = await client.send(
        new GetCommand({ TableName: table, Key: key(id), ConsistentRead: true }),
      );
      return out.Item !== undefined;
    },
    async markSent(id, about) {
      try {
        await client.send(
          new PutCommand({
            TableName: table,
            Item: {
              ...key(id),
              entity: 'notification-sent',
              kind: about.kind,
              transport: about.transport,
              ...(about.caseNumber ? { caseNumber: about.caseNumber } : {}),
              sentAt: new Date(now()).toISOString(),
              expiresAt: Math.floor(now() / 1000) + SENT_MARKER_SECONDS,
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
        return true;
      } catch (error) {
        if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
        throw error;
      }
    },
  };
}

/**
 * The notifier of a function with `access.notify`: the `notifications` queue, whose consumer
 * (`send-notification`, functions/adapters/notifier.ts) delivers. Here and not beside the
 * transports, so that the functions that notify do not bundle SES, SNS and nodemailer (about
 * 250 KB each, which had put 14 bundles over the 1 MB budget). The stack and the local runtime
 * give every such function the queue's URL; without it, the function does not start.
 */
export function notifier(): Notifier {
  const url = queueUrls()[NOTIFICATIONS_QUEUE];
  if (!url) {
    throw new ConfigurationError(
      `QUEUE_URLS has no "${NOTIFICATIONS_QUEUE}" queue to notify through`,
    );
  }
  return queueNotifier(functionLogger(), url);
}
