/**
 * GET /api/payer/apply-check — the answers of the draft to check before filing (issue 6), or the
 * first step still to answer; after the filing, its confirmation.
 */
import { createHash } from 'node:crypto';
import { systemClock } from '#adapters/clock.ts';
import { dynamoDraftStore } from '#adapters/draft-store.ts';
import { shanghaiMonth } from '#core/time.ts';
import { checkPage } from '#functions/pages/apply.ts';
import { firstIncompleteStep, stepErrors } from '#functions/pages/draft.ts';
import { DRAFT_COOKIE, pagePath, stepPath } from '#functions/pages/paths.ts';
import { htmlPage, readPayerCookie, seeOther } from '#platform/forms.ts';
import { httpHandler } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';
import { filedCaseOf } from '#platform/payer.ts';
import { pageErrors } from '#platform/payer-pages.ts';

const logger = functionLogger();
const drafts = dynamoDraftStore();

/** The check page's Idempotency-Key: one per draft, so sending it twice files one case. */
const keyOf = (draftId: string) => createHash('sha256').update(draftId).digest('hex').slice(0, 32);

export const handler = httpHandler(
  logger,
  async (event) => {
    const draftId = readPayerCookie(event, DRAFT_COOKIE);
    // Back from the confirmation: the filing took the draft's cookie and left its own mark, so
    // the payer sees the case filed again rather than an empty form that invites filing twice.
    if (!draftId && filedCaseOf(event)) return seeOther(pagePath('done'));
    const draft = draftId ? await drafts.get(draftId) : undefined;
    if (!draft || !draftId) return seeOther('/apply/');
    const missing = firstIncompleteStep(draft);
    if (missing) return seeOther(stepPath(missing));
    // Where the filing's form leads when it was refused (create-case.ts): its errors, read again.
    const q = event.queryStringParameters ?? {};
    const errors =
      q.check === '1'
        ? {
            errors: stepErrors('check', draft, q.consent === '1', shanghaiMonth(systemClock.now())),
          }
        : {};
    // A case this browser filed in the last half hour is named before another is sent.
    const filed = filedCaseOf(event);
    return htmlPage(
      200,
      checkPage(draft, { key: keyOf(draftId), ...errors, ...(filed ? { filed } : {}) }),
    );
  },
  { errorPage: pageErrors },
);
