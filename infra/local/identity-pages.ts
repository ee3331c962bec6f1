/**
 * The pages of the local identity provider (infra/local/oidc.ts): sign-in, the sign-out
 * confirmation and its errors. Server-rendered from the site's own components and stylesheet,
 * with no script, so that they work in an office browser with JavaScript off, as the staff pages
 * do (issue 11), and under the pages' Content-Security-Policy.
 */
import { errorSummary, type PageErrors, textInput } from '#functions/pages/components.ts';
import { type Html, html } from '#functions/pages/html.ts';
import { staffPage } from '#functions/pages/staff/layout.ts';

/** The one answer for every failed sign-in: it must not tell a wrong password from a name. */
export const SIGN_IN_FAILED = '用户名或密码不正确，或账号已停用。';

/** Where a staff member starts again: the site's sign-in, which starts a new authorization. */
const START_AGAIN = { href: '/staff/sign-in', label: '重新登录' };

/** The staff pages' own frame, signed out (no navigation), with the reading column. */
function identityPage(o: { title: string; failed?: boolean; body: Html }): Html {
  return staffPage({
    title: o.title,
    ...(o.failed ? { failed: true } : {}),
    body: html`<div class="column">${o.body}</div>`,
  });
}

/**
 * 「工作人员登录」: user name and password, posted back to the interaction's own address. The
 * user name is kept after a refusal; the password never is.
 */
export function signInPage(o: { action: string; username: string; errors: PageErrors }): Html {
  return identityPage({
    title: '工作人员登录',
    failed: o.errors.any,
    body: html`${errorSummary(o.errors)}
<h1>工作人员登录</h1>
<form method="post" action="${o.action}" novalidate data-testid="sign-in-form">
${textInput({
  pointer: '/username',
  name: 'username',
  label: '用户名',
  value: o.username,
  errors: o.errors,
  width: 'w20',
  autocomplete: 'username',
})}
${textInput({
  pointer: '/password',
  name: 'password',
  label: '密码',
  type: 'password',
  errors: o.errors,
  width: 'w20',
  autocomplete: 'current-password',
})}
<button type="submit" class="button" data-testid="sign-in">登录</button>
</form>`,
  });
}

/**
 * A step the provider would post by script: the end of a sign-out whose session had ended
 * already, or the end of the previous account's session when another account signs in over it.
 * Here a button does it.
 */
export function finishSignOutPage(o: { action: string; xsrf: string; switching: boolean }): Html {
  return identityPage({
    title: o.switching ? '切换账号' : '退出登录',
    body: html`<h1>${o.switching ? '切换账号' : '退出登录'}</h1>
<p>${o.switching ? '将先退出之前登录的账号。请按「继续」。' : '您的登录已经结束。请按「继续」返回。'}</p>
<form method="post" action="${o.action}" data-testid="sign-out-form">
<input type="hidden" name="xsrf" value="${o.xsrf}">
<button type="submit" class="button" name="logout" value="yes">继续</button>
</form>`,
  });
}

/** A page that only says something, with the way to start again. */
export function identityMessagePage(title: string, detail: string): Html {
  return identityPage({
    title,
    body: html`<h1 data-testid="message-title">${title}</h1>
<p data-testid="message-detail">${detail}</p>
<p><a class="button" href="${START_AGAIN.href}">${START_AGAIN.label}</a></p>`,
  });
}
