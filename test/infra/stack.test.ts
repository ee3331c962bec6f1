import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functions, INDEXES, QUEUE_URLS_ENV, queues, TABLE_NAME_ENV } from '#functions/manifest.ts';
import type { DisputesStack } from '../../infra/aws/disputes-stack.ts';
import { resourceName } from '../../infra/aws/settings.ts';
import {
  actionsOf,
  arnOf,
  cleanUp,
  fakeSiteDir,
  logicalId,
  resourcesAllowing,
  type Synthesized,
  statementsOf,
  synthesize,
} from './synth.ts';

let synthesized: Synthesized;
let stack: DisputesStack;
let template: Template;

beforeAll(() => {
  synthesized = synthesize({ siteDir: fakeSiteDir() });
  ({ stack, template } = synthesized);
});
afterAll(cleanUp);

function functionOf(name: string) {
  const fn = stack.functions.get(name);
  if (fn === undefined) throw new Error(`no function ${name} in the stack`);
  return fn.fn;
}

function propertiesOf(id: string): Record<string, unknown> {
  const resource = template.toJSON().Resources[id] as { Properties: Record<string, unknown> };
  return resource.Properties;
}

function queueIds(unit: string): { queue: string; deadLetter: string } {
  const q = stack.queues.get(unit as never);
  if (q === undefined) throw new Error(`no queue for ${unit}`);
  return { queue: logicalId(q.queue), deadLetter: logicalId(q.deadLetterQueue) };
}

describe('the table', () => {
  it('is a single on-demand table with point-in-time recovery, encryption and TTL', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('survives deletion of the stack', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('has every manifest index, keyed by strings and projecting all attributes', () => {
    for (const [indexName, keys] of Object.entries(INDEXES)) {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        GlobalSecondaryIndexes: Match.arrayWith([
          {
            IndexName: indexName,
            KeySchema: [
              { AttributeName: keys.partitionKey, KeyType: 'HASH' },
              { AttributeName: keys.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ]),
        AttributeDefinitions: Match.arrayWith([
          { AttributeName: keys.partitionKey, AttributeType: 'S' },
          { AttributeName: keys.sortKey, AttributeType: 'S' },
        ]),
      });
    }
  });
});

describe('the unit queues', () => {
  it('send a message to its dead-letter queue after the manifest number of receives', () => {
    for (const spec of queues) {
      const ids = queueIds(spec.unit);
      expect(propertiesOf(ids.queue)).toMatchObject({
        QueueName: resourceName(stack.stage, spec.name),
        VisibilityTimeout: spec.visibilityTimeoutSeconds,
        SqsManagedSseEnabled: true,
        RedrivePolicy: {
          deadLetterTargetArn: { 'Fn::GetAtt': [ids.deadLetter, 'Arn'] },
          maxReceiveCount: 5,
        },
      });
      expect(propertiesOf(ids.deadLetter)).toMatchObject({
        QueueName: resourceName(stack.stage, spec.deadLetterName),
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 24 * 3600,
      });
    }
  });

  it('refuse every request that is not over TLS, on queues and dead-letter queues alike', () => {
    const denials = template.findResources('AWS::SQS::QueuePolicy', {
      Properties: {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      },
    });
    expect(Object.keys(denials)).toHaveLength(queues.length * 2);
  });
});

describe('the functions', () => {
  it('run on Node 22 on ARM with the manifest memory and timeout', () => {
    for (const spec of functions) {
      expect(propertiesOf(logicalId(functionOf(spec.name)))).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: spec.memoryMb,
        Timeout: spec.timeoutSeconds,
      });
    }
  });

  it('are ESM bundles that carry the AWS SDK and define require', () => {
    for (const spec of functions) {
      const code = propertiesOf(logicalId(functionOf(spec.name))).Code as { S3Key: string };
      const assetDir = join(synthesized.app.outdir, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
      const bundle = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
      expect(bundle.startsWith("import { createRequire } from 'module';")).toBe(true);
      expect(bundle).not.toMatch(/from\s*["']@aws-sdk\//);
      expect(existsSync(join(assetDir, 'index.mjs.map'))).toBe(true);
    }
  });

  it('are told the table and the URLs of the queues they send to (the health check: all)', () => {
    const tableRef = { Ref: logicalId(stack.table) };
    for (const spec of functions) {
      const env = (
        propertiesOf(logicalId(functionOf(spec.name))).Environment as {
          Variables: Record<string, unknown>;
        }
      ).Variables;
      expect(env[TABLE_NAME_ENV]).toEqual(tableRef);
      expect(env).toMatchObject({
        NODE_OPTIONS: '--enable-source-maps',
        LOG_LEVEL: 'INFO',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      });
      expect(env.POWERTOOLS_SERVICE_NAME).toEqual(expect.any(String));
      const urls = JSON.stringify(env[QUEUE_URLS_ENV]);
      for (const spec2 of queues) {
        const ref = JSON.stringify({ Ref: queueIds(spec2.unit).queue });
        // A function sees the URLs of the queues it sends to; the health check sees them all.
        const expected =
          spec.access.inspectQueues === true || spec.access.sendTo.includes(spec2.unit);
        expect(urls.includes(ref)).toBe(expected);
      }
    }
  });

  it('keep their logs for three months', () => {
    for (const spec of functions) {
      const logging = propertiesOf(logicalId(functionOf(spec.name))).LoggingConfig as {
        LogGroup: { Ref: string };
      };
      expect(propertiesOf(logging.LogGroup.Ref)).toMatchObject({ RetentionInDays: 90 });
    }
  });
});

describe('the grants', () => {
  function statementsOfFunction(name: string) {
    const role = functionOf(name).role;
    if (role === undefined) throw new Error(`${name} has no role`);
    return statementsOf(template, logicalId(role));
  }

  it('give each function the table access its spec names and no more', () => {
    for (const spec of functions) {
      const actions = actionsOf(statementsOfFunction(spec.name));
      const dynamo = actions.filter((a) => a.startsWith('dynamodb:'));
      switch (spec.access.table) {
        case 'none':
          expect(dynamo, spec.name).toEqual([]);
          break;
        case 'read':
          expect(dynamo, spec.name).toContain('dynamodb:Query');
          expect(dynamo, spec.name).not.toContain('dynamodb:PutItem');
          expect(dynamo, spec.name).not.toContain('dynamodb:UpdateItem');
          break;
        case 'readWrite':
          expect(dynamo, spec.name).toContain('dynamodb:PutItem');
          break;
      }
    }
  });

  it('let a function send only to the queues in its sendTo', () => {
    for (const spec of functions) {
      const statements = statementsOfFunction(spec.name);
      const allowed = resourcesAllowing(statements, 'sqs:SendMessage').sort();
      const expected = spec.access.sendTo.map((unit) => arnOf(queueIds(unit).queue)).sort();
      expect(allowed, spec.name).toEqual(expected);
      if (spec.access.sendTo.length === 0) {
        expect(actionsOf(statements), spec.name).not.toContain('sqs:SendMessage');
      }
    }
  });

  it("let queue inspectors read every queue's attributes, and no one else a dead-letter queue's", () => {
    const everyQueue = queues
      .flatMap((q) => Object.values(queueIds(q.unit)))
      .map(arnOf)
      .sort();
    const deadLetters = queues.map((q) => arnOf(queueIds(q.unit).deadLetter));
    for (const spec of functions) {
      const readable = resourcesAllowing(statementsOfFunction(spec.name), 'sqs:GetQueueAttributes');
      if (spec.access.inspectQueues === true) {
        expect([...new Set(readable)].sort(), spec.name).toEqual(everyQueue);
      } else {
        expect(
          readable.filter((r) => deadLetters.includes(r)),
          spec.name,
        ).toEqual([]);
      }
    }
  });

  it('let a function receive only from the queues that trigger it', () => {
    for (const spec of functions) {
      const received = resourcesAllowing(statementsOfFunction(spec.name), 'sqs:ReceiveMessage');
      const units = spec.trigger.kind === 'queue' ? spec.trigger.units : [];
      expect(received.sort(), spec.name).toEqual(
        units.map((unit) => arnOf(queueIds(unit).queue)).sort(),
      );
    }
  });
});

describe('the triggers', () => {
  it('serve the API in payload format 2.0 with a throttled default stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingBurstLimit: 200, ThrottlingRateLimit: 100 },
    });
  });

  it('leave public routes without an authorizer', () => {
    for (const spec of functions) {
      if (spec.trigger.kind !== 'http' || spec.trigger.auth !== 'public') continue;
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: `${spec.trigger.method} ${spec.trigger.path}`,
        AuthorizationType: 'NONE',
      });
    }
  });

  it('report partial batch failures from every queue event source', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));
    expect(mappings.length).toBeGreaterThan(0);
    for (const mapping of mappings) {
      expect(mapping.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    }
  });

  it('run schedules in Shanghai time, telling the function which schedule fired', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0/5 * * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Shanghai',
      Target: { Input: JSON.stringify({ schedule: 'reconcile-dispatch' }) },
    });
  });
});

describe('the site', () => {
  it('is a private, encrypted, versioned bucket that refuses plain HTTP and survives the stack', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
          ],
        },
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('is served by CloudFront through Origin Access Control, over HTTPS, from index.html', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
        Origins: Match.arrayWith([Match.objectLike({ OriginAccessControlId: Match.anyValue() })]),
      }),
    });
  });

  it('sends /api/* to the HTTP API uncached, with every method and the viewer headers', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        CacheBehaviors: [
          Match.objectLike({
            PathPattern: '/api/*',
            AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
            CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
            OriginRequestPolicyId:
              OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
            ViewerProtocolPolicy: 'https-only',
          }),
        ],
        Origins: Match.arrayWith([
          Match.objectLike({
            DomainName: {
              'Fn::Select': [
                2,
                { 'Fn::Split': ['/', { 'Fn::GetAtt': [logicalId(stack.api), 'ApiEndpoint'] }] },
              ],
            },
          }),
        ]),
      }),
    });
  });

  it('uploads the built site and invalidates the distribution', () => {
    template.resourceCountIs('Custom::CDKBucketDeployment', 1);
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DistributionPaths: ['/*'],
    });
  });
});

describe('the stack', () => {
  it('outputs the API URL, the site URL and the table name', () => {
    for (const name of ['ApiUrl', 'SiteUrl', 'TableName']) template.hasOutput(name, {});
  });

  it('names no partition literally, so the same template can be built for aws-cn', () => {
    expect(JSON.stringify(template.toJSON())).not.toContain('arn:aws:');
  });
});
