/**
 * What the optional context adds: the web ACL stack and its attachment to the distribution, the
 * site's own domain with a modern TLS policy, and an e-mail subscription to the alarms. Built
 * from a test manifest served by the fixture handler.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FunctionSpec, queues } from '#functions/manifest.ts';
import { SESSION_ENV } from '../../infra/aws/constructs/staff-identity.ts';
import type { DisputesStack } from '../../infra/aws/disputes-stack.ts';
import {
  API_RATE_LIMIT,
  API_RATE_WINDOW_SECONDS,
  type WafStack,
} from '../../infra/aws/waf-stack.ts';
import { cleanUp, fakeRoutes, logicalId, synthesizeManifest } from './synth.ts';

afterAll(cleanUp);

const testManifest: FunctionSpec[] = [fakeRoutes.publicHealth, fakeRoutes.staffPage];

const WEB_ACL_ARN =
  'arn:aws:wafv2:us-east-1:123456789012:global/webacl/si-disputes-dev-cloudfront/0a1b2c3d-4e5f';
const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f';
const DOMAIN = 'disputes.example.gov.cn';
const ALARM_EMAIL = 'ops@si.example.gov.cn';

describe('with every option in the context', () => {
  let stack: DisputesStack;
  let template: Template;
  let waf: WafStack;
  let wafTemplate: Template;

  beforeAll(() => {
    const synthesized = synthesizeManifest(testManifest, {
      queues: queues.slice(0, 1),
      context: {
        waf: 'true',
        wafWebAclArn: WEB_ACL_ARN,
        siteDomain: DOMAIN,
        siteCertificateArn: CERTIFICATE_ARN,
        alarmEmail: ALARM_EMAIL,
      },
    });
    ({ stack, template } = synthesized);
    if (synthesized.waf === undefined) throw new Error('no WAF stack with waf=true');
    waf = synthesized.waf;
    wafTemplate = Template.fromStack(waf);
  });

  it('puts the web ACL of the context in front of the distribution', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ WebACLId: WEB_ACL_ARN }),
    });
  });

  it('defines the web ACL stack in us-east-1, of CLOUDFRONT scope', () => {
    expect(waf.region).toBe('us-east-1');
    expect(waf.stackName).toBe(`SiDisputesWaf-${stack.stage}`);
    wafTemplate.resourceCountIs('AWS::WAFv2::WebACL', 1);
    wafTemplate.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
    });
    wafTemplate.hasOutput('WebAclArn', {
      Value: { 'Fn::GetAtt': [logicalId(waf.webAcl), 'Arn'] },
    });
  });

  it('limits each IP to the rate on /api/*, answering 429 with Retry-After', () => {
    wafTemplate.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Priority: 0,
          Statement: {
            RateBasedStatement: {
              Limit: API_RATE_LIMIT,
              EvaluationWindowSec: API_RATE_WINDOW_SECONDS,
              AggregateKeyType: 'IP',
              ScopeDownStatement: {
                ByteMatchStatement: Match.objectLike({
                  FieldToMatch: { UriPath: {} },
                  PositionalConstraint: 'STARTS_WITH',
                  SearchString: '/api/',
                }),
              },
            },
          },
          Action: {
            Block: {
              CustomResponse: Match.objectLike({
                ResponseCode: 429,
                ResponseHeaders: [{ Name: 'retry-after', Value: String(API_RATE_WINDOW_SECONDS) }],
              }),
            },
          },
        }),
      ]),
    });
    expect(API_RATE_LIMIT).toBe(300);
    expect(API_RATE_WINDOW_SECONDS).toBe(300);
  });

  it('applies the AWS common rule set, counting only its 8 KB body limit', () => {
    wafTemplate.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Statement: {
            ManagedRuleGroupStatement: {
              VendorName: 'AWS',
              Name: 'AWSManagedRulesCommonRuleSet',
              RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }],
            },
          },
          OverrideAction: { None: {} },
        }),
      ]),
    });
  });

  it('serves the site on its own domain with TLS 1.2 at least, and allows uploads from it', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: [DOMAIN],
        ViewerCertificate: {
          AcmCertificateArn: CERTIFICATE_ARN,
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        },
      }),
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [Match.objectLike({ AllowedOrigins: Match.arrayWith([`https://${DOMAIN}`]) })],
      },
    });
    template.hasOutput('SiteUrl', { Value: `https://${DOMAIN}/` });
  });

  it('signs staff in and out through the site’s own domain', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: [`https://${DOMAIN}/staff/callback`],
      LogoutURLs: [`https://${DOMAIN}/staff/signed-out`],
    });
    const fn = stack.functions.get('staff-page')?.fn;
    if (fn === undefined) throw new Error('no staff page');
    const resource = template.toJSON().Resources[logicalId(fn)];
    expect(resource.Properties.Environment.Variables[SESSION_ENV.siteUrl]).toBe(
      `https://${DOMAIN}`,
    );
  });

  it('subscribes the alarm e-mail address to the alarms topic', () => {
    template.resourceCountIs('AWS::SNS::Subscription', 1);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: ALARM_EMAIL,
      TopicArn: { Ref: logicalId(stack.alarms.topic) },
    });
  });
});

describe('without options', () => {
  it('defines no web ACL stack, attaches no ACL and subscribes no one', () => {
    const { template, waf } = synthesizeManifest(testManifest);
    expect(waf).toBeUndefined();
    const distribution = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0];
    expect(distribution?.Properties.DistributionConfig.WebACLId).toBeUndefined();
    expect(distribution?.Properties.DistributionConfig.Aliases).toBeUndefined();
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});
