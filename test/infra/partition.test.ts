/**
 * The app built for the China regions (partition `aws-cn`), where Amazon Cognito user pools,
 * Amazon SES and SNS SMS are not offered and CloudFront serves only an ICP-recorded domain with a
 * certificate from IAM: the county's OIDC provider signs staff in, e-mail goes through an SMTP
 * relay and SMS through an HTTP provider, and the distribution carries `domainName` and
 * `iamCertificateId`. With the region known, CDK writes partition and URL suffix as literals
 * (`aws-cn`, `amazonaws.com.cn`), so anything spelled for the `aws` partition would show in the
 * template. test/infra/partitions-resource-types.test.ts checks every resource type against the
 * partition's list.
 *
 * What a synth cannot show, and so stays unchecked here: whether the account has its ICP recordal
 * (CloudFront and API Gateway both need it), whether the IAM certificate exists, whether Lambda
 * there runs nodejs22.x on arm64 yet, and what the China regions' CloudFront does with HTTP headers
 * it does not document (CloudFront-Viewer-Address).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functions, queues } from '#functions/manifest.ts';
import { SESSION_ENV } from '../../infra/aws/constructs/staff-identity.ts';
import {
  actionsOf,
  type CheckedSynthesis,
  cleanUp,
  fakeSiteDir,
  logicalId,
  missingSiteDir,
  nagViolations,
  statementsOf,
  synthesize,
  synthesizeChecked,
  type TemplateJson,
} from './synth.ts';

afterAll(cleanUp);

const CHINA = { region: 'cn-northwest-1', account: '123456789012' };
const OIDC = { jwtIssuer: 'https://idp.example.gov.cn/realms/si', jwtAudience: 'si-staff' };
/** The site's ICP-recorded domain and the IAM server certificate uploaded for it. */
const SITE = { domainName: 'disputes.example.gov.cn', iamCertificateId: 'ASCAEXAMPLEEXAMPLE12' };
/** E-mail through the county's SMTP relay, SMS through a Chinese provider's HTTP API. */
const TRANSPORTS = {
  emailTransport: 'smtp',
  smtpSecretArn: 'arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:si/smtp-AbC123',
  smsTransport: 'http',
  smsHttpUrl: 'https://sms.example.com.cn/v1/send',
  smsHttpSecretArn: 'arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:si/sms-AbC123',
};
/** The county's provider as the staff pages sign in with it, and what China needs besides. */
const CLIENT = {
  ...OIDC,
  ...SITE,
  ...TRANSPORTS,
  oidcClientSecretArn:
    'arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:si/oidc-AbC123',
  oidcClaims: '{"user":"preferred_username","unit":"unit","role":"role"}',
};

/** A built-site stand-in with directory pages, as Astro writes `/apply/` and `/access-code/sent/`. */
function siteWithPages(): string {
  const dir = fakeSiteDir();
  for (const page of ['apply', 'access-code/sent']) {
    mkdirSync(join(dir, page), { recursive: true });
    writeFileSync(join(dir, page, 'index.html'), `<!doctype html><title>${page}</title>`);
  }
  return dir;
}

/** Every string in a template, with the JSON path it sits at. */
function strings(value: unknown, path = ''): { path: string; value: string }[] {
  if (typeof value === 'string') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => strings(v, `${path}.${k}`));
  }
  return [];
}

describe('the app in cn-northwest-1', () => {
  let result: CheckedSynthesis;
  let template: TemplateJson;
  let text: string;

  beforeAll(() => {
    result = synthesizeChecked({
      env: CHINA,
      context: CLIENT,
      // Every manifest function, unbundled (synth.ts): what is checked here (roles, environment,
      // partition) does not depend on the bundle.
      functions,
      queues,
      siteDir: siteWithPages(),
    });
    // The main stack with the staff pages' nested stack, whose parameters are resolved.
    template = result.deployment as TemplateJson;
    text = JSON.stringify(template);
  });

  it('synthesizes, passing CloudFormation’s resource checks for the region and cdk-nag', () => {
    expect(result.error).toBeUndefined();
    expect(nagViolations(result)).toEqual([]);
    expect(result.stack.partition).toBe('aws-cn');
  });

  it('names no ARN in the aws partition', () => {
    expect(text).not.toContain('arn:aws:');
    expect(text).toContain('arn:aws-cn:');
  });

  it('spells amazonaws.com only in service principals, which are the same in every partition', () => {
    const dotCom = strings(template.Resources).filter(({ value }) =>
      /amazonaws\.com(?!\.cn)/.test(value),
    );
    expect(dotCom.length).toBeGreaterThan(0);
    for (const { path, value } of dotCom) {
      expect(value, path).toMatch(/^[a-z0-9.-]+\.amazonaws\.com$/);
      // A policy's Principal.Service, or the Principal of a Lambda permission.
      expect(path, value).toMatch(/\.Principal(\.Service(\[\d+\])?)?$/);
    }
  });

  it('creates no Cognito resources: the OIDC provider of the context signs staff in', () => {
    const types = Object.values(template.Resources).map((r) => r.Type);
    expect(types.filter((t) => t.startsWith('AWS::Cognito::'))).toEqual([]);
    const authorizers = Object.values(template.Resources).filter(
      (r) => r.Type === 'AWS::ApiGatewayV2::Authorizer',
    );
    expect(authorizers).toHaveLength(1);
    expect(authorizers[0]?.Properties).toMatchObject({
      JwtConfiguration: { Issuer: OIDC.jwtIssuer, Audience: [OIDC.jwtAudience] },
    });
  });

  it('signs staff in to the pages with the provider of the context, its secret and its claims', () => {
    const pages = functions.filter((spec) => spec.access.session === true);
    expect(pages.length).toBeGreaterThan(0);
    for (const spec of pages) {
      const fn = result.stack.functions.get(spec.name)?.fn;
      if (fn === undefined) throw new Error(`no function ${spec.name}`);
      const props = template.Resources[logicalId(fn)]?.Properties as {
        Environment: { Variables: Record<string, unknown> };
      };
      expect(props.Environment.Variables, spec.name).toMatchObject({
        [SESSION_ENV.issuer]: OIDC.jwtIssuer,
        [SESSION_ENV.clientId]: OIDC.jwtAudience,
        [SESSION_ENV.clientSecretArn]: CLIENT.oidcClientSecretArn,
        [SESSION_ENV.claims]: CLIENT.oidcClaims,
        [SESSION_ENV.sessionSecretArn]: { Ref: logicalId(result.stack.identity.sessionSecret) },
      });
      // No Cognito logout endpoint: the provider's discovery names its own.
      expect(props.Environment.Variables[SESSION_ENV.logoutUrl], spec.name).toBeUndefined();
    }
  });

  it('reads the staff API’s bearer tokens by the same claims as the pages', () => {
    const api = functions.filter((s) => s.trigger.kind === 'http' && s.trigger.auth === 'staff');
    expect(api.length).toBeGreaterThan(0);
    for (const spec of api) {
      const fn = result.stack.functions.get(spec.name)?.fn;
      if (fn === undefined) throw new Error(`no function ${spec.name}`);
      const props = template.Resources[logicalId(fn)]?.Properties as {
        Environment: { Variables: Record<string, unknown> };
      };
      expect(props.Environment.Variables[SESSION_ENV.claims], spec.name).toBe(CLIENT.oidcClaims);
    }
  });

  it('sends e-mail by SMTP and SMS by HTTP: no SES or SNS grant, the relay’s and provider’s secrets', () => {
    const allowed = Object.values(template.Resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap(
        (r) =>
          (r.Properties as { PolicyDocument: { Statement: { Effect: string; Action: unknown }[] } })
            .PolicyDocument.Statement,
      )
      .filter((statement) => statement.Effect === 'Allow')
      .flatMap((statement) => [statement.Action].flat().map(String));
    expect(allowed.filter((action) => /^(ses|sns):/.test(action))).toEqual([]);
    const deliverers = functions.filter((f) => f.access.deliver === true);
    expect(deliverers.length).toBeGreaterThan(0);
    for (const spec of deliverers) {
      const fn = result.stack.functions.get(spec.name);
      if (fn === undefined) throw new Error(`no function ${spec.name}`);
      const props = template.Resources[logicalId(fn.fn)]?.Properties as {
        Environment: { Variables: Record<string, unknown> };
      };
      expect(props.Environment.Variables, spec.name).toMatchObject({
        NOTIFY_EMAIL: 'smtp',
        NOTIFY_SMS: 'http',
        SMTP_SECRET_ARN: TRANSPORTS.smtpSecretArn,
        SMS_HTTP_URL: TRANSPORTS.smsHttpUrl,
        SMS_HTTP_SECRET_ARN: TRANSPORTS.smsHttpSecretArn,
      });
      const secrets = statementsOf(Template.fromJSON(template), logicalId(fn.role))
        .filter((st) => actionsOf([st]).includes('secretsmanager:GetSecretValue'))
        .flatMap((st) => [st.Resource].flat());
      expect(secrets, spec.name).toEqual(
        expect.arrayContaining([TRANSPORTS.smtpSecretArn, TRANSPORTS.smsHttpSecretArn]),
      );
    }
  });

  it('serves the site on the ICP-recorded domain, with the IAM certificate, and signs in there', () => {
    const [distribution, ...others] = Object.values(template.Resources).filter(
      (r) => r.Type === 'AWS::CloudFront::Distribution',
    );
    expect(others).toEqual([]);
    expect(distribution?.Properties).toMatchObject({
      DistributionConfig: {
        Aliases: [SITE.domainName],
        ViewerCertificate: {
          IamCertificateId: SITE.iamCertificateId,
          SslSupportMethod: 'sni-only',
          MinimumProtocolVersion: 'TLSv1.2_2021',
        },
        HttpVersion: 'http2',
      },
    });
    // No web ACL: AWS WAF is regional only in the China regions.
    expect(JSON.stringify(distribution)).not.toContain('WebACLId');
    // The provider must register redirect URIs on that domain: CloudFront never serves the
    // distribution's own *.cloudfront.cn name in China.
    expect(template.Outputs).toMatchObject({
      SiteUrl: { Value: `https://${SITE.domainName}/` },
      StaffRedirectUri: { Value: `https://${SITE.domainName}/staff/callback` },
    });
    expect(text).not.toContain('cloudfront.cn');
  });

  it('stores each directory page under its directory’s key, which no upload prunes', () => {
    const puts = Object.values(template.Resources).filter(
      (r) => r.Type === 'Custom::DirectoryPage',
    );
    expect(puts).toHaveLength(2);
    const text = JSON.stringify(puts);
    for (const key of ['apply/', 'access-code/sent/']) {
      expect(text).toContain(`\\"Key\\":\\"${key}\\"`);
    }
    // The page itself, as the upload has it, with the content type S3 hands CloudFront.
    expect(text).toContain('<title>apply</title>');
    expect(text).toContain('text/html; charset=utf-8');
    // The pages' upload (the hashed files are the other's) prunes neither
    const pages = Object.values(template.Resources)
      .filter((r) => r.Type === 'Custom::CDKBucketDeployment')
      .map((r) => r.Properties as { DistributionPaths?: string[]; Exclude?: string[] })
      .find((p) => p.DistributionPaths !== undefined);
    expect(pages).toMatchObject({ Exclude: ['_astro/*', '*/'] });
  });

  it('reads the site bucket through an origin access identity, with no CloudFront Function', () => {
    const types = Object.values(template.Resources).map((r) => r.Type);
    expect(types).toContain('AWS::CloudFront::CloudFrontOriginAccessIdentity');
    expect(types).not.toContain('AWS::CloudFront::OriginAccessControl');
    expect(types).not.toContain('AWS::CloudFront::Function');
  });
});

describe('settings the China regions cannot serve', () => {
  const china = (context: Record<string, unknown>) => () =>
    synthesize({ env: CHINA, context, functions: [], queues: [], siteDir: missingSiteDir() });

  it('refuse the Cognito user pool: an OIDC issuer must be given', () => {
    expect(china({})).toThrow(/Cognito.*cn-northwest-1.*jwtIssuer/);
  });

  it('refuse a client secret of the aws partition', () => {
    expect(
      china({
        ...OIDC,
        oidcClientSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:si/oidc-AbC123',
      }),
    ).toThrow(/oidcClientSecretArn.*aws-cn/);
  });

  it('refuse an SES sender', () => {
    expect(china({ ...OIDC, notifyEmailFrom: 'noreply@si.example.gov.cn' })).toThrow(
      /SES.*cn-northwest-1/,
    );
  });

  it('refuse the us-east-1 web ACL stack, and a web ACL: WAF is regional only there', () => {
    expect(china({ ...OIDC, ...SITE, waf: 'true' })).toThrow(/waf.*aws-cn/);
    expect(
      china({
        ...OIDC,
        ...SITE,
        wafWebAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/a/b-1',
      }),
    ).toThrow(/wafWebAclArn.*regional only/);
  });

  it('refuse a site without the ICP-recorded domain and its IAM server certificate', () => {
    expect(china(OIDC)).toThrow(/ICP-recorded.*"domainName".*"iamCertificateId"/);
    expect(china({ ...OIDC, domainName: SITE.domainName })).toThrow(/must be given together/);
    expect(china({ ...OIDC, ...SITE, iamCertificateId: 'not-an-id' })).toThrow(
      /iamCertificateId.*ASCA/,
    );
  });

  it('refuse an ACM certificate, which CloudFront takes nowhere in China', () => {
    expect(
      china({
        ...OIDC,
        ...SITE,
        siteDomain: SITE.domainName,
        siteCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123',
      }),
    ).toThrow(/no ACM certificate.*domainName/);
  });

  it('refuse SNS SMS: an HTTP provider or none', () => {
    expect(china({ ...OIDC, ...SITE, smsTransport: 'sns' })).toThrow(/SNS.*SMS.*cn-northwest-1/);
  });
});

describe('the China site settings elsewhere', () => {
  it('are refused outside the China regions, where ACM certificates serve', () => {
    expect(() =>
      synthesize({
        env: { region: 'us-east-1', account: '123456789012' },
        context: SITE,
        functions: [],
        queues: [],
        siteDir: missingSiteDir(),
      }),
    ).toThrow(/China regions, not us-east-1.*siteDomain/);
  });
});
