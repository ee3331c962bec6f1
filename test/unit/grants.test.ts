/**
 * The grants of functions/grants.ts (what the stack attaches) and the local runtime's reading of
 * SDK commands as IAM requests (infra/local/grants.ts), which together decide what a function may
 * do on this machine as in AWS.
 */
import { describe, expect, it } from 'vitest';
import { UNIT_IDS } from '#core/units.ts';
import { allows, grantStatements, type ResourceNames } from '#functions/grants.ts';
import { functions } from '#functions/manifest.ts';
import {
  AccessDeniedException,
  authorize,
  checkCommand,
  grantsEnforced,
  localStatements,
  requestsOf,
  runAs,
} from '#local/grants.ts';

const TABLE = 'arn:aws:dynamodb:us-east-1:000000000000:table/si-disputes';
const names: ResourceNames = {
  table: 'TABLE',
  tableKey: 'TABLE_KEY',
  queues: { tax: 'Q_TAX', office: 'Q_OFFICE', notifications: 'Q_NOTIFY' },
  deadLetters: { tax: 'DLQ_TAX', office: 'DLQ_OFFICE', notifications: 'DLQ_NOTIFY' },
  bucket: 'BUCKET',
  bucketKey: 'BUCKET_KEY',
  emailFrom: 'noreply@example.gov.cn',
  sesIdentity: (name) => `SES/${name}`,
  secrets: ['SECRET_A', 'SECRET_B'],
};

const specOf = (name: string) => {
  const spec = functions.find((f) => f.name === name);
  if (!spec) throw new Error(`no function ${name}`);
  return spec;
};

describe('grantStatements', () => {
  it('grants a table reader CDK’s read actions on the table and its indexes, and decrypting', () => {
    const statements = grantStatements({ table: 'read', sendTo: [] }, names);
    expect(statements).toEqual([
      {
        effect: 'Allow',
        actions: [
          'dynamodb:BatchGetItem',
          'dynamodb:Query',
          'dynamodb:GetItem',
          'dynamodb:Scan',
          'dynamodb:ConditionCheckItem',
          'dynamodb:DescribeTable',
        ],
        resources: ['TABLE', 'TABLE/index/*'],
      },
      {
        effect: 'Allow',
        actions: ['dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
        resources: ['TABLE', 'TABLE/index/*'],
      },
      { effect: 'Allow', actions: ['kms:Decrypt', 'kms:DescribeKey'], resources: ['TABLE_KEY'] },
    ]);
  });

  it('adds the write actions and the key’s write families for readWrite', () => {
    const [data, , key] = grantStatements({ table: 'readWrite', sendTo: [] }, names);
    expect(data?.actions).toEqual(
      expect.arrayContaining([
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:BatchWriteItem',
      ]),
    );
    expect(key?.actions).toEqual([
      'kms:Decrypt',
      'kms:DescribeKey',
      'kms:Encrypt',
      'kms:ReEncrypt*',
      'kms:GenerateDataKey*',
    ]);
  });

  it('lets `counters` update rate-limit items only, by their leading key', () => {
    const statements = grantStatements({ table: 'read', counters: true, sendTo: [] }, names);
    expect(statements.slice(-2)).toEqual([
      {
        effect: 'Allow',
        actions: ['dynamodb:UpdateItem'],
        resources: ['TABLE'],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['RATE#*'] } },
      },
      {
        effect: 'Allow',
        actions: ['kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
        resources: ['TABLE_KEY'],
      },
    ]);
    const update = (key: string) => ({
      action: 'dynamodb:UpdateItem',
      resource: 'TABLE',
      context: { 'dynamodb:LeadingKeys': [key] },
    });
    expect(allows(statements, update('RATE#code#2026-000001'))).toBe(true);
    expect(allows(statements, update('CASE#2026-000001'))).toBe(false);
    expect(allows(statements, { ...update('RATE#x'), action: 'dynamodb:PutItem' })).toBe(false);
  });

  it('lets a staff page with no table access read when an account’s sessions ended, and nothing else', () => {
    const statements = grantStatements({ table: 'none', sendTo: [], session: true }, names);
    expect(statements).toEqual([
      {
        effect: 'Allow',
        actions: ['secretsmanager:GetSecretValue'],
        resources: ['SECRET_A', 'SECRET_B'],
      },
      {
        effect: 'Allow',
        actions: ['dynamodb:GetItem'],
        resources: ['TABLE'],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['ACCOUNT#*'] } },
      },
      { effect: 'Allow', actions: ['kms:Decrypt'], resources: ['TABLE_KEY'] },
    ]);
    const get = (key: string) => ({
      action: 'dynamodb:GetItem',
      resource: 'TABLE',
      context: { 'dynamodb:LeadingKeys': [key] },
    });
    expect(allows(statements, get('ACCOUNT#tax.staff'))).toBe(true);
    expect(allows(statements, get('CASE#2026-000001'))).toBe(false);
    expect(allows(statements, { ...get('ACCOUNT#tax.staff'), action: 'dynamodb:PutItem' })).toBe(
      false,
    );
    // A page that reads the table already has the read; it gets no second statement.
    const reader = grantStatements({ table: 'read', sendTo: [], session: true }, names);
    expect(reader.filter((st) => st.conditions)).toEqual([]);
  });

  it('names each queue sent to, and nothing for a function that sends to none', () => {
    expect(grantStatements({ table: 'none', sendTo: ['tax'] }, names)).toEqual([
      {
        effect: 'Allow',
        actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
        resources: ['Q_TAX'],
      },
    ]);
    expect(grantStatements({ table: 'none', sendTo: [] }, names)).toEqual([]);
  });

  it('lets a re-drive delete dead letters and a listing only look at them', () => {
    const [redrive] = grantStatements({ table: 'none', sendTo: [], deadLetters: 'redrive' }, names);
    expect(redrive?.actions).toContain('sqs:DeleteMessage');
    expect(redrive?.resources).toEqual(['DLQ_TAX', 'DLQ_OFFICE', 'DLQ_NOTIFY']);
    const [list] = grantStatements({ table: 'none', sendTo: [], deadLetters: 'read' }, names);
    expect(list?.actions).not.toContain('sqs:DeleteMessage');
  });

  it('gives the sweep listing under cases/ and version deletes, and nothing to read', () => {
    const statements = grantStatements({ table: 'none', sendTo: [], attachments: 'delete' }, names);
    expect(statements).toEqual([
      {
        effect: 'Allow',
        actions: ['s3:ListBucketVersions'],
        resources: ['BUCKET'],
        conditions: { StringLike: { 's3:prefix': 'cases/*' } },
      },
      {
        effect: 'Allow',
        actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
        resources: ['BUCKET/cases/*'],
      },
    ]);
  });

  it('lets a notifying function send to the notifications queue, and nothing by SES or SNS', () => {
    expect(grantStatements({ table: 'none', sendTo: [], notify: true }, names)).toEqual([
      {
        effect: 'Allow',
        actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
        resources: ['Q_NOTIFY'],
      },
    ]);
  });

  it('delivers e-mail as the configured sender only, SMS to `*`, or reads the relays’ secrets', () => {
    const delivery = { ...names, snsSms: true };
    const statements = grantStatements({ table: 'none', sendTo: [], deliver: true }, delivery);
    expect(statements).toEqual([
      {
        effect: 'Allow',
        actions: ['ses:SendEmail'],
        resources: ['SES/noreply@example.gov.cn', 'SES/example.gov.cn'],
        conditions: { StringEquals: { 'ses:FromAddress': 'noreply@example.gov.cn' } },
      },
      { effect: 'Allow', actions: ['sns:Publish'], resources: ['*'] },
    ]);
    const { emailFrom: _, ...noSender } = delivery;
    expect(grantStatements({ table: 'none', sendTo: [], deliver: true }, noSender)).toEqual([
      { effect: 'Allow', actions: ['sns:Publish'], resources: ['*'] },
    ]);
    // SMTP and an HTTP SMS provider: their secrets, and neither SES nor SNS.
    const relays = { ...noSender, snsSms: false, deliverySecrets: ['SMTP', 'SMS'] };
    expect(grantStatements({ table: 'none', sendTo: [], deliver: true }, relays)).toEqual([
      { effect: 'Allow', actions: ['secretsmanager:GetSecretValue'], resources: ['SMTP', 'SMS'] },
    ]);
  });
});

describe('requestsOf: an SDK command as IAM sees it', () => {
  it('reads a transaction item by item, each on its table with its leading key', () => {
    const requests = requestsOf('DynamoDBClient', 'TransactWriteItemsCommand', {
      TransactItems: [
        { Put: { TableName: 'si-disputes', Item: { PK: { S: 'CASE#1' } } } },
        { Update: { TableName: 'si-disputes', Key: { PK: 'COUNTER#2026' } } },
        { Delete: { TableName: 'si-disputes', Key: { PK: 'DRAFT#x' } } },
        { ConditionCheck: { TableName: 'si-disputes', Key: { PK: 'CASE#1' } } },
      ],
    });
    expect(requests).toEqual([
      {
        action: 'dynamodb:PutItem',
        resource: TABLE,
        context: { 'dynamodb:LeadingKeys': ['CASE#1'] },
      },
      {
        action: 'dynamodb:UpdateItem',
        resource: TABLE,
        context: { 'dynamodb:LeadingKeys': ['COUNTER#2026'] },
      },
      {
        action: 'dynamodb:DeleteItem',
        resource: TABLE,
        context: { 'dynamodb:LeadingKeys': ['DRAFT#x'] },
      },
      {
        action: 'dynamodb:ConditionCheckItem',
        resource: TABLE,
        context: { 'dynamodb:LeadingKeys': ['CASE#1'] },
      },
    ]);
  });

  it('reads a query on an index as a query of the index’s ARN', () => {
    expect(
      requestsOf('DynamoDBClient', 'QueryCommand', {
        TableName: 'si-disputes',
        IndexName: 'byUnit',
      }),
    ).toEqual([{ action: 'dynamodb:Query', resource: `${TABLE}/index/byUnit` }]);
  });

  it('reads a queue URL as its ARN and a batch as its single-message action', () => {
    const url = 'http://sqs.us-east-1.localhost:9324/000000000000/unit-tax';
    expect(requestsOf('SQSClient', 'SendMessageBatchCommand', { QueueUrl: url })).toEqual([
      { action: 'sqs:SendMessage', resource: 'arn:aws:sqs:us-east-1:000000000000:unit-tax' },
    ]);
  });

  it('reads S3 object calls on the object and a multi-delete object by object', () => {
    expect(requestsOf('S3Client', 'PutObjectCommand', { Bucket: 'b', Key: 'cases/x/1' })).toEqual([
      { action: 's3:PutObject', resource: 'arn:aws:s3:::b/cases/x/1' },
    ]);
    expect(
      requestsOf('S3Client', 'DeleteObjectsCommand', {
        Bucket: 'b',
        Delete: { Objects: [{ Key: 'cases/x/1', VersionId: 'v' }] },
      }),
    ).toEqual([{ action: 's3:DeleteObjectVersion', resource: 'arn:aws:s3:::b/cases/x/1' }]);
  });

  it('reads an SMS publish as a publish on `*`', () => {
    expect(requestsOf('SNSClient', 'PublishCommand', { PhoneNumber: '+8613800000000' })).toEqual([
      { action: 'sns:Publish', resource: '*' },
    ]);
  });
});

describe('the local check', () => {
  it('refuses get-case writing a case item, as AWS would, and lets it count a wrong code', () => {
    const spec = specOf('get-case');
    const statements = localStatements(spec);
    const update = (pk: string) => () =>
      runAs(spec, statements, () =>
        checkCommand('DynamoDBClient', 'UpdateItemCommand', {
          TableName: 'si-disputes',
          Key: { PK: pk, SK: '1' },
        }),
      );
    expect(update('RATE#code#x')).not.toThrow();
    expect(update('CASE#2026-000001')).toThrow(AccessDeniedException);
    try {
      update('CASE#2026-000001')();
    } catch (error) {
      expect(error).toMatchObject({
        name: 'AccessDeniedException',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
      });
      expect((error as Error).message).toBe(
        'User: arn:aws:sts::000000000000:assumed-role/get-case/get-case is not authorized to ' +
          `perform: dynamodb:UpdateItem on resource: ${TABLE} because no identity-based policy ` +
          'allows the dynamodb:UpdateItem action',
      );
    }
  });

  it('lets every staff page and staff API function read when an account’s sessions ended', () => {
    const staff = functions.filter(
      (f) => f.trigger.kind === 'http' && (f.trigger.auth === 'staff' || f.access.session),
    );
    expect(staff.length).toBeGreaterThan(30);
    for (const spec of staff) {
      const request = {
        action: 'dynamodb:GetItem',
        resource: TABLE,
        context: { 'dynamodb:LeadingKeys': ['ACCOUNT#tax.staff'] },
      };
      expect(allows(localStatements(spec), request), spec.name).toBe(true);
    }
  });

  it('checks nothing outside an invocation: the runtime’s own calls', () => {
    expect(() =>
      checkCommand('DynamoDBClient', 'DeleteTableCommand', { TableName: 'si-disputes' }),
    ).not.toThrow();
  });

  it('lets send-notification send e-mail and SMS, and refuses the functions that queue them', () => {
    const send = (name: string) => () => {
      const spec = specOf(name);
      runAs(spec, localStatements(spec), () => {
        checkCommand('SESv2Client', 'SendEmailCommand', {});
        checkCommand('SNSClient', 'PublishCommand', {});
      });
    };
    expect(send('send-notification')).not.toThrow();
    expect(send('create-case')).toThrow(/ses:SendEmail/);
    expect(send('payer-apply-payer-form')).toThrow(/ses:SendEmail/);
    // What create-case may do instead: put the notification on its queue (issue 14).
    const queue = 'arn:aws:sqs:us-east-1:000000000000:notifications';
    const enqueue = (name: string) => () =>
      authorize(name, localStatements(specOf(name)), [
        { action: 'sqs:SendMessage', resource: queue },
      ]);
    expect(enqueue('create-case')).not.toThrow();
    expect(enqueue('payer-apply-payer-form')).toThrow(/sqs:SendMessage/);
  });

  it('gives each payer page what its route touches and no more (issue 15)', () => {
    const table = (name: string, action: string, key: string) => () =>
      authorize(name, localStatements(specOf(name)), [
        {
          action: `dynamodb:${action}`,
          resource: TABLE,
          context: { 'dynamodb:LeadingKeys': [key] },
        },
      ]);
    // The time limits read the settings; nothing under /api/payer/ but a form saves a draft.
    expect(table('payer-time-limits-page', 'GetItem', 'SETTINGS#deadlines')).not.toThrow();
    expect(table('payer-time-limits-page', 'PutItem', 'SETTINGS#deadlines')).toThrow(/PutItem/);
    expect(table('payer-apply-payer-page', 'PutItem', 'DRAFT#x')).toThrow(/PutItem/);
    expect(table('payer-apply-payer-form', 'PutItem', 'DRAFT#x')).not.toThrow();
    // A case page counts wrong codes and changes nothing else; sign-out and a 404 read nothing.
    expect(table('payer-status-page', 'UpdateItem', 'RATE#code#2026-000001')).not.toThrow();
    expect(table('payer-status-page', 'UpdateItem', 'CASE#2026-000001')).toThrow(/UpdateItem/);
    expect(table('payer-sign-out', 'GetItem', 'CASE#2026-000001')).toThrow(/GetItem/);
    expect(table('payer-not-found-page', 'GetItem', 'CASE#2026-000001')).toThrow(/GetItem/);
  });

  it('lets every unit queue be sent to by the functions that route cases', () => {
    const spec = specOf('create-case');
    for (const unit of UNIT_IDS) {
      expect(() =>
        authorize(spec.name, localStatements(spec), [
          {
            action: 'sqs:SendMessage',
            resource: `arn:aws:sqs:us-east-1:000000000000:unit-${unit}`,
          },
        ]),
      ).not.toThrow();
    }
  });

  it('is on unless switched off by name, and refuses a misspelt switch', () => {
    expect(grantsEnforced({})).toBe(true);
    expect(grantsEnforced({ LOCAL_GRANTS: 'off' })).toBe(false);
    expect(() => grantsEnforced({ LOCAL_GRANTS: 'no' })).toThrow(/LOCAL_GRANTS/);
  });
});
