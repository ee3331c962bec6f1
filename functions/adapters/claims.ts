/**
 * Which claims of the provider's tokens carry the account, its unit and its role (`OIDC_CLAIMS`,
 * JSON; Cognito's names by default). One reading for the staff pages' callback (./oidc.ts) and the
 * staff API (platform/auth.ts): with the county's own provider (China has no Cognito), both must
 * read its claims by the same names, or the API would refuse every token the pages accept.
 */
import { type ClaimMapping, COGNITO_CLAIMS } from '#core/principal.ts';
import { ConfigurationError } from './config.ts';

let read: { raw: string | undefined; mapping: ClaimMapping } | undefined;

/** The mapping `OIDC_CLAIMS` names; a malformed one fails with its reason. */
export function claimMapping(): ClaimMapping {
  const raw = process.env.OIDC_CLAIMS;
  if (read === undefined || read.raw !== raw) read = { raw, mapping: parsed(raw) };
  return read.mapping;
}

function parsed(raw: string | undefined): ClaimMapping {
  if (!raw) return COGNITO_CLAIMS;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new ConfigurationError('OIDC_CLAIMS is not JSON');
  }
  const m = value as Partial<ClaimMapping>;
  if (typeof m.user !== 'string' || !(m.groups || (m.unit && m.role))) {
    throw new ConfigurationError(
      'OIDC_CLAIMS needs "user" and either "groups" or "unit" and "role"',
    );
  }
  // Display name and work phone (annex 2's 受理人 and 联系方式) default to OIDC's standard claims.
  for (const key of ['name', 'phone'] as const) {
    if (m[key] !== undefined && typeof m[key] !== 'string') {
      throw new ConfigurationError(`OIDC_CLAIMS "${key}" must name a claim`);
    }
  }
  return m as ClaimMapping;
}
