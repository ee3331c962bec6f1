/**
 * Configuration from the environment, read and checked once per process (STYLE.md rule 3): a
 * missing or malformed setting fails at start-up with a message that names it.
 */
import {
  DEAD_LETTER_URLS_ENV,
  INTAKE_LIMIT_ENV,
  QUEUE_URLS_ENV,
  TABLE_NAME_ENV,
} from '#functions/manifest.ts';

export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigurationError';
  }
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new ConfigurationError(`environment variable ${name} is not set`);
  return value;
}

/** The table every function uses. */
export function tableName(): string {
  return required(TABLE_NAME_ENV);
}

/** Unit id → queue URL, for the queues this function may send to or inspect. */
export function queueUrls(env: string = QUEUE_URLS_ENV): Record<string, string> {
  const raw = process.env[env] ?? '{}';
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigurationError(`${env} is not JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigurationError(`${env} must be an object of unit id to queue URL`);
  }
  for (const [unit, url] of Object.entries(parsed)) {
    if (typeof url !== 'string' || !/^https?:\/\//.test(url)) {
      throw new ConfigurationError(`${env}.${unit} is not a queue URL`);
    }
  }
  return parsed as Record<string, string>;
}

/**
 * New cases per client and hour (default 20). The local runtime's load tests and benchmark raise
 * it, since all their requests come from one address; in AWS, `-c intakeLimitPerHour=N`.
 */
export function intakeLimitPerHour(): number {
  const raw = process.env[INTAKE_LIMIT_ENV];
  if (raw === undefined || raw === '') return 20;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new ConfigurationError(`${INTAKE_LIMIT_ENV} must be a positive integer`);
  return n;
}

/** Unit id → dead-letter queue URL (the health check's). */
export function deadLetterUrls(): Record<string, string> {
  return queueUrls(DEAD_LETTER_URLS_ENV);
}
