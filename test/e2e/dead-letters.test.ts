/**
 * The administrator's page of dead letters (issue 7): a message that failed five times is listed
 * by its case number and sent back to its queue with one button; other staff have no link to it.
 */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '#test/fixtures/browser.ts';
import {
  eventually,
  removeDataDir,
  startTestRuntime,
  type TestRuntime,
} from '#test/fixtures/runtime.ts';
import { addDemoAccounts } from '#test/fixtures/staff.ts';
import { axeViolations, personIn, signIn, textOf } from './staff-pages.ts';

let rt: TestRuntime;
let browser: Browser;

beforeAll(async () => {
  // Retries a second apart, so that five receives take seconds.
  [rt, browser] = await Promise.all([
    startTestRuntime({ env: { LOCAL_VISIBILITY_SECONDS: '1' } }),
    launchChromium(),
  ]);
  await addDemoAccounts(rt);
});

afterAll(async () => {
  await browser?.close();
  await rt?.stop();
  if (rt) removeDataDir(rt.dataDir);
});

const taxDeadLetters = async () =>
  (
    (await (await fetch(`${rt.url}/api/health`)).json()) as {
      deadLetterDepth: Record<string, number>;
    }
  ).deadLetterDepth.tax ?? 0;

describe('the dead-letter page', () => {
  it('shows the administrator the failed message and re-drives it; other staff have no link', async () => {
    // Prepare: a message for a case that does not exist, which fails until it is a dead letter
    const runtime = (await import('node:fs')).readFileSync(`${rt.dataDir}/runtime.json`, 'utf8');
    const taxQueue = (JSON.parse(runtime) as { queueUrls: Record<string, string> }).queueUrls.tax;
    await rt.sqs.send(
      new SendMessageCommand({
        QueueUrl: taxQueue,
        MessageBody: JSON.stringify({
          v: 1,
          type: 'case.routed',
          caseNumber: '2026-999998',
          unit: 'tax',
        }),
      }),
    );
    await eventually(async () => ((await taxDeadLetters()) === 1 ? true : undefined), 30_000);

    // Act: the administrator opens the page from the staff menu
    const admin = await personIn(browser);
    await signIn(admin, rt, 'admin');
    await admin.click('a[href="/staff/dead-letters/"]');
    const row = admin.locator('[data-testid=dead-letters] tr[data-unit="tax"]');

    // Assess: the tax bureau's row with the case number and how often it was tried
    expect(await textOf(row)).toMatch(/旗税务局\s*1\s*2026-999998（收取 \d+ 次）/);
    expect(await axeViolations(admin)).toEqual([]);

    // Act: re-drive
    await row.getByRole('button', { name: /重新投递/ }).click();

    // Assess: told what happened; the message went back to the queue (and, still poison, returns)
    expect(await textOf(admin.locator('#redriven'))).toContain('已把旗税务局的 1 条消息放回队列');
    expect(await axeViolations(admin)).toEqual([]);
    await eventually(async () => ((await taxDeadLetters()) === 1 ? true : undefined), 30_000);

    // Assess: a unit's staff has no link, and the page itself refuses them
    const staff = await personIn(browser);
    await signIn(staff, rt, 'tax.staff');
    expect(await staff.locator('a[href="/staff/dead-letters/"]').isVisible()).toBe(false);
    await staff.goto(`${rt.url}/staff/dead-letters/`);
    expect(await textOf(staff.locator('#error-summary'))).toContain('只有系统管理员可以查看');
    await admin.context().close();
    await staff.context().close();
  });
});
