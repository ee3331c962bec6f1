/**
 * Window registration: the form as JSON to POST /api/staff/cases, field errors by pointer, and
 * the case number and access code to hand over. What was registered is kept in this tab, so
 * annex 2 can be printed even when the case goes to another unit's inbox.
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
} from '../errors.ts';
import { newKey } from '../key.ts';
import { collectMatters, setUpMatters } from '../matters.ts';
import { byId, h, todayInShanghai } from './dom.ts';
import { api, pageData, REGISTERED_PREFIX, requireSession } from './session.ts';

interface Created {
  caseNumber: string;
  accessCode: string;
  routing: { mode: string; units: string[]; assisting?: string[] };
}

const data = pageData<{
  labels: { units: Record<string, string>; roles: Record<string, string> };
  modes: Record<string, string>;
  maxMatters: number;
}>();
requireSession(data.labels);

const form = byId<HTMLFormElement>('register-form');
const summary = byId('error-summary');
const submitButton = byId<HTMLButtonElement>('submit-registration');
const announcer = byId('announcer');
const date = byId<HTMLInputElement>('f-registeredOn');
const announce = (text: string) => {
  announcer.textContent = text;
};
const idempotencyKey = newKey();
let busy = false;

date.value ||= todayInShanghai();
date.max = todayInShanghai();
linkSummary(summary);
setUpMatters({
  form,
  summary,
  list: byId('matters-list'),
  template: byId<HTMLTemplateElement>('matter-template'),
  addButton: byId<HTMLButtonElement>('add-matter'),
  fullNote: byId('matters-full'),
  after: submitButton,
  max: data.maxMatters,
  announce,
});
byId('print-slip').addEventListener('click', () => window.print());

function collect() {
  const text = (id: string, tidy: (v: string) => string = (v) => v) => {
    const value = tidy((byId<HTMLInputElement>(id).value ?? '').trim());
    return value === '' ? undefined : value;
  };
  const compact = (v: string) => halfWidth(v).replace(/[\s-]+/g, '');
  return {
    channel: text('f-channel'),
    registeredOn: text('f-registeredOn', (v) => halfWidth(v).replace(/[/.]/g, '-')),
    payer: {
      kind: form.querySelector<HTMLInputElement>('input[name="payer.kind"]:checked')?.value,
      name: text('f-payer-name'),
      idNumber: text('f-payer-idNumber', (v) => compact(v).toUpperCase()),
      phone: text('f-payer-phone', compact),
    },
    matters: collectMatters(byId('matters-list')),
    description: text('f-description'),
  };
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (busy) return;
  busy = true;
  submitButton.disabled = true;
  announce('正在登记，请稍候');
  const request = collect();
  try {
    const response = await api('/api/staff/cases', {
      method: 'POST',
      headers: { 'Idempotency-Key': idempotencyKey },
      body: JSON.stringify(request),
    });
    const body = await readJson<Created & Problem>(response);
    if (response.status === 201 && body?.caseNumber) return done(body, request);
    const errors: FieldError[] = response.status === 400 ? (body?.errors ?? []) : [];
    if (errors.length) return showFieldErrors(form, summary, errors);
    if (response.status === 403) {
      return showProblem(
        form,
        summary,
        '您不能登记案件',
        body?.detail ?? '登记需要成员单位的承办人或负责人账号。',
      );
    }
    showProblem(
      form,
      summary,
      body?.title ?? '暂时无法登记',
      body?.detail ?? '网络或系统暂时出了问题，填写的内容都还在，请过几分钟再点“登记”。',
    );
  } catch {
    showProblem(
      form,
      summary,
      '暂时无法登记',
      '网络或系统暂时出了问题，填写的内容都还在，请过几分钟再点“登记”。',
    );
  } finally {
    busy = false;
    submitButton.disabled = false;
    announce('');
  }
});

function done(created: Created, request: ReturnType<typeof collect>): void {
  const n = encodeURIComponent(created.caseNumber);
  sessionStorage.setItem(
    REGISTERED_PREFIX + created.caseNumber,
    JSON.stringify({
      registeredOn: request.registeredOn,
      channel: request.channel,
      payer: request.payer,
      matters: request.matters,
      description: request.description,
    }),
  );
  byId('new-case-number').textContent = created.caseNumber;
  byId('new-access-code').textContent = created.accessCode;
  const unit = (id: string) => data.labels.units[id] ?? id;
  const { mode, units, assisting = [] } = created.routing;
  byId('routing-words').textContent = `${data.modes[mode] ?? mode}：`;
  byId('routing-units').replaceChildren(...units.map((u) => h('li', {}, unit(u))));
  const help = byId('routing-assisting');
  help.hidden = assisting.length === 0;
  help.textContent = `协办单位：${assisting.map(unit).join('、')}`;
  byId<HTMLAnchorElement>('print-registration').href = `/staff/print/registration/?n=${n}`;
  byId<HTMLAnchorElement>('case-link').href = `/staff/case/?n=${n}`;
  clearErrors(form, summary);
  byId('register').hidden = true;
  byId('registered').hidden = false;
  document.title = document.title.replace(/^[^-]+/, '已登记 ');
  window.scrollTo(0, 0);
  byId('registered-title').focus();
}
