/**
 * The dispute matters of a form (components/MatterFields.astro), shared by the payer's intake
 * form and the window registration: add and remove blocks, renumber their ids, names and
 * pointers, hide the insurance question where it does not apply, and read the answers.
 */
import { clearErrors, halfWidth } from './errors.ts';

interface Options {
  form: HTMLFormElement;
  summary: HTMLElement;
  list: HTMLElement;
  template: HTMLTemplateElement;
  addButton: HTMLButtonElement;
  fullNote: HTMLElement;
  /** Focused after a removal when no 「添加」 button is left to focus. */
  after: HTMLElement;
  max: number;
  announce(text: string): void;
}

export function setUpMatters(o: Options): void {
  const blocks = () => [...o.list.querySelectorAll<HTMLElement>('[data-matter]')];

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
    const full = all.length >= o.max;
    o.addButton.hidden = full;
    o.fullNote.hidden = !full;
  };

  // Matters of the "other" group need no insurance type (functions/core/matters.ts needsInsurance).
  const syncInsurance = (block: HTMLElement) => {
    const select = block.querySelector<HTMLSelectElement>('[data-type]');
    const group = block.querySelector<HTMLElement>('[data-insurance]');
    if (select && group)
      group.hidden = Boolean(select.selectedOptions[0]?.hasAttribute('data-no-insurance'));
  };

  o.addButton.addEventListener('click', () => {
    if (blocks().length >= o.max) return;
    const block = o.template.content.firstElementChild?.cloneNode(true) as HTMLElement | undefined;
    if (!block) return;
    o.list.append(block);
    renumber();
    o.announce(`已添加争议事项 ${blocks().length}`);
    block.querySelector<HTMLElement>('select')?.focus();
  });

  o.list.addEventListener('click', (event) => {
    const remove = (event.target as Element).closest('[data-remove]');
    const block = remove?.closest<HTMLElement>('[data-matter]');
    if (!block) return;
    // Renumbering would point the summary's links at other fields; start the checks afresh.
    clearErrors(o.form, o.summary);
    block.remove();
    renumber();
    o.announce('已删除一项争议事项');
    (o.addButton.hidden
      ? (blocks().at(-1)?.querySelector('select') ?? o.after)
      : o.addButton
    ).focus();
  });

  o.list.addEventListener('change', (event) => {
    const target = event.target as Element;
    if (target.matches('[data-type]')) {
      const block = target.closest<HTMLElement>('[data-matter]');
      if (block) syncInsurance(block);
    }
  });

  for (const block of blocks()) syncInsurance(block);
  renumber();
}

/** The matters as the API's JSON; an empty answer is left out, so the API says 「请填写」. */
export function collectMatters(list: HTMLElement) {
  return [...list.querySelectorAll<HTMLElement>('[data-matter]')].map((block, i) => {
    const insuranceGroup = block.querySelector<HTMLElement>('[data-insurance]');
    const insurance = insuranceGroup?.hidden
      ? []
      : [...block.querySelectorAll<HTMLInputElement>('input[type=checkbox]:checked')].map(
          (b) => b.value,
        );
    const type = (document.getElementById(`f-matters-${i}-type`) as HTMLSelectElement | null)
      ?.value;
    return {
      type: type || undefined,
      insurance,
      period: {
        from: month(`f-matters-${i}-period-from`),
        to: month(`f-matters-${i}-period-to`),
      },
    };
  });
}

/**
 * A year-month as `YYYY-MM`. Browsers without a month picker (desktop Firefox and Safari) show a
 * text box, where people type 2024-3, 2024/03, 202403 or 2024年3月; tidy those and show the result.
 */
export function month(id: string): string | undefined {
  const input = document.getElementById(id) as HTMLInputElement | null;
  if (!input) return undefined;
  const raw = halfWidth(input.value).trim();
  const match = /^(\d{4})\s*[-/.年]?\s*(\d{1,2})\s*月?$/.exec(raw);
  const value = match ? `${match[1]}-${(match[2] ?? '').padStart(2, '0')}` : raw;
  if (value !== input.value && input.type === 'text') input.value = value;
  return value === '' ? undefined : value;
}
