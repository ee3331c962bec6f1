/**
 * GET and POST /api/payer/{page} — any other address under /api/payer/: the payer's "no such
 * page", as it was when one function served every payer page. Every real page has a literal route,
 * which wins over this one in API Gateway and in the local gateway alike. Touches nothing.
 */
import { formBody, htmlPage } from '#platform/forms.ts';
import { httpHandler } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';
import { notFoundPage, pageErrors } from '#platform/payer-pages.ts';

const logger = functionLogger();

export const handler = httpHandler(
  logger,
  async (event) => {
    // A post is checked as every payer form is (another site's post: 403; too large: 413).
    if (event.requestContext.http.method === 'POST') formBody(event);
    return htmlPage(404, notFoundPage());
  },
  { errorPage: pageErrors },
);
