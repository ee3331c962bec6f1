/**
 * The SQS emulator (fauxqs), in this process, on loopback. Its queues live in memory: a restart
 * starts them empty, which is why intake's reconciliation re-sends cases stuck in `received`.
 */
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { buildApp } from 'fauxqs';
import type { QueueSettings } from '#functions/manifest.ts';
import { StartupError } from './errors.ts';

export interface SqsEmulator {
  endpoint: string;
  stop(): Promise<void>;
}

export async function startSqsEmulator(port: number): Promise<SqsEmulator> {
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
