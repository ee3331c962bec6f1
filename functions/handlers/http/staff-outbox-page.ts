/**
 * GET /staff/outbox — the notifications this runtime kept instead of sending (the local outbox),
 * those the viewer may read, phones masked. In AWS there is no outbox and the page says so.
 */
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { configuredOutbox } from '#adapters/outbox.ts';
import { sentMessagesFor } from '#core/outbox.ts';
import { outboxPage } from '#functions/pages/staff/outbox.ts';
import { htmlPage } from '#platform/forms.ts';
import { functionLogger } from '#platform/logger.ts';
import { staffPageHandler } from '#platform/staff-pages.ts';

const logger = functionLogger();
const outbox = configuredOutbox();
const store = dynamoCaseStore();

export const handler = staffPageHandler(logger, async ({ principal, viewer }) => {
  const messages = outbox ? await sentMessagesFor(principal, { outbox, store }) : undefined;
  return htmlPage(200, outboxPage({ viewer, messages }));
});
