/**
 * Sharded daily aggregates (issue 14, point 7). Every intake moves the day's `received#all`, its
 * channel and a few more counters; in one item each, every intake transaction of the day would
 * touch the same items, and real DynamoDB cancels concurrent transactions on one item. So each
 * write adds to one of `COUNTER_SHARDS` copies, drawn at random once per transaction (one draw for
 * all its counters: two transactions then meet only when they draw the same shard), and a sum
 * reads them all. Counters written before sharding are one item without a shard: still summed.
 *
 * | item                      | PK          | SK                     | attributes             |
 * |---------------------------|-------------|------------------------|------------------------|
 * | a counter (before shards) | AGG#<day>   | <stat>#<key>           | n, label?              |
 * | a shard of a counter      | AGG#<day>   | <stat>#<key>@<shard>   | n, label?, counter     |
 *
 * `counter` names the counter a shard belongs to, so that a reader never parses a key (a key could
 * hold any character).
 */

/** Enough that a burst rarely meets on one shard; a day's partition stays one query page. */
export const COUNTER_SHARDS = 10;

/** How a counter is named in sums: `<stat>#<key>`, as before sharding. */
export const counterName = (stat: string, key: string) => `${stat}#${key}`;

/** The sort key of one shard of a counter in its day's partition. */
export const shardSortKey = (stat: string, key: string, shard: number) =>
  `${counterName(stat, key)}@${shard}`;

/** A shard for one write, uniform over `COUNTER_SHARDS`. */
export function pickShard(random: () => number = Math.random): number {
  return Math.min(COUNTER_SHARDS - 1, Math.floor(random() * COUNTER_SHARDS));
}

/** Every sort key a counter may be stored under: the unsharded one and each shard. */
export function everySortKey(stat: string, key: string): string[] {
  return [
    counterName(stat, key),
    ...Array.from({ length: COUNTER_SHARDS }, (_, i) => shardSortKey(stat, key, i)),
  ];
}

/** A stored counter item, as a day's query returns it. */
export interface CounterItem {
  SK?: unknown;
  counter?: unknown;
  n?: unknown;
  label?: unknown;
}

/**
 * Adds counter items up by counter, shards and unsharded items alike, into `totals`. The label is
 * the last one seen (every shard of a counter carries the same one).
 */
export function addCounters(
  items: Iterable<CounterItem>,
  totals: Map<string, { n: number; label?: string }> = new Map(),
): Map<string, { n: number; label?: string }> {
  for (const item of items) {
    const name = String(item.counter ?? item.SK);
    const current = totals.get(name) ?? { n: 0 };
    const label = item.label ? String(item.label) : current.label;
    totals.set(name, { n: current.n + Number(item.n ?? 0), ...(label ? { label } : {}) });
  }
  return totals;
}
