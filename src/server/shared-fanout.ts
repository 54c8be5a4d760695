// jobUpdated over graphql-ws, fanned out once per event rather than once per subscriber. The
// subscriptions of one organization and key with the same operation (document, operation name,
// and the variables its selection reads) share one execution of each live event and one
// serialized `next` payload; each subscription only wraps it in its own frame (its message id),
// and the frames a socket gets in one turn of the event loop leave in one write.
//
// Only the live path is shared: the per-subscriber order, filter and catch-up stay in each
// subscription's event stream (src/events/catch-up.ts), which offers this module its in-order
// live events while its reader is idle. Whatever is declined (a socket with output waiting, a
// closed one) and everything replayed from job_events goes the ordinary way, through graphql-ws
// and envelop, executed for that subscriber alone — so is every operation this module does not
// recognise as a plain jobUpdated subscription, and everything over SSE.
//
// Tenant isolation: the sharing key holds the organization and the key id (the whole of the
// auth context), so no two principals ever share an execution or a payload.
import type { Socket } from 'node:net';
import { execute } from '@graphql-tools/executor';
import {
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  visit,
} from 'graphql';
import type { Logger } from 'pino';
import { Counter, register } from 'prom-client';
import type { WebSocket } from 'ws';
import type { Principal } from '../auth/keys.ts';
import type { DirectSink } from '../events/catch-up.ts';
import type { JobSnapshot } from '../events/snapshots.ts';
import { SUBSCRIBER_BUFFER } from '../events/watch.ts';
import type { Context } from '../graphql/context.ts';
import { maskResult } from './errors.ts';
import { closeSlowWebSocket, MAX_BUFFERED_BYTES } from './slow-consumers.ts';

/**
 * Output a socket may have waiting and still be written to directly. Past it, events go
 * through graphql-ws, which waits for each write: a slow reader falls back to catching up from
 * job_events, as it always did, instead of filling its socket.
 */
const DIRECT_WRITE_BYTES = 64 * 1024;

export interface SharedOperation {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName: string | null;
  variableValues: Record<string, unknown> | null;
  /** The operation as the client sent it. */
  query: string;
  principal: Principal | null;
  /** The context its executions run with; principal: this subscription's. */
  context(): Context;
}

type Payload = Buffer | Promise<Buffer>;

// Process-wide, like the other operation metrics: deliveries / executions is the sharing
// achieved. Plain counts, read on scrape: an increment per frame stays a single addition.
const counts = { executions: 0, deliveries: 0 };
new Counter({
  name: 'docket_shared_event_executions_total',
  help: 'Live jobUpdated events executed for a group of graphql-ws subscriptions sharing one payload',
  registers: [register],
  collect() {
    this.reset();
    this.inc(counts.executions);
  },
});
new Counter({
  name: 'docket_shared_event_deliveries_total',
  help: 'jobUpdated frames written straight to a graphql-ws socket around a shared payload',
  registers: [register],
  collect() {
    this.reset();
    this.inc(counts.deliveries);
  },
});

/** One execution per live event for every subscription with the same key. */
class SharedExecution {
  readonly key: string;
  holders = 0;
  readonly #op: SharedOperation;
  readonly #log: Logger;
  /** By the event object the hub handed out: an event read back later is another object. */
  readonly #payloads = new WeakMap<JobSnapshot, Payload>();

  readonly #context: Context;

  constructor(key: string, op: SharedOperation, log: Logger) {
    this.key = key;
    this.#op = op;
    this.#context = op.context();
    this.#log = log;
  }

  payload(event: JobSnapshot): Payload {
    let payload = this.#payloads.get(event);
    if (payload === undefined) {
      payload = this.#execute(event);
      this.#payloads.set(event, payload);
      if (payload instanceof Promise) void payload.then((done) => this.#payloads.set(event, done));
    }
    return payload;
  }

  #execute(event: JobSnapshot): Payload {
    counts.executions++;
    const { schema, document, operationName, variableValues } = this.#op;
    try {
      // yoga's own executor, as a subscription's event is executed on the ordinary path.
      const result = execute({
        schema,
        document,
        operationName,
        variableValues,
        contextValue: this.#context,
        rootValue: event,
      });
      return result instanceof Promise
        ? result.then(
            (r) => this.#serialize(r),
            (err: unknown) => this.#serialize({ errors: [err as never] }),
          )
        : this.#serialize(result);
    } catch (err) {
      return this.#serialize({ errors: [err as never] });
    }
  }

  /** graphql-ws's `next` payload: the result, its errors masked and serialized as it does. */
  #serialize(raw: unknown): Buffer {
    const result = (
      raw && typeof raw === 'object' && 'initialResult' in raw
        ? { errors: [new Error('incremental delivery')] }
        : raw
    ) as ExecutionResult;
    const { errors, ...rest } = maskResult(result, this.#log);
    const body = errors ? { ...rest, errors: errors.map((e) => e.toJSON()) } : rest;
    return Buffer.from(JSON.stringify(body));
  }
}

export class SharedFanout {
  readonly #executions = new Map<string, SharedExecution>();
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log;
  }

  /** Executions held now (one per distinct key among open shared subscriptions). */
  get executions(): number {
    return this.#executions.size;
  }

  /**
   * What lets a subscription share its live events, or null when it cannot: anything but a
   * subscription whose one root field is jobUpdated, written as a field, without a key.
   */
  sharing(
    op: SharedOperation,
  ): ((socket: WebSocket, raw: Socket, id: string) => DirectSink<JobSnapshot>) | null {
    const key = sharingKey(op);
    if (key === null) return null;
    return (socket, raw, id) => {
      let execution = this.#executions.get(key);
      if (!execution) {
        execution = new SharedExecution(key, op, this.#log);
        this.#executions.set(key, execution);
      }
      execution.holders++;
      const held = execution;
      return new SocketSink(held, socket, raw, id, () => {
        held.holders--;
        if (held.holders === 0 && this.#executions.get(key) === held) this.#executions.delete(key);
      });
    };
  }
}

/** The organization, the key, and everything of the operation its payload depends on. */
function sharingKey(op: SharedOperation): string | null {
  const principal = op.principal;
  if (!principal) return null;
  const operation = operationOf(op.document, op.operationName);
  const root = operation?.selectionSet.selections;
  if (operation?.operation !== 'subscription' || root?.length !== 1) return null;
  const field = root[0];
  if (field?.kind !== Kind.FIELD || field.name.value !== 'jobUpdated') return null;
  // The root field's own arguments (id, filter, since) choose the events, per subscriber; the
  // payload of an event depends on the selection alone, and on the variables it reads.
  const variables = payloadVariables(op.document, operation, field);
  const values = op.variableValues ?? {};
  return JSON.stringify([
    principal.organizationId,
    principal.keyId,
    op.operationName,
    op.query,
    // Left out and null differ: a left-out variable takes its default.
    variables.map((name) => (name in values ? [name, values[name]] : [name])),
  ]);
}

function operationOf(document: DocumentNode, name: string | null): OperationDefinitionNode | null {
  const ops = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (name === null) return ops.length === 1 ? (ops[0] ?? null) : null;
  return ops.find((d) => d.name?.value === name) ?? null;
}

function payloadVariables(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  root: FieldNode,
): string[] {
  const names = new Set<string>();
  const collect = (node: Parameters<typeof visit>[0]) =>
    visit(node, {
      Variable(v) {
        names.add(v.name.value);
      },
    });
  if (root.selectionSet) collect(root.selectionSet);
  for (const d of [...(root.directives ?? []), ...(operation.directives ?? [])]) collect(d);
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) collect(d);
  return [...names].sort();
}

const SUFFIX = Buffer.from('}');
/** Sockets with a write batch open in this tick. */
const corked = new WeakSet<Socket>();

/**
 * Sends a text frame; every frame for `raw` in this tick leaves in one write (ws corks each
 * frame's header and body on its own; corks nest, so the outer one holds them all).
 */
function sendBatched(socket: WebSocket, raw: Socket, frame: Buffer): void {
  if (!corked.has(raw)) {
    corked.add(raw);
    raw.cork();
    process.nextTick(() => {
      corked.delete(raw);
      raw.uncork();
    });
  }
  socket.send(frame, { binary: false });
}

/** One subscription's direct deliveries, in order: the frames it wraps around shared payloads. */
class SocketSink implements DirectSink<JobSnapshot> {
  readonly #execution: SharedExecution;
  readonly #socket: WebSocket;
  readonly #raw: Socket;
  readonly #prefix: Buffer;
  readonly #release: () => void;
  /** Payloads taken while an earlier one was still executing, oldest first. */
  readonly #waiting: Payload[] = [];
  #drained: { promise: Promise<void>; resolve: () => void } | null = null;
  #closed = false;

  constructor(execution: SharedExecution, socket: WebSocket, raw: Socket, id: string, release: () => void) {
    this.#execution = execution;
    this.#socket = socket;
    this.#raw = raw;
    this.#prefix = Buffer.from(`{"id":${JSON.stringify(id)},"type":"next","payload":`);
    this.#release = release;
  }

  take(event: JobSnapshot): boolean {
    const socket = this.#socket;
    if (this.#closed || socket.readyState !== socket.OPEN) return false;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      closeSlowWebSocket(socket);
      return false;
    }
    if (this.#waiting.length === 0 && socket.bufferedAmount > DIRECT_WRITE_BYTES) return false;
    const payload = this.#execution.payload(event);
    if (this.#waiting.length === 0 && !(payload instanceof Promise)) {
      this.#send(payload);
      return true;
    }
    if (this.#waiting.length >= SUBSCRIBER_BUFFER) {
      // Its events wait on executions that do not finish: it resumes with since= instead.
      closeSlowWebSocket(socket);
      return true;
    }
    this.#waiting.push(payload);
    if (this.#waiting.length === 1) void this.#pump();
    return true;
  }

  drained(): Promise<void> | undefined {
    if (this.#waiting.length === 0) return undefined;
    if (!this.#drained) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.#drained = { promise, resolve };
    }
    return this.#drained.promise;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#waiting.length = 0;
    this.#settleDrained();
    this.#release();
  }

  async #pump(): Promise<void> {
    while (this.#waiting.length > 0) {
      const payload = await this.#waiting[0];
      if (this.#closed || payload === undefined) return;
      if (this.#socket.readyState === this.#socket.OPEN) this.#send(payload);
      this.#waiting.shift();
    }
    this.#settleDrained();
  }

  #settleDrained(): void {
    this.#drained?.resolve();
    this.#drained = null;
  }

  #send(payload: Buffer): void {
    counts.deliveries++;
    const frame = Buffer.concat([this.#prefix, payload, SUFFIX], this.#prefix.length + payload.length + 1);
    sendBatched(this.#socket, this.#raw, frame);
  }
}
