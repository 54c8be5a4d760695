// Errors a client can act on. The GraphQL layer turns them into `extensions.code`;
// anything else is masked as INTERNAL_SERVER_ERROR.
export const API_ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'CONFLICT',
  'RATE_LIMITED',
  'INTERNAL_SERVER_ERROR',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly extensions: Record<string, unknown>;
  constructor(
    code: ApiErrorCode,
    message: string,
    extensions: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ApiError';
    this.code = code;
    this.extensions = extensions;
  }
}

export const badInput = (message: string, extensions?: Record<string, unknown>) =>
  new ApiError('BAD_USER_INPUT', message, extensions);
export const notFound = (what: string, id: string) =>
  new ApiError('NOT_FOUND', `${what} ${JSON.stringify(id)} not found`);
