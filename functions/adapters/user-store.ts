/**
 * Staff accounts of the local identity provider (the local runtime's stand-in for Cognito):
 *
 * | item | PK               | SK   |
 * |------|------------------|------|
 * | user | USER#<username>  | USER |
 *
 * Passwords are kept as scrypt hashes (N=2^15, r=8, p=1, 16-byte salt), never in clear.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
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
const userKey = (username: string) => ({ PK: `USER#${username}`, SK: 'USER' });

export interface User {
  username: string;
  unit: UnitId | null;
  role: Role;
  disabled: boolean;
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
  return {
    async get(username: string): Promise<(User & { passwordHash: string }) | undefined> {
      const out = await client.send(
        new GetCommand({ TableName: table, Key: userKey(username), ConsistentRead: true }),
      );
      if (!out.Item) return undefined;
      const { username: name, unit, role, disabled, passwordHash } = out.Item;
      return {
        username: name,
        unit: unit ?? null,
        role,
        disabled: Boolean(disabled),
        passwordHash,
      };
    },

    /** Creates a user; false when the name is taken. */
    async add(user: Omit<User, 'disabled'>, password: string): Promise<boolean> {
      try {
        await client.send(
          new PutCommand({
            TableName: table,
            Item: {
              ...userKey(user.username),
              entity: 'user',
              ...user,
              disabled: false,
              passwordHash: await hashPassword(password),
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
        return true;
      } catch (error) {
        if ((error as Error).name === 'ConditionalCheckFailedException') return false;
        throw error;
      }
    },

    async setDisabled(username: string, disabled: boolean): Promise<boolean> {
      return updateExisting(username, 'SET disabled = :d', { ':d': disabled });
    },

    async setPassword(username: string, password: string): Promise<boolean> {
      return updateExisting(username, 'SET passwordHash = :h', {
        ':h': await hashPassword(password),
      });
    },
  };

  async function updateExisting(
    username: string,
    expression: string,
    values: Record<string, unknown>,
  ) {
    try {
      await client.send(
        new UpdateCommand({
          TableName: table,
          Key: userKey(username),
          UpdateExpression: expression,
          ExpressionAttributeValues: values,
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
