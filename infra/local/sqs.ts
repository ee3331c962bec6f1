/**
 * The SQS emulator (fauxqs), in this process, on loopback. Its queues live in memory: a restart
 * starts them empty, which is why intake's reconciliation re-sends cases stuck in `received`.
 */
import { findPackageJSON } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { buildApp } from 'fauxqs';
import type { QueueSettings } from '#functions/manifest.ts';
import { StartupError } from './errors.ts';

export interface SqsEmulator {
  endpoint: string;
  stop(): Promise<void>;
}

export async function startSqsEmulator(port: number): Promise<SqsEmulator> {
  ticksShared ??= sharePollTicks();
  await ticksShared;
  // buildApp rather than startFauxqs: the latter listens on every interface.
  const app = buildApp({ logger: false });
  try {
    await app.listen({ port, host: '127.0.0.1' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new StartupError(
        `Port ${port} for the SQS emulator is taken. Set SQS_PORT to a free port.`,
      );
    }
    throw error;
  }
  const address = app.server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return { endpoint: `http://127.0.0.1:${actual}`, stop: () => app.close() };
}

/** The part of fauxqs's queue class that its long polls use (dist/sqs/sqsStore.js, 1.9). */
interface FauxqsQueue {
  pollWaiters: unknown[];
  processTimers(): void;
  startPollTimerIfNeeded(): void;
  stopPollTimerIfEmpty(): void;
  cancelWaiters(): void;
}

const TICK_MS = 100;

/** Patched once a process, however many emulators it starts. */
let ticksShared: Promise<void> | undefined;

/**
 * fauxqs wakes every 20 ms while a receive waits on a queue, to hand it the messages whose
 * visibility timeout or delay ran out. The runtime keeps a receive waiting on each of its 15
 * queues (20 s long polls, ./pollers.ts), so an idle runtime woke 50 times a second, which cost
 * more than all else it does idle. Here one tick every 100 ms serves every queue with a waiting
 * receive: such a message is handed over within 100 ms rather than 20 (SQS itself promises no
 * better), and a message sent to a queue still reaches its waiting receive at once. fauxqs
 * exports only its app, so its queue class is reached by file; a release without these methods
 * fails the start rather than polling wrongly.
 */
async function sharePollTicks(): Promise<void> {
  // findPackageJSON, not import.meta.resolve, which vitest's module runner does not provide.
  const manifest = findPackageJSON('fauxqs', import.meta.url);
  if (!manifest) throw new StartupError('fauxqs is not installed: run `npm ci`.');
  const file = pathToFileURL(join(dirname(manifest), 'dist/sqs/sqsStore.js'));
  const { SqsQueue } = (await import(file.href)) as { SqsQueue: { prototype: FauxqsQueue } };
  const queue = SqsQueue.prototype;
  const methods = [
    'processTimers',
    'startPollTimerIfNeeded',
    'stopPollTimerIfEmpty',
    'cancelWaiters',
  ] as const;
  if (methods.some((m) => typeof queue[m] !== 'function')) {
    throw new StartupError(`fauxqs's queue no longer has ${methods.join(', ')}: update sqs.ts`);
  }
  const waiting = new Set<FauxqsQueue>();
  let tick: NodeJS.Timeout | undefined;
  queue.startPollTimerIfNeeded = function (this: FauxqsQueue) {
    waiting.add(this);
    tick ??= setInterval(() => {
      for (const q of waiting) q.processTimers();
    }, TICK_MS).unref();
  };
  queue.stopPollTimerIfEmpty = function (this: FauxqsQueue) {
    if (this.pollWaiters.length > 0) return;
    waiting.delete(this);
    if (waiting.size === 0) {
      clearInterval(tick);
      tick = undefined;
    }
  };
  // Cancelling resolves the waiters before it empties their list: leave the tick after it.
  const cancelWaiters = queue.cancelWaiters;
  queue.cancelWaiters = function (this: FauxqsQueue) {
    cancelWaiters.call(this);
    this.stopPollTimerIfEmpty();
  };
}

export interface CreatedQueue<S extends QueueSettings = QueueSettings> {
  spec: S;
  url: string;
  arn: string;
  deadLetterUrl: string;
}

/**
 * Creates each queue (a unit's, or the notifications') and its dead-letter queue, as the CDK
 * stack does. Idempotent.
 */
export async function createQueues<S extends QueueSettings>(
  client: SQSClient,
  specs: readonly S[],
): Promise<CreatedQueue<S>[]> {
  return Promise.all(
    specs.map(async (spec) => {
      const dlq = await client.send(new CreateQueueCommand({ QueueName: spec.deadLetterName }));
      const deadLetterUrl = dlq.QueueUrl ?? '';
      const dlqArn = await queueArn(client, deadLetterUrl);
      const queue = await client.send(
        new CreateQueueCommand({
          QueueName: spec.name,
          Attributes: {
            // LOCAL_VISIBILITY_SECONDS shortens retries for the poison-message test only.
            VisibilityTimeout:
              process.env.LOCAL_VISIBILITY_SECONDS ?? String(spec.visibilityTimeoutSeconds),
            RedrivePolicy: JSON.stringify({
              deadLetterTargetArn: dlqArn,
              maxReceiveCount: String(spec.maxReceiveCount),
            }),
          },
        }),
      );
      const url = queue.QueueUrl ?? '';
      return { spec, url, arn: await queueArn(client, url), deadLetterUrl };
    }),
  );
}

async function queueArn(client: SQSClient, url: string): Promise<string> {
  const out = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  const arn = out.Attributes?.QueueArn;
  if (!arn) throw new StartupError(`queue ${url} has no ARN`);
  return arn;
}
