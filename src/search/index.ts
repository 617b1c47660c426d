/**
 * Code search over the artifact's search sections (sections.ts): what a coder
 * types ("diab typ 2 kid", "chf", "anxeity", "e112") -> ranked codes.
 *
 * A query word matches a term's word when, after the detection normaliser,
 * they are the same word; when the typed letters begin it (every word is a
 * prefix, for typing); when they are one edit apart (a letter inserted,
 * dropped, changed or two swapped; words of five or more letters); or through
 * the project's synonym list. Every word must match (AND), except connectives
 * ("with", "in"). A word shaped like a code matches the codes it begins. An
 * abbreviation is also read as its sense, as an alternative query.
 *
 * A term's score is how well its matched words were typed (exact 1, synonym
 * 0.9, one edit 0.75, a prefix by how much of the word it gives), times how
 * much of the term the query covers, times its source's weight. A code takes
 * its best term. A header is left out when a more specific code under it
 * matched too (unless the query named the header's code); ties go to billable
 * codes, then shorter codes, then code order.
 *
 * Everything is typed arrays over the artifact buffer, except the posting
 * lists (which document has which word), which are derived from the document
 * words on the first search (tens of milliseconds) rather than stored.
 */
import type { CompiledLexicon } from '../artifact/model.js';
import { S } from '../artifact/model.js';
import { mapArtifact } from '../artifact/read.js';
import { StringTable, WordTable } from '../artifact/strings.js';
import { IcdError } from '../errors.js';
import { scanRaw } from '../text/tokenize.js';
import { normalizeWord, shapeOf } from '../text/word.js';
import { TERM_SOURCES, type TermSource } from '../types.js';
import { readQuery, validateSearchOptions, type QueryWord } from './query.js';
import { SEARCH, type ExpansionFile } from './sections.js';
import { foldSurface, oneEditAway, prefixRange, reverse } from './surface.js';
import type { SearchMatch, SearchOptions, SearchResult } from './types.js';

/** Match qualities, as bytes (250 = 1.0). */
const EXACT = 250;
const SYNONYM = 225;
const ONE_EDIT = 188;
/** A prefix scores PREFIX_BASE + PREFIX_SPAN * typed / word length. */
const PREFIX_BASE = 0.55;
const PREFIX_SPAN = 0.4;
/** A term's coverage factor is COVER_BASE + (1 - COVER_BASE) * matched words / its words. */
const COVER_BASE = 0.4;
/** Shortest word read with one edit. */
const FUZZY_MIN = 5;
/**
 * Documents verified per query at most. Documents are stored best-placed
 * first (short terms, literal sources, billable codes), so a query matching a
 * large part of the release ("d", "disorder") reads its likeliest results and
 * stops; a specific query reads all of its candidates.
 */
const BUDGET = 8_000;
/** Words of shown terms whose normalised id is kept (the cache is emptied when full). */
const NORM_CACHE = 20_000;
/** Up to this many posting lists, a budgeted read bisects for its cut-off instead of scanning every document. */
const FEW_LISTS = 64;
/** Alternative queries (abbreviations read as their senses) at most. */
const MAX_ALTERNATIVES = 6;
const EPOCH_LIMIT = 0xffffffff;
/**
 * When no term has every word, terms missing one of them are read, at this
 * factor: "community acquired pneumonia" still finds pneumonia.
 */
const ONE_MISSING = 0.8;

const SOURCE_WEIGHT: Record<TermSource, number> = {
  description: 1,
  index: 0.98,
  inclusion: 0.97,
  'short-description': 0.96,
  abbreviation: 0.96,
  'index-see': 0.93,
  neoplasm: 0.93,
  drug: 0.93,
  'external-cause': 0.93,
};

const WEIGHT_BY_SOURCE = Float64Array.from(TERM_SOURCES, (s) => SOURCE_WEIGHT[s]);

/** A group of the query: one typed word and what it matches. */
interface Group {
  word: QueryWord;
  optional: boolean;
  /** Code-rank range [lo, hi) of the codes a code-shaped word begins; null for a text word. */
  codes: { lo: number; hi: number; exact: number } | null;
  /** Match quality per normalised word (0: no match), for a text word. */
  marks: Uint8Array | null;
  touched: number[];
  /** Documents in the posting lists of its marked words. */
  postings: number;
}

/** Derived on the first search. */
interface Derived {
  surface: string[];
  /** Surface words spelled backwards, in surfaceReversed order. */
  reversed: string[];
  norm: string[];
  normId: Map<string, number>;
  /** Documents having normalised word w: postings[postStart[w] .. postStart[w + 1]), ascending. */
  postStart: Uint32Array;
  postings: Int32Array;
  /** Position of each code in dotless code order, and the inverse. */
  codeRank: Int32Array;
  /** Documents of the codes of rank r: rankDocs[rankStart[r] .. rankStart[r + 1]). */
  rankStart: Uint32Array;
  rankDocs: Int32Array;
  synonyms: Map<string, number[]>;
  phrases: Map<string, string[]>;
  /** The same, by the normalised word ("cancers", "tumors"). */
  phrasesByNorm: Map<string, string[]>;
}

export class SearchIndex {
  private readonly lexicon: CompiledLexicon;
  private readonly docCode: Int32Array;
  private readonly docText: Int32Array;
  private readonly docSource: Uint8Array;
  private readonly docStart: Uint32Array;
  private readonly docWords: Uint16Array;
  private readonly surfaceNorm: Int32Array;
  private readonly surfaceReversed: Uint32Array;
  private readonly codeSorted: Uint32Array;
  private readonly tables: { norm: StringTable; surface: StringTable; expansions: Uint8Array };
  /** Short descriptions the display-term table lacks. */
  private readonly texts: WordTable;
  private derived: Derived | undefined;
  // Per-search scratch, reused (a search runs to completion, never interleaved).
  private readonly markPool: Uint8Array[] = [];
  private docStamp: Uint32Array;
  private codeStamp: Uint32Array;
  private parentStamp: Uint32Array;
  private codeBest: Float32Array;
  private codeDoc: Int32Array;
  private codeAlt: Int32Array;
  private epoch = 0;
  private docEpoch = 0;
  private readonly normCache = new Map<string, number>();

  constructor(lexicon: CompiledLexicon) {
    this.lexicon = lexicon;
    const a = mapArtifact(lexicon.buffer);
    if (!a.header.sections.some((s) => s.name === SEARCH.docCode)) {
      throw new IcdError('E_ARTIFACT_INVALID', 'this compiled lexicon has no search index (an older builder made it); rebuild it with `icd10cm build-data`');
    }
    this.docCode = a.section(SEARCH.docCode);
    this.docText = a.section(SEARCH.docText);
    this.docSource = a.section(SEARCH.docSource);
    this.docStart = a.section(SEARCH.docStart);
    const bytes = a.section<Uint8Array>(SEARCH.docWords);
    this.docWords = new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 1);
    this.surfaceNorm = a.section(SEARCH.surfaceNorm);
    this.surfaceReversed = a.section(SEARCH.surfaceReversed);
    this.codeSorted = a.section(S.codeSorted);
    this.tables = {
      norm: new StringTable(a.section(SEARCH.normBytes), a.section(SEARCH.normOffsets)),
      surface: new StringTable(a.section(SEARCH.surfaceBytes), a.section(SEARCH.surfaceOffsets)),
      expansions: a.section(SEARCH.expansions),
    };
    this.texts = new WordTable(
      new StringTable(a.section(SEARCH.textPieceBytes), a.section(SEARCH.textPieceOffsets)),
      a.section(SEARCH.textSeq),
      a.section(SEARCH.textBlocks),
    );
    const codes = lexicon.codes.length;
    this.docStamp = new Uint32Array(this.docCode.length);
    this.codeStamp = new Uint32Array(codes);
    this.parentStamp = new Uint32Array(codes);
    this.codeBest = new Float32Array(codes);
    this.codeDoc = new Int32Array(codes);
    this.codeAlt = new Int32Array(codes);
  }

  private resetStamps(): void {
    this.codeStamp.fill(0);
    this.parentStamp.fill(0);
    this.epoch = 1;
  }

  /** Documents in the index (one per code and set of words). */
  get documents(): number {
    return this.docCode.length;
  }

  search(query: string, options: SearchOptions = {}): SearchResult[] {
    const opts = validateSearchOptions(options);
    const words = readQuery(query);
    if (words.length === 0) return [];
    const d = (this.derived ??= this.derive());
    if (++this.epoch >= EPOCH_LIMIT) this.resetStamps();
    const groups: Group[] = [];
    const alternatives: number[][] = [];
    const base = words.map((w) => this.group(d, groups, w, w.optional));
    alternatives.push(base);
    // An abbreviation is also read as each of its senses.
    words.forEach((w, i) => {
      for (const phrase of d.phrases.get(w.folded) ?? (w.norm === null ? undefined : d.phrasesByNorm.get(w.norm)) ?? []) {
        if (alternatives.length >= MAX_ALTERNATIVES) return;
        const senseGroups = readQuery(phrase).map((x) => this.group(d, groups, { ...x, code: null }, x.optional));
        alternatives.push([...base.slice(0, i), ...senseGroups, ...base.slice(i + 1)]);
      }
    });
    const touched: number[] = [];
    const exact = new Set<number>();
    alternatives.forEach((alt, a) => this.run(d, groups, alt, a, touched, exact, 1));
    if (touched.length === 0) {
      alternatives.forEach((alt, a) => {
        for (const g of alt) {
          const group = groups[g] as Group;
          if (group.optional || group.marks === null || alt.filter((x) => !(groups[x] as Group).optional).length < 2) continue;
          group.optional = true;
          this.run(d, groups, alt, a, touched, exact, ONE_MISSING);
          group.optional = false;
        }
      });
    }
    const results = this.rank(touched, exact, opts.limit, opts.billableOnly).map((c) => this.result(d, groups, alternatives, c));
    for (const g of groups) {
      if (g.marks === null) continue;
      for (const w of g.touched) g.marks[w] = 0;
    }
    return results;
  }

  private group(d: Derived, groups: Group[], word: QueryWord, optional: boolean): number {
    const g: Group = { word, optional, codes: null, marks: null, touched: [], postings: 0 };
    if (word.code !== null) g.codes = this.codeRange(word.code);
    if (g.codes === null) {
      const marks = (this.markPool[groups.length] ??= new Uint8Array(d.norm.length));
      g.marks = marks;
      const mark = (w: number, q: number) => {
        if (w < 0) return;
        const cur = marks[w] as number;
        if (cur === 0) {
          g.touched.push(w);
          g.postings += (d.postStart[w + 1] as number) - (d.postStart[w] as number);
        }
        if (q > cur) marks[w] = q;
      };
      const q = word.folded;
      const [lo, hi] = prefixRange(d.surface, q);
      for (let s = lo; s < hi; s++) {
        mark(this.surfaceNorm[s] as number, Math.round(250 * (PREFIX_BASE + (PREFIX_SPAN * q.length) / (d.surface[s] as string).length)));
      }
      // A word the release writes is not read as a typo of another (its stem may be another word's: "migrane", "migrans").
      const known = lo < hi && d.surface[lo] === q;
      if (word.norm !== null) {
        const n = d.normId.get(word.norm);
        if (n !== undefined) mark(n, EXACT);
        for (const o of d.synonyms.get(word.norm) ?? []) mark(o, SYNONYM);
      }
      if (!known && q.length >= FUZZY_MIN) for (const s of oneEditAway(d.surface, d.reversed, this.surfaceReversed, q)) mark(this.surfaceNorm[s] as number, ONE_EDIT);
    }
    groups.push(g);
    return groups.length - 1;
  }

  /** Code-rank range of the codes that begin with a dotless prefix; null when none does. */
  private codeRange(prefix: string): Group['codes'] {
    const codes = this.lexicon.codes;
    const key = (rank: number) => codes.get(this.codeSorted[rank] as number).replace('.', '');
    const n = this.codeSorted.length;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const m = (lo + hi) >>> 1;
      if (key(m) < prefix) lo = m + 1;
      else hi = m;
    }
    let end = lo;
    while (end < n && key(end).startsWith(prefix)) end++;
    if (end === lo) return null;
    return { lo, hi: end, exact: key(lo) === prefix ? lo : -1 };
  }

  /** Scores one alternative's documents into the per-code bests. */
  private run(d: Derived, groups: Group[], alt: number[], altIndex: number, touched: number[], exact: Set<number>, factor: number): void {
    const text = alt.filter((g) => (groups[g] as Group).marks !== null);
    const required = text.filter((g) => !(groups[g] as Group).optional);
    const codeGroups = alt.map((g) => groups[g] as Group).filter((g) => g.codes !== null);
    if (required.length === 0) {
      // Codes only: list the codes they begin, the named one first.
      for (const g of codeGroups) {
        const c = g.codes as NonNullable<Group['codes']>;
        for (let r = c.lo; r < c.hi; r++) {
          const code = this.codeSorted[r] as number;
          const extra = this.lexicon.codes.get(code).length - 1 - (g.word.code as string).length;
          const score = r === c.exact ? 1 : Math.max(0.5, 0.9 - 0.01 * extra);
          if (r === c.exact) exact.add(code);
          this.offer(code, score, -1 - alt.indexOf(groups.indexOf(g)), altIndex, touched);
        }
      }
      return;
    }
    // Candidates: the cheapest required word's documents, or a code range's.
    let best = groups[required[0] as number] as Group;
    for (const g of required) if ((groups[g] as Group).postings < best.postings) best = groups[g] as Group;
    let codeSource: NonNullable<Group['codes']> | null = null;
    for (const g of codeGroups) {
      const c = g.codes as NonNullable<Group['codes']>;
      const size = (d.rankStart[c.hi] as number) - (d.rankStart[c.lo] as number);
      if (size < best.postings) codeSource = c;
    }
    const marks = text.map((g) => (groups[g] as Group).marks as Uint8Array);
    const req = text.map((g) => !(groups[g] as Group).optional);
    const ranges = codeGroups.map((g) => g.codes as NonNullable<Group['codes']>);
    const bestQ = new Uint8Array(text.length);
    const stamp = this.docStamp;
    if (++this.docEpoch >= 0xffffffff) {
      stamp.fill(0);
      this.docEpoch = 1;
    }
    const epoch = this.docEpoch;
    const { docWords, docStart, docCode, docSource } = this;
    const codeRank = d.codeRank;
    const groupCount = marks.length;
    const verify = (doc: number) => {
      const code = docCode[doc] as number;
      for (let r = 0; r < ranges.length; r++) {
        const range = ranges[r] as NonNullable<Group['codes']>;
        const rank = codeRank[code] as number;
        if (rank < range.lo || rank >= range.hi) return;
      }
      for (let g = 0; g < groupCount; g++) bestQ[g] = 0;
      const start = docStart[doc] as number;
      const end = docStart[doc + 1] as number;
      let matched = 0;
      for (let i = start; i < end; i++) {
        const w = docWords[i] as number;
        let any = false;
        for (let g = 0; g < groupCount; g++) {
          const q = (marks[g] as Uint8Array)[w] as number;
          if (q > 0) {
            any = true;
            if (q > (bestQ[g] as number)) bestQ[g] = q;
          }
        }
        if (any) matched++;
      }
      let sum = 0;
      let n = 0;
      for (let g = 0; g < groupCount; g++) {
        if (!req[g]) continue;
        if (bestQ[g] === 0) return;
        sum += bestQ[g] as number;
        n++;
      }
      const score = (sum / (250 * n)) * (COVER_BASE + ((1 - COVER_BASE) * matched) / (end - start)) * (WEIGHT_BY_SOURCE[docSource[doc] as number] as number) * factor;
      this.offer(code, score, doc, altIndex, touched);
    };
    // Gather the candidate lists.
    const lists: Array<[Int32Array, number, number]> = [];
    let total = 0;
    if (codeSource !== null) {
      lists.push([d.rankDocs, d.rankStart[codeSource.lo] as number, d.rankStart[codeSource.hi] as number]);
      total = (d.rankStart[codeSource.hi] as number) - (d.rankStart[codeSource.lo] as number);
    } else {
      for (const w of best.touched) {
        lists.push([d.postings, d.postStart[w] as number, d.postStart[w + 1] as number]);
        total += (d.postStart[w + 1] as number) - (d.postStart[w] as number);
      }
    }
    if (total <= BUDGET) {
      for (const [list, from, to] of lists) {
        for (let i = from; i < to; i++) {
          const doc = list[i] as number;
          if (stamp[doc] === epoch) continue;
          stamp[doc] = epoch;
          verify(doc);
        }
      }
      return;
    }
    // Too many: read them best-placed first, up to the budget. With few lists, each list's
    // documents before a cut-off found by bisection; with many (a one-letter prefix), a scan.
    if (lists.length <= FEW_LISTS) {
      const counted = (cut: number) => {
        let n = 0;
        for (const [list, from, to] of lists) n += lowerBound(list, from, to, cut) - from;
        return n;
      };
      let lo = 0;
      let hi = stamp.length;
      while (lo < hi) {
        const m = (lo + hi + 1) >>> 1;
        if (counted(m) <= BUDGET) lo = m;
        else hi = m - 1;
      }
      for (const [list, from, to] of lists) {
        const end = lowerBound(list, from, to, lo);
        for (let i = from; i < end; i++) {
          const doc = list[i] as number;
          if (stamp[doc] === epoch) continue;
          stamp[doc] = epoch;
          verify(doc);
        }
      }
      return;
    }
    for (const [list, from, to] of lists) for (let i = from; i < to; i++) stamp[list[i] as number] = epoch;
    let verified = 0;
    for (let doc = 0; doc < stamp.length && verified < BUDGET; doc++) {
      if (stamp[doc] !== epoch) continue;
      verified++;
      verify(doc);
    }
  }

  private offer(code: number, score: number, doc: number, alt: number, touched: number[]): void {
    if (this.codeStamp[code] !== this.epoch) {
      this.codeStamp[code] = this.epoch;
      this.codeBest[code] = score;
      this.codeDoc[code] = doc;
      this.codeAlt[code] = alt;
      touched.push(code);
    } else if (score > (this.codeBest[code] as number)) {
      this.codeBest[code] = score;
      this.codeDoc[code] = doc;
      this.codeAlt[code] = alt;
    }
  }

  /** The best `limit` codes, headers with a matched code under them left out. */
  private rank(touched: number[], exact: Set<number>, limit: number, billableOnly: boolean): number[] {
    const { parent, billable } = this.lexicon;
    for (const c of touched) {
      for (let p = parent[c] as number; p >= 0; p = parent[p] as number) {
        if (this.codeStamp[p] === this.epoch) this.parentStamp[p] = this.epoch;
      }
    }
    const keep = touched.filter((c) => (billable[c] === 1 || !billableOnly) && (this.parentStamp[c] !== this.epoch || exact.has(c)));
    const offsets = this.lexicon.codes.offsets;
    const length = (c: number) => (offsets[c + 1] as number) - (offsets[c] as number);
    const before = (a: number, b: number): boolean => {
      const x = this.codeBest[a] as number;
      const y = this.codeBest[b] as number;
      if (x !== y) return x > y;
      if (billable[a] !== billable[b]) return billable[a] === 1;
      const la = length(a);
      const lb = length(b);
      if (la !== lb) return la < lb;
      return a < b;
    };
    // Keep the best `limit` in a small sorted buffer: most queries touch far more codes than they show.
    const top: number[] = [];
    for (const c of keep) {
      if (top.length === limit && !before(c, top[top.length - 1] as number)) continue;
      let i = top.length;
      while (i > 0 && before(c, top[i - 1] as number)) i--;
      top.splice(i, 0, c);
      if (top.length > limit) top.pop();
    }
    return top;
  }

  private result(d: Derived, groups: Group[], alternatives: number[][], code: number): SearchResult {
    const lx = this.lexicon;
    const doc = this.codeDoc[code] as number;
    const alt = alternatives[this.codeAlt[code] as number] as number[];
    let matched: SearchMatch;
    if (doc < 0) {
      const g = groups[alt[-1 - doc] as number] as Group;
      matched = { term: lx.codes.get(code), source: 'code', words: [g.word.written] };
    } else {
      const t = this.docText[doc] as number;
      const n = lx.codes.length;
      const term = t >= 0 ? lx.terms.get(t) : t >= -n ? lx.descriptions.get(-1 - t) : this.texts.get(-1 - n - t);
      const marks = alt.map((g) => (groups[g] as Group).marks).filter((m): m is Uint8Array => m !== null);
      const words: string[] = [];
      scanRaw(
        term,
        (s, e) => {
          const written = term.slice(s, e);
          const id = this.normIdOf(d, written);
          if (id >= 0 && marks.some((m) => (m[id] as number) > 0)) words.push(written);
        },
        () => {},
      );
      matched = { term, source: TERM_SOURCES[this.docSource[doc] as number] as TermSource, words };
    }
    return {
      code: lx.codes.get(code),
      description: lx.descriptions.get(code),
      billable: lx.billable[code] === 1,
      score: Math.round((this.codeBest[code] as number) * 1000) / 1000,
      matched,
    };
  }

  /** The normalised-word id of a word as written (-1: none), cached: the stemmer is the costly part of showing a result. */
  private normIdOf(d: Derived, written: string): number {
    let id = this.normCache.get(written);
    if (id === undefined) {
      const norm = normalizeWord(written.toLowerCase(), shapeOf(written));
      id = norm === null ? -1 : (d.normId.get(norm) ?? -1);
      if (this.normCache.size >= NORM_CACHE) this.normCache.clear();
      this.normCache.set(written, id);
    }
    return id;
  }

  private derive(): Derived {
    const { norm: normTable, surface: surfaceTable, expansions } = this.tables;
    const norm = Array.from({ length: normTable.length }, (_, i) => normTable.get(i));
    const surface = Array.from({ length: surfaceTable.length }, (_, i) => surfaceTable.get(i));
    const normId = new Map(norm.map((w, i) => [w, i]));
    const reversed = Array.from(this.surfaceReversed, (s) => reverse(surface[s] as string));
    // Posting lists by a counting sort over the document words; documents come in order, so each list is ascending.
    const postStart = new Uint32Array(norm.length + 1);
    const words = this.docWords;
    for (let i = 0; i < words.length; i++) {
      const w = (words[i] as number) + 1;
      postStart[w] = (postStart[w] as number) + 1;
    }
    for (let w = 0; w < norm.length; w++) postStart[w + 1] = (postStart[w + 1] as number) + (postStart[w] as number);
    const fill = postStart.slice(0, norm.length);
    const postings = new Int32Array(words.length);
    for (let doc = 0; doc < this.docCode.length; doc++) {
      const end = this.docStart[doc + 1] as number;
      for (let i = this.docStart[doc] as number; i < end; i++) {
        const w = words[i] as number;
        postings[fill[w] as number] = doc;
        fill[w] = (fill[w] as number) + 1;
      }
    }
    const codes = this.lexicon.codes.length;
    const codeRank = new Int32Array(codes);
    this.codeSorted.forEach((c, r) => (codeRank[c] = r));
    const rankStart = new Uint32Array(codes + 1);
    for (let doc = 0; doc < this.docCode.length; doc++) {
      const r = (codeRank[this.docCode[doc] as number] as number) + 1;
      rankStart[r] = (rankStart[r] as number) + 1;
    }
    for (let r = 0; r < codes; r++) rankStart[r + 1] = (rankStart[r + 1] as number) + (rankStart[r] as number);
    const at = rankStart.slice(0, codes);
    const rankDocs = new Int32Array(this.docCode.length);
    for (let doc = 0; doc < this.docCode.length; doc++) {
      const r = codeRank[this.docCode[doc] as number] as number;
      rankDocs[at[r] as number] = doc;
      at[r] = (at[r] as number) + 1;
    }
    const file = JSON.parse(new TextDecoder().decode(expansions.slice())) as ExpansionFile;
    const normOf = (w: string) => normalizeWord(w.toLowerCase(), shapeOf(w));
    const synonyms = new Map<string, number[]>();
    for (const [from, to] of Object.entries(file.synonyms)) {
      const key = normOf(from);
      if (key === null) continue;
      const ids = to.map((w) => normId.get(normOf(w) ?? '')).filter((x): x is number => x !== undefined);
      synonyms.set(key, [...(synonyms.get(key) ?? []), ...ids]);
    }
    const phrases = new Map(Object.entries(file.phrases).map(([k, v]) => [foldSurface(k), v]));
    const phrasesByNorm = new Map<string, string[]>();
    for (const [k, v] of phrases) {
      const key = normOf(k);
      if (key !== null && !phrasesByNorm.has(key)) phrasesByNorm.set(key, v);
    }
    return { surface, reversed, norm, normId, postStart, postings, codeRank, rankStart, rankDocs, synonyms, phrases, phrasesByNorm };
  }
}

/** First index in list[from, to) whose value is >= x (lists are ascending). */
function lowerBound(list: Int32Array, from: number, to: number, x: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if ((list[m] as number) < x) lo = m + 1;
    else hi = m;
  }
  return lo;
}
