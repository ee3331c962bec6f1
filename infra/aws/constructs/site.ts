import { existsSync } from 'node:fs';
import { Annotations, Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';

/** The object the staff sign-in page fetches as `/config.json`. */
export const SITE_CONFIG_KEY = 'config.json';

export interface SiteProps {
  /** Host name of the HTTP API, the origin of `/api/*`. */
  apiDomain: string;
  /** The built site; when it does not exist, the bucket and distribution are still created. */
  siteDir: string;
  /**
   * Served as `/config.json` with the site (the staff sign-in page reads it); may hold tokens,
   * which the deployment fills in.
   */
  config: Record<string, unknown>;
}

/**
 * Astro writes `cases/index.html` for `/cases/`; the S3 REST origin behind OAC does not resolve
 * directory indexes the way a website endpoint would, so the viewer request is rewritten.
 */
const DIRECTORY_INDEX = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) {
    request.uri = uri + 'index.html';
  } else if (uri.split('/').pop().indexOf('.') === -1) {
    request.uri = uri + '/index.html';
  }
  return request;
}`;

/**
 * The static site: a private bucket read only by CloudFront (Origin Access Control), with
 * `/api/*` sent uncached to the HTTP API. One origin for pages and API means no CORS.
 */
export class Site extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, { apiDomain, siteDir, config }: SiteProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      // Versions let a bad deployment be rolled back; older ones are not worth keeping.
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'si-disputes site and API',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        functionAssociations: [
          {
            eventType: FunctionEventType.VIEWER_REQUEST,
            function: new EdgeFunction(this, 'DirectoryIndex', {
              code: FunctionCode.fromInline(DIRECTORY_INDEX),
              runtime: FunctionRuntime.JS_2_0,
            }),
          },
        ],
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new HttpOrigin(apiDomain, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY }),
          // A redirect would turn a POST into a GET in most clients; refuse plain HTTP instead.
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          // API Gateway routes on its own Host; everything else (Authorization, Idempotency-Key,
          // X-Access-Code, the query) must reach the handler.
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        },
      },
      // No errorResponses: they would apply to /api/* too and replace the API's problem+json
      // 404s with a page.
    });

    // Deploying only what exists keeps `cdk synth` working before `npm run build:site` (CI synths
    // on a fresh checkout); the warning says the site was left as it is.
    // config.json travels in the same deployment: a second one would prune it, or it the site.
    // Every deployment invalidates `/*`, and a changed client id changes the deployment's
    // properties, so CloudFront never serves a stale config.json (the page fetches it no-store).
    if (existsSync(siteDir)) {
      new BucketDeployment(this, 'Deployment', {
        sources: [Source.asset(siteDir), Source.jsonData(SITE_CONFIG_KEY, config)],
        destinationBucket: this.bucket,
        distribution: this.distribution,
        distributionPaths: ['/*'],
        memoryLimit: 512,
      });
    } else {
      Annotations.of(this).addWarningV2(
        'si-disputes:siteNotBuilt',
        `${siteDir} does not exist: the site bucket is created but nothing is uploaded. ` +
          'Run `npm run build:site` before `cdk deploy` (config.json is uploaded with it).',
      );
    }
  }
}
