/**
 * GOV.UK error summary and inline error messages for the payer forms. A field is found by its
 * JSON pointer: its host element carries `data-field="<pointer>"`, its input the id
 * `f` + pointer with `/` → `-` (`/payer/idNumber` → `f-payer-idNumber`).
 */

export interface FieldError {
  pointer: string;
  detail: string;
}

/** RFC 9457 problem details as the API sends them. */
export interface Problem {
  title?: string;
  detail?: string;
  errors?: FieldError[];
}

const PREFIX = '错误：';

/** The id of the input a JSON pointer names. */
export function fieldId(pointer: string): string {
  return `f${pointer.replaceAll('/', '-')}`;
}

/** The element that shows the message for `pointer`, or for its nearest parent that has one. */
function hostOf(root: HTMLElement, pointer: string): { host: HTMLElement; pointer: string } | null {
  let p = pointer;
  while (p) {
    const host = root.querySelector<HTMLElement>(`[data-field="${CSS.escape(p)}"]`);
    if (host) return { host, pointer: p };
    p = p.slice(0, p.lastIndexOf('/'));
  }
  return null;
}

function summaryParts(summary: HTMLElement) {
  return {
    title: summary.querySelector('h2') as HTMLElement,
    detail: summary.querySelector<HTMLElement>('[data-summary-detail]') as HTMLElement,
    list: summary.querySelector('ul') as HTMLUListElement,
  };
}

function setTitle(failed: boolean): void {
  const base = document.title.startsWith(PREFIX)
    ? document.title.slice(PREFIX.length)
    : document.title;
  document.title = failed ? PREFIX + base : base;
}

/** Removes every error message, highlight and the summary, and the title's prefix. */
export function clearErrors(root: HTMLElement, summary: HTMLElement): void {
  summary.hidden = true;
  const parts = summaryParts(summary);
  parts.list.replaceChildren();
  parts.detail.hidden = true;
  for (const el of root.querySelectorAll<HTMLElement>('.error-message')) {
    el.hidden = true;
    el.replaceChildren();
  }
  for (const el of root.querySelectorAll('.form-group--error'))
    el.classList.remove('form-group--error');
  for (const el of root.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  for (const el of root.querySelectorAll('[aria-describedby]')) {
    const ids = (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter((id) => id && !id.endsWith('-error'));
    if (ids.length > 0) el.setAttribute('aria-describedby', ids.join(' '));
    else el.removeAttribute('aria-describedby');
  }
  setTitle(false);
}

function describe(el: Element, id: string): void {
  const ids = (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  if (!ids.includes(id)) el.setAttribute('aria-describedby', [...ids, id].join(' '));
}

/** Marks one field wrong and returns the id of the input the summary should link to. */
function markField(root: HTMLElement, error: FieldError): string | null {
  const found = hostOf(root, error.pointer);
  if (!found) return null;
  const { host, pointer } = found;
  const message = host.querySelector<HTMLElement>(':scope > .error-message');
  const control =
    document.getElementById(fieldId(pointer)) ??
    host.querySelector<HTMLElement>('input:not([type=hidden]), select, textarea');
  if (message) {
    if (message.hidden) {
      const prefix = document.createElement('span');
      prefix.className = 'visually-hidden';
      prefix.textContent = PREFIX;
      message.replaceChildren(prefix, error.detail);
    } else {
      message.append(`；${error.detail}`);
    }
    message.hidden = false;
    // A group of radios or boxes is described through its fieldset; a single input directly.
    const target = host.matches('fieldset') ? host : control;
    if (target) describe(target, message.id);
  }
  (host.closest('.form-group') ?? host).classList.add('form-group--error');
  if (
    control &&
    !host.matches('fieldset') &&
    !(control instanceof HTMLInputElement && /^(radio|checkbox)$/.test(control.type))
  ) {
    control.setAttribute('aria-invalid', 'true');
  }
  return control?.id ?? null;
}

function showSummary(summary: HTMLElement, title: string, detail?: string): void {
  const parts = summaryParts(summary);
  parts.title.textContent = title;
  parts.detail.textContent = detail ?? '';
  parts.detail.hidden = !detail;
  summary.hidden = false;
  setTitle(true);
  summary.focus();
}

/** Shows the API's field errors: the summary with a link to each field, and each field's message. */
export function showFieldErrors(
  root: HTMLElement,
  summary: HTMLElement,
  errors: FieldError[],
): void {
  clearErrors(root, summary);
  const parts = summaryParts(summary);
  for (const error of errors) {
    const id = markField(root, error);
    const item = document.createElement('li');
    if (id) {
      const link = document.createElement('a');
      link.href = `#${id}`;
      link.textContent = error.detail;
      item.append(link);
    } else {
      item.textContent = error.detail;
    }
    parts.list.append(item);
  }
  showSummary(summary, summary.dataset.title ?? '', undefined);
}

/** Shows a failure that is not about one field (network, server, not found). */
export function showProblem(
  root: HTMLElement,
  summary: HTMLElement,
  title: string,
  detail?: string,
): void {
  clearErrors(root, summary);
  showSummary(summary, title, detail);
}

/**
 * Summary links focus their field and scroll its label or legend into view, as GOV.UK does, so
 * the question is visible above a phone's keyboard.
 */
export function linkSummary(summary: HTMLElement): void {
  summary.addEventListener('click', (event) => {
    const link = (event.target as Element).closest('a');
    const input = link ? document.getElementById(decodeURIComponent(link.hash.slice(1))) : null;
    if (!input) return;
    event.preventDefault();
    const grouped = input instanceof HTMLInputElement && /^(radio|checkbox)$/.test(input.type);
    const heading = grouped
      ? input.closest('fieldset')?.querySelector('legend')
      : document.querySelector(`label[for="${CSS.escape(input.id)}"]`);
    (heading ?? input).scrollIntoView();
    input.focus({ preventScroll: true });
  });
}

/** Reads a JSON body, or nothing when the answer is not JSON (a proxy's error page). */
export async function readJson<T>(response: Response): Promise<T | null> {
  try {
    return (await response.json()) as T;
  } catch {
    return null;
  }
}

/** Full-width digits, letters and dashes (a Chinese input method's default) as ASCII. */
export function halfWidth(value: string): string {
  return value
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\u3000/g, ' ');
}
