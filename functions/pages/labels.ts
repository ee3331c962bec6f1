/**
 * Words the payer pages show for case states and deadlines.
 */
import { type CaseStatus, STATUS_LABELS } from '#core/lifecycle.ts';

export { STATUS_LABELS };

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
