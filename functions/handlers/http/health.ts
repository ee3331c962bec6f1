/**
 * GET /api/health — 200 only when the table and every unit queue answer. It also reports each
 * dead-letter queue's depth: a message there is a case that did not reach an inbox.
 */
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { sqs } from '#adapters/aws.ts';
import { deadLetterUrls, queueUrls, tableName } from '#adapters/config.ts';
import { httpHandler, json } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';

const logger = functionLogger();
const dynamodb = new DynamoDBClient({ maxAttempts: 1 });
const table = tableName();
const urls = queueUrls();
const deadLetters = deadLetterUrls();

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

export const handler = httpHandler(logger, async () => {
  const [dynamoUp, queueDepths, deadDepths] = await Promise.all([
    dynamodb.send(new DescribeTableCommand({ TableName: table })).then(
      () => true,
      () => false,
    ),
    Promise.all(Object.values(urls).map(depth)),
    Promise.all(
      Object.entries(deadLetters).map(async ([unit, url]) => [unit, await depth(url)] as const),
    ),
  ]);
  const sqsUp = queueDepths.length > 0 && queueDepths.every((d) => d !== undefined);
  const components = { dynamodb: dynamoUp ? 'up' : 'down', sqs: sqsUp ? 'up' : 'down' };
  const up = dynamoUp && sqsUp;
  const deadLetterDepth = Object.fromEntries(
    deadDepths.filter(([, d]) => d !== undefined && d > 0),
  );
  return json(up ? 200 : 503, { status: up ? 'up' : 'down', components, deadLetterDepth });
});
