/**
 * The case entity in the single table. Keys are built here and nowhere else (STYLE.md rule 5):
 *
 * | item        | PK                         | SK              | indexes                              |
 * |-------------|----------------------------|-----------------|--------------------------------------|
 * | case        | CASE#<caseNumber>          | CASE            | byUnitStatus while a unit holds it,  |
 * |             |                            |                 | byStatus always                      |
 * | timeline    | CASE#<caseNumber>          | EVENT#<seq:6>   | —                                    |
 * | counter     | COUNTER#<name>#<year>      | COUNTER         | —                                    |
 * | idempotency | IDEMPOTENCY#<sha256(key)>  | IDEMPOTENCY     | — (TTL `expiresAt`)                  |
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CaseRecord, TimelineEvent } from '#core/case.ts';
import { formatCaseNumber } from '#core/identifiers.ts';
import type { CaseChange, CaseStore } from '#core/ports.ts';
import { INDEXES } from '#functions/manifest.ts';
import { dynamo } from './aws.ts';
import { tableName } from './config.ts';

const caseKey = (caseNumber: string) => ({ PK: `CASE#${caseNumber}`, SK: 'CASE' });
const eventKey = (caseNumber: string, seq: number) => ({
  PK: `CASE#${caseNumber}`,
  SK: `EVENT#${String(seq).padStart(6, '0')}`,
});
const counterKey = (name: string, year: number) => ({
  PK: `COUNTER#${name}#${year}`,
  SK: 'COUNTER',
});
const idempotencyKey = (keyHash: string) => ({ PK: `IDEMPOTENCY#${keyHash}`, SK: 'IDEMPOTENCY' });

/** The far future: cases without a due date sort after every dated one. */
const NO_DUE = '9999-12-31';

/** Index keys follow from the record, so a change can never leave them stale. */
function indexKeys(record: CaseRecord) {
  const keys: Record<string, string> = {
    [INDEXES.byStatus.partitionKey]: `STATUS#${record.status}`,
    [INDEXES.byStatus.sortKey]: `${record.updatedAt}#${record.caseNumber}`,
  };
  if (record.holder && record.status !== 'archived') {
    keys[INDEXES.byUnitStatus.partitionKey] = `UNIT#${record.holder}`;
    keys[INDEXES.byUnitStatus.sortKey] =
      `${record.status}#${record.due?.date ?? NO_DUE}#${record.caseNumber}`;
  }
  return keys;
}

function toItem(record: CaseRecord) {
  return { ...caseKey(record.caseNumber), entity: 'case', ...record, ...indexKeys(record) };
}

const INDEX_ATTRIBUTES = new Set<string>(
  Object.values(INDEXES).flatMap((i) => [i.partitionKey, i.sortKey]),
);

function fromItem(item: Record<string, unknown>): CaseRecord {
  const record: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    if (name !== 'PK' && name !== 'SK' && name !== 'entity' && !INDEX_ATTRIBUTES.has(name)) {
      record[name] = value;
    }
  }
  return record as unknown as CaseRecord;
}

function toEventItem(event: TimelineEvent) {
  return { ...eventKey(event.caseNumber, event.seq), entity: 'event', ...event };
}

function fromEventItem(item: Record<string, unknown>): TimelineEvent {
  const { PK: _pk, SK: _sk, entity: _entity, ...event } = item;
  return event as unknown as TimelineEvent;
}

const isConditionFailure = (error: unknown, index: number) =>
  error instanceof TransactionCanceledException &&
  error.CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed';

const anyConditionFailure = (error: unknown) =>
  error instanceof TransactionCanceledException &&
  (error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed');

export function dynamoCaseStore(
  client: DynamoDBDocumentClient = dynamo(),
  table: string = tableName(),
): CaseStore {
  return {
    async nextCaseNumber(year) {
      // One atomic counter per year: numbers are unique; a failed write may leave a gap.
      const out = await client.send(
        new UpdateCommand({
          TableName: table,
          Key: counterKey('case-number', year),
          UpdateExpression: 'ADD #n :one',
          ExpressionAttributeNames: { '#n': 'n' },
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return formatCaseNumber(year, Number(out.Attributes?.n));
    },

    async create(record, first, idempotency) {
      const items = [
        {
          Put: {
            TableName: table,
            Item: idempotency
              ? {
                  ...idempotencyKey(idempotency.keyHash),
                  entity: 'idempotency',
                  requestHash: idempotency.requestHash,
                  caseNumber: record.caseNumber,
                  expiresAt: idempotency.expiresAt,
                }
              : undefined,
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        {
          Put: {
            TableName: table,
            Item: toItem(record),
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
      ].filter((op) => op.Put.Item !== undefined);
      try {
        await client.send(new TransactWriteCommand({ TransactItems: items }));
        return { created: true };
      } catch (error) {
        if (idempotency && isConditionFailure(error, 0)) {
          const earlier = await client.send(
            new GetCommand({
              TableName: table,
              Key: idempotencyKey(idempotency.keyHash),
              ConsistentRead: true,
            }),
          );
          if (earlier.Item) {
            return {
              created: false,
              earlier: {
                requestHash: String(earlier.Item.requestHash),
                caseNumber: String(earlier.Item.caseNumber),
              },
            };
          }
        }
        throw error;
      }
    },

    async get(caseNumber) {
      const out = await client.send(
        new GetCommand({ TableName: table, Key: caseKey(caseNumber), ConsistentRead: true }),
      );
      return out.Item ? fromItem(out.Item) : undefined;
    },

    async timeline(caseNumber) {
      const events: TimelineEvent[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const out = await client.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'PK = :pk AND begins_with(SK, :event)',
            ExpressionAttributeValues: { ':pk': caseKey(caseNumber).PK, ':event': 'EVENT#' },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        );
        events.push(...(out.Items ?? []).map(fromEventItem));
        start = out.LastEvaluatedKey;
      } while (start);
      return events;
    },

    async update(current, change: CaseChange, event) {
      const next: CaseRecord = { ...current, ...change, version: current.version + 1 };
      try {
        // The whole item is rewritten under the version condition: simpler than an update
        // expression per field, and the index keys are recomputed from the new state.
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: table,
                  Item: toItem(next),
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
            ],
          }),
        );
        return true;
      } catch (error) {
        if (anyConditionFailure(error)) return false;
        throw error;
      }
    },

    async stuckInReceived(before, limit) {
      const found: CaseRecord[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const out = await client.send(
          new QueryCommand({
            TableName: table,
            IndexName: 'byStatus',
            KeyConditionExpression: '#pk = :status AND #sk < :before',
            ExpressionAttributeNames: {
              '#pk': INDEXES.byStatus.partitionKey,
              '#sk': INDEXES.byStatus.sortKey,
            },
            ExpressionAttributeValues: { ':status': 'STATUS#received', ':before': before },
            Limit: limit - found.length,
            ExclusiveStartKey: start,
          }),
        );
        found.push(...(out.Items ?? []).map(fromItem));
        start = out.LastEvaluatedKey;
      } while (start && found.length < limit);
      return found;
    },

    async inbox(unit, limit) {
      const out = await client.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'byUnitStatus',
          KeyConditionExpression: '#pk = :unit',
          ExpressionAttributeNames: { '#pk': INDEXES.byUnitStatus.partitionKey },
          ExpressionAttributeValues: { ':unit': `UNIT#${unit}` },
          Limit: limit,
        }),
      );
      return (out.Items ?? []).map(fromItem);
    },
  };
}
