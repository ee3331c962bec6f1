/**
 * Deployment settings read from CDK context (cdk.json, or `cdk synth -c stage=prod`), checked once
 * so that a wrong value fails the synth with a clear message instead of deploying a half-stack.
 */
import type { Node } from 'constructs';
import { parseRetentionYears } from '#core/retention.ts';
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
  /** Subscribed by e-mail to the alarms topic (`alarmEmail`); without it, subscribe by hand. */
  alarmEmail: string | undefined;
  /** The web ACL of CloudFront scope to put in front of the site and API (`wafWebAclArn`). */
  wafWebAclArn: string | undefined;
  /** Also define the us-east-1 stack that creates that web ACL (`waf=true`). */
  wafStack: boolean;
  /**
   * The site's own domain and its certificate (`siteDomain`, `siteCertificateArn`); without them
   * CloudFront serves its `*.cloudfront.net` name with the default certificate.
   */
  siteDomain: SiteDomainSettings | undefined;
  /**
   * Pins the stack to a region (`region`; the account comes from the CLI profile). Without it the
   * stack is environment-agnostic. With a China region the stack is built for `aws-cn`.
   */
  region: string | undefined;
}

export interface SiteDomainSettings {
  /** The host name viewers use, e.g. `disputes.example.gov.cn`. */
  name: string;
  /** An ACM certificate for it, in us-east-1 as CloudFront requires. */
  certificateArn: string;
}

const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'];

/**
 * A bare address, as SES identities are named: no display name (a Chinese one would need MIME
 * encoding the notifier does not do), no spaces, one `@`, a dotted domain.
 */
const EMAIL = /^[^\s@<>"(),;:]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/** A WAFv2 web ACL of CloudFront scope: global, hence always us-east-1. Any partition. */
const CLOUDFRONT_WEB_ACL = /^arn:[a-z-]+:wafv2:us-east-1:\d{12}:global\/webacl\/[\w-]+\/[\w-]+$/;
/** An ACM certificate in us-east-1, the only region CloudFront takes certificates from. */
const CLOUDFRONT_CERTIFICATE = /^arn:[a-z-]+:acm:us-east-1:\d{12}:certificate\/[\w-]+$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

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
    alarmEmail: readMatching(node, 'alarmEmail', EMAIL, 'an e-mail address'),
    wafWebAclArn: readMatching(
      node,
      'wafWebAclArn',
      CLOUDFRONT_WEB_ACL,
      'the ARN of a CLOUDFRONT-scope WAFv2 web ACL (arn:…:wafv2:us-east-1:…:global/webacl/…)',
    ),
    wafStack: readFlag(node, 'waf'),
    siteDomain: readSiteDomain(node),
    region: readMatching(node, 'region', REGION, 'a region name such as cn-northwest-1'),
  };
}

/**
 * The retention period of closed cases in years (`-c retentionYears=30`; default 10): the
 * environment of the retention sweep (docs/decisions.md, "Retention (issue 7)"). A malformed
 * value fails the synth rather than deploying a sweep that would delete early.
 */
export function readRetentionYears(node: Pick<Node, 'tryGetContext'>): number {
  const value = node.tryGetContext('retentionYears');
  try {
    return parseRetentionYears(value === undefined || value === null ? undefined : String(value));
  } catch {
    throw new Error(
      `Context "retentionYears" must be a whole number of years from 1 to 100; got "${String(value)}"`,
    );
  }
}

/** An optional string context value that must match `pattern`; undefined when absent or empty. */
function readMatching(
  node: Pick<Node, 'tryGetContext'>,
  key: string,
  pattern: RegExp,
  what: string,
): string | undefined {
  const value = String(node.tryGetContext(key) ?? '').trim();
  if (value === '') return undefined;
  if (!pattern.test(value)) throw new Error(`Context "${key}" must be ${what}; got "${value}"`);
  return value;
}

/** `-c waf=true` arrives as a string; cdk.json may hold a boolean. */
function readFlag(node: Pick<Node, 'tryGetContext'>, key: string): boolean {
  const value = node.tryGetContext(key);
  if (value === undefined || value === null || value === '' || value === false) return false;
  if (value === true || value === 'true') return true;
  if (value === 'false') return false;
  throw new Error(`Context "${key}" must be true or false; got "${String(value)}"`);
}

function readSiteDomain(node: Pick<Node, 'tryGetContext'>): SiteDomainSettings | undefined {
  const name = readMatching(node, 'siteDomain', DOMAIN, 'a lowercase host name');
  const certificateArn = readMatching(
    node,
    'siteCertificateArn',
    CLOUDFRONT_CERTIFICATE,
    'the ARN of an ACM certificate in us-east-1',
  );
  if ((name === undefined) !== (certificateArn === undefined)) {
    throw new Error('Context "siteDomain" and "siteCertificateArn" must be given together');
  }
  return name === undefined || certificateArn === undefined ? undefined : { name, certificateArn };
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

/** The China regions form the `aws-cn` partition, where some services of the stack are absent. */
export function isChinaRegion(region: string): boolean {
  return region.startsWith('cn-');
}

/**
 * Refuses settings that name a service the stack's region does not offer, when the region is
 * known (`-c region=…`, or a test's env); an environment-agnostic stack cannot be checked here.
 * Amazon Cognito user pools and Amazon SES are not offered in the China regions, so there the
 * county's own OIDC provider signs staff in and notifications go by SMS only.
 */
export function checkRegionSupport(region: string, settings: Pick<Settings, 'jwt' | 'notify'>) {
  if (!isChinaRegion(region)) return;
  if (settings.jwt === undefined) {
    throw new Error(
      `Amazon Cognito user pools are not offered in ${region}: give "jwtIssuer" and "jwtAudience" ` +
        '(the OIDC provider that signs staff in) instead',
    );
  }
  if (settings.notify.emailFrom !== undefined) {
    throw new Error(
      `Amazon SES is not offered in ${region}: leave "notifyEmailFrom" and "unitEmails" unset ` +
        '(notifications then go by SMS only)',
    );
  }
}
