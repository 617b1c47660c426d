/**
 * Which compiled lexicon the benchmarks run on. The real artifact
 * (data/icd10cm/icd10cm.bin, built from the release by `icd10cm build-data`)
 * when it exists; otherwise a clearly labelled stand-in compiled from the order
 * file alone (fallback-lexicon.ts), cached under benchmarks/corpus/ (git-ignored)
 * so that the cold-load child process can read it from disk like the real one.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompiledLexicon } from '../src/artifact/model.js';
import { readArtifactFile, readHeader } from '../src/artifact/read.js';
import { projectDataHash } from '../src/artifact/stale.js';
import { BUILDER_VERSION, FORMAT_VERSION } from '../src/artifact/format.js';
import { Engine, loadEngine } from '../src/engine.js';
import { compileRelease } from '../src/build.js';
import type { CompileResult } from '../src/lexicon/compile.js';
import type { Lexicon } from '../src/lexicon/types.js';
import { DEFAULT_ARTIFACT, PACKAGE_ROOT, findRelease } from '../src/paths.js';
import { findOrderFile, orderFileLexicon } from './fallback-lexicon.js';

export const CORPUS_DIR = join(PACKAGE_ROOT, 'benchmarks', 'corpus');
export const FALLBACK_ARTIFACT = join(CORPUS_DIR, 'fallback-icd10cm.bin');

export interface EngineSource {
  engine: Engine;
  /** A second view over the same bytes, for the term list and the vocabulary. */
  lexicon: CompiledLexicon;
  /** 'release': the real artifact. 'fallback': order-file descriptions only. */
  kind: 'release' | 'fallback';
  artifactPath: string;
  /** One line for the report, e.g. "release artifact builder 0.1.0, format 1, order FY2026 ...". */
  label: string;
  version: { builder: string; format: number; codesFiscalYear: number; fiscalYears: Record<string, number> };
}

function describe(engine: Engine, kind: EngineSource['kind'], artifactPath: string): EngineSource {
  const lexicon = new CompiledLexicon(engine.buffer);
  const h = lexicon.header;
  const years = Object.entries(h.fiscalYears)
    .map(([role, y]) => `${role} FY${y}`)
    .join(', ');
  const what = kind === 'release' ? 'release artifact' : 'FALLBACK artifact (order-file descriptions + abbreviations only; the real artifact is not built yet)';
  return {
    engine,
    lexicon,
    kind,
    artifactPath,
    label: `${what}: builder ${h.builder}, format ${h.format}, ${years}; ${h.counts.codes} codes, ${h.counts.patterns} patterns, ${h.counts.states} states`,
    version: { builder: h.builder, format: h.format, codesFiscalYear: h.codesFiscalYear, fiscalYears: h.fiscalYears },
  };
}

/** compileLexicon called exactly as src/build.ts (buildArtifact) calls it. */
export function compileLikeBuild(lexicon: Lexicon): CompileResult {
  return compileRelease(lexicon);
}

/** Bytes of the stand-in artifact, rebuilt when the order file, builder or project data changed. */
export function ensureFallbackArtifact(log: (line: string) => void): string {
  const dir = findRelease()?.dir;
  const order = dir === undefined ? undefined : findOrderFile(dir);
  if (order === undefined) throw new Error(`no order file zip in ${dir ?? 'any release folder'}: cannot build the fallback artifact`);
  const dataHash = projectDataHash();
  if (existsSync(FALLBACK_ARTIFACT)) {
    try {
      const h = readHeader(readArtifactFile(FALLBACK_ARTIFACT));
      if (h.format === FORMAT_VERSION && h.builder === BUILDER_VERSION && h.projectDataHash === dataHash && h.sources[0]?.sha256 === order.sha256) {
        return FALLBACK_ARTIFACT;
      }
    } catch {
      // unreadable: rebuild below
    }
  }
  log(`bench: compiling the fallback artifact from ${order.name} (${order.member}) into ${FALLBACK_ARTIFACT}`);
  const lexicon = orderFileLexicon(order);
  const compiled = compileLikeBuild(lexicon);
  mkdirSync(CORPUS_DIR, { recursive: true });
  writeFileSync(FALLBACK_ARTIFACT, compiled.bytes);
  return FALLBACK_ARTIFACT;
}

/** The real artifact when present, else the fallback; never builds the real one (that is build-data's job). */
export async function benchEngine(log: (line: string) => void): Promise<EngineSource> {
  if (existsSync(DEFAULT_ARTIFACT)) {
    const engine = await loadEngine({ build: 'never' });
    return describe(engine, 'release', DEFAULT_ARTIFACT);
  }
  log(`bench: ${DEFAULT_ARTIFACT} not found; using the fallback artifact (run \`node bin/icd10cm.js build-data\` for the real one)`);
  const path = ensureFallbackArtifact(log);
  const engine = await loadEngine({ build: 'never', artifactPath: path });
  return describe(engine, 'fallback', path);
}

/** An engine over bytes compiled in memory (the smoke test's synthetic lexicon). */
export function engineFromBytes(bytes: Uint8Array, label: string): EngineSource {
  const src = describe(Engine.fromBuffer(bytes.buffer), 'fallback', '(in memory)');
  return { ...src, label };
}
