/**
 * A browser's upload to a presigned S3 URL, against the S3 of the local emulator (fauxqs).
 *
 * fauxqs stores what it is sent but checks no checksum, so it would take a URL that S3 refuses.
 * In front of it stand the two S3 rules at stake here: a PUT whose URL names a CRC32
 * (`x-amz-checksum-crc32`) must carry a body with that CRC32, or S3 answers 400 BadDigest; and a
 * PUT with `If-None-Match: *` where an object is already answers 412 (fauxqs ignores the header).
 */
import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import { crc32 } from 'node:zlib';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { attachmentStore } from '#adapters/attachment-store.ts';
import { ATTACHMENTS_BUCKET_ENV } from '#functions/manifest.ts';
import { type SqsEmulator, startSqsEmulator } from '#local/sqs.ts';

const BUCKET = 'si-disputes-test-attachments';
const REGION = 'us-east-1';
const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' };

let emulator: SqsEmulator;
let s3: Server;
let s3Url: string;
/** The Content-Disposition of the last PUT the front passed on. */
let sentDisposition: string | undefined;
/** What the emulator holds, read past the checking front. */
let direct: S3Client;

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The CRC32 as S3 writes it in `x-amz-checksum-crc32`: four big-endian bytes, base64. */
function crc32Base64(body: Buffer): string {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(crc32(body));
  return bytes.toString('base64');
}

beforeAll(async () => {
  emulator = await startSqsEmulator(0);
  const upstream = new URL(emulator.endpoint);
  s3 = createServer((req, res) => {
    void (async () => {
      const body = await bodyOf(req);
      const url = new URL(req.url ?? '/', 'http://s3.invalid');
      const signed = url.searchParams.get('x-amz-checksum-crc32');
      if (req.method === 'PUT' && signed !== null && signed !== crc32Base64(body)) {
        res.writeHead(400, { 'content-type': 'application/xml' });
        res.end(
          '<?xml version="1.0" encoding="UTF-8"?><Error><Code>BadDigest</Code>' +
            '<Message>The CRC32 you specified did not match the calculated checksum.</Message></Error>',
        );
        return;
      }
      // A conditional write (`If-None-Match: *`) where an object is: 412, as S3 answers it.
      const key = decodeURIComponent(url.pathname.split('/').slice(2).join('/'));
      if (
        req.method === 'PUT' &&
        req.headers['if-none-match'] === '*' &&
        (await direct.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key })).then(
          () => true,
          () => false,
        ))
      ) {
        res.writeHead(412, { 'content-type': 'application/xml' });
        res.end(
          '<?xml version="1.0" encoding="UTF-8"?><Error><Code>PreconditionFailed</Code>' +
            '<Message>At least one of the pre-conditions you specified did not hold</Message></Error>',
        );
        return;
      }
      if (req.method === 'PUT') sentDisposition = req.headers['content-disposition'];
      const forwarded = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forwarded.end(body);
    })();
  });
  await new Promise<void>((resolve) => s3.listen(0, '127.0.0.1', resolve));
  const address = s3.address();
  s3Url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  direct = new S3Client({
    endpoint: emulator.endpoint,
    region: REGION,
    credentials: CREDENTIALS,
    forcePathStyle: true,
  });
  await direct.send(new CreateBucketCommand({ Bucket: BUCKET }));
});

afterAll(async () => {
  await new Promise((resolve) => s3?.close(resolve));
  await emulator?.stop();
});

// The store as a deployed function builds it (ATTACHMENTS unset: S3), pointed at the emulator
// through the SDK's own endpoint variable, as the local runtime points DynamoDB and SQS.
beforeEach(() => {
  vi.stubEnv('ATTACHMENTS', 's3');
  vi.stubEnv(ATTACHMENTS_BUCKET_ENV, BUCKET);
  vi.stubEnv('AWS_REGION', REGION);
  vi.stubEnv('AWS_ENDPOINT_URL_S3', s3Url);
  vi.stubEnv('AWS_ACCESS_KEY_ID', CREDENTIALS.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', CREDENTIALS.secretAccessKey);
  vi.stubEnv('AWS_SESSION_TOKEN', '');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** A scanned form as a browser reads it from disk: real bytes, not an empty body. */
const scan = Buffer.concat([
  Buffer.from('%PDF-1.4\n% 受理登记表扫描件\n'),
  Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 31) % 256)),
]);

/** The upload link of the scan under `key`, named `name`, as the API hands it out. */
const uploadOf = (key: string, name: string) =>
  attachmentStore().uploadUrl(key, 'application/pdf', scan.length, name);

describe('an upload to a presigned S3 URL', () => {
  it('takes a browser’s PUT of a real file, with only the headers the API hands out', async () => {
    // Prepare
    const key = 'cases/2026-000001/scan';
    const { url, headers } = await uploadOf(key, '登记表扫描件.pdf');

    // Act: what the case page's upload script sends (fetch adds content-length itself)
    const put = await fetch(url, { method: 'PUT', headers, body: scan });

    // Assess: accepted, and stored byte for byte, readable through a download URL too
    expect(put.status, await put.clone().text()).toBe(200);
    const stored = await direct.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(Buffer.from((await stored.Body?.transformToByteArray()) ?? [])).toEqual(scan);
    expect(stored.ContentType).toBe('application/pdf');
    // The name goes with the PUT as a header, for S3 to keep with the file (fauxqs keeps no
    // Content-Disposition: the front in this file reads what was sent), not in either URL
    expect(sentDisposition).toBe(
      `attachment; filename*=UTF-8''${encodeURIComponent('登记表扫描件.pdf')}`,
    );
    expect(decodeURIComponent(url)).not.toContain('登记表扫描件');
    const link = await attachmentStore().downloadUrl(key, '登记表扫描件.pdf', 'application/pdf');
    expect(decodeURIComponent(link)).not.toContain('登记表扫描件');
    const download = await fetch(link);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(scan);
  });

  it('works once: a second PUT to the same link is refused and the first file stays', async () => {
    // Prepare: a file uploaded through its link
    const key = 'cases/2026-000001/once';
    const { url, headers } = await uploadOf(key, 'once.pdf');
    expect((await fetch(url, { method: 'PUT', headers, body: scan })).status).toBe(200);

    // Act: the same link again, with another file of the same type and size
    const other = Buffer.alloc(scan.length, 0x41);
    const again = await fetch(url, { method: 'PUT', headers, body: other });

    // Assess: S3's answer to a conditional write on a key that exists; the first file is kept
    expect(again.status).toBe(412);
    const stored = await direct.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(Buffer.from((await stored.Body?.transformToByteArray()) ?? [])).toEqual(scan);
  });

  it('is refused, as S3 refuses it, when the URL was signed with an empty body’s checksum', async () => {
    // Prepare: a client with the SDK's default checksum setting, as the store had before
    const key = 'cases/2026-000001/refused';
    const defaults = new S3Client({ region: REGION, credentials: CREDENTIALS, endpoint: s3Url });
    const url = await getSignedUrl(
      defaults,
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: key,
        ContentType: 'application/pdf',
        ContentLength: scan.length,
      }),
      { expiresIn: 900, signableHeaders: new Set(['content-type', 'content-length']) },
    );

    // Act
    const put = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/pdf' },
      body: scan,
    });

    // Assess: the check in front of the emulator is live, and nothing was stored
    expect(new URL(url).searchParams.get('x-amz-checksum-crc32')).toBe(
      crc32Base64(Buffer.alloc(0)),
    );
    expect(put.status).toBe(400);
    expect(await put.text()).toContain('BadDigest');
    await expect(
      direct.send(new GetObjectCommand({ Bucket: BUCKET, Key: key })),
    ).rejects.toMatchObject({ name: 'NoSuchKey' });
  });
});
