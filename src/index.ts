/** Public API. Everything else is internal and may change. */
export { loadEngine, Engine, type LoadOptions, type EngineInfo } from './engine.js';
export { IcdError, type ErrorCode, type Issue } from './errors.js';
export { DETECT_DEFAULTS } from './options.js';
export type { Assertions, CodeInfo, Concept, DetectOptions, MatchKind, Span, TermSource } from './types.js';
export {
  createPool,
  POOL_DEFAULTS,
  type Pool,
  type PoolOptions,
  type PoolCallOptions,
  type DocumentInput,
  type Documents,
  type DetectRecord,
  type JsonDetectRecord,
  type RecordError,
} from './workers/pool.js';
