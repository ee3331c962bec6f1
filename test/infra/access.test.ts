/**
 * Notifications and attachments as the manifest's `access` asks for them, with a sender and unit
 * addresses configured, built from a test manifest served by a fixture handler (no function of
 * the real manifest uses attachments yet).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTACHMENTS_BUCKET_ENV, type FunctionSpec } from '#functions/manifest.ts';
import {
  actionsOf,
  arnOf,
  cleanUp,
  environmentOf,
  fakeFunction,
  logicalId,
  resourcesAllowing,
  type Synthesized,
  statementsOfFunction,
  synthesizeManifest,
} from './synth.ts';

const http = (path: string) => ({ kind: 'http', method: 'POST', path, auth: 'public' }) as const;

const testManifest: FunctionSpec[] = [
  fakeFunction({
    name: 'notifier',
    trigger: http('/api/notify'),
    // Delivers notifications, as send-notification does (issue 14): SES and SNS are its grants.
    access: { table: 'none', sendTo: [], deliver: true },
  }),
  fakeFunction({
    name: 'reader',
    trigger: http('/api/read'),
    access: { table: 'none', sendTo: [], attachments: 'read' },
  }),
  fakeFunction({
    name: 'writer',
    trigger: http('/api/write'),
    access: { table: 'none', sendTo: [], attachments: 'readWrite' },
  }),
  fakeFunction({ name: 'quiet', trigger: http('/api/quiet') }),
];

const SENDER = 'noreply@si-disputes.example.gov.cn';
const UNIT_EMAILS = { tax: 'tax@example.gov.cn', office: 'office@example.gov.cn' };

let synthesized: Synthesized;

beforeAll(() => {
  synthesized = synthesizeManifest(testManifest, {
    // As `cdk synth -c notifyEmailFrom=… -c unitEmails='{…}'` gives them: strings.
    context: { notifyEmailFrom: SENDER, unitEmails: JSON.stringify(UNIT_EMAILS) },
  });
});
afterAll(cleanUp);

/** That the roles of the functions `names` may take no action of the services `services`. */
function expectNoGrantOn(names: string[], services: string[]): void {
  for (const name of names) {
    const actions = actionsOf(statementsOfFunction(synthesized, name));
    const granted = actions.filter((a) => services.some((service) => a.startsWith(`${service}:`)));
    expect(granted, name).toEqual([]);
  }
}

/** `arn:<partition>:ses:<region>:<account>:identity/<name>`, as formatArn renders it. */
function sesIdentity(name: string) {
  return {
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        ':ses:',
        { Ref: 'AWS::Region' },
        ':',
        { Ref: 'AWS::AccountId' },
        `:identity/${name}`,
      ],
    ],
  };
}

describe('a function that delivers notifications', () => {
  it('is told to use SES and SNS, the sender and the units’ addresses', () => {
    const env = environmentOf(synthesized, 'notifier');
    expect(env).toMatchObject({
      NOTIFY_EMAIL: 'ses',
      NOTIFY_SMS: 'sns',
      NOTIFY_EMAIL_FROM: SENDER,
    });
    expect(JSON.parse(String(env.UNIT_EMAILS))).toEqual(UNIT_EMAILS);
  });

  it('may send e-mail as the configured sender only, through its address or domain identity', () => {
    const ses = statementsOfFunction(synthesized, 'notifier').filter((s) =>
      actionsOf([s]).includes('ses:SendEmail'),
    );
    expect(ses).toHaveLength(1);
    expect(ses[0]).toMatchObject({
      Effect: 'Allow',
      Action: 'ses:SendEmail',
      Resource: [sesIdentity(SENDER), sesIdentity('si-disputes.example.gov.cn')],
      Condition: { StringEquals: { 'ses:FromAddress': SENDER } },
    });
  });

  it('may publish SMS, which has no resource ARN to name', () => {
    expect(resourcesAllowing(statementsOfFunction(synthesized, 'notifier'), 'sns:Publish')).toEqual(
      ['"*"'],
    );
  });
});

describe('a function that does not deliver notifications', () => {
  it('gets the no-op notifier, no addresses and no SES or SNS permission', () => {
    for (const name of ['reader', 'writer', 'quiet']) {
      const env = environmentOf(synthesized, name);
      expect(env.NOTIFIER, name).toBe('none');
      expect(env.NOTIFY_EMAIL_FROM, name).toBeUndefined();
      expect(env.UNIT_EMAILS, name).toBeUndefined();
    }
    expectNoGrantOn(['reader', 'writer', 'quiet'], ['ses', 'sns']);
  });
});

describe('attachments access', () => {
  const bucketId = () => logicalId(synthesized.stack.attachments.bucket);
  const keyId = () => logicalId(synthesized.stack.attachments.key);
  const bucketObjects = () =>
    JSON.stringify({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId(), 'Arn'] }, '/*']] });

  it('names the bucket to the functions that use it, and to no other', () => {
    for (const name of ['reader', 'writer']) {
      expect(environmentOf(synthesized, name)[ATTACHMENTS_BUCKET_ENV], name).toEqual({
        Ref: bucketId(),
      });
    }
    for (const name of ['notifier', 'quiet']) {
      expect(environmentOf(synthesized, name)[ATTACHMENTS_BUCKET_ENV], name).toBeUndefined();
    }
  });

  it('lets `read` get objects and decrypt them: nothing to list, put or delete', () => {
    const statements = statementsOfFunction(synthesized, 'reader');
    expect(resourcesAllowing(statements, 's3:GetObject')).toEqual([bucketObjects()]);
    expect(resourcesAllowing(statements, 'kms:Decrypt')).toEqual([arnOf(keyId())]);
    const s3AndKms = actionsOf(statements).filter(
      (a) => a.startsWith('s3:') || a.startsWith('kms:'),
    );
    expect(s3AndKms.sort()).toEqual(['kms:Decrypt', 's3:GetObject']);
  });

  it('lets `readWrite` also put objects, encrypting them under the key, and no more', () => {
    const statements = statementsOfFunction(synthesized, 'writer');
    expect(resourcesAllowing(statements, 's3:GetObject')).toEqual([bucketObjects()]);
    expect(resourcesAllowing(statements, 's3:PutObject')).toEqual([bucketObjects()]);
    expect(resourcesAllowing(statements, 'kms:GenerateDataKey')).toEqual([arnOf(keyId())]);
    const s3AndKms = actionsOf(statements).filter(
      (a) => a.startsWith('s3:') || a.startsWith('kms:'),
    );
    expect(s3AndKms.sort()).toEqual([
      'kms:Decrypt',
      'kms:GenerateDataKey',
      's3:GetObject',
      's3:PutObject',
    ]);
  });

  it('gives functions without `attachments` no S3 or KMS permission', () => {
    expectNoGrantOn(['notifier', 'quiet'], ['s3', 'kms']);
  });
});

describe('the template with a sender configured', () => {
  it('names no partition literally, the SES identity included', () => {
    expect(JSON.stringify(synthesized.template.toJSON())).not.toContain('arn:aws:');
  });
});
