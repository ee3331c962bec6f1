/**
 * The notifications queue in the stack (issue 14): its dead-letter queue and alarm, the consumer's
 * event source, and which transport's settings and permissions send-notification gets. A short
 * manifest (one function that notifies, the consumer) with a stand-in handler.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  actionsOf,
  cleanUp,
  functionOf,
  logicalId,
  standIn,
  statementsOf,
  synthesizeManifest,
  type TemplateJson,
} from './synth.ts';

afterAll(cleanUp);

const producer = standIn('payer-survey');
const consumer = standIn('send-notification');

const SMTP_SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:si/smtp-AbC123';
const SMS_SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:si/sms-AbC123';

function build(context: Record<string, unknown> = {}) {
  const result = synthesizeManifest([producer, consumer], { context });
  const template = result.template.toJSON() as TemplateJson;
  const fnOf = (name: string) => functionOf(result, name);
  const envOf = (name: string) => {
    const props = template.Resources[logicalId(fnOf(name))]?.Properties as
      | { Environment: { Variables: Record<string, unknown> } }
      | undefined;
    return props?.Environment.Variables ?? {};
  };
  const notifications = result.stack.notifications;
  if (notifications === undefined) throw new Error('no notifications queue');
  /** The IAM actions the function's role holds. */
  const roleActions = (name: string) => {
    const role = result.stack.functions.get(name)?.role;
    if (role === undefined) throw new Error(`no role of ${name}`);
    return actionsOf(statementsOf(result.template, logicalId(role)));
  };
  return { result, template, envOf, fnOf, notifications, roleActions };
}

const ref = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });

describe('the notifications queue', () => {
  const { result, template, envOf, fnOf, notifications, roleActions } = build();
  const queueId = logicalId(notifications.queue);
  const dlqId = logicalId(notifications.deadLetterQueue);

  it('is a queue with its dead-letter queue, tuned as the unit queues are', () => {
    expect(template.Resources[queueId]?.Properties).toMatchObject({
      QueueName: 'si-disputes-dev-notifications',
      VisibilityTimeout: 60,
      RedrivePolicy: { deadLetterTargetArn: ref(dlqId), maxReceiveCount: 5 },
    });
    expect(template.Resources[dlqId]?.Properties).toMatchObject({
      QueueName: 'si-disputes-dev-notifications-dlq',
      MessageRetentionPeriod: 14 * 86_400,
    });
  });

  it('alarms on the first message in its dead-letter queue', () => {
    const alarm = Object.values(template.Resources).find(
      (r) =>
        r.Type === 'AWS::CloudWatch::Alarm' &&
        (r.Properties as { AlarmName?: string }).AlarmName ===
          'si-disputes-dev-notifications-dlq-messages',
    )?.Properties as Record<string, unknown> | undefined;
    expect(alarm).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      AlarmActions: [{ Ref: logicalId(result.stack.alarms.topic) }],
    });
    expect(String(alarm?.AlarmDescription)).toContain('notification not sent');
  });

  it('triggers send-notification with partial batch failures', () => {
    const mappings = Object.values(template.Resources).filter(
      (r) => r.Type === 'AWS::Lambda::EventSourceMapping',
    );
    expect(mappings.map((m) => m.Properties)).toEqual([
      expect.objectContaining({
        EventSourceArn: ref(queueId),
        FunctionName: { Ref: logicalId(fnOf('send-notification')) },
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      }),
    ]);
  });

  it('is where a function that notifies sends, with no e-mail or SMS of its own', () => {
    const env = envOf(producer.name);
    expect(env).toMatchObject({ NOTIFIER: 'none' });
    expect(env.NOTIFY_EMAIL).toBeUndefined();
    expect(env.UNIT_EMAILS).toBeUndefined();
    expect(JSON.stringify(env.QUEUE_URLS)).toContain(queueId);
    const actions = roleActions(producer.name);
    expect(actions).toContain('sqs:SendMessage');
    expect(actions.some((a) => a.startsWith('ses:') || a.startsWith('sns:'))).toBe(false);
  });

  it('is delivered by SES and SNS by default, set on the consumer only', () => {
    expect(envOf('send-notification')).toMatchObject({
      NOTIFY_EMAIL: 'ses',
      NOTIFY_SMS: 'sns',
      NOTIFY_EMAIL_FROM: '',
    });
    const actions = roleActions('send-notification');
    expect(actions).toContain('sns:Publish');
    expect(actions).not.toContain('secretsmanager:GetSecretValue');
  });
});

describe('send-notification through an SMTP relay and an HTTP SMS provider', () => {
  const { template, envOf, roleActions } = build({
    emailTransport: 'smtp',
    smtpSecretArn: SMTP_SECRET,
    smsTransport: 'http',
    smsHttpUrl: 'https://sms.example.com/v1/send',
    smsHttpSecretArn: SMS_SECRET,
    unitEmails: '{"tax":"tax@example.cn"}',
  });

  it('is told the transports, the relay’s and provider’s secrets and the addresses', () => {
    expect(envOf('send-notification')).toMatchObject({
      NOTIFY_EMAIL: 'smtp',
      NOTIFY_SMS: 'http',
      SMTP_SECRET_ARN: SMTP_SECRET,
      SMS_HTTP_URL: 'https://sms.example.com/v1/send',
      SMS_HTTP_SECRET_ARN: SMS_SECRET,
      UNIT_EMAILS: JSON.stringify({ tax: 'tax@example.cn' }),
    });
  });

  it('may read those two secrets, and may not send by SES or SNS', () => {
    const actions = roleActions('send-notification');
    expect(actions).toContain('secretsmanager:GetSecretValue');
    expect(actions.some((a) => a.startsWith('ses:') || a.startsWith('sns:'))).toBe(false);
    const text = JSON.stringify(template);
    expect(text).toContain(SMTP_SECRET);
    expect(text).toContain(SMS_SECRET);
  });
});

describe('transport settings', () => {
  it('refuse a transport without what it needs', () => {
    expect(() => build({ emailTransport: 'smtp' })).toThrow(/smtpSecretArn/);
    expect(() => build({ smsTransport: 'http', smsHttpUrl: 'https://sms.example.com' })).toThrow(
      /smsHttpSecretArn/,
    );
    expect(() => build({ smsHttpUrl: 'http://sms.example.com' })).toThrow(/https/);
    expect(() => build({ emailTransport: 'mail' })).toThrow(/emailTransport/);
  });
});
