/**
 * Staff routes and other paths the real manifest does not take yet, exercised by building the
 * stack from a test manifest served by a fixture handler.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FunctionSpec, queues } from '#functions/manifest.ts';
import { cleanUp, fakeFunction, logicalId, missingSiteDir, synthesize } from './synth.ts';

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

describe('a manifest with staff routes', () => {
  let template: Template;
  let authorizerId: string;

  beforeAll(() => {
    const { template: t } = synthesize({
      functions: testManifest,
      queues: queues.slice(0, 1),
      siteDir: missingSiteDir(),
      context: jwtContext,
    });
    template = t;
    const authorizers = Object.keys(t.findResources('AWS::ApiGatewayV2::Authorizer'));
    authorizerId = authorizers[0] ?? '';
  });

  it('gets one JWT authorizer from the jwtIssuer and jwtAudience context', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: jwtContext.jwtIssuer,
        Audience: ['si-staff', 'si-admin'],
      },
    });
  });

  it('guards every staff route with the authorizer', () => {
    for (const routeKey of ['GET /api/staff/inbox', 'POST /api/staff/cases/{caseNumber}/actions']) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: routeKey,
        AuthorizationType: 'JWT',
        AuthorizerId: { Ref: authorizerId },
      });
    }
  });

  it('leaves public routes open', () => {
    const health = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).find(
      (route) => route.Properties.RouteKey === 'GET /api/health',
    );
    expect(health?.Properties.AuthorizationType).toBe('NONE');
    expect(health?.Properties.AuthorizerId).toBeUndefined();
  });

  it('keeps the bucket and distribution but uploads nothing while the site is not built', () => {
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.resourceCountIs('AWS::CloudFront::Distribution', 1);
    template.resourceCountIs('Custom::CDKBucketDeployment', 0);
  });
});

describe('a manifest the stack refuses', () => {
  it('stops the synth when a staff route has no JWT issuer, rather than publish it', () => {
    expect(() =>
      synthesize({ functions: testManifest, queues: [], siteDir: missingSiteDir() }),
    ).toThrow(/staff-inbox.*jwtIssuer/);
  });

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
