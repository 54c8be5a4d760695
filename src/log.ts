import pino, { type DestinationStream, type Logger } from 'pino';

/** JSON lines on stdout (or `destination`); keys and document contents are never logged. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { pid: process.pid },
    // Wherever a request's headers or a WebSocket's connection params end up in a log line.
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
  return destination ? pino(options, destination) : pino(options);
}
