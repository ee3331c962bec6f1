/**
 * Who a signed-in person is (functions/core/principal.ts), from the claims of whichever provider
 * signed them in: Cognito's groups by default, or a claim each for unit and role (a government
 * IdP, configured by OIDC_CLAIMS).
 */
import { describe, expect, it } from 'vitest';
import { phoneFromClaim, phoneToClaim, principalFromClaims } from '#core/principal.ts';

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

  it('carries the display name and the work phone from OIDC’s standard claims, E.164 made national', () => {
    const claims = {
      'cognito:username': 'li.ming',
      'cognito:groups': '[role:staff unit:data-bureau]',
      name: ' 李明 ',
      phone_number: '+864768888888',
    };
    expect(principalFromClaims(claims)).toEqual({
      user: 'li.ming',
      unit: 'data-bureau',
      role: 'staff',
      name: '李明',
      phone: '0476-8888888',
    });
    expect(principalFromClaims({ ...claims, phone_number: '+8613912345678' })?.phone).toBe(
      '13912345678',
    );
    expect(principalFromClaims({ ...claims, phone_number: '+861088886666' })?.phone).toBe(
      '010-88886666',
    );
  });

  it('reads a provider’s own name and phone claims, and leaves out what is no name or phone', () => {
    const mapping = { ...OWN_CLAIMS, name: 'display', phone: 'office_phone' };
    const claims = {
      preferred_username: 'wang.fang',
      dept: 'tax',
      duty: 'head',
      display: '王芳',
      office_phone: '0476 8888888',
      // The default claims are not read under another mapping.
      name: '别的名字',
    };
    expect(principalFromClaims(claims, mapping)).toEqual({
      user: 'wang.fang',
      unit: 'tax',
      role: 'head',
      name: '王芳',
      phone: '0476-8888888',
    });
    const odd = principalFromClaims(
      { ...claims, display: '名'.repeat(51), office_phone: 'ext. 1234' },
      mapping,
    );
    expect(odd).toEqual({ user: 'wang.fang', unit: 'tax', role: 'head' });
  });

  it('writes a work phone as E.164 for a provider and reads it back unchanged', () => {
    for (const phone of ['0476-8888888', '010-88886666', '13912345678']) {
      expect(phoneToClaim(phone)).toMatch(/^\+86\d+$/);
      expect(phoneFromClaim(phoneToClaim(phone))).toBe(phone);
    }
    expect(phoneFromClaim(42)).toBeUndefined();
  });
});
