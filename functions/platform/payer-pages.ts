/** Error pages of the handlers that answer the payer's browser forms (issue 6). */
import type { Problem } from '#contracts/problem.ts';
import { expiredFormPage, messagePage } from '#functions/pages/case.ts';
import type { Html } from '#functions/pages/html.ts';
import { stepPath } from '#functions/pages/paths.ts';
import { CaseFormExpiredError } from './payer.ts';

const HOME = { href: '/', label: '返回首页' };

/**
 * Any failure as a page: the problem's own Chinese title and detail, and a way on; a case form
 * whose cookie expired comes back with its answers and a field for the code.
 */
export function pageErrors(problem: Problem, error?: unknown): string {
  if (error instanceof CaseFormExpiredError) {
    const { caseNumber, action, fields } = error;
    return expiredFormPage({
      title: problem.title,
      detail: problem.detail ?? '',
      caseNumber,
      action,
      fields,
    }).text;
  }
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

/**
 * The filing's failures: as any page's, but too many filings from this network lead back to the
 * check page, whose answers the draft keeps, not to the look-up (a payer review started over).
 */
export function filingErrors(problem: Problem): string {
  if (problem.status !== 429) return pageErrors(problem);
  const back = { href: stepPath('check'), label: '返回核对页（已填写的内容还在，稍后再提交）' };
  return messagePage(problem.title, problem.detail ?? '', back).text;
}

export function notFoundPage(): Html {
  return messagePage('找不到这个页面', '您输入的网址可能有误，或这个页面已经不存在。', HOME);
}
