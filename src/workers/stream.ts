/**
 * The ordered, bounded window behind `detectMany` and its record modes.
 *
 * It pulls items from the caller's (async) iterable only while fewer than a
 * few batches' worth are between "read" and "handed back", packs them into
 * batches of about `batchCost` (text characters or line bytes), hands each
 * batch to `kind.run` (a worker task), and yields one result per item in
 * input order. A slow consumer therefore slows the reader instead of growing
 * memory, whatever the input size. Nothing here knows about threads or
 * documents: pool.ts says how an item is checked and how a batch is run.
 */
import { IcdError } from '../errors.js';

/** How one kind of stream turns input items into results. */
export interface StreamKind<W, R> {
  /** An input item to its result now (an input error, an empty text) or to work for a thread, with its cost. */
  admit(item: unknown): { result: R } | { work: W; cost: number };
  /** Runs one batch; resolves with one result per work item, in order. Rejects only when `signal` aborted. */
  run(batch: W[], signal: AbortSignal): Promise<R[]>;
}

export interface WindowLimits {
  /** Threads that run batches: a slow async source flushes partial batches while one idles. */
  threads: number;
  /** Cost per batch (text characters or line bytes). */
  batchCost: number;
  /** Items per batch at most, so thousands of one-line notes do not make one huge message. */
  maxBatchItems: number;
  /** Read-but-not-yet-yielded cost and items at most: the window. */
  maxPendingCost: number;
  maxPendingItems: number;
}

/** The abort reason as an IcdError (E_ABORTED unless the reason already is one), or undefined when not aborted. */
export function abortReason(signal: AbortSignal): IcdError | undefined {
  if (!signal.aborted) return undefined;
  return signal.reason instanceof IcdError ? signal.reason : new IcdError('E_ABORTED', 'aborted', { cause: signal.reason });
}

/** Wakes every waiter on `notify`; loops re-check their condition (spurious wake-ups are harmless). */
class Pulse {
  private waiters: Array<() => void> = [];
  wait(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  notify(): void {
    if (this.waiters.length === 0) return;
    const w = this.waiters;
    this.waiters = [];
    for (const resolve of w) resolve();
  }
}

/** Bookkeeping of one run: sequence numbers give input order. */
class Run<R> {
  /** Items read from the input so far (next sequence number). */
  pulled = 0;
  /** Sequence number of the next result to hand back. */
  next = 0;
  /** Cost held between read and hand-back. */
  pendingCost = 0;
  tasks = 0;
  finished = false;
  /** The consumer is gone: read no more, dispatch no more. */
  stopped = false;
  failed = false;
  failure: unknown;
  readonly changed = new Pulse();
  private readonly done = new Map<number, { result: R; cost: number }>();

  complete(seq: number, result: R, cost: number): void {
    this.done.set(seq, { result, cost });
    if (seq === this.next) this.changed.notify();
  }

  /** The next result in input order, if it is ready. */
  take(): { value: R } | undefined {
    const entry = this.done.get(this.next);
    if (entry === undefined) return undefined;
    this.done.delete(this.next);
    this.next++;
    this.pendingCost -= entry.cost;
    this.changed.notify();
    return { value: entry.result };
  }
}

interface Batch<W> {
  seqs: number[];
  work: W[];
  costs: number[];
  cost: number;
}

const emptyBatch = <W>(): Batch<W> => ({ seqs: [], work: [], costs: [], cost: 0 });

export type Source = { it: Iterator<unknown> | AsyncIterator<unknown>; isAsync: boolean };

export function iteratorOf(docs: unknown, message: string): Source {
  if (docs !== null && typeof docs === 'object') {
    const d = docs as Partial<AsyncIterable<unknown> & Iterable<unknown>>;
    if (typeof d[Symbol.asyncIterator] === 'function') return { it: d[Symbol.asyncIterator]!(), isAsync: true };
    if (typeof d[Symbol.iterator] === 'function') return { it: d[Symbol.iterator]!(), isAsync: false };
  }
  throw new IcdError('E_INPUT_INVALID', message);
}

/**
 * One result per input item, in input order. Throws the abort reason when
 * `signal` aborts, and rethrows an error thrown by the input iterable after
 * yielding every result read before it. Returning early (a consumer that
 * breaks out) stops reading.
 */
export async function* orderedStream<W, R>(source: Source, kind: StreamKind<W, R>, limits: WindowLimits, signal: AbortSignal): AsyncGenerator<R, void, undefined> {
  const run = new Run<R>();
  const onAbort = () => run.changed.notify();
  signal.addEventListener('abort', onAbort, { once: true });
  void produce(source, run, kind, limits, signal);
  try {
    for (;;) {
      const aborted = abortReason(signal);
      if (aborted !== undefined) throw aborted;
      const r = run.take();
      if (r !== undefined) {
        yield r.value;
        continue;
      }
      if (run.finished && run.next === run.pulled) {
        if (run.failed) throw run.failure;
        return;
      }
      await run.changed.wait();
    }
  } finally {
    // Normal end, abort, or the consumer broke out: the producer stops reading.
    // Tasks already running are left to finish (their results are dropped):
    // aborting a running piscina task terminates its thread, and a new one
    // costs an engine build (~0.5 s of CPU on the full release) plus JIT
    // warm-up, far more than the at most threads x 4 batches left.
    run.stopped = true;
    run.changed.notify();
    signal.removeEventListener('abort', onAbort);
  }
}

/** Reads items into batches while the window has room. Never rejects: problems land on `run`. */
async function produce<W, R>(source: Source, run: Run<R>, kind: StreamKind<W, R>, limits: WindowLimits, signal: AbortSignal): Promise<void> {
  let batch = emptyBatch<W>();
  const flush = () => {
    if (batch.seqs.length === 0 || run.stopped) return;
    dispatch(batch, run, kind, signal);
    batch = emptyBatch<W>();
  };
  const full = () => run.pulled - run.next >= limits.maxPendingItems || run.pendingCost >= limits.maxPendingCost;
  let exhausted = false;
  try {
    for (;;) {
      if (signal.aborted || run.stopped) return;
      while (full()) {
        // Send the partial batch only when nothing else can move: the consumer
        // waits for its first result, or no thread has work. Flushing on every
        // wake-up sent one-document batches whenever the window was full, and
        // the per-task cost then took most of the time (measured: 280 tasks
        // instead of 16 for CodiEsp dev, 2.5x the time of one large batch).
        if (batch.seqs.length > 0 && (run.tasks === 0 || (batch.seqs[0] as number) <= run.next)) flush();
        await run.changed.wait();
        if (signal.aborted || run.stopped) return;
      }
      // A slow async source must not leave items waiting for a batch to fill
      // while a thread idles; a fast one keeps the threads busy, so its
      // batches still fill up.
      if (source.isAsync && batch.seqs.length > 0 && run.tasks < limits.threads) flush();
      const r = source.isAsync ? await source.it.next() : (source.it as Iterator<unknown>).next();
      if (r.done === true) {
        exhausted = true;
        break;
      }
      if (signal.aborted || run.stopped) return;
      const seq = run.pulled++;
      const admitted = kind.admit(r.value);
      if ('result' in admitted) {
        run.complete(seq, admitted.result, 0);
        continue;
      }
      run.pendingCost += admitted.cost;
      batch.seqs.push(seq);
      batch.work.push(admitted.work);
      batch.costs.push(admitted.cost);
      batch.cost += admitted.cost;
      if (batch.cost >= limits.batchCost || batch.seqs.length >= limits.maxBatchItems) flush();
    }
    flush();
  } catch (err) {
    // The input iterable threw: hand back everything read before it, then rethrow it.
    run.failed = true;
    run.failure = err;
    flush();
  } finally {
    if (!exhausted && !run.failed) {
      try {
        void Promise.resolve(source.it.return?.()).catch(() => {});
      } catch {
        // a throwing return() must not hide the real outcome
      }
    }
    run.finished = true;
    run.changed.notify();
  }
}

function dispatch<W, R>(batch: Batch<W>, run: Run<R>, kind: StreamKind<W, R>, signal: AbortSignal): void {
  run.tasks++;
  kind
    .run(batch.work, signal)
    .then(
      (results) => {
        for (let i = 0; i < batch.seqs.length; i++) run.complete(batch.seqs[i] as number, results[i] as R, batch.costs[i] as number);
      },
      () => {
        // Aborted: the consumer sees the abort and throws it.
      },
    )
    .finally(() => {
      run.tasks--;
      run.changed.notify();
    });
}
