/** GET /api/calendar/add-working-days?from=YYYY-MM-DD&days=N — the working-day calendar. */

import { dynamoSettings } from '#adapters/settings.ts';
import type { FieldError } from '#contracts/problem.ts';
import { isValidDate } from '#core/calendar.ts';
import { ValidationError } from '#platform/errors.ts';
import { httpHandler, json } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';

/** Ten years of working days: enough for any deadline, small enough to bound the work. */
const MAX_DAYS = 2500;
const EARLIEST = '1900-01-01';
const LATEST = '2999-12-31';

const logger = functionLogger();
const settings = dynamoSettings();

export const handler = httpHandler(logger, async (event) => {
  const from = event.queryStringParameters?.from ?? '';
  const daysText = event.queryStringParameters?.days ?? '';
  const errors: FieldError[] = [];
  if (!isValidDate(from)) {
    errors.push({ pointer: '/from', detail: '请以“年-月-日”格式填写日期，例如 2026-10-08' });
  } else if (from < EARLIEST || from > LATEST) {
    // Ten years of working days from the last day allowed still end before year 10000, where
    // dates stop being YYYY-MM-DD (the calendar would throw, and a 500 would answer a typo).
    errors.push({ pointer: '/from', detail: `日期应在 ${EARLIEST} 至 ${LATEST} 之间` });
  }
  const days = Number(daysText);
  if (!/^\d{1,4}$/.test(daysText) || days > MAX_DAYS) {
    errors.push({ pointer: '/days', detail: `工作日天数应为 0 到 ${MAX_DAYS} 之间的整数` });
  }
  if (errors.length > 0) throw new ValidationError(errors);
  const calendar = await settings.calendar();
  const { date, covered } = calendar.addWorkingDays(from, days);
  return json(200, { date, covered });
});
