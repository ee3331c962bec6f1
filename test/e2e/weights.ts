/**
 * What a page costs to download, as the budget counts it: every response the page loads,
 * each at its gzip size. The local gateway serves files uncompressed, so the size a CDN would send
 * is computed here (gzip level 9, as CloudFront and nginx's static gzip produce at most).
 */
import { gzipSync } from 'node:zlib';
import type { Browser, Response } from 'playwright-core';

export type TransferKind = 'html' | 'css' | 'js' | 'font' | 'image' | 'other';

export interface Transfer {
  url: string;
  kind: TransferKind;
  /** The body as served. */
  bytes: number;
  /** The body gzip-compressed. */
  gzip: number;
}

export interface PageWeight {
  path: string;
  transfers: Transfer[];
  /** Scripts written into the HTML, gzip-compressed one by one (counted in `html` already). */
  inlineJs: number;
  /** Everything transferred, gzip. */
  total: number;
  /** External scripts plus inline ones, gzip. */
  js: number;
  /** Font files requested: the issue allows none (system Chinese fonts only). */
  fonts: string[];
}

const FONT_FILE = /\.(woff2?|ttf|otf|eot)(\?|#|$)/i;

const gzipSize = (body: Buffer | string) => gzipSync(body, { level: 9 }).length;

function kindOf(response: Response): TransferKind {
  const type = response.request().resourceType();
  const contentType = response.headers()['content-type'] ?? '';
  if (type === 'font' || FONT_FILE.test(response.url()) || contentType.startsWith('font/')) {
    return 'font';
  }
  if (type === 'document') return 'html';
  if (type === 'stylesheet' || contentType.includes('text/css')) return 'css';
  if (type === 'script' || contentType.includes('javascript')) return 'js';
  if (type === 'image' || contentType.startsWith('image/')) return 'image';
  return 'other';
}

/** The executable scripts written into an HTML page (JSON data islands are data, not code). */
export function inlineScripts(html: string): string[] {
  const scripts: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attrs = m[1] ?? '';
    const body = m[2] ?? '';
    if (/\bsrc\s*=/i.test(attrs) || body.trim() === '') continue;
    const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attrs)?.[1]?.toLowerCase();
    if (type && type !== 'module' && !type.includes('javascript')) continue;
    scripts.push(body);
  }
  return scripts;
}

/**
 * Loads `url` in a fresh browser context (nothing cached) and weighs every response it gets
 * until the network is idle.
 */
export async function weigh(
  browser: Browser,
  url: string,
  path: string,
  o: { cookies?: { name: string; value: string; url: string }[]; javaScript?: boolean } = {},
): Promise<PageWeight> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    javaScriptEnabled: o.javaScript ?? true,
  });
  if (o.cookies) await context.addCookies(o.cookies);
  try {
    const page = await context.newPage();
    const pending: Promise<Transfer | undefined>[] = [];
    page.on('response', (response) => {
      pending.push(
        response.body().then(
          (body) => ({
            url: response.url(),
            kind: kindOf(response),
            bytes: body.length,
            gzip: gzipSize(body),
          }),
          // A redirect has no body; what it leads to is weighed as its own response.
          () => undefined,
        ),
      );
    });
    await page.goto(url, { waitUntil: 'networkidle' });
    const transfers = (await Promise.all(pending)).filter((t): t is Transfer => t !== undefined);
    const html = await page.content();
    const inlineJs = inlineScripts(html).reduce((sum, s) => sum + gzipSize(s), 0);
    const sum = (kind?: TransferKind) =>
      transfers
        .filter((t) => kind === undefined || t.kind === kind)
        .reduce((s, t) => s + t.gzip, 0);
    return {
      path,
      transfers,
      inlineJs,
      total: sum(),
      js: sum('js') + inlineJs,
      fonts: transfers.filter((t) => t.kind === 'font').map((t) => t.url),
    };
  } finally {
    await context.close();
  }
}

const kb = (bytes: number) => (bytes / 1000).toFixed(1);

/** A plain-text table of the weights, in kB (1 kB = 1000 bytes) of gzip. */
export function weightTable(weights: PageWeight[], title = 'Payer page weights'): string {
  const kinds: TransferKind[] = ['html', 'css', 'js', 'font', 'image', 'other'];
  const header = ['page', 'requests', ...kinds, 'inline js', 'JS total', 'total'];
  const rows = weights.map((w) => [
    w.path,
    String(w.transfers.length),
    ...kinds.map((k) =>
      kb(w.transfers.filter((t) => t.kind === k).reduce((s, t) => s + t.gzip, 0)),
    ),
    kb(w.inlineJs),
    kb(w.js),
    kb(w.total),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ');
  return [
    `${title}, kB gzip (level 9) per page, fresh cache:`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ].join('\n');
}
