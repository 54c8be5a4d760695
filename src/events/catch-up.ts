// The one loop behind every event stream (events/watch.ts): live events from the hub while
// they come in order and the reader keeps up, the database otherwise. Events carry a position
// without gaps (a job's version, an organization's seq), so the stream knows exactly what it
// has had: whatever it cannot take from the live notifications (a backlog to replay, `buffer`
// events not yet read, a LISTEN reconnect, a notification lost or out of turn) it reads from
// the database after the last position it handled. Memory per stream stays bounded; each
// event goes out once, in order.
//
// A plain AsyncIterator rather than an async generator: a generator's return() waits for its
// pending next(), so a stream whose reader left while no event came would hold its hub
// subscription until the next event.
//
// A reader may also take live events directly (`deliverDirectly`): while it is parked in next()
// with nothing waiting, the next event in order is offered to it synchronously, skipping the
// iterator and every layer above it. With thousands of subscribers of one event, those layers
// (a promise chain each) were most of the cost of a delivery (src/server/shared-fanout.ts).

export interface CatchUpSource<E> {
  /** Live events, and a call when some may have been missed; returns the unsubscribe function. */
  subscribe(onEvent: (event: E) => void, onResync: () => void): () => void;
  /**
   * Called once, after subscribing (so every later event is either notified or readable): the
   * position to go on after, events to send first, and whether to read the database before
   * taking live events. `fromNow`: `after` is merely "now", so the live events heard since
   * subscribing come out too, even those at or before it.
   */
  start(): Promise<{ after: number; first?: E[]; behind?: boolean; fromNow?: boolean }>;
  /** The event's position: consecutive events differ by one. */
  position(event: E): number;
  /** Events after `position`, in order; a page of `buffer` means more may follow. */
  readAfter(position: number): Promise<E[]>;
  /** Whether to send the event (default all); skipped ones still count as handled. */
  accept?(event: E): boolean;
  /** Whether the stream ends after sending this event. */
  isLast?(event: E): boolean;
}

/** Takes live events past the iterator (see `CatchUpStream.deliverDirectly`). */
export interface DirectSink<E> {
  /** Delivers the event now, or answers false to have it go through the iterator instead. */
  take(event: E): boolean;
  /** Settles once everything taken has gone out; undefined when nothing is waiting. */
  drained(): Promise<void> | undefined;
  /** The stream has stopped: nothing more will be offered. */
  close(): void;
}

export interface CatchUpStream<E> extends AsyncIterableIterator<E> {
  /**
   * Offers the in-order live events that arrive while the reader waits in next() to `sink`;
   * whatever it declines, and everything read back from the database, still comes through
   * the iterator, after what the sink took has drained.
   */
  deliverDirectly(sink: DirectSink<E>): void;
}

const DONE = { done: true, value: undefined } as const;
/** Waits between reads of the database that failed (it restarts, or is unreachable): doubling up to the last. */
const READ_RETRY_MS = [200, 400, 800, 1600, 3200, 5000];

export function catchUpStream<E>(source: CatchUpSource<E>, buffer: number): CatchUpStream<E> {
  const accept = source.accept ?? (() => true);
  const isLast = source.isLast ?? (() => false);
  /** Live events not yet handled; past `buffer` they are dropped and read back instead. */
  const live: E[] = [];
  /** Events handled and accepted, not yet taken by the reader. */
  const ready: E[] = [];
  let behind = false;
  let ending = false;
  let stopped = false;
  let wake: (() => void) | null = null;
  /** The last position handled; null until `start` answered. */
  let last: number | null = null;
  let unsubscribe: (() => void) | null = null;
  let direct: DirectSink<E> | null = null;

  const stop = () => {
    stopped = true;
    unsubscribe?.();
    unsubscribe = null;
    direct?.close();
    direct = null;
    wake?.();
  };

  const onEvent = (event: E) => {
    // While parked with nothing waiting, the next event in sequence that is not sent is
    // handled here without waking the loop: with thousands of organization-wide streams, most
    // events match few of them, and a wake-up each costs promises and garbage.
    if (
      wake &&
      last !== null &&
      !behind &&
      !ending &&
      live.length === 0 &&
      source.position(event) === last + 1
    ) {
      if (!accept(event)) {
        last = source.position(event);
        return;
      }
      if (direct?.take(event)) {
        last = source.position(event);
        if (isLast(event)) {
          ending = true;
          wake();
        }
        return;
      }
    }
    if (live.length >= buffer) {
      live.length = 0;
      behind = true;
    } else live.push(event);
    wake?.();
  };

  /** Takes the events after `last` into `ready`, up to the first that ends the stream. */
  const handle = (batch: E[], after: number): number => {
    for (const event of batch) {
      const at = source.position(event);
      if (at <= after) continue;
      after = at;
      if (accept(event)) ready.push(event);
      if (isLast(event)) {
        ending = true;
        break;
      }
    }
    return after;
  };

  /**
   * `source.readAfter`, tried until it answers: a database that restarts or cannot be reached
   * leaves the stream behind, not ended (the subscriber would have to come back with a cursor).
   * A stream stopped meanwhile reads nothing more.
   */
  const readAfter = async (position: number): Promise<E[]> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await source.readAfter(position);
      } catch (err) {
        if (stopped) throw err;
        const ms = READ_RETRY_MS[Math.min(attempt, READ_RETRY_MS.length - 1)] as number;
        await new Promise((resolve) => setTimeout(resolve, ms));
        if (stopped) return [];
      }
    }
  };

  const next = async (): Promise<IteratorResult<E>> => {
    if (stopped) return DONE;
    try {
      if (last === null) {
        unsubscribe = source.subscribe(onEvent, () => {
          behind = true;
          wake?.();
        });
        const start = await source.start();
        behind = start.behind ?? false;
        // "From now on" begins when the stream subscribed, not when `start` answered: a change
        // the hub heard in between is sent (a client told it is watching expects it).
        const heard = live[0];
        const after =
          start.fromNow && heard !== undefined
            ? Math.min(start.after, source.position(heard) - 1)
            : start.after;
        last = handle(start.first ?? [], after);
      }
      while (!stopped) {
        // What the direct sink took goes out before anything the iterator hands on, the end included.
        const drained = direct?.drained();
        if (drained) {
          await drained;
          if (stopped) break;
        }
        const event = ready.shift();
        if (event !== undefined) return { done: false, value: event };
        if (ending) break;
        if (live.length === 0 && !behind) await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        if (stopped) break;
        const head = live.shift();
        let batch: E[];
        if (behind || (head !== undefined && source.position(head) > last + 1)) {
          behind = false;
          live.length = 0;
          batch = await readAfter(last);
          // A full page: there may be more to read before the live events.
          if (batch.length >= buffer) behind = true;
        } else batch = head === undefined ? [] : [head];
        last = handle(batch, last);
      }
    } catch (err) {
      stop();
      throw err;
    }
    stop();
    return DONE;
  };

  const stream: CatchUpStream<E> = {
    next,
    deliverDirectly: (sink) => {
      if (stopped) sink.close();
      else direct = sink;
    },
    return: async () => {
      stop();
      return DONE;
    },
    throw: async (err: unknown) => {
      stop();
      throw err;
    },
    [Symbol.asyncIterator]: () => stream,
  };
  return stream;
}
