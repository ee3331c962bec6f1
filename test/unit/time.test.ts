import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  SHANGHAI_TIME_ZONE,
  shanghaiDate,
  shanghaiDateTime,
  shanghaiInstant,
  shanghaiMinute,
  shanghaiMonth,
  shanghaiParts,
  shanghaiYear,
} from '#core/time.ts';
import { formatTime } from '#functions/pages/dates.ts';

const at = (iso: string) => new Date(iso);

describe('Shanghai dates of an instant', () => {
  it('turns the day at 16:00 UTC, midnight in Shanghai', () => {
    // Act, Assess
    expect(shanghaiDate(at('2026-06-01T15:59:59.999Z'))).toBe('2026-06-01');
    expect(shanghaiDate(at('2026-06-01T16:00:00.000Z'))).toBe('2026-06-02');
    expect(shanghaiMinute(at('2026-06-01T16:00:00Z'))).toBe('2026-06-02T00:00');
  });

  it('turns the year, and so the case-number year, at 16:00 UTC on 31 December', () => {
    // Act, Assess
    expect(shanghaiYear(at('2026-12-31T15:59:59Z'))).toBe(2026);
    expect(shanghaiYear(at('2026-12-31T16:00:00Z'))).toBe(2027);
    expect(shanghaiMonth(at('2026-12-31T15:59:59Z'))).toBe('2026-12');
    expect(shanghaiMonth(at('2026-12-31T16:00:00Z'))).toBe('2027-01');
    expect(shanghaiDate(at('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
  });

  it('has a 29 February in a leap year and none in another', () => {
    // Act, Assess
    expect(shanghaiDate(at('2028-02-28T16:00:00Z'))).toBe('2028-02-29');
    expect(shanghaiDate(at('2028-02-29T16:00:00Z'))).toBe('2028-03-01');
    expect(shanghaiDate(at('2027-02-28T16:00:00Z'))).toBe('2027-03-01');
  });

  it('gives the wall-clock fields, months counted from 1', () => {
    // Act, Assess
    expect(shanghaiParts(at('2026-06-01T01:30:05Z'))).toEqual({
      year: 2026,
      month: 6,
      day: 1,
      hour: 9,
      minute: 30,
      second: 5,
    });
  });

  it('writes an export time as Beijing time and leaves what is not an instant alone', () => {
    // Act, Assess
    expect(shanghaiDateTime('2026-12-02T01:26:00Z')).toBe('2026-12-02 09:26（北京时间）');
    expect(shanghaiDateTime('2026-12-31T16:00:00Z')).toBe('2027-01-01 00:00（北京时间）');
    expect(shanghaiDateTime('not a time')).toBe('not a time');
  });

  describe('whatever the machine zone', () => {
    const zone = process.env.TZ;
    afterEach(() => {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    });

    it('reads the same day in New York as in UTC', () => {
      // Prepare: a zone 13 hours from Shanghai, with daylight saving
      process.env.TZ = 'America/New_York';

      // Act, Assess
      expect(new Date('2026-07-01T16:30:00Z').getDate()).toBe(1);
      expect(shanghaiDate(at('2026-07-01T16:30:00Z'))).toBe('2026-07-02');
      expect(shanghaiInstant('2026-07-02').toISOString()).toBe('2026-07-01T16:00:00.000Z');
    });
  });
});

describe('the instant of a Shanghai wall-clock reading', () => {
  it('puts a date at its midnight in Shanghai, 16:00 UTC the day before', () => {
    // Act, Assess
    expect(shanghaiInstant('2027-01-01').toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(shanghaiInstant('2028-02-29').toISOString()).toBe('2028-02-28T16:00:00.000Z');
  });

  it('reads a datetime-local value and gives back the minute it came from', () => {
    // Act
    const instant = shanghaiInstant('2026-12-02T09:26');

    // Assess
    expect(instant.toISOString()).toBe('2026-12-02T01:26:00.000Z');
    expect(shanghaiMinute(instant)).toBe('2026-12-02T09:26');
  });

  it.each(['2027-02-29', '2026-13-01', '2026-12-02T25:00', '2026-12-02 09:26', ''])(
    'names no instant for %j',
    (local) => {
      // Act, Assess
      expect(Number.isNaN(shanghaiInstant(local).getTime())).toBe(true);
    },
  );
});

describe('an instant on a page', () => {
  it('reads as Beijing time, the first minutes after midnight as 00, not 24', () => {
    // Act, Assess
    expect(formatTime('2026-01-20T06:05:00Z')).toBe('2026年1月20日 14:05');
    expect(formatTime('2026-01-19T16:05:00Z')).toBe('2026年1月20日 00:05');
    expect(formatTime('2026-12-31T16:00:00Z')).toBe('2027年1月1日 00:00');
    expect(formatTime('soon')).toBe('soon');
  });
});

// ---------------------------------------------------------------------------------------------
// No second copy of the offset

const ROOT = join(import.meta.dirname, '../..');
const SCANNED = ['functions', 'infra', 'site/src', 'scripts'];
const SKIPPED_DIRS = new Set(['node_modules', 'cdk.out', 'dist', '.astro']);
const THE_MODULE = 'functions/core/time.ts';

/**
 * Ways to hand-code UTC+8. Eight hours in seconds alone (`8 * 60 * 60`) is not here: two session
 * lengths are eight hours (infra/local/identity.ts, oidc.ts); as an offset it is in milliseconds.
 */
const OFFSETS: readonly RegExp[] = [
  /\b8\s*\*\s*60\s*\*\s*60\s*\*\s*1_?000\b/, // 8 * 60 * 60 * 1000
  /\b8\s*\*\s*3_?600(_?000)?\b/, // 8 * 3600, 8 * 3600_000, 8 * 3_600_000
  /\b28_?800(_?000)?\b/, // 28800 s, 28800000 ms
  /\b480\s*\*\s*60/, // 480 minutes
  /[+]08:?00\b/, // an ISO offset
  /\b(UTC|GMT)\s*[+]\s*0?8\b/,
  /['"`]Asia\/Shanghai['"`]/, // the zone's name: SHANGHAI_TIME_ZONE instead
  /getTimezoneOffset/, // the machine's zone, which is UTC in Lambda
];

/** The code of a line: a comment line is none, a trailing `// …` comment is cut off. */
function codeOf(line: string): string {
  const trimmed = line.trim();
  if (trimmed.startsWith('*') || trimmed.startsWith('/*') || trimmed.startsWith('//')) return '';
  return line.replace(/\s\/\/\s.*$/, '');
}

/** The 1-based lines of `text` whose code holds a hand-coded offset. */
function offsetLines(text: string): number[] {
  return text
    .split('\n')
    .flatMap((line, i) => (OFFSETS.some((re) => re.test(codeOf(line))) ? [i + 1] : []));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : sourceFiles(path);
    return /\.(ts|tsx|mts|js|mjs|astro)$/.test(entry.name) ? [path] : [];
  });
}

describe('the UTC+8 offset', () => {
  it('is caught in code, whichever way it is written, and not in comments', () => {
    // Prepare
    const text = [
      '/** Midnight in Asia/Shanghai (UTC+8). */',
      'const a = new Date(ms + 8 * 60 * 60 * 1000);',
      "const b = d.toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });",
      'const c = new Date(ms + 8 * 3_600_000); // UTC+8',
      "const d = '2026-01-01T00:00:00+08:00';",
      '// 8 * 3600_000 is the offset',
      'const e = 8 * 60 * 60; // an eight-hour session, in seconds',
    ].join('\n');

    // Act, Assess
    expect(offsetLines(text)).toEqual([2, 3, 4, 5]);
  });

  it(`is written only in ${THE_MODULE}`, () => {
    // Act
    const found = SCANNED.flatMap((dir) => sourceFiles(join(ROOT, dir)))
      .map((file) => relative(ROOT, file))
      .filter((file) => file !== THE_MODULE)
      .flatMap((file) =>
        offsetLines(readFileSync(join(ROOT, file), 'utf8')).map((line) => `${file}:${line}`),
      );

    // Assess
    expect(found).toEqual([]);
  });

  it('is what the module itself uses', () => {
    // Act, Assess: the scan would be vacuous if the module did not hold the offset
    expect(offsetLines(readFileSync(join(ROOT, THE_MODULE), 'utf8')).length).toBeGreaterThan(0);
    expect(SHANGHAI_TIME_ZONE).toBe('Asia/Shanghai');
  });
});
