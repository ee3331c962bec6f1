/**
 * What the three printed forms share: the case number from the address, the case from the staff
 * API, the 「打印」 button and the way back to the case.
 */
import type { StaffCaseView } from '#contracts/staff.ts';
import { type Problem, readJson, showProblem } from '../errors.ts';
import { byId, dateParts } from './dom.ts';
import { api, type Claims, pageData, requireSession } from './session.ts';

export interface PrintLabels {
  units: Record<string, string>;
  matters: Record<string, string>;
  insurances: Record<string, string>;
  channels: Record<string, string>;
  roles: Record<string, string>;
}

export interface PrintPage<D> {
  data: D & { labels: PrintLabels; caseNumber: string };
  claims: Claims;
  caseNumber: string;
  /** The case, or null after the page has said why not (`notFound` picks the 404 words). */
  load(notFound?: string): Promise<{ view: StaffCaseView | null; status: number }>;
  fail(title: string, detail?: string): void;
}

export function printPage<D>(): PrintPage<D> {
  const data = pageData<D & { labels: PrintLabels; caseNumber: string }>();
  const { claims } = requireSession(data.labels);
  const summary = byId('error-summary');
  const caseNumber = new URLSearchParams(location.search).get('n')?.trim() ?? '';
  const back = document.getElementById('back-to-case') as HTMLAnchorElement | null;
  if (back) back.href = `/staff/case/?n=${encodeURIComponent(caseNumber)}`;
  document.getElementById('print-button')?.addEventListener('click', () => window.print());

  const fail = (title: string, detail?: string) => {
    byId('loading').hidden = true;
    showProblem(document.body, summary, title, detail);
  };

  async function load(notFound?: string) {
    if (!new RegExp(data.caseNumber).test(caseNumber)) {
      fail('地址中的受理编号不正确', '请从案件页面点打印链接进入。');
      return { view: null, status: 0 };
    }
    try {
      const response = await api(`/api/staff/cases/${encodeURIComponent(caseNumber)}`);
      const body = await readJson<StaffCaseView & Problem>(response);
      if (response.ok && body?.caseNumber) {
        byId('loading').hidden = true;
        return { view: body as StaffCaseView, status: 200 };
      }
      if (response.status === 404) {
        if (notFound !== '')
          fail(
            '没有找到这个案件',
            notFound ?? `受理编号 ${caseNumber} 不存在，或者本单位没有办理过这个案件。`,
          );
      } else {
        fail(body?.title ?? '暂时无法读取这个案件', body?.detail ?? '请过几分钟再刷新页面。');
      }
      return { view: null, status: response.status };
    } catch {
      fail('暂时无法读取这个案件', '网络或系统暂时出了问题，请过几分钟再刷新页面。');
      return { view: null, status: 0 };
    }
  }

  return { data, claims, caseNumber, load, fail };
}

/** Fills `[data-fill=name]` elements under `root` with text. */
export function fill(root: ParentNode, values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) {
    for (const el of root.querySelectorAll<HTMLElement>(`[data-fill="${name}"]`))
      el.textContent = value;
  }
}

/** Fills a 「年 月 日」 date written as three blanks named `<prefix>-y`, `-m`, `-d`. */
export function fillDate(root: ParentNode, prefix: string, day: string | null | undefined): void {
  const [y, m, d] = dateParts(day);
  fill(root, { [`${prefix}-y`]: y, [`${prefix}-m`]: m, [`${prefix}-d`]: d });
}

/** Shows the sheet once it is filled. */
export function showSheet(): void {
  byId('loading').hidden = true;
  byId('sheet').hidden = false;
  byId('print-button').hidden = false;
}
