/**
 * Intake drafts between the form's steps: `DRAFT#<id>` / `DRAFT`, expiring two hours after the
 * last step by TTL (and refused on read after that, since DynamoDB deletes expired items late).
 * The id is a random secret held only in the payer's cookie.
 */
import { randomBytes } from 'node:crypto';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import { RecordTooLargeError } from '#core/case.ts';
import type { Draft } from '#functions/pages/draft.ts';
import { dynamo } from './aws.ts';
import { tableName } from './config.ts';

/** The answers of every step with every field at its limit take about 30 KB. */
const MAX_DRAFT_BYTES = 64 * 1024;

/** How long an unfinished intake form is kept: long enough to find papers, short for privacy. */
export const DRAFT_SECONDS = 2 * 3600;

const DRAFT_ID = /^[A-Za-z0-9_-]{22,64}$/;

export interface DraftStore {
  newId(): string;
  get(id: string | undefined): Promise<Draft | undefined>;
  put(id: string, draft: Draft): Promise<void>;
  delete(id: string): Promise<void>;
}

export function dynamoDraftStore(
  client: DynamoDBDocumentClient = dynamo(),
  table: string = tableName(),
  now: () => number = Date.now,
): DraftStore {
  const key = (id: string) => ({ PK: `DRAFT#${id}`, SK: 'DRAFT' });
  return {
    newId: () => randomBytes(24).toString('base64url'),
    async get(id) {
      if (!id || !DRAFT_ID.test(id)) return undefined;
      const out = await client.send(new GetCommand({ TableName: table, Key: key(id) }));
      const item = out.Item;
      if (!item || Number(item.expiresAt) * 1000 < now()) return undefined;
      return item.draft as Draft;
    },
    async put(id, draft) {
      // A draft is a few kilobytes of answers; one of hundreds is someone filling the table.
      if (Buffer.byteLength(JSON.stringify(draft)) > MAX_DRAFT_BYTES) {
        throw new RecordTooLargeError('draft');
      }
      await client.send(
        new PutCommand({
          TableName: table,
          Item: {
            ...key(id),
            entity: 'draft',
            draft,
            expiresAt: Math.floor(now() / 1000) + DRAFT_SECONDS,
          },
        }),
      );
    },
    async delete(id) {
      if (!DRAFT_ID.test(id)) return;
      await client.send(new DeleteCommand({ TableName: table, Key: key(id) }));
    },
  };
}
