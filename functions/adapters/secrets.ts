/**
 * Secrets of the staff sign-in, read once per process: from Secrets Manager in AWS (the stack
 * passes `*_SECRET_ARN`), from the environment in the local runtime (it keeps them in DATA_DIR).
 */
import { createHash } from 'node:crypto';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigurationError } from './config.ts';
import { guarded, localGrants } from './local-grants.ts';

let client: SecretsManagerClient | undefined;
const cache = new Map<string, Promise<string>>();

/** A secret's value: the variable `name` itself, else the Secrets Manager secret `${name}_ARN`. */
export function secret(name: string): Promise<string | undefined> {
  const direct = process.env[name];
  if (direct) {
    // The local runtime keeps the secrets in the environment; in AWS reading them needs the grant.
    localGrants()?.check('SecretsManagerClient', 'GetSecretValueCommand', { SecretId: name });
    return Promise.resolve(direct);
  }
  const arn = process.env[`${name}_ARN`];
  if (!arn) return Promise.resolve(undefined);
  let value = cache.get(arn);
  if (!value) {
    value = read(arn, name);
    // A failed read is tried again by the next request rather than kept for the process's life.
    value.catch(() => cache.delete(arn));
    cache.set(arn, value);
  }
  return value;
}

/**
 * Loaded on first use: the local runtime passes its secrets directly and never needs the client,
 * and in Lambda a staff page's cold start does not pay for it until the first request.
 */
async function read(arn: string, name: string): Promise<string> {
  const sm = await import('@aws-sdk/client-secrets-manager');
  client ??= guarded(new sm.SecretsManagerClient({ maxAttempts: 3 }));
  const out = await client.send(new sm.GetSecretValueCommand({ SecretId: arn }));
  if (!out.SecretString) throw new ConfigurationError(`secret ${name}_ARN has no string value`);
  return out.SecretString;
}

/** The 32-byte key that seals staff session cookies, from SESSION_KEY or SESSION_SECRET_ARN. */
export async function sessionKey(): Promise<Uint8Array> {
  const value = await secret('SESSION_KEY');
  if (!value) throw new ConfigurationError('SESSION_KEY or SESSION_SECRET_ARN must be set');
  // Any secret string, hashed to the AES-256 key size: the generated secret has no fixed format.
  return new Uint8Array(createHash('sha256').update(value).digest());
}
