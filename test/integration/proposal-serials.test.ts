import { describe, expect, it } from 'vitest';
import { dynamoProposalSerials } from '#adapters/proposal-serials.ts';
import { formatProposalSerial } from '#core/identifiers.ts';
import { TABLE_NAME } from '#functions/manifest.ts';
import { sharedRuntime } from '#test/fixtures/runtime.ts';

// The shared runtime numbers this year's proposals for other files; the counters here are of
// years no case of the tests is filed in, so they start at 1.
const rt = sharedRuntime();

describe('proposal serial numbers', () => {
  it('are 1..N without gaps or duplicates when 24 cases ask at once', async () => {
    const serials = dynamoProposalSerials(rt.db, TABLE_NAME);
    const cases = Array.from({ length: 24 }, (_, i) => `2016-${String(900 + i).padStart(6, '0')}`);

    const got = await Promise.all(cases.map((c) => serials.allocate(2016, c)));

    expect(got.map((g) => g.n).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 24 }, (_, i) => i + 1),
    );
    expect(formatProposalSerial(2016, got[0]?.n ?? 0)).toMatch(/^\[2016\]第\(\d+\)号$/);
  });

  it('give a case that asks again the number it already has', async () => {
    const serials = dynamoProposalSerials(rt.db, TABLE_NAME);

    const [a, b] = await Promise.all([
      serials.allocate(2015, '2015-000001'),
      serials.allocate(2015, '2015-000001'),
    ]);
    const next = await serials.allocate(2015, '2015-000002');

    expect(a).toEqual({ year: 2015, n: 1 });
    expect(b).toEqual(a);
    expect(next).toEqual({ year: 2015, n: 2 });
  });
});
