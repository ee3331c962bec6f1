/**
 * Who is calling a staff route, from the claims of the verified JWT (the HTTP API's JWT authorizer
 * in AWS, the local gateway's identical check locally), and what they may see (DESIGN.md §1).
 */
import type { CaseRecord } from './case.ts';
import { isLandline, isMobile, tidyPhone } from './identifiers.ts';
import type { Actor, Role } from './lifecycle.ts';
import { jointUnits } from './routing.ts';
import { isUnitId, OFFICE, type UnitId } from './units.ts';
import { involvement, LEADING_GROUP_OFFICE, openWork } from './work.ts';

export interface Principal {
  user: string;
  /** The caller's unit; none for leaders and administrators. */
  unit: UnitId | null;
  role: Role;
  /** The account's display name and work phone (annex 2's 受理人 and 联系方式), when it has them. */
  name?: string;
  phone?: string;
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
  /** The display name's claim; default `name` (OIDC standard, Cognito's attribute). */
  name?: string;
  /** The work phone's claim; default `phone_number` (OIDC standard, Cognito's attribute). */
  phone?: string;
}

/** Longer is not a person's name: kept out of the session cookie and the printed form. */
const NAME_LIMIT = 50;

/**
 * A phone claim as annex 2 prints it: OIDC's `phone_number` is E.164 (+864768800010, Cognito
 * insists on it), which becomes 0476-8800010 or 13912345678; a provider's national form is tidied.
 * Anything that is no mainland phone is left out rather than printed as a contact.
 */
export function phoneFromClaim(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const phone = tidyPhone(value);
  return isMobile(phone) || isLandline(phone) ? phone : undefined;
}

/** The phone as a claim carries it (E.164), for an identity provider's account attributes. */
export function phoneToClaim(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return `+86${isMobile(digits) ? digits : digits.replace(/^0/, '')}`;
}

/** The name and work phone the claims carry, each only when there is one. */
function contactOf(
  claims: Record<string, unknown>,
  mapping: ClaimMapping,
): { name?: string; phone?: string } {
  const raw = claims[mapping.name ?? 'name'];
  const name = typeof raw === 'string' ? raw.trim() : '';
  const phone = phoneFromClaim(claims[mapping.phone ?? 'phone_number']);
  return {
    ...(name && name.length <= NAME_LIMIT ? { name } : {}),
    ...(phone ? { phone } : {}),
  };
}

export const COGNITO_CLAIMS: ClaimMapping = { user: 'cognito:username', groups: 'cognito:groups' };

/** The principal of a token's claims; undefined when they name no known role (and unit). */
export function principalFromClaims(
  claims: Record<string, unknown>,
  mapping: ClaimMapping = COGNITO_CLAIMS,
): Principal | undefined {
  // Cognito's access token names the user `username`, not `cognito:username`. Another provider's
  // token must carry the claim its mapping names: `sub` is no account name, and an administrator's
  // end of an account's sessions is recorded under the name (a token under its `sub` escaped it).
  const fallback =
    mapping.user === COGNITO_CLAIMS.user ? (claims.username ?? claims.sub) : undefined;
  const user = String(claims[mapping.user] ?? fallback ?? '');
  const groups = groupsOf(claims[mapping.groups ?? 'cognito:groups']);
  const role = (
    mapping.role ? claims[mapping.role] : groups.find((g) => g.startsWith('role:'))?.slice(5)
  ) as Role | undefined;
  const unitId = mapping.unit
    ? claims[mapping.unit]
    : groups.find((g) => g.startsWith('unit:'))?.slice(5);
  if (!user || !role || !ROLES.includes(role)) return undefined;
  const contact = contactOf(claims, mapping);
  if (role === 'staff' || role === 'head') {
    if (typeof unitId !== 'string' || !isUnitId(unitId)) return undefined;
    return { user, unit: unitId, role, ...contact };
  }
  return { user, unit: null, role, ...contact };
}

/** Office staff, leaders and administrators see every case; a unit sees what it holds or held. */
export function seesAll(p: Principal): boolean {
  return p.unit === OFFICE || p.role === 'leader' || p.role === 'admin';
}

/**
 * The leading-group office's director: the head of the unit it sits in (附件1: 领导小组办公室设在旗
 * 税务局，负责…综合协调、统筹调度，办公室主任由旗税务局局长兼任). The 督办, the units' answers to the
 * leading group's orders, the returns flags and the reports are e-mailed to that post (roster.ts);
 * a review (2026-12-05) found a 督办's link to another unit's case opening nothing for him.
 */
export function directsLeadingGroupOffice(p: Principal): boolean {
  return p.unit === LEADING_GROUP_OFFICE && p.role === 'head';
}

/**
 * True when the caller may see the case at all (otherwise it is 404 to them): every unit involved
 * in it (work.ts `involvement`: held, led, asked to act, visiting; the leading-group office for a
 * major case), and whoever sees every case or directs the leading-group office.
 */
export function canSee(p: Principal, record: CaseRecord): boolean {
  if (seesAll(p) || directsLeadingGroupOffice(p)) return true;
  return p.unit !== null && involvement(record).has(p.unit);
}

/**
 * The payer's details are shown in full only to the unit that holds the case or leads it, to the
 * other responsible units of a joint case (each corrects the payer's records in its own part:
 * seed 三(一)2(2), 专案处理 by the units concerned), and to the unit whose clerk registered it at
 * a window: they took the details from the payer, and must print them on the registration form
 * they sign and file (seed 三(一)3, annex 2). Units asked only for an opinion see them masked.
 */
export function seesPayer(p: Principal, record: CaseRecord): boolean {
  if (p.unit === null) return false;
  return (
    jointUnits(record.routing).includes(p.unit) ||
    record.holder === p.unit ||
    record.lead === p.unit ||
    record.receivedBy?.unit === p.unit
  );
}

/**
 * Who may open the case's files (registration forms, ID scans, recordings), which are not masked:
 * the units that see the payer in full, a unit that owes an act on the case now (an opinion needs
 * the evidence), and the office's staff while the case is open, when they may add to its file
 * (lifecycle `note`; an archived case's file is the answering unit's).
 * Not everyone who may open the case: the files and their names (「王小明身份证.jpg」) would undo
 * the page's masking. A code review (2026-12-05) found the leading-group office's director, and
 * an assisting unit not yet asked, downloading them; a privacy review the same day found leaders
 * and administrators, who act on no case's file, let in by seeing every case.
 */
export function readsCaseFiles(p: Principal, record: CaseRecord): boolean {
  if ((p.unit === OFFICE && record.status !== 'archived') || seesPayer(p, record)) return true;
  return p.unit !== null && openWork(record).some((w) => w.unit === p.unit);
}

/** The lifecycle actor for a staff principal. */
export function actorOf(p: Principal): Actor {
  return {
    kind: 'staff',
    unit: p.unit,
    role: p.role,
    user: p.user,
    ...(p.name ? { name: p.name } : {}),
  };
}

/** Only administrators read and re-drive the dead-letter queues (issue 7). */
export function managesDeadLetters(p: Principal): boolean {
  return p.role === 'admin';
}

/**
 * Whether a sign-in came at or before `endedAt` (epoch seconds), the moment an administrator ended
 * the account's sessions (adapters/account-sessions.ts), by its token's claims: `auth_time`, else
 * `iat`, else `now`. Claims may be numbers (an ID token as read) or strings (as API Gateway passes
 * them). Never, when no end was recorded.
 */
export function signedInBeforeEnd(
  claims: Readonly<Record<string, unknown>>,
  endedAt: number | undefined,
  now: number,
): boolean {
  if (endedAt === undefined) return false;
  return !(Number(claims.auth_time ?? claims.iat ?? now) > endedAt);
}
