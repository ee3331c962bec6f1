/** Small DOM and date helpers for the staff pages: no framework, text nodes only (no innerHTML). */

type Child = Node | string | null | undefined | false;

/** An element with attributes and children; `null`, `undefined` and `false` children are skipped. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name === 'class') el.className = String(value);
    else el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child);
  }
  return el;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el as T;
}

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Today's date in Asia/Shanghai, `YYYY-MM-DD` (China keeps no daylight saving time). */
export function todayInShanghai(now = Date.now()): string {
  return new Date(now + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The calendar date of an instant in Asia/Shanghai, `YYYY-MM-DD`. */
export function shanghaiDate(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : todayInShanghai(t);
}

/** `2026-01-20` → 2026年1月20日. */
export function formatDate(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : day;
}

/** `2026-01-20` → ['2026', '1', '20'], for the forms' 「年 月 日」 blanks. */
export function dateParts(day: string | null | undefined): [string, string, string] {
  const m = day ? /^(\d{4})-(\d{2})-(\d{2})/.exec(day) : null;
  return m ? [m[1] ?? '', String(Number(m[2])), String(Number(m[3]))] : ['', '', ''];
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

/** An instant as Beijing time, 2026年1月20日 14:05. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : timeFormat.format(date);
}

/** A `<time>` element for an instant. */
export function timeEl(iso: string): HTMLTimeElement {
  return h('time', { datetime: iso }, formatTime(iso));
}

/** A `<time>` element for a calendar date. */
export function dateEl(day: string): HTMLTimeElement {
  return h('time', { datetime: day }, formatDate(day));
}

/**
 * The marks next to a due date: 「已超期」 or 「今日到期」 as a word with an icon (never colour
 * alone), and 「节假日安排未公布」 when the date's year has no published holiday schedule.
 */
export function dueMarks(due: string, overdue: boolean, covered: boolean): HTMLElement[] {
  const marks: HTMLElement[] = [];
  if (overdue) {
    marks.push(
      h(
        'strong',
        { class: 'mark mark--overdue' },
        h('span', { class: 'mark__icon', 'aria-hidden': 'true' }, '!'),
        '已超期',
      ),
    );
  } else if (due === todayInShanghai()) {
    marks.push(
      h(
        'strong',
        { class: 'mark mark--today' },
        h('span', { class: 'mark__icon', 'aria-hidden': 'true' }, '!'),
        '今日到期',
      ),
    );
  }
  if (!covered) {
    marks.push(
      h(
        'span',
        {
          class: 'mark mark--uncovered',
          title: '该日期所在年份的节假日安排尚未公布，到期日可能调整',
        },
        h('span', { class: 'mark__icon', 'aria-hidden': 'true' }, '?'),
        '节假日安排未公布',
      ),
    );
  }
  return marks;
}

/** `[2026]第(7)号` → { year: '2026', n: '7' }. */
export function serialParts(serial: string): { year: string; n: string } {
  const m = /(\d{4})\D+(\d+)/.exec(serial);
  return m ? { year: m[1] ?? '', n: m[2] ?? '' } : { year: '', n: serial };
}

/** Replaces an element's children, skipping the absent ones. */
export function fillWith(
  el: HTMLElement,
  ...children: (Node | string | null | undefined | false)[]
): void {
  el.replaceChildren(
    ...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false),
  );
}
