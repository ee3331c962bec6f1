/** GET /api/health — 200 only when the table and every unit queue answer. */
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { sqs } from '#adapters/aws.ts';
import { queueUrls, tableName } from '#adapters/config.ts';
import { httpHandler, json } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';

const dynamodb = new DynamoDBClient({ maxAttempts: 1 });
const table = tableName();
const urls = queueUrls();

async function check(probe: () => Promise<unknown>): Promise<'up' | 'down'> {
  try {
    await probe();
    return 'up';
  } catch {
    return 'down';
  }
}

const logger = functionLogger();

export const handler = httpHandler(logger, async () => {
  const [dynamoState, ...queueStates] = await Promise.all([
    check(() => dynamodb.send(new DescribeTableCommand({ TableName: table }))),
    ...Object.values(urls).map((url) =>
      check(() =>
        sqs().send(
          new GetQueueAttributesCommand({
            QueueUrl: url,
            AttributeNames: ['ApproximateNumberOfMessages'],
          }),
        ),
      ),
    ),
  ]);
  const sqsState = queueStates.length > 0 && queueStates.every((s) => s === 'up') ? 'up' : 'down';
  const components = { dynamodb: dynamoState, sqs: sqsState };
  const up = Object.values(components).every((s) => s === 'up');
  return json(up ? 200 : 503, { status: up ? 'up' : 'down', components });
});
