// Its own runtime: its clock moves through LOCAL_CLOCK_FILE.
/**
 * The retention sweep on the real local stack: DynamoDB Local, the attachment files under
 * DATA_DIR, the clock driven through LOCAL_CLOCK_FILE and the schedule run through
 * POST /local/schedules/retention-sweep (docs/decisions.md, "Retention (issue 7)").
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dynamoAggregates } from '#adapters/aggregate-store.ts';
import { ids } from '#adapters/ids.ts';
import { dynamoRetentionStore } from '#adapters/retention-store.ts';
import type { CaseRecord } from '#core/case.ts';
import { type DailyCounter, partyCounters } from '#core/retention.ts';
import { involvement } from '#core/work.ts';
import { TABLE_NAME } from '#functions/manifest.ts';
import { caseRequest, postJson } from '#test/fixtures/cases.ts';
import { ownRuntime, shanghaiClock } from '#test/fixtures/integration.ts';
import { eventually, inInbox } from '#test/fixtures/runtime.ts';
import { act, runSchedule, staffPost, tokenFor } from '#test/fixtures/staff.ts';

const clock = shanghaiClock('2026-03-02T10:00:00');
const rt = ownRuntime({ env: clock.env, demoAccounts: true });

interface SweepSummary {
  years: number;
  deleted: number;
  caseNumbers: string[];
  files: number;
  items: number;
  kept: unknown[];
  failed: string[];
  more: boolean;
}

async function sweep(): Promise<SweepSummary> {
  const res = await runSchedule(rt, 'retention-sweep');
  expect(res.status).toBe(200);
  return (await res.json()) as SweepSummary;
}

const pdf = Buffer.from('%PDF-1.4\n% 缴费基数核定通知书扫描件\n');

/** Files a case at the clock's time, waits for the tax inbox, and attaches a PDF to it. */
async function fileWithAttachment() {
  const created = await postJson(`${rt.url}/api/cases`, caseRequest());
  expect(created.status).toBe(201);
  const caseNumber = String(created.json.caseNumber);
  const accessCode = String(created.json.accessCode);
  await eventually(() => inInbox(rt.store, 'tax', caseNumber));
  const added = await staffPost(
    rt,
    `/api/staff/cases/${caseNumber}/attachments`,
    { name: '核定通知书.pdf', contentType: 'application/pdf', size: pdf.length },
    await tokenFor(rt, 'tax.staff'),
  );
  expect(added.status).toBe(201);
  const { attachment, upload } = added.json as {
    attachment: { id: string };
    upload: { url: string; headers: Record<string, string> };
  };
  const put = await fetch(`${rt.url}${upload.url}`, {
    method: 'PUT',
    headers: upload.headers,
    body: pdf,
  });
  expect(put.status).toBe(200);
  const file = join(rt.dataDir, 'attachments', 'cases', caseNumber, attachment.id);
  expect(existsSync(file)).toBe(true);
  return { caseNumber, accessCode, file };
}

/**
 * Answers the case, takes the payer's survey (the follow-up is done) and acceptance; the unit
 * then archives it.
 */
async function answerAndArchive(caseNumber: string, accessCode: string) {
  expect((await act(rt, 'tax.staff', caseNumber, { type: 'sign-for' })).status).toBe(200);
  const answered = await act(rt, 'tax.staff', caseNumber, { type: 'respond', answer: '已核实。' });
  expect(answered.status).toBe(200);
  const survey = await postJson(
    `${rt.url}/api/cases/${caseNumber}/survey`,
    { result: 'satisfied' },
    { 'x-access-code': accessCode },
  );
  expect(survey.status).toBe(200);
  const accepted = await postJson(
    `${rt.url}/api/cases/${caseNumber}/decision`,
    { decision: 'accept' },
    { 'x-access-code': accessCode },
  );
  expect(accepted.status).toBe(200);
  expect((await act(rt, 'tax.staff', caseNumber, { type: 'archive' })).status).toBe(200);
  expect((await rt.store.get(caseNumber))?.status).toBe('archived');
}

/** The case's record, timeline and file, to compare before and after a sweep. */
async function snapshot(caseNumber: string, file: string) {
  return {
    record: await rt.store.get(caseNumber),
    timeline: await rt.store.timeline(caseNumber),
    file: existsSync(file),
  };
}

describe('the retention sweep on the local stack', () => {
  it('deletes an archived case with its timeline, file and payer counter once its ten years have run, and nothing else', async () => {
    // Prepare: archived in 2026; another archived in 2027; one never archived.
    clock.set('2026-03-02T10:00:00');
    const old = await fileWithAttachment();
    const open = await fileWithAttachment();
    clock.set('2026-03-05T10:00:00');
    await answerAndArchive(old.caseNumber, old.accessCode);
    clock.set('2027-01-04T10:00:00');
    const recent = await fileWithAttachment();
    await answerAndArchive(recent.caseNumber, recent.accessCode);
    const oldRecord = (await rt.store.get(old.caseNumber)) as CaseRecord;
    const counter = partyCounters(oldRecord, ids)[0] as DailyCounter;
    const counterKey = `${counter.stat}#${counter.key}`;
    const aggregates = dynamoAggregates(rt.db, TABLE_NAME);
    expect((await aggregates.sum(counter.day, counter.day)).get(counterKey)?.n).toBe(1);
    const oldTimeline = await rt.store.timeline(old.caseNumber);
    expect(oldTimeline.length).toBeGreaterThan(3);

    // Act and assess: the last minute of the tenth year changes nothing
    clock.set('2036-12-31T23:59:00');
    const before = {
      old: await snapshot(old.caseNumber, old.file),
      recent: await snapshot(recent.caseNumber, recent.file),
    };
    const early = await sweep();
    expect(early).toMatchObject({ years: 10, deleted: 0, failed: [], more: false });
    expect(await snapshot(old.caseNumber, old.file)).toEqual(before.old);
    expect(await snapshot(recent.caseNumber, recent.file)).toEqual(before.recent);

    const oldWork = oldRecord.work ?? [];
    const oldUnits = involvement(oldRecord).size;
    expect(oldWork.length).toBeGreaterThanOrEqual(4); // sign-for, answer, follow-up, archive

    // Act: the night after New Year 2037 in Shanghai
    clock.set('2037-01-01T03:17:00');
    const out = await sweep();

    // Assess: the old case is gone, whole
    expect(out).toMatchObject({
      deleted: 1,
      caseNumbers: [old.caseNumber],
      files: 1,
      // Its timeline, its payer counter, its work items and the units' involvements.
      items: oldTimeline.length + 1 + oldWork.length + oldUnits,
      failed: [],
      more: false,
    });
    expect(await rt.store.get(old.caseNumber)).toBeUndefined();
    expect(await rt.store.timeline(old.caseNumber)).toEqual([]);
    expect(existsSync(old.file)).toBe(false);
    expect(existsSync(join(rt.dataDir, 'attachments', 'cases', old.caseNumber))).toBe(false);
    expect((await aggregates.sum(counter.day, counter.day)).has(counterKey)).toBe(false);
    // …the day's other counters, which name no one, are kept for the reports
    expect((await aggregates.sum(counter.day, counter.day)).get('received#all')?.n).toBe(2);
    const status = await fetch(`${rt.url}/api/cases/${old.caseNumber}`, {
      headers: { 'x-access-code': old.accessCode },
    });
    expect(status.status).toBe(404);
    const register = await dynamoRetentionStore(rt.db, TABLE_NAME).deletions(2037);
    expect(register).toEqual([
      {
        caseNumber: old.caseNumber,
        closedOn: '2026-03-05',
        deletedAt: new Date('2037-01-01T03:17:00+08:00').toISOString(),
        years: 10,
        files: 1,
        // Its timeline, its payer counter, its work items and the units' involvements.
        items: oldTimeline.length + 1 + oldWork.length + oldUnits,
      },
    ]);

    // …the case archived in 2027 is untouched
    expect(await snapshot(recent.caseNumber, recent.file)).toEqual(before.recent);

    // …the case never archived keeps its record, its timeline and its file
    const openRecord = await rt.store.get(open.caseNumber);
    expect(openRecord?.status).toBe('assigned');
    expect((await rt.store.timeline(open.caseNumber)).length).toBeGreaterThan(0);
    expect(existsSync(open.file)).toBe(true);

    // A second run is harmless
    const again = await sweep();
    expect(again).toMatchObject({ deleted: 0, caseNumbers: [], failed: [] });
    // (the hourly supervision sweep may chase the open case meanwhile: its state is compared)
    expect((await rt.store.get(open.caseNumber))?.status).toBe('assigned');
    expect(existsSync(open.file)).toBe(true);
    expect(await snapshot(recent.caseNumber, recent.file)).toEqual(before.recent);
    expect(await dynamoRetentionStore(rt.db, TABLE_NAME).deletions(2037)).toEqual(register);
  });
});
