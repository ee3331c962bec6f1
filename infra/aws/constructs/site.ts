import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { Annotations, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  type BehaviorOptions,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  type CfnDistribution,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestCookieBehavior,
  OriginRequestHeaderBehavior,
  OriginRequestPolicy,
  OriginRequestQueryStringBehavior,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { AwsCustomResource, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { API_CACHE_KEY_HEADERS, API_ORIGIN_HEADERS } from '#platform/origin-headers.ts';
import { acknowledge, acknowledgeWildcards } from '../nag.ts';
import { type ChinaSiteSettings, isChinaRegion, type SiteDomainSettings } from '../settings.ts';
import { ACCESS_LOG_PREFIXES } from './access-logs.ts';
import { securityHeadersPolicy } from './security-headers.ts';

/**
 * The origin custom header CloudFront adds to every request to the API, with the origin secret
 * as its value; the functions refuse a request without it (functions/adapters/origin-secret.ts,
 * where the name is lower-case as API Gateway hands headers over).
 */
export const ORIGIN_SECRET_HEADER = 'X-Origin-Verify';

/**
 * The distribution's behaviours after the default (the bucket), in the order CloudFront matches
 * them, first match wins: the JSON API and the staff pages, which the functions render (issue 11),
 * go to the HTTP API; the staff entrance `/staff/` (the built `staff/index.html`, a link to sign
 * in) stays in the bucket. `/staff` without the slash matches no pattern here and goes to the
 * bucket too, whose directory index rewrite makes it the entrance.
 */
export const BEHAVIORS = [
  { path: '/api/*', to: 'api' },
  { path: '/staff/', to: 'bucket' },
  { path: '/staff/index.html', to: 'bucket' },
  { path: '/staff/*', to: 'api' },
] as const;

export interface SiteProps {
  /** Host name of the HTTP API, the origin of `/api/*` and the staff pages. */
  apiDomain: string;
  /** The built site; when it does not exist, the bucket and distribution are still created. */
  siteDir: string;
  /** Where the bucket's and the distribution's access logs go. */
  logs: IBucket;
  /** A CLOUDFRONT-scope WAFv2 web ACL (its ARN) in front of pages and API. */
  webAclArn: string | undefined;
  /** The site's own domain and certificate; without it, `*.cloudfront.net`. */
  domain: SiteDomainSettings | undefined;
  /**
   * In the China regions, where it is required: the ICP-recorded domain and the IAM server
   * certificate CloudFront serves it with.
   */
  chinaDomain?: ChinaSiteSettings | undefined;
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
 * `/api/*` and the staff pages (`/staff/*` but the entrance) sent uncached to the HTTP API. One
 * origin for pages and API means no CORS, and the staff session cookie is first-party.
 *
 * In the China regions (a stack whose region is known to be `cn-…`) CloudFront is a separate
 * service. CloudFormation there has no AWS::CloudFront::OriginAccessControl and no
 * AWS::CloudFront::Function (their regional resource schemas lack both), so the bucket is read
 * through an Origin Access Identity, and instead of the directory-index rewrite each directory
 * page is stored a second time under its directory's key (`putDirectoryPages`), which is what
 * CloudFront asks the bucket for on `/apply/`. CloudFront in China serves only an
 * ICP-recorded domain of one's own (`domainName`), never its `*.cloudfront.cn` name, with a
 * certificate from IAM (`iamCertificateId`), not ACM; AWS WAF there is regional only, so no web
 * ACL (Getting Started with Amazon Web Services in China: "Amazon CloudFront", "Amazon WAF";
 * docs/decisions.md, "China, honestly").
 */
export class Site extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /**
   * The value CloudFront sends in `X-Origin-Verify` to the API: a request without it did not come
   * through CloudFront and its WAF, and the functions refuse it (docs/decisions.md).
   */
  readonly originSecret: Secret;
  /** `https://<domain>` for every name the site answers to: its own domain first, if it has one. */
  readonly origins: string[];
  /**
   * The origin the site is known by, `https://<host>`: its own domain when it has one, else
   * CloudFront's. Staff sign-in redirects here, and staff form posts must come from it.
   */
  readonly url: string;

  constructor(scope: Construct, id: string, props: SiteProps) {
    super(scope, id);
    const { apiDomain, siteDir, logs, webAclArn, domain, chinaDomain } = props;
    const region = Stack.of(this).region;
    const china = !Token.isUnresolved(region) && isChinaRegion(region);
    if (china !== (chinaDomain !== undefined)) {
      // settings.ts checkChinaSite says which context to give; this guards other callers.
      throw new Error(
        china
          ? 'CloudFront in the China regions needs "domainName" and "iamCertificateId"'
          : 'Context "domainName" and "iamCertificateId" need a China region (-c region=cn-…)',
      );
    }
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      // Versions let a bad deployment be rolled back; older ones are not worth keeping.
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: ACCESS_LOG_PREFIXES.site,
    });

    // The pages' security headers (issue 16), on every behaviour: S3 sends none of its own. No
    // China guard: CloudFront there documents response-headers policies, and CloudFormation's
    // cn schemas (CDK's template validator) have the type (docs/decisions.md).
    const responseHeadersPolicy = securityHeadersPolicy(this, 'SecurityHeaders');
    const files: BehaviorOptions = {
      origin: china
        ? S3BucketOrigin.withOriginAccessIdentity(this.bucket)
        : S3BucketOrigin.withOriginAccessControl(this.bucket),
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      cachePolicy: CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy,
      functionAssociations: china
        ? undefined
        : [
            {
              eventType: FunctionEventType.VIEWER_REQUEST,
              function: new EdgeFunction(this, 'DirectoryIndex', {
                code: FunctionCode.fromInline(DIRECTORY_INDEX),
                runtime: FunctionRuntime.JS_2_0,
              }),
            },
          ],
    };
    this.originSecret = new Secret(this, 'OriginSecret', {
      description:
        'si-disputes: the X-Origin-Verify value CloudFront sends to the API; the functions ' +
        'refuse requests without it',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      // Nothing to keep: a new stack makes a new distribution with a new value.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    acknowledge(
      this.originSecret,
      'SMG4',
      'Rotated by the procedure in the README (a new value as AWSPENDING, the distribution’s ' +
        'origin header set to it, then AWSCURRENT moved): the functions accept the current, ' +
        'pending and previous values, so a rotation refuses no request. No scheduled rotation ' +
        'function yet: it would have to rewrite the distribution itself',
    );
    const api: BehaviorOptions = {
      origin: new HttpOrigin(apiDomain, {
        protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
        // A dynamic reference, resolved by CloudFormation at deploy time: the value is not in
        // the template. The functions accept the secret's current, pending and previous values.
        customHeaders: { [ORIGIN_SECRET_HEADER]: this.originSecret.secretValue.unsafeUnwrap() },
      }),
      // A redirect would turn a POST into a GET in most clients; refuse plain HTTP instead.
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      responseHeadersPolicy,
      // Every answer is per caller (a case, a session) and says `no-store`; API Gateway's own
      // answers say nothing and default to 0 s. The policy is not CachingDisabled only because
      // CloudFront passes Authorization (the JWT authorizer's) through a cache policy alone, and
      // a policy with a cache key needs a maximum TTL over 0: 1 s, keyed on the token, every
      // cookie and the whole query, so even an answer cached by mistake is never another
      // caller's.
      cachePolicy: new CachePolicy(this, 'ApiCache', {
        comment: 'si-disputes API: not cached; passes Authorization, cookies and query',
        minTtl: Duration.seconds(0),
        defaultTtl: Duration.seconds(0),
        maxTtl: Duration.seconds(1),
        headerBehavior: CacheHeaderBehavior.allowList(...API_CACHE_KEY_HEADERS),
        cookieBehavior: CacheCookieBehavior.all(),
        queryStringBehavior: CacheQueryStringBehavior.all(),
      }),
      // API Gateway routes on its own Host; everything else must reach the handler: the query,
      // Authorization, Idempotency-Key, X-Access-Code, and for the staff pages the session cookie
      // and the Origin header every form post is checked against; and the viewer's address.
      originRequestPolicy: new OriginRequestPolicy(this, 'ApiOriginRequest', {
        comment: 'si-disputes API: the headers the functions read, and the viewer address',
        headerBehavior: OriginRequestHeaderBehavior.allowList(...API_ORIGIN_HEADERS),
        // In the cache key already, and so passed on.
        cookieBehavior: OriginRequestCookieBehavior.none(),
        queryStringBehavior: OriginRequestQueryStringBehavior.none(),
      }),
    };
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'si-disputes site and API',
      defaultRootObject: 'index.html',
      // HTTP/3 is not among what the China regions' CloudFront documents; HTTP/2 is.
      httpVersion: china ? HttpVersion.HTTP2 : HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: ACCESS_LOG_PREFIXES.cloudfront,
      // The staff session cookie is a credential: never in the logs.
      logIncludesCookies: false,
      webAclId: webAclArn,
      ...(domain === undefined
        ? {}
        : {
            domainNames: [domain.name],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }),
      defaultBehavior: files,
      additionalBehaviors: Object.fromEntries(
        BEHAVIORS.map(({ path, to }) => [path, to === 'api' ? api : files]),
      ),
      // No errorResponses: they would apply to /api/* too and replace the API's problem+json
      // 404s with a page.
    });
    if (chinaDomain !== undefined) {
      this.useIamCertificate(chinaDomain);
      // CloudFront China never serves its own `*.cloudfront.cn` name: the domain is the only one.
      this.origins = [`https://${chinaDomain.domainName}`];
      this.url = `https://${chinaDomain.domainName}`;
    } else {
      this.origins = [
        ...(domain === undefined ? [] : [`https://${domain.name}`]),
        `https://${this.distribution.distributionDomainName}`,
      ];
      this.url =
        domain === undefined
          ? `https://${this.distribution.distributionDomainName}`
          : `https://${domain.name}`;
    }
    this.acknowledgeFindings(props, china);

    // Deploying only what exists keeps `cdk synth` working before `npm run build:site` (CI synths
    // on a fresh checkout); the warning says the site was left as it is.
    // Every deployment invalidates `/*`.
    if (existsSync(siteDir)) {
      this.deploy(siteDir, china);
    } else {
      Annotations.of(this).addWarningV2(
        'si-disputes:siteNotBuilt',
        `${siteDir} does not exist: the site bucket is created but nothing is uploaded. ` +
          'Run `npm run build:site` before `cdk deploy`.',
      );
    }
  }

  /**
   * The ICP-recorded domain and its IAM server certificate, on the distribution itself: the L2
   * Distribution takes only ACM certificates (`ICertificate`), which CloudFront in the China
   * regions does not accept, so aliases and viewer certificate are written to the template here.
   */
  private useIamCertificate({ domainName, iamCertificateId }: ChinaSiteSettings): void {
    const cfn = this.distribution.node.defaultChild as CfnDistribution;
    cfn.addPropertyOverride('DistributionConfig.Aliases', [domainName]);
    cfn.addPropertyOverride('DistributionConfig.ViewerCertificate', {
      IamCertificateId: iamCertificateId,
      // SNI: a dedicated-IP certificate costs a monthly fee and serves only very old browsers.
      SslSupportMethod: 'sni-only',
      MinimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
    });
  }

  /**
   * The upload. Its Lambda function is CDK's, shared by every deployment of the stack with this
   * memory size; it gets a role and a log group of ours rather than CDK's default role, whose
   * AWS-managed AWSLambdaBasicExecutionRole may write to every log group of the account.
   */
  private deploy(siteDir: string, china: boolean): void {
    const logs = new LogGroup(this, 'DeploymentLogs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(this, 'DeploymentRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Uploads the built site to its bucket and invalidates the distribution',
    });
    logs.grantWrite(role);
    // Two uploads of one build, with the cache headers the local gateway sends (a parity review
    // found none in AWS): the hashed files under _astro/ kept a year and never pruned, so a page
    // a browser cached before a deploy still finds its files; the pages `no-cache`, pruned, and
    // the distribution invalidated.
    const common = {
      sources: [Source.asset(siteDir)],
      destinationBucket: this.bucket,
      memoryLimit: 512,
      role,
      logGroup: logs,
    };
    const hashed = new BucketDeployment(this, 'Assets', {
      ...common,
      exclude: ['*'],
      include: [`${HASHED_ASSETS}*`],
      prune: false,
      cacheControl: [CacheControl.fromString('public, max-age=31536000, immutable')],
    });
    const deployment = new BucketDeployment(this, 'Deployment', {
      ...common,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      cacheControl: [CacheControl.fromString('no-cache')],
      // The hashed files are the other upload's; the directory pages' own keys (`apply/`, below)
      // are not in it: both kept, not pruned.
      exclude: [`${HASHED_ASSETS}*`, ...(china ? [DIRECTORY_KEYS] : [])],
    });
    deployment.node.addDependency(hashed);
    if (china) {
      for (const put of this.putDirectoryPages(siteDir)) deployment.node.addDependency(put);
    }

    // CDK's grants for the upload, on our role. The sources are assets in the bootstrap bucket,
    // whose name carries the account and region (literal or pseudo-parameters, as the env is).
    const assets = [deployment, hashed].flatMap((d) =>
      d.node.findAll().filter((c): c is Asset => c instanceof Asset),
    );
    const assetObjects = [...new Set(assets.map((a) => a.bucket.arnForObjects('*')))];
    if (assetObjects.length === 0) throw new Error('The site deployment has no asset source');
    const grants =
      'CDK’s BucketDeployment grants: read on the bootstrap assets bucket (the built site) and ' +
      'read-write on the site bucket, which the upload fills, overwrites and prunes; ' +
      'the action families are CDK’s, the resources these two buckets only';
    acknowledgeWildcards(role, [
      ...['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'].map(
        (action) => ({ action, reason: grants }),
      ),
      { resource: this.bucket.arnForObjects('*'), reason: grants },
      ...assetObjects.map((resource) => ({ resource, reason: grants })),
      {
        resource: '*',
        reason:
          'cloudfront:CreateInvalidation and GetInvalidation after each upload, which CDK grants ' +
          'on *; they can drop cached copies, not change the distribution',
      },
    ]);
    // The function itself is CDK's singleton, created at the stack's top level.
    const handler = Stack.of(this)
      .node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'))
      .flatMap((c) => c.node.findAll())
      .find((c) => c instanceof CfnFunction);
    if (handler === undefined) throw new Error('The site deployment has no handler function');
    acknowledge(
      handler,
      'L1',
      'CDK’s own bucket-deployment handler: aws-cdk-lib picks its Python runtime to match the ' +
        'AWS CLI layer it ships with; upgrading aws-cdk-lib upgrades it',
    );
  }

  /**
   * In the China regions, where no CloudFront Function can rewrite `/apply/` to
   * `/apply/index.html`: each directory page is also stored under its directory's own key
   * (`apply/`), which is what CloudFront asks the bucket for. BucketDeployment cannot make such a
   * key (it syncs files, and a file name cannot end in `/`), so one S3 PutObject per page, made by
   * CDK's AwsCustomResource with a role of ours that may put and delete exactly these keys. They
   * run before the upload, whose invalidation of `/*` then covers them too. The root page needs
   * none: the distribution's default root object serves `/`.
   */
  private putDirectoryPages(siteDir: string): AwsCustomResource[] {
    const pages = directoryPages(siteDir);
    if (pages.length === 0) return [];
    const role = new Role(this, 'DirectoryPagesRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Stores each directory page of the site under its directory key (China)',
    });
    const logs = new LogGroup(this, 'DirectoryPagesLogs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    logs.grantWrite(role);
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['s3:PutObject', 's3:DeleteObject'],
        resources: pages.map(({ key }) => this.bucket.arnForObjects(key)),
      }),
    );
    const puts = pages.map(({ key, file }) => {
      const object = { Bucket: this.bucket.bucketName, Key: key };
      // Named by its key, not its place in the list: a page added before it must not move
      // another page's key to this resource, whose clean-up would then delete that key.
      return new AwsCustomResource(this, `DirectoryPage:${key.replaceAll('/', '|')}`, {
        resourceType: 'Custom::DirectoryPage',
        onUpdate: {
          service: 'S3',
          action: 'putObject',
          parameters: {
            ...object,
            Body: readFileSync(file, 'utf8'),
            ContentType: 'text/html; charset=utf-8',
            // A page, as the upload's pages are
            CacheControl: 'no-cache',
          },
          physicalResourceId: PhysicalResourceId.of(key),
        },
        onDelete: { service: 'S3', action: 'deleteObject', parameters: object },
        role,
        logGroup: logs,
        installLatestAwsSdk: false,
      });
    });
    const handler = Stack.of(this)
      .node.children.filter((c) => c.node.id.startsWith('AWS679f53fac002430cb0da5b7982bd2287'))
      .flatMap((c) => c.node.findAll())
      .find((c) => c instanceof CfnFunction);
    if (handler !== undefined) {
      acknowledge(
        handler,
        'L1',
        'CDK’s own AwsCustomResource handler: aws-cdk-lib picks its Node.js runtime; ' +
          'upgrading aws-cdk-lib upgrades it',
      );
    }
    return puts;
  }

  /** The findings this construct keeps on purpose, each with why. */
  private acknowledgeFindings({ webAclArn, domain }: SiteProps, china: boolean): void {
    if (china) {
      acknowledge(
        this.distribution,
        'CFR7',
        'The China regions have no AWS::CloudFront::OriginAccessControl resource type, so the ' +
          'private bucket is read through an Origin Access Identity there instead',
      );
    }
    acknowledge(
      this.distribution,
      'CFR1',
      'No geo restriction: payers reach this public service from wherever they are, abroad ' +
        'included; abuse is met by the API throttle and the WAF rate rule, not by country',
    );
    if (china) {
      acknowledge(
        this.distribution,
        'CFR2',
        'AWS WAF in the China regions is regional only (Getting Started with Amazon Web Services ' +
          'in China, "Amazon WAF"): no web ACL can guard CloudFront there. The API stage ' +
          'throttle, the origin secret and the functions’ per-client limits remain',
      );
    } else if (webAclArn === undefined) {
      acknowledge(
        this.distribution,
        'CFR2',
        'A CLOUDFRONT-scope web ACL must live in us-east-1, and this stack is region-agnostic: ' +
          'deploy the WAF stack (-c waf=true) and pass its ARN as -c wafWebAclArn=… to attach it',
      );
    }
    if (china) {
      acknowledge(
        this.distribution,
        'CFR4',
        'Served on the ICP-recorded domain with its IAM server certificate, sni-only, minimum ' +
          'TLSv1.2_2021: written by property override (useIamCertificate), since the L2 ' +
          'Distribution takes ACM certificates only, and cdk-nag reads the L1 properties, not ' +
          'overrides; test/infra/partition.test.ts asserts the template',
      );
    } else if (domain === undefined) {
      acknowledge(
        this.distribution,
        'CFR4',
        'Served on *.cloudfront.net with CloudFront’s default certificate, whose minimum ' +
          'protocol CloudFront fixes; with -c siteDomain/siteCertificateArn it is TLSv1.2_2021',
      );
    }
  }
}

/** The keys a directory page is stored under in China (`apply/`): every key ending in `/`. */
const DIRECTORY_KEYS = '*/';

/** Where Astro puts the files whose names carry their content's hash. */
const HASHED_ASSETS = '_astro/';

/** Every `<dir>/index.html` of the built site but the root's, with its directory's key. */
function directoryPages(siteDir: string): { key: string; file: string }[] {
  const found: { key: string; file: string }[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === 'index.html' && dir !== siteDir) {
        found.push({ key: `${relative(siteDir, dir).split(sep).join('/')}/`, file: path });
      }
    }
  };
  walk(siteDir);
  return found.sort((a, b) => a.key.localeCompare(b.key));
}
