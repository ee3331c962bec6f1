/**
 * GET /staff/signed-out — where the provider sends the browser after signing out: after the
 * person's own sign-out, or after the callback refused a sign-in whose provider session began
 * before an administrator ended the account's sessions (it says so then).
 */
import { staffMessagePage } from '#functions/pages/staff/layout.ts';
import { htmlPage, readCookie } from '#platform/forms.ts';
import { httpHandler } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';
import { staffErrorPage } from '#platform/staff-pages.ts';
import {
  clearSessionCookie,
  ENDED_COOKIE,
  ENDED_PATH,
  pageCookie,
} from '#platform/staff-session.ts';

const logger = functionLogger();
const AGAIN = { href: '/staff/sign-in', label: '重新登录' };

export const handler = httpHandler(
  logger,
  async (event) => {
    // Cleared here too: a sign-out that reached the provider by another way still ends it here.
    const cookies = [clearSessionCookie(event)];
    const ended = readCookie(event, ENDED_COOKIE);
    if (ended === 'ended' || ended === 'reauth') {
      const page = staffMessagePage(
        '请重新登录',
        '系统管理员已结束您的登录（例如重置了您的密码）。请用您现在的密码重新登录。',
        ended === 'reauth' ? { ...AGAIN, href: '/staff/sign-in?reauth=1' } : AGAIN,
      );
      return htmlPage(200, page, [...cookies, pageCookie(event, ENDED_COOKIE, '', 0, ENDED_PATH)]);
    }
    const page = staffMessagePage(
      '您已退出',
      '您已经安全退出。为保护缴费人的信息，请关闭浏览器窗口。',
      AGAIN,
    );
    return htmlPage(200, page, cookies);
  },
  { errorPage: staffErrorPage },
);
