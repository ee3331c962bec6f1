/**
 * Stored reports:
 *
 * | item            | PK             | SK                       |
 * |-----------------|----------------|--------------------------|
 * | a report        | REPORT#<id>    | REPORT                   | (its opinion: `opinion`)
 * | its list entry  | REPORTS        | <generatedAt>#<id>       |
 *
 * A scheduled report's id is its kind and first day, so a rerun of the schedule finds it stored.
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
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
      if (!out.Item) return undefined;
      const report = JSON.parse(String(out.Item.body)) as Report;
      return out.Item.opinion
        ? { ...report, opinion: out.Item.opinion as Report['opinion'] }
        : report;
    },
    async putOpinion(id, opinion, previousAt) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: table,
            Key: reportKey(id),
            // Beside the body, which stays as generated: the figures are the system's, the
            // opinion the people's, and a later version replaces only the opinion.
            UpdateExpression: 'SET opinion = :opinion',
            ConditionExpression:
              previousAt === null
                ? 'attribute_exists(PK) AND attribute_not_exists(opinion)'
                : 'attribute_exists(PK) AND opinion.#at = :previous',
            ...(previousAt === null ? {} : { ExpressionAttributeNames: { '#at': 'at' } }),
            ExpressionAttributeValues: {
              ':opinion': opinion,
              ...(previousAt === null ? {} : { ':previous': previousAt }),
            },
          }),
        );
        return true;
      } catch (error) {
        if ((error as Error).name === 'ConditionalCheckFailedException') return false;
        throw error;
      }
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
