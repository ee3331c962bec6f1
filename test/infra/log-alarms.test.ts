/**
 * The operators' log-line alarms (issue 16): a run of wrong access codes on one case, and a
 * notification that never reached its queue. Each is a metric filter on the log group of every
 * function that can write the line, and one alarm on the metric.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { NOTIFICATION_NOT_QUEUED } from '#adapters/notify-queue.ts';
import { HOLIDAY_SCHEDULE_MISSING } from '#core/calendar.ts';
import { WRONG_CODES_ON_ONE_CASE } from '#core/payer-view.ts';
import { functions } from '#functions/manifest.ts';
import {
  HOLIDAY_SCHEDULE_METRIC,
  NOT_QUEUED_METRIC,
  WRONG_CODES_METRIC,
} from '../../infra/aws/disputes-stack.ts';
import {
  cleanUp,
  logicalId,
  standIn,
  synthesizeDefault,
  synthesizeManifest,
  type TemplateJson,
} from './synth.ts';

afterAll(cleanUp);

describe('alarms on log lines', () => {
  // get-case checks codes and does not notify; payer-survey does both; health does neither.
  const names = ['get-case', 'payer-survey', 'health', 'send-notification'];
  const result = synthesizeManifest(names.map(standIn));
  const template = result.template.toJSON() as TemplateJson;
  const resources = Object.values(template.Resources);
  const filters = resources.filter((r) => r.Type === 'AWS::Logs::MetricFilter');
  const logGroupOf = (name: string) => {
    const fn = result.stack.functions.get(name);
    if (fn === undefined) throw new Error(`no function ${name}`);
    return logicalId(fn.logGroup);
  };
  const filtersOn = (name: string) =>
    filters
      .filter(
        (f) =>
          JSON.stringify((f.Properties as { LogGroupName?: unknown } | undefined)?.LogGroupName) ===
          JSON.stringify({ Ref: logGroupOf(name) }),
      )
      .map((f) => {
        const p = f.Properties as {
          FilterPattern: string;
          MetricTransformations: {
            MetricName: string;
            MetricNamespace: string;
            MetricValue: string;
          }[];
        };
        return { pattern: p.FilterPattern, ...p.MetricTransformations[0] };
      });

  it('counts the wrong-code warning where codes are checked, and the queue failure where notifications are sent', () => {
    expect(filtersOn('get-case')).toEqual([
      {
        pattern: `{ $.message = "${WRONG_CODES_ON_ONE_CASE}" }`,
        MetricName: WRONG_CODES_METRIC,
        MetricNamespace: 'si-disputes/dev',
        MetricValue: '1',
      },
    ]);
    expect(
      filtersOn('payer-survey')
        .map((f) => f.pattern)
        .sort(),
    ).toEqual(
      [
        `{ $.message = "${NOTIFICATION_NOT_QUEUED}" }`,
        `{ $.message = "${WRONG_CODES_ON_ONE_CASE}" }`,
      ].sort(),
    );
    expect(filtersOn('health')).toEqual([]);
    expect(filters).toHaveLength(3);
  });

  it('alarms at the first line in five minutes, to the operators’ topic, and says what to do', () => {
    const alarms = resources
      .filter((r) => r.Type === 'AWS::CloudWatch::Alarm')
      .map((r) => r.Properties as Record<string, unknown>)
      .filter((p) => p.Namespace === 'si-disputes/dev');
    expect(alarms.map((a) => a.MetricName).sort()).toEqual(
      [NOT_QUEUED_METRIC, WRONG_CODES_METRIC].sort(),
    );
    for (const alarm of alarms) {
      expect(alarm).toMatchObject({
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
      expect(alarm.AlarmActions).toEqual([{ Ref: logicalId(result.stack.alarms.topic) }]);
      expect(String(alarm.AlarmDescription)).toMatch(/case/);
    }
  });
});

describe('the manifest', () => {
  it('marks exactly the functions whose handlers log the wrong-code warning', async () => {
    const { readFileSync } = await import('node:fs');
    // A handler logs it through the payer's look-up adapters (payerDeps wires `warn`) or its own.
    const warns = functions
      .filter((f) => /\bwarn:|\bpayerDeps\(/.test(readFileSync(f.entry, 'utf8')))
      .map((f) => f.name);
    const marked = functions.filter((f) => f.checksAccessCodes === true).map((f) => f.name);
    expect(marked.sort()).toEqual(warns.sort());
    expect(marked).toContain('get-case');
  });
});

describe('the alarm on a missing holiday schedule', () => {
  it('counts the supervision sweep’s daily line and alarms on it, saying how to enter the year', () => {
    // The deployed app: the sweep needs every unit's queue.
    const deployed = synthesizeDefault();
    const resources = Object.values((deployed.template.toJSON() as TemplateJson).Resources);
    const sweepLog = deployed.stack.functions.get('supervision-sweep')?.logGroup;
    if (sweepLog === undefined) throw new Error('no supervision sweep');
    const filters = resources
      .filter((r) => r.Type === 'AWS::Logs::MetricFilter')
      .map(
        (r) =>
          r.Properties as {
            LogGroupName: unknown;
            FilterPattern: string;
            MetricTransformations: unknown[];
          },
      )
      .filter(
        (f) => JSON.stringify(f.LogGroupName) === JSON.stringify({ Ref: logicalId(sweepLog) }),
      );
    // The sweep also notifies: its log has the queue failure's filter beside this one.
    expect(filters.map((f) => f.FilterPattern).sort()).toEqual(
      [
        `{ $.message = "${HOLIDAY_SCHEDULE_MISSING}" }`,
        `{ $.message = "${NOTIFICATION_NOT_QUEUED}" }`,
      ].sort(),
    );
    const holiday = filters.find((f) => f.FilterPattern.includes(HOLIDAY_SCHEDULE_MISSING));
    expect(holiday?.MetricTransformations).toEqual([
      expect.objectContaining({ MetricName: HOLIDAY_SCHEDULE_METRIC }),
    ]);
    const alarm = resources
      .filter((r) => r.Type === 'AWS::CloudWatch::Alarm')
      .map((r) => r.Properties as Record<string, unknown>)
      .find((p) => p.MetricName === HOLIDAY_SCHEDULE_METRIC);
    expect(alarm).toMatchObject({ Statistic: 'Sum', Threshold: 1 });
    expect(String(alarm?.AlarmDescription)).toContain('npm run admin -- calendar put');
  });
});
