/**
 * Only CloudFront reaches the functions, and it tells them the viewer's address (issue 14): the
 * API behaviour's origin request policy passes CloudFront-Viewer-Address and not Host, the API
 * origin carries the origin secret in `X-Origin-Verify` (a Secrets Manager dynamic reference, not
 * a literal), and every HTTP function, staff pages included, is given that secret's ARN and may
 * read exactly it. With and without the site's own domain. Built from a test manifest served by
 * the fixture handler.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN_SECRET_ARN_ENV } from '#adapters/origin-secret.ts';
import { type FunctionSpec, queues } from '#functions/manifest.ts';
import { ORIGIN_SECRET_HEADER } from '../../infra/aws/constructs/site.ts';
import type { DisputesStack } from '../../infra/aws/disputes-stack.ts';
import {
  cleanUp,
  fakeFunction,
  fakeRoutes,
  logicalId,
  resourcesAllowing,
  statementsOf,
  synthesizeManifest,
} from './synth.ts';

afterAll(cleanUp);

const testManifest: FunctionSpec[] = [
  fakeRoutes.publicHealth,
  fakeRoutes.staffInbox,
  fakeRoutes.staffPage,
  fakeFunction({
    name: 'nightly',
    trigger: { kind: 'schedule', cron: '0 2 * * *', timezone: 'Asia/Shanghai' },
  }),
];

interface DistributionConfig {
  Origins: { Id: string; CustomOriginConfig?: unknown; OriginCustomHeaders?: unknown[] }[];
  CacheBehaviors: {
    PathPattern: string;
    TargetOriginId: string;
    OriginRequestPolicyId: unknown;
    CachePolicyId: unknown;
  }[];
}

for (const [name, context] of [
  ['without a domain of its own', {}],
  [
    'with the site’s own domain',
    {
      siteDomain: 'disputes.example.gov.cn',
      siteCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f',
    },
  ],
] as const) {
  describe(`the API behind CloudFront, ${name}`, () => {
    let stack: DisputesStack;
    let template: Template;
    let config: DistributionConfig;

    beforeAll(() => {
      ({ stack, template } = synthesizeManifest(testManifest, {
        queues: queues.slice(0, 1),
        context,
      }));
      config = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]?.Properties
        .DistributionConfig as DistributionConfig;
    });

    const secretId = () => logicalId(stack.site.originSecret);
    const apiOrigin = () => config.Origins.find((o) => o.CustomOriginConfig !== undefined);

    it('passes CloudFront-Viewer-Address to the API, and not Host', () => {
      const behaviours = config.CacheBehaviors.filter((b) => b.TargetOriginId === apiOrigin()?.Id);
      expect(behaviours.map((b) => b.PathPattern).sort()).toEqual(['/api/*', '/staff/*']);
      const policies = template.findResources('AWS::CloudFront::OriginRequestPolicy');
      const cachePolicies = template.findResources('AWS::CloudFront::CachePolicy');
      for (const behaviour of behaviours) {
        // Authorization, every cookie and the query pass through the cache policy (CloudFront
        // takes Authorization nowhere else), which keeps nothing past a second.
        const cache = cachePolicies[(behaviour.CachePolicyId as { Ref: string }).Ref]?.Properties
          .CachePolicyConfig as {
          MinTTL: number;
          DefaultTTL: number;
          MaxTTL: number;
          ParametersInCacheKeyAndForwardedToOrigin: {
            HeadersConfig: { HeaderBehavior: string; Headers: string[] };
            CookiesConfig: { CookieBehavior: string };
            QueryStringsConfig: { QueryStringBehavior: string };
          };
        };
        expect(cache).toMatchObject({ MinTTL: 0, DefaultTTL: 0, MaxTTL: 1 });
        expect(cache.ParametersInCacheKeyAndForwardedToOrigin).toMatchObject({
          HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Authorization'] },
          CookiesConfig: { CookieBehavior: 'all' },
          QueryStringsConfig: { QueryStringBehavior: 'all' },
        });
        const ref = behaviour.OriginRequestPolicyId as { Ref: string };
        const policy = policies[ref.Ref]?.Properties.OriginRequestPolicyConfig as {
          HeadersConfig: { HeaderBehavior: string; Headers: string[] };
        };
        expect(policy, behaviour.PathPattern).toBeDefined();
        expect(policy.HeadersConfig.HeaderBehavior).toBe('whitelist');
        expect(policy.HeadersConfig.Headers).toContain('CloudFront-Viewer-Address');
        // What the handlers read.
        for (const header of ['Content-Type', 'Idempotency-Key', 'X-Access-Code', 'Origin']) {
          expect(policy.HeadersConfig.Headers).toContain(header);
        }
        expect(policy.HeadersConfig.Headers.map((h) => h.toLowerCase())).not.toContain('host');
        expect(policy.HeadersConfig.Headers.map((h) => h.toLowerCase())).not.toContain(
          'x-forwarded-for',
        );
        // CloudFront's limit of headers in an origin request policy.
        expect(policy.HeadersConfig.Headers.length).toBeLessThanOrEqual(10);
      }
    });

    it('sends the origin secret to the API in X-Origin-Verify, by reference to Secrets Manager', () => {
      const headers = apiOrigin()?.OriginCustomHeaders as
        | { HeaderName: string; HeaderValue: unknown }[]
        | undefined;
      const header = headers?.find((h) => h.HeaderName === ORIGIN_SECRET_HEADER);
      expect(header).toBeDefined();
      const value = JSON.stringify(header?.HeaderValue);
      // `{{resolve:secretsmanager:<the secret>:SecretString:::}}`: never the value itself.
      expect(value).toContain('{{resolve:secretsmanager:');
      expect(value).toContain(secretId());
      const secret = template.findResources('AWS::SecretsManager::Secret')[secretId()];
      expect(secret?.Properties.GenerateSecretString).toMatchObject({
        PasswordLength: 48,
        ExcludePunctuation: true,
      });
      // The bucket origin carries no secret.
      for (const origin of config.Origins.filter((o) => o !== apiOrigin())) {
        expect(origin.OriginCustomHeaders ?? []).toEqual([]);
      }
    });

    it('gives every HTTP function the secret’s ARN and the right to read it, and no other function', () => {
      for (const spec of testManifest) {
        const fn = spec.name === 'staff-page' ? stack.staffPages : stack;
        const construct = stack.functions.get(spec.name);
        expect(construct, spec.name).toBeDefined();
        if (!construct || !fn) continue;
        const id = logicalId(construct.fn);
        const resource = template.findResources('AWS::Lambda::Function')[id];
        const environment = resource?.Properties.Environment.Variables as Record<string, unknown>;
        const statements = statementsOf(template, logicalId(construct.role));
        const readable = resourcesAllowing(statements, 'secretsmanager:GetSecretValue');
        if (spec.trigger.kind === 'http') {
          expect(JSON.stringify(environment[ORIGIN_SECRET_ARN_ENV]), spec.name).toContain(
            secretId(),
          );
          expect(
            readable.some((r) => r.includes(secretId())),
            spec.name,
          ).toBe(true);
        } else {
          expect(environment[ORIGIN_SECRET_ARN_ENV], spec.name).toBeUndefined();
          expect(
            readable.some((r) => r.includes(secretId())),
            spec.name,
          ).toBe(false);
        }
      }
    });

    it('tells every HTTP function the site’s address, the one origin its forms take (issue 16)', () => {
      const functions = template.findResources('AWS::Lambda::Function');
      const siteUrlOf = (name: string) => {
        const construct = stack.functions.get(name);
        if (!construct) throw new Error(`no function ${name}`);
        const variables = functions[logicalId(construct.fn)]?.Properties.Environment.Variables as
          | Record<string, unknown>
          | undefined;
        return variables?.SITE_URL;
      };
      const expected =
        'siteDomain' in context
          ? `https://${context.siteDomain}`
          : {
              'Fn::Join': [
                '',
                ['https://', { 'Fn::GetAtt': [logicalId(stack.site.distribution), 'DomainName'] }],
              ],
            };
      expect(siteUrlOf('public-health')).toEqual(expected);
      expect(siteUrlOf('staff-inbox')).toEqual(expected);
      expect(siteUrlOf('nightly')).toBeUndefined();
    });
  });
}
