/**
 * (d) Each function's bundle as infra/aws deploys it, and how long a fresh Node process takes to
 * import it. The esbuild options are the ones aws-cdk-lib's NodejsFunction passes for
 * infra/aws/constructs/manifest-function.ts (ESM, node22, minified, AWS SDK bundled, the
 * createRequire banner, main fields module,main, source map without sources, UTF-8 output). The
 * construct passes the charset as `esbuildArgs`, since the pinned aws-cdk-lib (2.276.0) drops its
 * `charset` option (aws/aws-cdk#32649); the bench builds what is deployed.
 *
 * The import time is judged against a reference bundle built the same way in the same run
 * (./reference-entry.ts: the DynamoDB and SQS clients, middy and zod, nothing of ours), its fresh
 * processes interleaved with the functions' so that other work on the machine weighs on both
 * alike: on a busy machine every absolute time moved by half or more, their ratios did not.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { functions } from '#functions/manifest.ts';
import { ESM_REQUIRE_BANNER } from '../infra/aws/esm-banner.ts';
import { median } from './stats.ts';

export interface BundleResult {
  /** The manifest functions built from this entry (two entries serve two functions each). */
  functions: string[];
  entry: string;
  bytes: number;
  /** Median over `runs` fresh processes of the time to import the bundle, in ms (wall clock). */
  importMs: number;
  importRuns: number[];
  /** Median CPU time of the same imports: what the wall time would be on an idle machine. */
  importCpuMs: number;
  /** `importMs` over the reference bundle's, measured in the same rounds. */
  importRatio: number;
  /** The heaviest inputs by bytes in the output, for finding what to cut. */
  heaviest: { module: string; bytes: number }[];
}

/** The options aws-cdk-lib hands esbuild for the manifest's functions. */
export function cdkBuildOptions(root: string, entry: string, outfile: string): BuildOptions {
  return {
    absWorkingDir: root,
    entryPoints: [join(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    mainFields: ['module', 'main'],
    charset: 'utf8',
    banner: { js: ESM_REQUIRE_BANNER },
    tsconfig: join(root, 'tsconfig.json'),
    logLevel: 'silent',
    metafile: true,
  };
}

/** Environment a deployed function has at import time (values are placeholders). */
const LAMBDA_ENV = {
  AWS_REGION: 'cn-northwest-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  TABLE_NAME: 'si-disputes',
  QUEUE_URLS: JSON.stringify({
    tax: 'https://sqs.invalid/1/unit-tax',
    notifications: 'https://sqs.invalid/1/notifications',
  }),
  DEAD_LETTER_URLS: JSON.stringify({ tax: 'https://sqs.invalid/1/unit-tax-dlq' }),
  ATTACHMENTS_BUCKET: 'bench-attachments',
  NOTIFIER: 'aws',
  NOTIFY_EMAIL_FROM: '',
  UNIT_EMAILS: '{}',
  POWERTOOLS_SERVICE_NAME: 'si-disputes',
  POWERTOOLS_LOG_LEVEL: 'WARN',
  LOG_LEVEL: 'WARN',
};

/** Imports the bundle in a new process and prints the milliseconds the import took, wall and CPU. */
const IMPORT_PROBE =
  'const c = process.cpuUsage(); const t = performance.now(); await import(process.argv[1]); ' +
  'const w = performance.now() - t; const u = process.cpuUsage(c); ' +
  "process.stdout.write(w + ' ' + (u.user + u.system) / 1000);";

function importOnce(file: string): { wallMs: number; cpuMs: number } {
  const out = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', IMPORT_PROBE, pathToFileURL(file).href],
    {
      env: { PATH: process.env.PATH ?? '', ...LAMBDA_ENV },
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  const [wallMs, cpuMs] = out.stdout.split(' ').map(Number);
  if (out.status !== 0 || wallMs === undefined || cpuMs === undefined || Number.isNaN(wallMs)) {
    throw new Error(
      // The thrown error's own line, not the minified source line above it.
      `importing ${file} failed: ${out.stderr.split('\n').find((l) => /Error\b/.test(l)) ?? out.stderr.slice(-300)}`,
    );
  }
  return { wallMs, cpuMs };
}

/** Bytes each input contributes to the output, grouped by package (or file of ours). */
export function heaviestInputs(metafile: Metafile, top = 6): { module: string; bytes: number }[] {
  const byModule = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
      const module = match?.[1] ?? path;
      byModule.set(module, (byModule.get(module) ?? 0) + bytesInOutput);
    }
  }
  return [...byModule]
    .map(([module, bytes]) => ({ module, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, top);
}

/** The reference bundle's entry and the name it is shown under. */
export const REFERENCE_ENTRY = 'bench/reference-entry.ts';

export interface Bundles {
  /** The reference: the libraries alone (its `importRatio` is 1). */
  reference: BundleResult;
  functions: BundleResult[];
}

/**
 * Builds every manifest entry and the reference, then times their imports in `runs` rounds: each
 * round imports the reference and then every function once, each in a fresh process.
 */
export async function benchBundles(root: string, runs: number): Promise<Bundles> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-bundles-'));
  const entries = new Map<string, string[]>([[REFERENCE_ENTRY, ['reference']]]);
  for (const fn of functions) entries.set(fn.entry, [...(entries.get(fn.entry) ?? []), fn.name]);
  try {
    const built = [];
    for (const [entry, names] of entries) {
      const out = join(dir, names[0] ?? 'fn');
      mkdirSync(out, { recursive: true });
      const outfile = join(out, 'index.mjs');
      const result = await build(cdkBuildOptions(root, entry, outfile));
      built.push({ entry, names, outfile, metafile: result.metafile });
    }
    const imports = built.map(() => [] as { wallMs: number; cpuMs: number }[]);
    for (let round = 0; round < runs; round++) {
      for (const [n, b] of built.entries()) imports[n]?.push(importOnce(b.outfile));
    }
    const results: BundleResult[] = built.map((b, n) => {
      const importRuns = (imports[n] ?? []).map((i) => i.wallMs);
      return {
        functions: b.names,
        entry: b.entry,
        bytes: statSync(b.outfile).size,
        importMs: median(importRuns),
        importRuns,
        importCpuMs: median((imports[n] ?? []).map((i) => i.cpuMs)),
        importRatio: Number.NaN,
        heaviest: b.metafile ? heaviestInputs(b.metafile) : [],
      };
    });
    const [reference, ...rest] = results;
    if (!reference) throw new Error('the reference bundle was not built');
    for (const r of results) r.importRatio = r.importMs / reference.importMs;
    return { reference, functions: rest };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
