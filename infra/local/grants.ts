/**
 * The local runtime refuses what IAM would refuse: every AWS SDK call a handler makes is checked
 * against the statements its manifest entry grants (functions/grants.ts, the source the CDK stack
 * attaches too), over local ARNs. A call outside them fails as AWS fails it, with an
 * AccessDeniedException, so that a missing grant shows in a local test and not first in AWS.
 *
 * How: `lambdaFunction` (lambda.ts) runs each invocation inside `runAs`, an AsyncLocalStorage
 * context naming the function and its statements; `installGrantEnforcement` puts a hook on
 * `globalThis` that functions/adapters/local-grants.ts (`guarded`) adds to each SDK client as a middleware,
 * and that the local stand-ins of S3, SES/SNS and Secrets Manager call directly. Calls outside any
 * invocation (the runtime itself, its pollers, the admin CLI, the test fixtures) are not checked.
 * In AWS nothing sets the hook, so nothing is added there.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  allows,
  grantStatements,
  type Request,
  type ResourceNames,
  type Statement,
} from '#functions/grants.ts';
import {
  type FunctionSpec,
  NOTIFICATIONS_QUEUE,
  notificationQueue,
  type QueueId,
  queues,
  TABLE_NAME,
} from '#functions/manifest.ts';
import { StartupError } from './errors.ts';

export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';
/** The local stand-in of the attachments bucket (files under DATA_DIR/attachments). */
export const LOCAL_BUCKET = 'si-disputes-attachments';
/** The sender the local outbox writes e-mail as, so that SES's grant is checked too. */
export const LOCAL_EMAIL_FROM = 'noreply@si-disputes.localhost';
/** The partition key of the table (infra/local/table.ts, the stack's table): DynamoDB's leading key. */
const PARTITION_KEY = 'PK';

/** Switches enforcement off for debugging only: `LOCAL_GRANTS=off npm start`. */
export const GRANTS_ENV = 'LOCAL_GRANTS';

/** The key of the hook on globalThis; functions/adapters/local-grants.ts reads the same one. */
const HOOK = Symbol.for('si-disputes.local-grants');

const queueArn = (name: string) => `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${name}`;
const tableArn = (name: string) =>
  `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${name}`;
const secretArn = (name: string) =>
  `arn:aws:secretsmanager:${LOCAL_REGION}:${LOCAL_ACCOUNT}:secret:${name}`;
const sesIdentity = (name: string) =>
  `arn:aws:ses:${LOCAL_REGION}:${LOCAL_ACCOUNT}:identity/${name}`;

/** The secrets a `session` function reads: in AWS from Secrets Manager, locally from env. */
const LOCAL_SECRETS = ['SESSION_KEY', 'OIDC_CLIENT_SECRET'];
/** The SMTP relay's and SMS provider's secrets of send-notification, locally from env. */
const LOCAL_DELIVERY_SECRETS = ['SMTP_SECRET', 'SMS_HTTP_SECRET'];

/**
 * The local runtime's resources as ARNs: the table, the manifest's queues, the attachments folder
 * as a bucket, the outbox's sender and the staff secrets. KMS keys are left out: locally there is
 * no KMS for DynamoDB or S3 to call.
 */
export function localResourceNames(): ResourceNames {
  const all = [
    ...queues.map((q) => [q.unit, q] as const),
    [NOTIFICATIONS_QUEUE, notificationQueue] as const,
  ];
  const byId = (name: (q: (typeof all)[number][1]) => string) =>
    Object.fromEntries(all.map(([id, q]) => [id, queueArn(name(q))])) as Partial<
      Record<QueueId, string>
    >;
  return {
    table: tableArn(TABLE_NAME),
    queues: byId((q) => q.name),
    deadLetters: byId((q) => q.deadLetterName),
    bucket: `arn:aws:s3:::${LOCAL_BUCKET}`,
    // The outbox checks what SES and SNS would (functions/adapters/notifier.ts), so both.
    emailFrom: LOCAL_EMAIL_FROM,
    snsSms: true,
    deliverySecrets: LOCAL_DELIVERY_SECRETS.map(secretArn),
    sesIdentity,
    secrets: LOCAL_SECRETS.map(secretArn),
  };
}

/** A function's statements over the local ARNs. */
export function localStatements(spec: Pick<FunctionSpec, 'access'>): Statement[] {
  return grantStatements(spec.access, localResourceNames());
}

/** Who is calling: the function an invocation runs, with its statements. */
interface Caller {
  name: string;
  statements: readonly Statement[];
}

const caller = new AsyncLocalStorage<Caller>();

/** Runs `work` as function `spec`: SDK calls inside it are checked against its grants. */
export function runAs<T>(
  spec: Pick<FunctionSpec, 'name' | 'access'>,
  statements: readonly Statement[],
  work: () => T,
): T {
  return caller.run({ name: spec.name, statements }, work);
}

/** The error AWS answers an unauthorized call with (HTTP 400, a client fault). */
export class AccessDeniedException extends Error {
  override readonly name = 'AccessDeniedException';
  readonly $fault = 'client';
  readonly $metadata = { httpStatusCode: 400 };
  readonly Code = 'AccessDeniedException';
}

/** Refuses a request that `statements` do not allow, with AWS's message. */
export function authorize(
  who: string,
  statements: readonly Statement[],
  requests: readonly Request[],
): void {
  for (const request of requests) {
    if (allows(statements, request)) continue;
    // Said on the runtime's own log too: a refused notification is swallowed by its caller, and
    // the refusal must not vanish with it. ARNs and actions only, no item keys.
    process.stderr.write(
      `[local] AccessDeniedException: ${who} may not ${request.action} on ${request.resource}\n`,
    );
    throw new AccessDeniedException(
      `User: arn:aws:sts::${LOCAL_ACCOUNT}:assumed-role/${who}/${who} is not authorized to ` +
        `perform: ${request.action} on resource: ${request.resource} because no ` +
        `identity-based policy allows the ${request.action} action`,
    );
  }
}

type Input = Record<string, unknown>;

/** A DynamoDB key attribute's value, marshalled (`{ S: 'x' }`) or not. */
function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object') {
    const v = value as { S?: string; N?: string };
    return v.S ?? v.N;
  }
  return undefined;
}

function leadingKey(item: unknown): Record<string, string[]> {
  const key = scalar((item as Input | undefined)?.[PARTITION_KEY]);
  return key === undefined ? {} : { 'dynamodb:LeadingKeys': [key] };
}

function dynamoRequests(operation: string, input: Input): Request[] {
  const table = (name: unknown) => tableArn(String(name));
  const item = (action: string, body: Input): Request => ({
    action: `dynamodb:${action}`,
    resource: table(body.TableName),
    context: leadingKey(body.Key ?? body.Item),
  });
  switch (operation) {
    case 'TransactWriteItems':
      // IAM authorizes a transaction item by item, each as its single-item action.
      return ((input.TransactItems ?? []) as Input[]).flatMap((t) => {
        if (t.Put) return [item('PutItem', t.Put as Input)];
        if (t.Update) return [item('UpdateItem', t.Update as Input)];
        if (t.Delete) return [item('DeleteItem', t.Delete as Input)];
        if (t.ConditionCheck) return [item('ConditionCheckItem', t.ConditionCheck as Input)];
        return [];
      });
    case 'TransactGetItems':
      return ((input.TransactItems ?? []) as Input[]).flatMap((t) =>
        t.Get ? [item('GetItem', t.Get as Input)] : [],
      );
    case 'BatchGetItem':
    case 'BatchWriteItem':
      return Object.keys((input.RequestItems ?? {}) as Input).map((name) => ({
        action: `dynamodb:${operation}`,
        resource: table(name),
      }));
    case 'GetItem':
    case 'PutItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return [item(operation, input)];
    case 'Query':
    case 'Scan':
      return [
        {
          action: `dynamodb:${operation}`,
          resource:
            input.IndexName === undefined
              ? table(input.TableName)
              : `${table(input.TableName)}/index/${String(input.IndexName)}`,
        },
      ];
    default:
      return [
        {
          action: `dynamodb:${operation}`,
          resource: input.TableName === undefined ? '*' : table(input.TableName),
        },
      ];
  }
}

/** `…/<account>/<name>` → the queue's ARN; the local emulator's host does not matter. */
function queueArnOfUrl(url: unknown): string {
  const parts = new URL(String(url)).pathname.split('/').filter(Boolean);
  const name = parts.at(-1) ?? '';
  const account = parts.at(-2) ?? LOCAL_ACCOUNT;
  return `arn:aws:sqs:${LOCAL_REGION}:${account}:${name}`;
}

function s3Requests(operation: string, input: Input): Request[] {
  const bucket = `arn:aws:s3:::${String(input.Bucket ?? LOCAL_BUCKET)}`;
  switch (operation) {
    case 'GetObject':
    case 'PutObject':
    case 'DeleteObject':
      return [{ action: `s3:${operation}`, resource: `${bucket}/${String(input.Key)}` }];
    case 'ListObjectVersions':
      return [
        {
          action: 's3:ListBucketVersions',
          resource: bucket,
          context: input.Prefix === undefined ? {} : { 's3:prefix': String(input.Prefix) },
        },
      ];
    case 'ListObjectsV2':
    case 'ListObjects':
      return [
        {
          action: 's3:ListBucket',
          resource: bucket,
          context: input.Prefix === undefined ? {} : { 's3:prefix': String(input.Prefix) },
        },
      ];
    case 'DeleteObjects': {
      // S3 authorizes each object of a multi-object delete as its own delete.
      const objects = ((input.Delete as Input | undefined)?.Objects ?? []) as Input[];
      return objects.map((o) => ({
        action: o.VersionId === undefined ? 's3:DeleteObject' : 's3:DeleteObjectVersion',
        resource: `${bucket}/${String(o.Key)}`,
      }));
    }
    default:
      return [{ action: `s3:${operation}`, resource: bucket }];
  }
}

/** The batch actions IAM authorizes as their single-message action. */
const SQS_BATCH: Record<string, string> = {
  SendMessageBatch: 'SendMessage',
  DeleteMessageBatch: 'DeleteMessage',
  ChangeMessageVisibilityBatch: 'ChangeMessageVisibility',
};

/**
 * The IAM requests an SDK command makes: its action(s), resource ARN(s) and the condition keys
 * the grants use. `clientName` and `commandName` as the SDK's middleware context names them
 * (`DynamoDBClient`, `TransactWriteItemsCommand`).
 */
export function requestsOf(clientName: string, commandName: string, input: Input): Request[] {
  const operation = commandName.replace(/Command$/, '');
  switch (clientName) {
    case 'DynamoDBClient':
      return dynamoRequests(operation, input);
    case 'SQSClient': {
      const action = `sqs:${SQS_BATCH[operation] ?? operation}`;
      return [
        {
          action,
          resource:
            input.QueueUrl === undefined
              ? queueArn(String(input.QueueName ?? '*'))
              : queueArnOfUrl(input.QueueUrl),
        },
      ];
    }
    case 'S3Client':
      return s3Requests(operation, input);
    case 'SESv2Client':
    case 'SESClient': {
      const from = String(input.FromEmailAddress ?? input.Source ?? LOCAL_EMAIL_FROM);
      return [
        {
          action: `ses:${operation}`,
          resource: sesIdentity(from),
          context: { 'ses:FromAddress': from },
        },
      ];
    }
    case 'SNSClient':
      return [
        {
          action: `sns:${operation}`,
          // SMS to a phone number names no topic: IAM evaluates it against `*`.
          resource: String(input.TopicArn ?? input.TargetArn ?? '*'),
        },
      ];
    case 'SecretsManagerClient': {
      const id = String(input.SecretId ?? '');
      return [
        {
          action: `secretsmanager:${operation}`,
          resource: id.startsWith('arn:') ? id : secretArn(id),
        },
      ];
    }
    default:
      return [
        {
          action: `${clientName.replace(/Client$/, '').toLowerCase()}:${operation}`,
          resource: '*',
        },
      ];
  }
}

/**
 * Checks one command as the calling function, if any. SES authorizes a send against either of two
 * identities (the sender address, or its domain when the address is not verified itself): one
 * that allows is enough.
 */
export function checkCommand(clientName: string, commandName: string, input: Input): void {
  const current = caller.getStore();
  if (current === undefined) return;
  const requests = requestsOf(clientName, commandName, input);
  const alternatives = (clientName === 'SESv2Client' || clientName === 'SESClient') && requests[0];
  if (alternatives) {
    const from = String(alternatives.context?.['ses:FromAddress'] ?? '');
    const domain = {
      ...alternatives,
      resource: sesIdentity(from.slice(from.lastIndexOf('@') + 1)),
    };
    if (allows(current.statements, domain)) return;
  }
  authorize(current.name, current.statements, requests);
}

/** What functions/adapters/local-grants.ts finds on globalThis: see `LocalGrants` there. */
interface Hook {
  guard(client: { middlewareStack: unknown }): void;
  check(clientName: string, commandName: string, input: Input): void;
}

interface Stack {
  add(middleware: unknown, options: object): void;
}

type Next = (args: { input: Input }) => Promise<unknown>;

/** Installs the hook; the local runtime calls it before loading any handler. */
export function installGrantEnforcement(): void {
  const hook: Hook = {
    guard(client) {
      (client.middlewareStack as Stack).add(
        (next: Next, context: { clientName?: string; commandName?: string }) =>
          async (args: { input: Input }) => {
            checkCommand(context.clientName ?? '', context.commandName ?? '', args.input);
            return next(args);
          },
        // Before retries and signing, as IAM refuses before the request does anything.
        { step: 'initialize', name: 'localGrantsMiddleware', priority: 'high' },
      );
    },
    check: checkCommand,
  };
  (globalThis as Record<symbol, unknown>)[HOOK] = hook;
}

/** Whether enforcement is on: always, unless `LOCAL_GRANTS=off` asks otherwise for debugging. */
export function grantsEnforced(env: Record<string, string | undefined> = process.env): boolean {
  const value = env[GRANTS_ENV];
  if (value === undefined || value === '' || value === 'enforce') return true;
  if (value === 'off') return false;
  throw new StartupError(`${GRANTS_ENV} must be "enforce" (the default) or "off", not "${value}".`);
}
