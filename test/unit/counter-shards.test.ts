/**
 * Sharded daily aggregates (issue 14, point 7): a sum counts every shard of a counter and the
 * counter as it was stored before sharding, so reports stay exact across the change. No I/O.
 */
import { describe, expect, it } from 'vitest';
import {
  addCounters,
  COUNTER_SHARDS,
  everySortKey,
  pickShard,
  shardSortKey,
} from '#adapters/counter-shards.ts';

describe('summing sharded counters', () => {
  it('adds every shard of a counter and the unsharded item of the same counter', () => {
    const totals = addCounters([
      // Stored before sharding: the sort key is the counter.
      { SK: 'received#all', n: 5 },
      { SK: shardSortKey('received', 'all', 0), counter: 'received#all', n: 2 },
      { SK: shardSortKey('received', 'all', 7), counter: 'received#all', n: 3 },
      { SK: shardSortKey('channel', 'online', 3), counter: 'channel#online', n: 4 },
    ]);
    expect(Object.fromEntries(totals)).toEqual({
      'received#all': { n: 10 },
      'channel#online': { n: 4 },
    });
  });

  it('reads the counter from its attribute, not by parsing the key', () => {
    // A key holding the separators must still land on its own counter.
    const totals = addCounters([
      { SK: 'remedy#a@b#c@1', counter: 'remedy#a@b#c', n: 1 },
      { SK: 'remedy#a@b#c@9', counter: 'remedy#a@b#c', n: 1 },
    ]);
    expect(totals.get('remedy#a@b#c')).toEqual({ n: 2 });
  });

  it('keeps the label a counter carries, and adds days up into one total', () => {
    const day1 = [{ SK: 'payer#h@1', counter: 'payer#h', n: 1, label: '张*' }];
    const day2 = [{ SK: 'payer#h', n: 2 }];
    const totals = addCounters(day2, addCounters(day1));
    expect(totals.get('payer#h')).toEqual({ n: 3, label: '张*' });
  });
});

describe('shards', () => {
  it('draws every shard and none outside them', () => {
    expect(pickShard(() => 0)).toBe(0);
    expect(pickShard(() => 0.999_999)).toBe(COUNTER_SHARDS - 1);
    expect(pickShard(() => 1)).toBe(COUNTER_SHARDS - 1);
  });

  it('lists every key a counter may be stored under, for deleting it whole', () => {
    const keys = everySortKey('payer', 'h');
    expect(keys).toHaveLength(COUNTER_SHARDS + 1);
    expect(keys).toContain('payer#h');
    expect(keys).toContain(shardSortKey('payer', 'h', COUNTER_SHARDS - 1));
    expect(new Set(keys).size).toBe(keys.length);
  });
});
