/**
 * Who is calling a staff route, from the claims of the verified JWT (the HTTP API's JWT authorizer
 * in AWS, the local gateway's identical check locally), and what they may see (DESIGN.md §1).
 */
import type { CaseRecord } from './case.ts';
import type { Actor, Role } from './lifecycle.ts';
import { isUnitId, OFFICE, type UnitId } from './units.ts';
import { involvement } from './work.ts';

export interface Principal {
  user: string;
  /** The caller's unit; none for leaders and administrators. */
  unit: UnitId | null;
  role: Role;
}

const ROLES: readonly Role[] = ['staff', 'head', 'leader', 'admin'];

/**
 * Groups as the claim arrives: an array (local runtime, the raw token) or, through API Gateway,
 * a string like `[unit:tax role:staff]`.
 */
function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string') return [];
  return claim
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

/**
 * Which claims of an identity provider's token carry the user, and the unit and role: either one
 * groups claim holding `unit:<id>` and `role:<role>` (Cognito's `cognito:groups`, the local
 * provider), or a claim each (a government IdP that has its own attributes).
 */
export interface ClaimMapping {
  user: string;
  groups?: string;
  unit?: string;
  role?: string;
}

export const COGNITO_CLAIMS: ClaimMapping = { user: 'cognito:username', groups: 'cognito:groups' };

/** The principal of a token's claims; undefined when they name no known role (and unit). */
export function principalFromClaims(
  claims: Record<string, unknown>,
  mapping: ClaimMapping = COGNITO_CLAIMS,
): Principal | undefined {
  const user = String(claims[mapping.user] ?? claims.username ?? claims.sub ?? '');
  const groups = groupsOf(claims[mapping.groups ?? 'cognito:groups']);
  const role = (
    mapping.role ? claims[mapping.role] : groups.find((g) => g.startsWith('role:'))?.slice(5)
  ) as Role | undefined;
  const unitId = mapping.unit
    ? claims[mapping.unit]
    : groups.find((g) => g.startsWith('unit:'))?.slice(5);
  if (!user || !role || !ROLES.includes(role)) return undefined;
  if (role === 'staff' || role === 'head') {
    if (typeof unitId !== 'string' || !isUnitId(unitId)) return undefined;
    return { user, unit: unitId, role };
  }
  return { user, unit: null, role };
}

/** Office staff, leaders and administrators see every case; a unit sees what it holds or held. */
export function seesAll(p: Principal): boolean {
  return p.unit === OFFICE || p.role === 'leader' || p.role === 'admin';
}

/**
 * True when the caller may see the case at all (otherwise it is 404 to them): every unit involved
 * in it (work.ts `involvement`: held, led, asked to act, visiting; the leading-group office for a
 * major case).
 */
export function canSee(p: Principal, record: CaseRecord): boolean {
  if (seesAll(p)) return true;
  return p.unit !== null && involvement(record).has(p.unit);
}

/** The payer's details are shown in full only to the unit that holds the case or leads it. */
export function seesPayer(p: Principal, record: CaseRecord): boolean {
  return p.unit !== null && (record.holder === p.unit || record.lead === p.unit);
}

/** The lifecycle actor for a staff principal. */
export function actorOf(p: Principal): Actor {
  return { kind: 'staff', unit: p.unit, role: p.role, user: p.user };
}

/** Only administrators read and re-drive the dead-letter queues (issue 7). */
export function managesDeadLetters(p: Principal): boolean {
  return p.role === 'admin';
}
