/**
 * The case entity in the single table: the case, its timeline and the yearly sequence of case
 * numbers. Keys are built here and nowhere else (STYLE.md rule 5; the whole table's map is in
 * ./table-items.ts):
 *
 * | item     | PK                    | SK            | indexes  |
 * |----------|-----------------------|---------------|----------|
 * | case     | CASE#<caseNumber>     | CASE          | byStatus |
 * | timeline | CASE#<caseNumber>     | EVENT#<seq:6> | —        |
 * | counter  | COUNTER#<name>#<year> | COUNTER       | —        |
 *
 * A case's work items and involvements (./work-store.ts), its idempotency record
 * (./idempotency-store.ts) and the counters it moves (./aggregate-store.ts) are written in the
 * case's own transaction: the case's version condition guards them all.
 *
 * Every transaction here is sent again when DynamoDB cancels it for a conflict with another
 * (./transactions.ts): cancelled, it changed nothing. The daily aggregates it moves are sharded so
 * that concurrent intakes seldom meet on one item (./counter-shards.ts).
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CaseRecord, TimelineEvent } from '#core/case.ts';
import { formatCaseNumber } from '#core/identifiers.ts';
import type { CaseChange, CaseStore } from '#core/ports.ts';
import { INDEXES } from '#functions/manifest.ts';
import { countUpdates, statCount } from './aggregate-store.ts';
import { dynamo } from './aws.ts';
import { tableName } from './config.ts';
import { flagOnce } from './flag-store.ts';
import { earlierOutcome, idempotencyPut } from './idempotency-store.ts';
import {
  anyConditionFailure,
  caseKey,
  fromCaseItem,
  isConditionFailure,
  queryAll,
  statusPartition,
  toCaseItem,
} from './table-items.ts';
import { retryConflicts } from './transactions.ts';
import { derivedItems, dynamoWorkQueries } from './work-store.ts';

const EVENT_PREFIX = 'EVENT#';
const eventKey = (caseNumber: string, seq: number) => ({
  PK: caseKey(caseNumber).PK,
  SK: `${EVENT_PREFIX}${String(seq).padStart(6, '0')}`,
});
const counterKey = (name: string, year: number) => ({
  PK: `COUNTER#${name}#${year}`,
  SK: 'COUNTER',
});

function toEventItem(event: TimelineEvent) {
  return { ...eventKey(event.caseNumber, event.seq), entity: 'event', ...event };
}

function fromEventItem(item: Record<string, unknown>): TimelineEvent {
  const { PK: _pk, SK: _sk, entity: _entity, ...event } = item;
  return event as unknown as TimelineEvent;
}

export function dynamoCaseStore(
  client: DynamoDBDocumentClient = dynamo(),
  table: string = tableName(),
): CaseStore {
  /** Cases of an index query, page after page, up to `limit`. */
  async function casesUpTo(
    limit: number,
    query: Pick<
      QueryCommandInput,
      | 'IndexName'
      | 'KeyConditionExpression'
      | 'ExpressionAttributeNames'
      | 'ExpressionAttributeValues'
    >,
  ): Promise<CaseRecord[]> {
    const found: CaseRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await client.send(
        new QueryCommand({
          TableName: table,
          ...query,
          Limit: limit - found.length,
          ExclusiveStartKey: start,
        }),
      );
      found.push(...(out.Items ?? []).map(fromCaseItem));
      start = out.LastEvaluatedKey;
    } while (start && found.length < limit);
    return found;
  }

  return {
    ...dynamoWorkQueries(client, table),

    flagOnce: (flag, key) => flagOnce(client, table, flag, key),

    count: (stat, key) => statCount(client, table, stat, key),

    async nextCaseNumber(year) {
      // One atomic counter per year: numbers are unique; a failed write may leave a gap. It is
      // inherently one item, so a write refused for a concurrent transaction on it is sent again.
      const out = await retryConflicts(() =>
        client.send(
          new UpdateCommand({
            TableName: table,
            Key: counterKey('case-number', year),
            UpdateExpression: 'ADD #n :one',
            ExpressionAttributeNames: { '#n': 'n' },
            ExpressionAttributeValues: { ':one': 1 },
            ReturnValues: 'UPDATED_NEW',
          }),
        ),
      );
      return formatCaseNumber(year, Number(out.Attributes?.n));
    },

    async create(record, first, idempotency, counts = []) {
      // The idempotency record first: a cancellation at index 0 means its key was used before.
      const puts = [
        ...(idempotency ? [idempotencyPut(table, idempotency, record.caseNumber)] : []),
        {
          Put: {
            TableName: table,
            Item: toCaseItem(record),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        {
          Put: {
            TableName: table,
            Item: toEventItem(first),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
      ];
      const derived = derivedItems(undefined, record).map((Item) => ({
        Put: { TableName: table, Item },
      }));
      try {
        await retryConflicts(() =>
          client.send(
            new TransactWriteCommand({
              TransactItems: [...puts, ...derived, ...countUpdates(table, counts)],
            }),
          ),
        );
        return { created: true };
      } catch (error) {
        if (idempotency && isConditionFailure(error, 0)) {
          const earlier = await earlierOutcome(client, table, idempotency.keyHash);
          if (earlier) return { created: false, earlier };
        }
        throw error;
      }
    },

    earlier: (keyHash) => earlierOutcome(client, table, keyHash),

    async get(caseNumber) {
      const out = await client.send(
        new GetCommand({ TableName: table, Key: caseKey(caseNumber), ConsistentRead: true }),
      );
      return out.Item ? fromCaseItem(out.Item) : undefined;
    },

    async timeline(caseNumber) {
      const items = await queryAll(client, {
        TableName: table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :event)',
        ExpressionAttributeValues: { ':pk': caseKey(caseNumber).PK, ':event': EVENT_PREFIX },
        ConsistentRead: true,
      });
      return items.map(fromEventItem);
    },

    async update(current, change: CaseChange, event, counts = []) {
      const next: CaseRecord = { ...current, ...change, version: current.version + 1 };
      // The whole item is rewritten under the version condition: simpler than an update
      // expression per field, and the index keys are recomputed from the new state.
      const writes = [
        {
          Put: {
            TableName: table,
            Item: toCaseItem(next),
            ConditionExpression: 'version = :expected',
            ExpressionAttributeValues: { ':expected': current.version },
          },
        },
        {
          Put: {
            TableName: table,
            Item: toEventItem(event),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        ...derivedItems(current, next).map((Item) => ({ Put: { TableName: table, Item } })),
      ];
      try {
        await retryConflicts(() =>
          client.send(
            new TransactWriteCommand({
              TransactItems: [...writes, ...countUpdates(table, counts)],
            }),
          ),
        );
        return true;
      } catch (error) {
        if (anyConditionFailure(error)) return false;
        throw error;
      }
    },

    async inStatus(status, before, limit) {
      return casesUpTo(limit, {
        IndexName: 'byStatus',
        KeyConditionExpression: '#pk = :status AND #sk < :before',
        ExpressionAttributeNames: {
          '#pk': INDEXES.byStatus.partitionKey,
          '#sk': INDEXES.byStatus.sortKey,
        },
        ExpressionAttributeValues: { ':status': statusPartition(status), ':before': before },
      });
    },
  };
}
