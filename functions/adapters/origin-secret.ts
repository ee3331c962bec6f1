/**
 * The secret CloudFront adds to every request it sends to the API (the origin custom header
 * `X-Origin-Verify`): a request without it did not come through CloudFront and its WAF, and is
 * refused before any handler runs (functions/platform/http.ts). In AWS the value is a Secrets
 * Manager secret (`ORIGIN_SECRET_ARN`) that rotates; in the local runtime the gateway plays
 * CloudFront and passes its value directly (`ORIGIN_SECRET`).
 */
import { timingSafeEqual } from 'node:crypto';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigurationError } from './config.ts';

/** The header CloudFront sets on the API origin; lower-case, as API Gateway hands headers over. */
export const ORIGIN_HEADER = 'x-origin-verify';
export const ORIGIN_SECRET_ENV = 'ORIGIN_SECRET';
export const ORIGIN_SECRET_ARN_ENV = 'ORIGIN_SECRET_ARN';

/**
 * Values are re-read this often, so a rotated secret reaches every warm function within minutes.
 * During a rotation CloudFront may send the pending value before it becomes current, or the
 * previous one until its own deployment finishes: all three stages are accepted.
 */
const REFRESH_MS = 5 * 60_000;
/** A value no stage matched triggers one early re-read, at most this often (no refresh storms). */
const RETRY_MS = 30_000;
const STAGES = ['AWSCURRENT', 'AWSPENDING', 'AWSPREVIOUS'] as const;

let client: SecretsManagerClient | undefined;
let cached: { values: string[]; at: number } | undefined;

/** True when `presented` is one of the origin secret's live values. Throws when none is configured. */
export async function isOriginSecret(presented: string | undefined): Promise<boolean> {
  if (!presented) return false;
  const direct = process.env[ORIGIN_SECRET_ENV];
  if (direct) return matches(presented, [direct]);
  const arn = process.env[ORIGIN_SECRET_ARN_ENV];
  if (!arn) {
    // Fail closed: a function deployed without the setting must not serve the open internet.
    throw new ConfigurationError(`${ORIGIN_SECRET_ENV} or ${ORIGIN_SECRET_ARN_ENV} must be set`);
  }
  const now = Date.now();
  if (!cached || now - cached.at > REFRESH_MS) cached = { values: await read(arn), at: now };
  if (matches(presented, cached.values)) return true;
  if (now - cached.at < RETRY_MS) return false;
  cached = { values: await read(arn), at: now };
  return matches(presented, cached.values);
}

function matches(presented: string, values: readonly string[]): boolean {
  const given = Buffer.from(presented);
  return values.some((value) => {
    const expected = Buffer.from(value);
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

/** Each stage's value; a stage that does not exist (no rotation yet) is simply absent. */
async function read(arn: string): Promise<string[]> {
  const sm = await import('@aws-sdk/client-secrets-manager');
  client ??= new sm.SecretsManagerClient({ maxAttempts: 3 });
  const secrets = client;
  const values = await Promise.all(
    STAGES.map(async (stage) => {
      try {
        const out = await secrets.send(
          new sm.GetSecretValueCommand({ SecretId: arn, VersionStage: stage }),
        );
        return out.SecretString;
      } catch (error) {
        if (stage !== 'AWSCURRENT' && (error as Error).name === 'ResourceNotFoundException') {
          return undefined;
        }
        throw error;
      }
    }),
  );
  return values.filter((v): v is string => typeof v === 'string' && v !== '');
}
