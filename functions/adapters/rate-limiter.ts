/**
 * Fixed-window counters: `RATE#<bucket>` / `<window start>`, expiring by TTL a day after the window.
 * A client is named by a hash of its address, never the address itself.
 */
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RateLimiter } from '#core/ports.ts';
import { dynamo } from './aws.ts';
import { tableName } from './config.ts';

export function dynamoRateLimiter(
  client: DynamoDBDocumentClient = dynamo(),
  table: string = tableName(),
  now: () => number = Date.now,
): RateLimiter {
  const window = (windowSeconds: number) => {
    const seconds = Math.floor(now() / 1000);
    const start = seconds - (seconds % windowSeconds);
    return { start, retryAfter: start + windowSeconds - seconds };
  };
  const key = (bucket: string, start: number) => ({ PK: `RATE#${bucket}`, SK: String(start) });
  /** One more on the window's counter, whose item expires a day after the window. */
  const addOne = (bucket: string, windowSeconds: number, start: number) => ({
    TableName: table,
    Key: key(bucket, start),
    UpdateExpression: 'ADD #n :one SET expiresAt = :expires, entity = :entity',
    ExpressionAttributeNames: { '#n': 'n' },
    ExpressionAttributeValues: {
      ':one': 1,
      ':expires': start + windowSeconds + 86_400,
      ':entity': 'rate',
    },
  });
  return {
    async hit(bucket, rule) {
      const w = window(rule.windowSeconds);
      const out = await client.send(
        new UpdateCommand({
          ...addOne(bucket, rule.windowSeconds, w.start),
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return { allowed: Number(out.Attributes?.n ?? 0) <= rule.limit, retryAfter: w.retryAfter };
    },
    async take(bucket, rule) {
      const w = window(rule.windowSeconds);
      try {
        const add = addOne(bucket, rule.windowSeconds, w.start);
        await client.send(
          new UpdateCommand({
            ...add,
            ConditionExpression: 'attribute_not_exists(#n) OR #n < :limit',
            ExpressionAttributeValues: { ...add.ExpressionAttributeValues, ':limit': rule.limit },
          }),
        );
        return { allowed: true, retryAfter: w.retryAfter };
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
        return { allowed: false, retryAfter: w.retryAfter };
      }
    },
    async release(bucket, rule) {
      const w = window(rule.windowSeconds);
      try {
        await client.send(
          new UpdateCommand({
            TableName: table,
            Key: key(bucket, w.start),
            UpdateExpression: 'ADD #n :minus',
            ConditionExpression: '#n > :zero',
            ExpressionAttributeNames: { '#n': 'n' },
            ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
          }),
        );
      } catch (error) {
        // The window turned over between take and release: nothing to give back.
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      }
    },
    async peek(bucket, rule) {
      const w = window(rule.windowSeconds);
      const out = await client.send(
        new GetCommand({ TableName: table, Key: key(bucket, w.start) }),
      );
      return { allowed: Number(out.Item?.n ?? 0) < rule.limit, retryAfter: w.retryAfter };
    },
  };
}
