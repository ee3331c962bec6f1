import { beforeAll, describe, expect, it } from 'vitest';
import { caseRequest, postJson } from '#test/fixtures/cases.ts';
import { eventually, sharedRuntime } from '#test/fixtures/runtime.ts';
import { addDemoAccounts, staffGet, staffPost, tokenFor } from '#test/fixtures/staff.ts';

const rt = sharedRuntime();
let caseNumber: string;

beforeAll(async () => {
  await addDemoAccounts(rt);
  const created = await postJson(`${rt.url}/api/cases`, caseRequest());
  caseNumber = String(created.json.caseNumber);
  await eventually(async () =>
    (await rt.store.get(caseNumber))?.status === 'assigned' ? true : undefined,
  );
});

const pdf = Buffer.from('%PDF-1.4\n% 受理登记表扫描件\n');

async function attach(user: string, body: Record<string, unknown>) {
  return staffPost(
    rt,
    `/api/staff/cases/${caseNumber}/attachments`,
    body,
    await tokenFor(rt, user),
  );
}

describe('attachments', () => {
  it('uploads a document through its signed URL and serves it back only to those who may see the case', async () => {
    // Act: record, upload, fetch a download link, download
    const added = await attach('tax.staff', {
      name: '登记表扫描件.pdf',
      contentType: 'application/pdf',
      size: pdf.length,
    });
    expect(added.status).toBe(201);
    const { attachment, upload } = added.json as {
      attachment: { id: string };
      upload: { url: string; method: string; headers: Record<string, string> };
    };
    const put = await fetch(`${rt.url}${upload.url}`, {
      method: 'PUT',
      headers: upload.headers,
      body: pdf,
    });
    expect(put.status).toBe(200);
    const link = await staffGet(
      rt,
      `/api/staff/cases/${caseNumber}/attachments/${attachment.id}`,
      await tokenFor(rt, 'office.staff'),
    );
    expect(link.status).toBe(200);
    const download = await fetch(`${rt.url}${link.json.url}`);

    // Assess
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
    expect(download.headers.get('content-disposition')).toContain(
      encodeURIComponent('登记表扫描件.pdf'),
    );
    // Kept by no cache, as every page with personal data (a privacy review, 2026-12-05)
    expect(download.headers.get('cache-control')).toBe('no-store');
    // The link's type and name are signed (issue 16): edited, it serves nothing.
    const link2 = String(link.json.url);
    const asHtml = await fetch(`${rt.url}${link2.replace(/type=[^&]+/, 'type=text%2Fhtml')}`);
    const renamed = await fetch(`${rt.url}${link2.replace(/name=[^&]+/, 'name=evil.html')}`);
    const broken = await fetch(
      `${rt.url}${link2.replace(/type=[^&]+/, 'type=text%2Fhtml%0D%0AX-A%3A%201')}`,
    );
    expect([asHtml.status, renamed.status, broken.status]).toEqual([403, 403, 403]);
    const view = await staffGet(
      rt,
      `/api/staff/cases/${caseNumber}`,
      await tokenFor(rt, 'tax.staff'),
    );
    expect(view.json.attachments).toEqual([
      expect.objectContaining({ id: attachment.id, uploadedBy: 'tax.staff' }),
    ]);
    const other = await staffGet(
      rt,
      `/api/staff/cases/${caseNumber}/attachments/${attachment.id}`,
      await tokenFor(rt, 'medical.staff'),
    );
    expect(other.status).toBe(404);
    expect(other.json.url).toBeUndefined();
    // Leaders and administrators, who see every case masked and act on no case's file, neither
    // open the file nor read its name, which may name the payer (a privacy review, 2026-12-05):
    // its count only.
    for (const user of ['leader', 'admin']) {
      const token = await tokenFor(rt, user);
      const refused = await staffGet(
        rt,
        `/api/staff/cases/${caseNumber}/attachments/${attachment.id}`,
        token,
      );
      expect(refused.status, user).toBe(403);
      expect(refused.json.url, user).toBeUndefined();
      const masked = await staffGet(rt, `/api/staff/cases/${caseNumber}`, token);
      expect(masked.json, user).toMatchObject({ masked: true, attachments: [], filesWithheld: 1 });
      expect(JSON.stringify(masked.json), user).not.toContain('登记表扫描件');
    }
  });

  it('refuses a name no header can carry, naming the field, and records nothing', async () => {
    const before = (await rt.store.get(caseNumber))?.attachments?.length ?? 0;
    const refused = await attach('tax.staff', {
      name: 'scan\ud800.pdf',
      contentType: 'application/pdf',
      size: pdf.length,
    });
    expect(refused.status).toBe(400);
    expect(refused.json.errors).toEqual([
      expect.objectContaining({
        pointer: '/name',
        detail: '文件名里有无法识别的字符，请给文件改名后再上传',
      }),
    ]);
    expect((await rt.store.get(caseNumber))?.attachments?.length ?? 0).toBe(before);
  });

  it('refuses a tampered URL, a body other than the signed one, and a unit that may not act', async () => {
    const added = await attach('tax.staff', {
      name: 'a.pdf',
      contentType: 'application/pdf',
      size: pdf.length,
    });
    const { upload } = added.json as { upload: { url: string; headers: Record<string, string> } };

    const tampered = await fetch(`${rt.url}${upload.url.replace('size=', 'size=9')}`, {
      method: 'PUT',
      headers: upload.headers,
      body: pdf,
    });
    // The signed headers but another type: refused for the type, not for a missing header
    const wrongType = await fetch(`${rt.url}${upload.url}`, {
      method: 'PUT',
      headers: { ...upload.headers, 'content-type': 'video/mp4' },
      body: pdf,
    });
    const longer = await fetch(`${rt.url}${upload.url}`, {
      method: 'PUT',
      headers: upload.headers,
      body: Buffer.concat([pdf, pdf]),
    });
    // The name to download under is a signed header, as in S3: left out or changed, refused
    const { 'content-disposition': _, ...unnamed } = upload.headers;
    const noName = await fetch(`${rt.url}${upload.url}`, {
      method: 'PUT',
      headers: unnamed,
      body: pdf,
    });
    // …and so is If-None-Match: a PUT without it would replace a file in S3, which refuses it
    const { 'if-none-match': __, ...unconditional } = upload.headers;
    const overwriting = await fetch(`${rt.url}${upload.url}`, {
      method: 'PUT',
      headers: unconditional,
      body: pdf,
    });
    const renamed = await fetch(`${rt.url}${upload.url}`, {
      method: 'PUT',
      headers: { ...upload.headers, 'content-disposition': "attachment; filename*=UTF-8''b.html" },
      body: pdf,
    });
    const notTheirs = await attach('medical.staff', {
      name: 'x.pdf',
      contentType: 'application/pdf',
      size: 10,
    });

    expect(tampered.status).toBe(403);
    expect(wrongType.status).toBe(403);
    expect(await wrongType.json()).toEqual({
      message: 'content-type does not match the signed one',
    });
    expect(longer.status).toBe(403);
    expect([noName.status, renamed.status, overwriting.status]).toEqual([403, 403, 403]);
    expect(notTheirs.status).toBe(404);
  });

  it('takes an upload link once: a second PUT with the same signature is refused and the first file kept', async () => {
    // Prepare: a document recorded and uploaded through its link
    const added = await attach('tax.staff', {
      name: '一次性.pdf',
      contentType: 'application/pdf',
      size: pdf.length,
    });
    const { attachment, upload } = added.json as {
      attachment: { id: string };
      upload: { url: string; headers: Record<string, string> };
    };
    const first = await fetch(`${rt.url}${upload.url}`, {
      method: 'PUT',
      headers: upload.headers,
      body: pdf,
    });
    expect(first.status).toBe(200);

    // Act: the same link again, with another body of the signed type and size (issue 16)
    const replacement = Buffer.alloc(pdf.length, 0x41);
    const again = await fetch(`${rt.url}${upload.url}`, {
      method: 'PUT',
      headers: upload.headers,
      body: replacement,
    });

    // Assess: 412, as S3 answers a conditional write where a file is (s3-upload.test.ts), and
    // the document served is still the first one
    expect(again.status).toBe(412);
    expect(((await again.json()) as { message: string }).message).toMatch(/already used/);
    const link = await staffGet(
      rt,
      `/api/staff/cases/${caseNumber}/attachments/${attachment.id}`,
      await tokenFor(rt, 'tax.staff'),
    );
    const download = await fetch(`${rt.url}${link.json.url}`);
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
  });

  it('names a type or size that is not allowed', async () => {
    const exe = await attach('tax.staff', {
      name: 'a.exe',
      contentType: 'application/x-msdownload',
      size: 10,
    });
    const huge = await attach('tax.staff', {
      name: 'v.mp4',
      contentType: 'video/mp4',
      size: 600 * 1024 * 1024,
    });

    expect(exe.status).toBe(400);
    expect((exe.json.errors as { pointer: string }[])[0]?.pointer).toBe('/contentType');
    expect(huge.status).toBe(400);
    expect((huge.json.errors as { pointer: string; detail: string }[])[0]).toMatchObject({
      pointer: '/size',
      detail: expect.stringContaining('500 MB'),
    });
  });
});
