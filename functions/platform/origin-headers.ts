/**
 * What CloudFront passes to the API of a viewer's request (infra/aws/constructs/site.ts): the
 * origin request policy's headers, the cache key's Authorization, and the cookies. The local
 * gateway passes the same and no more (infra/local/gateway.ts), so that a handler reading any
 * other header works locally and gets nothing in AWS no longer (a parity review, 2026-12-05).
 */
/**
 * What CloudFront passes to the API besides Authorization, the cookies and the query (the cache
 * policy's): exactly the other headers the functions read, and the viewer's address, the one the
 * limits key on (issue 14). Not Host: API Gateway routes on its own. An allow list, because the
 * policies that pass every viewer header cannot add a CloudFront header without also passing
 * Host; CloudFront takes at most 10 headers here, and refuses Authorization in it.
 */
export const API_ORIGIN_HEADERS = [
  'Accept',
  'Content-Type',
  'Idempotency-Key',
  'X-Access-Code',
  'Origin',
  'Referer',
  'Sec-Fetch-Site',
  // API Gateway's access log records it.
  'User-Agent',
  'CloudFront-Viewer-Address',
] as const;

/** The cache key's header, which CloudFront passes on for that reason (the JWT authorizer's). */
export const API_CACHE_KEY_HEADERS = ['Authorization'] as const;

/**
 * The headers an API request reaches its function with (lower case, as API Gateway hands them
 * over): the viewer's that CloudFront passes, and those CloudFront and API Gateway set themselves
 * (the origin's Host, the body's length, the forwarding headers, the origin secret).
 */
export function reachesApi(name: string): boolean {
  return REACHING.has(name.toLowerCase());
}

const REACHING = new Set(
  [
    ...API_ORIGIN_HEADERS,
    ...API_CACHE_KEY_HEADERS,
    'Host',
    'Content-Length',
    'X-Forwarded-For',
    'X-Forwarded-Port',
    'X-Forwarded-Proto',
    'X-Amzn-Trace-Id',
    'X-Origin-Verify',
  ].map((h) => h.toLowerCase()),
);
