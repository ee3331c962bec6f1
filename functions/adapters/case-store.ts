/**
 * The case entity in the single table. Keys are built here and nowhere else (STYLE.md rule 5):
 *
 * | item        | PK                         | SK              | indexes                              |
 * |-------------|----------------------------|-----------------|--------------------------------------|
 * | case        | CASE#<caseNumber>          | CASE            | byUnitStatus while a unit holds it   |
 * |             |                            |                 | (UNIT#<unit>, <due>#<caseNumber>),   |
 * |             |                            |                 | byStatus always                      |
 * | timeline    | CASE#<caseNumber>          | EVENT#<seq:6>   | —                                    |
 * | counter     | COUNTER#<name>#<year>      | COUNTER         | —                                    |
 * | idempotency | IDEMPOTENCY#<sha256(key)>  | IDEMPOTENCY     | — (TTL `expiresAt`)                  |
 * | statistic   | STAT#<stat>                | <key>           | — (moved in the change's transaction) |
 * | flag        | FLAG#<flag>                | <key>           | — (written once: a unit named once)  |
 * | deletion    | DELETED#<year>             | <caseNumber>    | — (the retention register, kept)     |
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type CaseRecord, shanghaiYear, type TimelineEvent } from '#core/case.ts';
import { formatCaseNumber } from '#core/identifiers.ts';
import {
  type Aggregates,
  type CaseChange,
  type CaseStore,
  type Count,
  InvalidCursorError,
} from '#core/ports.ts';
import type { DeletionEntry, RetentionStore } from '#core/retention.ts';
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
/** A counter that moves with case changes, e.g. returns per unit. */
const statKey = (stat: string, key: string) => ({ PK: `STAT#${stat}`, SK: key });
const idempotencyKey = (keyHash: string) => ({ PK: `IDEMPOTENCY#${keyHash}`, SK: 'IDEMPOTENCY' });

/** The far future: cases without a due date sort after every dated one. */
const NO_DUE = '9999-12-31';

/** Index keys follow from the record, so a change can never leave them stale. */
function indexKeys(record: CaseRecord) {
  const keys: Record<string, string> = {
    [INDEXES.byStatus.partitionKey]: `STATUS#${record.status}`,
    [INDEXES.byStatus.sortKey]: `${record.updatedAt}#${record.caseNumber}`,
  };
  // In a unit's inbox: an open case its unit holds, or an answered case whose follow-up is open.
  const followUp = record.followUp?.status === 'open' ? record.followUp.unit : null;
  const inboxUnit = record.holder && record.status !== 'archived' ? record.holder : followUp;
  // The sweep watches open steps, and an archived case's follow-up until it is done.
  const followUpPending = record.followUp && record.followUp.status !== 'done';
  if (record.due && (record.status !== 'archived' || followUpPending)) {
    keys[INDEXES.byDue.partitionKey] = 'DUE';
    keys[INDEXES.byDue.sortKey] = `${record.due.date}#${record.caseNumber}`;
  }
  if (inboxUnit) {
    keys[INDEXES.byUnitStatus.partitionKey] = `UNIT#${inboxUnit}`;
    // By due date, so that overdue cases come first; status and other filters apply on top.
    keys[INDEXES.byUnitStatus.sortKey] = `${record.due?.date ?? NO_DUE}#${record.caseNumber}`;
  }
  return keys;
}

/** Flat copies of nested fields, for the inbox filters (derived: never read back). */
function filterAttributes(record: CaseRecord) {
  return {
    matterTypes: [...new Set(record.matters.map((m) => m.type))],
    insuranceTypes: [...new Set(record.matters.flatMap((m) => m.insurance))],
  };
}

function toItem(record: CaseRecord) {
  return {
    ...caseKey(record.caseNumber),
    entity: 'case',
    ...record,
    ...filterAttributes(record),
    ...indexKeys(record),
  };
}

/** The stored item of a case, for the benchmark's bulk seeding (the same keys as every write). */
export const toItemForBench = toItem;

const CURSOR_KEYS = ['PK', 'SK', INDEXES.byUnitStatus.partitionKey, INDEXES.byUnitStatus.sortKey];

function encodeCursor(item: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(CURSOR_KEYS.map((k) => item[k]))).toString('base64url');
}

/** A cursor from a client: only the four key strings of this unit's inbox are accepted. */
function decodeCursor(
  cursor: string | undefined,
  unit: string,
): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(values) &&
      values.length === CURSOR_KEYS.length &&
      values.every((v) => typeof v === 'string') &&
      values[2] === `UNIT#${unit}`
    ) {
      return Object.fromEntries(CURSOR_KEYS.map((k, i) => [k, values[i]]));
    }
  } catch {
    // Not ours: answered below.
  }
  throw new InvalidCursorError();
}

const INDEX_ATTRIBUTES = new Set<string>(
  Object.values(INDEXES).flatMap((i) => [i.partitionKey, i.sortKey]),
);

function fromItem(item: Record<string, unknown>): CaseRecord {
  const record: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    if (
      !['PK', 'SK', 'entity', 'matterTypes', 'insuranceTypes'].includes(name) &&
      !INDEX_ATTRIBUTES.has(name)
    ) {
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

/** A daily aggregate counter: one partition a day (`AGG#<day>`). */
const aggregateKey = (day: string, stat: string, key: string) => ({
  PK: `AGG#${day}`,
  SK: `${stat}#${key}`,
});

/** An item as the document client returns it. */
type Item = NonNullable<QueryCommandOutput['Items']>[number];

/** Every item a query finds, page after page. */
async function* queryItems(
  client: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
): AsyncGenerator<Item> {
  let start: Record<string, unknown> | undefined;
  do {
    const out = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    yield* out.Items ?? [];
    start = out.LastEvaluatedKey;
  } while (start);
}

/** The same, collected. */
async function queryAll(
  client: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
): Promise<Item[]> {
  const items: Item[] = [];
  for await (const item of queryItems(client, input)) items.push(item);
  return items;
}

/**
 * A counter moved by one. Daily aggregates live in one partition a day (`AGG#<day>`), so a report
 * reads one partition per day of its period.
 */
function countUpdate(table: string, c: Count) {
  return {
    Update: {
      TableName: table,
      Key: c.day ? aggregateKey(c.day, c.stat, c.key) : statKey(c.stat, c.key),
      UpdateExpression: `ADD #n :one SET entity = :entity${c.label ? ', label = :label' : ''}`,
      ExpressionAttributeNames: { '#n': 'n' },
      ExpressionAttributeValues: {
        ':one': 1,
        ':entity': c.day ? 'aggregate' : 'stat',
        ...(c.label ? { ':label': c.label } : {}),
      },
    },
  };
}

/** Sums daily aggregates over a period: one query per day, whatever the number of cases. */
export function dynamoAggregates(
  client: DynamoDBDocumentClient = dynamo(),
  table: string = tableName(),
): Aggregates {
  return {
    async sum(fromDay, toDay) {
      const days: string[] = [];
      for (
        let d = new Date(`${fromDay}T00:00:00Z`);
        d.toISOString().slice(0, 10) <= toDay;
        d.setUTCDate(d.getUTCDate() + 1)
      ) {
        days.push(d.toISOString().slice(0, 10));
      }
      const totals = new Map<string, { n: number; label?: string }>();
      const pages = await Promise.all(
        days.map((day) =>
          queryAll(client, {
            TableName: table,
            KeyConditionExpression: 'PK = :pk',
            ExpressionAttributeValues: { ':pk': `AGG#${day}` },
          }),
        ),
      );
      for (const item of pages.flat()) {
        const key = String(item.SK);
        const current = totals.get(key) ?? { n: 0 };
        totals.set(key, {
          n: current.n + Number(item.n ?? 0),
          ...(item.label
            ? { label: String(item.label) }
            : current.label
              ? { label: current.label }
              : {}),
        });
      }
      return totals;
    },
  };
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
      found.push(...(out.Items ?? []).map(fromItem));
      start = out.LastEvaluatedKey;
    } while (start && found.length < limit);
    return found;
  }

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

    async create(record, first, idempotency, counts = []) {
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
        await client.send(
          new TransactWriteCommand({
            TransactItems: [...items, ...counts.map((c) => countUpdate(table, c))],
          }),
        );
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
      const items = await queryAll(client, {
        TableName: table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :event)',
        ExpressionAttributeValues: { ':pk': caseKey(caseNumber).PK, ':event': 'EVENT#' },
        ConsistentRead: true,
      });
      return items.map(fromEventItem);
    },

    async withDue(limit) {
      return casesUpTo(limit, {
        IndexName: 'byDue',
        KeyConditionExpression: '#pk = :due',
        ExpressionAttributeNames: { '#pk': INDEXES.byDue.partitionKey },
        ExpressionAttributeValues: { ':due': 'DUE' },
      });
    },

    async flagOnce(flag, key) {
      try {
        await client.send(
          new PutCommand({
            TableName: table,
            Item: { PK: `FLAG#${flag}`, SK: key, entity: 'flag' },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
        return true;
      } catch (error) {
        if ((error as Error).name === 'ConditionalCheckFailedException') return false;
        throw error;
      }
    },

    async count(stat, key) {
      const out = await client.send(
        new GetCommand({ TableName: table, Key: statKey(stat, key), ConsistentRead: true }),
      );
      return Number(out.Item?.n ?? 0);
    },

    async update(current, change: CaseChange, event, counts = []) {
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
              ...counts.map((c) => countUpdate(table, c)),
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
      return casesUpTo(limit, {
        IndexName: 'byStatus',
        KeyConditionExpression: '#pk = :status AND #sk < :before',
        ExpressionAttributeNames: {
          '#pk': INDEXES.byStatus.partitionKey,
          '#sk': INDEXES.byStatus.sortKey,
        },
        ExpressionAttributeValues: { ':status': 'STATUS#received', ':before': before },
      });
    },

    async inbox(unit, query) {
      const names: Record<string, string> = { '#pk': INDEXES.byUnitStatus.partitionKey };
      const values: Record<string, unknown> = { ':unit': `UNIT#${unit}` };
      const filters: string[] = [];
      if (query.status) {
        names['#status'] = 'status';
        values[':status'] = query.status;
        filters.push('#status = :status');
      }
      if (query.channel) {
        values[':channel'] = query.channel;
        filters.push('channel = :channel');
      }
      if (query.matter) {
        values[':matter'] = query.matter;
        filters.push('contains(matterTypes, :matter)');
      }
      if (query.insurance) {
        values[':insurance'] = query.insurance;
        filters.push('contains(insuranceTypes, :insurance)');
      }
      const items: CaseRecord[] = [];
      let start = decodeCursor(query.cursor, unit);
      let last: Record<string, unknown> | undefined;
      do {
        const out = await client.send(
          new QueryCommand({
            TableName: table,
            IndexName: 'byUnitStatus',
            KeyConditionExpression: '#pk = :unit',
            ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            Limit: query.limit,
            ExclusiveStartKey: start,
          }),
        );
        for (const item of out.Items ?? []) {
          if (items.length === query.limit) break;
          items.push(fromItem(item));
          last = item;
        }
        start = out.LastEvaluatedKey;
      } while (start && items.length < query.limit);
      // The next page starts after the last item returned (a page may stop inside a query page).
      const more = items.length === query.limit && (start !== undefined || last !== undefined);
      return { items, next: more && last ? encodeCursor(last) : null };
    },
  };
}

/** The register of cases deleted at the end of their retention, one partition per year. */
const deletionKey = (year: number, caseNumber: string) => ({
  PK: `DELETED#${year}`,
  SK: caseNumber,
});

/** BatchWriteItem takes at most 25 requests. */
const BATCH_WRITE_LIMIT = 25;

/**
 * The table's side of retention (functions/core/retention.ts): archived cases found through the
 * byStatus index by the time of their last change, never by a scan; deletions that can be
 * repeated, the case item last and conditional on its version.
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
        ExpressionAttributeValues: { ':status': 'STATUS#archived', ':before': before },
        Limit: 100,
      });
      for await (const item of items) yield fromItem(item);
    },

    async deleteCounter({ day, stat, key }) {
      await client.send(new DeleteCommand({ TableName: table, Key: aggregateKey(day, stat, key) }));
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
        await client.send(
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
