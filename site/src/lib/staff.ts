/**
 * Choices and words the staff pages show, read from the API's own modules at build time and
 * embedded in each page as a JSON data island, so no browser script imports zod or `functions/`.
 */
import {
  ASSISTING_UNITS,
  CHANNELS,
  REGISTERED_CHANNELS,
  RETURN_REASONS,
} from '#contracts/staff.ts';
import { DEFAULT_DEADLINES } from '#core/deadlines.ts';
import { CASE_STATUSES, STATUS_LABELS } from '#core/lifecycle.ts';
import { INSURANCES, MATTERS } from '#core/matters.ts';
import { REMEDIES } from '#core/remedies.ts';
import { UNITS } from '#core/units.ts';

export { ASSISTING_UNITS, CHANNELS, REGISTERED_CHANNELS, REMEDIES, RETURN_REASONS };

const toMap = (list: readonly { id: string; label: string }[]) =>
  Object.fromEntries(list.map((x) => [x.id, x.label]));

/** Id → label maps every staff script may need. */
export const STAFF_LABELS = {
  statuses: STATUS_LABELS as Record<string, string>,
  units: toMap(UNITS),
  matters: toMap(MATTERS),
  insurances: toMap(INSURANCES),
  channels: toMap(CHANNELS),
  reasons: toMap(RETURN_REASONS),
  routes: Object.fromEntries(REMEDIES.map((r) => [r.route, r.label])),
  roles: { staff: '承办人', head: '负责人', leader: '领导小组', admin: '管理员' } as Record<
    string,
    string
  >,
};

export type StaffLabels = typeof STAFF_LABELS;

/** Statuses in lifecycle order, with labels, for the inbox filter. */
export const STATUS_CHOICES = CASE_STATUSES.map((id) => ({ id, label: STATUS_LABELS[id] }));

/** Member units a case can be assigned to or a consultation can include (not the office itself). */
export const MEMBER_UNITS = UNITS.filter((u) => u.id !== 'office');

export { DEFAULT_DEADLINES, INSURANCES, MATTERS, UNITS };

/** The routing mode in words, for the case page. */
export const MODE_WORDS = {
  single: '由一个单位办理',
  joint: '涉及两个或两个以上单位，由争议处理工作室统一受理、协调联合办理',
  triage: '一时无法确定承办单位，交争议处理工作室分办',
};

/** What each kind of report is called (functions/core/report.ts, Report['kind']). */
export const REPORT_KINDS: Record<'weekly' | 'monthly' | 'on-demand', string> = {
  weekly: '周报',
  monthly: '月报',
  'on-demand': '专题统计',
};
