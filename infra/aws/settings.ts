/**
 * Deployment settings read from CDK context (cdk.json, or `cdk synth -c stage=prod`), checked once
 * so that a wrong value fails the synth with a clear message instead of deploying a half-stack.
 */
import type { Node } from 'constructs';
import { isUnitId, type UnitId } from '#core/units.ts';
import { TABLE_NAME } from '#functions/manifest.ts';

export interface JwtSettings {
  /** OIDC issuer URL of the staff identity provider. */
  issuer: string;
  /** Accepted `aud` values. */
  audience: string[];
}

export interface NotifySettings {
  /** SES sender address (`notifyEmailFrom`); without it units get no e-mail. */
  emailFrom: string | undefined;
  /** Unit → e-mail address (`unitEmails`); a unit without one gets no e-mail. */
  unitEmails: Partial<Record<UnitId, string>>;
}

export interface Settings {
  /** Short stage name; prefixes every physical name so stages can share an account. */
  stage: string;
  /** Powertools LOG_LEVEL for every function. */
  logLevel: string;
  /**
   * An external OIDC issuer for staff sign-in, present only when both `jwtIssuer` and
   * `jwtAudience` are given; without it the stack's own Cognito user pool issues the tokens.
   */
  jwt: JwtSettings | undefined;
  /** Where notifications go (functions with `access.notify`). */
  notify: NotifySettings;
}

const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'];

/**
 * A bare address, as SES identities are named: no display name (a Chinese one would need MIME
 * encoding the notifier does not do), no spaces, one `@`, a dotted domain.
 */
const EMAIL = /^[^\s@<>"(),;:]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

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
  return {
    stage,
    logLevel,
    jwt: issuer === '' ? undefined : { issuer, audience },
    notify: readNotify(node),
  };
}

function readNotify(node: Pick<Node, 'tryGetContext'>): NotifySettings {
  const from = String(node.tryGetContext('notifyEmailFrom') ?? '').trim();
  if (from !== '' && !EMAIL.test(from)) {
    throw new Error(
      `Context "notifyEmailFrom" must be a bare e-mail address (an SES identity); got "${from}"`,
    );
  }
  const unitEmails = readUnitEmails(node.tryGetContext('unitEmails'));
  if (from === '' && Object.keys(unitEmails).length > 0) {
    // Addresses without a sender would silently send nothing.
    throw new Error('Context "unitEmails" needs "notifyEmailFrom", the address SES sends from');
  }
  return { emailFrom: from === '' ? undefined : from, unitEmails };
}

/** `-c unitEmails='{"tax":"a@b.cn"}'` arrives as a string; cdk.json may hold an object. */
function readUnitEmails(value: unknown): Partial<Record<UnitId, string>> {
  if (value === undefined || value === null || value === '') return {};
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new Error(`Context "unitEmails" must be a JSON object of unit id → address`);
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`Context "unitEmails" must be a JSON object of unit id → address`);
  }
  const emails: Partial<Record<UnitId, string>> = {};
  for (const [unit, address] of Object.entries(parsed)) {
    if (!isUnitId(unit)) throw new Error(`Context "unitEmails" names unknown unit "${unit}"`);
    if (typeof address !== 'string' || !EMAIL.test(address.trim())) {
      throw new Error(`Context "unitEmails": "${unit}" must be an e-mail address`);
    }
    emails[unit] = address.trim();
  }
  return emails;
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
