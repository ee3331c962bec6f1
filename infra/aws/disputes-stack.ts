import { CfnOutput, Duration, Fn, RemovalPolicy, Stack, type StackProps, Token } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  type HttpStage,
  LogGroupLogDestination,
  PayloadFormatVersion,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Schedule, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { NOTIFICATION_NOT_QUEUED } from '#adapters/notify-queue.ts';
import { ORIGIN_SECRET_ARN_ENV } from '#adapters/origin-secret.ts';
import { HOLIDAY_SCHEDULE_MISSING } from '#core/calendar.ts';
import { WRONG_CODES_ON_ONE_CASE } from '#core/payer-view.ts';
import { RETENTION_SWEEP, RETENTION_YEARS_ENV } from '#core/retention.ts';
import type { UnitId } from '#core/units.ts';
import {
  type FunctionSpec,
  INDEXES,
  INTAKE_LIMIT_ENTRIES,
  INTAKE_LIMIT_ENV,
  functions as manifestFunctions,
  queues as manifestQueues,
  notificationQueue,
  type QueueSpec,
  type Trigger,
} from '#functions/manifest.ts';
import { AccessLogs, API_ACCESS_LOG_FORMAT } from './constructs/access-logs.ts';
import { Alarms } from './constructs/alarms.ts';
import { Attachments } from './constructs/attachments.ts';
import { ManifestFunction, queueOf } from './constructs/manifest-function.ts';
import { Site } from './constructs/site.ts';
import { CALLBACK_PATH, SIGNED_OUT_PATH, StaffIdentity } from './constructs/staff-identity.ts';
import { UnitQueue } from './constructs/unit-queue.ts';
import { acknowledge, acknowledgeWildcards } from './nag.ts';
import { SITE_DIST } from './paths.ts';
import { isPayerPage, PayerPages } from './payer-pages.ts';
import { scheduleExpression } from './schedule.ts';
import {
  checkChinaSite,
  checkRegionSupport,
  readIntakeLimit,
  readRetentionYears,
  resourceName,
  type Settings,
} from './settings.ts';
import { isStaffPage, StaffPages } from './staff-pages.ts';

/** The operators' log-line metrics (issue 16), in the stage's namespace `si-disputes/<stage>`. */
export const WRONG_CODES_METRIC = 'WrongCodesOnOneCase';
/** The manifest's hourly sweep: its log says once a day when a holiday schedule is missing. */
const SUPERVISION_SWEEP = 'supervision-sweep';
export const NOT_QUEUED_METRIC = 'NotificationsNotQueued';
export const HOLIDAY_SCHEDULE_METRIC = 'HolidayScheduleMissing';

/** The stage's settings (settings.ts, where each is described), and what tests replace. */
export interface DisputesStackProps
  extends StackProps,
    Pick<
      Settings,
      'stage' | 'logLevel' | 'oidc' | 'notify' | 'alarmEmail' | 'wafWebAclArn' | 'siteDomain'
    >,
    Partial<Pick<Settings, 'chinaSite'>> {
  /** The manifest's functions; tests pass a modified list. */
  functions?: readonly FunctionSpec[];
  /** The manifest's queues; tests pass a modified list. */
  queues?: readonly QueueSpec[];
  /** The built site to upload; defaults to `site/dist`. */
  siteDir?: string;
}

/** API Gateway's default stage throttle, per account and region, in front of every route. */
const THROTTLE = { burstLimit: 200, rateLimit: 100 };

/**
 * How EventBridge Scheduler retries a schedule whose function it could not invoke (throttled,
 * Lambda unavailable): with backoff for up to an hour, the length of the longest schedule's
 * catch-up window worth keeping (the sweeps run hourly or more often; a report an hour late is
 * still the report). After that the event goes to the schedules' dead-letter queue and alarms.
 */
export const SCHEDULE_RETRY = { attempts: 10, maxEventAge: Duration.hours(1) };

/**
 * The whole product, generated from functions/manifest.ts: the table, a queue and
 * dead-letter queue per unit, staff sign-in (a Cognito user pool with managed login, or an external
 * OIDC provider) for the staff pages and the API's JWT authorizer, the attachments bucket, a
 * function per manifest entry with its trigger (HTTP route, queue event source or schedule), the
 * site behind CloudFront, access logs, and alarms on every dead-letter queue and function.
 *
 * The staff pages (their functions, routes and alarms) are in a stack nested in this one
 * (`StaffPages`, infra/aws/staff-pages.ts), and the payer pages in another (`PayerPages`,
 * infra/aws/payer-pages.ts): with them, this stack would pass CloudFormation's limit of 500
 * resources per stack, and their number grows with every page.
 *
 * Every ARN and host name is built from the partition and URL suffix of the stack (tokens, or
 * literals when its region is known), so the same code synthesizes for `aws` and `aws-cn`.
 */
export class DisputesStack extends Stack {
  readonly stage: string;
  readonly table: Table;
  readonly queues: ReadonlyMap<UnitId, UnitQueue>;
  /**
   * The `notifications` queue and its dead-letter queue (issue 14), made when some function
   * notifies or delivers notifications (every manifest does; a test's short list may not).
   */
  readonly notifications: UnitQueue | undefined;
  /**
   * Manifest function name → its Lambda construct (a staff page's is in `staffPages`, a payer
   * page's in `payerPages`).
   */
  readonly functions: ReadonlyMap<string, ManifestFunction>;
  /**
   * The nested stack of the staff pages' functions, routes and alarms (infra/aws/staff-pages.ts);
   * absent when the manifest has no staff page, since CloudFormation refuses an empty stack.
   */
  readonly staffPages: StaffPages | undefined;
  /**
   * The nested stack of the payer pages' functions, routes and alarms (infra/aws/payer-pages.ts);
   * absent when the manifest has no payer page.
   */
  readonly payerPages: PayerPages | undefined;
  readonly api: HttpApi;
  readonly apiStage: HttpStage;
  readonly site: Site;
  readonly identity: StaffIdentity;
  readonly attachments: Attachments;
  readonly tableKey: Key;
  readonly accessLogs: AccessLogs;
  readonly alarms: Alarms;
  /**
   * Where EventBridge Scheduler puts an invocation it gave up on; made with the first schedule
   * (a stack without schedules has none).
   */
  scheduleDeadLetters: Queue | undefined;

  constructor(scope: Construct, id: string, props: DisputesStackProps) {
    super(scope, id, props);
    const { stage, logLevel } = props;
    this.stage = stage;
    // Before anything is built: a region without Cognito or SES fails here, not at deploy time.
    if (!Token.isUnresolved(this.region)) {
      checkRegionSupport(this.region, props);
      checkChinaSite(this.region, props);
    }

    this.tableKey = new Key(this, 'TableKey', {
      description: `si-disputes ${stage}: the case table and its backups`,
      alias: `alias/${resourceName(stage, 'table')}`,
      enableKeyRotation: true,
      // Deleting the key would make the retained table and its backups unreadable.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table = new Table(this, 'Table', {
      tableName: resourceName(stage),
      partitionKey: { name: 'PK', type: AttributeType.STRING },
      sortKey: { name: 'SK', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // A customer-managed key, as for the attachments: personal data (issue 7, item 6), every
      // use of the key a CloudTrail event tied to the role that made it, and access that can be
      // cut by disabling the key. DynamoDB switches a table's key in place, without replacing it.
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.tableKey,
      timeToLiveAttribute: 'expiresAt',
      // The table is the record of every case: deleting the stack must not delete it, and
      // neither may a console click or a stray `DeleteTable` (issue 14): deletion protection
      // must be turned off, itself a logged change, before the table can go.
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
    });
    for (const [indexName, keys] of Object.entries(INDEXES)) {
      this.table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: { name: keys.partitionKey, type: AttributeType.STRING },
        sortKey: { name: keys.sortKey, type: AttributeType.STRING },
      });
    }

    this.alarms = new Alarms(this, 'Alarms', { stage, email: props.alarmEmail });
    const queues = new Map<UnitId, UnitQueue>();
    for (const spec of props.queues ?? manifestQueues) {
      const queue = new UnitQueue(this, `Queue-${spec.unit}`, { spec, stage });
      queues.set(spec.unit, queue);
      this.alarms.watchDeadLetterQueue(spec.deadLetterName, queue.deadLetterQueue);
    }
    this.queues = queues;
    const needsNotifications = (props.functions ?? manifestFunctions).some(
      (f) =>
        f.access.notify === true || f.access.deliver === true || f.trigger.kind === 'notifications',
    );
    this.notifications = needsNotifications
      ? new UnitQueue(this, 'Queue-notifications', { spec: notificationQueue, stage })
      : undefined;
    if (this.notifications !== undefined) {
      this.alarms.watchNotificationDeadLetters(
        notificationQueue.deadLetterName,
        this.notifications.deadLetterQueue,
      );
    }

    this.accessLogs = new AccessLogs(this, 'AccessLogs');

    this.api = new HttpApi(this, 'Api', {
      apiName: resourceName(stage),
      // The default stage is added below, because only an explicit stage takes a throttle.
      createDefaultStage: false,
    });
    this.apiStage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs.api),
        format: AccessLogFormat.custom(API_ACCESS_LOG_FORMAT),
      },
    });

    this.site = new Site(this, 'Site', {
      // apiEndpoint is `https://<id>.execute-api.<region>.<url suffix>`; CloudFront wants the host.
      apiDomain: Fn.select(2, Fn.split('/', this.api.apiEndpoint)),
      siteDir: props.siteDir ?? SITE_DIST,
      logs: this.accessLogs.bucket,
      webAclArn: props.wafWebAclArn,
      domain: props.siteDomain,
      chinaDomain: props.chinaSite,
    });

    // After the site: the OIDC client's redirect URIs are under its origin (its own domain when it
    // has one). The distribution depends on the API resource only, so this makes no cycle.
    this.identity = new StaffIdentity(this, 'StaffIdentity', {
      stage,
      oidc: props.oidc,
      siteUrl: this.site.url,
    });

    this.attachments = new Attachments(this, 'Attachments', {
      stage,
      siteOrigins: this.site.origins,
      logs: this.accessLogs.bucket,
    });

    // The staff pages go to a nested stack of their own: with them, this stack would pass
    // CloudFormation's limit of 500 resources (516 in issue 11), and issue 12 adds more pages.
    const specs = props.functions ?? manifestFunctions;
    this.staffPages = specs.some(isStaffPage)
      ? new StaffPages(this, 'StaffPages', { stage })
      : undefined;
    // So do the payer pages, a route and a function each (issue 15).
    this.payerPages = specs.some(isPayerPage)
      ? new PayerPages(this, 'PayerPages', { stage })
      : undefined;
    const functions = new Map<string, ManifestFunction>();
    for (const spec of specs) {
      const fn = new ManifestFunction(this.scopeOf(spec), spec.name, {
        spec,
        table: this.table,
        queues,
        attachments: this.attachments.bucket,
        notify: { ...props.notify, siteUrl: this.site.url },
        ...(this.notifications !== undefined ? { notifications: this.notifications } : {}),
        session: this.identity.session,
        // Staff pages get it with the session's environment, in their nested stack.
        ...(isStaffPage(spec) ? {} : { siteUrl: this.site.url }),
        logLevel,
      });
      functions.set(spec.name, fn);
      this.addTrigger(spec, spec.trigger, fn);
      // In the function's own stack: a page's alarms are in its nested stack with it.
      this.alarms.watchFunction(spec.name, fn.fn);
      // Every HTTP function refuses a request without CloudFront's origin secret (issue 14).
      if (spec.trigger.kind.startsWith('http')) this.readsOriginSecret(fn);
      this.watchLogLines(spec, fn);
    }
    this.functions = functions;
    this.alarms.alarmOnLogMetric(
      WRONG_CODES_METRIC,
      'Wrong access codes keep coming for one case (more than 5 in 15 minutes): someone may be ' +
        'guessing at it. The payer is never locked out; the warning lines in the payer functions’ ' +
        'logs name the case. Look for one client (the WAF logs) and block it if it persists.',
    );
    if (specs.some((s) => s.name === SUPERVISION_SWEEP)) {
      this.alarms.alarmOnLogMetric(
        HOLIDAY_SCHEDULE_METRIC,
        'Next year’s (or this year’s) holiday schedule is not entered: deadlines that fall in it are ' +
          'counted as provisional. When the State Council’s notice is out, enter it with ' +
          '`npm run admin -- calendar put <year>.json` (docs/decisions.md, the working-day calendar). ' +
          'The supervision sweep says so once a day, at 09:00 Beijing time, until it is entered.',
      );
    }
    if (specs.some((s) => s.access.notify === true)) {
      this.alarms.alarmOnLogMetric(
        NOT_QUEUED_METRIC,
        'A notification could not be put on the notifications queue, so it was never sent: the ' +
          'error lines ("notification not queued") name the case and the reason. The case itself ' +
          'was saved; tell the payer or unit by phone if it matters.',
      );
    }
    // The retention period is configuration, read by the sweep alone (`-c retentionYears=N`).
    functions
      .get(RETENTION_SWEEP)
      ?.fn.addEnvironment(RETENTION_YEARS_ENV, String(readRetentionYears(this.node)));
    // The intake limit, where the deployment sets one (`-c intakeLimitPerHour=N`).
    const intakeLimit = readIntakeLimit(this.node);
    for (const spec of specs) {
      if (intakeLimit !== undefined && INTAKE_LIMIT_ENTRIES.includes(spec.entry)) {
        functions.get(spec.name)?.fn.addEnvironment(INTAKE_LIMIT_ENV, String(intakeLimit));
      }
    }

    new CfnOutput(this, 'ApiUrl', {
      value: this.apiStage.url,
      description:
        'The HTTP API itself: it answers 403 to every request that did not come through the site ' +
        '(CloudFront adds the origin secret); use SiteUrl',
    });
    new CfnOutput(this, 'SiteUrl', { value: `${this.site.url}/` });
    new CfnOutput(this, 'DistributionDomainName', {
      value: this.site.distribution.distributionDomainName,
      description: 'Where the site domain’s CNAME points (siteDomain, or domainName in China)',
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarms.topic.topicArn,
      description: 'Subscribe the operators here (or deploy with -c alarmEmail=…)',
    });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'AttachmentsBucketName', { value: this.attachments.bucket.bucketName });
    new CfnOutput(this, 'StaffJwtIssuer', { value: this.identity.issuer });
    // What an external provider must have registered for the staff pages' client.
    new CfnOutput(this, 'StaffRedirectUri', { value: `${this.site.url}${CALLBACK_PATH}` });
    new CfnOutput(this, 'StaffPostLogoutUri', {
      value: `${this.site.url}${SIGNED_OUT_PATH}`,
    });
    const { userPool, client, domain } = this.identity;
    if (userPool !== undefined && client !== undefined && domain !== undefined) {
      // Administrators create users and add them to groups in this pool.
      new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
      new CfnOutput(this, 'UserPoolClientId', { value: client.userPoolClientId });
      new CfnOutput(this, 'ManagedLoginUrl', { value: domain.baseUrl() });
    }
  }

  /**
   * The origin secret's ARN and the right to read its value, nothing else: the function checks
   * every request against it before its handler runs (functions/platform/http.ts). Not from the
   * manifest's `access`, because every HTTP function needs it and the local runtime passes the
   * value directly, with no Secrets Manager call to grant.
   */
  private readsOriginSecret({ fn, role }: ManifestFunction): void {
    const secret = this.site.originSecret;
    fn.addEnvironment(ORIGIN_SECRET_ARN_ENV, secret.secretArn);
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [secret.secretArn],
      }),
    );
  }

  /**
   * The log lines the operators hear of by alarm (issue 16): a run of wrong codes on one case,
   * from the functions that check codes, and a notification that never reached its queue, from
   * the functions that notify. Filters only where the line can be written.
   */
  private watchLogLines(spec: FunctionSpec, fn: ManifestFunction): void {
    if (spec.name === SUPERVISION_SWEEP) {
      this.alarms.countLogMessage(
        `${spec.name}-holiday-schedule`,
        fn.logGroup,
        HOLIDAY_SCHEDULE_MISSING,
        HOLIDAY_SCHEDULE_METRIC,
      );
    }
    if (spec.checksAccessCodes === true) {
      this.alarms.countLogMessage(
        `${spec.name}-wrong-codes`,
        fn.logGroup,
        WRONG_CODES_ON_ONE_CASE,
        WRONG_CODES_METRIC,
      );
    }
    if (spec.access.notify === true) {
      this.alarms.countLogMessage(
        `${spec.name}-not-queued`,
        fn.logGroup,
        NOTIFICATION_NOT_QUEUED,
        NOT_QUEUED_METRIC,
      );
    }
  }

  /** Where a function is made: a page in its nested stack, anything else in this one. */
  private scopeOf(spec: FunctionSpec): Construct {
    return this.pagesOf(spec) ?? this;
  }

  /** The nested stack of a staff or payer page; undefined for any other function. */
  private pagesOf(spec: FunctionSpec): StaffPages | PayerPages | undefined {
    const [pages, kind] = isStaffPage(spec)
      ? [this.staffPages, 'staff']
      : isPayerPage(spec)
        ? [this.payerPages, 'payer']
        : [undefined, undefined];
    if (kind === undefined) return undefined;
    if (pages === undefined) throw new Error(`No ${kind} pages stack for ${spec.name}`);
    return pages;
  }

  private addTrigger(spec: FunctionSpec, trigger: Trigger, { fn }: ManifestFunction): void {
    switch (trigger.kind) {
      case 'http': {
        const method = HttpMethod[trigger.method];
        // As HttpApi.addRoutes makes it (same construct id, so the same logical id), but a staff
        // or payer page's route, integration and Lambda permission are made in its nested stack,
        // beside its function: with the API's id as a parameter, and nothing passed back.
        const scope = this.pagesOf(spec)?.routes ?? this.api;
        const route = new HttpRoute(scope, `${method}${trigger.path}`, {
          httpApi: this.api,
          routeKey: HttpRouteKey.with(trigger.path, method),
          integration: new HttpLambdaIntegration(`${spec.name}-integration`, fn, {
            payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
          }),
          // DESIGN.md §9: the JWT authorizer guards exactly the staff API routes. The staff
          // pages (`session`) are public to the API: a browser carries no bearer token, and the
          // handler checks the session cookie itself, sending a browser without one to sign in.
          authorizer: trigger.auth === 'staff' ? this.identity.authorizer : undefined,
        });
        if (trigger.auth !== 'staff') {
          const reason =
            trigger.auth === 'public'
              ? 'payers have no accounts to authorize; handlers that show or change a case ' +
                'require its access code, intake and code checks are limited per client, and ' +
                'the stage throttle applies'
              : 'a staff page, authorized by its handler: it opens the sealed session cookie ' +
                '(set after OIDC sign-in) and refuses or redirects to sign-in without a valid ' +
                'one, checks CSRF token and Origin on every form post, and the stage throttle applies';
          acknowledge(
            route,
            'APIG4',
            `${trigger.method} ${trigger.path} is public by design (manifest auth ` +
              `"${trigger.auth}"): ${reason}`,
          );
        }
        return;
      }
      case 'notifications': {
        const queue = this.notifications;
        if (queue === undefined) throw new Error(`No notifications queue for ${spec.name}`);
        // As a unit queue's consumer: a failed send fails its record only, which SQS retries.
        fn.addEventSource(
          new SqsEventSource(queue.queue, {
            batchSize: trigger.batchSize,
            reportBatchItemFailures: true,
          }),
        );
        return;
      }
      case 'queue':
        for (const unit of trigger.units) {
          fn.addEventSource(
            new SqsEventSource(queueOf(this.queues, unit, spec).queue, {
              batchSize: trigger.batchSize,
              reportBatchItemFailures: true,
            }),
          );
        }
        return;
      case 'http-default': {
        // Everything no route matches (HttpApi.addRoutes has no form for `$default`): without
        // it API Gateway answers its own `{"message":"Not Found"}`, not problem details.
        const route = new HttpRoute(this.api, 'DefaultRoute', {
          httpApi: this.api,
          routeKey: HttpRouteKey.DEFAULT,
          integration: new HttpLambdaIntegration(`${spec.name}-integration`, fn, {
            payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
          }),
        });
        acknowledge(
          route,
          'APIG4',
          `The $default route is public by design: it answers only 404 problem details for ` +
            `requests no other route matches, touches no data, and the stage throttle applies`,
        );
        return;
      }
      case 'schedule': {
        const role = this.schedulerRole(spec.name);
        new Schedule(this, `${spec.name}-schedule`, {
          description: `${spec.name}: ${trigger.cron} (${trigger.timezone})`,
          schedule: scheduleExpression(trigger.cron, trigger.timezone),
          target: new LambdaInvoke(fn, {
            input: ScheduleTargetInput.fromObject({ schedule: spec.name }),
            role,
            retryAttempts: SCHEDULE_RETRY.attempts,
            maxEventAge: SCHEDULE_RETRY.maxEventAge,
            deadLetterQueue: this.scheduleDeadLetterQueue(),
          }),
        });
        acknowledgeWildcards(role, [
          {
            resource: `${fn.functionArn}:*`,
            reason:
              'Lambda’s invoke grant covers the function’s versions and aliases (:*) as well as ' +
              'the function; it names this one function, which the schedule invokes',
          },
        ]);
        return;
      }
    }
    const unknown: never = trigger;
    throw new Error(
      `Function "${spec.name}" has a trigger the stack cannot wire: ${JSON.stringify(unknown)}`,
    );
  }

  /**
   * The schedules' dead-letter queue, as the unit queues' (unit-queue.ts): SQS-managed encryption,
   * which Scheduler can write without a key grant, TLS only, 14 days for a person to look, and
   * an alarm on the first message.
   */
  private scheduleDeadLetterQueue(): Queue {
    if (this.scheduleDeadLetters !== undefined) return this.scheduleDeadLetters;
    const name = 'schedules-dlq';
    const queue = new Queue(this, 'ScheduleDeadLetters', {
      queueName: resourceName(this.stage, name),
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    acknowledge(
      queue,
      'SQS3',
      'This queue is a dead-letter queue: EventBridge Scheduler’s, named in each schedule’s ' +
        'target (DeadLetterConfig), which cdk-nag does not read as it reads an SQS redrive policy',
    );
    this.alarms.watchDeadLetterQueue(
      name,
      queue,
      `Dead-letter queue ${name} holds messages: a schedule could not invoke its function for ` +
        'an hour. The message attributes say which schedule and why (ERROR_CODE); the ' +
        'function’s next run catches up, or run it by hand.',
    );
    this.scheduleDeadLetters = queue;
    return queue;
  }

  /**
   * The role EventBridge Scheduler invokes a function with: one per schedule, trusted by the
   * scheduler for this account's default schedule group only (as CDK's own would be), and made
   * here so its one wildcard can be acknowledged on it.
   */
  private schedulerRole(name: string): Role {
    return new Role(this, `${name}-scheduler-role`, {
      description: `Invokes ${name} on its schedule`,
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': this.account,
            'aws:SourceArn': this.formatArn({
              service: 'scheduler',
              resource: 'schedule-group',
              resourceName: 'default',
            }),
          },
        },
      }),
    });
  }
}
