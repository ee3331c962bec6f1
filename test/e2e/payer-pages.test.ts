/**
 * The payer pages against the issue's promises for older people on phones, screen-reader users
 * and old office PCs: light (weight budget, no web fonts, no UI framework), accessible (axe WCAG
 * 2.2 AA at desktop width, at 360 px and at 200% zoom; no sideways scrolling; zh-CN; grouped
 * choices in fieldsets) and usable with the keyboard alone from the start page to the status.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { residentId } from '#test/fixtures/cases.ts';
import { answeredCase, useBrowserRuntime } from '#test/fixtures/e2e.ts';
import { fillMatterStep, fillPayerStep, submit } from '#test/fixtures/payer.ts';
import { eventually, inInbox } from '#test/fixtures/runtime.ts';
import { axeViolations, textOf } from './staff-pages.ts';
import { type PageWeight, weigh, weightTable } from './weights.ts';

/** The issue's budget for each payer page: 50 kB transferred (gzip), 15 kB of it JavaScript. */
const BUDGET = { total: 50_000, js: 15_000 };

/**
 * Every payer page a fresh browser can open by its address: the static pages, two intake steps
 * the API renders, the time limits in force the start page links to, and `/no-such-page/` (the
 * 404 page, as any mistyped address gets).
 */
const PAYER_PAGES = [
  '/',
  '/apply/',
  '/api/payer/apply-matters',
  '/api/payer/apply-description',
  '/status/',
  '/answer/',
  '/survey/',
  '/api/payer/time-limits',
  '/no-such-page/',
];

/**
 * 200% zoom is emulated as a 1280 × 800 window zoomed in: 640 × 400 CSS pixels drawn at two
 * device pixels each, which is the layout Chromium gives a zoomed page (CSS `zoom` would also
 * scale the viewport units and media queries differently from real browser zoom).
 */
const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 },
  phone: { viewport: { width: 360, height: 740 }, deviceScaleFactor: 1 },
  zoom200: { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 },
} as const;
type ViewportName = keyof typeof VIEWPORTS;

/** A case answered by the tax bureau, for the status and answer pages' filled-in states. */
let answered: { caseNumber: string; accessCode: string };

const e2e = useBrowserRuntime({
  setUp: async (rt) => {
    answered = await answeredCase(rt);
  },
});

async function pageAt(size: ViewportName): Promise<Page> {
  const context = await e2e.browser.newContext({ locale: 'zh-CN', ...VIEWPORTS[size] });
  return context.newPage();
}

/** The answered case looked up on the look-up form on screen. */
async function lookUpAnswered(page: Page): Promise<void> {
  await page.fill('#f-caseNumber', answered.caseNumber);
  await page.fill('#f-accessCode', answered.accessCode);
  await submit(page, '[data-testid=lookup]');
}

/**
 * A view is opened at its address, or (`next`) reached from the view before it, as a payer goes
 * on from there: one walk through the intake, not a walk from the start for each of its states.
 * `at` is the address it ends on where that is not `path`; `errors`, that its title announces
 * errors.
 */
type View = { name: string; errors?: true } & (
  | { path: string; reach?: (page: Page) => Promise<void>; at?: RegExp }
  | { next: (page: Page) => Promise<void>; at: string }
);

/**
 * Every payer page, and every state a payer sees on it, as the page reaches it: each intake step,
 * errors, check your answers, confirmation, a case looked up, the answer with the objection
 * routes open, the survey.
 */
const VIEWS: View[] = [
  { name: 'start', path: '/' },
  { name: 'intake step 1', path: '/apply/' },
  {
    name: 'intake step 1 with the error summary',
    at: '/api/payer/apply-payer',
    errors: true,
    next: (page) => submit(page, '[data-testid=continue]'),
  },
  {
    name: 'intake step 2',
    at: '/api/payer/apply-matters',
    next: async (page) => {
      await fillPayerStep(page);
      await submit(page, '[data-testid=continue]');
    },
  },
  {
    name: 'intake step 2, two matters with errors',
    at: '/api/payer/apply-matters',
    errors: true,
    next: async (page) => {
      await submit(page, '[data-testid=add-matter]');
      await submit(page, '[data-testid=continue]');
    },
  },
  {
    name: 'intake step 3',
    at: '/api/payer/apply-description',
    next: async (page) => {
      await submit(page, 'button[value^="remove-"]');
      await fillMatterStep(page);
      await submit(page, '[data-testid=continue]');
    },
  },
  {
    name: 'check your answers',
    at: '/api/payer/apply-check',
    next: async (page) => {
      await page.fill('#f-description', '单位申报的缴费基数比我的实际工资高，想请核实。');
      await submit(page, '[data-testid=continue]');
    },
  },
  {
    name: 'intake confirmation',
    at: '/api/payer/done',
    next: async (page) => {
      await page.check('#f-consent');
      await submit(page, '[data-testid=submit]');
    },
  },
  { name: 'status look-up', path: '/status/' },
  { name: 'status of an answered case', at: '/api/payer/status', next: lookUpAnswered },
  { name: 'answer look-up', path: '/answer/' },
  {
    name: 'answer shown, objecting',
    at: '/api/payer/answer',
    next: async (page) => {
      await lookUpAnswered(page);
      await page.check('#f-decision-object');
      await page.locator('#object-details').waitFor({ state: 'visible' });
    },
  },
  {
    name: 'answer with the error summary',
    path: '/answer/',
    at: /^\/api\/cases\/\d{4}-\d{6}\/decision$/,
    errors: true,
    reach: async (page) => {
      await lookUpAnswered(page);
      await submit(page, '[data-testid=submit-decision]');
    },
  },
  { name: 'survey look-up', path: '/survey/' },
  { name: 'survey', at: '/api/payer/survey', next: lookUpAnswered },
  { name: 'time limits in force', path: '/api/payer/time-limits' },
  { name: 'not found (404)', path: '/no-such-page/' },
];

async function open(page: Page, view: View): Promise<void> {
  if ('next' in view) return view.next(page);
  await page.goto(`${e2e.rt.url}${view.path}`);
  await view.reach?.(page);
}

describe('payer pages are light', () => {
  it('each transfers at most 50 kB gzip, at most 15 kB of it JavaScript, and no font file', async () => {
    // Act: every page in a fresh context, every response weighed
    const weights: PageWeight[] = [];
    for (const path of PAYER_PAGES)
      weights.push(await weigh(e2e.browser, `${e2e.rt.url}${path}`, path));
    console.log(weightTable(weights));

    // Assess: one line per page over budget, so a failure names the page and the overrun
    const over = weights.flatMap((w) => [
      ...(w.total > BUDGET.total ? [`${w.path}: ${w.total} B in all > ${BUDGET.total} B`] : []),
      ...(w.js > BUDGET.js ? [`${w.path}: ${w.js} B of JavaScript > ${BUDGET.js} B`] : []),
      ...w.fonts.map((f) => `${w.path}: requests the font ${f}`),
    ]);
    expect(over).toEqual([]);
    // The pages really were weighed: each has its HTML and its stylesheet.
    for (const w of weights) {
      expect(w.transfers.some((t) => t.kind === 'html')).toBe(true);
      expect(w.transfers.some((t) => t.kind === 'css')).toBe(true);
    }
  });

  it('use no UI framework and declare no web font', async () => {
    const page = await pageAt('desktop');
    const found: string[] = [];
    for (const path of PAYER_PAGES) {
      await page.goto(`${e2e.rt.url}${path}`);
      const { islands, scripts, fontFaces } = await page.evaluate(() => ({
        islands: document.querySelectorAll('astro-island, astro-slot').length,
        scripts: Array.from(document.scripts, (s) => s.src).filter(Boolean),
        // A rule that would download a font on some other browser, even if Chromium skipped it.
        fontFaces: Array.from(document.styleSheets).flatMap((sheet) =>
          Array.from(sheet.cssRules)
            .filter((r) => r instanceof CSSFontFaceRule && /url\(/.test(r.cssText))
            .map((r) => r.cssText.slice(0, 80)),
        ),
      }));
      if (islands > 0) found.push(`${path}: ${islands} framework island(s)`);
      for (const src of scripts.filter((s) => /react|preact|vue|svelte|solid|lit|alpine/i.test(s)))
        found.push(`${path}: framework script ${src}`);
      for (const rule of fontFaces) found.push(`${path}: @font-face ${rule}`);
    }
    expect(found).toEqual([]);
    await page.context().close();
  });
});

/** What the accessibility tests find on one view, read on the same load of it. */
interface ViewFindings {
  /** Where the view is: the address's path, and whether the title announces errors. */
  path: string;
  errors: boolean;
  /** The size it was read at: the window's CSS width and height, and device pixels per CSS pixel. */
  shown: { width: number; height: number; deviceScaleFactor: number };
  /** axe (WCAG 2.2 AA), one line per violation. */
  axe: string[];
  /** How far the page is too wide, and its widest element, when it scrolls sideways. */
  sideways: string | undefined;
  lang: string | null;
  /** Radio and checkbox groups not in a fieldset with a legend; how many groups there were. */
  fieldsets: { problems: string[]; groups: number };
}

/**
 * Every view opened once and read at each size for all the accessibility tests (axe, sideways
 * scrolling, lang, fieldsets): a walk through the views costs most of these tests' time, and each
 * test asserts on the same pages in the same states it would have reached on a walk of its own.
 * One walk, not one a size: at each view the page is shown at each size in turn (the viewport
 * and device pixels, as a context of that size would have them) and read; the phone comes last,
 * so the walk's own clicks and typing go on at the narrowest size, where a control the layout
 * hides or covers would stop them. The first test to ask walks; the others read what it found.
 */
let walk: Promise<Map<ViewportName, { name: string; found: ViewFindings }[]>> | undefined;

/** The order the sizes are read in at each view: the walk goes on at the last. */
const SIZES: ViewportName[] = ['desktop', 'zoom200', 'phone'];

async function viewsAt(size: ViewportName): Promise<{ name: string; found: ViewFindings }[]> {
  walk ??= (async () => {
    const page = await pageAt('phone');
    const cdp = await page.context().newCDPSession(page);
    const all = new Map(SIZES.map((s) => [s, [] as { name: string; found: ViewFindings }[]]));
    for (const view of VIEWS) {
      await open(page, view);
      for (const s of SIZES) {
        const { viewport, deviceScaleFactor } = VIEWPORTS[s];
        await cdp.send('Emulation.setDeviceMetricsOverride', {
          ...viewport,
          deviceScaleFactor,
          mobile: false,
        });
        all.get(s)?.push({ name: view.name, found: await findingsOn(page) });
      }
    }
    await page.context().close();
    return all;
  })();
  return (await walk).get(size) ?? [];
}

async function findingsOn(page: Page): Promise<ViewFindings> {
  const axe = await axeViolations(page);
  const { scrollWidth, innerWidth, widest, shown } = await page.evaluate(() => {
    const width = window.innerWidth;
    // The element reaching furthest right names the culprit when the page is too wide.
    let widest = '';
    let right = width + 1;
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > right) {
        right = r.right;
        widest = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${Array.from(el.classList).join('.')}` : ''} (right edge ${Math.round(r.right)} px)`;
      }
    }
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: width,
      widest,
      shown: {
        width,
        height: window.innerHeight,
        deviceScaleFactor: window.devicePixelRatio,
      },
    };
  });
  const sideways =
    scrollWidth > innerWidth + 1
      ? `${scrollWidth} px wide in ${innerWidth} px; ${widest}`
      : undefined;
  const lang = await page.getAttribute('html', 'lang');
  const fieldsets = await page.evaluate(() => {
    const problems: string[] = [];
    const inputs = Array.from(
      document.querySelectorAll<HTMLInputElement>('input[type=radio], input[type=checkbox]'),
    );
    const byName = new Map<string, HTMLInputElement[]>();
    for (const input of inputs) byName.set(input.name, [...(byName.get(input.name) ?? []), input]);
    let groups = 0;
    for (const [name, members] of byName) {
      // A lone checkbox (「我同意……」) is one question with its own label, not a group.
      if (members.length < 2 && members[0]?.type === 'checkbox') continue;
      groups++;
      const fieldsets = new Set(members.map((m) => m.closest('fieldset')));
      const fieldset = members[0]?.closest('fieldset');
      const legend = fieldset?.firstElementChild;
      if (!fieldset) problems.push(`${name}: not inside a fieldset`);
      else if (fieldsets.size > 1) problems.push(`${name}: split over several fieldsets`);
      else if (legend?.tagName !== 'LEGEND') {
        problems.push(`${name}: its fieldset does not start with a legend`);
      } else if ((legend.textContent ?? '').trim() === '') {
        problems.push(`${name}: its legend is empty`);
      }
    }
    return { problems, groups };
  });
  const path = new URL(page.url()).pathname;
  const errors = (await page.title()).startsWith('错误：');
  return { path, errors, shown, axe, sideways, lang, fieldsets };
}

describe('payer pages are accessible', () => {
  it('the check itself finds a planted fault of contrast, of a missing alt text and of a label', async () => {
    const page = await pageAt('desktop');
    await page.setContent(
      `<!doctype html><html lang="zh-CN"><head><title>测试</title></head><body><main>
        <h1>测试页</h1>
        <p style="color:#bbb;background:#fff">浅灰色的字</p>
        <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
        <input type="text">
      </main></body></html>`,
    );
    const found = (await axeViolations(page)).map((v) => v.split(':')[0]);
    await page.context().close();
    expect(found).toEqual(expect.arrayContaining(['color-contrast', 'image-alt', 'label']));
  });

  // One test a size; the first test to ask walks (see viewsAt).
  it.each(Object.keys(VIEWPORTS) as ViewportName[])(
    'are read at every view: each walk reaches each page and state it names at %s size',
    async (size) => {
      const endsAt = (view: View) =>
        'next' in view ? view.at : view.at ? expect.stringMatching(view.at) : view.path;
      const expected = VIEWS.map((view) => [view.name, endsAt(view), view.errors ?? false]);
      const found = await viewsAt(size);
      const reached = found.map((v) => [v.name, v.found.path, v.found.errors]);
      expect(reached).toEqual(expected);
      // …and each was read at that size.
      const { viewport, deviceScaleFactor } = VIEWPORTS[size];
      for (const v of found)
        expect(v.found.shown, v.name).toEqual({ ...viewport, deviceScaleFactor });
    },
    // The first walks every view and reads it three times (63 axe analyses).
    240_000,
  );

  it.each(Object.keys(VIEWPORTS) as ViewportName[])(
    'axe (WCAG 2.2 AA) finds nothing on any payer page or state at %s size',
    async (size) => {
      const found: string[] = [];
      for (const { name, found: f } of await viewsAt(size)) {
        for (const v of f.axe) found.push(`${name}: ${v}`);
      }
      expect(found).toEqual([]);
    },
  );

  it.each(['phone', 'zoom200'] as ViewportName[])(
    'no payer page or state scrolls sideways at %s size',
    async (size) => {
      const found: string[] = [];
      for (const { name, found: f } of await viewsAt(size)) {
        if (f.sideways) found.push(`${name}: ${f.sideways}`);
      }
      expect(found).toEqual([]);
    },
  );

  it('every page says it is in Simplified Chinese and puts each group of choices in a fieldset with a legend', async () => {
    const found: string[] = [];
    let groups = 0;
    for (const { name, found: f } of await viewsAt('desktop')) {
      if (f.lang !== 'zh-CN') found.push(`${name}: <html lang="${f.lang}">`);
      groups += f.fieldsets.groups;
      for (const p of f.fieldsets.problems) found.push(`${name}: ${p}`);
    }
    expect(found).toEqual([]);
    // The check saw the groups it is about: 您是, 涉及哪种保险, 是否满意, 哪种途径, 回访评价.
    expect(groups).toBeGreaterThanOrEqual(5);
  });
});

// ---- the keyboard-only journey ------------------------------------------------------------------

/** A short description of the focused element, for failure messages. */
function focusedElement(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el) return '(nothing)';
    const id = el.id ? `#${el.id}` : '';
    const text = (el.textContent ?? '').trim().slice(0, 20);
    return `${el.tagName.toLowerCase()}${id}${text ? ` “${text}”` : ''}`;
  });
}

/**
 * Presses Tab until `selector` has the focus; fails, naming every element passed, if it is not
 * reached in `max` presses (a trap or an element left out of the tab order).
 */
async function tabTo(page: Page, selector: string, max = 40): Promise<void> {
  const passed: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) === true, selector)) return;
    passed.push(await focusedElement(page));
  }
  throw new Error(`${selector} not reached with Tab; passed ${passed.join(', ')}`);
}

interface FocusLook {
  focused: string;
  unfocused: string;
  inView: boolean;
}

/**
 * The focused element's outline, box shadow and colours (and those of its label's `::before`,
 * where radios and checkboxes draw their ring), focused and then blurred, and whether it is on
 * screen. Focus is put back afterwards.
 */
function focusLook(page: Page): Promise<FocusLook> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const label = (el as HTMLInputElement).labels?.[0];
    // A transparent outline (kept for Windows high-contrast mode) shows nothing on screen.
    const seen = (s: CSSStyleDeclaration) =>
      s.outlineStyle !== 'none' &&
      Number.parseFloat(s.outlineWidth) > 0 &&
      !/rgba\(.*,\s*0\)$/.test(s.outlineColor)
        ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`
        : 'none';
    const look = () =>
      [getComputedStyle(el), ...(label ? [getComputedStyle(label, '::before')] : [])]
        .map(
          (s) =>
            `outline ${seen(s)}; shadow ${s.boxShadow}; background ${s.backgroundColor}; color ${s.color}`,
        )
        .join(' | ');
    const r = el.getBoundingClientRect();
    const inView =
      r.width > 0 &&
      r.height > 0 &&
      r.bottom > 0 &&
      r.right > 0 &&
      r.top < window.innerHeight &&
      r.left < window.innerWidth;
    const focused = look();
    el.blur();
    const unfocused = look();
    el.focus();
    return { focused, unfocused, inView };
  });
}

/** The focused element is on screen and looks different from when it is not focused. */
async function expectVisibleFocus(page: Page, what: string): Promise<void> {
  const look = await focusLook(page);
  expect(look.inView, `${what}: the focused element is off screen`).toBe(true);
  expect(look.focused, `${what}: no visible focus indicator`).not.toBe(look.unfocused);
}

/** Presses Enter on the focused control and waits for the page it leads to. */
async function enter(page: Page): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

describe('the payer journey with the keyboard alone', () => {
  it('goes from the start page through the four intake steps to the case status, focus always visible', async () => {
    const page = await pageAt('desktop');

    // Act: the start page's button, reached with Tab
    await page.goto(`${e2e.rt.url}/`);
    await tabTo(page, '[data-testid=start]');
    await expectVisibleFocus(page, 'start button');
    await enter(page);
    expect(page.url()).toMatch(/\/apply\/$/);

    // Act: step 1, who the payer is
    await tabTo(page, '#f-payer-kind');
    await expectVisibleFocus(page, 'radio 个人');
    await page.keyboard.press('Space');
    expect(await page.isChecked('#f-payer-kind')).toBe(true);
    await tabTo(page, '#f-payer-name', 1);
    await expectVisibleFocus(page, 'name field');
    await page.keyboard.type('李秀兰');
    await tabTo(page, '#f-payer-idNumber', 1);
    await page.keyboard.type(residentId());
    await tabTo(page, '#f-payer-phone', 1);
    await page.keyboard.type('13812345678');
    // The other party's three optional fields (issue 13) come before 「继续」, each visibly focused.
    for (const field of [
      '#f-counterparty-name',
      '#f-counterparty-idNumber',
      '#f-counterparty-phone',
    ]) {
      await tabTo(page, field, 1);
      await expectVisibleFocus(page, field);
    }
    await tabTo(page, '[data-testid=continue]', 1);
    await expectVisibleFocus(page, 'continue button');
    await enter(page);

    // Act: step 2, the matter, the select changed with the arrow keys
    await tabTo(page, '#f-matters-0-type');
    await expectVisibleFocus(page, 'matter select');
    for (let i = 0; i < 20 && (await page.inputValue('#f-matters-0-type')) !== 'base'; i++) {
      await page.keyboard.press('ArrowDown');
    }
    expect(await page.inputValue('#f-matters-0-type')).toBe('base');
    await tabTo(page, '#f-matters-0-insurance', 1);
    await expectVisibleFocus(page, 'checkbox 养老保险');
    await page.keyboard.press('Space');
    expect(await page.isChecked('#f-matters-0-insurance')).toBe(true);
    // The month fields take typing as their hint says (issue 13), tidied once left.
    await tabTo(page, '#f-matters-0-period-from');
    await page.keyboard.type('2024-06');
    await tabTo(page, '#f-matters-0-period-to', 1);
    await page.keyboard.type('2024年9月');
    await tabTo(page, '[data-testid=continue]');
    expect(await page.inputValue('#f-matters-0-period-from')).toBe('2024-06');
    expect(await page.inputValue('#f-matters-0-period-to')).toBe('2024-09');
    await enter(page);

    // Act: step 3, the account
    await tabTo(page, '#f-description');
    await expectVisibleFocus(page, 'description');
    await page.keyboard.type('单位申报的缴费基数比我的实际工资高，想请核实。');
    await tabTo(page, '[data-testid=continue]', 1);
    await enter(page);

    // Act: check your answers, the consent, and Enter on 「提交」
    await tabTo(page, '#f-consent');
    await expectVisibleFocus(page, 'consent checkbox');
    await page.keyboard.press('Space');
    expect(await page.isChecked('#f-consent')).toBe(true);
    await tabTo(page, '[data-testid=submit]', 1);
    await expectVisibleFocus(page, 'submit button');
    await enter(page);

    // Assess: the confirmation and the stored case
    const caseNumber = await textOf(page.getByTestId('case-number'));
    const accessCode = await textOf(page.getByTestId('access-code'));
    expect(caseNumber).toMatch(/^\d{4}-\d{6}$/);
    expect(accessCode).toMatch(/^[A-HJKMNP-Z2-9]{12}$/);
    await eventually(() => inInbox(e2e.rt.store, 'tax', caseNumber));
    const stored = await e2e.rt.store.get(caseNumber);
    expect(stored?.matters[0]).toMatchObject({
      type: 'base',
      insurance: ['pension'],
      period: { from: '2024-06', to: '2024-09' },
    });

    // Act: on to the status page by its link
    await tabTo(page, '[data-testid=status-link]');
    await expectVisibleFocus(page, 'status link');
    await enter(page);

    // Assess: the case's status
    expect(await textOf(page.getByTestId('status'))).toBe('等待办理部门签收');

    // Act: sign out, then look the case up again by keyboard alone
    await tabTo(page, '[data-testid=sign-out]');
    await expectVisibleFocus(page, 'sign-out button');
    await enter(page);
    expect(page.url()).toMatch(/\/status\/signed-out\/$/);
    expect(await textOf(page.getByTestId('signed-out'))).toContain('您已退出');
    await tabTo(page, '#f-caseNumber');
    await page.keyboard.type(caseNumber);
    await tabTo(page, '#f-accessCode', 1);
    await expectVisibleFocus(page, 'access code field');
    await page.keyboard.type(accessCode);
    await enter(page);
    expect(await textOf(page.getByTestId('status'))).toBe('等待办理部门签收');
    await page.context().close();
  });
});
