/**
 * The printed forms of a case, each an A4 sheet as the seed lays it out (styles in site.css,
 * 「Staff print forms」): annex 2 受理登记表, annex 3 拟办意见报送单, the 会商纪要, the written
 * answer notice 书面答复告知书, and the case file's 卷内目录. On screen the sheet is shown as a page under a way back to the case; printed,
 * only the sheet is. The browser's own print command prints it: no script is needed.
 */
import {
  ATTACHMENT_TYPES,
  CHANNELS,
  type StaffCaseView,
  type TimelineEntry,
} from '#contracts/staff.ts';
import { LEAD_SOURCE_LABELS, SERVICE_METHOD_LABELS } from '#core/case.ts';
import type { DeadlinePolicy } from '#core/deadlines.ts';
import { parseProposalSerial } from '#core/identifiers.ts';
import { type Insurance, insuranceLabel } from '#core/matters.ts';
import { remediesFor } from '#core/remedies.ts';
import { shanghaiDate } from '#core/time.ts';
import {
  DEFAULT_OFFICIAL_NAMES,
  type OfficialNames,
  officialName,
  type UnitId,
} from '#core/units.ts';
import { isLead } from '#core/work.ts';
import { formatDay, formatPeriod, formatTime } from '../dates.ts';
import { type Html, html } from '../html.ts';
import { COUNTY } from '../layout.ts';
import { DECISION_CHANNELS, FOLLOW_UP_RESULTS } from './case.ts';
import {
  answerSheetName,
  maskedWhy,
  meetingWords,
  routeLabel,
  staffName,
  unit,
} from './components.ts';
import { staffMessagePage, staffPage, type Viewer } from './layout.ts';

export type PrintForm =
  | 'registration'
  | 'proposal'
  | 'answer'
  | 'further-answer'
  | 'consultation'
  | 'written-opinion'
  | 'catalogue';

/** The forms: the page's title, and what the sheet is in the sentence above it. */
export const PRINT_FORMS: Record<PrintForm, { title: string; what: string }> = {
  registration: { title: '打印受理登记表', what: '受理登记表（附件2）' },
  proposal: { title: '打印拟办意见报送单', what: '拟办意见报送单（附件3）' },
  answer: { title: '打印书面答复告知书', what: '书面答复告知书' },
  'further-answer': { title: '打印再次答复告知书', what: '再次答复告知书' },
  consultation: { title: '打印会商纪要', what: '会商纪要' },
  'written-opinion': { title: '打印专案书面意见', what: '专案书面意见' },
  catalogue: { title: '打印卷内目录', what: '卷内目录' },
};

/** True for the name of one of the forms (the last segment of its address). */
export function isPrintForm(name: string): name is PrintForm {
  return Object.hasOwn(PRINT_FORMS, name);
}

const casePath = (n: string) => `/staff/cases/${encodeURIComponent(n)}`;

/** `2026-01-20` as the three blanks of 「　年　月　日」; all blank when there is no date yet. */
function dateBlanks(day: string | null | undefined): Html {
  const m = day ? /^(\d{4})-(\d{2})-(\d{2})/.exec(day) : null;
  const [y, mo, d] = m ? [m[1], String(Number(m[2])), String(Number(m[3]))] : ['', '', ''];
  return html`<span class="blank">${y}</span>年<span class="blank">${mo}</span>月<span class="blank">${d}</span>日`;
}

/**
 * The issuing unit and the date, right, with the seal's room above them: the seal is stamped over
 * the name and the date, its top within a line of the text (GB/T 9704-2012 7.3.5.1), so no more
 * room than that is left. A separate 34 mm blank pushed the seal of longer forms onto a page of
 * its own (a print review, 2026-12-05).
 */
const sealOf = (unit: string, day: Html) =>
  html`<div class="seal"><div class="seal__space"></div><p>${unit}（盖章）</p><p>${day}</p></div>`;

const dayOf = (e: TimelineEntry | undefined) => (e ? shanghaiDate(new Date(e.at)) : null);

/** A text staff wrote, one indented paragraph a line they wrote. */
function indented(text: string): Html[] {
  return text
    .split(/\n+/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => html`<p class="indent">${line}</p>`);
}

/** A proposal's serial as annex 3 prints it: [2026]第（3）号. */
function printedSerial(serial: string): string {
  const s = parseProposalSerial(serial);
  return s ? `[${s.year}]第（${s.n}）号` : serial;
}

/** The page around a sheet: the way back, how to print, and a warning when data is masked. */
function sheetPage(viewer: Viewer, form: PrintForm, view: StaffCaseView, sheet: Html): Html {
  const f =
    form === 'answer' && isLead(view)
      ? { title: `打印${answerSheetName(view)}`, what: answerSheetName(view) }
      : PRINT_FORMS[form];
  return staffPage({
    title: `${f.title} ${view.caseNumber}`,
    viewer,
    print: true,
    body: html`<div class="no-print">
  <div class="print-tools">
    <p><a href="${casePath(view.caseNumber)}" data-testid="back-to-case">返回案件 ${view.caseNumber}</a></p>
    <p data-testid="print-hint">请使用浏览器的打印功能（Ctrl+P）打印。</p>
  </div>
  <p class="secondary">${f.what}按 A4 纸打印。打印时请在打印设置中关闭“页眉和页脚”。</p>
  ${view.masked ? html`<p class="inset" data-testid="print-masked">${maskedWhy(viewer)}，打印出来的个人信息不完整。</p>` : ''}
</div>
${
  // On the paper too, atop every sheet (a notice has one for each party): a masked form read as
  // complete (「示**」 beside 盖章) would be sealed and filed (a print review, 2026-12-05).
  // The 卷内目录 names no person: what it lacks, it says itself (catalogue-withheld).
  view.masked && form !== 'catalogue'
    ? html`<div class="sheets--masked" data-testid="sheets-masked">${sheet}</div>`
    : sheet
}`,
  });
}

/** `2026-11-26T09:30` (Beijing time, as a datetime-local field posts it) → 2026年11月26日 09:30. */
function localDateTime(value: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(value);
  return m ? `${formatDay(m[1] ?? '')} ${m[2]}` : value;
}

/** The payer's two cells of annex 2: name, and identifier (or what stands for one). */
function payerCells(payer: StaffCaseView['payer']): { name: Html; id: Html } {
  if (payer.kind === 'lead') {
    // A lead has no payer to name yet (issue 13): the cells say so and where it came from, so
    // that the form is not mistaken for one with a name left out.
    const source = payer.source;
    return {
      name: html`身份不明（线索）${payer.name ? html`<br>自称：${payer.name}` : ''}`,
      id: source
        ? html`线索来源：${LEAD_SOURCE_LABELS[source.kind]}${source.reference ? html`<br>${source.reference}` : ''}`
        : html``,
    };
  }
  return {
    name: html`${payer.name}`,
    id: payer.idPending && !payer.idNumber ? html`待核实` : html`${payer.idNumber}`,
  };
}

/** 「争议对方：…」 under the dispute (seed 三(二): the answer goes to both parties). */
function counterpartyLine(other: StaffCaseView['counterparty']): Html {
  if (!other) return html``;
  const parts = [
    `${other.name}（${other.kind === 'organization' ? '单位' : '个人'}）`,
    ...(other.idNumber ? [`识别号 ${other.idNumber}`] : []),
    ...(other.phone ? [`联系电话 ${other.phone}`] : []),
  ];
  return html`<p class="fill-line" data-testid="counterparty">争议对方：${parts.join('，')}</p>`;
}

/**
 * Annex 2, as the seed asks (三(一)3: 受理人员应第一时间填写): the clerk who received the payer at
 * the window (their display name, else their account), their work phone and their unit's full
 * official name, the registration date as 受理日期, and 来访时间 beside the payer's contact. A case
 * the payer filed online had no clerk: 受理人 and 受理单位 say 「网上提交」, 受理日期 is the day it
 * was filed (Beijing time), and its submission time stands in for the visit. Whoever signed for the
 * case later is not the receiver: that is on the case's timeline, not this form.
 */
function registrationSheet(view: StaffCaseView, names: OfficialNames): Html {
  const online = view.channel === 'online';
  // Cases registered before the receiver was kept: the registering clerk is the timeline's first actor.
  const first = view.timeline[0];
  const receiver =
    view.receivedBy ??
    (!online && first?.actor.kind === 'staff' && first.actor.unit
      ? { unit: first.actor.unit, user: first.actor.user ?? '', name: null, phone: null }
      : null);
  const channel = CHANNELS.find((c) => c.id === view.channel)?.label ?? view.channel;
  const visit = online
    ? first
      ? `提交时间：${formatTime(first.at)}；`
      : ''
    : view.visitedAt
      ? `${visitWord(view.channel)}：${localDateTime(view.visitedAt)}；`
      : '';
  const payer = payerCells(view.payer);
  return html`<article class="sheet sheet--registration" data-testid="sheet" aria-labelledby="sheet-title">
  <h1 class="sheet__title" id="sheet-title">${COUNTY}社会保险费征缴争议受理登记表</h1>
  <p class="sheet__line">登记日期：${dateBlanks(view.registeredOn)}</p>
  <table class="form-table">
    <colgroup><col><col><col><col></colgroup>
    <tbody>
      <tr class="form-table__row">
        <th scope="row">缴费人（单位）名称</th>
        <td data-testid="payer-name">${payer.name}</td>
        <th scope="row">缴费人识别号（社会信用代码）</th>
        <td class="form-table__id" data-testid="payer-id">${payer.id}</td>
      </tr>
      <tr class="form-table__tall">
        <th scope="row">征缴争议内容</th>
        <td colspan="3"><div>${view.description}</div>${mattersList(view)}${counterpartyLine(view.counterparty)}<p class="fill-line" data-testid="visit">${visit}${view.payer.phone ? `联系电话：${view.payer.phone}；` : ''}受理渠道：${channel}；受理编号：<span class="case-no">${view.caseNumber}</span></p></td>
      </tr>
      <tr class="form-table__row">
        <th scope="row">受理人</th>
        <td data-testid="receiver">${online ? '无（缴费人网上提交）' : (receiver?.name ?? receiver?.user ?? '')}</td>
        <th scope="row">受理人联系方式</th>
        <td data-testid="receiver-phone">${receiver?.phone ?? ''}</td>
      </tr>
      <tr class="form-table__row">
        <th scope="row">受理单位</th>
        <td colspan="3" data-testid="receiving-unit">${online ? '无（缴费人网上提交）' : receiver ? officialName(receiver.unit, names) : ''}</td>
      </tr>
    </tbody>
  </table>
  <div class="seal">
    <p>受理日期：${dateBlanks(online || receiver ? view.registeredOn : null)}</p>
    <div class="seal__space"></div>
    <p>盖章</p>
  </div>
</article>`;
}

/** Annex 3: the serial 报送编号[YYYY]第（N）号, the contact, the summary, the proposed opinion. */
function proposalSheet(view: StaffCaseView, names: OfficialNames): Html | undefined {
  const p = view.proposal;
  if (!p) return undefined;
  const serial = parseProposalSerial(p.serial);
  const recorded = view.timeline.findLast((e) => e.transition === 'recordProposal');
  return html`<article class="sheet sheet--proposal" data-testid="sheet" aria-labelledby="sheet-title">
  <h1 class="sheet__title" id="sheet-title">${COUNTY}社会保险费征缴争议事项处理拟办意见报送单</h1>
  <p class="sheet__line sheet__line--center" data-testid="serial">报送编号[<span class="blank">${serial?.year ?? ''}</span>]第（<span class="blank">${serial?.n ?? p.serial}</span>）号</p>
  <table class="form-table">
    <colgroup><col><col><col><col><col></colgroup>
    <tbody>
      <tr class="form-table__row">
        <th scope="row">联系人信息</th>
        <th scope="col">姓名</th>
        <td>${p.contactName}</td>
        <th scope="col">联系方式</th>
        <td>${p.contactPhone}</td>
      </tr>
      <tr class="form-table__mid">
        <th scope="row">反映内容摘要</th>
        <td colspan="4">${p.summary}</td>
      </tr>
      <tr class="form-table__mid">
        <th scope="row">拟办意见</th>
        <td colspan="4">${p.proposedOpinion}</td>
      </tr>
    </tbody>
  </table>
  <p class="secondary-print">受理编号：<span class="case-no">${view.caseNumber}</span></p>
  ${sealOf(officialName('office', names), dateBlanks(dayOf(recorded)))}
</article>`;
}

/** 「；2026年11月2日当面送达对方」 once the notice was served on the other party, else nothing. */
function servedNote(view: StaffCaseView): string {
  const s = view.counterpartyServed;
  if (!s) return '';
  return `；${formatDay(s.on)}${SERVICE_METHOD_LABELS[s.method]}对方`;
}

/**
 * What the registration's time was, by how the dispute came: a visit, a call, or something
 * received (a post found online, a petition passed on, a court's referral). A staff review
 * (2026-12-05) printed 「来访时间」 on a 网络舆情 lead.
 */
function visitWord(channel: string): string {
  if (channel === 'walk-in') return '来访时间';
  return channel === 'phone-call' || channel === 'hotline-12345' ? '来电时间' : '收到时间';
}

/** The dispute's matters as the forms list them: 缴费基数（养老保险），所属期 2024年6月至2024年12月. */
function mattersList(view: StaffCaseView): Html {
  return html`<ul class="fill-list" data-testid="matters">${view.matters.map((m) => {
    const insurance = m.insurance.map((i) => insuranceLabel(i as Insurance) ?? i).join('、');
    return html`<li>${m.label}${insurance ? `（${insurance}）` : ''}，所属期 ${formatPeriod(m.period)}</li>`;
  })}</ul>`;
}

/**
 * The written opinion of a major case's special handling (seed 三(一)2(2): 形成书面意见，由主要受理
 * 部门将最终处理意见以书面形式告知缴费人), signed by the office that forms it: what it rests on (the
 * approved proposal, the 专题会议), the opinion one paragraph a line, and who answers the payer.
 */
function writtenOpinionSheet(view: StaffCaseView, names: OfficialNames): Html | undefined {
  const text = view.writtenOpinion;
  if (!text) return undefined;
  const meeting = view.consultations.findLast((c) => c.kind === 'special-meeting');
  const formed = dayOf(view.timeline.findLast((e) => e.transition === 'recordWrittenOpinion'));
  const serial = view.proposal && printedSerial(view.proposal.serial);
  const basis = [
    serial ? `报送编号${serial}拟办意见经领导小组办公室同意` : '',
    meeting
      ? `于${formatDay(meeting.date)}召开专题会议会商研究（${meeting.units.map(unit).join('、')}参加）`
      : '',
  ].filter(Boolean);
  return html`<article class="sheet sheet--answer" data-testid="sheet" aria-labelledby="sheet-title">
  <h1 class="sheet__title" id="sheet-title">${COUNTY}社会保险费征缴争议<br>专案书面意见</h1>
  <p class="sheet__line sheet__line--right">受理编号：<span class="case-no">${view.caseNumber}</span></p>
  <p class="indent">关于${view.matters.map((m) => m.label).join('、') || '社会保险费征缴争议'}（受理编号<span class="case-no">${view.caseNumber}</span>）：${basis.length ? `${basis.join('，')}，` : ''}形成书面意见如下：</p>
  <div class="answer-text" data-testid="opinion-text">${indented(text)}</div>
  ${view.lead ? html`<p class="indent">由牵头单位${officialName(view.lead as UnitId, names)}据此书面答复缴费人。</p>` : ''}
  ${sealOf(officialName('office', names), dateBlanks(formed))}
</article>`;
}

/** 专题会议纪要 for a major case's meeting (seed 三(四)), 会商纪要 for a consultation. */
const meetingTitle = (c: { kind?: string }) => `${meetingWords(c.kind).name}纪要`;

/**
 * Who issues a meeting's minutes: the office for a consultation it held; for a major case's
 * 专题会议, which the leading group holds at its office's request (seed 三(四)), the leading
 * group's office (a print review read the 工作室's seal on the leading group's meeting).
 */
const meetingIssuer = (c: { kind?: string }, names: OfficialNames) =>
  c.kind === 'special-meeting' ? `${LEADING_GROUP}办公室` : officialName('office', names);

/**
 * The consultation's record for the case file (seed 三(三) 案卷归档, 三(四) 会商): one sheet per
 * meeting, each on its own page, signed by the office that recorded it.
 */
function consultationSheet(view: StaffCaseView, names: OfficialNames): Html | undefined {
  if (view.consultations.length === 0) return undefined;
  return html`${view.consultations.map(
    (
      c,
      i,
    ) => html`<article class="sheet sheet--consultation" data-testid="sheet" aria-labelledby="sheet-title-${i}">
  <h1 class="sheet__title" id="sheet-title-${i}">${COUNTY}社会保险费征缴争议<br>${meetingTitle(c)}</h1>
  <p class="sheet__line sheet__line--right">受理编号：<span class="case-no">${view.caseNumber}</span></p>
  <table class="form-table">
    <colgroup><col><col></colgroup>
    <tbody>
      <tr class="form-table__line"><th scope="row">${meetingWords(c.kind).short}日期</th><td>${formatDay(c.date)}</td></tr>
      <tr class="form-table__line"><th scope="row">会议地点</th><td>${c.place ?? ''}</td></tr>
      <tr class="form-table__line"><th scope="row">主持人</th><td>${c.chair ?? ''}</td></tr>
      <tr class="form-table__text"><th scope="row">争议事项</th><td>${mattersList(view)}</td></tr>
      <tr class="form-table__line"><th scope="row">参加单位</th><td>${c.units.map(unit).join('、')}</td></tr>
      ${c.positions.map((p) => html`<tr class="form-table__text"><th scope="row">${unit(p.unit)}意见</th><td>${p.position}</td></tr>`)}
      <tr class="form-table__text"><th scope="row">${meetingWords(c.kind).short}结论</th><td>${c.conclusion}</td></tr>
      <tr class="form-table__text"><th scope="row">会议纪要</th><td>${c.minutes}</td></tr>
      <tr class="form-table__line"><th scope="row">牵头单位</th><td>${unit(c.lead)}</td></tr>
      <tr class="form-table__line"><th scope="row">记录人</th><td>${staffName(view.timeline, c.recordedBy)}</td></tr>
    </tbody>
  </table>
  ${sealOf(meetingIssuer(c, names), dateBlanks(c.date))}
</article>`,
  )}`;
}

/**
 * The written answer notice: the answer, one indented paragraph per line the unit wrote, and what
 * the payer can do if they disagree (seed 三(二)), each route with where to go and its time limit,
 * and how long the payer's silence takes to count as accepting (`policy`, the one in force).
 */
function answerSheet(
  view: StaffCaseView,
  answerUrl: string,
  names: OfficialNames,
  policy: DeadlinePolicy,
): Html | undefined {
  const a = view.answer;
  if (!a) return undefined;
  const remedies = remedyList(view, a.unit);
  // One sheet per party, the same answer on each (seed 三(二): 向争议双方进行反馈); printed, each
  // starts a new page (site.css, `.sheet + .sheet`), so each party can be handed its own.
  // A lead's finding is the same sheet without an addressee, under its own title.
  const sheet = (to: { key: string; testid: string; name?: string; title?: string }, body: Html) =>
    noticeSheet(view, a, names, { title: '书面答复告知书', ...to }, body);
  const answerText = html`<div class="answer-text" data-testid="answer-text">${indented(a.text)}</div>`;
  // Who to ask, and the day the payer was told (a print review: 「打电话告诉我们」 with no number
  // on the paper, and the window in days alone while the payer's page gives the date).
  const phone = a.by?.phone;
  const contact = a.by
    ? html`<p class="indent" data-testid="answer-contact">${[a.by.name && `承办人：${a.by.name}`, phone && `联系电话：${phone}`].filter(Boolean).join('　')}</p>`
    : '';
  const silence = silenceSentence(view, policy);
  const toPayer = isLead(view)
    ? sheet(
        { key: 'sheet-title', testid: 'sheet', title: answerSheetName(view) },
        html`${leadSource(view)}
  ${answerText}`,
      )
    : sheet(
        { key: 'sheet-title', testid: 'sheet', name: view.payer.name || '反映人' },
        html`<p class="indent">您于${formatDay(view.registeredOn)}反映的社会保险费征缴争议（受理编号<span class="case-no">${view.caseNumber}</span>），我单位已调查处理，现答复如下：</p>
  ${answerText}
  <p class="indent">对以上处理结果没有异议的，我单位将整理有关文书和音视频资料后归档。${silence}</p>
  <p class="indent">对处理结果有异议的，可以按规定选择下列途径继续解决：</p>
  ${remedies}
  <p class="indent">您可以在网上打开 ${answerUrl}，输入受理编号和查询码，告诉我们您是否接受处理结果；也可以到我单位窗口或打电话${phone ? `（${phone}）` : ''}告诉我们。</p>
  ${contact}`,
      );
  const other = view.counterparty;
  if (!other) return toPayer;
  // The other party is a party to the dispute too: the remedies are open to it as to the payer.
  // It has no access code, and the payer's silence is the payer's, so neither is said to it.
  const you = other.kind === 'organization' ? '您单位' : '您';
  const who = isLead(view) ? '有关方面' : view.payer.name;
  // The respond form asks for words both parties can read (「缴费人」, not 「您」). An answer written
  // to the payer all the same is given to the other party as a copy, said so: read as addressed
  // to it, an employer was told that it had complained about itself (a print review, 2026-12-05).
  // Named as on the payer's own sheet, not 「反映人」 (a review found the word confusing here).
  const copied =
    !isLead(view) && /您(?!单位)/.test(a.text)
      ? `现将给${who}的答复抄送${you}（答复中的“您”指${who}）：`
      : `${you}是这件争议的一方，现将处理结果告知如下：`;
  const toOther = sheet(
    {
      key: 'sheet-title-counterparty',
      testid: 'sheet-counterparty',
      name: other.name,
      // Both sheets share the notice's name; this one says whose it is, so that a clerk who
      // hands them out does not mix them up.
      title: '书面答复告知书（争议另一方）',
    },
    html`<p class="indent">${who}于${formatDay(view.registeredOn)}反映的涉及${you}的社会保险费征缴争议（受理编号<span class="case-no">${view.caseNumber}</span>），我单位已调查处理。${copied}</p>
  ${answerText}
  <p class="indent">${you}作为争议一方，对处理结果有异议的，也可以按规定选择下列途径继续解决：</p>
  ${remedies}
  <p class="indent">如有疑问，请拨打 12345，或到我单位窗口、打电话${phone ? `（${phone}）` : ''}咨询。</p>
  ${contact}`,
  );
  return html`${toPayer}
${toOther}`;
}

/**
 * When silence means acceptance, as the payer was told: the days and the day; the day alone when
 * it is the one told with the answer, later than a shorter policy since would count (the days
 * would not match it); flagged while its year has no holiday calendar (DESIGN §6).
 */
function silenceSentence(view: StaffCaseView, policy: DeadlinePolicy): string {
  const w = view.objectionWindow;
  const days = `答复后 ${policy.silenceMeansAccept} 个工作日内`;
  if (w?.silence !== 'accepts') return `${days}没有提出异议的，视为没有异议。`;
  const day = `最晚在${formatDay(w.lastDay)}前，含当天`;
  const provisional =
    w.covered === false ? '（该年节假日安排尚未公布，这个日期可能调整，以办理部门通知为准）' : '';
  return w.told
    ? `${formatDay(w.lastDay)}前（含当天）没有提出异议的，视为没有异议。${provisional}`
    : `${days}（${day}）没有提出异议的，视为没有异议。${provisional}`;
}

/** The routes of objection open against the acts of `unit` and of the case's units. */
const remedyList = (view: StaffCaseView, unit: string) =>
  html`<ol class="remedy-list">${remediesFor([unit, ...view.routing.units] as UnitId[]).map((r) => html`<li><strong>${r.label}</strong>：${r.where}。${r.limit}</li>`)}</ol>`;

/** A notice from a unit, sealed and dated on the day it was given (`from.at`). */
function noticeSheet(
  view: StaffCaseView,
  from: { unit: string; at: string },
  names: OfficialNames,
  to: { key: string; testid: string; title: string; name?: string },
  body: Html,
): Html {
  return html`<article class="sheet sheet--answer" data-testid="${to.testid}" aria-labelledby="${to.key}">
  <h1 class="sheet__title" id="${to.key}">${COUNTY}社会保险费征缴争议<br>${to.title}</h1>
  <p class="sheet__line sheet__line--right">受理编号：<span class="case-no">${view.caseNumber}</span></p>
  ${to.name === undefined ? '' : html`<p data-testid="addressee">${to.name}：</p>`}
  ${body}
  ${sealOf(officialName(from.unit as UnitId, names), dateBlanks(shanghaiDate(new Date(from.at))))}
</article>`;
}

/**
 * The further answer to a payer who said 不满意 (再次答复), for a payer the unit delivers to on
 * paper: after the leading group's 督办, what the unit found on looking again, the last day to
 * object while the payer has not said (silence then archives the case without taking the payer as
 * accepting: supervision.ts lapseDissatisfied), and the routes of objection.
 */
function furtherAnswerSheet(
  view: StaffCaseView,
  answerUrl: string,
  names: OfficialNames,
): Html | undefined {
  const order = view.supervisions.findLast((s) => s.toPayer && s.answeredAt);
  if (!view.answer || !order?.toPayer || !order.answeredAt) return undefined;
  const unit = order.unit;
  const last = view.objectionWindow?.lastDay;
  return noticeSheet(
    view,
    { unit, at: order.answeredAt },
    names,
    {
      key: 'sheet-title',
      testid: 'sheet',
      title: '再次答复告知书',
      name: view.payer.name || '反映人',
    },
    html`<p class="indent">您于${formatDay(view.registeredOn)}反映的社会保险费征缴争议（受理编号<span class="case-no">${view.caseNumber}</span>），${formatDay(shanghaiDate(new Date(view.answer.at)))}书面答复后，您在回访中表示不满意。经领导小组督办，我单位重新核实处理，现再次答复如下：</p>
  <div class="answer-text" data-testid="answer-text">${indented(order.toPayer)}</div>
  ${
    last
      ? html`<p class="indent" data-testid="object-by">对以上答复仍不接受的，请在${formatDay(last)}前（含当天）告诉我们您准备通过哪种途径解决；逾期没有告诉我们的，案卷归档，但不视为您接受了处理结果。</p>`
      : ''
  }
  <p class="indent">对处理结果有异议的，可以按规定选择下列途径继续解决：</p>
  ${remedyList(view, unit)}
  <p class="indent">您可以在网上打开 ${answerUrl}，输入受理编号和查询码查看；也可以到我单位窗口或打电话告诉我们您的意见。</p>`,
  );
}

/**
 * A lead's finding, for the file (seed 二(二)11–12: leads are handed to the unit to look into):
 * where the lead came from and what it called itself, above the finding; no addressee, remedies
 * or objection window, since nobody holds its access code. A named other party still gets the
 * answer notice's sheet of its own.
 */
function leadSource(view: StaffCaseView): Html {
  const source = view.payer.source;
  return html`<p class="indent" data-testid="lead-source">${formatDay(view.registeredOn)}登记的线索，来源：${source ? LEAD_SOURCE_LABELS[source.kind] : '—'}${source?.reference ? `（${source.reference}）` : ''}；反映人：${view.payer.name || '身份不明'}。经核查，处理情况如下：</p>`;
}

/** One document of the case file, as the catalogue lists it (GB/T 9705's columns). */
export interface CaseFileEntry {
  /** 文号: the proposal's serial; empty for the others. */
  ref: string;
  /** 责任者: who made the document: a unit's full official name, the leading group, the payer. */
  by: string;
  /** 题名: the document's own title, or one written for it in 「[ ]」 as the standard asks. */
  title: string;
  /** The day it was made, `YYYY-MM-DD` (Beijing time); empty where only the clerk knows it. */
  day: string;
  /** 备注 */
  note: string;
}

/** The leading group of seed 二(一), maker of 督办 and 交办. */
const LEADING_GROUP = `${COUNTY}社会保险费征缴争议联合处置工作领导小组`;

/** The decisions of a remedy the payer took, as the papers the file keeps of them. */
const REMEDY_PAPERS: Partial<Record<string, { by: string; title: string }>> = {
  'mediation-agreement': { by: '调解组织', title: '调解协议书（复印件）' },
  'judicial-confirmation': { by: '人民法院', title: '司法确认裁定书（复印件）' },
  'reconsideration-decision': { by: '行政复议机关', title: '行政复议决定书（复印件）' },
  'arbitration-award': { by: '劳动人事争议仲裁委员会', title: '仲裁裁决书（复印件）' },
  judgement: { by: '人民法院', title: '判决书（复印件）' },
  withdrawn: { by: '缴费人', title: '[撤回救济申请的记录]' },
};

/** A file's name as a title: without its extension (「调查笔录.pdf」 is 「调查笔录」). */
const titleOf = (fileName: string) => fileName.replace(/\.[A-Za-z0-9]{1,5}$/, '') || fileName;

/**
 * What the case file holds (seed 三(三): 将征缴争议处理有关文书或音视频资料进行整理归档): the
 * documents the case made, oldest first — registration, opinions, consultation minutes, proposal,
 * written opinion, extension, answer notice, the payer's decision, the follow-up, 督办 and 交办
 * with their answers, the remedy's decisions — then every file staff attached, in the order
 * attached. An attached file's date is the document's own, which only the clerk knows (its upload
 * is not it), so it is left blank with the page numbers. A deemed acceptance, a remedy still in
 * progress and an opinion never given made no document and have no row.
 */
export function caseFileContents(view: StaffCaseView, names: OfficialNames): CaseFileEntry[] {
  const name = (u: string | null | undefined) => (u ? officialName(u as UnitId, names) : '');
  const last = (transition: string) => view.timeline.findLast((e) => e.transition === transition);
  const day = (at: string | undefined) => (at ? shanghaiDate(new Date(at)) : '');
  const made: CaseFileEntry[] = [];
  const add = (e: Omit<CaseFileEntry, 'ref' | 'note'> & Partial<CaseFileEntry>) =>
    made.push({ ref: '', note: '', ...e });
  const online = view.channel === 'online';
  add({
    by: online ? '缴费人（网上提交）' : name(view.receivedBy?.unit ?? view.timeline[0]?.actor.unit),
    title: '社会保险费征缴争议受理登记表',
    day: view.registeredOn,
  });
  for (const o of view.opinions) {
    if (o.opinion === undefined) continue;
    add({
      by: name(o.unit),
      title: '[协办单位意见]',
      day: day(o.answeredAt),
      note: o.enteredBy && o.enteredBy !== o.unit ? `${name(o.enteredBy)}代为录入` : '',
    });
  }
  for (const c of view.consultations)
    add({ by: meetingIssuer(c, names), title: meetingTitle(c), day: c.date });
  // Every proposal sent, a refused one too (the case keeps only the latest form), each with the
  // decision that followed it.
  view.timeline.forEach((e, i) => {
    if (e.transition !== 'recordProposal') return;
    const next = view.timeline
      .slice(i + 1)
      .find((x) => x.transition === 'decideProposal' || x.transition === 'recordProposal');
    const decided = next?.transition === 'decideProposal' ? next : undefined;
    add({
      ref: printedSerial(e.detail?.serial ?? view.proposal?.serial ?? ''),
      by: name('office'),
      title: '拟办意见报送单',
      day: day(e.at),
      note: !decided
        ? '待审批'
        : decided.detail?.approved === 'true'
          ? '领导小组办公室已同意'
          : '领导小组办公室未同意',
    });
  });
  if (view.writtenOpinion) {
    add({
      by: name('office'),
      title: '专案书面意见',
      day: day(last('recordWrittenOpinion')?.at),
    });
  }
  // Every extension decided (the case keeps only the latest request), by the unit that asked.
  view.timeline.forEach((e, i) => {
    if (e.transition !== 'decideExtension') return;
    const asked = view.timeline.slice(0, i).findLast((x) => x.transition === 'requestExtension');
    const days = e.detail?.days ?? asked?.detail?.days;
    add({
      by: name(asked?.actor.unit),
      title: '[延期申请及审批意见]',
      day: day(e.at),
      note:
        e.detail?.approved === 'true'
          ? days
            ? `同意延长 ${days} 个工作日`
            : '同意延期'
          : '未同意延期',
    });
  });
  if (view.answer) {
    add({
      by: name(view.answer.unit),
      title: answerSheetName(view),
      day: day(view.answer.at),
      // A lead has no payer: its notice goes to the other party alone (a staff review); how it
      // was served on the other party is part of the file (送达).
      note: view.counterparty
        ? `${isLead(view) ? '争议另一方一份' : '缴费人、争议另一方各一份'}${servedNote(view)}`
        : '',
    });
  }
  const d = view.decision;
  if (d && d.channel !== 'silence') {
    const route = d.route && routeLabel(d.route, view);
    const said = d.kind === 'object' ? `有异议${route ? `：${route}` : ''}` : '无异议';
    const how = d.channel ? DECISION_CHANNELS[d.channel] : undefined;
    add({
      by: '缴费人',
      title: '[缴费人对处理结果的意见]',
      day: d.on ?? day(d.at),
      // 「网上表态」: a bare 「网上」 in the catalogue's narrow column read as cut off.
      note: how ? `${said}；${how}表态` : said,
    });
  }
  const f = view.followUp;
  if (f?.status === 'done') {
    const visit = view.timeline.findLast(
      (e) => e.transition === 'recordFollowUp' || e.transition === 'payerSurvey',
    );
    add({
      by: f.by === 'payer' ? '缴费人（网上评价）' : name(visit?.actor.unit),
      title: '[回访记录]',
      day: day(visit?.at),
      note: f.result ? (FOLLOW_UP_RESULTS[f.result] ?? f.result) : '',
    });
  }
  for (const o of view.supervisions) {
    add({ by: LEADING_GROUP, title: '[督办通知]', day: day(o.at), note: unit(o.unit) });
    if (o.answer) add({ by: name(o.unit), title: '[督办事项办理情况]', day: day(o.answeredAt) });
    if (o.toPayer) add({ by: name(o.unit), title: '再次答复告知书', day: day(o.answeredAt) });
  }
  for (const a of view.assignments) {
    add({ by: LEADING_GROUP, title: '[交办事项]', day: day(a.at), note: unit(a.unit) });
    if (a.reply) add({ by: name(a.unit), title: '[交办事项办理情况]', day: day(a.doneAt) });
  }
  for (const r of view.remedies ?? []) {
    const paper = REMEDY_PAPERS[r.outcome];
    if (paper) add({ ...paper, day: r.on });
  }
  // Oldest first; one without a day after the dated ones. A sort is stable: documents of one day
  // keep the order above.
  const key = (e: CaseFileEntry) => e.day || '9999';
  made.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const attached = view.attachments.map((a): CaseFileEntry => {
    const by = view.timeline.find(
      (e) => e.transition === 'attach' && e.detail?.attachment === a.id,
    );
    const type = ATTACHMENT_TYPES[a.contentType as keyof typeof ATTACHMENT_TYPES]?.label ?? '';
    // Sound and video are kept apart from the bound paper file (声像材料).
    const av = /^(audio|video)\//.test(a.contentType);
    return {
      ref: '',
      by: name(by?.actor.unit),
      title: titleOf(a.name),
      day: '',
      note: av ? `${type}，声像材料另存` : type,
    };
  });
  return [...made, ...attached];
}

/**
 * 卷内目录, the first sheet of the bound case file: 序号、文号、责任者、题名、日期、页号、备注, the
 * columns of the national standard for document files' volumes (GB/T 9705), the date as its eight
 * digits (20261205). 页号, and an attached file's 日期, are left blank for the clerk who binds the
 * paper file and numbers its pages.
 */
function catalogueSheet(view: StaffCaseView, names: OfficialNames): Html | undefined {
  if (!view.answer) return undefined;
  const rows = caseFileContents(view, names);
  return html`<article class="sheet sheet--catalogue" data-testid="sheet" aria-labelledby="sheet-title">
  <h1 class="sheet__title" id="sheet-title">${COUNTY}社会保险费征缴争议<br>卷内目录</h1>
  <p class="sheet__line sheet__line--right">受理编号：<span class="case-no">${view.caseNumber}</span></p>
  <table class="form-table" data-testid="catalogue">
    <colgroup><col><col><col><col><col><col><col></colgroup>
    <thead><tr><th scope="col">序号</th><th scope="col">文号</th><th scope="col">责任者</th><th scope="col">题名</th><th scope="col">日期</th><th scope="col">页号</th><th scope="col">备注</th></tr></thead>
    <tbody>${rows.map(
      (r, i) =>
        html`<tr><td class="form-table__c">${String(i + 1)}</td><td>${r.ref}</td><td>${r.by}</td><td>${r.title}</td><td class="form-table__c">${r.day.replaceAll('-', '')}</td><td></td><td>${r.note}</td></tr>`,
    )}</tbody>
  </table>
  ${
    // Files the viewer may not open are left out of the rows: the index says so rather than
    // reading as complete (a code review, 2026-12-05).
    view.filesWithheld
      ? html`<p class="secondary-print" data-testid="catalogue-withheld">另有 ${view.filesWithheld} 份上传的案卷材料未列入本目录（打印人无权查看案卷材料），完整的卷内目录请由承办单位打印。</p>`
      : ''
  }
</article>`;
}

const NOT_YET: Record<Exclude<PrintForm, 'registration'>, { title: string; detail: string }> = {
  proposal: {
    title: '这个案件还没有拟办意见',
    detail: '重大疑难争议由工作室填写拟办意见报送单后，才能打印。',
  },
  answer: {
    title: '这个案件还没有书面答复',
    detail: '承办单位提交书面答复后，才能打印书面答复告知书。',
  },
  'further-answer': {
    title: '这个案件还没有再次答复',
    detail:
      '缴费人在回访中表示不满意、承办单位答复督办并再次答复缴费人后，才能打印再次答复告知书。',
  },
  consultation: {
    title: '这个案件还没有会商记录',
    detail: '工作室记录会商后，才能打印会商纪要。',
  },
  'written-opinion': {
    title: '这个案件还没有专案书面意见',
    detail: '重大疑难争议由工作室形成专案书面意见后，才能打印。',
  },
  catalogue: {
    title: '这个案件还没有答复',
    detail: '承办单位答复缴费人后，才能打印卷内目录。',
  },
};

/**
 * A form of a case as a page and its status: 404 with a plain message when the caller may not
 * see the case (`view` undefined) or the form does not apply to it yet.
 */
export function printPage(
  form: string,
  viewer: Viewer,
  caseNumber: string,
  view: StaffCaseView | undefined,
  /**
   * `officialNames`: the settings' full names the forms sign with (issue 13); defaults without.
   * `policy`: the deadline policy in force, whose days the answer notice prints; no default, so
   * that no caller prints the compiled-in days after an administrator changed them.
   */
  o: { answerUrl?: string; officialNames?: OfficialNames; policy: DeadlinePolicy },
): { status: number; page: Html } {
  if (!isPrintForm(form)) {
    return {
      status: 404,
      page: staffMessagePage(
        '没有这种打印表',
        '可以打印的是受理登记表、拟办意见报送单、会商纪要、专案书面意见、书面答复告知书、再次答复告知书和卷内目录，请从案件页面的链接进入。',
        { href: '/staff/inbox', label: '返回待办' },
        viewer,
      ),
    };
  }
  if (!view) {
    return {
      status: 404,
      page: staffMessagePage(
        '没有找到这个案件',
        `受理编号 ${caseNumber} 不存在，或者本单位没有办理过这个案件。`,
        { href: '/staff/inbox', label: '返回待办' },
        viewer,
      ),
    };
  }
  const names = o.officialNames ?? DEFAULT_OFFICIAL_NAMES;
  const sheet =
    form === 'registration'
      ? registrationSheet(view, names)
      : form === 'proposal'
        ? proposalSheet(view, names)
        : form === 'consultation'
          ? consultationSheet(view, names)
          : form === 'catalogue'
            ? catalogueSheet(view, names)
            : form === 'written-opinion'
              ? writtenOpinionSheet(view, names)
              : form === 'further-answer'
                ? furtherAnswerSheet(view, o.answerUrl ?? '', names)
                : answerSheet(view, o.answerUrl ?? '', names, o.policy);
  if (!sheet) {
    const why = NOT_YET[form as Exclude<PrintForm, 'registration'>];
    return {
      status: 404,
      page: staffMessagePage(
        why.title,
        why.detail,
        { href: casePath(view.caseNumber), label: '返回案件' },
        viewer,
      ),
    };
  }
  return { status: 200, page: sheetPage(viewer, form, view, sheet) };
}
