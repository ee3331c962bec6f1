/**
 * The middy chain of every HTTP function: logger context, then errors → RFC 9457 problem details.
 * Handlers stay parse → use case → answer (STYLE.md rule 1).
 */
import { isIPv6 } from 'node:net';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { isOriginSecret, ORIGIN_HEADER } from '#adapters/origin-secret.ts';
import { StoreBusyError } from '#adapters/transactions.ts';
import type { Problem } from '#contracts/problem.ts';
import { RecordTooLargeError } from '#core/case.ts';
import { FuturePeriodError } from '#core/intake.ts';
import { IllegalTransitionError, NotAllowedError, STATUS_LABELS } from '#core/lifecycle.ts';
import { TooManyRequestsError } from '#core/limits.ts';
import { InvalidCursorError } from '#core/ports.ts';
import {
  ActionInputError,
  ActionRefusedError,
  CaseNotFoundError,
  ConcurrentChangeError,
} from '#core/transitions.ts';
import {
  ConflictError,
  ForbiddenError,
  HttpError,
  IntakeLimitHttpError,
  MalformedRequestError,
  NotFoundError,
  PayloadTooLargeError,
  RecordTooLargeHttpError,
  ServiceBusyHttpError,
  TooManyRequestsHttpError,
  UnsupportedMediaTypeError,
  ValidationError,
} from './errors.ts';
import { SECURITY_HEADERS } from './security-headers.ts';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;

const PROBLEM_BASE = 'https://si-disputes.invalid/problems/';

/**
 * Headers of every HTML page a function renders, error pages included: the pages load only the
 * site's own stylesheet and scripts, post only to the site and are never framed or cached. The
 * security headers are the static site's too (security-headers.ts, one definition: issue 16).
 */
export const PAGE_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  ...SECURITY_HEADERS,
};

/** 1 MB, the limit of every request body (issue 7). */
export const MAX_BODY_BYTES = 1024 * 1024;

export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResult {
  return {
    statusCode: status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...headers,
    },
    body: JSON.stringify(body),
  };
}

export function problem(p: Problem): HttpResult {
  return {
    statusCode: p.status,
    headers: {
      'content-type': 'application/problem+json; charset=utf-8',
      'cache-control': 'no-store',
    },
    body: JSON.stringify(p),
  };
}

/** Reads a JSON body as API Gateway hands it over (maybe base64), with the size and type rules. */
export function jsonBody(event: HttpEvent): unknown {
  const type = event.headers['content-type'] ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) throw new UnsupportedMediaTypeError();
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) throw new PayloadTooLargeError();
  try {
    return JSON.parse(text);
  } catch {
    throw new MalformedRequestError('请求正文不是有效的 JSON。');
  }
}

/** Domain errors of the core, as the HTTP errors they mean. */
function asHttpError(error: unknown): unknown {
  if (error instanceof CaseNotFoundError) return new NotFoundError();
  if (error instanceof NotAllowedError) return new ForbiddenError();
  if (error instanceof ConcurrentChangeError) {
    return new ConflictError('这个案件刚刚被其他人更新了，请刷新后再试。');
  }
  if (error instanceof ActionInputError) {
    return new ValidationError([{ pointer: error.pointer, detail: error.reason }]);
  }
  if (error instanceof ActionRefusedError) return new ConflictError(error.reason);
  if (error instanceof TooManyRequestsError) {
    return error.intake
      ? new IntakeLimitHttpError(error.retryAfter, error.intake)
      : new TooManyRequestsHttpError(error.retryAfter);
  }
  if (error instanceof InvalidCursorError)
    return new ValidationError([
      { pointer: '/cursor', detail: '翻页参数无效，请从第一页重新查看。' },
    ]);
  if (error instanceof FuturePeriodError) return new ValidationError(error.errors);
  if (error instanceof RecordTooLargeError) return new RecordTooLargeHttpError(error.what);
  if (error instanceof StoreBusyError) return new ServiceBusyHttpError(error.retryAfter);
  if (error instanceof IllegalTransitionError) {
    return new ConflictError(`案件当前状态为“${STATUS_LABELS[error.status]}”，不能进行这项操作。`);
  }
  return error;
}

function problemFrom(raw: unknown, event: HttpEvent): Problem {
  const error = asHttpError(raw);
  if (error instanceof HttpError) {
    return {
      type: `${PROBLEM_BASE}${error.problemType}`,
      title: error.title,
      status: error.status,
      ...(error.detail ? { detail: error.detail } : {}),
      instance: event.rawPath,
      ...(error instanceof ValidationError ? { errors: error.errors } : {}),
      ...error.extensions,
    };
  }
  return {
    type: `${PROBLEM_BASE}internal`,
    title: '系统暂时出了问题',
    status: 500,
    detail: '请稍后再试。您填写的内容没有丢失，可以重新提交。',
    instance: event.rawPath,
  };
}

/**
 * A browser that posted a form or asked for a page gets the error as a page it can read; every
 * other client gets problem details.
 */
function wantsHtml(event: HttpEvent): boolean {
  const accept = event.headers.accept ?? '';
  if (accept.includes('json')) return false;
  if (/^application\/x-www-form-urlencoded\b/i.test(event.headers['content-type'] ?? '')) {
    return true;
  }
  return event.requestContext.http.method === 'GET' && accept.includes('text/html');
}

const problemDetails = (
  logger: Logger,
  errorPage: ErrorPage | undefined,
): MiddlewareObj<HttpEvent, HttpResult> => ({
  onError: (request) => {
    const { error, event } = request;
    if (!(asHttpError(error) instanceof HttpError)) {
      // Only the error's class and message: SDK and runtime errors carry no personal data,
      // and request bodies are never logged.
      logger.error('unhandled error', { errorName: error?.name, errorMessage: error?.message });
    }
    const mapped = asHttpError(error);
    const details = problemFrom(error, event);
    const response =
      errorPage && wantsHtml(event)
        ? {
            statusCode: details.status,
            headers: { ...PAGE_HEADERS },
            body: errorPage(details, error),
          }
        : problem(details);
    if (mapped instanceof HttpError) response.headers = { ...response.headers, ...mapped.headers };
    request.response = response;
  },
});

/** Renders an error as a whole HTML page, for the handlers that answer browsers' forms. */
export type ErrorPage = (problem: Problem, error?: unknown) => string;

/**
 * Refuses a body over MAX_BODY_BYTES before the handler reads anything: whatever its content type
 * and whatever the handler checks first (a case's code, the fields), an oversized body is a 413.
 */
const bodyLimit: MiddlewareObj<HttpEvent, HttpResult> = {
  before: ({ event }) => {
    if (!event.body) return;
    const bytes = Buffer.byteLength(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
    if (bytes > MAX_BODY_BYTES) throw new PayloadTooLargeError();
  },
};

/**
 * The address of the client, for the limits against abuse (issue 14): the viewer address
 * CloudFront adds (`CloudFront-Viewer-Address: <ip>:<port>`), else the connection's address as
 * API Gateway saw it. Never X-Forwarded-For, which the client writes itself. Both are
 * trustworthy only because `fromCloudFront` refuses every request that did not pass CloudFront
 * (which overwrites any CloudFront-Viewer-Address a viewer sends), or locally the gateway that
 * plays its part.
 */
export function clientAddress(event: HttpEvent): string {
  const viewer = event.headers['cloudfront-viewer-address']?.trim();
  // The port follows the last colon; an IPv6 address keeps its own colons.
  const ip = viewer ? viewer.slice(0, Math.max(0, viewer.lastIndexOf(':'))) : '';
  return ip || event.requestContext.http.sourceIp;
}

/**
 * The network the limits count a client by: an IPv4 address itself, an IPv6 one by its /64. A
 * carrier or a home router gives each subscriber a /64 at least (RFC 6177), and any host in it may
 * take a new address at will: counted by the full address, one phone had 2^64 fresh allowances
 * of filings, wrong codes and receipt SMS (a privacy review, 2026-12-05). An IPv4 address written
 * as IPv6 (`::ffff:203.0.113.5`) counts as that IPv4 address.
 */
export function clientNetwork(event: HttpEvent): string {
  const ip = clientAddress(event);
  if (!isIPv6(ip)) return ip;
  const groups = ipv6Groups(ip);
  // ::ffff:a.b.c.d, also written ::ffff:0102:0304: an IPv4 client
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [hi = 0, lo = 0] = groups.slice(6);
    return [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a dotted IPv4 tail as two). */
function ipv6Groups(ip: string): number[] {
  const address = ip.split('%')[0] ?? '';
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  const hex = dotted
    ? address.slice(0, dotted.index) +
      [(Number(dotted[1]) << 8) | Number(dotted[2]), (Number(dotted[3]) << 8) | Number(dotted[4])]
        .map((g) => g.toString(16))
        .join(':')
    : address;
  const [head = '', tail] = hex.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((g) => Number.parseInt(g, 16));
}

/** The refusal of a request that bypassed CloudFront (the public execute-api URL). */
export class NotThroughCloudFrontError extends HttpError {
  constructor() {
    super(403, 'forbidden', '没有权限', '请通过本网站的地址访问。');
  }
}

/**
 * Refuses, before any handler runs, a request without CloudFront's origin secret: the
 * execute-api URL is public, and a request sent there would skip the WAF and could write its own
 * CloudFront-Viewer-Address to escape the limits (docs/decisions.md).
 */
const fromCloudFront = (logger: Logger): MiddlewareObj<HttpEvent, HttpResult> => ({
  before: async ({ event }) => {
    if (await isOriginSecret(event.headers[ORIGIN_HEADER])) return;
    // The route only: nothing the caller wrote.
    logger.warn('request not through CloudFront refused', { routeKey: event.routeKey });
    throw new NotThroughCloudFrontError();
  },
});

/** Wraps an HTTP handler in the platform's middleware chain. */
export function httpHandler(
  logger: Logger,
  fn: (event: HttpEvent, context: Context) => Promise<HttpResult>,
  options: { errorPage?: ErrorPage } = {},
) {
  return middy<HttpEvent, HttpResult>(fn)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(problemDetails(logger, options.errorPage))
    .use(fromCloudFront(logger))
    .use(bodyLimit);
}
