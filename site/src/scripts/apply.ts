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
import { newKey } from './key.ts';
import { collectMatters, setUpMatters } from './matters.ts';

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
  // One key per visit to the form: a retry after a lost answer returns the same case, not a new one.
  const idempotencyKey = newKey();
  // Bodies sent with that key whose answer never arrived: one of them may be stored already.
  const unanswered: string[] = [];
  let busy = false;

  linkSummary(summary);

  setUpMatters({
    form,
    summary,
    list,
    template,
    addButton,
    fullNote: byId('matters-full'),
    after: submitButton,
    max: data.maxMatters,
    announce,
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
  const matters = collectMatters(byId('matters-list'));
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

function byId(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el;
}

function setText(selector: string, text: string): void {
  const el = document.querySelector(selector);
  if (el) el.textContent = text;
}
