/**
 * Idempotency records of case creation: a request's key, kept for a while (TTL `expiresAt`), so
 * that the same request sent again answers with the case it created the first time.
 *
 * | item        | PK                        | SK          |
 * |-------------|---------------------------|-------------|
 * | idempotency | IDEMPOTENCY#<sha256(key)> | IDEMPOTENCY |
 */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { IdempotentOutcome } from '#core/ports.ts';

const idempotencyKey = (keyHash: string) => ({ PK: `IDEMPOTENCY#${keyHash}`, SK: 'IDEMPOTENCY' });

/** What a creation records under its key. */
export interface Idempotency {
  keyHash: string;
  requestHash: string;
  expiresAt: number;
}

/** The record's put in the creating transaction: refused when the key was used before. */
export function idempotencyPut(table: string, idempotency: Idempotency, caseNumber: string) {
  return {
    Put: {
      TableName: table,
      Item: {
        ...idempotencyKey(idempotency.keyHash),
        entity: 'idempotency',
        requestHash: idempotency.requestHash,
        caseNumber,
        expiresAt: idempotency.expiresAt,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

/** The outcome recorded under a key, if any. */
export async function earlierOutcome(
  client: DynamoDBDocumentClient,
  table: string,
  keyHash: string,
): Promise<IdempotentOutcome | undefined> {
  const earlier = await client.send(
    new GetCommand({ TableName: table, Key: idempotencyKey(keyHash), ConsistentRead: true }),
  );
  if (!earlier.Item) return undefined;
  return {
    requestHash: String(earlier.Item.requestHash),
    caseNumber: String(earlier.Item.caseNumber),
  };
}
