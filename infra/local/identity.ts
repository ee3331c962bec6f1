/**
 * The local identity provider, in place of Cognito: a real OpenID Connect provider
 * (`oidc-provider`, infra/local/oidc.ts) at `<gateway>/identity`, with users in DynamoDB (scrypt
 * hashes) and an ES256 key kept in DATA_DIR, so that the local sign-in is the same protocol as
 * Cognito's managed login (issue 11). Beside it, `POST /api/session` gives scripts an ID token of
 * the same issuer, key, audience and claims, and `verify` makes the checks the HTTP API's JWT
 * authorizer makes (signature, issuer, audience, expiry). Tokens carry the claims Cognito's do
 * (`cognito:username`, `cognito:groups` with `unit:<id>` and `role:<role>`), so handlers cannot
 * tell.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
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
import {
  dynamoUserStore,
  type User,
  type UserStore,
  verifyPassword,
} from '#adapters/user-store.ts';
import { phoneToClaim } from '#core/principal.ts';
import { keptSecret } from './kept-secret.ts';

/** The relying party's client id unless OIDC_CLIENT_ID names another. */
export const DEFAULT_CLIENT_ID = 'si-disputes-local';
/**
 * Tokens that `POST /api/session` hands to scripts last a working day, as before the provider
 * came: a script seeding or checking cases must not lose its token half-way.
 */
const API_TOKEN_SECONDS = 8 * 60 * 60;

export interface IdentityProvider {
  /** `<gateway>/identity`, the `iss` of every token. */
  issuer: string;
  clientId: string;
  users: UserStore;
  /** A token for valid, enabled credentials; undefined otherwise (the same for every failure). */
  signIn(username: string, password: string): Promise<string | undefined>;
  /** The claims of a valid token, shaped as API Gateway hands them to a handler. */
  verify(token: string): Promise<Record<string, string> | undefined>;
  /** Serves `/identity` and below (the OpenID Connect provider); true when it answered. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
}

/** What is ready before the gateway listens; `start` needs the gateway's address. */
export interface IdentitySetup {
  clientId: string;
  clientSecret: string;
  /** Synchronous, so that no request can reach the gateway before the provider is there. */
  start(issuer: string): IdentityProvider;
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

/**
 * The claims of a user's ID token, shaped as Cognito's so that `principalFromClaims` reads them
 * unchanged, whichever way the token was issued: the display name as OIDC's `name` and the work
 * phone as `phone_number` in E.164, as Cognito writes its standard attributes, each only when the
 * account has one (issue 13). Without a name the pages show the account's user name.
 */
export function idTokenClaims(user: User): Record<string, unknown> {
  return {
    sub: user.username,
    'cognito:username': user.username,
    'cognito:groups': [`role:${user.role}`, ...(user.unit ? [`unit:${user.unit}`] : [])],
    ...(user.name ? { name: user.name } : {}),
    ...(user.phone ? { phone_number: phoneToClaim(user.phone) } : {}),
  };
}

/**
 * The keys, secrets and user store, read before the gateway listens; `start` makes the provider
 * once the gateway's address (the issuer's) is known.
 */
export async function prepareIdentityProvider(options: {
  dataDir: string;
  db: DynamoDBDocumentClient;
  table: string;
  log: (message: string) => void;
}): Promise<IdentitySetup> {
  const { privateJwk, publicJwk } = await keyPair(join(options.dataDir, 'identity'));
  const privateKey = await importJWK(privateJwk, 'ES256');
  const keySet = createLocalJWKSet({ keys: [publicJwk] });
  const users = dynamoUserStore(options.db, options.table);
  const clientId = process.env.OIDC_CLIENT_ID || DEFAULT_CLIENT_ID;
  const clientSecret = keptSecret(options.dataDir, 'client.secret');
  const cookieKey = keptSecret(options.dataDir, 'cookies.secret');
  // Compared against when the user does not exist, so that timing does not reveal names.
  const dummyHash =
    'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

  /** The user for valid credentials of an enabled account; undefined for every failure alike. */
  async function authenticate(username: string, password: string): Promise<User | undefined> {
    const user = username ? await users.get(username) : undefined;
    const ok = await verifyPassword(password, user?.passwordHash ?? dummyHash);
    if (!user || !ok || user.disabled) return undefined;
    return user;
  }

  // Loaded here rather than imported: whatever imports this module for its types or helpers
  // (the test fixtures, the admin script) does not load the provider.
  const { createOidcProvider } = await import('./oidc.ts');
  return {
    clientId,
    clientSecret,
    start(issuer) {
      const provider = createOidcProvider({
        issuer,
        clientId,
        clientSecret,
        signingKey: privateJwk,
        cookieKeys: [cookieKey],
        users,
        authenticate,
        claimsOf: idTokenClaims,
        log: options.log,
      });
      return {
        issuer,
        clientId,
        users,
        handle: provider.handle,
        async signIn(username, password) {
          const user = await authenticate(username, password);
          if (!user) return undefined;
          const { sub, ...claims } = idTokenClaims(user);
          return new SignJWT({ ...claims, token_use: 'id' })
            .setProtectedHeader({ alg: 'ES256', kid: publicJwk.kid ?? '' })
            .setSubject(String(sub))
            .setIssuer(issuer)
            .setAudience(clientId)
            .setIssuedAt()
            .setExpirationTime(`${API_TOKEN_SECONDS}s`)
            .sign(privateKey);
        },
        async verify(token) {
          try {
            // The provider's own ID tokens pass too: same key, issuer and audience.
            const { payload } = await jwtVerify(token, keySet, {
              issuer,
              audience: clientId,
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
    },
  };
}
