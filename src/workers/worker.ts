/**
 * Worker side of the pool (piscina loads this file in each thread). The engine
 * is built once per thread over the artifact's SharedArrayBuffer from
 * `workerData`: the typed arrays are views of the same memory in every thread;
 * only the small per-thread objects (vocabulary map, caches) are private.
 *
 * A task never throws for a bad document: each text yields its own result, so
 * one bad note cannot take its batch down. Only a real failure of the thread
 * (crash, out of memory) rejects a task; the pool then retries the documents.
 *
 * Two kinds of task: a BatchTask returns spans (objects, or JSON per document);
 * a RecordTask returns finished output records as one UTF-8 buffer that is
 * transferred back, so the main thread only orders and writes bytes.
 */
import { createRequire } from 'node:module';
import { workerData } from 'node:worker_threads';
import { Engine } from '../engine.js';
import { toIcdError } from '../errors.js';
import type { CodeSet, ResolvedCodeOptions } from '../coding/index.js';
import type { ResolvedDetectOptions } from '../options.js';
import { encodeRecords, Utf8Sink, type Detector } from '../output/records.js';
import type { Span } from '../types.js';
import { TEST_CRASH_MARKER, TEST_HANG_MARKER, type BatchResult, type BatchTask, type DocResult, packRecords, type RecordResult, type WorkerInit, type WorkerTask } from './messages.js';

/**
 * piscina's `move` marks a result to be transferred rather than copied. Its
 * module takes tens of milliseconds to load, so it is loaded on the first
 * record task rather than before the thread starts. Synchronously: this thread
 * waits for its tasks in Atomics.wait, so its event loop does not turn between
 * tasks, and a dynamic import() begun at start never finished (every result was
 * copied, about 7 ms of this thread's time per MB of output).
 */
const require = createRequire(import.meta.url);
let move: ((value: Uint8Array) => unknown) | undefined;

const init = workerData as WorkerInit;
const engine = Engine.fromBuffer(init.buffer, {
  artifactPath: init.artifactPath,
  // The pool's thread checked this buffer (or it came from an engine that was); once is enough.
  checked: true,
  ...(init.contextRules === undefined ? {} : { contextRules: init.contextRules }),
});

const detector: Detector = {
  detect(text: string, options: ResolvedDetectOptions, limits?: { maxSpans: number }): Span[] {
    testHooks(text);
    return engine.detect(text, options, limits);
  },
  code(text: string, options: ResolvedCodeOptions): CodeSet {
    testHooks(text);
    return engine.code(text, options);
  },
};

/** This thread's record buffer: it grows to the largest batch once, and each result is one copy of it (into the task's spare when it is large enough). */
const scratch = new Utf8Sink();

export default function runTask(task: WorkerTask): BatchResult | RecordResult {
  if ('kind' in task) {
    const packed = packRecords(encodeRecords(detector, task.items, task.lines, task.job, scratch), task.spare);
    move ??= (require('piscina') as { move: (value: Uint8Array) => unknown }).move;
    return move(packed) as RecordResult;
  }
  const results: DocResult[] = new Array(task.texts.length);
  for (let i = 0; i < task.texts.length; i++) results[i] = detectOne(task.texts[i] as string, task);
  return { results };
}

/**
 * No span serialises to fewer bytes (offsets, text, score, term, source and one
 * concept with its code and description); measured minimum about 210. So more
 * than maxOutputBytes / 128 spans is surely too large, and detect can stop there.
 */
const MIN_SPAN_JSON_BYTES = 128;

function outputTooLarge(bytes: number, max: number): DocResult {
  return { ok: false, error: { code: 'E_OUTPUT_TOO_LARGE', message: `the result is ${bytes} bytes of JSON; the limit (maxOutputBytes) is ${max}` } };
}

function testHooks(text: string): void {
  if (init.testCrash && text.startsWith(TEST_CRASH_MARKER)) {
    // Test-only (ICD10CM_TEST_CRASH=1): end this thread the way a fatal error would.
    process.exit(70);
  }
  if (init.testCrash && text.startsWith(TEST_HANG_MARKER)) {
    // Test-only: never return, as a runaway task would; only the pool's timeout ends it.
    for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
  }
}

function detectOne(text: string, task: BatchTask): DocResult {
  testHooks(text);
  // NUL never occurs in text; it means a binary file or a wrong encoding (UTF-16).
  if (text.includes('\u0000')) {
    return { ok: false, error: { code: 'E_INPUT_INVALID', message: 'binary content: the text contains NUL characters' } };
  }
  try {
    if (task.code !== undefined && task.encoding === 'json') {
      const set = engine.code(text, task.code);
      const setJson = JSON.stringify(set);
      if (setJson.length > task.maxOutputBytes) return outputTooLarge(setJson.length, task.maxOutputBytes);
      return { ok: true, spansJson: setJson, count: set.codes.length };
    }
    const spans = engine.detect(text, task.options, { maxSpans: Math.floor(task.maxOutputBytes / MIN_SPAN_JSON_BYTES) });
    if (task.encoding === 'object') return { ok: true, spans };
    const spansJson = JSON.stringify(spans);
    if (spansJson.length > task.maxOutputBytes) return outputTooLarge(spansJson.length, task.maxOutputBytes);
    return { ok: true, spansJson, count: spans.length };
  } catch (err) {
    const e = toIcdError(err);
    return { ok: false, error: { code: e.code, message: e.message } };
  }
}
