/**
 * 办理时限: how long the units have, in working days of the deadline policy in force (DESIGN.md
 * §6). The static start page links here rather than printing figures fixed when the site was
 * built: an administrator's change (`npm run admin -- deadlines set`) shows here at once.
 */
import type { DeadlinePolicy } from '#core/deadlines.ts';
import { type Html, html } from './html.ts';
import { payerPage } from './layout.ts';

const TITLE = '办理时限';

/** The time limits page, from `policy`, the settings' deadline policy. */
export function timeLimitsPage(policy: DeadlinePolicy): Html {
  return payerPage({
    title: TITLE,
    body: html`<a class="back-link" href="/">返回首页</a>
<h1>${TITLE}</h1>
<p class="lead">提交申请后，办理部门按下面的时限签收和答复。</p>
<ul data-testid="time-limits">
  <li>办理部门在 ${policy.signFor} 个工作日内签收您的申请</li>
  <li>一般在 ${policy.answerSingle} 个工作日内答复您</li>
  <li>需要多个部门联合办理的，一般在 ${policy.answerJointGeneral} 个工作日内答复</li>
  <li>重大、复杂、疑难的，一般在 ${policy.answerMajor} 个工作日内答复</li>
  <li>答复后 ${policy.followUp} 个工作日内，办理部门回访您，听听您对处理结果的意见</li>
  <li>收到答复后 ${policy.silenceMeansAccept} 个工作日内没有告诉我们有异议的，视为您没有异议</li>
</ul>
<p class="inset">答复的时限从部门签收之日算起。工作日不含周末和法定节假日，按国务院公布的放假安排计算（调休上班的日子算工作日）。每个案件的具体日期，提交后在“查看办理进度”里可以看到；如有调整，以办理部门告知的为准。</p>
<p><a href="/apply/">开始填写</a></p>`,
  });
}
