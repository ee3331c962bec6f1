/**
 * When a staff account's sessions were last ended: by `npm run admin -- users disable|reset|sign-out`
 * (scripts/admin.ts), in the local runtime and in AWS alike.
 *
 * | item           | PK                            | SK       |
 * |----------------|-------------------------------|----------|
 * | sessions ended | ACCOUNT#<username, lowercase> | SESSIONS |
 *
 * - `generation` counts the ends. A site session carries the generation it began in
 *   (platform/staff-session.ts): an older one is over. A count, not a time, so that no clock of
 *   the admin's computer, a Lambda or the provider has to agree with another.
 * - `endedAt` (epoch seconds, the admin's clock) is only for the sign-in callback, which must tell
 *   a provider session begun before the end from a new one by the ID token's `auth_time`.
 *
 * Keyed by the lowercase name: Cognito's pool matches usernames without regard to case
 * (`signInCaseSensitive: false`), so `Li.Na` typed at the CLI is the `li.na` of the claims.
 * The staff pages read it on every request (one strongly consistent GetItem; their grant names
 * `ACCOUNT#*` keys only, functions/grants.ts `ACCOUNT_KEYS`). Only the admin CLI writes it.
 */
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './aws.ts';
import { tableName } from './config.ts';

export interface SessionsEnded {
  /** How many times the account's sessions were ended; 0 when never. */
  generation: number;
  /** When they were last ended, epoch seconds. */
  endedAt?: number;
}

const key = (username: string) => ({ PK: `ACCOUNT#${username.toLowerCase()}`, SK: 'SESSIONS' });

export async function sessionsEnded(
  username: string,
  client: DynamoDBDocumentClient = dynamo(),
  table: string = tableName(),
): Promise<SessionsEnded> {
  const out = await client.send(
    new GetCommand({
      TableName: table,
      Key: key(username),
      ProjectionExpression: 'generation, endedAt',
      // Right after the admin's command, not a second later.
      ConsistentRead: true,
    }),
  );
  const { generation, endedAt } = out.Item ?? {};
  return {
    generation: typeof generation === 'number' ? generation : 0,
    ...(typeof endedAt === 'number' ? { endedAt } : {}),
  };
}

/**
 * Ends every session of the account begun so far: the next generation, and `at` (epoch seconds)
 * as the time. Conditional on the generation read: when another end came in between, that one
 * has ended the same sessions, and it stands.
 */
export async function endSessions(
  username: string,
  at: number,
  client: DynamoDBDocumentClient = dynamo(),
  table: string = tableName(),
): Promise<SessionsEnded> {
  const { generation } = await sessionsEnded(username, client, table);
  try {
    await client.send(
      new UpdateCommand({
        TableName: table,
        Key: key(username),
        UpdateExpression: 'SET generation = :next, endedAt = :at, entity = :entity',
        ConditionExpression: 'attribute_not_exists(generation) OR generation = :seen',
        ExpressionAttributeValues: {
          ':next': generation + 1,
          ':seen': generation,
          ':at': at,
          ':entity': 'account-sessions',
        },
      }),
    );
    return { generation: generation + 1, endedAt: at };
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    return sessionsEnded(username, client, table);
  }
}
