// Its own runtime: it sends through its own SMTP and SMS stand-ins, and reads its output.
/**
 * Notifications that cannot silently vanish (issue 14): every e-mail and SMS is a message on the
 * `notifications` queue, which send-notification delivers through the configured transports.
 * Here against real local listeners: an SMTP server (smtp-server, from the nodemailer project)
 * and an HTTP SMS provider that answers 500 until it is "fixed".
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_NAME } from '#functions/manifest.ts';
import { caseRequest, postJson, residentId } from '#test/fixtures/cases.ts';
import { healthDetail } from '#test/fixtures/health.ts';
import { notificationQueueUrls } from '#test/fixtures/outbox.ts';
import {
  eventually,
  removeDataDir,
  startTestRuntime,
  type TestRuntime,
} from '#test/fixtures/runtime.ts';
import { addDemoAccounts, staffGet, staffPost, tokenFor } from '#test/fixtures/staff.ts';

const TOKEN = 'sms-provider-token';
const TAX_INBOX = 'tax-inbox@example.cn';

interface Mail {
  from: string;
  to: string[];
  user: string | undefined;
  raw: string;
}
interface SmsRequest {
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

const mails: Mail[] = [];
const sms: SmsRequest[] = [];
let smsFailing = true;
let smtp: SMTPServer;
let provider: Server;
let rt: TestRuntime;

beforeAll(async () => {
  smtp = new SMTPServer({
    // A relay that wants a login, over a plain local connection.
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    onAuth(auth, _session, done) {
      if (auth.username === 'relay-user' && auth.password === 'relay-pass') {
        done(null, { user: auth.username });
      } else done(new Error('bad login'));
    },
    onData(stream, session, done) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        raw += chunk;
      });
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: typeof session.user === 'string' ? session.user : undefined,
          raw,
        });
        done();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  provider = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => {
      text += c.toString('utf8');
    });
    req.on('end', () => {
      if (smsFailing) {
        res.writeHead(500).end('provider down');
        return;
      }
      sms.push({ headers: req.headers, body: JSON.parse(text) as Record<string, unknown> });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => provider.listen(0, '127.0.0.1', r));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const smsPort = (provider.address() as AddressInfo).port;
  rt = await startTestRuntime({
    env: {
      // Retries a second apart, so that five receives take seconds, not five minutes.
      LOCAL_VISIBILITY_SECONDS: '1',
      NOTIFY_EMAIL: 'smtp',
      SMTP_SECRET: JSON.stringify({
        host: '127.0.0.1',
        port: smtpPort,
        secure: false,
        user: 'relay-user',
        pass: 'relay-pass',
        from: 'noreply@si.example.cn',
      }),
      UNIT_EMAILS: JSON.stringify({ tax: TAX_INBOX }),
      NOTIFY_SMS: 'http',
      SMS_HTTP_URL: `http://127.0.0.1:${smsPort}/sms`,
      SMS_HTTP_SECRET: TOKEN,
    },
  });
  await addDemoAccounts(rt);
}, 120_000);

afterAll(async () => {
  await rt?.stop();
  if (rt) removeDataDir(rt.dataDir);
  await new Promise((r) => provider?.close(r));
  await new Promise((r) => smtp?.close(() => r(undefined)));
});

/** A decoded mail body: nodemailer sends Chinese text as quoted-printable or base64. */
function decoded(raw: string): string {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/content-transfer-encoding:\s*base64/i.test(head)) {
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** The subject header, decoded from its RFC 2047 encoded words. */
function subjectOf(raw: string): string {
  const header = /^subject:(.*(?:\r?\n[ \t].*)*)/im.exec(raw)?.[1] ?? '';
  return header
    .replace(/\r?\n[ \t]/g, ' ')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
      enc.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (_m, h: string) =>
                String.fromCharCode(Number.parseInt(h, 16)),
              ),
            'latin1',
          ).toString('utf8'),
    )
    .trim();
}

async function depth(url: string): Promise<number> {
  const out = await rt.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(out.Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

describe('e-mail through an SMTP relay', () => {
  it('sends the unit’s new-work e-mail to its address, with subject, body and link', async () => {
    // Act: a payer with a landline (so no receipt SMS) files a case that goes to the tax bureau
    const created = await postJson(
      `${rt.url}/api/cases`,
      caseRequest({
        payer: { kind: 'person', name: '王小明', idNumber: residentId(), phone: '0476-8123456' },
      }),
    );
    expect(created.status, created.text).toBe(201);
    const caseNumber = String(created.json.caseNumber);

    // Assess: the relay took one e-mail for the case, from the secret's sender, after a login
    const mail = await eventually(
      async () => mails.find((m) => subjectOf(m.raw).includes(caseNumber)),
      15_000,
    );
    expect(mail.to).toEqual([TAX_INBOX]);
    expect(mail.from).toBe('noreply@si.example.cn');
    expect(mail.user).toBe('relay-user');
    expect(subjectOf(mail.raw)).toBe(`待办：签收（${caseNumber}）`);
    const body = decoded(mail.raw);
    expect(body).toContain(`社会保险费征缴争议 ${caseNumber} 需要您签收`);
    expect(body).toContain(`${rt.url}/staff/cases/${caseNumber}`);
    // The e-mail carries the case number only: nothing the payer wrote or is called.
    expect(mail.raw).not.toContain('8123456');
    expect(body).not.toContain('王小明');
  });
});

describe('an SMS that the provider refuses', () => {
  it('ends in notifications-dlq with a log line and the alarm’s metric; the administrator’s re-drive delivers it', async () => {
    // Prepare: the provider answers 500
    smsFailing = true;
    const phone = '13912345670';
    const urls = notificationQueueUrls(rt);

    // Act: a payer files a case; its receipt SMS cannot be sent
    const created = await postJson(
      `${rt.url}/api/cases`,
      caseRequest({
        payer: { kind: 'person', name: '李四', idNumber: residentId(), phone },
      }),
    );
    // The case is filed all the same: the SMS is a courtesy (docs/decisions.md).
    expect(created.status, created.text).toBe(201);
    const caseNumber = String(created.json.caseNumber);

    // Assess: after five receives the message is in the dead-letter queue, and the metric the
    // alarm watches (its depth) and the administrator's health detail show it
    await eventually(async () => ((await depth(urls.deadLetter)) === 1 ? true : undefined), 45_000);
    expect((await healthDetail(rt)).deadLetterDepth).toMatchObject({ notifications: 1 });
    expect(sms).toEqual([]);
    // One log line per failed send, with the case number and the reason, never the phone
    const lines = rt
      .output()
      .split('\n')
      .filter((l) => l.includes('notification not sent') && l.includes(caseNumber));
    expect(lines.length).toBeGreaterThanOrEqual(5);
    const line = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(line).toMatchObject({
      level: 'ERROR',
      message: 'notification not sent',
      caseNumber,
      kind: 'filed',
      reason: 'Error: SMS provider answered HTTP 500',
    });
    expect(rt.output()).not.toContain(phone);
    expect(rt.output()).not.toContain('李四');

    // The administrator's dead-letter list names the queue and the case, not the phone
    const admin = await tokenFor(rt, 'admin');
    const listed = await staffGet(rt, '/api/staff/dead-letters', admin);
    const units = (listed.json as { units: { unit: string; messages: unknown[] }[] }).units;
    expect(units.find((u) => u.unit === 'notifications')?.messages).toEqual([
      expect.objectContaining({ caseNumber }),
    ]);
    expect(JSON.stringify(listed.json)).not.toContain(phone);

    // Act: the provider is fixed; the administrator re-drives the notifications
    smsFailing = false;
    const redriven = await staffPost(
      rt,
      '/api/staff/dead-letters/notifications/redrive',
      {},
      admin,
    );

    // Assess: moved, and delivered once, to the payer, with the provider's token
    expect(redriven.status).toBe(200);
    expect(redriven.json).toEqual({ unit: 'notifications', moved: 1 });
    const sent = await eventually(
      async () => sms.find((s) => s.body.caseNumber === caseNumber),
      15_000,
    );
    expect(sent.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(sent.body).toMatchObject({ phone, countryCode: '86', kind: 'filed', caseNumber });
    expect(String(sent.body.text)).toContain(`受理编号 ${caseNumber}`);
    // The SMS ends with the look-up's full address, the case number filled in.
    expect(String(sent.body.text).endsWith(`\n\n${rt.url}/status/?case=${caseNumber}`)).toBe(true);
    expect(sent.headers['idempotency-key']).toBe(sent.body.id);
    await eventually(async () => ((await depth(urls.deadLetter)) === 0 ? true : undefined), 10_000);
    expect((await healthDetail(rt)).deadLetterDepth.notifications).toBeUndefined();
    // The send is recorded by the notification's id, with no personal data
    const marker = await rt.db.send(
      new GetCommand({
        TableName: TABLE_NAME,
        Key: { PK: `NOTIFIED#${String(sent.body.id)}`, SK: 'SENT' },
      }),
    );
    expect(marker.Item).toMatchObject({ kind: 'filed', caseNumber, transport: 'http' });
    expect(JSON.stringify(marker.Item)).not.toContain(phone);

    // Act: the same message delivered again (SQS delivers at least once)
    await rt.sqs.send(
      new SendMessageCommand({
        QueueUrl: urls.queue,
        MessageBody: JSON.stringify({
          v: 1,
          type: 'notification',
          id: sent.body.id,
          notification: { kind: 'filed', phone, caseNumber },
        }),
      }),
    );

    // Assess: taken off the queue, and not sent a second time
    await eventually(async () => ((await depth(urls.queue)) === 0 ? true : undefined), 10_000);
    expect(sms.filter((s) => s.body.caseNumber === caseNumber)).toHaveLength(1);
  }, 90_000);
});
