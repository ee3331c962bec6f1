/**
 * `npm run admin -- <command>`: the administrator's settings, in the table of the running local
 * runtime (found through DATA_DIR/runtime.json) or, with TABLE_NAME and AWS credentials set, in AWS.
 *
 *   calendar put <file.json>      add or replace a year of the working-day calendar
 *   calendar show <year>          print the year as the functions see it
 *   deadlines show                print the deadline policy in force
 *   deadlines set <key>=<days>…   change deadlines (working days), e.g. answerSingle=10
 *   names show                    print every unit's full official name, as printed forms sign
 *   names set <unit>=<full name>… change units' full official names, e.g. tax=国家税务总局翁牛特旗税务局
 *   users add <name> <role> [unit] [--name 李明] [--phone 0476-8888888]
 *                                 add a user (role staff|head|leader|admin); prints a first password
 *   users set <name> [--name 李明] [--phone 0476-8888888]
 *                                 set a user's display name and work phone (annex 2's 受理人 and
 *                                 联系方式; "" removes one); they take effect at the next sign-in
 *   users list                    every user with unit, role, name and phone
 *   users disable <name>          stop a user signing in and end their sessions (the next staff
 *                                 page asks for a sign-in; tokens stop working at once locally)
 *   users enable <name>
 *   users reset <name>            set a new random password, print it, and end their sessions
 *   users sign-out <name>         end every session of a user without disabling the account (a
 *                                 lost or shared computer): the next sign-in asks for the password
 *   dlq list                      depth of every unit's dead-letter queue, and what is in them
 *   dlq redrive <unit>            send a unit's dead letters back to its queue
 *
 * Users live in the local identity provider's table locally, and in the Cognito user pool in AWS
 * (USER_POOL_ID set): groups `role:<role>` and `unit:<unit>`, and the standard attributes `name`
 * and `phone_number` (E.164, as Cognito stores it) for the display name and work phone.
 */
import { randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
  ListUsersInGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { endSessions } from '#adapters/account-sessions.ts';
import { deadLetters } from '#adapters/dead-letters.ts';
import { dynamoSettings } from '#adapters/settings.ts';
import { dynamoUserStore } from '#adapters/user-store.ts';
import { fieldErrors } from '#contracts/problem.ts';
import {
  CalendarYearSchema,
  DeadlinePolicySchema,
  OfficialNamesSchema,
} from '#contracts/settings.ts';
import { isPhone, tidyPhone } from '#core/identifiers.ts';
import type { Role } from '#core/lifecycle.ts';
import { phoneFromClaim, phoneToClaim } from '#core/principal.ts';
import { isUnitId, UNIT_IDS } from '#core/units.ts';
import { TABLE_NAME } from '#functions/manifest.ts';
import { type RuntimeInfo, readRuntimeInfo, runtimeInfoFile } from '#local/runtime-info.ts';

process.env.SETTINGS_CACHE_SECONDS = '0';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** The local runtime running for DATA_DIR (its runtime.json); else `missing` is said, and exit. */
function localRuntime(missing: (dataDir: string) => string): RuntimeInfo {
  const dataDir = resolve(process.env.DATA_DIR || '.data');
  if (!existsSync(runtimeInfoFile(dataDir))) fail(missing(dataDir));
  return readRuntimeInfo(dataDir);
}

function target(): { client: DynamoDBDocumentClient; table: string; where: string } {
  if (process.env.TABLE_NAME) {
    return {
      client: DynamoDBDocumentClient.from(new DynamoDBClient({})),
      table: process.env.TABLE_NAME,
      where: `table ${process.env.TABLE_NAME}`,
    };
  }
  const { dynamoEndpoint, accessKeyId } = localRuntime(
    (dataDir) =>
      `The local runtime is not running for DATA_DIR=${dataDir}: start it with \`npm start\`, or set TABLE_NAME for AWS.`,
  );
  const client = new DynamoDBClient({
    endpoint: dynamoEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId, secretAccessKey: 'local' },
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
  console.log(
    `Open cases' provisional dates in ${year} are counted again on it by the next hourly supervision sweep.`,
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
} else if (area === 'names' && command === 'show') {
  console.log(JSON.stringify(await settings.officialNames(), null, 2));
} else if (area === 'names' && command === 'set' && rest.length > 0) {
  const current = await settings.officialNames();
  const changes = Object.fromEntries(
    rest.map((pair) => {
      const at = pair.indexOf('=');
      return at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
  const parsed = OfficialNamesSchema.safeParse(changes);
  if (!parsed.success) {
    fail(
      fieldErrors(parsed.error.issues)
        .map((e) => `${e.pointer || '/'}: ${e.detail}`)
        .join('\n'),
    );
  }
  await settings.putOfficialNames({ ...current, ...parsed.data });
  console.log(JSON.stringify(await settings.officialNames(), null, 2));
} else if (area === 'dlq' && command) {
  await dlq(command, rest[0]);
} else if (area === 'users' && command === 'list') {
  await listUsers();
} else if (area === 'users' && command && rest[0]) {
  await users(command, rest[0], rest.slice(1));
} else {
  fail(
    'Usage: npm run admin -- calendar put <file.json> | calendar show <year> | deadlines show | deadlines set <key>=<days>… | names show | names set <unit>=<full name>… | users add <name> <role> [unit] [--name <display name>] [--phone <work phone>] | users set <name> [--name …] [--phone …] | users list | users disable|enable|reset|sign-out <name> | dlq list | dlq redrive <unit>',
  );
}

/**
 * `--name 李明 --phone 0476-8888888` among the arguments: the display name and work phone, each
 * undefined when not given and `null` when given empty (to remove it); the rest of the arguments.
 * The phone must be a mobile or a landline with its area code (annex 2 prints it as a contact).
 */
function contactFlags(args: string[]): {
  contact: { name?: string | null; phone?: string | null };
  rest: string[];
} {
  const contact: { name?: string | null; phone?: string | null } = {};
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const flag = /^--(name|phone)(?:=(.*))?$/.exec(arg);
    if (!flag) {
      rest.push(arg);
      continue;
    }
    const key = flag[1] as 'name' | 'phone';
    const value = (flag[2] ?? args[++i] ?? '').trim();
    if (flag[2] === undefined && i >= args.length) fail(`--${key} needs a value ("" removes it)`);
    if (key === 'name' && value.length > 50) fail('--name: at most 50 characters');
    if (key === 'phone' && value !== '' && !isPhone(tidyPhone(value))) {
      fail('--phone: a mobile (13912345678) or a landline with its area code (0476-8888888)');
    }
    contact[key] = value === '' ? null : key === 'phone' ? tidyPhone(value) : value;
  }
  return { contact, rest };
}

/** Cognito's attributes for a contact: name, and phone_number in E.164. */
function cognitoAttributes(contact: { name?: string | null; phone?: string | null }) {
  const set = [
    ...(contact.name ? [{ Name: 'name', Value: contact.name }] : []),
    ...(contact.phone ? [{ Name: 'phone_number', Value: phoneToClaim(contact.phone) }] : []),
  ];
  const remove = [
    ...(contact.name === null ? ['name'] : []),
    ...(contact.phone === null ? ['phone_number'] : []),
  ];
  return { set, remove };
}

/** One line per user: name, role, unit, display name, phone, and whether it is disabled. */
async function listUsers(): Promise<void> {
  const rows: string[][] = [];
  const poolId = process.env.USER_POOL_ID;
  if (poolId) {
    const cognito = new CognitoIdentityProviderClient({});
    // Groups carry role and unit: one call per group, then every user with its attributes.
    const groupsOf = new Map<string, string[]>();
    const groups = [
      ...['staff', 'head', 'leader', 'admin'].map((r) => `role:${r}`),
      ...UNIT_IDS.map((u) => `unit:${u}`),
    ];
    for (const group of groups) {
      let token: string | undefined;
      do {
        const out = await cognito.send(
          new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: group, NextToken: token }),
        );
        for (const u of out.Users ?? []) {
          const name = u.Username ?? '';
          groupsOf.set(name, [...(groupsOf.get(name) ?? []), group]);
        }
        token = out.NextToken;
      } while (token);
    }
    let token: string | undefined;
    do {
      const out = await cognito.send(
        new ListUsersCommand({ UserPoolId: poolId, PaginationToken: token }),
      );
      for (const u of out.Users ?? []) {
        const attr = (n: string) => u.Attributes?.find((a) => a.Name === n)?.Value ?? '';
        const mine = groupsOf.get(u.Username ?? '') ?? [];
        const pick = (prefix: string) =>
          mine.find((g) => g.startsWith(prefix))?.slice(prefix.length) ?? '';
        rows.push([
          u.Username ?? '',
          pick('role:'),
          pick('unit:'),
          attr('name'),
          phoneFromClaim(attr('phone_number')) ?? '',
          u.Enabled === false ? 'disabled' : '',
        ]);
      }
      token = out.PaginationToken;
    } while (token);
  } else {
    for (const u of await dynamoUserStore(client, table).list()) {
      rows.push([
        u.username,
        u.role,
        u.unit ?? '',
        u.name ?? '',
        u.phone ?? '',
        u.disabled ? 'disabled' : '',
      ]);
    }
  }
  if (rows.length === 0) console.log(`No users in ${where}.`);
  for (const row of rows.sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''))) {
    console.log(row.join('\t').trimEnd());
  }
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

/**
 * Ends the user's site sessions (adapters/account-sessions.ts): each open staff page's next click
 * is the sign-in. In Cognito under the pool's own name for the user (`AdminGetUser`: the admin may
 * give the `sub` or an alias; an unknown user fails here, with nothing written), then, best effort
 * once the end is recorded, the user's refresh tokens revoked (`AdminUserGlobalSignOut`).
 */
async function endSessionsOf(
  username: string,
  cognito: CognitoIdentityProviderClient | undefined,
  poolId: string | undefined,
): Promise<void> {
  const name =
    cognito && poolId
      ? ((await cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username })))
          .Username ?? username)
      : username;
  await endSessions(name, Math.floor(Date.now() / 1000), client, table);
  if (!(cognito && poolId)) return;
  try {
    await cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: name }));
  } catch (error) {
    console.error(
      `The site's sessions of ${name} have ended; Cognito did not revoke their refresh tokens: ${(error as Error).message}`,
    );
  }
}

async function users(command: string, username: string, args: string[]): Promise<void> {
  const poolId = process.env.USER_POOL_ID;
  // The accounts in AWS, the sessions' end in a local table: an open session would survive.
  if (poolId && !process.env.TABLE_NAME)
    fail('USER_POOL_ID needs TABLE_NAME (the deployed table) too');
  const cognito = poolId ? new CognitoIdentityProviderClient({}) : undefined;
  const local = dynamoUserStore(client, table);
  const { contact, rest: positional } = contactFlags(args);
  if (command === 'add') {
    const [role, unit] = positional as [Role | undefined, string | undefined];
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
          UserAttributes: cognitoAttributes(contact).set,
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
        {
          username,
          role,
          unit: needsUnit && unit && isUnitId(unit) ? unit : null,
          ...(contact.name ? { name: contact.name } : {}),
          ...(contact.phone ? { phone: contact.phone } : {}),
        },
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
    if (disabled) await endSessionsOf(username, cognito, poolId);
    console.log(
      `User ${username} ${disabled ? 'disabled; their sessions have ended' : 'enabled'}.`,
    );
  } else if (command === 'sign-out') {
    // Cognito fails for an unknown user (AdminGetUser, before anything is written). Without a
    // pool, a name unknown here may be an account of another provider (a government IdP, by its
    // user claim): its sessions end all the same, and the CLI says so.
    const known = Boolean(cognito) || Boolean(await local.get(username));
    await endSessionsOf(username, cognito, poolId);
    console.log(`Every session of ${username} has ended; the next sign-in asks for the password.`);
    if (!known) {
      console.log(
        `(No user ${username} in ${where}: this ends the sessions of whoever signs in as ${username} with another provider.)`,
      );
    }
  } else if (command === 'reset') {
    const password = newPassword();
    if (cognito && poolId) {
      await setPermanentPassword(cognito, poolId, username, password);
    } else if (!(await local.setPassword(username, password))) {
      fail(`no user ${username}`);
    }
    // Printed before anything else can fail: the password is already changed.
    console.log(`New password for ${username}: ${password}`);
    await endSessionsOf(username, cognito, poolId);
    console.log('Their sessions have ended.');
  } else if (command === 'set') {
    if (contact.name === undefined && contact.phone === undefined) {
      fail('users set <name> --name <display name> and/or --phone <work phone>');
    }
    if (cognito && poolId) {
      const { set, remove } = cognitoAttributes(contact);
      if (set.length > 0) {
        await cognito.send(
          new AdminUpdateUserAttributesCommand({
            UserPoolId: poolId,
            Username: username,
            UserAttributes: set,
          }),
        );
      }
      if (remove.length > 0) {
        await cognito.send(
          new AdminDeleteUserAttributesCommand({
            UserPoolId: poolId,
            Username: username,
            UserAttributeNames: remove,
          }),
        );
      }
    } else if (!(await local.setContact(username, contact))) {
      fail(`no user ${username}`);
    }
    // Says what changed, not the values: the terminal may be logged.
    const changed = [
      ...(contact.name !== undefined ? ['display name'] : []),
      ...(contact.phone !== undefined ? ['work phone'] : []),
    ];
    console.log(
      `User ${username}: ${changed.join(' and ')} updated; in effect at the next sign-in.`,
    );
  } else {
    fail('users add|set|list|disable|enable|reset|sign-out');
  }
}

async function dlq(command: string, unit: string | undefined): Promise<void> {
  const info = localRuntime(
    () =>
      'dlq works against the running local runtime (in AWS, use the SQS console or `aws sqs start-message-move-task`).',
  );
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
      for (const m of await dl.list(u)) {
        // A notification carries the payer's phone or a unit's address: show its case only.
        const shown =
          u === 'notifications'
            ? `case ${/"caseNumber":"([^"]+)"/.exec(m.body)?.[1] ?? '?'}`
            : m.body;
        console.log(`  ${m.messageId}  received ${m.receiveCount}×  ${shown}`);
      }
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
