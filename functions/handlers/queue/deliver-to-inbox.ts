/** Unit queues → the unit's inbox. One record at a time; failures are reported per record. */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { caseDeps } from '#adapters/case-deps.ts';
import { CaseRoutedMessageSchema } from '#contracts/cases.ts';
import { deliverToInbox } from '#core/intake.ts';
import { isUnitId } from '#core/units.ts';
import { functionLogger } from '#platform/logger.ts';

const processor = new BatchProcessor(EventType.SQS);
const logger = functionLogger();
const deps = caseDeps();

async function record(message: SQSRecord): Promise<void> {
  const parsed = CaseRoutedMessageSchema.safeParse(JSON.parse(message.body));
  // A malformed message can never succeed: fail it so that it reaches the dead-letter queue.
  if (!parsed.success || !isUnitId(parsed.data.unit)) {
    throw new Error(`malformed message ${message.messageId}`);
  }
  const { caseNumber, unit } = parsed.data;
  const outcome = await deliverToInbox(caseNumber, unit, deps);
  logger.info('delivery', { caseNumber, unit, outcome, messageId: message.messageId });
}

export const handler = middy((event: SQSEvent, context: Context) =>
  processPartialResponse(event, record, processor, { context }),
).use(injectLambdaContext(logger, { resetKeys: true }));
