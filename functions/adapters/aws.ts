/**
 * The AWS SDK clients, built once per process. Endpoints come from the SDK's own settings
 * (`AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL_SQS`): unset in AWS, the emulators' loopback
 * addresses in the local runtime. Same calls either way.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { guarded } from './local-grants.ts';

let documentClient: DynamoDBDocumentClient | undefined;
let sqsClient: SQSClient | undefined;

export function dynamo(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(guarded(new DynamoDBClient({ maxAttempts: 5 })), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documentClient;
}

export function sqs(): SQSClient {
  // The endpoint is given explicitly because the local emulator's queue URLs name a host that
  // does not resolve; requests must go to the endpoint, not to the URL's host.
  sqsClient ??= guarded(
    new SQSClient({
      maxAttempts: 5,
      ...(process.env.AWS_ENDPOINT_URL_SQS ? { endpoint: process.env.AWS_ENDPOINT_URL_SQS } : {}),
    }),
  );
  return sqsClient;
}
