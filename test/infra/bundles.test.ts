/**
 * The functions' bundles, as `cdk synth` builds them with esbuild: the one synth of the infra
 * tests that bundles (the others synthesize with bundling off, test/infra/synth.ts). Every
 * manifest function, and a stand-in with Chinese text to see how the bundle spells it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functions } from '#functions/manifest.ts';
import {
  cleanUp,
  fakeFunction,
  logicalId,
  missingSiteDir,
  type Synthesized,
  synthesize,
} from './synth.ts';

let synthesized: Synthesized;

beforeAll(() => {
  synthesized = synthesize({
    bundle: true,
    siteDir: missingSiteDir(),
    functions: [
      ...functions,
      fakeFunction({
        name: 'chinese',
        entry: 'test/infra/fixtures/chinese-handler.ts',
        trigger: { kind: 'http', method: 'GET', path: '/api/chinese', auth: 'public' },
      }),
    ],
  });
  // esbuild, once per function: about a minute on an idle two-core machine, far more on a busy one.
}, 900_000);
afterAll(cleanUp);

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

describe('the bundles', () => {
  it('are ESM bundles that carry the AWS SDK and define require', () => {
    for (const spec of functions) {
      const dir = bundleDirOf(spec.name);
      const bundle = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(bundle.startsWith("import { createRequire } from 'module';"), spec.name).toBe(true);
      expect(bundle, spec.name).not.toMatch(/from\s*["']@aws-sdk\//);
      expect(existsSync(join(dir, 'index.mjs.map')), spec.name).toBe(true);
    }
  });

  it('keep Chinese text as UTF-8, not as \\u escapes', () => {
    const bundle = readFileSync(join(bundleDirOf('chinese'), 'index.mjs'), 'utf8');
    expect(bundle).toContain('社会保险费征缴争议');
    expect(bundle).not.toMatch(/\\u[0-9A-Fa-f]{4}/);
  });
});
