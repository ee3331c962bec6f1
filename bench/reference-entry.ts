/**
 * The reference bundle of (d): the libraries every function of ours stands on and nothing of ours —
 * the DynamoDB and SQS clients, middy and zod — used the least a real handler would, so that the
 * bundler keeps what a function that writes an item and sends a message needs. A function's cold
 * import is reported as a multiple of this one's, timed in the same run, since a shared machine
 * cannot hold an absolute time.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import { z } from 'zod';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const sqs = new SQSClient({});
const Body = z.object({ id: z.string().min(1), text: z.string().max(2000) });

export const handler = middy(async (event: { body?: string }) => {
  const body = Body.parse(JSON.parse(event.body ?? '{}'));
  await db.send(
    new PutCommand({
      TableName: process.env.TABLE_NAME,
      Item: { PK: body.id, SK: 'A', text: body.text },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: body.id }));
  return { statusCode: 201 };
});
