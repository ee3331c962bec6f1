/** The adapters the payer's look-ups by access code run on, wired once per process. */
import type { CaseStore, Ids, RateLimiter, Settings } from '#core/ports.ts';
import { dynamoCaseStore } from './case-store.ts';
import { ids } from './ids.ts';
import { dynamoRateLimiter } from './rate-limiter.ts';
import { dynamoSettings } from './settings.ts';

interface PayerLookupDeps {
  store: CaseStore;
  settings: Settings;
  ids: Ids;
  limiter: RateLimiter;
  warn: (message: string, fields: Record<string, string>) => void;
}

/**
 * The case store, settings, ids and the wrong-code limits; `logger` hears of someone guessing at
 * one case (for the operators: the case number only).
 */
export function payerDeps(logger: {
  warn: (message: string, fields: Record<string, string>) => void;
}): PayerLookupDeps {
  return {
    store: dynamoCaseStore(),
    settings: dynamoSettings(),
    ids,
    limiter: dynamoRateLimiter(),
    warn: (message, fields) => logger.warn(message, fields),
  };
}
