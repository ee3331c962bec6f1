/**
 * The member units of the joint mechanism (seed 二(一), 二(二)) and the joint office (seed 三(一)2).
 * Ids are stable and appear in keys, queue names and the HTTP contract; labels are what people read.
 */
export const UNITS = [
  { id: 'tax', label: '旗税务局' },
  { id: 'gov-office', label: '旗政府办' },
  { id: 'court', label: '旗人民法院' },
  { id: 'justice', label: '旗司法局' },
  { id: 'finance', label: '旗财政局' },
  { id: 'hrss', label: '旗人力资源和社会保障局' },
  { id: 'si-center', label: '旗社会保险事业服务中心' },
  { id: 'employment', label: '旗就业服务中心' },
  { id: 'medical', label: '旗医疗保障局' },
  { id: 'data-bureau', label: '旗行政审批政务服务与数据管理局' },
  { id: 'petition', label: '旗信访局' },
  { id: 'cyberspace', label: '旗委网信办' },
  // A member unit of the leading group (seed 二(一)) with no duty of its own in 二(二): it gives
  // opinions, joins consultations and takes the leading group's assignments when asked. No
  // routing rule names it.
  { id: 'police', label: '旗公安局' },
  { id: 'office', label: '社会保险费征缴争议处理工作室' },
] as const;

export type UnitId = (typeof UNITS)[number]['id'];

export const UNIT_IDS: readonly UnitId[] = UNITS.map((u) => u.id);

/** The joint office: receives joint cases (two or more units) and cases no rule can place. */
export const OFFICE: UnitId = 'office';

const labels = new Map<string, string>(UNITS.map((u) => [u.id, u.label]));

/** The Chinese label of a unit, for pages and printed forms. */
export function unitLabel(id: UnitId): string {
  return labels.get(id) ?? id;
}

/** True when `value` is one of the unit ids. */
export function isUnitId(value: string): value is UnitId {
  return labels.has(value);
}
