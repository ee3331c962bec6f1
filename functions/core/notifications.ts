/**
 * The words of each notification. Only the case number and where to look: never the dispute,
 * the payer's name or the answer, since e-mail and SMS leave the system's protection (PIPL).
 */
import type { CaseRecord } from './case.ts';
import { isMobile } from './identifiers.ts';
import type { Notification, Notifier } from './ports.ts';
import { type PostId, postsFor } from './roster.ts';
import { chineseDay, chineseMonth } from './time.ts';
import { OFFICE, type UnitId, unitLabel } from './units.ts';
import { isLead, WORK_LABELS } from './work.ts';

/** The leading group's roster (annex 1), as one addressee: its members get the e-mail. */
export const LEADING_GROUP = 'leading-group';

export interface RenderedMessage {
  channel: 'email' | 'sms';
  /** A unit id for e-mail to a unit, `leading-group`, a phone number for SMS to a payer. */
  to: string;
  /** For `leading-group`: the annex 1 posts it goes to (roster.ts `postsFor`). */
  posts?: PostId[];
  subject: string;
  body: string;
  /** The page the message is about, from the site's root (the staff case page for a unit). */
  link?: string;
}

/**
 * The payer's SMS at a step, to a mobile only (issue 13): a landline cannot take one (staff phone
 * the payer: the case page says 「请电话告知缴费人」), nor can a lead without a phone. Every step
 * that texts the payer builds its message here, so none can text a landline or an empty number, nor
 * a lead's phone: whoever called or posted holds no access code to read the answer with.
 */
export function payerSms(
  record: Pick<CaseRecord, 'caseNumber' | 'payer'>,
  kind: 'answered' | 'reanswered' | 'deemed-accepted',
  objectBy?: string,
): Notification[] {
  const { phone } = record.payer;
  if (!isMobile(phone) || isLead(record)) return [];
  const { caseNumber } = record;
  return [
    kind !== 'deemed-accepted' && objectBy
      ? { kind, phone, caseNumber, objectBy }
      : { kind, phone, caseNumber },
  ];
}

/** An approved extension (延期): the answer's new last day, to a mobile only, as `payerSms`. */
export function extendedSms(
  record: Pick<CaseRecord, 'caseNumber' | 'payer'>,
  due: { date: string; covered: boolean },
): Notification[] {
  const { phone } = record.payer;
  if (!isMobile(phone) || isLead(record)) return [];
  return [
    {
      kind: 'extended',
      phone,
      caseNumber: record.caseNumber,
      due: due.date,
      ...(due.covered ? {} : { provisional: true as const }),
    },
  ];
}

/**
 * A case a unit returned, delivered to the next (seed 三(一)1: 对不属于本部门职责范围内的事项，应告知
 * 缴费人具体受理部门): who handles it now, to a mobile only, as `payerSms`. A seed review
 * (2026-12-05) found the payer told nothing, the status page alone saying it moved.
 */
export function reroutedSms(
  record: Pick<CaseRecord, 'caseNumber' | 'payer'>,
  unit: UnitId,
  by?: 'office',
): Notification[] {
  const { phone } = record.payer;
  if (!isMobile(phone) || isLead(record)) return [];
  return [{ kind: 'rerouted', phone, caseNumber: record.caseNumber, unit, ...(by ? { by } : {}) }];
}

/**
 * Whom the answer is texted to (seed 三(二): 向争议双方进行反馈): the payer, and the other party
 * when it gave a mobile, each with its own words. `unit` is the unit that answered.
 */
export function answerSms(
  record: Pick<CaseRecord, 'caseNumber' | 'payer' | 'counterparty'>,
  unit: UnitId,
  objectBy?: string,
): Notification[] {
  const other = record.counterparty?.phone;
  return [
    ...payerSms(record, 'answered', objectBy),
    ...(other && isMobile(other)
      ? [
          {
            kind: 'counterparty-answered',
            phone: other,
            caseNumber: record.caseNumber,
            unit,
          } as const,
        ]
      : []),
  ];
}

/** The staff page of a case: where every unit's message leads. */
export const staffCaseLink = (caseNumber: string) => `/staff/cases/${caseNumber}`;

/**
 * The payer's progress look-up with the case number filled in (the page's script reads `case`):
 * a payer's SMS names the site, which the transport writes out in full (adapters/notifier.ts).
 */
export const payerStatusLink = (caseNumber: string) => `/status/?case=${caseNumber}`;

/** A report's title with its period in Chinese dates: 「月报（2026年11月1日至2026年11月30日）」. */
function reportTitle(title: string): string {
  return title.replace(
    /（(\d{4}-\d{2}-\d{2}) 至 (\d{4}-\d{2}-\d{2})）$/,
    (_m, from: string, to: string) => `（${chineseDay(from)}至${chineseDay(to)}）`,
  );
}

/** After a date counted into a year whose holidays are not yet entered (redate.ts). */
const PROVISIONAL = '该日期所在年份的节假日安排尚未公布，到期日可能调整，以系统中显示的为准。';

export function renderNotification(message: Notification): RenderedMessage {
  switch (message.kind) {
    case 'work': {
      const who = `${unitLabel(message.unit)}${message.role === 'head' ? '负责人' : ''}`;
      return {
        channel: 'email',
        to: message.unit,
        subject: `待办：${WORK_LABELS[message.work]}（${message.caseNumber}）`,
        body: `${who}：社会保险费征缴争议 ${message.caseNumber} 需要您${WORK_LABELS[message.work]}，请在 ${chineseDay(message.due)} 前办理。${message.provisional ? PROVISIONAL : ''}请登录系统，在“待办”中打开这件案件。`,
        link: staffCaseLink(message.caseNumber),
      };
    }
    case 'case-news': {
      const what = {
        opinion: `${message.from ? unitLabel(message.from) : '协办单位'}已提出协办意见`,
        'extension-approved': '单位负责人已同意延期申请，答复期限已顺延',
        'extension-refused': '单位负责人不同意延期申请，仍按原期限办理',
        'return-refused': '单位负责人不同意退回，由本单位继续办理',
        'written-opinion': '专案书面意见已形成，请牵头单位据此书面答复缴费人',
        'lead-finding': '登记的线索已有核查处理结果，可据此做好舆情应对或信访答复',
        'passed-on-answered': '转来的争议已书面答复缴费人，可据此回复来电人或信访人，做好回访',
        'opinion-withdrawn': '已答复缴费人，原来商请的协办意见不再需要，这项待办已撤销',
      }[message.news];
      return {
        channel: 'email',
        to: message.unit,
        subject: `办理情况：${message.caseNumber} ${what}`,
        body: `${unitLabel(message.unit)}：争议案件 ${message.caseNumber} ${what}，请登录系统查看。`,
        link: staffCaseLink(message.caseNumber),
      };
    }
    case 'meeting-called':
      return {
        channel: 'email',
        to: message.unit,
        subject: `会商会议：${message.caseNumber} ${chineseDay(message.date)}，${message.place}`,
        body: `${unitLabel(message.unit)}：旗政府办已召集争议案件 ${message.caseNumber} 的会商会议，时间 ${chineseDay(message.date)}，地点 ${message.place}，请派熟悉情况的人员参加，并带上本单位的意见。`,
        link: staffCaseLink(message.caseNumber),
      };
    case 'chase':
      return {
        channel: 'email',
        to: message.unit,
        // Which step is late, so that two chases of one case (its sign-for, then its answer) read
        // apart; older messages without it say the case.
        subject: message.work
          ? `催办：${message.caseNumber}「${WORK_LABELS[message.work]}」已超过规定时限`
          : `催办：${message.caseNumber} 已超过规定时限`,
        body: `${unitLabel(message.unit)}：争议案件 ${message.caseNumber} ${message.work ? `“${WORK_LABELS[message.work]}”` : ''}的办理期限为 ${chineseDay(message.dueDate)}，现已超期，请尽快办理。逾期未办的将报领导小组督办。`,
        link: staffCaseLink(message.caseNumber),
      };
    case 'supervision':
      return {
        channel: 'email',
        to: LEADING_GROUP,
        posts: postsFor(message),
        subject: `督办：${message.caseNumber}（${unitLabel(message.unit)}）`,
        body:
          message.reason === 'dissatisfied'
            ? `争议案件 ${message.caseNumber} 回访时缴费人表示不满意，已重新纳入督办，承办单位：${unitLabel(message.unit)}。`
            : `争议案件 ${message.caseNumber} 催办后仍未办结，请领导小组督办，承办单位：${unitLabel(message.unit)}。`,
        link: staffCaseLink(message.caseNumber),
      };
    case 'order-answered': {
      const supervision = message.order === 'supervision';
      const what = supervision ? '督办已答复' : '交办事项已报告办理结果';
      const did = supervision ? '答复领导小组督办' : '报告领导小组交办事项的办理结果';
      return {
        channel: 'email',
        to: LEADING_GROUP,
        posts: postsFor(message),
        subject: `${what}：${message.caseNumber}（${unitLabel(message.unit)}）`,
        body: `${unitLabel(message.unit)}已就争议案件 ${message.caseNumber} ${did}，请登录系统在案件页面查看。`,
        link: staffCaseLink(message.caseNumber),
      };
    }
    case 'special-meeting-requested':
      return {
        channel: 'email',
        to: LEADING_GROUP,
        posts: postsFor(message),
        subject: `提请召开专题会议：重大疑难争议 ${message.caseNumber}（报送编号${message.serial}）`,
        body: `争议案件 ${message.caseNumber} 经工作室分办为重大疑难争议，牵头单位为${unitLabel(message.lead)}。拟办意见报送单（报送编号${message.serial}）已经领导小组办公室同意，现提请领导小组组织相关部门召开专题会议研究（《联合处置机制》三(四)）。会议开过后，由工作室在案件页面记录会议情况并形成专案书面意见。`,
        link: staffCaseLink(message.caseNumber),
      };
    case 'returns-flag':
      return {
        channel: 'email',
        to: LEADING_GROUP,
        posts: postsFor(message),
        subject: `退回提示：${unitLabel(message.unit)} ${chineseMonth(message.month)} 已退回 ${message.returns} 件`,
        body: `${unitLabel(message.unit)} 在 ${chineseMonth(message.month)} 退回争议案件 ${message.returns} 件，超过提示线，请关注是否存在推诿情况（《联合处置机制》四(四)）。`,
      };
    case 'report':
      return {
        channel: 'email',
        to: LEADING_GROUP,
        posts: postsFor(message),
        subject: reportTitle(message.title),
        body: `${reportTitle(message.title)}已生成，请登录系统查看，也可以下载表格（CSV、Excel）。`,
        link: `/staff/reports/${encodeURIComponent(message.reportId)}`,
      };
    case 'answered':
      return {
        channel: 'sms',
        to: message.phone,
        subject: '',
        body: `【翁牛特旗社保费争议】您的争议（受理编号 ${message.caseNumber}）已有书面答复，请凭查询码在“查看办理进度”中查看，${message.objectBy ? `并在${chineseDay(message.objectBy)}前（含当天）告诉我们是否接受；逾期未告诉我们的，视为没有异议` : '并告诉我们是否接受'}。`,
        link: payerStatusLink(message.caseNumber),
      };
    case 'reanswered':
      // A payer who said 不满意 is not taken as accepting by silence (supervision.ts): the window
      // only ends what the platform does, so the message says so.
      return {
        channel: 'sms',
        to: message.phone,
        subject: '',
        body: `【翁牛特旗社保费争议】您在回访中表示不满意的争议（受理编号 ${message.caseNumber}），经领导小组督办，办理部门已再次答复您，请凭查询码在“查看办理进度”中查看${message.objectBy ? `。如仍不接受，请在${chineseDay(message.objectBy)}前（含当天）告诉我们您准备通过哪种途径解决；逾期案卷归档，但不视为您接受处理结果` : ''}。如有疑问，请拨打 12345。`,
        link: payerStatusLink(message.caseNumber),
      };
    case 'counterparty-answered':
      // The other party has no access code and cannot read the answer online: the unit delivers
      // the written notice. The case number only: never the payer's name or the dispute.
      return {
        channel: 'sms',
        to: message.phone,
        subject: '',
        body: `【翁牛特旗社保费争议】涉及您的一件社会保险费征缴争议（受理编号 ${message.caseNumber}）已作出处理答复，${unitLabel(message.unit)}将向您送达书面答复告知书。如有疑问，请拨打 12345 或联系${unitLabel(message.unit)}。`,
      };
    // 已收到并登记, not 已受理: the unit's sign-for is the 受理 (DESIGN.md §5); a case can still be
    // returned before it (a staff review, 2026-12-05).
    case 'filed':
      return {
        channel: 'sms',
        to: message.phone,
        subject: '',
        body: `【翁牛特旗社保费争议】我们已收到并登记您的争议申请，受理编号 ${message.caseNumber}，将交给办理部门签收办理。请在网站“查看办理进度”中输入受理编号和查询码（见受理回执，或登记时工作人员告诉您的），查看办理情况。查询码请自己保管，不要告诉别人。如有疑问，请拨打 12345。`,
        link: payerStatusLink(message.caseNumber),
      };
    case 'extended':
      return {
        channel: 'sms',
        to: message.phone,
        subject: '',
        body: `【翁牛特旗社保费争议】您的争议（受理编号 ${message.caseNumber}）情况较复杂，经办理部门负责人批准，办理期限延长，最迟于${chineseDay(message.due)}前（含当天）书面答复您${message.provisional ? '（该年节假日安排公布后，日期可能按实际工作日调整）' : ''}。可凭查询码在“查看办理进度”中查看。如有疑问，请拨打 12345。`,
        link: payerStatusLink(message.caseNumber),
      };
    case 'rerouted': {
      // Neutral on why: a unit returns a case for several reasons (「还涉及其他单位职责」 among
      // them), and the office's later placing is no return at all (a review, 2026-12-05).
      const moved =
        message.by === 'office'
          ? `社会保险费征缴争议处理工作室已确定由${unitLabel(message.unit)}办理`
          : message.unit === OFFICE
            ? '经原办理部门核实后退回，已转交社会保险费征缴争议处理工作室，由工作室确定办理部门'
            : `经原办理部门核实后退回，改由${unitLabel(message.unit)}办理`;
      return {
        channel: 'sms',
        to: message.phone,
        subject: '',
        body: `【翁牛特旗社保费争议】您的争议（受理编号 ${message.caseNumber}）${moved}。办理部门和答复期限可凭查询码在“查看办理进度”中查看。如有疑问，请拨打 12345。`,
        link: payerStatusLink(message.caseNumber),
      };
    }
    case 'deemed-accepted':
      return {
        channel: 'sms',
        to: message.phone,
        subject: '',
        body: `【翁牛特旗社保费争议】您的争议（受理编号 ${message.caseNumber}）答复后在规定期限内没有收到您的异议，视为您接受处理结果。如有疑问，请拨打 12345。`,
      };
    case 'access-code-reissued':
      return {
        channel: 'sms',
        to: message.phone,
        subject: '',
        body: `【翁牛特旗社保费争议】您的争议（受理编号 ${message.caseNumber}）已在窗口重新发放查询码，原查询码已停止使用，新查询码由窗口工作人员当面交给您。如果不是您本人办理的，请尽快拨打 12345。`,
        link: payerStatusLink(message.caseNumber),
      };
    case 'access-code-sent':
      // The only message with a code in it: the payer asked for it from this phone's number and
      // has no other way to receive it (docs/decisions.md, "A new access code").
      return {
        channel: 'sms',
        to: message.phone,
        subject: '',
        body: `【翁牛特旗社保费争议】您的争议（受理编号 ${message.caseNumber}）新的查询码是 ${message.accessCode}，原查询码已停止使用。请自己保管，不要告诉别人。如果不是您本人申请的，请拨打 12345。`,
        link: payerStatusLink(message.caseNumber),
      };
  }
}

/**
 * Sends a message after its change is written: a courtesy. A failed send is logged and counted
 * where it failed (adapters/notify-queue.ts) and must not fail the change, whose retry would find
 * nothing left to do; the inbox and the status page are the record.
 */
export async function notifySafely(notifier: Notifier, message: Notification): Promise<void> {
  try {
    await notifier.notify(message);
  } catch {
    // See above: logged where it failed.
  }
}
