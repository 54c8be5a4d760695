// Why an outbound request gave no usable answer. Callers turn it into their own words: createJob
// into a BAD_USER_INPUT or PAYLOAD_TOO_LARGE error, a webhook delivery into the attempt's log line.
export type OutboundFailure =
  /** The guard refused the address (private, or a host that does not resolve), or the scheme. */
  | 'refused'
  /** Too many redirects, or one to an invalid location or a scheme other than http(s). */
  | 'redirect'
  /** The deadline passed (the whole exchange, every hop and the body). */
  | 'timeout'
  /** The body is larger than the cap, declared or counted while streaming. */
  | 'too_large'
  /** Anything else on the way: connection refused or reset, TLS, a body cut short. */
  | 'failed';

export class OutboundError extends Error {
  override name = 'OutboundError';
  readonly kind: OutboundFailure;
  constructor(kind: OutboundFailure, message: string) {
    super(message);
    this.kind = kind;
  }
}
