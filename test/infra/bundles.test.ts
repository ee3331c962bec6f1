/**
 * The functions' bundles, as `cdk synth` builds them with esbuild: the one synth of the infra
 * tests that bundles (the others synthesize with bundling off, test/infra/synth.ts).
 *
 * CDK bundles one function of each trigger kind and a stand-in with Chinese text, and the esbuild
 * arguments it used are recorded. Every manifest function is then bundled with those same flags,
 * in one esbuild run with every entry point: CDK starts esbuild once a function, which parses the
 * AWS SDK each time (esbuild's CPU for the 60 entries: 28 s one run each, 10 s in one run; this
 * file 32 s to 22 s). CDK's flags are the same for every function but the entry and the output
 * file, which the first test checks.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functions } from '#functions/manifest.ts';
import { TARGETS } from '../../bench/table.ts';
import { REPO_ROOT } from '../../infra/aws/paths.ts';
import {
  cleanUp,
  fakeFunction,
  logicalId,
  missingSiteDir,
  type Synthesized,
  synthesize,
} from './synth.ts';

/** One manifest function of each trigger kind: the ones CDK itself bundles here. */
const throughCdk = [...new Map(functions.map((f) => [f.trigger.kind, f])).values()];
const chinese = fakeFunction({
  name: 'chinese',
  entry: 'test/infra/fixtures/chinese-handler.ts',
  trigger: { kind: 'http', method: 'GET', path: '/api/chinese', auth: 'public' },
});
/** Every manifest entry, once (a few functions share one). */
const entries = [...new Set(functions.map((f) => f.entry))];

let synthesized: Synthesized;
/** Where the one esbuild run with every entry wrote its bundles, by path under the repository. */
let everyBundle: string;

beforeAll(() => {
  synthesized = synthesize({
    bundle: true,
    siteDir: missingSiteDir(),
    functions: [...throughCdk, chinese],
  });
  const [first] = synthesized.esbuildRuns ?? [];
  if (first === undefined) throw new Error('CDK ran no esbuild');
  everyBundle = mkdtempSync(join(tmpdir(), 'si-disputes-bundles-'));
  execFileSync(
    join(REPO_ROOT, 'node_modules', '.bin', 'esbuild'),
    [
      ...cdkFlags(first),
      ...entries.map((entry) => join(REPO_ROOT, entry)),
      `--outdir=${everyBundle}`,
      `--outbase=${REPO_ROOT}`,
      // CDK names its one output index.mjs; with several, each keeps its entry's name.
      '--out-extension:.js=.mjs',
      '--log-level=warning',
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
  );
}, 900_000);
afterAll(() => {
  cleanUp();
  if (everyBundle) rmSync(everyBundle, { recursive: true, force: true });
});

/** An esbuild run's flags: its arguments but the entry point and the output file. */
function cdkFlags(args: string[]): string[] {
  return args.filter((a) => a.startsWith('--') && !a.startsWith('--outfile='));
}

/** The directory of `name`'s bundle in the cloud assembly, from its code's S3 key. */
function bundleDirOf(name: string): string {
  const fn = synthesized.stack.functions.get(name);
  if (fn === undefined) throw new Error(`no function ${name} in the stack`);
  const resource = synthesized.template.toJSON().Resources[logicalId(fn.fn)] as {
    Properties: { Code: { S3Key: string } };
  };
  return join(
    synthesized.app.outdir,
    `asset.${resource.Properties.Code.S3Key.replace(/\.zip$/, '')}`,
  );
}

/** What every bundle must be: ESM that defines `require`, with the SDK inside, and a source map. */
function expectDeployable(file: string, name: string): void {
  const bundle = readFileSync(file, 'utf8');
  expect(bundle.startsWith("import { createRequire } from 'module';"), name).toBe(true);
  expect(bundle, name).not.toMatch(/from\s*["']@aws-sdk\//);
  expect(existsSync(`${file}.map`), name).toBe(true);
}

describe('the bundles', () => {
  it('are built by CDK with one set of esbuild flags, only the entry and output file differing', () => {
    const runs = synthesized.esbuildRuns ?? [];
    const bundled = [...throughCdk, chinese];
    expect(runs).toHaveLength(bundled.length);
    // The runs in order, one per function, each on its function's entry alone.
    expect(runs.map((args) => args.filter((a) => !a.startsWith('--')))).toEqual(
      bundled.map((f) => [join(REPO_ROOT, f.entry)]),
    );
    const flags = new Set(runs.map((args) => JSON.stringify(cdkFlags(args))));
    expect(flags.size).toBe(1);
    expect(runs[0]).toEqual(expect.arrayContaining(['--bundle', '--format=esm', '--minify']));
  });

  it('are ESM bundles that carry the AWS SDK and define require, for every function', () => {
    for (const spec of throughCdk)
      expectDeployable(join(bundleDirOf(spec.name), 'index.mjs'), spec.name);
    for (const spec of functions) {
      expectDeployable(join(everyBundle, spec.entry.replace(/\.ts$/, '.mjs')), spec.name);
    }
  });

  it("each stay within the bench's byte budget (1 MB), so that a size regression fails here", () => {
    // `npm run bench` reports the same budget but is not part of `npm test`. zod's `z` export (the
    // whole library, every locale) once put two functions over it (docs/decisions.md, Bench).
    const over = functions
      .map((spec) => ({
        name: spec.name,
        bytes: statSync(join(everyBundle, spec.entry.replace(/\.ts$/, '.mjs'))).size,
      }))
      .filter((b) => b.bytes > TARGETS.bundleBytes);
    expect(over).toEqual([]);
  });

  it('keep Chinese text as UTF-8, not as \\u escapes', () => {
    const bundle = readFileSync(join(bundleDirOf('chinese'), 'index.mjs'), 'utf8');
    expect(bundle).toContain('社会保险费征缴争议');
    expect(bundle).not.toMatch(/\\u[0-9A-Fa-f]{4}/);
  });
});
