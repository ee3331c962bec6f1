/** The payer's credentials on a public case route: the case number in the path, the code in a header. */
import { createHash } from 'node:crypto';
import { ACCESS_CODE_PATTERN, CASE_NUMBER_PATTERN } from '#contracts/cases.ts';
import { NotFoundError } from './errors.ts';
import type { HttpEvent } from './http.ts';

/**
 * The case number and access code of the request. A malformed number or code is answered like a
 * wrong one (404), so that probing teaches nothing about which cases exist.
 */
export function payerCredentials(event: HttpEvent): { caseNumber: string; accessCode: string } {
  const caseNumber = event.pathParameters?.caseNumber ?? '';
  const accessCode = (event.headers['x-access-code'] ?? '').trim().toUpperCase();
  if (!CASE_NUMBER_PATTERN.test(caseNumber) || !ACCESS_CODE_PATTERN.test(accessCode)) {
    throw new NotFoundError();
  }
  return { caseNumber, accessCode };
}

/**
 * The client, for the limits against abuse: the first address of X-Forwarded-For (CloudFront puts
 * the viewer there) or the connection's, as a hash so that no address is stored.
 */
export function clientOf(event: HttpEvent): string {
  const forwarded = event.headers['x-forwarded-for']?.split(',')[0]?.trim();
  const address = forwarded || event.requestContext.http.sourceIp;
  return createHash('sha256').update(`client:${address}`).digest('hex').slice(0, 32);
}
