/** GET /staff/signed-out — where the provider sends the browser after signing out. */
import { staffMessagePage } from '#functions/pages/staff/layout.ts';
import { htmlPage } from '#platform/forms.ts';
import { httpHandler } from '#platform/http.ts';
import { functionLogger } from '#platform/logger.ts';
import { staffErrorPage } from '#platform/staff-pages.ts';
import { clearSessionCookie } from '#platform/staff-session.ts';

const logger = functionLogger();

export const handler = httpHandler(
  logger,
  async (event) => {
    const page = staffMessagePage(
      '您已退出',
      '您已经安全退出。为保护缴费人的信息，请关闭浏览器窗口。',
      {
        href: '/staff/sign-in',
        label: '重新登录',
      },
    );
    // Cleared here too: a sign-out that reached the provider by another way still ends it here.
    return htmlPage(200, page, [clearSessionCookie(event)]);
  },
  { errorPage: staffErrorPage },
);
