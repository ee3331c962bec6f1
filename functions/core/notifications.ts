/**
 * The words of each notification. Only the case number and where to look: never the dispute,
 * the payer's name or the answer, since e-mail and SMS leave the system's protection (PIPL).
 */
import type { Notification } from './ports.ts';
import { unitLabel } from './units.ts';
import { WORK_LABELS } from './work.ts';

/** The leading group's roster (annex 1), as one addressee: its members get the e-mail. */
export const LEADING_GROUP = 'leading-group';

export interface RenderedMessage {
  channel: 'email' | 'sms';
  /** A unit id for e-mail to a unit, a phone number for SMS to a payer. */
  to: string;
  subject: string;
  body: string;
  /** The page the message is about, from the site's root (the staff case page for a unit). */
  link?: string;
}

/** The staff page of a case: where every unit's message leads. */
export const staffCaseLink = (caseNumber: string) => `/staff/cases/${caseNumber}`;

export function renderNotification(message: Notification): RenderedMessage {
  switch (message.kind) {
    case 'work': {
      const who = `${unitLabel(message.unit)}${message.role === 'head' ? '负责人' : ''}`;
      return {
        channel: 'email',
        to: message.unit,
        subject: `待办：${WORK_LABELS[message.work]}（${message.caseNumber}）`,
        body: `${who}：社会保险费征缴争议 ${message.caseNumber} 需要您${WORK_LABELS[message.work]}，请在 ${message.due} 前办理。请登录系统，在“待办”中打开这件案件。`,
        link: staffCaseLink(message.caseNumber),
      };
    }
    case 'chase':
      return {
        channel: 'email',
        to: message.unit,
        subject: `催办：${message.caseNumber} 已超过规定时限`,
        body: `${unitLabel(message.unit)}：争议案件 ${message.caseNumber} 的办理期限为 ${message.dueDate}，现已超期，请尽快办理。逾期未办的将报领导小组督办。`,
        link: staffCaseLink(message.caseNumber),
      };
    case 'supervision':
      return {
        channel: 'email',
        to: LEADING_GROUP,
        subject: `督办：${message.caseNumber}（${unitLabel(message.unit)}）`,
        body:
          message.reason === 'dissatisfied'
            ? `争议案件 ${message.caseNumber} 回访时缴费人表示不满意，已重新纳入督办，承办单位：${unitLabel(message.unit)}。`
            : `争议案件 ${message.caseNumber} 催办后仍未办结，请领导小组督办，承办单位：${unitLabel(message.unit)}。`,
        link: staffCaseLink(message.caseNumber),
      };
    case 'returns-flag':
      return {
        channel: 'email',
        to: LEADING_GROUP,
        subject: `退回提示：${unitLabel(message.unit)} ${message.month} 已退回 ${message.returns} 件`,
        body: `${unitLabel(message.unit)} 在 ${message.month} 退回争议案件 ${message.returns} 件，超过提示线，请关注是否存在推诿情况（《联合处置机制》四(四)）。`,
      };
    case 'report':
      return {
        channel: 'email',
        to: LEADING_GROUP,
        subject: message.title,
        body: `${message.title}已生成，请登录系统查看或下载（报告编号 ${message.reportId}）。`,
      };
    case 'answered':
      return {
        channel: 'sms',
        to: message.phone,
        subject: '',
        body: `【翁牛特旗社保费争议】您的争议（受理编号 ${message.caseNumber}）已有书面答复，请凭查询码登录“查看办理进度”查看，并告诉我们是否接受。`,
      };
    case 'deemed-accepted':
      return {
        channel: 'sms',
        to: message.phone,
        subject: '',
        body: `【翁牛特旗社保费争议】您的争议（受理编号 ${message.caseNumber}）答复后在规定期限内没有收到您的异议，视为您接受处理结果。如有疑问，请拨打 12345。`,
      };
  }
}
