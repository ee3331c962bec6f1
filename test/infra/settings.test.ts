import { describe, expect, it } from 'vitest';
import { readSettings, resourceName } from '../../infra/aws/settings.ts';

function settingsFrom(context: Record<string, unknown>) {
  return readSettings({ tryGetContext: (key: string) => context[key] });
}

describe('deployment settings', () => {
  it('default to the dev stage at INFO with no staff authorizer', () => {
    expect(settingsFrom({})).toEqual({ stage: 'dev', logLevel: 'INFO', jwt: undefined });
  });

  it('read the JWT audience from a comma-separated -c value or a cdk.json list', () => {
    const issuer = 'https://idp.example.org';
    expect(settingsFrom({ jwtIssuer: issuer, jwtAudience: 'a, b' }).jwt).toEqual({
      issuer,
      audience: ['a', 'b'],
    });
    expect(settingsFrom({ jwtIssuer: issuer, jwtAudience: ['a'] }).jwt?.audience).toEqual(['a']);
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
});
