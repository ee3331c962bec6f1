/**
 * The HTTP API's `$default` route: whatever no other route matches, a wrong path or a wrong
 * method alike. Without it API Gateway answers `{"message":"Not Found"}` itself, the one error of
 * the API that was not problem details (DESIGN.md §9, issue 14).
 */
import type { Context } from 'aws-lambda';
import { NoRouteError } from '#platform/errors.ts';
import { type HttpEvent, httpHandler } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';
import { staffErrorPage } from '#platform/staff-pages.ts';

const logger = functionLogger();

const answer = async (): Promise<never> => {
  throw new NoRouteError();
};

const api = httpHandler(logger, answer);
// CloudFront sends `/staff/*` to the API as well: a browser that followed a wrong link to a
// staff page reads a page it can act on; a script still gets problem details.
const pages = httpHandler(logger, answer, { errorPage: staffErrorPage });

export async function handler(event: HttpEvent, context: Context) {
  return (event.rawPath.startsWith('/staff/') ? pages : api)(event, context);
}
