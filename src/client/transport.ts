// HTTP (JSON and GraphQL multipart request) and graphql-ws, with web standards only so the
// SDK runs in browsers too.
// graphql-ws/client, not graphql-ws: the client alone, without the server half that needs graphql.
import { createClient, type Client as WsClient } from 'graphql-ws/client';
import { type ApiErrorEntry, DocketError } from './errors.ts';
import type { Operation } from './operations.ts';

export interface TransportOptions {
  url: string;
  apiKey: string;
  fetch?: typeof fetch;
  webSocketImpl?: unknown;
}

interface GraphQLResponse<R> {
  data?: R | null;
  errors?: ApiErrorEntry[];
}

export class Transport {
  readonly #url: string;
  readonly #apiKey: string;
  readonly #fetch: typeof fetch;
  readonly #webSocketImpl: unknown;
  #ws: WsClient | null = null;
  /** The server has acknowledged the current socket's connection_init. */
  #connected = false;

  constructor(opts: TransportOptions) {
    this.#url = opts.url;
    this.#apiKey = opts.apiKey;
    this.#fetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
    this.#webSocketImpl = opts.webSocketImpl;
  }

  request<R, V>(query: Operation<R, V>, variables: V, signal?: AbortSignal): Promise<R> {
    return this.#send<R>(
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          authorization: `Bearer ${this.#apiKey}`,
        },
        body: JSON.stringify({ query, variables }),
      },
      signal,
    );
  }

  /** The GraphQL multipart request spec: the file travels as variable `file`. */
  upload<R, V>(query: Operation<R, V>, variables: V, file: Blob, filename: string): Promise<R> {
    return this.uploadFiles(query, { ...variables, file: null }, [
      { path: 'variables.file', file, filename },
    ]);
  }

  /**
   * The GraphQL multipart request spec with several files: part i is `files[i].file`, set at
   * `files[i].path` (e.g. `variables.inputs.3.document.file`); `variables` hold null there.
   */
  uploadFiles<R, V>(
    query: Operation<R, V>,
    variables: unknown,
    files: readonly { path: string; file: Blob; filename: string }[],
  ): Promise<R> {
    const form = new FormData();
    form.set('operations', JSON.stringify({ query, variables }));
    form.set('map', JSON.stringify(Object.fromEntries(files.map((f, i) => [String(i), [f.path]]))));
    files.forEach((f, i) => {
      form.set(String(i), f.file, f.filename);
    });
    return this.#send<R>({
      method: 'POST',
      // yoga's CSRF guard asks multipart requests to prove they are not a plain form post.
      headers: { authorization: `Bearer ${this.#apiKey}`, 'graphql-require-preflight': '1' },
      body: form,
    });
  }

  async #send<R>(init: RequestInit, signal?: AbortSignal): Promise<R> {
    let res: Response;
    try {
      res = await this.#fetch(this.#url, signal ? { ...init, signal } : init);
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new DocketError('NETWORK_ERROR', `cannot reach ${this.#url}: ${describe(err)}`, [], {
        cause: err,
      });
    }
    let body: GraphQLResponse<R>;
    try {
      body = (await res.json()) as GraphQLResponse<R>;
    } catch (err) {
      throw new DocketError(`HTTP_${res.status}`, `${this.#url} answered ${res.status} without GraphQL`, [], {
        cause: err,
      });
    }
    const first = body.errors?.[0];
    if (first)
      throw new DocketError(first.extensions?.code ?? 'INTERNAL_SERVER_ERROR', first.message, body.errors);
    if (!body.data)
      throw new DocketError(`HTTP_${res.status}`, `${this.#url} answered ${res.status} without data`);
    return body.data;
  }

  /**
   * One subscription over the shared socket. Ends when the server completes it or the caller
   * stops iterating; a refused or dropped socket is thrown as CONNECTION_CLOSED.
   */
  async *subscribe<R, V>(
    query: Operation<R, V>,
    variables: V,
    opts: { onConnected?: (() => void) | undefined } = {},
  ): AsyncGenerator<R> {
    const socket = this.#socket();
    let stopListening = () => {};
    const { onConnected } = opts;
    if (onConnected) {
      if (this.#connected) queueMicrotask(onConnected);
      else {
        stopListening = socket.on('connected', () => {
          stopListening();
          onConnected();
        });
      }
    }
    const iterator = socket.iterate<R>({ query, variables: variables as Record<string, unknown> });
    try {
      for (;;) {
        let step: Awaited<ReturnType<typeof iterator.next>>;
        try {
          step = await iterator.next();
        } catch (err) {
          throw socketError(err);
        }
        if (step.done) return;
        const result = step.value;
        const first = result.errors?.[0] as ApiErrorEntry | undefined;
        if (first) throw new DocketError(first.extensions?.code ?? 'INTERNAL_SERVER_ERROR', first.message);
        if (result.data) yield result.data;
      }
    } finally {
      stopListening();
      await iterator.return?.();
    }
  }

  #socket(): WsClient {
    if (!this.#ws) {
      // Node 20 has no global WebSocket: say so as a lost socket, so waitForCompletion polls.
      if (!this.#webSocketImpl && typeof globalThis.WebSocket === 'undefined') {
        throw new DocketError(
          'CONNECTION_CLOSED',
          "this runtime has no WebSocket: pass webSocketImpl (e.g. `import WebSocket from 'ws'`) for subscriptions",
        );
      }
      const client = createClient({
        url: this.#url.replace(/^http/, 'ws'),
        connectionParams: { authorization: `Bearer ${this.#apiKey}` },
        // Opened for the first subscription, closed after the last: an idle client holds nothing.
        lazy: true,
        // The callers decide what a lost socket means (waitForCompletion polls instead).
        retryAttempts: 0,
        ...(this.#webSocketImpl ? { webSocketImpl: this.#webSocketImpl } : {}),
        on: {
          connected: () => {
            if (this.#ws === client) this.#connected = true;
          },
          closed: () => {
            // A client whose socket went away for good is not reused.
            if (this.#ws !== client) return;
            this.#ws = null;
            this.#connected = false;
          },
        },
      });
      this.#ws = client;
    }
    return this.#ws;
  }

  async close(): Promise<void> {
    const ws = this.#ws;
    this.#ws = null;
    this.#connected = false;
    await ws?.dispose();
  }
}

function socketError(err: unknown): DocketError {
  // graphql-ws throws the CloseEvent of a closed socket, or an Error/Event when it never opened.
  const close = err as { code?: unknown; reason?: unknown };
  if (typeof close?.code === 'number') {
    if (close.code === 4403 || close.code === 4401) {
      return new DocketError('UNAUTHENTICATED', 'the API key was refused for the subscription');
    }
    const reason = typeof close.reason === 'string' && close.reason ? `: ${close.reason}` : '';
    return new DocketError('CONNECTION_CLOSED', `subscription socket closed (${close.code}${reason})`);
  }
  return new DocketError('CONNECTION_CLOSED', `subscription socket failed: ${describe(err)}`, [], {
    cause: err,
  });
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
    return `${err.message}${cause}`;
  }
  return typeof err === 'object' && err && 'type' in err ? String(err.type) : String(err);
}
