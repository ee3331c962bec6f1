import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { ORIGIN_HEADER, ORIGIN_SECRET_ENV } from '#adapters/origin-secret.ts';
import { clientAddress, clientNetwork, type HttpEvent, httpHandler, json } from '#platform/http.ts';
import { reachesApi } from '#platform/origin-headers.ts';
import { clientOf } from '#platform/payer.ts';

/** An HTTP API payload 2.0 event, as API Gateway builds it for a request to `/api/health`. */
function event(headers: Record<string, string>, sourceIp = '198.51.100.9'): HttpEvent {
  return {
    version: '2.0',
    routeKey: 'GET /api/health',
    rawPath: '/api/health',
    rawQueryString: '',
    headers,
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'abc.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc',
      http: { method: 'GET', path: '/api/health', protocol: 'HTTP/1.1', sourceIp, userAgent: '' },
      requestId: 'r',
      routeKey: 'GET /api/health',
      stage: '$default',
      time: '02/Dec/2026:10:00:00 +0000',
      timeEpoch: 0,
    },
    isBase64Encoded: false,
  };
}

const context = { functionName: 'test', awsRequestId: 'r' } as Context;

/** A handler behind the platform's chain that records whether it ran. */
function recording() {
  const ran: HttpEvent[] = [];
  const handler = httpHandler(new Logger({ logLevel: 'SILENT' }), async (e) => {
    ran.push(e);
    return json(200, { ok: true });
  });
  return { ran, invoke: (e: HttpEvent) => handler(e, context) };
}

afterEach(() => {
  delete process.env[ORIGIN_SECRET_ENV];
});

describe('the client address the limits key on', () => {
  it('is the viewer address CloudFront adds, without its port, IPv4 and IPv6 alike', () => {
    expect(clientAddress(event({ 'cloudfront-viewer-address': '203.0.113.5:46532' }))).toBe(
      '203.0.113.5',
    );
    expect(clientAddress(event({ 'cloudfront-viewer-address': '2001:db8::1:443' }))).toBe(
      '2001:db8::1',
    );
  });

  it('counts an IPv6 client by its /64, whatever address in it the host takes, and IPv4 by itself', () => {
    const viewer = (address: string) => event({ 'cloudfront-viewer-address': `${address}:443` });
    expect(clientNetwork(viewer('2001:db8:12:3400:a1b2::9'))).toBe('2001:db8:12:3400::/64');
    expect(clientNetwork(viewer('2001:0db8:0012:3400:0:0:0:1'))).toBe('2001:db8:12:3400::/64');
    expect(clientNetwork(viewer('2001:db8::1'))).toBe('2001:db8:0:0::/64');
    expect(clientNetwork(viewer('::1'))).toBe('0:0:0:0::/64');
    expect(clientNetwork(viewer('::ffff:203.0.113.5'))).toBe('203.0.113.5');
    expect(clientNetwork(viewer('::ffff:cb00:7105'))).toBe('203.0.113.5');
    expect(clientNetwork(viewer('64:ff9b::203.0.113.5'))).toBe('64:ff9b:0:0::/64');
    expect(clientNetwork(viewer('fe80::1%eth0'))).toBe('fe80:0:0:0::/64');
    expect(clientNetwork(viewer('203.0.113.5'))).toBe('203.0.113.5');
    // …so the payer limits count the network: two hosts of one /64 are one client, not of another
    const [a, b, other] = [
      '2001:db8:12:3400::1',
      '2001:db8:12:3400:ffff::2',
      '2001:db8:12:3401::1',
    ];
    expect(clientOf(viewer(a))).toBe(clientOf(viewer(b)));
    expect(clientOf(viewer(a))).not.toBe(clientOf(viewer(other)));
  });

  it('is the connection’s address without CloudFront, and never X-Forwarded-For', () => {
    const forged = event({ 'x-forwarded-for': '10.9.8.7, 10.0.0.1' }, '198.51.100.9');
    expect(clientAddress(forged)).toBe('198.51.100.9');
    expect(clientOf(forged)).toBe(clientOf(event({}, '198.51.100.9')));
    expect(clientOf(forged)).not.toBe(clientOf(event({}, '10.9.8.7')));
  });
});

describe('requests that did not come through CloudFront', () => {
  it('are refused with 403 problem details before the handler runs: no secret, or a wrong one', async () => {
    process.env[ORIGIN_SECRET_ENV] = 'the-origin-secret-value';
    const h = recording();

    const none = await h.invoke(event({ 'x-forwarded-for': '10.9.8.7' }));
    const wrong = await h.invoke(event({ [ORIGIN_HEADER]: 'the-origin-secret-valuf' }));
    const shorter = await h.invoke(event({ [ORIGIN_HEADER]: 'the-origin' }));

    for (const answer of [none, wrong, shorter]) {
      expect(answer.statusCode).toBe(403);
      expect(answer.headers?.['content-type']).toContain('application/problem+json');
      expect(JSON.parse(String(answer.body))).toMatchObject({
        status: 403,
        detail: '请通过本网站的地址访问。',
        instance: '/api/health',
      });
    }
    expect(h.ran).toEqual([]);
  });

  it('pass with the secret CloudFront adds', async () => {
    process.env[ORIGIN_SECRET_ENV] = 'the-origin-secret-value';
    const h = recording();

    const answer = await h.invoke(event({ [ORIGIN_HEADER]: 'the-origin-secret-value' }));

    expect(answer.statusCode).toBe(200);
    expect(h.ran).toHaveLength(1);
  });

  it('are all refused when no secret is configured: a function never serves unguarded', async () => {
    const h = recording();

    const answer = await h.invoke(event({ [ORIGIN_HEADER]: 'anything' }));

    expect(answer.statusCode).toBe(500);
    expect(h.ran).toEqual([]);
  });
});

describe('the headers that reach the API', () => {
  it('are those CloudFront passes and those it and API Gateway set, in any case', () => {
    for (const name of ['content-type', 'Idempotency-Key', 'authorization', 'x-origin-verify']) {
      expect(reachesApi(name), name).toBe(true);
    }
    // A viewer's other headers stop at CloudFront: the local gateway drops them as well
    for (const name of ['accept-language', 'x-custom', 'if-none-match', 'cookie2']) {
      expect(reachesApi(name), name).toBe(false);
    }
  });
});
