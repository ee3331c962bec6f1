// @ts-check
// Small improvements to the payer pages. Every page works without this script (issue 6): the
// forms post to the API and the API answers with the next page.

// Conditional reveal (GOV.UK): the routes of an objection only once 「有异议」 is chosen. Without
// the script they are always shown, and the API ignores them for 「接受」.
for (const block of /** @type {NodeListOf<HTMLElement>} */ (
  document.querySelectorAll('[data-conditional]')
)) {
  const [name, value] = (block.dataset.conditional ?? '').split('=');
  const form = block.closest('form');
  const sync = () => {
    const checked = form?.querySelector(`input[name="${name}"]:checked`);
    block.hidden = /** @type {HTMLInputElement | null | undefined} */ (checked)?.value !== value;
  };
  form?.addEventListener('change', sync);
  sync();
}

// A matter of the 「其他」 group needs no insurance type: hide the question for it.
for (const matter of document.querySelectorAll('[data-matter]')) {
  const select = matter.querySelector('select');
  const group = /** @type {HTMLElement | null} */ (matter.querySelector('[data-insurance]'));
  if (!select || !group) continue;
  const sync = () => {
    group.hidden = Boolean(select.selectedOptions[0]?.hasAttribute('data-no-insurance'));
  };
  select.addEventListener('change', sync);
  sync();
}

// A year-month typed as 2024.3, 202403 or 2024年3月 shows as 2024-03 once the field is left, the
// way the server reads it (draft.ts tidyMonth); anything else stays as typed for the server to
// explain. Without the script the server does the same when the step is sent.
const MONTH = /^(\d{4})\s*[-/.年]?\s*(\d{1,2})\s*月?$/;
for (const input of /** @type {NodeListOf<HTMLInputElement>} */ (
  document.querySelectorAll('input[data-month]')
)) {
  input.addEventListener('change', () => {
    const typed = input.value
      .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
      .replace(/[\u2010-\u2015\u2212]/g, '-')
      .trim();
    const m = MONTH.exec(typed);
    if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) {
      input.value = `${m[1]}-${(m[2] ?? '').padStart(2, '0')}`;
    }
  });
}

// Enter in a list sends the form as Enter in every other field does (issue 13): browsers send a
// form on Enter in a text box, a radio or a checkbox, but not in a select. With the form's first
// button, its default: on the intake steps the hidden 「继续」, never 「删除这一项」 or 「再添加一项」.
// Without the script Enter in a list does nothing, which removes and adds nothing either.
for (const select of document.querySelectorAll('form select')) {
  select.addEventListener('keydown', (event) => {
    const key = /** @type {KeyboardEvent} */ (event);
    if (key.key !== 'Enter' || key.isComposing || key.altKey) return;
    const form = /** @type {HTMLSelectElement} */ (select).form;
    if (!form) return;
    const first = form.querySelector('button:not([type]), button[type="submit"]');
    event.preventDefault();
    form.requestSubmit(/** @type {HTMLButtonElement | null} */ (first) ?? undefined);
  });
}

// A link from a text message carries the case number (never the access code): fill it in.
const caseNumber = new URLSearchParams(location.search).get('case');
const caseInput = /** @type {HTMLInputElement | null} */ (document.getElementById('f-caseNumber'));
if (caseNumber && caseInput && caseInput.value === '') caseInput.value = caseNumber;

// One press of 「提交」 sends once; the API also files one case per form (its idempotency key).
for (const button of /** @type {NodeListOf<HTMLButtonElement>} */ (
  document.querySelectorAll('[data-prevent-double-click]')
)) {
  let sentAt = 0;
  button.form?.addEventListener('submit', (event) => {
    if (Date.now() - sentAt < 5000) event.preventDefault();
    else sentAt = Date.now();
  });
}
