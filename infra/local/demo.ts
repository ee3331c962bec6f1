/**
 * `npm start -- --demo` (local runtime only, loopback only): the accounts of DESIGN.md §9 and a
 * dozen sample cases in different states, made through the public and staff APIs (the real
 * paths), once per DATA_DIR. No demo account ever exists in an AWS deployment: this file is not
 * part of any function bundle.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashPassword, type UserStore } from '#adapters/user-store.ts';
import { makeCreditCode, makeResidentId } from '#core/identifiers.ts';
import { shanghaiDate, shanghaiMinute } from '#core/time.ts';
import { UNIT_IDS, unitLabel } from '#core/units.ts';
import type { IdentityProvider } from './identity.ts';

export const DEMO_PASSWORD = 'demo-password';

/** 旗税务局 → 税务局: what a demo account's name says it is, marked （演示） so no one takes it for a person. */
const shortLabel = (unit: (typeof UNIT_IDS)[number]) => unitLabel(unit).replace(/^旗委?/, '');

/**
 * `<unit>.staff` and `<unit>.head` for every unit, `leader` and `admin`, each with a display name
 * and a 0476 (Chifeng) work landline, so that a demo prints a full annex 2 (issue 13).
 */
export function demoAccounts() {
  return [
    ...UNIT_IDS.flatMap((unit, i) => [
      {
        username: `${unit}.staff`,
        unit,
        role: 'staff' as const,
        name: `${shortLabel(unit)}窗口（演示）`,
        phone: `0476-88${String(i * 2 + 10).padStart(3, '0')}01`,
      },
      {
        username: `${unit}.head`,
        unit,
        role: 'head' as const,
        name: `${shortLabel(unit)}负责人（演示）`,
        phone: `0476-88${String(i * 2 + 11).padStart(3, '0')}01`,
      },
    ]),
    {
      username: 'leader',
      unit: null,
      role: 'leader' as const,
      name: '领导小组（演示）',
      phone: '0476-8800001',
    },
    {
      username: 'admin',
      unit: null,
      role: 'admin' as const,
      name: '系统管理员（演示）',
      phone: '0476-8800002',
    },
  ];
}

const person = (name: string, seq: string) => ({
  kind: 'person' as const,
  name,
  idNumber: makeResidentId('150426', '19780312', seq),
  phone: '13800000000',
});
const company = (name: string) => ({
  kind: 'organization' as const,
  name,
  idNumber: makeCreditCode('91150426MA0N7X8K'),
  phone: '13900000000',
});
const m = (type: string, insurance: string[], from: string, to: string) => ({
  type,
  insurance,
  period: { from, to },
});

type Step = { as: string; action: Record<string, unknown> } | { payer: Record<string, unknown> };

interface Sample {
  title: string;
  request: Record<string, unknown>;
  /**
   * Registered at this account's window (POST /api/staff/cases, today, visited half an hour ago)
   * instead of filed online: its annex 2 prints the clerk, their phone and unit (issue 13).
   */
  registeredBy?: string;
  /** After delivery: staff actions (as `<user>`) and the payer's decision, in order. */
  steps: Step[];
}

const SAMPLES: Sample[] = [
  {
    title: '窗口登记（政务服务中心窗口受理，转税务局）',
    registeredBy: 'data-bureau.staff',
    request: {
      channel: 'walk-in',
      payer: person('示例癸', '110'),
      matters: [m('base', ['pension'], '2024-07', '2024-12')],
      description: '（示例）来访人称单位少报了 2024 年下半年的养老保险缴费基数。',
      counterparty: { kind: 'organization', name: '示例物流有限公司' },
    },
    steps: [],
  },
  {
    title: '待签收（税务局）',
    request: {
      payer: person('示例甲', '021'),
      matters: [m('base', ['pension'], '2024-06', '2024-12')],
      description: '（示例）2024 年下半年养老保险缴费基数核定偏高。',
    },
    steps: [],
  },
  {
    title: '办理中（税务局已签收）',
    request: {
      payer: person('示例乙', '032'),
      matters: [m('amount', ['medical'], '2025-01', '2025-03')],
      description: '（示例）医疗保险缴费金额与单位申报不一致。',
    },
    steps: [{ as: 'tax.staff', action: { type: 'sign-for' } }],
  },
  {
    title: '已答复（社保中心）',
    request: {
      payer: person('示例丙', '043'),
      matters: [m('benefits', ['pension'], '2023-01', '2023-12')],
      description: '（示例）养老保险待遇未按时发放。',
    },
    steps: [
      { as: 'si-center.staff', action: { type: 'sign-for' } },
      {
        as: 'si-center.staff',
        action: { type: 'respond', answer: '（示例）经核实，待遇已于本月补发，请查收。' },
      },
    ],
  },
  {
    title: '已归档（医保局，缴费人无异议）',
    request: {
      payer: person('示例丁', '054'),
      matters: [m('registration', ['medical'], '2022-01', '2022-06')],
      description: '（示例）医保参保登记信息有误。',
    },
    steps: [
      { as: 'medical.staff', action: { type: 'sign-for' } },
      { as: 'medical.staff', action: { type: 'respond', answer: '（示例）参保登记信息已更正。' } },
      { payer: { decision: 'accept' } },
      { as: 'medical.staff', action: { type: 'archive' } },
    ],
  },
  {
    title: '有异议（就业服务中心，选择仲裁）',
    request: {
      payer: person('示例戊', '065'),
      matters: [m('back-payment', ['unemployment'], '2021-01', '2021-12')],
      description: '（示例）失业保险政策性补缴未获同意。',
    },
    steps: [
      { as: 'employment.staff', action: { type: 'sign-for' } },
      {
        as: 'employment.staff',
        action: { type: 'respond', answer: '（示例）不符合政策性补缴条件。' },
      },
      { payer: { decision: 'object', route: 'arbitration' } },
    ],
  },
  {
    title: '工作室分办中（涉及两个单位）',
    request: {
      payer: company('示例商贸有限公司'),
      matters: [m('arrears', ['pension', 'unemployment'], '2023-10', '2024-05')],
      description: '（示例）欠费追缴金额有异议，涉及 2024 年 4 月前后。',
    },
    steps: [],
  },
  {
    title: '会商中（一般争议，社保中心牵头）',
    request: {
      payer: company('示例建材有限公司'),
      matters: [m('base', ['pension'], '2023-06', '2024-08')],
      description: '（示例）缴费基数核定跨越 2024 年 4 月。',
    },
    steps: [{ as: 'office.staff', action: { type: 'classify', as: 'general', lead: 'si-center' } }],
  },
  {
    title: '专案处理中（重大疑难，已报送拟办意见）',
    request: {
      payer: company('示例煤业有限公司'),
      matters: [
        m('penalty', ['pension'], '2022-01', '2022-12'),
        m('arrears', ['medical'], '2024-05', '2024-12'),
      ],
      description: '（示例）多年欠费及处罚争议，涉及职工较多。',
    },
    steps: [
      { as: 'office.staff', action: { type: 'classify', as: 'major', lead: 'tax' } },
      {
        as: 'office.staff',
        action: {
          type: 'record-proposal',
          contactName: '工作室联系人',
          contactPhone: '0476-0000000',
          summary: '（示例）企业对欠费和处罚有异议。',
          proposedOpinion: '（示例）建议税务局牵头，社保中心、医保局配合专案处理。',
        },
      },
    ],
  },
  {
    title: '工作室分办中（事项不明确）',
    request: {
      payer: person('示例己', '076'),
      matters: [m('other', [], '2025-01', '2025-03')],
      description: '（示例）不清楚应向哪个部门反映。',
    },
    steps: [],
  },
  {
    title: '待签收（人社局，劳动关系）',
    request: {
      payer: person('示例庚', '087'),
      matters: [m('labour-relation', [], '2024-01', '2024-12')],
      description: '（示例）与用人单位是否存在劳动关系有争议。',
    },
    steps: [],
  },
  {
    title: '已退回（税务局退回后重新分派）',
    request: {
      payer: person('示例辛', '098'),
      matters: [m('declaration', ['work-injury'], '2024-05', '2024-07')],
      description: '（示例）工伤保险缴费申报争议。',
    },
    steps: [
      {
        as: 'tax.staff',
        action: {
          type: 'return',
          reason: 'wrong-insurance',
          note: '（示例）申报主体需进一步核实，退回重新分派。',
        },
      },
      // A clerk's return goes once the unit head approves it (DESIGN.md §1).
      { as: 'tax.head', action: { type: 'decide-return', approve: true } },
    ],
  },
  {
    title: '延期待审批（税务局）',
    request: {
      payer: person('示例壬', '109'),
      matters: [m('refund-review', ['pension'], '2024-09', '2024-12')],
      description: '（示例）退费审核时间过长。',
    },
    steps: [
      { as: 'tax.staff', action: { type: 'sign-for' } },
      {
        as: 'tax.staff',
        action: {
          type: 'request-extension',
          days: 5,
          reason: '（示例）需财政局协助核对退费数据。',
        },
      },
    ],
  },
];

/** Today's registration date and a visit half an hour ago, both Beijing time. */
function visitNow(): { registeredOn: string; visitedAt: string } {
  const now = Date.now();
  return {
    registeredOn: shanghaiDate(new Date(now)),
    visitedAt: shanghaiMinute(new Date(now - 30 * 60 * 1000)),
  };
}

async function call(
  url: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`demo: ${path} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

async function waitUntilDelivered(url: string, caseNumber: string, token: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${url}/api/staff/cases/${caseNumber}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const view = (await res.json()) as { status?: string };
    if (view.status && view.status !== 'received') return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`demo: case ${caseNumber} did not reach an inbox`);
}

/**
 * Adds the demo accounts that are missing; those there get their names and phones again (a
 * DATA_DIR seeded before accounts had names, so that its annex 2 prints in full). One password
 * hash for all: the password is published, so a salt per account would protect nothing, and 30
 * scrypt hashes cost 3.6 s of CPU at every start with --demo (the tests add these accounts to
 * about 25 runtimes).
 */
export async function putDemoAccounts(users: UserStore): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const account of demoAccounts()) {
    if (!(await users.addHashed(account, passwordHash))) {
      await users.setContact(account.username, account);
    }
  }
}

export async function seedDemo(
  url: string,
  dataDir: string,
  identity: IdentityProvider,
  log: (m: string) => void,
): Promise<void> {
  await putDemoAccounts(identity.users);
  console.log(
    [
      `Demo accounts (password "${DEMO_PASSWORD}"; sign in at ${url}/staff/):`,
      `  <unit>.staff and <unit>.head for ${UNIT_IDS.join(', ')}`,
      '  leader, admin',
    ].join('\n'),
  );

  const marker = join(dataDir, 'demo-seeded');
  if (existsSync(marker)) {
    log('demo cases were seeded before in this DATA_DIR');
    return;
  }
  const tokens = new Map<string, string>();
  const tokenOf = async (user: string) => {
    let token = tokens.get(user);
    if (!token) {
      token = String(
        (await call(url, '/api/session', { username: user, password: DEMO_PASSWORD })).token,
      );
      tokens.set(user, token);
    }
    return token;
  };
  const lines: string[] = [];
  for (const sample of SAMPLES) {
    const created = sample.registeredBy
      ? await call(
          url,
          '/api/staff/cases',
          { ...sample.request, ...visitNow() },
          {
            authorization: `Bearer ${await tokenOf(sample.registeredBy)}`,
          },
        )
      : await call(url, '/api/cases', { ...sample.request, consent: true });
    const caseNumber = String(created.caseNumber);
    const accessCode = String(created.accessCode);
    await waitUntilDelivered(url, caseNumber, await tokenOf('leader'));
    for (const step of sample.steps) {
      if ('payer' in step) {
        await call(url, `/api/cases/${caseNumber}/decision`, step.payer, {
          'x-access-code': accessCode,
        });
      } else {
        await call(url, `/api/staff/cases/${caseNumber}/actions`, step.action, {
          authorization: `Bearer ${await tokenOf(step.as)}`,
        });
      }
    }
    lines.push(`  ${caseNumber}  ${accessCode}  ${sample.title}`);
  }
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  console.log(['Demo cases (case number, access code):', ...lines].join('\n'));
}
