/**
 * The app built for the China regions (partition `aws-cn`), where Amazon Cognito user pools and
 * Amazon SES are not offered: the county's OIDC provider signs staff in, notifications go by SMS.
 * With the region known, CDK writes partition and URL suffix as literals (`aws-cn`,
 * `amazonaws.com.cn`), so anything spelled for the `aws` partition would show in the template.
 *
 * What a synth cannot show, and so stays unchecked here (see the comments in infra/aws): whether
 * Lambda offers nodejs24.x on arm64 in cn-northwest-1 yet, whether SNS delivers SMS there, and
 * CloudFront's China requirements (an ICP-recorded domain, IAM server certificates).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functions } from '#functions/manifest.ts';
import { SESSION_ENV } from '../../infra/aws/constructs/staff-identity.ts';
import {
  type CheckedSynthesis,
  cleanUp,
  fakeSiteDir,
  logicalId,
  missingSiteDir,
  nagViolations,
  synthesize,
  synthesizeChecked,
  type TemplateJson,
} from './synth.ts';

afterAll(cleanUp);

const CHINA = { region: 'cn-northwest-1', account: '123456789012' };
const OIDC = { jwtIssuer: 'https://idp.example.gov.cn/realms/si', jwtAudience: 'si-staff' };
/** The county's provider as the staff pages sign in with it. */
const CLIENT = {
  ...OIDC,
  oidcClientSecretArn:
    'arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:si/oidc-AbC123',
  oidcClaims: '{"user":"preferred_username","unit":"unit","role":"role"}',
};

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
    result = synthesizeChecked({ env: CHINA, context: CLIENT, siteDir: fakeSiteDir() });
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

  it('sends no e-mail: no SES permission, notifiers told to send SMS only', () => {
    expect(text).not.toContain('ses:');
    for (const spec of functions.filter((f) => f.access.notify === true)) {
      const fn = result.stack.functions.get(spec.name)?.fn;
      if (fn === undefined) throw new Error(`no function ${spec.name}`);
      const props = template.Resources[logicalId(fn)]?.Properties as {
        Environment: { Variables: Record<string, unknown> };
      };
      expect(props.Environment.Variables, spec.name).toMatchObject({
        NOTIFIER: 'aws',
        NOTIFY_EMAIL_FROM: '',
      });
    }
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

  it('refuse the us-east-1 web ACL stack', () => {
    expect(china({ ...OIDC, waf: 'true' })).toThrow(/waf.*aws-cn/);
  });
});
