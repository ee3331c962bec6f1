/** The adapters a case's transitions run on, wired once per process. */
import type { CaseStore, Clock, Notifier, Settings } from '#core/ports.ts';
import { dynamoCaseStore } from './case-store.ts';
import { systemClock } from './clock.ts';
import { notifier } from './notify-queue.ts';
import { dynamoSettings } from './settings.ts';

export interface CaseDeps {
  store: CaseStore;
  clock: Clock;
  settings: Settings;
  notifier: Notifier;
}

/** What every use case that fires a transition and tells the units needs; callers add the rest. */
export function caseDeps(): CaseDeps {
  return {
    store: dynamoCaseStore(),
    clock: systemClock,
    settings: dynamoSettings(),
    notifier: notifier(),
  };
}
