/**
 * `npm run build:site`: builds the static site into a fresh folder under `site/.builds/`, then
 * points `site/dist` at it by renaming a new symbolic link over the old one, which is atomic. A
 * runtime already serving `site/dist` (a second `npm start` from the same checkout, issue 16)
 * sees the old pages or the new ones, never a missing folder. Astro empties its output folder
 * first, which is why it never builds into `site/dist` itself.
 *
 * The build before the current one is kept, for a request that resolved the link just before the
 * swap; other builds are removed once they are an hour old, so that a build another process is
 * still writing is left alone.
 */
import { execFileSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const builds = join(root, 'site/.builds');
const dist = join(root, 'site/dist');

mkdirSync(builds, { recursive: true });
const name = `${new Date().toISOString().replaceAll(/[-:.]/g, '')}-${process.pid}`;
execFileSync(
  join(root, 'node_modules/.bin/astro'),
  ['build', '--root', 'site', '--outDir', join(builds, name), '--silent'],
  { cwd: root, stdio: 'inherit', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } },
);

const previous = currentTarget();
// A checkout from before the swap has a real folder here: move it aside once.
if (previous === 'folder') rmSync(dist, { recursive: true, force: true });
const link = join(builds, `.link-${process.pid}`);
rmSync(link, { force: true });
symlinkSync(join('.builds', name), link);
renameSync(link, dist);

const keep = new Set([name, typeof previous === 'string' ? previous : '']);
const anHourAgo = Date.now() - 60 * 60 * 1000;
for (const old of readdirSync(builds)) {
  const path = join(builds, old);
  if (!keep.has(old) && lstatSync(path).mtimeMs < anHourAgo) {
    rmSync(path, { recursive: true, force: true });
  }
}

/** The build `site/dist` points at, `folder` for a real folder, undefined for none. */
function currentTarget(): string | 'folder' | undefined {
  try {
    if (!lstatSync(dist).isSymbolicLink()) return 'folder';
    return readlinkSync(dist).split('/').pop();
  } catch {
    return undefined;
  }
}
