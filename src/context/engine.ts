/**
 * The ConText engine: rule phrases compiled into one of our word-level
 * automata over the shared vocabulary, run once over a document's token
 * stream, then applied to the caller's targets.
 *
 * Stages of `assess` (after medspaCy's ConText):
 * 1. One scan of the automaton over the tokens (Automaton.scan, the
 *    lexicon's scan too): keep the longest rule match starting at each token. The
 *    sentences and the section headers are the note's (sentences.ts,
 *    sections/segment.ts); a caller with no note gets them found here.
 * 2. Leftmost-longest selection among rule matches (LongestAtStart, the
 *    lexicon's selection too), so a pseudo-trigger ("no
 *    increase") or a longer phrase ("not ruled out") hides the shorter trigger
 *    inside it. Matches inside a recognised header are dropped: the header's
 *    section speaks for them.
 * 3. Scopes: a modifier's scope runs in its direction to the sentence end, cut
 *    at its window, at the first terminator that clips its category, and at the
 *    next modifier of its own category (which takes over from there).
 * 4. Per target: every modifier of its sentence whose scope overlaps it (covers
 *    it, for a `wholeTarget` rule) and which does not overlap it sets its flag;
 *    the target's section sets its own.
 *
 * Cost: stage 1 is a few array reads per token; stages 2-4 are per match and
 * per target. Per call it allocates two Int32Arrays of the token count and
 * small per-match arrays.
 */
import { LongestAtStart, type Automaton } from '../automaton/automaton.js';
import { AutomatonBuilder } from '../automaton/builder.js';
import { IcdError, type Issue } from '../errors.js';
import { lowerBound, upperBound } from './bounds.js';
import { loadSectionRules } from '../sections/rules.js';
import { SectionFinder, type NoteSections } from '../sections/segment.js';
import type { SectionFile } from '../sections/types.js';
import type { NoteText } from '../note.js';
import type { TokenStream } from '../text/tokens.js';
import type { Vocabulary } from '../text/vocabulary.js';
import type { Assertions } from '../types.js';
import { expandPhrase } from './phrase.js';
import { parseContextRules, rulesForGenre } from './rules.js';
import { segmentSentences, type Sentences } from './sentences.js';
import type { ContextCategory, ContextRule, ContextTarget, Genre, RuleFile, TargetContext } from './types.js';

// Category codes; the five assertion categories first, as bit positions.
const NEGATED = 0;
const UNCERTAIN = 1;
const HYPOTHETICAL = 2;
const HISTORICAL = 3;
const FAMILY = 4;
const PSEUDO = 5;
const TERMINATE = 6;
const CATEGORY_CODE: Record<ContextCategory, number> = {
  NEGATED,
  UNCERTAIN,
  HYPOTHETICAL,
  HISTORICAL,
  FAMILY,
  PSEUDO,
  TERMINATE,
};
const ALL_ASSERTIONS = (1 << NEGATED) | (1 << UNCERTAIN) | (1 << HYPOTHETICAL) | (1 << HISTORICAL) | (1 << FAMILY);

// Direction bits: forward and backward combine into bidirectional.
const FORWARD = 1;
const BACKWARD = 2;
const NO_SCOPE = 0;

export interface CompileContextOptions {
  /**
   * Section headers. Default: the repository's data/context/sections.json.
   * `null`: no section detection (every target's section is null).
   */
  sections?: SectionFile | null;
  /** The section finder to share (compiled from `sections` when not given; the engines of all genres share one). */
  finder?: SectionFinder;
  /** The genre of text the engine reads: only rules of that genre are compiled (default `'clinical'`). */
  genre?: Genre;
}

/**
 * Compiles a rule file (and the section file) against `vocab`, adding every rule
 * and header word to it. Compile before tokenizing with a Tokenizer over the same
 * vocabulary: a Tokenizer caches the ids it looked up, so a word it saw before
 * the rule words were added would stay unknown to it.
 */
export function compileContext(rules: RuleFile, vocab: Vocabulary, options: CompileContextOptions = {}): ContextEngine {
  // Re-validate: a RuleFile may have been built by hand rather than parsed.
  const file = rulesForGenre(parseContextRules(rules), options.genre ?? 'clinical');
  const sequences: Array<{ words: number[]; rule: number }> = [];
  file.rules.forEach((rule, r) => {
    const expanded = expandPhrase(rule.phrase);
    if (!expanded.ok) throw new IcdError('E_INTERNAL', `validated phrase failed to expand: ${rule.phrase}`);
    for (const words of expanded.sequences) sequences.push({ words: words.map((w) => vocab.add(w)), rule: r });
  });
  const finder = options.finder ?? compileSections(options.sections, vocab);

  // The alphabet covers every word known now; later ids fall outside the root
  // table and simply never start a match.
  const builder = new AutomatonBuilder(Math.max(1, vocab.size));
  const patternRule: number[] = [];
  for (const seq of sequences) {
    if (seq.words.length === 0) continue;
    const p = builder.add(seq.words);
    while (patternRule.length <= p) patternRule.push(-1);
    patternRule[p] = seq.rule;
  }
  return new ContextEngine(file, finder, builder.build(), Int32Array.from(patternRule));
}

/** The section finder for a section file (default: the repository's; `null`: none), adding its words to `vocab`. */
function compileSections(sections: SectionFile | null | undefined, vocab: Vocabulary): SectionFinder {
  const file = sections === undefined ? loadSectionRules() : sections;
  return new SectionFinder(file?.sections ?? [], vocab);
}

/** Immutable; share one per vocabulary. `assess` keeps no state between calls. */
export class ContextEngine {
  readonly rules: readonly ContextRule[];
  readonly sectionNames: readonly string[];
  readonly alphabetSize: number;
  /** Finds a note's section headers; the pipeline's `sections` stage runs it once per note. */
  readonly sections: SectionFinder;

  private readonly automaton: Automaton;
  private readonly patternRule: Int32Array;
  private readonly ruleIds: readonly string[];
  private readonly ruleCategory: Int8Array;
  private readonly ruleDirection: Int8Array;
  private readonly ruleWindow: Int32Array;
  private readonly ruleClips: Int32Array;
  private readonly ruleWhole: Uint8Array;
  private readonly sectionIds: readonly string[];
  private readonly sectionCategory: Int8Array;

  /** @internal use compileContext */
  constructor(
    file: RuleFile,
    finder: SectionFinder,
    automaton: Automaton,
    patternRule: Int32Array,
  ) {
    this.rules = Object.freeze(file.rules.map((r) => Object.freeze({ ...r })));
    this.automaton = automaton;
    this.alphabetSize = automaton.alphabetSize;
    this.patternRule = patternRule;
    this.sections = finder;
    const sections = finder.sections;
    const n = file.rules.length;
    this.ruleIds = Object.freeze(file.rules.map((r) => r.id));
    this.ruleCategory = new Int8Array(n);
    this.ruleDirection = new Int8Array(n);
    this.ruleWindow = new Int32Array(n);
    this.ruleClips = new Int32Array(n);
    this.ruleWhole = Uint8Array.from(file.rules, (r) => (r.wholeTarget === true ? 1 : 0));
    file.rules.forEach((r, i) => {
      this.ruleCategory[i] = CATEGORY_CODE[r.category];
      this.ruleDirection[i] =
        r.direction === 'forward' ? FORWARD : r.direction === 'backward' ? BACKWARD : r.direction === 'bidirectional' ? FORWARD | BACKWARD : NO_SCOPE;
      this.ruleWindow[i] = r.window ?? 0;
      if (r.category === 'TERMINATE') {
        this.ruleClips[i] = r.terminates === undefined ? ALL_ASSERTIONS : r.terminates.reduce((m, c) => m | (1 << CATEGORY_CODE[c]), 0);
      }
    });
    this.sectionNames = Object.freeze(sections.map((s) => s.name));
    this.sectionIds = Object.freeze(sections.map((s) => s.id));
    this.sectionCategory = Int8Array.from(sections.map((s) => (s.category === undefined ? -1 : CATEGORY_CODE[s.category])));
    Object.freeze(this);
  }

  /**
   * Context of each target (same order), for a caller with no note: `tokens`
   * must be the Tokenizer's output for `text` over the vocabulary this engine
   * was compiled with. See assessNote.
   */
  assess(text: string, tokens: TokenStream, targets: ReadonlyArray<ContextTarget>): TargetContext[] {
    let sentences: Sentences | undefined;
    return this.assessNote({ text, tokens, get sentences() { return (sentences ??= segmentSentences(text, tokens)); } }, targets);
  }

  /**
   * Context of each target (same order) in `note`, whose tokens come from the
   * Tokenizer over the vocabulary this engine was compiled with. `sections`:
   * the note's headers (the `sections` stage's), found here when not given. Targets are
   * half-open UTF-16 ranges of the text; a range that is not one throws
   * E_INPUT_INVALID. Nothing the text says makes this throw.
   */
  assessNote(note: NoteText, targets: ReadonlyArray<ContextTarget>, sections?: NoteSections): TargetContext[] {
    const { text, tokens } = note;
    checkTargets(text, targets);
    if (targets.length === 0) return [];
    const n = Math.min(tokens.count, tokens.ids.length);
    const { ids, starts, ends } = tokens;
    const patternRule = this.patternRule;

    // ---- Stage 1: one scan of the automaton over the tokens (the sentences and headers are the note's).
    const { of: sentOf, starts: sentStart, count: sentences } = note.sentences;
    const { start: headerStart, end: headerEnd, section: headerSection } = sections ?? this.sections.find(text, tokens);
    const longest = new LongestAtStart(n); // longest rule match starting at each token
    this.automaton.scan(ids, n, longest);

    // ---- Stage 2: leftmost-longest selection among rule matches, passing over those inside a header.
    const modStart: number[] = [];
    const modEnd: number[] = [];
    const modRule: number[] = [];
    let h = 0;
    longest.sweep((start, end, p) => {
      while (h < headerStart.length && (headerEnd[h] as number) <= start) h++;
      if (h < headerStart.length && (headerStart[h] as number) <= start) return false;
      modStart.push(start);
      modEnd.push(end);
      modRule.push(patternRule[p] as number);
      return true;
    });

    // ---- Stage 3: scopes.
    const m = modStart.length;
    const scopeLo = new Int32Array(m);
    const scopeHi = new Int32Array(m);
    for (let k = 0; k < m; k++) {
      const r = modRule[k] as number;
      const direction = this.ruleDirection[r] as number;
      if (direction === NO_SCOPE) continue;
      const category = this.ruleCategory[r] as number;
      const window = this.ruleWindow[r] as number;
      const sent = sentOf[modStart[k] as number] as number;
      const sentLo = sentStart[sent] as number;
      const sentHi = sent + 1 < sentences ? (sentStart[sent + 1] as number) : n;
      let lo = modStart[k] as number;
      let hi = modEnd[k] as number;
      if ((direction & FORWARD) !== 0) {
        hi = window > 0 ? Math.min(sentHi, hi + window) : sentHi;
        for (let k2 = k + 1; k2 < m && (modStart[k2] as number) < hi; k2++) {
          if (this.clips(modRule[k2] as number, category)) {
            hi = modStart[k2] as number;
            break;
          }
        }
      }
      if ((direction & BACKWARD) !== 0) {
        lo = window > 0 ? Math.max(sentLo, lo - window) : sentLo;
        for (let k2 = k - 1; k2 >= 0 && (modEnd[k2] as number) > lo; k2--) {
          if (this.clips(modRule[k2] as number, category)) {
            lo = modEnd[k2] as number;
            break;
          }
        }
      }
      scopeLo[k] = lo;
      scopeHi[k] = hi;
    }

    // ---- Stage 4: targets.
    const results: TargetContext[] = [];
    for (const target of targets) {
      const assertions: Assertions = { negated: false, uncertain: false, hypothetical: false, historical: false, family: false };
      const fired: string[] = [];
      let section: string | null = null;
      let inHeader = false;
      if (n > 0) {
        // Tokens [ts, te) overlap the target; an empty range is the point before token ts.
        const ts = upperBound(ends, n, target.start);
        let te = lowerBound(starts, n, target.end);
        if (te <= ts) te = ts + 1;
        const anchor = Math.min(ts, n - 1);
        const sent = sentOf[anchor] as number;
        const sentLo = sentStart[sent] as number;
        const sentHi = sent + 1 < sentences ? (sentStart[sent + 1] as number) : n;
        for (let k = lowerBound(modStart, m, sentLo); k < m && (modStart[k] as number) < sentHi; k++) {
          // A trigger inside or across the target is part of the mention, not a
          // modifier of it (as in medspaCy): targets are often whole findings,
          // "lungs are clear", "mucosa moist with no erythema".
          if ((modStart[k] as number) < te && (modEnd[k] as number) > ts) continue;
          const r = modRule[k] as number;
          const reaches =
            (this.ruleWhole[r] as number) === 1
              ? (scopeLo[k] as number) <= ts && (scopeHi[k] as number) >= te
              : (scopeLo[k] as number) < te && (scopeHi[k] as number) > ts;
          if (reaches) {
            setFlag(assertions, this.ruleCategory[r] as number);
            const id = this.ruleIds[r] as string;
            if (!fired.includes(id)) fired.push(id);
          }
        }
        const hIndex = upperBound(headerStart, headerStart.length, anchor) - 1;
        inHeader = hIndex >= 0 && (headerEnd[hIndex] as number) > ts;
        if (hIndex >= 0) {
          const sec = headerSection[hIndex] as number;
          if (sec >= 0) {
            section = this.sectionNames[sec] as string;
            const category = this.sectionCategory[sec] as number;
            if (category >= 0) {
              setFlag(assertions, category);
              fired.push(this.sectionIds[sec] as string);
            }
          }
        }
      }
      // An array grown by push holds 17 slots; the span keeps an exact-size copy.
      results.push({ assertions, rules: fired.length > 0 ? fired.slice() : fired, section, inHeader });
    }
    return results;
  }

  /** Does a modifier of rule `r` clip the scope of a modifier of `category`? */
  private clips(r: number, category: number): boolean {
    const c = this.ruleCategory[r] as number;
    if (c === TERMINATE) return ((this.ruleClips[r] as number) & (1 << category)) !== 0;
    if (c === PSEUDO) return false;
    // A modifier bound to one word ("non-") says nothing about the clause it is
    // in: "no fever, non-tender abdomen or rash" still denies the rash.
    if ((this.ruleWhole[r] as number) === 1) return false;
    return c === category;
  }
}

function setFlag(a: Assertions, category: number): void {
  switch (category) {
    case NEGATED:
      a.negated = true;
      break;
    case UNCERTAIN:
      a.uncertain = true;
      break;
    case HYPOTHETICAL:
      a.hypothetical = true;
      break;
    case HISTORICAL:
      a.historical = true;
      break;
    case FAMILY:
      a.family = true;
      break;
  }
}

/** The one check of target ranges, for the engine's `assess` and for callers of a ContextEngine alike. */
function checkTargets(text: string, targets: ReadonlyArray<ContextTarget>): void {
  if (!Array.isArray(targets)) {
    throw new IcdError('E_INPUT_INVALID', 'targets must be an array of { start, end }', { issues: [{ path: 'targets', message: 'must be an array of { start, end }' }] });
  }
  const issues: Issue[] = [];
  targets.forEach((t, i) => {
    const okStart = Number.isInteger(t?.start) && t.start >= 0 && t.start <= text.length;
    const okEnd = Number.isInteger(t?.end) && t.end >= 0 && t.end <= text.length;
    if (!okStart) issues.push({ path: `targets[${i}].start`, message: 'not an offset into the text', expected: `integer in [0, ${text.length}]`, received: String(t?.start) });
    if (!okEnd) issues.push({ path: `targets[${i}].end`, message: 'not an offset into the text', expected: `integer in [0, ${text.length}]`, received: String(t?.end) });
    if (okStart && okEnd && t.end < t.start) {
      issues.push({ path: `targets[${i}].end`, message: 'end before start', expected: `>= ${t.start}`, received: String(t.end) });
    }
  });
  if (issues.length > 0) {
    throw new IcdError('E_INPUT_INVALID', `${issues.length} invalid target range${issues.length === 1 ? '' : 's'}`, { issues });
  }
}

