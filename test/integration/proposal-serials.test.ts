import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoProposalSerials } from '#adapters/proposal-serials.ts';
import { formatProposalSerial } from '#core/identifiers.ts';
import { TABLE_NAME } from '#functions/manifest.ts';
import { removeDataDir, startTestRuntime, type TestRuntime } from '#test/fixtures/runtime.ts';

let rt: TestRuntime;

beforeAll(async () => {
  rt = await startTestRuntime();
});

afterAll(async () => {
  await rt?.stop();
  if (rt) removeDataDir(rt.dataDir);
});

describe('proposal serial numbers', () => {
  it('are 1..N without gaps or duplicates when 24 cases ask at once', async () => {
    const serials = dynamoProposalSerials(rt.db, TABLE_NAME);
    const cases = Array.from({ length: 24 }, (_, i) => `2026-${String(900 + i).padStart(6, '0')}`);

    const got = await Promise.all(cases.map((c) => serials.allocate(2026, c)));

    expect(got.map((g) => g.n).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 24 }, (_, i) => i + 1),
    );
    expect(formatProposalSerial(2026, got[0]?.n ?? 0)).toMatch(/^\[2026\]第\(\d+\)号$/);
  });

  it('give a case that asks again the number it already has', async () => {
    const serials = dynamoProposalSerials(rt.db, TABLE_NAME);

    const [a, b] = await Promise.all([
      serials.allocate(2025, '2025-000001'),
      serials.allocate(2025, '2025-000001'),
    ]);
    const next = await serials.allocate(2025, '2025-000002');

    expect(a).toEqual({ year: 2025, n: 1 });
    expect(b).toEqual(a);
    expect(next).toEqual({ year: 2025, n: 2 });
  });
});
