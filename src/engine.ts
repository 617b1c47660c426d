/**
 * The engine: an immutable compiled lexicon + tokenizer + context rules, loaded
 * once and shared. `detect` never throws because of what a valid string says.
 */
import { existsSync } from 'node:fs';
import { CompiledLexicon } from './artifact/model.js';
import { readArtifactFile, readHeader } from './artifact/read.js';
import { staleReason } from './artifact/stale.js';
import { IcdError, type Issue } from './errors.js';
import { DEFAULT_ARTIFACT, DOWNLOAD_HINT, findRelease } from './paths.js';
import { ambiguousAbbreviationSpans } from './scoring/abbreviations.js';
import { CandidateReader } from './scoring/candidates.js';
import { Coordination } from './scoring/coordination.js';
import { INTERPOSED_WORDS, InterposedWords } from './scoring/interposed.js';
import { NeoplasmAnaphora } from './scoring/neoplasm-anaphora.js';
import { SpanReview } from './scoring/refine.js';
import { leftmostLongest, type TokenMatch } from './automaton/automaton.js';
import { Tokenizer, type TokenStream } from './text/tokens.js';
import { normalizeWord, shapeOf } from './text/word.js';
import { Vocabulary } from './text/vocabulary.js';
import { compileGenres, loadContextRules, type ContextTarget, type GenreEngines, type RuleFile, type TargetContext } from './context/index.js';
import { segmentSentences, sentenceRange, type Sentences } from './context/sentences.js';
import { aboutChild, CHILD_PATIENT_RULE, isMaternalCode } from './context/patient.js';
import type { CodeInfo, DetectOptions, Genre, Span } from './types.js';
import { validateDetectOptions, type ResolvedDetectOptions } from './options.js';
import { Coder, type CodeOptions, type CodeSet } from './coding/index.js';

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
  private readonly tokenizer: Tokenizer;
  private readonly candidates: CandidateReader;
  /** One context engine per genre of text (rules.json `genres`). */
  private readonly context: GenreEngines;
  private readonly review: SpanReview;
  private readonly coordination: Coordination;
  private readonly interposed: InterposedWords;
  private readonly anaphora: NeoplasmAnaphora;
  /** Candidate rows of the span being read, reused across spans (detect runs to completion, never interleaved). */
  private readonly rows: number[] = [];
  /** The coding stages and their data (data/coding, a few KB), read at load like the context rules. */
  private readonly coder: Coder;
  /** The ConText rules this engine compiled; a pool built from it gives them to its workers. */
  readonly contextRules: RuleFile;

  /** Use `loadEngine` (files) or `Engine.fromBuffer` (a buffer shared by another thread). */
  private constructor(buffer: ArrayBufferLike, artifactPath: string | null, options: EngineOptions) {
    this.lexicon = new CompiledLexicon(buffer);
    const vocab = new Vocabulary(iterateStrings(this.lexicon.vocab));
    // Rule words join the vocabulary before the tokenizer exists, so one token
    // stream feeds both automata (the lexicon's ignores ids past its alphabet).
    const rules = options.contextRules ?? loadContextRules();
    this.contextRules = typeof rules === 'string' ? loadContextRules(rules) : rules;
    this.context = compileGenres(this.contextRules, vocab);
    // So are the words the review reads between matches, whatever the lexicon holds.
    const word = (w: string) => vocab.add(normalizeWord(w, shapeOf(w)) ?? w);
    this.coordination = new Coordination(this.lexicon.automaton, word('and'), word('or'));
    this.interposed = new InterposedWords(this.lexicon.automaton, INTERPOSED_WORDS.map(word));
    this.tokenizer = new Tokenizer(vocab);
    this.candidates = new CandidateReader(this.lexicon);
    this.review = SpanReview.of(this.lexicon);
    this.anaphora = new NeoplasmAnaphora(this.lexicon);
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

  detect(text: string, options: DetectOptions = {}): Span[] {
    if (typeof text !== 'string') throw new IcdError('E_INPUT_INVALID', `detect expects a string, got ${typeof text}`);
    const opts = validateDetectOptions(options);
    if (text.length === 0) return [];
    const tokens = this.tokenizer.tokenize(text);
    const matches = this.lexicon.automaton.find(tokens.ids, tokens.count, opts.match);
    // The review and the context engine read the same sentences; segment once.
    const sentences = opts.refine || opts.context ? segmentSentences(text, tokens) : undefined;
    let spans: Span[] = [];
    // Matches the review kept: their words have a reading of their own.
    const read: TokenMatch[] = [];
    const take = (m: TokenMatch): boolean => {
      const found = this.mention(text, tokens, sentences, opts, m.pattern, tokens.starts[m.start] as number, tokens.ends[m.end - 1] as number, m.end - m.start);
      if (found === null) return false;
      read.push(m);
      if (found.score >= opts.minScore) spans.push(found);
      return true;
    };
    for (let i = 0; i < matches.length; i++) {
      const m = matches[i] as TokenMatch;
      // The review turned the longest reading down ("his disease" is no eponym; "chronic alcohol" is
      // not "chronic alcoholism"): its words may read otherwise, up to where the next match starts.
      if (!take(m) && opts.refine && opts.match === 'leftmost-longest' && m.end - m.start > 1) {
        for (const other of this.otherReadings(tokens, m, matches[i + 1]?.start ?? tokens.count)) take(other);
      }
    }
    if (opts.refine) spans = this.readBeyondMatches(text, tokens, sentences as Sentences, spans, read, opts);
    if (!opts.context) return spans;
    const contexts = this.context[opts.genre].assess(text, tokens, spans, sentences);
    let inHeaders = 0;
    spans.forEach((span, i) => {
      const c = contexts[i] as TargetContext;
      span.assertions = c.assertions;
      span.rules = c.rules;
      span.section = c.section;
      if (c.inHeader) inHeaders++;
    });
    // A pregnancy or a delivery in a note about a child is the mother's (context/patient.ts); the
    // note's opening is read only when such a code comes up.
    let child: boolean | undefined;
    for (const s of spans) {
      if (s.assertions === undefined || s.assertions.family || !isMaternalCode(s.concepts[0]?.code ?? '')) continue;
      if (!(child ??= aboutChild(text))) break;
      s.assertions = { ...s.assertions, family: true };
      s.rules = [...(s.rules ?? []), CHILD_PATIENT_RULE];
    }
    // A term in a section header ("History of present illness:", "Allergies:") names the section, not a finding.
    const found = opts.refine && inHeaders > 0 ? spans.filter((_, i) => !(contexts[i] as TargetContext).inHeader) : spans;
    return opts.affirmedOnly ? found.filter((s) => isAffirmed(s.assertions)) : found;
  }

  /**
   * The span pattern `pattern` gives at `[start, end)` (`words` tokens long),
   * reviewed when `opts.refine`; null when no candidate survives.
   */
  private mention(text: string, tokens: TokenStream, sentences: Sentences | undefined, opts: ResolvedDetectOptions, pattern: number, start: number, end: number, words: number): Span | null {
    const found = this.candidates.span(text, pattern, start, end, words, opts.maxCandidates, this.rows);
    if (found === null || (opts.refine && !this.review.review(text, found, tokens, this.rows, sentences))) return null;
    return found;
  }

  /**
   * Leftmost-longest readings of the tokens from `m`'s start to `limit`, other
   * than `m`, that start inside `m`: shorter ones ("disease" in "his disease")
   * and ones that run on past it ("alcohol abuse" after "chronic alcohol").
   */
  private otherReadings(tokens: TokenStream, m: TokenMatch, limit: number): TokenMatch[] {
    const found = this.lexicon.automaton.findOverlapping(tokens.ids.subarray(m.start, limit), limit - m.start);
    const length = m.end - m.start;
    const others: TokenMatch[] = [];
    for (const x of found) {
      if (x.start < length && !(x.start === 0 && x.end === length)) others.push({ pattern: x.pattern, start: x.start + m.start, end: x.end + m.start });
    }
    return leftmostLongest(others);
  }

  /**
   * The review's reading beyond single automaton matches, in order: terms with
   * words interposed ("mass in the right kidney"), qualifiers of a coordination
   * ("hepatic, renal or cardiac impairment"), ambiguous abbreviations by their
   * cues, and "the tumor" as the neoplasm the note names. `read` are the kept
   * matches; spans come back in text order.
   */
  private readBeyondMatches(text: string, tokens: TokenStream, sentences: Sentences, spans: Span[], read: TokenMatch[], opts: ResolvedDetectOptions): Span[] {
    const patternLength = this.lexicon.automaton.arrays.patternLength;
    let added = false;
    for (const g of this.interposed.find(tokens, read)) {
      const start = tokens.starts[g.start] as number;
      const end = tokens.ends[g.end - 1] as number;
      const found = this.mention(text, tokens, sentences, opts, g.pattern, start, end, patternLength[g.pattern] as number);
      if (found === null) continue;
      // It replaces the shorter readings inside it.
      spans = spans.filter((s) => s.start < start || s.end > end);
      read = read.filter((r) => r.start < g.start || r.end > g.end);
      read.push(g);
      if (found.score >= opts.minScore) spans.push(found);
      added = true;
    }
    for (const e of this.coordination.find(text, tokens, read)) {
      const found = this.mention(text, tokens, sentences, opts, e.pattern, e.start, e.end, e.tokens);
      if (found === null) continue;
      // A head that shares the first conjunct's modifiers ("pain and distension") loses its own shorter reading.
      spans = spans.filter((s) => s.start < e.start || s.end > e.end);
      if (found.score >= opts.minScore) spans.push(found);
      added = true;
    }
    const around = (start: number, end: number) => sentenceRange(tokens, sentences, start, end);
    const extra = ambiguousAbbreviationSpans(text, this.lexicon, spans, around).filter((a) => a.score >= opts.minScore);
    if (extra.length > 0) spans.push(...extra);
    if (added || extra.length > 0) spans.sort((x, y) => x.start - y.start || y.end - x.end);
    // "The tumor" is the neoplasm the note named elsewhere: a document-level step, after every span is read.
    this.anaphora.resolve(spans, opts.maxCandidates);
    return spans;
  }

  /**
   * Context for spans found by another recogniser: negation, uncertainty,
   * hypothetical, history, experiencer and section of each `[start, end)` range.
   * `genre`: the kind of text, as for `detect` (default `'clinical'`).
   */
  assess(text: string, targets: ReadonlyArray<ContextTarget>, options: { genre?: Genre } = {}): TargetContext[] {
    if (typeof text !== 'string') throw new IcdError('E_INPUT_INVALID', `assess expects a string, got ${typeof text}`);
    const issues = validateTargets(text, targets);
    if (issues.length > 0) {
      throw new IcdError('E_INPUT_INVALID', `invalid targets: ${issues.slice(0, 3).map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
    }
    const genre = validateDetectOptions(options.genre === undefined ? {} : { genre: options.genre }).genre;
    return this.context[genre].assess(text, this.tokenizer.tokenize(text), targets);
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

function isAffirmed(a: Span['assertions']): boolean {
  return a === undefined || !(a.negated || a.uncertain || a.hypothetical || a.historical || a.family);
}

function validateTargets(text: string, targets: ReadonlyArray<ContextTarget>): Issue[] {
  if (!Array.isArray(targets)) return [{ path: 'targets', message: 'must be an array of { start, end }' }];
  const issues: Issue[] = [];
  targets.forEach((t, i) => {
    const ok = t !== null && typeof t === 'object' && Number.isInteger(t.start) && Number.isInteger(t.end) && 0 <= t.start && t.start <= t.end && t.end <= text.length;
    if (!ok) issues.push({ path: `targets[${i}]`, message: `must have integer start <= end within [0, ${text.length}]`, received: JSON.stringify(t) });
  });
  return issues;
}

function* iterateStrings(table: { length: number; get(i: number): string }): Iterable<string> {
  for (let i = 0; i < table.length; i++) yield table.get(i);
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
