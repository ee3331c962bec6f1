/**
 * `npm run admin -- <command>`: the administrator's settings, in the table of the running local
 * runtime (found through DATA_DIR/runtime.json) or, with TABLE_NAME and AWS credentials set, in AWS.
 *
 *   calendar put <file.json>      add or replace a year of the working-day calendar
 *   calendar show <year>          print the year as the functions see it
 *   deadlines show                print the deadline policy in force
 *   deadlines set <key>=<days>…   change deadlines (working days), e.g. answerSingle=10
 *   users add <name> <role> [unit] add a user (role staff|head|leader|admin); prints a first password
 *   users disable <name>          stop a user signing in (tokens stop working at once locally)
 *   users enable <name>
 *   users reset <name>            set a new random password and print it
 *   dlq list                      depth of every unit's dead-letter queue, and what is in them
 *   dlq redrive <unit>            send a unit's dead letters back to its queue
 *
 * Users live in the local identity provider's table locally, and in the Cognito user pool in AWS
 * (USER_POOL_ID set): groups `role:<role>` and `unit:<unit>`.
 */
import { randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { deadLetters } from '#adapters/dead-letters.ts';
import { dynamoSettings } from '#adapters/settings.ts';
import { dynamoUserStore } from '#adapters/user-store.ts';
import { fieldErrors } from '#contracts/problem.ts';
import { CalendarYearSchema, DeadlinePolicySchema } from '#contracts/settings.ts';
import type { Role } from '#core/lifecycle.ts';
import { isUnitId } from '#core/units.ts';
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
} else if (area === 'dlq' && command) {
  await dlq(command, rest[0]);
} else if (area === 'users' && command && rest[0]) {
  await users(command, rest[0], rest.slice(1));
} else {
  fail(
    'Usage: npm run admin -- calendar put <file.json> | calendar show <year> | deadlines show | deadlines set <key>=<days>… | users add <name> <role> [unit] | users disable|enable|reset <name>',
  );
}

/**
 * A first or reset password: 16 characters with every class the Cognito pool's policy asks for
 * (upper, lower, digit, symbol), to be handed over in person and changed by its owner.
 */
function newPassword(): string {
  const classes = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!#%+-=?@'];
  const all = classes.join('');
  const pick = (set: string) => set[randomInt(set.length)] ?? '';
  const chars = [...classes.map(pick), ...Array.from({ length: 12 }, () => pick(all))];
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? ''];
  }
  return chars.join('');
}

/** Cognito's temporary passwords ask for a new one at sign-in, which the site does not offer yet. */
async function setPermanentPassword(
  client: CognitoIdentityProviderClient,
  poolId: string,
  username: string,
  password: string,
) {
  await client.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: poolId,
      Username: username,
      Password: password,
      Permanent: true,
    }),
  );
}

async function users(command: string, username: string, args: string[]): Promise<void> {
  const poolId = process.env.USER_POOL_ID;
  const cognito = poolId ? new CognitoIdentityProviderClient({}) : undefined;
  const local = dynamoUserStore(client, table);
  if (command === 'add') {
    const [role, unit] = args as [Role | undefined, string | undefined];
    if (!role || !['staff', 'head', 'leader', 'admin'].includes(role)) {
      fail('role must be staff, head, leader or admin');
    }
    const needsUnit = role === 'staff' || role === 'head';
    if (needsUnit && (!unit || !isUnitId(unit))) fail('staff and head need a unit id, e.g. tax');
    const password = newPassword();
    if (cognito && poolId) {
      await cognito.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: username,
          TemporaryPassword: password,
          MessageAction: 'SUPPRESS',
        }),
      );
      await setPermanentPassword(cognito, poolId, username, password);
      for (const group of [`role:${role}`, ...(needsUnit ? [`unit:${unit}`] : [])]) {
        await cognito.send(
          new AdminAddUserToGroupCommand({
            UserPoolId: poolId,
            Username: username,
            GroupName: group,
          }),
        );
      }
    } else {
      const added = await local.add(
        { username, role, unit: needsUnit && unit && isUnitId(unit) ? unit : null },
        password,
      );
      if (!added) fail(`user ${username} exists already`);
    }
    console.log(
      `User ${username} added (${role}${needsUnit ? `, ${unit}` : ''}). First password: ${password}`,
    );
  } else if (command === 'disable' || command === 'enable') {
    const disabled = command === 'disable';
    if (cognito && poolId) {
      await cognito.send(
        disabled
          ? new AdminDisableUserCommand({ UserPoolId: poolId, Username: username })
          : new AdminEnableUserCommand({ UserPoolId: poolId, Username: username }),
      );
    } else if (!(await local.setDisabled(username, disabled))) {
      fail(`no user ${username}`);
    }
    console.log(`User ${username} ${disabled ? 'disabled' : 'enabled'}.`);
  } else if (command === 'reset') {
    const password = newPassword();
    if (cognito && poolId) {
      await setPermanentPassword(cognito, poolId, username, password);
    } else if (!(await local.setPassword(username, password))) {
      fail(`no user ${username}`);
    }
    console.log(`New password for ${username}: ${password}`);
  } else {
    fail('users add|disable|enable|reset');
  }
}

async function dlq(command: string, unit: string | undefined): Promise<void> {
  const dataDir = resolve(process.env.DATA_DIR || '.data');
  const file = resolve(dataDir, 'runtime.json');
  if (!existsSync(file))
    fail(
      'dlq works against the running local runtime (in AWS, use the SQS console or `aws sqs start-message-move-task`).',
    );
  const info = JSON.parse(readFileSync(file, 'utf8')) as {
    sqsEndpoint: string;
    queueUrls: Record<string, string>;
    deadLetterUrls: Record<string, string>;
  };
  const sqsClient = new SQSClient({
    endpoint: info.sqsEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const dl = deadLetters(sqsClient, info.queueUrls, info.deadLetterUrls);
  if (command === 'list') {
    const depths = await dl.depths();
    for (const [u, n] of Object.entries(depths)) {
      if (n === 0) continue;
      console.log(`${u}: ${n}`);
      for (const m of await dl.list(u))
        console.log(`  ${m.messageId}  received ${m.receiveCount}×  ${m.body}`);
    }
    if (Object.values(depths).every((n) => n === 0))
      console.log('All dead-letter queues are empty.');
  } else if (command === 'redrive' && unit) {
    console.log(
      `Moved ${await dl.redrive(unit)} message(s) from the dead-letter queue of ${unit} back to its queue.`,
    );
  } else {
    fail('dlq list | dlq redrive <unit>');
  }
}
