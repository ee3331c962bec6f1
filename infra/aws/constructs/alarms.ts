import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  type Alarm,
  ComparisonOperator,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, type ILogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { resourceName } from '../settings.ts';

/** Every alarm looks at one five-minute period and fires on the first bad one. */
export const ALARM_PERIOD = Duration.minutes(5);

export interface AlarmsProps {
  stage: string;
  /** Subscribed to the topic by e-mail; without it, subscribe someone by hand after deploying. */
  email: string | undefined;
}

/**
 * The operators' alarms, all sent to one SNS topic: a dead-letter queue that holds a message
 * (a case that could not be delivered to a unit's inbox, a notification that could not be sent),
 * and a function that failed or was throttled. Each alarm also says when it is OK again.
 *
 * The topic is encrypted with a customer-managed key, because CloudWatch cannot publish to a topic
 * under the AWS-managed aws/sns key: its key policy cannot be changed to let CloudWatch use it.
 */
export class Alarms extends Construct {
  readonly topic: Topic;
  readonly key: Key;
  private readonly stage: string;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, { stage, email }: AlarmsProps) {
    super(scope, id);
    this.stage = stage;
    this.key = new Key(this, 'Key', {
      description: `si-disputes ${stage}: alarm notifications`,
      alias: `alias/${resourceName(stage, 'alarms')}`,
      enableKeyRotation: true,
      // Nothing stays encrypted under it once a notification is delivered.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    // As the CloudWatch documentation asks for an encrypted topic as alarm action.
    this.key.grant(
      new ServicePrincipal('cloudwatch.amazonaws.com'),
      'kms:Decrypt',
      'kms:GenerateDataKey*',
    );
    this.topic = new Topic(this, 'Topic', {
      topicName: resourceName(stage, 'alarms'),
      displayName: `si-disputes ${stage} alarms`,
      masterKey: this.key,
      enforceSSL: true,
    });
    if (email !== undefined) this.topic.addSubscription(new EmailSubscription(email));
    this.action = new SnsAction(this.topic);
  }

  /**
   * The notifications dead-letter queue (issue 14): an e-mail or SMS failed five times. The log
   * line of each failure names the case and the reason (never the address or phone).
   */
  watchNotificationDeadLetters(name: string, queue: IQueue): Alarm {
    return this.watchDeadLetterQueue(
      name,
      queue,
      `Dead-letter queue ${name} holds messages: an e-mail or SMS could not be sent five times. ` +
        'The send-notification log ("notification not sent") gives the case number and the ' +
        'reason; fix the transport (SES/SNS sandbox, SMTP relay, SMS provider), then re-drive ' +
        'it from the administrator’s page 未送达的消息.',
    );
  }

  /**
   * Alarms when the dead-letter queue of `name` holds at least one message; `description` says
   * what that means (by default: a unit queue's, a case that did not reach an inbox).
   */
  watchDeadLetterQueue(
    name: string,
    queue: IQueue,
    description = `Dead-letter queue ${name} holds messages: a case was not delivered to a ` +
      "unit's inbox. List and re-drive them with `npm run admin`.",
  ): Alarm {
    return this.alarm(
      `${name}-messages`,
      queue.metricApproximateNumberOfMessagesVisible({
        period: ALARM_PERIOD,
        statistic: 'Maximum',
      }),
      description,
    );
  }

  /**
   * Alarms when function `name` fails, or is throttled, at least once in a period. The alarms are
   * made in the function's stack (a staff page's in the nested stack, under an `Alarms` of its
   * own), so that a stack's resources grow with its own functions only.
   */
  watchFunction(name: string, fn: IFunction): { errors: Alarm; throttles: Alarm } {
    const scope = this.scopeIn(Stack.of(fn));
    return {
      errors: this.alarm(
        `${name}-errors`,
        fn.metricErrors({ period: ALARM_PERIOD, statistic: 'Sum' }),
        `Function ${name} failed (uncaught error or timeout). See its log group.`,
        scope,
      ),
      throttles: this.alarm(
        `${name}-throttles`,
        fn.metricThrottles({ period: ALARM_PERIOD, statistic: 'Sum' }),
        `Function ${name} was throttled: the account's concurrency is exhausted.`,
        scope,
      ),
    };
  }

  /**
   * Counts the log lines whose `message` is exactly `message` (Powertools writes JSON) in the
   * metric `metricName` of this stage's namespace, from `logGroup`. The filter is made beside the
   * log group (a staff page's in the nested stack); the metric is the account's, so one alarm
   * (`alarmOnLogMetric`) covers every function that writes the line.
   */
  countLogMessage(id: string, logGroup: ILogGroup, message: string, metricName: string): void {
    new MetricFilter(this.scopeIn(Stack.of(logGroup)), id, {
      logGroup,
      filterPattern: FilterPattern.stringValue('$.message', '=', message),
      metricNamespace: this.namespace,
      metricName,
      metricValue: '1',
    });
  }

  /** Alarms on a metric that `countLogMessage` fills, at the first line in a period. */
  alarmOnLogMetric(metricName: string, description: string): Alarm {
    return this.alarm(
      metricName,
      new Metric({
        namespace: this.namespace,
        metricName,
        period: ALARM_PERIOD,
        statistic: 'Sum',
      }),
      description,
    );
  }

  private get namespace(): string {
    return `si-disputes/${this.stage}`;
  }

  /** This construct in its own stack; in another, a construct of the same id made there. */
  private scopeIn(stack: Stack): Construct {
    if (stack === Stack.of(this)) return this;
    const found = stack.node.tryFindChild(this.node.id);
    return found instanceof Construct ? found : new Construct(stack, this.node.id);
  }

  private alarm(name: string, metric: Metric, description: string, scope: Construct = this): Alarm {
    const alarm = metric.createAlarm(scope, name, {
      alarmName: resourceName(this.stage, name),
      alarmDescription: description,
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      // No data is no messages, no invocations: nothing wrong.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    return alarm;
  }
}
