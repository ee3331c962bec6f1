/**
 * The Chromium the suite drives (test/fixtures/browser.ts): Chromium keeps only the last
 * `--disable-features` it is given, so the suite's own list replaces playwright's. This keeps the
 * two in step: a playwright upgrade that disables a new feature fails here, not somewhere later as
 * a browser that behaves differently.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, launchChromium } from '#test/fixtures/browser.ts';

let browser: Browser | undefined;
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

/**
 * The command line of the browser this process started (not a renderer or helper): the process
 * below this one, perhaps under Debian's wrapper script, that holds playwright's pipe.
 */
function browserCommandLine(): string[] {
  const parents = new Map<number, number>();
  const commandLines = new Map<number, string[]>();
  for (const pid of readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parents.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      commandLines.set(pid, readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'));
    } catch {
      // A process that ended while the list was read.
    }
  }
  const below = (pid: number): boolean => {
    const parent = parents.get(pid);
    return parent === process.pid || (parent !== undefined && parent > 1 && below(parent));
  };
  for (const [pid, args] of commandLines) {
    const isBrowser =
      args.includes('--remote-debugging-pipe') &&
      !args.some((a) => a.startsWith('--type=')) &&
      !/(^|\/)(ba|da)?sh$/.test(args[0] ?? '');
    if (isBrowser && below(pid)) return args;
  }
  throw new Error(`no ${CHROMIUM} started by this process`);
}

/** The features a command line disables, from each of its `--disable-features` switches. */
function disabledFeatures(args: string[]): string[][] {
  return args
    .filter((a) => a.startsWith('--disable-features='))
    .map((a) => a.slice('--disable-features='.length).split(','));
}

describe('the Chromium of the browser tests', () => {
  it('disables every feature playwright disables, and RenderDocument, in the switch Chromium reads', async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const playwrights = disabledFeatures(browserCommandLine());
    expect(playwrights).toHaveLength(1);
    await browser.close();

    browser = await launchChromium();
    const ours = disabledFeatures(browserCommandLine());
    // Playwright's switch first, then the suite's: the last is the one Chromium keeps.
    expect(ours).toHaveLength(2);
    const kept = ours.at(-1) ?? [];
    expect(kept).toEqual(expect.arrayContaining(playwrights[0] ?? ['(none)']));
    expect(kept).toContain('RenderDocument');
    expect(browserCommandLine()).toEqual(expect.arrayContaining(CHROMIUM_ARGS));
  });
});
