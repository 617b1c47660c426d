/**
 * Scan-time review of one span, after its candidates are read:
 *
 * 1. Surface agreement. The normaliser stems, so different words can meet:
 *    "cervical" and "Cervicitis", "observed" and "Observation". A candidate
 *    whose term word is a different word from the note's (an inflammation for
 *    a site, an abstract noun for a verb or adjective) is dropped; the span
 *    goes when no candidate is left.
 * 2. Index-driven refinement. When the top code is a header, an 'unspecified'
 *    or a 'generalized' code, its sentence may say what the code leaves open:
 *    side (left, right, bilateral), acuity (acute, chronic), stage, type, a
 *    named site for 'localized' ("edema of the legs"). The span
 *    moves to the most specific code of the same category whose description
 *    adds only words the sentence has (and drops at most "unspecified"). A
 *    7th-character code keeps the initial encounter 'A' unless the sentence
 *    says subsequent or sequela. Nothing said: the code stays as it is.
 * 3. Confidence is recomputed with what the review learnt (confidence.ts).
 *
 * Pure: the result depends on (text, span, lexicon) only. A child index and the
 * normalised description words are built lazily per lexicon and cached.
 */
import type { CompiledLexicon } from '../artifact/model.js';
import type { TokenStream } from '../text/tokens.js';
import { isSentenceEnd } from '../context/sentences.js';
import { isBoundaryChar } from '../text/tokenize.js';
import { normalizeWord } from '../text/word.js';
import type { Concept, Span } from '../types.js';
import { round3, spanConfidence, type Agreement } from './confidence.js';

// ---------------------------------------------------------------- agreement

const WORD = /[A-Za-z][A-Za-z']*|[0-9]+/g;
const INFLAMMATION = /itis$/;
/** Abstract-noun suffixes: a word with one is a different lexeme from a word without ("observation" / "observed"). */
const ABSTRACT_NOUN = /(ity|ities|ness|ation|ations|ism|isms|ment|ments|ancy|ency|ance|ence)$/;

function words(s: string): string[] {
  return s.toLowerCase().match(WORD) ?? [];
}

// Stemming dominates the review's cost; notes reuse a small vocabulary.
const NORM_CACHE = new Map<string, string | null>();
function norm(w: string): string | null {
  let n = NORM_CACHE.get(w);
  if (n === undefined) {
    n = normalizeWord(w);
    if (NORM_CACHE.size >= 100_000) NORM_CACHE.clear();
    NORM_CACHE.set(w, n);
  }
  return n;
}
/** A lone capital letter after the first word of a term. */
const DESIGNATOR = /\s([A-Z])(?=$|[\s,;)])/g;

/** Inflectional base: plural and possessive endings off. */
function base(w: string): string {
  let b = w.replace(/'s$/, '');
  if (b.length > 4 && b.endsWith('ies')) b = `${b.slice(0, -3)}y`;
  else if (b.length > 4 && /(ses|xes|ches|shes)$/.test(b)) b = b.slice(0, -2);
  else if (b.length > 3 && b.endsWith('s') && !/(ss|us|is)$/.test(b)) b = b.slice(0, -1);
  return b;
}

/** Levenshtein distance, stopping early above `max`. */
function withinEdits(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return false;
    prev = cur;
  }
  return (prev[b.length] as number) <= max;
}

function relation(w: string, t: string): Agreement {
  const bw = base(w);
  const bt = base(t);
  if (bw === bt) return 'same';
  if (INFLAMMATION.test(bw) !== INFLAMMATION.test(bt)) return 'contradicts';
  if (ABSTRACT_NOUN.test(bw) !== ABSTRACT_NOUN.test(bt)) return 'contradicts';
  // Spelling variants (oedema / edema, tumour / tumor) are the same word.
  if (bw.length >= 5 && withinEdits(bw, bt, bw.length >= 8 ? 2 : 1) && (bw.slice(-2) === bt.slice(-2) || bw.slice(0, 3) === bt.slice(0, 3))) return 'same';
  return 'derived';
}

const RANK: Record<Agreement, number> = { same: 0, derived: 1, contradicts: 2 };

// Spans repeat their (surface, term) pairs across a corpus.
const AGREEMENT_CACHE = new Map<string, Agreement>();

/**
 * How the words of `surface` relate to the words of `term`: each surface word
 * is paired with the term word that normalises to the same token; the worst
 * pairing decides. Words with no such partner (a synonym, an abbreviation)
 * say nothing and count as the same.
 */
export function surfaceAgreement(surface: string, term: string): Agreement {
  const key = `${surface}\u0000${term}`;
  let a = AGREEMENT_CACHE.get(key);
  if (a === undefined) {
    a = agreementOf(surface, term);
    if (AGREEMENT_CACHE.size >= 50_000) AGREEMENT_CACHE.clear();
    AGREEMENT_CACHE.set(key, a);
  }
  return a;
}

function agreementOf(surface: string, term: string): Agreement {
  const tw = words(term);
  if (tw.length === 0) return 'same';
  // A capital letter naming a subtype ("Hepatitis A", "Vitamin A") may be a
  // stopword to the normaliser; a note that does not write it means something else.
  for (const m of term.matchAll(DESIGNATOR)) {
    if (!new RegExp(`(^|[^A-Za-z])${m[1] as string}([^A-Za-z]|$)`, 'i').test(surface)) return 'contradicts';
  }
  const tNorm = tw.map(norm);
  let worst: Agreement = 'same';
  for (const w of words(surface)) {
    if (tw.includes(w)) continue;
    const nw = norm(w);
    if (nw === null) continue;
    let best: Agreement | null = null;
    tw.forEach((t, i) => {
      if (tNorm[i] !== nw) return;
      const r = relation(w, t);
      if (best === null || RANK[r] < RANK[best]) best = r;
    });
    if (best !== null && RANK[best] > RANK[worst]) worst = best;
  }
  return worst;
}

// ---------------------------------------------------------------- child index

interface ChildIndex {
  /** Children of code i are kids[start[i] .. start[i + 1]). */
  start: Int32Array;
  kids: Int32Array;
  /** Normalised description words per code, filled on demand. */
  descWords: Map<number, ReadonlySet<string>>;
  /** Refinement pools per root code, filled on demand. */
  pools: Map<number, Pool>;
  /** Default child per header (null: none), filled on demand. */
  defaults: Map<number, number | null>;
  /** Whether a code's title is open (see openTitle), filled on demand. */
  open: Map<number, boolean>;
  /** namedAncestor results by code and term. */
  named: Map<string, number>;
  /** Decoded vocabulary words by id, filled on demand. */
  vocabWords: string[];
  /** Index of each 3-character category code (or -1). */
  categoryOf: (i: number) => number;
}

const INDEXES = new WeakMap<CompiledLexicon, ChildIndex>();

function childIndex(lx: CompiledLexicon): ChildIndex {
  let ix = INDEXES.get(lx);
  if (ix !== undefined) return ix;
  const n = lx.parent.length;
  const count = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const p = lx.parent[i] as number;
    if (p >= 0) count[p + 1] = (count[p + 1] as number) + 1;
  }
  for (let i = 0; i < n; i++) count[i + 1] = (count[i + 1] as number) + (count[i] as number);
  const start = count.slice();
  const fill = count.slice();
  const kids = new Int32Array(start[n] as number);
  for (let i = 0; i < n; i++) {
    const p = lx.parent[i] as number;
    if (p >= 0) {
      kids[fill[p] as number] = i;
      fill[p] = (fill[p] as number) + 1;
    }
  }
  const categoryOf = (i: number): number => {
    let c = i;
    for (let p = lx.parent[c] as number; p >= 0; p = lx.parent[c] as number) c = p;
    return c;
  };
  ix = { start, kids, descWords: new Map(), pools: new Map(), defaults: new Map(), open: new Map(), named: new Map(), vocabWords: [], categoryOf };
  INDEXES.set(lx, ix);
  return ix;
}

/** The codes a refinement below `root` may choose, with an index from title word to codes. */
interface Pool {
  codes: number[];
  byWord: Map<string, number[]>;
}

function poolOf(lx: CompiledLexicon, ix: ChildIndex, root: number): Pool {
  let pool = ix.pools.get(root);
  if (pool === undefined) {
    const codes = billableDescendants(lx, ix, root).filter((c) => initialOrNone(lx.codes.get(c)));
    const byWord = new Map<string, number[]>();
    for (const c of codes) {
      for (const w of descriptionWords(lx, ix, c)) {
        const list = byWord.get(w);
        if (list === undefined) byWord.set(w, [c]);
        else list.push(c);
      }
    }
    pool = { codes, byWord };
    if (ix.pools.size >= 2_000) ix.pools.clear();
    ix.pools.set(root, pool);
  }
  return pool;
}

/** Billable codes below `root` (the root included when billable). */
function billableDescendants(lx: CompiledLexicon, ix: ChildIndex, root: number): number[] {
  const out: number[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const c = stack.pop() as number;
    if (lx.billable[c] === 1) out.push(c);
    for (let k = ix.start[c] as number; k < (ix.start[c + 1] as number); k++) stack.push(ix.kids[k] as number);
  }
  return out;
}

const ENCOUNTER_CLAUSE = /,\s*(initial encounter|subsequent encounter|sequela)\b.*$/i;
const SEVENTH = /^[A-Z][0-9][0-9A-Z]\.[0-9A-Z]{3}[A-Z]$/;
const SEVENTH_A = /^[A-Z][0-9][0-9A-Z]\.[0-9A-Z]{3}A$/;

/** A title without parenthesised modifiers and without its encounter clause. */
function coreTitle(description: string): string {
  return description.replace(/\([^)]*\)/g, ' ').replace(ENCOUNTER_CLAUSE, '');
}

/** Codes without a 7th character, or with the initial-encounter 'A'; the encounter is chosen apart. */
function initialOrNone(dotted: string): boolean {
  return !SEVENTH.test(dotted) || dotted.endsWith('A');
}

/** Words that never need the sentence's support: they only glue a title together. */
const GLUE = new Set(['with', 'and', 'or', 'in', 'to', 'due', 'by', 'for', 'at', 'on', 'as', 'from', 'type']);
/** Words a refinement may add without the sentence saying them: the note's silence is what they mean. */
const FREE = new Set(['unspecifi', 'unsp']);
/** Words a refinement may drop from the current code's description. */
const DROPPABLE = new Set(['unspecifi', 'unspecified', 'unsp', 'with', 'and', 'or', 'in', 'of', 'site', 'part']);

/**
 * Normalised words of a code's title without its nonessential modifiers
 * (parenthesised: "stage 4 (severe)") and without its encounter clause
 * (", initial encounter for closed fracture"), which the 7th character says.
 */
function descriptionWords(lx: CompiledLexicon, ix: ChildIndex, code: number): ReadonlySet<string> {
  let w = ix.descWords.get(code);
  if (w === undefined) {
    const text = coreTitle(lx.descriptions.get(code));
    w = new Set(words(text).map(norm).filter((x): x is string => x !== null));
    if (ix.descWords.size > 50_000) ix.descWords.clear();
    ix.descWords.set(code, w);
  }
  return w;
}

/** The nearest ancestor of `code` (or `code` itself) whose title is `term`, word for word (cached). */
function namedAncestor(lx: CompiledLexicon, ix: ChildIndex, code: number, term: string): number {
  const key = `${code}\u0000${term}`;
  let a = ix.named.get(key);
  if (a === undefined) {
    a = findNamedAncestor(lx, ix, code, term);
    if (ix.named.size >= 50_000) ix.named.clear();
    ix.named.set(key, a);
  }
  return a;
}

function findNamedAncestor(lx: CompiledLexicon, ix: ChildIndex, code: number, term: string): number {
  const tw = new Set(words(term.replace(/\([^)]*\)/g, ' ')).map(norm).filter((x): x is string => x !== null));
  for (let c = code; c >= 0; c = lx.parent[c] as number) {
    const dw = descriptionWords(lx, ix, c);
    if (dw.size === tw.size && [...tw].every((w) => dw.has(w))) return c;
  }
  return code;
}

// "without complications" and "uncomplicated" say the same: nothing more.
const WITHOUT_CLAUSE = /\bwithout\b[^,]*|\buncomplicated\b/i;

/**
 * The code a header stands for when the note says nothing more: its descendant
 * that adds only "unspecified" (rank 1), only a "without ..." clause or
 * "uncomplicated" (rank 2, "Type 2 diabetes mellitus without complications",
 * "Unspecified asthma, uncomplicated"), or "other" (rank 3), in
 * the initial encounter when there is a 7th character. Null when there is none
 * or two tie.
 */
function defaultChild(lx: CompiledLexicon, ix: ChildIndex, header: number): number | null {
  let d = ix.defaults.get(header);
  if (d === undefined) {
    d = findDefaultChild(lx, ix, header);
    ix.defaults.set(header, d);
  }
  return d;
}

function findDefaultChild(lx: CompiledLexicon, ix: ChildIndex, header: number): number | null {
  const hw = descriptionWords(lx, ix, header);
  let best: { code: number; rank: number; size: number } | null = null;
  let tie = false;
  for (const c of poolOf(lx, ix, header).codes) {
    const text = coreTitle(lx.descriptions.get(c));
    const hasWithout = WITHOUT_CLAUSE.test(text);
    const toWords = (t: string): Set<string> => new Set(words(t).map(norm).filter((x): x is string => x !== null));
    const all = toWords(text);
    if (![...hw].every((w) => all.has(w) || DROPPABLE.has(w))) continue;
    const added = [...toWords(text.replace(WITHOUT_CLAUSE, ' '))].filter((w) => !hw.has(w) && !GLUE.has(w));
    let rank: number;
    if (added.every((w) => w === 'unspecifi' || w === 'unsp')) rank = hasWithout ? 2 : 1;
    else if (added.every((w) => w === 'unspecifi' || w === 'other')) rank = 3;
    else continue;
    if (best === null || rank < best.rank || (rank === best.rank && all.size < best.size)) {
      tie = false;
      best = { code: c, rank, size: all.size };
    } else if (rank === best.rank && all.size === best.size) tie = true;
  }
  return best === null || tie ? null : best.code;
}

// ---------------------------------------------------------------- refinement

const UNSPECIFIED = /\bunspecified\b|\bunsp\b/i;
const GENERALIZED = /\bgeneralized\b/i;
const LOCALIZED = 'local';
const GENERALIZED_WORD = 'gener';
/** Characters from the span's middle within which a site word makes a finding localized. */
const LOCAL_SITE_WINDOW = 40;
/** Body-site words (the token-stream path relies on each being a lexicon word; a test checks it). */
export const SITE_WORDS =
  'limb limbs leg legs arm arms foot feet hand hands ankle ankles knee knees thigh thighs calf face facial eyelid eyelids ' +
  'periorbital scrotum scrotal genital penile vulvar inguinal axillary supraclavicular submandibular cervical ' +
  'mediastinal hilar retroperitoneal mesenteric para-aortic iliac celiac pelvic neck extremity extremities';
let siteWordSet: ReadonlySet<string> | undefined;
/** Normalised body-site words (built on first use, with the shared normaliser). */
function siteWords(): ReadonlySet<string> {
  siteWordSet ??= new Set(SITE_WORDS.split(' ').flatMap((w) => words(w).map(norm)).filter((x): x is string => x !== null));
  return siteWordSet;
}

/** The sentence around `[start, end)`: from the previous sentence end to the next. */
export function sentenceOf(text: string, start: number, end: number): { start: number; end: number } {
  let s = start;
  while (s > 0 && !endsSentence(text, s - 1)) s--;
  let e = end;
  while (e < text.length && !endsSentence(text, e)) e++;
  return { start: s, end: e };
}

/**
 * Whether text[i] ends a sentence, by the context engine's rule (clinical
 * abbreviations, list numbers, header lines), so the review and the context
 * engine read the same sentences. Only phrase boundaries of the tokenizer can.
 */
function endsSentence(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return (c === 10 || c === 13 || isBoundaryChar(c)) && isSentenceEnd(text, i);
}

interface SentenceWord {
  word: string;
  at: number;
}

function sentenceWords(text: string, from: number, to: number): SentenceWord[] {
  const out: SentenceWord[] = [];
  const slice = text.slice(from, to);
  for (const m of slice.matchAll(WORD)) {
    const w = norm(m[0].toLowerCase());
    if (w !== null) out.push({ word: w, at: from + (m.index ?? 0) });
  }
  return out;
}

/**
 * The document's words from the engine's own token stream: the tokenizer has
 * normalised them already, and every word a title can add is a lexicon word
 * (titles are compiled terms), so unknown words and rule words can be skipped.
 */
function tokenWords(lx: CompiledLexicon, tokens: TokenStream): SentenceWord[] {
  const ix = childIndex(lx);
  const out: SentenceWord[] = [];
  const n = Math.min(tokens.count, tokens.ids.length);
  for (let i = 0; i < n; i++) {
    const id = tokens.ids[i] as number;
    if (id < 0 || id >= lx.vocab.length) continue;
    let w = ix.vocabWords[id];
    if (w === undefined) w = ix.vocabWords[id] = lx.vocab.get(id);
    out.push({ word: w, at: tokens.starts[i] as number });
  }
  return out;
}

/** Whether a billable code's title leaves something open: "unspecified" or "generalized" (cached per code). */
function openTitle(lx: CompiledLexicon, ix: ChildIndex, code: number): boolean {
  let o = ix.open.get(code);
  if (o === undefined) {
    const d = lx.descriptions.get(code);
    o = UNSPECIFIED.test(d) || GENERALIZED.test(d);
    if (ix.open.size >= 50_000) ix.open.clear();
    ix.open.set(code, o);
  }
  return o;
}

// The spans of a document are reviewed one after another: its words are
// normalised once, and the words of each range asked for (a sentence, a span)
// are kept for the document's other spans.
interface SentenceView {
  words: SentenceWord[];
  set: ReadonlySet<string>;
}
let docCache: { text: string; tokens: TokenStream | undefined; lexicon: CompiledLexicon; words: SentenceWord[]; sentences: Map<string, SentenceView> } | undefined;
function sentenceView(text: string, start: number, end: number, lx: CompiledLexicon, tokens?: TokenStream): SentenceView {
  if (docCache === undefined || docCache.text !== text || docCache.tokens !== tokens || docCache.lexicon !== lx) {
    const words = tokens === undefined ? sentenceWords(text, 0, text.length) : tokenWords(lx, tokens);
    docCache = { text, tokens, lexicon: lx, words, sentences: new Map() };
  }
  const key = `${start}:${end}`;
  let v = docCache.sentences.get(key);
  if (v === undefined) {
    const all = docCache.words;
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if ((all[m] as SentenceWord).at < start) lo = m + 1;
      else hi = m;
    }
    const words: SentenceWord[] = [];
    for (let i = lo; i < all.length && (all[i] as SentenceWord).at < end; i++) words.push(all[i] as SentenceWord);
    v = { words, set: new Set(words.map((w) => w.word)) };
    docCache.sentences.set(key, v);
  }
  return v;
}

export interface Refinement {
  /** Code index of the refined code. */
  code: number;
  /** The words of the sentence that chose it (normalised), for explanations and tests. */
  because: string[];
}

/**
 * The most specific code of `top`'s category that the span's sentence supports,
 * or null when nothing refines `top`. See the module comment for the rule.
 */
export function refineCode(
  text: string,
  start: number,
  end: number,
  top: number,
  lx: CompiledLexicon,
  term?: string,
  tokens?: TokenStream,
): Refinement | null {
  const ix = childIndex(lx);
  // A term that is an ancestor's title names that ancestor, whatever code the
  // build attached it to ("Type 2 diabetes mellitus" is the title of E11).
  const named = term === undefined ? top : namedAncestor(lx, ix, top, term);
  const header = lx.billable[named] !== 1;
  const open = header || openTitle(lx, ix, named);
  // Most spans name a specific code: nothing to read in the sentence.
  if (!open && !SEVENTH_A.test(lx.codes.get(named))) return named === top ? null : { code: named, because: [] };
  const sentence = sentenceOf(text, start, end);
  const view = sentenceView(text, sentence.start, sentence.end, lx, tokens);
  const said = view.words;
  const saidSet = view.set;
  const mid = (start + end) / 2;
  const distance = (w: string): number => {
    let best = Infinity;
    for (const s of said) if (s.word === w) best = Math.min(best, Math.abs(s.at - mid));
    return best;
  };

  let best: { code: number; added: string[]; spread: number } | null = null;
  let tie = false;
  // "Localized" is said by naming a site near the span: "edema of both legs", "inguinal lymphadenopathy".
  const siteDistance = (): number => {
    let best = Infinity;
    for (const s of said) if (siteWords().has(s.word)) best = Math.min(best, Math.abs(s.at - mid));
    return best <= LOCAL_SITE_WINDOW ? best : Infinity;
  };
  const supported = (w: string): boolean => saidSet.has(w) || (w === LOCALIZED && siteDistance() < Infinity);
  const distanceOf = (w: string): number => (w === LOCALIZED && !saidSet.has(w) ? siteDistance() : distance(w));
  if (open) {
    const topWords = descriptionWords(lx, ix, named);
    const pool = poolOf(lx, ix, header ? named : ix.categoryOf(named));
    // A candidate keeps every title word that may not go: start from the rarest of them.
    let candidates = pool.codes;
    for (const w of topWords) {
      if (DROPPABLE.has(w) || w === GENERALIZED_WORD) continue;
      const list = pool.byWord.get(w) ?? [];
      if (list.length < candidates.length) candidates = list;
    }
    const local = siteDistance() < Infinity;
    for (const c of candidates) {
      if (c === named) continue;
      const cw = descriptionWords(lx, ix, c);
      // It must also add a word the sentence has (or "localized", which a site word says).
      let adds = false;
      for (const w of cw) {
        if (!topWords.has(w) && (saidSet.has(w) || (local && w === LOCALIZED))) {
          adds = true;
          break;
        }
      }
      if (!adds) continue;
      let ok = true;
      for (const w of topWords) {
        // Localized replaces generalized; nothing else may go.
        if (!cw.has(w) && !DROPPABLE.has(w) && !(w === GENERALIZED_WORD && cw.has(LOCALIZED))) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      const added = [...cw].filter((w) => !topWords.has(w) && !GLUE.has(w) && !FREE.has(w));
      if (added.length === 0 || !added.every(supported)) continue;
      if (!digitsAdjacent(added, lx.descriptions.get(c), said)) continue;
      const spread = Math.max(...added.map(distanceOf));
      if (best === null || added.length > best.added.length || (added.length === best.added.length && spread < best.spread)) {
        tie = best !== null && added.length === best.added.length && spread === best.spread;
        best = { code: c, added, spread };
      } else if (added.length === best.added.length && spread === best.spread) tie = true;
    }
  }
  let code = best !== null && !tie ? best.code : header ? (defaultChild(lx, ix, named) ?? top) : named;
  const because = best !== null && !tie ? best.added : [];
  const encounter = SEVENTH_A.test(lx.codes.get(code)) ? encounterOf(lx, code, text.slice(sentence.start, sentence.end)) : null;
  if (encounter !== null) {
    code = encounter.code;
    because.push(encounter.word);
  }
  return code === top ? null : { code, because };
}

/** A digit the refinement adds ("stage 4") must follow the same word in the sentence as in the title. */
function digitsAdjacent(added: readonly string[], description: string, said: readonly SentenceWord[]): boolean {
  const digits = added.filter((w) => /^[0-9]+$/.test(w));
  if (digits.length === 0) return true;
  const dw = words(description.replace(/\([^)]*\)/g, ' '))
    .map(norm)
    .filter((x): x is string => x !== null);
  for (const d of digits) {
    const i = dw.indexOf(d);
    const before = i > 0 ? dw[i - 1] : undefined;
    if (before === undefined) return false;
    if (!said.some((s, k) => s.word === d && k > 0 && said[k - 1]?.word === before)) return false;
  }
  return true;
}

// "Subsequently" is narrative glue; only an encounter said to be subsequent counts.
const SUBSEQUENT = /\bsubsequent (encounter|visit|care|treatment)\b/i;
const SEQUELA = /\bsequelae?\b|\blate effects?\b/i;

/** A 7th-character 'A' code moved to 'D' (subsequent) or 'S' (sequela) when the sentence says so. */
function encounterOf(lx: CompiledLexicon, code: number, sentence: string): { code: number; word: string } | null {
  const dotted = lx.codes.get(code);
  if (!/^[A-Z][0-9][0-9A-Z]\.[0-9A-Z]{3}A$/.test(dotted)) return null;
  const want = SEQUELA.test(sentence) ? 'S' : SUBSEQUENT.test(sentence) ? 'D' : null;
  if (want === null) return null;
  const other = lx.codeIndex(dotted.slice(0, -1) + want);
  return other < 0 ? null : { code: other, word: want === 'S' ? 'sequela' : 'subsequent' };
}

// ---------------------------------------------------------------- the review

/**
 * The reviewed span: candidates the surface contradicts removed, the top code
 * refined by its sentence, the confidence recomputed. Null when no candidate
 * survives. `span` is not modified. `tokens`, the engine's token stream of
 * `text`, saves normalising the text a second time; without it the words are
 * read from `text` with the same normaliser.
 */
export function refineSpan(text: string, span: Span, lx: CompiledLexicon, tokens?: TokenStream): Span | null {
  const kept: Array<{ concept: Concept; agreement: Agreement }> = [];
  for (const concept of span.concepts) {
    const agreement = surfaceAgreement(span.text, concept.term);
    if (agreement !== 'contradicts') kept.push({ concept, agreement });
  }
  const first = kept[0];
  if (first === undefined) return null;
  let top = first.concept;
  const topIndex = lx.codeIndex(top.code);
  const refined = topIndex < 0 ? null : refineCode(text, span.start, span.end, topIndex, lx, top.term, tokens);
  if (refined !== null) {
    top = {
      ...top,
      code: lx.codes.get(refined.code),
      description: lx.descriptions.get(refined.code),
      billable: lx.billable[refined.code] === 1,
    };
  }
  const rest = kept.slice(1).map((k) => k.concept).filter((c) => c.code !== top.code);
  const words = sentenceView(text, span.start, span.end, lx, tokens).words.length;
  return {
    ...span,
    score: spanConfidence({
      topScore: top.score,
      secondScore: rest[0]?.score ?? 0,
      tokens: Math.max(1, words),
      billable: top.billable,
      agreement: first.agreement,
      code: top.code,
      source: top.source,
    }),
    term: top.term,
    source: top.source,
    concepts: [{ ...top, score: round3(top.score) }, ...rest],
  };
}
