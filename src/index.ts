/** Public API. Everything else is internal and may change. */
import type { Pool, PoolOptions } from './workers/options.js';

export { loadEngine, Engine, type LoadOptions, type EngineInfo } from './engine.js';
export { IcdError, type ErrorCode, type Issue } from './errors.js';
export { DETECT_DEFAULTS, type ResolvedDetectOptions } from './options.js';
export { STAGE_NAMES, type StageName, type PipelineChanges } from './pipeline.js';
export type { Note, Stage } from './note.js';
export { SEARCH_DEFAULTS, type SearchMatch, type SearchOptions, type SearchResult } from './search/types.js';
export type { Assertions, CodeInfo, Concept, DetectOptions, Genre, MatchKind, Span, TermSource } from './types.js';
export type {
  Pool,
  PoolOptions,
  PoolCallOptions,
  PoolCodeOptions,
  DocumentInput,
  Documents,
  DetectRecord,
  JsonDetectRecord,
  RecordError,
  RecordInput,
  RecordOptions,
  JsonlLine,
  ByteRecord,
  StringRecord,
  PoolStats,
  QueueSettings,
} from './workers/options.js';
export type { OutputFormat } from './output/format.js';
export { POOL_DEFAULTS } from './workers/options.js';

/**
 * Creates a worker pool (see workers/pool.ts), or with `queue`, the same
 * interface over `icd10cm worker` processes on a Redis queue (queue/pool.ts). The pool module, and piscina with
 * it (~18 ms), is loaded on the first call, so that importing the library to
 * detect on one thread never pays for it. Rejects, never throws synchronously.
 */
export async function createPool(options: PoolOptions = {}): Promise<Pool> {
  // The queue module (BullMQ, ioredis) loads only for a pool that uses it.
  if (options !== null && typeof options === 'object' && options.queue !== undefined) return (await import('./queue/pool.js')).createQueuePool(options);
  const pool = await import('./workers/pool.js');
  return pool.createPool(options);
}
export type { CodeOptions, CodeSet, CodedCode, Evidence, RuleRef, SetAside, Setting } from './coding/index.js';
