/**
 * One DynamoDB Local for the two runtime lanes of `npm test` (scripts/test.sh), which the
 * integration and e2e projects' global set-up use instead of starting one each
 * (TEST_DYNAMODB_ENDPOINT): one JVM to start and warm up rather than two
 * (test/fixtures/suite-dynamodb.ts).
 *
 * Prints `endpoint <url>` once it answers. SIGTERM or SIGINT stops Java and removes its folder;
 * Java also stops if this process dies any other way (infra/local/dynamodb.ts).
 */
import { startSuiteDynamoDb } from '#test/fixtures/suite-dynamodb.ts';

const dynamo = await startSuiteDynamoDb();
console.log(`endpoint ${dynamo.endpoint}`);

const stop = async () => {
  await dynamo.stop();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
