import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueSettings } from '#functions/manifest.ts';
import { resourceName } from '../settings.ts';

export interface UnitQueueProps {
  /** A unit's queue, or the notifications queue: both are tuned by the manifest alike. */
  spec: QueueSettings;
  stage: string;
}

/**
 * A unit's queue and its dead-letter queue (STYLE.md rule 4), named and tuned by the manifest;
 * the `notifications` queue is made the same way (issue 14). Queues are not retained on stack
 * deletion: the table is the record of every case, and reconcile-dispatch re-sends any case whose
 * message was lost (a notification still queued then is lost with its queue, as a courtesy).
 */
export class UnitQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, { spec, stage }: UnitQueueProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetter', {
      queueName: resourceName(stage, spec.deadLetterName),
      // The longest SQS allows: a message that failed five times waits for a person to look.
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.queue = new Queue(this, 'Queue', {
      queueName: resourceName(stage, spec.name),
      visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
      // A dead letter keeps its first enqueue time, so the source must keep messages for less
      // than the dead-letter queue's 14 days or they would expire on arrival.
      retentionPeriod: Duration.days(4),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: spec.maxReceiveCount },
    });
  }
}
