/**
 * Turns one automaton match into a Span: reads the pattern's pre-ranked
 * candidate rows, applies scan-time checks that need the original text, and
 * computes the span confidence.
 */
import abbreviations from '../../data/text/abbreviations.json' with { type: 'json' };
import senses from '../../data/text/word-senses.json' with { type: 'json' };
import { lruMap } from './lru.js';
import { isBlank, isWordChar } from '../text/tokenize.js';
import { normalizeWord } from '../text/word.js';
import { termWords } from '../text/tokens.js';
import type { CompiledLexicon } from '../artifact/model.js';
import type { Concept, Span, TermSource } from '../types.js';
import { round3, spanConfidence } from './confidence.js';

// Short abbreviations collide with ordinary words ("CAP", "PAD", "DOE"): they only
// count when written in capitals. Longer ones ("afib", "copd") are accepted in any case.
const CASE_SENSITIVE_MAX = 3;

/**
 * A release term written in capitals is an acronym ("PIN", "DISH", "TRAPS",
 * "PAT"); in lower or title case the note means the word ("a pin was placed",
 * "pat dry"). The project's abbreviations longer than three letters are the
 * acronyms notes also write in lower case ("gerd"); the build may have merged
 * such an entry into the release's row for the same code, so the list is read here.
 */
const ANY_CASE: ReadonlySet<string> = new Set(abbreviations.entries.map((e) => e.abbr).filter((a) => a.length > CASE_SENSITIVE_MAX));

function isAcronym(term: string): boolean {
  const a = term.charCodeAt(0);
  const b = term.charCodeAt(1);
  return a >= 65 && a <= 90 && ((b >= 65 && b <= 90) || (b >= 48 && b <= 57)) && /^[A-Z][A-Z0-9]+$/.test(term);
}

/** Whether the note writes an acronym in capitals, with a plural "s" allowed ("TIAs"). */
function inCapitals(surface: string, term: string): boolean {
  return surface.startsWith(term) && (surface.length === term.length || (surface.length === term.length + 1 && surface.endsWith('s')));
}

/** Whether the note writes `term` in a case that makes it another word ("cap" for CAP, "pin" for PIN). */
function wrongCase(source: TermSource, term: string, surface: string): boolean {
  if (source === 'abbreviation') return term.length <= CASE_SENSITIVE_MAX && !surface.startsWith(term) && !surface.startsWith(term.toUpperCase());
  return isAcronym(term) && !ANY_CASE.has(term) && !inCapitals(surface, term);
}

/**
 * One-word spans that name a condition only in the company their sense needs
 * (data/text/word-senses.json): the next word ("sensitivity to"), or a word of
 * their sense nearby in the same clause ("intolerance or allergy to aspirin",
 * "pregnancy, age under 18, nursing"). Keyed by the normalised word, so that
 * every form of it is held to the same company ("the nurse noted" as well as
 * "nursing").
 */
interface Sense {
  next: readonly string[];
  /** Normalised words, any of which in reach of the span on either side keeps it. */
  near: ReadonlySet<string>;
}
const SENSES: ReadonlyMap<string, Sense> = new Map(
  senses.words.map((w) => {
    const near = (w as { near?: string[] }).near ?? [];
    const sense: Sense = { next: w.next, near: new Set(near.map((n) => normalizeWord(n) ?? n)) };
    return [normalizeWord(w.word) as string, sense] as const;
  }),
);
/**
 * Four first letters, ASCII case folded, as one number: most one-word spans
 * are ruled out by it, with no string made. Every form of a sense word shares
 * them ("nurse", "nursing"; "dependent", "dependence").
 */
const startKey = (s: string): number => (((s.charCodeAt(0) | 32) & 0xff) << 24) | (((s.charCodeAt(1) | 32) & 0xff) << 16) | (((s.charCodeAt(2) | 32) & 0xff) << 8) | ((s.charCodeAt(3) | 32) & 0xff);
const SENSE_STARTS: ReadonlySet<number> = new Set(senses.words.map((w) => startKey(w.word)));
/** Characters read on each side of a span for a `near` word: a clause of a list, not the next sentence. */
const NEAR_REACH = 80;
/** Where a sentence or a clause of its own ends, for the `near` words. */
const CLAUSE_END = /[.;:\n]/;

/** Whether a one-word span `surface` over text[start, end) lacks the company its sense needs. */
function lacksSense(text: string, surface: string, start: number, end: number): boolean {
  if (surface.length < 4 || !SENSE_STARTS.has(startKey(surface))) return false;
  const sense = SENSES.get(normalizeWord(surface.toLowerCase()) ?? '');
  if (sense === undefined) return false;
  let i = end;
  while (i < text.length && isBlank(text.charCodeAt(i))) i++;
  let j = i;
  while (j < text.length && isWordChar(text.charCodeAt(j))) j++;
  if (sense.next.includes(text.slice(i, j).toLowerCase())) return false;
  return sense.near.size === 0 || !hasNearWord(text, start, end, sense.near);
}

/** Whether one of `near` is a word within reach of text[start, end), in the same clause. */
function hasNearWord(text: string, start: number, end: number, near: ReadonlySet<string>): boolean {
  const left = text.slice(Math.max(0, start - NEAR_REACH), start).split(CLAUSE_END).pop() ?? '';
  const right = text.slice(end, end + NEAR_REACH).split(CLAUSE_END)[0] ?? '';
  return termWords(left).some((w) => near.has(w)) || termWords(right).some((w) => near.has(w));
}

/**
 * Whether a possessive eponym term ("Crohn's", from "Crohn's disease") meets a
 * name the note does not write as a possessive ("Still", "Down"). The
 * tokenizer leaves the possessive out of the word, so it is read after `end`;
 * a capitalised name with the "s" but no apostrophe ("Gilberts") is written
 * as one too.
 */
function possessiveUnwritten(term: string, text: string, start: number, end: number): boolean {
  if (!term.endsWith("'s") && !term.endsWith("s'")) return false;
  const c = text.charCodeAt(end);
  if (c === 39 || c === 0x2019) return false;
  const name = term.endsWith("'s") ? term.slice(0, -2) : term.slice(0, -1);
  const first = text.charCodeAt(start);
  const capital = first >= 65 && first <= 90;
  return !(capital && end - start === name.length + 1 && text.charCodeAt(end - 1) === 115 && sameIgnoringCase(text, start, name));
}

function sameIgnoringCase(text: string, start: number, word: string): boolean {
  return text.slice(start, start + word.length).toLowerCase() === word.toLowerCase();
}

export class CandidateReader {
  // Codes, descriptions and terms are decoded on demand; a note reuses a few of each many times.
  private readonly descriptions = lruMap<number, string>(4096);
  private readonly termTexts = lruMap<number, string>(4096);
  private readonly codeTexts = lruMap<number, string>(4096);

  constructor(private readonly lexicon: CompiledLexicon) {}

  private description(code: number): string {
    return cached(this.descriptions, code, () => this.lexicon.descriptions.get(code));
  }

  private code(code: number): string {
    return cached(this.codeTexts, code, () => this.lexicon.codes.get(code));
  }

  private term(id: number): string {
    return cached(this.termTexts, id, () => this.lexicon.terms.get(id));
  }

  /**
   * The span for pattern `pattern` over text[start, end), or null when no
   * candidate survives. `rows`, when given, receives the candidate row of each
   * concept (rows[i] for concepts[i]), so the review can read codes and terms by index.
   */
  span(text: string, pattern: number, start: number, end: number, tokens: number, maxCandidates: number, rows?: number[]): Span | null {
    const lx = this.lexicon;
    const first = lx.patStart[pattern] as number;
    const last = lx.patStart[pattern + 1] as number;
    const surface = text.slice(start, end);
    if (tokens === 1 && lacksSense(text, surface, start, end)) return null;
    const concepts: Concept[] = [];
    for (let row = first; row < last && concepts.length < maxCandidates; row++) {
      const source = lx.sourceOf(row);
      const term = this.term(lx.candTerm[row] as number);
      if (wrongCase(source, term, surface)) continue;
      if (tokens === 1 && possessiveUnwritten(term, text, start, end)) continue;
      const code = lx.candCode[row] as number;
      // Entries past the concepts are stale, and never read.
      if (rows !== undefined) rows[concepts.length] = row;
      concepts.push({
        code: this.code(code),
        description: this.description(code),
        billable: lx.billable[code] === 1,
        score: round3(lx.candScore[row] as number),
        term,
        source,
      });
    }
    const top = concepts[0];
    if (top === undefined) return null;
    return {
      start,
      end,
      text: surface,
      score: spanConfidence({
        topScore: top.score,
        secondScore: concepts[1]?.score ?? 0,
        tokens,
        billable: top.billable,
      }),
      term: top.term,
      source: top.source,
      // An exact-size copy: an array grown by push holds 17 slots (136 bytes) more than one concept needs.
      concepts: concepts.slice(),
    };
  }
}

function cached(map: { get(k: number): string | undefined; set(k: number, v: string): unknown }, key: number, load: () => string): string {
  let v = map.get(key);
  if (v === undefined) {
    v = load();
    map.set(key, v);
  }
  return v;
}
