import { describe, expect, it } from 'vitest';
import { functions, MAX_HTTP_TIMEOUT_SECONDS } from '#functions/manifest.ts';

/** API Gateway's integration timeout for an HTTP API (its maximum, and the default). */
const GATEWAY_TIMEOUT_SECONDS = 30;

const httpFunctions = functions.filter(
  (f) => f.trigger.kind === 'http' || f.trigger.kind === 'http-default',
);

describe('the manifest’s HTTP functions', () => {
  it('each end within 25 s, before API Gateway gives up on them at 30 s', () => {
    expect(httpFunctions.length).toBeGreaterThan(0);
    const tooLong = httpFunctions
      .filter((f) => f.timeoutSeconds > 25)
      .map((f) => `${f.name}: ${f.timeoutSeconds} s`);
    expect(tooLong).toEqual([]);
    expect(MAX_HTTP_TIMEOUT_SECONDS).toBeLessThanOrEqual(25);
    expect(MAX_HTTP_TIMEOUT_SECONDS).toBeLessThan(GATEWAY_TIMEOUT_SECONDS);
  });

  it('include exactly one $default function, which touches nothing', () => {
    const fallback = functions.filter((f) => f.trigger.kind === 'http-default');
    expect(fallback.map((f) => f.name)).toEqual(['no-route']);
    expect(fallback[0]?.access).toEqual({ table: 'none', sendTo: [] });
  });
});
