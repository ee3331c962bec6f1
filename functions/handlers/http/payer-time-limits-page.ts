/**
 * GET /api/payer/time-limits — the time limits in force, which the static start page links to
 * (its figures would be fixed at build time). Reads the settings and nothing else.
 */
import { dynamoSettings } from '#adapters/settings.ts';
import { timeLimitsPage } from '#functions/pages/time-limits.ts';
import { htmlPage } from '#platform/forms.ts';
import { httpHandler } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';
import { pageErrors } from '#platform/payer-pages.ts';

const logger = functionLogger();
const settings = dynamoSettings();

export const handler = httpHandler(
  logger,
  async () => htmlPage(200, timeLimitsPage(await settings.deadlines())),
  { errorPage: pageErrors },
);
