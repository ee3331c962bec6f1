import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/**
 * How long access logs are kept: six months, the minimum the Cybersecurity Law (网络安全法 art. 21)
 * sets for network logs. They hold viewers' IP addresses, so not longer either.
 */
export const ACCESS_LOG_DAYS = 180;

/** Where each kind of access log goes in the bucket. */
export const ACCESS_LOG_PREFIXES = {
  site: 's3/site/',
  attachments: 's3/attachments/',
  cloudfront: 'cloudfront/',
} as const;

/**
 * Who asked for what: S3 server access logs of the site and attachments buckets, CloudFront's
 * standard logs, in one private bucket; the HTTP API's access log in a log group.
 *
 * The bucket is encrypted with S3-managed keys, not KMS: S3 server access logging delivers only
 * to SSE-S3 buckets. CloudFront's standard logging writes through the bucket ACL, so object
 * ownership is "bucket owner preferred" (ACLs enabled, the bucket owner still owns what CloudFront
 * writes); public access stays blocked. The bucket is kept when the stack is deleted: these logs
 * are the record of who read personal data, and the lifecycle rule deletes them on time anyway.
 * A log bucket is not itself logged (that would log its own log deliveries).
 */
export class AccessLogs extends Construct {
  readonly bucket: Bucket;
  readonly api: LogGroup;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(ACCESS_LOG_DAYS) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.api = new LogGroup(this, 'Api', {
      retention: RetentionDays.SIX_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}

/**
 * One JSON line per API request. The route key is the template (`GET /api/cases/{caseNumber}`),
 * not the path, so case numbers and query strings stay out; the caller's IP and, on staff routes,
 * the token's subject say who it was.
 */
export const API_ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  time: '$context.requestTimeEpoch',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  route: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  latency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  staff: '$context.authorizer.claims.sub',
});
