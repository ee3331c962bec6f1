/**
 * The case entity in the single table. Keys are built here and nowhere else (STYLE.md rule 5):
 *
 * | item        | PK                         | SK              | indexes                              |
 * |-------------|----------------------------|-----------------|--------------------------------------|
 * | case        | CASE#<caseNumber>          | CASE            | byStatus                             |
 * | timeline    | CASE#<caseNumber>          | EVENT#<seq:6>   | —                                    |
 * | work item   | CASE#<caseNumber>          | WORK#<item id>  | while open: byUnit (WORK#<unit>,     |
 * |             |                            |                 | <due>#<case>#<id>), openWork (OPEN)  |
 * | involvement | CASE#<caseNumber>          | PARTY#<unit>    | byUnit (CASES#<unit>, <caseNumber>)  |
 * | counter     | COUNTER#<name>#<year>      | COUNTER         | —                                    |
 * | idempotency | IDEMPOTENCY#<sha256(key)>  | IDEMPOTENCY     | — (TTL `expiresAt`)                  |
 * | statistic   | STAT#<stat>                | <key>           | — (moved in the change's transaction) |
 * | aggregate   | AGG#<day>                  | <stat>#<key>@<shard> | — (sharded: ./counter-shards.ts) |
 * | flag        | FLAG#<flag>                | <key>           | — (written once: a unit named once)  |
 * | deletion    | DELETED#<year>             | <caseNumber>    | — (the retention register, kept)     |
 *
 * Work items and involvements are derived from the case (functions/core/work.ts) and written in
 * the case's own transaction, each with a summary of the case for the lists: the case's version
 * condition guards them all, and every write refreshes the summaries of the open ones.
 *
 * Every transaction here is sent again when DynamoDB cancels it for a conflict with another
 * (./transactions.ts): cancelled, it changed nothing. The daily aggregates it moves are sharded so
 * that concurrent intakes seldom meet on one item (./counter-shards.ts).
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type CaseRecord,
  RecordTooLargeError,
  shanghaiYear,
  summaryOf,
  type TimelineEvent,
} from '#core/case.ts';
import { formatCaseNumber } from '#core/identifiers.ts';
import {
  type Aggregates,
  type CaseChange,
  type CaseStore,
  type Count,
  InvalidCursorError,
  type Involved,
  type WorkRow,
} from '#core/ports.ts';
import type { DeletionEntry, RetentionStore } from '#core/retention.ts';
import type { UnitId } from '#core/units.ts';
import { involvement, type Relation, type WorkItem, type WorkKind } from '#core/work.ts';
import { INDEXES } from '#functions/manifest.ts';
import { dynamo } from './aws.ts';
import { tableName } from './config.ts';
import { addCounters, everySortKey, pickShard, shardSortKey } from './counter-shards.ts';
import { retryConflicts } from './transactions.ts';

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

/** Index keys follow from the record, so a change can never leave them stale. */
function indexKeys(record: CaseRecord) {
  return {
    [INDEXES.byStatus.partitionKey]: `STATUS#${record.status}`,
    [INDEXES.byStatus.sortKey]: `${record.updatedAt}#${record.caseNumber}`,
  };
}

/** Below DynamoDB's 400 KB per item, with room for attribute names and the index keys. */
const MAX_CASE_BYTES = 350_000;

function toItem(record: CaseRecord) {
  const item = { ...caseKey(record.caseNumber), entity: 'case', ...record, ...indexKeys(record) };
  if (Buffer.byteLength(JSON.stringify(item)) > MAX_CASE_BYTES)
    throw new RecordTooLargeError('case');
  return item;
}

const workKey = (caseNumber: string, id: string) => ({
  PK: `CASE#${caseNumber}`,
  SK: `WORK#${id}`,
});
const partyKey = (caseNumber: string, unit: UnitId) => ({
  PK: `CASE#${caseNumber}`,
  SK: `PARTY#${unit}`,
});

/** A work item with its case's summary and, while open, its place in the unit's inbox. */
function toWorkItem(record: CaseRecord, item: WorkItem) {
  const summary = summaryOf(record);
  const order = `${item.due}#${record.caseNumber}#${item.id}`;
  return {
    ...workKey(record.caseNumber, item.id),
    entity: 'work',
    caseNumber: record.caseNumber,
    ...item,
    case: summary,
    // Flat copies for the inbox filters (derived: never read back).
    caseStatus: record.status,
    channel: record.channel,
    matterTypes: summary.matterTypes,
    insuranceTypes: summary.insuranceTypes,
    ...(item.state === 'open'
      ? {
          [INDEXES.byUnit.partitionKey]: `WORK#${item.unit}`,
          [INDEXES.byUnit.sortKey]: order,
          [INDEXES.openWork.partitionKey]: 'OPEN',
          [INDEXES.openWork.sortKey]: order,
        }
      : {}),
  };
}

function toPartyItem(record: CaseRecord, unit: UnitId, relations: Relation[]) {
  return {
    ...partyKey(record.caseNumber, unit),
    entity: 'party',
    unit,
    relations,
    case: summaryOf(record),
    [INDEXES.byUnit.partitionKey]: `CASES#${unit}`,
    [INDEXES.byUnit.sortKey]: record.caseNumber,
  };
}

/**
 * The work and involvement items a write of `next` puts: every open item (its case summary may
 * have changed), every item whose state changed since `before`, and every involvement.
 */
function derivedItems(before: CaseRecord | undefined, next: CaseRecord) {
  const was = new Map((before?.work ?? []).map((w) => [w.id, w]));
  const work = (next.work ?? []).filter((w) => {
    const old = was.get(w.id);
    return w.state === 'open' || !old || old.state !== w.state;
  });
  return [
    ...work.map((w) => toWorkItem(next, w)),
    ...[...involvement(next)].map(([unit, relations]) => toPartyItem(next, unit, relations)),
  ];
}

/** Every item of a case as stored, for the benchmark's bulk seeding (the same keys as every write). */
export function itemsForBench(record: CaseRecord) {
  return [toItem(record), ...derivedItems(undefined, record)];
}

const CURSOR_KEYS = ['PK', 'SK', INDEXES.byUnit.partitionKey, INDEXES.byUnit.sortKey];

function encodeCursor(item: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(CURSOR_KEYS.map((k) => item[k]))).toString('base64url');
}

/** A cursor from a client: only the four key strings of this list (`partition`) are accepted. */
function decodeCursor(
  cursor: string | undefined,
  partition: string,
): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(values) &&
      values.length === CURSOR_KEYS.length &&
      values.every((v) => typeof v === 'string') &&
      values[2] === partition
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

/** Attributes of a stored item that are keys or derived copies, not the entity's own fields. */
const DERIVED = new Set([
  'PK',
  'SK',
  'entity',
  'matterTypes',
  'insuranceTypes',
  'caseStatus',
  'channel',
  'caseNumber',
  'case',
]);

function fromItem(item: Record<string, unknown>): CaseRecord {
  const record: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    // Cases written before issue 12 carry copies for the old inbox filters: dropped too.
    if (
      !['PK', 'SK', 'entity', 'matterTypes', 'insuranceTypes'].includes(name) &&
      !INDEX_ATTRIBUTES.has(name)
    ) {
      record[name] = value;
    }
  }
  return record as unknown as CaseRecord;
}

function fromWorkItem(item: Record<string, unknown>): WorkRow {
  const work: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    if (!DERIVED.has(name) && !INDEX_ATTRIBUTES.has(name)) work[name] = value;
  }
  return { item: work as unknown as WorkItem, case: item.case as WorkRow['case'] };
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

/** One shard of a daily aggregate counter: one partition a day (`AGG#<day>`). */
const aggregateKey = (day: string, stat: string, key: string, shard: number) => ({
  PK: `AGG#${day}`,
  SK: shardSortKey(stat, key, shard),
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
 * reads one partition per day of its period; each is moved in shard `shard`, one drawn per
 * transaction. Running totals (`STAT#`) are not sharded: `count` reads them with one get, and
 * none is moved by every request (returns per unit).
 */
function countUpdate(table: string, c: Count, shard: number) {
  const counter = c.day ? { ':counter': `${c.stat}#${c.key}` } : {};
  return {
    Update: {
      TableName: table,
      Key: c.day ? aggregateKey(c.day, c.stat, c.key, shard) : statKey(c.stat, c.key),
      UpdateExpression: `ADD #n :one SET entity = :entity${c.day ? ', #counter = :counter' : ''}${c.label ? ', label = :label' : ''}`,
      ExpressionAttributeNames: { '#n': 'n', ...(c.day ? { '#counter': 'counter' } : {}) },
      ExpressionAttributeValues: {
        ':one': 1,
        ':entity': c.day ? 'aggregate' : 'stat',
        ...counter,
        ...(c.label ? { ':label': c.label } : {}),
      },
    },
  };
}

/** The counters' updates of one transaction attempt, all in one shard drawn for it. */
const countUpdates = (table: string, counts: readonly Count[]) => {
  const shard = pickShard();
  return counts.map((c) => countUpdate(table, c, shard));
};

/** The longest period a sum reads (a leap year and a day): more is a caller's mistake. */
const MAX_SUM_DAYS = 367;
const DAY_MS = 86_400_000;

/** Sums daily aggregates over a period: one query per day, whatever the number of cases. */
export function dynamoAggregates(
  client: DynamoDBDocumentClient = dynamo(),
  table: string = tableName(),
): Aggregates {
  return {
    async sum(fromDay, toDay) {
      // Counted, not compared as strings, and bounded before any loop: comparing date strings
      // never ended past year 9999 (`+010000-01-01` sorts before `9999-…`) and froze the local
      // runtime (issue 16).
      const first = Date.parse(`${fromDay}T00:00:00Z`);
      const span = (Date.parse(`${toDay}T00:00:00Z`) - first) / DAY_MS + 1;
      if (!(span >= 1)) return new Map();
      if (span > MAX_SUM_DAYS) {
        throw new RangeError(`a sum spans at most ${MAX_SUM_DAYS} days: ${fromDay}..${toDay}`);
      }
      const days = Array.from({ length: span }, (_, i) =>
        new Date(first + i * DAY_MS).toISOString().slice(0, 10),
      );
      const pages = await Promise.all(
        days.map((day) =>
          queryAll(client, {
            TableName: table,
            KeyConditionExpression: 'PK = :pk',
            ExpressionAttributeValues: { ':pk': `AGG#${day}` },
          }),
        ),
      );
      // Shards and counters stored before sharding alike, by the counter they belong to.
      return addCounters(pages.flat());
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
      const derived = derivedItems(undefined, record).map((Item) => ({
        Put: { TableName: table, Item },
      }));
      try {
        await retryConflicts(() =>
          client.send(
            new TransactWriteCommand({
              TransactItems: [...items, ...derived, ...countUpdates(table, counts)],
            }),
          ),
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

    async openWork(limit) {
      const rows: WorkRow[] = [];
      const items = queryItems(client, {
        TableName: table,
        IndexName: 'openWork',
        KeyConditionExpression: '#pk = :open',
        ExpressionAttributeNames: { '#pk': INDEXES.openWork.partitionKey },
        ExpressionAttributeValues: { ':open': 'OPEN' },
        Limit: Math.min(limit, 1000),
      });
      for await (const item of items) {
        rows.push(fromWorkItem(item));
        if (rows.length === limit) break;
      }
      return rows;
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
      // The whole item is rewritten under the version condition: simpler than an update
      // expression per field, and the index keys are recomputed from the new state.
      const writes = [
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
        ExpressionAttributeValues: { ':status': `STATUS#${status}`, ':before': before },
      });
    },

    async inbox(unit, query) {
      const partition = `WORK#${unit}`;
      const names: Record<string, string> = { '#pk': INDEXES.byUnit.partitionKey };
      const values: Record<string, unknown> = { ':partition': partition };
      const filters: string[] = [];
      // Items only a head may do are a head's: staff do not see them in their list.
      if (query.role !== 'head') {
        names['#role'] = 'role';
        filters.push('attribute_not_exists(#role)');
      }
      const equal = { kind: query.kind, caseStatus: query.status, channel: query.channel };
      for (const [field, value] of Object.entries(equal)) {
        if (!value) continue;
        names[`#${field}`] = field;
        values[`:${field}`] = value;
        filters.push(`#${field} = :${field}`);
      }
      if (query.matter) {
        values[':matter'] = query.matter;
        filters.push('contains(matterTypes, :matter)');
      }
      if (query.insurance) {
        values[':insurance'] = query.insurance;
        filters.push('contains(insuranceTypes, :insurance)');
      }
      const page = await pageOf(
        {
          TableName: table,
          IndexName: 'byUnit',
          KeyConditionExpression: '#pk = :partition',
          ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
        query.limit,
        decodeCursor(query.cursor, partition),
      );
      return { items: page.items.map(fromWorkItem), next: page.next };
    },

    async workCounts(unit, role) {
      const counts = new Map<WorkKind, number>();
      const items = queryItems(client, {
        TableName: table,
        IndexName: 'byUnit',
        KeyConditionExpression: '#pk = :partition',
        ExpressionAttributeNames: {
          '#pk': INDEXES.byUnit.partitionKey,
          '#kind': 'kind',
          '#role': 'role',
        },
        ExpressionAttributeValues: { ':partition': `WORK#${unit}` },
        ProjectionExpression: '#kind, #role',
      });
      for await (const item of items) {
        if (item.role && item.role !== role) continue;
        const kind = item.kind as WorkKind;
        counts.set(kind, (counts.get(kind) ?? 0) + 1);
      }
      return counts;
    },

    async involved(unit, query) {
      const partition = `CASES#${unit}`;
      const page = await pageOf(
        {
          TableName: table,
          IndexName: 'byUnit',
          KeyConditionExpression: '#pk = :partition',
          ExpressionAttributeNames: { '#pk': INDEXES.byUnit.partitionKey },
          ExpressionAttributeValues: { ':partition': partition },
          // Newest case first: case numbers grow with the year and the sequence.
          ScanIndexForward: false,
        },
        query.limit,
        decodeCursor(query.cursor, partition),
      );
      return {
        items: page.items.map(
          (item): Involved => ({
            relations: item.relations as Relation[],
            case: item.case as Involved['case'],
          }),
        ),
        next: page.next,
      };
    },
  };

  /** One page of a filtered index query, and the cursor after its last item. */
  async function pageOf(
    input: Omit<QueryCommandInput, 'ExclusiveStartKey' | 'Limit'>,
    limit: number,
    cursor: Record<string, unknown> | undefined,
  ): Promise<{ items: Item[]; next: string | null }> {
    const items: Item[] = [];
    let start = cursor;
    let last: Item | undefined;
    do {
      const out = await client.send(
        new QueryCommand({ ...input, Limit: limit, ExclusiveStartKey: start }),
      );
      for (const item of out.Items ?? []) {
        if (items.length === limit) break;
        items.push(item);
        last = item;
      }
      start = out.LastEvaluatedKey;
    } while (start && items.length < limit);
    // The next page starts after the last item returned (a page may stop inside a query page).
    const more = items.length === limit && (start !== undefined || last !== undefined);
    return { items, next: more && last ? encodeCursor(last) : null };
  }
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
      // Every shard, and the item a counter was before sharding: deleting what is not there
      // is no error, so a repeated run does no harm.
      await deleteKeys(everySortKey(stat, key).map((SK) => ({ PK: `AGG#${day}`, SK })));
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
