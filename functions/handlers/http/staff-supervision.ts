/**
 * GET /api/staff/supervision — the overdue open work items across units, by unit, each with how
 * many working days it is late (the leaders' list). Payers' names masked: it is a list (PIPL).
 */
import { dynamoCaseStore } from '#adapters/case-store.ts';
import { systemClock } from '#adapters/clock.ts';
import { dynamoSettings } from '#adapters/settings.ts';
import { maskName } from '#core/identifiers.ts';
import { STATUS_LABELS } from '#core/lifecycle.ts';
import { overdueWork } from '#core/supervision.ts';
import { unitLabel } from '#core/units.ts';
import { workLine } from '#core/work.ts';
import { principalOf } from '#platform/auth.ts';
import { httpHandler, json } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';

const logger = functionLogger();
const deps = { store: dynamoCaseStore(), clock: systemClock, settings: dynamoSettings() };

export const handler = httpHandler(logger, async (event) => {
  // NotAllowedError (not a leader, the office or an administrator) answers 403.
  const groups = await overdueWork(await principalOf(event), deps);
  return json(200, {
    units: groups.map(({ unit, items }) => ({
      unit,
      unitLabel: unitLabel(unit),
      count: items.length,
      items: items.map(({ item, case: c, lateDays }) => ({
        ...workLine(item, c.caseNumber),
        unit: item.unit,
        due: item.due,
        dueCovered: item.covered,
        lateDays,
        status: c.status,
        statusLabel: STATUS_LABELS[c.status],
        payerName: maskName(c.payer.name, c.payer.kind),
      })),
    })),
  });
});
