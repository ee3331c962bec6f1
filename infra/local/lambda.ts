/**
 * Invoking a handler as Lambda does: the same event shapes (API Gateway HTTP API payload 2.0,
 * SQS event source, EventBridge Scheduler input), the same context object, the same timeout.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyResultV2,
  Context,
  SQSEvent,
  SQSRecord,
} from 'aws-lambda';
import type { FunctionSpec } from '#functions/manifest.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION, localStatements, runAs } from './grants.ts';

export { LOCAL_ACCOUNT, LOCAL_REGION };

type Handler = (event: unknown, context: Context) => Promise<unknown>;

export interface LambdaFunction {
  spec: FunctionSpec;
  /** Imports the handler now rather than at the first invocation. */
  load(): Promise<void>;
  invoke(event: unknown): Promise<unknown>;
}

async function importHandler(spec: FunctionSpec, root: string): Promise<Handler> {
  // A bundle of the runtime (the tests', test/fixtures/local-bundle.ts) has each entry as .js.
  const source = `${root}/${spec.entry}`;
  const file = existsSync(source) ? source : source.replace(/\.ts$/, '.js');
  const module = (await import(file)) as { handler?: Handler };
  if (typeof module.handler !== 'function') throw new Error(`${spec.entry} exports no handler`);
  return module.handler;
}

/** A function with its handler imported: for a test that imports one into its own process. */
export async function loadFunction(spec: FunctionSpec, root: string): Promise<LambdaFunction> {
  const fn = lambdaFunction(spec, root);
  await fn.load();
  return fn;
}

/**
 * A function as Lambda runs it: `invoke` behaves like a Lambda invocation, with the function's
 * role, so that its SDK calls are checked against its manifest grants (./grants.ts) when the
 * runtime has installed the check. Its module is imported at the first invocation, as Lambda
 * initialises a function at its first cold start: a runtime imports only the handlers it is asked
 * to run (the tests start about fifty runtimes, each asked for a few). A module that fails to load
 * fails its invocations, as Lambda's init error does.
 */
export function lambdaFunction(spec: FunctionSpec, root: string): LambdaFunction {
  const statements = localStatements(spec);
  let loading: Promise<Handler> | undefined;
  const load = () => {
    loading ??= importHandler(spec, root);
    return loading;
  };
  return {
    spec,
    load: async () => {
      await load();
    },
    async invoke(event) {
      const handler = await load();
      // For the runtime's own tests only: every event as built, to check it against the schemas
      // of the real ones. It holds request bodies, so it is never on outside of tests.
      if (process.env.LOCAL_EVENT_LOG) {
        appendFileSync(
          process.env.LOCAL_EVENT_LOG,
          `${JSON.stringify({ function: spec.name, event })}\n`,
        );
      }
      const deadline = Date.now() + spec.timeoutSeconds * 1000;
      const context = lambdaContext(spec, deadline);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`Task timed out after ${spec.timeoutSeconds}.00 seconds`)),
          spec.timeoutSeconds * 1000,
        );
      });
      try {
        return await Promise.race([
          runAs(spec, statements, () => handler(event, context)),
          timeout,
        ]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

function lambdaContext(spec: FunctionSpec, deadline: number): Context {
  const requestId = randomUUID();
  const unsupported = () => {
    throw new Error('callback-style completion is not supported; return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: spec.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${spec.name}`,
    memoryLimitInMB: String(spec.memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${spec.name}`,
    logStreamName: `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${requestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

/**
 * Content types API Gateway passes as text; any other body reaches the handler base64-encoded
 * with `isBase64Encoded: true`.
 */
const TEXT_TYPES =
  /^(text\/|application\/(json|[\w.+-]+\+json|xml|[\w.+-]+\+xml|javascript|x-www-form-urlencoded)\b)/i;

export interface RouteMatch {
  routeKey: string;
  pathParameters?: Record<string, string>;
}

/** Builds the payload 2.0 event of an HTTP API request. */
export function httpEvent(request: {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
  sourceIp: string;
  route: RouteMatch;
}): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (lower === 'cookie') {
      cookies = (Array.isArray(value) ? value.join('; ') : value).split(/;\s*/).filter(Boolean);
      continue;
    }
    // HTTP APIs lower-case header names and join repeated headers with commas.
    headers[lower] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of request.url.searchParams) {
    query[name] = name in query ? `${query[name]},${value}` : value;
  }
  const now = new Date();
  const hasBody = request.body.length > 0;
  const text = TEXT_TYPES.test(headers['content-type'] ?? '');
  const requestId = randomUUID();
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: request.route.routeKey,
    rawPath: request.url.pathname,
    rawQueryString: request.url.search.slice(1),
    headers,
    requestContext: {
      accountId: LOCAL_ACCOUNT,
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: (headers.host ?? '127').split('.')[0] ?? '127',
      http: {
        method: request.method,
        path: request.url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: request.route.routeKey,
      stage: '$default',
      time: apiGatewayTime(now),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: hasBody && !text,
  };
  if (cookies) event.cookies = cookies;
  if (Object.keys(query).length > 0) event.queryStringParameters = query;
  if (request.route.pathParameters) event.pathParameters = request.route.pathParameters;
  if (hasBody) event.body = text ? request.body.toString('utf8') : request.body.toString('base64');
  return event;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `26/Nov/2026:06:25:19 +0000`, the format of `requestContext.time`. */
function apiGatewayTime(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/**
 * Maps a handler's result as API Gateway does for payload 2.0: a structured result is taken as
 * given; anything else is a 200 JSON body.
 */
export function httpResponse(result: APIGatewayProxyResultV2 | undefined): HttpResponse {
  if (result === undefined || result === null)
    return { status: 200, headers: {}, body: Buffer.alloc(0) };
  if (
    typeof result === 'object' &&
    'statusCode' in result &&
    typeof result.statusCode === 'number'
  ) {
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(result.headers ?? {})) headers[k.toLowerCase()] = String(v);
    if (result.cookies?.length) headers['set-cookie'] = result.cookies;
    const raw = result.body ?? '';
    const body = result.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
    return { status: result.statusCode, headers, body };
  }
  const body = typeof result === 'string' ? result : JSON.stringify(result);
  return { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(body) };
}

/** The SQS event source's record for a received message. */
export function sqsRecord(
  message: {
    MessageId?: string;
    ReceiptHandle?: string;
    Body?: string;
    MD5OfBody?: string;
    Attributes?: Record<string, string>;
    MessageAttributes?: Record<
      string,
      { StringValue?: string; BinaryValue?: Uint8Array; DataType?: string }
    >;
  },
  queueArn: string,
): SQSRecord {
  const a = message.Attributes ?? {};
  const now = String(Date.now());
  const messageAttributes: SQSRecord['messageAttributes'] = {};
  for (const [name, attr] of Object.entries(message.MessageAttributes ?? {})) {
    messageAttributes[name] = {
      dataType: attr.DataType ?? 'String',
      stringListValues: [],
      binaryListValues: [],
      ...(attr.StringValue !== undefined ? { stringValue: attr.StringValue } : {}),
      ...(attr.BinaryValue !== undefined
        ? { binaryValue: Buffer.from(attr.BinaryValue).toString('base64') }
        : {}),
    };
  }
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: a.ApproximateReceiveCount ?? '1',
      SentTimestamp: a.SentTimestamp ?? now,
      SenderId: a.SenderId ?? LOCAL_ACCOUNT,
      ApproximateFirstReceiveTimestamp: a.ApproximateFirstReceiveTimestamp ?? now,
    },
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: queueArn.split(':')[3] ?? LOCAL_REGION,
  };
}

export function sqsEvent(records: SQSRecord[]): SQSEvent {
  return { Records: records };
}
