// `docket upload FILES…`: sends a batch a few files at a time and, with --wait, follows every
// job to its end over the subscription while the rest are still uploading.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  type DocketClient,
  DocketError,
  type Job,
  type JobEndpoint,
  type JobOptionsInput,
  JobTimeoutError,
} from '../client/index.ts';
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
const FATAL = ['UNAUTHENTICATED', 'FORBIDDEN', 'NETWORK_ERROR'];

export interface UploadFlags {
  endpoint?: string | undefined;
  schema?: string | undefined;
  categories?: string | undefined;
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
}

export async function upload(client: DocketClient, files: string[], flags: UploadFlags): Promise<number> {
  if (files.length === 0) throw new UsageError('upload needs at least one file');
  const request = await buildRequest(flags);
  const wait = Boolean(flags.wait || flags.out);
  const concurrency = positiveInt(flags.concurrency ?? '4', '--concurrency');
  const timeout = positiveInt(flags.timeout ?? '600', '--timeout') * 1000;
  if (flags.out) await mkdir(flags.out, { recursive: true });

  const progress = new Progress(files.length, wait);
  const results: FileResult[] = files.map((file) => ({ file, id: null, status: 'PENDING' }));
  const outNames = new Set<string>();
  const waits: Promise<void>[] = [];
  let fatal: DocketError | null = null;

  const finish = async (result: FileResult, job: Job) => {
    result.status = job.status;
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

  let next = 0;
  const sender = async () => {
    while (next < files.length && !fatal) {
      const result = results[next++]!;
      try {
        const job = await client.jobs.upload(result.file, request);
        result.id = job.id;
        result.status = job.status;
        progress.update({ sent: 1 }, `sent ${result.file} → ${job.id}`);
        if (wait) {
          waits.push(
            client.jobs.waitForCompletion(job.id, { timeout }).then(
              (done) => finish(result, done),
              (err: unknown) => {
                result.status = err instanceof JobTimeoutError ? 'TIMEOUT' : 'ERROR';
                result.error = errorOf(err);
                progress.update({ failed: 1 }, `failed ${result.file} ${job.id}: ${result.error.message}`);
              },
            ),
          );
        }
      } catch (err) {
        if (err instanceof DocketError && FATAL.includes(err.code)) fatal ??= err;
        result.status = 'NOT_SENT';
        result.error = errorOf(err);
        progress.update({ failed: 1 }, `not sent ${result.file}: ${result.error.message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, sender));
  await Promise.all(waits);
  progress.finish();
  if (fatal) throw fatal;

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
  const endpoint = (flags.endpoint?.toUpperCase() ?? (flags.schema ? 'EXTRACT' : 'PROCESS')) as JobEndpoint;
  if (!ENDPOINTS.includes(endpoint)) {
    throw new UsageError(`--endpoint must be one of ${ENDPOINTS.join(', ')}`);
  }
  let metadata: Record<string, string> | undefined;
  for (const pair of flags.metadata ?? []) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new UsageError(`--metadata takes key=value, not "${pair}"`);
    metadata ??= {};
    metadata[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
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

function errorOf(err: unknown): { code: string; message: string } {
  if (err instanceof DocketError) return { code: err.code, message: err.message };
  if (err instanceof JobTimeoutError) return { code: 'TIMEOUT', message: err.message };
  return { code: 'ERROR', message: err instanceof Error ? err.message : String(err) };
}
