// API_PROCESSES=N: this process becomes the primary of a node:cluster and forks N api processes
// that share its port (the primary hands each new connection to the next process in turn).
// In role `all` the primary is also the box's one worker process, so the worker side is what it
// was with one process; in role `api` it only supervises. Subscriptions need nothing shared in
// memory: every process hears every job's events from Postgres (events/hub.ts).
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import type { Docket, Role } from '../app.ts';
import type { Config } from '../config.ts';

export interface ApiProcesses {
  close(): Promise<void>;
}

/** Resolves once every api process serves; a process that dies unasked is started again. */
export async function startApiProcesses(config: Config, role: Role, log: Logger): Promise<ApiProcesses> {
  let docket: Docket | null = null;
  if (role === 'all') {
    const { startDocket } = await import('../app.ts');
    // First, so the embedded database, the migrations and the first key exist before any api
    // process looks for them.
    docket = await startDocket(config, 'worker', log);
  }
  cluster.setupPrimary({ args: ['--role', 'api'] });
  let stopping = false;
  const live = new Set<Worker>();

  // One at a time: with the embedded database, the first process to start it is the one the
  // others find, and creating the default key twice would race.
  const fork = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const child = cluster.fork();
      live.add(child);
      let ready = false;
      child.on('message', (message: unknown) => {
        if ((message as { docket?: string })?.docket === 'ready') {
          ready = true;
          resolve();
        }
      });
      child.on('exit', (code, signal) => {
        live.delete(child);
        if (!ready) return reject(new Error(`an api process exited while starting (${signal ?? code})`));
        if (stopping) return;
        log.error({ pid: child.process.pid, code, signal }, 'an api process died: starting another');
        replace();
      });
    });
  // A second apart, so one that dies at once (the database gone) does not spin the box; until
  // one starts, the others serve.
  const replace = (): void => {
    setTimeout(() => {
      if (stopping) return;
      fork().catch((err: unknown) => {
        log.error({ err }, 'could not start a replacement api process: trying again');
        replace();
      });
    }, 1000);
  };
  try {
    for (let i = 0; i < config.API_PROCESSES; i++) await fork();
  } catch (err) {
    stopping = true;
    for (const child of live) child.process.kill('SIGKILL');
    await docket?.close();
    throw err;
  }
  log.info({ processes: config.API_PROCESSES }, 'api processes started');

  return {
    close: async () => {
      stopping = true;
      // Each api process drains its own requests and subscriptions (main.ts's signal handling).
      await Promise.all(
        [...live].map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.isDead()) return resolve();
              child.once('exit', () => resolve());
              child.process.kill('SIGTERM');
            }),
        ),
      );
      await docket?.close();
    },
  };
}

/** In a forked api process: tells the primary this process serves. */
export function reportReady(): void {
  if (cluster.isWorker) process.send?.({ docket: 'ready' });
}
