/** The adapters a staff use case runs on, wired once per process. */
import type { StaffDeps } from '#core/staff.ts';
import { dynamoCaseStore } from './case-store.ts';
import { systemClock } from './clock.ts';
import { sqsDispatcher } from './dispatcher.ts';
import { notifier } from './notify-queue.ts';
import { dynamoProposalSerials } from './proposal-serials.ts';
import { dynamoSettings } from './settings.ts';

export function staffDeps(): StaffDeps {
  return {
    store: dynamoCaseStore(),
    clock: systemClock,
    settings: dynamoSettings(),
    dispatcher: sqsDispatcher(),
    serials: dynamoProposalSerials(),
    notifier: notifier(),
  };
}
