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
 * The command lines of the browsers this process runs (not renderers or helpers), by process id:
 * the processes below this one, perhaps under Debian's wrapper script, that hold playwright's pipe.
 */
function browserCommandLines(): Map<number, string[]> {
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
  const looksLikeBrowser = (args: string[]) =>
    args.includes('--remote-debugging-pipe') &&
    !args.some((a) => a.startsWith('--type=')) &&
    !/(^|\/)(ba|da)?sh$/.test(args[0] ?? '');
  // A browser's own child, caught between its fork and its exec, still has the browser's command
  // line (a fresh run once saw two "browsers" for one launch): only the topmost one counts.
  const underBrowser = (pid: number): boolean => {
    const parent = parents.get(pid);
    if (parent === undefined || parent <= 1 || parent === process.pid) return false;
    return looksLikeBrowser(commandLines.get(parent) ?? []) || underBrowser(parent);
  };
  const browsers = new Map<number, string[]>();
  for (const [pid, args] of commandLines) {
    if (looksLikeBrowser(args) && below(pid) && !underBrowser(pid)) browsers.set(pid, args);
  }
  return browsers;
}

/** The command line of the one browser `launch` starts (another file's may still be running). */
async function launchedWith(launch: () => Promise<Browser>): Promise<string[]> {
  const before = browserCommandLines();
  browser = await launch();
  const started = [...browserCommandLines()].filter(([pid]) => !before.has(pid));
  expect(started, `browsers started by ${CHROMIUM}`).toHaveLength(1);
  return started[0]?.[1] ?? [];
}

/** The features a command line disables, from each of its `--disable-features` switches. */
function disabledFeatures(args: string[]): string[][] {
  return args
    .filter((a) => a.startsWith('--disable-features='))
    .map((a) => a.slice('--disable-features='.length).split(','));
}

describe('the Chromium of the browser tests', () => {
  it('disables every feature playwright disables, and RenderDocument, in the switch Chromium reads', async () => {
    const defaults = await launchedWith(() =>
      chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] }),
    );
    const playwrights = disabledFeatures(defaults);
    expect(playwrights).toHaveLength(1);
    await browser?.close();

    const args = await launchedWith(launchChromium);
    const ours = disabledFeatures(args);
    // Playwright's switch first, then the suite's: the last is the one Chromium keeps.
    expect(ours).toHaveLength(2);
    const kept = ours.at(-1) ?? [];
    expect(kept).toEqual(expect.arrayContaining(playwrights[0] ?? ['(none)']));
    expect(kept).toContain('RenderDocument');
    expect(args).toEqual(expect.arrayContaining(CHROMIUM_ARGS));
  });
});
