/**
 * The security headers of every page, in one place (issue 16, finding 9): the pages the functions
 * render and their error pages (functions/platform/http.ts), the built site as the local gateway
 * serves it (infra/local/gateway.ts) and CloudFront's response-headers policy in AWS
 * (infra/aws/constructs/site.ts) all read these values, so that no copy can drift from another.
 *
 * Plain data only: the functions bundle it, and the CDK app maps it onto CloudFront's types.
 */

/**
 * The Content-Security-Policy directives. The pages, static or rendered, load only the site's own
 * stylesheet and scripts (`/assets/…`, files, never inline: the built Astro pages have no inline
 * script or style, so neither hashes nor 'unsafe-inline' are needed), post forms only to the
 * site, and are never framed. `img-src data:` is the blank favicon (`<link rel="icon"
 * href="data:,">`) that keeps browsers from asking for `/favicon.ico`. No `connect-src`: only
 * the staff case page uploads, and it adds its one upload origin (functions/platform/staff-case.ts).
 */
export const CSP_DIRECTIVES: Readonly<Record<string, string>> = {
  'default-src': "'none'",
  'style-src': "'self'",
  'script-src': "'self'",
  'img-src': "'self' data:",
  'form-action': "'self'",
  'frame-ancestors': "'none'",
  'base-uri': "'none'",
};

export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([name, value]) => `${name} ${value}`)
  .join('; ');

/**
 * `same-origin`: a link to another site carries no address of ours. The payer pages never put a
 * case number in an address, but a staff page's address names a case.
 */
export const REFERRER_POLICY = 'same-origin';

/** `DENY`, with `frame-ancestors 'none'` for the browsers that read only the older header. */
export const FRAME_OPTIONS = 'DENY';

/** The headers every page carries, whatever serves it, as lower-case names. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': FRAME_OPTIONS,
  'referrer-policy': REFERRER_POLICY,
};

/**
 * HTTP Strict Transport Security, sent only where the site is HTTPS: by CloudFront, which ends
 * TLS for pages and API alike (its response-headers policy adds it to both). Never by the local
 * runtime, which is plain HTTP on loopback, where a browser would ignore it anyway. Two years
 * and the subdomains, as the HSTS preload list asks; not `preload` itself, which needs the
 * registrable domain's owner to submit it.
 */
export const HSTS = { maxAgeSeconds: 2 * 365 * 24 * 60 * 60, includeSubdomains: true } as const;

export const STRICT_TRANSPORT_SECURITY = `max-age=${HSTS.maxAgeSeconds}${HSTS.includeSubdomains ? '; includeSubDomains' : ''}`;
