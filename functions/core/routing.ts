/**
 * Routing (审核转办, DESIGN.md §4): which unit answers which matter, as one table of rules that
 * `route` interprets. Each rule cites the clause of the seed that gives the duty, so a decision
 * can be explained to the payer and the units without reading code.
 *
 * Where the seed and DESIGN.md differ, the table follows DESIGN.md (the project's reading of the
 * seed) and the rule's comment says so.
 */
import {
  COLLECTION_MATTERS,
  type CollectionMatter,
  type Insurance,
  type Matter,
  type MatterType,
  RIGHTS_MATTERS,
} from '#core/matters.ts';
import { isUnitId, OFFICE, UNIT_IDS, type UnitId } from '#core/units.ts';

export type RoutingMode = 'single' | 'joint' | 'triage';

/** Which side of the cut-off a period lies on; `any` matches whatever the period. */
export type PeriodSide = 'before' | 'from' | 'any';

/**
 * When a rule fires.
 * - `matter`: for each part of a matter (its period's side of the cut-off × each insurance type)
 *   whose type, side and insurance match;
 * - `unplaced`: for a matter part no `matter` rule places (the catch-all, so routing is total);
 * - `returned`: for a matter part whose only units were excluded (a unit returned the case);
 * - `joint`: for a case whose matters need two or more units.
 */
export type RuleTrigger =
  | {
      kind: 'matter';
      matters: readonly MatterType[];
      period: PeriodSide;
      /** The insurance types the rule covers, or `any`. */
      insurance: readonly Insurance[] | 'any';
    }
  | { kind: 'unplaced' }
  | { kind: 'returned' }
  | { kind: 'joint' };

/**
 * What firing does to the unit: `responsible` makes it answer the matter (承办), `assisting` names
 * it as a unit the lead may consult (协办), `triage` sends the case to the office to place by hand,
 * `explain` changes nothing and is recorded so the decision reads completely.
 */
export type RuleEffect = 'responsible' | 'assisting' | 'triage' | 'explain';

/** One row of the routing table. */
export interface RoutingRule {
  /** Stable kebab-case id, stored on the case and shown in the HTTP answer. */
  id: string;
  /** The rule in plain Chinese, for staff pages. */
  summary: string;
  /** The seed clause cited, e.g. `二(二)1`. */
  clause: string;
  when: RuleTrigger;
  effect: RuleEffect;
  unit: UnitId;
}

/**
 * The first contribution month collected by the tax bureau: periods are `YYYY-MM`, inclusive, and
 * `2024-04` and later is "from the cut-off". The seed says 2024年4月1日之后 for tax (二(二)1) and
 * 2024年4月1日前 for the others (二(二)7–9), so 1 April itself belongs to tax (DESIGN.md §4.1).
 */
export const CUT_OFF_MONTH = '2024-04';

const COLLECTION: readonly CollectionMatter[] = COLLECTION_MATTERS.map((m) => m.id);
/** Collection matters with a pre-cut-off owner: all but 违法处罚 (see penalty-before-cutoff). */
const COLLECTION_BEFORE: readonly CollectionMatter[] = COLLECTION.filter((m) => m !== 'penalty');
const RIGHTS: readonly MatterType[] = RIGHTS_MATTERS.map((m) => m.id);

/**
 * The table, in the order decisions list their rules. Order matters only for display.
 *
 * Seed clauses 7, 8 and 9 give si-center, employment and medical the same two duties for their
 * insurance types; DESIGN.md §2 reads them as: si-center pension and work-injury, employment
 * unemployment, medical medical and maternity.
 */
export const ROUTING_RULES: readonly RoutingRule[] = [
  {
    // 二(二)1 lists 缴费申报、费款征收、退费审核、欠费追缴、违法处罚 after 1 April 2024; DESIGN.md
    // §4.1 gives tax every collection matter of that period, base and amount included, because
    // after the transfer the base and the amount are set in the declaration tax receives.
    id: 'collection-from-cutoff',
    summary:
      '2024年4月1日及以后所属期的征缴事项（缴费申报、缴费基数、缴费金额、费款征收、退费审核、欠费追缴、违法处罚）由旗税务局负责',
    clause: '二(二)1',
    when: { kind: 'matter', matters: COLLECTION, period: 'from', insurance: 'any' },
    effect: 'responsible',
    unit: 'tax',
  },
  {
    // 二(二)7 names 缴费基数、缴费金额、退费审核、欠费追缴 before the cut-off; DESIGN.md §4.2 adds
    // 缴费申报 and 费款征收 of those periods, which the centre collected itself before the transfer.
    id: 'collection-before-cutoff-si-center',
    summary:
      '2024年4月1日前所属期的养老保险、工伤保险征缴事项（缴费基数、缴费金额、退费审核、欠费追缴等）由旗社会保险事业服务中心负责',
    clause: '二(二)7',
    when: {
      kind: 'matter',
      matters: COLLECTION_BEFORE,
      period: 'before',
      insurance: ['pension', 'work-injury'],
    },
    effect: 'responsible',
    unit: 'si-center',
  },
  {
    // 二(二)8: 2024年4月1日前的失业保险缴费基数、缴费金额、退费审核、欠费追缴 (same reading as above).
    id: 'collection-before-cutoff-employment',
    summary:
      '2024年4月1日前所属期的失业保险征缴事项（缴费基数、缴费金额、退费审核、欠费追缴等）由旗就业服务中心负责',
    clause: '二(二)8',
    when: {
      kind: 'matter',
      matters: COLLECTION_BEFORE,
      period: 'before',
      insurance: ['unemployment'],
    },
    effect: 'responsible',
    unit: 'employment',
  },
  {
    // 二(二)9: 2024年4月1日前的医疗保险、生育保险缴费基数、缴费金额、退费审核、欠费追缴.
    id: 'collection-before-cutoff-medical',
    summary:
      '2024年4月1日前所属期的医疗保险、生育保险征缴事项（缴费基数、缴费金额、退费审核、欠费追缴等）由旗医疗保障局负责',
    clause: '二(二)9',
    when: {
      kind: 'matter',
      matters: COLLECTION_BEFORE,
      period: 'before',
      insurance: ['medical', 'maternity'],
    },
    effect: 'responsible',
    unit: 'medical',
  },
  {
    // 二(二)1 gives tax 违法处罚 only after the cut-off and 二(二)7–9 list no penalty duty, so the
    // seed names no owner: the office places it by hand (DESIGN.md §4.2).
    id: 'penalty-before-cutoff',
    summary: '2024年4月1日前所属期的违法处罚事项，文件未明确承办单位，由争议处理工作室分办',
    clause: '二(二)1、7—9',
    when: { kind: 'matter', matters: ['penalty'], period: 'before', insurance: 'any' },
    effect: 'triage',
    unit: OFFICE,
  },
  {
    // 二(二)7: 参保登记信息、政策性补缴、权益记录、待遇享受、退费复核、特殊缴费业务核定, whatever
    // the period (DESIGN.md §4.4).
    id: 'rights-si-center',
    summary:
      '养老保险、工伤保险的权益类事项（参保登记信息、政策性补缴、权益记录、待遇享受、退费复核、特殊缴费业务核定）不论所属期，由旗社会保险事业服务中心负责',
    clause: '二(二)7',
    when: { kind: 'matter', matters: RIGHTS, period: 'any', insurance: ['pension', 'work-injury'] },
    effect: 'responsible',
    unit: 'si-center',
  },
  {
    // 二(二)8 lists the same rights duties for unemployment insurance except 特殊缴费业务核定;
    // DESIGN.md §2 ("the same for unemployment insurance") gives employment that one too, since
    // no other unit holds unemployment records.
    id: 'rights-employment',
    summary:
      '失业保险的权益类事项（参保登记信息、政策性补缴、权益记录、待遇享受、退费复核、特殊缴费业务核定）不论所属期，由旗就业服务中心负责',
    clause: '二(二)8',
    when: { kind: 'matter', matters: RIGHTS, period: 'any', insurance: ['unemployment'] },
    effect: 'responsible',
    unit: 'employment',
  },
  {
    // 二(二)9 names 医疗保险费 rights duties; maternity insurance is merged into medical insurance
    // and managed by the medical security bureau, so DESIGN.md §2 routes it there too.
    id: 'rights-medical',
    summary:
      '医疗保险、生育保险的权益类事项（参保登记信息、政策性补缴、权益记录、待遇享受、退费复核、特殊缴费业务核定）不论所属期，由旗医疗保障局负责',
    clause: '二(二)9',
    when: { kind: 'matter', matters: RIGHTS, period: 'any', insurance: ['medical', 'maternity'] },
    effect: 'responsible',
    unit: 'medical',
  },
  {
    id: 'labour-relation',
    summary: '劳动关系相关争议事项由旗人力资源和社会保障局负责',
    clause: '二(二)6',
    when: { kind: 'matter', matters: ['labour-relation'], period: 'any', insurance: 'any' },
    effect: 'responsible',
    unit: 'hrss',
  },
  {
    id: 'labour-litigation',
    summary: '涉社会保险费征缴的劳动争议案件由旗人民法院受理',
    clause: '二(二)3',
    when: { kind: 'matter', matters: ['labour-litigation'], period: 'any', insurance: 'any' },
    effect: 'responsible',
    unit: 'court',
  },
  {
    // The payer could not name the matter: the office, which 附件1(二) charges with 争议协调处理,
    // works out who owns it (DESIGN.md §4.5).
    id: 'other',
    summary: '其他或无法归类的争议事项由争议处理工作室分办',
    clause: '附件1(二)',
    when: { kind: 'matter', matters: ['other'], period: 'any', insurance: 'any' },
    effect: 'triage',
    unit: OFFICE,
  },
  {
    // Only a matter the table cannot place reaches here (e.g. a rights matter naming no insurance
    // type, which the intake form refuses): better the office than a lost case.
    id: 'unplaced',
    summary: '按职责无法确定承办单位的事项，由争议处理工作室分办',
    clause: '附件1(二)',
    when: { kind: 'unplaced' },
    effect: 'triage',
    unit: OFFICE,
  },
  {
    // 三(一)1: a unit that finds a matter outside its duties must hand it on, not drop it; with
    // the returning unit excluded no rule names another owner, so the office places it.
    id: 'returned-to-office',
    summary: '承办单位退回且无其他职责单位的事项，转争议处理工作室分办',
    clause: '三(一)1',
    when: { kind: 'returned' },
    effect: 'triage',
    unit: OFFICE,
  },
  {
    id: 'finance-assists',
    summary: '退费审核、退费复核、欠费追缴事项，由旗财政局协助办理',
    clause: '二(二)5',
    when: {
      kind: 'matter',
      matters: ['refund-review', 'refund-recheck', 'arrears'],
      period: 'any',
      insurance: 'any',
    },
    effect: 'assisting',
    unit: 'finance',
  },
  {
    id: 'joint-to-office',
    summary: '需要两个及两个以上单位联合办理的争议，由争议处理工作室受理并分类处置',
    clause: '三(一)2',
    when: { kind: 'joint' },
    effect: 'explain',
    unit: OFFICE,
  },
];

/** Where a case goes and why. */
export interface RoutingDecision {
  mode: RoutingMode;
  /** single: the unit; joint: the responsible units (UNIT_IDS order); triage: ['office']. */
  units: UnitId[];
  /** Units named to assist (协办), UNIT_IDS order. */
  assisting: UnitId[];
  /** Ids of the rules that fired, in table order. */
  rules: string[];
  /** The unit whose queue receives the case: the single unit, or 'office'. */
  target: UnitId;
}

/**
 * The responsible units of a joint case (seed 三(一)2: each takes part in its handling); none for a
 * single-unit or triage case. Takes the staff view's strings as well as a stored decision.
 */
export function jointUnits(routing: { mode: string; units: readonly string[] }): UnitId[] {
  return routing.mode === 'joint' ? routing.units.filter(isUnitId).filter((u) => u !== OFFICE) : [];
}

/**
 * The units some rule makes responsible for a matter (tax, the three centres, hrss, the court), in
 * UNIT_IDS order: the units a case can be given to handle. The others assist, give opinions,
 * convene or pass cases on (DESIGN.md §2).
 */
export const RESPONSIBLE_UNITS: readonly UnitId[] = UNIT_IDS.filter((u) =>
  ROUTING_RULES.some((r) => r.effect === 'responsible' && r.unit === u),
);

const byId = new Map(ROUTING_RULES.map((r) => [r.id, r]));

/** The rule with this id, if the table has one (ids stored on old cases may be retired). */
export function ruleById(id: string): RoutingRule | undefined {
  return byId.get(id);
}

function rulesOf(kind: RuleTrigger['kind']): RoutingRule[] {
  return ROUTING_RULES.filter((r) => r.when.kind === kind);
}

/** The sides of the cut-off a period touches: a straddling period has both (DESIGN.md §4.3). */
function sidesOf(period: Matter['period']): Set<'before' | 'from'> {
  const sides = new Set<'before' | 'from'>();
  // A reversed period (to < from) touches no side; only `any` rules can then place it.
  if (period.from > period.to) return sides;
  if (period.from < CUT_OFF_MONTH) sides.add('before');
  if (period.to >= CUT_OFF_MONTH) sides.add('from');
  return sides;
}

function matches(
  rule: RoutingRule,
  type: MatterType,
  side: 'before' | 'from' | undefined,
  insurance: Insurance | undefined,
): boolean {
  const w = rule.when;
  if (w.kind !== 'matter' || !w.matters.includes(type)) return false;
  if (w.period !== 'any' && w.period !== side) return false;
  if (w.insurance === 'any') return true;
  return insurance !== undefined && w.insurance.includes(insurance);
}

/**
 * Routes a case: every matter is split into parts (side of the cut-off × insurance type), each
 * part is placed by the table, and the case goes to the one unit of all parts, or to the office
 * when there are several (joint) or when a part has no owner (triage, which wins). Units in
 * `exclude` (those that returned the case) are dropped; a part left with no unit goes to the office.
 */
export function route(
  matters: readonly Matter[],
  options: { exclude?: readonly UnitId[] } = {},
): RoutingDecision {
  // The office is the last resort (三(一)2) and cannot be excluded.
  const exclude = new Set((options.exclude ?? []).filter((u) => u !== OFFICE));
  const fired = new Set<RoutingRule>();
  const responsible = new Set<UnitId>();
  const assisting = new Set<UnitId>();
  let triage = false;

  const fire = (rule: RoutingRule): void => {
    fired.add(rule);
    if (rule.effect === 'triage') triage = true;
  };

  for (const matter of matters) {
    const sides: ('before' | 'from' | undefined)[] = [...sidesOf(matter.period)];
    if (sides.length === 0) sides.push(undefined);
    const insurances: (Insurance | undefined)[] =
      matter.insurance.length > 0 ? [...new Set(matter.insurance)] : [undefined];
    for (const side of sides) {
      for (const insurance of insurances) {
        const hits = ROUTING_RULES.filter((r) => matches(r, matter.type, side, insurance));
        let owners = 0;
        let dropped = 0;
        for (const rule of hits) {
          if (rule.effect === 'assisting') {
            if (!exclude.has(rule.unit)) {
              fired.add(rule);
              assisting.add(rule.unit);
            }
          } else if (rule.effect === 'triage') {
            fire(rule);
            owners += 1;
          } else if (exclude.has(rule.unit)) {
            dropped += 1;
          } else {
            fired.add(rule);
            responsible.add(rule.unit);
            owners += 1;
          }
        }
        if (owners === 0) {
          for (const rule of rulesOf(dropped > 0 ? 'returned' : 'unplaced')) fire(rule);
        }
      }
    }
  }
  if (matters.length === 0) for (const rule of rulesOf('unplaced')) fire(rule);

  const units = UNIT_IDS.filter((u) => responsible.has(u));
  // No unit at all cannot happen (every part has an owner or fires a triage rule); if it ever
  // did, the office is the safe place for the case.
  const mode: RoutingMode =
    triage || units.length === 0 ? 'triage' : units.length === 1 ? 'single' : 'joint';
  if (mode === 'joint') for (const rule of rulesOf('joint')) fired.add(rule);

  return {
    mode,
    units: mode === 'triage' ? [OFFICE] : units,
    assisting: UNIT_IDS.filter((u) => assisting.has(u)),
    rules: ROUTING_RULES.filter((r) => fired.has(r)).map((r) => r.id),
    target: mode === 'single' ? (units[0] ?? OFFICE) : OFFICE,
  };
}

/**
 * The decision in Chinese sentences, one per fired rule with its clause, for staff pages and the
 * case timeline: 「……由旗税务局负责（依据《联合处置机制》二(二)1）」.
 */
export function describeDecision(decision: RoutingDecision): string[] {
  return decision.rules
    .map((id) => ruleById(id))
    .filter((r): r is RoutingRule => r !== undefined)
    .map((r) => `${r.summary}（依据《联合处置机制》${r.clause}）`);
}
