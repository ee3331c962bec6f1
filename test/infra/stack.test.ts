import { Stack } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNIT_IDS } from '#core/units.ts';
import {
  ATTACHMENTS_BUCKET_ENV,
  type FunctionSpec,
  functions,
  INDEXES,
  QUEUE_URLS_ENV,
  queues,
  TABLE_NAME_ENV,
} from '#functions/manifest.ts';
import { ACCESS_LOG_DAYS, ACCESS_LOG_PREFIXES } from '../../infra/aws/constructs/access-logs.ts';
import { RUNTIME } from '../../infra/aws/constructs/manifest-function.ts';
import { SESSION_ENV } from '../../infra/aws/constructs/staff-identity.ts';
import type { DisputesStack } from '../../infra/aws/disputes-stack.ts';
import { isPayerPage } from '../../infra/aws/payer-pages.ts';
import { resourceName } from '../../infra/aws/settings.ts';
import { isStaffPage } from '../../infra/aws/staff-pages.ts';
import {
  actionsOf,
  arnOf,
  cleanUp,
  dependencyCycle,
  deployedJson,
  logicalId,
  resourcesAllowing,
  type Synthesized,
  statementsOf,
  synthesizeDefault,
  type TemplateJson,
} from './synth.ts';

let synthesized: Synthesized;
let stack: DisputesStack;
let template: Template;

beforeAll(() => {
  synthesized = synthesizeDefault();
  ({ stack, template } = synthesized);
});
afterAll(cleanUp);

/** A bucket's public access block that blocks every way in. */
const BLOCKS_PUBLIC_ACCESS = {
  BlockPublicAcls: true,
  BlockPublicPolicy: true,
  IgnorePublicAcls: true,
  RestrictPublicBuckets: true,
};

/** A resource policy's document that refuses every request not made over TLS. */
const DENIES_PLAIN_TRANSPORT = {
  Statement: Match.arrayWith([
    Match.objectLike({
      Effect: 'Deny',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    }),
  ]),
};

function functionOf(name: string) {
  const fn = stack.functions.get(name);
  if (fn === undefined) throw new Error(`no function ${name} in the stack`);
  return fn.fn;
}

function propertiesOf(id: string): Record<string, unknown> {
  const resource = template.toJSON().Resources[id] as { Properties: Record<string, unknown> };
  return resource.Properties;
}

function environmentOf(name: string): Record<string, unknown> {
  return (
    propertiesOf(logicalId(functionOf(name))).Environment as { Variables: Record<string, unknown> }
  ).Variables;
}

function statementsOfFunction(name: string) {
  const role = functionOf(name).role;
  if (role === undefined) throw new Error(`${name} has no role`);
  return statementsOf(template, logicalId(role));
}

const staffRoutes = functions.flatMap((spec) =>
  spec.trigger.kind === 'http' && spec.trigger.auth === 'staff' ? [spec.trigger] : [],
);
const publicRoutes = functions.flatMap((spec) =>
  spec.trigger.kind === 'http' && spec.trigger.auth === 'public' ? [spec.trigger] : [],
);
const pageRoutes = functions.flatMap((spec) =>
  spec.trigger.kind === 'http' && spec.trigger.auth === 'session' ? [spec.trigger] : [],
);

function queueIds(unit: string): { queue: string; deadLetter: string } {
  // `notifications` beside the unit ids (issue 14).
  const q = unit === 'notifications' ? stack.notifications : stack.queues.get(unit as never);
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

  it('is encrypted under a rotated customer-managed key that outlives the stack too', () => {
    const keyId = logicalId(stack.tableKey);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: {
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      },
    });
    expect(template.toJSON().Resources[keyId]).toMatchObject({
      Type: 'AWS::KMS::Key',
      DeletionPolicy: 'Retain',
      Properties: { EnableKeyRotation: true },
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
        PolicyDocument: DENIES_PLAIN_TRANSPORT,
      },
    });
    // And the schedules' dead-letter queue and the notifications queue and its own (issue 14).
    expect(Object.keys(denials)).toHaveLength(queues.length * 2 + 1 + 2);
  });
});

describe('the functions', () => {
  it('run on the latest Node.js on ARM with the manifest memory and timeout', () => {
    expect(RUNTIME.name).toBe('nodejs22.x');
    for (const spec of functions) {
      expect(propertiesOf(logicalId(functionOf(spec.name)))).toMatchObject({
        Runtime: RUNTIME.name,
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: spec.memoryMb,
        Timeout: spec.timeoutSeconds,
      });
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

  it('each have a role of their own, no managed policy, writing only to their own log group', () => {
    const roles = new Set<string>();
    for (const spec of functions) {
      const role = functionOf(spec.name).role;
      if (role === undefined) throw new Error(`${spec.name} has no role`);
      const roleId = logicalId(role);
      roles.add(roleId);
      expect(propertiesOf(roleId).ManagedPolicyArns, spec.name).toBeUndefined();
      const logging = propertiesOf(logicalId(functionOf(spec.name))).LoggingConfig as {
        LogGroup: { Ref: string };
      };
      const statements = statementsOfFunction(spec.name);
      const logActions = actionsOf(statements).filter((a) => a.startsWith('logs:'));
      expect(logActions.sort(), spec.name).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
      expect(resourcesAllowing(statements, 'logs:PutLogEvents'), spec.name).toEqual([
        arnOf(logging.LogGroup.Ref),
      ]);
    }
    expect(roles.size).toBe(functions.length);
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
  it('give each function the table access its spec names and no more', () => {
    for (const spec of functions) {
      const actions = actionsOf(statementsOfFunction(spec.name));
      const dynamo = actions.filter((a) => a.startsWith('dynamodb:'));
      switch (spec.access.table) {
        case 'none': {
          // A staff page or staff API function reads one kind of item: when an account's sessions
          // were last ended; the sign-out also updates it, with the session it ends.
          const readsEnds = spec.access.session === true || spec.access.accountEnds === true;
          const signsOut = spec.access.signsOut === true;
          const accountActions = signsOut
            ? ['dynamodb:GetItem', 'dynamodb:UpdateItem']
            : ['dynamodb:GetItem'];
          expect(
            statementsOfFunction(spec.name).filter((s) =>
              actionsOf([s]).some((a) => a.startsWith('dynamodb:')),
            ),
            spec.name,
          ).toEqual(
            readsEnds
              ? [
                  expect.objectContaining({
                    Action: signsOut ? accountActions : 'dynamodb:GetItem',
                    Condition: {
                      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['ACCOUNT#*'] },
                    },
                  }),
                ]
              : [],
          );
          expect(dynamo, spec.name).toEqual(readsEnds ? accountActions : []);
          break;
        }
        case 'read': {
          expect(dynamo, spec.name).toContain('dynamodb:Query');
          expect(dynamo, spec.name).not.toContain('dynamodb:PutItem');
          // `counters` (get-case): an update of rate-limit items only, by their leading key.
          const updates = statementsOfFunction(spec.name).filter((s) =>
            actionsOf([s]).includes('dynamodb:UpdateItem'),
          );
          expect(updates, spec.name).toEqual(
            spec.access.counters === true
              ? [
                  expect.objectContaining({
                    Action: 'dynamodb:UpdateItem',
                    Condition: {
                      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['RATE#*'] },
                    },
                  }),
                ]
              : [],
          );
          break;
        }
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
      const expected = [
        ...spec.access.sendTo,
        // A function that notifies sends to the notifications queue (issue 14).
        ...(spec.access.notify === true ? ['notifications'] : []),
      ]
        .map((unit) => arnOf(queueIds(unit).queue))
        .sort();
      expect(allowed, spec.name).toEqual(expected);
      if (spec.access.sendTo.length === 0 && spec.access.notify !== true) {
        expect(actionsOf(statements), spec.name).not.toContain('sqs:SendMessage');
      }
    }
  });

  it("let queue inspectors read every queue's attributes, and no one else a dead-letter queue's", () => {
    const ids = [...queues.map((q) => q.unit as string), 'notifications'];
    const everyQueue = ids
      .flatMap((id) => Object.values(queueIds(id)))
      .map(arnOf)
      .sort();
    const deadLetters = ids.map((id) => arnOf(queueIds(id).deadLetter));
    for (const spec of functions) {
      const readable = resourcesAllowing(statementsOfFunction(spec.name), 'sqs:GetQueueAttributes');
      if (spec.access.inspectQueues === true) {
        expect([...new Set(readable)].sort(), spec.name).toEqual(everyQueue);
      } else if (spec.access.deadLetters !== undefined) {
        // Every dead-letter queue (sending, as a re-drive does, also reads its queues' attributes).
        expect(
          [...new Set(readable.filter((r) => deadLetters.includes(r)))].sort(),
          spec.name,
        ).toEqual([...deadLetters].sort());
      } else {
        expect(
          readable.filter((r) => deadLetters.includes(r)),
          spec.name,
        ).toEqual([]);
      }
    }
  });

  it('let a function receive only from the queues that trigger it, and the dead letters its spec names', () => {
    for (const spec of functions) {
      const statements = statementsOfFunction(spec.name);
      const received = resourcesAllowing(statements, 'sqs:ReceiveMessage');
      const units: string[] =
        spec.trigger.kind === 'queue'
          ? [...spec.trigger.units]
          : spec.trigger.kind === 'notifications'
            ? ['notifications']
            : [];
      const deadLetters =
        spec.access.deadLetters === undefined
          ? []
          : [...queues.map((q) => q.unit as string), 'notifications'].map((id) =>
              arnOf(queueIds(id).deadLetter),
            );
      expect(received.sort(), spec.name).toEqual(
        [...units.map((unit) => arnOf(queueIds(unit).queue)), ...deadLetters].sort(),
      );
      // Deleting a dead letter is the re-drive's alone.
      const deletesDeadLetters = resourcesAllowing(statements, 'sqs:DeleteMessage').some((r) =>
        deadLetters.includes(r),
      );
      expect(deletesDeadLetters, spec.name).toBe(spec.access.deadLetters === 'redrive');
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
        PublicAccessBlockConfiguration: BLOCKS_PUBLIC_ACCESS,
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
          ],
        },
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: DENIES_PLAIN_TRANSPORT,
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

  it('sends /api/* and the staff pages to the HTTP API uncached, with every method, the viewer headers, cookies and query', () => {
    const config = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]
      ?.Properties.DistributionConfig as {
      CacheBehaviors: Record<string, unknown>[];
      DefaultCacheBehavior: Record<string, unknown>;
      Origins: { Id: string; DomainName: unknown }[];
    };
    const apiOrigin = config.Origins.find(
      (origin) =>
        JSON.stringify(origin.DomainName) ===
        JSON.stringify({
          'Fn::Select': [
            2,
            { 'Fn::Split': ['/', { 'Fn::GetAtt': [logicalId(stack.api), 'ApiEndpoint'] }] },
          ],
        }),
    );
    expect(apiOrigin).toBeDefined();
    // First match wins: the staff entrance before the staff pages.
    expect(config.CacheBehaviors.map((b) => b.PathPattern)).toEqual([
      '/api/*',
      '/staff/',
      '/staff/index.html',
      '/staff/*',
    ]);
    const byPath = (path: string) => config.CacheBehaviors.find((b) => b.PathPattern === path);
    for (const path of ['/api/*', '/staff/*']) {
      expect(byPath(path), path).toMatchObject({
        TargetOriginId: apiOrigin?.Id,
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
        // Authorization, every cookie and the query, kept for no time (the cache policy), the
        // headers the functions read and the viewer's address (test/infra/origin.test.ts).
        CachePolicyId: { Ref: logicalId(stack.site.node.findChild('ApiCache')) },
        OriginRequestPolicyId: { Ref: logicalId(stack.site.node.findChild('ApiOriginRequest')) },
        ViewerProtocolPolicy: 'https-only',
      });
      expect(byPath(path)?.FunctionAssociations, path).toBeUndefined();
    }
    // The entrance (`/staff/`, `/staff/index.html`; `/staff` by the default) is a built page.
    const { TargetOriginId, CachePolicyId, FunctionAssociations } = config.DefaultCacheBehavior;
    expect(TargetOriginId).not.toBe(apiOrigin?.Id);
    for (const path of ['/staff/', '/staff/index.html']) {
      expect(byPath(path), path).toMatchObject({
        TargetOriginId,
        CachePolicyId,
        FunctionAssociations,
      });
    }
    // The session cookie is a credential: CloudFront's logs leave cookies out.
    expect(config).toMatchObject({ Logging: { IncludeCookies: false } });
  });

  it('uploads the built site, and nothing else, with the local gateway’s cache headers, and invalidates the distribution', () => {
    // The pages, no-cache, pruned, the distribution invalidated; the hashed files kept a year and
    // never pruned, so that a page cached before a deploy still finds its files
    template.resourceCountIs('Custom::CDKBucketDeployment', 2);
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: { Ref: logicalId(stack.site.bucket) },
      DistributionPaths: ['/*'],
      Exclude: ['_astro/*'],
      Prune: true,
      SystemMetadata: { 'cache-control': 'no-cache' },
    });
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: { Ref: logicalId(stack.site.bucket) },
      Exclude: ['*'],
      Include: ['_astro/*'],
      Prune: false,
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
    });
    // The staff pages sign in on the server: no client configuration is published with the site.
    expect(deployedJson(synthesized, 'config.json')).toBeUndefined();
  });
});

describe('staff sign-in', () => {
  function poolId(): string {
    const pool = stack.identity.userPool;
    if (pool === undefined) throw new Error('no user pool');
    return logicalId(pool);
  }

  /** The pool's issuer URL, built from the stack's region and URL suffix. */
  function poolIssuer() {
    return {
      'Fn::Join': [
        '',
        [
          'https://cognito-idp.',
          { Ref: 'AWS::Region' },
          '.',
          { Ref: 'AWS::URLSuffix' },
          '/',
          { Ref: poolId() },
        ],
      ],
    };
  }

  function clientId(): string {
    const client = stack.identity.client;
    if (client === undefined) throw new Error('no user pool client');
    return logicalId(client);
  }

  function authorizerId(): string {
    const ids = Object.keys(template.findResources('AWS::ApiGatewayV2::Authorizer'));
    expect(ids).toHaveLength(1);
    return ids[0] ?? '';
  }

  it('is a Cognito user pool that only administrators fill, signing in by username', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    const pool = template.toJSON().Resources[poolId()];
    expect(pool).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(pool.Properties).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameConfiguration: { CaseSensitive: false },
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
      // MFA required for every account, by TOTP app only (issue 11).
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'admin_only', Priority: 1 }] },
      DeletionProtection: 'ACTIVE',
    });
    // Username sign-in: no e-mail or phone aliases; no threat-protection add-on; no SMS role.
    expect(pool.Properties.UsernameAttributes).toBeUndefined();
    expect(pool.Properties.AliasAttributes).toBeUndefined();
    expect(pool.Properties.UserPoolAddOns).toBeUndefined();
    expect(pool.Properties.SmsConfiguration).toBeUndefined();
  });

  it('has no users: no demo account ever exists in AWS', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolUser', 0);
    template.resourceCountIs('AWS::Cognito::UserPoolUserToGroupAttachment', 0);
  });

  it('has a group per unit and per role, as principal.ts reads cognito:groups', () => {
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup'));
    const expected = [
      ...UNIT_IDS.map((unit) => `unit:${unit}`),
      'role:staff',
      'role:head',
      'role:leader',
      'role:admin',
    ];
    expect(groups.map((g) => g.Properties.GroupName).sort()).toEqual(expected.sort());
    for (const group of groups) expect(group.Properties.UserPoolId).toEqual({ Ref: poolId() });
  });

  it('has a confidential app client for the staff pages: the code flow only, back to the site', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    const client = propertiesOf(clientId());
    const site = (path: string) => ({
      'Fn::Join': [
        '',
        ['https://', { 'Fn::GetAtt': [logicalId(stack.site.distribution), 'DomainName'] }, path],
      ],
    });
    expect(client).toMatchObject({
      UserPoolId: { Ref: poolId() },
      GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'profile'],
      SupportedIdentityProviders: ['COGNITO'],
      CallbackURLs: [site('/staff/callback')],
      LogoutURLs: [site('/staff/signed-out')],
      IdTokenValidity: 8 * 60,
      TokenValidityUnits: { IdToken: 'minutes' },
      PreventUserExistenceErrors: 'ENABLED',
      EnableTokenRevocation: true,
    });
    // Managed login's password step (SRP) and refresh; no password sent in the clear, no admin or
    // custom flows.
    expect([...(client.ExplicitAuthFlows as string[])].sort()).toEqual([
      'ALLOW_REFRESH_TOKEN_AUTH',
      'ALLOW_USER_SRP_AUTH',
    ]);
    // The ID token carries the display name and work phone annex 2 prints, and nothing else of
    // the account (issue 13).
    expect([...(client.ReadAttributes as string[])].sort()).toEqual(['name', 'phone_number']);
  });

  it('signs staff in on Cognito’s managed login, styled, on a domain of its own', () => {
    const domains = Object.values(template.findResources('AWS::Cognito::UserPoolDomain'));
    expect(domains).toHaveLength(1);
    expect(domains[0]?.Properties).toMatchObject({
      UserPoolId: { Ref: poolId() },
      ManagedLoginVersion: 2,
      Domain: { 'Fn::Join': ['', expect.arrayContaining([`si-disputes-${stack.stage}-`])] },
    });
    expect(domains[0]?.Properties.CustomDomainConfig).toBeUndefined();
    template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', {
      UserPoolId: { Ref: poolId() },
      ClientId: { Ref: clientId() },
      UseCognitoProvidedValues: true,
    });
  });

  it('keeps the client secret and a generated session secret in Secrets Manager', () => {
    const { sessionSecret, clientSecret } = stack.identity;
    if (clientSecret === undefined) throw new Error('no client secret');
    expect(propertiesOf(logicalId(clientSecret))).toMatchObject({
      SecretString: { 'Fn::GetAtt': [clientId(), 'ClientSecret'] },
    });
    expect(propertiesOf(logicalId(sessionSecret))).toMatchObject({
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
    });
    // And the origin secret CloudFront sends the API (test/infra/origin.test.ts).
    template.resourceCountIs('AWS::SecretsManager::Secret', 3);
    // CloudFormation reads the client secret itself: no custom resource, no extra function.
    expect(JSON.stringify(template.toJSON())).not.toContain('DescribeCognitoUserPoolClient');
  });

  it('tells the staff pages the pool, the client, its secret, managed login and the site', () => {
    const pages = functions.filter((spec) => spec.access.session === true);
    expect(pages.length).toBeGreaterThan(0);
    const { sessionSecret, clientSecret, domain } = stack.identity;
    if (clientSecret === undefined || domain === undefined) throw new Error('no Cognito client');
    for (const spec of pages) {
      expect(environmentOf(spec.name), spec.name).toMatchObject({
        [SESSION_ENV.issuer]: poolIssuer(),
        [SESSION_ENV.clientId]: { Ref: clientId() },
        [SESSION_ENV.clientSecretArn]: { Ref: logicalId(clientSecret) },
        [SESSION_ENV.claims]: JSON.stringify({
          user: 'cognito:username',
          groups: 'cognito:groups',
        }),
        [SESSION_ENV.logoutUrl]: {
          'Fn::Join': [
            '',
            [
              'https://',
              { Ref: logicalId(domain) },
              '.auth.',
              { Ref: 'AWS::Region' },
              '.amazoncognito.com/logout',
            ],
          ],
        },
        [SESSION_ENV.siteUrl]: {
          'Fn::Join': [
            '',
            ['https://', { 'Fn::GetAtt': [logicalId(stack.site.distribution), 'DomainName'] }],
          ],
        },
        [SESSION_ENV.sessionSecretArn]: { Ref: logicalId(sessionSecret) },
      });
      expect(environmentOf(spec.name)[SESSION_ENV.scopes], spec.name).toBeUndefined();
    }
  });

  it('lets the staff pages read those two secrets, and no other function any secret but the origin secret', () => {
    const { sessionSecret, clientSecret } = stack.identity;
    if (clientSecret === undefined) throw new Error('no client secret');
    const secrets = [sessionSecret, clientSecret].map((s) => JSON.stringify({ Ref: logicalId(s) }));
    // Every HTTP function reads the origin secret (test/infra/origin.test.ts); set apart here.
    const origin = JSON.stringify({ Ref: logicalId(stack.site.originSecret) });
    for (const spec of functions) {
      const statements = statementsOfFunction(spec.name);
      const secretActions = actionsOf(statements).filter((a) => a.startsWith('secretsmanager:'));
      const readable = resourcesAllowing(statements, 'secretsmanager:GetSecretValue').filter(
        (r) => r !== origin,
      );
      // Only ever GetSecretValue: no DescribeSecret, no listing.
      expect(new Set(secretActions), spec.name).toEqual(
        new Set(secretActions.length > 0 ? ['secretsmanager:GetSecretValue'] : []),
      );
      if (spec.access.session === true) {
        expect(readable.sort(), spec.name).toEqual([...secrets].sort());
      } else {
        expect(readable, spec.name).toEqual([]);
        // Every HTTP function knows the site's address, the one origin its forms take (issue 16).
        const http = spec.trigger.kind.startsWith('http');
        // The staff API reads its bearer tokens' claims by the pages' names (adapters/claims.ts).
        const api = spec.trigger.kind === 'http' && spec.trigger.auth === 'staff';
        for (const name of Object.values(SESSION_ENV)) {
          if (http && name === SESSION_ENV.siteUrl) continue;
          const value = environmentOf(spec.name)[name];
          if (api && name === SESSION_ENV.claims) {
            expect(value, `${spec.name} ${name}`).toBe(
              '{"user":"cognito:username","groups":"cognito:groups"}',
            );
          } else expect(value, `${spec.name} ${name}`).toBeUndefined();
        }
      }
    }
  });

  it("trusts the pool's tokens: its issuer, built from the stack's region and URL suffix, and the client", () => {
    expect(propertiesOf(authorizerId())).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: poolIssuer(),
        Audience: [{ Ref: clientId() }],
      },
    });
  });

  it('guards every staff route of the manifest with the authorizer, and no public route or staff page', () => {
    expect(staffRoutes.length).toBeGreaterThan(0);
    expect(pageRoutes.length).toBeGreaterThan(0);
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
    const routeOf = (t: { method: string; path: string }) =>
      routes.find((r) => r.Properties.RouteKey === `${t.method} ${t.path}`)?.Properties;
    for (const trigger of staffRoutes) {
      expect(routeOf(trigger), trigger.path).toMatchObject({
        AuthorizationType: 'JWT',
        AuthorizerId: { Ref: authorizerId() },
      });
    }
    // Staff pages check the session cookie in their handlers: a browser has no bearer token.
    for (const trigger of [...publicRoutes, ...pageRoutes]) {
      expect(routeOf(trigger)?.AuthorizationType, trigger.path).toBe('NONE');
      expect(routeOf(trigger)?.AuthorizerId, trigger.path).toBeUndefined();
    }
  });

  it('outputs the pool and client ids, managed login and the staff pages’ redirect URIs', () => {
    template.hasOutput('UserPoolId', { Value: { Ref: poolId() } });
    template.hasOutput('UserPoolClientId', { Value: { Ref: clientId() } });
    template.hasOutput('ManagedLoginUrl', {});
    for (const [name, path] of [
      ['StaffRedirectUri', '/staff/callback'],
      ['StaffPostLogoutUri', '/staff/signed-out'],
    ] as const) {
      template.hasOutput(name, {
        Value: {
          'Fn::Join': [
            '',
            [
              'https://',
              { 'Fn::GetAtt': [logicalId(stack.site.distribution), 'DomainName'] },
              path,
            ],
          ],
        },
      });
    }
  });
});

describe('notifications', () => {
  const notifying = functions.filter((spec) => spec.access.notify === true);

  it('are sent through SES and SNS by send-notification, and by no other (issue 14)', () => {
    expect(notifying.length).toBeGreaterThan(0);
    for (const spec of functions) {
      const env = environmentOf(spec.name);
      if (spec.access.deliver === true) {
        // No sender or addresses in cdk.json: the default transports, SMS only in effect.
        expect(env, spec.name).toMatchObject({
          NOTIFY_EMAIL: 'ses',
          NOTIFY_SMS: 'sns',
          NOTIFY_EMAIL_FROM: '',
          UNIT_EMAILS: '{}',
        });
      } else {
        expect(env.NOTIFIER, spec.name).toBe('none');
        expect(env.NOTIFY_EMAIL_FROM, spec.name).toBeUndefined();
        expect(env.UNIT_EMAILS, spec.name).toBeUndefined();
      }
    }
  });

  it('let only send-notification publish SMS, and send no e-mail without a sender', () => {
    for (const spec of functions) {
      const statements = statementsOfFunction(spec.name);
      expect(resourcesAllowing(statements, 'sns:Publish'), spec.name).toEqual(
        spec.access.deliver === true ? ['"*"'] : [],
      );
      expect(actionsOf(statements), spec.name).not.toContain('ses:SendEmail');
    }
  });
});

describe('the attachments', () => {
  function bucketId(): string {
    return logicalId(stack.attachments.bucket);
  }

  it('are kept in a private, versioned bucket under a rotated customer-managed key, retained', () => {
    const bucket = template.toJSON().Resources[bucketId()];
    expect(bucket).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: BLOCKS_PUBLIC_ACCESS,
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': [logicalId(stack.attachments.key), 'Arn'] },
            },
          },
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    // Only the retention backstop (test/infra/retention.test.ts): nothing current expires.
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([
      expect.not.objectContaining({ ExpirationInDays: expect.anything() }),
    ]);
    expect(template.toJSON().Resources[logicalId(stack.attachments.key)]).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: { EnableKeyRotation: true },
    });
  });

  it('refuse plain HTTP', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId() },
      PolicyDocument: DENIES_PLAIN_TRANSPORT,
    });
  });

  it("take presigned PUTs and GETs from the site's CloudFront origin only", () => {
    expect(propertiesOf(bucketId()).CorsConfiguration).toEqual({
      CorsRules: [
        {
          AllowedMethods: ['PUT', 'GET'],
          AllowedOrigins: [
            {
              'Fn::Join': [
                '',
                ['https://', { 'Fn::GetAtt': [logicalId(stack.site.distribution), 'DomainName'] }],
              ],
            },
          ],
          AllowedHeaders: [
            'content-type',
            'content-length',
            'content-disposition',
            'if-none-match',
          ],
          MaxAge: 3600,
        },
      ],
    });
  });

  it('are named to, and reachable by, only the functions whose spec asks for them', () => {
    const objects = JSON.stringify({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId(), 'Arn'] }, '/*']],
    });
    for (const spec of functions) {
      const env = environmentOf(spec.name);
      const reads = resourcesAllowing(statementsOfFunction(spec.name), 's3:GetObject');
      if (spec.access.attachments === undefined) {
        expect(env[ATTACHMENTS_BUCKET_ENV], spec.name).toBeUndefined();
        expect(
          reads.filter((r) => r.includes(bucketId())),
          spec.name,
        ).toEqual([]);
      } else {
        expect(env[ATTACHMENTS_BUCKET_ENV], spec.name).toEqual({ Ref: bucketId() });
        // The retention sweep deletes case files and reads none (test/infra/retention.test.ts).
        expect(reads, spec.name).toEqual(spec.access.attachments === 'delete' ? [] : [objects]);
      }
    }
  });
});

describe('the access logs', () => {
  const logsBucket = () => logicalId(stack.accessLogs.bucket);

  it('go to a private bucket that keeps them six months, readable by S3 and CloudFront', () => {
    const bucket = template.toJSON().Resources[logsBucket()];
    expect(bucket).toMatchObject({ DeletionPolicy: 'Retain' });
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
      PublicAccessBlockConfiguration: BLOCKS_PUBLIC_ACCESS,
      LifecycleConfiguration: {
        Rules: [expect.objectContaining({ ExpirationInDays: ACCESS_LOG_DAYS, Status: 'Enabled' })],
      },
    });
    expect(ACCESS_LOG_DAYS).toBeGreaterThanOrEqual(180);
  });

  it('record every request to the site and attachments buckets', () => {
    for (const [bucket, prefix] of [
      [stack.site.bucket, ACCESS_LOG_PREFIXES.site],
      [stack.attachments.bucket, ACCESS_LOG_PREFIXES.attachments],
    ] as const) {
      expect(propertiesOf(logicalId(bucket)).LoggingConfiguration).toEqual({
        DestinationBucketName: { Ref: logsBucket() },
        LogFilePrefix: prefix,
      });
    }
  });

  it('record every request CloudFront serves, without cookies', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Logging: {
          Bucket: { 'Fn::GetAtt': [logsBucket(), 'RegionalDomainName'] },
          Prefix: ACCESS_LOG_PREFIXES.cloudfront,
          IncludeCookies: false,
        },
      }),
    });
  });

  it('record every API request as a JSON line, by route template, for six months', () => {
    const logGroup = logicalId(stack.accessLogs.api);
    const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0];
    const settings = stage?.Properties.AccessLogSettings as {
      DestinationArn: unknown;
      Format: string;
    };
    expect(settings.DestinationArn).toEqual({ 'Fn::GetAtt': [logGroup, 'Arn'] });
    const format = JSON.parse(settings.Format) as Record<string, string>;
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      route: '$context.routeKey',
      status: '$context.status',
    });
    // No raw path or query: case numbers and access codes stay out of the log.
    expect(Object.values(format).join(' ')).not.toMatch(/\$context\.(path|rawPath|rawQueryString)/);
    expect(propertiesOf(logGroup)).toMatchObject({ RetentionInDays: ACCESS_LOG_DAYS });
  });
});

describe('the alarms', () => {
  const topicId = () => logicalId(stack.alarms.topic);
  const alarms = () => Object.values(template.findResources('AWS::CloudWatch::Alarm'));

  it('go to one topic, encrypted under a rotated key CloudWatch may use, refusing plain HTTP', () => {
    template.resourceCountIs('AWS::SNS::Topic', 1);
    const keyId = logicalId(stack.alarms.key);
    expect(propertiesOf(topicId())).toMatchObject({
      TopicName: resourceName(stack.stage, 'alarms'),
      KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    expect(propertiesOf(keyId)).toMatchObject({
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: expect.arrayContaining([
          expect.objectContaining({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId() }],
      PolicyDocument: DENIES_PLAIN_TRANSPORT,
    });
    // No address in cdk.json: nobody is subscribed until -c alarmEmail=… or by hand.
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('fire on the first five minutes with a problem, and say when it is over', () => {
    // The unit queues' dead-letter queues, the schedules' and the notifications' (issue 14), the
    // three log-line alarms (wrong codes on one case, a notification not queued: issue 16; a
    // holiday schedule missing), and the functions.
    expect(alarms().length).toBe(queues.length + 2 + 3 + 2 * functions.length);
    for (const alarm of alarms()) {
      expect(alarm.Properties).toMatchObject({
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
        Period: 300,
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: topicId() }],
        OKActions: [{ Ref: topicId() }],
      });
    }
  });

  it('watch the depth of every dead-letter queue', () => {
    for (const spec of queues) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: resourceName(stack.stage, `${spec.deadLetterName}-messages`),
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Statistic: 'Maximum',
        Dimensions: [
          {
            Name: 'QueueName',
            Value: { 'Fn::GetAtt': [queueIds(spec.unit).deadLetter, 'QueueName'] },
          },
        ],
      });
    }
  });

  it('watch every function’s errors and throttles', () => {
    for (const spec of functions) {
      for (const metric of ['Errors', 'Throttles']) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          AlarmName: resourceName(stack.stage, `${spec.name}-${metric.toLowerCase()}`),
          Namespace: 'AWS/Lambda',
          MetricName: metric,
          Statistic: 'Sum',
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(functionOf(spec.name)) } }],
        });
      }
    }
  });
});

describe('the stack', () => {
  it('outputs the API URL, the site URL and the table name', () => {
    for (const name of ['ApiUrl', 'SiteUrl', 'TableName']) template.hasOutput(name, {});
  });

  it('names no partition literally, so the same template can be built for aws-cn', () => {
    expect(JSON.stringify(template.toJSON())).not.toContain('arn:aws:');
  });

  it('has no circular dependency, which CloudFormation would refuse (client ← site ← API)', () => {
    expect(dependencyCycle(template.toJSON() as TemplateJson)).toBeUndefined();
  });
});

describe('the stack layout (docs/decisions.md, "AWS stack layout")', () => {
  /**
   * CloudFormation refuses more than 500. Pages go to the nested stacks (staff pages; payer
   * pages, issue 15, which left the main stack where it was, at about 450); each API function
   * costs the main stack nine, and beyond the margin the API functions need a nested stack of
   * their own, not a bigger main one.
   */
  const MAX_RESOURCES = 460;

  function resourceCounts(): [string, number][] {
    return Object.entries(synthesized.stackTemplates).map(([path, t]) => [
      path,
      Object.keys(t.toJSON().Resources).length,
    ]);
  }

  it(`keeps the main stack and the staff and payer pages' nested stacks each under ${MAX_RESOURCES} resources`, () => {
    const counts = resourceCounts();
    console.log(`Resources per stack: ${counts.map(([path, n]) => `${path} ${n}`).join(', ')}`);
    expect(counts.map(([path]) => path)).toEqual([
      stack.node.path,
      `${stack.node.path}/StaffPages`,
      `${stack.node.path}/PayerPages`,
    ]);
    for (const [path, n] of counts) expect(n, path).toBeLessThan(MAX_RESOURCES);
  });

  /**
   * Every function of `pages` (by `isPage`) is in that nested stack, and no other; with each
   * its route, integration, permission, two alarms and the log filters its lines need, and
   * nothing else.
   */
  function expectPagesStack(pages: Stack | undefined, isPage: (spec: FunctionSpec) => boolean) {
    if (pages === undefined) throw new Error('no pages stack');
    const inIt = functions.filter(isPage);
    expect(inIt.length).toBeGreaterThan(0);
    for (const spec of functions) {
      expect(Stack.of(functionOf(spec.name)) === pages, spec.name).toBe(isPage(spec));
    }
    const nested = synthesized.stackTemplates[pages.node.path]?.toJSON() as TemplateJson;
    const count = (type: string) =>
      Object.values(nested.Resources).filter((r) => r.Type === type).length;
    const n = inIt.length;
    const notifying = inIt.filter((spec) => spec.access.notify === true).length;
    const checking = inIt.filter((spec) => spec.checksAccessCodes === true).length;
    expect({
      functions: count('AWS::Lambda::Function'),
      roles: count('AWS::IAM::Role'),
      policies: count('AWS::IAM::Policy'),
      logGroups: count('AWS::Logs::LogGroup'),
      routes: count('AWS::ApiGatewayV2::Route'),
      integrations: count('AWS::ApiGatewayV2::Integration'),
      permissions: count('AWS::Lambda::Permission'),
      alarms: count('AWS::CloudWatch::Alarm'),
      metricFilters: count('AWS::Logs::MetricFilter'),
    }).toEqual({
      functions: n,
      roles: n,
      policies: n,
      logGroups: n,
      routes: n,
      integrations: n,
      permissions: n,
      alarms: 2 * n,
      // A page that notifies counts its failed enqueues, one that checks access codes the wrong
      // ones, for the operators' alarms (issue 16).
      metricFilters: notifying + checking,
    });
    expect(Object.keys(nested.Resources)).toHaveLength(9 * n + notifying + checking);
    // It takes the API, table, queues, keys, secrets and topic as parameters, and gives nothing
    // back: the main stack does not depend on it.
    expect(nested.Outputs).toBeUndefined();
  }

  it('puts every staff page in the nested stack, with its route, integration, permission and alarms, and nothing else', () => {
    expectPagesStack(stack.staffPages, isStaffPage);
    // Staff pages check no access codes: their filters are the notifying pages' only.
    expect(functions.filter(isStaffPage).some((spec) => spec.checksAccessCodes)).toBe(false);
  });

  it('puts the payer pages and forms (/api/payer/) in a nested stack of their own, likewise, with a route each', () => {
    expectPagesStack(stack.payerPages, isPayerPage);
    const payer = functions.filter(isPayerPage);
    // Every page its own route (issue 15): none shared, and the real pages literal.
    const routes = payer.map((spec) => (spec.trigger.kind === 'http' ? spec.trigger : undefined));
    const keys = routes.map((t) => `${t?.method} ${t?.path}`);
    expect(new Set(keys).size).toBe(payer.length);
    expect(keys).toContain('GET /api/payer/time-limits');
    expect(keys.filter((k) => k.includes('{'))).toEqual([]);
    // What was deployed in the main stack stays there (a moved route would clash on its key):
    // `{page}`, now the catch-all's, and the access-code form.
    const kept = functions.filter(
      (spec) =>
        spec.trigger.kind === 'http' &&
        spec.trigger.path.startsWith('/api/payer/') &&
        !isPayerPage(spec),
    );
    expect(kept.map((spec) => spec.name).sort()).toEqual([
      'payer-access-code',
      'payer-not-found-form',
      'payer-not-found-page',
    ]);
    for (const spec of kept) expect(Stack.of(functionOf(spec.name)), spec.name).toBe(stack);
  });
});
