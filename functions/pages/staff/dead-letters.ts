/**
 * The administrator's page of dead letters (issue 7): messages that failed five times, so their
 * case never reached the unit's inbox, listed by unit with one re-drive form each.
 */
import type { UnitDeadLetters } from '#core/dead-letters.ts';
import { isUnitId, unitLabel } from '#core/units.ts';
import { NOTIFICATIONS_QUEUE } from '#functions/manifest.ts';
import { type Html, html } from '../html.ts';
import { postForm } from './components.ts';
import { staffMessagePage, staffPage, type Viewer } from './layout.ts';

export const DEAD_LETTERS_PATH = '/staff/dead-letters';

export const redrivePath = (unit: string) =>
  `${DEAD_LETTERS_PATH}/${encodeURIComponent(unit)}/redrive`;

/** A unit's name; the notifications queue (issue 14) is named for what it carries. */
const label = (unit: string) =>
  isUnitId(unit) ? unitLabel(unit) : unit === NOTIFICATIONS_QUEUE ? '短信和邮件通知' : unit;

/** The refusal for anyone but an administrator (core/principal.ts, managesDeadLetters). */
export function deadLettersRefusedPage(viewer: Viewer, what: '查看' | '重新投递'): Html {
  return staffMessagePage(
    '没有权限',
    `只有系统管理员可以${what}未送达的消息。`,
    { href: '/staff/inbox', label: '返回待办' },
    viewer,
  );
}

function row(viewer: Viewer, u: UnitDeadLetters): Html {
  const cases =
    u.messages
      .map((m) => `${m.caseNumber ?? '（无法识别）'}（收取 ${m.receiveCount} 次）`)
      .join('、') + (u.depth > u.messages.length ? ' 等' : '');
  return html`<tr data-unit="${u.unit}">
  <th scope="row">${label(u.unit)}</th>
  <td class="table__cell--numeric" data-label="消息数">${u.depth}</td>
  <td>${cases}</td>
  <td>${postForm(
    viewer,
    redrivePath(u.unit),
    // The unit's name is read out with the button: a screen reader's list of buttons tells them apart.
    html`<button type="submit" class="button button--secondary" data-testid="redrive-${u.unit}">重新投递<span class="visually-hidden">（${label(u.unit)}）</span></button>`,
    { className: 'dead-letters__form' },
  )}</td>
</tr>`;
}

/** `redriven`: the banner after a re-drive (which unit, how many messages moved). */
export function deadLettersPage(o: {
  viewer: Viewer;
  units: readonly UnitDeadLetters[];
  redriven?: { unit: string; moved: number };
}): Html {
  const waiting = o.units.filter((u) => u.depth > 0);
  return staffPage({
    title: '未送达的消息',
    viewer: o.viewer,
    section: 'dead-letters',
    body: html`${
      o.redriven
        ? html`<div class="notification notification--success" role="status" data-testid="redriven">
  <p class="notification__text">已把${label(o.redriven.unit)}的 ${o.redriven.moved} 条消息放回队列重新处理。如果问题没有排除，它们会在处理 5 次失败后再次出现在这里。</p>
</div>`
        : ''
    }
<h1>未送达的消息</h1>
<p class="inset">案件转给承办单位时，系统会先把一条消息放进该单位的队列。一条消息连续处理失败 5 次，就会移到这里，对应的案件也就没有进入承办单位的收件箱。请先找到并排除原因（例如系统故障已修复），再点“重新投递”，消息会回到原队列重新处理。本页只显示受理编号，不显示缴费人的个人信息。“短信和邮件通知”一行是没有发出去的短信和邮件：请先排除原因（例如短信服务商故障、邮件服务器不可用），再重新投递，通知会重新发送。</p>
${
  waiting.length === 0
    ? html`<p class="body-text" data-testid="all-clear">所有单位的队列都没有未送达的消息。</p>`
    : html`<table class="table table--stack dead-letters" data-testid="dead-letters">
  <caption class="table__caption">各单位未送达的消息</caption>
  <thead><tr><th scope="col">单位</th><th scope="col" class="table__cell--numeric">消息数</th><th scope="col">受理编号（收取次数，查看本页也计入）</th><th scope="col"><span class="visually-hidden">操作</span></th></tr></thead>
  <tbody>${waiting.map((u) => row(o.viewer, u))}</tbody>
</table>`
}`,
  });
}
