// Its own runtime: it reads the runtime's log output, at DEBUG level.
import { describe, expect, it } from 'vitest';
import { caseRequest, postJson, residentId } from '#test/fixtures/cases.ts';
import { ownRuntime } from '#test/fixtures/integration.ts';
import { eventually } from '#test/fixtures/runtime.ts';
import { act, staffGet, tokenFor } from '#test/fixtures/staff.ts';

// Every log line the functions write, at the most talkative level.
const rt = ownRuntime({
  env: { LOG_LEVEL: 'DEBUG', POWERTOOLS_LOG_LEVEL: 'DEBUG' },
  demoAccounts: true,
});

describe('personal data in logs', () => {
  it('never logs names, ID numbers, phones or dispute text during a whole journey, errors included', async () => {
    const name = '欧阳秀英';
    const idNumber = residentId();
    const phone = '13987654321';
    const description = '单位把我的缴费基数报成了最低档，和工资条不一致';
    const answer = '经核查，单位申报有误，已责令更正';
    const created = await postJson(
      `${rt.url}/api/cases`,
      caseRequest({ payer: { kind: 'person', name, idNumber, phone }, description }),
    );
    const { caseNumber, accessCode } = created.json as { caseNumber: string; accessCode: string };
    await eventually(async () =>
      (await rt.store.get(caseNumber))?.status === 'assigned' ? true : undefined,
    );
    await staffGet(rt, `/api/staff/cases/${caseNumber}`, await tokenFor(rt, 'tax.staff'));
    await act(rt, 'tax.staff', caseNumber, { type: 'sign-for' });
    await act(rt, 'tax.staff', caseNumber, { type: 'note', note: `已电话联系${name}` });
    await act(rt, 'tax.staff', caseNumber, { type: 'respond', answer });
    await postJson(
      `${rt.url}/api/cases/${caseNumber}/decision`,
      { decision: 'object', route: 'litigation', comment: description },
      { 'x-access-code': accessCode },
    );
    // Bad input that echoes personal data back must not log it either.
    await postJson(`${rt.url}/api/cases`, {
      payer: { kind: 'person', name, idNumber: `${idNumber}9`, phone },
      description,
      consent: false,
    });
    await fetch(`${rt.url}/api/cases/${caseNumber}`, {
      headers: { 'x-access-code': 'AAAAAAAAAAAA' },
    });

    // The same words through the browser forms (issue 6), accepted and refused.
    const form = (path: string, fields: Record<string, string>, cookie = '') =>
      fetch(`${rt.url}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'text/html',
          ...(cookie ? { cookie } : {}),
        },
        body: new URLSearchParams(fields).toString(),
      });
    const step = await form('/api/payer/apply-payer', {
      start: 'new',
      'payer.kind': 'person',
      'payer.name': name,
      'payer.idNumber': idNumber,
      'payer.phone': '1398765',
    });
    // Kept as typed, the errors shown on the page the 303 leads to
    expect(step.status).toBe(303);
    expect(step.headers.get('location')).toBe('/api/payer/apply-payer?check=1');
    const draft = step.headers.getSetCookie()[0]?.split(';')[0] ?? '';
    expect((await form('/api/payer/apply-description', { description }, draft)).status).toBe(303);
    const noConsent = await form('/api/cases', {
      'payer.kind': 'person',
      'payer.name': name,
      'payer.idNumber': idNumber,
      'payer.phone': phone,
      description,
    });
    expect(noConsent.status).toBe(400);
    const lookUp = await form('/api/payer/status', { caseNumber, accessCode });
    expect(lookUp.status).toBe(303);
    // As a browser: the look-up's cookie, and the survey page's own form with its token.
    const cookie = lookUp.headers.getSetCookie()[0]?.split(';')[0] ?? '';
    const page = await fetch(`${rt.url}/api/payer/survey`, { headers: { cookie } });
    const csrf = /name="csrf" value="([\w-]+)"/.exec(await page.text())?.[1] ?? '';
    expect(csrf).not.toBe('');
    const survey = await form(
      `/api/cases/${caseNumber}/survey`,
      { result: 'dissatisfied', comment: description, csrf },
      cookie,
    );
    expect(survey.status).toBe(303);

    const logs = rt.output();
    expect(logs).toContain(caseNumber); // the logs are there, and they name the case
    for (const secret of [name, idNumber, phone, description, answer, accessCode]) {
      expect(logs.includes(secret), `log contains ${secret}`).toBe(false);
    }
  });
});
