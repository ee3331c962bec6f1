/**
 * A function's IAM policy, from its manifest entry's `access` (functions/manifest.ts). The one
 * source of both the CDK stack's grants (infra/aws/constructs/manifest-function.ts, with the
 * constructs' ARN tokens as resource names) and the local runtime's enforcement
 * (infra/local/grants.ts, with local ARNs), so that what AWS would refuse is refused locally too.
 *
 * Plain data and plain functions: no CDK, no SDK. The action lists are the ones the stack granted
 * through CDK's grant helpers (aws-cdk-lib 2.x, aws-dynamodb/lib/perms.js and table-grants.js,
 * aws-sqs's sendMessages), written out so that both sides read the same list.
 */
import { type Access, NOTIFICATIONS_QUEUE, type QueueId } from '#functions/manifest.ts';

/** A condition block, as IAM writes it: operator → context key → value(s). */
export type Conditions = Readonly<Record<string, Readonly<Record<string, string | string[]>>>>;

/** One IAM policy statement; only Allow, which is all the stack grants. */
export interface Statement {
  effect: 'Allow';
  actions: string[];
  resources: string[];
  conditions?: Conditions;
}

/** The ARNs a function's statements name; CDK tokens in AWS, literal ARNs locally. */
export interface ResourceNames {
  table: string;
  /** The table's customer-managed key, which DynamoDB uses with the caller's permissions. */
  tableKey?: string;
  /** Queue id (a unit, or `notifications`) → its queue's ARN. */
  queues: Readonly<Partial<Record<QueueId, string>>>;
  /** Queue id → its dead-letter queue's ARN. */
  deadLetters: Readonly<Partial<Record<QueueId, string>>>;
  /** The attachments bucket's ARN. */
  bucket: string;
  /** The bucket's KMS key, which S3 calls for the presigned request's signer. */
  bucketKey?: string;
  /**
   * The sender address of unit e-mail, when SES sends it; no SES grant without it (an SMTP relay
   * needs none).
   */
  emailFrom?: string;
  /** SMS go out by SNS (`smsTransport=sns`); no sns:Publish without it. */
  snsSms?: boolean;
  /** The secrets of the SMTP relay and the HTTP SMS provider, when those transports are used. */
  deliverySecrets?: readonly string[];
  /** `arn:…:ses:…:identity/<name>` for an address or domain. */
  sesIdentity: (name: string) => string;
  /** The staff pages' secrets (session key, OIDC client secret). */
  secrets: readonly string[];
}

/** The table's actions, CDK's RESOURCE_READ_DATA_ACTIONS and DESCRIBE_TABLE (readData). */
export const TABLE_READ_ACTIONS = [
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:GetItem',
  'dynamodb:Scan',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
] as const;
/** CDK's WRITE_DATA_ACTIONS. */
export const TABLE_WRITE_ACTIONS = [
  'dynamodb:BatchWriteItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
] as const;
/** CDK's PRINCIPAL_ONLY_READ_DATA_ACTIONS (streams), granted with every table read. */
export const TABLE_STREAM_ACTIONS = ['dynamodb:GetRecords', 'dynamodb:GetShardIterator'] as const;
/** CDK's KEY_READ_ACTIONS and KEY_WRITE_ACTIONS, on the table's key. */
export const TABLE_KEY_READ_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey'] as const;
export const TABLE_KEY_WRITE_ACTIONS = [
  'kms:Encrypt',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
] as const;
/** aws-sqs's grantSendMessages. */
export const QUEUE_SEND_ACTIONS = [
  'sqs:SendMessage',
  'sqs:GetQueueAttributes',
  'sqs:GetQueueUrl',
] as const;

/** Where case files live in the attachments bucket (functions/core/retention.ts, caseFilesPrefix). */
export const CASE_FILES = 'cases/*';

/**
 * The rate-limit counters' partition keys (functions/adapters/rate-limiter.ts, `RATE#<bucket>`):
 * what `access.counters` may update and nothing else.
 */
export const COUNTER_KEYS = 'RATE#*';

/**
 * When each staff account's sessions were last ended (functions/adapters/account-sessions.ts,
 * `ACCOUNT#<username>`): what a staff page or staff API function without other table access
 * may read (`session` or `accountEnds`).
 */
export const ACCOUNT_KEYS = 'ACCOUNT#*';

/** The table and its indexes, as CDK's table grants name them. */
export function tableResources(table: string): string[] {
  return [table, `${table}/index/*`];
}

/** The IAM statements that `access` grants, over the resources `names` gives. */
export function grantStatements(access: Access, names: ResourceNames): Statement[] {
  const statements: Statement[] = [];
  const allow = (actions: readonly string[], resources: string[], conditions?: Conditions) => {
    if (actions.length === 0 || resources.length === 0) return;
    statements.push({
      effect: 'Allow',
      actions: [...actions],
      resources,
      ...(conditions ? { conditions } : {}),
    });
  };
  const table = tableResources(names.table);

  if (access.table !== 'none') {
    const write = access.table === 'readWrite';
    allow([...TABLE_READ_ACTIONS, ...(write ? TABLE_WRITE_ACTIONS : [])], table);
    allow(TABLE_STREAM_ACTIONS, table);
    if (names.tableKey !== undefined) {
      allow(
        [...TABLE_KEY_READ_ACTIONS, ...(write ? TABLE_KEY_WRITE_ACTIONS : [])],
        [names.tableKey],
      );
    }
  }
  if (access.counters === true && access.table !== 'readWrite') {
    // The wrong-code and request counters only: an update of an item whose partition key is a
    // counter's. DynamoDB puts every key the request touches in dynamodb:LeadingKeys.
    allow(['dynamodb:UpdateItem'], [names.table], {
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [COUNTER_KEYS] },
    });
    // A write under the table's key, which DynamoDB uses with the caller's permissions: the key
    // actions CDK's write grant gives, so that the update cannot fail in AWS alone.
    if (names.tableKey !== undefined) allow(TABLE_KEY_WRITE_ACTIONS, [names.tableKey]);
  }

  for (const unit of access.sendTo) {
    const queue = names.queues[unit];
    if (queue === undefined) throw new Error(`No queue named for unit "${unit}"`);
    allow(QUEUE_SEND_ACTIONS, [queue]);
  }
  const deadLetters = Object.values(names.deadLetters).filter((a): a is string => a !== undefined);
  if (access.inspectQueues === true) {
    const all = Object.entries(names.queues).flatMap(([unit, arn]) => [
      arn,
      names.deadLetters[unit as QueueId],
    ]);
    allow(
      ['sqs:GetQueueAttributes'],
      all.filter((a): a is string => a !== undefined),
    );
  }
  if (access.deadLetters !== undefined) {
    // Listing is a receive with no visibility timeout; a re-drive also deletes what it moved.
    allow(
      [
        'sqs:GetQueueAttributes',
        'sqs:ReceiveMessage',
        'sqs:ChangeMessageVisibility',
        ...(access.deadLetters === 'redrive' ? ['sqs:DeleteMessage'] : []),
      ],
      deadLetters,
    );
  }

  if (access.attachments === 'delete') {
    // The retention sweep: list the versions under cases/ and delete object versions there. No
    // KMS: deleting needs no key, and the function reads no file.
    allow(['s3:ListBucketVersions'], [names.bucket], {
      StringLike: { 's3:prefix': CASE_FILES },
    });
    allow(['s3:DeleteObject', 's3:DeleteObjectVersion'], [`${names.bucket}/${CASE_FILES}`]);
  } else if (access.attachments !== undefined) {
    // Presigned URLs carry the role's permissions, and the functions presign single GETs (read)
    // and PUTs (readWrite) of objects: exactly those, and of the bucket's key only what S3 calls
    // KMS for on their behalf.
    const write = access.attachments === 'readWrite';
    allow(write ? ['s3:GetObject', 's3:PutObject'] : ['s3:GetObject'], [`${names.bucket}/*`]);
    if (names.bucketKey !== undefined) {
      allow(write ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'], [names.bucketKey]);
    }
  }

  if (access.notify === true) {
    // A notification is a message on its queue (issue 14); send-notification delivers it.
    const queue = names.queues[NOTIFICATIONS_QUEUE];
    if (queue === undefined) throw new Error('No queue named for notifications');
    allow(QUEUE_SEND_ACTIONS, [queue]);
  }

  if (access.deliver === true) {
    const from = names.emailFrom;
    if (from !== undefined) {
      // SES authorizes against the identity it sends as: the address when it is verified itself,
      // else its domain. The condition keeps the domain grant to this one sender.
      const domain = from.slice(from.lastIndexOf('@') + 1);
      allow(['ses:SendEmail'], [names.sesIdentity(from), names.sesIdentity(domain)], {
        StringEquals: { 'ses:FromAddress': from },
      });
    }
    // SMS straight to a phone number (Publish with PhoneNumber) has no resource ARN to name: IAM
    // accepts only `*` for it. The function publishes to no topic.
    if (names.snsSms === true) allow(['sns:Publish'], ['*']);
    // The SMTP relay's and the SMS provider's credentials, by their ARNs and nothing else.
    allow(['secretsmanager:GetSecretValue'], [...(names.deliverySecrets ?? [])]);
  }

  if (access.session === true) {
    // The two secrets by their ARNs and nothing else: no DescribeSecret, no listing.
    allow(['secretsmanager:GetSecretValue'], [...names.secrets]);
  }
  if ((access.session === true || access.accountEnds === true) && access.table === 'none') {
    // Every staff request reads when the account's sessions were last ended
    // (adapters/account-sessions.ts): that one item, by its partition key, and nothing else.
    // The sign-out also records the session it ends there.
    const actions =
      access.signsOut === true ? ['dynamodb:GetItem', 'dynamodb:UpdateItem'] : ['dynamodb:GetItem'];
    allow(actions, [names.table], {
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [ACCOUNT_KEYS] },
    });
    if (names.tableKey !== undefined) allow(['kms:Decrypt'], [names.tableKey]);
    // A write under the table's key: the key actions CDK's write grant gives, as the counters get.
    if (access.signsOut === true && names.tableKey !== undefined) {
      allow(TABLE_KEY_WRITE_ACTIONS, [names.tableKey]);
    }
  }
  return statements;
}

/** What a request asks: an action on a resource, with the condition keys it carries. */
export interface Request {
  action: string;
  resource: string;
  context?: Readonly<Record<string, string | readonly string[]>>;
}

/**
 * Whether `statements` allow `request`, as IAM decides it for one identity policy of Allow
 * statements: some statement matches the action, the resource and every condition. Wildcards `*`
 * and `?` in actions (case-insensitive) and resources; the condition operators the grants use.
 */
export function allows(statements: readonly Statement[], request: Request): boolean {
  return statements.some(
    (s) =>
      s.actions.some((a) => globMatch(a, request.action, true)) &&
      s.resources.some((r) => globMatch(r, request.resource, false)) &&
      conditionsHold(s.conditions, request.context ?? {}),
  );
}

function conditionsHold(
  conditions: Conditions | undefined,
  context: Readonly<Record<string, string | readonly string[]>>,
): boolean {
  if (conditions === undefined) return true;
  return Object.entries(conditions).every(([operator, keys]) =>
    Object.entries(keys).every(([key, expected]) => {
      const wanted = Array.isArray(expected) ? expected : [expected as string];
      const raw = context[key];
      const values = raw === undefined ? [] : typeof raw === 'string' ? [raw] : [...raw];
      switch (operator) {
        case 'StringEquals':
          return values.length > 0 && values.some((v) => wanted.includes(v));
        case 'StringLike':
          return values.length > 0 && values.some((v) => wanted.some((w) => globMatch(w, v)));
        // Every value must match; IAM counts a request without the key as matching, so the
        // evaluator sees the leading keys of every DynamoDB item request.
        case 'ForAllValues:StringLike':
          return values.every((v) => wanted.some((w) => globMatch(w, v)));
        default:
          // An operator this evaluator does not know refuses, rather than grants by mistake.
          return false;
      }
    }),
  );
}

/**
 * Each pattern's expression, made once: the local runtime checks every SDK call of every function
 * against its statements, and building the expressions anew took about 5 % of a runtime's CPU. The
 * patterns are the manifest's statements, a few hundred at most.
 */
const patterns = new Map<string, RegExp>();

/** IAM's wildcard match: `*` any run of characters, `?` one character. */
export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const key = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let expression = patterns.get(key);
  if (expression === undefined) {
    const source = pattern
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&')))
      .join('');
    expression = new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
    patterns.set(key, expression);
  }
  return expression.test(value);
}
