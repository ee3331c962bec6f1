/**
 * Queue pollers that behave like Lambda's SQS event source: long-poll a batch, invoke the
 * consumer, delete what succeeded, leave the `batchItemFailures` (or the whole batch, when the
 * invocation throws) to reappear after the visibility timeout. The queue's redrive policy moves a
 * message to its dead-letter queue after maxReceiveCount receives, as in AWS.
 */
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse } from 'aws-lambda';
import type { LambdaFunction } from './lambda.ts';
import { sqsEvent, sqsRecord } from './lambda.ts';
import type { CreatedQueue } from './sqs.ts';

export interface Poller {
  readonly queue: string;
  running(): boolean;
  stop(): Promise<void>;
}

export function startPoller(
  client: SQSClient,
  queue: CreatedQueue,
  consumer: LambdaFunction,
  batchSize: number,
  log: (message: string) => void,
): Poller {
  let stopping = false;
  let alive = true;
  // Stopping aborts the receive that is waiting, so a stop does not wait out the long poll.
  const aborter = new AbortController();
  const loop = (async () => {
    while (!stopping) {
      try {
        const out = await client.send(
          new ReceiveMessageCommand({
            QueueUrl: queue.url,
            MaxNumberOfMessages: Math.min(batchSize, 10),
            // The longest poll SQS allows, as Lambda's event source polls: a message still
            // arrives at once, and an idle queue costs one request in 20 s, not one a second (a
            // runtime polls 15 queues; the tests run several runtimes at once).
            WaitTimeSeconds: 20,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: aborter.signal },
        );
        const messages = out.Messages ?? [];
        if (messages.length === 0) continue;
        const event = sqsEvent(messages.map((m) => sqsRecord(m, queue.arn)));
        let failed: Set<string>;
        try {
          const result = (await consumer.invoke(event)) as SQSBatchResponse | undefined;
          failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
        } catch (error) {
          // An invocation error fails the whole batch, as Lambda does.
          log(
            `${consumer.spec.name} failed a batch from ${queue.spec.name}: ${(error as Error).message}`,
          );
          failed = new Set(messages.map((m) => m.MessageId ?? ''));
        }
        const done = messages.filter((m) => !failed.has(m.MessageId ?? ''));
        if (done.length > 0) {
          await client.send(
            new DeleteMessageBatchCommand({
              QueueUrl: queue.url,
              Entries: done.map((m, i) => ({
                Id: String(i),
                ReceiptHandle: m.ReceiptHandle ?? '',
              })),
            }),
          );
        }
      } catch (error) {
        if (stopping) break;
        log(`poller ${queue.spec.name}: ${(error as Error).message}`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  })().finally(() => {
    alive = false;
  });
  return {
    queue: queue.spec.name,
    running: () => alive && !stopping,
    async stop() {
      stopping = true;
      aborter.abort();
      await loop;
    },
  };
}
