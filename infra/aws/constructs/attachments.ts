import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  type IBucket,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { resourceName } from '../settings.ts';
import { ACCESS_LOG_PREFIXES } from './access-logs.ts';

export interface AttachmentsProps {
  stage: string;
  /** The site's origins (`https://<domain>`), the only ones allowed to upload. */
  siteOrigins: string[];
  /** Where the bucket's server access logs go. */
  logs: IBucket;
}

/** Days a replaced or deleted version of an attachment is kept before S3 removes it. */
export const NONCURRENT_DAYS = 30;

/**
 * Case attachments (payers' evidence, units' documents): a private bucket that browsers reach
 * only through URLs presigned by a function's role, so no bucket policy names a reader.
 *
 * Encrypted with a customer-managed KMS key rather than S3-managed keys: these are personal
 * documents, and a key of our own means every decryption is a logged KMS call tied to the role
 * that made it, access can be cut by disabling the key, and issue 7's KMS requirement is met
 * without re-encrypting objects later. The S3 bucket key keeps the KMS request bill small.
 */
export class Attachments extends Construct {
  readonly bucket: Bucket;
  readonly key: Key;

  constructor(scope: Construct, id: string, { stage, siteOrigins, logs }: AttachmentsProps) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: `si-disputes ${stage}: case attachments`,
      alias: `alias/${resourceName(stage, 'attachments')}`,
      enableKeyRotation: true,
      // Deleting the key would make the retained objects unreadable.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      versioned: true,
      // Attachments are part of the case record, kept as long as the table is.
      removalPolicy: RemovalPolicy.RETAIN,
      // Every presigned GET and PUT, by whom: the record of who read which document.
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: ACCESS_LOG_PREFIXES.attachments,
      lifecycleRules: [
        {
          id: 'retention-backstop',
          // The retention sweep deletes every version of a case's files by its id
          // (docs/decisions.md, "Retention"); this rule catches what it cannot see:
          // a version hidden by a second upload to the same key, delete markers with nothing
          // behind them, and multipart uploads never completed (parts are billed, and hold data).
          // Thirty days is long enough to undo a mistaken overwrite.
          noncurrentVersionExpiration: Duration.days(NONCURRENT_DAYS),
          expiredObjectDeleteMarker: true,
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      cors: [
        {
          // The staff and payer pages upload with a presigned PUT and show with a presigned GET,
          // from the site's own origin and no other.
          allowedOrigins: siteOrigins,
          allowedMethods: [HttpMethods.PUT, HttpMethods.GET],
          allowedHeaders: [
            'content-type',
            'content-length',
            'content-disposition',
            'if-none-match',
          ],
          maxAge: 3600,
        },
      ],
    });
  }
}
