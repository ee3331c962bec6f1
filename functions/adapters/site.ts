/**
 * The site's own address (`SITE_URL`): where form posts must come from, and what links and
 * redirects are built on. The local runtime sets it to its gateway's address; the stack sets it to
 * the site's address (its own domain when it has one) on every HTTP function.
 */
import { ConfigurationError } from './config.ts';

/** The site's origin, `https://<host>`, which every form post must come from. */
export function siteOrigin(): string {
  const value = process.env.SITE_URL;
  if (!value) throw new ConfigurationError('environment variable SITE_URL is not set');
  return new URL(value).origin;
}

/**
 * A page's full address on the site, for what is printed or read aloud: a paper receipt cannot be
 * clicked, so it names the page a payer types in.
 */
export function siteAddress(path: string): string {
  return new URL(path, siteOrigin()).href;
}
