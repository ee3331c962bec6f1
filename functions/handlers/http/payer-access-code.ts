/**
 * POST /api/payer/access-code — the payer asks for a new access code (issue 13): a well-formed
 * request is answered 303 to the same static page whatever happened (sent, no match, limit
 * reached), so the answer tells a prober nothing; a malformed one gets the form again (400).
 */

import { caseDeps } from '#adapters/case-deps.ts';
import { ids } from '#adapters/ids.ts';
import { dynamoRateLimiter } from '#adapters/rate-limiter.ts';
import { requestNewAccessCode } from '#core/access-code.ts';
import {
  ACCESS_CODE_SENT_PATH,
  accessCodeRequestPage,
  readAccessCodeRequest,
} from '#functions/pages/access-code.ts';
import { formBody, htmlPage, seeOther } from '#platform/forms.ts';
import { httpHandler } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';
import { clientOf } from '#platform/payer.ts';
import { pageErrors } from '#platform/payer-pages.ts';

const logger = functionLogger();
const deps = { ...caseDeps(), ids, limiter: dynamoRateLimiter() };

export const handler = httpHandler(
  logger,
  async (event) => {
    // formBody refuses a cross-site post (Fetch Metadata), as every payer form does.
    const { errors, ...request } = readAccessCodeRequest(formBody(event));
    if (errors.length > 0) {
      return htmlPage(400, accessCodeRequestPage({ values: request, errors }));
    }
    const outcome = await requestNewAccessCode(request, clientOf(event), deps);
    // The case number and the outcome only: never the ID number or the phone.
    logger.info('new access code asked for', { caseNumber: request.caseNumber, outcome });
    return seeOther(ACCESS_CODE_SENT_PATH);
  },
  { errorPage: pageErrors },
);
