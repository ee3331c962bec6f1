/**
 * Serial numbers of the proposal forms (拟办意见报送单, annex 3): 报送编号[YYYY]第(N)号, one
 * sequence per year with no gaps and no duplicates, even under concurrent requests.
 *
 * | item            | PK                        | SK       |
 * |-----------------|---------------------------|----------|
 * | year's counter  | COUNTER#proposal#<year>   | COUNTER  |
 * | serial's owner  | PROPOSAL#<year>#<n>       | PROPOSAL |
 * | case's serial   | CASE#<caseNumber>         | PROPOSAL |
 *
 * The counter advances only in the same transaction that records who owns the number, so a
 * failed request leaves no gap; a request that loses the race reads the counter again and retries.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ProposalSerials } from '#core/ports.ts';
import { dynamo } from './aws.ts';
import { tableName } from './config.ts';

const counterKey = (year: number) => ({ PK: `COUNTER#proposal#${year}`, SK: 'COUNTER' });
const serialKey = (year: number, n: number) => ({ PK: `PROPOSAL#${year}#${n}`, SK: 'PROPOSAL' });
const caseSerialKey = (caseNumber: string) => ({ PK: `CASE#${caseNumber}`, SK: 'PROPOSAL' });

/** Enough for dozens of simultaneous requests; a county files a few major cases a month. */
const MAX_ATTEMPTS = 50;

export function dynamoProposalSerials(
  client: DynamoDBDocumentClient = dynamo(),
  table: string = tableName(),
): ProposalSerials {
  async function existing(caseNumber: string) {
    const out = await client.send(
      new GetCommand({ TableName: table, Key: caseSerialKey(caseNumber), ConsistentRead: true }),
    );
    return out.Item ? { year: Number(out.Item.year), n: Number(out.Item.n) } : undefined;
  }

  return {
    async allocate(year, caseNumber) {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const earlier = await existing(caseNumber);
        if (earlier) return earlier;
        const counter = await client.send(
          new GetCommand({ TableName: table, Key: counterKey(year), ConsistentRead: true }),
        );
        const current = Number(counter.Item?.n ?? 0);
        const n = current + 1;
        try {
          await client.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Put: {
                    TableName: table,
                    Item: { ...counterKey(year), entity: 'counter', n },
                    ConditionExpression:
                      current === 0 ? 'attribute_not_exists(PK)' : 'n = :current',
                    ...(current === 0
                      ? {}
                      : { ExpressionAttributeValues: { ':current': current } }),
                  },
                },
                {
                  Put: {
                    TableName: table,
                    Item: { ...serialKey(year, n), entity: 'proposal-serial', caseNumber },
                    ConditionExpression: 'attribute_not_exists(PK)',
                  },
                },
                {
                  Put: {
                    TableName: table,
                    Item: { ...caseSerialKey(caseNumber), entity: 'case-proposal', year, n },
                    ConditionExpression: 'attribute_not_exists(PK)',
                  },
                },
              ],
            }),
          );
          return { year, n };
        } catch (error) {
          if (!(error instanceof TransactionCanceledException)) throw error;
          // Another request took the number (or this case got one meanwhile): look again,
          // after a short random pause so that racing requests spread out.
          await new Promise((r) => setTimeout(r, Math.random() * 20 * (attempt + 1)));
        }
      }
      throw new Error(`no proposal serial for ${caseNumber} after ${MAX_ATTEMPTS} attempts`);
    },
  };
}
