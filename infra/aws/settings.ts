/**
 * Deployment settings read from CDK context (cdk.json, or `cdk synth -c stage=prod`), checked once
 * so that a wrong value fails the synth with a clear message instead of deploying a half-stack.
 */
import type { Node } from 'constructs';
import { LEADING_GROUP } from '#core/notifications.ts';
import { type ClaimMapping, COGNITO_CLAIMS } from '#core/principal.ts';
import { parseRetentionYears } from '#core/retention.ts';
import { isPostId, POST_IDS, type PostId } from '#core/roster.ts';
import { isUnitId, type UnitId } from '#core/units.ts';
import { TABLE_NAME } from '#functions/manifest.ts';

/**
 * An external OIDC provider that signs staff in, in place of the stack's Cognito user pool: the
 * staff pages sign in there (authorization code with PKCE) and the API's JWT authorizer trusts its
 * tokens. The functions read the same values from OIDC_* variables (functions/adapters/oidc.ts).
 */
export interface OidcSettings {
  /** Issuer URL (`jwtIssuer`): the pages discover the provider there, the authorizer checks `iss`. */
  issuer: string;
  /** The `aud` values the API's authorizer accepts (`jwtAudience`). */
  audience: string[];
  /** The staff pages' client at the provider (`oidcClientId`; default: the first audience). */
  clientId: string;
  /**
   * The complete ARN of a Secrets Manager secret whose SecretString is the client secret
   * (`oidcClientSecretArn`), made by the operator; without it, a public client with PKCE only.
   */
  clientSecretArn: string | undefined;
  /** Which claims carry user, unit and role (`oidcClaims`; default: Cognito's). */
  claims: ClaimMapping;
  /** The provider's logout URL, when its discovery has no `end_session_endpoint` (`oidcLogoutUrl`). */
  logoutUrl: string | undefined;
  /** Scopes to ask for, space-separated (`oidcScopes`; default: the functions' `openid profile`). */
  scopes: string | undefined;
}

export interface NotifySettings {
  /** SES sender address (`notifyEmailFrom`); without it units get no e-mail. */
  emailFrom: string | undefined;
  /**
   * Unit → e-mail addresses, comma-separated (`unitEmails`); a unit without one gets no e-mail.
   * `leading-group` holds the addresses of every annex 1 post without its own in `postEmails`.
   */
  unitEmails: Partial<Record<UnitId | typeof LEADING_GROUP, string>>;
  /**
   * Annex 1 post → its holder's e-mail addresses, comma-separated (`postEmails`): messages to
   * the leading group go to the posts core/roster.ts `postsFor` names.
   */
  postEmails: Partial<Record<PostId, string>>;
  /** The site's address, for the links in e-mails; set by the stack, not by context. */
  siteUrl?: string;
  /**
   * How send-notification sends e-mail (`emailTransport`): `ses`, `smtp` (a relay, for accounts
   * and regions without SES) or `none`. Unset: `smtp` when `smtpSecretArn` is given, else `ses`,
   * and `none` in the China regions, which have no SES (`notifyTransports`).
   */
  emailTransport?: 'ses' | 'smtp' | 'none';
  /** The relay's Secrets Manager secret, JSON `{host,port,secure,user,pass,from}` (`smtpSecretArn`). */
  smtpSecretArn?: string;
  /**
   * How send-notification sends SMS (`smsTransport`): `sns`, `http` (a provider's HTTP API, the
   * adapter contract in docs/decisions.md) or `none`. Unset: `http` when `smsHttpUrl` is given,
   * else `sns`, and `none` in the China regions, which have no SNS SMS.
   */
  smsTransport?: 'sns' | 'http' | 'none';
  /** The SMS provider's endpoint (`smsHttpUrl`), https. */
  smsHttpUrl?: string;
  /** Its bearer token's Secrets Manager secret (`smsHttpSecretArn`). */
  smsHttpSecretArn?: string;
}

/** The transports send-notification uses in `region` (undefined: an environment-agnostic stack). */
export function notifyTransports(
  region: string | undefined,
  notify: NotifySettings,
): { email: 'ses' | 'smtp' | 'none'; sms: 'sns' | 'http' | 'none' } {
  const china = region !== undefined && isChinaRegion(region);
  return {
    email:
      notify.emailTransport ??
      (notify.smtpSecretArn !== undefined ? 'smtp' : china ? 'none' : 'ses'),
    sms: notify.smsTransport ?? (notify.smsHttpUrl !== undefined ? 'http' : china ? 'none' : 'sns'),
  };
}

export interface Settings {
  /** Short stage name; prefixes every physical name so stages can share an account. */
  stage: string;
  /** Powertools LOG_LEVEL for every function. */
  logLevel: string;
  /**
   * An external OIDC provider for staff sign-in, present only when both `jwtIssuer` and
   * `jwtAudience` are given; without it the stack's own Cognito user pool signs staff in.
   */
  oidc: OidcSettings | undefined;
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
  /**
   * The site's domain in the China regions (`domainName`, `iamCertificateId`), where CloudFront
   * serves only an ICP-recorded domain of one's own, with a certificate from IAM, not ACM.
   */
  chinaSite: ChinaSiteSettings | undefined;
}

export interface ChinaSiteSettings {
  /** The ICP-recorded host name viewers use, e.g. `disputes.example.gov.cn`. */
  domainName: string;
  /** The id (`ASCA…`) of the IAM server certificate for it, uploaded with path `/cloudfront/`. */
  iamCertificateId: string;
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

  return {
    stage,
    logLevel,
    oidc: readOidc(node),
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
    chinaSite: readChinaSite(node),
  };
}

/** The context keys of an external provider's client, meaningless without `jwtIssuer`. */
const OIDC_CLIENT_KEYS = [
  'oidcClientId',
  'oidcClientSecretArn',
  'oidcClaims',
  'oidcLogoutUrl',
  'oidcScopes',
] as const;

/**
 * A Secrets Manager secret by its complete ARN (with the 6-character suffix Secrets Manager adds),
 * so that the functions' grant names exactly that secret.
 */
const SECRET_ARN =
  /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+-[A-Za-z0-9]{6}$/;
/** A client id as providers issue them: printable, no spaces. */
const CLIENT_ID = /^[\x21-\x7e]{1,255}$/;
/** An OAuth scope-token (RFC 6749 §3.3). */
const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
const CLAIM_KEYS = ['user', 'groups', 'unit', 'role', 'name', 'phone'] as const;

function readOidc(node: Pick<Node, 'tryGetContext'>): OidcSettings | undefined {
  const issuer = String(node.tryGetContext('jwtIssuer') ?? '').trim();
  const audience = toList(node.tryGetContext('jwtAudience'));
  if ((issuer === '') !== (audience.length === 0)) {
    throw new Error('Context "jwtIssuer" and "jwtAudience" must be given together');
  }
  if (issuer === '') {
    const stray = OIDC_CLIENT_KEYS.find((key) => !isEmpty(node.tryGetContext(key)));
    if (stray !== undefined) {
      // The stack's own Cognito client would be used and the value silently ignored.
      throw new Error(`Context "${stray}" configures an external provider: it needs "jwtIssuer"`);
    }
    return undefined;
  }
  if (!isHttpsUrl(issuer)) {
    throw new Error(`Context "jwtIssuer" must be an https:// URL; got "${issuer}"`);
  }
  const clientId = String(node.tryGetContext('oidcClientId') ?? '').trim() || audience[0];
  if (clientId === undefined || !CLIENT_ID.test(clientId)) {
    throw new Error(`Context "oidcClientId" must be a client id without spaces; got "${clientId}"`);
  }
  const logoutUrl = String(node.tryGetContext('oidcLogoutUrl') ?? '').trim();
  if (logoutUrl !== '' && !isHttpsUrl(logoutUrl)) {
    throw new Error(`Context "oidcLogoutUrl" must be an https:// URL; got "${logoutUrl}"`);
  }
  return {
    issuer,
    audience,
    clientId,
    clientSecretArn: readMatching(
      node,
      'oidcClientSecretArn',
      SECRET_ARN,
      'the complete ARN of a Secrets Manager secret (arn:…:secretsmanager:…:secret:<name>-<6 characters>)',
    ),
    claims: readClaims(node.tryGetContext('oidcClaims')),
    logoutUrl: logoutUrl === '' ? undefined : logoutUrl,
    scopes: readScopes(node.tryGetContext('oidcScopes')),
  };
}

/**
 * A context value that must be a JSON object: a string on the command line (`-c key='{…}'`), or
 * an object in cdk.json. Anything else fails with `Context "<key>" must be <what>`.
 */
function readJsonObject(value: unknown, key: string, what: string): object {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new Error(`Context "${key}" must be ${what}`);
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`Context "${key}" must be ${what}`);
  }
  return parsed;
}

/**
 * `-c oidcClaims='{"user":"preferred_username","unit":"unit","role":"role"}'`, or an object in
 * cdk.json: the user's claim, and either one groups claim or a unit and a role claim, as the
 * functions accept them (functions/adapters/oidc.ts); optionally `name` and `phone`, the display
 * name's and work phone's claims (default OIDC's `name` and `phone_number`). Default: Cognito's.
 */
function readClaims(value: unknown): ClaimMapping {
  if (isEmpty(value)) return { ...COGNITO_CLAIMS };
  const what = 'a JSON object naming the claims "user", and "groups" or "unit" and "role"';
  const parsed = readJsonObject(value, 'oidcClaims', what);
  const mapping: Partial<Record<(typeof CLAIM_KEYS)[number], string>> = {};
  for (const [key, claim] of Object.entries(parsed)) {
    if (!(CLAIM_KEYS as readonly string[]).includes(key)) {
      throw new Error(`Context "oidcClaims" has unknown key "${key}" (${CLAIM_KEYS.join(', ')})`);
    }
    if (typeof claim !== 'string' || claim.trim() === '') {
      throw new Error(`Context "oidcClaims": "${key}" must name a claim`);
    }
    mapping[key as (typeof CLAIM_KEYS)[number]] = claim.trim();
  }
  const { user, groups, unit, role } = mapping;
  if (user === undefined || (groups === undefined && (unit === undefined || role === undefined))) {
    throw new Error(`Context "oidcClaims" must be ${what}`);
  }
  return mapping as ClaimMapping;
}

/** `-c oidcScopes="openid profile roles"`, or a list in cdk.json; must ask for `openid`. */
function readScopes(value: unknown): string | undefined {
  if (isEmpty(value)) return undefined;
  const scopes = Array.isArray(value)
    ? value.map((v) => String(v).trim()).filter((v) => v !== '')
    : String(value).trim().split(/\s+/);
  if (!scopes.includes('openid') || !scopes.every((scope) => SCOPE.test(scope))) {
    throw new Error(
      `Context "oidcScopes" must be space-separated scopes including "openid"; got "${String(value)}"`,
    );
  }
  return [...new Set(scopes)].join(' ');
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:' && !/\s/.test(value);
  } catch {
    return false;
  }
}

/**
 * The retention period of closed cases in years (`-c retentionYears=30`; default 10): the
 * environment of the retention sweep (docs/decisions.md, "Retention"). A malformed
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

/**
 * New cases per client and hour (`-c intakeLimitPerHour=60`; absent: the functions' default of
 * 20): a county whose payers file through one shared address (a service hall's network, a
 * carrier's NAT) raises it. A malformed value fails the synth.
 */
export function readIntakeLimit(node: Pick<Node, 'tryGetContext'>): number | undefined {
  const value = node.tryGetContext('intakeLimitPerHour');
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) {
    throw new Error(
      `Context "intakeLimitPerHour" must be a whole number from 1 to 10000; got "${String(value)}"`,
    );
  }
  return n;
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

type Matching = [key: string, pattern: RegExp, what: string];

/** Two context values that mean something only together (a domain and its certificate). */
function readTogether(
  node: Pick<Node, 'tryGetContext'>,
  first: Matching,
  second: Matching,
): [string, string] | undefined {
  const a = readMatching(node, ...first);
  const b = readMatching(node, ...second);
  if ((a === undefined) !== (b === undefined)) {
    throw new Error(`Context "${first[0]}" and "${second[0]}" must be given together`);
  }
  return a === undefined || b === undefined ? undefined : [a, b];
}

function readSiteDomain(node: Pick<Node, 'tryGetContext'>): SiteDomainSettings | undefined {
  const pair = readTogether(
    node,
    ['siteDomain', DOMAIN, 'a lowercase host name'],
    ['siteCertificateArn', CLOUDFRONT_CERTIFICATE, 'the ARN of an ACM certificate in us-east-1'],
  );
  return pair && { name: pair[0], certificateArn: pair[1] };
}

/**
 * An IAM server certificate id: IAM's unique ids for server certificates start with `ASCA`
 * (IAM User Guide, "Unique identifiers"); `aws iam upload-server-certificate` prints it.
 */
const IAM_CERTIFICATE_ID = /^ASCA[A-Z0-9]{12,124}$/;

function readChinaSite(node: Pick<Node, 'tryGetContext'>): ChinaSiteSettings | undefined {
  const pair = readTogether(
    node,
    ['domainName', DOMAIN, 'a lowercase host name'],
    [
      'iamCertificateId',
      IAM_CERTIFICATE_ID,
      'the id of an IAM server certificate (ASCA…, as upload-server-certificate prints it)',
    ],
  );
  return pair && { domainName: pair[0], iamCertificateId: pair[1] };
}

function readNotify(node: Pick<Node, 'tryGetContext'>): NotifySettings {
  const from = String(node.tryGetContext('notifyEmailFrom') ?? '').trim();
  if (from !== '' && !EMAIL.test(from)) {
    throw new Error(
      `Context "notifyEmailFrom" must be a bare e-mail address (an SES identity); got "${from}"`,
    );
  }
  const unitEmails = readAddresses(
    node.tryGetContext('unitEmails'),
    'unitEmails',
    (id): id is UnitId | typeof LEADING_GROUP => id === LEADING_GROUP || isUnitId(id),
    'unit',
  );
  const postEmails = readAddresses(
    node.tryGetContext('postEmails'),
    'postEmails',
    isPostId,
    'post',
    POST_IDS,
  );
  const transports = readTransportSettings(node);
  for (const [key, emails] of [
    ['unitEmails', unitEmails],
    ['postEmails', postEmails],
  ] as const) {
    // An SMTP relay's sender is in its secret; SES needs notifyEmailFrom.
    const smtp = transports.emailTransport === 'smtp' || transports.smtpSecretArn !== undefined;
    if (from === '' && !smtp && Object.keys(emails).length > 0) {
      // Addresses without a sender would silently send nothing.
      throw new Error(`Context "${key}" needs "notifyEmailFrom", the address SES sends from`);
    }
  }
  return { emailFrom: from === '' ? undefined : from, unitEmails, postEmails, ...transports };
}

/**
 * `emailTransport`, `smtpSecretArn`, `smsTransport`, `smsHttpUrl`, `smsHttpSecretArn` (issue 14):
 * a transport that needs a setting fails the synth without it, rather than sending nothing.
 */
function readTransportSettings(
  node: Pick<Node, 'tryGetContext'>,
): Omit<NotifySettings, 'emailFrom' | 'unitEmails' | 'postEmails'> {
  const email = readMatching(node, 'emailTransport', /^(ses|smtp|none)$/, 'ses, smtp or none');
  const sms = readMatching(node, 'smsTransport', /^(sns|http|none)$/, 'sns, http or none');
  const secret = 'the complete ARN of a Secrets Manager secret (…:secret:<name>-<6 characters>)';
  const smtpSecretArn = readMatching(node, 'smtpSecretArn', SECRET_ARN, secret);
  const smsHttpSecretArn = readMatching(node, 'smsHttpSecretArn', SECRET_ARN, secret);
  const smsHttpUrl = String(node.tryGetContext('smsHttpUrl') ?? '').trim();
  if (smsHttpUrl !== '' && !isHttpsUrl(smsHttpUrl)) {
    throw new Error(`Context "smsHttpUrl" must be an https:// URL; got "${smsHttpUrl}"`);
  }
  const emailTransport = email as NotifySettings['emailTransport'];
  const smsTransport = sms as NotifySettings['smsTransport'];
  const smtp = emailTransport === 'smtp' || (emailTransport === undefined && smtpSecretArn);
  if (smtp && smtpSecretArn === undefined) {
    throw new Error('Context "emailTransport=smtp" needs "smtpSecretArn", the relay’s secret');
  }
  const http = smsTransport === 'http' || (smsTransport === undefined && smsHttpUrl !== '');
  if (http && (smsHttpUrl === '' || smsHttpSecretArn === undefined)) {
    throw new Error(
      'Context "smsTransport=http" needs "smsHttpUrl" and "smsHttpSecretArn" (the bearer token)',
    );
  }
  return {
    ...(emailTransport ? { emailTransport } : {}),
    ...(smtpSecretArn ? { smtpSecretArn } : {}),
    ...(smsTransport ? { smsTransport } : {}),
    ...(smsHttpUrl !== '' ? { smsHttpUrl } : {}),
    ...(smsHttpSecretArn ? { smsHttpSecretArn } : {}),
  };
}

/**
 * `-c unitEmails='{"tax":"a@b.cn","leading-group":"c@b.cn,d@b.cn"}'` or `-c postEmails='{…}'`
 * arrives as a string; cdk.json may hold an object. Each value is one or more bare addresses,
 * comma-separated (a unit's inbox and its head, a post's holder and secretary), kept normalised:
 * trimmed, each once, joined by commas, as functions/adapters/notifier.ts splits them.
 */
function readAddresses<K extends string>(
  value: unknown,
  key: string,
  isKey: (id: string) => id is K,
  what: 'unit' | 'post',
  known?: readonly string[],
): Partial<Record<K, string>> {
  if (value === undefined || value === null || value === '') return {};
  const shape = `a JSON object of ${what} id → addresses, comma-separated`;
  const parsed = readJsonObject(value, key, shape);
  const emails: Partial<Record<K, string>> = {};
  for (const [id, list] of Object.entries(parsed)) {
    if (!isKey(id)) {
      const hint = known === undefined ? '' : ` (${known.join(', ')})`;
      throw new Error(`Context "${key}" names unknown ${what} "${id}"${hint}`);
    }
    const addresses =
      typeof list === 'string'
        ? list
            .split(',')
            .map((a) => a.trim())
            .filter((a) => a !== '')
        : [];
    const bad = addresses.find((a) => !EMAIL.test(a));
    if (addresses.length === 0 || bad !== undefined) {
      throw new Error(
        `Context "${key}": "${id}" must be e-mail addresses, comma-separated` +
          (bad === undefined ? '' : `; "${bad}" is not one`),
      );
    }
    emails[id] = [...new Set(addresses)].join(',');
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
 * county's own OIDC provider signs staff in, e-mail goes through an SMTP relay and SMS through a
 * provider's HTTP API (issue 14), or not at all.
 */
export function checkRegionSupport(
  region: string,
  settings: Pick<Settings, 'oidc' | 'notify'> &
    Partial<Pick<Settings, 'chinaSite' | 'siteDomain' | 'wafWebAclArn'>>,
) {
  if (!isChinaRegion(region)) {
    if (settings.chinaSite !== undefined) {
      // Would be silently unused: outside China the site's domain is an ACM certificate's.
      throw new Error(
        `Context "domainName" and "iamCertificateId" are for the China regions, not ${region}: ` +
          'give "siteDomain" and "siteCertificateArn" (ACM, us-east-1) instead',
      );
    }
    return;
  }
  if (settings.oidc === undefined) {
    throw new Error(
      `Amazon Cognito user pools are not offered in ${region}: give "jwtIssuer" and "jwtAudience" ` +
        '(the OIDC provider that signs staff in), and "oidcClientId", "oidcClientSecretArn" and ' +
        '"oidcClaims" as it needs, instead',
    );
  }
  const secretArn = settings.oidc.clientSecretArn;
  if (secretArn !== undefined && !secretArn.startsWith('arn:aws-cn:')) {
    throw new Error(
      `Context "oidcClientSecretArn" must name a secret in the aws-cn partition for ${region}; ` +
        `got "${secretArn}"`,
    );
  }
  const transports = notifyTransports(region, settings.notify);
  if (settings.notify.emailFrom !== undefined || transports.email === 'ses') {
    throw new Error(
      `Amazon SES is not offered in ${region}: leave "notifyEmailFrom" unset and send e-mail ` +
        'through an SMTP relay ("emailTransport=smtp" with "smtpSecretArn"), or none',
    );
  }
  if (transports.sms === 'sns') {
    throw new Error(
      `Amazon SNS does not send SMS in ${region}: give "smsTransport=http" with "smsHttpUrl" ` +
        'and "smsHttpSecretArn" (a Chinese SMS provider through the HTTP adapter), or none',
    );
  }
  for (const arn of [settings.notify.smtpSecretArn, settings.notify.smsHttpSecretArn]) {
    if (arn !== undefined && !arn.startsWith('arn:aws-cn:')) {
      throw new Error(`A notification secret in ${region} must be in the aws-cn partition: ${arn}`);
    }
  }
}

/**
 * Refuses a China stack without what its CloudFront needs: there CloudFront serves content only
 * on an ICP-recorded domain of one's own (never its `*.cloudfront.cn` name), takes its
 * certificate from IAM, not ACM, and takes no web ACL, since AWS WAF there is regional only
 * (docs/decisions.md, "China, honestly"). Checked after `checkRegionSupport`, so a stack that
 * lacks both sign-in and a domain is told about sign-in first.
 */
export function checkChinaSite(
  region: string,
  settings: Partial<Pick<Settings, 'chinaSite' | 'siteDomain' | 'wafWebAclArn'>>,
) {
  if (!isChinaRegion(region)) return;
  if (settings.siteDomain !== undefined) {
    throw new Error(
      `CloudFront in ${region} takes no ACM certificate: give "domainName" and ` +
        '"iamCertificateId" instead of "siteDomain" and "siteCertificateArn"',
    );
  }
  if (settings.wafWebAclArn !== undefined) {
    throw new Error(
      `Context "wafWebAclArn": AWS WAF in ${region} is regional only and cannot guard CloudFront`,
    );
  }
  if (settings.chinaSite === undefined) {
    throw new Error(
      `CloudFront in ${region} serves only an ICP-recorded domain with an IAM server ` +
        'certificate: give "domainName" (the ICP-recorded host name) and "iamCertificateId" ' +
        '(the ASCA… id `aws iam upload-server-certificate --path /cloudfront/…` prints)',
    );
  }
}
