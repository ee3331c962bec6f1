/**
 * The local identity provider, in place of Cognito: users in DynamoDB (scrypt hashes), ID tokens
 * signed with an ES256 key kept in DATA_DIR, a JWKS endpoint, and the same checks the HTTP API's
 * JWT authorizer makes (signature, issuer, audience, expiry). Tokens carry the claims Cognito's do
 * (`cognito:username`, `cognito:groups` with `unit:<id>` and `role:<role>`), so handlers cannot tell.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  jwtVerify,
  SignJWT,
} from 'jose';
import { dynamoUserStore, type UserStore, verifyPassword } from '#adapters/user-store.ts';

export const LOCAL_AUDIENCE = 'si-disputes-local';
/** A working day's session, as an office would expect. */
const TOKEN_SECONDS = 8 * 60 * 60;

export interface IdentityProvider {
  issuer: string;
  users: UserStore;
  jwks(): { keys: JWK[] };
  /** A token for valid, enabled credentials; undefined otherwise (the same for every failure). */
  signIn(username: string, password: string): Promise<string | undefined>;
  /** The claims of a valid token, shaped as API Gateway hands them to a handler. */
  verify(token: string): Promise<Record<string, string> | undefined>;
}

async function keyPair(dir: string): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const file = join(dir, 'signing-key.jwk.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `local-${Date.now().toString(36)}`;
  const pair = {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' },
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify(pair), { mode: 0o600 });
  return pair;
}

export async function startIdentityProvider(options: {
  dataDir: string;
  issuer: string;
  db: DynamoDBDocumentClient;
  table: string;
}): Promise<IdentityProvider> {
  const { privateJwk, publicJwk } = await keyPair(join(options.dataDir, 'identity'));
  const privateKey = await importJWK(privateJwk, 'ES256');
  const jwks = { keys: [publicJwk] };
  const keySet = createLocalJWKSet(jwks);
  const users = dynamoUserStore(options.db, options.table);
  // Compared against when the user does not exist, so that timing does not reveal names.
  const dummyHash =
    'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

  return {
    issuer: options.issuer,
    users,
    jwks: () => jwks,
    async signIn(username, password) {
      const user = await users.get(username);
      const ok = await verifyPassword(password, user?.passwordHash ?? dummyHash);
      if (!user || !ok || user.disabled) return undefined;
      const groups = [`role:${user.role}`, ...(user.unit ? [`unit:${user.unit}`] : [])];
      return new SignJWT({
        'cognito:username': user.username,
        'cognito:groups': groups,
        token_use: 'id',
      })
        .setProtectedHeader({ alg: 'ES256', kid: publicJwk.kid ?? '' })
        .setSubject(user.username)
        .setIssuer(options.issuer)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${TOKEN_SECONDS}s`)
        .sign(privateKey);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, keySet, {
          issuer: options.issuer,
          audience: LOCAL_AUDIENCE,
          algorithms: ['ES256'],
        });
        // A disabled account stops at once, not when its token expires.
        const user = await users.get(String(payload.sub));
        if (!user || user.disabled) return undefined;
        // API Gateway passes claims as strings; arrays become "[a b]".
        return Object.fromEntries(
          Object.entries(payload).map(([k, v]) => [
            k,
            Array.isArray(v) ? `[${v.join(' ')}]` : String(v),
          ]),
        );
      } catch {
        return undefined;
      }
    },
  };
}
