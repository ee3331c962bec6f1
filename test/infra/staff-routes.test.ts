/**
 * Staff routes and pages under an external OIDC provider, and other paths the real manifest does
 * not take, exercised by building the stack from a test manifest served by a fixture handler.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FunctionSpec, queues } from '#functions/manifest.ts';
import { SESSION_ENV } from '../../infra/aws/constructs/staff-identity.ts';
import type { DisputesStack } from '../../infra/aws/disputes-stack.ts';
import {
  cleanUp,
  dependencyCycle,
  environmentOf,
  fakeFunction,
  fakeRoutes,
  fakeSiteDir,
  logicalId,
  resourcesAllowing,
  type Synthesized,
  statementsOfFunction,
  synthesizeManifest,
  type TemplateJson,
} from './synth.ts';

const testManifest: FunctionSpec[] = [
  fakeRoutes.staffInbox,
  fakeFunction({
    name: 'staff-action',
    trigger: {
      kind: 'http',
      method: 'POST',
      path: '/api/staff/cases/{caseNumber}/actions',
      auth: 'staff',
    },
  }),
  fakeRoutes.publicHealth,
  fakeRoutes.staffPage,
];

afterAll(cleanUp);

const CLIENT_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:si/oidc-AbC123';
const CLAIMS = { user: 'preferred_username', unit: 'unit', role: 'role' };

const jwtContext = {
  jwtIssuer: 'https://idp.example.org/realms/si',
  jwtAudience: 'si-staff,si-admin',
  oidcClientId: 'si-pages',
  oidcClientSecretArn: CLIENT_SECRET_ARN,
  oidcClaims: JSON.stringify(CLAIMS),
  oidcLogoutUrl: 'https://idp.example.org/realms/si/logout',
  oidcScopes: 'openid profile roles',
};

describe('staff routes under an external OIDC issuer', () => {
  let synthesized: Synthesized;
  let template: Template;
  let authorizerId: string;

  beforeAll(() => {
    synthesized = synthesizeManifest(testManifest, {
      queues: queues.slice(0, 1),
      siteDir: fakeSiteDir(),
      context: jwtContext,
    });
    template = synthesized.template;
    const authorizers = Object.keys(template.findResources('AWS::ApiGatewayV2::Authorizer'));
    authorizerId = authorizers[0] ?? '';
  });

  it('create no Cognito user pool, client, groups or domain: the external provider replaces them', () => {
    const types = Object.values(template.toJSON().Resources as Record<string, { Type: string }>);
    expect(types.filter((r) => r.Type.startsWith('AWS::Cognito::'))).toEqual([]);
    expect(synthesized.stack.identity.userPool).toBeUndefined();
    expect(Object.keys(template.toJSON().Outputs)).not.toContain('UserPoolId');
    expect(Object.keys(template.toJSON().Outputs)).not.toContain('UserPoolClientId');
  });

  it('get one JWT authorizer from the jwtIssuer and jwtAudience context', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: jwtContext.jwtIssuer,
        Audience: ['si-staff', 'si-admin'],
      },
    });
    template.hasOutput('StaffJwtIssuer', { Value: jwtContext.jwtIssuer });
  });

  it('are every one guarded by the authorizer', () => {
    for (const routeKey of ['GET /api/staff/inbox', 'POST /api/staff/cases/{caseNumber}/actions']) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: routeKey,
        AuthorizationType: 'JWT',
        AuthorizerId: { Ref: authorizerId },
      });
    }
  });

  it('leave public routes and staff pages open to the API, the pages checking their session', () => {
    for (const routeKey of ['GET /api/health', 'GET /staff/inbox']) {
      const route = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).find(
        (r) => r.Properties.RouteKey === routeKey,
      );
      expect(route?.Properties.AuthorizationType, routeKey).toBe('NONE');
      expect(route?.Properties.AuthorizerId, routeKey).toBeUndefined();
    }
  });

  it('tell the staff pages the provider, the client, its secret, the claims and the site', () => {
    const siteUrl = {
      'Fn::Join': [
        '',
        [
          'https://',
          { 'Fn::GetAtt': [logicalId(synthesized.stack.site.distribution), 'DomainName'] },
        ],
      ],
    };
    expect(environmentOf(synthesized, 'staff-page')).toMatchObject({
      [SESSION_ENV.issuer]: jwtContext.jwtIssuer,
      [SESSION_ENV.clientId]: 'si-pages',
      [SESSION_ENV.clientSecretArn]: CLIENT_SECRET_ARN,
      [SESSION_ENV.claims]: JSON.stringify(CLAIMS),
      [SESSION_ENV.logoutUrl]: jwtContext.oidcLogoutUrl,
      [SESSION_ENV.scopes]: 'openid profile roles',
      [SESSION_ENV.siteUrl]: siteUrl,
      [SESSION_ENV.sessionSecretArn]: { Ref: logicalId(synthesized.stack.identity.sessionSecret) },
    });
    // Nothing of it for functions that are not staff pages, but the site's address, which every
    // HTTP function has: the one origin its forms take (issue 16); and the staff API reads its
    // bearer tokens by the same claims.
    for (const name of ['staff-inbox', 'public-health']) {
      const env = environmentOf(synthesized, name);
      for (const key of Object.values(SESSION_ENV)) {
        if (key === SESSION_ENV.siteUrl) expect(env[key], `${name} ${key}`).toEqual(siteUrl);
        else if (key === SESSION_ENV.claims && name === 'staff-inbox') {
          expect(env[key], `${name} ${key}`).toBe(JSON.stringify(CLAIMS));
        } else expect(env[key], `${name} ${key}`).toBeUndefined();
      }
    }
    // The operator registers these with the provider.
    template.hasOutput('StaffRedirectUri', {});
    template.hasOutput('StaffPostLogoutUri', {});
  });

  it('let the staff pages read the operator’s client secret and the session secret, nothing else', () => {
    // Every HTTP function reads the origin secret too (test/infra/origin.test.ts).
    const origin = JSON.stringify({ Ref: logicalId(synthesized.stack.site.originSecret) });
    const statements = statementsOfFunction(synthesized, 'staff-page');
    expect(resourcesAllowing(statements, 'secretsmanager:GetSecretValue').sort()).toEqual(
      [
        JSON.stringify(CLIENT_SECRET_ARN),
        JSON.stringify({ Ref: logicalId(synthesized.stack.identity.sessionSecret) }),
        origin,
      ].sort(),
    );
    expect(
      resourcesAllowing(
        statementsOfFunction(synthesized, 'staff-inbox'),
        'secretsmanager:GetSecretValue',
      ),
    ).toEqual([origin]);
    // The operator's secret is theirs: the stack makes the session and origin secrets only.
    template.resourceCountIs('AWS::SecretsManager::Secret', 2);
  });

  it('make no circular dependency', () => {
    expect(dependencyCycle(template.toJSON() as TemplateJson)).toBeUndefined();
  });
});

describe('staff routes without issuer context', () => {
  let stack: DisputesStack;
  let template: Template;

  beforeAll(() => {
    ({ stack, template } = synthesizeManifest(testManifest));
  });

  it('tell the staff pages the Cognito client, without scopes (the default, openid profile)', () => {
    const client = stack.identity.client;
    if (client === undefined) throw new Error('no user pool client');
    const env = environmentOf({ stack, template }, 'staff-page');
    expect(env).toMatchObject({
      [SESSION_ENV.clientId]: { Ref: logicalId(client) },
      [SESSION_ENV.claims]: JSON.stringify({ user: 'cognito:username', groups: 'cognito:groups' }),
    });
    expect(env[SESSION_ENV.scopes]).toBeUndefined();
  });

  it("synthesize, guarded by the stack's own Cognito user pool", () => {
    const pool = stack.identity.userPool;
    const client = stack.identity.client;
    if (pool === undefined || client === undefined) throw new Error('no user pool or client');
    const authorizers = Object.values(template.findResources('AWS::ApiGatewayV2::Authorizer'));
    expect(authorizers).toHaveLength(1);
    expect(authorizers[0]?.Properties.JwtConfiguration).toMatchObject({
      Issuer: { 'Fn::Join': ['', expect.arrayContaining([{ Ref: logicalId(pool) }])] },
      Audience: [{ Ref: logicalId(client) }],
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /api/staff/inbox',
      AuthorizationType: 'JWT',
    });
  });

  it('keep the buckets and distribution but upload nothing while the site is not built', () => {
    expect(template.toJSON().Resources[logicalId(stack.site.bucket)]?.Type).toBe('AWS::S3::Bucket');
    expect(template.toJSON().Resources[logicalId(stack.attachments.bucket)]?.Type).toBe(
      'AWS::S3::Bucket',
    );
    template.resourceCountIs('AWS::CloudFront::Distribution', 1);
    template.resourceCountIs('Custom::CDKBucketDeployment', 0);
  });
});

describe('a manifest the stack refuses', () => {
  it('stops the synth when a function sends to a unit that has no queue', () => {
    const sender = fakeFunction({
      name: 'sender',
      trigger: { kind: 'http', method: 'POST', path: '/api/send', auth: 'public' },
      access: { table: 'none', sendTo: ['court'] },
    });
    expect(() => synthesizeManifest([sender], { queues: queues.slice(0, 1) })).toThrow(
      /sender.*court.*no queue/,
    );
  });

  it('stops the synth when a consumer listens to a unit that has no queue', () => {
    const consumer = fakeFunction({
      name: 'consumer',
      trigger: { kind: 'queue', units: ['court'], batchSize: 10 },
    });
    expect(() => synthesizeManifest([consumer])).toThrow(/consumer.*court.*no queue/);
  });
});

describe('a stack built from a manifest passed as a prop', () => {
  it('wires the functions of that manifest instead of the real one', () => {
    const { stack, template } = synthesizeManifest(testManifest.slice(2, 3));
    const fn = stack.functions.get('public-health');
    expect([...stack.functions.keys()]).toEqual(['public-health']);
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationUri: { 'Fn::GetAtt': [logicalId(fn?.fn ?? stack), 'Arn'] },
    });
  });
});
