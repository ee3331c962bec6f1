/**
 * Settings in the table, over the committed defaults:
 *
 * | item                | PK                 | SK          |
 * |---------------------|--------------------|-------------|
 * | a calendar year     | SETTINGS#calendar  | YEAR#<yyyy> |
 * | the deadline policy | SETTINGS#deadlines | POLICY      |
 * | units' full names   | SETTINGS#units     | NAMES       |
 *
 * Read at most once per `cacheSeconds` per process: a change reaches every function within that
 * time, and a busy function does not read settings on every request.
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  CalendarYearSchema,
  DeadlinePolicySchema,
  OfficialNamesSchema,
} from '#contracts/settings.ts';
import {
  CALENDAR_DATA,
  type CalendarYear,
  mergeCalendarData,
  WorkingCalendar,
} from '#core/calendar.ts';
import { DEFAULT_DEADLINES, type DeadlinePolicy } from '#core/deadlines.ts';
import type { Settings } from '#core/ports.ts';
import { DEFAULT_OFFICIAL_NAMES, type OfficialNames } from '#core/units.ts';
import { dynamo } from './aws.ts';
import { tableName } from './config.ts';

const CALENDAR_PK = 'SETTINGS#calendar';
const deadlinesKey = { PK: 'SETTINGS#deadlines', SK: 'POLICY' };
const namesKey = { PK: 'SETTINGS#units', SK: 'NAMES' };

function cacheSeconds(): number {
  const raw = Number(process.env.SETTINGS_CACHE_SECONDS ?? 60);
  return Number.isFinite(raw) && raw >= 0 ? raw : 60;
}

function cached<T>(load: () => Promise<T>, ttlMs: number): () => Promise<T> {
  let value: Promise<T> | undefined;
  let at = 0;
  return () => {
    if (!value || Date.now() - at >= ttlMs) {
      at = Date.now();
      value = load().catch((error) => {
        value = undefined;
        throw error;
      });
    }
    return value;
  };
}

export function dynamoSettings(
  client: DynamoDBDocumentClient = dynamo(),
  table: string = tableName(),
): Settings {
  const ttl = cacheSeconds() * 1000;

  const calendar = cached(async () => {
    const years: Record<string, CalendarYear> = {};
    let start: Record<string, unknown> | undefined;
    do {
      const out = await client.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': CALENDAR_PK },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) {
        // A malformed entry is skipped rather than trusted: the file's data still stands. The
        // schema refuses all that the calendar refuses, so one bad year (say, stored before a
        // check existed) cannot stop the deadlines of every year.
        const parsed = CalendarYearSchema.safeParse(item);
        if (parsed.success) {
          const { year, ...entry } = parsed.data;
          years[String(year)] = entry;
        }
      }
      start = out.LastEvaluatedKey;
    } while (start);
    return new WorkingCalendar(mergeCalendarData(CALENDAR_DATA, { years }));
  }, ttl);

  const deadlines = cached(async (): Promise<DeadlinePolicy> => {
    const out = await client.send(new GetCommand({ TableName: table, Key: deadlinesKey }));
    const parsed = DeadlinePolicySchema.safeParse(out.Item?.policy ?? {});
    return { ...DEFAULT_DEADLINES, ...(parsed.success ? parsed.data : {}) };
  }, ttl);

  const officialNames = cached(async (): Promise<OfficialNames> => {
    const out = await client.send(new GetCommand({ TableName: table, Key: namesKey }));
    // A malformed entry falls back to the defaults rather than printing a wrong name.
    const parsed = OfficialNamesSchema.safeParse(out.Item?.names ?? {});
    return { ...DEFAULT_OFFICIAL_NAMES, ...(parsed.success ? parsed.data : {}) };
  }, ttl);

  const put = (item: Record<string, unknown>) =>
    client.send(new PutCommand({ TableName: table, Item: item }));

  return {
    calendar,
    deadlines,
    officialNames,
    async putCalendarYear(year, entry) {
      const valid = CalendarYearSchema.parse({ year, ...entry });
      await put({ PK: CALENDAR_PK, SK: `YEAR#${year}`, entity: 'calendar-year', ...valid });
    },
    async putDeadlines(policy) {
      const valid = DeadlinePolicySchema.parse(policy);
      await put({ ...deadlinesKey, entity: 'deadline-policy', policy: valid });
    },
    async putOfficialNames(names) {
      const valid = OfficialNamesSchema.parse(names);
      await put({ ...namesKey, entity: 'official-names', names: valid });
    },
  };
}
