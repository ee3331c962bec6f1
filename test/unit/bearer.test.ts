/**
 * The staff API's caller (functions/platform/auth.ts, `principalOf`): a bearer token whose sign-in
 * came before an administrator ended the account's sessions is refused, as API Gateway passes its
 * claims (every value a string). No I/O: the end's mark is given.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signedInBeforeEnd } from '#core/principal.ts';
import { principalOf, UnauthorizedError } from '#platform/auth.ts';
import type { HttpEvent } from '#platform/http.ts';

/** An event as the JWT authorizer hands it on, with Cognito's claims as strings. */
function withClaims(claims: Record<string, string>): HttpEvent {
  return {
    requestContext: { authorizer: { jwt: { claims, scopes: null } } },
  } as unknown as HttpEvent;
}

const clerk = { 'cognito:username': 'tax.staff', 'cognito:groups': '[role:staff unit:tax]' };
const endedAt = (at: number | undefined) => async () =>
  at ? { generation: 1, endedAt: at } : { generation: 0 };

describe('a bearer token of the staff API', () => {
  it('is refused when signed in at or before the end, by auth_time over iat', async () => {
    const token = withClaims({ ...clerk, auth_time: '1000', iat: '5000' });
    await expect(principalOf(token, { ended: endedAt(999) })).resolves.toMatchObject({
      user: 'tax.staff',
      unit: 'tax',
    });
    // A refreshed token keeps its sign-in's auth_time: a later iat does not save it.
    await expect(principalOf(token, { ended: endedAt(1000) })).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    await expect(principalOf(token, { ended: endedAt(undefined) })).resolves.toBeDefined();
  });

  it('counts iat without auth_time, and now without either', async () => {
    await expect(
      principalOf(withClaims({ ...clerk, iat: '2000' }), { ended: endedAt(2000) }),
    ).rejects.toBeInstanceOf(UnauthorizedError);
    const now = Math.floor(Date.now() / 1000);
    await expect(
      principalOf(withClaims(clerk), { ended: endedAt(now - 60) }),
    ).resolves.toBeDefined();
  });

  it('reads an ID token’s numeric claims as the API’s strings', () => {
    expect(signedInBeforeEnd({ auth_time: 1000, iat: 5000 }, 1000, 9000)).toBe(true);
    expect(signedInBeforeEnd({ auth_time: '1001' }, 1000, 9000)).toBe(false);
    expect(signedInBeforeEnd({}, 1000, 1001)).toBe(false);
    expect(signedInBeforeEnd({ auth_time: 1 }, undefined, 9000)).toBe(false);
  });

  it('refuses when the mark cannot be read, unless the view is one that must work without it', async () => {
    const down = async () => {
      throw new Error('table down');
    };
    const token = withClaims({ ...clerk, iat: '2000' });
    await expect(principalOf(token, { ended: down })).rejects.toThrow('table down');
    await expect(principalOf(token, { ended: down, ifUnreadable: 'allow' })).resolves.toMatchObject(
      { user: 'tax.staff' },
    );
  });
});

describe('a bearer token of the county’s own provider (OIDC_CLAIMS)', () => {
  afterEach(() => vi.unstubAllEnvs());
  const county = { preferred_username: 'zhang.san', unit: 'medical', role: 'head', iat: '2000' };
  const none = endedAt(undefined);

  it('is read by the names the staff pages read, not Cognito’s', async () => {
    vi.stubEnv('OIDC_CLAIMS', '{"user":"preferred_username","unit":"unit","role":"role"}');
    await expect(principalOf(withClaims(county), { ended: none })).resolves.toEqual({
      user: 'zhang.san',
      unit: 'medical',
      role: 'head',
    });
    // The same account's end is looked up by that name.
    const asked: string[] = [];
    await principalOf(withClaims(county), {
      ended: async (user) => {
        asked.push(user);
        return { generation: 0 };
      },
    });
    expect(asked).toEqual(['zhang.san']);
  });

  it('is refused without its user claim: no fallback to sub, which no end is recorded under', async () => {
    vi.stubEnv('OIDC_CLAIMS', '{"user":"preferred_username","unit":"unit","role":"role"}');
    const { preferred_username: _, ...bySub } = { ...county, sub: '9f1c7a52-uuid' };
    await expect(principalOf(withClaims(bySub), { ended: none })).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
  });

  it('is refused without the mapping, and a malformed mapping names itself', async () => {
    await expect(principalOf(withClaims(county), { ended: none })).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    vi.stubEnv('OIDC_CLAIMS', '{"user":"preferred_username"}');
    await expect(principalOf(withClaims(county), { ended: none })).rejects.toThrow(
      'OIDC_CLAIMS needs "user" and either "groups" or "unit" and "role"',
    );
  });
});
