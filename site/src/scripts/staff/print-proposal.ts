/** Annex 3 filled from the case's proposal; the date is the day it was recorded (timeline). */
import { byId, serialParts, shanghaiDate } from './dom.ts';
import { fill, fillDate, printPage, showSheet } from './print.ts';

const page = printPage<object>();
void main();

async function main(): Promise<void> {
  const { view } = await page.load();
  if (!view) return;
  const p = view.proposal;
  if (!p) {
    page.fail('这个案件还没有拟办意见', '工作室填写拟办意见报送单后，才能打印。');
    return;
  }
  const root = byId('sheet');
  const serial = serialParts(p.serial);
  const recorded = [...view.timeline].reverse().find((e) => e.transition === 'recordProposal');
  fill(root, {
    year: serial.year,
    n: serial.n,
    'contact-name': p.contactName,
    'contact-phone': p.contactPhone,
    summary: p.summary,
    opinion: p.proposedOpinion,
    'case-number': view.caseNumber,
  });
  fillDate(root, 'date', recorded ? shanghaiDate(recorded.at) : null);
  byId('print-masked').hidden = !view.masked;
  showSheet();
}
