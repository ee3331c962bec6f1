/**
 * Staff accounts of the local identity provider (the local runtime's stand-in for Cognito):
 *
 * | item | PK               | SK   |
 * |------|------------------|------|
 * | user | USER#<username, lowercase> | USER |
 *
 * Passwords are kept as scrypt hashes (N=2^15, r=8, p=1, 16-byte salt), never in clear. A user
 * may have a display name and a work phone (annex 2's 受理人 and 受理人联系方式, issue 13): staff
 * work contacts, never logged all the same.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Role } from '#core/lifecycle.ts';
import type { UnitId } from '#core/units.ts';

const scrypt = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

const PARAMS = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
// By the lowercase name: the stack's user pool matches names without regard to case
// (`signInCaseSensitive: false`), and so does this stand-in. The name keeps its case.
const userKey = (username: string) => ({ PK: `USER#${username.toLowerCase()}`, SK: 'USER' });

export interface User {
  username: string;
  unit: UnitId | null;
  role: Role;
  disabled: boolean;
  /** Display name, e.g. 李明. */
  name?: string;
  /** Work phone, a mobile or a landline with its area code (0476-8888888). */
  phone?: string;
}

/** A display name and a work phone to set; `null` removes one. */
export interface UserContact {
  name?: string | null;
  phone?: string | null;
}

function userOf(item: Record<string, unknown>): User {
  const { username, unit, role, disabled, name, phone } = item;
  return {
    username: String(username),
    unit: (unit ?? null) as UnitId | null,
    role: role as Role,
    disabled: Boolean(disabled),
    ...(typeof name === 'string' && name ? { name } : {}),
    ...(typeof phone === 'string' && phone ? { phone } : {}),
  };
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, 32, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: PARAMS.maxmem,
  });
  return timingSafeEqual(actual, expected);
}

export function dynamoUserStore(client: DynamoDBDocumentClient, table: string) {
  /**
   * Creates a user whose password `hashPassword` has hashed; false when the name is taken. For
   * accounts that share one password, hashed once: the demo's (infra/local/demo.ts).
   */
  async function addHashed(user: Omit<User, 'disabled'>, passwordHash: string): Promise<boolean> {
    try {
      await client.send(
        new PutCommand({
          TableName: table,
          Item: {
            ...userKey(user.username),
            entity: 'user',
            username: user.username,
            unit: user.unit,
            role: user.role,
            ...(user.name ? { name: user.name } : {}),
            ...(user.phone ? { phone: user.phone } : {}),
            disabled: false,
            passwordHash,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  return {
    async get(username: string): Promise<(User & { passwordHash: string }) | undefined> {
      const out = await client.send(
        new GetCommand({ TableName: table, Key: userKey(username), ConsistentRead: true }),
      );
      if (!out.Item) return undefined;
      return { ...userOf(out.Item), passwordHash: String(out.Item.passwordHash) };
    },

    /**
     * Every user, by name, without password hashes. A scan filtered to user items: only the
     * administrator's CLI lists users, of a local runtime whose table is small (in AWS the pool
     * lists them), so no index is kept for it.
     */
    async list(): Promise<User[]> {
      const users: User[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const out = await client.send(
          new ScanCommand({
            TableName: table,
            FilterExpression: '#e = :user',
            ProjectionExpression: 'username, #u, #r, disabled, #n, phone',
            ExpressionAttributeNames: { '#e': 'entity', '#u': 'unit', '#r': 'role', '#n': 'name' },
            ExpressionAttributeValues: { ':user': 'user' },
            ExclusiveStartKey: start,
          }),
        );
        users.push(...(out.Items ?? []).map(userOf));
        start = out.LastEvaluatedKey;
      } while (start);
      return users.sort((a, b) => a.username.localeCompare(b.username));
    },

    /** Creates a user; false when the name is taken. */
    async add(user: Omit<User, 'disabled'>, password: string): Promise<boolean> {
      return addHashed(user, await hashPassword(password));
    },

    addHashed,

    async setDisabled(username: string, disabled: boolean): Promise<boolean> {
      return updateExisting(username, 'SET disabled = :d', { ':d': disabled });
    },

    async setPassword(username: string, password: string): Promise<boolean> {
      return updateExisting(username, 'SET passwordHash = :h', {
        ':h': await hashPassword(password),
      });
    },

    /** Sets (or with `null` removes) the display name and work phone; false for no such user. */
    async setContact(username: string, contact: UserContact): Promise<boolean> {
      const set: string[] = [];
      const remove: string[] = [];
      const values: Record<string, unknown> = {};
      const names: Record<string, string> = {};
      for (const key of ['name', 'phone'] as const) {
        const value = contact[key];
        if (value === undefined) continue;
        names[`#${key}`] = key;
        if (value === null || value === '') remove.push(`#${key}`);
        else {
          set.push(`#${key} = :${key}`);
          values[`:${key}`] = value;
        }
      }
      if (set.length === 0 && remove.length === 0) {
        const out = await client.send(
          new GetCommand({ TableName: table, Key: userKey(username), ConsistentRead: true }),
        );
        return out.Item !== undefined;
      }
      const expression = [
        ...(set.length ? [`SET ${set.join(', ')}`] : []),
        ...(remove.length ? [`REMOVE ${remove.join(', ')}`] : []),
      ].join(' ');
      return updateExisting(username, expression, values, names);
    },
  };

  async function updateExisting(
    username: string,
    expression: string,
    values: Record<string, unknown>,
    names?: Record<string, string>,
  ) {
    try {
      await client.send(
        new UpdateCommand({
          TableName: table,
          Key: userKey(username),
          UpdateExpression: expression,
          ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
          ...(names ? { ExpressionAttributeNames: names } : {}),
          ConditionExpression: 'attribute_exists(PK)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}

export type UserStore = ReturnType<typeof dynamoUserStore>;
