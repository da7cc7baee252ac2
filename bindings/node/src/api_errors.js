// Errors in the shape the OpenAI SDK for JS throws, so code written against it handles ours unchanged:
// `status`, `error` (the endpoint's error object), `code`, `param`, `type`, `headers`, and a message
// "<status> <endpoint's message>"; one subclass per status family, and APIConnectionError without a status.

export class APIError extends Error {
  constructor(status, error, message, headers) {
    super(APIError.makeMessage(status, error, message));
    this.name = this.constructor.name;
    this.status = status;
    this.headers = headers;
    this.error = error;
    this.code = error?.code ?? null;
    this.param = error?.param ?? null;
    this.type = error?.type ?? null;
  }

  static makeMessage(status, error, message) {
    const text = error?.message
      ? (typeof error.message === "string" ? error.message : JSON.stringify(error.message))
      : error ? JSON.stringify(error) : message;
    if (status && text) return `${status} ${text}`;
    if (status) return `${status} status code (no body)`;
    return text || "(no status code or body)";
  }

  /** The subclass for an HTTP status, as the SDK chooses it. */
  static generate(status, error, message, headers) {
    const cls = STATUS_CLASSES[status] ?? (status >= 500 ? InternalServerError : APIError);
    return new cls(status, error, message, headers);
  }
}

export class BadRequestError extends APIError {}
export class AuthenticationError extends APIError {}
export class PermissionDeniedError extends APIError {}
export class NotFoundError extends APIError {}
export class ConflictError extends APIError {}
export class UnprocessableEntityError extends APIError {}
export class RateLimitError extends APIError {}
export class InternalServerError extends APIError {}

export class APIConnectionError extends APIError {
  constructor({ message, cause } = {}) {
    super(undefined, undefined, message || "Connection error.", undefined);
    if (cause) this.cause = cause;
  }
}

const STATUS_CLASSES = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};
