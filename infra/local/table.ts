/** Creates the single table as the CDK stack describes it, from the manifest. Idempotent. */
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { INDEXES } from '#functions/manifest.ts';

export async function ensureTable(client: DynamoDBClient, name: string): Promise<void> {
  const existing = await describe(client, name);
  if (!existing) {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'PK', AttributeType: 'S' },
          { AttributeName: 'SK', AttributeType: 'S' },
          ...Object.values(INDEXES).flatMap((i) => [
            { AttributeName: i.partitionKey, AttributeType: 'S' as const },
            { AttributeName: i.sortKey, AttributeType: 'S' as const },
          ]),
        ],
        KeySchema: [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'SK', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: Object.entries(INDEXES).map(([indexName, i]) => gsi(indexName, i)),
      }),
    );
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: name,
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      }),
    );
    return;
  }
  // A table from an older version: drop the indexes the manifest no longer has (issue 12 renamed
  // the inbox and due-date indexes when they began to list work items), add the ones it gained.
  const present = new Set((existing.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName));
  for (const indexName of present) {
    if (!indexName || indexName in INDEXES) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: name,
        GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: indexName } }],
      }),
    );
  }
  for (const [indexName, i] of Object.entries(INDEXES)) {
    if (present.has(indexName)) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: [
          { AttributeName: i.partitionKey, AttributeType: 'S' },
          { AttributeName: i.sortKey, AttributeType: 'S' },
        ],
        GlobalSecondaryIndexUpdates: [{ Create: gsi(indexName, i) }],
      }),
    );
  }
}

function gsi(indexName: string, i: { partitionKey: string; sortKey: string }) {
  return {
    IndexName: indexName,
    KeySchema: [
      { AttributeName: i.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: i.sortKey, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  };
}

async function describe(client: DynamoDBClient, name: string) {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}
