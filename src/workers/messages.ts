/**
 * What crosses the thread boundary between the pool (main thread) and a worker.
 * Kept apart so both sides import types only from here, never from each other.
 *
 * Positions never cross: the pool keeps each document's place in the input
 * and a worker answers a batch in the order it was given, so a worker cannot
 * reorder a result. In the object modes ids stay on the pool's side too; in
 * the record mode they travel inside the JSONL lines (or as JSON beside a
 * text), because the worker writes the finished record.
 */
import type { RuleFile } from '../context/index.js';
import type { ResolvedDetectOptions } from '../options.js';
import type { ResolvedCodeOptions } from '../coding/index.js';
import type { EncodedRecords, RecordItem, RecordJob } from '../output/records.js';
import type { Span } from '../types.js';

/** `workerData` of every worker: the artifact, shared (not copied) by all threads. */
export interface WorkerInit {
  buffer: SharedArrayBuffer;
  /** Path the artifact came from, for `engine.info`; null for in-memory engines. */
  artifactPath: string | null;
  /** ConText rules (a path or a parsed rule file); absent: the package default. */
  contextRules?: string | RuleFile;
  /**
   * Test-only crash hook (see TEST_CRASH_MARKER). True only when the pool was
   * created with ICD10CM_TEST_CRASH=1 in its environment.
   */
  testCrash: boolean;
}

/**
 * A batch of documents for one worker call. Small documents travel together so
 * the per-message cost (a structured clone and a thread wake-up) is paid once
 * per ~64 KB of text rather than once per note.
 */
export interface BatchTask {
  texts: string[];
  options: ResolvedDetectOptions;
  /** `object`: spans as objects. `json`: spans already serialised (saves the main thread a stringify). */
  encoding: 'object' | 'json';
  /** Largest result per document, as JSON bytes; larger: an E_OUTPUT_TOO_LARGE result. */
  maxOutputBytes: number;
  /** Set in a coding pool: with `json`, each text's code set is serialised in `spansJson` instead of its spans. */
  code?: ResolvedCodeOptions;
}

export interface ErrorInfo {
  code: string;
  message: string;
}

/** One result per text of the batch, in the same order. */
export type DocResult =
  | { ok: true; spans: Span[] }
  | { ok: true; spansJson: string; count: number }
  | { ok: false; error: ErrorInfo };

export interface BatchResult {
  results: DocResult[];
}

/**
 * A batch for the record mode: the worker reads, checks and detects each item
 * and returns finished output records. JSONL lines travel as raw bytes, one
 * buffer per batch, moved to the worker (a retry packs its lines again).
 */
export interface RecordTask {
  kind: 'records';
  items: RecordItem[];
  lines: Uint8Array;
  job: RecordJob;
  /**
   * The buffer of an earlier result whose records the pool's caller has
   * written (`pool.recycle`), moved here to hold this batch's records when it
   * is large enough, instead of a fresh allocation.
   */
  spare?: ArrayBuffer;
}

/**
 * The records of a RecordTask packed into one buffer, so it can be moved
 * (transferred, not copied) to the pool's thread: the UTF-8 records back to
 * back, then the record offsets (n + 1 uint32) and span counts (n int32, -1
 * for an error record) 4-byte aligned, then n and the records' byte length.
 */
export type RecordResult = Uint8Array;

export function packRecords(r: EncodedRecords, spare?: ArrayBuffer): Uint8Array {
  const n = r.spans.length;
  const at = align4(r.bytes.length);
  const size = at + 4 * (n + 1) + 4 * n + 8;
  const out = spare !== undefined && spare.byteLength >= size ? new Uint8Array(spare, 0, size) : new Uint8Array(size);
  out.set(r.bytes);
  new Uint32Array(out.buffer, at, n + 1).set(r.offsets);
  new Int32Array(out.buffer, at + 4 * (n + 1), n).set(r.spans);
  const tail = new DataView(out.buffer, out.length - 8);
  tail.setUint32(0, n, true);
  tail.setUint32(4, r.bytes.length, true);
  return out;
}

export function unpackRecords(packed: Uint8Array): EncodedRecords {
  const tail = new DataView(packed.buffer, packed.byteOffset + packed.length - 8);
  const n = tail.getUint32(0, true);
  const length = tail.getUint32(4, true);
  const at = packed.byteOffset + align4(length);
  // A view given by a caller may sit at any offset: read the tables through copies when unaligned.
  const table = <T>(C: new (b: ArrayBufferLike, offset: number, count: number) => T, offset: number, count: number): T =>
    offset % 4 === 0 ? new C(packed.buffer, offset, count) : new C(packed.buffer.slice(offset, offset + 4 * count), 0, count);
  return { bytes: packed.subarray(0, length), offsets: table(Uint32Array, at, n + 1), spans: table(Int32Array, at + 4 * (n + 1), n) };
}

const align4 = (n: number) => (n + 3) & ~3;

export type WorkerTask = BatchTask | RecordTask;

/**
 * A text starting with this marker makes the worker exit abruptly, but only in
 * a pool created with ICD10CM_TEST_CRASH=1 in the environment. It exists so
 * tests can exercise crash recovery; nothing else should ever set that variable.
 */
export const TEST_CRASH_MARKER = '<<icd10cm-test-crash>>';
/** Same hook: a text starting with this marker keeps its worker busy forever (a hang, for the task timeout). */
export const TEST_HANG_MARKER = '<<icd10cm-test-hang>>';
export const TEST_CRASH_ENV = 'ICD10CM_TEST_CRASH';
