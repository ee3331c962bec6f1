/**
 * Flags written once, e.g. that a unit was named in this month's supervision list.
 *
 * | item | PK          | SK    |
 * |------|-------------|-------|
 * | flag | FLAG#<flag> | <key> |
 */
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

const flagKey = (flag: string, key: string) => ({ PK: `FLAG#${flag}`, SK: key });

/** Sets a flag once; true the first time. */
export async function flagOnce(
  client: DynamoDBDocumentClient,
  table: string,
  flag: string,
  key: string,
): Promise<boolean> {
  try {
    await client.send(
      new PutCommand({
        TableName: table,
        Item: { ...flagKey(flag, key), entity: 'flag' },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
