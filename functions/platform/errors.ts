/** Errors the handlers raise; one middleware maps them to problem details by `instanceof`. */
import type { FieldError } from '#contracts/problem.ts';

/** Base of every error that is the client's to fix; `status` is the HTTP status. */
export class HttpError extends Error {
  readonly status: number;
  readonly problemType: string;
  readonly title: string;
  readonly detail?: string;
  readonly extensions: Record<string, unknown>;
  /** Response headers the error carries (Retry-After…). */
  readonly headers: Record<string, string>;
  constructor(
    status: number,
    problemType: string,
    title: string,
    detail?: string,
    extensions: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    super(title);
    this.status = status;
    this.problemType = problemType;
    this.title = title;
    this.detail = detail;
    this.extensions = extensions;
    this.headers = headers;
    this.name = new.target.name;
  }
}

export class ValidationError extends HttpError {
  readonly errors: FieldError[];
  constructor(errors: FieldError[]) {
    super(400, 'validation', '提交的信息有问题', '请按提示修改后重新提交。');
    this.errors = errors;
  }
}

export class MalformedRequestError extends HttpError {
  constructor(detail: string) {
    super(400, 'malformed-request', '请求格式不正确', detail);
  }
}

export class NotFoundError extends HttpError {
  constructor(detail = '没有找到这个案件，或查询码不正确。') {
    super(404, 'not-found', '没有找到', detail);
  }
}

/** A request the API has no route for (its `$default` route, functions/handlers/http/no-route.ts). */
export class NoRouteError extends HttpError {
  constructor() {
    super(404, 'no-route', '没有这个接口', '请检查请求的地址和方法。');
  }
}

export class ConflictError extends HttpError {
  constructor(detail: string) {
    super(409, 'conflict', '操作冲突', detail);
  }
}

export class ForbiddenError extends HttpError {
  constructor(detail = '您没有权限进行这项操作。') {
    super(403, 'forbidden', '没有权限', detail);
  }
}

export class UnprocessableError extends HttpError {
  constructor(problemType: string, detail: string) {
    super(422, problemType, '无法处理这个请求', detail);
  }
}

export class PayloadTooLargeError extends HttpError {
  constructor() {
    super(413, 'payload-too-large', '提交的内容太大', '请求正文不能超过 1 MB。');
  }
}

/** A write the store would refuse for its size: nothing was written (issue 16). */
export class RecordTooLargeHttpError extends HttpError {
  constructor(what: 'case' | 'draft') {
    super(
      413,
      'record-too-large',
      '内容太多，无法保存',
      what === 'case'
        ? '这件案件的记录已经很多，这次填写的文字无法再保存。请精简文字；较长的材料请作为附件上传。没有保存任何内容。'
        : '填写的内容太多，无法保存。请精简文字后再试。没有保存任何内容。',
    );
  }
}

export class UnsupportedMediaTypeError extends HttpError {
  constructor() {
    super(415, 'unsupported-media-type', '不支持的内容类型', '请以 application/json 提交。');
  }
}

/** A limit's window in words: 每小时, 每 N 小时, or 短时间内 for a window of minutes. */
function perWindow(windowSeconds: number): string {
  const hours = windowSeconds / 3600;
  return hours === 1 ? '每小时' : Number.isInteger(hours) ? `每 ${hours} 小时` : '短时间内';
}

/**
 * The intake limit (issue 14): says that cases were filed too often from this network, how many
 * it takes, when to try again, and where to turn if it cannot wait.
 */
export class IntakeLimitHttpError extends HttpError {
  constructor(retryAfter: number, rule: { limit: number; windowSeconds: number }) {
    const minutes = Math.max(1, Math.ceil(retryAfter / 60));
    const per = perWindow(rule.windowSeconds);
    super(
      429,
      'too-many-requests',
      '提交太频繁了',
      `提交太频繁了。为防止滥用，同一网络${per}最多提交 ${rule.limit} 件，请 ${minutes} 分钟后再试；急事请拨打 12345。`,
      { retryAfter },
      { 'retry-after': String(retryAfter) },
    );
  }
}

/** The draft limit (issue 16): applications begun too often from this network. */
export class DraftLimitHttpError extends HttpError {
  constructor(retryAfter: number, rule: { limit: number; windowSeconds: number }) {
    const minutes = Math.max(1, Math.ceil(retryAfter / 60));
    super(
      429,
      'too-many-requests',
      '开始填写的申请太多了',
      `为防止滥用，同一网络${perWindow(rule.windowSeconds)}最多开始填写 ${rule.limit} 份申请，请 ${minutes} 分钟后再试；已经开始填写的申请可以继续。急事请拨打 12345。`,
      { retryAfter },
      { 'retry-after': String(retryAfter) },
    );
  }
}

/**
 * A write that kept meeting concurrent ones in the table until its retries ran out (issue 14,
 * point 7): nothing was stored, and trying again shortly will work. Not a 500: nothing is broken.
 */
export class ServiceBusyHttpError extends HttpError {
  constructor(retryAfter: number) {
    super(
      503,
      'busy',
      '系统正忙',
      '现在同时办理的人较多，这次没有办成，也没有保存任何内容。请稍等几秒钟再试一次。',
      { retryAfter },
      { 'retry-after': String(retryAfter) },
    );
  }
}

/** A wait in words: minutes under an hour, else hours (the day's backoff, issue 16). */
export function waitInWords(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return minutes < 60 ? `${minutes} 分钟` : `${Math.ceil(minutes / 60)} 小时`;
}

export class TooManyRequestsHttpError extends HttpError {
  constructor(retryAfter: number) {
    super(
      429,
      'too-many-requests',
      '尝试次数过多',
      `为保护您的信息，请在 ${waitInWords(retryAfter)}后再试。如果忘记了查询码，可以在查询页面点“忘记查询码？”，用证件号码和登记的手机号码重新获取，也可以拨打 12345 政务服务便民热线。`,
      { retryAfter },
      { 'retry-after': String(retryAfter) },
    );
  }
}
