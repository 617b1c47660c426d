/**
 * Pool side: a piscina pool of worker threads that all read one compiled
 * artifact through a SharedArrayBuffer (loaded once here, never re-read by a
 * worker or per task).
 *
 * `detectMany` is a pipeline with a bounded window: it pulls documents from the
 * caller's (async) iterable only while fewer than a few batches' worth are
 * between "read" and "handed back", packs small documents into ~64 KB tasks,
 * and yields one record per document in input order. A slow consumer therefore
 * slows the reader instead of growing memory, whatever the input size.
 *
 * Failure model: a worker never rejects a task because of a document (bad
 * documents become error records inside the result). A rejected task means the
 * thread died; piscina replaces it, and every document of that task is retried
 * once, alone, so one poisonous document costs only itself an error record
 * (E_WORKER_FAILED) and the rest of its batch still succeeds.
 */
import { setMaxListeners } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { readArtifactFile, readHeader } from '../artifact/read.js';
import { Engine, loadEngine } from '../engine.js';
import { IcdError, type ErrorCode } from '../errors.js';
import { validateDetectOptions, type ResolvedDetectOptions } from '../options.js';
import type { ResolvedCodeOptions } from '../coding/index.js';
import { PACKAGE_ROOT } from '../paths.js';
import type { RuleFile } from '../context/index.js';
import type { DetectOptions, Span } from '../types.js';
import {
  POOL_DEFAULTS,
  validatePoolOptions,
  type DetectRecord,
  type DocumentInput,
  type Documents,
  type JsonDetectRecord,
  type Pool,
  type PoolCallOptions,
  type PoolOptions,
  type RecordError,
  type ResolvedPoolOptions,
} from './options.js';
import { TEST_CRASH_ENV, type BatchResult, type BatchTask, type DocResult, type WorkerInit } from './messages.js';

// The public types and defaults live in options.ts (no piscina); re-exported for existing importers.
export { POOL_DEFAULTS, type DetectRecord, type DocumentInput, type Documents, type JsonDetectRecord, type Pool, type PoolCallOptions, type PoolOptions, type RecordError };

/** A cap on documents per task, so thousands of one-line notes do not make one huge message. */
const MAX_BATCH_DOCS = 1024;
/** Batches in flight per thread: enough to keep every thread busy while the main thread reorders and writes. */
const BATCHES_PER_THREAD = 4;

/** Creates a pool. Rejects (never throws synchronously) with E_OPTION_INVALID naming each bad option. */
export async function createPool(options: PoolOptions = {}): Promise<Pool> {
  const o = validatePoolOptions(options);
  const rules = o.contextRules === undefined ? {} : { contextRules: o.contextRules };
  let source: ArtifactSource;
  if (o.engine !== undefined) {
    source = { engine: o.engine, buffer: sharedBuffer(o.engine.buffer), artifactPath: o.engine.info.artifactPath };
  } else if (o.artifactPath !== undefined) {
    // Read and header-check the file only: the workers build their engines, and
    // this thread builds one (about 0.5 s of CPU on the full release) only if
    // `pool.engine` is used.
    const buffer = readArtifactFile(o.artifactPath);
    readHeader(buffer);
    source = { buffer, artifactPath: o.artifactPath };
  } else {
    const engine = await loadEngine(rules); // may build a missing or stale artifact
    source = { engine, buffer: sharedBuffer(engine.buffer), artifactPath: engine.info.artifactPath };
  }
  const pool = new WorkerPool(source, o);
  await pool.ready();
  return pool;
}

interface ArtifactSource {
  engine?: Engine;
  buffer: SharedArrayBuffer;
  artifactPath: string | null;
}


/**
 * The worker must run as JavaScript. Compiled, it sits next to this file; under
 * vitest this file is TypeScript in src/, so the compiled one in dist/ is used.
 */
export function workerScript(): string {
  const sibling = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(sibling))) return sibling.href;
  const built = join(PACKAGE_ROOT, 'dist', 'src', 'workers', 'worker.js');
  if (existsSync(built)) return pathToFileURL(built).href;
  throw new IcdError('E_WORKER_FAILED', `worker script not found next to ${fileURLToPath(import.meta.url)} nor at ${built}; run \`npm run build\``);
}

function sharedBuffer(buffer: ArrayBufferLike): SharedArrayBuffer {
  if (buffer instanceof SharedArrayBuffer) return buffer;
  // One copy, at pool creation, for engines built in memory (e.g. in tests).
  const shared = new SharedArrayBuffer(buffer.byteLength);
  new Uint8Array(shared).set(new Uint8Array(buffer));
  return shared;
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

type AnyRecord<Id> = DetectRecord<Id> | JsonDetectRecord<Id>;

/** Bookkeeping of one `detectMany` run: sequence numbers give input order. */
class Run<Id> {
  /** Documents read from the input so far (next sequence number). */
  pulled = 0;
  /** Sequence number of the next record to hand back. */
  next = 0;
  /** Text held between read and hand-back, in code units. */
  pendingChars = 0;
  tasks = 0;
  finished = false;
  /** The consumer is gone: read no more, dispatch no more. */
  stopped = false;
  failed = false;
  failure: unknown;
  readonly changed = new Pulse();
  private readonly done = new Map<number, { record: AnyRecord<Id>; chars: number }>();

  complete(seq: number, record: AnyRecord<Id>, chars: number): void {
    this.done.set(seq, { record, chars });
    if (seq === this.next) this.changed.notify();
  }

  /** The next record in input order, if it is ready. */
  take(): AnyRecord<Id> | undefined {
    const entry = this.done.get(this.next);
    if (entry === undefined) return undefined;
    this.done.delete(this.next);
    this.next++;
    this.pendingChars -= entry.chars;
    this.changed.notify();
    return entry.record;
  }
}

interface Batch {
  seqs: number[];
  ids: unknown[];
  texts: string[];
  chars: number;
}

class WorkerPool implements Pool {
  readonly threads: number;
  private engineHere: Engine | undefined;
  private readonly source: ArtifactSource;
  private readonly contextRules: string | RuleFile | undefined;
  private readonly piscina: Piscina<BatchTask, BatchResult>;
  private readonly defaults: DetectOptions;
  private readonly resolvedDefaults: ResolvedDetectOptions;
  private readonly maxDocumentChars: number;
  private readonly batchChars: number;
  private readonly taskTimeout: number;
  /** Set for a coding pool (`code` option): its JSON records are code sets. */
  private readonly code: ResolvedCodeOptions | undefined;
  private readonly maxPendingChars: number;
  private readonly maxPendingDocs: number;
  private readonly active = new Set<AbortController>();
  private readonly unlink = new Map<AbortController, () => void>();
  private closing: Promise<void> | undefined;

  constructor(source: ArtifactSource, o: ResolvedPoolOptions) {
    this.source = source;
    this.engineHere = source.engine;
    this.contextRules = o.contextRules;
    this.threads = o.threads;
    this.defaults = o.detect;
    this.resolvedDefaults = validateDetectOptions(o.detect);
    this.maxDocumentChars = o.maxDocumentChars;
    this.batchChars = o.batchChars;
    this.taskTimeout = o.taskTimeout;
    this.code = o.code;
    const window = o.threads * BATCHES_PER_THREAD;
    this.maxPendingChars = window * Math.max(o.batchChars, POOL_DEFAULTS.batchChars);
    this.maxPendingDocs = window * MAX_BATCH_DOCS;
    const workerData: WorkerInit = {
      buffer: source.buffer,
      artifactPath: source.artifactPath,
      ...(o.contextRules === undefined ? {} : { contextRules: o.contextRules }),
      testCrash: process.env[TEST_CRASH_ENV] === '1',
    };
    this.piscina = new Piscina<BatchTask, BatchResult>({
      filename: workerScript(),
      minThreads: o.threads,
      maxThreads: o.threads,
      concurrentTasksPerWorker: 1,
      workerData,
    });
    // piscina reports a thread that dies between tasks as an 'error' event; an
    // unhandled one would end the process. It has already replaced the thread.
    this.piscina.on('error', () => {});
  }

  get engine(): Engine {
    this.engineHere ??= Engine.fromBuffer(this.source.buffer, {
      artifactPath: this.source.artifactPath,
      ...(this.contextRules === undefined ? {} : { contextRules: this.contextRules }),
    });
    return this.engineHere;
  }

  /** Round trip to a worker so a broken worker script or artifact fails `createPool`, not the first batch. */
  async ready(): Promise<void> {
    try {
      await this.piscina.run({ texts: [], options: this.resolvedDefaults, encoding: 'object' });
    } catch (err) {
      await this.piscina.destroy();
      throw new IcdError('E_WORKER_FAILED', `worker threads failed to start: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }

  async detect(text: string, options: PoolCallOptions = {}): Promise<Span[]> {
    const { signal, rest } = splitSignal(options);
    const resolved = this.resolve(rest);
    if (typeof text !== 'string') throw new IcdError('E_INPUT_INVALID', `detect expects a string, got ${typeof text}`);
    const tooLarge = this.sizeError(text);
    if (tooLarge !== undefined) throw new IcdError(tooLarge.code, tooLarge.message);
    const ctrl = this.open(signal);
    try {
      if (text.length === 0) return [];
      const [result] = await this.runTexts([text], resolved, 'object', ctrl.signal);
      if (result === undefined) throw new IcdError('E_INTERNAL', 'worker returned no result');
      if (!result.ok) throw new IcdError(result.error.code as ErrorCode, result.error.message);
      return 'spans' in result ? result.spans : (JSON.parse(result.spansJson) as Span[]);
    } catch (err) {
      throw this.abortReason(ctrl.signal) ?? err;
    } finally {
      this.release(ctrl);
    }
  }

  detectMany<Id>(docs: Documents<Id>, options: PoolCallOptions = {}): AsyncIterableIterator<DetectRecord<Id>> {
    return this.stream(docs, options, 'object') as AsyncIterableIterator<DetectRecord<Id>>;
  }

  detectManyJson<Id>(docs: Documents<Id>, options: PoolCallOptions = {}): AsyncIterableIterator<JsonDetectRecord<Id>> {
    return this.stream(docs, options, 'json') as AsyncIterableIterator<JsonDetectRecord<Id>>;
  }

  async close(): Promise<void> {
    if (this.closing === undefined) {
      for (const ctrl of this.active) ctrl.abort(new IcdError('E_ABORTED', 'the pool was closed'));
      this.closing = this.piscina.close();
    }
    return this.closing;
  }

  // --- internals -----------------------------------------------------------

  private resolve(rest: DetectOptions): ResolvedDetectOptions {
    if (Object.keys(rest).length === 0) return this.resolvedDefaults;
    return validateDetectOptions({ ...this.defaults, ...rest });
  }

  private sizeError(text: string): RecordError | undefined {
    if (text.length <= this.maxDocumentChars) return undefined;
    return {
      code: 'E_INPUT_TOO_LARGE',
      message: `document is ${text.length} characters; the limit (maxDocumentChars) is ${this.maxDocumentChars}`,
    };
  }

  /** An internal controller per call, so `close()` can abort it and the caller's signal can too. */
  private open(signal: AbortSignal | undefined): AbortController {
    if (this.closing !== undefined) throw new IcdError('E_ABORTED', 'the pool was closed');
    if (signal?.aborted === true) throw new IcdError('E_ABORTED', 'aborted', { cause: signal.reason });
    const ctrl = new AbortController();
    // Every task of a run listens on this signal; a retry burst may add hundreds at once.
    setMaxListeners(0, ctrl.signal);
    if (signal !== undefined) {
      const forward = () => ctrl.abort(new IcdError('E_ABORTED', 'aborted', { cause: signal.reason }));
      signal.addEventListener('abort', forward, { once: true });
      this.unlink.set(ctrl, () => signal.removeEventListener('abort', forward));
    }
    this.active.add(ctrl);
    return ctrl;
  }

  private release(ctrl: AbortController): void {
    this.active.delete(ctrl);
    this.unlink.get(ctrl)?.();
    this.unlink.delete(ctrl);
  }

  private abortReason(signal: AbortSignal): IcdError | undefined {
    if (!signal.aborted) return undefined;
    return signal.reason instanceof IcdError ? signal.reason : new IcdError('E_ABORTED', 'aborted', { cause: signal.reason });
  }

  /**
   * Runs texts as one task; if the thread dies or runs out of time, retries each
   * text once on its own. Rejects only on abort.
   */
  private async runTexts(texts: string[], options: ResolvedDetectOptions, encoding: BatchTask['encoding'], signal: AbortSignal): Promise<DocResult[]> {
    try {
      return (await this.runTask({ texts, options, encoding }, signal)).results;
    } catch (err) {
      const aborted = this.abortReason(signal);
      if (aborted !== undefined) throw aborted;
      // One document that ran out of time would only run out of time again.
      if (err instanceof TaskTimeout && texts.length === 1) return [this.timeoutResult()];
      return Promise.all(texts.map((text) => this.retryOne(text, options, encoding, signal, err)));
    }
  }

  private async retryOne(text: string, options: ResolvedDetectOptions, encoding: BatchTask['encoding'], signal: AbortSignal, first: unknown): Promise<DocResult> {
    try {
      const [result] = (await this.runTask({ texts: [text], options, encoding }, signal)).results;
      if (result === undefined) throw new Error('worker returned no result');
      return result;
    } catch (err) {
      const aborted = this.abortReason(signal);
      if (aborted !== undefined) throw aborted;
      if (err instanceof TaskTimeout) return this.timeoutResult();
      const why = (e: unknown) => (e instanceof Error ? e.message : String(e));
      return {
        ok: false,
        error: { code: 'E_WORKER_FAILED', message: `the worker thread failed on this document twice (${why(first)}; then ${why(err)})` },
      };
    }
  }

  private timeoutResult(): DocResult {
    return { ok: false, error: { code: 'E_TIMEOUT', message: `detection did not finish within ${this.taskTimeout} ms (taskTimeout); the worker thread was replaced` } };
  }

  /**
   * One piscina task, limited to `taskTimeout`: aborting a running task makes
   * piscina end its thread and start a fresh one, so a runaway document cannot
   * hold a worker forever. Rejects with TaskTimeout when the time ran out.
   */
  private async runTask(batch: BatchTask, signal: AbortSignal): Promise<BatchResult> {
    const task = this.code === undefined ? batch : { ...batch, code: this.code };
    if (this.taskTimeout === 0) return this.piscina.run(task, { signal });
    const timer = new AbortController();
    const handle = setTimeout(() => timer.abort(new TaskTimeout()), this.taskTimeout);
    try {
      return await this.piscina.run(task, { signal: AbortSignal.any([signal, timer.signal]) });
    } catch (err) {
      if (timer.signal.aborted && !signal.aborted) throw timer.signal.reason;
      throw err;
    } finally {
      clearTimeout(handle);
    }
  }

  private stream<Id>(docs: Documents<Id>, options: PoolCallOptions, encoding: BatchTask['encoding']): AsyncIterableIterator<AnyRecord<Id>> {
    // An async generator: nothing runs (and nothing throws) until the first next().
    const self = this;
    async function* generate(): AsyncGenerator<AnyRecord<Id>, void, undefined> {
      const { signal, rest } = splitSignal(options);
      const resolved = self.resolve(rest);
      const source = iteratorOf(docs);
      const ctrl = self.open(signal);
      const run = new Run<Id>();
      ctrl.signal.addEventListener('abort', () => run.changed.notify(), { once: true });
      void self.produce(source, run, resolved, encoding, ctrl.signal);
      try {
        for (;;) {
          const aborted = self.abortReason(ctrl.signal);
          if (aborted !== undefined) throw aborted;
          const record = run.take();
          if (record !== undefined) {
            yield record;
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
        self.release(ctrl);
      }
    }
    return generate();
  }

  /** Reads documents into batches while the window has room. Never rejects: problems land on `run`. */
  private async produce<Id>(
    source: { it: Iterator<unknown> | AsyncIterator<unknown>; isAsync: boolean },
    run: Run<Id>,
    options: ResolvedDetectOptions,
    encoding: BatchTask['encoding'],
    signal: AbortSignal,
  ): Promise<void> {
    let batch: Batch = { seqs: [], ids: [], texts: [], chars: 0 };
    const flush = () => {
      if (batch.seqs.length === 0 || run.stopped) return;
      this.dispatch(batch, run, options, encoding, signal);
      batch = { seqs: [], ids: [], texts: [], chars: 0 };
    };
    const full = () => run.pulled - run.next >= this.maxPendingDocs || run.pendingChars >= this.maxPendingChars;
    let exhausted = false;
    try {
      for (;;) {
        if (signal.aborted || run.stopped) return;
        while (full()) {
          // Send the partial batch only when nothing else can move: the consumer
          // waits for its first record, or no thread has work. Flushing on every
          // wake-up sent one-document batches whenever the window was full, and
          // the per-task cost then took most of the time (measured: 280 tasks
          // instead of 16 for CodiEsp dev, 2.5x the time of one large batch).
          if (batch.seqs.length > 0 && (run.tasks === 0 || (batch.seqs[0] as number) <= run.next)) flush();
          await run.changed.wait();
          if (signal.aborted || run.stopped) return;
        }
        // A slow async source must not leave documents waiting for a batch to
        // fill while a thread idles; a fast one keeps the threads busy, so its
        // batches still fill up.
        if (source.isAsync && batch.seqs.length > 0 && run.tasks < this.threads) flush();
        const r = source.isAsync ? await source.it.next() : (source.it as Iterator<unknown>).next();
        if (r.done === true) {
          exhausted = true;
          break;
        }
        if (signal.aborted || run.stopped) return;
        const seq = run.pulled++;
        const doc = this.check(r.value);
        if ('error' in doc) {
          run.complete(seq, { id: doc.id as Id, ok: false, error: doc.error }, 0);
          continue;
        }
        if (doc.text.length === 0) {
          const empty: AnyRecord<Id> = encoding === 'json' ? { id: doc.id as Id, ok: true, spansJson: this.code === undefined ? '[]' : EMPTY_CODE_SET, spanCount: 0 } : { id: doc.id as Id, ok: true, spans: [] };
          run.complete(seq, empty, 0);
          continue;
        }
        run.pendingChars += doc.text.length;
        batch.seqs.push(seq);
        batch.ids.push(doc.id);
        batch.texts.push(doc.text);
        batch.chars += doc.text.length;
        if (batch.chars >= this.batchChars || batch.seqs.length >= MAX_BATCH_DOCS) flush();
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

  private dispatch<Id>(batch: Batch, run: Run<Id>, options: ResolvedDetectOptions, encoding: BatchTask['encoding'], signal: AbortSignal): void {
    run.tasks++;
    this.runTexts(batch.texts, options, encoding, signal).then(
      (results) => {
        for (let i = 0; i < batch.seqs.length; i++) {
          const id = batch.ids[i] as Id;
          const chars = (batch.texts[i] as string).length;
          const r = results[i];
          let record: AnyRecord<Id>;
          if (r === undefined) record = { id, ok: false, error: { code: 'E_INTERNAL', message: 'worker returned no result' } };
          else if (!r.ok) record = { id, ok: false, error: { code: r.error.code as ErrorCode, message: r.error.message } };
          else if ('spans' in r) record = { id, ok: true, spans: r.spans };
          else record = { id, ok: true, spansJson: r.spansJson, spanCount: r.count };
          run.complete(batch.seqs[i] as number, record, chars);
        }
      },
      () => {
        // Aborted: the consumer sees the abort and throws E_ABORTED.
      },
    ).finally(() => {
      run.tasks--;
      run.changed.notify();
    });
  }

  /** Checks one input item on this thread (cheap checks only; NUL scanning happens in the worker). */
  private check(item: unknown): { id: unknown; text: string } | { id: unknown; error: RecordError } {
    if (item === null || typeof item !== 'object') {
      return { id: undefined, error: { code: 'E_INPUT_INVALID', message: `a document must be an object with id and text, got ${item === null ? 'null' : typeof item}` } };
    }
    const { id, text, error } = item as { id?: unknown; text?: unknown; error?: unknown };
    if (text === undefined && error !== undefined && error !== null && typeof error === 'object') {
      const e = error as { code?: unknown; message?: unknown };
      return {
        id,
        error: {
          code: (typeof e.code === 'string' ? e.code : 'E_INPUT_INVALID') as ErrorCode,
          message: typeof e.message === 'string' ? e.message : 'invalid document',
        },
      };
    }
    if (typeof text !== 'string') {
      const message = text === undefined ? 'document has no text' : `document text must be a string, got ${text === null ? 'null' : typeof text}`;
      return { id, error: { code: 'E_INPUT_INVALID', message } };
    }
    const tooLarge = this.sizeError(text);
    return tooLarge === undefined ? { id, text } : { id, error: tooLarge };
  }
}

/** What a coding pool's record holds for an empty document. */
const EMPTY_CODE_SET = '{"codes":[],"setAside":[]}';

function splitSignal(options: PoolCallOptions): { signal: AbortSignal | undefined; rest: DetectOptions } {
  if (options === null || typeof options !== 'object') throw new IcdError('E_OPTION_INVALID', 'options must be an object');
  const { signal, ...rest } = options;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new IcdError('E_OPTION_INVALID', 'signal must be an AbortSignal', { issues: [{ path: 'signal', message: 'must be an AbortSignal' }] });
  }
  return { signal, rest };
}

function iteratorOf(docs: unknown): { it: Iterator<unknown> | AsyncIterator<unknown>; isAsync: boolean } {
  if (docs !== null && typeof docs === 'object') {
    const d = docs as Partial<AsyncIterable<unknown> & Iterable<unknown>>;
    if (typeof d[Symbol.asyncIterator] === 'function') return { it: d[Symbol.asyncIterator]!(), isAsync: true };
    if (typeof d[Symbol.iterator] === 'function') return { it: d[Symbol.iterator]!(), isAsync: false };
  }
  throw new IcdError('E_INPUT_INVALID', 'detectMany expects an iterable or async iterable of { id, text }');
}

/** A task ran past `taskTimeout` (internal: becomes an E_TIMEOUT record). */
class TaskTimeout extends Error {
  constructor() {
    super('the task ran past taskTimeout');
  }
}
