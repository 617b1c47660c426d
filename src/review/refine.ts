/**
 * Scan-time review of one span, after its candidates are read:
 *
 * 1. Surface agreement (agreement.ts). A candidate whose term word is a
 *    different word from the note's ("cervical" / "Cervicitis") is dropped;
 *    the span goes when no candidate is left.
 * 2. Index-driven refinement. A neoplasm of unspecified site (D49.9, C80.1)
 *    first takes the code of the site its sentence names, by the Table of
 *    Neoplasms (neoplasm-sites.ts). When the top code is a header, an 'unspecified'
 *    or a 'generalized' code, its sentence may say what the code leaves open:
 *    side (left, right, bilateral), acuity (acute, chronic), stage, type, a
 *    named site for 'localized' ("edema of the legs"). The span
 *    moves to the most specific code of the same category whose description
 *    adds only words the sentence has (and drops at most "unspecified"). A
 *    7th-character code keeps the initial encounter 'A' unless the sentence
 *    says subsequent or sequela. Nothing said: the code stays as it is.
 * 3. Confidence is recomputed with what the review learnt (confidence.ts).
 *
 * The result depends on (note, span, lexicon) only. refineSpan returns a new
 * span; the engine reviews its own fresh spans in place (reviewSpan), which
 * allocates nothing. What follows from the lexicon alone (code-facts.ts,
 * refinements.ts) is worked out at build time for every code and read from the
 * artifact (tables.ts); a sentence's words are read once per sentence, from
 * the note's token stream (sentence-words.ts). A span then costs a few table
 * lookups and a pass over the few refinements of its code, from the first note on.
 */
import type { CompiledLexicon } from '../artifact/model.js';
import type { NoteText } from '../note.js';
import type { Concept, Span } from '../types.js';
import { normalizedWords, spanAgreement } from './agreement.js';
import { CodeFacts } from './code-facts.js';
import { round3, spanConfidence, type Agreement } from '../scoring/confidence.js';
import { CODE, DIGIT_INTS, HEAD, LOCAL, WORDS } from './refinements.js';
import { NeoplasmSites } from './neoplasm-sites.js';
import { SentenceWords } from './sentence-words.js';
import { nextOption, ReviewTables } from './tables.js';
import { SEQUELA, SUBSEQUENT } from './wording.js';
import siteData from '../../data/text/site-words.json' with { type: 'json' };
import synonyms from '../../data/text/synonyms.json' with { type: 'json' };

/** Characters from the span's middle within which a site word makes a finding localized. */
const LOCAL_SITE_WINDOW = 40;
/** Body sites and lymph node stations that make a finding localized (data/text/site-words.json says why each; a test checks each is a lexicon word). */
export const SITE_WORDS: readonly string[] = siteData.words;


export interface Refinement {
  /** Code index of the refined code. */
  code: number;
  /** The words of the sentence that chose it (normalised), for explanations and tests. */
  because: string[];
}

/**
 * The review for one lexicon: what it knows of the codes, and a reader for the
 * note under review. An engine builds one when it loads and keeps it.
 * Reviews run one at a time (detect is synchronous), so the reader is reused.
 */
export class SpanReview {
  private readonly tables: ReviewTables;
  /** The definitions, for a term no candidate row holds (refineCode with a term, a span without rows); made on first such use. */
  private facts: CodeFacts | undefined;
  private readonly sites: NeoplasmSites;
  private readonly sentence: SentenceWords;
  /** Word ids of "generalized" and its synonyms ("diffuse", data/text/synonyms.json). */
  private readonly generalized: number[];
  /** Dotted codes and descriptions by code index, decoded on first use. */
  private readonly codeTexts: Array<string | undefined>;
  private readonly descriptionTexts: Array<string | undefined>;

  /**
   * `wordId`: the lexicon vocabulary id of a normalised word, or -1 (the
   * engine passes its tokenizer's vocabulary; without it a map is built here).
   */
  constructor(
    private readonly lx: CompiledLexicon,
    wordId?: (word: string) => number,
  ) {
    this.tables = new ReviewTables(lx.review, lx.vocab);
    this.sites = new NeoplasmSites(lx);
    const idOf = wordId ?? vocabularyIds(lx);
    const sites = new Uint8Array(lx.vocab.length);
    for (const w of normalizedWords(SITE_WORDS.join(' '))) {
      const id = idOf(w);
      if (id >= 0) sites[id] = 1;
    }
    this.sentence = new SentenceWords(lx.vocab.length, sites);
    const generalized = synonyms.groups.find((g) => g.words.includes('generalized'))?.words ?? ['generalized'];
    this.generalized = normalizedWords(generalized.join(' ')).map(idOf);
    this.codeTexts = new Array<string | undefined>(lx.parent.length);
    this.descriptionTexts = new Array<string | undefined>(lx.parent.length);
  }

  private definitions(): CodeFacts {
    return (this.facts ??= new CodeFacts(this.lx));
  }

  private code(i: number): string {
    return (this.codeTexts[i] ??= this.lx.codes.get(i));
  }

  private description(i: number): string {
    return (this.descriptionTexts[i] ??= this.lx.descriptions.get(i));
  }

  /**
   * Reviews `span` in place (see reviewSpan); false, with `span` untouched,
   * when no candidate survives.
   */
  review(note: NoteText, span: Span, rows?: ArrayLike<number>): boolean {
    const text = note.text;
    const concepts = span.concepts;
    let first = -1;
    let agreement: Agreement = 'same';
    for (let i = 0; i < concepts.length; i++) {
      const a = spanAgreement(text, span.start, span.text, (concepts[i] as Concept).term);
      if (a !== 'contradicts') {
        first = i;
        agreement = a;
        break;
      }
    }
    if (first < 0) return false;
    if (!this.sentence.reads(note)) this.sentence.read(note);
    const lx = this.lx;
    const top = concepts[first] as Concept;
    const row = rows?.[first];
    const index = row !== undefined ? (lx.candCode[row] as number) : this.definitions().codeIndex(top.code);
    if (index >= 0) {
      // A term that is an ancestor's title names that ancestor, whatever code the
      // build attached it to ("Type 2 diabetes mellitus" is the title of E11).
      const named = row !== undefined ? this.tables.namedAncestorOfRow(row, index) : this.definitions().namedAncestor(index, top.term);
      const code = this.choose(span.start, span.end, named, index);
      if (code !== index) {
        top.code = this.code(code);
        top.description = this.description(code);
        top.billable = lx.billable[code] === 1;
      }
    }
    const topScore = top.score;
    top.score = round3(topScore);
    // The top first, then the others that agree with the surface and name another code.
    concepts[0] = top;
    let kept = 1;
    for (let i = first + 1; i < concepts.length; i++) {
      const c = concepts[i] as Concept;
      if (c.code === top.code || spanAgreement(text, span.start, span.text, c.term) === 'contradicts') continue;
      concepts[kept++] = c;
    }
    if (kept < concepts.length) concepts.length = kept;
    span.score = spanConfidence({
      topScore,
      secondScore: kept > 1 ? (concepts[1] as Concept).score : 0,
      tokens: Math.max(1, this.sentence.countWords(span.start, span.end)),
      billable: top.billable,
      agreement,
      code: top.code,
      source: top.source,
    });
    span.term = top.term;
    span.source = top.source;
    return true;
  }

  /** See refineCode. */
  refineCode(note: NoteText, start: number, end: number, top: number, term?: string): Refinement | null {
    if (!this.sentence.reads(note)) this.sentence.read(note);
    const because: string[] = [];
    const code = this.choose(start, end, term === undefined ? top : this.definitions().namedAncestor(top, term), top, because);
    return code === top ? null : { code, because };
  }

  /**
   * The code for a span at `[start, end)` whose term names `named` and whose
   * top candidate is `top`: `named` itself, or what its sentence refines it to
   * (module comment). `because`, when given, receives the words that decided.
   */
  private choose(start: number, end: number, named: number, top: number, because?: string[]): number {
    const t = this.tables;
    // A neoplasm of unspecified site: the site the sentence names decides the code, then the rest refines it.
    const column = this.sites.column(named);
    if (column >= 0) {
      this.sentence.select(start, end);
      const site = this.sites.find(this.sentence, (start + end) / 2, column);
      if (site !== null) {
        named = top = site.code;
        because?.push(...site.words);
      }
    }
    const header = this.lx.billable[named] !== 1;
    // A span that says "generalized" itself ("generalized edema, mostly in the legs") leaves no site open.
    const open = header || (t.openTitle(named) && !(t.generalizedTitle(named) && this.spanSays(this.generalized, start, end)));
    // Most spans name a specific code: nothing to read in the sentence.
    if (!open && !t.initialEncounter(named)) return named;
    const sentence = this.sentence;
    let bestAt = -1; // where the best option starts in `data`
    let bestWords = 0;
    let bestSpread = 0;
    let tie = false;
    const data = t.options;
    const from = open ? t.optionsFrom(named) : 0;
    const to = open ? t.optionsTo(named) : 0;
    // Most open codes have no option the note could say anywhere.
    if (from < to && this.noteMaySay(data, from, to)) {
      sentence.select(start, end);
      const mid = (start + end) / 2;
      // "Localized" is said by naming a site near the span: "edema of both legs",
      // "inguinal lymphadenopathy". Measured only for options that add it.
      let site = NaN;
      for (let at = from; at < to; at = nextOption(data, at)) {
        if ((data[at + LOCAL] as number) >= 0 && Number.isNaN(site)) site = this.siteDistance(mid);
        if (!this.says(data, at, site < Infinity)) continue;
        const words = data[at + WORDS] as number;
        const spread = this.spread(data, at, mid, site);
        if (bestAt < 0 || words > bestWords || (words === bestWords && spread < bestSpread)) {
          bestAt = at;
          bestWords = words;
          bestSpread = spread;
          tie = false;
        } else if (words === bestWords && spread === bestSpread) tie = true;
      }
      if (bestAt >= 0 && !tie) because?.push(...t.addedWords(bestAt));
    }
    const chosen = bestAt >= 0 && !tie ? (data[bestAt + CODE] as number) : -1;
    let code = chosen >= 0 ? chosen : header ? orElse(t.defaultChild(named), top) : named;
    if (t.initialEncounter(code)) {
      sentence.select(start, end);
      const said = sentence.sentenceText();
      const want = SEQUELA.test(said) ? 'S' : SUBSEQUENT.test(said) ? 'D' : null;
      const other = want === null ? -1 : t.encounterSibling(code, want);
      if (other >= 0) {
        code = other;
        because?.push(want === 'S' ? 'sequela' : 'subsequent');
      }
    }
    return code;
  }

  /** Whether one of the words `ids` is in the span at `[start, end)`. */
  private spanSays(ids: readonly number[], start: number, end: number): boolean {
    this.sentence.select(start, end);
    return ids.some((id) => this.sentence.occursWithin(id, start, end - 1));
  }

  /** Whether some option of `data[from .. to)` has all its words in the note (the sentence can only say what the note says). */
  private noteMaySay(data: Int32Array, from: number, to: number): boolean {
    const sentence = this.sentence;
    next: for (let at = from; at < to; at = nextOption(data, at)) {
      const words = data[at + WORDS] as number;
      const local = data[at + LOCAL] as number;
      for (let w = 0; w < words; w++) {
        if (sentence.inNote(data[at + HEAD + w] as number)) continue;
        if (w === local && sentence.noteHasSite()) continue;
        continue next;
      }
      return true;
    }
    return false;
  }

  /** Whether the selected sentence says the words of the option at `at` (`local`: a site word is near the span). */
  private says(data: Int32Array, at: number, local: boolean): boolean {
    const words = data[at + WORDS] as number;
    for (let w = 0; w < words; w++) {
      if (this.sentence.has(data[at + HEAD + w] as number)) continue;
      if (w === data[at + LOCAL] && local) continue;
      return false;
    }
    const digits = at + HEAD + words;
    for (let d = digits; d < digits + (data[at + DIGIT_INTS] as number); d += 2) {
      if (!this.sentence.adjacent(data[d] as number, data[d + 1] as number)) return false;
    }
    return true;
  }

  /** Characters from `mid` to the farthest of the words of the option at `at` (each at its nearest occurrence). */
  private spread(data: Int32Array, at: number, mid: number, siteDistance: number): number {
    let spread = -Infinity;
    for (let w = 0; w < (data[at + WORDS] as number); w++) {
      const id = data[at + HEAD + w] as number;
      const d = w === data[at + LOCAL] && !this.sentence.has(id) ? siteDistance : this.sentence.nearest(id, mid);
      if (d > spread) spread = d;
    }
    return spread;
  }

  /** Characters to the nearest body-site word when within the window, else Infinity. */
  private siteDistance(mid: number): number {
    const d = this.sentence.nearestSite(mid);
    return d <= LOCAL_SITE_WINDOW ? d : Infinity;
  }
}

/** Vocabulary id by word, for a review built without the engine's vocabulary. */
function vocabularyIds(lx: CompiledLexicon): (word: string) => number {
  const ids = new Map<string, number>();
  for (let i = 0; i < lx.vocab.length; i++) {
    const w = lx.vocab.get(i);
    if (!ids.has(w)) ids.set(w, i);
  }
  return (w) => ids.get(w) ?? -1;
}

function orElse(code: number, fallback: number): number {
  return code >= 0 ? code : fallback;
}

/**
 * The most specific code of `top`'s category that the span's sentence supports,
 * or null when nothing refines `top`. See the module comment for the rule.
 */
export function refineCode(review: SpanReview, note: NoteText, start: number, end: number, top: number, term?: string): Refinement | null {
  return review.refineCode(note, start, end, top, term);
}

// ---------------------------------------------------------------- the review

/**
 * The reviewed span: candidates the surface contradicts removed, the top code
 * refined by its sentence, the confidence recomputed. Null when no candidate
 * survives. `span` is not modified.
 */
export function refineSpan(review: SpanReview, note: NoteText, span: Span): Span | null {
  const copy: Span = { ...span, concepts: span.concepts.map((c) => ({ ...c })) };
  return review.review(note, copy) ? copy : null;
}

/**
 * refineSpan in place, for a span the caller owns (the engine's fresh spans):
 * a review then allocates nothing, and the span keeps its object shape. False,
 * with `span` untouched, when no candidate survives. `rows`, the candidate row
 * of each of the span's concepts (CandidateReader.span), saves looking codes up
 * by their text.
 */
export function reviewSpan(review: SpanReview, note: NoteText, span: Span, rows?: ArrayLike<number>): boolean {
  return review.review(note, span, rows);
}
