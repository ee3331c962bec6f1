/**
 * `npm run admin -- <command>`: the administrator's settings, in the table of the running local
 * runtime (found through DATA_DIR/runtime.json) or, with TABLE_NAME and AWS credentials set, in AWS.
 *
 *   calendar put <file.json>      add or replace a year of the working-day calendar
 *   calendar show <year>          print the year as the functions see it
 *   deadlines show                print the deadline policy in force
 *   deadlines set <key>=<days>…   change deadlines (working days), e.g. answerSingle=10
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoSettings } from '#adapters/settings.ts';
import { fieldErrors } from '#contracts/problem.ts';
import { CalendarYearSchema, DeadlinePolicySchema } from '#contracts/settings.ts';
import { TABLE_NAME } from '#functions/manifest.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.SETTINGS_CACHE_SECONDS = '0';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function target(): { client: DynamoDBDocumentClient; table: string; where: string } {
  if (process.env.TABLE_NAME) {
    return {
      client: DynamoDBDocumentClient.from(new DynamoDBClient({})),
      table: process.env.TABLE_NAME,
      where: `table ${process.env.TABLE_NAME}`,
    };
  }
  const dataDir = resolve(process.env.DATA_DIR || '.data');
  const file = resolve(dataDir, 'runtime.json');
  if (!existsSync(file)) {
    fail(
      `The local runtime is not running for DATA_DIR=${dataDir}: start it with \`npm start\`, or set TABLE_NAME for AWS.`,
    );
  }
  const { dynamoEndpoint } = JSON.parse(readFileSync(file, 'utf8')) as { dynamoEndpoint: string };
  const client = new DynamoDBClient({
    endpoint: dynamoEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return {
    client: DynamoDBDocumentClient.from(client),
    table: TABLE_NAME,
    where: `the local runtime (${dynamoEndpoint})`,
  };
}

const [area, command, ...rest] = process.argv.slice(2);
const { client, table, where } = target();
const settings = dynamoSettings(client, table);

if (area === 'calendar' && command === 'put' && rest[0]) {
  const parsed = CalendarYearSchema.safeParse(JSON.parse(readFileSync(rest[0], 'utf8')));
  if (!parsed.success) {
    fail(
      fieldErrors(parsed.error.issues)
        .map((e) => `${e.pointer || '/'}: ${e.detail}`)
        .join('\n'),
    );
  }
  const { year, ...entry } = parsed.data;
  await settings.putCalendarYear(year, entry);
  console.log(
    `Calendar ${year} stored in ${where}: ${entry.holidays.length} days off, ${entry.workdays.length} make-up working days.`,
  );
} else if (area === 'calendar' && command === 'show' && rest[0]) {
  const calendar = await settings.calendar();
  const year = Number(rest[0]);
  console.log(JSON.stringify({ year, covered: calendar.covers(`${year}-01-01`) }, null, 2));
} else if (area === 'deadlines' && command === 'show') {
  console.log(JSON.stringify(await settings.deadlines(), null, 2));
} else if (area === 'deadlines' && command === 'set' && rest.length > 0) {
  const current = await settings.deadlines();
  const changes = Object.fromEntries(
    rest.map((pair) => {
      const [key, value] = pair.split('=');
      return [key, Number(value)];
    }),
  );
  const parsed = DeadlinePolicySchema.safeParse(changes);
  if (!parsed.success) {
    fail(
      fieldErrors(parsed.error.issues)
        .map((e) => `${e.pointer || '/'}: ${e.detail}`)
        .join('\n'),
    );
  }
  await settings.putDeadlines({ ...current, ...parsed.data });
  console.log(JSON.stringify(await settings.deadlines(), null, 2));
} else {
  fail(
    'Usage: npm run admin -- calendar put <file.json> | calendar show <year> | deadlines show | deadlines set <key>=<days>…',
  );
}
