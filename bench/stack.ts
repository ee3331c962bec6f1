/**
 * The local stack the bench measures: `infra/local/main.ts` in a child process on free loopback
 * ports with a temporary DATA_DIR and the integration tests' settings, as
 * test/fixtures/runtime.ts starts it. It is started through bench/stack-entry.ts rather than by
 * its path, so that clean-ups of test runtimes by name elsewhere on a shared machine (a SIGTERM
 * from outside stopped two bench runs mid-way) leave it alone; it runs the same code.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { TABLE_NAME } from '#functions/manifest.ts';
import { freePort } from '#local/runtime.ts';
import { ROOT, type TestRuntime } from '#test/fixtures/runtime.ts';

/** Starts the stack and resolves once it says it is ready. */
export async function startStack(): Promise<TestRuntime> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-stack-'));
  const ports = { http: await freePort(), dynamodb: await freePort(), sqs: await freePort() };
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/stack-entry.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(ports.http),
      DYNAMODB_PORT: String(ports.dynamodb),
      SQS_PORT: String(ports.sqs),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'WARN',
      // Every request of the bench comes from 127.0.0.1.
      INTAKE_LIMIT_PER_HOUR: '100000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes('Ready in')) {
        clearInterval(timer);
        resolve();
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`the stack exited with ${child.exitCode}:\n${output}`));
      }
    }, 50);
  });

  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: `http://127.0.0.1:${ports.dynamodb}`,
      region: 'us-east-1',
      credentials,
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const sqs = new SQSClient({
    endpoint: `http://127.0.0.1:${ports.sqs}`,
    region: 'us-east-1',
    credentials,
  });
  return {
    url: `http://127.0.0.1:${ports.http}`,
    dataDir,
    ports,
    process: child,
    output: () => output,
    db,
    sqs,
    store: dynamoCaseStore(db, TABLE_NAME),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
