import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoUserStore } from '#adapters/user-store.ts';
import { functions, TABLE_NAME } from '#functions/manifest.ts';
import { caseRequest, postJson, residentId } from '#test/fixtures/cases.ts';
import { eventually, sharedRuntime } from '#test/fixtures/runtime.ts';
import { act, addDemoAccounts, staffGet, staffPost, tokenFor } from '#test/fixtures/staff.ts';

const rt = sharedRuntime();
let taxCase: string;

beforeAll(async () => {
  await addDemoAccounts(rt);
  const created = await postJson(`${rt.url}/api/cases`, caseRequest());
  taxCase = String(created.json.caseNumber);
  await eventually(async () =>
    (await rt.store.get(taxCase))?.status === 'assigned' ? true : undefined,
  );
});

const register = () => ({
  channel: 'walk-in',
  registeredOn: '2026-11-25',
  payer: { kind: 'person', name: '窗口来访人', idNumber: residentId(), phone: '13812345678' },
  matters: [
    { type: 'benefits', insurance: ['medical'], period: { from: '2023-01', to: '2023-06' } },
  ],
  description: '窗口登记的争议。',
});

/**
 * Who sees what of a tax bureau case (DESIGN.md §1): the holder in full, the office and leaders
 * masked, another unit not at all (404). Notes: the holder and the office; not leaders.
 */
const matrix = [
  {
    user: 'tax.staff',
    see: 200,
    masked: false,
    note: 200,
    signFor: 'allowed',
    inbox: true,
    registers: 201,
  },
  {
    user: 'tax.head',
    see: 200,
    masked: false,
    note: 200,
    signFor: 'allowed',
    inbox: true,
    registers: 201,
  },
  {
    user: 'medical.staff',
    see: 404,
    masked: null,
    note: 404,
    signFor: 404,
    inbox: false,
    registers: 201,
  },
  {
    user: 'medical.head',
    see: 404,
    masked: null,
    note: 404,
    signFor: 404,
    inbox: false,
    registers: 201,
  },
  {
    user: 'office.staff',
    see: 200,
    masked: true,
    note: 200,
    signFor: 403,
    inbox: false,
    registers: 201,
  },
  {
    user: 'office.head',
    see: 200,
    masked: true,
    note: 200,
    signFor: 403,
    inbox: false,
    registers: 201,
  },
  { user: 'leader', see: 200, masked: true, note: 403, signFor: 403, inbox: null, registers: 403 },
  { user: 'admin', see: 200, masked: true, note: 403, signFor: 403, inbox: null, registers: 403 },
] as const;

describe('access to the staff API by role and unit', () => {
  it.each(matrix)(
    '$user: case $see, note $note, sign-for $signFor, register $registers',
    async (row) => {
      const token = await tokenFor(rt, row.user);

      // GET the case
      const view = await staffGet(rt, `/api/staff/cases/${taxCase}`, token);
      expect(view.status).toBe(row.see);
      if (row.see === 200) {
        expect(view.json.masked).toBe(row.masked);
        const payer = view.json.payer as { name: string; idNumber: string; phone: string };
        if (row.masked) {
          expect(payer.name).toBe('王**');
          expect(payer.idNumber).toMatch(/^150426\*{8}\d{3}[\dX]$/);
          expect(payer.phone).toBe('138****5678');
        } else {
          expect(payer.name).toBe('王小明');
          expect(payer.phone).toBe('13812345678');
        }
      } else {
        expect(view.headers.get('content-type')).toContain('application/problem+json');
      }

      // A note (recorded, no state change)
      const note = await act(rt, row.user, taxCase, { type: 'note', note: `${row.user} 的记录` });
      expect(note.status).toBe(row.note);

      // Sign-for: refused for those who may not; tried below for the holder
      if (row.signFor !== 'allowed') {
        const refused = await act(rt, row.user, taxCase, { type: 'sign-for' });
        expect(refused.status).toBe(row.signFor);
        expect((await rt.store.get(taxCase))?.status).toBe('assigned');
      }

      // The inbox: own unit's, or a chosen unit's for those who see all
      const inbox = await staffGet(rt, '/api/staff/inbox?limit=100', token);
      if (row.inbox === null) {
        expect(inbox.status).toBe(400);
        const chosen = await staffGet(rt, '/api/staff/inbox?unit=tax&limit=100', token);
        expect((chosen.json.items as { caseNumber: string }[]).map((i) => i.caseNumber)).toContain(
          taxCase,
        );
      } else {
        expect(inbox.status).toBe(200);
        const numbers = (inbox.json.items as { caseNumber: string }[]).map((i) => i.caseNumber);
        expect(numbers.includes(taxCase)).toBe(row.inbox);
      }
      if (row.user === 'medical.staff') {
        // Asking for another unit's inbox without seeing all gives one's own.
        const other = await staffGet(rt, '/api/staff/inbox?unit=tax&limit=100', token);
        expect(
          (other.json.items as { caseNumber: string }[]).map((i) => i.caseNumber),
        ).not.toContain(taxCase);
      }

      // Window registration
      const registered = await staffPost(rt, '/api/staff/cases', register(), token);
      expect(registered.status).toBe(row.registers);
    },
  );

  it('lets exactly one of two staff signing for a case at once succeed; the other gets 409', async () => {
    const created = await postJson(`${rt.url}/api/cases`, caseRequest());
    const caseNumber = String(created.json.caseNumber);
    await eventually(async () =>
      (await rt.store.get(caseNumber))?.status === 'assigned' ? true : undefined,
    );

    const [a, b] = await Promise.all([
      act(rt, 'tax.staff', caseNumber, { type: 'sign-for' }),
      act(rt, 'tax.head', caseNumber, { type: 'sign-for' }),
    ]);

    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const timeline = await rt.store.timeline(caseNumber);
    expect(timeline.filter((e) => e.transition === 'signFor')).toHaveLength(1);
    expect((await rt.store.get(caseNumber))?.status).toBe('accepted');
  });
});

describe('tokens the staff API refuses', () => {
  /** Every staff route of the manifest, with its path parameters filled in. */
  const endpoints = () =>
    functions.flatMap((f) =>
      f.trigger.kind === 'http' && f.trigger.auth === 'staff'
        ? [
            [
              f.trigger.method,
              f.trigger.path.replace('{caseNumber}', taxCase).replace('{id}', 'none'),
            ] as const,
          ]
        : [],
    );

  async function call(method: string, path: string, token?: string) {
    const res = await fetch(`${rt.url}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(method === 'POST' ? { body: JSON.stringify({ type: 'note', note: 'x' }) } : {}),
    });
    return res.status;
  }

  async function signedToken(
    key: JWK | CryptoKey,
    claims: Record<string, unknown>,
    exp: number,
    kid: string,
  ) {
    const signingKey = 'kty' in key ? await importJWK(key, 'ES256') : key;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid })
      .setSubject('tax.staff')
      .setIssuer(`${rt.url}/identity`)
      .setAudience('si-disputes-local')
      .setIssuedAt(exp - 3600)
      .setExpirationTime(exp)
      .sign(signingKey as CryptoKey);
  }

  it('answers 401 with no token, an expired one, a forged one, a tampered one and a disabled account', async () => {
    const { privateJwk } = JSON.parse(
      readFileSync(join(rt.dataDir, 'identity', 'signing-key.jwk.json'), 'utf8'),
    ) as { privateJwk: JWK };
    const claims = {
      'cognito:username': 'tax.staff',
      'cognito:groups': ['unit:tax', 'role:staff'],
    };
    const now = Math.floor(Date.now() / 1000);
    const expired = await signedToken(privateJwk, claims, now - 60, String(privateJwk.kid));
    const { privateKey: otherKey } = await generateKeyPair('ES256');
    const forged = await signedToken(otherKey, claims, now + 3600, String(privateJwk.kid));
    const valid = await tokenFor(rt, 'tax.staff');
    const [h, p, s] = valid.split('.');
    const payload = JSON.parse(Buffer.from(p ?? '', 'base64url').toString());
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...payload, 'cognito:groups': ['role:admin'] })).toString('base64url')}.${s}`;

    await dynamoUserStore(rt.db, TABLE_NAME).add(
      { username: 'gone.staff', unit: 'tax', role: 'staff' },
      'pw-123456',
    );
    const goneToken = String(
      (await postJson(`${rt.url}/api/session`, { username: 'gone.staff', password: 'pw-123456' }))
        .json.token,
    );
    await dynamoUserStore(rt.db, TABLE_NAME).setDisabled('gone.staff', true);

    expect(endpoints().length).toBeGreaterThanOrEqual(9);
    for (const [method, path] of endpoints()) {
      for (const token of [undefined, expired, forged, tampered, 'not-a-jwt', goneToken]) {
        expect(await call(method, path, token), `${method} ${path}`).toBe(401);
      }
      expect(await call(method, path, valid), `${method} ${path} with a valid token`).not.toBe(401);
    }
  });

  it('refuses sign-in with a wrong password or a disabled account, in the same words', async () => {
    const wrong = await postJson(`${rt.url}/api/session`, {
      username: 'tax.staff',
      password: 'nope',
    });
    const unknown = await postJson(`${rt.url}/api/session`, {
      username: 'nobody',
      password: 'nope',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.json.detail).toBe(unknown.json.detail);
  });
});
