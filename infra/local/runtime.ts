/**
 * The embedded local runtime: DynamoDB Local and the SQS emulator on loopback, the table and
 * queues made from the manifest, and the manifest's functions behind a gateway, queue pollers and
 * a scheduler. The handlers are the ones Lambda runs, making the same AWS SDK calls.
 */

import { createHash, randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { sessionsEnded } from '#adapters/account-sessions.ts';
import { ORIGIN_SECRET_ENV } from '#adapters/origin-secret.ts';
import {
  DEAD_LETTER_URLS_ENV,
  functions,
  NOTIFICATIONS_QUEUE,
  notificationQueue,
  QUEUE_URLS_ENV,
  queues,
  TABLE_NAME,
  TABLE_NAME_ENV,
} from '#functions/manifest.ts';
import { installClockFile } from './clock.ts';
import { existingDynamoDbLocal, startDynamoDbLocal } from './dynamodb.ts';
import { FAULTS_ENV, faultsFrom, installFaults } from './faults.ts';
import { localFiles } from './files.ts';
import { startGateway } from './gateway.ts';
import { GRANTS_ENV, grantsEnforced, installGrantEnforcement } from './grants.ts';
import { type IdentityProvider, prepareIdentityProvider } from './identity.ts';
import { keptSecret } from './kept-secret.ts';
import { type LambdaFunction, LOCAL_REGION, lambdaFunction } from './lambda.ts';
import { localRoutes } from './local-routes.ts';
import { type Poller, startPoller } from './pollers.ts';
import { type RuntimeInfo, runtimeInfoFile } from './runtime-info.ts';
import { startScheduler } from './scheduler.ts';
import { createQueues, startSqsEmulator } from './sqs.ts';
import { ensureTable } from './table.ts';

export interface RuntimeOptions {
  /** Where the handler entries are: the repository, or a bundle of it (./lambda.ts). */
  root: string;
  dataDir: string;
  siteDir: string;
  port: number;
  /** 0 picks a free port. */
  dynamoPort: number;
  /**
   * A DynamoDB Local already running without `-sharedDb` (the test suite's, which many runtimes
   * share): used instead of starting one, with an access key of this data folder's own, which
   * DynamoDB Local gives a database of its own. Unset: the runtime starts and stops its own.
   */
  dynamoEndpoint?: string;
  sqsPort: number;
  log: (message: string) => void;
  /**
   * Health stays 503 after start until `markReady()`: for work the caller does through the API
   * before anyone may use it (the `--demo` accounts and cases). Otherwise ready once started.
   */
  holdReady?: boolean;
}

export interface Runtime {
  url: string;
  dynamoEndpoint: string;
  sqsEndpoint: string;
  queueUrls: Record<string, string>;
  deadLetterUrls: Record<string, string>;
  functions: readonly LambdaFunction[];
  identity: IdentityProvider;
  /** What the site's relying party reads (also set in process.env for the functions). */
  oidc: { issuer: string; clientId: string; clientSecret: string };
  /** Health answers 200 from now on (with `holdReady`; otherwise already so). */
  markReady(): void;
  stop(): Promise<void>;
}

/** A free loopback port, for the emulators when none is configured. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The access key, and so the database, of a data folder on a shared DynamoDB Local. */
function accessKeyFor(dataDir: string): string {
  return `local${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`;
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  // Before any handler is loaded: their modules build their SDK clients as they load.
  if (grantsEnforced()) installGrantEnforcement();
  else options.log(`${GRANTS_ENV}=off: SDK calls are not checked against the manifest's grants.`);
  // After the grant check, which it wraps; off unless LOCAL_FAULTS asks (./faults.ts).
  const faults = faultsFrom();
  if (faults) {
    installFaults(faults);
    options.log(
      `${FAULTS_ENV}: ${Number((faults.transactionConflict * 100).toFixed(2))} % of transactions cancelled.`,
    );
  }
  // The tests' clock (./clock.ts), installed into the handlers' clock adapter before any runs.
  installClockFile();
  const stops: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) {
      try {
        await s();
      } catch (error) {
        options.log(`stop: ${(error as Error).message}`);
      }
    }
  };
  const originSecret = randomBytes(32).toString('base64url');
  let ready = false;
  try {
    const [dynamo, sqsEmulator] = await Promise.all([
      options.dynamoEndpoint
        ? existingDynamoDbLocal(options.dynamoEndpoint)
        : startDynamoDbLocal({
            dataDir: options.dataDir,
            port: options.dynamoPort || (await freePort()),
          }),
      startSqsEmulator(options.sqsPort),
    ]);
    // On a DynamoDB Local of its own every key sees the one database; on a shared one the key
    // is the database: the same folder, the same data after a restart.
    const accessKeyId = options.dynamoEndpoint ? accessKeyFor(options.dataDir) : 'local';
    stops.push(
      () => dynamo.stop(),
      () => sqsEmulator.stop(),
    );

    // The handlers read these as Lambda's do; the SDK takes its endpoints from them.
    Object.assign(process.env, {
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_SQS: sqsEmulator.endpoint,
      [TABLE_NAME_ENV]: TABLE_NAME,
      POWERTOOLS_SERVICE_NAME: 'si-disputes',
      NOTIFIER: 'outbox',
      ATTACHMENTS: 'local',
      // The key that signs attachment URLs: issued URLs survive a restart.
      LOCAL_FILES_SECRET: keptSecret(options.dataDir, 'files.secret'),
      // Where the gateway keeps attachment files; the retention sweep deletes from here.
      LOCAL_FILES_DIR: join(options.dataDir, 'attachments'),
      OUTBOX_DIR: join(options.dataDir, 'outbox'),
      POWERTOOLS_LOG_LEVEL: process.env.LOG_LEVEL ?? 'WARN',
      // CloudFront's origin secret: the gateway adds it as CloudFront does, the functions check
      // it (functions/adapters/origin-secret.ts). New at every start: nothing outside keeps it.
      [ORIGIN_SECRET_ENV]: originSecret,
    });

    const sqsClient = new SQSClient({ endpoint: sqsEmulator.endpoint });
    const [, created, [notifications]] = await Promise.all([
      ensureTable(new DynamoDBClient({ endpoint: dynamo.endpoint }), TABLE_NAME),
      createQueues(sqsClient, queues),
      createQueues(sqsClient, [notificationQueue]),
    ]);
    if (notifications === undefined) throw new Error('the notifications queue was not created');
    // Keyed as in AWS: unit ids, and `notifications` beside them (functions/manifest.ts).
    const queueUrls = Object.fromEntries([
      ...created.map((q) => [q.spec.unit, q.url]),
      [NOTIFICATIONS_QUEUE, notifications.url],
    ]);
    const deadLetterUrls = Object.fromEntries([
      ...created.map((q) => [q.spec.unit, q.deadLetterUrl]),
      [NOTIFICATIONS_QUEUE, notifications.deadLetterUrl],
    ]);
    process.env[QUEUE_URLS_ENV] = JSON.stringify(queueUrls);
    process.env[DEAD_LETTER_URLS_ENV] = JSON.stringify(deadLetterUrls);

    const lambdas = functions.map((spec) => lambdaFunction(spec, options.root));

    const pollers: Poller[] = lambdas.flatMap((fn) => {
      const t = fn.spec.trigger;
      if (t.kind === 'notifications') {
        return [startPoller(sqsClient, notifications, fn, t.batchSize, options.log)];
      }
      if (t.kind !== 'queue') return [];
      return created
        .filter((q) => t.units.includes(q.spec.unit))
        .map((q) => startPoller(sqsClient, q, fn, t.batchSize, options.log));
    });
    stops.push(() => Promise.all(pollers.map((p) => p.stop())).then(() => undefined));

    const scheduler = startScheduler(lambdas, options.log);
    stops.push(() => scheduler.stop());

    // The issuer names the gateway's own address, known once it listens; until then no token
    // can have been issued, so the authorizer refuses everything.
    let identity: IdentityProvider | undefined;
    let local: ReturnType<typeof localRoutes> | undefined;
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: dynamo.endpoint }), {
      marshallOptions: { removeUndefinedValues: true },
    });
    const identitySetup = await prepareIdentityProvider({
      dataDir: options.dataDir,
      db,
      table: TABLE_NAME,
      log: options.log,
    });
    // The staff sign-in's relying party (functions/adapters/oidc.ts) reads these on its first
    // request, as it reads its settings and secrets from the stack's environment in AWS.
    Object.assign(process.env, {
      OIDC_CLIENT_ID: identitySetup.clientId,
      OIDC_CLIENT_SECRET: identitySetup.clientSecret,
      // Seals the staff session cookies: kept, so that a restart signs nobody out.
      SESSION_KEY: keptSecret(options.dataDir, 'session.key'),
    });
    const gateway = await startGateway({
      files: localFiles(join(options.dataDir, 'attachments'), process.env.LOCAL_FILES_SECRET ?? ''),
      identity: async (req, res, url) => (await identity?.handle(req, res, url)) ?? false,
      authorize: async (token) => identity?.verify(token),
      local: async (req) => local?.(req),
      port: options.port,
      siteDir: options.siteDir,
      functions: lambdas,
      log: options.log,
      originSecret,
      runtimeHealth: () => ({
        components: {
          // Until the runtime can serve every request: sign-in, queues, the demo's accounts.
          startup: ready ? 'up' : 'down',
          pollers: pollers.length > 0 && pollers.every((p) => p.running()) ? 'up' : 'down',
          scheduler: scheduler.running() ? 'up' : 'down',
        },
        schedules: scheduler.jobs(),
      }),
    });
    stops.push(() => gateway.stop());
    // Synchronous from the gateway's listening on: no request is served before the provider and
    // the relying party's settings are in place.
    identity = identitySetup.start(`${gateway.url}/identity`);
    Object.assign(process.env, { OIDC_ISSUER: identity.issuer, SITE_URL: gateway.url });
    local = localRoutes({
      identity,
      outboxDir: join(options.dataDir, 'outbox'),
      runSchedule: async (name) => {
        const fn = lambdas.find((f) => f.spec.name === name && f.spec.trigger.kind === 'schedule');
        return fn ? ((await fn.invoke({ schedule: name })) ?? {}) : undefined;
      },
      sessionsEnded: (username) => sessionsEnded(username, db, TABLE_NAME),
    });

    // The queues are new at every start, so any case still in `received` lost its message.
    const reconcile = lambdas.find((f) => f.spec.name === 'reconcile-dispatch');
    if (reconcile) {
      const out = (await reconcile.invoke({ schedule: 'start-up', olderThanSeconds: 0 })) as {
        resent: number;
      };
      if (out.resent > 0)
        options.log(`re-sent ${out.resent} case(s) that had not reached an inbox`);
    }

    // Where the admin CLI finds this runtime's table.
    const info = runtimeInfoFile(options.dataDir);
    writeFileSync(
      info,
      JSON.stringify({
        url: gateway.url,
        dynamoEndpoint: dynamo.endpoint,
        sqsEndpoint: sqsEmulator.endpoint,
        accessKeyId,
        queueUrls,
        deadLetterUrls,
        pid: process.pid,
      } satisfies RuntimeInfo),
    );
    stops.push(() => rmSync(info, { force: true }));
    if (!options.holdReady) ready = true;

    return {
      url: gateway.url,
      dynamoEndpoint: dynamo.endpoint,
      sqsEndpoint: sqsEmulator.endpoint,
      queueUrls,
      deadLetterUrls,
      functions: lambdas,
      identity,
      oidc: {
        issuer: identity.issuer,
        clientId: identitySetup.clientId,
        clientSecret: identitySetup.clientSecret,
      },
      markReady: () => {
        ready = true;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
