/**
 * `npm start`: everything on this machine. Options come from the environment (PORT, DATA_DIR,
 * DYNAMODB_PORT, SQS_PORT, LOG_LEVEL, OIDC_CLIENT_ID) and the flag `--demo`.
 */

import { chmodSync, existsSync } from 'node:fs';
import { findPackageJSON } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedDemo } from './demo.ts';
import { StartupError } from './errors.ts';
import { startRuntime } from './runtime.ts';

// Where the handler entries are: the repository, or the tests' bundle of the runtime, where this
// file is infra/local/main.js beside the handlers' bundles (test/fixtures/local-bundle.ts).
const handlerRoot = fileURLToPath(new URL('../..', import.meta.url));
// The repository (its site, its .data), from either place.
const root = dirname(findPackageJSON(import.meta.url) ?? handlerRoot);
const args = process.argv.slice(2);

if (args.includes('--help')) {
  console.log(`Usage: npm start [-- --demo]

  --demo   seed demo data (loopback only; never in AWS)

Environment: PORT (4321), DATA_DIR (./.data), DYNAMODB_PORT (free port), SQS_PORT (free port),
LOG_LEVEL (WARN), OIDC_CLIENT_ID (si-disputes-local: the site's client at the local OpenID
Connect provider at <url>/identity), DYNAMODB_ENDPOINT (a DynamoDB Local already running
without -sharedDb, used instead of starting one; the test suite shares one this way).`);
  process.exit(0);
}
const unknown = args.filter((a) => a !== '--demo');
if (unknown.length > 0) {
  console.error(`Unknown option: ${unknown.join(' ')}. See \`npm start -- --help\`.`);
  process.exit(2);
}

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`${name} must be a port number, not "${raw}".`);
    process.exit(2);
  }
  return n;
}

const log = (message: string) => console.error(`[local] ${message}`);
const started = Date.now();
const siteDir = resolve(root, 'site/dist');
const dataDir = resolve(process.env.DATA_DIR || resolve(root, '.data'));
// The local data hold payers' cases: folders 0700 and files 0600, for this runtime and for
// DynamoDB Local, which inherits the mask (issue 16: its file was 0644). A folder made before
// this keeps its mode, so the data folder itself is narrowed too.
process.umask(0o077);
if (existsSync(dataDir)) chmodSync(dataDir, 0o700);
if (!existsSync(siteDir)) log('site/dist is missing: run `npm run build:site` to serve the pages.');

try {
  const runtime = await startRuntime({
    root: handlerRoot,
    dataDir,
    siteDir,
    port: port('PORT', 4321),
    dynamoPort: port('DYNAMODB_PORT', 0),
    dynamoEndpoint: process.env.DYNAMODB_ENDPOINT || undefined,
    sqsPort: port('SQS_PORT', 0),
    log,
    // Ready means ready (issue 14): with --demo, health says 503 until its accounts and cases
    // exist, so whoever waits for health can sign in as a demo user at once.
    holdReady: args.includes('--demo'),
  });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping…`);
    await runtime.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  // A parent killed outright (a test runner's SIGKILL, a closed terminal's npm) leaves this process
  // to init, still holding ports, DynamoDB Local and a data folder: stop with it.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void shutdown('parent gone');
  }, 1000).unref();

  if (args.includes('--demo')) await seedDemo(runtime.url, dataDir, runtime.identity, log);
  runtime.markReady();

  console.log(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${runtime.url}`);
  console.log(`  intake form  ${runtime.url}/apply/`);
  console.log(`  case status  ${runtime.url}/status/`);
  console.log(`  health       ${runtime.url}/api/health`);
  console.log('Press Ctrl-C to stop.');
} catch (error) {
  if (error instanceof StartupError) {
    console.error(`Cannot start: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
