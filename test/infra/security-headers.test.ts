/**
 * CloudFront's response-headers policy (issue 16, finding 9): the distribution adds the pages'
 * security headers, the same values the functions and the local gateway send
 * (functions/platform/security-headers.ts), and HSTS, on the static site and the API alike.
 * The site construct alone, in a stack of its own: nothing here needs the functions bundled.
 */
import { type App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, HSTS, SECURITY_HEADERS } from '#platform/security-headers.ts';
import { Site } from '../../infra/aws/constructs/site.ts';
import { cleanUp, fakeSiteDir, newApp } from './synth.ts';

afterAll(cleanUp);

function siteTemplate(region?: string): Template {
  const app: App = newApp();
  const stack = new Stack(app, 'SiteOnly', {
    ...(region ? { env: { region, account: '123456789012' } } : {}),
  });
  new Site(stack, 'Site', {
    apiDomain: 'abc123.execute-api.example.com',
    siteDir: fakeSiteDir(),
    logs: new Bucket(stack, 'Logs'),
    webAclArn: undefined,
    domain: undefined,
    // CloudFront in China serves only an ICP-recorded domain with an IAM certificate.
    ...(region?.startsWith('cn-')
      ? {
          chinaDomain: {
            domainName: 'disputes.example.gov.cn',
            iamCertificateId: 'ASCAEXAMPLE0123456789',
          },
        }
      : {}),
  });
  return Template.fromStack(stack);
}

interface Behavior {
  PathPattern?: string;
  ResponseHeadersPolicyId?: unknown;
}

describe('the distribution’s response-headers policy', () => {
  const template = siteTemplate();

  it('sets the shared CSP, nosniff, DENY, the referrer policy and HSTS', () => {
    template.resourceCountIs('AWS::CloudFront::ResponseHeadersPolicy', 1);
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: {
          ContentSecurityPolicy: {
            ContentSecurityPolicy: SECURITY_HEADERS['content-security-policy'],
            Override: false,
          },
          ContentTypeOptions: { Override: false },
          FrameOptions: { FrameOption: SECURITY_HEADERS['x-frame-options'], Override: false },
          ReferrerPolicy: {
            ReferrerPolicy: SECURITY_HEADERS['referrer-policy'],
            Override: false,
          },
          StrictTransportSecurity: {
            AccessControlMaxAgeSec: HSTS.maxAgeSeconds,
            IncludeSubdomains: true,
            Override: true,
          },
        },
      }),
    });
    // The policy CloudFront sends is the very string of the pages the functions render.
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(HSTS.maxAgeSeconds).toBeGreaterThanOrEqual(365 * 24 * 60 * 60);
  });

  it('is on every behaviour: the static pages and the API', () => {
    const [id] = Object.keys(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    const config = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]
      ?.Properties.DistributionConfig as {
      DefaultCacheBehavior: Behavior;
      CacheBehaviors: Behavior[];
    };
    const behaviors = [config.DefaultCacheBehavior, ...config.CacheBehaviors];
    expect(behaviors.map((b) => b.PathPattern ?? 'default')).toEqual(
      expect.arrayContaining(['default', '/api/*', '/staff/', '/staff/*']),
    );
    for (const b of behaviors) {
      expect(b.ResponseHeadersPolicyId, b.PathPattern ?? 'default').toEqual({ Ref: id });
    }
  });

  it('is there in the China regions too, whose CloudFront documents response-headers policies', () => {
    const china = siteTemplate('cn-northwest-1');
    china.resourceCountIs('AWS::CloudFront::ResponseHeadersPolicy', 1);
    china.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({ ResponseHeadersPolicyId: Match.anyValue() }),
      }),
    });
  });
});
