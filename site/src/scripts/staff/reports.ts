/**
 * The list of reports, and for leaders, administrators and the office the form that asks for an
 * on-demand one: `{from, to}` to POST /api/staff/reports, field errors by pointer, then the new
 * report's page.
 */
import {
  clearErrors,
  type FieldError,
  linkSummary,
  type Problem,
  readJson,
  showFieldErrors,
  showProblem,
} from '../errors.ts';
import { byId, dateEl, h, timeEl, todayInShanghai } from './dom.ts';
import { api, pageData, requestsReports, requireSession } from './session.ts';

type Kind = 'weekly' | 'monthly' | 'on-demand';

interface ReportItem {
  id: string;
  kind: Kind;
  title: string;
  period: { from: string; to: string };
  generatedAt: string;
}

const data = pageData<{
  labels: { units: Record<string, string>; roles: Record<string, string> };
  kinds: Record<Kind, string>;
}>();
const { claims } = requireSession(data.labels);
const loadSummary = byId('load-errors');
const form = byId<HTMLFormElement>('request-form');
const requestSummary = byId('request-errors');
const submit = byId<HTMLButtonElement>('request-submit');
const announcer = byId('announcer');
const from = byId<HTMLInputElement>('f-from');
const to = byId<HTMLInputElement>('f-to');
const TRY_LATER = '网络或系统暂时出了问题，请过几分钟再试。';

/** Monday of the week of `day` (Asia/Shanghai dates, so plain UTC arithmetic on the date). */
function mondayOf(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return date.toISOString().slice(0, 10);
}

void load();

async function load(): Promise<void> {
  try {
    const response = await api('/api/staff/reports');
    const body = await readJson<{ items?: ReportItem[] } & Problem>(response);
    if (response.ok && Array.isArray(body?.items)) {
      show(body.items);
      if (requestsReports(claims)) setUpRequest();
      return;
    }
    byId('reports-layout').hidden = true;
    if (response.status === 403) {
      showProblem(
        document.body,
        loadSummary,
        '您没有权限查看统计报告',
        body?.detail ?? '统计报告供领导小组、工作室和单位负责人查看。',
      );
    } else {
      showProblem(
        document.body,
        loadSummary,
        body?.title ?? '暂时无法读取统计报告',
        body?.detail ?? '请过几分钟再刷新页面。',
      );
    }
  } catch {
    byId('reports-layout').hidden = true;
    showProblem(document.body, loadSummary, '暂时无法读取统计报告', TRY_LATER);
  } finally {
    byId('reports-loading').hidden = true;
  }
}

/**
 * The title with its trailing 「（2026-11-02 至 2026-11-08）」 kept for screen readers only: the
 * period has its own column, and the link still names one report.
 */
function titleParts(title: string): (Node | string)[] {
  const m = /^(.+?)(（\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}）)$/.exec(title);
  return m ? [m[1] ?? '', h('span', { class: 'visually-hidden' }, m[2] ?? '')] : [title];
}

function show(items: ReportItem[]): void {
  byId('reports-rows').replaceChildren(
    ...items.map((r) =>
      h(
        'tr',
        {},
        h(
          'th',
          { scope: 'row', 'data-label': '报告' },
          h('a', { href: `/staff/report/?id=${encodeURIComponent(r.id)}` }, ...titleParts(r.title)),
        ),
        h(
          'td',
          { 'data-label': '类型' },
          h('strong', { class: `tag tag--${r.kind}` }, data.kinds[r.kind] ?? r.kind),
        ),
        h(
          'td',
          { 'data-label': '统计期间' },
          h('span', { class: 'nowrap' }, dateEl(r.period.from), ' 至'),
          ' ',
          h('span', { class: 'nowrap' }, dateEl(r.period.to)),
        ),
        h('td', { 'data-label': '生成时间' }, timeEl(r.generatedAt)),
      ),
    ),
  );
  byId('reports-table').hidden = items.length === 0;
  byId('reports-empty').hidden = items.length > 0;
  byId('reports-more').hidden = items.length < 50;
}

function setUpRequest(): void {
  const today = todayInShanghai();
  from.value ||= mondayOf(today);
  to.value ||= today;
  byId('request').hidden = false;
  byId('request-jump').hidden = false;
  byId('reports-layout').classList.add('reports-layout--with-form');
  linkSummary(requestSummary);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void request();
  });
}

async function request(): Promise<void> {
  if (submit.disabled) return;
  const body = { from: from.value.trim(), to: to.value.trim() };
  const errors: FieldError[] = [];
  if (!body.from) errors.push({ pointer: '/from', detail: '请填写开始日期' });
  if (!body.to) errors.push({ pointer: '/to', detail: '请填写结束日期' });
  if (errors.length) return showFieldErrors(form, requestSummary, errors);

  submit.disabled = true;
  announcer.textContent = '正在生成专题统计，请稍候';
  try {
    const response = await api('/api/staff/reports', {
      method: 'POST',
      body: JSON.stringify(body),
    });
    const answer = await readJson<{ id?: string } & Problem>(response);
    if (response.status === 201 && typeof answer?.id === 'string') {
      clearErrors(form, requestSummary);
      location.assign(`/staff/report/?id=${encodeURIComponent(answer.id)}&new=1`);
      return;
    }
    if (response.status === 400 && answer?.errors?.length) {
      showFieldErrors(form, requestSummary, answer.errors);
    } else if (response.status === 403) {
      showProblem(form, requestSummary, '您没有权限生成专题统计', answer?.detail);
    } else {
      showProblem(
        form,
        requestSummary,
        answer?.title ?? '暂时无法生成专题统计',
        answer?.detail ?? TRY_LATER,
      );
    }
  } catch {
    showProblem(form, requestSummary, '暂时无法生成专题统计', TRY_LATER);
  } finally {
    submit.disabled = false;
    announcer.textContent = '';
  }
}
