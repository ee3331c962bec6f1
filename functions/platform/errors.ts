/** Errors the handlers raise; one middleware maps them to problem details by `instanceof`. */
import type { FieldError } from '#contracts/problem.ts';

/** Base of every error that is the client's to fix; `status` is the HTTP status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly problemType: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
    /** Response headers the error carries (Retry-After…). */
    readonly headers: Record<string, string> = {},
  ) {
    super(title);
    this.name = new.target.name;
  }
}

export class ValidationError extends HttpError {
  constructor(readonly errors: FieldError[]) {
    super(400, 'validation', '提交的信息有问题', '请按提示修改后重新提交。');
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

export class UnsupportedMediaTypeError extends HttpError {
  constructor() {
    super(415, 'unsupported-media-type', '不支持的内容类型', '请以 application/json 提交。');
  }
}

export class TooManyRequestsHttpError extends HttpError {
  constructor(retryAfter: number) {
    const minutes = Math.max(1, Math.ceil(retryAfter / 60));
    super(
      429,
      'too-many-requests',
      '尝试次数过多',
      `为保护您的信息，请在 ${minutes} 分钟后再试。如果忘记了查询码，可以拨打 12345 政务服务便民热线。`,
      { retryAfter },
      { 'retry-after': String(retryAfter) },
    );
  }
}
