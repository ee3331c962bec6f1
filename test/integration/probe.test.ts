/**
 * Findings of the security probe of issue 16, each reproduced as it was found:
 * - a report of a period far in the future froze the whole local runtime for about 170 s (the day
 *   loop compared date strings past year 9999): the period is now refused before any loop runs,
 *   the sum of aggregates counts its days and has a bound, and intake and health keep answering;
 * - `GET //evil.example/..%2fstaff` was redirected to `//evil.example/..%2fstaff/`, another site;
 * - the local data files were readable by every user (DynamoDB Local's file 0644);
 * - `POST /local/schedules/{name}` ran reports and sweeps for anyone, even from a cross-site form;
 * - a write past DynamoDB's 400 KB item limit answered 500, and drafts of any size were stored.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { dynamoAggregates } from '#adapters/aggregate-store.ts';
import { RecordTooLargeError } from '#core/case.ts';
import { TABLE_NAME } from '#functions/manifest.ts';
import { caseRequest, postJson } from '#test/fixtures/cases.ts';
import { HttpBrowser } from '#test/fixtures/http-browser.ts';
import { sharedRuntimeWithAccounts } from '#test/fixtures/integration.ts';
import { notificationsDelivered } from '#test/fixtures/outbox.ts';
import {
  eventually,
  removeDataDir,
  startTestRuntime,
  type TestRuntime,
} from '#test/fixtures/runtime.ts';
import { staffPost, tokenFor } from '#test/fixtures/staff.ts';

const rt = sharedRuntimeWithAccounts();

describe('a report of year 9999', () => {
  it('is refused at /from and /to, and intake and health keep answering', async () => {
    // Act
    const report = await staffPost(
      rt,
      '/api/staff/reports',
      { from: '9999-12-01', to: '9999-12-31' },
      await tokenFor(rt, 'office.staff'),
    );
    const [health, intake] = await Promise.all([
      fetch(`${rt.url}/api/health`),
      postJson(`${rt.url}/api/cases`, caseRequest()),
    ]);

    // Assess
    expect(report.status).toBe(400);
    expect(report.json.errors).toEqual([
      { pointer: '/from', detail: '开始日期应在 2024 年至 2099 年之间' },
      { pointer: '/to', detail: '结束日期应在 2024 年至 2099 年之间' },
    ]);
    expect(health.status).toBe(200);
    expect(intake.status).toBe(201);
  });

  it('ends when summed directly: its 31 days, and a span of over a year is refused', async () => {
    // Prepare
    const aggregates = dynamoAggregates(rt.db, TABLE_NAME);

    // Act
    const december = await aggregates.sum('9999-12-01', '9999-12-31');
    const reversed = await aggregates.sum('2026-12-31', '2026-12-01');

    // Assess
    expect(december.size).toBe(0);
    expect(reversed.size).toBe(0);
    await expect(aggregates.sum('2025-01-01', '2026-12-31')).rejects.toThrow(/at most 367 days/);
  });
});

describe('the local gateway’s redirects', () => {
  it('never sends a browser to another site: the folder’s own path, one leading slash', async () => {
    // Act: as the probe sent it, the path kept as typed
    const res = await fetch(`${rt.url}//evil.example/..%2fstaff`, { redirect: 'manual' });
    const plain = await fetch(`${rt.url}/staff`, { redirect: 'manual' });

    // Assess
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/staff/');
    expect(plain.headers.get('location')).toBe('/staff/');
  });
});

describe('the local data', () => {
  // A runtime with its own DynamoDB Local, as `npm start` runs it: the suite's keeps its files in
  // the global set-up's folder, not in a runtime's DATA_DIR.
  let own: TestRuntime | undefined;
  afterAll(async () => {
    await own?.stop();
    if (own) removeDataDir(own.dataDir);
  });

  it('are readable by their owner alone: folders 0700, files 0600', async () => {
    // Prepare: something stored, and the outbox written (the filing receipt SMS)
    own = await startTestRuntime({ ownDynamoDb: true });
    expect((await postJson(`${own.url}/api/cases`, caseRequest())).status).toBe(201);
    await notificationsDelivered(own);

    // Act: every folder and file under the data folder
    const entries = readdirSync(own.dataDir, { recursive: true, withFileTypes: true });
    // A journal SQLite writes and removes at once may be gone by the time it is looked at.
    const modes = entries.flatMap((e) => {
      const path = join(e.parentPath, e.name);
      const mode = statSync(path, { throwIfNoEntry: false })?.mode;
      return mode === undefined ? [] : [{ path, mode: mode & 0o777, dir: e.isDirectory() }];
    });

    // Assess
    expect(statSync(own.dataDir).mode & 0o777).toBe(0o700);
    expect(modes.filter((m) => m.path.endsWith('.db')).length).toBeGreaterThan(0);
    for (const m of modes)
      expect({ path: m.path, mode: m.mode }).toEqual({ path: m.path, mode: m.dir ? 0o700 : 0o600 });
  });
});

describe('the local schedules route', () => {
  it('runs a schedule for the administrator’s script alone, never for a page or another account', async () => {
    // Prepare
    const url = `${rt.url}/local/schedules/supervision-sweep`;
    const admin = { authorization: `Bearer ${await tokenFor(rt, 'admin')}` };

    // Act
    const anonymous = await fetch(url, { method: 'POST' });
    const staff = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenFor(rt, 'tax.head')}` },
    });
    const crossSite = await fetch(url, {
      method: 'POST',
      headers: { ...admin, 'sec-fetch-site': 'cross-site' },
    });
    const script = await fetch(url, { method: 'POST', headers: admin });

    // Assess
    expect([anonymous.status, staff.status, crossSite.status]).toEqual([401, 403, 403]);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    expect(script.status).toBe(200);
  });
});

describe('writes past the store’s item limit', () => {
  it('refuse a draft of 300 KB with 413 and a page that says so, storing nothing', async () => {
    // Prepare: a payer who starts the form
    const browser = new HttpBrowser(rt.url);
    const start = await browser.request('/api/payer/apply-payer', {
      method: 'POST',
      form: { 'payer.kind': 'person', 'payer.name': '张三' },
    });
    expect(start.status).toBe(303);
    // The draft the browser holds, as stored: the refused step must leave it as it was.
    const draftId = /si_draft=([\w-]+)/.exec(browser.cookieHeader('/api/payer/'))?.[1];
    const draft = async () => {
      const key = { PK: `DRAFT#${draftId}`, SK: 'DRAFT' };
      return (await rt.db.send(new GetCommand({ TableName: TABLE_NAME, Key: key }))).Item;
    };
    const before = JSON.stringify(await draft());
    expect(before).toContain('张三');

    // Act
    const huge = await browser.request('/api/payer/apply-description', {
      method: 'POST',
      form: { description: '很'.repeat(100_000) },
    });

    // Assess: a page that says what happened, nothing stored
    expect(huge.status).toBe(413);
    expect(huge.text).toContain('内容太多，无法保存');
    expect(JSON.stringify(await draft())).toBe(before);
  });

  it('refuse a case grown past the limit before writing, leaving it as it was', async () => {
    // Prepare
    const created = await postJson(`${rt.url}/api/cases`, caseRequest());
    const caseNumber = String(created.json.caseNumber);
    // Once its inbox has it: the dispatch is the case's next write, and must not race this one.
    const current = await eventually(async () => {
      const stored = await rt.store.get(caseNumber);
      return stored && stored.status !== 'received' ? stored : undefined;
    });

    // Act
    const grown = rt.store.update(
      current,
      { description: '长'.repeat(130_000) },
      {
        caseNumber,
        seq: current.version + 1,
        at: new Date().toISOString(),
        transition: 'note',
        from: current.status,
        to: current.status,
        actor: { kind: 'system' },
        note: '测试',
      },
    );

    // Assess
    await expect(grown).rejects.toBeInstanceOf(RecordTooLargeError);
    expect((await rt.store.get(caseNumber))?.version).toBe(current.version);
  });
});
