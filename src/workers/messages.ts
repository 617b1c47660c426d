/**
 * What crosses the thread boundary between the pool (main thread) and a worker.
 * Kept apart so both sides import types only from here, never from each other.
 *
 * Ids never cross: the pool keeps each document's id and position and sends
 * texts only, so a worker cannot reorder or mislabel a result.
 */
import type { RuleFile } from '../context/index.js';
import type { ResolvedDetectOptions } from '../options.js';
import type { ResolvedCodeOptions } from '../coding/index.js';
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
 * A text starting with this marker makes the worker exit abruptly, but only in
 * a pool created with ICD10CM_TEST_CRASH=1 in the environment. It exists so
 * tests can exercise crash recovery; nothing else should ever set that variable.
 */
export const TEST_CRASH_MARKER = '<<icd10cm-test-crash>>';
/** Same hook: a text starting with this marker keeps its worker busy forever (a hang, for the task timeout). */
export const TEST_HANG_MARKER = '<<icd10cm-test-hang>>';
export const TEST_CRASH_ENV = 'ICD10CM_TEST_CRASH';
