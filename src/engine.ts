/**
 * The engine: an immutable compiled lexicon + tokenizer + context rules, loaded
 * once and shared. `detect` makes a Note and runs the pipeline over it
 * (pipeline.ts). It never throws because of what a valid string says.
 */
import { loadArtifact, validateArtifactOptions } from './artifact/load.js';
import { CompiledLexicon } from './artifact/model.js';
import { IcdError } from './errors.js';
import { loadContextRules, type ContextTarget, type RuleFile, type TargetContext } from './context/index.js';
import { SearchIndex } from './search/index.js';
import type { SearchOptions, SearchResult } from './search/types.js';
import { Coder, type CodeOptions, type CodeSet } from './coding/index.js';
import { Note, type Stage } from './note.js';
import { buildParts, buildPipeline, editPipeline, runPipeline, validatePipelineChanges, type Parts, type PipelineChanges } from './pipeline.js';
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
  /** Detection stages left out or replaced, by name (pipeline.ts). Default: none; `engine.pipeline` lists what runs. */
  pipeline?: PipelineChanges;
}

/** What an engine needs besides the artifact; shared by loadEngine and worker threads. */
export interface EngineOptions {
  /** Default: the package's data/context/rules.json. */
  contextRules?: string | RuleFile;
  /** Detection stages left out or replaced, by name. */
  pipeline?: PipelineChanges;
  /**
   * Internal: the buffer's bounds were already checked in this process or by
   * the thread that shared it (artifact/load.ts), so mapping skips that pass.
   */
  checked?: boolean;
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
  /** Code search (src/search), mapped on the first search. */
  private searcher: SearchIndex | undefined;
  /** The ConText rules this engine compiled; a pool built from it gives them to its workers. */
  readonly contextRules: RuleFile;
  /** Whether `pipeline` load options left stages out or replaced them (a pool cannot take such an engine). */
  readonly pipelineEdited: boolean;

  /** Use `loadEngine` (files) or `Engine.fromBuffer` (a buffer shared by another thread). */
  private constructor(buffer: ArrayBufferLike, artifactPath: string | null, options: EngineOptions) {
    this.lexicon = new CompiledLexicon(buffer, { check: options.checked !== true });
    const rules = options.contextRules ?? loadContextRules();
    this.contextRules = typeof rules === 'string' ? loadContextRules(rules) : rules;
    this.parts = buildParts(this.lexicon, this.contextRules);
    const stages = buildPipeline(this.parts);
    this.stages = options.pipeline === undefined ? stages : editPipeline(stages, options.pipeline);
    this.pipelineEdited = options.pipeline !== undefined;
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

  /**
   * Stops with E_OUTPUT_TOO_LARGE as soon as more than `options.maxSpans` spans
   * are kept, or more than `budget.maxSpans` (the pool's bound, from its
   * maxOutputBytes), so a document that would give a huge result (megabytes of
   * "asthma asthma ...") costs bounded memory, not ~70 bytes per character of
   * span objects.
   */
  detect(text: string, options: DetectOptions = {}, budget?: DetectBudget): Span[] {
    if (typeof text !== 'string') throw new IcdError('E_INPUT_INVALID', `detect expects a string, got ${typeof text}`);
    const opts = validateDetectOptions(options);
    if (text.length === 0) return [];
    const bound = budget !== undefined && budget.maxSpans < opts.maxSpans ? { maxSpans: budget.maxSpans, limit: 'the output limit, maxOutputBytes,' } : { maxSpans: opts.maxSpans, limit: 'the limit, maxSpans,' };
    return runPipeline(this.stages, new Note(text, this.parts.tokenizer.tokenize(text), opts, bound.maxSpans, bound.limit)).spans;
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

  /**
   * Codes ranked for what a coder types: words, prefixes of words, a typo, an
   * abbreviation, a code prefix ("diab typ 2 kid", "chf", "e112"). See src/search.
   */
  search(query: string, options: SearchOptions = {}): SearchResult[] {
    return (this.searcher ??= new SearchIndex(this.lexicon)).search(query, options);
  }

  /** Description, billable flag and Tabular facts of a code, or null when it is not a code. */
  lookup(code: string): CodeInfo | null {
    if (typeof code !== 'string') throw new IcdError('E_INPUT_INVALID', `lookup expects a code as a string, got ${code === null ? 'null' : typeof code}`);
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

/** The pool's per-document bound on detect's result (see `detect`). */
export interface DetectBudget {
  maxSpans: number;
}

const LOAD_KEYS: ReadonlySet<string> = new Set(['artifactPath', 'release', 'build', 'log', 'contextRules', 'pipeline']);

/**
 * Loads the compiled lexicon (artifact/load.ts: found, hash- and bounds-checked,
 * built first when it is missing, stale or damaged and `build` is `auto`).
 * Rejects (never throws synchronously) with an IcdError.
 */
export async function loadEngine(options: LoadOptions = {}): Promise<Engine> {
  if (options === null || typeof options !== 'object') throw new IcdError('E_OPTION_INVALID', 'load options must be an object');
  const issues = validateArtifactOptions(options, LOAD_KEYS);
  const rules = options.contextRules;
  if (rules !== undefined && typeof rules !== 'string' && (rules === null || typeof rules !== 'object')) {
    issues.push({ path: 'contextRules', message: 'must be a rule file path or a parsed rule file', received: String(rules) });
  }
  if (options.pipeline !== undefined) issues.push(...validatePipelineChanges(options.pipeline));
  if (issues.length > 0) {
    throw new IcdError('E_OPTION_INVALID', `invalid load options: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
  }
  const artifact = await loadArtifact(options);
  return Engine.fromBuffer(artifact.buffer, {
    ...(rules === undefined ? {} : { contextRules: rules }),
    ...(options.pipeline === undefined ? {} : { pipeline: options.pipeline }),
    artifactPath: artifact.path,
    checked: true,
  });
}
