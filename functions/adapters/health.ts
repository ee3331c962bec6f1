/**
 * What the health answers check: the table and every unit queue answer, and, for the
 * administrator's detail only, how deep each dead-letter queue is (a message there is a case that
 * did not reach an inbox).
 */
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { sqs } from './aws.ts';
import { deadLetterUrls, queueUrls, tableName } from './config.ts';
import { guarded } from './local-grants.ts';

export type PartStatus = 'up' | 'down';

export interface HealthReport {
  up: boolean;
  components: { dynamodb: PartStatus; sqs: PartStatus };
}

/** One attempt each: a health check that retries hides the outage it should report. */
const dynamodb = guarded(new DynamoDBClient({ maxAttempts: 1 }));

async function depth(url: string): Promise<number | undefined> {
  try {
    const out = await sqs().send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessages'],
      }),
    );
    return Number(out.Attributes?.ApproximateNumberOfMessages ?? 0);
  } catch {
    return undefined;
  }
}

/** The checks of the running stack, with the configuration read once per process. */
export function healthChecks() {
  const table = tableName();
  const urls = queueUrls();
  return {
    async parts(): Promise<HealthReport> {
      const [dynamoUp, queueDepths] = await Promise.all([
        dynamodb.send(new DescribeTableCommand({ TableName: table })).then(
          () => true,
          () => false,
        ),
        Promise.all(Object.values(urls).map(depth)),
      ]);
      const sqsUp = queueDepths.length > 0 && queueDepths.every((d) => d !== undefined);
      return {
        up: dynamoUp && sqsUp,
        components: { dynamodb: dynamoUp ? 'up' : 'down', sqs: sqsUp ? 'up' : 'down' },
      };
    },
    /** Unit → messages in its dead-letter queue, for the queues that hold any. */
    async deadLetterDepth(): Promise<Record<string, number>> {
      const depths = await Promise.all(
        Object.entries(deadLetterUrls()).map(
          async ([unit, url]) => [unit, await depth(url)] as const,
        ),
      );
      return Object.fromEntries(
        depths.filter((e): e is readonly [string, number] => e[1] !== undefined && e[1] > 0),
      );
    },
  };
}
