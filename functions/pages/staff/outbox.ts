/**
 * The outbox (issue 11): the e-mail and SMS the local runtime kept instead of sending, newest
 * first, phone numbers masked and, for a unit, only its own (core/outbox.ts). In AWS nothing is
 * kept, and the page says so.
 */
import { LEADING_GROUP } from '#core/notifications.ts';
import type { SentMessage } from '#core/outbox.ts';
import { seesAll } from '#core/principal.ts';
import { postLabel } from '#core/roster.ts';
import { isUnitId, unitLabel } from '#core/units.ts';
import { timeEl } from '../dates.ts';
import { type Html, html } from '../html.ts';
import { tag } from './components.ts';
import { staffPage, type Viewer } from './layout.ts';

/**
 * Whom a message went to, as people say it: a unit's name, the leading group with the posts of
 * annex 1 it went to (「领导小组：组长、副组长（分管社会保障）」), a masked phone.
 */
function addressee(m: SentMessage): string {
  if (m.channel === 'sms') return `缴费人手机 ${m.to}`;
  if (m.to === LEADING_GROUP) {
    // A message kept before messages named their posts went to the group as a whole.
    const posts = (m.posts ?? []).map(postLabel);
    return posts.length === 0 ? '领导小组' : `领导小组：${posts.join('、')}`;
  }
  return isUnitId(m.to) ? unitLabel(m.to) : m.to;
}

/** A message's text, its case numbers kept whole (a phone would break 「2026-」 from the rest). */
function messageText(text: string): Html {
  return html`${text
    .split(/(\d{4}-\d{6})/)
    .map((part, i) => (i % 2 ? html`<span class="case-no">${part}</span>` : part))}`;
}

/**
 * The page the message leads to, as the e-mail's reader would follow it. Only a path of this
 * site: the outbox is a folder of files, and a link from one must not lead elsewhere.
 */
function openLink(m: SentMessage): Html {
  const link = m.link ?? '';
  // A path of this site: not `//host` nor `/\host`, which browsers read as another site.
  if (!/^\/(?![/\\])/.test(link)) return html``;
  const about = m.caseNumber ? html`<span class="visually-hidden"> ${m.caseNumber}</span>` : '';
  const label = link.startsWith('/staff/cases/') ? '打开案件' : '打开页面';
  return html`<p><a href="${link}" data-testid="message-link">${label}${about}</a></p>`;
}

function message(m: SentMessage): Html {
  return html`<li class="messages__item" data-channel="${m.channel}">
  <p class="messages__meta">${tag(m.channel === 'sms' ? '短信' : '邮件')} ${timeEl(m.at)} · 发给 <span data-testid="message-to">${addressee(m)}</span></p>
  ${m.subject ? html`<h2 class="messages__subject">${m.subject}</h2>` : ''}
  <div class="prose">${messageText(m.body)}</div>
  ${openLink(m)}
</li>`;
}

/** `messages` undefined: this runtime keeps none (AWS). */
export function outboxPage(o: {
  viewer: Viewer;
  messages: readonly SentMessage[] | undefined;
}): Html {
  const all = seesAll(o.viewer.principal);
  const body =
    o.messages === undefined
      ? html`<p class="inset" data-testid="outbox-none">此环境不保存发出的通知：电子邮件和短信已直接发送。</p>`
      : html`<p class="inset">这里是本地运行时“发出”的邮件和短信，供测试和演示时查看，并没有真的发出去。正式部署以后，这些消息会通过电子邮件或手机短信发给工作人员和缴费人，这个页面就不再使用。</p>
<p class="body-text">${
          all
            ? '这里列出所有单位的消息。为保护缴费人的信息，手机号码只显示前 3 位和后 4 位。'
            : '这里只列出发给本单位的邮件，以及本单位办理的案件发给缴费人的短信。为保护缴费人的信息，手机号码只显示前 3 位和后 4 位。'
        }</p>
${
  o.messages.length === 0
    ? html`<p class="body-text" data-testid="outbox-empty">还没有消息。</p>`
    : html`<ol class="messages" data-testid="outbox">${o.messages.map(message)}</ol>`
}`;
  return staffPage({
    title: '发件箱',
    viewer: o.viewer,
    section: 'outbox',
    body: html`<h1>发件箱</h1>
${body}`,
  });
}
