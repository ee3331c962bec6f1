import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: manifest entries, the lock file and tsconfig are relative to it. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Where `npm run build:site` writes the static site. */
export const SITE_DIST = join(REPO_ROOT, 'site', 'dist');
