/**
 * Submitter side of the queue: the `Pool` interface over BullMQ, so a service
 * written against a local pool scales out by changing one option
 * (`createPool({ queue: 'redis://...' })`), and `icd10cm detect --queue`
 * writes exactly what a local run writes.
 *
 * `detectMany` reads documents in order into batches (as the local pool does:
 * bad and empty documents become records here, texts go out), keeps at most
 * `window` batches between "sent" and "handed back", and yields one record per
 * document in input order. Memory in Redis and here stays flat whatever the
 * input size: at most `window` batches of texts and results exist at once, and
 * each batch's results leave Redis as soon as they arrive here.
 *
 * Failure model, batch by batch:
 * - A worker dies: BullMQ's stalled check gives the batch to another worker.
 * - The batch fails (it stalled twice, or its worker could not store results):
 *   it is sent again to be run one document at a time in a child process of
 *   a worker (isolated.ts), where the document at fault ends only the child
 *   and becomes an E_WORKER_FAILED record. Should that fail too, each of its
 *   documents is sent alone, and one that fails alone is E_WORKER_FAILED.
 * - A worker refuses it (another artifact or rule file): the run stops with
 *   E_ARTIFACT_MISMATCH.
 * - The job vanished (Redis restarted without persistence): it is sent again.
 * - Two workers both finish it: the STORE_RESULT guard and the in-flight map
 *   take the first result only.
 */
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { loadArtifact } from '../artifact/load.js';
import { readHeader } from '../artifact/read.js';
import { loadContextRules, type RuleFile } from '../context/index.js';
import { Engine, loadEngine } from '../engine.js';
import { IcdError, type ErrorCode } from '../errors.js';
import { validateDetectOptions, type ResolvedDetectOptions } from '../options.js';
import type { DetectOptions, Span } from '../types.js';
import type { CodeSet } from '../coding/index.js';
import {
  splitSignal,
  validatePoolOptions,
  type DetectRecord,
  type Documents,
  type JsonDetectRecord,
  type Pool,
  type PoolCallOptions,
  type PoolOptions,
  type ByteRecord,
  type PoolStats,
  type QueueSettings,
  type RecordError,
  type RecordInput,
  type RecordOptions,
  type StringRecord,
} from '../workers/options.js';
import { iteratorOf } from '../workers/stream.js';
import { checkRedisUrl, connect } from './connection.js';
import { identityOf, type ArtifactIdentity } from './identity.js';
import {
  DEFAULT_QUEUE_NAME,
  JOB_NAME,
  KEY_TTL_SECONDS,
  decodeResults,
  replyKeys,
  type BatchJobData,
  type ReplyKeys,
  type WireResult,
} from './protocol.js';

export const QUEUE_DEFAULTS = { window: 32 } as const;

/** A cap on documents per batch (as in the local pool). */
const MAX_BATCH_DOCS = 1024;
/** How often in-flight batches are checked for failure or loss, ms. */
const RECONCILE_MS = 1000;
/** A slow async source sends a partial batch when fewer batches than this are out. */
const MIN_BUSY_BATCHES = 2;

export async function createQueuePool(options: PoolOptions): Promise<Pool> {
  const { queue, threads: _threads, taskTimeout: _taskTimeout, ...rest } = options;
  const settings = checkSettings(queue);
  if (rest.code !== undefined) {
    throw new IcdError('E_OPTION_INVALID', 'code is not available with queue yet: the workers detect spans only', { issues: [{ path: 'code', message: 'not available with queue' }] });
  }
  const o = validatePoolOptions(rest);
  let engine: Engine | undefined = o.engine;
  let buffer: ArrayBufferLike;
  let rules: RuleFile;
  if (engine !== undefined) {
    buffer = engine.buffer;
    rules = engine.contextRules;
  } else if (o.artifactPath !== undefined) {
    // Checked as the local pool checks it (hash and bounds), so a run never ships batches against a damaged file.
    buffer = (await loadArtifact({ artifactPath: o.artifactPath, build: 'never' })).buffer;
    rules = typeof o.contextRules === 'object' ? o.contextRules : loadContextRules(o.contextRules);
  } else {
    engine = await loadEngine(o.contextRules === undefined ? {} : { contextRules: o.contextRules });
    buffer = engine.buffer;
    rules = engine.contextRules;
  }
  const identity = identityOf(readHeader(buffer), rules);
  const client = await connect(settings.url, 'icd10cm-submitter');
  const pool = new QueuePool(client, settings, identity, {
    engine,
    buffer,
    rules,
    artifactPath: o.artifactPath ?? engine?.info.artifactPath ?? null,
    defaults: o.detect,
    maxDocumentChars: o.maxDocumentChars,
    batchChars: o.batchChars,
  });
  await pool.start();
  return pool;
}

function checkSettings(queue: PoolOptions['queue']): Required<QueueSettings> {
  const s: QueueSettings = typeof queue === 'string' ? { url: queue } : (queue as QueueSettings);
  if (s === null || typeof s !== 'object') throw new IcdError('E_OPTION_INVALID', 'queue must be a redis:// URL or { url, name, window }');
  const name = s.name ?? DEFAULT_QUEUE_NAME;
  if (typeof name !== 'string' || !/^[A-Za-z0-9_.-]{1,100}$/.test(name)) {
    throw new IcdError('E_OPTION_INVALID', `queue.name must be 1-100 letters, digits, '_', '.' or '-', got ${String(name)}`, { issues: [{ path: 'queue.name', message: 'invalid name' }] });
  }
  const window = s.window ?? QUEUE_DEFAULTS.window;
  if (!(Number.isInteger(window) && window >= 1 && window <= 100_000)) {
    throw new IcdError('E_OPTION_INVALID', `queue.window must be an integer in [1, 100000], got ${String(window)}`, { issues: [{ path: 'queue.window', message: 'out of range' }] });
  }
  return { url: checkRedisUrl(s.url, 'queue.url'), name, window };
}

interface Local {
  engine: Engine | undefined;
  buffer: ArrayBufferLike;
  rules: RuleFile;
  artifactPath: string | null;
  defaults: DetectOptions;
  maxDocumentChars: number;
  batchChars: number;
}

interface InFlight {
  jobId: string;
  texts: string[];
  options: ResolvedDetectOptions;
  isolate: boolean;
  resolve(results: WireResult[]): void;
  reject(err: unknown): void;
}

type AnyRecord<Id> = DetectRecord<Id> | JsonDetectRecord<Id>;
type Encoding = 'object' | 'json';

/** One slot of a batch: a document to send, or a record already known here (bad or empty document). */
type Entry = { id: unknown; text: string } | { record: AnyRecord<unknown> };

interface Unit {
  entries: Entry[];
  chars: number;
  sent: boolean;
  records?: Promise<AnyRecord<unknown>[]>;
}

class QueuePool implements Pool {
  /** No threads here: the workers' threads do the work. */
  readonly threads = 0;
  private readonly queue: Queue<BatchJobData>;
  private readonly keys: ReplyKeys;
  private readonly poolId = randomBytes(8).toString('hex');
  private readonly inflight = new Map<string, InFlight>();
  private readonly active = new Set<AbortController>();
  private readonly resolvedDefaults: ResolvedDetectOptions;
  private blocking: Redis | undefined;
  private reconciler: NodeJS.Timeout | undefined;
  private engineHere: Engine | undefined;
  private runs = 0;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly client: Redis,
    private readonly settings: Required<QueueSettings>,
    private readonly identity: ArtifactIdentity,
    private readonly local: Local,
  ) {
    this.engineHere = local.engine;
    this.resolvedDefaults = validateDetectOptions(local.defaults);
    this.keys = replyKeys(settings.name, this.poolId);
    this.queue = new Queue<BatchJobData>(settings.name, { connection: client });
    this.queue.on('error', () => {}); // reconnection is ioredis's job
  }

  get engine(): Engine {
    this.engineHere ??= Engine.fromBuffer(this.local.buffer, { artifactPath: this.local.artifactPath, contextRules: this.local.rules });
    return this.engineHere;
  }

  async start(): Promise<void> {
    await this.queue.waitUntilReady();
    this.blocking = this.client.duplicate({ connectionName: 'icd10cm-submitter-results' });
    this.blocking.on('error', () => {});
    void this.listen(this.blocking);
    this.reconciler = setInterval(() => void this.reconcile(), RECONCILE_MS);
    this.reconciler.unref();
  }

  async detect(text: string, options: PoolCallOptions = {}): Promise<Span[]> {
    const { signal, rest } = splitSignal(options);
    const resolved = this.resolve(rest);
    if (typeof text !== 'string') throw new IcdError('E_INPUT_INVALID', `detect expects a string, got ${typeof text}`);
    const tooLarge = this.sizeError(text);
    if (tooLarge !== undefined) throw new IcdError(tooLarge.code, tooLarge.message);
    if (text.length === 0) return [];
    const ctrl = this.open(signal);
    try {
      const [r] = await this.runBatch(`${this.poolId}.${this.runs++}`, [text], resolved, ctrl.signal);
      if (r === undefined) throw new IcdError('E_INTERNAL', 'no result');
      if (!r.ok) throw new IcdError(r.error.code as ErrorCode, r.error.message);
      return JSON.parse(r.spansJson) as Span[];
    } finally {
      this.release(ctrl);
    }
  }

  code(): Promise<CodeSet> {
    return Promise.reject(new IcdError('E_OPTION_INVALID', 'code is not available with queue yet: the workers detect spans only'));
  }

  detectMany<Id>(docs: Documents<Id>, options: PoolCallOptions = {}): AsyncIterableIterator<DetectRecord<Id>> {
    return this.stream(docs, options, 'object') as AsyncIterableIterator<DetectRecord<Id>>;
  }

  detectManyJson<Id>(docs: Documents<Id>, options: PoolCallOptions = {}): AsyncIterableIterator<JsonDetectRecord<Id>> {
    return this.stream(docs, options, 'json') as AsyncIterableIterator<JsonDetectRecord<Id>>;
  }

  /** No worker threads here: the workers' own pools count their tasks. */
  readonly stats: PoolStats = { tasks: 0, failedTasks: 0, recycledBuffers: 0 };

  /** Queue records are strings made on this thread: nothing to hand back. */
  recycle(): void {}

  /** The record mode runs on local threads only; through a queue, use `detectManyJson`. */
  detectManyRecords(inputs: Iterable<RecordInput> | AsyncIterable<RecordInput>, options: RecordOptions & { as: 'string' }): AsyncIterableIterator<StringRecord>;
  detectManyRecords(inputs: Iterable<RecordInput> | AsyncIterable<RecordInput>, options?: RecordOptions & { as?: 'bytes' }): AsyncIterableIterator<ByteRecord>;
  detectManyRecords(): AsyncIterableIterator<ByteRecord | StringRecord> {
    return (async function* (): AsyncGenerator<ByteRecord, void, undefined> {
      throw new IcdError('E_OPTION_INVALID', 'detectManyRecords is not available on a queue pool; use detectManyJson');
    })();
  }

  async close(): Promise<void> {
    this.closing ??= (async () => {
      for (const ctrl of this.active) ctrl.abort(new IcdError('E_ABORTED', 'the pool was closed'));
      clearInterval(this.reconciler);
      for (const [key, f] of this.inflight) this.cancel(key, f);
      this.blocking?.disconnect();
      await this.client.del(this.keys.pending, this.keys.results, this.keys.done).catch(() => {});
      await this.queue.close().catch(() => {});
      await this.client.quit().catch(() => this.client.disconnect());
    })();
    return this.closing;
  }

  // --- one batch -----------------------------------------------------------

  /**
   * Sends texts as one job and resolves with one result per text. A failed job
   * is split and its parts sent again; only a refusal or an abort rejects.
   */
  private async runBatch(key: string, texts: string[], options: ResolvedDetectOptions, signal: AbortSignal, isolate = false): Promise<WireResult[]> {
    let failure: string;
    try {
      return await this.send(key, texts, options, signal, isolate);
    } catch (err) {
      if (!(err instanceof BatchFailed)) throw err;
      failure = err.message;
    }
    // First failure: the whole batch again, one document at a time in a child process of a worker.
    if (!isolate) return this.runBatch(`${key}.i`, texts, options, signal, true);
    if (texts.length === 1) {
      return [{ ok: false, error: { code: 'E_WORKER_FAILED', message: `the queue's workers failed on this document, in its batch and alone (${failure})` } }];
    }
    const runs = texts.map((text, i) => this.runBatch(`${key}.${i}`, [text], options, signal, true));
    return (await Promise.all(runs)).flat();
  }

  private send(key: string, texts: string[], options: ResolvedDetectOptions, signal: AbortSignal, isolate: boolean): Promise<WireResult[]> {
    return new Promise<WireResult[]>((resolve, reject) => {
      if (signal.aborted) return reject(abortError(signal));
      const jobId = key;
      const onAbort = () => {
        const f = this.inflight.get(key);
        if (f !== undefined) this.cancel(key, f);
        reject(abortError(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const done = () => signal.removeEventListener('abort', onAbort);
      this.inflight.set(key, {
        jobId,
        texts,
        options,
        isolate,
        resolve: (r) => {
          done();
          resolve(r);
        },
        reject: (e) => {
          done();
          reject(e);
        },
      });
      this.submit(key, texts, options, isolate).catch((err) => {
        this.inflight.delete(key);
        done();
        reject(new IcdError('E_QUEUE_UNAVAILABLE', `cannot send a batch to the queue: ${err instanceof Error ? err.message : String(err)}`, { cause: err }));
      });
    });
  }

  private async submit(key: string, texts: string[], options: ResolvedDetectOptions, isolate: boolean): Promise<void> {
    await this.client.multi().sadd(this.keys.pending, key).expire(this.keys.pending, KEY_TTL_SECONDS).exec();
    const data: BatchJobData = { key, reply: this.keys, identity: this.identity, options, texts, ...(isolate ? { isolate } : {}) };
    // Completed jobs go at once (their results live in our hash); failed ones stay until we have read why.
    await this.queue.add(JOB_NAME, data, { jobId: key, attempts: 1, removeOnComplete: true, removeOnFail: { age: KEY_TTL_SECONDS } });
  }

  /** Takes a finished batch's results out of Redis, once. */
  private async take(key: string): Promise<void> {
    const f = this.inflight.get(key);
    if (f === undefined) return; // a duplicate notice, or a batch given up
    const payload = await this.client.hget(this.keys.results, key);
    if (payload === null || this.inflight.get(key) !== f) return;
    this.inflight.delete(key);
    try {
      f.resolve(decodeResults(payload, f.texts.length));
    } catch (err) {
      f.reject(new IcdError('E_INTERNAL', `unreadable results for batch ${key}: ${err instanceof Error ? err.message : String(err)}`));
    }
    // Should this fail (Redis gone), the keys expire (KEY_TTL_SECONDS) or go with close().
    await this.client.multi().hdel(this.keys.results, key).srem(this.keys.pending, key).exec().catch(() => {});
  }

  /** Drops a batch: its results, if they still come, are not stored (STORE_RESULT), and a job not yet taken is removed. */
  private cancel(key: string, f: InFlight): void {
    this.inflight.delete(key);
    void this.client.srem(this.keys.pending, key).catch(() => {});
    void this.queue.remove(f.jobId).catch(() => {});
  }

  /** Waits on our `done` list; each key popped is a batch whose results are in our hash. */
  private async listen(conn: Redis): Promise<void> {
    while (this.closing === undefined) {
      let popped: [string, string] | null;
      try {
        popped = await conn.blpop(this.keys.done, 1);
      } catch {
        if (this.closing !== undefined) return;
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      if (popped !== null) await this.take(popped[1]).catch(() => {});
    }
  }

  private reconciling = false;
  /**
   * Finds batches that will never report on the `done` list: failed (run them
   * isolated, or split them), refused (stop the run), or gone from Redis (send
   * them again).
   */
  private async reconcile(): Promise<void> {
    if (this.reconciling || this.closing !== undefined) return;
    this.reconciling = true;
    try {
      for (const [key, f] of [...this.inflight]) {
        const state = await this.queue.getJobState(f.jobId);
        if (this.inflight.get(key) !== f) continue;
        if (state === 'failed') {
          const job = await Job.fromId<BatchJobData>(this.queue, f.jobId);
          const reason = job?.failedReason ?? 'failed';
          await job?.remove().catch(() => {});
          if (this.inflight.get(key) !== f) continue;
          this.inflight.delete(key);
          await this.client.srem(this.keys.pending, key);
          if (reason.startsWith('E_ARTIFACT_MISMATCH: ')) f.reject(new IcdError('E_ARTIFACT_MISMATCH', reason.slice('E_ARTIFACT_MISMATCH: '.length)));
          else f.reject(new BatchFailed(reason));
        } else if (state === 'unknown') {
          // Completed (results waiting in the hash or on the list), or lost with Redis's memory.
          if ((await this.client.hexists(this.keys.results, key)) === 1) await this.take(key);
          else if (this.inflight.get(key) === f) await this.submit(key, f.texts, f.options, f.isolate);
        }
      }
    } catch {
      // Redis unreachable: try again on the next tick.
    } finally {
      this.reconciling = false;
    }
  }

  // --- streams -------------------------------------------------------------

  private resolve(rest: DetectOptions): ResolvedDetectOptions {
    if (Object.keys(rest).length === 0) return this.resolvedDefaults;
    return validateDetectOptions({ ...this.local.defaults, ...rest });
  }

  private sizeError(text: string): RecordError | undefined {
    if (text.length <= this.local.maxDocumentChars) return undefined;
    return { code: 'E_INPUT_TOO_LARGE', message: `document is ${text.length} characters; the limit (maxDocumentChars) is ${this.local.maxDocumentChars}` };
  }

  private open(signal: AbortSignal | undefined): AbortController {
    if (this.closing !== undefined) throw new IcdError('E_ABORTED', 'the pool was closed');
    if (signal?.aborted === true) throw new IcdError('E_ABORTED', 'aborted', { cause: signal.reason });
    const ctrl = new AbortController();
    setMaxListeners(0, ctrl.signal);
    if (signal !== undefined) {
      const forward = () => ctrl.abort(new IcdError('E_ABORTED', 'aborted', { cause: signal.reason }));
      signal.addEventListener('abort', forward, { once: true });
      ctrl.signal.addEventListener('abort', () => signal.removeEventListener('abort', forward), { once: true });
    }
    this.active.add(ctrl);
    return ctrl;
  }

  private release(ctrl: AbortController): void {
    this.active.delete(ctrl);
  }

  private stream<Id>(docs: Documents<Id>, options: PoolCallOptions, encoding: Encoding): AsyncIterableIterator<AnyRecord<Id>> {
    const self = this;
    async function* generate(): AsyncGenerator<AnyRecord<Id>, void, undefined> {
      const { signal, rest } = splitSignal(options);
      const resolved = self.resolve(rest);
      const source = iteratorOf(docs, 'detectMany expects an iterable or async iterable of { id, text }');
      const ctrl = self.open(signal);
      const run = `${self.poolId}.${self.runs++}`;
      const units: Unit[] = [];
      let changed = pulse();
      const notify = () => {
        const c = changed;
        changed = pulse();
        c.fire();
      };
      ctrl.signal.addEventListener('abort', notify, { once: true });
      let finished = false;
      let failure: { err: unknown } | undefined;
      let unitNo = 0;
      const busy = () => units.filter((u) => u.sent).length;
      const send = (u: Unit) => {
        u.sent = true;
        u.records = self.unitRecords(`${run}.${unitNo++}`, u, resolved, encoding, ctrl.signal);
        u.records.then(notify, notify);
      };
      const produce = async () => {
        let open: Unit | undefined;
        try {
          for (;;) {
            if (ctrl.signal.aborted) return;
            // Room for another batch? The open one keeps filling meanwhile, so batches stay full.
            if (open === undefined && busy() >= self.settings.window) {
              await changed.wait;
              continue;
            }
            if (source.isAsync && open !== undefined && open.chars > 0 && busy() < MIN_BUSY_BATCHES) {
              send(open);
              open = undefined;
              continue;
            }
            const r = source.isAsync ? await source.it.next() : (source.it as Iterator<unknown>).next();
            if (r.done === true) break;
            if (open === undefined) {
              open = { entries: [], chars: 0, sent: false };
              units.push(open);
            }
            open.entries.push(self.entry(r.value, encoding));
            const e = open.entries[open.entries.length - 1] as Entry;
            if ('text' in e) open.chars += e.text.length;
            if (open.chars >= self.local.batchChars || open.entries.length >= MAX_BATCH_DOCS) {
              send(open);
              open = undefined;
            }
            notify();
          }
          if (open !== undefined) send(open);
        } catch (err) {
          failure = { err };
          if (open !== undefined) send(open);
        } finally {
          finished = true;
          notify();
        }
      };
      void produce();
      try {
        for (;;) {
          if (ctrl.signal.aborted) throw abortError(ctrl.signal);
          const head = units[0];
          if (head === undefined || !head.sent) {
            if (finished && head === undefined) {
              if (failure !== undefined) throw failure.err;
              return;
            }
            await changed.wait;
            continue;
          }
          // Rejects on abort too (every batch of the run listens on the run's signal).
          const records = await (head.records as Promise<AnyRecord<unknown>[]>);
          units.shift();
          notify();
          for (const rec of records) yield rec as AnyRecord<Id>;
        }
      } finally {
        ctrl.abort(new IcdError('E_ABORTED', 'the run ended'));
        self.release(ctrl);
        try {
          void Promise.resolve(source.it.return?.()).catch(() => {});
        } catch {
          // a throwing return() must not hide the real outcome
        }
      }
    }
    return generate();
  }

  /** Sends a unit's texts as one batch and fills its records in, in order. */
  private async unitRecords(key: string, u: Unit, options: ResolvedDetectOptions, encoding: Encoding, signal: AbortSignal): Promise<AnyRecord<unknown>[]> {
    const texts: string[] = [];
    for (const e of u.entries) if ('text' in e) texts.push(e.text);
    const results = texts.length === 0 ? [] : await this.runBatch(key, texts, options, signal);
    let i = 0;
    return u.entries.map((e) => {
      if ('record' in e) return e.record;
      const id = e.id;
      const r = results[i++] as WireResult;
      if (!r.ok) return { id, ok: false, error: { code: r.error.code as ErrorCode, message: r.error.message } };
      return encoding === 'json' ? { id, ok: true, spansJson: r.spansJson, spanCount: r.count } : { id, ok: true, spans: JSON.parse(r.spansJson) as Span[] };
    });
  }

  /** Checks one input item here, as the local pool does: bad and empty documents become records without travelling. */
  private entry(item: unknown, encoding: Encoding): Entry {
    if (item === null || typeof item !== 'object') {
      return { record: { id: undefined, ok: false, error: { code: 'E_INPUT_INVALID', message: `a document must be an object with id and text, got ${item === null ? 'null' : typeof item}` } } };
    }
    const { id, text, error } = item as { id?: unknown; text?: unknown; error?: unknown };
    if (text === undefined && error !== undefined && error !== null && typeof error === 'object') {
      const e = error as { code?: unknown; message?: unknown };
      const code = (typeof e.code === 'string' ? e.code : 'E_INPUT_INVALID') as ErrorCode;
      return { record: { id, ok: false, error: { code, message: typeof e.message === 'string' ? e.message : 'invalid document' } } };
    }
    if (typeof text !== 'string') {
      const message = text === undefined ? 'document has no text' : `document text must be a string, got ${text === null ? 'null' : typeof text}`;
      return { record: { id, ok: false, error: { code: 'E_INPUT_INVALID', message } } };
    }
    const tooLarge = this.sizeError(text);
    if (tooLarge !== undefined) return { record: { id, ok: false, error: tooLarge } };
    if (text.length === 0) return { record: encoding === 'json' ? { id, ok: true, spansJson: '[]', spanCount: 0 } : { id, ok: true, spans: [] } };
    return { id, text };
  }
}

/** A batch failed (stalled twice, or its worker could not finish it): split it. */
class BatchFailed extends Error {}

function pulse(): { wait: Promise<void>; fire: () => void } {
  let fire!: () => void;
  const wait = new Promise<void>((resolve) => (fire = resolve));
  return { wait, fire };
}

function abortError(signal: AbortSignal): IcdError {
  return signal.reason instanceof IcdError ? signal.reason : new IcdError('E_ABORTED', 'aborted', { cause: signal.reason });
}

