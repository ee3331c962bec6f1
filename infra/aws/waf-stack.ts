/**
 * The web ACL in front of the public site and API.
 *
 * Why a stack of its own: the public API is an HTTP API (API Gateway v2), and HTTP API stages
 * cannot be associated with AWS WAF; only REST API stages, ALBs and the like can. The one place
 * every request passes through is the CloudFront distribution (pages, and `/api/*` forwarded to
 * the API), and a web ACL for CloudFront must be of CLOUDFRONT scope, created in us-east-1. The
 * main stack is region-agnostic and deploys wherever the caller's profile points, so the ACL
 * cannot live in it; and a cross-region reference would pin both stacks to an account and region
 * at synth. So the arrangement is the simplest that is still correct:
 *
 *   1. `cdk deploy -c waf=true SiDisputesWaf-<stage>` creates this stack in us-east-1 and outputs
 *      the ACL's ARN (`WebAclArn`);
 *   2. `cdk deploy -c wafWebAclArn=<that ARN> SiDisputes-<stage>` attaches it to the distribution.
 *
 * An ACL made some other way (a shared, centrally managed one) is attached by step 2 alone.
 * Without `wafWebAclArn` the distribution has no ACL and the API's stage throttle is the only
 * limit (cdk-nag's CFR2 is acknowledged with that reason).
 *
 * Not for the China regions: AWS WAF there "is supported at a regional level only" (Getting
 * Started with Amazon Web Services in China, "Amazon WAF"), so no web ACL can guard CloudFront,
 * and us-east-1 is in another partition. buildApp refuses `waf=true` with a China region, and
 * settings.ts refuses `wafWebAclArn` there.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { resourceName } from './settings.ts';

/**
 * Requests to `/api/*` one client IP may make in five minutes before the rule blocks it for the
 * rest of the window: a payer filing a case makes a few dozen, a staff member working an inbox a
 * few hundred at most. Offices and mobile carriers put many people behind one address (carrier
 * NAT is common in China), so this is a flood limit, not a per-person one; the handlers' own
 * per-client limits (issue 5) stay the finer control.
 */
export const API_RATE_LIMIT = 300;
export const API_RATE_WINDOW_SECONDS = 300;

/**
 * The body of the rate rule's 429: problem details as the API's own 429 has them
 * (functions/platform/errors.ts, TooManyRequestsHttpError), so the pages show the detail.
 */
const TOO_MANY_REQUESTS = JSON.stringify({
  type: 'https://si-disputes.invalid/problems/too-many-requests',
  title: '请求过于频繁',
  status: 429,
  detail: `为保护您的信息，请在 ${API_RATE_WINDOW_SECONDS / 60} 分钟后再试。`,
  retryAfter: API_RATE_WINDOW_SECONDS,
});

export interface WafStackProps extends StackProps {
  stage: string;
}

export class WafStack extends Stack {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, { stage, ...props }: WafStackProps) {
    // CLOUDFRONT scope exists only in us-east-1; the account stays the caller's.
    super(scope, id, { ...props, env: { account: props.env?.account, region: 'us-east-1' } });
    const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: resourceName(stage, 'cloudfront'),
      description: `si-disputes ${stage}: site and API behind CloudFront`,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('si-disputes-web-acl'),
      customResponseBodies: {
        'too-many-requests': { contentType: 'APPLICATION_JSON', content: TOO_MANY_REQUESTS },
      },
      rules: [
        {
          // First, so a flood is cut before the managed rules spend capacity on it.
          name: 'api-rate-per-ip',
          priority: 0,
          statement: {
            rateBasedStatement: {
              limit: API_RATE_LIMIT,
              evaluationWindowSec: API_RATE_WINDOW_SECONDS,
              aggregateKeyType: 'IP',
              scopeDownStatement: {
                byteMatchStatement: {
                  fieldToMatch: { uriPath: {} },
                  positionalConstraint: 'STARTS_WITH',
                  searchString: '/api/',
                  textTransformations: [{ priority: 0, type: 'NONE' }],
                },
              },
            },
          },
          // 429 with Retry-After and problem details, as the API's own limits answer.
          action: {
            block: {
              customResponse: {
                responseCode: 429,
                customResponseBodyKey: 'too-many-requests',
                responseHeaders: [{ name: 'retry-after', value: String(API_RATE_WINDOW_SECONDS) }],
              },
            },
          },
          visibilityConfig: visibility('si-disputes-api-rate'),
        },
        {
          name: 'aws-common-rules',
          priority: 1,
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: 'AWSManagedRulesCommonRuleSet',
              // Counted, not blocked: bodies over 8 KB. A case description of 2,000 Chinese
              // characters with its matters is more than that in UTF-8; the handlers refuse bodies
              // over 1 MB themselves (functions/platform/http.ts).
              ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }],
            },
          },
          overrideAction: { none: {} },
          visibilityConfig: visibility('si-disputes-aws-common'),
        },
      ],
    });

    new CfnOutput(this, 'WebAclArn', {
      value: this.webAcl.attrArn,
      description: 'Pass to the main stack as -c wafWebAclArn=…',
    });
  }
}
