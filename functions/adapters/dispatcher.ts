/** Sends "case routed to you" messages to the unit queues. */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { CaseRoutedMessage } from '#contracts/cases.ts';
import type { Dispatcher } from '#core/ports.ts';
import { sqs } from './aws.ts';
import { queueUrls } from './config.ts';

export function sqsDispatcher(urls: Record<string, string> = queueUrls()): Dispatcher {
  return {
    async send(unit, caseNumber) {
      const url = urls[unit];
      if (!url) throw new Error(`no queue URL for unit ${unit}`);
      const message: CaseRoutedMessage = { v: 1, type: 'case.routed', caseNumber, unit };
      await sqs().send(
        new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify(message) }),
      );
    },
  };
}
