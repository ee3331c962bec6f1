import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  INSURANCE_TYPES,
  type Insurance,
  MATTER_TYPES,
  type Matter,
  type MatterType,
} from '#core/matters.ts';
import {
  CUT_OFF_MONTH,
  describeDecision,
  ROUTING_RULES,
  type RoutingDecision,
  route,
  ruleById,
} from '#core/routing.ts';
import { UNIT_IDS, type UnitId } from '#core/units.ts';

const BEFORE = { from: '2023-01', to: '2023-12' };
const FROM = { from: '2024-04', to: '2024-12' };
const STRADDLING = { from: '2023-10', to: '2024-05' };

function matter(type: MatterType, insurance: Insurance[], period = FROM): Matter {
  return { type, insurance, period };
}

interface Example {
  name: string;
  matters: Matter[];
  exclude?: UnitId[];
  expected: Pick<RoutingDecision, 'mode' | 'units' | 'assisting' | 'rules'>;
}

/**
 * One worked example per rule (and then some): the table is checked below to be fully covered by
 * these, so a new rule without an example fails the suite.
 */
const EXAMPLES: Example[] = [
  {
    name: 'a declaration for months from April 2024 goes to the tax bureau alone',
    matters: [matter('declaration', ['pension'], FROM)],
    expected: { mode: 'single', units: ['tax'], assisting: [], rules: ['collection-from-cutoff'] },
  },
  {
    name: 'a period that starts exactly at the cut-off month is the tax bureau’s',
    matters: [matter('base', ['medical'], { from: CUT_OFF_MONTH, to: CUT_OFF_MONTH })],
    expected: { mode: 'single', units: ['tax'], assisting: [], rules: ['collection-from-cutoff'] },
  },
  {
    name: 'a penalty for months from April 2024 goes to the tax bureau',
    matters: [matter('penalty', ['unemployment'], FROM)],
    expected: { mode: 'single', units: ['tax'], assisting: [], rules: ['collection-from-cutoff'] },
  },
  {
    name: 'a work-injury base before the cut-off goes to the social insurance centre',
    matters: [matter('base', ['work-injury'], { from: '2023-01', to: '2024-03' })],
    expected: {
      mode: 'single',
      units: ['si-center'],
      assisting: [],
      rules: ['collection-before-cutoff-si-center'],
    },
  },
  {
    name: 'an unemployment amount before the cut-off goes to the employment centre',
    matters: [matter('amount', ['unemployment'], BEFORE)],
    expected: {
      mode: 'single',
      units: ['employment'],
      assisting: [],
      rules: ['collection-before-cutoff-employment'],
    },
  },
  {
    name: 'medical and maternity collection before the cut-off go to the medical security bureau',
    matters: [matter('collection', ['medical', 'maternity'], BEFORE)],
    expected: {
      mode: 'single',
      units: ['medical'],
      assisting: [],
      rules: ['collection-before-cutoff-medical'],
    },
  },
  {
    name: 'a penalty before the cut-off has no owner in the seed and goes to the office',
    matters: [matter('penalty', ['pension'], BEFORE)],
    expected: {
      mode: 'triage',
      units: ['office'],
      assisting: [],
      rules: ['penalty-before-cutoff'],
    },
  },
  {
    name: 'a pension registration goes to the social insurance centre whatever the period',
    matters: [matter('registration', ['pension'], FROM)],
    expected: { mode: 'single', units: ['si-center'], assisting: [], rules: ['rights-si-center'] },
  },
  {
    name: 'an unemployment special verification goes to the employment centre',
    matters: [matter('special-verification', ['unemployment'], BEFORE)],
    expected: {
      mode: 'single',
      units: ['employment'],
      assisting: [],
      rules: ['rights-employment'],
    },
  },
  {
    name: 'maternity benefits go to the medical security bureau whatever the period',
    matters: [matter('benefits', ['maternity'], STRADDLING)],
    expected: { mode: 'single', units: ['medical'], assisting: [], rules: ['rights-medical'] },
  },
  {
    name: 'a labour-relation dispute goes to the human resources and social security bureau',
    matters: [matter('labour-relation', [], BEFORE)],
    expected: { mode: 'single', units: ['hrss'], assisting: [], rules: ['labour-relation'] },
  },
  {
    name: 'a labour-dispute lawsuit goes to the court',
    matters: [matter('labour-litigation', ['pension'], FROM)],
    expected: { mode: 'single', units: ['court'], assisting: [], rules: ['labour-litigation'] },
  },
  {
    name: 'an “other” matter goes to the office to be placed by hand',
    matters: [matter('other', [], FROM)],
    expected: { mode: 'triage', units: ['office'], assisting: [], rules: ['other'] },
  },
  {
    name: 'a rights matter naming no insurance type cannot be placed and goes to the office',
    matters: [matter('rights-record', [], FROM)],
    expected: { mode: 'triage', units: ['office'], assisting: [], rules: ['unplaced'] },
  },
  {
    name: 'a case with no matters goes to the office rather than nowhere',
    matters: [],
    expected: { mode: 'triage', units: ['office'], assisting: [], rules: ['unplaced'] },
  },
  {
    name: 'arrears from the cut-off go to the tax bureau with the finance bureau assisting',
    matters: [matter('arrears', ['pension'], FROM)],
    expected: {
      mode: 'single',
      units: ['tax'],
      assisting: ['finance'],
      rules: ['collection-from-cutoff', 'finance-assists'],
    },
  },
  {
    name: 'a refund review before the cut-off names the finance bureau as assisting',
    matters: [matter('refund-review', ['unemployment'], BEFORE)],
    expected: {
      mode: 'single',
      units: ['employment'],
      assisting: ['finance'],
      rules: ['collection-before-cutoff-employment', 'finance-assists'],
    },
  },
  {
    name: 'a medical refund re-check names the finance bureau as assisting',
    matters: [matter('refund-recheck', ['medical'], FROM)],
    expected: {
      mode: 'single',
      units: ['medical'],
      assisting: ['finance'],
      rules: ['rights-medical', 'finance-assists'],
    },
  },
  {
    name: 'a straddling period splits into the part before and the part from the cut-off',
    matters: [matter('base', ['pension'], STRADDLING)],
    expected: {
      mode: 'joint',
      units: ['tax', 'si-center'],
      assisting: [],
      rules: ['collection-from-cutoff', 'collection-before-cutoff-si-center', 'joint-to-office'],
    },
  },
  {
    name: 'several insurance types in one matter map one by one',
    matters: [matter('back-payment', ['medical', 'unemployment', 'pension'], FROM)],
    expected: {
      mode: 'joint',
      units: ['si-center', 'employment', 'medical'],
      assisting: [],
      rules: ['rights-si-center', 'rights-employment', 'rights-medical', 'joint-to-office'],
    },
  },
  {
    name: 'a straddling period with three insurance types reaches four units',
    matters: [matter('amount', ['maternity', 'work-injury', 'unemployment'], STRADDLING)],
    expected: {
      mode: 'joint',
      units: ['tax', 'si-center', 'employment', 'medical'],
      assisting: [],
      rules: [
        'collection-from-cutoff',
        'collection-before-cutoff-si-center',
        'collection-before-cutoff-employment',
        'collection-before-cutoff-medical',
        'joint-to-office',
      ],
    },
  },
  {
    name: 'the units of a case are the union over its matters',
    matters: [
      matter('labour-relation', [], FROM),
      matter('declaration', ['pension'], FROM),
      matter('labour-litigation', [], FROM),
    ],
    expected: {
      mode: 'joint',
      units: ['tax', 'court', 'hrss'],
      assisting: [],
      rules: ['collection-from-cutoff', 'labour-relation', 'labour-litigation', 'joint-to-office'],
    },
  },
  {
    name: 'triage wins over joint: one unplaceable matter sends the whole case to the office',
    matters: [matter('declaration', ['pension'], FROM), matter('other', [], FROM)],
    expected: {
      mode: 'triage',
      units: ['office'],
      assisting: [],
      rules: ['collection-from-cutoff', 'other'],
    },
  },
  {
    name: 'a case returned by its only unit goes to the office',
    matters: [matter('base', ['pension'], BEFORE)],
    exclude: ['si-center'],
    expected: { mode: 'triage', units: ['office'], assisting: [], rules: ['returned-to-office'] },
  },
  {
    name: 'a returned straddling matter goes to the office: its excluded part has no other owner',
    matters: [matter('base', ['pension'], STRADDLING)],
    exclude: ['tax'],
    expected: {
      mode: 'triage',
      units: ['office'],
      assisting: [],
      rules: ['collection-before-cutoff-si-center', 'returned-to-office'],
    },
  },
  {
    name: 'excluding a unit the case never involved changes nothing',
    matters: [matter('declaration', ['pension'], FROM)],
    exclude: ['court', 'hrss'],
    expected: { mode: 'single', units: ['tax'], assisting: [], rules: ['collection-from-cutoff'] },
  },
  {
    name: 'an excluded assisting unit is no longer named to assist',
    matters: [matter('arrears', ['pension'], FROM)],
    exclude: ['finance'],
    expected: { mode: 'single', units: ['tax'], assisting: [], rules: ['collection-from-cutoff'] },
  },
  {
    name: 'the office cannot be excluded: it is the last resort',
    matters: [matter('other', [], FROM)],
    exclude: ['office'],
    expected: { mode: 'triage', units: ['office'], assisting: [], rules: ['other'] },
  },
];

function routeExample(e: Example): RoutingDecision {
  return e.exclude ? route(e.matters, { exclude: e.exclude }) : route(e.matters);
}

describe('route', () => {
  it.each(EXAMPLES)('$name', (example) => {
    // Prepare: the example's matters. Act:
    const decision = routeExample(example);
    // Assess
    expect(decision).toEqual({
      ...example.expected,
      target: example.expected.mode === 'single' ? example.expected.units[0] : 'office',
    });
  });

  it('fires every rule of the table in at least one example', () => {
    // Prepare
    const all = ROUTING_RULES.map((r) => r.id);
    // Act
    const fired = new Set(EXAMPLES.flatMap((e) => routeExample(e).rules));
    // Assess
    expect(all.filter((id) => !fired.has(id))).toEqual([]);
  });

  it('reaches every unit that handles matters', () => {
    // Prepare
    const handling: UnitId[] = [
      'tax',
      'si-center',
      'employment',
      'medical',
      'hrss',
      'court',
      'office',
    ];
    // Act
    const reached = new Set(EXAMPLES.flatMap((e) => routeExample(e).units));
    // Assess
    expect(handling.filter((u) => !reached.has(u))).toEqual([]);
  });

  it('lists joint units in the stable order of the unit list, whatever the matter order', () => {
    // Prepare
    const matters = [
      matter('benefits', ['medical'], FROM),
      matter('labour-relation', [], FROM),
      matter('declaration', ['pension'], FROM),
    ];
    // Act
    const forward = route(matters);
    const backward = route([...matters].reverse());
    // Assess
    expect(forward.units).toEqual(['tax', 'hrss', 'medical']);
    expect(backward).toEqual(forward);
  });
});

describe('the routing table', () => {
  it('has unique kebab-case ids, a clause and a Chinese summary on every rule', () => {
    // Prepare
    const ids = ROUTING_RULES.map((r) => r.id);
    // Act
    const bad = ROUTING_RULES.filter(
      (r) =>
        !/^[a-z]+(-[a-z]+)*$/.test(r.id) ||
        !/^(二|三|附件)/.test(r.clause) ||
        !/[\u4e00-\u9fff]/.test(r.summary),
    );
    // Assess
    expect(new Set(ids).size).toBe(ids.length);
    expect(bad).toEqual([]);
  });

  it('finds a rule by its id and nothing for an unknown id', () => {
    // Prepare, Act
    const known = ruleById('finance-assists');
    const unknown = ruleById('no-such-rule');
    // Assess
    expect(known).toMatchObject({ unit: 'finance', effect: 'assisting', clause: '二(二)5' });
    expect(unknown).toBeUndefined();
  });
});

describe('describeDecision', () => {
  it('gives one Chinese sentence per fired rule, citing its clause', () => {
    // Prepare
    const decision = route([matter('arrears', ['pension'], FROM)]);
    // Act
    const sentences = describeDecision(decision);
    // Assess
    expect(sentences).toHaveLength(2);
    expect(sentences[0]).toContain('由旗税务局负责');
    expect(sentences[0]).toContain('二(二)1');
    expect(sentences[1]).toContain('旗财政局协助办理');
    expect(sentences[1]).toContain('二(二)5');
  });

  it('skips rule ids the table no longer has', () => {
    // Prepare
    const decision: RoutingDecision = {
      mode: 'single',
      units: ['tax'],
      assisting: [],
      rules: ['retired-rule', 'collection-from-cutoff'],
      target: 'tax',
    };
    // Act
    const sentences = describeDecision(decision);
    // Assess
    expect(sentences).toHaveLength(1);
  });
});

// --- properties -----------------------------------------------------------------------------

const yearMonth = fc
  .record({ y: fc.integer({ min: 2015, max: 2030 }), m: fc.integer({ min: 1, max: 12 }) })
  .map(({ y, m }) => `${y}-${String(m).padStart(2, '0')}`);

const period = fc
  .tuple(yearMonth, yearMonth)
  .map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a }));

/** Valid matters as the intake contract admits them: insurance required except for the last group. */
const validMatter: fc.Arbitrary<Matter> = fc
  .record({
    type: fc.constantFrom(...MATTER_TYPES),
    insurance: fc.uniqueArray(fc.constantFrom(...INSURANCE_TYPES), { minLength: 1, maxLength: 5 }),
    period,
  })
  .map((m) =>
    ['labour-relation', 'labour-litigation', 'other'].includes(m.type)
      ? { ...m, insurance: [] }
      : m,
  );

const matters = fc.array(validMatter, { minLength: 1, maxLength: 6 });
const excluded = fc.uniqueArray(fc.constantFrom(...UNIT_IDS), { maxLength: 4 });

function isConsistent(d: RoutingDecision): boolean {
  const ordered = UNIT_IDS.filter((u) => d.units.includes(u));
  const tableOrder = ROUTING_RULES.map((r) => r.id).filter((id) => d.rules.includes(id));
  const common =
    d.rules.length > 0 &&
    JSON.stringify(tableOrder) === JSON.stringify(d.rules) &&
    JSON.stringify(ordered) === JSON.stringify(d.units);
  switch (d.mode) {
    case 'single':
      return common && d.units.length === 1 && d.units[0] !== 'office' && d.target === d.units[0];
    case 'joint':
      return (
        common &&
        d.units.length >= 2 &&
        !d.units.includes('office') &&
        d.target === 'office' &&
        d.rules.includes('joint-to-office')
      );
    case 'triage':
      return (
        common &&
        JSON.stringify(d.units) === '["office"]' &&
        d.target === 'office' &&
        d.rules.some((id) => ruleById(id)?.effect === 'triage')
      );
  }
}

describe('route, for any valid case', () => {
  it('never throws and returns a decision whose mode agrees with its units', () => {
    fc.assert(
      fc.property(matters, excluded, (ms, exclude) => {
        // Act
        const decision = route(ms, { exclude });
        // Assess
        expect(isConsistent(decision)).toBe(true);
        expect(decision.units.some((u) => exclude.includes(u) && u !== 'office')).toBe(false);
      }),
    );
  });

  it('gives the same decision for the same matters, in any order', () => {
    fc.assert(
      fc.property(matters, (ms) => {
        // Prepare
        const copy = structuredClone(ms).reverse();
        // Act, Assess
        expect(route(copy)).toEqual(route(ms));
      }),
    );
  });

  it('makes the units of a case without triage the union of its matters’ units', () => {
    fc.assert(
      fc.property(matters, (ms) => {
        // Act
        const whole = route(ms);
        fc.pre(whole.mode !== 'triage');
        const parts = ms.map((m) => route([m]));
        // Assess
        expect(new Set(whole.units)).toEqual(new Set(parts.flatMap((p) => p.units)));
        expect(new Set(whole.assisting)).toEqual(new Set(parts.flatMap((p) => p.assisting)));
      }),
    );
  });

  it('sends a case to the office whenever one of its responsible units is excluded', () => {
    fc.assert(
      fc.property(matters, (ms) => {
        // Prepare
        const first = route(ms);
        fc.pre(first.mode !== 'triage');
        const returning = first.units[0] as UnitId;
        // Act
        const again = route(ms, { exclude: [returning] });
        // Assess
        expect(again.mode).toBe('triage');
        expect(again.rules).toContain('returned-to-office');
      }),
    );
  });
});
