/**
 * Deployment settings read from CDK context (cdk.json, or `cdk synth -c stage=prod`), checked once
 * so that a wrong value fails the synth with a clear message instead of deploying a half-stack.
 */
import type { Node } from 'constructs';
import { TABLE_NAME } from '#functions/manifest.ts';

export interface JwtSettings {
  /** OIDC issuer URL of the staff identity provider. */
  issuer: string;
  /** Accepted `aud` values. */
  audience: string[];
}

export interface Settings {
  /** Short stage name; prefixes every physical name so stages can share an account. */
  stage: string;
  /** Powertools LOG_LEVEL for every function. */
  logLevel: string;
  /** Present only when both `jwtIssuer` and `jwtAudience` are given. */
  jwt: JwtSettings | undefined;
}

const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'];

/** Reads and validates the app's context (`app.node`). */
export function readSettings(node: Pick<Node, 'tryGetContext'>): Settings {
  const stage = String(node.tryGetContext('stage') ?? 'dev');
  // Queue names allow 80 characters of [A-Za-z0-9_-]; keep stages short and plain.
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(stage)) {
    throw new Error(
      `Context "stage" must be 1–16 lowercase letters, digits or "-"; got "${stage}"`,
    );
  }
  const logLevel = String(node.tryGetContext('logLevel') ?? 'INFO').toUpperCase();
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new Error(
      `Context "logLevel" must be one of ${LOG_LEVELS.join(', ')}; got "${logLevel}"`,
    );
  }

  const issuer = String(node.tryGetContext('jwtIssuer') ?? '').trim();
  const audience = toList(node.tryGetContext('jwtAudience'));
  if ((issuer === '') !== (audience.length === 0)) {
    throw new Error('Context "jwtIssuer" and "jwtAudience" must be given together');
  }
  if (issuer !== '' && !issuer.startsWith('https://')) {
    throw new Error(`Context "jwtIssuer" must be an https:// URL; got "${issuer}"`);
  }
  return { stage, logLevel, jwt: issuer === '' ? undefined : { issuer, audience } };
}

/** The physical name of a resource in a stage: `si-disputes-<stage>[-<name>]`. */
export function resourceName(stage: string, name?: string): string {
  return name === undefined ? `${TABLE_NAME}-${stage}` : `${TABLE_NAME}-${stage}-${name}`;
}

/** `-c jwtAudience=a,b` arrives as a string; cdk.json may hold a list. */
function toList(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  const items = Array.isArray(value) ? value : String(value).split(',');
  return items.map((item) => String(item).trim()).filter((item) => item !== '');
}
