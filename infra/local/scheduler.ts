/**
 * Fires the manifest's schedules like EventBridge Scheduler: cron in Asia/Shanghai, the input
 * `{ "schedule": <name> }`, no overlapping runs of one schedule.
 */
import { Cron } from 'croner';
import type { LambdaFunction } from './lambda.ts';

export interface Scheduler {
  running(): boolean;
  jobs(): { name: string; next: string | null }[];
  stop(): void;
}

export function startScheduler(
  functions: readonly LambdaFunction[],
  log: (message: string) => void,
): Scheduler {
  const jobs = functions.flatMap((fn) => {
    const trigger = fn.spec.trigger;
    if (trigger.kind !== 'schedule') return [];
    const job = new Cron(trigger.cron, { timezone: trigger.timezone, protect: true }, async () => {
      try {
        await fn.invoke({ schedule: fn.spec.name });
      } catch (error) {
        log(`schedule ${fn.spec.name} failed: ${(error as Error).message}`);
      }
    });
    return [{ name: fn.spec.name, job }];
  });
  let stopped = false;
  return {
    running: () => !stopped && jobs.every((j) => j.job.isRunning()),
    jobs: () => jobs.map((j) => ({ name: j.name, next: j.job.nextRun()?.toISOString() ?? null })),
    stop() {
      stopped = true;
      for (const j of jobs) j.job.stop();
    },
  };
}
