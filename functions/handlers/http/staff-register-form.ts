/**
 * POST /staff/register — registers a visit or call (seed 三(一)3) and shows the clerk its case
 * number and access code once, through a sealed cookie; or the form again with the errors.
 */
import { randomUUID } from 'node:crypto';
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { systemClock } from '#adapters/clock.ts';
import { sqsDispatcher } from '#adapters/dispatcher.ts';
import { ids } from '#adapters/ids.ts';
import { notifier } from '#adapters/notify-queue.ts';
import { FuturePeriodError, IdempotencyKeyReuseError } from '#core/intake.ts';
import { sendFilingReceipt } from '#core/receipt.ts';
import { mayRegister, registerCase } from '#core/staff.ts';
import { shanghaiDate } from '#core/time.ts';
import {
  notRegistrarPage,
  postRegistration,
  REGISTERED_COOKIE,
  REGISTERED_PATH,
  REGISTERED_SECONDS,
  registeredClaims,
  registerPage,
} from '#functions/pages/staff/register.ts';
import { htmlPage, seeOther } from '#platform/forms.ts';
import { functionLogger } from '#platform/logger.ts';
import { staffPageHandler } from '#platform/staff-pages.ts';
import { pageCookie, seal } from '#platform/staff-session.ts';

const logger = functionLogger();
const deps = { store: dynamoCaseStore(), dispatcher: sqsDispatcher(), clock: systemClock, ids };
const receiptDeps = { notifier: notifier() };

/** The form's own idempotency key (a UUID this function wrote into it), or a new one. */
const keyOf = (value: string | null) =>
  value && /^[0-9a-f-]{36}$/.test(value) ? value : randomUUID();

export const handler = staffPageHandler(
  logger,
  async ({ event, principal, session, viewer, form }) => {
    if (!mayRegister(principal)) return htmlPage(403, notRegistrarPage(viewer));
    const today = shanghaiDate(systemClock.now());
    const key = keyOf(form.get('key'));
    const outcome = postRegistration(form, today);
    const { values } = outcome;
    if (outcome.kind === 'again')
      return htmlPage(200, registerPage(viewer, { values, key, today }));
    if (outcome.kind === 'errors') {
      return htmlPage(400, registerPage(viewer, { values, key, today, errors: outcome.errors }));
    }

    let registered: Awaited<ReturnType<typeof registerCase>>;
    try {
      registered = await registerCase(outcome.request, principal, deps, { idempotencyKey: key });
    } catch (error) {
      if (error instanceof FuturePeriodError) {
        return htmlPage(400, registerPage(viewer, { values, key, today, errors: error.errors }));
      }
      if (!(error instanceof IdempotencyKeyReuseError)) throw error;
      const problem = {
        title: '这张登记表已经登记过',
        detail: '登记后表上的内容又改过了。如果这是另一件争议，请核对下面的内容后再点“登记”。',
      };
      return htmlPage(409, registerPage(viewer, { values, key: randomUUID(), today, problem }));
    }
    const { caseNumber, accessCode, routing } = registered;
    // The payer's SMS with the number; a second press of 「登记」 (same key) sends none.
    const sms = await sendFilingReceipt(registered, outcome.request.payer, receiptDeps);
    logger.info('case registered', {
      caseNumber,
      channel: outcome.request.channel,
      unit: principal.unit,
      replayed: registered.replayed,
      sms,
    });
    // A lead's code is handed to no one (core/work.ts, isLead): it is not carried to the page.
    const shown =
      outcome.request.payer.kind === 'lead'
        ? { caseNumber, accessCode: '', routing, lead: true as const }
        : { caseNumber, accessCode, routing, registeredOn: outcome.request.registeredOn };
    const sealed = await seal(registeredClaims(shown, session.sid), REGISTERED_SECONDS);
    return seeOther(`${REGISTERED_PATH}?case=${encodeURIComponent(caseNumber)}`, [
      pageCookie(event, REGISTERED_COOKIE, sealed, REGISTERED_SECONDS, REGISTERED_PATH),
    ]);
  },
);
