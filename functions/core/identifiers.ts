/**
 * Identifiers on the registration form (seed annex 2, 缴费人识别号; DESIGN.md §7): the resident ID
 * number (GB 11643-1999) and the unified social credit code (GB 32100-2015), both checksummed so a
 * mistyped digit is caught at intake rather than by a unit days later; mobile numbers; the masks
 * used wherever a list or another unit's staff sees a payer; and the case and proposal numbers.
 */

// --- resident ID number (GB 11643-1999) -----------------------------------------------------

/**
 * Province-level codes (GB/T 2260) that open a citizen number. 71 is Taiwan's code in GB/T 2260;
 * 81, 82 and 83 open the numbers on residence permits of Hong Kong, Macao and Taiwan residents
 * (港澳台居民居住证, 2018), who may pay social insurance where they work and so file disputes.
 */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
  53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
]);

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

function residentCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK[sum % 11] ?? '';
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
  return d <= days;
}

/**
 * True for a valid 18-character citizen number: a known province, a real birth date from 1900
 * up to `today` (`YYYY-MM-DD` in Shanghai, from the caller's clock), and the ISO 7064 MOD 11-2
 * check character. Only an upper-case X is accepted; callers normalise input first.
 */
export function isResidentId(s: string, today: string): boolean {
  return residentIdProblem(s, today) === undefined;
}

/**
 * What is wrong with a number typed as an identifier, so that the message can say it: its length,
 * a character, the region, the birth date, or a check character (a mistyped or swapped digit).
 * Positions count from 1, as a person counts along the card.
 */
export type IdentifierProblem =
  | { kind: 'length'; length: number }
  | { kind: 'character'; position: number; character: string }
  | { kind: 'region'; region: string }
  | { kind: 'birth-date'; date: string; reason: 'no-such-date' | 'before-1900' | 'future' }
  | { kind: 'check'; standard: 'resident-id' | 'credit-code'; position: number };

/** Why a string is not a valid citizen number (see isResidentId), or undefined when it is one. */
export function residentIdProblem(s: string, today: string): IdentifierProblem | undefined {
  const chars = [...s];
  if (chars.length !== 18) return { kind: 'length', length: chars.length };
  const bad = chars.findIndex((c, i) => !(/\d/.test(c) || (i === 17 && c === 'X')));
  if (bad >= 0) return { kind: 'character', position: bad + 1, character: chars[bad] ?? '' };
  if (!PROVINCES.has(Number(s.slice(0, 2)))) return { kind: 'region', region: s.slice(0, 2) };
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  // Same-width YYYY-MM-DD strings compare in date order.
  const date = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
  if (!isRealDate(y, m, d)) return { kind: 'birth-date', date, reason: 'no-such-date' };
  if (y < 1900) return { kind: 'birth-date', date, reason: 'before-1900' };
  if (date > today) return { kind: 'birth-date', date, reason: 'future' };
  return residentCheck(s.slice(0, 17)) === s[17]
    ? undefined
    : { kind: 'check', standard: 'resident-id', position: 18 };
}

/**
 * Why a string is neither a valid citizen number nor a valid credit code, undefined when it is
 * either. A number of 17 digits and a final digit or X is read as a citizen number, unless its
 * only fault as one is a region that no province has while as a credit code (some are all
 * digits) only its final check character is wrong; a number with letters is read as a credit code.
 */
export function identifierProblem(s: string, today: string): IdentifierProblem | undefined {
  const resident = residentIdProblem(s, today);
  const credit = creditCodeProblem(s);
  if (!resident || !credit) return undefined;
  if (resident.kind === 'length') return resident;
  const bad = [...s].findIndex((c) => !/[0-9A-Z]/.test(c));
  if (bad >= 0) return { kind: 'character', position: bad + 1, character: [...s][bad] ?? '' };
  // One letter among digits is a mistyped citizen number; a code with letters is a credit code.
  if (resident.kind === 'character') {
    return (s.match(/[A-Z]/g) ?? []).length === 1 && credit.kind === 'check' ? resident : credit;
  }
  // An all-digit credit code whose organisation check (position 17) holds, one in 11 by chance.
  const creditNearly = credit.kind === 'check' && credit.position === 18;
  return resident.kind === 'region' && creditNearly ? credit : resident;
}

/**
 * Builds a valid citizen number from a 6-digit region, an 8-digit birth date (YYYYMMDD) and a
 * 3-digit sequence, computing the check character: for tests and the demo's seeded cases.
 */
export function makeResidentId(region: string, birth: string, seq: string): string {
  if (!/^\d{6}$/.test(region)) throw new RangeError('region must be 6 digits');
  if (!/^\d{8}$/.test(birth)) throw new RangeError('birth must be 8 digits (YYYYMMDD)');
  if (!/^\d{3}$/.test(seq)) throw new RangeError('seq must be 3 digits');
  const first17 = `${region}${birth}${seq}`;
  return `${first17}${residentCheck(first17)}`;
}

// --- organisation code (GB 11714-1997) and unified social credit code (GB 32100-2015) --------

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const ORG_BODY = /^[0-9A-Z]{8}$/;

function orgValue(c: string): number {
  // Digits are worth themselves, letters A=10 … Z=35 (GB 11714 annex).
  return /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55;
}

function orgCheck(first8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i += 1) sum += orgValue(first8[i] ?? '0') * (ORG_WEIGHTS[i] ?? 0);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** Builds a 9-character organisation code (GB 11714) from its first 8, adding the check. */
export function makeOrgCode(first8: string): string {
  if (!ORG_BODY.test(first8)) throw new RangeError('first8 must be 8 characters 0-9 or A-Z');
  return `${first8}${orgCheck(first8)}`;
}

/** GB 32100's 31 characters: digits and capitals without I, O, Z, S, V (easily misread). */
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

function creditCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    sum += CREDIT_ALPHABET.indexOf(first17[i] ?? '0') * (CREDIT_WEIGHTS[i] ?? 0);
  }
  return CREDIT_ALPHABET[(31 - (sum % 31)) % 31] ?? '';
}

/**
 * True for a valid unified social credit code: its shape, the organisation code's own check
 * character (position 17) and the code's check character (position 18).
 */
export function isCreditCode(s: string): boolean {
  return creditCodeProblem(s) === undefined;
}

/**
 * The characters each position of a credit code takes: registration department (1 机构编制,
 * 5 民政, 9 市场监管, Y other, and the departments added later: 2–8, A, N), organisation
 * category (1–9), 6-digit administrative division, 9-character organisation code, check character.
 */
const CREDIT_POSITIONS: readonly RegExp[] = [
  /[1-9ANY]/,
  /[1-9]/,
  ...Array<RegExp>(6).fill(/\d/),
  ...Array<RegExp>(10).fill(/[0-9A-HJ-NP-RTUW-Y]/),
];

/** Why a string is not a valid credit code (see isCreditCode), or undefined when it is one. */
export function creditCodeProblem(s: string): IdentifierProblem | undefined {
  const chars = [...s];
  if (chars.length !== 18) return { kind: 'length', length: chars.length };
  const bad = chars.findIndex((c, i) => !CREDIT_POSITIONS[i]?.test(c));
  if (bad >= 0) return { kind: 'character', position: bad + 1, character: chars[bad] ?? '' };
  if (orgCheck(s.slice(8, 16)) !== s[16]) {
    return { kind: 'check', standard: 'credit-code', position: 17 };
  }
  return creditCheck(s.slice(0, 17)) === s[17]
    ? undefined
    : { kind: 'check', standard: 'credit-code', position: 18 };
}

/**
 * Builds a valid credit code from its first 16 characters (department, category, division and the
 * organisation code's 8-character body), adding both check characters: for tests and the demo's
 * seeded cases. A 17th character, the organisation check, may be passed; it is recomputed, so a
 * made-up prefix still yields a code that passes isCreditCode.
 */
export function makeCreditCode(prefix: string): string {
  if (
    (prefix.length !== 16 && prefix.length !== 17) ||
    [...prefix].some((c) => !CREDIT_ALPHABET.includes(c))
  ) {
    throw new RangeError('prefix must be 16 or 17 characters of the GB 32100 alphabet');
  }
  const first17 = `${prefix.slice(0, 8)}${makeOrgCode(prefix.slice(8, 16))}`;
  return `${first17}${creditCheck(first17)}`;
}

// --- phones ---------------------------------------------------------------------------------

/** True for a mainland mobile number: 11 digits starting 13–19. */
export function isMobile(s: string): boolean {
  return /^1[3-9]\d{9}$/.test(s);
}

/**
 * A mainland landline with its area code: 010 and 02x have three digits, every other area code
 * four (0476 for Chifeng), then a 7- or 8-digit number, and an extension where a switchboard
 * answers (a payer review, 2026-12-05: a small employer's 0476-8123456-801 was refused). Stored as
 * `0476-1234567` or `0476-8123456-801`.
 */
const LANDLINE = /^(0(?:10|2\d|[3-9]\d{2}))-?(\d{7,8})(?:-(\d{1,6}))?$/;
/** An extension as typed: after a dash, 转, 分机 or ext/x, before the dashes are taken out. */
const EXTENSION = /^(.*?\d)\s*(?:[-—－–]|转|分机|ext\.?|x)\s*(\d{1,6})\s*$/i;

/** True for a landline written with its area code (the dash is optional): 0476-1234567. */
export function isLandline(s: string): boolean {
  return LANDLINE.test(s);
}

/** A mobile or a landline with its area code: a number the payer can be reached on. */
export function isPhone(s: string): boolean {
  return isMobile(s) || isLandline(s);
}

/** How a payer with this phone hears from the unit: SMS to a mobile, a call to a landline. */
export function contactOf(phone: string): 'sms' | 'phone' | 'none' {
  return isMobile(phone) ? 'sms' : phone === '' ? 'none' : 'phone';
}

/**
 * A phone as typed, tidied: spaces, brackets and dashes dropped (138-1234-5678, (0476) 1234567),
 * the country code a phone's contacts add dropped (+86 137…, 0086 476…: a landline then gets its
 * trunk 0 back), then a landline written `0476-1234567`, its area code told apart by its first
 * digits.
 */
export function tidyPhone(s: string): string {
  const whole = tidyNumber(s);
  if (isPhone(whole)) return whole;
  // The last group may be an extension: 0476-8123456-801, 0476 8123456 转 801.
  const split = EXTENSION.exec(s.trim());
  const main = split ? tidyNumber(split[1] ?? '') : '';
  return split && isLandline(main) ? `${main}-${split[2]}` : whole;
}

/** A number without its separators and country code, a landline with its area code's dash. */
function tidyNumber(s: string): string {
  const compact = s.replace(/[\s()（）\-—－–]/g, '');
  const country = /^(?:\+|00)86(\d+)$/.exec(compact)?.[1];
  const national = country === undefined ? compact : isMobile(country) ? country : `0${country}`;
  const landline = LANDLINE.exec(national);
  return landline ? `${landline[1]}-${landline[2]}` : national;
}

// --- masks ----------------------------------------------------------------------------------
// Lists, reports and the staff of units other than the case's own see payers masked (STYLE.md
// rule 9; the seed's 信息共享, 四(二), shares cases, not people's identifiers).

function stars(n: number): string {
  return '*'.repeat(Math.max(n, 0));
}

/** An ID number or credit code with its first 6 and last 4 kept: 150402********1234. */
export function maskIdNumber(s: string): string {
  const chars = [...s];
  if (chars.length <= 10) return stars(chars.length);
  return `${chars.slice(0, 6).join('')}${stars(chars.length - 10)}${chars.slice(-4).join('')}`;
}

/** A phone number with its first 3 and last 4 kept: 138****5678. */
export function maskPhone(s: string): string {
  const chars = [...s];
  if (chars.length <= 7) return stars(chars.length);
  return `${chars.slice(0, 3).join('')}${stars(chars.length - 7)}${chars.slice(-4).join('')}`;
}

/**
 * A person's name with only the family name kept (张三丰 → 张**); an organisation's with its
 * first 2 and last 2 characters kept (赤峰某某建材有限公司 → 赤峰******公司), enough to tell
 * cases apart in a list without exposing who filed them.
 */
export function maskName(s: string, kind: 'person' | 'organization' | 'lead' = 'person'): string {
  // A lead has no known payer: a list says so, with the name it gave itself masked like a person's.
  if (kind === 'lead') return s.trim() === '' ? '身份不明的线索' : `${maskName(s)}（线索）`;
  const chars = [...s.trim()];
  if (chars.length === 0) return '';
  if (kind === 'organization' && chars.length > 4) {
    return `${chars.slice(0, 2).join('')}${stars(chars.length - 4)}${chars.slice(-2).join('')}`;
  }
  if (chars.length === 1) return '*';
  return `${chars[0]}${stars(chars.length - 1)}`;
}

// --- case numbers and proposal serials --------------------------------------------------------

function checkYearAndSerial(year: number, n: number, max: number): void {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new RangeError(`year must be a four-digit integer: ${year}`);
  }
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new RangeError(`serial must be an integer from 1 to ${max}: ${n}`);
  }
}

/** A case number: year and a 6-digit serial within it, `2026-000123`. */
export function formatCaseNumber(year: number, n: number): string {
  checkYearAndSerial(year, n, 999_999);
  return `${year}-${String(n).padStart(6, '0')}`;
}

/** The year and serial of a case number, or undefined when it is not one. */
export function parseCaseNumber(s: string): { year: number; n: number } | undefined {
  const m = /^(\d{4})-(\d{6})$/.exec(s);
  if (!m) return undefined;
  const year = Number(m[1]);
  const n = Number(m[2]);
  if (year < 1000 || n < 1) return undefined;
  return { year, n };
}

/**
 * The serial of a proposal form (seed annex 3, 报送编号[ ]第（ ）号), numbered per year from 1:
 * `[2026]第(7)号`.
 */
export function formatProposalSerial(year: number, n: number): string {
  checkYearAndSerial(year, n, Number.MAX_SAFE_INTEGER);
  return `[${year}]第(${n})号`;
}

/** The year and serial of a proposal serial, or undefined when it is not one. */
export function parseProposalSerial(s: string): { year: number; n: number } | undefined {
  const m = /^\[(\d{4})\]第\(([1-9]\d{0,8})\)号$/.exec(s);
  if (!m) return undefined;
  const year = Number(m[1]);
  if (year < 1000) return undefined;
  return { year, n: Number(m[2]) };
}
