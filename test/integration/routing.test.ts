import { describe, expect, it } from 'vitest';
import { caseRequest, matter, postJson } from '#test/fixtures/cases.ts';
import { eventually, inInbox, sharedRuntime } from '#test/fixtures/runtime.ts';

const rt = sharedRuntime();

const before = { from: '2023-01', to: '2023-12' };
const after = { from: '2024-04', to: '2024-09' };

// One request per row, through the HTTP API, and the inbox the case lands in.
const cases = [
  [
    'collection from the cut-off → tax',
    [matter({ type: 'amount', insurance: ['medical'], period: after })],
    'single',
    ['tax'],
    ['collection-from-cutoff'],
    'tax',
  ],
  [
    'pension base before the cut-off → SI centre',
    [matter({ type: 'base', insurance: ['pension'], period: before })],
    'single',
    ['si-center'],
    ['collection-before-cutoff-si-center'],
    'si-center',
  ],
  [
    'unemployment arrears before the cut-off → employment, finance assists',
    [matter({ type: 'arrears', insurance: ['unemployment'], period: before })],
    'single',
    ['employment'],
    ['collection-before-cutoff-employment', 'finance-assists'],
    'employment',
  ],
  [
    'maternity refund review before → medical',
    [matter({ type: 'refund-review', insurance: ['maternity'], period: before })],
    'single',
    ['medical'],
    ['collection-before-cutoff-medical', 'finance-assists'],
    'medical',
  ],
  [
    'penalty before the cut-off → office triage',
    [matter({ type: 'penalty', insurance: ['pension'], period: before })],
    'triage',
    ['office'],
    ['penalty-before-cutoff'],
    'office',
  ],
  [
    'work-injury benefits → SI centre whatever the period',
    [matter({ type: 'benefits', insurance: ['work-injury'], period: after })],
    'single',
    ['si-center'],
    ['rights-si-center'],
    'si-center',
  ],
  [
    'unemployment registration → employment',
    [matter({ type: 'registration', insurance: ['unemployment'], period: after })],
    'single',
    ['employment'],
    ['rights-employment'],
    'employment',
  ],
  [
    'medical back-payment → medical',
    [matter({ type: 'back-payment', insurance: ['medical'], period: before })],
    'single',
    ['medical'],
    ['rights-medical'],
    'medical',
  ],
  [
    'labour relation → HRSS',
    [matter({ type: 'labour-relation', insurance: [], period: after })],
    'single',
    ['hrss'],
    ['labour-relation'],
    'hrss',
  ],
  [
    'labour litigation → court',
    [matter({ type: 'labour-litigation', insurance: [], period: after })],
    'single',
    ['court'],
    ['labour-litigation'],
    'court',
  ],
  [
    'two insurance types of two units → joint',
    [matter({ type: 'rights-record', insurance: ['pension', 'medical'], period: after })],
    'joint',
    ['si-center', 'medical'],
    ['rights-si-center', 'rights-medical', 'joint-to-office'],
    'office',
  ],
] as const;

describe('routing through the API', () => {
  it.each(cases)('%s', async (_name, matters, mode, units, rules, inbox) => {
    const res = await postJson(`${rt.url}/api/cases`, caseRequest({ matters }));

    expect(res.status).toBe(201);
    expect(res.json.routing).toMatchObject({ mode, units: [...units], rules: [...rules] });
    const caseNumber = String(res.json.caseNumber);
    const found = await eventually(async () => inInbox(rt.store, inbox, caseNumber));
    expect(found.status).toBe(inbox === 'office' ? 'triage' : 'assigned');
  });
});
