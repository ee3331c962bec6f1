/**
 * When a staff account's sessions were last ended: by `npm run admin -- users disable|reset|sign-out`
 * (scripts/admin.ts), in the local runtime and in AWS alike, whichever provider holds the accounts.
 * A site session begun at or before that moment is over (platform/staff-session.ts, readSession).
 *
 * | item           | PK                   | SK       |
 * |----------------|----------------------|----------|
 * | sessions ended | ACCOUNT#<username>   | SESSIONS |
 *
 * The staff pages read it on every request (one GetItem; their grant names `ACCOUNT#*` keys only,
 * functions/grants.ts, `ACCOUNT_KEYS`). Only the admin CLI writes it.
 */
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './aws.ts';
import { tableName } from './config.ts';

const key = (username: string) => ({ PK: `ACCOUNT#${username}`, SK: 'SESSIONS' });

/** Epoch seconds at which the account's sessions were last ended, if ever. */
export async function sessionsEndedAt(
  username: string,
  client: DynamoDBDocumentClient = dynamo(),
  table: string = tableName(),
): Promise<number | undefined> {
  const out = await client.send(
    new GetCommand({ TableName: table, Key: key(username), ProjectionExpression: 'endedAt' }),
  );
  const at = out.Item?.endedAt;
  return typeof at === 'number' ? at : undefined;
}

/**
 * Ends every session of the account begun up to `at` (epoch seconds). A later moment already
 * stored stays: the condition keeps the write from moving the mark back.
 */
export async function endSessions(
  username: string,
  at: number,
  client: DynamoDBDocumentClient = dynamo(),
  table: string = tableName(),
): Promise<void> {
  try {
    await client.send(
      new UpdateCommand({
        TableName: table,
        Key: key(username),
        UpdateExpression: 'SET endedAt = :at, entity = :entity',
        ConditionExpression: 'attribute_not_exists(endedAt) OR endedAt < :at',
        ExpressionAttributeValues: { ':at': at, ':entity': 'account-sessions' },
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
  }
}
