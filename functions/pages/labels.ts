/**
 * Words the payer pages show for case states and deadlines.
 */
import { type CaseStatus, STATUS_LABELS as STAFF_STATUS_LABELS } from '#core/lifecycle.ts';

/**
 * The states as the payer reads them: the staff's 已派单 and 工作室分办中 are the office's own words
 * (a payer review found 「案件状态：已派单」 on the progress page).
 */
export const STATUS_LABELS: Record<CaseStatus, string> = {
  ...STAFF_STATUS_LABELS,
  assigned: '等待办理部门签收',
  triage: '正在确定办理部门',
};

/** One plain sentence per state, for a payer who does not know the office's terms. */
export const STATUS_HINTS: Record<CaseStatus, string> = {
  received: '我们已经收到您的申请，正在交给办理部门。',
  assigned: '申请已经交给办理部门，等待签收。',
  accepted: '办理部门已经签收，正在调查处理。',
  triage: '争议处理工作室正在确定由哪个部门办理（涉及几个部门的，确定牵头部门）。',
  consultation: '相关部门正在一起商量怎么处理（会商）。',
  'special-handling': '这是重大、复杂的争议，相关部门正在专门研究处理。',
  responded: '办理部门已经答复您。',
  objected: '您对答复有不同意见，已经记录下来。',
  archived: '这件事已经办结，材料已归档。',
};

/**
 * How a payer gets a new access code, said the same way on every page that says it (a payer review,
 * 2026-12-05, found four versions: 12345 as if it issued codes, an employer's documents named on
 * one page and not another). Online by SMS to the registered mobile; otherwise at a window, with
 * the originals. 12345 answers questions and issues nothing.
 */
export const NEW_CODE_ONLINE =
  '在网站上点“忘记查询码？”，凭受理编号、证件号码和登记的手机号码，用短信重新获取';
export const NEW_CODE_AT_WINDOW =
  '带上身份证件原件（单位带营业执照原件和经办人的身份证件原件）到政务服务大厅的社会保险费征缴争议处理工作室，或者任何一个办理这类争议的部门的窗口，工作人员核对后当场给您新的查询码';
export const QUESTIONS_TO_12345 = '有疑问可以拨打 12345 政务服务便民热线（12345 不发放查询码）';
