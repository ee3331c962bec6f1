import { join } from 'node:path';
import { ArnFormat, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type IRole, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { UnitId } from '#core/units.ts';
import { CASE_FILES, grantStatements, type ResourceNames } from '#functions/grants.ts';
import {
  ATTACHMENTS_BUCKET_ENV,
  DEAD_LETTER_URLS_ENV,
  type FunctionSpec,
  NOTIFICATIONS_QUEUE,
  QUEUE_URLS_ENV,
  TABLE_NAME_ENV,
} from '#functions/manifest.ts';
import { ESM_REQUIRE_BANNER } from '../esm-banner.ts';
import { acknowledge, acknowledgeWildcards, type Wildcard } from '../nag.ts';
import { REPO_ROOT } from '../paths.ts';
import { type NotifySettings, notifyTransports } from '../settings.ts';
import { SESSION_ENV, type SessionAccess } from './staff-identity.ts';
import type { UnitQueue } from './unit-queue.ts';

/**
 * Every function's runtime: Node.js 22 on ARM (Graviton), the runtime the project is built and
 * tested for (its pinned dependencies are known to work there; Node 20 is deprecated). cdk-nag's
 * L1 asks for the newest runtime; that is acknowledged per function with this reason, and moving
 * to 24 is a deliberate upgrade with its own test run, not a side effect of a lint rule.
 */
export const RUNTIME = Runtime.NODEJS_22_X;
const ESBUILD_TARGET = 'node22';

/** Powertools service name: one service, the function name comes from the Lambda context. */
const SERVICE_NAME = 'si-disputes';

export interface ManifestFunctionProps {
  spec: FunctionSpec;
  table: ITable;
  /** Every unit's queue; the function is granted only what its spec names. */
  queues: ReadonlyMap<UnitId, UnitQueue>;
  /**
   * The `notifications` queue (issue 14): functions that notify send to it, the health check and
   * the dead-letter page see it beside the unit queues.
   */
  notifications?: UnitQueue;
  /**
   * The attachments bucket, with its KMS key; granted only to functions whose spec names
   * `attachments`.
   */
  attachments: IBucket;
  /** Sender and unit addresses, given only to functions whose spec says `notify`. */
  notify: NotifySettings;
  /**
   * The OIDC provider, the site's origin and the staff pages' secrets, given only to functions
   * whose spec says `session`.
   */
  session: SessionAccess;
  /**
   * The site's address, `https://<host>`: an HTTP function's `SITE_URL`, the one origin its form
   * posts may come from (functions/adapters/site.ts).
   */
  siteUrl?: string;
  logLevel: string;
}

/**
 * One manifest function: its bundle, configuration, log group, and a role of its own holding the
 * least-privilege grants derived from `spec.access` and nothing else. Triggers are wired by the
 * stack, which owns the API and the schedules.
 *
 * The role is ours rather than the one Lambda constructs make, because theirs carries the
 * AWS-managed AWSLambdaBasicExecutionRole, which may write to every log group of the account;
 * ours writes to this function's log group only.
 */
export class ManifestFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: IRole;
  /** The function's own log group, which the operators' metric filters read (alarms.ts). */
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ManifestFunctionProps) {
    super(scope, id);
    const { spec, table, queues, attachments, notify, session, logLevel } = props;
    const sendTo = spec.access.sendTo.map((unit) => ({ unit, queue: queueOf(queues, unit, spec) }));
    // Keyed `notifications` beside the unit ids, for the functions that send to it or look at it.
    const notifications = props.notifications;
    const seesNotifications =
      notifications !== undefined &&
      (spec.access.notify === true ||
        spec.access.inspectQueues === true ||
        spec.access.deadLetters !== undefined);

    const logGroup = new LogGroup(this, 'Logs', {
      // Logs carry case numbers and ids only (STYLE.md rule 9); three months covers an
      // appeal window without keeping operational noise forever.
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `si-disputes function ${spec.name}`,
    });
    logGroup.grantWrite(role);
    this.role = role;
    this.logGroup = logGroup;

    this.fn = new NodejsFunction(this, 'Function', {
      entry: join(REPO_ROOT, spec.entry),
      handler: 'handler',
      runtime: RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      description: `${spec.name}: ${spec.entry}`,
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      role,
      logGroup,
      environment: {
        [TABLE_NAME_ENV]: table.tableName,
        // Tokens inside: toJsonString renders the URLs at deploy time.
        // The queues it sends to, or, for a function that inspects queues (health), all of them.
        [QUEUE_URLS_ENV]: Stack.of(this).toJsonString(
          Object.fromEntries(
            (spec.access.inspectQueues === true
              ? [...queues].map(([unit, queue]) => ({ unit, queue }))
              : sendTo
            )
              .map(({ unit, queue }) => [unit as string, queue.queue.queueUrl])
              .concat(
                seesNotifications ? [[NOTIFICATIONS_QUEUE, notifications.queue.queueUrl]] : [],
              ),
          ),
        ),
        // The health check reports each dead-letter queue's depth; the administrator's page lists
        // and re-drives them.
        ...(spec.access.inspectQueues === true || spec.access.deadLetters !== undefined
          ? {
              [DEAD_LETTER_URLS_ENV]: Stack.of(this).toJsonString(
                Object.fromEntries(
                  [...queues]
                    .map(([unit, q]) => [unit as string, q.deadLetterQueue.queueUrl])
                    .concat(
                      notifications
                        ? [[NOTIFICATIONS_QUEUE, notifications.deadLetterQueue.queueUrl]]
                        : [],
                    ),
                ),
              ),
            }
          : {}),
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        // Powertools reads POWERTOOLS_LOG_LEVEL first (as the local runtime sets it), LOG_LEVEL after.
        POWERTOOLS_LOG_LEVEL: logLevel,
        LOG_LEVEL: logLevel,
        NODE_OPTIONS: '--enable-source-maps',
        ...notifierEnvironment(spec, notify, this.region()),
        ...(spec.access.attachments === undefined
          ? {}
          : { [ATTACHMENTS_BUCKET_ENV]: attachments.bucketName }),
        ...(props.siteUrl !== undefined && spec.trigger.kind.startsWith('http')
          ? { SITE_URL: props.siteUrl }
          : {}),
        ...(spec.access.session === true ? session.environment : {}),
        // The staff API reads the bearer token's claims by the names the pages read (OIDC_CLAIMS):
        // with the county's provider they are not Cognito's (functions/adapters/claims.ts).
        ...(spec.trigger.kind === 'http' && spec.trigger.auth === 'staff'
          ? { [SESSION_ENV.claims]: session.environment[SESSION_ENV.claims] ?? '' }
          : {}),
      },
      bundling: {
        // The locally installed esbuild; no Docker on the build machines.
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: ESBUILD_TARGET,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        sourceMap: true,
        // Stack traces need the mappings, not the sources; keeps the bundle half the size.
        sourcesContent: false,
        // UTF-8 output, so Chinese texts stay readable in the bundle and are not grown into
        // \uXXXX escapes. Through esbuildArgs: aws-cdk-lib 2.276 drops `charset` on the way to
        // esbuild (aws/aws-cdk#32649).
        esbuildArgs: { '--charset': 'utf8' },
        // The runtime's SDK version drifts under us; bundling pins the one we tested (and the
        // bundle size we measure includes it).
        bundleAwsSDK: true,
        tsconfig: join(REPO_ROOT, 'tsconfig.json'),
      },
    });

    const readsFiles =
      spec.access.attachments === 'read' || spec.access.attachments === 'readWrite';
    if (readsFiles && attachments.encryptionKey === undefined) {
      throw new Error('The attachments bucket has no KMS key');
    }
    // Exactly the statements functions/grants.ts derives from `spec.access`, the ones the local
    // runtime enforces, over the constructs' ARNs.
    for (const statement of grantStatements(spec.access, this.resourceNames(props))) {
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: statement.actions,
          resources: statement.resources,
          ...(statement.conditions
            ? { conditions: statement.conditions as Record<string, unknown> }
            : {}),
        }),
      );
    }
    this.acknowledgeWildcards(spec, table, attachments, notify);
    acknowledge(
      this.fn,
      'L1',
      'The project deploys on nodejs22.x, the runtime its pinned dependencies are built and tested ' +
        'for; moving to a newer runtime is a deliberate, tested upgrade',
    );
  }

  /**
   * The ARNs the grants name: the table and its key, every unit's queue and dead-letter queue,
   * the attachments bucket and its key, the SES identities of the sender, the staff secrets.
   */
  private resourceNames(props: ManifestFunctionProps): ResourceNames {
    const { table, queues, attachments, notify, session, notifications } = props;
    const stack = Stack.of(this);
    const transports = notifyTransports(this.region(), notify);
    const withNotifications = (arn: (q: UnitQueue) => string) =>
      Object.fromEntries([
        ...[...queues].map(([unit, q]) => [unit, arn(q)]),
        ...(notifications ? [[NOTIFICATIONS_QUEUE, arn(notifications)]] : []),
      ]);
    return {
      table: table.tableArn,
      ...(table.encryptionKey ? { tableKey: table.encryptionKey.keyArn } : {}),
      queues: withNotifications((q) => q.queue.queueArn),
      deadLetters: withNotifications((q) => q.deadLetterQueue.queueArn),
      bucket: attachments.bucketArn,
      ...(attachments.encryptionKey ? { bucketKey: attachments.encryptionKey.keyArn } : {}),
      // Only the transports in use are granted: SES for `ses`, SNS for `sns`, the secrets else.
      ...(notify.emailFrom !== undefined && transports.email === 'ses'
        ? { emailFrom: notify.emailFrom }
        : {}),
      snsSms: transports.sms === 'sns',
      deliverySecrets: [
        ...(transports.email === 'smtp' && notify.smtpSecretArn ? [notify.smtpSecretArn] : []),
        ...(transports.sms === 'http' && notify.smsHttpSecretArn ? [notify.smsHttpSecretArn] : []),
      ],
      sesIdentity: (name) =>
        stack.formatArn({
          service: 'ses',
          resource: 'identity',
          resourceName: name,
          arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
        }),
      secrets: session.secrets.map((secret) => secret.secretArn),
    };
  }

  /** The wildcards this function's grants hold, each with why it is no wider than it must be. */
  /** The stack's region when known (a China region changes the default transports). */
  private region(): string | undefined {
    const region = Stack.of(this).region;
    return Token.isUnresolved(region) ? undefined : region;
  }

  private acknowledgeWildcards(
    spec: FunctionSpec,
    table: ITable,
    attachments: IBucket,
    notify: NotifySettings,
  ): void {
    const wildcards: Array<Wildcard & { reason: string }> = [];
    if (spec.access.table !== 'none') {
      wildcards.push({
        resource: `${table.tableArn}/index/*`,
        reason:
          'Queries the table’s global secondary indexes (INDEXES in functions/manifest.ts); ' +
          'index/* names the indexes of this one table, as CDK’s table grant writes it',
      });
    }
    if (
      spec.access.table === 'readWrite' ||
      spec.access.counters === true ||
      spec.access.signsOut === true
    ) {
      const reason =
        'Writes items encrypted under the table’s customer-managed key, for which DynamoDB calls ' +
        'KMS with the caller’s permissions; CDK’s table write grant names these action ' +
        'families on that one key ARN and no other';
      wildcards.push(
        { action: 'kms:GenerateDataKey*', reason },
        { action: 'kms:ReEncrypt*', reason },
      );
    }
    if (spec.access.attachments === 'delete') {
      wildcards.push({
        resource: attachments.arnForObjects(CASE_FILES),
        reason:
          'Deletes, at the end of their retention, every version of the files of cases chosen at ' +
          'run time (cases/<case number>/<id>): objects under cases/ of this one bucket only',
      });
    } else if (spec.access.attachments !== undefined) {
      wildcards.push({
        resource: attachments.arnForObjects('*'),
        reason:
          'Presigns GET (and for readWrite PUT) URLs for attachment keys made at run time ' +
          '(cases/<case number>/<id>): any object of this one bucket, no bucket-level action',
      });
    }
    if (spec.access.deliver === true && notifyTransports(this.region(), notify).sms === 'sns') {
      wildcards.push({
        resource: '*',
        reason:
          'sns:Publish of SMS straight to a phone number: such a publish has no resource ARN, so ' +
          'IAM accepts only *; the role publishes to no topic and has no other action on *',
      });
    }
    acknowledgeWildcards(this.role, wildcards);
  }
}

/**
 * The transports of functions/adapters/notifier.ts, for send-notification only (issue 14):
 * NOTIFY_EMAIL and NOTIFY_SMS with what each needs. A function that notifies puts its messages on
 * the notifications queue (its URL in QUEUE_URLS) and gets neither addresses nor permissions;
 * NOTIFIER=none keeps any other path from sending.
 */
function notifierEnvironment(
  spec: FunctionSpec,
  notify: NotifySettings,
  region: string | undefined,
): Record<string, string> {
  if (spec.access.deliver !== true) return { NOTIFIER: 'none' };
  const transports = notifyTransports(region, notify);
  return {
    NOTIFY_EMAIL: transports.email,
    NOTIFY_SMS: transports.sms,
    ...(transports.email === 'smtp' && notify.smtpSecretArn
      ? { SMTP_SECRET_ARN: notify.smtpSecretArn }
      : {}),
    ...(transports.sms === 'http' && notify.smsHttpUrl && notify.smsHttpSecretArn
      ? { SMS_HTTP_URL: notify.smsHttpUrl, SMS_HTTP_SECRET_ARN: notify.smsHttpSecretArn }
      : {}),
    NOTIFY_EMAIL_FROM: notify.emailFrom ?? '',
    UNIT_EMAILS: JSON.stringify(notify.unitEmails),
    // The annex 1 posts' own addresses; a post without one takes UNIT_EMAILS["leading-group"].
    POST_EMAILS: JSON.stringify(notify.postEmails),
    // E-mails link to the case page (functions/adapters/notifier.ts): the site's address.
    ...(notify.siteUrl ? { NOTIFY_SITE_URL: notify.siteUrl } : {}),
  };
}

/** The queue of `unit`; a manifest naming a unit without a queue is a bug, caught at synth. */
export function queueOf(
  queues: ReadonlyMap<UnitId, UnitQueue>,
  unit: UnitId,
  spec: FunctionSpec,
): UnitQueue {
  const queue = queues.get(unit);
  if (queue === undefined) {
    throw new Error(`Function "${spec.name}" names unit "${unit}", which has no queue`);
  }
  return queue;
}
