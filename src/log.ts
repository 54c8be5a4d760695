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
