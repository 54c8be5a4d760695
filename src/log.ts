import pino, { type Logger } from 'pino';

/** JSON lines on stdout; keys and document contents are never logged. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { pid: process.pid },
    redact: ['authorization', '*.authorization', 'key', '*.key', 'headers.authorization'],
  });
}
