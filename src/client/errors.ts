/** An error answered by the Docket API, or the failure to reach it. */
export class DocketError extends Error {
  /**
   * The contract's `extensions.code` (UNAUTHENTICATED, NOT_FOUND, BAD_USER_INPUT, …), or, when
   * no answer came back, NETWORK_ERROR / CONNECTION_CLOSED / HTTP_<status>.
   */
  readonly code: string;
  readonly errors: readonly ApiErrorEntry[];

  constructor(code: string, message: string, errors: readonly ApiErrorEntry[] = [], options?: ErrorOptions) {
    super(message, options);
    this.name = 'DocketError';
    this.code = code;
    this.errors = errors;
  }
}

/** Codes that no answer from the API carries: the service could not be reached or held. */
export const TRANSPORT_CODES: readonly string[] = ['NETWORK_ERROR', 'CONNECTION_CLOSED'];

export interface ApiErrorEntry {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

/** waitForCompletion gave up before the job reached a terminal state. */
export class JobTimeoutError extends Error {
  readonly jobId: string;
  readonly timeoutMs: number;
  /** The job as last seen, when it was seen at all. */
  readonly lastStatus: string | undefined;

  constructor(jobId: string, timeoutMs: number, lastStatus?: string) {
    super(
      `job ${jobId} did not finish within ${timeoutMs} ms${lastStatus ? ` (last seen ${lastStatus})` : ''}`,
    );
    this.name = 'JobTimeoutError';
    this.jobId = jobId;
    this.timeoutMs = timeoutMs;
    this.lastStatus = lastStatus;
  }
}

/** The reason an AbortSignal carries, or the DOMException fetch itself would throw. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
