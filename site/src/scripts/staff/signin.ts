/**
 * Sign-in: the local identity provider (POST /api/session) or Amazon Cognito's InitiateAuth with
 * USER_PASSWORD_AUTH, whichever /config.json names. On success the token goes to sessionStorage
 * and the user to the inbox (or to the page a 401 sent them away from).
 */
import {
  clearErrors,
  type FieldError,
  linkSummary,
  type Problem,
  readJson,
  showFieldErrors,
  showProblem,
} from '../errors.ts';
import { byId } from './dom.ts';
import { currentSession, decodeClaims, storeToken } from './session.ts';

type AuthConfig = { auth: 'local' } | { auth: 'cognito'; region: string; clientId: string };

const form = byId<HTMLFormElement>('signin-form');
const summary = byId('error-summary');
const username = byId<HTMLInputElement>('f-username');
const password = byId<HTMLInputElement>('f-password');
const button = byId<HTMLButtonElement>('sign-in');
const announcer = byId('announcer');
const query = new URLSearchParams(location.search);

/** Only a staff page of this site: never an address that leaves it. */
function nextPage(): string {
  const next = query.get('next') ?? '';
  return /^\/staff\/[^/]/.test(next) && !next.startsWith('//') && !next.startsWith('/staff/?')
    ? next
    : '/staff/inbox/';
}

const notices: Record<string, string> = {
  expired: '登录已过期，请重新登录',
  signin: '请先登录',
  signedout: '您已退出登录',
};
const notice = Object.keys(notices).find((k) => query.has(k));
if (notice) {
  byId('signin-notice-text').textContent = notices[notice] ?? '';
  byId('signin-notice').hidden = false;
} else if (currentSession()) {
  location.replace(nextPage());
}

linkSummary(summary);
let config: Promise<AuthConfig> | null = null;
const loadConfig = () => {
  config ??= fetch('/config.json', { cache: 'no-store' }).then(async (r) => {
    if (!r.ok) throw new Error(`config ${r.status}`);
    return (await r.json()) as AuthConfig;
  });
  config.catch(() => {
    config = null;
  });
  return config;
};
void loadConfig().catch(() => undefined);

class SignInError extends Error {
  constructor(
    readonly title: string,
    readonly detail?: string,
    readonly errors: FieldError[] = [],
  ) {
    super(title);
  }
}

const UNAVAILABLE = new SignInError('暂时无法登录', '网络或系统暂时出了问题，请过几分钟再试。');

async function localSignIn(user: string, pass: string): Promise<string> {
  const response = await fetch('/api/session', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json, application/problem+json',
    },
    body: JSON.stringify({ username: user, password: pass }),
  });
  const body = await readJson<Problem & { token?: string }>(response);
  if (response.ok && typeof body?.token === 'string') return body.token;
  if (response.status === 400 && body?.errors?.length)
    throw new SignInError('', undefined, body.errors);
  if (response.status === 401 || response.status === 403 || response.status === 429) {
    throw new SignInError(body?.title ?? '用户名或密码不正确', body?.detail);
  }
  throw UNAVAILABLE;
}

/**
 * Cognito's user-pool API in the region: the China regions (cn-north-1, cn-northwest-1) are a
 * separate partition under amazonaws.com.cn. A region that is not a region name is refused, so
 * a bad /config.json cannot send the password to another host.
 */
function cognitoEndpoint(region: string): string {
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw UNAVAILABLE;
  const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://cognito-idp.${region}.${domain}/`;
}

async function cognitoSignIn(c: { region: string; clientId: string }, user: string, pass: string) {
  const response = await fetch(cognitoEndpoint(c.region), {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth',
    },
    body: JSON.stringify({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: c.clientId,
      AuthParameters: { USERNAME: user, PASSWORD: pass },
    }),
  });
  const body = await readJson<{
    AuthenticationResult?: { IdToken?: string };
    ChallengeName?: string;
    __type?: string;
    message?: string;
  }>(response);
  const token = body?.AuthenticationResult?.IdToken;
  if (response.ok && token) return token;
  if (response.ok && body?.ChallengeName) {
    throw new SignInError('这个账号需要先设置新密码', '请联系系统管理员为您重设密码后再登录。');
  }
  const type = (body?.__type ?? '').split('#').pop();
  if (type === 'NotAuthorizedException' || type === 'UserNotFoundException') {
    throw new SignInError('用户名或密码不正确', '请核对后再试。多次输错，账号会被暂时锁定。');
  }
  if (type === 'PasswordResetRequiredException') {
    throw new SignInError('需要重设密码', '请联系系统管理员为您重设密码。');
  }
  if (type === 'UserNotConfirmedException') {
    throw new SignInError('账号尚未启用', '请联系系统管理员。');
  }
  if (type === 'TooManyRequestsException' || type === 'LimitExceededException') {
    throw new SignInError('尝试次数过多', '请过几分钟再试。');
  }
  throw UNAVAILABLE;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (button.disabled) return;
  const user = username.value.trim();
  const pass = password.value;
  const errors: FieldError[] = [];
  if (!user) errors.push({ pointer: '/username', detail: '请填写用户名' });
  if (!pass) errors.push({ pointer: '/password', detail: '请填写密码' });
  if (errors.length) return showFieldErrors(form, summary, errors);

  button.disabled = true;
  announcer.textContent = '正在登录，请稍候';
  try {
    const c = await loadConfig().catch(() => {
      throw UNAVAILABLE;
    });
    const token =
      c.auth === 'cognito' ? await cognitoSignIn(c, user, pass) : await localSignIn(user, pass);
    if (!decodeClaims(token)) throw UNAVAILABLE;
    storeToken(token);
    clearErrors(form, summary);
    location.assign(nextPage());
  } catch (error) {
    const e = error instanceof SignInError ? error : UNAVAILABLE;
    if (e.errors.length) showFieldErrors(form, summary, e.errors);
    else showProblem(form, summary, e.title, e.detail);
    password.value = '';
  } finally {
    button.disabled = false;
    announcer.textContent = '';
  }
});
