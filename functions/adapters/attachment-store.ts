/**
 * Attachment files. In AWS: the attachments bucket with presigned PUT and GET URLs (the bucket is
 * private; a URL works for 15 minutes). Locally: files under DATA_DIR/attachments, behind the
 * local gateway's /local-files/ route with HMAC-signed, expiring URLs of the same shape of use.
 * Chosen by ATTACHMENTS (`s3` or `local`).
 */
import { createHmac } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { parseCaseNumber } from '#core/identifiers.ts';
import type { AttachmentStore } from '#core/ports.ts';
import { type CaseFiles, caseFilesPrefix } from '#core/retention.ts';
import { ATTACHMENTS_BUCKET_ENV } from '#functions/manifest.ts';
import { ConfigurationError } from './config.ts';
import { guarded, localGrants } from './local-grants.ts';

const EXPIRES_SECONDS = 15 * 60;

/**
 * The S3 client that presigns attachment URLs. Since SDK 3.729 a client computes a checksum for
 * every request by default (`WHEN_SUPPORTED`); presigning has no body, so it signs the CRC32 of an
 * empty one into a PUT URL (`x-amz-checksum-crc32=AAAAAA==`), and S3 refuses the browser's real
 * file with BadDigest. `WHEN_REQUIRED` computes one only for operations that require it, which
 * PutObject does not. `config` is for tests (an emulator's endpoint).
 */
export function presigningClient(config: S3ClientConfig = {}): S3Client {
  return guarded(new S3Client({ requestChecksumCalculation: 'WHEN_REQUIRED', ...config }));
}

/**
 * The `Content-Disposition` a file is downloaded with: as an attachment, under its own name,
 * percent-encoded as RFC 8187 allows (which `encodeURIComponent` leaves of `'()*`, it may not).
 */
export const dispositionOf = (name: string) =>
  `attachment; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;

export function s3AttachmentStore(bucket: string, client = presigningClient()): AttachmentStore {
  return {
    async uploadUrl(key, contentType, size, name) {
      const disposition = dispositionOf(name);
      const url = await getSignedUrl(
        client,
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          ContentType: contentType,
          ContentLength: size,
          // Kept with the file and sent with every download, so that the name, which may name
          // the payer (「王小明身份证.jpg」), is in no download URL and so in no S3 access log (a
          // privacy review, 2026-12-05); a signed header, never in the upload URL either.
          ContentDisposition: disposition,
          // S3's conditional write: the link stores a file only where none is yet, so it works
          // once (issue 16), as the local store's links do; a second PUT is 412.
          IfNoneMatch: '*',
        }),
        {
          expiresIn: EXPIRES_SECONDS,
          signableHeaders: new Set([
            'content-type',
            'content-length',
            'content-disposition',
            'if-none-match',
          ]),
        },
      );
      return {
        url,
        headers: {
          'content-type': contentType,
          'content-disposition': disposition,
          'if-none-match': '*',
        },
      };
    },
    async downloadUrl(key, _name, contentType) {
      return getSignedUrl(
        client,
        new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          ResponseContentType: contentType,
          // An ID scan is kept by no browser or proxy cache, as no page with personal data is.
          ResponseCacheControl: 'no-store',
        }),
        { expiresIn: EXPIRES_SECONDS },
      );
    },
  };
}

/** The signature the local gateway checks on /local-files/ URLs. */
export function localFileSignature(
  secret: string,
  method: string,
  key: string,
  expires: number,
  extra = '',
): string {
  return createHmac('sha256', secret)
    .update(`${method}\n${key}\n${expires}\n${extra}`)
    .digest('base64url');
}

export function localAttachmentStore(
  secret: string,
  now: () => number = Date.now,
): AttachmentStore {
  const url = (method: string, key: string, extra: string, params: Record<string, string>) => {
    const expires = Math.floor(now() / 1000) + EXPIRES_SECONDS;
    const query = new URLSearchParams({
      ...params,
      expires: String(expires),
      sig: localFileSignature(secret, method, key, expires, extra),
    });
    return `/local-files/${key}?${query}`;
  };
  return {
    async uploadUrl(key, contentType, size, name) {
      // Presigned in AWS with this function's role: its grant must allow the PUT.
      localGrants()?.check('S3Client', 'PutObjectCommand', { Key: key });
      // The disposition and `If-None-Match: *` are headers to send, signed, as S3 signs them
      // (a parity review found a local link that took a PUT without the second, which S3
      // refuses); the name stays in the download URL (signed), as no access log keeps local URLs.
      const disposition = dispositionOf(name);
      return {
        url: url('PUT', key, `${contentType}\n${size}\n${disposition}\n*`, {
          type: contentType,
          size: String(size),
        }),
        headers: {
          'content-type': contentType,
          'content-disposition': disposition,
          'if-none-match': '*',
        },
      };
    },
    async downloadUrl(key, name, contentType) {
      localGrants()?.check('S3Client', 'GetObjectCommand', { Key: key });
      // The type and the name are signed too: a link edited to serve the file as HTML, or under
      // another name, is refused (issue 16).
      return url('GET', key, `${contentType}\n${name}`, { name, type: contentType });
    },
  };
}

/** Local files when ATTACHMENTS=local, S3 otherwise. */
const isLocal = () => (process.env.ATTACHMENTS ?? 's3') === 'local';

/**
 * The store ATTACHMENTS chooses, from the setting it needs: locally `localSetting`, in AWS the
 * bucket. A missing one fails at start-up with its name.
 */
function chosen<T>(
  localSetting: string,
  local: (value: string) => T,
  s3: (bucket: string) => T,
): T {
  if (isLocal()) {
    const value = process.env[localSetting];
    if (!value) throw new ConfigurationError(`ATTACHMENTS=local needs ${localSetting}`);
    return local(value);
  }
  const bucket = process.env[ATTACHMENTS_BUCKET_ENV];
  if (!bucket) throw new ConfigurationError(`${ATTACHMENTS_BUCKET_ENV} is not set`);
  return s3(bucket);
}

export function attachmentStore(): AttachmentStore {
  return chosen('LOCAL_FILES_SECRET', localAttachmentStore, s3AttachmentStore);
}

/**
 * Deletes a case's files at the end of its retention. The bucket is versioned, so deleting an
 * object would only hide it behind a delete marker: every version and marker under the case's
 * prefix is deleted by its version id. The bucket's lifecycle rule is the backstop for anything
 * this misses (infra/aws/constructs/attachments.ts).
 */
export function s3CaseFiles(bucket: string, client = guarded(new S3Client({}))): CaseFiles {
  return {
    async removeCase(caseNumber) {
      const prefix = caseFilesPrefix(caseNumber);
      const files = new Set<string>();
      let keyMarker: string | undefined;
      let versionIdMarker: string | undefined;
      do {
        const out = await client.send(
          new ListObjectVersionsCommand({
            Bucket: bucket,
            Prefix: prefix,
            KeyMarker: keyMarker,
            VersionIdMarker: versionIdMarker,
          }),
        );
        const objects = [...(out.Versions ?? []), ...(out.DeleteMarkers ?? [])].flatMap((v) =>
          v.Key ? [{ Key: v.Key, VersionId: v.VersionId }] : [],
        );
        if (objects.length > 0) {
          const deleted = await client.send(
            new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }),
          );
          if ((deleted.Errors ?? []).length > 0) {
            // Keys name only the case and an id; the codes say why (AccessDenied…).
            const codes = [...new Set((deleted.Errors ?? []).map((e) => e.Code))].join(', ');
            throw new Error(`could not delete files of case ${caseNumber}: ${codes}`);
          }
        }
        for (const v of out.Versions ?? []) if (v.Key) files.add(v.Key);
        keyMarker = out.IsTruncated ? out.NextKeyMarker : undefined;
        versionIdMarker = out.IsTruncated ? out.NextVersionIdMarker : undefined;
      } while (keyMarker);
      return files.size;
    },
  };
}

/** The local runtime's files: DATA_DIR/attachments/cases/<case number>/, removed whole. */
export function localCaseFiles(dir: string): CaseFiles {
  return {
    async removeCase(caseNumber) {
      // The number becomes a path: nothing but a case number may reach rmSync.
      if (!parseCaseNumber(caseNumber)) throw new Error('not a case number');
      const prefix = caseFilesPrefix(caseNumber);
      const folder = join(dir, prefix);
      // What s3CaseFiles asks of S3, checked against the function's grant as S3 would.
      const grants = localGrants();
      grants?.check('S3Client', 'ListObjectVersionsCommand', { Prefix: prefix });
      if (!existsSync(folder)) return 0;
      const names = readdirSync(folder);
      grants?.check('S3Client', 'DeleteObjectsCommand', {
        Delete: { Objects: names.map((n) => ({ Key: `${prefix}${n}`, VersionId: 'local' })) },
      });
      const files = names.filter((f) => !f.endsWith('.partial')).length;
      rmSync(folder, { recursive: true, force: true });
      return files;
    },
  };
}

/** The case files of this deployment, chosen by ATTACHMENTS as `attachmentStore` is. */
export function caseFiles(): CaseFiles {
  return chosen('LOCAL_FILES_DIR', localCaseFiles, s3CaseFiles);
}

/**
 * Where a browser sends an upload, for the `connect-src` of the page that uploads (the case page):
 * the site itself locally (/local-files/); in AWS the S3 endpoint of the deployment's region, where
 * presigned URLs are virtual-hosted (`https://<bucket>.s3.<region>.amazonaws.com`, `.com.cn` in
 * the China regions). The region alone suffices, so the page needs no grant on the bucket.
 */
export function uploadOrigins(): string {
  if (isLocal()) return "'self'";
  const region = process.env.AWS_REGION;
  if (!region) throw new ConfigurationError('AWS_REGION is not set');
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `'self' https://*.s3.${region}.${suffix}`;
}
