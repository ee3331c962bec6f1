/**
 * The payer's filing receipt (受理回执, issue 13), linked from the confirmation as 「打印回执」. A
 * page of its own rather than a print stylesheet on the confirmation: the receipt is laid out as
 * an A4 sheet (the `.sheet` of the staff forms: a named 20 mm page, only the sheet in print), the
 * confirmation stays a screen page, and a plain link works without JavaScript; the browser's own
 * print command prints it. Reached only with the case cookie the filing set, as the confirmation.
 * No name, ID number, phone or dispute text: a receipt is left on printers and desks.
 */
import { CHANNEL_LABELS } from '#core/case.ts';
import type { DeadlinePolicy } from '#core/deadlines.ts';
import { type Insurance, insuranceLabel, type MatterType, matterLabel } from '#core/matters.ts';
import type { Receipt } from '#core/receipt.ts';
import { shanghaiDate } from '#core/time.ts';
import { unitLabel } from '#core/units.ts';
import { handlingUnits, nextSteps } from './apply.ts';
import { dateEl, formatPeriod } from './dates.ts';
import { type Html, html } from './html.ts';
import { NEW_CODE_AT_WINDOW, NEW_CODE_ONLINE } from './labels.ts';
import { COUNTY, payerPage, SERVICE_NAME } from './layout.ts';
import { pagePath } from './paths.ts';

const TITLE = '受理回执';

/** One matter in words: 缴费基数（养老保险），2024年6月至2024年12月. */
function matterText(m: Receipt['matters'][number]): string {
  const insurance = m.insurance.map((i) => insuranceLabel(i as Insurance)).join('、');
  return `${matterLabel(m.type as MatterType)}${insurance ? `（${insurance}）` : ''}，${formatPeriod(m.period)}`;
}

/**
 * 受理方式: online through the one-stop service, or the channel and the unit that registered it
 * (a walk-in's receipt said 「网上提交」, a print review found).
 */
function receivedHow(receipt: Receipt): string {
  // The service's name without the space the page header sets between its two parts.
  if (receipt.channel === 'online') return `网上提交（${SERVICE_NAME.replace(/\s+/g, '')}）`;
  const by = receipt.receivedBy ? `（${unitLabel(receipt.receivedBy)}登记）` : '';
  return `${CHANNEL_LABELS[receipt.channel]}${by}`;
}

/** Who handles the case, as the confirmation says it. */
function handledBy(receipt: Receipt): Html {
  const units = handlingUnits(receipt.view);
  return units === 'office'
    ? html`<p>先交给${unitLabel('office')}，由工作室确定由哪个部门办理（涉及几个部门的，确定牵头部门）。</p>`
    : html`<p>${units.map(unitLabel).join('、')}</p>`;
}

/**
 * The receipt page: how to print it, then the A4 sheet, with the deadlines of `policy`.
 * `statusUrl`: the progress look-up's full address, which the paper names.
 */
export function receiptPage(
  receipt: Receipt,
  accessCode: string,
  policy: DeadlinePolicy,
  statusUrl: string,
  /** Opened from the progress page (`?from=status`): 「返回」 leads back there, not to the confirmation. */
  from?: 'status',
): Html {
  const { view } = receipt;
  const day = shanghaiDate(new Date(receipt.receivedAt));
  return payerPage({
    title: TITLE,
    body: html`<div class="no-print">
  <a class="back-link" href="${pagePath(from === 'status' ? 'status' : 'done')}">返回</a>
  <p data-testid="print-hint">请使用浏览器的打印功能打印（电脑上按 Ctrl+P；手机上在浏览器菜单里选“打印”或“分享”），也可以在打印时选择“另存为 PDF”保存。打印时请在打印设置中关闭“页眉和页脚”。</p>
</div>
<article class="sheet sheet--receipt" data-testid="receipt" aria-labelledby="receipt-title">
  <h1 class="sheet__title" id="receipt-title">${COUNTY}社会保险费征缴争议<br>受理回执</h1>
  <p class="sheet__line">受理编号：<strong class="receipt__code" data-testid="receipt-case-number">${view.caseNumber}</strong></p>
  <p class="sheet__line">查询码：<strong class="receipt__code" data-testid="receipt-access-code">${accessCode}</strong></p>
  <p class="sheet__line">受理日期：<span data-testid="receipt-date">${dateEl(day)}</span>（北京时间）</p>
  <p class="sheet__line" data-testid="receipt-channel">受理方式：${receivedHow(receipt)}</p>
  <h2>争议事项</h2>
  <ol data-testid="receipt-matters">
    ${receipt.matters.map((m) => html`<li>${matterText(m)}</li>`)}
  </ol>
  <h2>由哪个部门办理</h2>
  ${handledBy(receipt)}
  ${nextSteps(policy, view)}
  <h2>怎样查询办理进度</h2>
  <p>在网上打开 <span class="url" data-testid="receipt-status-url">${statusUrl}</span>，输入上面的受理编号和查询码，就能看到办到了哪一步、由谁在办、什么时候答复。答复也在那里查看。</p>
  <p><strong>查询码相当于密码，请妥善保管这张回执，不要把查询码告诉别人。</strong>${
    receipt.mobile
      ? `查询码丢了，可以${NEW_CODE_ONLINE}。`
      : // A new code online comes by SMS only: a landline's payer gets one at a window.
        `查询码丢了，请${NEW_CODE_AT_WINDOW}。`
  }</p>
  <h2>有疑问怎么办</h2>
  <p>请拨打 12345 政务服务便民热线，说明您的受理编号（不用说查询码）。</p>
</article>`,
  });
}
