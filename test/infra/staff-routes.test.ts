/**
 * Staff routes under an external OIDC issuer, and other paths the real manifest does not take,
 * exercised by building the stack from a test manifest served by a fixture handler.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FunctionSpec, queues } from '#functions/manifest.ts';
import type { DisputesStack } from '../../infra/aws/disputes-stack.ts';
import {
  cleanUp,
  deployedJson,
  fakeFunction,
  fakeSiteDir,
  logicalId,
  missingSiteDir,
  type Synthesized,
  synthesize,
} from './synth.ts';

const testManifest: FunctionSpec[] = [
  fakeFunction({
    name: 'staff-inbox',
    trigger: { kind: 'http', method: 'GET', path: '/api/staff/inbox', auth: 'staff' },
  }),
  fakeFunction({
    name: 'staff-action',
    trigger: {
      kind: 'http',
      method: 'POST',
      path: '/api/staff/cases/{caseNumber}/actions',
      auth: 'staff',
    },
  }),
  fakeFunction({
    name: 'public-health',
    trigger: { kind: 'http', method: 'GET', path: '/api/health', auth: 'public' },
  }),
];

afterAll(cleanUp);

const jwtContext = {
  jwtIssuer: 'https://idp.example.org/realms/si',
  jwtAudience: 'si-staff,si-admin',
};

describe('staff routes under an external OIDC issuer', () => {
  let synthesized: Synthesized;
  let template: Template;
  let authorizerId: string;

  beforeAll(() => {
    synthesized = synthesize({
      functions: testManifest,
      queues: queues.slice(0, 1),
      siteDir: fakeSiteDir(),
      context: jwtContext,
    });
    template = synthesized.template;
    const authorizers = Object.keys(template.findResources('AWS::ApiGatewayV2::Authorizer'));
    authorizerId = authorizers[0] ?? '';
  });

  it('create no Cognito user pool, client or groups: the external provider replaces them', () => {
    for (const type of [
      'AWS::Cognito::UserPool',
      'AWS::Cognito::UserPoolClient',
      'AWS::Cognito::UserPoolGroup',
    ]) {
      template.resourceCountIs(type, 0);
    }
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

  it('leave public routes open', () => {
    const health = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).find(
      (route) => route.Properties.RouteKey === 'GET /api/health',
    );
    expect(health?.Properties.AuthorizationType).toBe('NONE');
    expect(health?.Properties.AuthorizerId).toBeUndefined();
  });

  it('tell the site, in /config.json, the issuer and the first audience as its client id', () => {
    expect(deployedJson(synthesized, 'config.json')).toEqual({
      auth: 'oidc',
      issuer: jwtContext.jwtIssuer,
      clientId: 'si-staff',
    });
  });
});

describe('staff routes without issuer context', () => {
  let stack: DisputesStack;
  let template: Template;

  beforeAll(() => {
    ({ stack, template } = synthesize({
      functions: testManifest,
      queues: [],
      siteDir: missingSiteDir(),
    }));
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

  it('keep the buckets and distribution but upload nothing, config.json included, while the site is not built', () => {
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
    expect(() =>
      synthesize({ functions: [sender], queues: queues.slice(0, 1), siteDir: missingSiteDir() }),
    ).toThrow(/sender.*court.*no queue/);
  });

  it('stops the synth when a consumer listens to a unit that has no queue', () => {
    const consumer = fakeFunction({
      name: 'consumer',
      trigger: { kind: 'queue', units: ['court'], batchSize: 10 },
    });
    expect(() =>
      synthesize({ functions: [consumer], queues: [], siteDir: missingSiteDir() }),
    ).toThrow(/consumer.*court.*no queue/);
  });
});

describe('a stack built from a manifest passed as a prop', () => {
  it('wires the functions of that manifest instead of the real one', () => {
    const { stack, template } = synthesize({
      functions: testManifest.slice(2),
      queues: [],
      siteDir: missingSiteDir(),
    });
    const fn = stack.functions.get('public-health');
    expect([...stack.functions.keys()]).toEqual(['public-health']);
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationUri: { 'Fn::GetAtt': [logicalId(fn?.fn ?? stack), 'Arn'] },
    });
  });
});
