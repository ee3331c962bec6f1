import { defineConfig } from 'vitest/config';

// Four projects, run in this order by `npm test`: unit (no I/O), integration (the real local
// runtime on free ports), infra (CDK template assertions), e2e (Chromium against the runtime).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // No I/O and no module state a file leaves behind (env stubs and fake timers are undone
          // in afterEach): one module graph a worker, imported once rather than once a file
          // (19 s of CPU to 8 s).
          isolate: false,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // One DynamoDB Local for all, and one runtime per worker slot for the files that can
          // share one (sharedRuntime()). Two files at a time: most of a file's time is waiting on
          // its runtime, queues and schedules, not on a core.
          globalSetup: ['test/fixtures/runtime-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One module graph a worker: the SDK, zod and the fixtures are imported once rather than
          // once a file (about 100 s of the project's 400 s of CPU). The files that import
          // functions into their own process set env through fileEnv() and load through
          // loadFresh() (test/fixtures/integration.ts); tokens are kept by data folder.
          isolate: false,
          maxWorkers: 2,
          // Its own group: projects of one group must share one worker count.
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          // One module graph a worker: aws-cdk-lib is imported once rather than once a file, and
          // the files that read the deployed app share one synthesis (test/infra/synth.ts).
          isolate: false,
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // One module graph a worker, as integration: playwright, the SDK and the fixtures are
          // imported once rather than once a file (the project alone: 372 s of CPU to 317 s).
          // Each file launches and closes its own Chromium; nothing else is kept between files.
          isolate: false,
          globalSetup: ['test/fixtures/runtime-global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          maxWorkers: 2,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
