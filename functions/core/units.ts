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

/**
 * Each unit's full official name, as a printed form or notice signs and seals with it (issue 13):
 * the short labels above are what people say in the building, not what a seal reads. Defaults
 * from the seed's own wording (annex 1 and 二(二)) with the county's name in full; the tax bureau
 * is a vertical branch of the State Taxation Administration, hence 国家税务总局…; the cyberspace
 * office is the banner Party committee's, hence 中共…委员会…. An administrator corrects any of
 * them without a release (`npm run admin -- names set <unit>=<name>`, settings `officialNames`).
 */
export const DEFAULT_OFFICIAL_NAMES: Readonly<Record<UnitId, string>> = {
  tax: '国家税务总局翁牛特旗税务局',
  'gov-office': '翁牛特旗人民政府办公室',
  court: '翁牛特旗人民法院',
  justice: '翁牛特旗司法局',
  finance: '翁牛特旗财政局',
  hrss: '翁牛特旗人力资源和社会保障局',
  'si-center': '翁牛特旗社会保险事业服务中心',
  employment: '翁牛特旗就业服务中心',
  medical: '翁牛特旗医疗保障局',
  'data-bureau': '翁牛特旗行政审批政务服务与数据管理局',
  petition: '翁牛特旗信访局',
  cyberspace: '中共翁牛特旗委员会网络安全和信息化委员会办公室',
  police: '翁牛特旗公安局',
  office: '翁牛特旗社会保险费征缴争议处理工作室',
};

export type OfficialNames = Readonly<Record<UnitId, string>>;

/** A unit's full official name: the administrator's, else the default; an unknown id as it is. */
export function officialName(
  id: string,
  names: Partial<OfficialNames> = DEFAULT_OFFICIAL_NAMES,
): string {
  return isUnitId(id) ? (names[id] ?? DEFAULT_OFFICIAL_NAMES[id]) : id;
}

/** True when `value` is one of the unit ids. */
export function isUnitId(value: string): value is UnitId {
  return labels.has(value);
}
