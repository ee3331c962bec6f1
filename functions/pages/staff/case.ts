/**
 * The staff case page (/staff/cases/{n}): everything the staff view of a case says — what is owed
 * on it now and by whom (待办事项), details, the payer (masked unless the caller's unit holds or
 * leads the case), matters, why it went where it went, deadlines, supervision, assignments,
 * consultations, proposal, opinions, files, timeline — and 「办理」, one form per action the core
 * allows the caller now (functions/pages/staff/case-actions.ts).
 */
import type { FieldError } from '#contracts/problem.ts';
import {
  type ActionType,
  ATTACHMENT_TYPES,
  CHANNELS,
  RETURN_REASONS,
  type StaffCaseView,
} from '#contracts/staff.ts';
import { CHANNEL_LABELS, LEAD_SOURCE_LABELS, SERVICE_METHOD_LABELS } from '#core/case.ts';
import type { DeadlinePolicy } from '#core/deadlines.ts';
import { isMobile } from '#core/identifiers.ts';
import { STATUS_LABELS, type TransitionName } from '#core/lifecycle.ts';
import { type Insurance, insuranceLabel } from '#core/matters.ts';
import { REMEDY_OUTCOME_LABELS } from '#core/remedies.ts';
import { shanghaiDate } from '#core/time.ts';
import { isLead } from '#core/work.ts';
import { errorSummary, PageErrors, problemSummary, type Row, summaryList } from '../components.ts';
import { dateEl, formatDay, formatPeriod, timeEl } from '../dates.ts';
import { type Html, html } from '../html.ts';
import { accessCodeForm } from './access-code.ts';
import {
  actionForms,
  actionTitle,
  DONE,
  formPointers,
  supervisionRows,
  workDue,
  workOwner,
} from './case-actions.ts';
import {
  answerSheetName,
  maskedWhy,
  meetingWords,
  routeLabel,
  staffName,
  unit,
  units,
} from './components.ts';
import { dueMarks, supervisionMark } from './due-marks.ts';
import { csrfField, staffMessagePage, staffPage, type Viewer } from './layout.ts';

/** The small script that uploads a file to its signed URL (a plain form cannot PUT). */
export const UPLOAD_SCRIPT = '/assets/staff-upload.js';

const MODE_WORDS = {
  single: '由一个单位办理',
  joint: '涉及两个或两个以上单位，由争议处理工作室统一受理、协调联合办理',
  triage: '一时无法确定承办单位，交争议处理工作室分办',
} as const;

const label = (list: readonly { id: string; label: string }[], id: string) =>
  list.find((x) => x.id === id)?.label ?? id;
const remedyOutcomeLabel = (outcome: string) =>
  Object.hasOwn(REMEDY_OUTCOME_LABELS, outcome)
    ? REMEDY_OUTCOME_LABELS[outcome as keyof typeof REMEDY_OUTCOME_LABELS]
    : outcome;
const para = (text: string, cls = 'prose') => html`<div class="${cls}">${text}</div>`;

export interface CasePageOptions {
  /** `?done=<type>`: the step just done, said in a banner. */
  done?: string | null;
  /** The action form that came back with the schema's errors, and its answers. */
  failed?: { type: ActionType; form: URLSearchParams; errors: readonly FieldError[] };
  /** A refusal that is about no one field (a stale version, a step not the caller's). */
  problem?: { title: string; detail: string };
  /** Today in Asia/Shanghai, for 「今日到期」. */
  today: string;
  /** The deadline policy in force (the settings'), for the days the action forms state. */
  policy: DeadlinePolicy;
}

/** The path of a case's page. */
export const casePath = (caseNumber: string) => `/staff/cases/${encodeURIComponent(caseNumber)}`;

/** 「书面答复缴费人」, a held-back or closed step's name, where its form's title is fixed. */
const stepName = (action: ActionType, viewer: Viewer) => {
  const title = actionTitle(action, { head: viewer.principal.role === 'head' });
  return title ? `「${title}」` : '';
};

/** A major case meets in 专题会议, a general one in 会商: the meetings of its records. */
const meetingWord = (view: Pick<StaffCaseView, 'classification'>) =>
  meetingWords(view.classification === 'major' ? 'special-meeting' : undefined).name;

/** The decided extension's head and reason, from the step that decided it. */
function extensionDecision(view: StaffCaseView): { key: string; value: Html | string }[] {
  if (view.extension?.status === 'pending') return [];
  const step = view.timeline.findLast((e) => e.transition === 'decideExtension');
  if (!step) return [];
  return [
    { key: '审批人', value: staffName(view.timeline, step.actor.user ?? '') },
    ...(step.text ? [{ key: '审批意见', value: para(step.text) }] : []),
  ];
}

/** The whole case page. */
export function casePage(view: StaffCaseView, viewer: Viewer, o: CasePageOptions): Html {
  const errors = new PageErrors(
    o.failed?.errors ?? [],
    o.failed ? formPointers(o.failed.type) : [],
  );
  const failed = errors.any || Boolean(o.problem);
  return staffPage({
    title: `案件 ${view.caseNumber}（${view.statusLabel}）`,
    failed,
    viewer,
    section: 'inbox',
    body: html`${o.problem ? problemSummary(o.problem.title, o.problem.detail) : errorSummary(errors)}
${doneBanner(view, o.done)}
${head(view, o.today)}
<div class="case-layout">
  <div class="case-layout__main">
    ${workSection(view, o.today)}
    ${details(view, o.today, viewer)}
    ${attachments(view, viewer)}
    <h2>办理经过</h2>
    <ol class="timeline timeline--staff" id="case-timeline">${view.timeline.map((e) => timelineItem(e, view))}</ol>
  </div>
  <section class="case-layout__side actions" id="actions" aria-labelledby="actions-title" tabindex="-1">
    <h2 id="actions-title" class="actions__title">办理</h2>
    ${
      // Named by the step: above a form the viewer may use (a head's approval), a bare 「暂时还不能
      // 办理」 read as being about that form (a staff review, 2026-12-05).
      (view.heldBack ?? []).map(
        (h) =>
          html`<p class="inset" data-testid="held-back">${stepName(h.action, viewer)}暂时还不能办理：${h.reason}</p>`,
      )
    }
    ${(view.closed ?? []).map(
      (h) =>
        html`<p class="secondary" data-testid="closed-action">${stepName(h.action, viewer)}现在不能办理：${h.reason}</p>`,
    )}
    ${
      view.allowedActions.length
        ? actionForms(view, viewer, {
            errors,
            today: o.today,
            policy: o.policy,
            ...(o.failed ? { failed: { type: o.failed.type, form: o.failed.form } } : {}),
          })
        : view.heldBack?.length
          ? ''
          : html`<p id="no-actions" class="secondary">目前没有需要您办理的事项。</p>`
    }
    ${accessCodeForm(view, viewer)}
  </section>
</div>`,
  });
}

/**
 * The page for a case the caller may not see: the same words as for a case that does not exist,
 * so a unit learns nothing about another unit's cases.
 */
export function caseNotFoundPage(viewer: Viewer, caseNumber: string): Html {
  return staffMessagePage(
    '没有找到这个案件',
    `受理编号 ${caseNumber} 不存在，或者本单位没有办理过这个案件。`,
    { href: '/staff/inbox', label: '返回待办' },
    viewer,
  );
}

/**
 * What was done, as the case now shows it: where a returned case went, and whether a decision
 * agreed (a staff review read 「已审批」 alike for yes and no).
 */
function doneText(view: StaffCaseView, done: keyof typeof DONE): string {
  const last = view.attachments.at(-1);
  if (done === 'attach' && last) return `已上传「${last.name}」。`;
  if (done === 'respond' && isLead(view)) {
    return '已提交核查处理结果。线索不用回访，也不用等待表态：请整理案卷材料后归档。';
  }
  if (done === 'return' && view.returnRequest) {
    return '已提交退回申请，等待单位负责人审批；同意后案件才离开本单位。';
  }
  if (done === 'decide-return' && view.timeline.at(-1)?.transition === 'refuseReturn') {
    return '已不同意退回，案件由本单位继续办理。';
  }
  if (done === 'return' || done === 'decide-return') {
    if (view.status === 'triage' || view.holder === 'office') {
      return '已退回，案件已转争议处理工作室分办。';
    }
    return view.holder
      ? `已退回，案件已重新分派给${unit(view.holder)}。`
      : '已退回，系统正在按职责重新分派。';
  }
  const decided =
    done === 'decide-extension'
      ? view.extension
      : done === 'approve-proposal'
        ? view.proposal
        : null;
  const what = done === 'decide-extension' ? '延期申请' : '拟办意见';
  if (decided?.status === 'approved') return `已同意${what}。`;
  if (decided?.status === 'refused') return `已不同意${what}。`;
  return DONE[done];
}

function doneBanner(view: StaffCaseView, done: string | null | undefined): Html {
  if (!done || !Object.hasOwn(DONE, done)) return html``;
  const attach = done === 'attach';
  const text = doneText(view, done as keyof typeof DONE);
  return html`<div class="notification notification--success" id="${attach ? 'attachment-done' : 'action-done'}" role="status" tabindex="-1" data-testid="done">
  <p class="notification__text">${text}</p>
  ${done === 'respond' && view.answer ? html`<p><a href="${casePath(view.caseNumber)}/print/answer">打印${answerSheetName(view)}</a></p>` : ''}
</div>`;
}

function head(view: StaffCaseView, today: string): Html {
  const path = casePath(view.caseNumber);
  // The step due now, at the top, so an overdue case cannot be missed.
  const current = view.deadlines.filter((d) => d.overdue || d === view.deadlines.at(-1));
  const next = statusNext(view);
  return html`<div class="case-head">
  <span class="caption">受理编号</span>
  <h1 class="case-head__title"><span data-testid="case-number">${view.caseNumber}</span></h1>
  <p class="case-head__status"><strong class="tag tag--${view.status}" data-testid="case-status">${view.statusLabel}</strong>${
    next ? html` · <span data-testid="case-next">${next}</span>` : ''
  }</p>
  <ul class="case-links">
    ${view.allowedActions.length ? html`<li><a href="#actions">跳到办理</a></li>` : ''}
    <li><a href="${path}/print/registration" data-testid="print-registration">打印受理登记表（附件2）</a></li>
    ${view.proposal ? html`<li><a href="${path}/print/proposal" data-testid="print-proposal">打印拟办意见报送单（附件3）</a></li>` : ''}
    ${view.consultations.length ? html`<li><a href="${path}/print/consultation" data-testid="print-consultation">打印${meetingWord(view)}纪要</a></li>` : ''}
    ${view.writtenOpinion ? html`<li><a href="${path}/print/written-opinion" data-testid="print-written-opinion">打印专案书面意见</a></li>` : ''}
    ${view.answer ? html`<li><a href="${path}/print/answer" data-testid="print-answer">打印${answerSheetName(view)}</a></li>` : ''}
    ${view.supervisions.some((s) => s.toPayer) ? html`<li><a href="${path}/print/further-answer" data-testid="print-further-answer">打印再次答复告知书</a></li>` : ''}
    ${view.answer ? html`<li><a href="${path}/print/catalogue" data-testid="print-catalogue">打印卷内目录</a></li>` : ''}
    <li><a href="/staff/inbox">返回待办</a></li>
  </ul>
  <div class="case-due">${current.map(
    (d) =>
      html`<p class="case-due__item${d.overdue ? ' case-due__item--overdue' : ''}">${d.label}：${dateEl(d.due)}${dueMarks(d.due, d.overdue, d.covered, today)}</p>`,
  )}</div>
</div>`;
}

/**
 * What the state waits for, after its label: an answered case stays 「已答复」 until the answering
 * unit has filed the documents and archived it, whatever the payer said (seed 三(二), 三(三)).
 */
function statusNext(view: StaffCaseView): string | null {
  const d = view.decision;
  if (view.status === 'responded') {
    // A lead awaits no one's stance (core/work.ts, isLead): the finding is filed.
    if (isLead(view)) return '核查处理结果已提交，待整理案卷归档';
    if (!d) return objectionNext(view.objectionWindow);
    if (d.kind === 'accept') {
      return d.channel === 'silence' ? '视为无异议，待归档' : '缴费人无异议，待归档';
    }
  }
  if (view.status === 'objected' && d?.kind === 'object') {
    return `缴费人选择${routeLabel(d.route, view)}，待归档`;
  }
  return null;
}

/**
 * While the payer may object: by when, and what their silence then means (a review found staff
 * seeing no date, and no word that the case is theirs to archive after it).
 */
function objectionNext(w: StaffCaseView['objectionWindow']): string {
  if (!w) return '等待缴费人回复是否有异议';
  // The day counted now is replaced once the further answer is given: none is named meanwhile.
  if (w.waitsForSupervision) {
    return '等待缴费人回复是否有异议：缴费人回访时表示不满意，答复督办并再次答复缴费人后才开始计算表态期限；期满未表态的，不视为无异议，整理案卷归档';
  }
  const by = `${formatDay(w.lastDay)}前（含当天）`;
  const after =
    w.silence === 'accepts'
      ? `缴费人${by}未提出异议的，视为无异议，由答复单位整理案卷后归档`
      : `缴费人回访时表示不满意，${by}未表态的，不视为无异议，期满后整理案卷归档`;
  return `等待缴费人回复是否有异议：${after}`;
}

/**
 * The form's date, and when it was entered later than that, the entry day: deadlines count from
 * the entry (the case reached no inbox before), so a late entry shows (a staff review found an
 * 11-day-old paper form entered without a trace).
 */
function registeredOnText(view: StaffCaseView): Html {
  const first = view.timeline[0]?.at;
  const entered = first ? shanghaiDate(new Date(first)) : view.registeredOn;
  if (entered <= view.registeredOn) return dateEl(view.registeredOn);
  return html`${dateEl(view.registeredOn)}<span data-testid="entered-late">（${dateEl(entered)}补录进系统，办理期限从补录之日起计算）</span>`;
}

/** How each step that closes a work item is said, in a word or two. */
const STEP_WORDS: Record<TransitionName, string> = {
  receive: '登记',
  dispatch: '派单',
  dispatchToOffice: '转工作室',
  signFor: '签收',
  return: '退回',
  verifyPayer: '核实证件',
  correctPhone: '更正电话',
  correctName: '更正名称',
  classifyGeneral: '确定为一般争议',
  classifyMajor: '确定为重大疑难争议',
  assignFromTriage: '工作室派单',
  recordConsultation: '会商',
  recordSpecialMeeting: '专题会议',
  recordProposal: '填写拟办意见',
  chase: '催办',
  supervise: '报领导小组督办',
  redate: '重新计算期限',
  recordFollowUp: '回访',
  serveCounterparty: '送达另一方',
  payerSurvey: '缴费人网上评价',
  attach: '上传材料',
  note: '记录办理情况',
  requestReturn: '申请退回',
  refuseReturn: '不同意退回',
  requestExtension: '申请延期',
  decideExtension: '审批延期',
  requestOpinion: '商请协办',
  recordOpinion: '提出协办意见',
  requestConvening: '商请召集会商',
  recordConvening: '安排会商会议',
  decideProposal: '审批拟办意见',
  recordWrittenOpinion: '形成书面意见',
  respond: '书面答复',
  payerAccept: '缴费人无异议',
  payerObject: '缴费人有异议',
  deemAccepted: '视为无异议',
  lapseDissatisfied: '回访不满意，期满未表态',
  recordRemedy: '记录救济途径进展',
  archive: '归档',
  leaderSupervise: '领导小组督办',
  answerSupervision: '答复督办',
  assignTask: '领导小组交办',
  reportAssignment: '报告办理结果',
  reissueAccessCode: '重新发放查询码',
};

const stepWords = (name: string | null) =>
  name && Object.hasOwn(STEP_WORDS, name) ? STEP_WORDS[name as TransitionName] : '';

/**
 * 待办事项: what is owed on the case now, by whom and by when, with its 催办 and 督办 marks; then
 * what was owed and is done, folded away (it is the record, not the work).
 */
function workSection(view: StaffCaseView, today: string): Html {
  const open = view.work.filter((w) => w.state === 'open');
  const closed = view.work.filter((w) => w.state === 'closed');
  return html`<section class="work" id="work" aria-labelledby="work-title">
  <h2 id="work-title">待办事项</h2>
  ${
    open.length
      ? html`<table class="table table--stack work-table" id="work-open" data-testid="work-open">
    <caption class="visually-hidden">待办事项：要办什么、由谁办理、期限</caption>
    <thead><tr><th scope="col">要办什么</th><th scope="col">由谁办理</th><th scope="col">期限</th></tr></thead>
    <tbody>${open.map(
      (w) =>
        html`<tr data-work="${w.id}"><th scope="row" data-label="要办什么">${w.label}</th><td data-label="由谁办理">${workOwner(w)}</td><td data-label="期限">${workDue(w, today)}</td></tr>`,
    )}</tbody>
  </table>`
      : html`<p class="secondary" id="work-none">这个案件现在没有待办事项。</p>`
  }
  ${
    closed.length
      ? html`<details class="work-done" id="work-done">
    <summary>已办结的事项（${closed.length} 项）</summary>
    <table class="table table--stack" data-testid="work-closed">
      <caption class="visually-hidden">已办结的事项：办了什么、由哪个单位、什么时候办结</caption>
      <thead><tr><th scope="col">办了什么</th><th scope="col">单位</th><th scope="col">办结日期</th><th scope="col">怎样办结</th></tr></thead>
      <tbody>${closed.map(
        (w) =>
          html`<tr><th scope="row" data-label="办了什么">${w.label}</th><td data-label="单位">${workOwner(w)}</td><td data-label="办结日期">${w.closedAt ? dateEl(shanghaiDate(new Date(w.closedAt))) : '—'}</td><td data-label="怎样办结">${stepWords(w.closedBy) || '—'}</td></tr>`,
      )}</tbody>
    </table>
  </details>`
      : ''
  }
</section>`;
}

const SUPERVISION_REASONS = {
  overdue: '超过办理期限',
  dissatisfied: '回访时缴费人不满意',
} as const;

/**
 * How the payer hears of the answer (issue 13): SMS goes to a mobile only, so a payer with a
 * landline must be phoned; the answer reaches them in writing either way.
 */
const CONTACT_WORDS: Record<StaffCaseView['contact'], Html> = {
  sms: html`手机，答复等消息同时发短信告知`,
  phone: html`<strong>请电话告知缴费人</strong>（只有固定电话，收不到短信）`,
  none: html`<strong>没有联系电话</strong>，书面答复请当面送达或邮寄`,
};

/**
 * The other party (seed 三(二): 向争议双方进行反馈), when the payer named one. How to reach it
 * is said to the unit holding the case only: it is the one that delivers the written answer.
 */
function counterpartySection(view: StaffCaseView): Html {
  const c = view.counterparty;
  if (!c) return html``;
  const org = c.kind === 'organization';
  const mobile = !view.masked && c.phone !== undefined && isMobile(c.phone);
  return html`<h2>争议对方</h2>
${summaryList(
  [
    { key: '对方类型', value: org ? '用人单位' : '个人（职工）' },
    { key: org ? '单位名称' : '姓名', value: c.name },
    {
      key: org ? '统一社会信用代码' : '身份证号码',
      value: c.idNumber ? html`<span class="code">${c.idNumber}</span>` : '未填写',
    },
    { key: '联系电话', value: c.phone ? html`<span class="code">${c.phone}</span>` : '未填写' },
    ...(c.address ? [{ key: '通讯地址', value: c.address }] : []),
    ...(view.masked
      ? []
      : [
          {
            key: '怎样告知',
            value: mobile
              ? '答复后以短信告知对方，书面答复告知书由本单位送达'
              : html`<strong>请电话或书面告知对方</strong>，并送达书面答复告知书`,
          },
        ]),
    ...(view.answer ? [{ key: '送达情况', value: servedWords(view) }] : []),
  ],
  'case-counterparty',
)}`;
}

/** Whether and how the answer notice reached the other party (送达). */
function servedWords(view: StaffCaseView): Html {
  const s = view.counterpartyServed;
  if (!s)
    return html`<strong class="mark mark--pending" data-testid="not-served">尚未送达</strong>`;
  return html`<span data-testid="served">${dateEl(s.on)}${SERVICE_METHOD_LABELS[s.method]}${s.note ? `（${s.note}）` : ''}</span>`;
}

/** 2026-11-26T09:30 (Beijing time, as registered) as 2026年11月26日 09:30. */
function visitTime(at: string): string {
  const [day = '', time = ''] = at.split('T');
  return `${formatDay(day)} ${time}`;
}

/**
 * Who the payer is: a person or organisation with its number (or 「待核实」), or a lead with where
 * it came from (issue 13).
 */
function payerRows(view: StaffCaseView): [string, Html | string][] {
  const p = view.payer;
  if (p.kind === 'lead')
    return [
      ['缴费人类型', '身份不明的线索'],
      ['网名或称呼', p.name || '没有'],
      ['线索来源', p.source ? LEAD_SOURCE_LABELS[p.source.kind] : '—'],
      ...(p.source?.reference ? [['线索出处', p.source.reference] as [string, string]] : []),
    ];
  const org = p.kind === 'organization';
  return [
    ['缴费人类型', org ? '单位' : '个人'],
    [org ? '单位名称' : '姓名', p.name],
    [
      org ? '统一社会信用代码' : '身份证号码',
      p.idPending
        ? html`<strong data-testid="id-pending">待核实</strong>（登记时没有提供，办理时请核实）`
        : html`<span class="code">${p.idNumber}</span>`,
    ],
  ];
}

function details(view: StaffCaseView, today: string, viewer: Viewer): Html {
  const classification =
    view.classification === 'general'
      ? '一般争议'
      : view.classification === 'major'
        ? '重大、复杂、疑难争议'
        : null;
  const s = view.supervision;
  const summary: Row[] = [
    { key: '受理渠道', value: label(CHANNELS, view.channel) },
    { key: '登记日期', value: registeredOnText(view) },
    ...(view.visitedAt ? [{ key: '来访（来电）时间', value: visitTime(view.visitedAt) }] : []),
    ...(view.receivedBy
      ? [
          {
            key: '受理人',
            value: `${view.receivedBy.name ?? view.receivedBy.user}（${unit(view.receivedBy.unit)}${view.receivedBy.phone ? `，${view.receivedBy.phone}` : ''}）`,
          },
        ]
      : []),
    {
      key: '现在由哪个单位办理',
      // A joint case stays in the office's hands while its lead does the work and answers.
      value:
        view.holder === 'office' && view.lead
          ? `${unit(view.lead)}（牵头），${unit('office')}协调`
          : view.holder
            ? unit(view.holder)
            : '正在分派',
    },
    ...(view.lead ? [{ key: '牵头单位', value: unit(view.lead) }] : []),
    ...(classification ? [{ key: '争议类别', value: classification }] : []),
    { key: '办理过的单位', value: units(view.heldBy) },
    ...(s
      ? [
          {
            key: '督办情况',
            value: html`<strong class="mark mark--overdue"><span class="mark__icon" aria-hidden="true">!</span>${
              // The same words as each item's mark: 「已督办」 for an order, 「已报…」 for the report.
              s.level === 'chase'
                ? '已催办'
                : supervisionMark({
                    supervisedOn: s.supervisedOn ?? null,
                    orderedOn: s.orderedOn ?? null,
                  })?.word
            }</strong> ${
              // A leader may order a 督办 before the date: not 「超过办理期限」 then (a review,
              // 2026-12-05, read a case due in three weeks as late).
              s.reason === 'overdue' && s.dueDate >= today
                ? '领导小组督办'
                : SUPERVISION_REASONS[s.reason]
            }（期限 ${formatDay(s.dueDate)}）`,
          },
        ]
      : []),
  ];
  const r = view.routing;
  return html`<h2>基本情况</h2>
${summaryList(summary, 'case-summary')}
<h2>缴费人</h2>
${view.masked ? html`<p class="inset" id="payer-masked">${maskedWhy(viewer)}</p>` : ''}
<dl class="summary-list" id="case-payer">
  ${[
    ...payerRows(view),
    ['联系电话', view.payer.phone ? html`<span class="code">${view.payer.phone}</span>` : '没有'],
    ...(view.payer.address ? [['通讯地址', view.payer.address]] : []),
    ['怎样告知', html`<span data-testid="payer-contact">${CONTACT_WORDS[view.contact]}</span>`],
  ].map(([k, v]) => html`<div class="summary-list__row"><dt>${k}</dt><dd>${v}</dd></div>`)}
</dl>
${counterpartySection(view)}
<h2>争议事项</h2>
<table class="table table--stack">
  <caption class="visually-hidden">争议事项、险种和所属期</caption>
  <thead><tr><th scope="col">事项</th><th scope="col">险种</th><th scope="col">所属期</th></tr></thead>
  <tbody id="case-matters">${view.matters.map(
    (m) =>
      html`<tr><td data-label="事项">${m.label}</td><td data-label="险种">${m.insurance.map((i) => insuranceLabel(i as Insurance)).join('、') || '—'}</td><td data-label="所属期">${formatPeriod(m.period)}</td></tr>`,
  )}</tbody>
</table>
<h2>情况说明</h2>
<div class="prose" id="case-description">${view.description}</div>
<h2>分办依据</h2>
<div id="case-routing">
  <p>${MODE_WORDS[r.mode]}。</p>
  ${summaryList([
    { key: r.mode === 'triage' ? '交由' : '承办单位', value: units(r.units) },
    ...(r.assisting.length ? [{ key: '协办单位', value: units(r.assisting) }] : []),
  ])}
  ${r.explanation.length ? html`<ul class="explanation">${r.explanation.map((e) => html`<li>${e}</li>`)}</ul>` : ''}
</div>
<h2>办理期限</h2>
<div id="case-deadlines">${
    view.deadlines.length
      ? html`<ul class="deadlines">${view.deadlines.map(
          (d) =>
            html`<li class="deadlines__item${d.overdue ? ' deadlines__item--overdue' : ''}"><strong>${d.label}：</strong>${dateEl(d.due)}${dueMarks(d.due, d.overdue, d.covered, today)}${d.basis ? html`<span class="cell-note">计算方法：${d.basis}</span>` : ''}</li>`,
        )}</ul>`
      : html`<p class="secondary">现在没有正在计算的期限。</p>`
  }</div>
${parts(view, today)}`;
}

/** A part of the case that exists only once the step that makes it has happened. */
function part(name: string, title: string, body: Html | null): Html {
  if (!body) return html``;
  return html`<section data-part="${name}" aria-labelledby="${name}-title">
  <h2 id="${name}-title">${title}</h2>
  ${body}
</section>`;
}

const EXTENSION_STATUS = { pending: '等待单位负责人审批', approved: '已同意', refused: '未同意' };
const PROPOSAL_STATUS = { submitted: '已报送，等待审批', approved: '已同意', refused: '未同意' };
export const FOLLOW_UP_RESULTS: Record<string, string> = {
  satisfied: '满意',
  'basically-satisfied': '基本满意',
  dissatisfied: '不满意',
  unreachable: '未联系上',
};

export const DECISION_CHANNELS: Record<string, string> = {
  online: '网上',
  window: '窗口',
  phone: '电话',
  silence: '视为无异议（答复后规定期限内未提出异议）',
};

function decisionPart(
  d: NonNullable<StaffCaseView['decision']>,
  timeline: StaffCaseView['timeline'],
  view?: StaffCaseView,
): Html {
  const rows: Row[] = [
    ...(d.channel ? [{ key: '表态方式', value: DECISION_CHANNELS[d.channel] ?? d.channel }] : []),
    ...(d.on ? [{ key: '表态日期', value: dateEl(d.on) }] : []),
    ...(d.recordedBy ? [{ key: '记录人', value: staffName(timeline, d.recordedBy) }] : []),
    { key: '记录时间', value: timeEl(d.at) },
  ];
  return html`${
    d.kind === 'accept'
      ? html`<p>${d.channel === 'silence' ? '缴费人在规定期限内没有提出异议，视为接受处理结果。' : '缴费人接受处理结果，没有异议。'}</p>`
      : html`<p>缴费人对处理结果有异议，选择的途径：<strong>${routeLabel(d.route, view)}</strong></p>
${d.comment ? html`<div><strong>缴费人的说明：</strong>${para(d.comment)}</div>` : ''}`
  }
${summaryList(rows)}`;
}

/** The remedy's steps after an objection, oldest first (seed 四(二)). */
function remediesPart(
  remedies: NonNullable<StaffCaseView['remedies']>,
  timeline: StaffCaseView['timeline'],
): Html {
  return html`<ul class="records">${remedies.map(
    (r) => html`<li class="records__item" data-remedy="${r.outcome}">
  <h3 class="records__title">${remedyOutcomeLabel(r.outcome)}</h3>
  ${summaryList([
    { key: '日期', value: dateEl(r.on) },
    ...(r.note ? [{ key: '说明', value: para(r.note) }] : []),
    { key: '记录人', value: html`${staffName(timeline, r.by)}，${timeEl(r.at)}` },
  ])}
</li>`,
  )}</ul>`;
}

function parts(view: StaffCaseView, today: string): Html {
  const path = casePath(view.caseNumber);
  const { answer, decision, extension: ext, proposal: p, followUp: f } = view;
  return html`${part(
    'answer',
    isLead(view) ? '核查处理结果' : '书面答复',
    answer &&
      html`${para(answer.text, 'prose inset')}
<p class="secondary">${unit(answer.unit)}，${timeEl(answer.at)}</p>
<p><a href="${path}/print/answer">打印${answerSheetName(view)}</a></p>`,
  )}
${part('decision', '缴费人对答复的意见', decision && decisionPart(decision, view.timeline, view))}
${part('remedies', '救济途径进展', view.remedies?.length ? remediesPart(view.remedies, view.timeline) : null)}
${part(
  'supervisions',
  '督办',
  view.supervisions.length
    ? html`<ul class="records">${view.supervisions.map(
        (s) => html`<li class="records__item" data-supervision="${s.id}">
  <h3 class="records__title">对${unit(s.unit)}的督办</h3>
  ${summaryList([
    ...supervisionRows(s, view),
    {
      key: '答复',
      value: s.answer
        ? html`${para(s.answer)}${s.answeredAt ? html`<p class="secondary">${timeEl(s.answeredAt)}</p>` : ''}`
        : html`<strong class="mark mark--pending">待答复</strong>`,
    },
    ...(s.toPayer
      ? [
          {
            key: '给缴费人的再次答复',
            value: html`${para(s.toPayer)}<p><a href="${path}/print/further-answer">打印再次答复告知书</a></p>`,
          },
        ]
      : []),
  ])}
</li>`,
      )}</ul>`
    : null,
)}
${part(
  'assignments',
  '交办',
  view.assignments.length
    ? html`<ul class="records">${view.assignments.map(
        (a) => html`<li class="records__item" data-assignment="${a.id}">
  <h3 class="records__title">交${unit(a.unit)}办理</h3>
  ${summaryList([
    { key: '交办事项', value: para(a.task) },
    {
      key: '完成期限',
      value: html`${dateEl(a.due)}${a.reply === undefined ? dueMarks(a.due, today > a.due, true, today) : ''}`,
    },
    { key: '交办人', value: html`${staffName(view.timeline, a.by)}，${timeEl(a.at)}` },
    {
      key: '办理结果',
      value:
        a.reply !== undefined
          ? html`${para(a.reply)}${a.doneAt ? html`<p class="secondary">${timeEl(a.doneAt)}</p>` : ''}`
          : html`<strong class="mark mark--pending">待办理</strong>`,
    },
  ])}
</li>`,
      )}</ul>`
    : null,
)}
${part(
  'convening',
  '会商召集',
  view.convening &&
    summaryList([
      { key: '会商事由', value: para(view.convening.note) },
      { key: '商请旗政府办召集', value: timeEl(view.convening.requestedAt) },
      {
        key: '会议安排',
        value: view.convening.place
          ? `${view.convening.date ? `${formatDay(view.convening.date)}，` : ''}${view.convening.place}`
          : view.convening.doneAt
            ? `会商已于${formatDay(view.convening.date ?? view.convening.doneAt)}召开`
            : html`<strong class="mark mark--pending">等待旗政府办安排</strong>`,
      },
    ]),
)}
${part(
  'followUp',
  '回访',
  f &&
    summaryList([
      {
        key: '回访情况',
        value:
          f.status === 'done'
            ? `已回访：${FOLLOW_UP_RESULTS[f.result ?? ''] ?? f.result ?? ''}${f.by === 'payer' ? '（缴费人在网上回答）' : ''}`
            : f.status === 'open'
              ? '待回访'
              : `答复后的第一个工作日（${formatDay(f.visibleFrom)}）生成回访任务`,
      },
      { key: '回访期限', value: dateEl(f.due) },
      ...(f.note ? [{ key: '回访记录', value: para(f.note) }] : []),
    ]),
)}
${part(
  'extension',
  '延期申请',
  ext &&
    summaryList([
      { key: '申请延期', value: `${ext.days} 个工作日` },
      { key: '理由', value: para(ext.reason) },
      { key: '申请人', value: staffName(view.timeline, ext.requestedBy) },
      {
        key: '审批情况',
        // An answer sent while the request waited ends it: the deadline it would move is met.
        value: html`<strong>${ext.status === 'pending' && view.answer ? '已答复缴费人，不再审批' : EXTENSION_STATUS[ext.status]}</strong>`,
      },
      // Who decided and why, where the head's form promised the clerk would read it (a staff
      // review found the reason in the history only).
      ...extensionDecision(view),
    ]),
)}
${part(
  'opinions',
  '协办单位意见',
  view.opinions.length
    ? html`<ul class="records">${view.opinions.map(
        (o) => html`<li class="records__item">
  <h3 class="records__title">${unit(o.unit)}</h3>
  <p class="secondary">商请时间：${timeEl(o.requestedAt)}</p>
  <p><strong>问题：</strong>${o.question}</p>
  ${
    o.opinion
      ? html`<div><strong>意见：</strong>${para(o.opinion)}</div>`
      : o.withdrawnAt
        ? html`<p data-testid="opinion-withdrawn"><strong>未回复，已撤回</strong>：${timeEl(o.withdrawnAt)}已答复缴费人，不再需要这项意见。</p>`
        : html`<p><strong class="mark mark--pending">尚未回复</strong></p>`
  }
  ${o.answeredAt ? html`<p class="secondary">回复时间：${timeEl(o.answeredAt)}${o.enteredBy ? `（书面意见，由${unit(o.enteredBy)}录入）` : ''}</p>` : ''}
</li>`,
      )}</ul>`
    : null,
)}
${part(
  'consultations',
  `${meetingWord(view)}记录`,
  view.consultations.length
    ? html`<ul class="records">${view.consultations.map(
        (c) => html`<li class="records__item">
  <h3 class="records__title">${formatDay(c.date)} ${meetingWords(c.kind).name}</h3>
  ${summaryList([
    ...(c.place ? [{ key: '会议地点', value: c.place }] : []),
    ...(c.chair ? [{ key: '主持人', value: c.chair }] : []),
    { key: '参加单位', value: units(c.units) },
    ...c.positions.map((p) => ({ key: `${unit(p.unit)}意见`, value: para(p.position) })),
    { key: `${meetingWords(c.kind).short}结论`, value: para(c.conclusion) },
    { key: '会议纪要', value: para(c.minutes) },
    { key: '牵头单位', value: unit(c.lead) },
    { key: '记录人', value: staffName(view.timeline, c.recordedBy) },
  ])}
</li>`,
      )}</ul>
<p><a href="${path}/print/consultation">打印${meetingWord(view)}纪要</a></p>`
    : null,
)}
${part(
  'proposal',
  '拟办意见',
  p &&
    html`${summaryList([
      {
        key: '报送编号',
        value: html`<span data-testid="proposal-serial">报送编号${p.serial}</span>`,
      },
      { key: '审批情况', value: html`<strong>${PROPOSAL_STATUS[p.status]}</strong>` },
      { key: '联系人', value: `${p.contactName}（${p.contactPhone}）` },
      { key: '反映内容摘要', value: para(p.summary) },
      { key: '拟办意见', value: para(p.proposedOpinion) },
    ])}
<p><a href="${path}/print/proposal">打印拟办意见报送单（附件3）</a></p>`,
)}
${part(
  'writtenOpinion',
  '专案书面意见',
  view.writtenOpinion
    ? html`${para(view.writtenOpinion, 'prose inset')}
<p><a href="${path}/print/written-opinion">打印专案书面意见</a></p>`
    : null,
)}
${part(
  'returns',
  '退回记录',
  view.returns.length
    ? html`<ul>${view.returns.map(
        (x) =>
          html`<li>${timeEl(x.at)} ${unit(x.unit)}退回：${label(RETURN_REASONS, x.reason)}</li>`,
      )}</ul>`
    : null,
)}`;
}

function who(actor: StaffCaseView['timeline'][number]['actor']): string {
  if (actor.kind === 'system') return '系统';
  if (actor.kind === 'payer') return '缴费人';
  return (
    [actor.unit ? unit(actor.unit) : '', actor.name ?? actor.user ?? '']
      .filter(Boolean)
      .join(' ') || '工作人员'
  );
}

/** Codes a step recorded, in words; codes the page does not know are left out. */
function detailWords(
  detail: Record<string, string> | undefined,
  view: StaffCaseView,
  transition: string,
): string[] {
  if (!detail) return [];
  // `channel` is how a case came in on its first step, and how a payer decided on a decision.
  const decided = transition === 'payerAccept' || transition === 'payerObject';
  const words: string[] = [];
  for (const [key, value] of Object.entries(detail)) {
    if (key === 'reason') words.push(`原因：${label(RETURN_REASONS, value)}`);
    else if (key === 'route') words.push(`途径：${routeLabel(value, view)}`);
    else if (key === 'unit') words.push(`单位：${unit(value)}`);
    else if (key === 'lead') words.push(`牵头单位：${unit(value)}`);
    else if (key === 'to')
      words.push(
        value === 'office'
          ? '退回到：争议处理工作室'
          : value === 'routing'
            ? '退回到：重新分派'
            : `到：${unit(value)}`,
      );
    else if (key === 'serial') words.push(`报送编号${value}`);
    else if (key === 'days') words.push(`${value} 个工作日`);
    else if (key === 'approve' || key === 'approved')
      words.push(value === 'true' ? '同意' : '不同意');
    else if (key === 'as') words.push(value === 'major' ? '重大疑难争议' : '一般争议');
    else if (key === 'result') words.push(`回访结果：${FOLLOW_UP_RESULTS[value] ?? value}`);
    else if (key === 'channel' && decided)
      words.push(`表态方式：${DECISION_CHANNELS[value] ?? value}`);
    else if (key === 'channel')
      words.push(`受理渠道：${CHANNEL_LABELS[value as keyof typeof CHANNEL_LABELS] ?? value}`);
    else if (key === 'on') words.push(`表态日期：${formatDay(value)}`);
    else if (key === 'outcome') words.push(`救济途径进展：${remedyOutcomeLabel(value)}`);
    else if (key === 'outcomeOn') words.push(`进展日期：${formatDay(value)}`);
    else if (key === 'servedOn') words.push(`送达日期：${formatDay(value)}`);
    else if (key === 'method' && Object.hasOwn(SERVICE_METHOD_LABELS, value))
      words.push(`送达方式：${SERVICE_METHOD_LABELS[value as keyof typeof SERVICE_METHOD_LABELS]}`);
    else if (key === 'due') words.push(`完成期限：${formatDay(value)}`);
    else if (key === 'via')
      words.push(value === 'online' ? '方式：缴费人网上申请，短信发送' : '方式：窗口当面发放');
    else if (key === 'idChecked') words.push('已核验缴费人身份证件原件');
    else if (key === 'date') words.push(`会议日期：${formatDay(value)}`);
    else if (key === 'item') {
      const item = view.work.find((w) => w.id === value);
      if (item) words.push(`督办事项：${item.label}`);
    }
  }
  return words;
}

function timelineItem(e: StaffCaseView['timeline'][number], view: StaffCaseView): Html {
  const words = detailWords(e.detail, view, e.transition);
  const status = (s: string) => STATUS_LABELS[s as keyof typeof STATUS_LABELS] ?? s;
  return html`<li class="timeline__item">
  <span class="timeline__status">${e.note}</span>
  <span class="timeline__time">${timeEl(e.at)} · ${who(e.actor)}</span>
  ${e.from !== e.to && e.to ? html`<span class="cell-note">状态：${e.from ? `${status(e.from)} → ` : ''}${status(e.to)}</span>` : ''}
  ${words.length ? html`<span class="cell-note">${words.join('；')}</span>` : ''}
  ${e.text ? para(e.text, 'prose timeline__text') : ''}
</li>`;
}

/** `1536` → 「1.5 KB」: the size as a person reads it (1 KB = 1024 bytes, as file managers show). */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  const names = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let k = 0;
  while (value >= 1024 && k < names.length - 1) {
    value /= 1024;
    k++;
  }
  return `${value >= 100 ? Math.round(value) : Number(value.toFixed(1))} ${names[k]}`;
}

const TYPE_LABELS: Record<string, string> = Object.fromEntries(
  Object.entries(ATTACHMENT_TYPES).map(([type, t]) => [type, t.label]),
);

/** What may be attached, grouped by size limit, for the upload's hint. */
const ATTACHMENT_HINT = (() => {
  const byLimit = new Map<number, string[]>();
  for (const t of Object.values(ATTACHMENT_TYPES)) {
    byLimit.set(t.maxBytes, [...(byLimit.get(t.maxBytes) ?? []), t.label]);
  }
  return [...byLimit]
    .map(([limit, labels]) => `${labels.join('、')}（每个不超过 ${limit / 1024 / 1024} MB）`)
    .join('；');
})();

/**
 * 案卷材料 (seed 三(三)): the list and its download links work without a script (each link answers
 * with a redirect to a short-lived signed URL). Uploading needs the small script: a browser form
 * cannot PUT a file to a signed URL, and a file may be far bigger than a function accepts.
 */
function attachments(view: StaffCaseView, viewer: Viewer): Html {
  const path = casePath(view.caseNumber);
  const list = view.attachments;
  // Those who may act on the case may add to its file (the core checks again).
  const mayUpload = view.allowedActions.includes('note');
  return html`<section class="attachments" id="attachments" aria-labelledby="attachments-title">
  <h2 id="attachments-title">案卷材料</h2>
  ${
    list.length
      ? html`<table class="table table--stack" id="attachments-table" data-testid="attachments">
    <caption class="visually-hidden">案卷材料：文书、图片、录音和视频</caption>
    <thead><tr><th scope="col">文件名</th><th scope="col">类型</th><th scope="col">大小</th><th scope="col">上传人</th><th scope="col">上传时间</th><th scope="col"><span class="visually-hidden">下载</span></th></tr></thead>
    <tbody id="attachments-rows">${list.map(
      (a) =>
        html`<tr><th scope="row" data-label="文件名">${a.name}</th><td data-label="类型">${TYPE_LABELS[a.contentType] ?? a.contentType}</td><td data-label="大小">${formatSize(a.size)}</td><td data-label="上传人">${staffName(view.timeline, a.uploadedBy)}</td><td data-label="上传时间">${timeEl(a.at)}</td><td data-label=""><a href="${path}/attachments/${encodeURIComponent(a.id)}">下载<span class="visually-hidden">「${a.name}」</span></a></td></tr>`,
    )}</tbody>
  </table>`
      : view.filesWithheld
        ? html`<p class="secondary" id="attachments-withheld">这个案件有 ${view.filesWithheld} 份案卷材料，只有承办单位和正在办理本案事项的单位可以查看和下载（材料里有缴费人的个人信息）。</p>`
        : html`<p class="secondary" id="attachments-empty">还没有案卷材料。</p>`
  }
  ${
    mayUpload
      ? html`<div class="error-summary" id="attachment-errors" role="alert" tabindex="-1" aria-labelledby="attachment-errors-title" hidden>
    <h2 class="error-summary__title" id="attachment-errors-title">无法上传这个文件</h2>
    <div class="error-summary__body"><ul class="error-summary__list"></ul></div>
  </div>
  <p class="hint" data-upload-note>上传材料需要浏览器允许运行脚本（JavaScript）；查看和下载材料不需要。</p>
  <form id="upload-form" class="upload" method="post" action="${path}/attachments" novalidate hidden data-upload="${path}">
    ${csrfField(viewer)}
    <div class="form-group">
      <label class="label" for="upload-file">上传材料</label>
      <p class="hint" id="upload-file-hint">办理中形成的文书或音视频资料，归档时一并保存。可以上传${ATTACHMENT_HINT}。一次上传一个文件。</p>
      <p class="error-message" id="upload-file-error" hidden></p>
      <input class="file-upload" type="file" id="upload-file" name="file" accept="${Object.keys(ATTACHMENT_TYPES).join(',')}" aria-describedby="upload-file-hint">
    </div>
    <button type="submit" class="button button--secondary" id="upload" data-testid="upload">上传</button>
    <p class="visually-hidden" role="status" id="upload-status"></p>
  </form>
  <script type="module" src="${UPLOAD_SCRIPT}"></script>`
      : ''
  }
</section>`;
}
