/**
 * The administrator's page of dead letters (issue 7), in Chromium with JavaScript off (issue 11):
 * a message that failed five times is listed by its case number and sent back to its queue with
 * one form; other staff have no link to it and are refused by the page. Axe with JavaScript on.
 */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { readRuntimeInfo } from '#local/runtime-info.ts';
import { useBrowserRuntime } from '#test/fixtures/e2e.ts';
import { untilDeadLetters } from '#test/fixtures/health.ts';
import { axeViolations, signedIn, textOf } from './staff-pages.ts';

// A runtime of its own: retries a second apart, so that five receives take seconds; and the test
// counts the whole dead-letter queue.
const e2e = useBrowserRuntime({ own: { env: { LOCAL_VISIBILITY_SECONDS: '1' } } });

describe('the dead-letter page', () => {
  it('shows the administrator the failed message and re-drives it; other staff have no link', async () => {
    // Prepare: a message for a case that does not exist, which fails until it is a dead letter
    const taxQueue = readRuntimeInfo(e2e.rt.dataDir).queueUrls.tax;
    await e2e.rt.sqs.send(
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
    await untilDeadLetters(e2e.rt, 'tax', 1, 30_000);

    // Act: the administrator opens the page from the staff menu
    const admin = await signedIn(e2e.browser, e2e.rt, 'admin', { javaScript: false });
    await Promise.all([
      admin.waitForURL((url) => url.pathname === '/staff/dead-letters'),
      admin.click('.staff-nav a[href="/staff/dead-letters"]'),
    ]);
    const row = admin.locator('[data-testid=dead-letters] tr[data-unit="tax"]');

    // Assess: the tax bureau's row with the case number and how often it was tried
    expect(await textOf(row)).toMatch(/旗税务局\s*1\s*2026-999998（收取 \d+ 次）/);

    // Act: re-drive, a form post answered by the page again
    await Promise.all([
      admin.waitForURL((url) => url.searchParams.get('redriven') === 'tax'),
      row.getByRole('button', { name: /重新投递/ }).click(),
    ]);

    // Assess: told what happened; the message went back to the queue (and, still poison, returns)
    expect(await textOf(admin.getByTestId('redriven'))).toContain(
      '已把旗税务局的 1 条消息放回队列',
    );
    await untilDeadLetters(e2e.rt, 'tax', 1, 30_000);

    // Assess: axe, with JavaScript on, over the page with its row and its banner
    const checked = await signedIn(e2e.browser, e2e.rt, 'admin');
    await checked.goto(admin.url());
    await checked.getByTestId('dead-letters').waitFor();
    expect(await axeViolations(checked)).toEqual([]);

    // Assess: a unit's staff has no link, and the page itself refuses them
    const staff = await signedIn(e2e.browser, e2e.rt, 'tax.staff', { javaScript: false });
    await staff.getByTestId('staff-user').waitFor();
    expect(await staff.locator('a[href="/staff/dead-letters"]').count()).toBe(0);
    const refused = await staff.goto(`${e2e.rt.url}/staff/dead-letters`);
    expect(refused?.status()).toBe(403);
    expect(await textOf(staff.getByTestId('message-detail'))).toContain('只有系统管理员可以查看');
    await admin.context().close();
    await checked.context().close();
    await staff.context().close();
  });
});
