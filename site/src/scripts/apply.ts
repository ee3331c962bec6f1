/**
 * The intake form's script: add and remove matters, send the answers as JSON to POST /api/cases,
 * and show the API's field errors or the confirmation. The API validates everything; this script
 * only tidies what a phone keyboard types (full-width digits, spaces, "2024年3月").
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

interface PageData {
  units: Record<string, string>;
  maxMatters: number;
}

interface Created {
  caseNumber: string;
  accessCode: string;
  status: string;
  routing: { mode: string; units: string[]; assisting?: string[] };
}

const form = document.getElementById('intake-form') as HTMLFormElement | null;
const summary = document.getElementById('error-summary');
const dataEl = document.getElementById('page-data');
if (form && summary && dataEl)
  start(form, summary, JSON.parse(dataEl.textContent ?? '{}') as PageData);

function start(form: HTMLFormElement, summary: HTMLElement, data: PageData): void {
  const list = byId('matters-list');
  const template = byId('matter-template') as HTMLTemplateElement;
  const addButton = byId('add-matter') as HTMLButtonElement;
  const submitButton = byId('submit-case') as HTMLButtonElement;
  const announcer = byId('announcer');
  const blocks = () => [...list.querySelectorAll<HTMLElement>('[data-matter]')];

  // One key per visit to the form: a retry after a lost answer returns the same case, not a new one.
  const idempotencyKey = newKey();
  // Bodies sent with that key whose answer never arrived: one of them may be stored already.
  const unanswered: string[] = [];
  let busy = false;

  linkSummary(summary);

  // ---- matters: add, remove, renumber -------------------------------------------------------
  const renumber = () => {
    const all = blocks();
    all.forEach((block, i) => {
      for (const el of [block, ...block.querySelectorAll('*')]) {
        for (const attr of ['id', 'for', 'name', 'aria-describedby', 'data-field']) {
          const value = el.getAttribute(attr);
          if (value === null) continue;
          el.setAttribute(
            attr,
            value
              .replace(/matters-\d+(?=-|$)/g, `matters-${i}`)
              .replace(/matters\[\d+\]/g, `matters[${i}]`)
              .replace(/\/matters\/\d+/g, `/matters/${i}`),
          );
        }
      }
      for (const n of block.querySelectorAll('[data-matter-number]')) n.textContent = String(i + 1);
      const remove = block.querySelector<HTMLElement>('[data-remove]');
      if (remove) remove.hidden = all.length === 1;
    });
    const full = all.length >= data.maxMatters;
    addButton.hidden = full;
    byId('matters-full').hidden = !full;
  };

  // Matters of the "other" group need no insurance type (functions/core/matters.ts needsInsurance).
  const syncInsurance = (block: HTMLElement) => {
    const select = block.querySelector<HTMLSelectElement>('[data-type]');
    const group = block.querySelector<HTMLElement>('[data-insurance]');
    if (select && group)
      group.hidden = Boolean(select.selectedOptions[0]?.hasAttribute('data-no-insurance'));
  };

  addButton.addEventListener('click', () => {
    if (blocks().length >= data.maxMatters) return;
    const block = template.content.firstElementChild?.cloneNode(true) as HTMLElement | undefined;
    if (!block) return;
    list.append(block);
    renumber();
    const count = blocks().length;
    announce(`已添加争议事项 ${count}`);
    block.querySelector<HTMLElement>('select')?.focus();
  });

  list.addEventListener('click', (event) => {
    const remove = (event.target as Element).closest('[data-remove]');
    const block = remove?.closest<HTMLElement>('[data-matter]');
    if (!block) return;
    // Renumbering would point the summary's links at other fields; start the checks afresh.
    clearErrors(form, summary);
    block.remove();
    renumber();
    announce('已删除一项争议事项');
    (addButton.hidden
      ? (blocks().at(-1)?.querySelector('select') ?? submitButton)
      : addButton
    ).focus();
  });

  list.addEventListener('change', (event) => {
    const target = event.target as Element;
    if (target.matches('[data-type]')) {
      const block = target.closest<HTMLElement>('[data-matter]');
      if (block) syncInsurance(block);
    }
  });

  // The name field names a person or an organisation: let autofill offer the right one.
  form.addEventListener('change', (event) => {
    const target = event.target as HTMLInputElement;
    if (target.name === 'payer.kind') {
      byId('f-payer-name').setAttribute(
        'autocomplete',
        target.value === 'organization' ? 'organization' : 'name',
      );
    }
  });

  for (const block of blocks()) syncInsurance(block);
  renumber();

  // ---- submit -----------------------------------------------------------------------------
  const post = (body: string) =>
    fetch('/api/cases', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, application/problem+json',
        'Idempotency-Key': idempotencyKey,
      },
      body,
      signal: typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(30_000) : null,
    });

  const failedToSend = () =>
    showProblem(
      form,
      summary,
      '暂时无法提交',
      '网络或系统暂时出了问题，您填写的内容都还在。请过几分钟再点“提交”。一直不行的，可以拨打 12345 政务服务便民热线，或到政务服务大厅当面反映。',
    );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    submitButton.disabled = true;
    announce('正在提交，请稍候');
    const body = JSON.stringify(collect(form));
    try {
      let response = await post(body);
      if (
        (response.status === 409 || response.status === 422) &&
        unanswered.some((b) => b !== body)
      ) {
        // The key is already bound to a case: one of the earlier, unanswered tries was stored.
        // Asking again with that body returns that case; no body can create a second one.
        for (const earlier of unanswered.filter((b) => b !== body).reverse()) {
          const again = await post(earlier);
          if (again.status === 201) {
            response = again;
            byId('recovered-note').hidden = false;
            break;
          }
        }
      }
      if (response.status === 201) {
        const created = await readJson<Created>(response);
        if (created) return confirm(created);
      }
      if (response.status >= 500 || response.status === 201) {
        unanswered.push(body);
        return failedToSend();
      }
      const problem = await readJson<Problem>(response);
      const errors: FieldError[] = response.status === 400 ? (problem?.errors ?? []) : [];
      if (errors.length > 0) return showFieldErrors(form, summary, errors);
      showProblem(
        form,
        summary,
        problem?.title ?? '无法提交',
        problem?.detail ?? '请检查填写的内容后再试，或拨打 12345 政务服务便民热线。',
      );
    } catch {
      unanswered.push(body);
      failedToSend();
    } finally {
      busy = false;
      submitButton.disabled = false;
      announce('');
    }
  });

  // ---- confirmation -----------------------------------------------------------------------
  function confirm(created: Created): void {
    const label = (id: string) => data.units[id] ?? id;
    setText('[data-testid="case-number"]', created.caseNumber);
    setText('[data-testid="access-code"]', created.accessCode);

    const { mode, units, assisting = [] } = created.routing;
    const shown = ['single', 'joint', 'triage'].includes(mode) ? mode : 'single';
    for (const p of document.querySelectorAll<HTMLElement>('[data-routing]')) {
      p.hidden = p.dataset.routing !== shown;
    }
    const unitList = byId('routing-units');
    unitList.replaceChildren(
      ...units.map((u) => {
        const li = document.createElement('li');
        li.textContent = label(u);
        return li;
      }),
    );
    unitList.hidden = shown === 'triage' || units.length === 0;
    const assistingLine = byId('routing-assisting');
    assistingLine.hidden = assisting.length === 0;
    setText('#routing-assisting span', assisting.map(label).join('、'));

    (byId('status-link') as HTMLAnchorElement).href =
      `/status/?case=${encodeURIComponent(created.caseNumber)}`;

    clearErrors(form, summary);
    byId('intake').hidden = true;
    byId('confirmation').hidden = false;
    document.title = document.title.replace(/^[^-]+/, '已收到您的争议申请 ');
    window.scrollTo(0, 0);
    byId('confirmation-title').focus();
  }

  function announce(text: string): void {
    announcer.textContent = text;
  }
}

// ---- the request body -------------------------------------------------------------------------

/** The form's answers as the API's JSON body; an empty answer is left out, so the API says "请填写". */
function collect(form: HTMLFormElement) {
  const text = (id: string, tidy: (v: string) => string = (v) => v) => {
    const el = document.getElementById(id) as HTMLInputElement | HTMLTextAreaElement | null;
    const value = tidy(el?.value.trim() ?? '');
    return value === '' ? undefined : value;
  };
  const compact = (v: string) => halfWidth(v).replace(/[\s-]+/g, '');
  const kind = form.querySelector<HTMLInputElement>('input[name="payer.kind"]:checked')?.value;
  const matters = [...form.querySelectorAll<HTMLElement>('#matters-list [data-matter]')].map(
    (block, i) => {
      const insuranceGroup = block.querySelector<HTMLElement>('[data-insurance]');
      const insurance = insuranceGroup?.hidden
        ? []
        : [...block.querySelectorAll<HTMLInputElement>('input[type=checkbox]:checked')].map(
            (b) => b.value,
          );
      return {
        type: text(`f-matters-${i}-type`),
        insurance,
        period: {
          from: month(`f-matters-${i}-period-from`),
          to: month(`f-matters-${i}-period-to`),
        },
      };
    },
  );
  return {
    payer: {
      kind,
      name: text('f-payer-name'),
      idNumber: text('f-payer-idNumber', compact),
      phone: text('f-payer-phone', compact),
    },
    matters,
    description: text('f-description'),
    consent: (document.getElementById('f-consent') as HTMLInputElement | null)?.checked === true,
  };
}

/**
 * A year-month as `YYYY-MM`. Browsers without a month picker (desktop Firefox and Safari) show a
 * text box, where people type 2024-3, 2024/03, 202403 or 2024年3月; tidy those and show the result.
 */
function month(id: string): string | undefined {
  const input = document.getElementById(id) as HTMLInputElement | null;
  if (!input) return undefined;
  const raw = halfWidth(input.value).trim();
  const match = /^(\d{4})\s*[-/.年]?\s*(\d{1,2})\s*月?$/.exec(raw);
  const value = match ? `${match[1]}-${(match[2] ?? '').padStart(2, '0')}` : raw;
  if (value !== input.value && input.type === 'text') input.value = value;
  return value === '' ? undefined : value;
}

function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID needs a secure context; getRandomValues does not (an intranet http:// address).
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function byId(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el;
}

function setText(selector: string, text: string): void {
  const el = document.querySelector(selector);
  if (el) el.textContent = text;
}
