/** What a dispute is about (DESIGN.md §3): matter types and insurance types, with their labels. */

export const COLLECTION_MATTERS = [
  { id: 'declaration', label: '缴费申报' },
  { id: 'base', label: '缴费基数' },
  { id: 'amount', label: '缴费金额' },
  { id: 'collection', label: '费款征收' },
  { id: 'refund-review', label: '退费审核' },
  { id: 'arrears', label: '欠费追缴' },
  { id: 'penalty', label: '违法处罚' },
] as const;

export const RIGHTS_MATTERS = [
  { id: 'registration', label: '参保登记信息' },
  { id: 'back-payment', label: '政策性补缴' },
  { id: 'rights-record', label: '权益记录' },
  { id: 'benefits', label: '待遇享受' },
  { id: 'refund-recheck', label: '退费复核' },
  { id: 'special-verification', label: '特殊缴费业务核定' },
] as const;

export const OTHER_MATTERS = [
  { id: 'labour-relation', label: '劳动关系' },
  { id: 'labour-litigation', label: '涉社保费劳动争议案件' },
  { id: 'other', label: '其他' },
] as const;

export const MATTERS = [...COLLECTION_MATTERS, ...RIGHTS_MATTERS, ...OTHER_MATTERS] as const;

export type CollectionMatter = (typeof COLLECTION_MATTERS)[number]['id'];
export type RightsMatter = (typeof RIGHTS_MATTERS)[number]['id'];
export type OtherMatter = (typeof OTHER_MATTERS)[number]['id'];
export type MatterType = (typeof MATTERS)[number]['id'];

export const MATTER_TYPES = MATTERS.map((m) => m.id) as [MatterType, ...MatterType[]];

export const INSURANCES = [
  { id: 'pension', label: '养老保险' },
  { id: 'work-injury', label: '工伤保险' },
  { id: 'unemployment', label: '失业保险' },
  { id: 'medical', label: '医疗保险' },
  { id: 'maternity', label: '生育保险' },
] as const;

export type Insurance = (typeof INSURANCES)[number]['id'];

export const INSURANCE_TYPES = INSURANCES.map((i) => i.id) as [Insurance, ...Insurance[]];

/** Matter types whose routing depends on the insurance type (all but the "other" group). */
export function needsInsurance(type: MatterType): boolean {
  return !OTHER_MATTERS.some((m) => m.id === type);
}

export function isCollectionMatter(type: MatterType): type is CollectionMatter {
  return COLLECTION_MATTERS.some((m) => m.id === type);
}

export function isRightsMatter(type: MatterType): type is RightsMatter {
  return RIGHTS_MATTERS.some((m) => m.id === type);
}

/** A contribution period, inclusive, as year-months `YYYY-MM`. */
export interface Period {
  from: string;
  to: string;
}

/** One matter of a dispute: its type, the insurance types it concerns and the period. */
export interface Matter {
  type: MatterType;
  insurance: Insurance[];
  period: Period;
}

const matterLabels = new Map<string, string>(MATTERS.map((m) => [m.id, m.label]));
const insuranceLabels = new Map<string, string>(INSURANCES.map((i) => [i.id, i.label]));

export function matterLabel(type: MatterType): string {
  return matterLabels.get(type) ?? type;
}

export function insuranceLabel(type: Insurance): string {
  return insuranceLabels.get(type) ?? type;
}
