/**
 * Shared fixtures for pool, CLI and server tests: the synthetic lexicon as an
 * engine, as shared bytes and as an artifact file, and a check that the
 * compiled JavaScript in dist/ (which worker threads and the CLI run) is not
 * older than the TypeScript it comes from.
 */
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '../../src/engine.js';
import { compileLexicon } from '../../src/lexicon/compile.js';
import { TEST_CRASH_ENV } from '../../src/workers/messages.js';
import { createPool, type Pool, type PoolOptions } from '../../src/workers/pool.js';
import { syntheticLexicon } from './synthetic-lexicon.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(ROOT, 'bin', 'icd10cm.js');

let bytes: Uint8Array | undefined;
export function syntheticBytes(): Uint8Array {
  bytes ??= compileLexicon(syntheticLexicon()).bytes;
  return bytes;
}

/** An engine over a SharedArrayBuffer, as `loadEngine` gives from a file. */
export function syntheticEngine(): Engine {
  const b = syntheticBytes();
  const shared = new SharedArrayBuffer(b.byteLength);
  new Uint8Array(shared).set(b);
  return Engine.fromBuffer(shared);
}

/** Writes the synthetic artifact to a fresh temp dir; returns its path. */
export function syntheticArtifactFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'icd10cm-test-'));
  const path = join(dir, 'synthetic.bin');
  writeFileSync(path, syntheticBytes());
  return path;
}

/**
 * Throws unless dist/ holds a compiled file at least as new as its source for
 * every module statically reachable from `graphs` (the worker's scan path by
 * default) and for each of `files` (`npm test` runs tsc first; after editing,
 * run `npx tsc -p tsconfig.json`). The CLI's full graph includes the artifact
 * builder, which others edit, so CLI tests name their own modules in `files`.
 */
export function assertDistFresh(files: string[] = [], graphs: string[] = ['src/workers/worker.ts']): void {
  const seen = new Set<string>();
  const stale: string[] = [];
  const fresh = (src: string): boolean => {
    const out = join(ROOT, 'dist', src.replace(/\.ts$/, '.js'));
    const ok = existsSync(out) && statSync(out).mtimeMs >= statSync(join(ROOT, src)).mtimeMs;
    if (!ok) stale.push(src);
    return ok;
  };
  const visit = (src: string): void => {
    if (seen.has(src)) return;
    seen.add(src);
    if (!fresh(src)) return;
    const out = join(ROOT, 'dist', src.replace(/\.ts$/, '.js'));
    // Static imports only: a dynamic import (the artifact builder) is not loaded on the scan path.
    for (const m of readFileSync(out, 'utf8').matchAll(/\bfrom\s+'(\.{1,2}\/[^']+)\.js'/g)) {
      const next = relative(ROOT, resolve(ROOT, dirname(src), `${m[1]}.ts`));
      if (existsSync(join(ROOT, next))) visit(next);
    }
  };
  for (const g of graphs) visit(g);
  for (const f of files) if (!seen.has(f)) fresh(f);
  if (stale.length > 0) throw new Error(`dist/ is missing or older than ${stale.join(', ')}: run \`npx tsc -p tsconfig.json\` first`);
}

/** A pool whose workers obey the test-only crash and hang markers (src/workers/messages.ts). */
export async function poolWithTestHooks(options: PoolOptions): Promise<Pool> {
  process.env[TEST_CRASH_ENV] = '1';
  try {
    return await createPool(options);
  } finally {
    delete process.env[TEST_CRASH_ENV];
  }
}
