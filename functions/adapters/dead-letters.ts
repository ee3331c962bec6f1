/**
 * Dead-letter queues: list what is in them and send it back to its unit queue once the cause is
 * fixed (issue 7). Messages carry only case numbers and unit ids, so listing them shows no
 * personal data.
 */
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { DeadLetter, DeadLetterQueues } from '#core/dead-letters.ts';

export type { DeadLetter };

/** The dead-letter queues over SQS: unit id → queue URL, and unit id → its dead-letter queue's. */
export function deadLetters(
  client: SQSClient,
  queues: Record<string, string>,
  deadLetters: Record<string, string>,
): DeadLetterQueues {
  return {
    async depths(): Promise<Record<string, number>> {
      const entries = await Promise.all(
        Object.entries(deadLetters).map(async ([unit, url]) => {
          const out = await client.send(
            new GetQueueAttributesCommand({
              QueueUrl: url,
              AttributeNames: ['ApproximateNumberOfMessages'],
            }),
          );
          return [unit, Number(out.Attributes?.ApproximateNumberOfMessages ?? 0)] as const;
        }),
      );
      return Object.fromEntries(entries);
    },

    /** Peeks at a unit's dead letters: received with no visibility timeout, so they stay visible. */
    async list(unit: string, max = 10): Promise<DeadLetter[]> {
      const url = deadLetters[unit];
      if (!url) return [];
      const out = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: Math.min(max, 10),
          VisibilityTimeout: 0,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        }),
      );
      const messages = out.Messages ?? [];
      // Visible again at once, whatever the receive did: an emulator may read a timeout of 0 as
      // "the queue's default", and the next look or re-drive must find every message.
      await Promise.all(
        messages.map((m) =>
          client.send(
            new ChangeMessageVisibilityCommand({
              QueueUrl: url,
              ReceiptHandle: m.ReceiptHandle ?? '',
              VisibilityTimeout: 0,
            }),
          ),
        ),
      );
      return messages.map((m) => ({
        unit,
        messageId: m.MessageId ?? '',
        body: m.Body ?? '',
        receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? 0),
      }));
    },

    /** Moves every dead letter of a unit back to its queue; resolves to how many moved. */
    async redrive(unit: string): Promise<number> {
      const from = deadLetters[unit];
      const to = queues[unit];
      if (!from || !to) return 0;
      let moved = 0;
      for (;;) {
        const out = await client.send(
          new ReceiveMessageCommand({
            QueueUrl: from,
            MaxNumberOfMessages: 10,
            VisibilityTimeout: 30,
          }),
        );
        const messages = out.Messages ?? [];
        if (messages.length === 0) return moved;
        for (const m of messages) {
          // Sent first, deleted after: a crash in between leaves a duplicate, which the consumer
          // ignores, never a lost message.
          await client.send(new SendMessageCommand({ QueueUrl: to, MessageBody: m.Body ?? '' }));
          await client.send(
            new DeleteMessageCommand({ QueueUrl: from, ReceiptHandle: m.ReceiptHandle ?? '' }),
          );
          moved++;
        }
      }
    },
  };
}
