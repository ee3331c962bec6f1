/** RFC 9457 problem details, the shape of every HTTP error (DESIGN.md §9). */
import * as z from 'zod';

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

/** `errors` and then those of `more` on a field `errors` does not name: one error a field. */
export function withFieldErrors(errors: FieldError[], more: readonly FieldError[]): FieldError[] {
  const taken = new Set(errors.map((e) => e.pointer));
  return [...errors, ...more.filter((e) => !taken.has(e.pointer))];
}

/**
 * The published shape of `Problem`, for the OpenAPI document: extensions (`retryAfter`…) may be
 * added to it.
 */
export const ProblemSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.int().min(400).max(599),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(z.object({ pointer: z.string(), detail: z.string() })).optional(),
  /** Seconds to wait, with the Retry-After header, on 429 and 503. */
  retryAfter: z.int().optional(),
});
