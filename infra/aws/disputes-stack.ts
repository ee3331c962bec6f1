import { CfnOutput, Fn, RemovalPolicy, Stack, type StackProps, TimeZone } from 'aws-cdk-lib';
import {
  HttpApi,
  HttpMethod,
  type HttpStage,
  PayloadFormatVersion,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Construct } from 'constructs';
import type { UnitId } from '#core/units.ts';
import {
  type FunctionSpec,
  INDEXES,
  functions as manifestFunctions,
  queues as manifestQueues,
  type QueueSpec,
  type Trigger,
} from '#functions/manifest.ts';
import { Attachments } from './constructs/attachments.ts';
import { ManifestFunction, queueOf } from './constructs/manifest-function.ts';
import { Site } from './constructs/site.ts';
import { StaffIdentity } from './constructs/staff-identity.ts';
import { UnitQueue } from './constructs/unit-queue.ts';
import { toEventBridgeCron } from './cron.ts';
import { SITE_DIST } from './paths.ts';
import { type JwtSettings, type NotifySettings, resourceName } from './settings.ts';

export interface DisputesStackProps extends StackProps {
  stage: string;
  logLevel: string;
  /** An external OIDC issuer for staff routes; without it, the stack's Cognito user pool. */
  jwt: JwtSettings | undefined;
  /** Sender and unit addresses for functions that notify. */
  notify: NotifySettings;
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
 * The whole product in one stack, generated from functions/manifest.ts: the table, a queue and
 * dead-letter queue per unit, staff sign-in (a Cognito user pool or an external issuer) behind the
 * API's JWT authorizer, the attachments bucket, a function per manifest entry with its trigger
 * (HTTP route, queue event source or schedule) and the site behind CloudFront.
 */
export class DisputesStack extends Stack {
  readonly stage: string;
  readonly table: Table;
  readonly queues: ReadonlyMap<UnitId, UnitQueue>;
  /** Manifest function name → its Lambda construct. */
  readonly functions: ReadonlyMap<string, ManifestFunction>;
  readonly api: HttpApi;
  readonly apiStage: HttpStage;
  readonly site: Site;
  readonly identity: StaffIdentity;
  readonly attachments: Attachments;

  constructor(scope: Construct, id: string, props: DisputesStackProps) {
    super(scope, id, props);
    const { stage, logLevel } = props;
    this.stage = stage;

    this.table = new Table(this, 'Table', {
      tableName: resourceName(stage),
      partitionKey: { name: 'PK', type: AttributeType.STRING },
      sortKey: { name: 'SK', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // The AWS-managed key (aws/dynamodb): key use shows in CloudTrail, as personal data
      // warrants, without a customer key to administer, pay for, or lose.
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: 'expiresAt',
      // The table is the record of every case: deleting the stack must not delete it.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const [indexName, keys] of Object.entries(INDEXES)) {
      this.table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: { name: keys.partitionKey, type: AttributeType.STRING },
        sortKey: { name: keys.sortKey, type: AttributeType.STRING },
      });
    }

    const queues = new Map<UnitId, UnitQueue>();
    for (const spec of props.queues ?? manifestQueues) {
      queues.set(spec.unit, new UnitQueue(this, `Queue-${spec.unit}`, { spec, stage }));
    }
    this.queues = queues;

    this.api = new HttpApi(this, 'Api', {
      apiName: resourceName(stage),
      // The default stage is added below, because only an explicit stage takes a throttle.
      createDefaultStage: false,
    });
    this.apiStage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: THROTTLE,
    });

    this.identity = new StaffIdentity(this, 'StaffIdentity', { stage, jwt: props.jwt });

    this.site = new Site(this, 'Site', {
      // apiEndpoint is `https://<id>.execute-api.<region>.<url suffix>`; CloudFront wants the host.
      apiDomain: Fn.select(2, Fn.split('/', this.api.apiEndpoint)),
      siteDir: props.siteDir ?? SITE_DIST,
      config: { ...this.identity.siteConfig },
    });

    this.attachments = new Attachments(this, 'Attachments', {
      stage,
      siteOrigin: `https://${this.site.distribution.distributionDomainName}`,
    });

    const functions = new Map<string, ManifestFunction>();
    for (const spec of props.functions ?? manifestFunctions) {
      const fn = new ManifestFunction(this, spec.name, {
        spec,
        table: this.table,
        queues,
        attachments: this.attachments.bucket,
        notify: props.notify,
        logLevel,
      });
      functions.set(spec.name, fn);
      this.addTrigger(spec, spec.trigger, fn);
    }
    this.functions = functions;

    new CfnOutput(this, 'ApiUrl', { value: this.apiStage.url });
    new CfnOutput(this, 'SiteUrl', {
      value: `https://${this.site.distribution.distributionDomainName}/`,
    });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'AttachmentsBucketName', { value: this.attachments.bucket.bucketName });
    new CfnOutput(this, 'StaffJwtIssuer', { value: this.identity.issuer });
    const { userPool, client } = this.identity;
    if (userPool !== undefined && client !== undefined) {
      // Administrators create users and add them to groups in this pool.
      new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
      new CfnOutput(this, 'UserPoolClientId', { value: client.userPoolClientId });
    }
  }

  private addTrigger(spec: FunctionSpec, trigger: Trigger, { fn }: ManifestFunction): void {
    switch (trigger.kind) {
      case 'http':
        this.api.addRoutes({
          path: trigger.path,
          methods: [HttpMethod[trigger.method]],
          integration: new HttpLambdaIntegration(`${spec.name}-integration`, fn, {
            payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
          }),
          // DESIGN.md §9: the JWT authorizer guards exactly the staff routes.
          authorizer: trigger.auth === 'staff' ? this.identity.authorizer : undefined,
        });
        return;
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
      case 'schedule':
        new Schedule(this, `${spec.name}-schedule`, {
          description: `${spec.name}: ${trigger.cron} (${trigger.timezone})`,
          schedule: ScheduleExpression.expression(
            toEventBridgeCron(trigger.cron),
            TimeZone.of(trigger.timezone),
          ),
          target: new LambdaInvoke(fn, {
            input: ScheduleTargetInput.fromObject({ schedule: spec.name }),
          }),
        });
        return;
    }
    const unknown: never = trigger;
    throw new Error(
      `Function "${spec.name}" has a trigger the stack cannot wire: ${JSON.stringify(unknown)}`,
    );
  }
}
