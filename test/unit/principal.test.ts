/**
 * Who a signed-in person is (functions/core/principal.ts), from the claims of whichever provider
 * signed them in: Cognito's groups by default, or a claim each for unit and role (a government
 * IdP, configured by OIDC_CLAIMS).
 */
import { describe, expect, it } from 'vitest';
import { principalFromClaims } from '#core/principal.ts';

const OWN_CLAIMS = { user: 'preferred_username', unit: 'dept', role: 'duty' };

describe('a principal from a token’s claims', () => {
  it('reads Cognito’s groups, as an array or as API Gateway’s string', () => {
    const groups = ['role:head', 'unit:tax'];
    expect(principalFromClaims({ 'cognito:username': 'li.na', 'cognito:groups': groups })).toEqual({
      user: 'li.na',
      unit: 'tax',
      role: 'head',
    });
    expect(
      principalFromClaims({ 'cognito:username': 'li.na', 'cognito:groups': '[role:leader]' }),
    ).toEqual({ user: 'li.na', unit: null, role: 'leader' });
  });

  it('reads a provider’s own claims for user, unit and role', () => {
    const claims = { preferred_username: 'wang.fang', dept: 'si-center', duty: 'staff' };
    expect(principalFromClaims(claims, OWN_CLAIMS)).toEqual({
      user: 'wang.fang',
      unit: 'si-center',
      role: 'staff',
    });
  });

  it('refuses a staff role without a known unit, and an unknown role', () => {
    expect(
      principalFromClaims({ preferred_username: 'x', dept: 'nowhere', duty: 'staff' }, OWN_CLAIMS),
    ).toBeUndefined();
    expect(
      principalFromClaims({ preferred_username: 'x', duty: 'head' }, OWN_CLAIMS),
    ).toBeUndefined();
    expect(
      principalFromClaims({ preferred_username: 'x', dept: 'tax', duty: 'root' }, OWN_CLAIMS),
    ).toBeUndefined();
    // The default mapping ignores a provider's own claims: no groups, no principal.
    expect(principalFromClaims({ sub: 'x', dept: 'tax', duty: 'staff' })).toBeUndefined();
  });
});
