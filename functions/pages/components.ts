/**
 * GOV.UK Design System components as server-rendered HTML: error summary, text input, textarea,
 * select, radios, checkboxes, buttons and summary lists. A field's id derives from the JSON
 * pointer of its answer in the API's body (`/payer/idNumber` → `f-payer-idNumber`), so an API
 * error lands on its field.
 */
import type { FieldError } from '#contracts/problem.ts';
import { attr, type Html, html } from './html.ts';
import { ERROR_PREFIX } from './layout.ts';

export function fieldId(pointer: string): string {
  return `f${pointer.replaceAll('/', '-')}`;
}

/**
 * The errors of one page, each put on the nearest field the page shows: an error about
 * `/matters/0` as a whole is shown on the matter's first question.
 */
export class PageErrors {
  private readonly byPointer = new Map<string, string[]>();
  readonly list: { pointer: string; detail: string }[] = [];

  constructor(errors: readonly FieldError[], shown: readonly string[]) {
    for (const error of errors) {
      const pointer = nearest(error.pointer, shown);
      const messages = this.byPointer.get(pointer) ?? [];
      if (!messages.includes(error.detail)) messages.push(error.detail);
      this.byPointer.set(pointer, messages);
      this.list.push({ pointer, detail: error.detail });
    }
    // The summary in the page's order (`shown` is it), not the schema's (GOV.UK).
    const at = (p: string) => (shown.includes(p) ? shown.indexOf(p) : shown.length);
    this.list.sort((a, b) => at(a.pointer) - at(b.pointer));
  }

  get any(): boolean {
    return this.list.length > 0;
  }

  of(pointer: string): string | undefined {
    return this.byPointer.get(pointer)?.join('；');
  }
}

function nearest(pointer: string, shown: readonly string[]): string {
  if (shown.includes(pointer)) return pointer;
  // A parent's error goes to its first child shown; a child's to its nearest shown parent.
  const child = shown.find((p) => pointer !== '' && p.startsWith(`${pointer}/`));
  if (child) return child;
  let p = pointer;
  while (p.includes('/')) {
    p = p.slice(0, p.lastIndexOf('/'));
    if (shown.includes(p)) return p;
  }
  return shown[0] ?? pointer;
}

/** The summary at the top of a page with errors, one link per bad field; focused on load. */
export function errorSummary(
  errors: PageErrors,
  title = '提交的信息有问题',
  /** Words before a message that say which part of the page it is in (「争议事项 2：」). */
  where: (pointer: string) => string = () => '',
): Html {
  if (!errors.any) return html``;
  return html`<div class="error-summary" id="error-summary" role="alert" tabindex="-1" autofocus aria-labelledby="error-summary-title" data-testid="error-summary">
  <h2 class="error-summary__title" id="error-summary-title">${title}</h2>
  <div class="error-summary__body"><ul class="error-summary__list">
    ${errors.list.map((e) => html`<li><a href="#${fieldId(e.pointer)}">${where(e.pointer)}${e.detail}</a></li>`)}
  </ul></div>
</div>`;
}

/** A failure that is not about one field (not found, too many tries). */
export function problemSummary(title: string, detail: string, o: { page?: boolean } = {}): Html {
  // `page`: the summary is all the page says (a message page), so its title is the page's h1.
  const h = o.page ? 'h1' : 'h2';
  return html`<div class="error-summary" id="error-summary" role="alert" tabindex="-1" autofocus aria-labelledby="error-summary-title" data-testid="error-summary">
  <${h} class="error-summary__title" id="error-summary-title">${title}</${h}>
  <div class="error-summary__body"><p>${detail}</p></div>
</div>`;
}

function errorMessage(id: string, message: string | undefined): Html {
  return message
    ? html`<p class="error-message" id="${id}-error"><span class="visually-hidden">${ERROR_PREFIX}</span>${message}</p>`
    : html``;
}

const describedBy = (...ids: (string | false | undefined)[]) =>
  ids.filter(Boolean).join(' ') || undefined;

interface Common {
  pointer: string;
  name: string;
  label: string;
  hint?: string | Html;
  errors: PageErrors;
  /** The label as the page's heading, when the page asks one question (GOV.UK). */
  asHeading?: boolean;
}

function labelOf(id: string, o: Common): Html {
  const label = html`<label class="label${o.asHeading ? ' label--l' : ''}" for="${id}">${o.label}</label>`;
  return o.asHeading ? html`<h1 class="label-wrapper">${label}</h1>` : label;
}

/**
 * A field of one control: its group, label, hint and error message around `control`, which gets
 * the control's id, the error and the attributes that tie it to the hint and the error.
 */
function field(
  o: Common,
  control: (id: string, error: string | undefined, aria: Html) => Html,
): Html {
  const id = fieldId(o.pointer);
  const error = o.errors.of(o.pointer);
  const aria = html`${attr('aria-describedby', describedBy(o.hint && `${id}-hint`, error && `${id}-error`))}${attr('aria-invalid', error ? 'true' : undefined)}`;
  return html`<div class="form-group${error ? ' form-group--error' : ''}">
  ${labelOf(id, o)}
  ${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : ''}
  ${errorMessage(id, error)}
  ${control(id, error, aria)}
</div>`;
}

export function textInput(
  o: Common & {
    value?: string;
    type?: 'text' | 'tel' | 'month' | 'date' | 'datetime-local' | 'password';
    width?: 'w4' | 'w10' | 'w12' | 'w20';
    code?: boolean;
    autocomplete?: string;
    extra?: Html;
  },
): Html {
  return field(o, (id, error, aria) => {
    const classes = [
      'input',
      o.width && `input--${o.width}`,
      o.code && 'input--code',
      error && 'input--error',
    ]
      .filter(Boolean)
      .join(' ');
    return html`<input class="${classes}" type="${o.type ?? 'text'}" id="${id}" name="${o.name}"${attr('value', o.value)}${attr('autocomplete', o.autocomplete ?? 'off')} spellcheck="false"${aria}${o.extra ?? ''}>`;
  });
}

export function textarea(o: Common & { value?: string; rows?: number }): Html {
  return field(
    o,
    (id, error, aria) =>
      html`<textarea class="textarea${error ? ' textarea--error' : ''}" id="${id}" name="${o.name}" rows="${o.rows ?? 8}"${aria}>${o.value ?? ''}</textarea>`,
  );
}

export interface Choice {
  value: string;
  label: string;
  hint?: string | Html;
  /** Extra attributes on the input, e.g. a data attribute the script reads. */
  data?: Record<string, string>;
}

export function select(
  o: Common & {
    value?: string;
    groups: { label: string; choices: Choice[] }[];
    placeholder: string;
  },
): Html {
  return field(o, (id, error, aria) => {
    return html`<select class="select${error ? ' select--error' : ''}" id="${id}" name="${o.name}"${aria}>
    <option value="">${o.placeholder}</option>
    ${o.groups.map(
      (g) =>
        html`<optgroup label="${g.label}">${g.choices.map(
          (c) =>
            html`<option value="${c.value}"${o.value === c.value ? html` selected` : ''}${dataAttrs(c.data)}>${c.label}</option>`,
        )}</optgroup>`,
    )}
  </select>`;
  });
}

function dataAttrs(data: Record<string, string> | undefined): Html {
  return html`${Object.entries(data ?? {}).map(([k, v]) => attr(`data-${k}`, v || ' '))}`;
}

/** Radios or checkboxes in a fieldset whose legend asks the question (GOV.UK). */
export function choices(
  o: Common & {
    kind: 'radio' | 'checkbox';
    choices: Choice[];
    checked: readonly string[];
    legendSize?: 'l' | 'm';
    /** Attributes of the wrapping form group, for the script's conditional reveals. */
    groupData?: Record<string, string>;
  },
): Html {
  const id = fieldId(o.pointer);
  const error = o.errors.of(o.pointer);
  const legend = html`<legend class="legend legend--${o.asHeading ? 'l' : (o.legendSize ?? 'm')}">${
    o.asHeading ? html`<h1 class="legend__heading">${o.label}</h1>` : o.label
  }</legend>`;
  return html`<div class="form-group${error ? ' form-group--error' : ''}"${dataAttrs(o.groupData)}>
  <fieldset class="fieldset"${attr('aria-describedby', describedBy(o.hint && `${id}-hint`, error && `${id}-error`))}>
    ${legend}
    ${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : ''}
    ${errorMessage(id, error)}
    <div class="choices choices--${o.kind}">
      ${o.choices.map((c, k) => {
        // GOV.UK: the group's first choice carries the group's id, so an error link lands on it.
        const cid = k === 0 ? id : `${id}-${c.value}`;
        // Named by its value, not `cid`: the first choice's would be the group hint's id.
        const hid = `${id}-${c.value}-hint`;
        return html`<div class="choice">
        <input class="choice__input" type="${o.kind}" id="${cid}" name="${o.name}" value="${c.value}"${o.checked.includes(c.value) ? html` checked` : ''}${attr('aria-describedby', c.hint ? hid : undefined)}${dataAttrs(c.data)}>
        <label class="choice__label" for="${cid}">${c.label}</label>
        ${c.hint ? html`<div class="choice__hint" id="${hid}">${c.hint}</div>` : ''}
      </div>`;
      })}
    </div>
  </fieldset>
</div>`;
}

export interface Row {
  key: string;
  value: Html | string;
  /** A change link: where, and what it changes (read by screen readers). */
  change?: { href: string; what: string };
}

export function summaryList(rows: readonly Row[], testid?: string): Html {
  return html`<dl class="summary-list"${attr('data-testid', testid)}>
  ${rows.map(
    (r) => html`<div class="summary-list__row">
    <dt>${r.key}</dt>
    <dd>${r.value}</dd>
    ${r.change ? html`<dd class="summary-list__actions"><a href="${r.change.href}">修改<span class="visually-hidden">${r.change.what}</span></a></dd>` : ''}
  </div>`,
  )}
</dl>`;
}

/**
 * The back link at the top of a question page: a plain link, so it works without a script. To the
 * front page it says so: 「返回上一步」 there read as keeping the step, while the front page's
 * 「开始填写」 starts afresh (a payer review, 2026-12-05).
 */
export function backLink(href: string): Html {
  return html`<a class="back-link" href="${href}">${href === '/' ? '返回首页' : '返回上一步'}</a>`;
}
