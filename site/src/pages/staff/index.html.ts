/**
 * The staff entrance (/staff/), built once: a way in to the sign-in, which the functions serve
 * (OpenID Connect with the county's identity provider, or Cognito's managed login in AWS).
 */
import { html } from '#functions/pages/html.ts';
import { staffPage } from '#functions/pages/staff/layout.ts';

const page = staffPage({
  title: '工作人员登录',
  body: html`<div class="column">
<h1>工作人员登录</h1>
<p class="body-text">成员单位和争议处理工作室的工作人员，请用本单位分配的账号登录。登录后进入本单位的收件箱。</p>
<p><a class="button" href="/staff/sign-in" data-testid="sign-in" draggable="false">登录</a></p>
<p class="note">忘记密码、更换手机验证器或账号被锁定的，请联系系统管理员。离开电脑 30 分钟不操作，需要重新登录。</p>
</div>`,
});

export const GET = () =>
  new Response(page.text, { headers: { 'content-type': 'text/html; charset=utf-8' } });
