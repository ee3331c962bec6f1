/**
 * The stack's smaller defects of issue 14, each fixed where the template shows it: the table's
 * deletion protection, the schedules' retries and dead letters, the API's `$default` route (the
 * bundles' charset: bundles.test.ts). One small synth, of stand-in functions, for all of them.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queues } from '#functions/manifest.ts';
import { SCHEDULE_RETRY } from '../../infra/aws/disputes-stack.ts';
import { resourceName } from '../../infra/aws/settings.ts';
import {
  actionsOf,
  cleanUp,
  fakeFunction,
  functionOf,
  logicalId,
  resourcesAllowing,
  type Synthesized,
  statementsOf,
  synthesizeManifest,
} from './synth.ts';

let synthesized: Synthesized;
let template: Template;

const SCHEDULED = ['nightly', 'hourly'];

beforeAll(() => {
  synthesized = synthesizeManifest(
    [
      fakeFunction({ name: 'no-route', trigger: { kind: 'http-default' } }),
      fakeFunction({
        name: 'nightly',
        trigger: { kind: 'schedule', cron: '17 3 * * *', timezone: 'Asia/Shanghai' },
      }),
      fakeFunction({
        name: 'hourly',
        trigger: { kind: 'schedule', cron: '7 * * * *', timezone: 'Asia/Shanghai' },
      }),
    ],
    { queues: queues.slice(0, 1) },
  );
  ({ template } = synthesized);
});
afterAll(cleanUp);

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

function resources(type: string): Resources {
  return template.findResources(type) as Resources;
}

const lambdaIdOf = (name: string): string => logicalId(functionOf(synthesized, name));

describe('the table', () => {
  it('refuses deletion while protected, and keeps point-in-time recovery', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      DeletionProtectionEnabled: true,
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });
});

describe('the schedules', () => {
  it('retry an invocation that failed, then leave it in a dead-letter queue of their own', () => {
    const dlq = synthesized.stack.scheduleDeadLetters;
    if (dlq === undefined) throw new Error('no dead-letter queue for the schedules');
    const schedules = Object.values(resources('AWS::Scheduler::Schedule'));
    expect(schedules).toHaveLength(SCHEDULED.length);
    for (const name of SCHEDULED) {
      const schedule = schedules.find((s) =>
        JSON.stringify(s.Properties.Target).includes(`"${lambdaIdOf(name)}"`),
      );
      expect(schedule?.Properties.Target, name).toMatchObject({
        RetryPolicy: {
          MaximumRetryAttempts: SCHEDULE_RETRY.attempts,
          MaximumEventAgeInSeconds: SCHEDULE_RETRY.maxEventAge.toSeconds(),
        },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(dlq), 'Arn'] } },
      });
      // The role the schedule invokes with may put the failed event in that queue, and only there.
      const roleArn = JSON.stringify(
        (schedule?.Properties.Target as { RoleArn: unknown } | undefined)?.RoleArn,
      );
      const roleId = /"Fn::GetAtt":\["([^"]+)","Arn"\]/.exec(roleArn)?.[1] ?? '';
      const statements = statementsOf(template, roleId);
      expect(actionsOf(statements), name).toContain('sqs:SendMessage');
      expect(resourcesAllowing(statements, 'sqs:SendMessage')).toEqual([
        JSON.stringify({ 'Fn::GetAtt': [logicalId(dlq), 'Arn'] }),
      ]);
    }
    expect(SCHEDULE_RETRY.attempts).toBeGreaterThan(0);
  });

  it('have a dead-letter queue kept 14 days, encrypted, TLS only, alarming on the first message', () => {
    const dlq = synthesized.stack.scheduleDeadLetters;
    if (dlq === undefined) throw new Error('no dead-letter queue for the schedules');
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: resourceName(synthesized.stack.stage, 'schedules-dlq'),
      MessageRetentionPeriod: 14 * 24 * 3600,
      SqsManagedSseEnabled: true,
    });
    const alarms = Object.values(resources('AWS::CloudWatch::Alarm')).filter(
      (a) =>
        a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible' &&
        JSON.stringify(a.Properties.Dimensions).includes(
          JSON.stringify({ 'Fn::GetAtt': [logicalId(dlq), 'QueueName'] }),
        ),
    );
    expect(alarms).toHaveLength(1);
    // As every unit dead-letter queue's alarm: the first message, to the alarms topic, and OK.
    expect(alarms[0]?.Properties).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      AlarmActions: [{ Ref: logicalId(synthesized.stack.alarms.topic) }],
      OKActions: [{ Ref: logicalId(synthesized.stack.alarms.topic) }],
    });
    expect(String(alarms[0]?.Properties.AlarmDescription)).toContain('schedule');
    const policies = Object.values(resources('AWS::SQS::QueuePolicy'));
    const tlsOnly = policies.some(
      (p) =>
        JSON.stringify(p.Properties.Queues).includes(`"${logicalId(dlq)}"`) &&
        JSON.stringify(p.Properties.PolicyDocument).includes('"aws:SecureTransport":"false"'),
    );
    expect(tlsOnly).toBe(true);
  });
});

describe('the HTTP API', () => {
  it('sends whatever no route matches to the $default route’s function, without authorizer', () => {
    const routes = Object.values(resources('AWS::ApiGatewayV2::Route'));
    const fallback = routes.filter((r) => r.Properties.RouteKey === '$default');
    expect(fallback).toHaveLength(1);
    expect(fallback[0]?.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
    const target = JSON.stringify(fallback[0]?.Properties.Target);
    const integrations = resources('AWS::ApiGatewayV2::Integration');
    const integrationId = Object.keys(integrations).find((id) => target.includes(`"${id}"`));
    expect(integrations[integrationId ?? '']?.Properties).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [lambdaIdOf('no-route'), 'Arn'] },
    });
    // API Gateway may invoke the function for any method and path of this API.
    const permissions = Object.values(resources('AWS::Lambda::Permission')).filter(
      (p) =>
        JSON.stringify(p.Properties.FunctionName).includes(`"${lambdaIdOf('no-route')}"`) &&
        p.Properties.Principal === 'apigateway.amazonaws.com',
    );
    expect(permissions).toHaveLength(1);
  });
});
