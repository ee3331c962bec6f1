/**
 * The answer page: look the case up with its number and access code (GET /api/cases/{n}), show
 * the written answer, and send the payer's decision (POST /api/cases/{n}/decision). The access
 * code stays in memory and in a header, never in the address.
 */
import {
  clearErrors,
  type FieldError,
  halfWidth,
  linkSummary,
  type Problem,
  readJson,
  showFieldErrors,
  showProblem,
} from './errors.ts';

interface Remedy {
  label: string;
  where: string;
  limit: string;
}

interface PageData {
  units: Record<string, string>;
  remedies: Record<string, Remedy>;
  caseNumber: string;
  accessCode: string;
}

interface PayerView {
  caseNumber: string;
  status: string;
  answer?: { text: string; unit: string; at: string };
  decision?: { kind: 'accept' | 'object'; route?: string; comment?: string; at: string };
}

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const data = JSON.parse($('page-data').textContent ?? '{}') as PageData;
const lookup = $<HTMLFormElement>('answer-lookup');
const decisionForm = $<HTMLFormElement>('decision-form');
const summary = $('error-summary');
const caseInput = $<HTMLInputElement>('f-caseNumber');
const codeInput = $<HTMLInputElement>('f-accessCode');
const announcer = $('announcer');
const objectDetails = $('object-details');
const UNAVAILABLE = '网络或系统暂时出了问题，请过几分钟再试。';
let current: { caseNumber: string; accessCode: string } | null = null;
let busy = false;

linkSummary(summary);
const fromLink = new URLSearchParams(location.search).get('case');
if (fromLink && caseInput.value === '') caseInput.value = fromLink;

const timeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
});
const day = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : timeFormat.format(d);
};

async function request(path: string, accessCode: string, body?: unknown): Promise<Response> {
  return fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      Accept: 'application/json, application/problem+json',
      'X-Access-Code': accessCode,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    cache: 'no-store',
    signal: typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(30_000) : null,
  });
}

async function guarded(button: HTMLButtonElement, work: () => Promise<void>): Promise<void> {
  if (busy) return;
  busy = true;
  button.disabled = true;
  announcer.textContent = '正在处理，请稍候';
  try {
    await work();
  } finally {
    busy = false;
    button.disabled = false;
    announcer.textContent = '';
  }
}

lookup.addEventListener('submit', (event) => {
  event.preventDefault();
  void guarded($<HTMLButtonElement>('look-up'), async () => {
    const caseNumber = halfWidth(caseInput.value).replace(/\s+/g, '');
    const accessCode = halfWidth(codeInput.value)
      .replace(/[\s-]+/g, '')
      .toUpperCase();
    caseInput.value = caseNumber;
    codeInput.value = accessCode;
    const errors: FieldError[] = [];
    if (!caseNumber) errors.push({ pointer: '/caseNumber', detail: '请填写受理编号' });
    else if (!new RegExp(data.caseNumber).test(caseNumber)) {
      errors.push({
        pointer: '/caseNumber',
        detail: '受理编号的格式是“年份-6位数字”，例如 2026-000123',
      });
    }
    if (!accessCode) errors.push({ pointer: '/accessCode', detail: '请填写查询码' });
    else if (!new RegExp(data.accessCode).test(accessCode)) {
      errors.push({ pointer: '/accessCode', detail: '查询码是 12 位大写字母和数字，请核对' });
    }
    $('answer-result').hidden = true;
    if (errors.length) return showFieldErrors(lookup, summary, errors);
    try {
      const response = await request(`/api/cases/${encodeURIComponent(caseNumber)}`, accessCode);
      const body = await readJson<PayerView & Problem>(response);
      if (response.ok && body?.caseNumber) {
        clearErrors(lookup, summary);
        current = { caseNumber, accessCode };
        history.replaceState(null, '', `?case=${encodeURIComponent(caseNumber)}`);
        return show(body);
      }
      if (response.status === 404) {
        return showProblem(
          lookup,
          summary,
          '没有找到这个案件，或查询码不正确',
          '请核对受理编号和查询码后再试。',
        );
      }
      showProblem(
        lookup,
        summary,
        body?.title ?? '暂时无法查询',
        response.status >= 500 ? UNAVAILABLE : body?.detail,
      );
    } catch {
      showProblem(lookup, summary, '暂时无法查询', UNAVAILABLE);
    }
  });
});

function show(view: PayerView): void {
  const answer = view.answer;
  $('answer-text').hidden = !answer;
  $('answer-meta').hidden = !answer;
  $('answer-text').textContent = answer?.text ?? '';
  $('answer-meta').textContent = answer
    ? `${data.units[answer.unit] ?? answer.unit}，${day(answer.at)}答复`
    : '';
  $('not-answered').hidden = Boolean(answer);
  $<HTMLAnchorElement>('status-link').href = `/status/?case=${encodeURIComponent(view.caseNumber)}`;
  $<HTMLAnchorElement>('done-status-link').href =
    `/status/?case=${encodeURIComponent(view.caseNumber)}`;

  const decided = view.decision;
  $('already-decided').hidden = !decided;
  if (decided) {
    const remedy = data.remedies[decided.route ?? ''];
    $('already-decided-text').textContent =
      decided.kind === 'accept'
        ? `您已于${day(decided.at)}接受处理结果，案卷已归档。`
        : `您已于${day(decided.at)}提出异议，选择的途径是${remedy?.label ?? decided.route}。${remedy ? `请到${remedy.where}办理。${remedy.limit}` : ''}`;
  }
  decisionForm.hidden = !(answer && view.status === 'responded' && !decided);
  $('answer-result').hidden = false;
  $('answer-title').focus();
}

// Reveal the routes only for 「有异议」 (GOV.UK conditional reveal).
decisionForm.addEventListener('change', () => {
  const object = decisionForm.querySelector<HTMLInputElement>('#f-decision-object');
  objectDetails.hidden = !object?.checked;
});

decisionForm.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!current) return;
  const { caseNumber, accessCode } = current;
  void guarded($<HTMLButtonElement>('submit-decision'), async () => {
    const checked = (name: string) =>
      decisionForm.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value;
    const decision = checked('decision');
    const route = checked('route');
    const comment = $<HTMLTextAreaElement>('f-comment').value.trim();
    const errors: FieldError[] = [];
    if (!decision) errors.push({ pointer: '/decision', detail: '请选择是否接受处理结果' });
    else if (decision === 'object' && !route) {
      errors.push({ pointer: '/route', detail: '请选择您准备通过哪种途径继续解决' });
    }
    if (errors.length) return showFieldErrors(decisionForm, summary, errors);
    const body =
      decision === 'accept' ? { decision } : { decision, route, ...(comment ? { comment } : {}) };
    try {
      const response = await request(
        `/api/cases/${encodeURIComponent(caseNumber)}/decision`,
        accessCode,
        body,
      );
      const answer = await readJson<PayerView & Problem>(response);
      if (response.ok) return done(decision === 'accept', route);
      const fieldErrors = response.status === 400 ? (answer?.errors ?? []) : [];
      if (fieldErrors.length) return showFieldErrors(decisionForm, summary, fieldErrors);
      if (response.status === 409) {
        return showProblem(
          decisionForm,
          summary,
          '这个案件还没有答复，或已经处理完毕',
          '请刷新页面，重新输入受理编号和查询码查看。',
        );
      }
      if (response.status === 404) {
        return showProblem(
          decisionForm,
          summary,
          '没有找到这个案件，或查询码不正确',
          '请刷新页面后重新查询。',
        );
      }
      showProblem(
        decisionForm,
        summary,
        answer?.title ?? '暂时无法提交',
        response.status >= 500 ? UNAVAILABLE : answer?.detail,
      );
    } catch {
      showProblem(decisionForm, summary, '暂时无法提交', UNAVAILABLE);
    }
  });
});

function done(accepted: boolean, route: string | undefined): void {
  clearErrors(decisionForm, summary);
  const remedy = route ? data.remedies[route] : undefined;
  $('decision-done-title').textContent = accepted ? '您已接受处理结果' : '已记录您的异议';
  $('decision-done-body').textContent = accepted
    ? '案卷已归档，这件事已经办结。感谢您的配合。'
    : `您选择的途径：${remedy?.label ?? route ?? ''}`;
  $('objected-next').hidden = accepted || !remedy;
  if (remedy) {
    for (const key of ['label', 'where', 'limit'] as const) {
      const el = document.querySelector(`[data-route="${key}"]`);
      if (el) el.textContent = remedy[key];
    }
  }
  $('lookup').hidden = true;
  $('answer-result').hidden = true;
  $('decision-done').hidden = false;
  document.title = document.title.replace(/^[^-]+/, `${$('decision-done-title').textContent} `);
  window.scrollTo(0, 0);
  $('decision-done-title').focus();
}
