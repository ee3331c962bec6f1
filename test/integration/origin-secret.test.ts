/**
 * The origin secret as the functions read it in AWS (`ORIGIN_SECRET_ARN`): every live stage of
 * the secret is accepted, so a rotation refuses no request, and a value no stage holds is refused.
 * Secrets Manager is played by a loopback stand-in that speaks its JSON protocol
 * (`GetSecretValue` by `VersionStage`), reached through the SDK's own endpoint setting.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isOriginSecret, ORIGIN_SECRET_ARN_ENV } from '#adapters/origin-secret.ts';
import { fileEnv } from '#test/fixtures/integration.ts';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:si-origin-AbC123';
/** Stage → value, as the stand-in holds them; a test rotates by changing it. */
let stages: Record<string, string> = {};
const asked: string[] = [];
let server: Server;

const stubEnv = fileEnv();

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => {
      raw += c.toString();
    });
    req.on('end', () => {
      const body = JSON.parse(raw) as { SecretId: string; VersionStage: string };
      asked.push(body.VersionStage);
      const value = body.SecretId === ARN ? stages[body.VersionStage] : undefined;
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      if (value === undefined) {
        res.statusCode = 400;
        res.end(
          JSON.stringify({
            __type: 'ResourceNotFoundException',
            message: "Secrets Manager can't find the specified secret value for staging label",
          }),
        );
        return;
      }
      res.end(
        JSON.stringify({
          ARN,
          Name: 'si-origin',
          SecretString: value,
          VersionStages: [body.VersionStage],
        }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  stubEnv({
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${port}`,
    [ORIGIN_SECRET_ARN_ENV]: ARN,
    ORIGIN_SECRET: undefined,
  });
});

afterAll(async () => {
  vi.useRealTimers();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('the origin secret from Secrets Manager', () => {
  it('accepts the current value and refuses any other, reading the secret once', async () => {
    stages = { AWSCURRENT: 'value-one' };

    expect(await isOriginSecret('value-one')).toBe(true);
    expect(await isOriginSecret('value-two')).toBe(false);
    expect(await isOriginSecret(undefined)).toBe(false);
    expect(await isOriginSecret('value-one')).toBe(true);
    // One read of each stage, not one per request.
    expect([...asked].sort()).toEqual(['AWSCURRENT', 'AWSPENDING', 'AWSPREVIOUS']);
  });

  it('takes a rotation without refusing: the pending value once re-read, the previous one after', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    // A rotation begins: CloudFront may send the pending value before it is current.
    stages = { AWSCURRENT: 'value-one', AWSPENDING: 'value-two' };
    expect(await isOriginSecret('value-two')).toBe(false); // re-read at most every 30 s
    vi.setSystemTime(Date.now() + 31_000);
    expect(await isOriginSecret('value-two')).toBe(true);
    expect(await isOriginSecret('value-one')).toBe(true);

    // It ends: CloudFront's edges may still send the old value until their deployment finishes.
    stages = { AWSCURRENT: 'value-two', AWSPREVIOUS: 'value-one' };
    vi.setSystemTime(Date.now() + 5 * 60_000 + 1);
    expect(await isOriginSecret('value-one')).toBe(true);
    expect(await isOriginSecret('value-two')).toBe(true);
    expect(await isOriginSecret('value-zero')).toBe(false);
    vi.useRealTimers();
  });
});
