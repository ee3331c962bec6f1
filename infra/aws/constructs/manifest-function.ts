import { join } from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Charset, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { UnitId } from '#core/units.ts';
import { type FunctionSpec, QUEUE_URLS_ENV, TABLE_NAME_ENV } from '#functions/manifest.ts';
import { REPO_ROOT } from '../paths.ts';
import type { UnitQueue } from './unit-queue.ts';

/** Powertools service name: one service, the function name comes from the Lambda context. */
const SERVICE_NAME = 'si-disputes';

/**
 * Lets bundled CommonJS dependencies call `require` for Node built-ins inside the ESM bundle,
 * which has no `require` of its own ("Dynamic require of "x" is not supported" otherwise).
 */
const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

export interface ManifestFunctionProps {
  spec: FunctionSpec;
  table: ITable;
  /** Every unit's queue; the function is granted only what its spec names. */
  queues: ReadonlyMap<UnitId, UnitQueue>;
  logLevel: string;
}

/**
 * One manifest function: its bundle, configuration, log group and the least-privilege grants
 * derived from `spec.access` and nothing else. Triggers are wired by the stack, which owns the API
 * and the schedules.
 */
export class ManifestFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: ManifestFunctionProps) {
    super(scope, id);
    const { spec, table, queues, logLevel } = props;
    const sendTo = spec.access.sendTo.map((unit) => ({ unit, queue: queueOf(queues, unit, spec) }));

    this.fn = new NodejsFunction(this, 'Function', {
      entry: join(REPO_ROOT, spec.entry),
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      description: `${spec.name}: ${spec.entry}`,
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      logGroup: new LogGroup(this, 'Logs', {
        // Logs carry case numbers and ids only (STYLE.md rule 9); three months covers an
        // appeal window without keeping operational noise forever.
        retention: RetentionDays.THREE_MONTHS,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
      environment: {
        [TABLE_NAME_ENV]: table.tableName,
        // Tokens inside: toJsonString renders the URLs at deploy time.
        // The queues it sends to, or, for a function that inspects queues (health), all of them.
        [QUEUE_URLS_ENV]: Stack.of(this).toJsonString(
          Object.fromEntries(
            (spec.access.inspectQueues === true
              ? [...queues].map(([unit, queue]) => ({ unit, queue }))
              : sendTo
            ).map(({ unit, queue }) => [unit, queue.queue.queueUrl]),
          ),
        ),
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        // Powertools reads POWERTOOLS_LOG_LEVEL first (as the local runtime sets it), LOG_LEVEL after.
        POWERTOOLS_LOG_LEVEL: logLevel,
        LOG_LEVEL: logLevel,
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        // The locally installed esbuild; no Docker on the build machines.
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        sourceMap: true,
        // Stack traces need the mappings, not the sources; keeps the bundle half the size.
        sourcesContent: false,
        charset: Charset.UTF8,
        // The runtime's SDK version drifts under us; bundling pins the one we tested (and the
        // bundle size we measure includes it).
        bundleAwsSDK: true,
        tsconfig: join(REPO_ROOT, 'tsconfig.json'),
      },
    });

    switch (spec.access.table) {
      case 'read':
        table.grantReadData(this.fn);
        break;
      case 'readWrite':
        table.grantReadWriteData(this.fn);
        break;
      case 'none':
        break;
    }
    for (const { queue } of sendTo) queue.queue.grantSendMessages(this.fn);
    if (spec.access.inspectQueues === true) {
      const all = [...queues.values()];
      this.fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['sqs:GetQueueAttributes'],
          resources: all.flatMap((q) => [q.queue.queueArn, q.deadLetterQueue.queueArn]),
        }),
      );
    }
  }
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
