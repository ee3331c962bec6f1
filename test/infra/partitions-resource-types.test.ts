/**
 * Both partitions, synthesized with a real set of settings each: every resource type in every
 * template (the main stack, the staff pages' nested stack, and the WAF stack where there is one)
 * must be on the partition's list below. A construct that starts using a type the China regions
 * lack (as CDK's S3 origin did with AWS::CloudFront::OriginAccessControl) fails here, offline,
 * rather than at `cdk deploy` with "Unrecognized resource types".
 *
 * Where the lists come from (docs/decisions.md, "China, honestly"):
 * - CloudFormation publishes, per region, the resource provider schemas of every type it offers
 *   there ("CloudFormation resource provider schemas", docs.amazonaws.cn/en_us/AWSCloudFormation/
 *   latest/UserGuide/resource-type-schemas.html: "a zip file containing the individual schema files
 *   for each resource available in that Region"). The types below were checked against the
 *   cn-north-1 and cn-northwest-1 schemas bundled with aws-cdk-lib 2.276's template validator
 *   (@aws/cloudformation-validate 1.14, rule F3006 "Resource type … does not exist in …"), which
 *   also names the four types of this stack that are absent there: AWS::Cognito::UserPool (and the
 *   pool's client, domain, group and branding), AWS::CloudFront::OriginAccessControl,
 *   AWS::CloudFront::Function and SES's.
 * - Service by service, "Getting Started with Amazon Web Services in China" (docs.amazonaws.cn/
 *   en_us/aws/latest/userguide/): CloudFront (no ACM, an ICP-recorded alias required), WAF
 *   ("supported at a regional level only": no CLOUDFRONT-scope web ACL), API Gateway (no Cognito
 *   authorizers; JWT authorizers are not Cognito's), Lambda, and the others listed.
 * - `Custom::…` types are CloudFormation custom resources backed by the stack's own Lambda
 *   function: CloudFormation's feature, not a service's, in every region.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functions, queues } from '#functions/manifest.ts';
import {
  cleanUp,
  environmentOf,
  fakeSiteDir,
  type Synthesized,
  synthesize,
  type TemplateJson,
} from './synth.ts';

afterAll(cleanUp);

/** Offered by CloudFormation in cn-north-1 and cn-northwest-1, and in every global region. */
const IN_BOTH_PARTITIONS = [
  // API Gateway: the HTTP API, its JWT authorizer, routes, integrations, stage.
  'AWS::ApiGatewayV2::Api',
  'AWS::ApiGatewayV2::Authorizer',
  'AWS::ApiGatewayV2::Integration',
  'AWS::ApiGatewayV2::Route',
  'AWS::ApiGatewayV2::Stage',
  // CloudFormation: the staff pages' nested stack.
  'AWS::CloudFormation::Stack',
  // CloudFront: the distribution, its policies, and the origin access identity the China regions
  // read the bucket with.
  'AWS::CloudFront::CachePolicy',
  'AWS::CloudFront::CloudFrontOriginAccessIdentity',
  'AWS::CloudFront::Distribution',
  'AWS::CloudFront::OriginRequestPolicy',
  'AWS::CloudFront::ResponseHeadersPolicy',
  'AWS::CloudWatch::Alarm',
  'AWS::DynamoDB::Table',
  'AWS::IAM::Policy',
  'AWS::IAM::Role',
  'AWS::KMS::Alias',
  'AWS::KMS::Key',
  'AWS::Lambda::EventSourceMapping',
  'AWS::Lambda::Function',
  // The AWS CLI layer of CDK's bucket deployment.
  'AWS::Lambda::LayerVersion',
  'AWS::Lambda::Permission',
  'AWS::Logs::LogGroup',
  // The operators' log-line alarms (issue 16): a metric filter per log group that writes one.
  'AWS::Logs::MetricFilter',
  'AWS::S3::Bucket',
  'AWS::S3::BucketPolicy',
  // SNS topics and e-mail subscriptions for the alarms: SNS is offered in China, only its SMS
  // to phone numbers is not, and the stack sends no SMS through SNS there.
  'AWS::SNS::Subscription',
  'AWS::SNS::Topic',
  'AWS::SNS::TopicPolicy',
  'AWS::SQS::Queue',
  'AWS::SQS::QueuePolicy',
  // EventBridge Scheduler: schedules with a retry policy and a dead-letter queue.
  'AWS::Scheduler::Schedule',
  'AWS::SecretsManager::Secret',
  'Custom::CDKBucketDeployment',
  // The directory pages' own keys in China (site.ts `putDirectoryPages`): CDK's AwsCustomResource.
  'Custom::DirectoryPage',
] as const;

/** Only in the `aws` partition: what the China regions lack (the header says where from). */
const AWS_PARTITION_ONLY = [
  'AWS::CloudFront::Function',
  'AWS::CloudFront::OriginAccessControl',
  'AWS::Cognito::ManagedLoginBranding',
  'AWS::Cognito::UserPool',
  'AWS::Cognito::UserPoolClient',
  'AWS::Cognito::UserPoolDomain',
  'AWS::Cognito::UserPoolGroup',
  // The type exists in China, but of REGIONAL scope only; this stack's web ACL is CLOUDFRONT's.
  'AWS::WAFv2::WebACL',
] as const;

const ALLOWED: Record<'aws' | 'aws-cn', ReadonlySet<string>> = {
  aws: new Set([...IN_BOTH_PARTITIONS, ...AWS_PARTITION_ONLY]),
  'aws-cn': new Set(IN_BOTH_PARTITIONS),
};

const ACCOUNT = '123456789012';

/** The leading group's addresses, as the README's `-c unitEmails='{…}'` gives them (issue 14). */
const LEADING_GROUP_EMAILS = {
  tax: 'tax@example.gov.cn',
  'leading-group': 'a@example.gov.cn,b@example.gov.cn',
};

/** A production-like global deployment: its own domain, the WAF, e-mail to units and posts. */
const GLOBAL_CONTEXT = {
  stage: 'prod',
  waf: 'true',
  wafWebAclArn: `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/si-disputes-prod/abc-123`,
  siteDomain: 'disputes.example.gov.cn',
  siteCertificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/abc-123`,
  notifyEmailFrom: 'noreply@example.gov.cn',
  unitEmails: JSON.stringify(LEADING_GROUP_EMAILS),
  postEmails: '{"leader":"leader@example.gov.cn"}',
  alarmEmail: 'ops@example.gov.cn',
};

/**
 * A China deployment as the README describes it: the county's OIDC provider, the ICP-recorded
 * domain with its IAM server certificate, e-mail through an SMTP relay and SMS through an HTTP
 * provider (the transports' context keys, agreed with functions/adapters).
 */
const CHINA_CONTEXT = {
  stage: 'prod',
  jwtIssuer: 'https://idp.example.gov.cn/realms/si',
  jwtAudience: 'si-staff',
  oidcClaims: '{"user":"preferred_username","unit":"unit","role":"role"}',
  domainName: 'disputes.example.gov.cn',
  iamCertificateId: 'ASCAEXAMPLEEXAMPLE12',
  emailTransport: 'smtp',
  smtpSecretArn: `arn:aws-cn:secretsmanager:cn-north-1:${ACCOUNT}:secret:si/smtp-AbC123`,
  smsTransport: 'http',
  smsHttpUrl: 'https://sms.example.com.cn/v1/send',
  smsHttpSecretArn: `arn:aws-cn:secretsmanager:cn-north-1:${ACCOUNT}:secret:si/sms-AbC123`,
  // An SMTP relay's sender is in its secret: the leading group's addresses need no SES sender.
  unitEmails: JSON.stringify(LEADING_GROUP_EMAILS),
  alarmEmail: 'ops@example.gov.cn',
};

/** A built-site stand-in with a directory page, which China stores under its own key. */
function siteWithPage(): string {
  const dir = fakeSiteDir();
  mkdirSync(join(dir, 'apply'));
  writeFileSync(join(dir, 'apply', 'index.html'), '<!doctype html><title>登记</title>');
  return dir;
}

/** Every stack's template of a synthesis: the main one, its nested stacks and the WAF stack. */
function templatesOf({ stackTemplates, waf }: Synthesized): Record<string, TemplateJson> {
  const templates: Record<string, TemplateJson> = {};
  for (const [path, template] of Object.entries(stackTemplates)) {
    templates[path] = template.toJSON() as TemplateJson;
  }
  if (waf !== undefined) {
    templates[waf.node.path] = Template.fromStack(waf).toJSON() as TemplateJson;
  }
  return templates;
}

/** `<type> in <stack path>` for every resource whose type the partition does not offer. */
function outsideList(templates: Record<string, TemplateJson>, allowed: ReadonlySet<string>) {
  return Object.entries(templates).flatMap(([path, template]) =>
    Object.values(template.Resources)
      .map((resource) => resource.Type)
      .filter((type) => !allowed.has(type))
      .map((type) => `${type} in ${path}`),
  );
}

/**
 * The environment of every function that delivers notifications (send-notification), each
 * checked to hold `transport` and the leading group's unit addresses.
 */
function deliverersSending(
  synthesized: Synthesized,
  transport: Record<string, unknown>,
): Record<string, unknown>[] {
  const deliverers = functions.filter((spec) => spec.access.deliver === true);
  expect(deliverers.length).toBeGreaterThan(0);
  const environments = deliverers.map((spec) => environmentOf(synthesized, spec.name));
  for (const env of environments) {
    expect(env).toMatchObject(transport);
    expect(JSON.parse(String(env.UNIT_EMAILS))).toEqual(LEADING_GROUP_EMAILS);
  }
  return environments;
}

function typesOf(templates: Record<string, TemplateJson>): Set<string> {
  return new Set(
    Object.values(templates).flatMap((t) => Object.values(t.Resources).map((r) => r.Type)),
  );
}

/**
 * The app synthesized in `region` with `context`, every manifest function and queue and a built
 * site, in the enclosing `describe`'s `beforeAll`: its synthesis and every stack's template.
 */
function appIn(region: string, context: Record<string, unknown>) {
  const app = {} as { synth: Synthesized; templates: Record<string, TemplateJson> };
  beforeAll(() => {
    app.synth = synthesize({
      env: { region, account: ACCOUNT },
      context,
      functions,
      queues,
      siteDir: siteWithPage(),
    });
    app.templates = templatesOf(app.synth);
  }, 300_000);
  return app;
}

/**
 * That `app` was built for `partition` and wrote the main stack's template, the staff pages' and,
 * with `waf`, the web ACL stack's (none without).
 */
function expectStacks(app: ReturnType<typeof appIn>, partition: string, { waf }: { waf: boolean }) {
  expect(app.synth.stack.partition).toBe(partition);
  expect(app.synth.waf !== undefined).toBe(waf);
  expect(Object.keys(app.templates).length).toBeGreaterThanOrEqual(waf ? 3 : 2);
}

describe('the lists of resource types', () => {
  it('keep the types the China regions lack off the aws-cn list', () => {
    for (const type of AWS_PARTITION_ONLY) expect(ALLOWED['aws-cn'].has(type), type).toBe(false);
    expect(new Set(IN_BOTH_PARTITIONS).size).toBe(IN_BOTH_PARTITIONS.length);
  });
});

describe('the app in us-east-1 (partition aws), with the WAF, its own domain and e-mail', () => {
  const app = appIn('us-east-1', GLOBAL_CONTEXT);

  it('synthesizes every stack, the WAF stack and the staff pages’ included', () => {
    expectStacks(app, 'aws', { waf: true });
  });

  it('uses only resource types the aws partition offers', () => {
    expect(outsideList(app.templates, ALLOWED.aws)).toEqual([]);
  });

  it('uses what only the aws partition has: Cognito, OAC, a CloudFront Function, the web ACL', () => {
    const types = typesOf(app.templates);
    for (const type of [
      'AWS::Cognito::UserPool',
      'AWS::CloudFront::OriginAccessControl',
      'AWS::CloudFront::Function',
      'AWS::WAFv2::WebACL',
    ]) {
      expect(types.has(type), type).toBe(true);
    }
    // The CloudFront Function rewrites directory paths: no page is stored twice.
    expect(types.has('Custom::DirectoryPage')).toBe(false);
  });

  it('e-mails the leading group through SES at the `leading-group` addresses', () => {
    const environments = deliverersSending(app.synth, {
      NOTIFY_EMAIL: 'ses',
      NOTIFY_SMS: 'sns',
      NOTIFY_EMAIL_FROM: GLOBAL_CONTEXT.notifyEmailFrom,
    });
    for (const env of environments) {
      expect(JSON.parse(String(env.POST_EMAILS))).toEqual({ leader: 'leader@example.gov.cn' });
    }
  });
});

describe('the app in cn-north-1 (partition aws-cn), as the README’s China section sets it up', () => {
  const app = appIn('cn-north-1', CHINA_CONTEXT);

  it('synthesizes the main stack and the staff pages’, and no WAF stack', () => {
    expectStacks(app, 'aws-cn', { waf: false });
  });

  it('uses only resource types CloudFormation offers in the China regions', () => {
    expect(outsideList(app.templates, ALLOWED['aws-cn'])).toEqual([]);
    // Without a CloudFront Function, the directory page is stored under `apply/` as well.
    expect(typesOf(app.templates).has('Custom::DirectoryPage')).toBe(true);
  });

  it('serves the site on the ICP-recorded domain with the IAM server certificate', () => {
    const distributions = Object.values(app.templates).flatMap((t) =>
      Object.values(t.Resources).filter((r) => r.Type === 'AWS::CloudFront::Distribution'),
    );
    expect(distributions).toHaveLength(1);
    expect(distributions[0]?.Properties).toMatchObject({
      DistributionConfig: {
        Aliases: [CHINA_CONTEXT.domainName],
        ViewerCertificate: {
          IamCertificateId: CHINA_CONTEXT.iamCertificateId,
          SslSupportMethod: 'sni-only',
          MinimumProtocolVersion: 'TLSv1.2_2021',
        },
      },
    });
    expect(app.synth.stack.site.url).toBe(`https://${CHINA_CONTEXT.domainName}`);
  });

  it('e-mails the leading group through the SMTP relay at the `leading-group` addresses', () => {
    deliverersSending(app.synth, {
      NOTIFY_EMAIL: 'smtp',
      NOTIFY_SMS: 'http',
      SMTP_SECRET_ARN: CHINA_CONTEXT.smtpSecretArn,
      NOTIFY_EMAIL_FROM: '',
    });
  });
});
