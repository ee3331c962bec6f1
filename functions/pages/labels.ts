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
  triage: '争议处理工作室正在确定由哪些部门办理。',
  consultation: '相关部门正在一起商量怎么处理（会商）。',
  'special-handling': '这是重大、复杂的争议，相关部门正在专门研究处理。',
  responded: '办理部门已经答复您。',
  objected: '您对答复有不同意见，已经记录下来。',
  archived: '这件事已经办结，材料已归档。',
};
