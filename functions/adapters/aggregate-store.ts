/**
 * Counters that move with case changes, in the change's own transaction (./case-store.ts):
 *
 * | item      | PK          | SK                   | notes                                      |
 * |-----------|-------------|----------------------|--------------------------------------------|
 * | statistic | STAT#<stat> | <key>                | a running total, e.g. returns per unit     |
 * | aggregate | AGG#<day>   | <stat>#<key>@<shard> | a daily count, sharded: ./counter-shards.ts |
 *
 * Daily aggregates live in one partition a day, so a report reads one partition per day of its
 * period, whatever the number of cases.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Aggregates, Count } from '#core/ports.ts';
import { dynamo } from './aws.ts';
import { tableName } from './config.ts';
import { addCounters, everySortKey, pickShard, shardSortKey } from './counter-shards.ts';
import { queryAll } from './table-items.ts';

/** A counter that moves with case changes, e.g. returns per unit. */
const statKey = (stat: string, key: string) => ({ PK: `STAT#${stat}`, SK: key });
/** A day's aggregates: one partition a day. */
const dayPartition = (day: string) => `AGG#${day}`;
/** One shard of a daily aggregate counter. */
const aggregateKey = (day: string, stat: string, key: string, shard: number) => ({
  PK: dayPartition(day),
  SK: shardSortKey(stat, key, shard),
});

/** Every key a daily counter may be stored under (each shard, and the item before sharding). */
export const everyAggregateKey = (day: string, stat: string, key: string) =>
  everySortKey(stat, key).map((SK) => ({ PK: dayPartition(day), SK }));

/**
 * A counter moved by one. Each daily aggregate is moved in shard `shard`, one drawn per
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
export const countUpdates = (table: string, counts: readonly Count[]) => {
  const shard = pickShard();
  return counts.map((c) => countUpdate(table, c, shard));
};

/** The value of a running total (0 when it was never counted). */
export async function statCount(
  client: DynamoDBDocumentClient,
  table: string,
  stat: string,
  key: string,
): Promise<number> {
  const out = await client.send(
    new GetCommand({ TableName: table, Key: statKey(stat, key), ConsistentRead: true }),
  );
  return Number(out.Item?.n ?? 0);
}

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
            ExpressionAttributeValues: { ':pk': dayPartition(day) },
          }),
        ),
      );
      // Shards and counters stored before sharding alike, by the counter they belong to.
      return addCounters(pages.flat());
    },
  };
}
