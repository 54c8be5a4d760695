// Process-level handlers for faults that no caller can catch.
import type { Logger } from 'pino';

/**
 * postgres.js 3.4.9 can flush a buffered write after its socket closed (porsager/postgres
 * #1154, #1208, unfixed upstream): a TypeError thrown from a setImmediate, out of every
 * caller's reach, when the database drops connections. The query it belonged to was already
 * rejected with CONNECTION_CLOSED, so the process carries on; anything else is still fatal.
 */
export function installCrashGuards(log: Logger): void {
  process.on('uncaughtException', (err) => {
    if (isPostgresClosedSocketWrite(err)) {
      log.warn({ err }, 'postgres.js wrote to a closed connection (porsager/postgres#1208): ignored');
      return;
    }
    log.fatal({ err }, 'uncaught exception');
    process.exit(1);
  });
  // A rejected promise nobody awaited (a driver's background reconnect, say) is logged; a
  // database outage must not take the process down with it.
  process.on('unhandledRejection', (err) => {
    log.error({ err }, 'unhandled rejection');
  });
}

export function isPostgresClosedSocketWrite(err: unknown): boolean {
  return (
    err instanceof TypeError &&
    err.message.includes("reading 'write'") &&
    /postgres[\\/]src[\\/]connection\.js/.test(err.stack ?? '') &&
    (err.stack ?? '').includes('nextWrite')
  );
}
