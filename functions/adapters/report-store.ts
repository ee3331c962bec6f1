/**
 * Stored reports:
 *
 * | item            | PK             | SK                       |
 * |-----------------|----------------|--------------------------|
 * | a report        | REPORT#<id>    | REPORT                   |
 * | its list entry  | REPORTS        | <generatedAt>#<id>       |
 *
 * A scheduled report's id is its kind and first day, so a rerun of the schedule finds it stored.
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ReportStore } from '#core/ports.ts';
import type { Report } from '#core/report.ts';
import { dynamo } from './aws.ts';
import { tableName } from './config.ts';

const reportKey = (id: string) => ({ PK: `REPORT#${id}`, SK: 'REPORT' });

export function dynamoReportStore(
  client: DynamoDBDocumentClient = dynamo(),
  table: string = tableName(),
): ReportStore {
  return {
    async putOnce(report) {
      try {
        await client.send(
          new PutCommand({
            TableName: table,
            // JSON text: the report's shape is the contract's, not the table's.
            Item: { ...reportKey(report.id), entity: 'report', body: JSON.stringify(report) },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
      } catch (error) {
        if ((error as Error).name === 'ConditionalCheckFailedException') return false;
        throw error;
      }
      const { id, kind, title, period, generatedAt } = report;
      await client.send(
        new PutCommand({
          TableName: table,
          Item: {
            PK: 'REPORTS',
            SK: `${generatedAt}#${id}`,
            entity: 'report-entry',
            id,
            kind,
            title,
            period,
            generatedAt,
          },
        }),
      );
      return true;
    },
    async get(id) {
      const out = await client.send(new GetCommand({ TableName: table, Key: reportKey(id) }));
      return out.Item ? (JSON.parse(String(out.Item.body)) as Report) : undefined;
    },
    async list(limit) {
      const out = await client.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': 'REPORTS' },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (out.Items ?? []).map(({ id, kind, title, period, generatedAt }) => ({
        id,
        kind,
        title,
        period,
        generatedAt,
      }));
    },
  };
}
