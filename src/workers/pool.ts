/**
 * Pool side: a piscina pool of worker threads that all read one compiled
 * artifact through a SharedArrayBuffer (loaded once here, never re-read by a
 * worker or per task).
 *
 * This file supervises the threads: it checks documents, runs batches as
 * piscina tasks with a time limit, and retries after a failure. The ordered,
 * bounded window that feeds it (`detectMany` and its record modes) is
 * stream.ts; what a thread runs is worker.ts.
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
import { loadArtifact } from '../artifact/load.js';
import { Engine } from '../engine.js';
import { IcdError, type ErrorCode } from '../errors.js';
import { validateDetectOptions, type ResolvedDetectOptions } from '../options.js';
import { validateCodeOptions, type CodeSet, type ResolvedCodeOptions } from '../coding/index.js';
import { PACKAGE_ROOT } from '../paths.js';
import type { RuleFile } from '../context/index.js';
import type { DetectOptions, Span } from '../types.js';
import type { RecordErrorInfo } from '../output/format.js';
import type { RecordJob } from '../output/records.js';
import {
  POOL_DEFAULTS,
  splitRecordOptions,
  splitSignal,
  validatePoolOptions,
  type ByteRecord,
  type DetectRecord,
  type DocumentInput,
  type Documents,
  type JsonDetectRecord,
  type JsonlLine,
  type Pool,
  type PoolCallOptions,
  type PoolCodeOptions,
  type PoolOptions,
  type PoolStats,
  type RecordError,
  type RecordInput,
  type RecordOptions,
  type ResolvedPoolOptions,
  type StringRecord,
} from './options.js';
import { TEST_CRASH_ENV, type BatchResult, type BatchTask, type DocResult, type RecordResult, type WorkerInit, type WorkerTask } from './messages.js';
import { admitRecord, failedRecord, recordsOf, recordTask, type RecordWork } from './record-mode.js';
import { abortReason, iteratorOf, orderedStream, type StreamKind, type WindowLimits } from './stream.js';

// The public types and defaults live in options.ts (no piscina); re-exported for existing importers.
export {
  POOL_DEFAULTS,
  type ByteRecord,
  type DetectRecord,
  type DocumentInput,
  type Documents,
  type JsonDetectRecord,
  type JsonlLine,
  type Pool,
  type PoolCallOptions,
  type PoolCodeOptions,
  type PoolOptions,
  type PoolStats,
  type RecordError,
  type RecordInput,
  type RecordOptions,
  type StringRecord,
};

/** A cap on documents per task, so thousands of one-line notes do not make one huge message. */
const MAX_BATCH_DOCS = 1024;
/** Batches in flight per thread: enough to keep every thread busy while the main thread reorders and writes. */
const BATCHES_PER_THREAD = 4;
/** A recycled record buffer larger than this (a batch with a huge document) is left to the collector. */
const MAX_SPARE_BYTES = 16 * 1024 * 1024;

/** Creates a pool. Rejects (never throws synchronously) with E_OPTION_INVALID naming each bad option. */
export async function createPool(options: PoolOptions = {}): Promise<Pool> {
  const o = validatePoolOptions(options);
  let source: ArtifactSource;
  if (o.engine !== undefined) {
    source = { engine: o.engine, buffer: sharedBuffer(o.engine.buffer), artifactPath: o.engine.info.artifactPath };
  } else {
    // Found, checked and (for the default artifact) built if needed, as loadEngine does; the
    // workers build their engines, and this thread builds one (about 0.5 s of CPU on the full
    // release) only if `pool.engine` is used.
    const a = await loadArtifact(o.artifactPath === undefined ? {} : { artifactPath: o.artifactPath, build: 'never' });
    source = { buffer: a.buffer, artifactPath: a.path };
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
 * piscina loads the worker with require() before import(). On Node 20.19+
 * require() of an ES module succeeds, and that path (CreateRequiredModuleFacade)
 * now and then aborted the whole process with a native assertion while a pool
 * of many threads started and closed. With it off, require() throws at once and
 * piscina falls back to import().
 */
const NO_REQUIRE_ESM = '--no-experimental-require-module';
export const WORKER_EXEC_ARGV: readonly string[] = process.allowedNodeEnvironmentFlags.has(NO_REQUIRE_ESM)
  ? [...process.execArgv, NO_REQUIRE_ESM]
  : process.execArgv;

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

type AnyRecord<Id> = DetectRecord<Id> | JsonDetectRecord<Id>;

/** A document for the object modes: its id stays on this thread, its text goes to a worker. */
interface TextWork {
  id: unknown;
  text: string;
}

const utf8 = new TextDecoder();

class WorkerPool implements Pool {
  readonly threads: number;
  private engineHere: Engine | undefined;
  private readonly source: ArtifactSource;
  private readonly contextRules: string | RuleFile | undefined;
  private readonly piscina: Piscina<WorkerTask, BatchResult | RecordResult>;
  private readonly defaults: DetectOptions;
  private readonly resolvedDefaults: ResolvedDetectOptions;
  private readonly maxDocumentChars: number;
  private readonly taskTimeout: number;
  private readonly limits: WindowLimits;
  private readonly maxOutputBytes: number;
  private readonly maxInFlight: number;
  /** Set for a coding pool (`code` option): its JSON records and its records are code sets. */
  private readonly codeJob: ResolvedCodeOptions | undefined;
  private readonly active = new Set<AbortController>();
  private readonly unlink = new Map<AbortController, () => void>();
  private readonly counts = { tasks: 0, failedTasks: 0, recycledBuffers: 0 };
  /** Record views handed out by the record mode, each to its batch's buffer and how many of its records are still out. */
  private readonly lent = new WeakMap<Uint8Array, { buffer: ArrayBuffer; out: number }>();
  /** Buffers whose records are all back (`recycle`), for the next record tasks. */
  private readonly spares: ArrayBuffer[] = [];
  private closing: Promise<void> | undefined;

  constructor(source: ArtifactSource, o: ResolvedPoolOptions) {
    this.source = source;
    this.engineHere = source.engine;
    this.contextRules = o.contextRules;
    this.threads = o.threads;
    this.defaults = o.detect;
    this.resolvedDefaults = validateDetectOptions(o.detect);
    this.maxDocumentChars = o.maxDocumentChars;
    this.taskTimeout = o.taskTimeout;
    this.maxOutputBytes = o.maxOutputBytes;
    this.maxInFlight = o.maxInFlight;
    this.codeJob = o.code;
    const window = o.threads * BATCHES_PER_THREAD;
    this.limits = {
      threads: o.threads,
      batchCost: o.batchChars,
      maxBatchItems: MAX_BATCH_DOCS,
      maxPendingCost: window * Math.max(o.batchChars, POOL_DEFAULTS.batchChars),
      maxPendingItems: window * MAX_BATCH_DOCS,
    };
    const workerData: WorkerInit = {
      buffer: source.buffer,
      artifactPath: source.artifactPath,
      ...(o.contextRules === undefined ? {} : { contextRules: o.contextRules }),
      testCrash: process.env[TEST_CRASH_ENV] === '1',
    };
    this.piscina = new Piscina<WorkerTask, BatchResult | RecordResult>({
      filename: workerScript(),
      minThreads: o.threads,
      maxThreads: o.threads,
      concurrentTasksPerWorker: 1,
      execArgv: [...WORKER_EXEC_ARGV],
      workerData,
    });
    // piscina reports a thread that dies between tasks as an 'error' event; an
    // unhandled one would end the process. It has already replaced the thread.
    this.piscina.on('error', () => {});
    // Each worker thread pipes its stdout and stderr into this process's, which adds an
    // 'error' listener there per thread: past 10 threads Node warned of a leak on every run.
    for (const s of [process.stdout, process.stderr]) s.setMaxListeners(s.getMaxListeners() + o.threads);
  }

  get engine(): Engine {
    this.engineHere ??= Engine.fromBuffer(this.source.buffer, {
      artifactPath: this.source.artifactPath,
      checked: this.source.engine === undefined,
      ...(this.contextRules === undefined ? {} : { contextRules: this.contextRules }),
    });
    return this.engineHere;
  }

  get stats(): PoolStats {
    return { ...this.counts };
  }

  /** Round trip to a worker so a broken worker script or artifact fails `createPool`, not the first batch. */
  async ready(): Promise<void> {
    try {
      await this.piscina.run({ texts: [], options: this.resolvedDefaults, encoding: 'object', maxOutputBytes: this.maxOutputBytes });
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
      throw abortReason(ctrl.signal) ?? err;
    } finally {
      this.release(ctrl);
    }
  }

  async code(text: string, options: PoolCodeOptions = {}): Promise<CodeSet> {
    const { signal, rest } = splitSignal(options);
    const resolved = validateCodeOptions(rest);
    if (typeof text !== 'string') throw new IcdError('E_INPUT_INVALID', `code expects a string, got ${typeof text}`);
    const tooLarge = this.sizeError(text);
    if (tooLarge !== undefined) throw new IcdError(tooLarge.code, tooLarge.message);
    const ctrl = this.open(signal);
    try {
      const [result] = await this.withRetry(
        [text],
        async (batch) => ((await this.runTask({ texts: batch, options: this.resolvedDefaults, encoding: 'json', maxOutputBytes: this.maxOutputBytes, code: resolved }, ctrl.signal)) as BatchResult).results,
        (_text, error): DocResult => ({ ok: false, error }),
        ctrl.signal,
      );
      if (result === undefined) throw new IcdError('E_INTERNAL', 'worker returned no result');
      if (!result.ok) throw new IcdError(result.error.code as ErrorCode, result.error.message);
      if (!('spansJson' in result)) throw new IcdError('E_INTERNAL', 'worker returned spans for a code task');
      return JSON.parse(result.spansJson) as CodeSet;
    } catch (err) {
      throw abortReason(ctrl.signal) ?? err;
    } finally {
      this.release(ctrl);
    }
  }

  detectMany<Id>(docs: Documents<Id>, options: PoolCallOptions = {}): AsyncIterableIterator<DetectRecord<Id>> {
    return this.objectStream(docs, options, 'object') as AsyncIterableIterator<DetectRecord<Id>>;
  }

  detectManyJson<Id>(docs: Documents<Id>, options: PoolCallOptions = {}): AsyncIterableIterator<JsonDetectRecord<Id>> {
    return this.objectStream(docs, options, 'json') as AsyncIterableIterator<JsonDetectRecord<Id>>;
  }

  detectManyRecords(inputs: Iterable<RecordInput> | AsyncIterable<RecordInput>, options: RecordOptions & { as: 'string' }): AsyncIterableIterator<StringRecord>;
  detectManyRecords(inputs: Iterable<RecordInput> | AsyncIterable<RecordInput>, options?: RecordOptions & { as?: 'bytes' }): AsyncIterableIterator<ByteRecord>;
  detectManyRecords(inputs: Iterable<RecordInput> | AsyncIterable<RecordInput>, options: RecordOptions = {}): AsyncIterableIterator<ByteRecord | StringRecord> {
    const self = this;
    async function* generate(): AsyncGenerator<ByteRecord | StringRecord, void, undefined> {
      const { record, rest } = splitRecordOptions(options);
      const { signal, rest: detect } = splitSignal(rest);
      const job: RecordJob = {
        options: self.resolve(detect),
        format: { format: record.format, pretty: record.pretty, optionNames: record.optionNames },
        fields: { id: record.idField, text: record.textField },
        maxDocumentChars: self.maxDocumentChars,
        maxOutputBytes: self.maxOutputBytes,
        ...(self.codeJob === undefined ? {} : { code: self.codeJob }),
      };
      const source = iteratorOf(inputs, 'detectManyRecords expects an iterable or async iterable of { id, text } or { jsonl, line }');
      const ctrl = self.open(signal);
      try {
        const records = orderedStream(source, self.recordKind(job), self.limits, ctrl.signal);
        if (record.as === 'bytes') yield* records;
        else for await (const r of records) yield { ok: r.ok, spans: r.spans, text: utf8.decode(r.bytes) };
      } finally {
        self.release(ctrl);
      }
    }
    return generate();
  }

  recycle(bytes: Uint8Array): void {
    const batch = this.lent.get(bytes);
    if (batch === undefined) return;
    this.lent.delete(bytes);
    if (--batch.out > 0) return;
    if (this.spares.length < this.threads * BATCHES_PER_THREAD && batch.buffer.byteLength <= MAX_SPARE_BYTES) this.spares.push(batch.buffer);
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
    if (this.maxInFlight > 0 && this.active.size >= this.maxInFlight) {
      throw new IcdError('E_BUSY', `${this.active.size} calls are already running (maxInFlight); try again shortly`);
    }
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

  /**
   * Runs a batch as one task; if the thread dies or runs out of time, runs each
   * of its items once on its own, and gives an item that fails alone the record
   * `failed` makes of the error. Rejects only on abort.
   */
  private async withRetry<W, R>(
    items: W[],
    run: (items: W[]) => Promise<R[]>,
    failed: (item: W, error: RecordErrorInfo) => R,
    signal: AbortSignal,
  ): Promise<R[]> {
    try {
      return await run(items);
    } catch (err) {
      const aborted = abortReason(signal);
      if (aborted !== undefined) throw aborted;
      // One document that ran out of time would only run out of time again.
      if (err instanceof TaskTimeout && items.length === 1) return [failed(items[0] as W, this.timeoutError())];
      return Promise.all(
        items.map(async (item) => {
          try {
            const [r] = await run([item]);
            if (r === undefined) throw new Error('worker returned no result');
            return r;
          } catch (again) {
            const abortedNow = abortReason(signal);
            if (abortedNow !== undefined) throw abortedNow;
            if (again instanceof TaskTimeout) return failed(item, this.timeoutError());
            const why = (e: unknown) => (e instanceof Error ? e.message : String(e));
            return failed(item, { code: 'E_WORKER_FAILED', message: `the worker thread failed on this document twice (${why(err)}; then ${why(again)})` });
          }
        }),
      );
    }
  }

  private runTexts(texts: string[], options: ResolvedDetectOptions, encoding: BatchTask['encoding'], signal: AbortSignal): Promise<DocResult[]> {
    return this.withRetry(
      texts,
      async (batch) => ((await this.runTask({ texts: batch, options, encoding, maxOutputBytes: this.maxOutputBytes }, signal)) as BatchResult).results,
      (_text, error): DocResult => ({ ok: false, error }),
      signal,
    );
  }

  private timeoutError(): RecordErrorInfo {
    return { code: 'E_TIMEOUT', message: `detection did not finish within ${this.taskTimeout} ms (taskTimeout); the worker thread was replaced` };
  }

  /**
   * One piscina task, limited to `taskTimeout`: aborting a running task makes
   * piscina end its thread and start a fresh one, so a runaway document cannot
   * hold a worker forever. Rejects with TaskTimeout when the time ran out.
   */
  private async runTask(given: WorkerTask, signal: AbortSignal): Promise<BatchResult | RecordResult> {
    // A record task carries the code options in its job.
    const task = this.codeJob === undefined || 'kind' in given || given.code !== undefined ? given : { ...given, code: this.codeJob };
    const timer = new AbortController();
    const handle = this.taskTimeout === 0 ? undefined : setTimeout(() => timer.abort(new TaskTimeout()), this.taskTimeout);
    try {
      const taskSignal = handle === undefined ? signal : AbortSignal.any([signal, timer.signal]);
      // A record task's line buffer was made for it alone (a retry packs its lines again): it moves rather than being copied, as does a spare.
      const moved = 'kind' in task ? [task.lines.buffer as ArrayBuffer, ...(task.spare === undefined ? [] : [task.spare])] : undefined;
      const result = await this.piscina.run(task, moved === undefined ? { signal: taskSignal } : { signal: taskSignal, transferList: moved });
      this.counts.tasks++;
      return result;
    } catch (err) {
      this.counts.failedTasks++;
      if (timer.signal.aborted && !signal.aborted) throw timer.signal.reason;
      throw err;
    } finally {
      clearTimeout(handle);
    }
  }

  private objectStream<Id>(docs: Documents<Id>, options: PoolCallOptions, encoding: BatchTask['encoding']): AsyncIterableIterator<AnyRecord<Id>> {
    // An async generator: nothing runs (and nothing throws) until the first next().
    const self = this;
    async function* generate(): AsyncGenerator<AnyRecord<Id>, void, undefined> {
      const { signal, rest } = splitSignal(options);
      const resolved = self.resolve(rest);
      const source = iteratorOf(docs, 'detectMany expects an iterable or async iterable of { id, text }');
      const ctrl = self.open(signal);
      try {
        yield* orderedStream(source, self.objectKind<Id>(resolved, encoding), self.limits, ctrl.signal);
      } finally {
        self.release(ctrl);
      }
    }
    return generate();
  }

  private objectKind<Id>(options: ResolvedDetectOptions, encoding: BatchTask['encoding']): StreamKind<TextWork, AnyRecord<Id>> {
    return {
      admit: (item) => {
        const doc = this.check(item);
        if ('error' in doc) return { result: { id: doc.id as Id, ok: false, error: doc.error } };
        if (doc.text.length === 0) {
          return {
            result: encoding === 'json' ? { id: doc.id as Id, ok: true, spansJson: this.codeJob === undefined ? '[]' : EMPTY_CODE_SET, spanCount: 0 } : { id: doc.id as Id, ok: true, spans: [] },
          };
        }
        return { work: doc, cost: doc.text.length };
      },
      run: async (batch, signal) => {
        const results = await this.runTexts(
          batch.map((d) => d.text),
          options,
          encoding,
          signal,
        );
        return batch.map((d, i): AnyRecord<Id> => {
          const id = d.id as Id;
          const r = results[i];
          if (r === undefined) return { id, ok: false, error: { code: 'E_INTERNAL', message: 'worker returned no result' } };
          if (!r.ok) return { id, ok: false, error: { code: r.error.code as ErrorCode, message: r.error.message } };
          if ('spans' in r) return { id, ok: true, spans: r.spans };
          return { id, ok: true, spansJson: r.spansJson, spanCount: r.count };
        });
      },
    };
  }

  private recordKind(job: RecordJob): StreamKind<RecordWork, ByteRecord> {
    return {
      admit: (item) => admitRecord(item, job, (i) => this.check(i)),
      run: (batch, signal) =>
        this.withRetry(
          batch,
          async (items) => {
            const task = recordTask(items, job);
            const spare = this.spares.pop();
            if (spare !== undefined) {
              task.spare = spare;
              this.counts.recycledBuffers++;
            }
            const packed = (await this.runTask(task, signal)) as RecordResult;
            const records = recordsOf(items.length, packed);
            const lent = { buffer: packed.buffer as ArrayBuffer, out: records.length };
            for (const r of records) this.lent.set(r.bytes, lent);
            return records;
          },
          (w, error) => failedRecord(w, error, job),
          signal,
        ),
    };
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

/** A task ran past `taskTimeout` (internal: becomes an E_TIMEOUT record). */
class TaskTimeout extends Error {
  constructor() {
    super('the task ran past taskTimeout');
  }
}
