/**
 * The staff sign-in's relying party (issue 11): OpenID Connect authorization code with PKCE,
 * through `openid-client`, against whichever provider is configured — Cognito's managed login in
 * AWS, a government IdP, or the local runtime's own provider. Configuration is read on first use,
 * since the local runtime knows its issuer only once its gateway listens.
 */
import * as oidc from 'openid-client';
import type { ClaimMapping } from '#core/principal.ts';
import { claimMapping } from './claims.ts';
import { ConfigurationError } from './config.ts';
import { secret } from './secrets.ts';
import { siteOrigin } from './site.ts';

export interface OidcSettings {
  issuer: URL;
  clientId: string;
  scope: string;
  claims: ClaimMapping;
  /** Where the provider sends the browser back: `${SITE_URL}/staff/callback`. */
  redirectUri: string;
  /** Where the provider sends the browser after signing out: `${SITE_URL}/staff/signed-out`. */
  postLogoutUri: string;
  /** A provider without `end_session_endpoint` (Cognito): its logout URL. */
  logoutUrl: string | undefined;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new ConfigurationError(`environment variable ${name} is not set`);
  return value;
}

export function oidcSettings(): OidcSettings {
  const site = siteOrigin();
  return {
    issuer: new URL(required('OIDC_ISSUER')),
    clientId: required('OIDC_CLIENT_ID'),
    scope: process.env.OIDC_SCOPES || 'openid profile',
    claims: claimMapping(),
    redirectUri: `${site}/staff/callback`,
    postLogoutUri: `${site}/staff/signed-out`,
    logoutUrl: process.env.OIDC_LOGOUT_URL || undefined,
  };
}

let discovered: Promise<oidc.Configuration> | undefined;

/** The provider's metadata, discovered once per process (again after a failure). */
function configuration(settings: OidcSettings): Promise<oidc.Configuration> {
  discovered ??= (async () => {
    const clientSecret = await secret('OIDC_CLIENT_SECRET');
    // Plain HTTP only for the local runtime's provider on loopback; anything else must be HTTPS.
    const loopback = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(settings.issuer.hostname);
    return oidc.discovery(
      settings.issuer,
      settings.clientId,
      undefined,
      clientSecret ? oidc.ClientSecretBasic(clientSecret) : oidc.None(),
      loopback ? { execute: [oidc.allowInsecureRequests] } : undefined,
    );
  })();
  discovered.catch(() => {
    discovered = undefined;
  });
  return discovered;
}

/** What the callback must check, kept in a short-lived sealed cookie between the two legs. */
export interface SignInChecks {
  verifier: string;
  state: string;
  nonce: string;
}

/**
 * The provider's sign-in address and the checks to keep for the callback. `reauthenticate` asks the
 * provider for the password even when it has a session (OIDC `prompt=login`): after the site
 * refused a sign-in from a session begun before an administrator ended the account's sessions,
 * with a provider that cannot be sent a sign-out.
 */
export async function startSignIn(
  o: { reauthenticate?: boolean } = {},
): Promise<{ url: string; checks: SignInChecks }> {
  const settings = oidcSettings();
  const config = await configuration(settings);
  const checks = {
    verifier: oidc.randomPKCECodeVerifier(),
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
  };
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: settings.redirectUri,
    scope: settings.scope,
    code_challenge: await oidc.calculatePKCECodeChallenge(checks.verifier),
    code_challenge_method: 'S256',
    state: checks.state,
    nonce: checks.nonce,
    ...(o.reauthenticate ? { prompt: 'login' } : {}),
  });
  return { url: url.href, checks };
}

/** Thrown when the provider's answer does not check out (state, nonce, code, signature). */
export class SignInFailedError extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(`sign-in failed: ${reason}`);
    this.reason = reason;
    this.name = 'SignInFailedError';
  }
}

/**
 * Exchanges the code of the provider's redirect (`callbackUrl`, as the browser saw it) for the
 * ID token, and returns its verified claims.
 */
export async function finishSignIn(
  callbackUrl: URL,
  checks: SignInChecks,
): Promise<Record<string, unknown>> {
  const config = await configuration(oidcSettings());
  try {
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: checks.verifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new SignInFailedError('no ID token');
    return claims as Record<string, unknown>;
  } catch (error) {
    if (error instanceof SignInFailedError) throw error;
    // The library's message names the failed check; it carries no personal data.
    throw new SignInFailedError((error as Error).name);
  }
}

/** Where the browser goes to end the provider's session too, then back to the site. */
export async function signOutUrl(): Promise<string> {
  const settings = oidcSettings();
  if (settings.logoutUrl) {
    // Cognito's managed login: `/logout?client_id=…&logout_uri=…`.
    const url = new URL(settings.logoutUrl);
    url.searchParams.set('client_id', settings.clientId);
    url.searchParams.set('logout_uri', settings.postLogoutUri);
    return url.href;
  }
  const config = await configuration(settings);
  if (!config.serverMetadata().end_session_endpoint) return settings.postLogoutUri;
  return oidc.buildEndSessionUrl(config, {
    client_id: settings.clientId,
    post_logout_redirect_uri: settings.postLogoutUri,
  }).href;
}
