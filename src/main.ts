// Entry point: `node src/main.ts [--role all|api|worker]`.
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Role } from './app.ts';
import { loadConfig } from './config.ts';
import { installCrashGuards } from './crash-guards.ts';
import { EmbeddedPostgresError } from './db/embedded-root.ts';
import { createLogger } from './log.ts';
import { openHttpFront } from './server/front.ts';

const { values } = parseArgs({ options: { role: { type: 'string' } }, strict: true });

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
const role = (values.role ?? config.ROLE) as Role;
if (!['all', 'api', 'worker'].includes(role)) {
  console.error(`--role must be all, api or worker, not ${JSON.stringify(values.role)}`);
  process.exit(2);
}
const log = createLogger(config.LOG_LEVEL);
installCrashGuards(log);

if (config.API_PROCESSES > 1 && role !== 'worker' && cluster.isPrimary) {
  const { startApiProcesses } = await import('./server/api-processes.ts');
  const processes = await startApiProcesses(config, role, log).catch((err: unknown) => {
    if (err instanceof EmbeddedPostgresError) log.fatal(err.message);
    else log.fatal({ err }, 'Docket could not start');
    process.exit(1);
  });
  closeOnSignals(() => processes.close());
} else {
  await serve();
}

async function serve(): Promise<void> {
  // The port opens before the rest of Docket is loaded (seconds on a busy machine) and before the
  // database answers: /healthz says the process is up, /readyz says 503 until it can serve.
  const front =
    role === 'worker'
      ? null
      : await openHttpFront(config.PORT, config.HOST).catch((err: unknown) => {
          log.fatal({ err }, `Docket could not listen on ${config.HOST}:${config.PORT}`);
          process.exit(1);
        });
  const { startDocket } = await import('./app.ts');
  const docket = await startDocket(config, role, log, front).catch((err: unknown) => {
    // A cause the operator can act on is one sentence; anything else comes with its stack.
    if (err instanceof EmbeddedPostgresError) log.fatal(err.message);
    else log.fatal({ err }, 'Docket could not start');
    process.exit(1);
  });

  if (docket.createdKey && process.stdout.isTTY) {
    // Shown once, to the person at the terminal: the database keeps only its hash, and a key
    // never goes into a log (JSON output is a log).
    process.stdout.write(`\nCreated organization "default" and its API key:\n\n  ${docket.createdKey}\n\n`);
  }
  if (docket.port !== null) {
    const base = `http://${displayHost(config.HOST)}:${docket.port}`;
    const keyFile = path.join(config.DATA_DIR, 'api-key');
    const key = existsSync(keyFile)
      ? `API key in ${keyFile}`
      : 'no API key file here: make one with npm run keys -- create --org NAME';
    log.info(
      { dashboard: `${base}/`, graphiql: `${base}/graphql`, keyFile: existsSync(keyFile) ? keyFile : null },
      `Docket is up: dashboard ${base}/ · GraphiQL ${base}/graphql · ${key}`,
    );
  }
  closeOnSignals(() => docket.close());
  const { reportReady } = await import('./server/api-processes.ts');
  reportReady();
}

function closeOnSignals(close: () => Promise<void>): void {
  let stopping = 0;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      // `npm start` passes a terminal's Ctrl-C on to us as well: a repeat within a second is
      // that echo, not a second request.
      if (stopping && Date.now() - stopping < 1000) return;
      if (stopping) {
        log.warn('second signal: exiting now');
        process.exit(130);
      }
      stopping = Date.now();
      log.info({ signal }, 'shutting down: draining running jobs');
      close().then(
        () => process.exit(0),
        (err: unknown) => {
          log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}

/** The host a browser on this machine should use for the address the server listens on. */
function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
