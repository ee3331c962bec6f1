/**
 * The local stand-in for the HTTP API and CloudFront: `/api/*` goes to the manifest's routes as
 * payload 2.0 events, everything else is the built site. One port, loopback only.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { ORIGIN_HEADER } from '#adapters/origin-secret.ts';
import { MAX_BODY_BYTES } from '#platform/http.ts';
import { reachesApi } from '#platform/origin-headers.ts';
import { SECURITY_HEADERS } from '#platform/security-headers.ts';
import { StartupError } from './errors.ts';
import type { HttpResponse, LambdaFunction, RouteMatch } from './lambda.ts';
import { httpEvent, httpResponse } from './lambda.ts';
import type { LocalRequest } from './local-routes.ts';

/** API Gateway's own payload limit; handlers enforce their smaller ones. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
/** The `type` of every problem the API answers with (functions/platform/http.ts). */
const PROBLEM_BASE = 'https://si-disputes.invalid/problems/';

interface Route {
  method: string;
  segments: string[];
  routeKey: string;
  fn: LambdaFunction;
}

export interface GatewayOptions {
  port: number;
  siteDir: string;
  functions: readonly LambdaFunction[];
  /**
   * Parts of the local runtime that the health answers add to the handlers' own checks: the
   * public one takes only whether all are up, the administrator's detail takes them all.
   */
  runtimeHealth: () => { components: Record<string, 'up' | 'down'>; [detail: string]: unknown };
  /**
   * The secret CloudFront adds to every API request in AWS (its origin custom header); the
   * gateway adds it the same way, so the functions' check runs, and refuses, locally too.
   */
  originSecret: string;
  log: (message: string) => void;
  /** The JWT authorizer of the staff routes: the claims of a valid token, or undefined. */
  authorize: (token: string) => Promise<Record<string, string> | undefined>;
  /** Routes the local runtime serves itself (sign-in, keys, config, outbox). */
  local: (req: LocalRequest) => Promise<HttpResponse | undefined>;
  /** Streams attachment files (large bodies: never buffered); true when it answered. */
  files: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;
  /** The OpenID Connect provider at `/identity` (it reads its own bodies); true when it answered. */
  identity: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;
}

export interface Gateway {
  url: string;
  stop(): Promise<void>;
}

export function routesOf(functions: readonly LambdaFunction[]): Route[] {
  return functions.flatMap((fn) => {
    const t = fn.spec.trigger;
    if (t.kind !== 'http') return [];
    return [
      {
        method: t.method,
        segments: t.path.split('/').slice(1),
        routeKey: `${t.method} ${t.path}`,
        fn,
      },
    ];
  });
}

/** Matches as API Gateway does: literal segments before `{parameters}`. */
export function matchRoute(
  routes: Route[],
  method: string,
  path: string,
): (RouteMatch & { fn: LambdaFunction }) | undefined {
  const parts = path.split('/').slice(1);
  const candidates = routes
    .filter((r) => r.method === method && r.segments.length === parts.length)
    .map((r) => {
      const params: Record<string, string> = {};
      let literal = 0;
      for (const [i, segment] of r.segments.entries()) {
        const part = parts[i] ?? '';
        if (segment.startsWith('{') && segment.endsWith('}')) {
          if (part === '') return undefined;
          const value = decodeParameter(part);
          if (value === undefined) return undefined;
          params[segment.slice(1, -1)] = value;
        } else if (segment === part) {
          literal++;
        } else {
          return undefined;
        }
      }
      return { route: r, params, literal };
    })
    .filter((c) => c !== undefined)
    .sort((a, b) => b.literal - a.literal);
  const best = candidates[0];
  if (!best) return undefined;
  return {
    fn: best.route.fn,
    routeKey: best.route.routeKey,
    ...(Object.keys(best.params).length > 0 ? { pathParameters: best.params } : {}),
  };
}

/** A path parameter decoded, or undefined when its percent-escapes are broken (`%zz`, `%E0%A4`). */
function decodeParameter(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const routes = routesOf(options.functions);
  // As the HTTP API's `$default` route: a request no route matches goes to the manifest's
  // fallback function, which answers problem details; the gateway's own 404 is for a manifest
  // without one (test stacks).
  const fallbackFn = options.functions.find((fn) => fn.spec.trigger.kind === 'http-default');
  const fallback = fallbackFn && { fn: fallbackFn, routeKey: '$default' };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      options.log(`gateway: ${error.message}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"message":"Internal Server Error"}');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req.url ?? '/');
    if (!url) {
      return send(
        res,
        gatewayProblem(400, 'malformed-request', '请求格式不正确', '请求的地址无效。', {
          instance: '/',
        }),
      );
    }
    if (await options.files(req, res, url)) return;
    if (await options.identity(req, res, url)) return;
    const body = await readBody(req);
    if (body === undefined) return send(res, tooLarge(url));
    const method = (req.method ?? 'GET').toUpperCase();
    if (
      body.length > MAX_BODY_BYTES &&
      url.pathname.startsWith('/api/') &&
      !matchRoute(routes, method, url.pathname)
    ) {
      // The functions refuse a body over 1 MB themselves (functions/platform/http.ts), as in AWS;
      // the local stand-ins under /api/ (sign-in) must not take more than they do.
      return send(res, tooLarge(url));
    }
    const local = await options.local({ method, url, headers: req.headers, body });
    if (local) return send(res, local);
    // The API, and the staff pages the functions render (CloudFront sends `/staff/*` to the API
    // too); any other `/staff/…` address is the static site's.
    if (
      url.pathname === '/api' ||
      url.pathname.startsWith('/api/') ||
      matchRoute(routes, method, url.pathname)
    ) {
      return send(res, await api(req, method, url, body));
    }
    return staticFile(req, res, url);
  }

  async function api(
    req: IncomingMessage,
    method: string,
    url: URL,
    body: Buffer,
  ): Promise<HttpResponse> {
    const match = matchRoute(routes, method, url.pathname) ?? fallback;
    if (!match) {
      return gatewayProblem(404, 'no-route', '没有这个接口', '请检查请求的地址和方法。', {
        instance: url.pathname,
      });
    }
    const event = httpEvent({
      method,
      url,
      headers: req.headers,
      body,
      sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
      route: match,
    });
    // As CloudFront does on the API's behaviour: only the headers its policies pass reach the
    // function; whatever the client wrote in these two is replaced, the viewer's address is the
    // connection's, and the origin secret goes along.
    for (const name of Object.keys(event.headers)) {
      if (!reachesApi(name)) delete event.headers[name];
    }
    event.headers[ORIGIN_HEADER] = options.originSecret;
    event.headers['cloudfront-viewer-address'] =
      `${req.socket.remoteAddress ?? '127.0.0.1'}:${req.socket.remotePort ?? 0}`;
    const trigger = match.fn.spec.trigger;
    if (trigger.kind === 'http' && trigger.auth === 'staff') {
      // As the HTTP API's JWT authorizer: no valid bearer token, no invocation.
      const header = event.headers.authorization ?? '';
      const claims = header.startsWith('Bearer ')
        ? await options.authorize(header.slice(7))
        : undefined;
      if (!claims) {
        return gatewayProblem(
          401,
          'unauthorized',
          '需要登录',
          '请登录后再试。',
          { instance: url.pathname },
          { 'www-authenticate': 'Bearer' },
        );
      }
      Object.assign(event.requestContext, { authorizer: { jwt: { claims, scopes: null } } });
    }
    let response: HttpResponse;
    try {
      response = httpResponse((await match.fn.invoke(event)) as never);
    } catch (error) {
      options.log(`${match.fn.spec.name}: ${(error as Error).message}`);
      response = plain(500, '{"message":"Internal Server Error"}');
    }
    // A refusal (413 for a body, 403 for a non-administrator) is the client's to fix, not a
    // health report to merge with.
    const report = response.status < 400 || response.status >= 500;
    if (!report) return response;
    if (match.fn.spec.name === 'health') return withRuntimeHealth(response, 'public');
    if (match.fn.spec.name === 'staff-health') return withRuntimeHealth(response, 'detail');
    return response;
  }

  /**
   * The handler's answer with the runtime's own parts: the public health says only up or down
   * (issue 14: no dead-letter depths, nothing about the parts), the administrator's says all.
   */
  function withRuntimeHealth(response: ReturnType<typeof httpResponse>, view: 'public' | 'detail') {
    let reported: { components?: Record<string, string> } = {};
    try {
      reported = JSON.parse(response.body.toString('utf8'));
    } catch {
      // Not JSON: the handler failed; the components below still say what is up.
    }
    const { components: local, ...details } = options.runtimeHealth();
    const components = { ...reported.components, ...local };
    const up = response.status === 200 && Object.values(components).every((s) => s === 'up');
    const status = up ? 'up' : 'down';
    return {
      status: up ? 200 : 503,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
      body: Buffer.from(
        JSON.stringify(
          view === 'public' ? { status } : { ...reported, status, components, ...details },
        ),
      ),
    };
  }

  async function staticFile(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', ...SECURITY_HEADERS });
      res.end();
      return;
    }
    // A path with broken percent-escapes names no file: the site's 404, not a crash.
    const decoded = decodeParameter(url.pathname);
    let path = normalize(decoded ?? '/');
    if (path.includes('..')) path = '/';
    let file = decoded === undefined ? '' : join(options.siteDir, path);
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!url.pathname.endsWith('/')) {
        // To the normalised path with one leading slash: `//evil.example/..%2fstaff` once
        // redirected to `//evil.example/…`, another site (issue 16).
        const target = `/${path.replace(/^\/+/, '')}`.replace(/\/?$/, '/');
        res.writeHead(301, {
          location: `${encodeURI(target)}${url.search}`,
          ...SECURITY_HEADERS,
        });
        res.end();
        return;
      }
      file = join(file, 'index.html');
    }
    let status = 200;
    if (!existsSync(file) || !statSync(file).isFile()) {
      status = 404;
      file = join(options.siteDir, '404.html');
      if (!existsSync(file)) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
        res.end('404');
        return;
      }
    }
    res.writeHead(status, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': file.includes('/_astro/')
        ? 'public, max-age=31536000, immutable'
        : 'no-cache',
      // As CloudFront's response-headers policy adds them in AWS (infra/aws/constructs/site.ts),
      // from the same definition; no HSTS, since this is plain HTTP on loopback.
      ...SECURITY_HEADERS,
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new StartupError(
              `Port ${options.port} is taken. Stop what uses it, or set PORT to another port.`,
            )
          : error,
      ),
    );
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The gateway's own refusals as RFC 9457 problem details, like every other error of the API
 * (DESIGN.md §9): a client reads one error format, whoever answers.
 */
function gatewayProblem(
  status: number,
  type: string,
  title: string,
  detail: string,
  extra: { instance: string },
  headers: Record<string, string> = {},
): HttpResponse {
  const body = { type: `${PROBLEM_BASE}${type}`, title, status, detail, ...extra };
  return {
    status,
    headers: {
      'content-type': 'application/problem+json; charset=utf-8',
      'cache-control': 'no-store',
      ...headers,
    },
    body: Buffer.from(JSON.stringify(body)),
  };
}

const tooLarge = (url: URL) =>
  gatewayProblem(413, 'payload-too-large', '提交的内容太大', '请求正文不能超过 1 MB。', {
    instance: url.pathname,
  });

/**
 * The URL of a request target: a path (origin form; `//x` is a path here, not a host as a
 * relative URL would make it) or an absolute URL. Undefined when it is neither.
 */
function requestUrl(target: string): URL | undefined {
  try {
    return target.startsWith('/') ? new URL(`http://127.0.0.1${target}`) : new URL(target);
  } catch {
    return undefined;
  }
}

function plain(status: number, body: string, headers: Record<string, string> = {}): HttpResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: Buffer.from(body),
  };
}

/**
 * Writes an answer of the API, the pages or the gateway as CloudFront passes it on in AWS: its
 * response-headers policy (infra/aws/constructs/security-headers.ts, `override: false`) adds each
 * security header the answer does not set itself, JSON and problem details included. HSTS is
 * CloudFront's alone: it ends TLS, and the local runtime is plain HTTP.
 */
function send(res: ServerResponse, response: HttpResponse): void {
  const own = new Set(Object.keys(response.headers).map((name) => name.toLowerCase()));
  const added = Object.entries(SECURITY_HEADERS).filter(([name]) => !own.has(name));
  res.writeHead(response.status, { ...Object.fromEntries(added), ...response.headers });
  res.end(response.body);
}

/** The request body, or undefined when it is over API Gateway's limit. */
async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_PAYLOAD_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
