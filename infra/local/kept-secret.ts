/** Random secrets of the local runtime, made on first start and kept in DATA_DIR. */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The secret in `DATA_DIR/identity/<name>` (32 random bytes, base64url, mode 0600), made when
 * missing: what it signs or seals (attachment URLs, cookies, the client's secret) outlives a
 * restart.
 */
export function keptSecret(dataDir: string, name: string): string {
  const dir = join(dataDir, 'identity');
  const file = join(dir, name);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}
