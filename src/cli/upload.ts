// `docket upload FILES…`: sends the files in batches (./batches.ts) and with --wait follows every
// job to its end over the subscription while the next batches are still uploading.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  type DocketClient,
  type Job,
  type JobEndpoint,
  type JobOptionsInput,
  JobTimeoutError,
  type OcrMode,
  TERMINAL_STATUSES,
} from '../client/index.ts';
import { errorOf, sendInBatches } from './batches.ts';
import { plural } from './format.ts';
import { Progress } from './progress.ts';
import { EXIT, UsageError } from './settings.ts';

export const ENDPOINTS: readonly JobEndpoint[] = [
  'PROCESS',
  'PARSE',
  'EXTRACT',
  'CLASSIFY',
  'SPLIT',
  'GENERATE_SCHEMA',
];

export interface UploadFlags {
  endpoint?: string | undefined;
  schema?: string | undefined;
  categories?: string | undefined;
  ocr?: string | undefined;
  'redact-pii'?: boolean | undefined;
  password?: string | undefined;
  metadata?: string[] | undefined;
  wait?: boolean | undefined;
  out?: string | undefined;
  json?: boolean | undefined;
  concurrency?: string | undefined;
  timeout?: string | undefined;
}

export interface FileResult {
  file: string;
  id: string | null;
  status: string;
  error?: { code: string; message: string };
  out?: string;
  /** With --wait: the finished job, results and all (as `docket jobs get --json` shows it). */
  job?: Job;
}

const OCR_MODES: readonly OcrMode[] = ['AUTO', 'FORCE', 'OFF'];

/**
 * Ctrl-C (`interrupt`) stops sending and waiting, not the jobs: the ones sent run on, and the
 * closing message says so and how to cancel them.
 */
export async function upload(
  client: DocketClient,
  files: string[],
  flags: UploadFlags,
  interrupt: AbortSignal = new AbortController().signal,
): Promise<number> {
  if (files.length === 0) throw new UsageError('upload needs at least one file');
  const request = await buildRequest(flags);
  const wait = Boolean(flags.wait || flags.out);
  const concurrency = positiveInt(flags.concurrency ?? '2', '--concurrency');
  const timeout = positiveInt(flags.timeout ?? '600', '--timeout') * 1000;
  if (flags.out) await mkdir(flags.out, { recursive: true });

  const progress = new Progress(files.length, wait);
  const results: FileResult[] = files.map((file) => ({ file, id: null, status: 'PENDING' }));
  const outNames = new Set<string>();
  const waits: Promise<void>[] = [];

  const finish = async (result: FileResult, job: Job) => {
    result.status = job.status;
    result.job = job;
    if (job.error) result.error = { code: job.error.code, message: job.error.message };
    if (flags.out) {
      const base = path.basename(result.file).replace(/\.[^.]+$/, '') || 'document';
      const name = outNames.has(base) ? `${base}-${job.id}` : base;
      outNames.add(name);
      result.out = path.join(flags.out, `${name}.json`);
      await writeFile(result.out, `${JSON.stringify(job, null, 2)}\n`);
    }
    const ok = job.status === 'COMPLETED';
    progress.update(
      ok ? { done: 1 } : { failed: 1 },
      `${ok ? 'done' : 'failed'} ${result.file} ${job.id} ${job.status}`,
    );
  };

  const sent = (result: FileResult, job: Job) => {
    result.id = job.id;
    result.status = job.status;
    progress.update({ sent: 1 }, `sent ${result.file} → ${job.id}`);
    if (!wait) return;
    waits.push(
      client.jobs.waitForCompletion(job.id, { timeout, signal: interrupt }).then(
        (done) => finish(result, done),
        (err: unknown) => {
          if (interrupt.aborted) return;
          result.status = err instanceof JobTimeoutError ? 'TIMEOUT' : 'ERROR';
          result.error = errorOf(err);
          progress.update({ failed: 1 }, `failed ${result.file} ${job.id}: ${result.error.message}`);
        },
      ),
    );
  };
  const notSent = (result: FileResult, error: { code: string; message: string }) => {
    result.status = 'NOT_SENT';
    result.error = error;
    progress.update({ failed: 1 }, `not sent ${result.file}: ${error.message}`);
  };

  // A batch under way when Ctrl-C comes is let finish (one request), so its jobs are known.
  const fatal = await sendInBatches(client, files, request, {
    concurrency,
    interrupt,
    sent: (i, job) => sent(results[i]!, job),
    notSent: (i, error) => notSent(results[i]!, error),
  });
  await Promise.all(waits);
  progress.finish();
  if (fatal) throw fatal;
  if (interrupt.aborted) {
    if (flags.json) console.log(JSON.stringify(results, null, 2));
    console.error(interruptedMessage(results));
    return EXIT.interrupted;
  }

  if (flags.json) console.log(JSON.stringify(results, null, 2));
  else {
    for (const r of results) {
      const detail = r.error ? `  ${r.error.code}: ${r.error.message}` : r.out ? `  → ${r.out}` : '';
      console.log(`${r.file}  ${r.id ?? '-'}  ${r.status}${detail}`);
    }
  }
  const failed = results.some((r) => (wait ? r.status !== 'COMPLETED' : r.id === null));
  return failed ? EXIT.failures : EXIT.ok;
}

/** What Ctrl-C left behind: the jobs it did not stop, and the commands that follow or cancel them. */
export function interruptedMessage(results: FileResult[]): string {
  const running = results.filter(
    (r) => r.id !== null && !(TERMINAL_STATUSES as readonly string[]).includes(r.status),
  );
  const unsent = results.filter((r) => r.id === null && r.status === 'PENDING').length;
  const lines = [
    `docket: interrupted. Ctrl-C stopped the CLI, not the jobs: ${plural(running.length, 'job')} sent ${running.length === 1 ? 'goes' : 'go'} on on the server.`,
  ];
  if (unsent > 0) lines.push(`  ${plural(unsent, 'file')} not sent.`);
  if (running.length > 0) {
    const ids = running.map((r) => r.id).join(' ');
    lines.push(`  follow them:  docket jobs get ID   (or docket watch)`);
    lines.push(`  cancel them:  docket jobs cancel ${ids}`);
  }
  return lines.join('\n');
}

async function buildRequest(flags: UploadFlags): Promise<{
  endpoint: JobEndpoint;
  options?: JobOptionsInput;
  metadata?: Record<string, string>;
}> {
  const options: JobOptionsInput = {};
  if (flags.schema) {
    let text: string;
    try {
      text = await readFile(flags.schema, 'utf8');
    } catch (err) {
      throw new UsageError(`--schema: cannot read ${flags.schema}: ${(err as Error).message}`);
    }
    try {
      options.jsonSchema = JSON.parse(text);
    } catch (err) {
      throw new UsageError(`--schema: ${flags.schema} is not JSON: ${(err as Error).message}`);
    }
  }
  if (flags.categories) {
    options.categories = flags.categories
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean)
      .map((name) => ({ name }));
  }
  if (flags.ocr) {
    const mode = flags.ocr.toUpperCase() as OcrMode;
    if (!OCR_MODES.includes(mode)) throw new UsageError(`--ocr takes auto, force or off; not "${flags.ocr}"`);
    options.ocr = mode;
  }
  if (flags['redact-pii']) options.redactPii = true;
  if (flags.password !== undefined) options.password = flags.password;
  const endpoint = (flags.endpoint?.toUpperCase() ?? (flags.schema ? 'EXTRACT' : 'PROCESS')) as JobEndpoint;
  if (!ENDPOINTS.includes(endpoint)) {
    throw new UsageError(`--endpoint must be one of ${ENDPOINTS.join(', ')}`);
  }
  const metadata = metadataOf(flags.metadata);
  return {
    endpoint,
    ...(Object.keys(options).length ? { options } : {}),
    ...(metadata ? { metadata } : {}),
  };
}

export function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} takes a positive whole number`);
  return n;
}

/** `--metadata k=v` (repeatable) as a metadata object; undefined when none is given. */
export function metadataOf(pairs: readonly string[] | undefined): Record<string, string> | undefined {
  let metadata: Record<string, string> | undefined;
  for (const pair of pairs ?? []) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new UsageError(`--metadata takes key=value, not "${pair}"`);
    metadata ??= {};
    metadata[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return metadata;
}
