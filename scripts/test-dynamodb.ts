/**
 * One DynamoDB Local for the two runtime lanes of `npm test` (scripts/test.sh), which the
 * integration and e2e projects' global set-up use instead of starting one each
 * (TEST_DYNAMODB_ENDPOINT): one JVM to start and warm up rather than two. Without `-sharedDb`, so
 * that each runtime's access key is a database of its own, and in memory, as the set-up's own.
 *
 * Prints `endpoint <url>` once it answers. SIGTERM or SIGINT stops Java and removes its folder;
 * Java also stops if this process dies any other way (infra/local/dynamodb.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDynamoDbLocal } from '#local/dynamodb.ts';
import { freePort } from '#local/runtime.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'si-disputes-dynamodb-'));
const dynamo = await startDynamoDbLocal({
  dataDir,
  port: await freePort(),
  sharedDb: false,
  inMemory: true,
});
console.log(`endpoint ${dynamo.endpoint}`);

const stop = async () => {
  await dynamo.stop();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
