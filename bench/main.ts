/**
 * `npm run bench` (issue 7; not part of `npm test`): one run on the local stack measures
 * (a) intake beside its floor, with the items and the DynamoDB requests it makes per case, (b) the
 * inbox query and (c) report building at 10 and 100 thousand cases, (d) every function's bundle
 * and cold import beside a reference bundle's, (e) the stack's resident memory. Timings are judged
 * as ratios within the run (issue 15): a shared machine cannot hold an absolute time. Prints one
 * table, writes bench/results/latest.json, and exits 1 when a target is missed.
 *
 * BENCH_SMALL=1 runs the same steps at small sizes (200 cases of intake, 1 and 5 thousand seeded)
 * to try the bench out; its results are written to bench/results/small.json instead.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { removeDataDir, type TestRuntime } from '#test/fixtures/runtime.ts';
import { addDemoAccounts, tokenFor } from '#test/fixtures/staff.ts';
import { benchBundles } from './bundles.ts';
import { benchInbox, type InboxResult } from './inbox.ts';
import { benchFloor, benchIntake, benchItemsPerCase } from './intake.ts';
import { cpuDuring, sampleRss, totalMb, treeRss } from './proc.ts';
import { benchReport, type ReportResult, seedCases } from './report.ts';
import { benchRequestsPerCase } from './requests.ts';
import { startStack } from './stack.ts';
import { checks, type Results, TARGETS, table } from './table.ts';

const root = resolve(import.meta.dirname, '..');
const small = process.env.BENCH_SMALL === '1';
const config = small
  ? {
      intakeCases: 200,
      itemCases: 5,
      sizes: [1_000, 5_000],
      importRuns: 3,
      inboxRounds: 3,
      inboxSamples: 100,
    }
  : {
      intakeCases: 1_000,
      // One of each kind of case the load cycles through (test/fixtures/cases.ts).
      itemCases: 5,
      sizes: [10_000, 100_000],
      importRuns: 7,
      inboxRounds: 5,
      inboxSamples: 200,
    };
const CONCURRENCY = 16;
/** The office's inbox: the largest, since joint and unplaced cases of the intake load go there. */
const INBOX_UNIT = 'office';

const log = (message: string) => console.error(`[bench] ${message}`);
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What is measured on the stack; the bundles and the requests per case are measured apart. */
type OnStack = Omit<Results, 'bundles' | 'reference' | 'requests'>;

async function onStack(rt: TestRuntime): Promise<OnStack> {
  const pid = rt.process.pid ?? 0;
  const whole = sampleRss(pid, 1000);
  try {
    // Idle: started, schedulers and pollers running, nothing asked of it.
    await pause(3000);
    const idle = sampleRss(pid, 250);
    await pause(3000);
    const idleRss = idle.stop();

    // On the table as started, before any load: few items, so each case's writes can be told.
    let t = performance.now();
    const items = await benchItemsPerCase(rt, config.itemCases);
    log(`items written per case: ${items.each.join(', ')} (${seconds(t)})`);

    t = performance.now();
    const floor = await cpuDuring(pid, () => benchFloor(rt, config.intakeCases, CONCURRENCY));
    log(`floor: ${floor.result.casesPerSecond.toFixed(1)} cases/s (${seconds(t)})`);

    t = performance.now();
    const load = sampleRss(pid, 250);
    const intake = await cpuDuring(pid, () => benchIntake(rt, config.intakeCases, CONCURRENCY));
    const loadRss = load.stop();
    log(`intake: ${intake.result.casesPerSecond.toFixed(1)} cases/s (${seconds(t)})`);

    await addDemoAccounts(rt);
    const token = await tokenFor(rt, `${INBOX_UNIT}.staff`);
    const inbox: InboxResult[] = [];
    const report: ReportResult[] = [];
    let seeded = 0;
    for (const size of config.sizes) {
      t = performance.now();
      await seedCases(rt.db, size - seeded, seeded);
      seeded = size;
      log(`seeded ${size} cases (${seconds(t)})`);
      t = performance.now();
      inbox.push(
        await benchInbox(rt, {
          cases: size,
          unit: INBOX_UNIT,
          token,
          rounds: config.inboxRounds,
          samples: config.inboxSamples,
        }),
      );
      report.push(await benchReport(rt.db, size));
      log(`inbox and report at ${size} (${seconds(t)})`);
    }
    const peak = whole.stop();
    return {
      floor: floor.result,
      intake: intake.result,
      items,
      cpuSeconds: { floor: floor.cpuSeconds, intake: intake.cpuSeconds },
      inbox,
      report,
      memory: {
        idleMb: idleRss.peakMb,
        loadMb: loadRss.peakMb,
        peakMb: Math.max(peak.peakMb, loadRss.peakMb),
        idleByProcess: idleRss.peak,
        loadByProcess: loadRss.peak,
      },
    };
  } finally {
    whole.stop();
  }
}

async function main(): Promise<number> {
  const started = performance.now();
  const loadAtStart = loadavg();
  log(
    `${small ? 'small sizes (BENCH_SMALL=1)' : 'full run'}: bundles first, then the stack; ` +
      `load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} CPUs`,
  );
  let t = performance.now();
  const { reference, functions: bundles } = await benchBundles(root, config.importRuns);
  const ratios = bundles.map((b) => b.importRatio).sort((a, b) => a - b);
  log(
    `bundles and imports (${seconds(t)}): the reference ${reference.importMs.toFixed(0)} ms, ` +
      `functions ${ratios.map((r) => r.toFixed(2)).join(' ')} × it`,
  );

  // On a runtime of its own, before the measured stack starts.
  t = performance.now();
  const requests = await benchRequestsPerCase(config.itemCases);
  log(`DynamoDB requests per case: ${requests.mean.toFixed(1)} (${seconds(t)})`);

  t = performance.now();
  const rt = await startStack();
  log(`stack up (${seconds(t)}), ${totalMb(treeRss(rt.process.pid ?? 0)).toFixed(0)} MB`);
  const stop = async () => {
    await rt.stop();
    removeDataDir(rt.dataDir);
  };
  const interrupted = () => void stop().then(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  let onstack: OnStack;
  try {
    onstack = await onStack(rt);
  } catch (error) {
    log(`the stack said:\n${rt.output().split('\n').slice(-30).join('\n')}`);
    throw error;
  } finally {
    await stop();
  }

  const results: Results = { ...onstack, requests, reference, bundles };
  const all = checks(results);
  console.log(table(results, all));
  const missed = all.filter((c) => !c.ok);
  // What weighs most in a bundle over the limit, from esbuild's metafile.
  for (const b of bundles.filter((x) => x.bytes > TARGETS.bundleBytes)) {
    const top = b.heaviest.map((h) => `${h.module} ${(h.bytes / 1000).toFixed(0)} kB`);
    console.log(`${b.functions.join(', ')}: ${top.join(', ')}`);
  }
  const took = (performance.now() - started) / 1000;
  console.log(
    missed.length === 0
      ? `All targets met (${took.toFixed(0)} s).`
      : `Missed: ${missed.map((c) => `${c.figure} = ${Number(c.value.toFixed(2))} (${c.target})`).join('; ')} (${took.toFixed(0)} s).`,
  );
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(
    join(root, `bench/results/${small ? 'small' : 'latest'}.json`),
    `${JSON.stringify(
      {
        at: new Date().toISOString(),
        machine: {
          cpus: cpus().length,
          cpu: cpus()[0]?.model,
          node: process.version,
          // Other work on the machine slows every figure; ratios suffer less than absolutes.
          loadAverage: { start: loadAtStart, end: loadavg() },
        },
        config: { ...config, concurrency: CONCURRENCY, inboxUnit: INBOX_UNIT },
        seconds: Math.round(took),
        targets: TARGETS,
        results,
        checks: all,
        ok: missed.length === 0,
      },
      null,
      2,
    )}\n`,
  );
  return missed.length === 0 ? 0 : 1;
}

process.exitCode = await main();
