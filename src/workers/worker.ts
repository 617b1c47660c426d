/**
 * Worker side of the pool (piscina loads this file in each thread). The engine
 * is built once per thread over the artifact's SharedArrayBuffer from
 * `workerData`: the typed arrays are views of the same memory in every thread;
 * only the small per-thread objects (vocabulary map, caches) are private.
 *
 * A task never throws for a bad document: each text yields its own result, so
 * one bad note cannot take its batch down. Only a real failure of the thread
 * (crash, out of memory) rejects a task; the pool then retries the documents.
 */
import { workerData } from 'node:worker_threads';
import { Engine } from '../engine.js';
import { toIcdError } from '../errors.js';
import { TEST_CRASH_MARKER, TEST_HANG_MARKER, type BatchResult, type BatchTask, type DocResult, type WorkerInit } from './messages.js';

const init = workerData as WorkerInit;
const engine = Engine.fromBuffer(init.buffer, {
  artifactPath: init.artifactPath,
  ...(init.contextRules === undefined ? {} : { contextRules: init.contextRules }),
});

export default function detectBatch(task: BatchTask): BatchResult {
  const results: DocResult[] = new Array(task.texts.length);
  for (let i = 0; i < task.texts.length; i++) results[i] = detectOne(task.texts[i] as string, task);
  return { results };
}

function detectOne(text: string, task: BatchTask): DocResult {
  if (init.testCrash && text.startsWith(TEST_CRASH_MARKER)) {
    // Test-only (ICD10CM_TEST_CRASH=1): end this thread the way a fatal error would.
    process.exit(70);
  }
  if (init.testCrash && text.startsWith(TEST_HANG_MARKER)) {
    // Test-only: never return, as a runaway task would; only the pool's timeout ends it.
    for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
  }
  // NUL never occurs in text; it means a binary file or a wrong encoding (UTF-16).
  if (text.includes('\u0000')) {
    return { ok: false, error: { code: 'E_INPUT_INVALID', message: 'binary content: the text contains NUL characters' } };
  }
  try {
    if (task.code !== undefined && task.encoding === 'json') {
      const set = engine.code(text, task.code);
      return { ok: true, spansJson: JSON.stringify(set), count: set.codes.length };
    }
    const spans = engine.detect(text, task.options);
    return task.encoding === 'json' ? { ok: true, spansJson: JSON.stringify(spans), count: spans.length } : { ok: true, spans };
  } catch (err) {
    const e = toIcdError(err);
    return { ok: false, error: { code: e.code, message: e.message } };
  }
}
