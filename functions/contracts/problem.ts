/** RFC 9457 problem details, the shape of every HTTP error (DESIGN.md §9). */
import type { z } from 'zod';

export interface FieldError {
  /** JSON pointer (RFC 6901) to the bad field in the request body, e.g. `/payer/idNumber`. */
  pointer: string;
  /** What is wrong, in Chinese, for the person who typed it. */
  detail: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const escapeSegment = (segment: PropertyKey): string =>
  String(segment).replaceAll('~', '~0').replaceAll('/', '~1');

/** Turns zod issues into one field error per bad field (the first message for each). */
export function fieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  const seen = new Map<string, string>();
  for (const issue of issues) {
    const pointer = issue.path.length === 0 ? '' : `/${issue.path.map(escapeSegment).join('/')}`;
    if (!seen.has(pointer)) seen.set(pointer, issue.message);
  }
  return [...seen].map(([pointer, detail]) => ({ pointer, detail }));
}
