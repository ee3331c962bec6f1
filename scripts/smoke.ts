/**
 * `npm run smoke -- <base-url>`: the deploy's own smoke test (issue 14). It checks a running site
 * end to end over HTTP only, as a browser with JavaScript off would (plus the two requests the case
 * page's upload script makes), following the site's own links and forms, and prints one line per
 * check (✓ or ✗) and exits 0 only when every check passed.
 *
 *   SMOKE_USER=… SMOKE_PASSWORD=… npm run smoke -- https://<SiteUrl>
 *   npm run smoke -- http://127.0.0.1:4321 --user office.staff   (password from SMOKE_PASSWORD)
 *
 * The test account must belong to the joint office (unit `office`, role staff or head): only the
 * office may both attach a file to a case it does not hold and ask for an on-demand report. The
 * sign-in expects the identity provider's login page to be a plain HTML form with a user-name and
 * a password field (README, "Smoke test"). What a run leaves behind is in the README too: every
 * case it files has the payer name 「冒烟测试」.
 *
 * Imports nothing but Node and the pure domain (to make a valid ID number): it runs against AWS
 * from an operator's checkout without any AWS credentials.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { makeResidentId } from '#core/identifiers.ts';
import { shanghaiDate } from '#core/time.ts';

const USER_AGENT = 'si-disputes-smoke/1 (npm run smoke)';

/** The payer name of every smoke case: how operators find (and purge) what smoke runs left. */
const SMOKE_PAYER_NAME = '冒烟测试';

const USAGE = `Usage: npm run smoke -- <base-url> [--user <name>] [--password <password>] [--public-only]

  <base-url>   the site's address: the stack output SiteUrl, or http://127.0.0.1:4321 locally
  --user       the test account (default: SMOKE_USER); an account of the joint office (office)
  --password   its password (default: SMOKE_PASSWORD; prefer the variable: arguments show in ps)
  --timeout    seconds to wait for one answer (default 30)
  --public-only  the payer's checks only, without a test account: for a deployment whose login
               page is no plain HTML form (Cognito's managed login); the staff checks are listed
               as not run

Files one case with the payer name 「${SMOKE_PAYER_NAME}」, attaches one small PDF to it and asks for
one on-demand report (README, "Smoke test"). Exit code 0 when every check run passed, 1 when
one failed, 2 for a wrong command line.`;

interface Options {
  base: URL;
  user: string;
  password: string;
  timeoutMs: number;
  /** Skip the staff checks (no test account needed). */
  publicOnly: boolean;
}

function parseArgs(argv: string[]): Options | string {
  let base: string | undefined;
  let user = process.env.SMOKE_USER ?? '';
  let password = process.env.SMOKE_PASSWORD ?? '';
  let timeout = 30;
  let publicOnly = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (['--user', '--password', '--timeout'].includes(arg) && argv[i + 1] === undefined) {
      return `${arg} needs a value.\n\n${USAGE}`;
    }
    const value = () => argv[++i] ?? '';
    if (arg === '--help' || arg === '-h') return USAGE;
    else if (arg === '--user') user = value();
    else if (arg === '--password') password = value();
    else if (arg === '--timeout') timeout = Number(value());
    else if (arg === '--public-only') publicOnly = true;
    else if (arg.startsWith('--')) return `Unknown option ${arg}.\n\n${USAGE}`;
    else if (base === undefined) base = arg;
    else return `Only one base URL, please.\n\n${USAGE}`;
  }
  if (!base) return `The site's base URL is missing.\n\n${USAGE}`;
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return `Not a URL: ${base}`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `Not an http(s) URL: ${base}`;
  if (!publicOnly && (!user || !password)) {
    return `The test account is missing: set SMOKE_USER and SMOKE_PASSWORD (or --user/--password).\n\n${USAGE}`;
  }
  if (!Number.isFinite(timeout) || timeout <= 0) return '--timeout takes a number of seconds.';
  // The site's origin: every path below is the site's own.
  return { base: new URL(url.origin), user, password, timeoutMs: timeout * 1000, publicOnly };
}

// ── A browser without JavaScript, over fetch ──────────────────────────────────────────────────

interface Cookie {
  name: string;
  value: string;
  /** The host it was set by (host-only) or the Domain attribute's. */
  domain: string;
  hostOnly: boolean;
  path: string;
}

interface Answer {
  status: number;
  url: URL;
  headers: Headers;
  body: Buffer;
  text: string;
}

/**
 * Cookies kept per host and path as a browser keeps them: the site and a provider on another
 * origin (Cognito's managed login, the county's IdP) each get only their own. Redirects are
 * followed by hand so that every hop's cookies are stored.
 */
class Browser {
  private cookies: Cookie[] = [];

  private readonly timeoutMs: number;
  constructor(timeoutMs: number) {
    this.timeoutMs = timeoutMs;
  }

  private cookieHeader(url: URL): string {
    return this.cookies
      .filter((c) =>
        c.hostOnly
          ? url.hostname === c.domain
          : url.hostname === c.domain || url.hostname.endsWith(`.${c.domain}`),
      )
      .filter(
        (c) =>
          c.path === '/' ||
          url.pathname === c.path ||
          url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`),
      )
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  private store(url: URL, line: string): void {
    const [pair = '', ...attributes] = line.split(/;\s*/);
    const at = pair.indexOf('=');
    if (at <= 0) return;
    const name = pair.slice(0, at).trim();
    const value = pair.slice(at + 1).trim();
    const attr = (key: string) =>
      attributes
        .find((a) => a.toLowerCase().startsWith(`${key}=`))
        ?.slice(key.length + 1)
        .trim();
    const domainAttr = attr('domain')?.replace(/^\./, '').toLowerCase();
    const domain = domainAttr || url.hostname;
    const rawPath = attr('path');
    // RFC 6265 5.1.4: without a Path, the directory of the request's path.
    const path = rawPath?.startsWith('/')
      ? rawPath
      : url.pathname.slice(0, url.pathname.lastIndexOf('/')) || '/';
    this.cookies = this.cookies.filter(
      (c) => !(c.name === name && c.domain === domain && c.path === path),
    );
    const expires = attr('expires');
    const gone = attr('max-age') === '0' || (expires && Date.parse(expires) <= Date.now());
    if (!gone) this.cookies.push({ name, value, domain, hostOnly: !domainAttr, path });
  }

  /** Names of the cookies an answer set, for the report line. */
  static setCookieNames(headers: Headers): string[] {
    return headers.getSetCookie().map((line) => line.slice(0, line.indexOf('=')));
  }

  async request(
    url: URL | string,
    init: {
      method?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
      /**
       * Send and keep no cookies: a presigned URL must work on its own (in AWS it is S3's origin,
       * to which the browser sends none of the site's).
       */
      anonymous?: boolean;
    } = {},
  ): Promise<Answer> {
    const target = new URL(url);
    const cookie = init.anonymous ? '' : this.cookieHeader(target);
    const res = await fetch(target, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        accept: 'text/html,application/xhtml+xml,*/*;q=0.8',
        // Named, so that operators can tell the smoke's requests in the access logs, and so that
        // the WAF's common rules (which block requests without one) let it through.
        'user-agent': USER_AGENT,
        'accept-language': 'zh-CN,zh;q=0.9',
        ...(cookie ? { cookie } : {}),
        ...init.headers,
      },
      ...(init.body === undefined
        ? {}
        : {
            body: typeof init.body === 'string' ? init.body : new Blob([new Uint8Array(init.body)]),
          }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!init.anonymous) for (const line of res.headers.getSetCookie()) this.store(target, line);
    const body = Buffer.from(await res.arrayBuffer());
    return { status: res.status, url: target, headers: res.headers, body, text: body.toString() };
  }

  /** Follows redirects from an answer until a page; `hops` lists every address passed. */
  async follow(first: Answer, hops: URL[] = []): Promise<Answer> {
    let res = first;
    for (let n = 0; n < 15; n++) {
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return res;
      const next = new URL(location, res.url);
      hops.push(next);
      res = await this.request(next);
    }
    throw new Error(`more than 15 redirects from ${first.url.pathname}`);
  }

  async get(url: URL | string, hops?: URL[]): Promise<Answer> {
    return this.follow(await this.request(url), hops);
  }

  /** Posts a form as a browser does from the page it is on (its Origin and Referer). */
  async post(from: Answer, form: Form, fields: Record<string, string>): Promise<Answer> {
    const body = new URLSearchParams(form.fields);
    for (const [k, v] of Object.entries(fields)) body.set(k, v);
    return this.request(new URL(form.action || from.url.href, from.url), {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: from.url.origin,
        referer: from.url.href,
      },
      body: body.toString(),
    });
  }
}

// ── Reading pages ─────────────────────────────────────────────────────────────────────────────

const decode = (s: string) =>
  s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    const name = (m[1] ?? '').toLowerCase();
    if (name.startsWith('<')) continue;
    out[name] = decode(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

interface Form {
  action: string;
  method: string;
  attrs: Record<string, string>;
  /** Every named input with its value (hidden fields included), as the browser would send. */
  fields: [string, string][];
  /** The named inputs by type, to find the user-name and password fields. */
  inputs: { name: string; type: string; autocomplete: string }[];
}

/** The forms of a page. A regular expression is enough for the pages a smoke test reads. */
function formsOf(page: string): Form[] {
  return [...page.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)].map((m) => {
    const attrs = attributes(m[1] ?? '');
    const inputs: Form['inputs'] = [];
    const fields: [string, string][] = [];
    for (const t of (m[2] ?? '').matchAll(/<input\b[^>]*>/gi)) {
      const a = attributes(t[0].slice(6));
      if (!a.name) continue;
      const type = (a.type ?? 'text').toLowerCase();
      inputs.push({ name: a.name, type, autocomplete: a.autocomplete ?? '' });
      if (['submit', 'button', 'image', 'file', 'reset'].includes(type)) continue;
      if ((type === 'checkbox' || type === 'radio') && !('checked' in a)) continue;
      fields.push([a.name, a.value ?? (type === 'checkbox' ? 'on' : '')]);
    }
    return {
      action: attrs.action ?? '',
      method: (attrs.method ?? 'get').toLowerCase(),
      attrs,
      fields,
      inputs,
    };
  });
}

const titleOf = (page: string) => decode(/<title[^>]*>([^<]*)<\/title>/i.exec(page)?.[1] ?? '');

/** The `href`s of a page's links, resolved against it. */
function linksOf(page: Answer): URL[] {
  return [...page.text.matchAll(/<a\b[^>]*\bhref\s*=\s*"([^"]*)"/gi)].flatMap((m) => {
    try {
      return [new URL(decode(m[1] ?? ''), page.url)];
    } catch {
      return [];
    }
  });
}

function linkTo(page: Answer, test: (u: URL) => boolean): URL | undefined {
  return linksOf(page).find((u) => u.origin === page.url.origin && test(u));
}

// ── Checks ────────────────────────────────────────────────────────────────────────────────────

class CheckFailed extends Error {}

function expect(ok: unknown, message: string): asserts ok {
  if (!ok) throw new CheckFailed(message);
}

/** A short description of an unexpected answer: status and, for problem details, their title. */
function describe(res: Answer): string {
  const type = res.headers.get('content-type') ?? '';
  if (/json/.test(type)) {
    try {
      const body = JSON.parse(res.text) as { title?: unknown; detail?: unknown };
      return `${res.status} ${String(body.title ?? '')} ${String(body.detail ?? '')}`.trim();
    } catch {
      // Not JSON after all: the status says enough.
    }
  }
  const title = titleOf(res.text);
  return `${res.status}${title ? ` 「${title}」` : ''} (${res.url.pathname})`;
}

/** Today in the county (Asia/Shanghai), YYYY-MM-DD: the day an on-demand report covers. */
function countyToday(): string {
  return shanghaiDate(new Date());
}

/**
 * A valid resident ID number born on a random day of 1900: recognisable as the smoke's (nobody
 * who files is born then), and different at every run, so that smoke cases never add up to a
 * "repeated payer" in the reports.
 */
function smokeIdNumber(): string {
  const day = new Date(Date.UTC(1900, 0, 1) + randomInt(365) * 86_400_000);
  const birth = day.toISOString().slice(0, 10).replaceAll('-', '');
  return makeResidentId('150426', birth, String(randomInt(1000)).padStart(3, '0'));
}

/** A minimal PDF: the one attachment, small enough for any limit. */
const SMOKE_PDF = Buffer.from('%PDF-1.4\n% smoke test 冒烟测试\n%%EOF\n');

interface Result {
  /** Passed, failed, or not run on purpose (`--public-only`). */
  outcome: 'passed' | 'failed' | 'not-run';
  line: string;
}

/** Runs every check in order; a check that needs an earlier one's result is skipped as failed. */
async function runSmoke(o: Options, print: (line: string) => void): Promise<Result[]> {
  const results: Result[] = [];
  const browser = new Browser(o.timeoutMs);
  const site = (path: string) => new URL(path, o.base);

  async function check<T>(name: string, fn: () => Promise<[T, string]>): Promise<T | undefined> {
    try {
      const [value, detail] = await fn();
      const line = `✓ ${name}：${detail}`;
      results.push({ outcome: 'passed', line });
      print(line);
      return value;
    } catch (error) {
      const reason =
        error instanceof CheckFailed
          ? error.message
          : `${(error as Error).name}: ${(error as Error).message}`;
      const line = `✗ ${name}：${reason}`;
      results.push({ outcome: 'failed', line });
      print(line);
      return undefined;
    }
  }
  function skip(name: string, because: string): void {
    const line = `✗ ${name}：未检查（${because}）`;
    results.push({ outcome: 'failed', line });
    print(line);
  }

  // 1. The start page, as a payer first sees it.
  const start = await check('首页', async () => {
    const res = await browser.get(site('/'));
    const title = titleOf(res.text);
    expect(res.status === 200, `期望 200，得到 ${describe(res)}`);
    expect(
      title.startsWith('首页') && title.includes('社会保险费征缴争议'),
      `标题不对：「${title}」`,
    );
    return [res, `200 「${title}」`];
  });

  // 2. Intake through the public API (DESIGN §9), as the site's script sends it.
  const filed = await check('提交争议 POST /api/cases', async () => {
    const res = await browser.request(site('/api/cases'), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify({
        payer: {
          kind: 'person',
          name: SMOKE_PAYER_NAME,
          idNumber: smokeIdNumber(),
          // A landline: nobody is texted (SMS go to mobiles only), and it is plainly not a payer's.
          phone: '0476-0000000',
        },
        // `other` goes to the joint office's triage: no member unit is given the smoke's work.
        matters: [{ type: 'other', insurance: [], period: { from: '2024-06', to: '2024-06' } }],
        description: '冒烟测试：部署后的自动检查，不是真实的争议，请勿办理。',
        consent: true,
      }),
    });
    expect(res.status === 201, `期望 201，得到 ${describe(res)}`);
    const body = JSON.parse(res.text) as { caseNumber?: string; accessCode?: string };
    expect(body.caseNumber && body.accessCode, '回答里没有受理编号或查询码');
    return [
      { caseNumber: body.caseNumber, accessCode: body.accessCode },
      `201，受理编号 ${body.caseNumber}`,
    ];
  });

  // 3. The case with its access code, and 4. a wrong code.
  if (filed) {
    const casePath = site(`/api/cases/${encodeURIComponent(filed.caseNumber)}`);
    await check('凭查询码查看案件 GET /api/cases/{n}', async () => {
      const res = await browser.request(casePath, {
        headers: { accept: 'application/json', 'x-access-code': filed.accessCode },
      });
      expect(res.status === 200, `期望 200，得到 ${describe(res)}`);
      const body = JSON.parse(res.text) as { caseNumber?: string; status?: string };
      expect(body.caseNumber === filed.caseNumber, `回答的受理编号是 ${body.caseNumber}`);
      return [undefined, `200，状态 ${body.status}`];
    });
    await check('查询码错误时 404', async () => {
      // Another code of the same alphabet: a wrong code, not a malformed one.
      const last = filed.accessCode.at(-1) === 'A' ? 'B' : 'A';
      const res = await browser.request(casePath, {
        headers: {
          accept: 'application/json',
          'x-access-code': filed.accessCode.slice(0, -1) + last,
        },
      });
      expect(res.status === 404, `期望 404，得到 ${describe(res)}`);
      return [undefined, '404'];
    });
  } else {
    skip('凭查询码查看案件 GET /api/cases/{n}', '没有提交成功的案件');
    skip('查询码错误时 404', '没有提交成功的案件');
  }

  // 5. The payer's look-up form, reached from the start page's link: 303 with its cookie.
  if (start && filed) {
    await check('查询表单 303 和 Cookie', async () => {
      const link = linkTo(start, (u) => u.pathname === '/status/');
      expect(link, '首页没有「查看办理进度」的链接（/status/）');
      const page = await browser.get(link);
      expect(page.status === 200, `查询页：${describe(page)}`);
      const form = formsOf(page.text).find((f) => f.method === 'post');
      expect(form, '查询页没有表单');
      const res = await browser.post(page, form, {
        caseNumber: filed.caseNumber,
        accessCode: filed.accessCode,
      });
      expect(res.status === 303, `期望 303，得到 ${describe(res)}`);
      const set = Browser.setCookieNames(res.headers);
      expect(set.length > 0, '303 没有设置 Cookie');
      const shown = await browser.follow(res);
      expect(shown.status === 200, `跳转后的页面：${describe(shown)}`);
      expect(shown.text.includes(filed.caseNumber), '跳转后的页面没有显示这个案件');
      return [
        undefined,
        `303 → ${new URL(res.headers.get('location') ?? '', res.url).pathname}，Cookie ${set.join(', ')}`,
      ];
    });
  } else {
    skip('查询表单 303 和 Cookie', start ? '没有提交成功的案件' : '首页没有打开');
  }

  if (o.publicOnly) {
    for (const name of ['工作人员登录', '收件箱页面', '附件上传和下载', 'XLSX 报表下载']) {
      const line = `– ${name}：未运行（--public-only）`;
      results.push({ outcome: 'not-run', line });
      print(line);
    }
    return results;
  }

  // 6. Staff sign-in through the provider's login form, back with a session, 7. the inbox.
  const inbox = await check('工作人员登录', async () => {
    const entrance = await browser.get(site('/staff/'));
    expect(entrance.status === 200, `工作人员入口 /staff/：${describe(entrance)}`);
    const signIn = linkTo(entrance, (u) => u.pathname === '/staff/sign-in');
    expect(signIn, '工作人员入口没有登录链接（/staff/sign-in）');
    const hops: URL[] = [];
    const login = await browser.get(signIn, hops);
    expect(login.status === 200, `登录页：${describe(login)}`);
    const form = formsOf(login.text).find((f) => f.inputs.some((i) => i.type === 'password'));
    expect(
      form,
      `登录页 ${login.url.origin}${login.url.pathname} 没有用户名和密码的 HTML 表单（需要脚本的登录页，冒烟测试填写不了）`,
    );
    const userField =
      form.inputs.find((i) => i.autocomplete === 'username') ??
      form.inputs.find((i) => /user|login|email|account|name/i.test(i.name) && i.type !== 'hidden');
    const passwordField = form.inputs.find((i) => i.type === 'password');
    expect(userField && passwordField, '登录表单里找不到用户名或密码的输入框');
    const submitted = await browser.post(login, form, {
      [userField.name]: o.user,
      [passwordField.name]: o.password,
    });
    const back: URL[] = [];
    const page = await browser.follow(submitted, back);
    // The login form again: the provider did not take the account (its message is on the page).
    const refused = formsOf(page.text).some((f) => f.inputs.some((i) => i.type === 'password'));
    expect(!refused, `身份提供方没有接受这个用户名和密码：${describe(page)}`);
    expect(
      page.url.origin === o.base.origin && page.url.pathname.startsWith('/staff/'),
      `登录没有成功：${describe(page)}`,
    );
    expect(
      back.some((u) => u.origin === o.base.origin && u.pathname === '/staff/callback'),
      '没有经过 /staff/callback 回到本站',
    );
    expect(page.status === 200, `登录后的页面：${describe(page)}`);
    const provider = login.url.origin === o.base.origin ? '本站的身份提供方' : login.url.origin;
    return [page, `经 ${provider} 登录，回到 ${page.url.pathname}`];
  });
  let signedIn = false;
  if (inbox) {
    signedIn =
      (await check('收件箱页面', async () => {
        const res =
          inbox.url.pathname === '/staff/inbox' ? inbox : await browser.get(site('/staff/inbox'));
        const title = titleOf(res.text);
        expect(res.status === 200, `期望 200，得到 ${describe(res)}`);
        expect(title.includes('待办事项'), `不是收件箱：「${title}」`);
        return [true, `200 「${title}」`];
      })) ?? false;
  } else skip('收件箱页面', '没有登录');

  // 8. One attachment: asked for as the case page's upload script asks, PUT to the presigned URL,
  // downloaded through the case page's link and the presigned URL it leads to.
  if (signedIn && filed) {
    await check('附件上传和下载', async () => {
      const caseUrl = site(`/staff/cases/${encodeURIComponent(filed.caseNumber)}`);
      const page = await browser.get(caseUrl);
      expect(page.status === 200, `案件页面：${describe(page)}`);
      const form = formsOf(page.text).find((f) => f.attrs['data-upload'] !== undefined);
      expect(form, '案件页面没有上传表单：测试账号应是工作室（office）的工作人员');
      const csrf = form.fields.find(([name]) => name === 'csrf')?.[1] ?? '';
      const name = `${SMOKE_PAYER_NAME}.pdf`;
      const asked = await browser.request(new URL(form.action, page.url), {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          origin: page.url.origin,
          referer: page.url.href,
        },
        body: new URLSearchParams({
          csrf,
          name,
          contentType: 'application/pdf',
          size: String(SMOKE_PDF.length),
        }).toString(),
      });
      expect(asked.status === 201, `登记附件：期望 201，得到 ${describe(asked)}`);
      const { attachment, upload } = JSON.parse(asked.text) as {
        attachment: { id: string };
        upload: { url: string; method?: string; headers?: Record<string, string> };
      };
      const put = await browser.request(new URL(upload.url, page.url), {
        method: upload.method ?? 'PUT',
        headers: upload.headers ?? {},
        body: SMOKE_PDF,
        anonymous: true,
      });
      expect(put.status >= 200 && put.status < 300, `上传到签名地址：${describe(put)}`);
      const after = await browser.get(caseUrl);
      const link = linkTo(after, (u) =>
        u.pathname.endsWith(`/attachments/${encodeURIComponent(attachment.id)}`),
      );
      expect(link, '案件页面没有列出刚上传的附件');
      const toFile = await browser.request(link);
      const location = toFile.headers.get('location');
      expect(toFile.status === 303 && location, `下载链接：期望 303，得到 ${describe(toFile)}`);
      const file = await browser.request(new URL(location, toFile.url), { anonymous: true });
      expect(file.status === 200, `从签名地址下载：${describe(file)}`);
      expect(file.body.equals(SMOKE_PDF), '下载的内容和上传的不一样');
      return [undefined, `${SMOKE_PDF.length} 字节上传并下载一致`];
    });
  } else skip('附件上传和下载', signedIn ? '没有提交成功的案件' : '没有登录');

  // 9. An on-demand report over today, and its XLSX download from the report page's link.
  if (signedIn) {
    await check('XLSX 报表下载', async () => {
      const inboxPage = await browser.get(site('/staff/inbox'));
      const reportsLink =
        linkTo(inboxPage, (u) => u.pathname === '/staff/reports') ?? site('/staff/reports');
      const reports = await browser.get(reportsLink);
      expect(reports.status === 200, `报告页面：${describe(reports)}`);
      const form = formsOf(reports.text).find(
        (f) => f.method === 'post' && f.fields.some(([n]) => n === 'from'),
      );
      expect(form, '报告页面没有「生成专题统计」表单：测试账号应是工作室或领导小组的');
      const today = countyToday();
      const made = await browser.post(reports, form, { from: today, to: today });
      expect(made.status === 303, `生成专题统计：期望 303，得到 ${describe(made)}`);
      const report = await browser.follow(made);
      expect(report.status === 200, `报告页面：${describe(report)}`);
      const xlsx = linkTo(report, (u) => u.searchParams.get('format') === 'xlsx');
      expect(xlsx, '报告页面没有 XLSX 下载链接');
      const file = await browser.request(xlsx);
      expect(file.status === 200, `下载 XLSX：${describe(file)}`);
      const type = file.headers.get('content-type') ?? '';
      expect(type.includes('spreadsheetml'), `内容类型是 ${type}`);
      // An XLSX file is a ZIP archive: it starts with the local file header's signature.
      expect(file.body.subarray(0, 4).equals(Buffer.from('PK\x03\x04')), '不是 XLSX（ZIP）文件');
      return [undefined, `${report.url.pathname}，${file.body.length} 字节`];
    });
  } else skip('XLSX 报表下载', '没有登录');

  return results;
}

/** The command: parse, run, print a summary, and set the exit code. */
async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  if (typeof options === 'string') {
    const help = options === USAGE;
    (help ? console.log : console.error)(options);
    return help ? 0 : 2;
  }
  const who = options.publicOnly ? '只检查公众部分' : `账号 ${options.user}`;
  console.log(`冒烟测试 ${options.base.origin}（${who}）`);
  const results = await runSmoke(options, (line) => console.log(line));
  const count = (outcome: Result['outcome']) => results.filter((r) => r.outcome === outcome).length;
  const [passed, failed, notRun] = [count('passed'), count('failed'), count('not-run')];
  const rest = notRun > 0 ? `，${notRun} 项未运行` : '';
  console.log(
    failed === 0
      ? `全部 ${passed} 项通过${rest}。`
      : `${failed} 项未通过（共 ${passed + failed} 项${rest}）。`,
  );
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
