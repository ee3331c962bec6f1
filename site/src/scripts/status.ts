/**
 * The status page's script: check the two answers, GET /api/cases/{n} with the access code in
 * X-Access-Code, and show the state, the units, the deadlines, the answer and the timeline.
 */
import {
  clearErrors,
  type FieldError,
  halfWidth,
  linkSummary,
  readJson,
  showFieldErrors,
  showProblem,
} from './errors.ts';

interface PageData {
  units: Record<string, string>;
  statuses: Record<string, string>;
  hints: Record<string, string>;
  deadlines: Record<string, string>;
  caseNumber: string;
  accessCode: string;
}

interface Deadline {
  label?: string;
  due: string;
  covered?: boolean;
}

interface CaseView {
  caseNumber: string;
  status: string;
  units?: string[];
  timeline?: { at: string; status: string; note?: string }[];
  deadlines?: Record<string, unknown>;
  answer?: unknown;
}

const form = document.getElementById('status-form') as HTMLFormElement | null;
const summary = document.getElementById('error-summary');
const dataEl = document.getElementById('page-data');
if (form && summary && dataEl)
  start(form, summary, JSON.parse(dataEl.textContent ?? '{}') as PageData);

function start(form: HTMLFormElement, summary: HTMLElement, data: PageData): void {
  const caseInput = form.querySelector<HTMLInputElement>('#f-caseNumber') as HTMLInputElement;
  const codeInput = form.querySelector<HTMLInputElement>('#f-accessCode') as HTMLInputElement;
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]') as HTMLButtonElement;
  const result = document.querySelector<HTMLElement>('[data-testid="case-status"]') as HTMLElement;
  const announcer = document.getElementById('announcer');
  const casePattern = new RegExp(data.caseNumber);
  const codePattern = new RegExp(data.accessCode);
  let busy = false;

  linkSummary(summary);
  const fromLink = new URLSearchParams(window.location.search).get('case');
  if (fromLink && caseInput.value === '') caseInput.value = fromLink;

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    const caseNumber = halfWidth(caseInput.value).replace(/\s+/g, '');
    const accessCode = halfWidth(codeInput.value)
      .replace(/[\s-]+/g, '')
      .toUpperCase();
    caseInput.value = caseNumber;
    codeInput.value = accessCode;

    const errors: FieldError[] = [];
    if (caseNumber === '') errors.push({ pointer: '/caseNumber', detail: '请填写受理编号' });
    else if (!casePattern.test(caseNumber)) {
      errors.push({
        pointer: '/caseNumber',
        detail: '受理编号的格式是“年份-6位数字”，例如 2026-000123',
      });
    }
    if (accessCode === '') errors.push({ pointer: '/accessCode', detail: '请填写查询码' });
    else if (!codePattern.test(accessCode)) {
      errors.push({ pointer: '/accessCode', detail: '查询码是 12 位大写字母和数字，请核对' });
    }
    result.hidden = true;
    if (errors.length > 0) return showFieldErrors(form, summary, errors);

    busy = true;
    button.disabled = true;
    if (announcer) announcer.textContent = '正在查询，请稍候';
    try {
      const response = await fetch(`/api/cases/${encodeURIComponent(caseNumber)}`, {
        headers: {
          Accept: 'application/json, application/problem+json',
          'X-Access-Code': accessCode,
        },
        cache: 'no-store',
        signal: typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(30_000) : null,
      });
      const body = await readJson<CaseView & { title?: string; detail?: string }>(response);
      if (response.status === 200 && body) {
        clearErrors(form, summary);
        show(body);
        // Keep the number in the address for a reload; never the access code.
        history.replaceState(null, '', `?case=${encodeURIComponent(caseNumber)}`);
      } else if (response.status === 404) {
        // The same words for an unknown case and a wrong code: a guesser learns nothing.
        showProblem(
          form,
          summary,
          '没有找到这个案件，或查询码不正确',
          '请核对受理编号和查询码后再试。',
        );
      } else if (response.status >= 500 || !body) {
        showProblem(form, summary, '暂时无法查询', '网络或系统暂时出了问题，请过几分钟再试。');
      } else {
        showProblem(form, summary, body.title ?? '暂时无法查询', body.detail);
      }
    } catch {
      showProblem(form, summary, '暂时无法查询', '网络或系统暂时出了问题，请过几分钟再试。');
    } finally {
      busy = false;
      button.disabled = false;
      if (announcer) announcer.textContent = '';
    }
  });

  function show(view: CaseView): void {
    const part = (name: string) =>
      result.querySelector<HTMLElement>(`[data-result="${name}"]`) as HTMLElement;
    const item = (text: string) => {
      const li = document.createElement('li');
      li.textContent = text;
      return li;
    };

    part('caseNumber').textContent = view.caseNumber;
    part('status').textContent = data.statuses[view.status] ?? view.status;
    part('statusHint').textContent = data.hints[view.status] ?? '';
    part('units').replaceChildren(...(view.units ?? []).map((u) => item(data.units[u] ?? u)));

    const deadlines = Object.entries(view.deadlines ?? {}).filter(
      (entry): entry is [string, Deadline] => isDeadline(entry[1]),
    );
    part('deadlines').replaceChildren(
      ...deadlines.map(([key, d]) => {
        const li = item(`${d.label ?? data.deadlines[key] ?? '期限'}：${formatDate(d.due)}前`);
        if (d.covered === false) {
          const warn = document.createElement('strong');
          warn.className = 'flag';
          warn.textContent = '注意：该日期所在年份的节假日安排尚未公布，到期日可能调整';
          li.append(warn);
        }
        return li;
      }),
    );
    part('deadlinesBlock').hidden = deadlines.length === 0;

    const answer = answerText(view.answer);
    part('answer').textContent = answer ?? '';
    part('answerBlock').hidden = answer === undefined;
    part('answerLinkBlock').hidden = view.status !== 'responded';
    (part('answerLink') as HTMLAnchorElement).href =
      `/answer/?case=${encodeURIComponent(view.caseNumber)}`;

    part('timeline').replaceChildren(
      ...(view.timeline ?? []).map((event) => {
        const li = document.createElement('li');
        li.className = 'timeline__item';
        const status = document.createElement('span');
        status.className = 'timeline__status';
        status.textContent = data.statuses[event.status] ?? event.status;
        const time = document.createElement('time');
        time.className = 'timeline__time';
        time.dateTime = event.at;
        time.textContent = formatTime(event.at);
        li.append(status, time);
        if (event.note) {
          const note = document.createElement('p');
          note.textContent = event.note;
          li.append(note);
        }
        return li;
      }),
    );

    result.hidden = false;
    (document.getElementById('result-title') as HTMLElement).focus();
  }
}

function isDeadline(value: unknown): value is Deadline {
  return typeof value === 'object' && value !== null && typeof (value as Deadline).due === 'string';
}

/** The answer as text: the API may send a string or an object with the text in it. */
function answerText(answer: unknown): string | undefined {
  if (typeof answer === 'string') return answer;
  if (typeof answer === 'object' && answer !== null) {
    const a = answer as Record<string, unknown>;
    const text = a.text ?? a.content ?? a.body;
    if (typeof text === 'string') return text;
  }
  return undefined;
}

const timeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : timeFormat.format(date);
}

/** `2026-01-20` → 2026年1月20日: a calendar date, already in Asia/Shanghai. */
function formatDate(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : day;
}
