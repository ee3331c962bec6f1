/**
 * Work items and involvements: derived from the case (functions/core/work.ts) and written in the
 * case's own transaction (./case-store.ts), each with a summary of the case for the lists. The
 * case's version condition guards them all, and every write refreshes the summaries of the open
 * ones. This module maps them and answers the lists read from them.
 *
 * | item        | PK                 | SK             | indexes                                  |
 * |-------------|--------------------|----------------|------------------------------------------|
 * | work item   | CASE#<caseNumber>  | WORK#<item id> | while open: byUnit (WORK#<unit>,         |
 * |             |                    |                | <due>#<case>#<id>), openWork (OPEN)      |
 * |             |                    |                | a closed 督办 or 交办: openWork          |
 * |             |                    |                | (ORDERS-CLOSED, <closedAt>#<case>#<id>)  |
 * | involvement | CASE#<caseNumber>  | PARTY#<unit>   | byUnit (CASES#<unit>, <caseNumber>)      |
 */
import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { type CaseRecord, summaryOf } from '#core/case.ts';
import { type CaseStore, InvalidCursorError, type Involved, type WorkRow } from '#core/ports.ts';
import type { UnitId } from '#core/units.ts';
import { involvement, type Relation, type WorkItem, type WorkKind } from '#core/work.ts';
import { INDEXES } from '#functions/manifest.ts';
import { caseKey, INDEX_ATTRIBUTES, type Item, queryItems } from './table-items.ts';

const workKey = (caseNumber: string, id: string) => ({
  PK: caseKey(caseNumber).PK,
  SK: `WORK#${id}`,
});
const partyKey = (caseNumber: string, unit: UnitId) => ({
  PK: caseKey(caseNumber).PK,
  SK: `PARTY#${unit}`,
});
/** A unit's inbox in the byUnit index. */
const inboxPartition = (unit: UnitId) => `WORK#${unit}`;
/** The cases a unit is involved in, in the byUnit index. */
const involvedPartition = (unit: UnitId) => `CASES#${unit}`;
const OPEN_PARTITION = 'OPEN';
/**
 * The leading group's orders once closed, in the open-work index under their own partition: the
 * leaders' list of answers reads them latest first. A closed item is written once, when it
 * closes (`derivedItems`), so its place never moves.
 */
const CLOSED_ORDERS_PARTITION = 'ORDERS-CLOSED';
const ORDER_KINDS: readonly WorkKind[] = ['supervision', 'assignment'];

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
          [INDEXES.byUnit.partitionKey]: inboxPartition(item.unit),
          [INDEXES.byUnit.sortKey]: order,
          [INDEXES.openWork.partitionKey]: OPEN_PARTITION,
          [INDEXES.openWork.sortKey]: order,
        }
      : item.closedAt && ORDER_KINDS.includes(item.kind)
        ? {
            [INDEXES.openWork.partitionKey]: CLOSED_ORDERS_PARTITION,
            [INDEXES.openWork.sortKey]: `${item.closedAt}#${record.caseNumber}#${item.id}`,
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
    [INDEXES.byUnit.partitionKey]: involvedPartition(unit),
    [INDEXES.byUnit.sortKey]: record.caseNumber,
  };
}

/**
 * The work and involvement items a write of `next` puts: every open item (its case summary may
 * have changed), every item whose state changed since `before`, and every involvement.
 */
export function derivedItems(before: CaseRecord | undefined, next: CaseRecord) {
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

function fromWorkItem(item: Record<string, unknown>): WorkRow {
  const work: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    if (!DERIVED.has(name) && !INDEX_ATTRIBUTES.has(name)) work[name] = value;
  }
  return { item: work as unknown as WorkItem, case: item.case as WorkRow['case'] };
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

/** The case store's lists of work and involvement (functions/core/ports.ts `CaseStore`). */
export function dynamoWorkQueries(
  client: DynamoDBDocumentClient,
  table: string,
): Pick<CaseStore, 'openWork' | 'closedOrders' | 'inbox' | 'workCounts' | 'involved'> {
  /** Up to `limit` items of one partition of the open-work index, in its order or (`latest`) back. */
  async function listed(partition: string, limit: number, latest = false) {
    const rows: WorkRow[] = [];
    const items = queryItems(client, {
      TableName: table,
      IndexName: 'openWork',
      KeyConditionExpression: '#pk = :partition',
      ExpressionAttributeNames: { '#pk': INDEXES.openWork.partitionKey },
      ExpressionAttributeValues: { ':partition': partition },
      ScanIndexForward: !latest,
      Limit: Math.min(limit, 1000),
    });
    for await (const item of items) {
      rows.push(fromWorkItem(item));
      if (rows.length === limit) break;
    }
    return rows;
  }

  return {
    openWork: (limit) => listed(OPEN_PARTITION, limit),
    closedOrders: (limit) => listed(CLOSED_ORDERS_PARTITION, limit, true),

    async inbox(unit, query) {
      const partition = inboxPartition(unit);
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
        ExpressionAttributeValues: { ':partition': inboxPartition(unit) },
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
      const partition = involvedPartition(unit);
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
