/**
 * The pool's public types, defaults and option validation. Kept apart from
 * pool.ts, which loads piscina, so that the library entry can re-export them
 * without starting anything.
 */
import { availableParallelism } from 'node:os';
import type { RuleFile } from '../context/index.js';
import { Engine } from '../engine.js';
import { IcdError, type ErrorCode, type Issue } from '../errors.js';
import { validateDetectOptions } from '../options.js';
import { validateCodeOptions, type CodeOptions, type CodeSet, type ResolvedCodeOptions } from '../coding/index.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../output/format.js';
import type { DetectOptions, Span } from '../types.js';

export interface PoolOptions {
  /** Worker threads (default: `os.availableParallelism()`). */
  threads?: number;
  /** An engine already loaded; its buffer is shared with the workers (copied once into shared memory if it is a plain ArrayBuffer). */
  engine?: Engine;
  /** Artifact file to load (as `loadEngine({ artifactPath, build: 'never' })`). Default, when neither this nor `engine` is given: `loadEngine()`. */
  artifactPath?: string;
  /**
   * ConText rules for every thread (a rule file path or a parsed RuleFile; default: the package's rules).
   * With `engine`, pass the rules that engine was built with: the workers build their own engines from them.
   */
  contextRules?: string | RuleFile;
  /** Longest document accepted, in UTF-16 code units (default 10,000,000); longer ones get E_INPUT_TOO_LARGE. */
  maxDocumentChars?: number;
  /** Detect options for every call (default: `DETECT_DEFAULTS`); per-call options override them key by key. */
  detect?: DetectOptions;
  /** Text per worker task in `detectMany`, in UTF-16 code units (default 65,536). Results never depend on it. */
  batchChars?: number;
  /**
   * Milliseconds a worker may spend on one task before the pool stops its thread
   * and starts another (default 60,000; 0: no limit). A batch that runs out of
   * time is retried one document at a time; a document that runs out of time
   * alone gets an E_TIMEOUT record (`detect` rejects with E_TIMEOUT).
   */
  taskTimeout?: number;
  /**
   * Largest result of one document, as JSON bytes (default 16 MiB). A document
   * whose spans would be larger gets an E_OUTPUT_TOO_LARGE record (`detect`
   * rejects with it); the worker stops early, so memory stays bounded too.
   */
  maxOutputBytes?: number;
  /**
   * Calls (`detect`, `detectMany`, `detectManyJson`) running at once (default 0:
   * no limit). One more rejects at once with E_BUSY, so a service can answer
   * 503 instead of queueing without bound.
   */
  maxInFlight?: number;
  /**
   * Code each document instead of listing its spans (`engine.code`, what `icd10cm code` runs):
   * `detectManyJson` records then carry the code set `{"codes", "setAside"}` as JSON in
   * `spansJson`, and `spanCount` is the number of codes; `detectManyRecords` records carry it in
   * place of `spans` (in every format), and `spans` counts the codes. `detect` and `detectMany` are unaffected.
   * Not available with `queue`.
   */
  code?: CodeOptions;
  /**
   * Run the work on `icd10cm worker` processes through a Redis queue instead of
   * threads here: a `redis://HOST:PORT` URL, or the URL with settings (README
   * "Scaling out"). `threads` and `taskTimeout` are then the workers' own options.
   */
  queue?: string | QueueSettings;
}

/** `queue` option of `createPool` in its long form. */
export interface QueueSettings {
  /** `redis://HOST:PORT` (or `rediss://`). */
  url: string;
  /** Queue name (default `icd10cm`): the workers' `--name`. */
  name?: string;
  /** Batches in flight per `detectMany` call (default 32); at least twice the worker threads of all machines keeps them busy. */
  window?: number;
}

/** Per-call options: detect options (over the pool's defaults) plus an AbortSignal. */
export interface PoolCallOptions extends DetectOptions {
  signal?: AbortSignal;
}

/** Per-call options of `pool.code`: code options plus an AbortSignal. */
export interface PoolCodeOptions extends CodeOptions {
  signal?: AbortSignal;
}

/** A document for `detectMany`. An item carrying `error` instead of `text` (an upstream read failure) is passed through, in place, as that error record. */
export type DocumentInput<Id = unknown> = { id: Id; text: string } | { id: Id; error: { code: ErrorCode | string; message: string } };

export interface RecordError {
  code: ErrorCode;
  message: string;
}

/** One output record per input document, discriminated on `ok`. */
export type DetectRecord<Id = unknown> = { id: Id; ok: true; spans: Span[] } | { id: Id; ok: false; error: RecordError };

/** Same, with the spans already serialised (`JSON.stringify(spans)`) by the worker, for callers that only write JSON. */
export type JsonDetectRecord<Id = unknown> = { id: Id; ok: true; spansJson: string; spanCount: number } | { id: Id; ok: false; error: RecordError };

export type Documents<Id> = Iterable<DocumentInput<Id>> | AsyncIterable<DocumentInput<Id>>;

/**
 * One line of JSONL input (`{"id": ..., "text": ...}`, without its line end),
 * read, checked and detected in a worker thread: the calling thread never
 * parses it. `line` is its 1-based line number, for `line:N` ids and messages;
 * `idPrefix` goes before such ids (e.g. a file name and a colon).
 */
export interface JsonlLine {
  jsonl: Uint8Array;
  line: number;
  idPrefix?: string;
}

/** An input of `detectManyRecords`: a document object or a raw JSONL line. */
export type RecordInput<Id = unknown> = DocumentInput<Id> | JsonlLine;

/** Options of `detectManyRecords`: detect options, a signal, and the output's shape. */
export interface RecordOptions extends PoolCallOptions {
  /** `full` (default): spans as `detect` returns them; `compact`: no descriptions or release terms; `codes`: offsets and codes only. */
  format?: OutputFormat;
  /** Indent records with two spaces (default false: one line per record). */
  pretty?: boolean;
  /** Id and text field names of JSONL lines (default `id`, `text`). */
  idField?: string;
  textField?: string;
  /** `bytes` (default): each record as UTF-8 bytes; `string`: as a string. */
  as?: 'bytes' | 'string';
  /** Renames in error messages (pattern, replacement), e.g. option names to the CLI's flag names. */
  optionNames?: ReadonlyArray<readonly [RegExp | string, string]>;
}

/** One finished output record (its JSON text, newline included), with what a caller counts. */
export interface EncodedRecordInfo {
  ok: boolean;
  /** Spans in the record (0 for an error record). */
  spans: number;
}
export type ByteRecord = EncodedRecordInfo & { bytes: Uint8Array };
export type StringRecord = EncodedRecordInfo & { text: string };

/** Work done by a pool's threads so far. */
export interface PoolStats {
  /** Worker tasks (batches, and retries of their documents) that returned. */
  readonly tasks: number;
  /** Worker tasks that failed: the thread died or ran past `taskTimeout`. */
  readonly failedTasks: number;
  /** Record buffers handed back with `recycle` and sent to a worker for a later batch (which uses one when it is large enough). */
  readonly recycledBuffers: number;
}

export interface Pool {
  readonly threads: number;
  /** An engine on this thread over the same buffer (for `lookup`, `info`); built on first use when the pool was given a path. */
  readonly engine: Engine;
  /** Spans of one text. Rejects with E_INPUT_INVALID / E_INPUT_TOO_LARGE / E_OPTION_INVALID / E_WORKER_FAILED / E_TIMEOUT / E_ABORTED. */
  detect(text: string, options?: PoolCallOptions): Promise<Span[]>;
  /**
   * `engine.code` on a worker thread: the document's code set, so this thread
   * stays free. Rejects as `detect` does, and with E_OUTPUT_TOO_LARGE past
   * `maxOutputBytes`. A queue pool (`queue` option) rejects it: its workers detect only.
   */
  code(text: string, options?: PoolCodeOptions): Promise<CodeSet>;
  /**
   * One record per document, in input order, as an async iterable: memory stays
   * bounded however long the input is, and records can be written as they come.
   * Bad documents become `{ ok: false }` records; the iteration itself throws
   * only for bad options (E_OPTION_INVALID), abort (E_ABORTED), or an error
   * thrown by the input iterable (after every record read before it).
   * Breaking out of the loop stops reading the input.
   */
  detectMany<Id>(docs: Documents<Id>, options?: PoolCallOptions): AsyncIterableIterator<DetectRecord<Id>>;
  /**
   * `detectMany` for writers of JSON (the CLI, a streaming HTTP response): the
   * worker serialises the spans, so this thread neither clones nor stringifies
   * span objects; splice `spansJson` into the output as is.
   */
  detectManyJson<Id>(docs: Documents<Id>, options?: PoolCallOptions): AsyncIterableIterator<JsonDetectRecord<Id>>;
  /**
   * Finished output records, one per input, in input order, with the same
   * guarantees as `detectMany`: the worker threads parse JSONL lines, detect,
   * and serialise each record in the chosen format, and hand back UTF-8 bytes
   * (or strings), so this thread only orders them. Write them out as they are.
   * Rejects with E_OPTION_INVALID for bad options.
   */
  detectManyRecords(inputs: Iterable<RecordInput> | AsyncIterable<RecordInput>, options: RecordOptions & { as: 'string' }): AsyncIterableIterator<StringRecord>;
  detectManyRecords(inputs: Iterable<RecordInput> | AsyncIterable<RecordInput>, options?: RecordOptions & { as?: 'bytes' }): AsyncIterableIterator<ByteRecord>;
  /**
   * Hands back the bytes of a `detectManyRecords` record once they are written
   * out and will not be read again. When every record of a worker's batch is
   * back, the batch's buffer moves to a worker thread to hold later records,
   * so a long run allocates no fresh buffer per batch (and this thread
   * collects none). The bytes must not be used after: once the buffer has
   * moved, every view of it is empty. Anything else (a record handed back
   * twice, other bytes) is ignored; a queue pool ignores every call.
   */
  recycle(bytes: Uint8Array): void;
  /** Work done by the threads so far (for monitoring and tests). */
  readonly stats: PoolStats;
  /** Aborts unfinished work (E_ABORTED) and stops the threads. */
  close(): Promise<void>;
}

export interface ResolvedRecordOptions {
  format: OutputFormat;
  pretty: boolean;
  idField: string;
  textField: string;
  as: 'bytes' | 'string';
  optionNames: ReadonlyArray<readonly [RegExp | string, string]>;
}

/** Splits the output options off `detectManyRecords` options, checking them; the rest are detect options and the signal. */
export function splitRecordOptions(o: RecordOptions): { record: ResolvedRecordOptions; rest: PoolCallOptions } {
  if (o === null || typeof o !== 'object') throw new IcdError('E_OPTION_INVALID', 'options must be an object');
  const { format, pretty, idField, textField, as, optionNames, ...rest } = o;
  const issues: Issue[] = [];
  if (format !== undefined && !(OUTPUT_FORMATS as readonly string[]).includes(format)) {
    issues.push({ path: 'format', message: `must be one of ${OUTPUT_FORMATS.join(', ')}`, received: String(format) });
  }
  if (pretty !== undefined && typeof pretty !== 'boolean') issues.push({ path: 'pretty', message: 'must be a boolean', received: String(pretty) });
  for (const [key, v] of [['idField', idField], ['textField', textField]] as const) {
    if (v !== undefined && (typeof v !== 'string' || v === '')) issues.push({ path: key, message: 'must be a non-empty string', received: String(v) });
  }
  if (as !== undefined && as !== 'bytes' && as !== 'string') issues.push({ path: 'as', message: "must be 'bytes' or 'string'", received: String(as) });
  if (issues.length > 0) {
    throw new IcdError('E_OPTION_INVALID', `invalid record options: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
  }
  return { record: { format: format ?? 'full', pretty: pretty ?? false, idField: idField ?? 'id', textField: textField ?? 'text', as: as ?? 'bytes', optionNames: optionNames ?? [] }, rest };
}

export const POOL_DEFAULTS = {
  maxDocumentChars: 10_000_000,
  batchChars: 65_536,
  taskTimeout: 60_000,
  maxOutputBytes: 16 * 1024 * 1024,
  maxInFlight: 0,
} as const;

export interface ResolvedPoolOptions {
  threads: number;
  engine: Engine | undefined;
  artifactPath: string | undefined;
  contextRules: string | RuleFile | undefined;
  maxDocumentChars: number;
  batchChars: number;
  taskTimeout: number;
  maxOutputBytes: number;
  maxInFlight: number;
  detect: DetectOptions;
  code: ResolvedCodeOptions | undefined;
}

const POOL_KEYS = new Set(['threads', 'engine', 'artifactPath', 'contextRules', 'maxDocumentChars', 'detect', 'batchChars', 'taskTimeout', 'maxOutputBytes', 'maxInFlight', 'code']);

export function validatePoolOptions(o: PoolOptions): ResolvedPoolOptions {
  if (o === null || typeof o !== 'object') throw new IcdError('E_OPTION_INVALID', 'pool options must be an object');
  const issues: Issue[] = [];
  for (const k of Object.keys(o)) if (!POOL_KEYS.has(k)) issues.push({ path: k, message: 'unknown option' });
  const int = (key: 'threads' | 'maxDocumentChars' | 'batchChars' | 'taskTimeout' | 'maxOutputBytes' | 'maxInFlight', min: number, max: number): void => {
    const v = o[key];
    if (v !== undefined && !(Number.isInteger(v) && v >= min && v <= max)) {
      issues.push({ path: key, message: `must be an integer in [${min}, ${max}]`, received: String(v) });
    }
  };
  int('threads', 1, 1024);
  int('maxDocumentChars', 1, 2 ** 29);
  int('batchChars', 1, 2 ** 29);
  // setTimeout's ceiling (about 24.8 days).
  int('taskTimeout', 0, 2 ** 31 - 1);
  // A V8 string holds at most 2**29 - 24 characters.
  int('maxOutputBytes', 1024, 2 ** 29 - 24);
  int('maxInFlight', 0, 2 ** 20);
  if (o.engine !== undefined && !(o.engine instanceof Engine)) issues.push({ path: 'engine', message: 'must be an Engine', received: typeof o.engine });
  // Stages are functions: they cannot go to worker threads, which build the default pipeline.
  else if (o.engine?.pipelineEdited === true) issues.push({ path: 'engine', message: 'its pipeline was edited (LoadOptions.pipeline); pool workers run the default pipeline only' });
  if (o.artifactPath !== undefined && (typeof o.artifactPath !== 'string' || o.artifactPath === '')) {
    issues.push({ path: 'artifactPath', message: 'must be a non-empty string', received: String(o.artifactPath) });
  }
  if (o.contextRules !== undefined && typeof o.contextRules !== 'string' && (o.contextRules === null || typeof o.contextRules !== 'object')) {
    issues.push({ path: 'contextRules', message: 'must be a rule file path or a parsed rule file', received: String(o.contextRules) });
  }
  if (o.engine !== undefined && o.artifactPath !== undefined) issues.push({ path: 'artifactPath', message: 'give engine or artifactPath, not both' });
  if (o.detect !== undefined) {
    try {
      validateDetectOptions(o.detect);
    } catch (err) {
      const inner = err instanceof IcdError ? err.issues : [];
      if (inner.length === 0) issues.push({ path: 'detect', message: err instanceof Error ? err.message : String(err) });
      for (const i of inner) issues.push({ ...i, path: `detect.${i.path}` });
    }
  }
  let code: ResolvedCodeOptions | undefined;
  if (o.code !== undefined) {
    try {
      code = validateCodeOptions(o.code);
    } catch (err) {
      for (const i of err instanceof IcdError ? err.issues : []) issues.push({ ...i, path: `code.${i.path}` });
    }
  }
  if (issues.length > 0) {
    throw new IcdError('E_OPTION_INVALID', `invalid pool options: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
  }
  return {
    threads: o.threads ?? availableParallelism(),
    engine: o.engine,
    artifactPath: o.artifactPath,
    // Workers must assess context with the rules of the engine they stand in for.
    contextRules: o.contextRules ?? o.engine?.contextRules,
    maxDocumentChars: o.maxDocumentChars ?? POOL_DEFAULTS.maxDocumentChars,
    batchChars: o.batchChars ?? POOL_DEFAULTS.batchChars,
    taskTimeout: o.taskTimeout ?? POOL_DEFAULTS.taskTimeout,
    maxOutputBytes: o.maxOutputBytes ?? POOL_DEFAULTS.maxOutputBytes,
    maxInFlight: o.maxInFlight ?? POOL_DEFAULTS.maxInFlight,
    detect: o.detect ?? {},
    code,
  };
}

/** A call's AbortSignal apart from its other options (checked: E_OPTION_INVALID naming `signal`). */
export function splitSignal<T extends { signal?: AbortSignal }>(options: T): { signal: AbortSignal | undefined; rest: Omit<T, 'signal'> } {
  if (options === null || typeof options !== 'object') throw new IcdError('E_OPTION_INVALID', 'options must be an object');
  const { signal, ...rest } = options;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new IcdError('E_OPTION_INVALID', 'signal must be an AbortSignal', { issues: [{ path: 'signal', message: 'must be an AbortSignal' }] });
  }
  return { signal, rest };
}
