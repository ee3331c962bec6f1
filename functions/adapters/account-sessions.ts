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
 * `ACCOUNT#*` keys only, functions/grants.ts `ACCOUNT_KEYS`). The admin CLI writes the ends; the
 * staff sign-out writes `signedOut` (session id → when it would have ended) and `signOuts`.
 */
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './aws.ts';
import { tableName } from './config.ts';

export interface SessionsEnded {
  /** How many times the account's sessions were ended; 0 when never. */
  generation: number;
  /** When they were last ended, epoch seconds. */
  endedAt?: number;
  /** The session asked about was signed out (its person pressed 「退出」). */
  signedOut?: true;
}

const key = (username: string) => ({ PK: `ACCOUNT#${username.toLowerCase()}`, SK: 'SESSIONS' });

/**
 * Sets `fields` on the account's item and counts `counter` one up, on condition that it still
 * holds `seen` (absent counts as 0): a write in between is the caller's to read again.
 */
function countedUpdate(
  client: DynamoDBDocumentClient,
  table: string,
  username: string,
  counter: 'generation' | 'signOuts',
  seen: number,
  fields: Record<string, unknown>,
) {
  const names = Object.keys(fields);
  return client.send(
    new UpdateCommand({
      TableName: table,
      Key: key(username),
      UpdateExpression: `SET ${[...names.map((n) => `${n} = :${n}`), `${counter} = :next`, 'entity = :entity'].join(', ')}`,
      ConditionExpression: `attribute_not_exists(${counter}) OR ${counter} = :seen`,
      ExpressionAttributeValues: {
        ...Object.fromEntries(names.map((n) => [`:${n}`, fields[n]])),
        ':next': seen + 1,
        ':seen': seen,
        ':entity': 'account-sessions',
      },
    }),
  );
}

/**
 * When the account's sessions were ended; with `sid`, also whether that session was signed out
 * (the same read: one GetItem for every staff request).
 */
export async function sessionsEnded(
  username: string,
  client: DynamoDBDocumentClient = dynamo(),
  table: string = tableName(),
  sid?: string,
): Promise<SessionsEnded> {
  const out = await client.send(
    new GetCommand({
      TableName: table,
      Key: key(username),
      ProjectionExpression: sid ? 'generation, endedAt, signedOut.#sid' : 'generation, endedAt',
      ...(sid ? { ExpressionAttributeNames: { '#sid': sid } } : {}),
      // Right after the admin's command, not a second later.
      ConsistentRead: true,
    }),
  );
  const { generation, endedAt, signedOut } = out.Item ?? {};
  return {
    generation: typeof generation === 'number' ? generation : 0,
    ...(typeof endedAt === 'number' ? { endedAt } : {}),
    ...(sid && signedOut?.[sid] !== undefined ? { signedOut: true as const } : {}),
  };
}

/**
 * Ends one session, its person's 「退出」: its id is kept on the account's item until the session
 * would have ended anyway (`until`, epoch seconds), and the ids kept past theirs are dropped, so
 * the item holds only the sessions signed out in the last ten hours. The cookie is cleared too,
 * but a copy of it (a shared computer, a proxy) would otherwise open pages until its own end (a
 * privacy review, 2026-12-05). Conditional on the count of sign-outs read; a sign-out in between
 * is read again.
 */
export async function signOutSession(
  username: string,
  sid: string,
  until: number,
  now: number,
  client: DynamoDBDocumentClient = dynamo(),
  table: string = tableName(),
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const out = await client.send(
      new GetCommand({
        TableName: table,
        Key: key(username),
        ProjectionExpression: 'signedOut, signOuts',
        ConsistentRead: true,
      }),
    );
    const kept = Object.entries((out.Item?.signedOut ?? {}) as Record<string, number>).filter(
      ([, end]) => end > now,
    );
    const seen = typeof out.Item?.signOuts === 'number' ? out.Item.signOuts : 0;
    try {
      const signedOut = Object.fromEntries([...kept, [sid, until]]);
      await countedUpdate(client, table, username, 'signOuts', seen, { signedOut });
      return;
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException' || attempt >= 9) throw error;
      // Several sessions of one account signing out at once: each tries again a little later,
      // apart (a review saw one of eight fail after five back-to-back tries).
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40 * (attempt + 1)));
    }
  }
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
    await countedUpdate(client, table, username, 'generation', generation, { endedAt: at });
    return { generation: generation + 1, endedAt: at };
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    return sessionsEnded(username, client, table);
  }
}
