// The API process's front door: GraphQL over HTTP (yoga), WebSocket (graphql-ws) and SSE,
// GraphiQL, and the health routes, on one port.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createFetch } from '@whatwg-node/fetch';
import type { DocumentNode, ExecutionArgs, ExecutionResult, GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { createGraphQLError, createYoga, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { KeyCache } from '../auth/key-cache.ts';
import { bearerKey, type Principal } from '../auth/keys.ts';
import { migrationsReadable } from '../db/migrate.ts';
import type { Context } from '../graphql/context.ts';
import { createLoaders } from '../graphql/loaders.ts';
import { schema } from '../graphql/schema.ts';
import { MAX_BATCH } from '../jobs/create-batch.ts';
import { ApiError } from '../jobs/errors.ts';
import type { Services } from '../services.ts';
import { tracingPlugins } from '../tracing/index.ts';
import { useBodyLimit } from './body-limit.ts';
import { maskError, maskResult, useContractErrorCodes } from './errors.ts';
import { serveExport } from './exports.ts';
import { type HttpFront, sendError, sendJson } from './front.ts';
import { KeyWatch, useKeyRevocation } from './key-watch.ts';
import { isLoopbackAddress, isLoopbackHost } from './loopback.ts';
import { useOperationMetrics } from './metrics.ts';
import { useMultipartMap } from './multipart-map.ts';
import { useRateLimit } from './rate-limit.ts';
import { securityPlugins } from './security.ts';
import { SharedFanout } from './shared-fanout.ts';
import { sideRoutes } from './side-routes.ts';
import { closeSlowWebSocket, MAX_BUFFERED_BYTES, watchStall } from './slow-consumers.ts';
import { useSubscriptionCap } from './subscription-cap.ts';
import { closeAfterUnreadBody } from './unread-body.ts';
import { keyFromConnectionParams } from './ws-auth.ts';

export interface ApiServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export interface ApiOptions {
  services: Services;
  /** The port opened at boot (src/server/front.ts); the API takes its requests over. */
  front: HttpFront;
  log: Logger;
  /**
   * Preset in GraphiQL's headers (only for the embedded, local database), and then only for a
   * client on loopback that names us by a loopback host (./loopback.ts).
   */
  devKey?: string | undefined;
}

// Multipart framing around the file; anything beyond the file limit plus this is refused unread.
const MULTIPART_OVERHEAD = 1024 * 1024;

export async function startApi(opts: ApiOptions): Promise<ApiServer> {
  const { services, log } = opts;
  const { config } = services;
  // The most bytes a request body may hold: the upload limit and its multipart framing.
  const maxBodyBytes = config.MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD;

  const keyWatch = new KeyWatch(services.db, log, config.KEY_RECHECK_SECONDS);
  const keys = new KeyCache(services.db, config.KEY_RECHECK_SECONDS);
  const unlistenKeys = await keys.listen(services.sql, (keyId) => keyWatch.revoked(keyId));
  const yoga = createYoga<{ principal?: Principal | null; req?: IncomingMessage }, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    logging: false,
    // useBodyLimit bounds a body instead, at less cost (body-limit.ts).
    maxRequestBodySize: false,
    maskedErrors: { maskError: (error, message) => maskError(error, message, log) },
    // busboy stops reading a file the moment it passes the limit. A createJobs batch carries one
    // file per input; the request as a whole stays under maxBodyBytes, however many.
    fetchAPI: createFetch({
      formDataLimits: {
        fileSize: config.MAX_UPLOAD_BYTES,
        files: MAX_BATCH,
        fieldSize: config.MAX_UPLOAD_BYTES * 2,
      },
    }),
    graphiql: config.GRAPHIQL
      ? (request, ctx) => ({
          title: 'Docket',
          // Over SSE each subscription is a fetch that carries the headers set in GraphiQL (the
          // preset key); a browser WebSocket cannot send them.
          subscriptionsProtocol: 'SSE',
          ...(opts.devKey &&
          isLoopbackAddress(ctx?.req?.socket.remoteAddress) &&
          isLoopbackHost(request.headers.get('host') ?? undefined)
            ? { headers: JSON.stringify({ Authorization: `Bearer ${opts.devKey}` }, null, 2) }
            : {}),
          defaultQuery: DEFAULT_QUERY,
        })
      : false,
    // GraphiQL with its assets inlined: yoga's default page loads them from a CDN at view time.
    renderGraphiQL,
    plugins: [
      useMediaTypes(),
      useMultipartMap(),
      // After every plugin that sets a request parser: it wraps whichever one was chosen.
      useBodyLimit(maxBodyBytes),
      ...securityPlugins(config),
      useRateLimit(services),
      useKeyRevocation(keyWatch),
      useSubscriptionCap(config.MAX_SUBSCRIPTIONS_PER_ORG),
      useContractErrorCodes(config.MAX_UPLOAD_BYTES),
      useOperationMetrics(),
      ...tracingPlugins(),
    ],
    // No CORS headers unless origins are listed: a browser then reads answers on the same origin only.
    cors: config.CORS_ORIGINS.length > 0 ? { origin: config.CORS_ORIGINS, credentials: false } : false,
    batching: config.GRAPHQL_MAX_BATCH > 1 ? { limit: config.GRAPHQL_MAX_BATCH } : false,
    context: async ({ request, principal }) => ({
      services,
      loaders: createLoaders(services.db),
      baseUrl: new URL(request.url).origin,
      principal:
        principal !== undefined ? principal : await authenticate(keys, request.headers.get('authorization')),
    }),
  });

  const side = sideRoutes(services);
  const { server } = opts.front;
  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    closeAfterUnreadBody(req, res);
    const url = req.url ?? '/';
    const path = url.split('?')[0] ?? '/';
    if (!isWellFormedPath(path)) {
      return sendError(res, 400, 'BAD_USER_INPUT', 'the request path is not valid percent-encoding');
    }
    if (side(req, res)) return;
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      const ready = await isReady(services);
      return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable' });
    }
    if (path.startsWith('/exports/') && req.method === 'GET') return serveExport(services, url.slice(9), res);
    if (path !== '/graphql') {
      return sendError(res, 404, 'NOT_FOUND', `nothing at ${path.slice(0, 200)}: the API is at /graphql`);
    }
    const refusal = corsRefusal(req, config.CORS_ORIGINS);
    if (refusal) return sendError(res, 403, 'FORBIDDEN', refusal);
    if (tooLargeToRead(req, maxBodyBytes)) {
      return sendError(
        res,
        413,
        'PAYLOAD_TOO_LARGE',
        `the request is larger than the ${config.MAX_UPLOAD_BYTES} bytes allowed`,
        { maxBytes: config.MAX_UPLOAD_BYTES },
      );
    }
    if (req.headers.accept?.includes('text/event-stream')) {
      // An SSE stream the client stopped reading is ended (yoga itself waits for drain).
      const unwatch = watchStall(req.socket, config.SLOW_CONSUMER_SECONDS, () => res.destroy());
      res.once('close', unwatch);
    }
    return yoga(req, res);
  };
  // Every request is answered: whatever a route throws becomes a 500 with a GraphQL error body
  // (before, a throwing route left the request hanging and its socket held).
  opts.front.mount((req, res) => {
    route(req, res).catch((err: unknown) => {
      log.error({ err, method: req.method }, 'unexpected error answering an HTTP request');
      if (res.headersSent) return void res.destroy();
      sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Unexpected error.');
    });
  });

  const fanout = new SharedFanout(log);
  const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: 1024 * 1024 });
  const wsServer = useServer<Record<string, unknown>, { principal?: Principal }>(
    {
      onConnect: async (ctx) => {
        const found = keyFromConnectionParams(ctx.connectionParams);
        const principal = 'key' in found ? await keys.verify(found.key) : null;
        if (!principal) {
          // graphql-ws would close with a bare "Forbidden"; say what was wrong (the reason
          // travels in the close frame: at most 123 bytes).
          const reason = 'refusal' in found ? found.refusal : 'the API key is unknown or revoked';
          ctx.extra.socket.close(4403, `Forbidden: ${reason}`.slice(0, 123));
          return false;
        }
        ctx.extra.principal = principal;
        const socket = ctx.extra.socket;
        const lease = keyWatch.watch(principal.keyId);
        void lease.revoked.then(() => socket.close(4403, 'Forbidden: the API key was revoked'));
        socket.once('close', lease.release);
        const unwatch = watchStall(ctx.extra.request.socket, config.SLOW_CONSUMER_SECONDS, () =>
          closeSlowWebSocket(socket),
        );
        socket.once('close', unwatch);
        return true;
      },
      onNext: (ctx) => {
        // Every subscription on the socket may have one message in flight; many of them add up.
        if (ctx.extra.socket.bufferedAmount > MAX_BUFFERED_BYTES) closeSlowWebSocket(ctx.extra.socket);
      },
      // yoga's own envelop, so WebSocket operations run through the same plugins and the same
      // graphql instance as HTTP ones (the graphql-ws recipe in yoga's docs).
      onSubscribe: async (ctx, id, payload) => {
        const contextValue: Context = {
          services,
          principal: ctx.extra.principal ?? null,
          loaders: createLoaders(services.db),
          baseUrl: `http://${ctx.extra.request.headers.host ?? 'localhost'}`,
        };
        const { schema, execute, subscribe, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
        });
        let document: DocumentNode;
        try {
          document = parse(payload.query);
        } catch (err) {
          return [maskError(err, 'bad query') as GraphQLError];
        }
        let errors: readonly GraphQLError[];
        try {
          errors = validate(schema, document);
        } catch (err) {
          // GraphQL Armor's limits throw rather than report.
          return [maskError(err, 'bad query') as GraphQLError];
        }
        if (errors.length > 0)
          return errors.map((e: GraphQLError) => maskError(e, e.message) as GraphQLError);
        const variableValues = payload.variables ?? null;
        const operationName = payload.operationName ?? null;
        const share = fanout.sharing({
          schema,
          document,
          operationName,
          variableValues,
          query: payload.query,
          principal: contextValue.principal,
          // Its own context: the execution outlives the subscription that started it.
          context: () => ({
            services,
            principal: contextValue.principal,
            loaders: createLoaders(services.db),
            baseUrl: contextValue.baseUrl,
          }),
        });
        if (share) {
          const { socket, request } = ctx.extra;
          contextValue.shareEvents = (stream) => stream.deliverDirectly(share(socket, request.socket, id));
        }
        return {
          schema,
          document,
          contextValue,
          variableValues,
          operationName,
          rootValue: { execute, subscribe },
        };
      },
      execute: async (args) => maskResult(await (args.rootValue as Enveloped).execute(args), log),
      subscribe: async (args) => {
        const result = await (args.rootValue as Enveloped).subscribe(args);
        return Symbol.asyncIterator in result
          ? mapAsync(result, (r) => maskResult(r, log))
          : maskResult(result, log);
      },
    },
    wss,
  );

  const { port } = opts.front;
  log.info({ port }, `Docket API listening on http://localhost:${port}/graphql`);

  return {
    server,
    port,
    close: async () => {
      keyWatch.close();
      await unlistenKeys().catch(() => {});
      await wsServer.dispose();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface Enveloped {
  execute(args: ExecutionArgs): Promise<ExecutionResult>;
  subscribe(args: ExecutionArgs): Promise<ExecutionResult | AsyncGenerator<ExecutionResult>>;
}

/**
 * `source` with `fn` applied to each value. Not an async generator function: a generator's
 * return() waits for its pending next(), so a subscription whose socket closed while no event
 * came would hold its event stream until the organization's next event.
 */
function mapAsync<T, U>(source: AsyncGenerator<T>, fn: (value: T) => U): AsyncGenerator<U> {
  const done = { done: true, value: undefined } as const;
  const mapped: AsyncGenerator<U> = {
    next: async () => {
      const step = await source.next();
      return step.done ? done : { done: false, value: fn(step.value) };
    },
    return: async () => {
      await source.return(undefined);
      return done;
    },
    throw: async (err: unknown) => {
      await source.return(undefined);
      throw err;
    },
    [Symbol.asyncIterator]: () => mapped,
    [Symbol.asyncDispose]: async () => {
      await source.return(undefined);
    },
  };
  return mapped;
}

async function authenticate(keys: KeyCache, header: string | null): Promise<Principal | null> {
  const key = bearerKey(header);
  return key ? keys.verify(key) : null;
}

async function isReady(services: Services): Promise<boolean> {
  try {
    await Promise.race([
      migrationsReadable(services.sql),
      new Promise((_, reject) =>
        setTimeout(() => reject(new ApiError('INTERNAL_SERVER_ERROR', 'timeout')), 3000),
      ),
    ]);
    return true;
  } catch {
    return false;
  }
}

function isWellFormedPath(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * A browser's preflight from an origin that may not call us gets a 403 that says so (yoga's
 * own answer was a bare 204 without CORS headers, or a complaint about a CSRF header): the
 * message shows in the browser's network panel. Same-origin pages are never preflighted.
 */
function corsRefusal(req: IncomingMessage, allowed: string[]): string | null {
  const origin = req.headers.origin;
  if (req.method !== 'OPTIONS' || !origin || !req.headers['access-control-request-method']) return null;
  if (allowed.includes(origin)) return null;
  let sameHost = false;
  try {
    sameHost = new URL(origin).host === req.headers.host;
  } catch {}
  if (sameHost) return null;
  return `the origin ${origin} is not allowed to call this API from a browser: list it in CORS_ORIGINS (comma-separated origins)`;
}

// Bodies yoga's request parsers read; anything else would get a bare 415.
const MEDIA_TYPES = [
  'application/json',
  'application/graphql+json',
  'application/graphql',
  'multipart/form-data',
  'application/x-www-form-urlencoded',
];

function useMediaTypes(): Plugin {
  return {
    onRequestParse({ request }) {
      if (request.method !== 'POST') return;
      // yoga's own matching: the first of a list, exactly or followed by parameters.
      const type = request.headers.get('content-type')?.split(',')[0]?.trim() ?? '';
      if (MEDIA_TYPES.some((t) => type === t || type.startsWith(`${t};`))) return;
      throw createGraphQLError(
        `content type ${JSON.stringify(type)} is not supported; send application/json (or multipart/form-data for uploads)`,
        { extensions: { code: 'UNSUPPORTED_MEDIA_TYPE', http: { status: 415 } } },
      );
    },
  };
}

function tooLargeToRead(req: IncomingMessage, maxBytes: number): boolean {
  const length = Number(req.headers['content-length']);
  return Number.isFinite(length) && length > maxBytes;
}

const DEFAULT_QUERY = `# Docket: list your jobs, then watch one live.
query Jobs {
  jobs(first: 10) {
    totalCount
    nodes { id endpoint status stage progress qualityGrade createdAt document { filename pageCount } }
  }
}

# Paste a job id and run this: the job now, then every change until it finishes.
subscription Watch($id: ID) {
  jobUpdated(id: $id) { id version status stage progress qualityGrade processingSummary }
}
`;
