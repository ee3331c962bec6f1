/**
 * Attachment files. In AWS: the attachments bucket with presigned PUT and GET URLs (the bucket is
 * private; a URL works for 15 minutes). Locally: files under DATA_DIR/attachments, behind the
 * local gateway's /local-files/ route with HMAC-signed, expiring URLs of the same shape of use.
 * Chosen by ATTACHMENTS (`s3` or `local`).
 */
import { createHmac } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { AttachmentStore } from '#core/ports.ts';
import { ATTACHMENTS_BUCKET_ENV } from '#functions/manifest.ts';
import { ConfigurationError } from './config.ts';

const EXPIRES_SECONDS = 15 * 60;

export function s3AttachmentStore(bucket: string, client = new S3Client({})): AttachmentStore {
  return {
    async uploadUrl(key, contentType, size) {
      const url = await getSignedUrl(
        client,
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          ContentType: contentType,
          ContentLength: size,
        }),
        {
          expiresIn: EXPIRES_SECONDS,
          signableHeaders: new Set(['content-type', 'content-length']),
        },
      );
      return { url, headers: { 'content-type': contentType } };
    },
    async downloadUrl(key, name, contentType) {
      return getSignedUrl(
        client,
        new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          ResponseContentType: contentType,
          ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
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
    async uploadUrl(key, contentType, size) {
      return {
        url: url('PUT', key, `${contentType}\n${size}`, { type: contentType, size: String(size) }),
        headers: { 'content-type': contentType },
      };
    },
    async downloadUrl(key, name, contentType) {
      return url('GET', key, '', { name, type: contentType });
    },
  };
}

export function attachmentStore(): AttachmentStore {
  const kind = process.env.ATTACHMENTS ?? 's3';
  if (kind === 'local') {
    const secret = process.env.LOCAL_FILES_SECRET;
    if (!secret) throw new ConfigurationError('ATTACHMENTS=local needs LOCAL_FILES_SECRET');
    return localAttachmentStore(secret);
  }
  const bucket = process.env[ATTACHMENTS_BUCKET_ENV];
  if (!bucket) throw new ConfigurationError(`${ATTACHMENTS_BUCKET_ENV} is not set`);
  return s3AttachmentStore(bucket);
}
