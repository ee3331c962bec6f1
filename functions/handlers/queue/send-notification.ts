/**
 * The `notifications` queue → e-mail and SMS, through the configured transports
 * (functions/adapters/notifier.ts). One record at a time; a failed send fails its record only,
 * which SQS retries and, after five receives, moves to `notifications-dlq` (issue 14).
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { dynamo } from '#adapters/aws.ts';
import { deliverer } from '#adapters/notifier.ts';
import {
  caseNumberOf,
  dynamoSentMarkers,
  failureReason,
  NotificationMessageSchema,
} from '#adapters/notify-queue.ts';
import type { Notification } from '#core/ports.ts';
import { functionLogger } from '#platform/logger.ts';

const processor = new BatchProcessor(EventType.SQS);
const logger = functionLogger();
// At start-up: a wrong transport setting fails the first invocation with a clear message.
const delivery = deliverer();
const markers = dynamoSentMarkers(dynamo());

async function record(message: SQSRecord): Promise<void> {
  let body: unknown;
  try {
    body = JSON.parse(message.body);
  } catch {
    body = undefined;
  }
  const parsed = NotificationMessageSchema.safeParse(body);
  // A malformed message can never succeed: fail it so that it reaches the dead-letter queue.
  if (!parsed.success) throw new Error(`malformed notification ${message.messageId}`);
  const { id } = parsed.data;
  const notification = parsed.data.notification as unknown as Notification;
  // Case number, kind and ids only: never the phone, the addresses or the words (STYLE.md 9).
  const fields = {
    notificationId: id,
    messageId: message.messageId,
    kind: notification.kind,
    caseNumber: caseNumberOf(notification),
    receiveCount: Number(message.attributes.ApproximateReceiveCount),
  };
  if (await markers.wasSent(id)) {
    logger.info('notification already sent', fields);
    return;
  }
  let transport: string;
  try {
    transport = await delivery.send(notification, id);
  } catch (error) {
    logger.error('notification not sent', { ...fields, reason: failureReason(error) });
    throw new Error(`notification ${id} not sent`);
  }
  if (transport !== 'none') {
    await markers.markSent(id, { kind: notification.kind, transport, ...caseOf(fields) });
  }
  logger.info('notification', { ...fields, transport });
}

const caseOf = (f: { caseNumber: string | undefined }) =>
  f.caseNumber ? { caseNumber: f.caseNumber } : {};

export const handler = middy((event: SQSEvent, context: Context) =>
  processPartialResponse(event, record, processor, { context }),
).use(injectLambdaContext(logger, { resetKeys: true }));
