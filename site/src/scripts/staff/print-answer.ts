/** The written answer notice filled from the case's answer; the date is the day of the answer. */
import { byId, formatDate, h, shanghaiDate } from './dom.ts';
import { fill, fillDate, printPage, showSheet } from './print.ts';

const page = printPage<object>();
void main();

async function main(): Promise<void> {
  const { view } = await page.load();
  if (!view) return;
  const a = view.answer;
  if (!a) {
    page.fail('这个案件还没有书面答复', '承办单位提交书面答复后，才能打印告知书。');
    return;
  }
  const root = byId('sheet');
  fill(root, {
    'case-number': view.caseNumber,
    'payer-name': view.payer.name,
    registered: formatDate(view.registeredOn),
    unit: page.data.labels.units[a.unit] ?? a.unit,
    'answer-url': `${location.origin}/answer/`,
  });
  // One indented paragraph per line the unit wrote, as a printed letter sets it.
  byId('answer-text').replaceChildren(
    ...a.text
      .split(/\n+/)
      .filter((line) => line.trim())
      .map((line) => h('p', { class: 'indent' }, line.trim())),
  );
  fillDate(root, 'date', shanghaiDate(a.at));
  byId('print-masked').hidden = !view.masked;
  showSheet();
}
