/**
 * The inbox: reads the filters from the address, asks GET /api/staff/inbox, and shows one row per
 * case with its due date and marks. Leaving and returning keeps the filters (they are the URL).
 */
import { showProblem } from '../errors.ts';
import { byId, dateEl, dueMarks, h, shanghaiDate } from './dom.ts';
import { api, pageData, requireSession, seesAllUnits } from './session.ts';

interface Labels {
  statuses: Record<string, string>;
  units: Record<string, string>;
  matters: Record<string, string>;
  insurances: Record<string, string>;
  channels: Record<string, string>;
  roles: Record<string, string>;
}

interface InboxItem {
  caseNumber: string;
  status: string;
  statusLabel?: string;
  channel: string;
  matters: string[];
  insurance: string[];
  payerName: string;
  receivedAt: string;
  due: string | null;
  dueKind: 'sign-for' | 'answer' | null;
  overdue: boolean;
  dueCovered: boolean;
}

const { labels } = pageData<{ labels: Labels }>();
const { claims } = requireSession(labels);
const form = byId<HTMLFormElement>('inbox-filters');
const summary = byId('error-summary');
const FILTERS = ['status', 'matter', 'insurance', 'channel'] as const;
const params = new URLSearchParams(location.search);
const all = seesAllUnits(claims);

// The filters shown as they are in the address.
for (const name of FILTERS) {
  const select = form.elements.namedItem(name) as HTMLSelectElement | null;
  const value = params.get(name);
  if (select && value && [...select.options].some((o) => o.value === value)) select.value = value;
}
const unitSelect = byId<HTMLSelectElement>('f-unit');
// Leaders and administrators belong to no unit: they start with the office's inbox.
const unit = all ? params.get('unit') || claims.unit || 'office' : claims.unit;
if (all) {
  byId('unit-filter').hidden = false;
  if (unit) unitSelect.value = unit;
} else {
  unitSelect.disabled = true;
}
// On a phone the filters fold away unless some are set, so the list shows first.
const active = FILTERS.filter((f) => params.get(f)).length;
if (active) byId('filters-label').textContent = `筛选（已选 ${active} 项）`;
else if (matchMedia('(max-width: 640px)').matches) byId<HTMLDetailsElement>('filters').open = false;
const unitName = unit ? (labels.units[unit] ?? unit) : '';
byId('inbox-title').textContent = unitName ? `${unitName} 收件箱` : '收件箱';
document.title = document.title.replace(/^[^-]+/, `${byId('inbox-title').textContent} `);

// Empty choices stay out of the address, so it reads cleanly and can be shared within the unit.
form.addEventListener('submit', (event) => {
  event.preventDefault();
  location.assign(`/staff/inbox/${queryString(currentFilters())}`);
});

function currentFilters(): URLSearchParams {
  const q = new URLSearchParams();
  if (all && unitSelect.value) q.set('unit', unitSelect.value);
  for (const name of FILTERS) {
    const value = (form.elements.namedItem(name) as HTMLSelectElement | null)?.value;
    if (value) q.set(name, value);
  }
  return q;
}

function queryString(q: URLSearchParams): string {
  const s = q.toString();
  return s ? `?${s}` : '';
}

void load();

async function load(): Promise<void> {
  const q = new URLSearchParams();
  for (const name of FILTERS) {
    const value = params.get(name);
    if (value) q.set(name, value);
  }
  if (all && unit) q.set('unit', unit);
  const cursor = params.get('cursor');
  if (cursor) q.set('cursor', cursor);
  q.set('limit', '25');
  try {
    const response = await api(`/api/staff/inbox?${q}`);
    const body = (await response.json().catch(() => null)) as {
      items?: InboxItem[];
      next?: string | null;
      title?: string;
      detail?: string;
    } | null;
    if (response.ok && body && Array.isArray(body.items)) {
      show(body.items, body.next ?? null, Boolean(cursor));
      return;
    }
    if (response.status === 403) {
      showProblem(form, summary, '您没有权限查看这个单位的收件箱', body?.detail);
    } else if (response.status === 400) {
      showProblem(form, summary, '筛选条件有误', body?.detail ?? '请清除筛选后再试。');
    } else {
      showProblem(
        form,
        summary,
        body?.title ?? '暂时无法读取收件箱',
        body?.detail ?? '请过几分钟再刷新页面。',
      );
    }
  } catch {
    showProblem(
      form,
      summary,
      '暂时无法读取收件箱',
      '网络或系统暂时出了问题，请过几分钟再刷新页面。',
    );
  } finally {
    byId('inbox-loading').hidden = true;
  }
}

function show(items: InboxItem[], next: string | null, later: boolean): void {
  const label = (map: Record<string, string>, id: string) => map[id] ?? id;
  byId('inbox-rows').replaceChildren(...items.map((item) => row(item, label)));
  byId('inbox-table').hidden = items.length === 0;
  const filtered = FILTERS.some((f) => params.get(f));
  byId('inbox-empty').hidden = items.length > 0;
  byId('inbox-empty-text').textContent = filtered
    ? '没有符合筛选条件的案件。可以清除筛选后再看。'
    : later
      ? '后面没有更多案件了。'
      : '收件箱里现在没有案件。新派来的案件会出现在这里。';
  const overdue = items.filter((i) => i.overdue).length;
  byId('inbox-count').textContent =
    items.length === 0
      ? ''
      : `本页 ${items.length} 件${overdue ? `，其中已超期 ${overdue} 件（排在前面）` : ''}。`;

  const nextLink = byId<HTMLAnchorElement>('next-page');
  nextLink.hidden = !next;
  if (next) {
    const q = new URLSearchParams(params);
    q.set('cursor', next);
    nextLink.href = `/staff/inbox/?${q}`;
  }
  const first = byId<HTMLAnchorElement>('first-page');
  first.hidden = !later;
  const q = new URLSearchParams(params);
  q.delete('cursor');
  first.href = `/staff/inbox/${queryString(q)}`;
  byId('inbox-result').hidden = false;
}

function row(item: InboxItem, label: (map: Record<string, string>, id: string) => string) {
  const cell = (name: string, ...children: (Node | string | null)[]) =>
    h('td', { 'data-label': name }, ...children);
  const dueKind = item.dueKind === 'sign-for' ? '签收' : item.dueKind === 'answer' ? '答复' : '';
  const matters = item.matters.map((m) => label(labels.matters, m)).join('、');
  const insurance = item.insurance.map((i) => label(labels.insurances, i)).join('、');
  return h(
    'tr',
    { class: item.overdue ? 'inbox__row inbox__row--overdue' : 'inbox__row' },
    h(
      'th',
      { scope: 'row', 'data-label': '受理编号' },
      h(
        'a',
        { href: `/staff/case/?n=${encodeURIComponent(item.caseNumber)}`, class: 'case-link' },
        item.caseNumber,
      ),
    ),
    cell(
      '状态',
      h(
        'strong',
        { class: `tag tag--${item.status}` },
        item.statusLabel ?? label(labels.statuses, item.status),
      ),
    ),
    cell(
      '争议事项',
      matters || '—',
      insurance ? h('span', { class: 'cell-note' }, insurance) : null,
    ),
    cell('缴费人', item.payerName),
    cell('受理渠道', label(labels.channels, item.channel)),
    cell('收到日期', dateEl(shanghaiDate(item.receivedAt))),
    item.due
      ? cell(
          '办理期限',
          dueKind ? h('span', { class: 'cell-note cell-note--before' }, `${dueKind}期限`) : null,
          dateEl(item.due),
          ...dueMarks(item.due, item.overdue, item.dueCovered),
        )
      : cell('办理期限', '—'),
  );
}
