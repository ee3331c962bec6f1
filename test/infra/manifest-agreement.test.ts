/**
 * Every manifest entry is in the template, wired to its trigger; the stack and the local runtime
 * are both generated from the manifest, so a missing entry here is a deployment that drifted.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functions, notificationQueue, queues } from '#functions/manifest.ts';
import { RUNTIME } from '../../infra/aws/constructs/manifest-function.ts';
import type { DisputesStack } from '../../infra/aws/disputes-stack.ts';
import { scheduleExpression } from '../../infra/aws/schedule.ts';
import { resourceName } from '../../infra/aws/settings.ts';
import { logicalId, synthesizeDefault } from './synth.ts';

let stack: DisputesStack;
let template: Template;

beforeAll(() => {
  // The deployed app, shared with stack.test.ts: the site (built or not) is no part of the manifest.
  ({ stack, template } = synthesizeDefault());
});

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

function resources(type: string): Resources {
  return template.findResources(type) as Resources;
}

function lambdaIdOf(name: string): string {
  const fn = stack.functions.get(name);
  if (fn === undefined) throw new Error(`manifest function ${name} is not in the stack`);
  const id = logicalId(fn.fn);
  expect(template.toJSON().Resources[id]?.Type, name).toBe('AWS::Lambda::Function');
  return id;
}

function queueIdOf(unit: string): string {
  const queue = stack.queues.get(unit as never);
  if (queue === undefined) throw new Error(`unit ${unit} has no queue in the stack`);
  return logicalId(queue.queue);
}

const http = functions.flatMap((spec) =>
  spec.trigger.kind === 'http' ? [{ spec, trigger: spec.trigger }] : [],
);
const consumers = functions.flatMap((spec) =>
  spec.trigger.kind === 'queue' ? [{ spec, trigger: spec.trigger }] : [],
);
const schedules = functions.flatMap((spec) =>
  spec.trigger.kind === 'schedule' ? [{ spec, trigger: spec.trigger }] : [],
);

describe('the template agrees with the manifest', () => {
  it('has a Node.js Lambda for every manifest function, and no other', () => {
    for (const spec of functions) lambdaIdOf(spec.name);
    const node = Object.values(resources('AWS::Lambda::Function')).filter(
      (fn) => fn.Properties.Runtime === RUNTIME.name,
    );
    expect(node).toHaveLength(functions.length);
  });

  it('has a queue and a dead-letter queue for every manifest queue, and no other', () => {
    const names = Object.values(resources('AWS::SQS::Queue')).map((q) => q.Properties.QueueName);
    for (const spec of queues) {
      expect(names).toContain(resourceName(stack.stage, spec.name));
      expect(names).toContain(resourceName(stack.stage, spec.deadLetterName));
    }
    // And the schedules' dead-letter queue, and the notifications queue with its own (issue 14).
    expect(names).toContain(resourceName(stack.stage, 'schedules-dlq'));
    expect(names).toContain(resourceName(stack.stage, notificationQueue.name));
    expect(names).toContain(resourceName(stack.stage, notificationQueue.deadLetterName));
    expect(names).toHaveLength(queues.length * 2 + 1 + 2);
  });

  it('routes every HTTP trigger, by its exact method and path, to its own function', () => {
    const routes = Object.values(resources('AWS::ApiGatewayV2::Route'));
    const integrations = resources('AWS::ApiGatewayV2::Integration');
    for (const { spec, trigger } of http) {
      const routeKey = `${trigger.method} ${trigger.path}`;
      const route = routes.find((r) => r.Properties.RouteKey === routeKey);
      expect(route, routeKey).toBeDefined();
      const target = JSON.stringify(route?.Properties.Target);
      const integrationId = Object.keys(integrations).find((id) => target.includes(`"${id}"`));
      expect(integrationId, routeKey).toBeDefined();
      expect(integrations[integrationId ?? '']?.Properties.IntegrationUri).toEqual({
        'Fn::GetAtt': [lambdaIdOf(spec.name), 'Arn'],
      });
      expect(route?.Properties.AuthorizationType, routeKey).toBe(
        trigger.auth === 'staff' ? 'JWT' : 'NONE',
      );
    }
    // And the `$default` route of the fallback function (issue 14).
    const fallback = functions.filter((spec) => spec.trigger.kind === 'http-default');
    expect(routes.filter((r) => r.Properties.RouteKey === '$default')).toHaveLength(1);
    expect(routes).toHaveLength(http.length + fallback.length);
  });

  it('feeds every listed unit queue to its consumer with the manifest batch size', () => {
    const mappings = Object.values(resources('AWS::Lambda::EventSourceMapping'));
    for (const { spec, trigger } of consumers) {
      for (const unit of trigger.units) {
        const mapping = mappings.find(
          (m) =>
            JSON.stringify(m.Properties.EventSourceArn) ===
            JSON.stringify({ 'Fn::GetAtt': [queueIdOf(unit), 'Arn'] }),
        );
        expect(mapping, `${spec.name} ← ${unit}`).toBeDefined();
        expect(mapping?.Properties).toMatchObject({
          FunctionName: { Ref: lambdaIdOf(spec.name) },
          BatchSize: trigger.batchSize,
          FunctionResponseTypes: ['ReportBatchItemFailures'],
        });
      }
    }
    // And send-notification on the notifications queue (issue 14).
    const notifications = stack.notifications?.queue;
    if (notifications === undefined) throw new Error('no notifications queue');
    const sender = mappings.filter(
      (m) =>
        JSON.stringify(m.Properties.EventSourceArn) ===
        JSON.stringify({ 'Fn::GetAtt': [logicalId(notifications), 'Arn'] }),
    );
    expect(sender.map((m) => m.Properties.FunctionName)).toEqual([
      { Ref: lambdaIdOf('send-notification') },
    ]);
    expect(mappings).toHaveLength(
      consumers.reduce((n, c) => n + c.trigger.units.length, 0) + sender.length,
    );
  });

  it('alarms on every manifest queue’s dead-letter queue and every function’s errors', () => {
    const alarms = Object.values(resources('AWS::CloudWatch::Alarm'));
    const watching = (metric: string, dimension: unknown) =>
      alarms.filter(
        (a) =>
          a.Properties.MetricName === metric &&
          JSON.stringify(a.Properties.Dimensions).includes(JSON.stringify(dimension)),
      );
    for (const spec of queues) {
      const dlq = stack.queues.get(spec.unit)?.deadLetterQueue;
      if (dlq === undefined) throw new Error(`unit ${spec.unit} has no dead-letter queue`);
      const dimension = { 'Fn::GetAtt': [logicalId(dlq), 'QueueName'] };
      expect(watching('ApproximateNumberOfMessagesVisible', dimension), spec.unit).toHaveLength(1);
    }
    for (const spec of functions) {
      const dimension = { Ref: lambdaIdOf(spec.name) };
      expect(watching('Errors', dimension), spec.name).toHaveLength(1);
      expect(watching('Throttles', dimension), spec.name).toHaveLength(1);
    }
    // And the schedules' and the notifications' dead-letter queues (issue 14).
    expect(alarms.filter((a) => a.Properties.Namespace === 'AWS/SQS')).toHaveLength(
      queues.length + 2,
    );
    expect(alarms.filter((a) => a.Properties.MetricName === 'Errors')).toHaveLength(
      functions.length,
    );
  });

  it('fires every schedule at its manifest time, in its time zone, at its function', () => {
    const found = Object.values(resources('AWS::Scheduler::Schedule'));
    for (const { spec, trigger } of schedules) {
      const schedule = found.find((s) =>
        JSON.stringify(s.Properties.Target).includes(`"${lambdaIdOf(spec.name)}"`),
      );
      expect(schedule, spec.name).toBeDefined();
      expect(schedule?.Properties).toMatchObject({
        ScheduleExpression: scheduleExpression(trigger.cron, trigger.timezone).expressionString,
        ScheduleExpressionTimezone: trigger.timezone,
        Target: { Input: JSON.stringify({ schedule: spec.name }) },
      });
    }
    expect(found).toHaveLength(schedules.length);
  });
});
