/**
 * What the case's stores in the single table share: the case's key and item mapping (the case
 * store, the work rows and the retention sweep all read it), paged queries and the reading of a
 * cancelled transaction. Each entity's own keys are built in its own store, and nowhere else
 * (STYLE.md rule 5):
 *
 * | item        | PK                         | SK              | store                           |
 * |-------------|----------------------------|-----------------|---------------------------------|
 * | case        | CASE#<caseNumber>          | CASE            | ./case-store.ts (byStatus)      |
 * | timeline    | CASE#<caseNumber>          | EVENT#<seq:6>   | ./case-store.ts                 |
 * | counter     | COUNTER#<name>#<year>      | COUNTER         | ./case-store.ts (case numbers)  |
 * | work item   | CASE#<caseNumber>          | WORK#<item id>  | ./work-store.ts (byUnit, openWork) |
 * | involvement | CASE#<caseNumber>          | PARTY#<unit>    | ./work-store.ts (byUnit)        |
 * | idempotency | IDEMPOTENCY#<sha256(key)>  | IDEMPOTENCY     | ./idempotency-store.ts (TTL)    |
 * | statistic   | STAT#<stat>                | <key>           | ./aggregate-store.ts            |
 * | aggregate   | AGG#<day>                  | <stat>#<key>@<shard> | ./aggregate-store.ts       |
 * | flag        | FLAG#<flag>                | <key>           | ./flag-store.ts                 |
 * | deletion    | DELETED#<year>             | <caseNumber>    | ./retention-store.ts            |
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { type CaseRecord, RecordTooLargeError } from '#core/case.ts';
import { INDEXES } from '#functions/manifest.ts';

/** The case's own item; its timeline, work items and involvements share its partition. */
export const caseKey = (caseNumber: string) => ({ PK: `CASE#${caseNumber}`, SK: 'CASE' });

/** The byStatus partition of the cases in `status`. */
export const statusPartition = (status: string) => `STATUS#${status}`;

/** Index keys follow from the record, so a change can never leave them stale. */
function indexKeys(record: CaseRecord) {
  return {
    [INDEXES.byStatus.partitionKey]: statusPartition(record.status),
    [INDEXES.byStatus.sortKey]: `${record.updatedAt}#${record.caseNumber}`,
  };
}

/** Below DynamoDB's 400 KB per item, with room for attribute names and the index keys. */
const MAX_CASE_BYTES = 350_000;

/** The case item as stored: keys, index keys and the record. */
export function toCaseItem(record: CaseRecord) {
  const item = { ...caseKey(record.caseNumber), entity: 'case', ...record, ...indexKeys(record) };
  if (Buffer.byteLength(JSON.stringify(item)) > MAX_CASE_BYTES)
    throw new RecordTooLargeError('case');
  return item;
}

/** The names of every index key attribute: never part of an entity. */
export const INDEX_ATTRIBUTES = new Set<string>(
  Object.values(INDEXES).flatMap((i) => [i.partitionKey, i.sortKey]),
);

/** The record of a stored case item. */
export function fromCaseItem(item: Record<string, unknown>): CaseRecord {
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

/** Whether the transaction was cancelled because its `index`th condition failed. */
export const isConditionFailure = (error: unknown, index: number) =>
  error instanceof TransactionCanceledException &&
  error.CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed';

/** Whether the transaction was cancelled because any of its conditions failed. */
export const anyConditionFailure = (error: unknown) =>
  error instanceof TransactionCanceledException &&
  (error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed');

/** An item as the document client returns it. */
export type Item = NonNullable<QueryCommandOutput['Items']>[number];

/** Every item a query finds, page after page. */
export async function* queryItems(
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
export async function queryAll(
  client: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
): Promise<Item[]> {
  const items: Item[] = [];
  for await (const item of queryItems(client, input)) items.push(item);
  return items;
}
