import { describe, expect, it } from 'vitest';
import { checkRegionSupport, readSettings, resourceName } from '../../infra/aws/settings.ts';

function settingsFrom(context: Record<string, unknown>) {
  return readSettings({ tryGetContext: (key: string) => context[key] });
}

describe('deployment settings', () => {
  it('default to the dev stage at INFO, with Cognito (no external issuer) and no e-mail', () => {
    expect(settingsFrom({})).toEqual({
      stage: 'dev',
      logLevel: 'INFO',
      oidc: undefined,
      notify: { emailFrom: undefined, unitEmails: {}, postEmails: {} },
      alarmEmail: undefined,
      wafWebAclArn: undefined,
      wafStack: false,
      siteDomain: undefined,
      region: undefined,
    });
  });

  it('read the alarm address, the web ACL, the WAF stack flag, the domain and the region', () => {
    const context = {
      alarmEmail: 'ops@si.example.gov.cn',
      wafWebAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/acl/0a1b-2c3d',
      waf: 'true',
      siteDomain: 'disputes.example.gov.cn',
      siteCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b-2c3d',
      region: 'cn-northwest-1',
    };
    expect(settingsFrom(context)).toMatchObject({
      alarmEmail: context.alarmEmail,
      wafWebAclArn: context.wafWebAclArn,
      wafStack: true,
      siteDomain: { name: context.siteDomain, certificateArn: context.siteCertificateArn },
      region: 'cn-northwest-1',
    });
    expect(settingsFrom({ waf: true }).wafStack).toBe(true);
    expect(settingsFrom({ waf: 'false' }).wafStack).toBe(false);
  });

  it('refuse a web ACL or certificate outside us-east-1, where CloudFront takes them from', () => {
    expect(() =>
      settingsFrom({
        wafWebAclArn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/acl/0a1b',
      }),
    ).toThrow(/wafWebAclArn/);
    expect(() =>
      settingsFrom({
        siteDomain: 'disputes.example.gov.cn',
        siteCertificateArn: 'arn:aws:acm:cn-north-1:123456789012:certificate/0a1b',
      }),
    ).toThrow(/siteCertificateArn/);
  });

  it('refuse a domain without a certificate, a bad address, flag or region', () => {
    expect(() => settingsFrom({ siteDomain: 'disputes.example.gov.cn' })).toThrow(/together/);
    expect(() => settingsFrom({ alarmEmail: 'ops' })).toThrow(/alarmEmail/);
    expect(() => settingsFrom({ waf: 'yes' })).toThrow(/"waf"/);
    expect(() => settingsFrom({ region: 'China' })).toThrow(/region/);
  });

  it('read the sender and the unit addresses from -c strings or cdk.json values', () => {
    const notifyEmailFrom = 'noreply@si.example.gov.cn';
    const emails = { tax: 'tax@example.gov.cn', office: 'office@example.gov.cn' };
    expect(settingsFrom({ notifyEmailFrom, unitEmails: JSON.stringify(emails) }).notify).toEqual({
      emailFrom: notifyEmailFrom,
      unitEmails: emails,
      postEmails: {},
    });
    expect(settingsFrom({ notifyEmailFrom, unitEmails: emails }).notify.unitEmails).toEqual(emails);
    expect(settingsFrom({ notifyEmailFrom }).notify).toEqual({
      emailFrom: notifyEmailFrom,
      unitEmails: {},
      postEmails: {},
    });
  });

  it('refuse a sender that is not a bare address, and unit addresses without a sender', () => {
    expect(() => settingsFrom({ notifyEmailFrom: '争议 <noreply@a.cn>' })).toThrow(
      /notifyEmailFrom/,
    );
    expect(() => settingsFrom({ notifyEmailFrom: 'noreply' })).toThrow(/notifyEmailFrom/);
    expect(() => settingsFrom({ unitEmails: { tax: 'tax@a.cn' } })).toThrow(/notifyEmailFrom/);
  });

  it('refuse unit addresses for unknown units, bad addresses and non-objects', () => {
    const notifyEmailFrom = 'noreply@a.cn';
    // 公安 (police) became a unit in issue 13; customs is none of the county's member units.
    expect(() => settingsFrom({ notifyEmailFrom, unitEmails: { customs: 'c@a.cn' } })).toThrow(
      /unknown unit "customs"/,
    );
    expect(settingsFrom({ notifyEmailFrom, unitEmails: { police: 'p@a.cn' } }).notify).toEqual({
      emailFrom: notifyEmailFrom,
      unitEmails: { police: 'p@a.cn' },
      postEmails: {},
    });
    expect(() => settingsFrom({ notifyEmailFrom, unitEmails: { tax: 'not-an-address' } })).toThrow(
      /"tax"/,
    );
    expect(() => settingsFrom({ notifyEmailFrom, unitEmails: '["tax@a.cn"]' })).toThrow(
      /JSON object/,
    );
    expect(() => settingsFrom({ notifyEmailFrom, unitEmails: '{tax:' })).toThrow(/JSON object/);
  });

  it('read the JWT audience from a comma-separated -c value or a cdk.json list', () => {
    const issuer = 'https://idp.example.org';
    // The first audience is the pages' client id; a public client with Cognito's claims.
    expect(settingsFrom({ jwtIssuer: issuer, jwtAudience: 'a, b' }).oidc).toEqual({
      issuer,
      audience: ['a', 'b'],
      clientId: 'a',
      clientSecretArn: undefined,
      claims: { user: 'cognito:username', groups: 'cognito:groups' },
      logoutUrl: undefined,
      scopes: undefined,
    });
    expect(settingsFrom({ jwtIssuer: issuer, jwtAudience: ['a'] }).oidc?.audience).toEqual(['a']);
  });

  const external = { jwtIssuer: 'https://idp.example.gov.cn/realms/si', jwtAudience: 'si-staff' };
  const SECRET = 'arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:si/oidc-AbC123';

  it('read the staff pages’ client of an external provider, from -c strings or cdk.json values', () => {
    const claims = { user: 'preferred_username', unit: 'unit', role: 'role' };
    const oidc = settingsFrom({
      ...external,
      oidcClientId: 'si-pages',
      oidcClientSecretArn: SECRET,
      oidcClaims: JSON.stringify(claims),
      oidcLogoutUrl: 'https://idp.example.gov.cn/realms/si/logout',
      oidcScopes: 'openid  profile roles',
    }).oidc;
    expect(oidc).toEqual({
      issuer: external.jwtIssuer,
      audience: ['si-staff'],
      clientId: 'si-pages',
      clientSecretArn: SECRET,
      claims,
      logoutUrl: 'https://idp.example.gov.cn/realms/si/logout',
      scopes: 'openid profile roles',
    });
    const fromJson = settingsFrom({
      ...external,
      oidcClaims: { user: 'sub', groups: 'groups' },
      oidcScopes: ['openid', 'profile'],
    }).oidc;
    expect(fromJson?.claims).toEqual({ user: 'sub', groups: 'groups' });
    expect(fromJson?.scopes).toBe('openid profile');
    // The display name's and work phone's claims (annex 2's 受理人 and 联系方式, issue 13).
    const contact = { user: 'sub', groups: 'groups', name: 'display_name', phone: 'office_phone' };
    expect(settingsFrom({ ...external, oidcClaims: contact }).oidc?.claims).toEqual(contact);
  });

  it('refuse a client of an external provider without the provider', () => {
    for (const key of ['oidcClientId', 'oidcClientSecretArn', 'oidcClaims', 'oidcLogoutUrl']) {
      expect(() => settingsFrom({ [key]: 'x' }), key).toThrow(new RegExp(`"${key}".*jwtIssuer`));
    }
  });

  it('refuse a malformed client secret ARN, claims mapping, logout URL or scopes', () => {
    const bad = (context: Record<string, unknown>) => () =>
      settingsFrom({ ...external, ...context });
    // A partial ARN (no suffix) would leave the grant guessing; a non-secret ARN is no secret.
    expect(bad({ oidcClientSecretArn: SECRET.replace(/-AbC123$/, '') })).toThrow(/complete ARN/);
    expect(bad({ oidcClientSecretArn: 'arn:aws:kms:us-east-1:123456789012:key/abc' })).toThrow(
      /oidcClientSecretArn/,
    );
    expect(bad({ oidcClaims: '{"user":' })).toThrow(/oidcClaims/);
    expect(bad({ oidcClaims: { groups: 'groups' } })).toThrow(/oidcClaims/);
    expect(bad({ oidcClaims: { user: 'sub', unit: 'unit' } })).toThrow(/oidcClaims/);
    expect(bad({ oidcClaims: { user: 'sub', groups: 'g', email: 'e' } })).toThrow(/"email"/);
    expect(bad({ oidcClaims: { user: '', groups: 'g' } })).toThrow(/"user"/);
    expect(bad({ oidcLogoutUrl: 'http://idp/logout' })).toThrow(/oidcLogoutUrl/);
    expect(bad({ oidcScopes: 'profile' })).toThrow(/openid/);
    expect(bad({ oidcScopes: 'openid "x"' })).toThrow(/oidcScopes/);
    expect(bad({ oidcClientId: 'si pages' })).toThrow(/oidcClientId/);
  });

  it('refuse an issuer without an audience, and an audience without an issuer', () => {
    expect(() => settingsFrom({ jwtIssuer: 'https://idp.example.org' })).toThrow(/together/);
    expect(() => settingsFrom({ jwtAudience: 'a' })).toThrow(/together/);
  });

  it('refuse an issuer that is not an https URL', () => {
    expect(() => settingsFrom({ jwtIssuer: 'http://idp', jwtAudience: 'a' })).toThrow(/https/);
  });

  it('refuse a stage that would make an invalid queue name', () => {
    expect(() => settingsFrom({ stage: 'Prod_1' })).toThrow(/stage/);
    expect(() => settingsFrom({ stage: 'a'.repeat(17) })).toThrow(/stage/);
  });

  it('refuse an unknown log level', () => {
    expect(() => settingsFrom({ logLevel: 'verbose' })).toThrow(/logLevel/);
  });

  it('prefix physical names with the stage, so stages can share an account', () => {
    expect(resourceName('prod')).toBe('si-disputes-prod');
    expect(resourceName('prod', 'unit-tax-dlq')).toBe('si-disputes-prod-unit-tax-dlq');
  });

  it('refuse, in the China regions, a client secret outside the aws-cn partition', () => {
    const aws = settingsFrom({
      ...external,
      oidcClientSecretArn: SECRET.replace('aws-cn', 'aws').replace('cn-northwest-1', 'us-east-1'),
    });
    expect(() => checkRegionSupport('cn-northwest-1', aws)).toThrow(/aws-cn/);
    expect(() => checkRegionSupport('us-east-1', aws)).not.toThrow();
    const cn = settingsFrom({ ...external, oidcClientSecretArn: SECRET });
    expect(() => checkRegionSupport('cn-northwest-1', cn)).not.toThrow();
  });

  it('refuse Cognito and SES in the China regions only', () => {
    const defaults = settingsFrom({});
    const oidc = settingsFrom({ jwtIssuer: 'https://idp.example.gov.cn', jwtAudience: 'a' });
    const ses = { ...oidc, notify: { emailFrom: 'noreply@a.cn', unitEmails: {}, postEmails: {} } };
    expect(() => checkRegionSupport('ap-east-1', defaults)).not.toThrow();
    expect(() => checkRegionSupport('ap-east-1', ses)).not.toThrow();
    expect(() => checkRegionSupport('cn-north-1', defaults)).toThrow(/Cognito/);
    expect(() => checkRegionSupport('cn-north-1', ses)).toThrow(/SES/);
    expect(() => checkRegionSupport('cn-north-1', oidc)).not.toThrow();
  });
});
