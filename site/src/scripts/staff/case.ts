/**
 * The case page: GET /api/staff/cases/{n}, shown in full, and the action forms the view allows.
 * Each form posts JSON (the body keys are the fields' names) with the view's version; the answer
 * is the new view. A 409 means someone else changed the case: reload it and say so.
 */
import type { StaffCaseView } from '#contracts/staff.ts';
import {
  clearErrors,
  type FieldError,
  halfWidth,
  linkSummary,
  type Problem,
  readJson,
  showFieldErrors,
  showProblem,
} from '../errors.ts';
import { byId, dateEl, dueMarks, fillWith, formatDate, h, timeEl } from './dom.ts';
import { api, pageData, requireSession } from './session.ts';

interface Labels {
  statuses: Record<string, string>;
  units: Record<string, string>;
  matters: Record<string, string>;
  insurances: Record<string, string>;
  channels: Record<string, string>;
  reasons: Record<string, string>;
  routes: Record<string, string>;
  roles: Record<string, string>;
}

interface AttachmentType {
  label: string;
  maxBytes: number;
}

/** POST /api/staff/cases/{n}/attachments → 201: where to PUT the file. */
interface AttachmentUpload {
  attachment: { id: string; name: string };
  upload: { url: string; method?: string; headers?: Record<string, string> };
}

const data = pageData<{
  labels: Labels;
  modes: Record<string, string>;
  caseNumber: string;
  attachmentTypes: Record<string, AttachmentType>;
}>();
const L = data.labels;
requireSession(L);

const unit = (id: string | null | undefined) => (id ? (L.units[id] ?? id) : '—');
const units = (ids: readonly string[]) => (ids.length ? ids.map(unit).join('、') : '—');
const loadSummary = byId('load-errors');
const actionSummary = byId('action-errors');
const actionsRoot = byId('actions');
const announcer = byId('announcer');
const caseNumber = new URLSearchParams(location.search).get('n')?.trim() ?? '';
let view: StaffCaseView | null = null;
/** Positions typed so far, by unit: unticking a unit by mistake and ticking it again loses nothing. */
const typed = new Map<string, string>();
let busy = false;

const attachmentSummary = byId('attachment-errors');
const uploadForm = byId<HTMLFormElement>('upload-form');
const fileInput = byId<HTMLInputElement>('upload-file');

linkSummary(actionSummary);
linkSummary(attachmentSummary);
uploadForm.addEventListener('submit', (e) => void upload(e));
byId('attachments-rows').addEventListener('click', (event) => {
  const button = (event.target as Element).closest<HTMLButtonElement>('button[data-attachment]');
  if (button) void download(button);
});
const forms = [...actionsRoot.querySelectorAll<HTMLFormElement>('form[data-action]')];
for (const form of forms) form.addEventListener('submit', (e) => void submit(e, form));
setUpConsultation();

if (!new RegExp(data.caseNumber).test(caseNumber)) {
  byId('case-loading').hidden = true;
  showProblem(
    document.body,
    loadSummary,
    '地址中的受理编号不正确',
    '请从收件箱点受理编号进入案件页面。',
  );
} else {
  void load().then((ok) => {
    if (ok) {
      // Coming back from a print page or a bookmark with #actions: land on the forms.
      if (location.hash === '#actions') actionsRoot.focus();
    }
  });
}

// ---- loading ------------------------------------------------------------------------------------

async function load(): Promise<boolean> {
  try {
    const response = await api(`/api/staff/cases/${encodeURIComponent(caseNumber)}`);
    const body = await readJson<StaffCaseView & Problem>(response);
    if (response.ok && body?.caseNumber) {
      view = body;
      render(body);
      return true;
    }
    if (response.status === 404) {
      showProblem(
        document.body,
        loadSummary,
        '没有找到这个案件',
        `受理编号 ${caseNumber} 不存在，或者本单位没有办理过这个案件。`,
      );
    } else if (response.status === 403) {
      showProblem(document.body, loadSummary, '您没有权限查看这个案件', body?.detail);
    } else {
      showProblem(
        document.body,
        loadSummary,
        body?.title ?? '暂时无法读取这个案件',
        body?.detail ?? '请过几分钟再刷新页面。',
      );
    }
  } catch {
    showProblem(
      document.body,
      loadSummary,
      '暂时无法读取这个案件',
      '网络或系统暂时出了问题，请过几分钟再刷新页面。',
    );
  } finally {
    byId('case-loading').hidden = true;
  }
  return false;
}

// ---- showing the case ---------------------------------------------------------------------------

function row(term: string, ...value: (Node | string | null)[]): HTMLElement {
  return h('div', { class: 'summary-list__row' }, h('dt', {}, term), h('dd', {}, ...value));
}

function para(text: string, cls = 'prose'): HTMLElement {
  return h('div', { class: cls }, text);
}

function part(name: string, ...content: (Node | null)[]): void {
  const section = document.querySelector<HTMLElement>(`[data-part="${name}"]`);
  if (!section) return;
  const body = section.querySelector('.part-body') as HTMLElement;
  const nodes = content.filter((n): n is Node => n !== null);
  body.replaceChildren(...nodes);
  section.hidden = nodes.length === 0;
}

function render(v: StaffCaseView): void {
  const n = encodeURIComponent(v.caseNumber);
  byId('case-number').textContent = v.caseNumber;
  byId('case-status').textContent = v.statusLabel || (L.statuses[v.status] ?? v.status);
  byId('case-status').className = `tag tag--${v.status}`;
  document.title = document.title.replace(
    /^[^-]+/,
    `案件 ${v.caseNumber}（${byId('case-status').textContent}） `,
  );
  (byId('print-registration') as HTMLAnchorElement).href = `/staff/print/registration/?n=${n}`;
  (byId('print-proposal') as HTMLAnchorElement).href = `/staff/print/proposal/?n=${n}`;
  (byId('print-answer') as HTMLAnchorElement).href = `/staff/print/answer/?n=${n}`;
  byId('print-proposal-item').hidden = !v.proposal;
  byId('print-answer-item').hidden = !v.answer;
  for (const a of actionsRoot.querySelectorAll<HTMLAnchorElement>('#action-done-link a')) {
    a.href = `/staff/print/answer/?n=${n}`;
  }

  // The step due now, at the top, so an overdue case cannot be missed.
  const current = v.deadlines.filter((d) => d.overdue || d === v.deadlines.at(-1));
  byId('case-due').replaceChildren(
    ...current.map((d) =>
      h(
        'p',
        { class: d.overdue ? 'case-due__item case-due__item--overdue' : 'case-due__item' },
        `${d.label}：`,
        dateEl(d.due),
        ...dueMarks(d.due, d.overdue, d.covered),
      ),
    ),
  );

  const classification =
    v.classification === 'general'
      ? '一般争议'
      : v.classification === 'major'
        ? '重大、复杂、疑难争议'
        : null;
  fillWith(
    byId('case-summary'),
    row('受理渠道', L.channels[v.channel] ?? v.channel),
    row('登记日期', dateEl(v.registeredOn)),
    row('现在由哪个单位办理', v.holder ? unit(v.holder) : '正在分派'),
    v.lead ? row('牵头单位', unit(v.lead)) : null,
    classification ? row('争议类别', classification) : null,
    row('办理过的单位', units(v.heldBy)),
  );

  byId('payer-masked').hidden = !v.masked;
  byId('case-payer').replaceChildren(
    row('缴费人类型', v.payer.kind === 'organization' ? '单位' : '个人'),
    row(v.payer.kind === 'organization' ? '单位名称' : '姓名', v.payer.name),
    row(
      v.payer.kind === 'organization' ? '统一社会信用代码' : '身份证号码',
      h('span', { class: 'code' }, v.payer.idNumber),
    ),
    row('手机号码', h('span', { class: 'code' }, v.payer.phone)),
  );

  byId('case-matters').replaceChildren(
    ...v.matters.map((m) =>
      h(
        'tr',
        {},
        h('td', { 'data-label': '事项' }, m.label || (L.matters[m.type] ?? m.type)),
        h(
          'td',
          { 'data-label': '险种' },
          m.insurance.map((i) => L.insurances[i] ?? i).join('、') || '—',
        ),
        h('td', { 'data-label': '所属期' }, period(m.period)),
      ),
    ),
  );

  byId('case-description').textContent = v.description;

  const r = v.routing;
  fillWith(
    byId('case-routing'),
    h('p', {}, `${data.modes[r.mode] ?? r.mode}。`),
    h(
      'dl',
      { class: 'summary-list' },
      row(r.mode === 'triage' ? '交由' : '承办单位', units(r.units)),
      r.assisting.length ? row('协办单位', units(r.assisting)) : null,
    ),
    r.explanation.length
      ? h('ul', { class: 'explanation' }, ...r.explanation.map((s) => h('li', {}, s)))
      : null,
  );

  byId('case-deadlines').replaceChildren(
    v.deadlines.length
      ? h(
          'ul',
          { class: 'deadlines' },
          ...v.deadlines.map((d) =>
            h(
              'li',
              { class: d.overdue ? 'deadlines__item deadlines__item--overdue' : 'deadlines__item' },
              h('strong', {}, `${d.label}：`),
              dateEl(d.due),
              ...dueMarks(d.due, d.overdue, d.covered),
              d.basis ? h('span', { class: 'cell-note' }, `计算方法：${d.basis}`) : null,
            ),
          ),
        )
      : h('p', { class: 'secondary' }, '现在没有正在计算的期限。'),
  );

  part(
    'answer',
    v.answer
      ? h(
          'div',
          {},
          para(v.answer.text, 'prose inset'),
          h('p', { class: 'secondary' }, `${unit(v.answer.unit)}，`, timeEl(v.answer.at)),
          h('p', {}, h('a', { href: `/staff/print/answer/?n=${n}` }, '打印书面答复告知书')),
        )
      : null,
  );

  part('decision', v.decision ? decision(v.decision) : null);

  const ext = v.extension;
  const extStatus = { pending: '等待单位负责人审批', approved: '已同意', refused: '未同意' };
  part(
    'extension',
    ext
      ? h(
          'dl',
          { class: 'summary-list' },
          row('申请延期', `${ext.days} 个工作日`),
          row('理由', para(ext.reason)),
          row('申请人', ext.requestedBy),
          row('审批情况', h('strong', {}, extStatus[ext.status] ?? ext.status)),
        )
      : null,
  );

  part(
    'opinions',
    v.opinions.length
      ? h(
          'ul',
          { class: 'records' },
          ...v.opinions.map((o) =>
            h(
              'li',
              { class: 'records__item' },
              h('h3', { class: 'records__title' }, unit(o.unit)),
              h('p', { class: 'secondary' }, '商请时间：', timeEl(o.requestedAt)),
              h('p', {}, h('strong', {}, '问题：'), o.question),
              o.opinion
                ? h('div', {}, h('strong', {}, '意见：'), para(o.opinion))
                : h('p', {}, h('strong', { class: 'mark mark--pending' }, '尚未回复')),
              o.answeredAt
                ? h('p', { class: 'secondary' }, '回复时间：', timeEl(o.answeredAt))
                : null,
            ),
          ),
        )
      : null,
  );

  part(
    'consultations',
    v.consultations.length
      ? h(
          'ul',
          { class: 'records' },
          ...v.consultations.map((c) =>
            h(
              'li',
              { class: 'records__item' },
              h('h3', { class: 'records__title' }, `${formatDate(c.date)} 会商`),
              h(
                'dl',
                { class: 'summary-list' },
                row('参加单位', units(c.units)),
                ...c.positions.map((p) => row(`${unit(p.unit)}意见`, para(p.position))),
                row('会商结论', para(c.conclusion)),
                row('会议纪要', para(c.minutes)),
                row('牵头单位', unit(c.lead)),
                row('记录人', c.recordedBy),
              ),
            ),
          ),
        )
      : null,
  );

  const p = v.proposal;
  const proposalStatus = { submitted: '已报送，等待审批', approved: '已同意', refused: '未同意' };
  part(
    'proposal',
    p
      ? h(
          'div',
          {},
          h(
            'dl',
            { class: 'summary-list' },
            row('报送编号', h('span', { 'data-testid': 'proposal-serial' }, `报送编号${p.serial}`)),
            row('审批情况', h('strong', {}, proposalStatus[p.status] ?? p.status)),
            row('联系人', `${p.contactName}（${p.contactPhone}）`),
            row('反映内容摘要', para(p.summary)),
            row('拟办意见', para(p.proposedOpinion)),
          ),
          h(
            'p',
            {},
            h('a', { href: `/staff/print/proposal/?n=${n}` }, '打印拟办意见报送单（附件3）'),
          ),
        )
      : null,
  );

  part('writtenOpinion', v.writtenOpinion ? para(v.writtenOpinion, 'prose inset') : null);

  part(
    'returns',
    v.returns.length
      ? h(
          'ul',
          {},
          ...v.returns.map((x) =>
            h('li', {}, timeEl(x.at), ` ${unit(x.unit)}退回：${L.reasons[x.reason] ?? x.reason}`),
          ),
        )
      : null,
  );

  renderAttachments(v);

  byId('case-timeline').replaceChildren(...v.timeline.map(timelineItem));

  showActions(v);
  byId('case').hidden = false;
}

function period(p: { from: string; to: string }): string {
  const ym = (s: string) => {
    const m = /^(\d{4})-(\d{2})$/.exec(s);
    return m ? `${m[1]}年${Number(m[2])}月` : s;
  };
  return p.from === p.to ? ym(p.from) : `${ym(p.from)}至${ym(p.to)}`;
}

function decision(d: NonNullable<StaffCaseView['decision']>): HTMLElement {
  if (d.kind === 'accept') {
    return h(
      'p',
      {},
      '缴费人接受处理结果，没有异议。',
      h('span', { class: 'secondary' }, '（', timeEl(d.at), '）'),
    );
  }
  return h(
    'div',
    {},
    h(
      'p',
      {},
      '缴费人对处理结果有异议，选择的途径：',
      h('strong', {}, L.routes[d.route ?? ''] ?? d.route ?? '未说明'),
    ),
    d.comment ? h('div', {}, h('strong', {}, '缴费人的说明：'), para(d.comment)) : null,
    h('p', { class: 'secondary' }, timeEl(d.at)),
  );
}

function who(actor: StaffCaseView['timeline'][number]['actor']): string {
  if (actor.kind === 'system') return '系统';
  if (actor.kind === 'payer') return '缴费人';
  return (
    [actor.unit ? unit(actor.unit) : '', actor.user ?? ''].filter(Boolean).join(' ') || '工作人员'
  );
}

/** Codes a step recorded, in words; codes the page does not know are left out. */
function detailWords(detail: Record<string, string> | undefined): string[] {
  if (!detail) return [];
  const words: string[] = [];
  for (const [key, value] of Object.entries(detail)) {
    if (key === 'reason') words.push(`原因：${L.reasons[value] ?? value}`);
    else if (key === 'route') words.push(`途径：${L.routes[value] ?? value}`);
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
  }
  return words;
}

function timelineItem(e: StaffCaseView['timeline'][number]): HTMLElement {
  const words = detailWords(e.detail);
  return h(
    'li',
    { class: 'timeline__item' },
    h('span', { class: 'timeline__status' }, e.note),
    h('span', { class: 'timeline__time' }, timeEl(e.at), ` · ${who(e.actor)}`),
    e.from !== e.to && e.to
      ? h(
          'span',
          { class: 'cell-note' },
          `状态：${e.from ? `${L.statuses[e.from] ?? e.from} → ` : ''}${L.statuses[e.to] ?? e.to}`,
        )
      : null,
    words.length ? h('span', { class: 'cell-note' }, words.join('；')) : null,
    e.text ? para(e.text, 'prose timeline__text') : null,
  );
}

// ---- attachments (案卷材料) -------------------------------------------------------------------------

/** `1536` → 「1.5 KB」: the size as a person reads it (1 KB = 1024 bytes, as file managers show). */
function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let k = 0;
  while (value >= 1024 && k < units.length - 1) {
    value /= 1024;
    k++;
  }
  return `${value >= 100 ? Math.round(value) : Number(value.toFixed(1))} ${units[k]}`;
}

function renderAttachments(v: StaffCaseView): void {
  const list = v.attachments ?? [];
  const types = data.attachmentTypes;
  byId('attachments-rows').replaceChildren(
    ...list.map((a) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row', 'data-label': '文件名' }, a.name),
        h('td', { 'data-label': '类型' }, types[a.contentType]?.label ?? a.contentType),
        h('td', { 'data-label': '大小' }, formatSize(a.size)),
        h('td', { 'data-label': '上传人' }, a.uploadedBy),
        h('td', { 'data-label': '上传时间' }, timeEl(a.at)),
        h(
          'td',
          { 'data-label': '' },
          h(
            'button',
            { type: 'button', class: 'link-button', 'data-attachment': a.id },
            '下载',
            // The button's name says which file: a screen reader lists the buttons out of the table.
            h('span', { class: 'visually-hidden' }, `「${a.name}」`),
          ),
        ),
      ),
    ),
  );
  byId('attachments-table').hidden = list.length === 0;
  byId('attachments-empty').hidden = list.length > 0;
  // Those who may act on the case may add to its file (the API checks again).
  uploadForm.hidden = !v.allowedActions.includes('note');
}

const TRY_LATER = '网络或系统暂时出了问题，请过几分钟再试。';

/**
 * Asks the API where to put the file (it checks type, size and who may), PUTs the file there
 * straight from the browser (never through a function), then shows the case again.
 */
async function upload(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  if (busy || !view) return;
  clearErrors(uploadForm, attachmentSummary);
  byId('attachment-done').hidden = true;
  const file = fileInput.files?.[0];
  if (!file) {
    showFieldErrors(uploadForm, attachmentSummary, [
      { pointer: '/file', detail: '请选择要上传的文件' },
    ]);
    return;
  }
  busy = true;
  const button = byId<HTMLButtonElement>('upload');
  button.disabled = true;
  announcer.textContent = `正在上传「${file.name}」，请稍候`;
  const n = encodeURIComponent(view.caseNumber);
  try {
    const response = await api(`/api/staff/cases/${n}/attachments`, {
      method: 'POST',
      body: JSON.stringify({ name: file.name, contentType: file.type, size: file.size }),
    });
    const body = await readJson<AttachmentUpload & Problem>(response);
    if (response.status === 201 && body?.upload?.url) {
      const put = await fetch(body.upload.url, {
        method: body.upload.method ?? 'PUT',
        headers: body.upload.headers ?? {},
        body: file,
      });
      await load();
      if (!put.ok) {
        showProblem(
          uploadForm,
          attachmentSummary,
          '文件没有上传成功',
          `「${file.name}」已登记，但文件内容没有传完。请重新选择这个文件上传。`,
        );
        return;
      }
      uploadForm.reset();
      byId('attachment-done-text').textContent = `已上传「${file.name}」。`;
      const banner = byId('attachment-done');
      banner.hidden = false;
      banner.focus();
      return;
    }
    // The API names /name, /contentType or /size: all are about the one file chosen.
    const errors: FieldError[] = response.status === 400 ? (body?.errors ?? []) : [];
    if (errors.length) {
      showFieldErrors(
        uploadForm,
        attachmentSummary,
        errors.map((e) => ({ pointer: '/file', detail: e.detail })),
      );
    } else if (response.status === 403 || response.status === 409) {
      showProblem(
        uploadForm,
        attachmentSummary,
        '您不能为这个案件上传材料',
        body?.detail ?? '只有承办单位（或牵头单位）和工作室可以上传案卷材料。',
      );
    } else if (response.status === 404) {
      showProblem(uploadForm, attachmentSummary, '没有找到这个案件', body?.detail);
    } else {
      showProblem(
        uploadForm,
        attachmentSummary,
        body?.title ?? '暂时无法上传',
        body?.detail ?? TRY_LATER,
      );
    }
  } catch {
    showProblem(uploadForm, attachmentSummary, '暂时无法上传', TRY_LATER);
  } finally {
    busy = false;
    button.disabled = false;
    announcer.textContent = '';
  }
}

/** Asks for a short-lived link (after the access check) and opens it: the file downloads. */
async function download(button: HTMLButtonElement): Promise<void> {
  if (!view) return;
  const id = button.dataset.attachment ?? '';
  const n = encodeURIComponent(view.caseNumber);
  clearErrors(uploadForm, attachmentSummary);
  byId('attachment-done').hidden = true;
  button.disabled = true;
  try {
    const response = await api(`/api/staff/cases/${n}/attachments/${encodeURIComponent(id)}`);
    const body = await readJson<{ url?: string } & Problem>(response);
    if (response.ok && typeof body?.url === 'string') {
      location.assign(body.url);
      return;
    }
    showProblem(
      uploadForm,
      attachmentSummary,
      '无法下载这个文件',
      response.status === 404
        ? '这个文件不存在，或者您没有权限查看。'
        : (body?.detail ?? TRY_LATER),
    );
  } catch {
    showProblem(uploadForm, attachmentSummary, '无法下载这个文件', TRY_LATER);
  } finally {
    button.disabled = false;
  }
}

// ---- the action forms ---------------------------------------------------------------------------

function showActions(v: StaffCaseView): void {
  const allowed = new Set<string>(v.allowedActions);
  for (const form of forms) form.hidden = !allowed.has(form.dataset.action ?? '');
  byId('no-actions').hidden = forms.some((f) => !f.hidden);

  // Lead unit of a joint case: one of the units routing named (all member units when it named
  // only the office, as for an unclear case).
  const lead = actionsRoot.querySelector<HTMLSelectElement>('#a-classify-lead');
  if (lead) {
    const named = v.routing.units.filter((u) => u !== 'office');
    const choices = named.length ? named : Object.keys(L.units).filter((u) => u !== 'office');
    const keep = lead.value;
    lead.replaceChildren(
      h('option', { value: '' }, '请选择'),
      ...choices.map((u) => h('option', { value: u }, unit(u))),
    );
    if (choices.includes(keep)) lead.value = keep;
  }

  const ext = v.extension;
  brief(
    '[data-extension-brief]',
    ext && ext.status === 'pending'
      ? h(
          'dl',
          { class: 'summary-list' },
          row('申请人', ext.requestedBy),
          row('延期', `${ext.days} 个工作日`),
          row('理由', para(ext.reason)),
        )
      : null,
  );

  const pending = v.opinions.filter((o) => !o.opinion);
  brief(
    '[data-opinion-questions]',
    pending.length
      ? h(
          'ul',
          {},
          ...pending.map((o) => h('li', {}, h('strong', {}, `${unit(o.unit)}：`), o.question)),
        )
      : null,
  );

  const p = v.proposal;
  brief(
    '[data-proposal-brief]',
    p
      ? h(
          'div',
          {},
          h('p', {}, `报送编号${p.serial}，联系人 ${p.contactName}。`),
          h('p', {}, h('strong', {}, '拟办意见：'), p.proposedOpinion),
        )
      : null,
  );

  // The consultation starts with the units routing named, until someone changes the boxes.
  const consult = actionsRoot.querySelector<HTMLFormElement>(
    'form[data-action="record-consultation"]',
  );
  if (consult && !consult.dataset.touched) {
    for (const box of consult.querySelectorAll<HTMLInputElement>('input[name="units"]')) {
      box.checked = v.routing.units.includes(box.value);
    }
    syncPositions(consult);
    const date = consult.querySelector<HTMLInputElement>('input[name="date"]');
    if (date && !date.value)
      date.value = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  }
}

function brief(selector: string, content: HTMLElement | null): void {
  const el = actionsRoot.querySelector<HTMLElement>(selector);
  if (el) el.replaceChildren(...(content ? [content] : []));
}

/** One position box per checked unit, in the boxes' order; text already typed is kept. */
function syncPositions(form: HTMLFormElement): void {
  const host = form.querySelector<HTMLElement>('[data-positions]');
  if (!host) return;
  for (const t of host.querySelectorAll<HTMLTextAreaElement>('textarea[data-unit]')) {
    typed.set(t.dataset.unit ?? '', t.value);
  }
  const checked = [...form.querySelectorAll<HTMLInputElement>('input[name="units"]:checked')].map(
    (b) => b.value,
  );
  host.replaceChildren(
    ...checked.map((u, i) => {
      const id = `a-record-consultation-position-${u}`;
      const area = h('textarea', {
        class: 'textarea',
        id,
        name: `positions.${i}.position`,
        rows: '3',
        'data-unit': u,
      });
      area.value = typed.get(u) ?? '';
      return h(
        'div',
        { class: 'form-group', 'data-field': `/positions/${i}/position` },
        h('label', { class: 'label', for: id }, `${unit(u)}的意见`),
        h('p', { class: 'error-message', id: `${id}-error`, hidden: true }),
        area,
      );
    }),
  );
  const empty = form.querySelector<HTMLElement>('[data-positions-empty]');
  if (empty) empty.hidden = checked.length > 0;
}

function setUpConsultation(): void {
  const form = actionsRoot.querySelector<HTMLFormElement>(
    'form[data-action="record-consultation"]',
  );
  form?.addEventListener('change', (event) => {
    if ((event.target as HTMLInputElement).name !== 'units') return;
    form.dataset.touched = '1';
    syncPositions(form);
  });
}

/** The form's answers as the action's JSON body; an empty answer is left out, so the API says 「请填写」. */
function collect(form: HTMLFormElement, version: number): Record<string, unknown> {
  const body: Record<string, unknown> = { type: form.dataset.action };
  for (const el of form.querySelectorAll<
    HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement
  >('input, select, textarea')) {
    if (!el.name || el.disabled || el.name.includes('.')) continue;
    const type = el.dataset.type;
    if (el instanceof HTMLInputElement && el.type === 'checkbox') {
      const list = (body[el.name] as string[] | undefined) ?? [];
      if (el.checked) list.push(el.value);
      body[el.name] = list;
      continue;
    }
    if (el instanceof HTMLInputElement && el.type === 'radio') {
      if (el.checked) body[el.name] = type === 'boolean' ? el.value === 'true' : el.value;
      continue;
    }
    const raw = el instanceof HTMLTextAreaElement ? el.value.trim() : halfWidth(el.value).trim();
    if (raw === '') continue;
    body[el.name] = type === 'integer' && /^\d+$/.test(raw) ? Number(raw) : raw;
  }
  const positions = form.querySelector('[data-positions]');
  if (positions) {
    body.positions = [
      ...positions.querySelectorAll<HTMLTextAreaElement>('textarea[data-unit]'),
    ].map((t) => {
      const text = t.value.trim();
      return text ? { unit: t.dataset.unit, position: text } : { unit: t.dataset.unit };
    });
  }
  body.version = version;
  return body;
}

async function submit(event: SubmitEvent, form: HTMLFormElement): Promise<void> {
  event.preventDefault();
  if (busy || !view) return;
  busy = true;
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]');
  if (button) button.disabled = true;
  byId('action-done').hidden = true;
  clearErrors(actionsRoot, actionSummary);
  announcer.textContent = '正在提交，请稍候';
  try {
    const response = await api(`/api/staff/cases/${encodeURIComponent(view.caseNumber)}/actions`, {
      method: 'POST',
      body: JSON.stringify(collect(form, view.version)),
    });
    const body = await readJson<StaffCaseView & Problem>(response);
    if (response.ok && body?.caseNumber) {
      view = body;
      form.reset();
      delete form.dataset.touched;
      if (form.dataset.action === 'record-consultation') {
        form.querySelector('[data-positions]')?.replaceChildren();
        typed.clear();
      }
      render(body);
      done(form);
      return;
    }
    const errors: FieldError[] = response.status === 400 ? (body?.errors ?? []) : [];
    if (errors.length) {
      showFieldErrors(form, actionSummary, errors);
    } else if (response.status === 409) {
      await load();
      showProblem(actionsRoot, actionSummary, '案件已被他人更新，已刷新为最新内容', body?.detail);
    } else if (response.status === 403) {
      showProblem(
        actionsRoot,
        actionSummary,
        '您不能进行这项操作',
        body?.detail ?? '这一步只能由承办单位或有相应权限的人员办理。',
      );
    } else if (response.status === 404) {
      showProblem(actionsRoot, actionSummary, '没有找到这个案件', body?.detail);
    } else {
      showProblem(
        actionsRoot,
        actionSummary,
        body?.title ?? '暂时无法提交',
        body?.detail ?? '网络或系统暂时出了问题，您填写的内容都还在，请过几分钟再试。',
      );
    }
  } catch {
    showProblem(
      actionsRoot,
      actionSummary,
      '暂时无法提交',
      '网络或系统暂时出了问题，您填写的内容都还在，请过几分钟再试。',
    );
  } finally {
    busy = false;
    if (button) button.disabled = false;
    announcer.textContent = '';
  }
}

function done(form: HTMLFormElement): void {
  byId('action-done-text').textContent = form.dataset.done ?? '已保存。';
  byId('action-done-link').hidden = form.dataset.action !== 'respond';
  const banner = byId('action-done');
  banner.hidden = false;
  banner.focus();
}
