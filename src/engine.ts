/**
 * The engine: an immutable compiled lexicon + tokenizer + context rules, loaded
 * once and shared. `detect` makes a Note and runs the pipeline over it
 * (pipeline.ts). It never throws because of what a valid string says.
 */
import { existsSync } from 'node:fs';
import { CompiledLexicon } from './artifact/model.js';
import { readArtifactFile, readHeader } from './artifact/read.js';
import { staleReason } from './artifact/stale.js';
import { IcdError } from './errors.js';
import { DEFAULT_ARTIFACT, DOWNLOAD_HINT, findRelease } from './paths.js';
import { loadContextRules, type ContextTarget, type RuleFile, type TargetContext } from './context/index.js';
import { Coder, type CodeOptions, type CodeSet } from './coding/index.js';
import { Note, type Stage } from './note.js';
import { buildParts, buildPipeline, runPipeline, type Parts } from './pipeline.js';
import type { CodeInfo, DetectOptions, Genre, Span } from './types.js';
import { validateDetectOptions } from './options.js';

export interface LoadOptions {
  /** Compiled lexicon file. Default: `data/icd10cm/icd10cm.bin` in the package. */
  artifactPath?: string;
  /** Release folder to build from when the artifact is missing or stale. Default: searched (see README). */
  release?: string;
  /** `auto` (default): build a missing or stale artifact, saying so on `log`. `never`: fail instead. */
  build?: 'auto' | 'never';
  /** Where progress lines go. Default: standard error. */
  log?: (line: string) => void;
  /** ConText rules: a rule file path or a parsed RuleFile. Default: the package's data/context/rules.json. */
  contextRules?: string | RuleFile;
}

/** What an engine needs besides the artifact; shared by loadEngine and worker threads. */
export interface EngineOptions {
  /** Default: the package's data/context/rules.json. */
  contextRules?: string | RuleFile;
}

export interface EngineInfo {
  artifactPath: string | null;
  artifactBytes: number;
  codesFiscalYear: number;
  fiscalYears: Record<string, number>;
  counts: CompiledLexicon['header']['counts'];
  builder: string;
}

export class Engine {
  readonly info: EngineInfo;
  private readonly lexicon: CompiledLexicon;
  private readonly parts: Parts;
  private readonly stages: readonly Stage[];
  /** The coding stages and their data (data/coding, a few KB), read at load like the context rules. */
  private readonly coder: Coder;
  /** The ConText rules this engine compiled; a pool built from it gives them to its workers. */
  readonly contextRules: RuleFile;

  /** Use `loadEngine` (files) or `Engine.fromBuffer` (a buffer shared by another thread). */
  private constructor(buffer: ArrayBufferLike, artifactPath: string | null, options: EngineOptions) {
    this.lexicon = new CompiledLexicon(buffer);
    const rules = options.contextRules ?? loadContextRules();
    this.contextRules = typeof rules === 'string' ? loadContextRules(rules) : rules;
    this.parts = buildParts(this.lexicon, this.contextRules);
    this.stages = buildPipeline(this.parts);
    this.coder = new Coder(this);
    const h = this.lexicon.header;
    this.info = {
      artifactPath,
      artifactBytes: buffer.byteLength,
      codesFiscalYear: h.codesFiscalYear,
      fiscalYears: h.fiscalYears,
      counts: h.counts,
      builder: h.builder,
    };
  }

  static fromBuffer(buffer: ArrayBufferLike, options: EngineOptions & { artifactPath?: string | null } = {}): Engine {
    return new Engine(buffer, options.artifactPath ?? null, options);
  }

  /** The artifact bytes; a SharedArrayBuffer when loaded from a file, so workers can map it too. */
  get buffer(): ArrayBufferLike {
    return this.lexicon.buffer;
  }

  /** The names of the detection stages, in the order they run (pipeline.ts). */
  get pipeline(): readonly string[] {
    return this.stages.map((s) => s.name);
  }

  detect(text: string, options: DetectOptions = {}): Span[] {
    if (typeof text !== 'string') throw new IcdError('E_INPUT_INVALID', `detect expects a string, got ${typeof text}`);
    const opts = validateDetectOptions(options);
    if (text.length === 0) return [];
    return runPipeline(this.stages, new Note(text, this.parts.tokenizer.tokenize(text), opts)).spans;
  }

  /**
   * Context for spans found by another recogniser: negation, uncertainty,
   * hypothetical, history, experiencer and section of each `[start, end)` range.
   * `genre`: the kind of text, as for `detect` (default `'clinical'`).
   */
  assess(text: string, targets: ReadonlyArray<ContextTarget>, options: { genre?: Genre } = {}): TargetContext[] {
    if (typeof text !== 'string') throw new IcdError('E_INPUT_INVALID', `assess expects a string, got ${typeof text}`);
    const genre = validateDetectOptions(options.genre === undefined ? {} : { genre: options.genre }).genre;
    return this.parts.context[genre].assess(text, this.parts.tokenizer.tokenize(text), targets);
  }

  /**
   * The document's code set under the ICD-10-CM Official Guidelines (src/coding):
   * codes with their evidence and rules, and the codes set aside with the rule that did it.
   */
  code(text: string, options: CodeOptions = {}): CodeSet {
    return this.coder.code(text, options);
  }

  /** Description, billable flag and Tabular facts of a code, or null when it is not a code. */
  lookup(code: string): CodeInfo | null {
    const lx = this.lexicon;
    const i = lx.codeIndex(code);
    if (i < 0) return null;
    const dotted = lx.codes.get(i);
    // 7th-character codes are not Tabular entries: their facts are their parent's.
    let tab = lx.tabular(dotted);
    for (let p = lx.parent[i] as number; tab === undefined && p >= 0; p = lx.parent[p] as number) tab = lx.tabular(lx.codes.get(p));
    const parent = lx.parent[i] as number;
    return {
      code: dotted,
      description: lx.descriptions.get(i),
      billable: lx.billable[i] === 1,
      parent: parent >= 0 ? lx.codes.get(parent) : null,
      chapter: tab?.chapter ?? null,
      block: tab?.block ?? null,
      category: tab?.category ?? null,
      inclusionTerms: tab?.inclusionTerms ?? [],
      includes: tab?.includes ?? [],
      excludes1: tab?.excludes1 ?? [],
      excludes2: tab?.excludes2 ?? [],
      notes: tab?.notes ?? [],
      codeFirst: tab?.codeFirst ?? [],
      useAdditionalCode: tab?.useAdditionalCode ?? [],
      codeAlso: tab?.codeAlso ?? [],
    };
  }
}

/**
 * Loads the compiled lexicon, building it first when it is missing or stale and
 * `build` is `auto`. Rejects (never throws synchronously) with an IcdError.
 */
export async function loadEngine(options: LoadOptions = {}): Promise<Engine> {
  const path = options.artifactPath ?? DEFAULT_ARTIFACT;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const mode = options.build ?? 'auto';
  if (mode !== 'auto' && mode !== 'never') {
    throw new IcdError('E_OPTION_INVALID', `build must be 'auto' or 'never', got ${String(mode)}`, {
      issues: [{ path: 'build', message: 'unknown value', expected: "'auto' | 'never'", received: String(mode) }],
    });
  }
  let buffer: SharedArrayBuffer | undefined;
  let reason: string | null = null;
  if (!existsSync(path)) {
    reason = 'no compiled lexicon yet';
  } else {
    buffer = readArtifactFile(path);
    if (mode === 'auto') {
      try {
        reason = staleReason(readHeader(buffer), findRelease(options.release)?.dir);
      } catch (err) {
        reason = err instanceof IcdError ? err.message : 'unreadable artifact';
      }
    }
  }
  if (reason !== null) {
    if (mode === 'never') throw new IcdError('E_ARTIFACT_MISSING', `cannot use ${path}: ${reason}; run \`icd10cm build-data\``);
    const release = findRelease(options.release);
    if (release === undefined) {
      throw new IcdError('E_RELEASE_NOT_FOUND', `cannot build the compiled lexicon (${reason}): no ICD-10-CM release found. ${DOWNLOAD_HINT}`);
    }
    log(`icd10cm: building ${path} from ${release.dir} (${reason}); about half a minute, once`);
    const { buildArtifact } = await import('./build.js');
    const result = await buildArtifact(release.dir, path);
    log(`icd10cm: built in ${result.seconds.total.toFixed(1)} s`);
    buffer = readArtifactFile(path);
  }
  const engineOptions: EngineOptions = options.contextRules === undefined ? {} : { contextRules: options.contextRules };
  return Engine.fromBuffer(buffer as SharedArrayBuffer, { ...engineOptions, artifactPath: path });
}
