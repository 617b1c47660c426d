/**
 * mnemonist's LRUMap, loaded on its own. The package's index loads every
 * structure it has (~85 ms measured on the 2-core CI machine), which would be
 * half the cold-start budget; its `exports` map does not list sub-paths, so the
 * module file is resolved next to the package entry.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { LRUMap as LRUMapType } from 'mnemonist';

const require = createRequire(import.meta.url);
const LRUMapImpl = require(join(dirname(require.resolve('mnemonist')), 'lru-map.js')) as typeof LRUMapType;

export function lruMap<K, V>(capacity: number): LRUMapType<K, V> {
  return new LRUMapImpl<K, V>(capacity);
}
