/**
 * Annex 2 filled from the case: registration date = registeredOn; receiver = who signed for it
 * (from the timeline), else blank; receiving unit = the unit holding it. A case just registered
 * at this window may already be routed to a unit this user does not belong to, so the page falls
 * back to what this tab registered.
 */
import { byId, h, shanghaiDate } from './dom.ts';
import { fill, fillDate, printPage, showSheet } from './print.ts';
import { REGISTERED_PREFIX } from './session.ts';

interface Matter {
  type: string;
  label?: string;
  insurance: string[];
  period: { from: string; to: string };
}

interface Sheet {
  registeredOn: string;
  channel: string;
  payer: { name: string; idNumber: string; phone: string };
  masked: boolean;
  matters: Matter[];
  description: string;
  receiver: string;
  unit: string;
  acceptedOn: string | null;
}

const page = printPage<object>();
const L = page.data.labels;

void main();

async function main(): Promise<void> {
  const { view, status } = await page.load('');
  let sheet: Sheet | null = null;
  if (view) {
    const signed = view.timeline.find((e) => e.transition === 'signFor');
    sheet = {
      registeredOn: view.registeredOn,
      channel: view.channel,
      payer: view.payer,
      masked: view.masked,
      matters: view.matters,
      description: view.description,
      receiver: signed?.actor.user ?? '',
      unit: view.holder ? (L.units[view.holder] ?? view.holder) : '',
      acceptedOn: signed ? shanghaiDate(signed.at) : null,
    };
  } else if (status === 404) {
    const saved = sessionStorage.getItem(REGISTERED_PREFIX + page.caseNumber);
    if (saved) {
      const r = JSON.parse(saved) as Omit<Sheet, 'masked' | 'receiver' | 'unit' | 'acceptedOn'>;
      sheet = {
        ...r,
        masked: false,
        receiver: page.claims.username,
        unit: page.claims.unit ? (L.units[page.claims.unit] ?? page.claims.unit) : '',
        acceptedOn: r.registeredOn,
      };
    } else {
      page.fail(
        '没有找到这个案件',
        `受理编号 ${page.caseNumber} 不存在，或者本单位没有办理过这个案件。`,
      );
    }
  }

  if (sheet) {
    const root = byId('sheet');
    fillDate(root, 'reg', sheet.registeredOn);
    fillDate(root, 'acc', sheet.acceptedOn);
    fill(root, {
      'payer-name': sheet.payer.name,
      'payer-id': sheet.payer.idNumber,
      description: sheet.description,
      receiver: sheet.receiver,
      'receiver-contact': '',
      unit: sheet.unit,
    });
    byId('matter-list').replaceChildren(
      ...sheet.matters.map((m) => {
        const insurance = m.insurance.map((i) => L.insurances[i] ?? i).join('、');
        const period =
          m.period.from === m.period.to ? m.period.from : `${m.period.from} 至 ${m.period.to}`;
        return h(
          'li',
          {},
          `${m.label ?? L.matters[m.type] ?? m.type}${insurance ? `（${insurance}）` : ''}，所属期 ${period}`,
        );
      }),
    );
    byId('contact-line').replaceChildren(
      `联系电话：${sheet.payer.phone}；受理渠道：${L.channels[sheet.channel] ?? sheet.channel}；受理编号：`,
      h('span', { class: 'case-no' }, page.caseNumber),
    );
    byId('print-masked').hidden = !sheet.masked;
    showSheet();
  }
}
