/**
 * `npm start -- --demo`: sample cases through the public API (the real intake path), once per
 * DATA_DIR, printed with their access codes so that a newcomer can follow them. Loopback only.
 * Staff accounts join when sign-in exists (issue 4).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeCreditCode, makeResidentId } from '#core/identifiers.ts';

const person = (name: string, seq: string) => ({
  kind: 'person' as const,
  name,
  idNumber: makeResidentId('150426', '19780312', seq),
  phone: '13800000000',
});

const SAMPLES = [
  {
    payer: person('示例甲', '021'),
    matters: [{ type: 'base', insurance: ['pension'], period: { from: '2024-06', to: '2024-12' } }],
    description: '（示例）2024 年下半年养老保险缴费基数核定偏高。',
  },
  {
    payer: person('示例乙', '032'),
    matters: [
      { type: 'benefits', insurance: ['medical'], period: { from: '2023-01', to: '2023-12' } },
    ],
    description: '（示例）医疗保险待遇未按时享受。',
  },
  {
    payer: {
      kind: 'organization' as const,
      name: '示例商贸有限公司',
      idNumber: makeCreditCode('91150426MA0N7X8K2'),
      phone: '13900000000',
    },
    matters: [
      {
        type: 'arrears',
        insurance: ['pension', 'unemployment'],
        period: { from: '2023-10', to: '2024-05' },
      },
    ],
    description: '（示例）欠费追缴金额有异议，涉及 2024 年 4 月前后。',
  },
  {
    payer: person('示例丙', '043'),
    matters: [{ type: 'other', insurance: [], period: { from: '2025-01', to: '2025-03' } }],
    description: '（示例）不清楚应向哪个部门反映。',
  },
];

export async function seedDemo(
  url: string,
  dataDir: string,
  log: (m: string) => void,
): Promise<void> {
  const marker = join(dataDir, 'demo-seeded');
  if (existsSync(marker)) {
    log('demo data was seeded before in this DATA_DIR');
    return;
  }
  const lines: string[] = [];
  for (const sample of SAMPLES) {
    const res = await fetch(`${url}/api/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...sample, consent: true }),
    });
    const body = (await res.json()) as {
      caseNumber?: string;
      accessCode?: string;
      routing?: { units: string[] };
    };
    if (res.status !== 201) throw new Error(`demo case rejected: ${JSON.stringify(body)}`);
    lines.push(
      `  ${body.caseNumber}  access code ${body.accessCode}  → ${body.routing?.units.join(', ')}`,
    );
  }
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  console.log(['Demo cases (follow them at /status/):', ...lines].join('\n'));
}
