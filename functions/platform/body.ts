/**
 * The body of a post that both a browser's form (issue 6) and a JSON client send: one reading for
 * every such handler, so that they keep the same answers. A JSON body that does not match its
 * schema is refused with problem details (400, a pointer per bad field); a form's is handed back
 * with its errors, so that the handler shows its page again with the answers kept.
 */
import type * as z from 'zod';
import { type FieldError, fieldErrors } from '#contracts/problem.ts';
import { ValidationError } from './errors.ts';
import { formBody, isFormPost } from './forms.ts';
import { type HttpEvent, jsonBody } from './http.ts';

/** A browser form's fields (checked for its origin), or undefined for a JSON client. */
export function postedForm(event: HttpEvent): URLSearchParams | undefined {
  return isFormPost(event) ? formBody(event) : undefined;
}

/** A form's body: its fields in the schema's shape, and the value or else the errors. */
export type FormBody<T, F> = { kind: 'form'; form: URLSearchParams; fields: F } & (
  | { value: T; errors?: undefined }
  | { value?: undefined; errors: FieldError[] }
);

/** A post's body, checked against the schema: from a JSON client valid, from a form maybe not. */
export type PostedBody<T, F> = { kind: 'json'; value: T } | FormBody<T, F>;

/**
 * Reads the body of `event` against `schema`: the form `form` (from {@link postedForm}) as
 * `fromForm` turns it into the schema's shape, or else the JSON body. Throws `ValidationError` for
 * a JSON body that does not match; a form's errors are returned with its fields.
 */
export function readBody<T, F>(
  event: HttpEvent,
  form: URLSearchParams | undefined,
  schema: z.ZodType<T>,
  fromForm: (form: URLSearchParams) => F,
): PostedBody<T, F> {
  if (!form) {
    const parsed = schema.safeParse(jsonBody(event));
    if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error.issues));
    return { kind: 'json', value: parsed.data };
  }
  const fields = fromForm(form);
  const parsed = schema.safeParse(fields);
  return parsed.success
    ? { kind: 'form', form, fields, value: parsed.data }
    : { kind: 'form', form, fields, errors: fieldErrors(parsed.error.issues) };
}
