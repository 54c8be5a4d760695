// How `docket upload` sends its files: through createJobs, up to BATCH_FILES in one multipart
// request, each file with an idempotency key of its own for the run. A file the server refuses
// refuses nothing else, and one that cannot be read never leaves.
import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  type CreateJobInput,
  type CreateJobsResult,
  type DocketClient,
  DocketError,
  type Job,
  JobTimeoutError,
} from '../client/index.ts';

/** Files in one createJobs request: the most it takes. */
const BATCH_FILES = 100;
/**
 * Bytes of files in one request to begin with. The server caps a whole request at its
 * MAX_UPLOAD_BYTES (50 MiB by default); when it says less (413 with maxBytes), batches shrink.
 */
const BATCH_BYTES = 32 * 1024 * 1024;
/** Errors after which no other batch can fare better: stop sending. */
const FATAL = ['UNAUTHENTICATED', 'FORBIDDEN', 'NETWORK_ERROR'];

export type FileError = { code: string; message: string };

export interface BatchOptions {
  /** Requests in flight at once. */
  concurrency: number;
  /** Stops sending; a request under way is let finish, so its jobs are known. */
  interrupt: AbortSignal;
  /** File `index` (into the files given) became this job. */
  sent(index: number, job: Job): void;
  /** File `index` was not sent, or the server refused it. */
  notSent(index: number, error: FileError): void;
}

/** Sends every file; resolves with the error that stopped it early (bad key, server gone), if any. */
export async function sendInBatches(
  client: DocketClient,
  files: readonly string[],
  request: Omit<CreateJobInput, 'document'>,
  opts: BatchOptions,
): Promise<DocketError | null> {
  const sizes = await Promise.all(
    files.map((file) =>
      stat(file).then(
        (st) => (st.isFile() ? st.size : new Error('not a file')),
        (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
      ),
    ),
  );
  const queue: number[] = [];
  sizes.forEach((size, i) => {
    if (size instanceof Error) opts.notSent(i, unreadable(size));
    else queue.push(i);
  });
  // Each file's key is kept across the resends of its batch, so a resend never makes a second job.
  const run = randomUUID();
  const keyOf = (i: number) => `docket-cli:${run}:${i}`;
  let maxBatchBytes = BATCH_BYTES;
  let fatal: DocketError | null = null;

  /** The next files in order, up to BATCH_FILES and maxBatchBytes (a larger file goes alone). */
  const take = (): number[] => {
    const batch: number[] = [];
    let bytes = 0;
    while (queue.length > 0 && batch.length < BATCH_FILES) {
      const size = sizes[queue[0] as number] as number;
      if (batch.length > 0 && bytes + size > maxBatchBytes) break;
      batch.push(queue.shift() as number);
      bytes += size;
    }
    return batch;
  };

  const send = async (batch: number[]) => {
    const inputs: CreateJobInput[] = [];
    const members: number[] = [];
    for (const i of batch) {
      const file = files[i] as string;
      try {
        const blob = new File([await readFile(file)], path.basename(file) || 'document');
        inputs.push({ ...request, document: { file: blob }, idempotencyKey: keyOf(i) });
        members.push(i);
      } catch (err) {
        opts.notSent(i, unreadable(err));
      }
    }
    if (inputs.length === 0) return;
    let answer: CreateJobsResult | null = null;
    for (let attempt = 1; !answer; attempt++) {
      try {
        answer = await client.jobs.createMany(inputs);
      } catch (err) {
        const limit = err instanceof DocketError ? maxBytesOf(err) : null;
        if (limit !== null && limit < maxBatchBytes) {
          // The server takes less than we guessed: a file too large alone is refused here, the
          // rest go back to the front of the queue, to be sent in smaller batches.
          maxBatchBytes = limit;
          for (const i of [...members].reverse()) {
            if ((sizes[i] as number) > limit) opts.notSent(i, errorOf(err));
            else queue.unshift(i);
          }
          return;
        }
        // A lost connection may have lost only the answer: one resend, which the keys make safe.
        const lost = err instanceof DocketError && err.code === 'NETWORK_ERROR';
        if (lost && attempt === 1 && !opts.interrupt.aborted) continue;
        if (err instanceof DocketError && FATAL.includes(err.code)) fatal ??= err;
        for (const i of members) opts.notSent(i, errorOf(err));
        return;
      }
    }
    const refused = new Map(answer.errors.map((e) => [e.index, e]));
    members.forEach((i, k) => {
      const job = answer.jobs[k];
      const error = refused.get(k);
      if (job) opts.sent(i, job);
      else opts.notSent(i, error ? { code: error.code, message: error.message } : MISSING);
    });
  };

  const sender = async () => {
    while (queue.length > 0 && !fatal && !opts.interrupt.aborted) await send(take());
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency, queue.length) }, sender));
  return fatal;
}

const MISSING: FileError = {
  code: 'INTERNAL_SERVER_ERROR',
  message: 'the server answered neither a job nor an error',
};

/** The largest request the server takes, from its PAYLOAD_TOO_LARGE answer. */
function maxBytesOf(err: DocketError): number | null {
  if (err.code !== 'PAYLOAD_TOO_LARGE') return null;
  const max = err.errors[0]?.extensions?.maxBytes;
  return typeof max === 'number' && max > 0 ? max : null;
}

function unreadable(err: unknown): FileError {
  return {
    code: 'UNREADABLE',
    message: `cannot read the file: ${err instanceof Error ? err.message : String(err)}`,
  };
}

export function errorOf(err: unknown): FileError {
  if (err instanceof DocketError) return { code: err.code, message: err.message };
  if (err instanceof JobTimeoutError) return { code: 'TIMEOUT', message: err.message };
  return { code: 'ERROR', message: err instanceof Error ? err.message : String(err) };
}
