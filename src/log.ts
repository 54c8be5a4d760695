import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

/**
 * Log lines on stdout (or `destination`): readable lines when stdout is a terminal, JSON lines
 * otherwise (files, pipes, containers' log collectors). Keys and document contents are never logged.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { pid: process.pid },
    // Wherever a request's headers or a WebSocket's connection params end up in a log line.
    serializers: { err: errorWithoutParameters },
    redact: [
      'authorization',
      '*.authorization',
      'key',
      '*.key',
      'headers.authorization',
      '*.headers.authorization',
      'headers.cookie',
      '*.headers.cookie',
      'connectionParams',
      '*.connectionParams',
    ],
  };
  if (destination) return pino(options, destination);
  if (!process.stdout.isTTY) return pino(options);
  // Synchronous, in this thread: a fatal line is on the screen before process.exit. The start
  // banner's fields repeat its message, for JSON readers only.
  const ignore = 'pid,hostname,dashboard,graphiql,keyFile';
  return pino(options, pretty({ sync: true, ignore, translateTime: 'HH:MM:ss' }));
}

/**
 * pino's error serializer, minus a failed query's parameters: drizzle's DrizzleQueryError puts
 * them in its message ("params: …"), its stack and its `params`, and they hold what clients
 * sent (a PDF password, metadata). The SQL text stays: it says which statement failed.
 */
export function errorWithoutParameters(err: unknown): unknown {
  const out = pino.stdSerializers.err(err as Error) as unknown as Record<string, unknown>;
  if (!out || typeof out !== 'object') return out;
  const params = (err as { params?: unknown }).params;
  delete out.params;
  delete out.parameters;
  delete out.args;
  if (params !== undefined) {
    // Exactly the text drizzle wrote (`params: ${params}`), wherever it appears.
    const line = `\nparams: ${params}`;
    for (const field of ['message', 'stack'] as const) {
      const text = out[field];
      if (typeof text === 'string') out[field] = text.replaceAll(line, '');
    }
  }
  return out;
}
