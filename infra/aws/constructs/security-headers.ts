/**
 * CloudFront's response-headers policy (issue 16, finding 9): the security headers of
 * functions/platform/security-headers.ts, the very values the functions and the local gateway
 * send, on every behaviour of the distribution: the static pages (which have no other way to get
 * them: S3 sends none) and the API, whose answers gain HSTS.
 */
import { Duration } from 'aws-cdk-lib';
import {
  HeadersFrameOption,
  HeadersReferrerPolicy,
  ResponseHeadersPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import type { Construct } from 'constructs';
import {
  CONTENT_SECURITY_POLICY,
  FRAME_OPTIONS,
  HSTS,
  REFERRER_POLICY,
} from '#platform/security-headers.ts';

/** A value of the shared definition as CloudFront's enum; a value CloudFront lacks fails synth. */
function member<T extends string>(values: Record<string, T>, value: string, what: string): T {
  const found = Object.values(values).find((v) => v === value);
  if (found === undefined) throw new Error(`CloudFront has no ${what} "${value}"`);
  return found;
}

/**
 * The policy. `override: false` for the headers a function may set itself: its own value wins,
 * as the staff case page's CSP, which adds the upload origin to `connect-src`
 * (functions/platform/staff-case.ts). HSTS is CloudFront's alone: it ends TLS.
 */
export function securityHeadersPolicy(scope: Construct, id: string): ResponseHeadersPolicy {
  return new ResponseHeadersPolicy(scope, id, {
    comment: 'si-disputes: CSP, nosniff, frame and referrer policy, HSTS (one definition)',
    securityHeadersBehavior: {
      contentSecurityPolicy: { contentSecurityPolicy: CONTENT_SECURITY_POLICY, override: false },
      contentTypeOptions: { override: false },
      frameOptions: {
        frameOption: member(HeadersFrameOption, FRAME_OPTIONS, 'frame option'),
        override: false,
      },
      referrerPolicy: {
        referrerPolicy: member(HeadersReferrerPolicy, REFERRER_POLICY, 'referrer policy'),
        override: false,
      },
      strictTransportSecurity: {
        accessControlMaxAge: Duration.seconds(HSTS.maxAgeSeconds),
        includeSubdomains: HSTS.includeSubdomains,
        override: true,
      },
    },
  });
}
