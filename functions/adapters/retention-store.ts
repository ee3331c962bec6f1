/**
 * The table's side of retention (functions/core/retention.ts) and the register of cases deleted
 * at the end of their retention, one partition per year (kept):
 *
 * | item     | PK             | SK           |
 * |----------|----------------|--------------|
 * | deletion | DELETED#<year> | <caseNumber> |
 */
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DeletionEntry, RetentionStore } from '#core/retention.ts';
import { shanghaiYear } from '#core/time.ts';
import { INDEXES } from '#functions/manifest.ts';
import { everyAggregateKey } from './aggregate-store.ts';
import { dynamo } from './aws.ts';
import { tableName } from './config.ts';
import {
  caseKey,
  fromCaseItem,
  isConditionFailure,
  queryAll,
  queryItems,
  statusPartition,
} from './table-items.ts';
import { retryConflicts } from './transactions.ts';

const deletionKey = (year: number, caseNumber: string) => ({
  PK: `DELETED#${year}`,
  SK: caseNumber,
});

/** BatchWriteItem takes at most 25 requests. */
const BATCH_WRITE_LIMIT = 25;

/**
 * Archived cases found through the byStatus index by the time of their last change, never by a
 * scan; deletions that can be repeated, the case item last and conditional on its version.
 */
export function dynamoRetentionStore(
  client: DynamoDBDocumentClient = dynamo(),
  table: string = tableName(),
): RetentionStore {
  /** Deletes keys in batches, sending again what DynamoDB left unprocessed. */
  async function deleteKeys(keys: Record<string, unknown>[]): Promise<void> {
    for (let i = 0; i < keys.length; i += BATCH_WRITE_LIMIT) {
      let requests = keys
        .slice(i, i + BATCH_WRITE_LIMIT)
        .map((Key) => ({ DeleteRequest: { Key } }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** Math.min(attempt, 6)));
        if (attempt === 10) throw new Error('DynamoDB left deletions unprocessed ten times');
        const out = await client.send(
          new BatchWriteCommand({ RequestItems: { [table]: requests } }),
        );
        requests = (out.UnprocessedItems?.[table] ?? []).flatMap((r) =>
          r.DeleteRequest?.Key ? [{ DeleteRequest: { Key: r.DeleteRequest.Key } }] : [],
        );
      }
    }
  }

  return {
    async *archivedBefore(before) {
      const items = queryItems(client, {
        TableName: table,
        IndexName: 'byStatus',
        // The sort key starts with the case's last change (ISO), so `<` is "closed before".
        KeyConditionExpression: '#pk = :status AND #sk < :before',
        ExpressionAttributeNames: {
          '#pk': INDEXES.byStatus.partitionKey,
          '#sk': INDEXES.byStatus.sortKey,
        },
        ExpressionAttributeValues: { ':status': statusPartition('archived'), ':before': before },
        Limit: 100,
      });
      for await (const item of items) yield fromCaseItem(item);
    },

    async deleteCounter({ day, stat, key }) {
      // Every shard, and the item a counter was before sharding: deleting what is not there
      // is no error, so a repeated run does no harm.
      await deleteKeys(everyAggregateKey(day, stat, key));
    },

    async deleteCaseItems(caseNumber) {
      const items = await queryAll(client, {
        TableName: table,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': caseKey(caseNumber).PK },
        ProjectionExpression: 'PK, SK',
        ConsistentRead: true,
      });
      // The case item itself goes last, with its version checked (deleteCase).
      const keys = items
        .filter((item) => item.SK !== caseKey(caseNumber).SK)
        .map((item) => ({ PK: item.PK, SK: item.SK }));
      await deleteKeys(keys);
      return keys.length;
    },

    async deleteCase(entry: DeletionEntry, version) {
      try {
        // Cancelled for a conflict, the deletion changed nothing: sent again.
        await retryConflicts(() =>
          client.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Delete: {
                    TableName: table,
                    Key: caseKey(entry.caseNumber),
                    ConditionExpression: 'version = :expected',
                    ExpressionAttributeValues: { ':expected': version },
                  },
                },
                {
                  Put: {
                    TableName: table,
                    Item: {
                      ...deletionKey(shanghaiYear(new Date(entry.deletedAt)), entry.caseNumber),
                      entity: 'deletion',
                      ...entry,
                    },
                  },
                },
              ],
            }),
          ),
        );
        return 'deleted';
      } catch (error) {
        if (!isConditionFailure(error, 0)) throw error;
        const now = await client.send(
          new GetCommand({
            TableName: table,
            Key: caseKey(entry.caseNumber),
            ConsistentRead: true,
          }),
        );
        return now.Item ? 'changed' : 'gone';
      }
    },

    async deletions(year) {
      const items = await queryAll(client, {
        TableName: table,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': deletionKey(year, '').PK },
      });
      return items.map(({ PK: _pk, SK: _sk, entity: _entity, ...entry }) => entry as DeletionEntry);
    },
  };
}
