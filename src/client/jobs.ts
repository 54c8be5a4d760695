import { abortReason, DocketError, JobTimeoutError, TRANSPORT_CODES } from './errors.ts';
import type {
  CancelJobsMutation,
  CreateJobInput,
  CreateJobsMutation,
  JobDetailFieldsFragment,
  JobEndpoint,
  JobFieldsFragment,
  JobFilter,
  JobOptionsInput,
  JobStatus,
  JobUpdatedSubscription,
  ListJobsQuery,
  SubmitFeedbackInput,
  SubmitFeedbackMutation,
} from './generated.ts';
import * as ops from './operations.ts';
import { readPath } from './read-path.ts';
import type { Transport } from './transport.ts';

export type Job = JobFieldsFragment;
/** A job read on its own (get, watch, waitForCompletion): with its warnings. */
export type JobDetail = JobDetailFieldsFragment;
/** A job as a jobUpdated event carries it, with the event's `eventCursor`. */
export type JobEvent = JobUpdatedSubscription['jobUpdated'];
export type JobPage = ListJobsQuery['jobs'];
export type Feedback = SubmitFeedbackMutation['submitFeedback'];
/** jobs[i] is input i's job, null where errors names i. */
export type CreateJobsResult = CreateJobsMutation['createJobs'];
export type CancelJobsResult = CancelJobsMutation['cancelJobs'];

/**
 * The statuses after which a job will not change: in docs/glossary.md's words, the job has
 * *ended* (terminal, or EXPIRED after it). The SDK ships without server code, so this is its own
 * copy of src/db/schema.ts's TERMINAL_STATUSES plus EXPIRED; the published name stays.
 */
export const TERMINAL_STATUSES: readonly JobStatus[] = ['COMPLETED', 'FAILED', 'CANCELLED', 'EXPIRED'];
export const isTerminal = (status: JobStatus): boolean => TERMINAL_STATUSES.includes(status);

export interface UploadOptions {
  endpoint?: JobEndpoint;
  options?: JobOptionsInput;
  metadata?: Record<string, string>;
  idempotencyKey?: string;
  /** Defaults to the path's last segment, a File's name, or "document". */
  filename?: string;
}

export interface ListParams {
  first?: number;
  after?: string;
  offset?: number;
  filter?: JobFilter;
}

export interface WaitOptions {
  /** Milliseconds; default 300 000. */
  timeout?: number;
  signal?: AbortSignal;
  /** Called once if the subscription cannot be held and polling takes over. */
  onFallback?: (error: DocketError) => void;
}

export interface WatchAllOptions {
  /** An eventCursor: start with the events after it. */
  since?: string;
  /** Times a lost socket is reopened, resuming after the last event (default 5, 0 = never). */
  retries?: number;
  /**
   * Called each time the server has accepted the socket. Without `since` the watch has taken
   * the organization's latest eventCursor first, so every change after this call is seen.
   */
  onConnected?: (() => void) | undefined;
}

/** A page when awaited; every job of every page when iterated with `for await`. */
export type JobList = Promise<JobPage> & AsyncIterable<Job>;

export class Jobs {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  async create(input: CreateJobInput): Promise<Job> {
    return (await this.#transport.request(ops.CREATE_JOB, { input })).createJob;
  }

  /**
   * Up to 100 jobs in one request; a refused item refuses nothing else (see `errors`). Inputs
   * whose `document.file` is a Blob (a File keeps its name) go as one multipart request, every
   * file in it: the server takes up to 100 files and MAX_UPLOAD_BYTES for the whole request.
   */
  async createMany(inputs: CreateJobInput[]): Promise<CreateJobsResult> {
    const files = inputs.flatMap((input, i) => {
      const file: unknown = input.document.file;
      if (!(file instanceof Blob)) return [];
      const filename =
        input.document.filename ?? (file instanceof File && file.name ? file.name : 'document');
      return [{ path: `variables.inputs.${i}.document.file`, file, filename }];
    });
    if (files.length === 0) return (await this.#transport.request(ops.CREATE_JOBS, { inputs })).createJobs;
    const variables = {
      inputs: inputs.map((input) =>
        input.document.file instanceof Blob
          ? { ...input, document: { ...input.document, file: null } }
          : input,
      ),
    };
    return (await this.#transport.uploadFiles(ops.CREATE_JOBS, variables, files)).createJobs;
  }

  /** A path (read from disk, Node only), a Blob/File, or bytes, sent as a multipart upload. */
  async upload(source: string | Blob | Uint8Array, opts: UploadOptions = {}): Promise<Job> {
    let blob: Blob;
    let filename = opts.filename;
    if (typeof source === 'string') {
      blob = await readPath(source);
      filename ??= source.split(/[\\/]/).pop() || 'document';
    } else if (source instanceof Blob) {
      blob = source;
      filename ??=
        'name' in source && typeof source.name === 'string' && source.name ? source.name : 'document';
    } else {
      blob = new Blob([source as Uint8Array<ArrayBuffer>]);
      filename ??= 'document';
    }
    const variables = {
      file: blob,
      ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
      ...(opts.options ? { options: opts.options } : {}),
      ...(opts.metadata ? { metadata: opts.metadata } : {}),
      ...(opts.idempotencyKey ? { idempotencyKey: opts.idempotencyKey } : {}),
    };
    return (await this.#transport.upload(ops.UPLOAD_DOCUMENT, variables, blob, filename)).uploadDocument;
  }

  /** The job, or null when this organization has no job with that id. */
  async get(id: string, signal?: AbortSignal): Promise<JobDetail | null> {
    return (await this.#transport.request(ops.GET_JOB, { id }, signal)).job;
  }

  list(params: ListParams = {}): JobList {
    const first = this.#page(params);
    first.catch(() => {}); // a caller that only iterates sees the error there
    return Object.assign(first, { [Symbol.asyncIterator]: () => this.#all(params, first) });
  }

  /** Every job matching `params.filter`, newest first, page after page. */
  iterate(params: ListParams = {}): AsyncIterable<Job> {
    return { [Symbol.asyncIterator]: () => this.#all(params, this.#page(params)) };
  }

  async cancel(id: string): Promise<Job> {
    return (await this.#transport.request(ops.CANCEL_JOB, { id })).cancelJob;
  }

  /** Cancels the jobs named by `ids` or matched by `filter` (exactly one), at most 10,000. */
  async cancelMany(target: { ids: string[] } | { filter: JobFilter }): Promise<CancelJobsResult> {
    return (await this.#transport.request(ops.CANCEL_JOBS, target)).cancelJobs;
  }

  /** Runs a FAILED or CANCELLED job again under its id (a new attempt). */
  async retry(id: string): Promise<Job> {
    return (await this.#transport.request(ops.RETRY_JOB, { id })).retryJob;
  }

  async submitFeedback(input: SubmitFeedbackInput): Promise<Feedback> {
    return (await this.#transport.request(ops.SUBMIT_FEEDBACK, { input })).submitFeedback;
  }

  /**
   * The job as it is now, then each change, ending after its terminal state. A lost socket is
   * thrown as a DocketError with code CONNECTION_CLOSED.
   */
  async *watch(id: string): AsyncGenerator<JobEvent> {
    for await (const data of this.#transport.subscribe(ops.JOB_UPDATED, { id })) {
      yield data.jobUpdated;
      if (isTerminal(data.jobUpdated.status)) return;
    }
  }

  /**
   * Every change to the organization's jobs matching `filter`, until the caller stops. It
   * starts after the event `since`, or else after the organization's latest event, asked for
   * first: a change made once iteration has begun is not lost while the server sets up the
   * subscription, and `onConnected` tells a person the watch is live. When the socket is lost
   * it reconnects (back-off 0.5 s doubling to 8 s) and resumes after the last event seen, so
   * none is missed or repeated; a socket that stays lost is thrown as CONNECTION_CLOSED.
   */
  async *watchAll(filter?: JobFilter, opts: WatchAllOptions = {}): AsyncGenerator<JobEvent> {
    let since = opts.since ?? (await this.#transport.request(ops.EVENT_CURSOR, {})).eventCursor;
    let failures = 0;
    for (;;) {
      const variables = { ...(filter ? { filter } : {}), since };
      try {
        for await (const data of this.#transport.subscribe(ops.JOB_UPDATED, variables, {
          onConnected: opts.onConnected,
        })) {
          failures = 0;
          since = data.jobUpdated.eventCursor ?? since;
          yield data.jobUpdated;
        }
        return;
      } catch (err) {
        const lost = err instanceof DocketError && err.code === 'CONNECTION_CLOSED';
        if (!lost || failures >= (opts.retries ?? 5)) throw err;
        await new Promise((resolve) => setTimeout(resolve, Math.min(500 * 2 ** failures, 8000)));
        failures++;
      }
    }
  }

  /**
   * Resolves with the job once it is COMPLETED, FAILED, CANCELLED or EXPIRED (check `status`).
   * Listens on the subscription; if the socket cannot be opened or held, polls `job(id)` with
   * exponential back-off. Throws JobTimeoutError after `timeout`, the signal's reason on abort.
   */
  async waitForCompletion(id: string, opts: WaitOptions = {}): Promise<JobDetail> {
    const timeoutMs = opts.timeout ?? 300_000;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onAbort = () => controller.abort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    let last: JobDetail | null = null;
    try {
      if (opts.signal?.aborted) throw abortReason(opts.signal);
      const stopped = new Promise<never>((_, reject) => {
        controller.signal.addEventListener('abort', () => reject(controller.signal), { once: true });
      });
      stopped.catch(() => {});
      try {
        const events = this.watch(id);
        try {
          for (;;) {
            const step = await Promise.race([events.next(), stopped]);
            if (step.done) break;
            last = step.value;
            if (isTerminal(last.status)) return last;
          }
        } finally {
          void events.return(undefined);
        }
      } catch (err) {
        if (!(err instanceof DocketError && TRANSPORT_CODES.includes(err.code))) throw err;
        opts.onFallback?.(err);
      }
      // The socket could not be held: poll, 250 ms doubling up to 10 s.
      for (let delay = 250; ; delay = Math.min(delay * 2, 10_000)) {
        last = await Promise.race([this.get(id, controller.signal), stopped]);
        if (!last) throw new DocketError('NOT_FOUND', `no job ${id}`);
        if (isTerminal(last.status)) return last;
        await Promise.race([new Promise((resolve) => setTimeout(resolve, delay)), stopped]);
      }
    } catch (err) {
      if (timedOut) throw new JobTimeoutError(id, timeoutMs, last?.status);
      if (opts.signal?.aborted) throw abortReason(opts.signal);
      throw err;
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  async #page(params: ListParams): Promise<JobPage> {
    const variables = {
      ...(params.first !== undefined ? { first: params.first } : {}),
      ...(params.after !== undefined ? { after: params.after } : {}),
      ...(params.offset !== undefined ? { offset: params.offset } : {}),
      ...(params.filter ? { filter: params.filter } : {}),
    };
    return (await this.#transport.request(ops.LIST_JOBS, variables)).jobs;
  }

  async *#all(params: ListParams, firstPage: Promise<JobPage>): AsyncGenerator<Job> {
    let page = await firstPage;
    for (;;) {
      yield* page.nodes;
      const cursor = page.pageInfo.endCursor;
      if (!page.pageInfo.hasNextPage || !cursor) return;
      // Later pages follow the cursor; an offset only places the first one.
      const { offset: _offset, ...rest } = params;
      page = await this.#page({ ...rest, after: cursor });
    }
  }
}
