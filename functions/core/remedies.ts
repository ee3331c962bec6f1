/**
 * Where a payer who objects to the answer can go (seed 三(二): 司法调解、行政复议、仲裁、行政诉讼),
 * with the time limits the law sets. Shown on the answer page; the chosen route is recorded.
 * Places are the county's usual bodies; an administrator-edited list may replace them later.
 */
import type { ObjectionRoute, RemedyOutcome } from './case.ts';
import { type UnitId, unitLabel } from './units.ts';

export interface Remedy {
  route: ObjectionRoute;
  label: string;
  /** Where to go, in plain words. */
  where: string;
  /** The statutory time limit, in plain words, with the law that sets it. */
  limit: string;
  /** When this route fits. */
  fits: string;
}

export const REMEDIES: readonly Remedy[] = [
  {
    route: 'mediation',
    label: '司法调解',
    where: '旗人民法院诉调对接中心，或所在苏木乡镇、嘎查村的人民调解委员会',
    limit: '法律没有规定申请期限。调解期间，其他途径的期限照常计算，请同时留意。',
    fits: '希望在第三方主持下与对方协商解决，费用低、时间短。',
  },
  {
    route: 'reconsideration',
    label: '行政复议',
    // 行政复议法 (revised 2023, in force 2024-01-01) 第二十四条: a county department's act goes to the
    // county government; 第二十七条: a tax authority's act to the tax authority one level up. The
    // old choice of the department's own superior is gone.
    where:
      '对旗税务局的决定不服的，向赤峰市税务局申请；对其他旗级部门（如社保中心、医保局）的决定不服的，向旗人民政府申请（行政复议机构设在旗司法局）',
    limit: '自知道该行政行为之日起 60 日内提出（《中华人民共和国行政复议法》第二十条）。',
    fits: '认为税务、社保等部门的决定（如核定、征收、处罚）不合法或不合理。',
  },
  {
    route: 'arbitration',
    label: '劳动人事争议仲裁',
    where: '旗劳动人事争议仲裁委员会（在旗人力资源和社会保障局）',
    limit:
      '自知道或者应当知道权利被侵害之日起 1 年内申请（《中华人民共和国劳动争议调解仲裁法》第二十七条）。',
    // Arbitration takes disputes between worker and employer; whether contributions are owed, and
    // how much, is for the collecting authority (the other routes), not for arbitration.
    fits: '争议是您与用人单位之间的劳动争议，例如是否存在劳动关系，或者单位没有为您参保、导致您享受不到社会保险待遇而要求赔偿损失。',
  },
  {
    route: 'litigation',
    label: '行政诉讼',
    where: '旗人民法院',
    limit:
      '自知道作出行政行为之日起 6 个月内起诉；先申请行政复议的，自收到复议决定书之日起 15 日内起诉（《中华人民共和国行政诉讼法》第四十五条、第四十六条）。',
    fits: '认为行政机关的决定侵犯了您的合法权益，希望由法院审理。',
  },
];

/**
 * The routes after an answer of the court alone (seed 二(二)3: 对涉社会保险费征缴的劳动争议案件予以
 * 受理，对上诉需求的缴费人提供业务指导): a labour dispute goes to arbitration first, then to the
 * court, and a judgement to the intermediate court on appeal. 行政复议 and 行政诉讼 lie against
 * administrative acts, never a court's: two reviews (2026-12-05) found the court's sealed notice
 * sending the payer to the county government. The route stays `litigation`, labelled 起诉或上诉.
 */
const byRoute = (route: ObjectionRoute) => REMEDIES.find((r) => r.route === route) as Remedy;
const COURT_REMEDIES: readonly Remedy[] = [
  byRoute('mediation'),
  byRoute('arbitration'),
  {
    route: 'litigation',
    label: '起诉或上诉',
    where:
      '对劳动人事争议仲裁裁决不服的，向旗人民法院起诉；对旗人民法院的判决、裁定不服的，向赤峰市中级人民法院上诉',
    limit:
      '对仲裁裁决不服的，自收到裁决书之日起 15 日内起诉（《中华人民共和国劳动争议调解仲裁法》第四十八条、第五十条）；对一审判决不服的，自判决书送达之日起 15 日内上诉，对裁定不服的，自裁定书送达之日起 10 日内上诉（《中华人民共和国民事诉讼法》）。',
    fits: '涉社会保险费的劳动争议，需要由人民法院依法审理。',
  },
];

const TAX_BODY = '赤峰市税务局（对旗税务局的决定不服，向上一级税务机关申请）';
const COUNTY_BODY = '旗人民政府（行政复议机构设在旗司法局）';

/**
 * Units whose acts 行政复议 does not review: the office (工作室) coordinates and decides nothing of
 * its own; a court's acts are judicial, and a 信访 opinion goes to 复查 and 复核 instead.
 */
const NOT_RECONSIDERED: ReadonlySet<UnitId> = new Set<UnitId>(['office', 'court', 'petition']);

/**
 * Where to apply for 行政复议 against the acts of `units` (the articles cited above): one place
 * when they all go to one, else each place with the units whose acts go there.
 */
function reconsiderationAt(units: readonly UnitId[]): string | undefined {
  const deciders = [...new Set(units)].filter((u) => !NOT_RECONSIDERED.has(u));
  const others = deciders.filter((u) => u !== 'tax');
  if (deciders.length === 0) return undefined;
  if (others.length === 0) return TAX_BODY;
  if (others.length === deciders.length) return COUNTY_BODY;
  return `对旗税务局的决定不服的，向赤峰市税务局申请；对${others.map(unitLabel).join('、')}的决定不服的，向${COUNTY_BODY}申请`;
}

/**
 * The routes as a payer answered for `units` reads them (the unit that answered and the units the
 * case's matters belong to): 行政复议 names the place for those units' acts, where the general text
 * names both (a payer review, 2026-12-04, was shown the tax bureau's place on an answer from the
 * social insurance centre). A joint answer of the tax bureau and another unit names each unit's
 * place. Units that only attended a consultation decide nothing in the answer and are not
 * passed: an act another unit takes later carries its own notice of remedies. Without a unit,
 * the general text.
 */
/**
 * Whose acts the answer covers: the unit that answered and the units of the case's matters, whose
 * routes of objection apply (`remediesFor`; the court's alone differ). For a case or its views.
 */
export const decidingUnits = (c: {
  answer?: { unit: string } | null;
  routing: { units: readonly string[] };
}): UnitId[] => [...(c.answer ? [c.answer.unit] : []), ...c.routing.units] as UnitId[];

export function remediesFor(units?: UnitId | readonly UnitId[] | null): readonly Remedy[] {
  const list = units ? [units].flat() : [];
  const where = reconsiderationAt(list);
  if (!where && list.includes('court')) return COURT_REMEDIES;
  if (!where) return REMEDIES;
  return REMEDIES.map((r) => (r.route === 'reconsideration' ? { ...r, where } : r));
}

/**
 * A route as it reads for `units`; one those units' list leaves out (行政复议 recorded on a case the
 * court answered, before that route was withdrawn there) reads as the general text rather than
 * vanishing (a code review, 2026-12-05).
 */
export function remedy(
  route: ObjectionRoute,
  units?: UnitId | readonly UnitId[] | null,
): Remedy | undefined {
  return (
    remediesFor(units).find((r) => r.route === route) ?? REMEDIES.find((r) => r.route === route)
  );
}

/** How far the remedy has gone, in plain words, for the staff form, the case page and reports. */
export const REMEDY_OUTCOME_LABELS: Record<RemedyOutcome, string> = {
  'in-progress': '已受理、正在进行',
  'mediation-agreement': '达成调解协议',
  'judicial-confirmation': '调解协议经法院司法确认',
  'reconsideration-decision': '作出行政复议决定',
  'arbitration-award': '作出仲裁裁决',
  judgement: '法院作出判决',
  withdrawn: '缴费人撤回',
};

/**
 * The outcomes each route can reach: its own decision, a mediated agreement where that body
 * mediates (arbitration and courts do), a court's judgement after any route (a reconsideration
 * or an award can be taken to court, a failed mediation too), and withdrawal. A staff review
 * (2026-12-05) recorded 「作出行政复议决定」 on a payer who had chosen arbitration.
 */
export const OUTCOMES_BY_ROUTE: Record<ObjectionRoute, readonly RemedyOutcome[]> = {
  mediation: [
    'in-progress',
    'mediation-agreement',
    'judicial-confirmation',
    'judgement',
    'withdrawn',
  ],
  reconsideration: ['in-progress', 'reconsideration-decision', 'judgement', 'withdrawn'],
  arbitration: [
    'in-progress',
    'mediation-agreement',
    'arbitration-award',
    'judgement',
    'withdrawn',
  ],
  litigation: ['in-progress', 'mediation-agreement', 'judgement', 'withdrawn'],
};
