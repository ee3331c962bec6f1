/** Error pages of the handlers that answer the payer's browser forms (issue 6). */
import type { Problem } from '#contracts/problem.ts';
import { messagePage } from '#functions/pages/case.ts';
import type { Html } from '#functions/pages/html.ts';

const HOME = { href: '/', label: '返回首页' };

/** Any failure as a page: the problem's own Chinese title and detail, and a way on. */
export function pageErrors(problem: Problem): string {
  const detail =
    problem.status === 400 && problem.errors?.length
      ? problem.errors.map((e) => e.detail).join('；')
      : (problem.detail ?? '');
  // A form without its page's token (issue 16): the case page opened anew has a fresh one.
  const back = problem.type.endsWith('/stale-form')
    ? { href: '/api/payer/status', label: '重新打开案件页面' }
    : problem.status === 404 || problem.status === 409 || problem.status === 429
      ? { href: '/status/', label: '查看办理进度' }
      : HOME;
  return messagePage(problem.title, detail, back).text;
}

export function notFoundPage(): Html {
  return messagePage('找不到这个页面', '您输入的网址可能有误，或这个页面已经不存在。', HOME);
}
