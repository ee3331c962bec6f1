import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { attachmentStore } from '#adapters/attachment-store.ts';
import { ATTACHMENTS_BUCKET_ENV } from '#functions/manifest.ts';

// The store as a deployed function builds it: ATTACHMENTS unset means S3, the bucket and region
// from the environment. Presigning is local computation: nothing here reaches the network.
beforeEach(() => {
  vi.stubEnv('ATTACHMENTS', 's3');
  vi.stubEnv(ATTACHMENTS_BUCKET_ENV, 'si-disputes-dev-attachments');
  vi.stubEnv('AWS_REGION', 'cn-northwest-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'not-a-secret');
  vi.stubEnv('AWS_SESSION_TOKEN', '');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the S3 attachment store', () => {
  it('presigns an upload without a checksum of the empty body it was signed with', async () => {
    // Act
    const { url, headers } = await attachmentStore().uploadUrl(
      'cases/2026-000001/0a1b2c',
      'application/pdf',
      2048,
      '王小明身份证.pdf',
    );

    // Assess: S3 would compare a signed CRC32 with the browser's real file and refuse it.
    const query = new URL(url).searchParams;
    const names = [...query.keys()].map((name) => name.toLowerCase());
    expect(names).not.toContain('x-amz-checksum-crc32');
    expect(names).not.toContain('x-amz-sdk-checksum-algorithm');
    expect(names.filter((name) => name.startsWith('x-amz-checksum-'))).toEqual([]);
    // Still a signed PUT of exactly this type and size, as the browser will send it.
    expect(query.get('X-Amz-SignedHeaders')).toBe(
      'content-disposition;content-length;content-type;host;if-none-match',
    );
    expect(query.get('x-id')).toBe('PutObject');
    expect(new URL(url).host).toBe(
      'si-disputes-dev-attachments.s3.cn-northwest-1.amazonaws.com.cn',
    );
    // …and only where no file is yet: the link works once.
    expect(headers).toEqual({
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent('王小明身份证.pdf')}`,
      'if-none-match': '*',
    });
    // The name, which may name the payer, is a signed header: in neither URL, which S3's access
    // logs keep (a privacy review, 2026-12-05); the download is kept by no cache.
    expect(decodeURIComponent(url)).not.toContain('王小明');
    const download = await attachmentStore().downloadUrl(
      'cases/2026-000001/0a1b2c',
      '王小明身份证.pdf',
      'application/pdf',
    );
    expect(decodeURIComponent(download)).not.toContain('王小明');
    expect(new URL(download).searchParams.get('response-cache-control')).toBe('no-store');
  });
});
