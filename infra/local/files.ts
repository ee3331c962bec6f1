/**
 * The local store behind attachment URLs (in AWS: the S3 bucket). PUT and GET on
 * /local-files/cases/<caseNumber>/<id>, each URL signed by the function that issued it after the
 * case's access check, and valid for 15 minutes. Files stream to and from DATA_DIR/attachments.
 * An upload link works once (issue 16): every upload gets a key of its own, so a file already
 * at the key, or one being written there, means the link was used, and a second PUT is refused
 * rather than silently replacing the document staff have seen.
 */

import { timingSafeEqual } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { dispositionOf, localFileSignature } from '#adapters/attachment-store.ts';

const KEY = /^cases\/\d{4}-\d{6}\/[0-9a-f-]{36}$/;

function valid(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refuse(res: ServerResponse, status: number, message: string): true {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ message }));
  return true;
}

/** A new file opened for writing, or undefined when it exists already. */
function openExclusive(path: string): number | undefined {
  try {
    return openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  }
}

/** Serves the request when it is for /local-files/; false otherwise. */
export function localFiles(dir: string, secret: string) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    if (!url.pathname.startsWith('/local-files/')) return false;
    const key = url.pathname.slice('/local-files/'.length);
    const expires = Number(url.searchParams.get('expires'));
    const sig = url.searchParams.get('sig') ?? '';
    if (!KEY.test(key) || !Number.isInteger(expires)) return refuse(res, 404, 'Not Found');
    if (expires < Math.floor(Date.now() / 1000)) return refuse(res, 403, 'Request has expired');
    const file = join(dir, key);

    if (req.method === 'PUT') {
      const type = url.searchParams.get('type') ?? '';
      if (/[\r\n]/.test(type)) return refuse(res, 400, 'InvalidArgument');
      const size = Number(url.searchParams.get('size'));
      // The disposition and If-None-Match are signed headers, not in the URL, as S3 signs them.
      const disposition = req.headers['content-disposition'] ?? '';
      const signed = `${type}\n${size}\n${disposition}\n${req.headers['if-none-match'] ?? ''}`;
      const expected = localFileSignature(secret, 'PUT', key, expires, signed);
      if (!valid(expected, sig)) return refuse(res, 403, 'SignatureDoesNotMatch');
      if (req.headers['content-type'] !== type)
        return refuse(res, 403, 'content-type does not match the signed one');
      if (Number(req.headers['content-length']) !== size)
        return refuse(res, 403, 'content-length does not match the signed one');
      if (existsSync(file)) return refuse(res, 412, 'PreconditionFailed: upload link already used');
      mkdirSync(dirname(file), { recursive: true });
      const partial = `${file}.partial`;
      // Created exclusively: of two PUTs at once, the second finds the first's partial file.
      const fd = openExclusive(partial);
      if (fd === undefined) return refuse(res, 412, 'PreconditionFailed: upload link already used');
      if (existsSync(file)) {
        // The first PUT finished between the check above and the open.
        closeSync(fd);
        rmSync(partial, { force: true });
        return refuse(res, 412, 'PreconditionFailed: upload link already used');
      }
      try {
        await pipeline(req, createWriteStream(partial, { fd }));
      } catch (error) {
        // An upload cut off stores nothing; the link may be tried again until it expires.
        rmSync(partial, { force: true });
        throw error;
      }
      if (statSync(partial).size !== size) {
        rmSync(partial, { force: true });
        return refuse(res, 400, 'IncompleteBody');
      }
      renameSync(partial, file);
      res.writeHead(200).end();
      return true;
    }
    if (req.method === 'GET') {
      const type = url.searchParams.get('type') ?? '';
      const name = url.searchParams.get('name') ?? '';
      const expected = localFileSignature(secret, 'GET', key, expires, `${type}\n${name}`);
      if (!valid(expected, sig)) return refuse(res, 403, 'SignatureDoesNotMatch');
      // A signed value still never reaches a header with a line break in it.
      if (/[\r\n]/.test(type)) return refuse(res, 400, 'InvalidArgument');
      if (!existsSync(file)) return refuse(res, 404, 'NoSuchKey');
      res.writeHead(200, {
        'content-type': type || 'application/octet-stream',
        'content-length': String(statSync(file).size),
        'content-disposition': dispositionOf(name || 'attachment'),
        // As S3 answers the download URL (ResponseCacheControl in attachment-store.ts).
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      await pipeline(createReadStream(file), res);
      return true;
    }
    return refuse(res, 405, 'Method Not Allowed');
  };
}
