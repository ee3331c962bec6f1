/**
 * The words of each notification. Only the case number and where to look: never the dispute,
 * the payer's name or the answer, since e-mail and SMS leave the system's protection (PIPL).
 */
import type { Notification } from './ports.ts';
import { unitLabel } from './units.ts';

export interface RenderedMessage {
  channel: 'email' | 'sms';
  /** A unit id for e-mail to a unit, a phone number for SMS to a payer. */
  to: string;
  subject: string;
  body: string;
}

export function renderNotification(message: Notification): RenderedMessage {
  switch (message.kind) {
    case 'new-in-inbox':
      return {
        channel: 'email',
        to: message.unit,
        subject: `新的社会保险费征缴争议待签收：${message.caseNumber}`,
        body: `${unitLabel(message.unit)}：收件箱中有一件新的社会保险费征缴争议（受理编号 ${message.caseNumber}），请登录系统在规定时限内签收办理。`,
      };
    case 'answered':
      return {
        channel: 'sms',
        to: message.phone,
        subject: '',
        body: `【翁牛特旗社保费争议】您的争议（受理编号 ${message.caseNumber}）已有书面答复，请凭查询码登录“查看办理进度”查看，并告诉我们是否接受。`,
      };
  }
}
