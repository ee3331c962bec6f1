/**
 * GET /staff/inbox — the inbox page: the unit's open work items, filtered (by kind too), overdue
 * first, a page at a time; `?view=cases` the cases the unit is involved in; `?case=<number>`
 * finds a case by its number (303 to its page).
 */
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { systemClock } from '#adapters/clock.ts';
import { dynamoSettings } from '#adapters/settings.ts';
import { CASE_NUMBER_PATTERN } from '#contracts/cases.ts';
import { InboxQuerySchema } from '#contracts/staff.ts';
import { yearToEnter } from '#core/calendar.ts';
import { InvalidCursorError } from '#core/ports.ts';
import { seesAll } from '#core/principal.ts';
import { inbox, involvedCases } from '#core/staff.ts';
import { shanghaiDate } from '#core/time.ts';
import { isUnitId, OFFICE, type UnitId } from '#core/units.ts';
import { INBOX_FILTERS, inboxPage, typedCaseNumber } from '#functions/pages/staff/inbox.ts';
import { htmlPage, seeOther } from '#platform/forms.ts';
import { functionLogger } from '#platform/logger.ts';
import { staffPageHandler } from '#platform/staff-pages.ts';

const logger = functionLogger();
const deps = { store: dynamoCaseStore(), clock: systemClock, settings: dynamoSettings() };
const KNOWN = new Set<string>([...INBOX_FILTERS, 'kind', 'unit', 'cursor', 'view']);
const PAGE_SIZE = 25;

export const handler = staffPageHandler(logger, async ({ event, principal, viewer }) => {
  // The filter form sends its empty choices too: an empty one means 「全部」.
  const query = new URLSearchParams(
    [...new URLSearchParams(event.rawQueryString ?? '')].filter(([k, v]) => KNOWN.has(k) && v),
  );
  const view = query.get('view') === 'cases' ? 'cases' : 'work';
  if (view === 'work') query.delete('view');
  const asked = query.get('unit') ?? '';
  // Office staff, leaders and administrators choose the unit; leaders start at the office's.
  const unit: UnitId = seesAll(principal) && isUnitId(asked) ? asked : (principal.unit ?? OFFICE);
  const today = shanghaiDate(systemClock.now());
  // The administrator, who enters the holiday schedules, is told when one is due.
  const calendarYear =
    principal.role === 'admin' ? yearToEnter(await deps.settings.calendar(), today) : undefined;
  const page = (status: number, o: Partial<Parameters<typeof inboxPage>[1]> = {}) =>
    htmlPage(
      status,
      inboxPage(viewer, {
        unit,
        view,
        query,
        today,
        ...(calendarYear ? { calendarYear } : {}),
        ...o,
      }),
    );

  const typed = new URLSearchParams(event.rawQueryString ?? '').get('case')?.trim();
  if (typed !== undefined && typed !== '') {
    const wanted = typedCaseNumber(typed, today.slice(0, 4));
    if (CASE_NUMBER_PATTERN.test(wanted)) return seeOther(`/staff/cases/${wanted}`);
    return page(400, {
      caseNumber: typed,
      problem: {
        title: '案件编号格式不对',
        detail: '案件编号是年份、短横线和 6 位数字，例如 2026-000123。',
      },
    });
  }

  try {
    if (view === 'cases') {
      const cursor = query.get('cursor') ?? undefined;
      return page(200, {
        cases: await involvedCases(principal, { unit, cursor, limit: PAGE_SIZE }, deps),
      });
    }
    const parsed = InboxQuerySchema.safeParse({ ...Object.fromEntries(query), unit });
    if (!parsed.success) {
      return page(400, { problem: { title: '筛选条件有误', detail: '请清除筛选后再试。' } });
    }
    return page(200, { result: await inbox(principal, parsed.data, deps) });
  } catch (error) {
    if (!(error instanceof InvalidCursorError)) throw error;
    return page(400, { problem: { title: '翻页参数无效', detail: '请从第一页重新查看。' } });
  }
});
